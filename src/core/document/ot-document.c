/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "ot-document.h"
#include "ot-error.h"
#include "ot-trade.h"

#include <glib/gi18n-lib.h>
#include <math.h>
#include <string.h>

/* The analyst's tables, each a map of text keys to text values, so that a
 * change to any row is the same small record (RowDelta) and undoing it is
 * putting the old text back:
 *   aliases      company name            -> entity display name
 *   decisions    "a\x1fb" (a < b)        -> "rejected"
 *   pins         "view\x1fvertex"        -> "x y" (%.17g: exact)
 *   annotations  "kind\x1fkey"           -> text
 *   views        name                    -> "filter\x1fview\x1fprojection\x1fviewport" */
typedef enum {
  TABLE_ALIASES,
  TABLE_DECISIONS,
  TABLE_PINS,
  TABLE_ANNOTATIONS,
  TABLE_VIEWS,
  N_TABLES
} Table;

static const OtDocumentChange table_change[N_TABLES] = {
  OT_DOCUMENT_ALIASES, OT_DOCUMENT_DECISIONS, OT_DOCUMENT_PINS,
  OT_DOCUMENT_ANNOTATIONS, OT_DOCUMENT_VIEWS,
};

#define SEP "\x1f"

typedef struct {
  Table  table;
  char  *key;
  char  *before;   /* NULL: no row */
  char  *after;
} RowDelta;

/* One command.  Forward: remove @removed_index (sorted, of the state
 * before), replace @replaced_index[k] (after the removal) by
 * @replaced_after[k], insert @inserted at @inserted_index (sorted, of the
 * state after); the trade statistics @trade_after when @trade (an import
 * of statistics, issue 18: the tables are immutable and shared, so the
 * command holds both); then the rows in order.  Backward: the inverse of
 * each, in the reverse order.  Incidents' strings live in the document's
 * storage. */
typedef struct {
  char     *label;
  guint64   serial;
  GArray   *removed_index;    /* of guint */
  GArray   *removed;          /* of OtIncident */
  GArray   *replaced_index;   /* of guint */
  GArray   *replaced_before;  /* of OtIncident */
  GArray   *replaced_after;   /* of OtIncident */
  GArray   *inserted_index;   /* of guint */
  GArray   *inserted;         /* of OtIncident */
  gboolean  trade;
  OtTradeTable *trade_before; /* NULL: none */
  OtTradeTable *trade_after;
  GArray   *rows;             /* of RowDelta */
} Command;

struct _OtDocument
{
  GObject      parent_instance;

  OtDataset   *dataset;
  GHashTable  *tables[N_TABLES];
  GPtrArray   *undo;          /* of Command, the last on top */
  GPtrArray   *redo;
  guint64      next_serial;
  guint64      saved_serial;  /* the undo top's serial when saved (0: none) */
  char        *created;
  char        *application;
};

enum {
  PROP_0,
  PROP_DIRTY,
  PROP_CAN_UNDO,
  PROP_CAN_REDO,
  N_PROPS
};

enum {
  CHANGED,
  N_SIGNALS
};

static GParamSpec *properties[N_PROPS];
static guint signals[N_SIGNALS];

G_DEFINE_FINAL_TYPE (OtDocument, ot_document, G_TYPE_OBJECT)

/* ---- Commands ------------------------------------------------------------- */

static void
row_delta_clear (gpointer data)
{
  RowDelta *row = data;

  g_free (row->key);
  g_free (row->before);
  g_free (row->after);
}

static Command *
command_new (const char *label)
{
  Command *command = g_new0 (Command, 1);

  command->label = g_strdup (label);
  command->removed_index = g_array_new (FALSE, FALSE, sizeof (guint));
  command->removed = g_array_new (FALSE, FALSE, sizeof (OtIncident));
  command->replaced_index = g_array_new (FALSE, FALSE, sizeof (guint));
  command->replaced_before = g_array_new (FALSE, FALSE, sizeof (OtIncident));
  command->replaced_after = g_array_new (FALSE, FALSE, sizeof (OtIncident));
  command->inserted_index = g_array_new (FALSE, FALSE, sizeof (guint));
  command->inserted = g_array_new (FALSE, FALSE, sizeof (OtIncident));
  command->rows = g_array_new (FALSE, FALSE, sizeof (RowDelta));
  g_array_set_clear_func (command->rows, row_delta_clear);
  return command;
}

