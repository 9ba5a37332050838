user_pref("mail.accountmanager.accounts", "a");
user_pref(