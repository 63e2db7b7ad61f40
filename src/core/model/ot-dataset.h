/* SPDX-License-Identifier: GPL-3.0-or-later */
/* ot-dataset.h: the loaded incidents, the strings they share, and the
 * problems found while loading them. */
#pragma once

#include <gio/gio.h>
#include "ot-case-tables.h"
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

/* A part (empty) whose incidents will likely be appended at index
 * @first of its parent: laid out so that ot_dataset_absorb () at that
 * index moves them without copying them.  (Any other index works too,
 * copying them.) */
void               ot_dataset_set_first        (OtDataset        *self,
                                                guint             first);

/* Whether ot_dataset_absorb () of @part into @self, now, would move its
 * incidents' chunks rather than copy the incidents. */
gboolean           ot_dataset_part_fits        (OtDataset        *self,
                                                OtDataset        *part);

/* Appends every incident of @part (from ot_dataset_new_part() on @self,
 * or on the parent @self is a part of)
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

/* Versions (the case document, issue 17) --------------------------------------
 *
 * A version is a dataset made from another to be changed: it shares the
 * base's strings (interned pointers stay comparable across versions) and
 * its incidents until its first change copies them, so a version that
 * only changes aliases costs no copy.  Once a version is given to
 * readers (a worker, the chart) it is not changed again: the document
 * makes a new version per change.  The base is never changed again
 * either (its incidents may be shared). */
OtDataset         *ot_dataset_new_version      (OtDataset        *base);
/* Whether both share one string storage (one is a version of the other,
 * or both of a third). */
gboolean           ot_dataset_is_version_of    (OtDataset        *self,
                                                OtDataset        *other);
/* Whether both read the very same incidents (an alias change only). */
gboolean           ot_dataset_same_incidents   (OtDataset        *self,
                                                OtDataset        *other);
/* Copies @src's strings and arrays into @self's storage: @out can then
 * be added, inserted or kept for undo as long as a version of @self
 * lives. */
void               ot_dataset_copy_incident    (OtDataset        *self,
                                                const OtIncident *src,
                                                OtIncident       *out);
/* @incident's strings must be @self's (ot_dataset_copy_incident ()).
 * Ids stay unique: the caller checks. */
void               ot_dataset_replace          (OtDataset        *self,
                                                guint             index,
                                                const OtIncident *incident);
/* @indices: sorted, distinct, in range.  The others keep their order. */
void               ot_dataset_remove_set       (OtDataset        *self,
                                                const guint      *indices,
                                                guint             n);
/* Puts @incidents[k] at index @indices[k] of the result (sorted,
 * distinct, < n_incidents + @n): the inverse of ot_dataset_remove_set (). */
void               ot_dataset_insert_set       (OtDataset        *self,
                                                const guint      *indices,
                                                const OtIncident *incidents,
                                                guint             n);

/* Company aliases: @keys[k] (a company name as incidents give it) is
 * shown as the entity @names[k].  Replaces the previous map; n = 0
 * clears it. */
void               ot_dataset_set_aliases      (OtDataset        *self,
                                                const char      **keys,
                                                const char      **names,
                                                guint             n);
gboolean           ot_dataset_has_aliases      (OtDataset        *self);
/* The entity a company name belongs to (an interned string), or
 * @company itself when it has no alias.  Thread-safe on a published
 * dataset. */
const char        *ot_dataset_resolve_company  (OtDataset        *self,
                                                const char       *company);
/* The company names shown as @entity, sorted (none: empty), strings
 * owned by @self. */
GPtrArray         *ot_dataset_get_company_aliases (OtDataset     *self,
                                                const char       *entity);
/* Every company name that has an alias, sorted, strings owned by @self
 * (a loader joins a file's aliases to those before it; a document takes
 * a loaded dataset's as its table). */
GPtrArray         *ot_dataset_get_alias_keys   (OtDataset        *self);
/* strcmp () of two `const char *` elements, for g_ptr_array_sort (). */
int                ot_dataset_compare_strings  (gconstpointer     a,
                                                gconstpointer     b);

/* The analyst's tables read with a case (ot_case_read_into ()), handed
 * to the document that opens the dataset; NULL for other files. */
void               ot_dataset_set_case_tables  (OtDataset        *self,
                                                OtCaseTables     *tables);  /* takes */
OtCaseTables      *ot_dataset_steal_case_tables (OtDataset       *self);
gboolean           ot_dataset_has_case_tables  (OtDataset        *self);

/* Trade statistics loaded with the incidents (issue 18), shared by every
 * version of the dataset; NULL when none were.  Set while loading, before
 * the dataset is shared; the table is read-only from then on. */
typedef struct _OtTradeTable OtTradeTable;
void               ot_dataset_set_trade        (OtDataset        *self,
                                                OtTradeTable     *trade);   /* refs */
OtTradeTable      *ot_dataset_get_trade        (OtDataset        *self);

/* A summary (issue 21, docs/team-store.md "Summary mode"): the incidents
 * stay in a team store too big to read, the dataset holds none of them,
 * and @source (an OtEdgeSource, ot-edge-source.h) sums their legs for
 * each filter.  @cells (an array of OtSummaryCell, copied) say how many
 * incidents the store holds per mineral, status and illustrative flag:
 * the totals, and the sidebar's counts (ot-facets.h).  Set before the
 * dataset is shared; kept by its versions. */
typedef struct {
  OtMineral  mineral;          /* OT_MINERAL_NONE: not given */
  OtStatus   status;
  gboolean   illustrative;
  int        month;            /* of the date: year × 100 + month, year × 100
                                * for a year-only date, -1 undated (the
                                * store's flow_sums.month) */
  guint      n_incidents;
} OtSummaryCell;

/* The first and last Julian day a cell's month can mean (its year for a
 * year-only month); FALSE for an undated cell or an impossible month. */
gboolean           ot_summary_cell_days        (const OtSummaryCell *cell,
                                                guint32          *first_day,
                                                guint32          *last_day);

void               ot_dataset_set_summary      (OtDataset        *self,
                                                GObject          *source,       /* refs */
                                                GArray           *cells);
/* The source, or NULL for a dataset that holds its incidents; @cells
 * (may be NULL) gets the cells, owned by @self. */
GObject           *ot_dataset_get_summary      (OtDataset        *self,
                                                GArray          **cells);
/* The incidents a summary's cells count (0 for other datasets), and how
 * many of them are illustrative. */
guint              ot_dataset_get_n_summarised (OtDataset        *self,
                                                guint            *n_illustrative);

G_END_DECLS
