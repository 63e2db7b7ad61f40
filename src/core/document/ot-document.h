/* SPDX-License-Identifier: GPL-3.0-or-later */
/* ot-document.h: the case an analyst edits (issue 17; docs/case-file.md,
 * "The document").
 *
 * An OtDocument holds the incidents (as an immutable OtDataset version)
 * and the analyst's tables: company aliases, rejected alias pairs, pinned
 * vertices, annotations and saved views.  Every change is one command:
 * it is applied, pushed on the undo stack, and undone or redone exactly
 * ("Undo Merge of 3 companies").  Saving does not clear the history; the
 * document is dirty while its state is not the one last saved or opened.
 *
 * A command never changes a dataset a reader holds: incident and alias
 * changes make a new version (ot_dataset_new_version ()), so workers
 * drawing the previous one go on safely.  Filters, the selection and the
 * viewport are not part of the document and never undone.
 *
 * Main thread only; no GTK. */
#pragma once

#include <glib-object.h>

#include "ot-case-tables.h"
#include "ot-dataset.h"

G_BEGIN_DECLS

/* What a command (or its undo) changed, for "changed". */
typedef enum {
  OT_DOCUMENT_INCIDENTS   = 1 << 0,   /* a new dataset version */
  OT_DOCUMENT_ALIASES     = 1 << 1,   /* a new dataset version too */
  OT_DOCUMENT_DECISIONS   = 1 << 2,
  OT_DOCUMENT_PINS        = 1 << 3,
  OT_DOCUMENT_ANNOTATIONS = 1 << 4,
  OT_DOCUMENT_VIEWS       = 1 << 5,
  OT_DOCUMENT_TRADE       = 1 << 6,   /* trade statistics: a new dataset version */
} OtDocumentChange;

#define OT_TYPE_DOCUMENT (ot_document_get_type ())
G_DECLARE_FINAL_TYPE (OtDocument, ot_document, OT, DOCUMENT, GObject)

/* A document of @dataset (NULL: empty): its case tables, if it was read
 * from a case, are taken from it (ot_dataset_steal_case_tables ());
 * otherwise the company aliases it was loaded with (an FtM file's) are
 * its aliases table.  Not dirty, no history. */
OtDocument    *ot_document_new              (OtDataset    *dataset);

/* The current version: never changed; replaced by the next command. */
OtDataset     *ot_document_get_dataset      (OtDocument   *self);

/* Incidents ------------------------------------------------------------------ */

/* @incident's strings may live anywhere: they are copied.  FALSE and
 * @error when its id is taken. */
gboolean       ot_document_add_incident     (OtDocument        *self,
                                             const OtIncident  *incident,
                                             GError           **error);
gboolean       ot_document_replace_incident (OtDocument        *self,
                                             guint              index,
                                             const OtIncident  *incident,
                                             GError           **error);
/* @indices in any order, repeats ignored. */
gboolean       ot_document_delete_incidents (OtDocument        *self,
                                             const guint       *indices,
                                             guint              n,
                                             GError           **error);
/* One command of many changes (an import, a re-import): removes
 * @remove (indices of the current version), then replaces
 * @replace_index[k] (indices after the removal) by @replace[k], then
 * appends @add.  Ids must stay unique (FALSE and @error if not; nothing
 * changes).  @label names it in the Undo menu item. */
gboolean       ot_document_edit_incidents   (OtDocument        *self,
                                             const char        *label,
                                             const guint       *remove,
                                             guint              n_remove,
                                             const guint       *replace_index,
                                             const OtIncident  *replace,
                                             guint              n_replace,
                                             const OtIncident  *add,
                                             guint              n_add,
                                             GError           **error);

/* One import (@label): @add appended (their ids must be new), and the
 * trade statistics replaced by @trade (the case's and the new ones; NULL:
 * unchanged).  Undo removes both. */
gboolean       ot_document_import           (OtDocument        *self,
                                             const char        *label,
                                             const OtIncident  *add,
                                             guint              n_add,
                                             OtTradeTable      *trade,
                                             GError           **error);

/* A summary's counts made again by its source (others changed the
 * store): @version, a version of the current dataset (ot_dataset_new_version ())
 * with the same summary source and new cells (ot_dataset_set_summary ()),
 * becomes the dataset with no command (a summary holds nothing to undo
 * or save).  FALSE and nothing changes when the current dataset is not
 * a summary or @version is not a version of it. */
gboolean       ot_document_recount_summary  (OtDocument        *self,
                                             OtDataset         *version);

/* An import prepared in a worker: @version was made from @base with
 * ot_dataset_new_version (), incidents appended to it (ot_dataset_merge ()
 * keeps ids unique) and trade statistics joined to its own.  When @base
 * is still the current dataset, @version becomes it as one command
 * (@label) without copying an incident or a trade row again (nothing
 * new: no command); otherwise FALSE and nothing changes (the caller
 * falls back to ot_document_import ()). */