static void
command_free (gpointer data)
{
  Command *command = data;

  g_free (command->label);
  g_array_unref (command->removed_index);
  g_array_unref (command->removed);
  g_array_unref (command->replaced_index);
  g_array_unref (command->replaced_before);
  g_array_unref (command->replaced_after);
  g_array_unref (command->inserted_index);
  g_array_unref (command->inserted);
  g_clear_pointer (&command->trade_before, ot_trade_table_unref);
  g_clear_pointer (&command->trade_after, ot_trade_table_unref);
  g_array_unref (command->rows);
  g_free (command);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (Command, command_free)

static gboolean
command_is_empty (const Command *command)
{
  return command->removed->len == 0 && command->replaced_after->len == 0 &&
         command->inserted->len == 0 && !command->trade && command->rows->len == 0;
}

/* A row change, recorded with what the row holds now. */
static void
command_set_row (OtDocument *self,
                 Command    *command,
                 Table       table,
                 const char *key,
                 const char *after)
{
  const char *before = g_hash_table_lookup (self->tables[table], key);
  RowDelta row;

  if (g_strcmp0 (before, after) == 0)
    return;
  /* A second change of one row in a command: the first one's before. */
  for (guint i = 0; i < command->rows->len; i++)
    {
      RowDelta *prev = &g_array_index (command->rows, RowDelta, i);

      if (prev->table == table && strcmp (prev->key, key) == 0)
        {
          g_free (prev->after);
          prev->after = g_strdup (after);
          return;
        }
    }
  row.table = table;
  row.key = g_strdup (key);
  row.before = g_strdup (before);
  row.after = g_strdup (after);
  g_array_append_val (command->rows, row);
}

static void
set_row (OtDocument *self,
         Table       table,
         const char *key,
         const char *value)
{
  if (value == NULL)
    g_hash_table_remove (self->tables[table], key);
  else
    g_hash_table_insert (self->tables[table], g_strdup (key), g_strdup (value));
}

/* The aliases table into the dataset version's map. */
static void
apply_aliases (OtDocument *self,
               OtDataset  *version)
{
  guint n = g_hash_table_size (self->tables[TABLE_ALIASES]);
  g_autofree const char **keys = g_new (const char *, n + 1);
  g_autofree const char **names = g_new (const char *, n + 1);
  GHashTableIter iter;
  gpointer key, value;
  guint i = 0;

  g_hash_table_iter_init (&iter, self->tables[TABLE_ALIASES]);
  while (g_hash_table_iter_next (&iter, &key, &value))
    {
      keys[i] = key;
      names[i] = value;
      i++;
    }
  ot_dataset_set_aliases (version, keys, names, n);
}

/* Applies @command forward or backward; returns what changed. */
static OtDocumentChange
command_apply (OtDocument *self,
               Command    *command,
               gboolean    forward)
{
  OtDocumentChange changes = 0;
  gboolean incidents = command->removed->len > 0 || command->replaced_after->len > 0 ||
                       command->inserted->len > 0;

  if (forward)
    for (guint i = 0; i < command->rows->len; i++)
      {
        const RowDelta *row = &g_array_index (command->rows, RowDelta, i);

        set_row (self, row->table, row->key, row->after);
        changes |= table_change[row->table];
      }
  else
    for (guint i = command->rows->len; i-- > 0; )
      {
        const RowDelta *row = &g_array_index (command->rows, RowDelta, i);

        set_row (self, row->table, row->key, row->before);
        changes |= table_change[row->table];
      }

  if (incidents || command->trade || (changes & OT_DOCUMENT_ALIASES))
    {
      g_autoptr(OtDataset) version = ot_dataset_new_version (self->dataset);

      if (forward)
        {
          ot_dataset_remove_set (version, (const guint *) command->removed_index->data,
                                 command->removed_index->len);
          for (guint i = 0; i < command->replaced_index->len; i++)
            ot_dataset_replace (version, g_array_index (command->replaced_index, guint, i),
                                &g_array_index (command->replaced_after, OtIncident, i));
          ot_dataset_insert_set (version, (const guint *) command->inserted_index->data,
                                 (const OtIncident *) command->inserted->data,
                                 command->inserted->len);
        }
      else
        {
          ot_dataset_remove_set (version, (const guint *) command->inserted_index->data,
                                 command->inserted_index->len);
          for (guint i = command->replaced_index->len; i-- > 0; )
            ot_dataset_replace (version, g_array_index (command->replaced_index, guint, i),
                                &g_array_index (command->replaced_before, OtIncident, i));
          ot_dataset_insert_set (version, (const guint *) command->removed_index->data,
                                 (const OtIncident *) command->removed->data,
                                 command->removed->len);
        }
      if (command->trade)
        {
          ot_dataset_set_trade (version, forward ? command->trade_after : command->trade_before);
          changes |= OT_DOCUMENT_TRADE;
        }
      if (changes & OT_DOCUMENT_ALIASES)
        apply_aliases (self, version);
      g_set_object (&self->dataset, version);
      if (incidents)
        changes |= OT_DOCUMENT_INCIDENTS;
    }
  return changes;
}

static void
notify_history (OtDocument *self,
                gboolean    was_dirty,
                gboolean    could_undo,
                gboolean    could_redo)
{
  if (was_dirty != ot_document_is_dirty (self))
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_DIRTY]);
  if (could_undo != ot_document_can_undo (self))
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_CAN_UNDO]);
  if (could_redo != ot_document_can_redo (self))
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_CAN_REDO]);
}

/* Applies a new command and pushes it (an empty one is dropped: TRUE,
 * nothing to undo). */
static void
run (OtDocument *self,
     Command    *command)
{
  gboolean was_dirty = ot_document_is_dirty (self);
  gboolean could_undo = ot_document_can_undo (self);
  gboolean could_redo = ot_document_can_redo (self);
  OtDocumentChange changes;

  if (command_is_empty (command))
    {
      command_free (command);
      return;
    }
  command->serial = ++self->next_serial;
  changes = command_apply (self, command, TRUE);
  g_ptr_array_add (self->undo, command);
  g_ptr_array_set_size (self->redo, 0);
  g_object_freeze_notify (G_OBJECT (self));
  notify_history (self, was_dirty, could_undo, could_redo);
  g_signal_emit (self, signals[CHANGED], 0, changes);
  g_object_thaw_notify (G_OBJECT (self));
}

static gboolean
step (OtDocument *self,
      GPtrArray  *from,
      GPtrArray  *to,
      gboolean    forward)
{
  gboolean was_dirty = ot_document_is_dirty (self);
  gboolean could_undo = ot_document_can_undo (self);
  gboolean could_redo = ot_document_can_redo (self);
  OtDocumentChange changes;
  Command *command;

  if (from->len == 0)
    return FALSE;
  command = g_ptr_array_steal_index (from, from->len - 1);
  changes = command_apply (self, command, forward);
  g_ptr_array_add (to, command);
  g_object_freeze_notify (G_OBJECT (self));
  notify_history (self, was_dirty, could_undo, could_redo);
  g_signal_emit (self, signals[CHANGED], 0, changes);
  g_object_thaw_notify (G_OBJECT (self));
  return TRUE;
}

gboolean
ot_document_undo (OtDocument *self)
{
  g_return_val_if_fail (OT_IS_DOCUMENT (self), FALSE);

  return step (self, self->undo, self->redo, FALSE);
}

gboolean
ot_document_redo (OtDocument *self)
{
  g_return_val_if_fail (OT_IS_DOCUMENT (self), FALSE);

  return step (self, self->redo, self->undo, TRUE);
}

gboolean
ot_document_can_undo (OtDocument *self)
{
  g_return_val_if_fail (OT_IS_DOCUMENT (self), FALSE);

  return self->undo->len > 0;
}

gboolean
ot_document_can_redo (OtDocument *self)
{
  g_return_val_if_fail (OT_IS_DOCUMENT (self), FALSE);

  return self->redo->len > 0;
}

const char *
ot_document_get_undo_label (OtDocument *self)
{
  g_return_val_if_fail (OT_IS_DOCUMENT (self), NULL);

  return self->undo->len > 0 ? ((Command *) g_ptr_array_index (self->undo, self->undo->len - 1))->label : NULL;
}

const char *
ot_document_get_redo_label (OtDocument *self)
{
  g_return_val_if_fail (OT_IS_DOCUMENT (self), NULL);

  return self->redo->len > 0 ? ((Command *) g_ptr_array_index (self->redo, self->redo->len - 1))->label : NULL;
}

