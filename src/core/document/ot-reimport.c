/* SPDX-License-Identifier: GPL-3.0-or-later */
/* ot-reimport.c: the diff of a case and an updated file, by incident id,
 * and its application as one document command (ot-reimport.h). */
#include "ot-reimport.h"
#include "ot-error.h"
#include "ot-loader.h"
#include "ot-writer.h"

#include <glib/gi18n-lib.h>
#include <math.h>
#include <string.h>

struct _OtReimport
{
  OtDataset  *case_dataset;
  OtDataset  *updated;
  GArray     *rows;              /* of OtReimportRow, in their final order */
  guint       counts[OT_REIMPORT_N_KINDS];
  guint       n_unchanged;
  guint       n_errors;
  char       *label;
};

static void
clear_row (OtReimportRow *row)
{
  OtReimportChange *changes = (OtReimportChange *) row->changes;

  for (guint i = 0; i < row->n_changes; i++)
    {
      g_free (changes[i].before);
      g_free (changes[i].after);
    }
  g_free (changes);
}

void
ot_reimport_free (OtReimport *self)
{
  if (self == NULL)
    return;
  for (guint i = 0; i < self->rows->len; i++)
    clear_row (&g_array_index (self->rows, OtReimportRow, i));
  g_array_unref (self->rows);
  g_object_unref (self->case_dataset);
  g_object_unref (self->updated);
  g_free (self->label);
  g_free (self);
}

/* --- Comparing two incidents ------------------------------------------- */

static gboolean
same_number (double a,
             double b)
{
  return (isnan (a) && isnan (b)) || a == b;
}

static gboolean
same_country (OtCountry a,
              OtCountry b)
{
  return strncmp (a.code, b.code, sizeof a.code) == 0;
}

static gboolean
same_via (const OtIncident *a,
          const OtIncident *b)
{
  if (a->n_via != b->n_via)
    return FALSE;
  for (guint i = 0; i < a->n_via; i++)
    if (!same_country (a->via[i].country, b->via[i].country) ||
        g_strcmp0 (a->via[i].port, b->via[i].port) != 0)
      return FALSE;
  return TRUE;
}

/* Whether @column reads the same in both.  The unit is not compared: the
 * loader turns every quantity into kg, so "0.6 t" and "600 kg" agree. */
static gboolean
same_column (const OtIncident *a,
             const OtIncident *b,
             OtColumn          column)
{
  switch (column)
    {
    case OT_COLUMN_ID: return g_strcmp0 (a->id, b->id) == 0;
    case OT_COLUMN_DATE:
      return a->date.precision == b->date.precision && a->date.year == b->date.year &&
             a->date.month == b->date.month && a->date.day == b->date.day;
    case OT_COLUMN_MINERAL: return a->mineral == b->mineral;
    case OT_COLUMN_FORM: return a->form == b->form;
    case OT_COLUMN_HS_CODE: return g_strcmp0 (a->hs_code, b->hs_code) == 0;
    case OT_COLUMN_QUANTITY: return same_number (a->quantity_kg, b->quantity_kg);
    case OT_COLUMN_UNIT: return TRUE;
    case OT_COLUMN_VALUE: return same_number (a->value, b->value);
    case OT_COLUMN_CURRENCY: return g_strcmp0 (a->currency, b->currency) == 0;
    case OT_COLUMN_DECLARED_AS: return g_strcmp0 (a->declared_as, b->declared_as) == 0;
    case OT_COLUMN_CONCEALMENT: return g_strcmp0 (a->concealment, b->concealment) == 0;
    case OT_COLUMN_ORIGIN: return same_country (a->origin, b->origin);
    case OT_COLUMN_EXPORTER: return g_strcmp0 (a->exporter, b->exporter) == 0;
    case OT_COLUMN_VIA: return same_via (a, b);
    case OT_COLUMN_DESTINATION: return same_country (a->destination, b->destination);
    case OT_COLUMN_CONSIGNEE: return g_strcmp0 (a->consignee, b->consignee) == 0;
    case OT_COLUMN_STATUS: return a->status == b->status;
    case OT_COLUMN_CONFIDENCE: return a->confidence == b->confidence;
    case OT_COLUMN_RELIABILITY: return a->reliability == b->reliability;
    case OT_COLUMN_CREDIBILITY: return a->credibility == b->credibility;
    case OT_COLUMN_EVENT_COUNTRY: return same_country (a->event_country, b->event_country);
    case OT_COLUMN_EVENT_PLACE: return g_strcmp0 (a->event_place, b->event_place) == 0;
    case OT_COLUMN_AUTHORITY: return g_strcmp0 (a->authority, b->authority) == 0;
    case OT_COLUMN_CASE_REF: return g_strcmp0 (a->case_ref, b->case_ref) == 0;
    case OT_COLUMN_ILLUSTRATIVE: return !a->illustrative == !b->illustrative;
    case OT_COLUMN_SOURCE: return g_strcmp0 (a->source, b->source) == 0;
    case OT_COLUMN_SOURCE_URL: return g_strcmp0 (a->source_url, b->source_url) == 0;
    case OT_COLUMN_NOTES: return g_strcmp0 (a->notes, b->notes) == 0;
    case OT_N_COLUMNS:
    default:
      g_assert_not_reached ();
    }
}

