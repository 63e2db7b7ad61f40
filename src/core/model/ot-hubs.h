/* SPDX-License-Identifier: GPL-3.0-or-later */
/* ot-hubs.h: coordinates of named ports, airports and border points
 * (data/hubs.csv, compiled into the core GResource; see data/README.md). */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* The place called @name in country @alpha2: its name or an alias,
 * case-insensitive, or else the longest name or alias that @name starts
 * with ("Shanghai Pudong airport" finds Shanghai).  FALSE if none. */
gboolean     ot_hub_lookup      (const char *alpha2,
                                 const char *name,
                                 double     *lat,
                                 double     *lon);
guint        ot_hub_count       (void);

G_END_DECLS
