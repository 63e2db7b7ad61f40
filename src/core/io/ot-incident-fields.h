/* SPDX-License-Identifier: GPL-3.0-or-later */
/* ot-incident-fields.h: one incident typed in as the text of each column
 * (the incident editor's form), checked by the loaders' own record rules
 * (ot-loader-record.c), so a value is refused with the message a file
 * gives for it.  The inverse, the text of each column of an incident, is
 * ot_writer_column_text () (ot-writer.h): checking those texts gives the
 * same incident back. */
#pragma once

#include "ot-dataset.h"
#include "ot-loader.h"

G_BEGIN_DECLS

/* What a form adds to the loaders' rules. */
typedef struct {
  /* The incidents the new one joins: an id one of them has is refused
   * (except the one at @replacing, the incident being edited; -1: none).
   * NULL: no incident is known. */
  OtDataset   *against;
  gint         replacing;
  /* A record that is not marked illustrative needs a source (a new
   * incident typed in by hand: a file's records need none). */
  gboolean     require_source;
} OtFieldRules;

/* Checks @values (one text per column, NULL or "" meaning not given,
 * blanks around a value ignored, via as "TH:Laem Chabang; MX", a
 * quantity in @values[OT_COLUMN_UNIT] or kg) as the loaders check a
 * record read from a file called @display_name.  Returns a new dataset
 * holding the record: its one incident when no error was found (none
 * otherwise), and every problem found (errors and warnings, each naming
 * its column, or none for "no place given"), with the loaders' messages.
 * @rules may be NULL. */
OtDataset  *ot_incident_fields_check      (const char *const   values[OT_N_COLUMNS],
                                           const char         *display_name,
                                           const OtFieldRules *rules);

/* An id for a new incident in @dataset, unused there: the last
 * incident's id with its trailing number increased and its width kept
 * ("CMI-2025-0045" → "CMI-2025-0046"), or "INC-0001" when no id ends in
 * a number.  A new string. */
char       *ot_incident_fields_propose_id (OtDataset          *dataset);

G_END_DECLS
