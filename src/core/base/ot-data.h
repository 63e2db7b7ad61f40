/* SPDX-License-Identifier: GPL-3.0-or-later */
/* ot-data.h: the data files compiled into the core (data/oretrace-core.gresource.xml). */
#pragma once

#include <gio/gio.h>

#include "ot-csv.h"

G_BEGIN_DECLS

/* @name is relative to the data folder, e.g. "countries.csv". */
GBytes *ot_data_lookup (const char  *name,
                        GError     **error);

/* Calls @func with every row of the CSV data file @name after its header
 * ('#' comments skipped).  FALSE (and a critical: the file is ours) when
 * there is no such file. */
typedef void (*OtDataRowFunc) (const OtCsvRow *row,
                               gpointer        user_data);
gboolean ot_data_foreach_row (const char    *name,
                              OtDataRowFunc  func,
                              gpointer       user_data);

G_END_DECLS