guint
ot_document_get_n_commands (OtDocument *self)
{
  g_return_val_if_fail (OT_IS_DOCUMENT (self), 0);

  return self->undo->len;
}

static guint64
top_serial (OtDocument *self)
{
  return self->undo->len > 0 ? ((Command *) g_ptr_array_index (self->undo, self->undo->len - 1))->serial : 0;
}

guint64
ot_document_get_revision (OtDocument *self)
{
  g_return_val_if_fail (OT_IS_DOCUMENT (self), 0);

  return top_serial (self);
}

void
ot_document_mark_saved (OtDocument *self,
                        guint64     revision)
{
  gboolean was_dirty;

  g_return_if_fail (OT_IS_DOCUMENT (self));

  was_dirty = ot_document_is_dirty (self);
  self->saved_serial = revision;
  if (was_dirty != ot_document_is_dirty (self))
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_DIRTY]);
}

gboolean
ot_document_is_dirty (OtDocument *self)
{
  g_return_val_if_fail (OT_IS_DOCUMENT (self), FALSE);

  return top_serial (self) != self->saved_serial;
}

/* ---- Incidents --------------------------------------------------------------- */

static int
compare_uint (gconstpointer a,
              gconstpointer b)
{
  guint x = *(const guint *) a, y = *(const guint *) b;

  return x < y ? -1 : x > y;
}

static gboolean
id_taken (OtDocument *self,
          GHashTable *freed,
          GHashTable *given,
          const char *id)
{
  return g_hash_table_contains (given, id) ||
         (ot_dataset_find (self->dataset, id) >= 0 && !g_hash_table_contains (freed, id));
}

/* The trade statistics @trade (NULL: none) for those of the current
 * version, recorded in @command when they differ. */
static void
command_set_trade (OtDocument   *self,
                   Command      *command,
                   OtTradeTable *trade)
{
  OtTradeTable *before = ot_dataset_get_trade (self->dataset);

  if (trade == before)
    return;
  command->trade = TRUE;
  command->trade_before = before ? ot_trade_table_ref (before) : NULL;
  command->trade_after = trade ? ot_trade_table_ref (trade) : NULL;
}

/* ot_document_edit_incidents (), and the trade statistics set to @trade
 * when @set_trade. */
static gboolean
edit (OtDocument        *self,
      const char        *label,
      const guint       *remove,
      guint              n_remove,
      const guint       *replace_index,
      const OtIncident  *replace,
      guint              n_replace,
      const OtIncident  *add,
      guint              n_add,
      gboolean           set_trade,
      OtTradeTable      *trade,
      GError           **error)
{
  g_autoptr(Command) command = NULL;
  /* Ids stay unique: an id is taken when the case has it (and it is not
   * removed or renamed away) or the command gives it. */
  g_autoptr(GHashTable) freed = g_hash_table_new (g_str_hash, g_str_equal);
  g_autoptr(GHashTable) given = g_hash_table_new (g_str_hash, g_str_equal);
  g_autofree gboolean *removed = NULL;
  guint n, n_after;

  g_return_val_if_fail (OT_IS_DOCUMENT (self), FALSE);
  g_return_val_if_fail (label != NULL, FALSE);

  n = ot_dataset_get_n_incidents (self->dataset);
  command = command_new (label);

  /* Removals: sorted, without repeats. */
  removed = g_new0 (gboolean, n + 1);
  for (guint i = 0; i < n_remove; i++)
    {
      if (remove[i] >= n)
        {
          g_set_error (error, OT_ERROR, OT_ERROR_INVALID, _("No incident %u to delete"), remove[i] + 1);
          return FALSE;
        }
      removed[remove[i]] = TRUE;
    }
  for (guint i = 0; i < n; i++)
    if (removed[i])
      {
        OtIncident incident = *ot_dataset_get_incident (self->dataset, i);

        g_array_append_val (command->removed_index, i);
        g_array_append_val (command->removed, incident);
      }
  n_after = n - command->removed->len;

  for (guint r = 0; r < command->removed->len; r++)
    g_hash_table_add (freed, (gpointer) g_array_index (command->removed, OtIncident, r).id);

  for (guint k = 0; k < n_replace; k++)
    {
      guint index = replace_index[k];
      guint before_index = index;
      OtIncident after;

      if (index >= n_after)
        {
          g_set_error (error, OT_ERROR, OT_ERROR_INVALID, _("No incident %u to change"), index + 1);
          return FALSE;
        }
      /* The index before the removals. */
      for (guint r = 0; r < command->removed_index->len &&
                        g_array_index (command->removed_index, guint, r) <= before_index; r++)
        before_index++;
      const OtIncident *before = ot_dataset_get_incident (self->dataset, before_index);
      if (replace[k].id == NULL || *replace[k].id == '\0')
        {
          g_set_error_literal (error, OT_ERROR, OT_ERROR_INVALID, _("An incident needs an id"));
          return FALSE;
        }
      if (strcmp (before->id, replace[k].id) != 0)
        {
          if (id_taken (self, freed, given, replace[k].id))
            {
              g_set_error (error, OT_ERROR, OT_ERROR_INVALID,
                           _("Another incident already has the id “%s”"), replace[k].id);
              return FALSE;
            }
          g_hash_table_add (freed, (gpointer) before->id);
        }
      ot_dataset_copy_incident (self->dataset, &replace[k], &after);
      g_hash_table_add (given, (gpointer) after.id);
      g_array_append_val (command->replaced_index, index);
      g_array_append_val (command->replaced_before, *before);
      g_array_append_val (command->replaced_after, after);
    }

  for (guint k = 0; k < n_add; k++)
    {
      OtIncident copy;
      guint index = n_after + k;

      if (add[k].id == NULL || *add[k].id == '\0')
        {
          g_set_error_literal (error, OT_ERROR, OT_ERROR_INVALID, _("An incident needs an id"));
          return FALSE;
        }
      if (id_taken (self, freed, given, add[k].id))
        {
          g_set_error (error, OT_ERROR, OT_ERROR_INVALID,
                       _("Another incident already has the id “%s”"), add[k].id);
          return FALSE;
        }
      ot_dataset_copy_incident (self->dataset, &add[k], &copy);
      g_hash_table_add (given, (gpointer) copy.id);
      g_array_append_val (command->inserted_index, index);
      g_array_append_val (command->inserted, copy);
    }
  if (set_trade)
    command_set_trade (self, command, trade);

  run (self, g_steal_pointer (&command));
  return TRUE;
}

