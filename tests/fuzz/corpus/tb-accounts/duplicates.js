user_pref("mail.accountmanager.accounts", ",account1,,account1 ,");
user_pref("mail.account.account1.server", "server1");
user_pref("mail.server.server1.type", "pop3");
user_pref("mail.server.server1.hostname", "");
user_pref("mail.smtp.defaultserver", "smtp1");
user_pref("mail.smtpserver.smtp1.hostname", "x");
user_pref("mail.smtpserver.smtp1.port", 70000);
