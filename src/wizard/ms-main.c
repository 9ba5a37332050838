/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gi18n.h>
#include <locale.h>

#include "cli/ms-cli.h"
#include "ms-application.h"

int
main (int argc, char *argv[])
{
  g_autoptr(MsApplication) app = NULL;
  const char *localedir = g_getenv ("MAIL_SETUP_LOCALEDIR");

  /* Before anything can hold a password. */
  ms_cli_protect_process ();
  /* Debug and info messages on stdout would break --json. */
  g_log_writer_default_set_use_stderr (TRUE);

  /* The wizard never draws with OpenGL, but GDK's X11 back-end probes GLX
   * for its visuals, which loads Mesa and LLVM: some 45 MB and 40 ms for
   * nothing.  The user's own GDK_GL setting still wins. */
  g_setenv ("GDK_GL", "disable", FALSE);
  setlocale (LC_ALL, "");
  /* An uninstalled build points at its own translations. */
  bindtextdomain (GETTEXT_PACKAGE, localedir ? localedir : LOCALEDIR);
  bind_textdomain_codeset (GETTEXT_PACKAGE, "UTF-8");
  textdomain (GETTEXT_PACKAGE);

  ms_application_save_argv (argv);
  app = ms_application_new ();
  return g_application_run (G_APPLICATION (app), argc, argv);
}