gboolean       ot_document_import_version   (OtDocument        *self,
                                             OtDataset         *base,
                                             OtDataset         *version,
                                             const char        *label);

/* Company aliases -------------------------------------------------------------- */

/* Merges the companies @names (company names as incidents give them, or
 * entities' display names: an entity, or any of its aliases, brings all
 * its aliases) into one
 * entity shown as @display_name.  FALSE and @error if fewer than two
 * companies result. */
gboolean       ot_document_merge_companies  (OtDocument        *self,
                                             const char *const *names,
                                             guint              n,
                                             const char        *display_name,
                                             GError           **error);
/* Splits the entity shown as @display_name back into its companies;
 * FALSE and @error when it is not an entity. */
gboolean       ot_document_split_entity     (OtDocument        *self,
                                             const char        *display_name,
                                             GError           **error);
/* The entity a company name belongs to (its display name), or NULL. */
const char    *ot_document_get_entity       (OtDocument        *self,
                                             const char        *company);
/* Remembers that @a and @b (company names) are not the same company;
 * their suggestion is not offered again.  Order does not matter. */
gboolean       ot_document_reject_alias_pair (OtDocument       *self,
                                             const char        *a,
                                             const char        *b,
                                             GError           **error);
gboolean       ot_document_is_pair_rejected (OtDocument        *self,
                                             const char        *a,
                                             const char        *b);

/* Annotations ------------------------------------------------------------------- */

/* A note on a target: @kind is "place" (a vertex key), "flow" (an edge:
 * "from\x1fto\x1fmineral" keys) or "incident" (an id).  Empty or NULL
 * @text deletes it.  One note per target. */
gboolean       ot_document_set_annotation   (OtDocument        *self,
                                             const char        *kind,
                                             const char        *key,
                                             const char        *text,
                                             GError           **error);
const char    *ot_document_get_annotation   (OtDocument        *self,
                                             const char        *kind,
                                             const char        *key);

/* Pins ----------------------------------------------------------------------------- */

/* Vertices @keys of @view ("network") pinned at (@xs, @ys), world units:
 * one command (a drag), named after @name (the place's name on the
 * chart; NULL: its key) when @n is 1. */
gboolean       ot_document_pin_vertices     (OtDocument        *self,
                                             const char        *view,
                                             const char *const *keys,
                                             const double      *xs,
                                             const double      *ys,
                                             guint              n,
                                             const char        *name,
                                             GError           **error);
/* Re-layout: every pin of @view forgotten, as one command (FALSE, and no
 * command, when there was none). */
gboolean       ot_document_unpin_all        (OtDocument        *self,
                                             const char        *view);
/* The pins of @view: vertex key -> double[2] (x, y); a new table. */
GHashTable    *ot_document_dup_pins         (OtDocument        *self,
                                             const char        *view);

/* Saved views ------------------------------------------------------------------------ */

/* @filter, @viewport: the JSON of docs/case-file.md; replaces a view of
 * the same name. */
gboolean       ot_document_save_view        (OtDocument        *self,
                                             const char        *name,
                                             const char        *filter,
                                             const char        *view,
                                             const char        *projection,
                                             const char        *viewport,
                                             GError           **error);
gboolean       ot_document_delete_view      (OtDocument        *self,
                                             const char        *name,
                                             GError           **error);

/* Everything but the incidents, sorted, for the case store and readers
 * (aliases, decisions, pins, annotations, saved views; meta times). */
OtCaseTables  *ot_document_dup_tables       (OtDocument        *self);

/* History -------------------------------------------------------------------------- */

gboolean       ot_document_can_undo         (OtDocument        *self);
gboolean       ot_document_can_redo         (OtDocument        *self);
/* What undo (redo) would do, translated ("Merge of 3 companies"), or
 * NULL. */
const char    *ot_document_get_undo_label   (OtDocument        *self);
const char    *ot_document_get_redo_label   (OtDocument        *self);
gboolean       ot_document_undo             (OtDocument        *self);
gboolean       ot_document_redo             (OtDocument        *self);
guint          ot_document_get_n_commands   (OtDocument        *self);  /* on the undo stack */

/* Which state the document is in: the last command's serial (0: none).
 * A save records it when it starts and, once written, marks it saved:
 * the document is clean again if nothing changed meanwhile. */
guint64        ot_document_get_revision     (OtDocument        *self);
void           ot_document_mark_saved       (OtDocument        *self,
                                             guint64            revision);
gboolean       ot_document_is_dirty         (OtDocument        *self);

/* The whole state as text (every field of every incident in order, the
 * aliases, every table sorted): equal texts, equal documents.  For
 * tests. */
char          *ot_document_dump             (OtDocument        *self);

G_END_DECLS
