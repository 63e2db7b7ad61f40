/* SPDX-License-Identifier: GPL-3.0-or-later */
/* ot-dataset.h: the loaded incidents, the strings they share, and the
 * problems found while loading them. */
#pragma once

#include <gio/gio.h>
#include "ot-incident.h"
#include "ot-problem.h"

G_BEGIN_DECLS

#define OT_TYPE_DATASET (ot_dataset_get_type ())
G_DECLARE_FINAL_TYPE (OtDataset, ot_dataset, OT, DATASET, GObject)

OtDataset         *ot_dataset_new              (void);

guint              ot_dataset_get_n_incidents  (OtDataset        *self);
const OtIncident  *ot_dataset_get_incident     (OtDataset        *self,
                                                guint             index);
/* Index of the incident with this id, or -1. */
gint               ot_dataset_find             (OtDataset        *self,
                                                const char       *id);

/* A dataset that a second thread fills while another fills @parent,
 * for ot_dataset_absorb(): its interned strings are @parent's
 * (ot_dataset_intern() is thread-safe for that), the rest is its own. */
OtDataset         *ot_dataset_new_part         (OtDataset        *parent);

/* Strings: interned ones are shared (countries, companies, minerals...);
 * both live as long as the dataset.  Interning may be called from the
 * threads filling parts of this dataset; everything else is for the
 * thread that owns the dataset. */
const char        *ot_dataset_intern           (OtDataset        *self,
                                                const char       *text);
const char        *ot_dataset_store            (OtDataset        *self,
                                                const char       *text);

/* Copies @incident into the dataset.  Every string in it must already
 * belong to this dataset (ot_dataset_intern/store) or be NULL; @via and
 * @extras are copied.  Returns FALSE (and adds nothing) when the id is
 * already present. */
gboolean           ot_dataset_add              (OtDataset        *self,
                                                const OtIncident *incident);

/* Makes room for @n_incidents in all, so that adding up to that many
 * reallocates nothing. */
void               ot_dataset_reserve          (OtDataset        *self,
                                                guint             n_incidents);

/* Moves every incident of @other into @self (strings copied), skipping
 * ids already present; each skip is reported as a warning problem.
 * Problems of @other are appended too. */
void               ot_dataset_merge            (OtDataset        *self,
                                                OtDataset        *other);

/* Appends every incident of @part (from ot_dataset_new_part() on @self)
 * to @self in order, moving its strings and arrays without copying them,
 * with @line_offset added to their lines, and leaves @part empty (its
 * incident array and id index freed, not merely emptied).
 * Returns FALSE and changes nothing when an id of @part is already in
 * @self.  Problems and rejected counts are not moved: the caller adds
 * them where they belong. */
gboolean           ot_dataset_absorb           (OtDataset        *self,
                                                OtDataset        *part,
                                                guint             line_offset);

GPtrArray         *ot_dataset_get_problems     (OtDataset        *self);  /* of OtProblem, owned */
void               ot_dataset_add_problem      (OtDataset        *self,
                                                OtProblem        *problem); /* takes */
guint              ot_dataset_count_problems   (OtDataset        *self,
                                                OtSeverity        severity);
/* Rows skipped as errors, per the loaders. */
guint              ot_dataset_get_n_rejected   (OtDataset        *self);
void               ot_dataset_add_rejected     (OtDataset        *self,
                                                guint             n);

/* Files this dataset was loaded from, in order. */
const char * const *ot_dataset_get_files       (OtDataset        *self);
void               ot_dataset_add_file         (OtDataset        *self,
                                                const char       *path);

G_END_DECLS
