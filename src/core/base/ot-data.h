/* SPDX-License-Identifier: GPL-3.0-or-later */
/* ot-data.h: the data files compiled into the core (data/oretrace-core.gresource.xml). */
#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

/* @name is relative to the data folder, e.g. "countries.csv". */
GBytes *ot_data_lookup (const char  *name,
                        GError     **error);

G_END_DECLS