gboolean
ot_document_edit_incidents (OtDocument        *self,
                            const char        *label,
                            const guint       *remove,
                            guint              n_remove,
                            const guint       *replace_index,
                            const OtIncident  *replace,
                            guint              n_replace,
                            const OtIncident  *add,
                            guint              n_add,
                            GError           **error)
{
  return edit (self, label, remove, n_remove, replace_index, replace, n_replace, add, n_add, FALSE, NULL,
               error);
}

gboolean
ot_document_import (OtDocument        *self,
                    const char        *label,
                    const OtIncident  *add,
                    guint              n_add,
                    OtTradeTable      *trade,
                    GError           **error)
{
  return edit (self, label, NULL, 0, NULL, NULL, 0, add, n_add, trade != NULL, trade, error);
}

gboolean
ot_document_import_version (OtDocument *self,
                            OtDataset  *base,
                            OtDataset  *version,
                            const char *label)
{
  gboolean was_dirty, could_undo, could_redo;
  OtDocumentChange changes = 0;
  Command *command;
  guint n, n_base;

  g_return_val_if_fail (OT_IS_DOCUMENT (self), FALSE);
  g_return_val_if_fail (OT_IS_DATASET (version), FALSE);

  if (base != self->dataset || !ot_dataset_is_version_of (version, base))
    return FALSE;
  n_base = ot_dataset_get_n_incidents (base);
  n = ot_dataset_get_n_incidents (version);
  g_return_val_if_fail (n >= n_base, FALSE);

  was_dirty = ot_document_is_dirty (self);
  could_undo = ot_document_can_undo (self);
  could_redo = ot_document_can_redo (self);
  command = command_new (label);
  g_array_set_size (command->inserted_index, n - n_base);
  for (guint i = n_base; i < n; i++)
    g_array_index (command->inserted_index, guint, i - n_base) = i;
  for (guint i = n_base; i < n; i++)
    g_array_append_vals (command->inserted, ot_dataset_get_incident (version, i), 1);
  /* Trade statistics (issue 18): the version carries the table of the
   * case's and the new ones; undo gives back the case's. */
  command_set_trade (self, command, ot_dataset_get_trade (version));
  if (command_is_empty (command))
    {
      command_free (command);
      return TRUE;
    }
  changes = (n > n_base ? OT_DOCUMENT_INCIDENTS : 0) | (command->trade ? OT_DOCUMENT_TRADE : 0);
  command->serial = ++self->next_serial;
  g_ptr_array_add (self->undo, command);
  g_ptr_array_set_size (self->redo, 0);
  g_set_object (&self->dataset, version);
  g_object_freeze_notify (G_OBJECT (self));
  notify_history (self, was_dirty, could_undo, could_redo);
  g_signal_emit (self, signals[CHANGED], 0, changes);
  g_object_thaw_notify (G_OBJECT (self));
  return TRUE;
}

gboolean
ot_document_recount_summary (OtDocument *self,
                             OtDataset  *version)
{
  GObject *source;

  g_return_val_if_fail (OT_IS_DOCUMENT (self), FALSE);
  g_return_val_if_fail (OT_IS_DATASET (version), FALSE);

  source = ot_dataset_get_summary (self->dataset, NULL);
  if (source == NULL || ot_dataset_get_summary (version, NULL) != source ||
      !ot_dataset_is_version_of (version, self->dataset))
    return FALSE;
  g_set_object (&self->dataset, version);
  g_signal_emit (self, signals[CHANGED], 0, OT_DOCUMENT_INCIDENTS);
  return TRUE;
}

gboolean
ot_document_add_incident (OtDocument        *self,
                          const OtIncident  *incident,
                          GError           **error)
{
  g_autofree char *label = NULL;

  g_return_val_if_fail (OT_IS_DOCUMENT (self), FALSE);
  g_return_val_if_fail (incident != NULL, FALSE);

  /* TRANSLATORS: an Undo menu item: "Undo Add Incident 2024-07" */
  label = g_strdup_printf (_("Add Incident %s"), incident->id ? incident->id : "");
  return ot_document_edit_incidents (self, label, NULL, 0, NULL, NULL, 0, incident, 1, error);
}

gboolean
ot_document_replace_incident (OtDocument        *self,
                              guint              index,
                              const OtIncident  *incident,
                              GError           **error)
{
  g_autofree char *label = NULL;

  g_return_val_if_fail (OT_IS_DOCUMENT (self), FALSE);
  g_return_val_if_fail (incident != NULL, FALSE);

  label = g_strdup_printf (_("Edit Incident %s"), incident->id ? incident->id : "");
  return ot_document_edit_incidents (self, label, NULL, 0, &index, incident, 1, NULL, 0, error);
}

gboolean
ot_document_delete_incidents (OtDocument   *self,
                              const guint  *indices,
                              guint         n,
                              GError      **error)
{
  g_autofree char *label = NULL;
  g_autofree guint *sorted = NULL;
  guint distinct = 0;

  g_return_val_if_fail (OT_IS_DOCUMENT (self), FALSE);

  sorted = g_memdup2 (indices, sizeof (guint) * n);
  if (n > 0)
    qsort (sorted, n, sizeof (guint), compare_uint);
  for (guint i = 0; i < n; i++)
    if (i == 0 || sorted[i] != sorted[i - 1])
      sorted[distinct++] = sorted[i];
  if (distinct == 1 && sorted[0] < ot_dataset_get_n_incidents (self->dataset))
    label = g_strdup_printf (_("Delete Incident %s"),
                             ot_dataset_get_incident (self->dataset, sorted[0])->id);
  else
    label = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "Delete %u Incident", "Delete %u Incidents", distinct),
                             distinct);
  return ot_document_edit_incidents (self, label, sorted, distinct, NULL, NULL, 0, NULL, 0, error);
}

/* ---- Aliases -------------------------------------------------------------------- */

const char *
ot_document_get_entity (OtDocument *self,
                        const char *company)
{
  g_return_val_if_fail (OT_IS_DOCUMENT (self), NULL);

  return company ? g_hash_table_lookup (self->tables[TABLE_ALIASES], company) : NULL;
}

/* The company names of @name: an entity's aliases (an alias brings its
 * whole entity), or @name itself. */
