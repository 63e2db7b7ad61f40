/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "ot-cli.h"

#include <glib/gi18n-lib.h>

/* Placeholder until the --export command lands (see the issues). */
int
ot_cli_export (const OtCliOptions *options)
{
  g_printerr (_("--%s is not available in this build yet\n"), "export");
  return 2;
}
