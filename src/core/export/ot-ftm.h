/* SPDX-License-Identifier: GPL-3.0-or-later */
/* ot-ftm.h: the case as FollowTheMoney entities (issue 19), one JSON
 * object a line as the `ftm` tools and Aleph exchange them: a Company for
 * each exporter and consignee (its merged names as aliases), an Address
 * for each place, a Trip for each incident, a CourtCase for each case
 * reference, and the links between them.  docs/ftm.md gives the
 * mapping and why; io/ot-loader-ftm.c reads it back. */
#pragma once

#include <gio/gio.h>

#include "ot-dataset.h"

G_BEGIN_DECLS

/* The entities of the incidents whose @mask byte is set (@mask NULL:
 * all), as FtM JSON lines.  Ids are stable: the same case gives the same
 * ids, so a re-export updates entities in Aleph instead of doubling them. */
GBytes   *ot_ftm_write  (OtDataset     *dataset,
                         const guint8  *mask);
/* Writes them atomically to @file: complete or not at all. */
gboolean  ot_ftm_save   (OtDataset     *dataset,
                         const guint8  *mask,
                         GFile         *file,
                         GCancellable  *cancellable,
                         GError       **error);

G_END_DECLS