static void
add_members (OtDocument *self,
             const char *name,
             GPtrArray  *members)
{
  const char *owner = g_hash_table_lookup (self->tables[TABLE_ALIASES], name);
  GHashTableIter iter;
  gpointer key, value;
  gboolean entity = FALSE;

  if (owner != NULL)
    name = owner;

  g_hash_table_iter_init (&iter, self->tables[TABLE_ALIASES]);
  while (g_hash_table_iter_next (&iter, &key, &value))
    if (strcmp (value, name) == 0)
      {
        if (!g_ptr_array_find_with_equal_func (members, key, g_str_equal, NULL))
          g_ptr_array_add (members, key);
        entity = TRUE;
      }
  if (!entity && !g_ptr_array_find_with_equal_func (members, name, g_str_equal, NULL))
    g_ptr_array_add (members, (gpointer) name);
}

gboolean
ot_document_merge_companies (OtDocument        *self,
                             const char *const *names,
                             guint              n,
                             const char        *display_name,
                             GError           **error)
{
  g_autoptr(GPtrArray) members = g_ptr_array_new ();
  g_autoptr(Command) command = NULL;
  g_autofree char *clean = NULL;

  g_return_val_if_fail (OT_IS_DOCUMENT (self), FALSE);
  g_return_val_if_fail (n == 0 || names != NULL, FALSE);

  clean = g_strstrip (g_strdup (display_name ? display_name : ""));
  if (*clean == '\0')
    {
      g_set_error_literal (error, OT_ERROR, OT_ERROR_INVALID, _("The merged company needs a name"));
      return FALSE;
    }
  for (guint i = 0; i < n; i++)
    if (names[i] != NULL && *names[i] != '\0')
      add_members (self, names[i], members);
  if (members->len < 2)
    {
      g_set_error_literal (error, OT_ERROR, OT_ERROR_INVALID, _("Select at least two companies to merge"));
      return FALSE;
    }

  /* TRANSLATORS: an Undo menu item: "Undo Merge of 3 companies" */
  command = command_new (NULL);
  command->label = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "Merge of %u company",
                                                 "Merge of %u companies", members->len),
                                    members->len);
  for (guint i = 0; i < members->len; i++)
    command_set_row (self, command, TABLE_ALIASES, members->pdata[i], clean);
  run (self, g_steal_pointer (&command));
  return TRUE;
}

gboolean
ot_document_split_entity (OtDocument  *self,
                          const char  *display_name,
                          GError     **error)
{
  g_autoptr(Command) command = NULL;
  g_autoptr(GPtrArray) keys = g_ptr_array_new ();
  GHashTableIter iter;
  gpointer key, value;

  g_return_val_if_fail (OT_IS_DOCUMENT (self), FALSE);

  g_hash_table_iter_init (&iter, self->tables[TABLE_ALIASES]);
  while (g_hash_table_iter_next (&iter, &key, &value))
    if (g_strcmp0 (value, display_name) == 0)
      g_ptr_array_add (keys, key);
  if (keys->len == 0)
    {
      g_set_error (error, OT_ERROR, OT_ERROR_INVALID, _("“%s” is not a merged company"),
                   display_name ? display_name : "");
      return FALSE;
    }
  g_ptr_array_sort (keys, ot_dataset_compare_strings);
  command = command_new (NULL);
  command->label = g_strdup_printf (_("Split of %s"), display_name);
  for (guint i = 0; i < keys->len; i++)
    command_set_row (self, command, TABLE_ALIASES, keys->pdata[i], NULL);
  run (self, g_steal_pointer (&command));
  return TRUE;
}

static char *
pair_key (const char *a,
          const char *b)
{
  return strcmp (a, b) <= 0 ? g_strconcat (a, SEP, b, NULL) : g_strconcat (b, SEP, a, NULL);
}

gboolean
ot_document_reject_alias_pair (OtDocument  *self,
                               const char  *a,
                               const char  *b,
                               GError     **error)
{
  g_autoptr(Command) command = NULL;
  g_autofree char *key = NULL;

  g_return_val_if_fail (OT_IS_DOCUMENT (self), FALSE);

  if (a == NULL || b == NULL || strcmp (a, b) == 0)
    {
      g_set_error_literal (error, OT_ERROR, OT_ERROR_INVALID, _("A suggestion names two companies"));
      return FALSE;
    }
  key = pair_key (a, b);
  command = command_new (_("Reject Suggestion"));
  command_set_row (self, command, TABLE_DECISIONS, key, "rejected");
  run (self, g_steal_pointer (&command));
  return TRUE;
}

gboolean
ot_document_is_pair_rejected (OtDocument *self,
                              const char *a,
                              const char *b)
{
  g_autofree char *key = NULL;

  g_return_val_if_fail (OT_IS_DOCUMENT (self), FALSE);

  if (a == NULL || b == NULL)
    return FALSE;
  key = pair_key (a, b);
  return g_hash_table_contains (self->tables[TABLE_DECISIONS], key);
}

/* ---- Annotations ------------------------------------------------------------------ */

static gboolean
valid_kind (const char *kind)
{
  return g_strcmp0 (kind, "place") == 0 || g_strcmp0 (kind, "flow") == 0 ||
         g_strcmp0 (kind, "incident") == 0;
}

gboolean
ot_document_set_annotation (OtDocument  *self,
                            const char  *kind,
                            const char  *key,
                            const char  *text,
                            GError     **error)
{
  g_autoptr(Command) command = NULL;
  g_autofree char *row = NULL;
  const char *label;
  const char *before;

  g_return_val_if_fail (OT_IS_DOCUMENT (self), FALSE);

  if (!valid_kind (kind) || key == NULL || *key == '\0')
    {
      g_set_error (error, OT_ERROR, OT_ERROR_INVALID, _("A note is on a place, a flow or an incident, not “%s”"),
                   kind ? kind : "");
      return FALSE;
    }
  if (text != NULL && *text == '\0')
    text = NULL;
  row = g_strconcat (kind, SEP, key, NULL);
  before = g_hash_table_lookup (self->tables[TABLE_ANNOTATIONS], row);
  label = text == NULL ? _("Delete Note") : before == NULL ? _("Add Note") : _("Edit Note");
  command = command_new (label);
  command_set_row (self, command, TABLE_ANNOTATIONS, row, text);
  run (self, g_steal_pointer (&command));
  return TRUE;
}

const char *
ot_document_get_annotation (OtDocument *self,
                            const char *kind,
                            const char *key)
{
  g_autofree char *row = NULL;

  g_return_val_if_fail (OT_IS_DOCUMENT (self), NULL);

  if (kind == NULL || key == NULL)
    return NULL;
  row = g_strconcat (kind, SEP, key, NULL);
  return g_hash_table_lookup (self->tables[TABLE_ANNOTATIONS], row);
}

