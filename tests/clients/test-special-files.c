/* SPDX-License-Identifier: GPL-3.0-or-later */
/* What the writers read from the mail programs' folders is checked to be a
 * regular file of a sane size before it is read: a FIFO must not block the
 * program, /dev/zero must not fill its memory. */
#include "config.h"

#include <glib/gstdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "core/ms-account.h"
#include "ms-evolution-private.h"
#include "ms-thunderbird-private.h"

static char *tmp_dir;

/* @name in @dir as a FIFO, a link to /dev/zero, or a file one byte too
 * large for the bound. */
typedef enum { SPECIAL_FIFO, SPECIAL_ZERO, SPECIAL_HUGE } Special;

static void
make_special (const char *dir, const char *name, Special kind)
{
  g_autofree char *path = g_build_filename (dir, name, NULL);

  g_assert_cmpint (g_mkdir_with_parents (dir, 0700), ==, 0);
  g_unlink (path);
  switch (kind)
    {
    case SPECIAL_FIFO:
      g_assert_cmpint (mkfifo (path, 0600), ==, 0);
      break;
    case SPECIAL_ZERO:
      g_assert_cmpint (symlink ("/dev/zero", path), ==, 0);
      break;
    case SPECIAL_HUGE:
      {
        FILE *f = fopen (path, "w");
        g_assert_nonnull (f);
        /* Sparse: no disk space, just the size. */
        g_assert_cmpint (ftruncate (fileno (f), 64 * 1024 * 1024), ==, 0);
        fclose (f);
      }
      break;
    }
}

static void
test_profiles_ini (gconstpointer data)
{
  Special kind = GPOINTER_TO_INT (data);
  g_autofree char *root = g_build_filename (tmp_dir, "tb", NULL);
  g_autoptr(GPtrArray) profiles = NULL;
  g_autoptr(GError) error = NULL;

  make_special (root, "profiles.ini", kind);
  profiles = ms_tb_list_profiles_in (root, &error);
  g_assert_null (profiles);
  g_assert_error (error, MS_CLIENT_ERROR, MS_CLIENT_ERROR_CORRUPT);
  g_assert_nonnull (strstr (error->message, "profiles.ini"));
  g_assert_nonnull (strstr (error->message, kind == SPECIAL_HUGE ? "larger than" : "not a regular file"));
}

/* The scan of Evolution's sources skips what it cannot read, as the
 * registry does, and goes on to the good ones. */
static void
test_evolution_sources (gconstpointer data)
{
  Special kind = GPOINTER_TO_INT (data);
  g_autofree char *sources = g_build_filename (tmp_dir, "evolution", "sources", NULL);
  g_autofree char *identity = g_build_filename (sources, "theirs.source", NULL);
  g_autofree char *account = g_build_filename (sources, "theirs-account.source", NULL);
  g_autoptr(MsAccount) acct = ms_account_new (NULL);
  g_autoptr(MsEvoAccount) evo = NULL;
  g_autoptr(MsEvoUids) uids = NULL;

  g_object_set (acct, "address", "alice@example.test", NULL);
  evo = ms_evo_account_new_from (acct);
  make_special (sources, "a-special.source", kind);
  make_special (sources, "z-special.source", kind);
  g_assert_true (g_file_set_contents (identity,
                                      "[Data Source]\nDisplayName=alice@example.test\nParent=theirs-account\n\n"
                                      "[Mail Identity]\nAddress=alice@example.test\n\n"
                                      "[Mail Submission]\nTransportUid=z-special\n", -1, NULL));
  g_assert_true (g_file_set_contents (account,
                                      "[Data Source]\nDisplayName=alice@example.test\nParent=\n\n"
                                      "[Mail Account]\nBackendName=imapx\nIdentityUid=theirs\n", -1, NULL));
  uids = ms_evo_find_uids (sources, evo);
  g_assert_cmpstr (uids->identity, ==, "theirs");
  g_assert_cmpstr (uids->account, ==, "theirs-account");
  /* Its transport is the special file: not taken, one of ours instead. */
  g_assert_cmpstr (uids->transport, !=, "z-special");
}

static void
remove_tree (const char *path)
{
  g_autoptr(GDir) dir = g_dir_open (path, 0, NULL);
  const char *name;

  while (dir && (name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *child = g_build_filename (path, name, NULL);

      if (g_file_test (child, G_FILE_TEST_IS_DIR) && !g_file_test (child, G_FILE_TEST_IS_SYMLINK))
        remove_tree (child);
      else
        g_unlink (child);
    }
  g_rmdir (path);
}

int
main (int argc, char **argv)
{
  const struct { const char *name; Special kind; } kinds[] = {
    { "fifo", SPECIAL_FIFO }, { "dev-zero", SPECIAL_ZERO }, { "huge", SPECIAL_HUGE },
  };
  int status;

  g_test_init (&argc, &argv, NULL);
  tmp_dir = g_dir_make_tmp ("ms-special-XXXXXX", NULL);
  for (guint i = 0; i < G_N_ELEMENTS (kinds); i++)
    {
      g_autofree char *tb = g_strdup_printf ("/clients/special-files/thunderbird-profiles-ini/%s", kinds[i].name);
      g_autofree char *evo = g_strdup_printf ("/clients/special-files/evolution-sources/%s", kinds[i].name);

      g_test_add_data_func (tb, GINT_TO_POINTER (kinds[i].kind), test_profiles_ini);
      g_test_add_data_func (evo, GINT_TO_POINTER (kinds[i].kind), test_evolution_sources);
    }
  status = g_test_run ();
  remove_tree (tmp_dir);
  return status;
}
