/* SPDX-License-Identifier: GPL-3.0-or-later */
/* ot-ftm-summary.h: the summary Oretrace writes on an incident's FtM Trip
 * or Event (issue 19, docs/ftm.md): what the record says besides its id,
 * date, places, source and notes, as labelled English sentences
 * ("Status: seized. Mineral: antimony. Quantity: 600 kg. …"), each value
 * the text the CSV writer gives its column; and the same text read back
 * into those column texts, so that the FtM reader checks them by the
 * record rules every format shares. */
#pragma once

#include "ot-incident.h"
#include "ot-loader.h"

G_BEGIN_DECLS

/* The summary of @incident.  A new string. */
char     *ot_ftm_summary_write (const OtIncident *incident);
/* Reads a summary ot_ftm_summary_write () wrote: @columns[c] (NULL on
 * entry) gets each column's text it holds, a new string.  FALSE, setting
 * nothing, when @text is not such a summary (it must start with a
 * status Oretrace knows, and every sentence must be one of its labels,
 * in order).  A
 * value that itself holds ". " and a later label ("… Case: …") is cut
 * there. */
gboolean  ot_ftm_summary_read  (const char       *text,
                                char             *columns[OT_N_COLUMNS]);

G_END_DECLS