static char *format_pin (double x, double y);

/* ---- Pins ----------------------------------------------------------------------------- */

gboolean
ot_document_pin_vertices (OtDocument        *self,
                          const char        *view,
                          const char *const *keys,
                          const double      *xs,
                          const double      *ys,
                          guint              n,
                          const char        *name,
                          GError           **error)
{
  g_autoptr(Command) command = NULL;

  g_return_val_if_fail (OT_IS_DOCUMENT (self), FALSE);
  g_return_val_if_fail (view != NULL, FALSE);

  command = command_new (NULL);
  if (n == 1)
    /* TRANSLATORS: a command of the Undo menu ("Undo Move of China"); %s a place's name */
    command->label = g_strdup_printf (_("Move of %s"), name != NULL ? name : keys[0]);
  else
    command->label = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "Move of %u place", "Move of %u places", n), n);
  for (guint i = 0; i < n; i++)
    {
      g_autofree char *row = NULL;
      g_autofree char *value = NULL;

      if (!isfinite (xs[i]) || !isfinite (ys[i]) || keys[i] == NULL)
        {
          g_set_error_literal (error, OT_ERROR, OT_ERROR_INVALID, _("A place can only be pinned at a finite position"));
          return FALSE;
        }
      row = g_strconcat (view, SEP, keys[i], NULL);
      value = format_pin (xs[i], ys[i]);
      command_set_row (self, command, TABLE_PINS, row, value);
    }
  run (self, g_steal_pointer (&command));
  return TRUE;
}

gboolean
ot_document_unpin_all (OtDocument *self,
                       const char *view)
{
  g_autoptr(Command) command = NULL;
  g_autoptr(GPtrArray) keys = g_ptr_array_new ();
  g_autofree char *prefix = NULL;
  GHashTableIter iter;
  gpointer key;

  g_return_val_if_fail (OT_IS_DOCUMENT (self), FALSE);

  prefix = g_strconcat (view, SEP, NULL);
  g_hash_table_iter_init (&iter, self->tables[TABLE_PINS]);
  while (g_hash_table_iter_next (&iter, &key, NULL))
    if (g_str_has_prefix (key, prefix))
      g_ptr_array_add (keys, key);
  if (keys->len == 0)
    return FALSE;
  g_ptr_array_sort (keys, ot_dataset_compare_strings);
  command = command_new (_("Re-layout"));
  for (guint i = 0; i < keys->len; i++)
    command_set_row (self, command, TABLE_PINS, keys->pdata[i], NULL);
  run (self, g_steal_pointer (&command));
  return TRUE;
}

/* "x y", exact (%.17g) in any locale. */
static char *
format_pin (double x,
            double y)
{
  char bx[G_ASCII_DTOSTR_BUF_SIZE], by[G_ASCII_DTOSTR_BUF_SIZE];

  return g_strconcat (g_ascii_formatd (bx, sizeof bx, "%.17g", x), " ",
                      g_ascii_formatd (by, sizeof by, "%.17g", y), NULL);
}

static gboolean
parse_pin (const char *value,
           double     *x,
           double     *y)
{
  char *end;

  *x = g_ascii_strtod (value, &end);
  if (*end != ' ')
    return FALSE;
  *y = g_ascii_strtod (end + 1, &end);
  return *end == '\0' && isfinite (*x) && isfinite (*y);
}

GHashTable *
ot_document_dup_pins (OtDocument *self,
                      const char *view)
{
  GHashTable *pins = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  g_autofree char *prefix = NULL;
  GHashTableIter iter;
  gpointer key, value;
  gsize skip;

  g_return_val_if_fail (OT_IS_DOCUMENT (self), pins);

  prefix = g_strconcat (view, SEP, NULL);
  skip = strlen (prefix);
  g_hash_table_iter_init (&iter, self->tables[TABLE_PINS]);
  while (g_hash_table_iter_next (&iter, &key, &value))
    {
      double *point = g_new (double, 2);

      if (g_str_has_prefix (key, prefix) && parse_pin (value, &point[0], &point[1]))
        g_hash_table_insert (pins, g_strdup ((const char *) key + skip), point);
      else
        g_free (point);
    }
  return pins;
}

/* ---- Saved views ---------------------------------------------------------------------- */

gboolean
ot_document_save_view (OtDocument  *self,
                       const char  *name,
                       const char  *filter,
                       const char  *view,
                       const char  *projection,
                       const char  *viewport,
                       GError     **error)
{
  g_autoptr(Command) command = NULL;
  g_autofree char *value = NULL;

  g_return_val_if_fail (OT_IS_DOCUMENT (self), FALSE);

  if (name == NULL || *name == '\0')
    {
      g_set_error_literal (error, OT_ERROR, OT_ERROR_INVALID, _("A saved view needs a name"));
      return FALSE;
    }
  value = g_strjoin (SEP, filter ? filter : "", view ? view : "", projection ? projection : "",
                     viewport ? viewport : "", NULL);
  command = command_new (NULL);
  command->label = g_strdup_printf (_("Save View “%s”"), name);
  command_set_row (self, command, TABLE_VIEWS, name, value);
  run (self, g_steal_pointer (&command));
  return TRUE;
}

gboolean
ot_document_delete_view (OtDocument  *self,
                         const char  *name,
                         GError     **error)
{
  g_autoptr(Command) command = NULL;

  g_return_val_if_fail (OT_IS_DOCUMENT (self), FALSE);

  if (name == NULL || !g_hash_table_contains (self->tables[TABLE_VIEWS], name))
    {
      g_set_error (error, OT_ERROR, OT_ERROR_INVALID, _("No saved view “%s”"), name ? name : "");
      return FALSE;
    }
  command = command_new (NULL);
  command->label = g_strdup_printf (_("Delete View “%s”"), name);
  command_set_row (self, command, TABLE_VIEWS, name, NULL);
  run (self, g_steal_pointer (&command));
  return TRUE;
}

/* ---- Tables in and out ------------------------------------------------------------------ */

static GPtrArray *
sorted_keys (GHashTable *table)
{
  GPtrArray *keys = g_ptr_array_sized_new (g_hash_table_size (table));
  GHashTableIter iter;
  gpointer key;

  g_hash_table_iter_init (&iter, table);
  while (g_hash_table_iter_next (&iter, &key, NULL))
    g_ptr_array_add (keys, key);
  g_ptr_array_sort (keys, ot_dataset_compare_strings);
  return keys;
}

