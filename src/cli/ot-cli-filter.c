/* SPDX-License-Identifier: GPL-3.0-or-later */
/* ot-cli-filter.c: the filter the command-line options ask for, shared
 * by --summary and --export.  The commands call down into this file; it
 * calls none of them. */
#include "ot-cli.h"

OtFilter *
ot_cli_build_filter (const OtCliOptions *options,
                     GError            **error)
{
  g_autoptr(OtFilter) filter = NULL;

  g_return_val_if_fail (options != NULL, NULL);

  filter = ot_filter_new_from_strings ((const char * const *) options->minerals,
                                       (const char * const *) options->statuses,
                                       options->from, options->to, error);
  if (filter == NULL ||
      !ot_filter_parse_evidence (filter, (const char * const *) options->reliabilities,
                                 (const char * const *) options->credibilities,
                                 options->no_illustrative, error))
    return NULL;
  return g_steal_pointer (&filter);
}
