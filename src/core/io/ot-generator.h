/* SPDX-License-Identifier: GPL-3.0-or-later */
/* ot-generator.h: deterministic synthetic incident sets of any size, for
 * tests and benchmarks.  Shaped like the real thing: a few hubs and
 * companies carry most records, quantities are heavy-tailed (grams to
 * thousands of tonnes), most flows are small.  Every record is marked
 * illustrative and every company name is synthetic. */
#pragma once

#include <gio/gio.h>
#include "ot-loader.h"

G_BEGIN_DECLS

/* Writes @count incidents to @out as CSV, JSON or JSON Lines.  The same
 * @seed and @count always give the same bytes. */
gboolean  ot_generator_write    (guint64         seed,
                                 guint           count,
                                 OtFormat        format,
                                 GOutputStream  *out,
                                 GCancellable   *cancellable,
                                 GError        **error);
/* The same, in memory. */
GBytes   *ot_generator_to_bytes (guint64         seed,
                                 guint           count,
                                 OtFormat        format);

G_END_DECLS