OtCaseTables *
ot_document_dup_tables (OtDocument *self)
{
  OtCaseTables *tables = ot_case_tables_new ();
  g_autoptr(GPtrArray) keys = NULL;

  g_return_val_if_fail (OT_IS_DOCUMENT (self), tables);

  keys = sorted_keys (self->tables[TABLE_ALIASES]);
  for (guint i = 0; i < keys->len; i++)
    {
      const char *name = g_hash_table_lookup (self->tables[TABLE_ALIASES], keys->pdata[i]);

      /* An entity is its display name (docs/case-file.md). */
      ot_case_tables_add_alias (tables, keys->pdata[i], name, name);
    }
  g_clear_pointer (&keys, g_ptr_array_unref);

  keys = sorted_keys (self->tables[TABLE_DECISIONS]);
  for (guint i = 0; i < keys->len; i++)
    {
      g_auto(GStrv) pair = g_strsplit (keys->pdata[i], SEP, 2);

      ot_case_tables_add_decision (tables, pair[0], pair[1]);
    }
  g_clear_pointer (&keys, g_ptr_array_unref);

  keys = sorted_keys (self->tables[TABLE_PINS]);
  for (guint i = 0; i < keys->len; i++)
    {
      g_auto(GStrv) target = g_strsplit (keys->pdata[i], SEP, 2);
      double x, y;

      if (parse_pin (g_hash_table_lookup (self->tables[TABLE_PINS], keys->pdata[i]), &x, &y))
        ot_case_tables_add_pin (tables, target[0], target[1], x, y);
    }
  g_clear_pointer (&keys, g_ptr_array_unref);

  keys = sorted_keys (self->tables[TABLE_ANNOTATIONS]);
  for (guint i = 0; i < keys->len; i++)
    {
      g_auto(GStrv) target = g_strsplit (keys->pdata[i], SEP, 2);

      ot_case_tables_add_annotation (tables, target[0], target[1],
                                     g_hash_table_lookup (self->tables[TABLE_ANNOTATIONS], keys->pdata[i]));
    }
  g_clear_pointer (&keys, g_ptr_array_unref);

  keys = sorted_keys (self->tables[TABLE_VIEWS]);
  for (guint i = 0; i < keys->len; i++)
    {
      g_auto(GStrv) parts = g_strsplit (g_hash_table_lookup (self->tables[TABLE_VIEWS], keys->pdata[i]), SEP, 4);

      if (g_strv_length (parts) == 4)
        ot_case_tables_add_saved_view (tables, keys->pdata[i], parts[0], parts[1], parts[2], parts[3]);
    }

  tables->created = g_strdup (self->created);
  tables->application = g_strdup (self->application);
  return tables;
}

static void
load_tables (OtDocument   *self,
             OtCaseTables *tables)
{
  for (guint i = 0; i < tables->aliases->len; i++)
    {
      const OtCaseAlias *a = g_ptr_array_index (tables->aliases, i);

      if (a->key != NULL && a->name != NULL)
        set_row (self, TABLE_ALIASES, a->key, a->name);
    }
  for (guint i = 0; i < tables->alias_decisions->len; i++)
    {
      const OtCaseAliasDecision *d = g_ptr_array_index (tables->alias_decisions, i);
      g_autofree char *key = NULL;

      if (d->key_a == NULL || d->key_b == NULL)
        continue;
      key = pair_key (d->key_a, d->key_b);
      set_row (self, TABLE_DECISIONS, key, "rejected");
    }
  for (guint i = 0; i < tables->pins->len; i++)
    {
      const OtCasePin *p = g_ptr_array_index (tables->pins, i);
      g_autofree char *key = NULL;
      g_autofree char *value = NULL;

      if (p->view == NULL || p->vertex == NULL || !isfinite (p->x) || !isfinite (p->y))
        continue;
      key = g_strconcat (p->view, SEP, p->vertex, NULL);
      value = format_pin (p->x, p->y);
      set_row (self, TABLE_PINS, key, value);
    }
  for (guint i = 0; i < tables->annotations->len; i++)
    {
      const OtCaseAnnotation *a = g_ptr_array_index (tables->annotations, i);
      g_autofree char *key = NULL;

      if (!valid_kind (a->target_kind) || a->target_key == NULL || a->text == NULL || *a->text == '\0')
        continue;
      key = g_strconcat (a->target_kind, SEP, a->target_key, NULL);
      set_row (self, TABLE_ANNOTATIONS, key, a->text);
    }
  for (guint i = 0; i < tables->saved_views->len; i++)
    {
      const OtCaseSavedView *v = g_ptr_array_index (tables->saved_views, i);
      g_autofree char *value = NULL;

      if (v->name == NULL)
        continue;
      value = g_strjoin (SEP, v->filter ? v->filter : "", v->view ? v->view : "",
                         v->projection ? v->projection : "", v->viewport ? v->viewport : "", NULL);
      set_row (self, TABLE_VIEWS, v->name, value);
    }
  self->created = g_strdup (tables->created);
  self->application = g_strdup (tables->application);
}

/* ---- Dump ------------------------------------------------------------------------------ */

static void
dump_text (GString    *out,
           const char *text)
{
  g_string_append_c (out, '|');
  if (text == NULL)
    g_string_append (out, "\\N");
  else
    g_string_append (out, text);
}

static void
dump_number (GString *out,
             double   value)
{
  char buffer[G_ASCII_DTOSTR_BUF_SIZE];

  g_string_append_c (out, '|');
  g_string_append (out, isnan (value) ? "nan" : g_ascii_formatd (buffer, sizeof buffer, "%.17g", value));
}

