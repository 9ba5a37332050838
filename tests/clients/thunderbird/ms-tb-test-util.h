/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "ms-thunderbird-private.h"

G_BEGIN_DECLS

#define MS_TB_TEST_PASSWORD "correct horse \"battery\" \\ é"

/* alice@example.test on imap/smtp @host, IMAPS 993 and SMTPS 465. */
MsAccount      *ms_tb_test_account     (const char *address, const char *host);
/* A private $HOME (removed by ms_tb_test_home_free). */
char           *ms_tb_test_home_new    (void);
void            ms_tb_test_home_free   (char *home);
/* Removes the private $HOME itself, at the end of main(). */
void            ms_tb_test_home_cleanup (void);
/* Runs the client's write_async to completion on a private main context. */
MsClientReport *ms_tb_test_write       (MsAccount *account, MsPinStore *pins, const MsClientOptions *options,
                                        GError **error);
char           *ms_tb_test_read        (const char *dir, const char *name);
/* Sorted names of the files in @dir, one per line. */
char           *ms_tb_test_listing     (const char *dir);

/* A private $HOME, optionally with one profile holding @data as prefs.js. */
typedef struct {
  char *home;
  char *profile;
} MsTbFixture;

void            ms_tb_test_setup       (MsTbFixture *f, gconstpointer prefs_js);
void            ms_tb_test_teardown    (MsTbFixture *f, gconstpointer data);
void            ms_tb_test_make_profile (MsTbFixture *f, const char *prefs_js);
/* Fails the test if the password appears in clear in a file under @path. */
void            ms_tb_test_assert_no_clear_password (const char *path);
/* logins.json decrypted with the profile's key4.db: origin → "user\npassword". */
GHashTable     *ms_tb_test_read_logins (const char *profile);

#define MS_TB_TEST_EXISTING "# Mozilla User Preferences\n\nuser_pref(\"mail.ui-rdf.version\", 61);\n" \
                            "user_pref(\"x.unicode\", \"Ünïcødé \\u00e9 \\\"q\\\"\");\n"

G_END_DECLS