static const char *
extra_value (const OtIncident *incident,
             const char       *key)
{
  for (guint i = 0; i < incident->n_extras; i++)
    if (strcmp (incident->extras[i].key, key) == 0)
      return incident->extras[i].value;
  return NULL;
}

static void
add_change (GArray     *changes,
            const char *column,
            char       *before,
            char       *after)
{
  OtReimportChange change = { column, before, after };

  g_array_append_val (changes, change);
}

/* The extra columns whose values differ: @a's keys in order, then the
 * keys only @b has. */
static void
diff_extras (const OtIncident *a,
             const OtIncident *b,
             GArray           *changes)
{
  for (guint i = 0; i < a->n_extras; i++)
    {
      const char *after = extra_value (b, a->extras[i].key);

      if (g_strcmp0 (a->extras[i].value, after) != 0)
        add_change (changes, a->extras[i].key, g_strdup (a->extras[i].value), g_strdup (after));
    }
  for (guint i = 0; i < b->n_extras; i++)
    if (extra_value (a, b->extras[i].key) == NULL && b->extras[i].value != NULL)
      add_change (changes, b->extras[i].key, NULL, g_strdup (b->extras[i].value));
}

/* Whether anything differs; the cheap test, with no allocation, that
 * nearly every incident of a large file passes. */
static gboolean
incidents_differ (const OtIncident *a,
                  const OtIncident *b)
{
  for (OtColumn c = 0; c < OT_N_COLUMNS; c++)
    if (!same_column (a, b, c))
      return TRUE;
  if (a->n_extras != b->n_extras)
    return TRUE;
  for (guint i = 0; i < a->n_extras; i++)
    if (g_strcmp0 (a->extras[i].value, extra_value (b, a->extras[i].key)) != 0)
      return TRUE;
  return FALSE;
}

static void
diff_incidents (const OtIncident *a,
                const OtIncident *b,
                OtReimportRow    *row)
{
  GArray *changes = g_array_new (FALSE, FALSE, sizeof (OtReimportChange));

  for (OtColumn c = 0; c < OT_N_COLUMNS; c++)
    if (!same_column (a, b, c))
      add_change (changes, ot_column_name (c),
                  ot_writer_column_text (a, c), ot_writer_column_text (b, c));
  diff_extras (a, b, changes);
  row->n_changes = changes->len;
  row->changes = (const OtReimportChange *) g_array_free (changes, FALSE);
}

/* --- Which incidents came from the re-imported files -------------------- */

/* Whether @name (as a loader named a file) is the file @other names:
 * the same text, or the same file once both are resolved against the
 * working folder (a name is relative to it when the file is inside it). */
static gboolean
same_file_name (const char *name,
                const char *other)
{
  g_autoptr(GFile) a = NULL;
  g_autoptr(GFile) b = NULL;

  if (strcmp (name, other) == 0)
    return TRUE;
  a = g_file_new_for_commandline_arg (name);
  b = g_file_new_for_commandline_arg (other);
  return g_file_equal (a, b);
}