char *
ot_document_dump (OtDocument *self)
{
  GString *out = g_string_new (NULL);

  g_return_val_if_fail (OT_IS_DOCUMENT (self), NULL);

  for (guint i = 0; i < ot_dataset_get_n_incidents (self->dataset); i++)
    {
      const OtIncident *c = ot_dataset_get_incident (self->dataset, i);

      g_string_append_printf (out, "incident %u|%d-%d-%d/%d|%d|%d|%d|%d|%d|%d|%d", i,
                              c->date.year, c->date.month, c->date.day, c->date.precision,
                              c->mineral, c->form, c->status, c->confidence, c->reliability,
                              c->credibility, c->illustrative);
      dump_text (out, c->id);
      dump_text (out, c->hs_code);
      dump_number (out, c->quantity_kg);
      dump_number (out, c->value);
      dump_text (out, c->currency);
      dump_text (out, c->declared_as);
      dump_text (out, c->concealment);
      g_string_append_printf (out, "|%s|%s|%s", c->origin.code, c->destination.code, c->event_country.code);
      dump_text (out, c->exporter);
      dump_text (out, c->consignee);
      for (guint j = 0; j < c->n_via; j++)
        {
          g_string_append_printf (out, "|via %s", c->via[j].country.code);
          dump_text (out, c->via[j].port);
        }
      dump_text (out, c->event_place);
      dump_text (out, c->authority);
      dump_text (out, c->case_ref);
      dump_text (out, c->source);
      dump_text (out, c->source_url);
      dump_text (out, c->notes);
      for (guint j = 0; j < c->n_extras; j++)
        {
          dump_text (out, c->extras[j].key);
          dump_text (out, c->extras[j].value);
        }
      dump_text (out, c->file);
      if (c->sheet != NULL)
        dump_text (out, c->sheet);
      g_string_append_printf (out, "|%u\n", c->line);
      /* What the views see of its companies. */
      if (ot_dataset_has_aliases (self->dataset))
        {
          dump_text (out, ot_dataset_resolve_company (self->dataset, c->exporter));
          dump_text (out, ot_dataset_resolve_company (self->dataset, c->consignee));
          g_string_append_c (out, '\n');
        }
    }
  if (ot_dataset_get_trade (self->dataset) != NULL)
    {
      OtTradeTable *trade = ot_dataset_get_trade (self->dataset);
      const char * const *files = ot_trade_table_get_files (trade);

      for (guint i = 0; i < ot_trade_table_get_n_rows (trade); i++)
        {
          OtTradeRow r;

          ot_trade_table_get_row (trade, i, &r);
          g_string_append_printf (out, "trade %u|%u|%u|%u|%u|%u|%u|%u|%u", i, r.reporter, r.partner, r.flow,
                                  r.flags, r.currency, r.span, r.product, r.month);
          dump_number (out, r.kg);
          dump_number (out, r.value);
          dump_text (out, files[r.file]);
          g_string_append_printf (out, "|%u\n", r.line);
        }
    }
  for (Table t = 0; t < N_TABLES; t++)
    {
      g_autoptr(GPtrArray) keys = sorted_keys (self->tables[t]);

      for (guint i = 0; i < keys->len; i++)
        g_string_append_printf (out, "table %d|%s|%s\n", t, (const char *) keys->pdata[i],
                                (const char *) g_hash_table_lookup (self->tables[t], keys->pdata[i]));
    }
  return g_string_free (out, FALSE);
}

/* ---- GObject -------------------------------------------------------------------------------- */

static void
ot_document_finalize (GObject *object)
{
  OtDocument *self = OT_DOCUMENT (object);

  g_clear_object (&self->dataset);
  for (Table t = 0; t < N_TABLES; t++)
    g_clear_pointer (&self->tables[t], g_hash_table_unref);
  g_clear_pointer (&self->undo, g_ptr_array_unref);
  g_clear_pointer (&self->redo, g_ptr_array_unref);
  g_free (self->created);
  g_free (self->application);

  G_OBJECT_CLASS (ot_document_parent_class)->finalize (object);
}

static void
ot_document_get_property (GObject    *object,
                          guint       prop_id,
                          GValue     *value,
                          GParamSpec *pspec)
{
  OtDocument *self = OT_DOCUMENT (object);

  switch (prop_id)
    {
    case PROP_DIRTY:
      g_value_set_boolean (value, ot_document_is_dirty (self));
      break;
    case PROP_CAN_UNDO:
      g_value_set_boolean (value, ot_document_can_undo (self));
      break;
    case PROP_CAN_REDO:
      g_value_set_boolean (value, ot_document_can_redo (self));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
ot_document_class_init (OtDocumentClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = ot_document_finalize;
  object_class->get_property = ot_document_get_property;

  properties[PROP_DIRTY] =
    g_param_spec_boolean ("dirty", NULL, NULL, FALSE, G_PARAM_READABLE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);
  properties[PROP_CAN_UNDO] =
    g_param_spec_boolean ("can-undo", NULL, NULL, FALSE, G_PARAM_READABLE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);
  properties[PROP_CAN_REDO] =
    g_param_spec_boolean ("can-redo", NULL, NULL, FALSE, G_PARAM_READABLE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  /* OtDocument::changed: (changes: OtDocumentChange flags) after a
   * command, an undo or a redo. */
  signals[CHANGED] =
    g_signal_new ("changed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
                  G_TYPE_NONE, 1, G_TYPE_UINT);
}

static void
ot_document_init (OtDocument *self)
{
  for (Table t = 0; t < N_TABLES; t++)
    self->tables[t] = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  self->undo = g_ptr_array_new_with_free_func (command_free);
  self->redo = g_ptr_array_new_with_free_func (command_free);
}

OtDocument *
ot_document_new (OtDataset *dataset)
{
  OtDocument *self;
  g_autoptr(OtCaseTables) tables = NULL;

  g_return_val_if_fail (dataset == NULL || OT_IS_DATASET (dataset), NULL);

  self = g_object_new (OT_TYPE_DOCUMENT, NULL);
  if (dataset == NULL)
    {
      self->dataset = ot_dataset_new ();
      return self;
    }
  tables = ot_dataset_steal_case_tables (dataset);
  if (tables != NULL)
    load_tables (self, tables);
  else if (ot_dataset_has_aliases (dataset))
    {
      /* A file that names companies by several names (FtM's aliases,
       * issue 19) opens with them merged, as the merge window would. */
      g_autoptr(GPtrArray) keys = ot_dataset_get_alias_keys (dataset);

      for (guint i = 0; i < keys->len; i++)
        set_row (self, TABLE_ALIASES, keys->pdata[i], ot_dataset_resolve_company (dataset, keys->pdata[i]));
    }
  if (g_hash_table_size (self->tables[TABLE_ALIASES]) > 0)
    {
      /* The loaded dataset is its first version's storage. */
      self->dataset = ot_dataset_new_version (dataset);
      apply_aliases (self, self->dataset);
    }
  else
    self->dataset = g_object_ref (dataset);
  return self;
}

OtDataset *
ot_document_get_dataset (OtDocument *self)
{
  g_return_val_if_fail (OT_IS_DOCUMENT (self), NULL);

  return self->dataset;
}
