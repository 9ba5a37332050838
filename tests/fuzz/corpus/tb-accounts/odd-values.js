user_pref("mail.accountmanager.accounts", "account1");
user_pref("mail.account.account1.server", "server1");
user_pref("mail.server.server1.type", "imap");
user_pref("mail.server.server1.hostname", "mail.3xo.fr");
user_pref("mail.server.server1.port", -5);
user_pref("mail.server.server1.socketType", 99);
user_pref("mail.account.account1.identities", "id1,id2");
user_pref("mail.identity.id1.smtpServer", "smtp9");