typedef struct {
  const char * const *files;     /* the updated dataset's */
  GHashTable         *verdicts;  /* a case incident's file (pointer) -> 1 + file index, or 0 */
} FileMatch;

/* 1 + the index of the re-imported file @name is, or 0. */
static guint
match_file (FileMatch  *match,
            const char *name)
{
  gpointer found;

  if (name == NULL || match->files == NULL)
    return 0;
  if (g_hash_table_lookup_extended (match->verdicts, name, NULL, &found))
    return GPOINTER_TO_UINT (found);
  for (guint i = 0; match->files[i] != NULL; i++)
    if (same_file_name (name, match->files[i]))
      {
        g_hash_table_insert (match->verdicts, (gpointer) name, GUINT_TO_POINTER (i + 1));
        return i + 1;
      }
  g_hash_table_insert (match->verdicts, (gpointer) name, GUINT_TO_POINTER (0));
  return 0;
}

/* Per re-imported file, whether it has errors (rows it could not read,
 * or the whole file). */
static gboolean *
files_with_errors (OtReimport         *self,
                   const char * const *files,
                   guint               n_files)
{
  GPtrArray *problems = ot_dataset_get_problems (self->updated);
  gboolean *with_errors = g_new0 (gboolean, n_files + 1);

  for (guint i = 0; i < problems->len; i++)
    {
      const OtProblem *problem = problems->pdata[i];

      if (problem->severity != OT_SEVERITY_ERROR)
        continue;
      self->n_errors++;
      for (guint f = 0; f < n_files; f++)
        if (problem->file != NULL && strcmp (problem->file, files[f]) == 0)
          with_errors[f] = TRUE;
    }
  return with_errors;
}

/* --- The diff ------------------------------------------------------------- */

static int
compare_case_index (gconstpointer a,
                    gconstpointer b)
{
  const OtReimportRow *ra = a, *rb = b;

  return (ra->case_index > rb->case_index) - (ra->case_index < rb->case_index);
}

static char *
make_label (const char * const *files)
{
  guint n = files != NULL ? g_strv_length ((char **) files) : 0;
  g_autofree char *base = NULL;

  if (n != 1)
    return g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "Re-import of %u file",
                                         "Re-import of %u files", n), n);
  base = g_path_get_basename (files[0]);
  /* Translators: the Undo menu says "Undo Re-import of incidents.csv" */
  return g_strdup_printf (_("Re-import of %s"), base);
}

