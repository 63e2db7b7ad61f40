/* SPDX-License-Identifier: GPL-3.0-or-later */
#include <glib/gi18n.h>
#include <locale.h>

#include "ot-application.h"
#include "ot-window.h"

int
main (int   argc,
      char *argv[])
{
  g_autoptr(OtApplication) app = NULL;
  /* OT_LOCALEDIR lets an uninstalled build (build-aux/run, the tests) use the
   * catalogues compiled into _build/po instead of the installed ones. */
  const char *localedir = g_getenv ("OT_LOCALEDIR");

  setlocale (LC_ALL, "");
  bindtextdomain (GETTEXT_PACKAGE, localedir != NULL && *localedir != '\0' ? localedir : LOCALEDIR);
  bind_textdomain_codeset (GETTEXT_PACKAGE, "UTF-8");
  textdomain (GETTEXT_PACKAGE);

  app = ot_application_new (OT_TYPE_WINDOW);
  return g_application_run (G_APPLICATION (app), argc, argv);
}