OtReimport *
ot_reimport_diff (OtDataset     *case_dataset,
                  OtDataset     *updated,
                  GCancellable  *cancellable,
                  GError       **error)
{
  g_autoptr(OtReimport) self = NULL;
  g_autoptr(GArray) changed = NULL;
  g_autoptr(GArray) added = NULL;
  g_autoptr(GArray) gone = NULL;
  g_autofree gboolean *with_errors = NULL;
  FileMatch match;
  const char * const *files;
  guint n_case, n_updated, n_files;

  g_return_val_if_fail (OT_IS_DATASET (case_dataset), NULL);
  g_return_val_if_fail (OT_IS_DATASET (updated), NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  self = g_new0 (OtReimport, 1);
  self->case_dataset = g_object_ref (case_dataset);
  self->updated = g_object_ref (updated);
  self->rows = g_array_new (FALSE, FALSE, sizeof (OtReimportRow));
  files = ot_dataset_get_files (updated);
  n_files = files != NULL ? g_strv_length ((char **) files) : 0;
  self->label = make_label (files);
  with_errors = files_with_errors (self, files, n_files);

  n_case = ot_dataset_get_n_incidents (case_dataset);
  n_updated = ot_dataset_get_n_incidents (updated);
  changed = g_array_new (FALSE, FALSE, sizeof (OtReimportRow));
  /* Their changes are freed with the array if the diff is cancelled. */
  g_array_set_clear_func (changed, (GDestroyNotify) clear_row);
  added = g_array_new (FALSE, FALSE, sizeof (OtReimportRow));
  gone = g_array_new (FALSE, FALSE, sizeof (OtReimportRow));

  /* The file's incidents: added, changed or unchanged. */
  for (guint i = 0; i < n_updated; i++)
    {
      const OtIncident *after = ot_dataset_get_incident (updated, i);
      gint index = ot_dataset_find (case_dataset, after->id);
      OtReimportRow row = { 0 };

      if (i % 4096 == 0 && g_cancellable_set_error_if_cancelled (cancellable, error))
        return NULL;
      row.id = after->id;
      row.after = after;
      if (index < 0)
        {
          row.kind = OT_REIMPORT_ADDED;
          g_array_append_val (added, row);
          continue;
        }
      row.before = ot_dataset_get_incident (case_dataset, index);
      row.case_index = index;
      if (!incidents_differ (row.before, after))
        {
          self->n_unchanged++;
          continue;
        }
      row.kind = OT_REIMPORT_CHANGED;
      diff_incidents (row.before, after, &row);
      g_array_append_val (changed, row);
    }
  g_array_sort (changed, compare_case_index);

  /* The case's incidents of those files that the file no longer has. */
  match.files = files;
  match.verdicts = g_hash_table_new (g_direct_hash, g_direct_equal);
  for (guint i = 0; i < n_case; i++)
    {
      const OtIncident *before = ot_dataset_get_incident (case_dataset, i);
      OtReimportRow row = { 0 };
      guint file;

      if (i % 4096 == 0 && g_cancellable_is_cancelled (cancellable))
        break;
      file = match_file (&match, before->file);
      if (file == 0 || ot_dataset_find (updated, before->id) >= 0)
        continue;
      row.kind = with_errors[file - 1] ? OT_REIMPORT_KEPT : OT_REIMPORT_REMOVED;
      row.id = before->id;
      row.before = before;
      row.case_index = i;
      g_array_append_val (gone, row);
    }
  g_hash_table_unref (match.verdicts);
  if (g_cancellable_set_error_if_cancelled (cancellable, error))
    return NULL;

  g_array_append_vals (self->rows, changed->data, changed->len);
  g_array_set_clear_func (changed, NULL);   /* the rows own them now */
  g_array_append_vals (self->rows, added->data, added->len);
  for (OtReimportKind kind = OT_REIMPORT_REMOVED; kind <= OT_REIMPORT_KEPT; kind++)
    for (guint i = 0; i < gone->len; i++)
      if (g_array_index (gone, OtReimportRow, i).kind == kind)
        g_array_append_val (self->rows, g_array_index (gone, OtReimportRow, i));
  for (guint i = 0; i < self->rows->len; i++)
    self->counts[g_array_index (self->rows, OtReimportRow, i).kind]++;
  return g_steal_pointer (&self);
}

/* --- Reading it ------------------------------------------------------------- */

guint
ot_reimport_count (OtReimport     *self,
                   OtReimportKind  kind)
{
  g_return_val_if_fail (self != NULL, 0);
  g_return_val_if_fail (kind < OT_REIMPORT_N_KINDS, 0);

  return self->counts[kind];
}

guint
ot_reimport_get_n_unchanged (OtReimport *self)
{
  g_return_val_if_fail (self != NULL, 0);

  return self->n_unchanged;
}

gboolean
ot_reimport_is_empty (OtReimport *self)
{
  g_return_val_if_fail (self != NULL, TRUE);

  return self->counts[OT_REIMPORT_ADDED] + self->counts[OT_REIMPORT_CHANGED] +
         self->counts[OT_REIMPORT_REMOVED] == 0;
}

guint
ot_reimport_get_n_rows (OtReimport *self)
{
  g_return_val_if_fail (self != NULL, 0);

  return self->rows->len;
}

const OtReimportRow *
ot_reimport_get_row (OtReimport *self,
                     guint       index)
{
  g_return_val_if_fail (self != NULL, NULL);
  g_return_val_if_fail (index < self->rows->len, NULL);

  return &g_array_index (self->rows, OtReimportRow, index);
}

GPtrArray *
ot_reimport_get_problems (OtReimport *self)
{
  g_return_val_if_fail (self != NULL, NULL);

  return ot_dataset_get_problems (self->updated);
}

guint
ot_reimport_get_n_errors (OtReimport *self)
{
  g_return_val_if_fail (self != NULL, 0);

  return self->n_errors;
}

const char * const *
ot_reimport_get_files (OtReimport *self)
{
  g_return_val_if_fail (self != NULL, NULL);

  return ot_dataset_get_files (self->updated);
}

const char *
ot_reimport_get_label (OtReimport *self)
{
  g_return_val_if_fail (self != NULL, NULL);

  return self->label;
}

OtDataset *
ot_reimport_get_case_dataset (OtReimport *self)
{
  g_return_val_if_fail (self != NULL, NULL);

  return self->case_dataset;
}

char *
ot_reimport_to_string (OtReimport *self)
{
  static const char * const kinds[] = { "added", "changed", "removed", "kept" };
  GString *out = g_string_new (NULL);

  g_return_val_if_fail (self != NULL, NULL);

  g_string_append_printf (out, "%u added, %u changed, %u removed, %u kept, %u unchanged\n",
                          self->counts[OT_REIMPORT_ADDED], self->counts[OT_REIMPORT_CHANGED],
                          self->counts[OT_REIMPORT_REMOVED], self->counts[OT_REIMPORT_KEPT],
                          self->n_unchanged);
  for (guint i = 0; i < self->rows->len; i++)
    {
      const OtReimportRow *row = &g_array_index (self->rows, OtReimportRow, i);

      g_string_append_printf (out, "%s %s", kinds[row->kind], row->id);
      for (guint k = 0; k < row->n_changes; k++)
        g_string_append_printf (out, "%s%s: %s → %s", k == 0 ? " " : "; ", row->changes[k].column,
                                row->changes[k].before ? row->changes[k].before : "",
                                row->changes[k].after ? row->changes[k].after : "");
      g_string_append_c (out, '\n');
    }
  return g_string_free (out, FALSE);
}

/* --- Applying it -------------------------------------------------------------- */

gboolean
ot_reimport_apply (OtReimport  *self,
                   OtDocument  *document,
                   GError     **error)
{
  g_autoptr(GArray) remove = g_array_new (FALSE, FALSE, sizeof (guint));
  g_autoptr(GArray) replace_index = g_array_new (FALSE, FALSE, sizeof (guint));
  g_autoptr(GArray) replace = g_array_new (FALSE, FALSE, sizeof (OtIncident));
  g_autoptr(GArray) add = g_array_new (FALSE, FALSE, sizeof (OtIncident));
  guint r = 0;

  g_return_val_if_fail (self != NULL, FALSE);
  g_return_val_if_fail (OT_IS_DOCUMENT (document), FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (ot_document_get_dataset (document) != self->case_dataset)
    {
      g_set_error_literal (error, OT_ERROR, OT_ERROR_INVALID,
                           _("The case changed since the file was compared; re-import it again"));
      return FALSE;
    }
  if (ot_reimport_is_empty (self))
    {
      g_set_error_literal (error, OT_ERROR, OT_ERROR_INVALID, _("Nothing to re-import"));
      return FALSE;
    }

  for (guint i = 0; i < self->rows->len; i++)
    {
      const OtReimportRow *row = &g_array_index (self->rows, OtReimportRow, i);

      if (row->kind == OT_REIMPORT_REMOVED)
        g_array_append_val (remove, row->case_index);
      else if (row->kind == OT_REIMPORT_ADDED)
        g_array_append_val (add, *row->after);
    }

  /* Changed rows are in case order, removed ones too: an index after
   * the removals is the index less the removals before it. */
  for (guint i = 0; i < self->rows->len; i++)
    {
      const OtReimportRow *row = &g_array_index (self->rows, OtReimportRow, i);
      guint index;

      if (row->kind != OT_REIMPORT_CHANGED)
        continue;
      while (r < remove->len && g_array_index (remove, guint, r) < row->case_index)
        r++;
      index = row->case_index - r;
      g_array_append_val (replace_index, index);
      g_array_append_val (replace, *row->after);
    }

  return ot_document_edit_incidents (document, self->label,
                                     (const guint *) remove->data, remove->len,
                                     (const guint *) replace_index->data,
                                     (const OtIncident *) replace->data, replace->len,
                                     (const OtIncident *) add->data, add->len, error);
}
