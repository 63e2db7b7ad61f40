/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "ot-merge-dialog.h"
#include "ot-companies.h"

#include <glib/gi18n.h>

struct _OtMergeDialog
{
  AdwWindow           parent_instance;

  OtDocument         *document;
  OtCompanies        *companies;   /* of the document's dataset */
  GtkStringList      *names;       /* the companies shown, in order */
  GtkFilterListModel *filtered;
  GtkStringFilter    *filter;
  GHashTable         *ticked;      /* name (owned) -> its index + 1 */
  gboolean            name_edited; /* by the analyst: no more proposals */
  gboolean            proposing;   /* the entry changes because we set it */
  gboolean            binding;     /* a check button changes because a row is bound */

  /* Template children */
  AdwEntryRow        *name_row;
  GtkLabel           *summary;
  GtkSearchEntry     *search_entry;
  GtkListView        *list_view;
  GtkWidget          *merge_button;
};

G_DEFINE_FINAL_TYPE (OtMergeDialog, ot_merge_dialog, ADW_TYPE_WINDOW)

static int
compare_ticked (gconstpointer a,
                gconstpointer b,
                gpointer      data)
{
  return GPOINTER_TO_INT (g_hash_table_lookup (data, *(char **) a)) -
         GPOINTER_TO_INT (g_hash_table_lookup (data, *(char **) b));
}

char **
ot_merge_dialog_dup_ticked (OtMergeDialog *self)
{
  g_autoptr(GPtrArray) names = g_ptr_array_new ();
  GHashTableIter iter;
  gpointer key;

  g_return_val_if_fail (OT_IS_MERGE_DIALOG (self), NULL);

  g_hash_table_iter_init (&iter, self->ticked);
  while (g_hash_table_iter_next (&iter, &key, NULL))
    g_ptr_array_add (names, g_strdup (key));
  g_ptr_array_sort_with_data (names, compare_ticked, self->ticked);
  g_ptr_array_add (names, NULL);
  return (char **) g_ptr_array_free (g_steal_pointer (&names), FALSE);
}

static gboolean
blank (const char *text)
{
  for (const char *p = text; *p != '\0'; p = g_utf8_next_char (p))
    if (!g_unichar_isspace (g_utf8_get_char (p)))
      return FALSE;
  return TRUE;
}

/* The summary, the proposed name, whether Merge can go. */
static void
update (OtMergeDialog *self)
{
  g_auto(GStrv) ticked = ot_merge_dialog_dup_ticked (self);
  guint n = g_strv_length (ticked);
  g_autofree char *joined = g_strjoinv (" · ", ticked);
  g_autofree char *text = NULL;
  const char *name;

  if (!self->name_edited)
    {
      g_autofree char *proposed = ot_companies_propose_name (self->companies, (const char *const *) ticked, n);

      self->proposing = TRUE;
      gtk_editable_set_text (GTK_EDITABLE (self->name_row), proposed ? proposed : "");
      self->proposing = FALSE;
    }
  name = gtk_editable_get_text (GTK_EDITABLE (self->name_row));
  if (n == 0)
    text = g_strdup (_("Tick the companies that are one: at least two."));
  else
    /* TRANSLATORS: the companies ticked to merge, %s their names */
    text = g_strdup_printf (ngettext ("%'u ticked: %s", "%'u ticked: %s", n), n, joined);
  gtk_label_set_text (self->summary, text);
  gtk_widget_remove_css_class (GTK_WIDGET (self->summary), "error");
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "merge.merge", n >= 2 && !blank (name));
}

static void
on_name_changed (OtMergeDialog *self)
{
  if (self->proposing)
    return;   /* update () is setting it */
  /* Written by the analyst: kept, even emptied (never set again while
   * GTK is still setting it). */
  self->name_edited = TRUE;
  update (self);
}

static void
on_search_changed (OtMergeDialog *self)
{
  const char *text = gtk_editable_get_text (GTK_EDITABLE (self->search_entry));

  gtk_string_filter_set_search (self->filter, *text != '\0' ? text : NULL);
}

void
ot_merge_dialog_set_ticked (OtMergeDialog *self,
                            const char    *name,
                            gboolean       ticked)
{
  gint index;

  g_return_if_fail (OT_IS_MERGE_DIALOG (self));

  index = ot_companies_find (self->companies, name);
  if (index < 0)
    return;
  if (ticked)
    g_hash_table_insert (self->ticked, g_strdup (name), GINT_TO_POINTER (index + 1));
  else
    g_hash_table_remove (self->ticked, name);
  update (self);
}

/* Rows ---------------------------------------------------------------------- */

static void
on_toggled (GtkCheckButton *check,
            OtMergeDialog  *self)
{
  const char *name = gtk_check_button_get_label (check);

  if (!self->binding && name != NULL)
    ot_merge_dialog_set_ticked (self, name, gtk_check_button_get_active (check));
}

static void
setup_row (GtkSignalListItemFactory *factory,
           GtkListItem              *item,
           OtMergeDialog            *self)
{
  GtkWidget *row = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 12);
  GtkWidget *check = gtk_check_button_new ();
  GtkWidget *count = gtk_label_new (NULL);

  gtk_widget_set_margin_top (row, 6);
  gtk_widget_set_margin_bottom (row, 6);
  gtk_widget_set_margin_start (row, 8);
  gtk_widget_set_margin_end (row, 12);
  gtk_widget_set_hexpand (check, TRUE);
  gtk_widget_add_css_class (count, "dim-label");
  gtk_widget_add_css_class (count, "numeric");
  g_signal_connect (check, "toggled", G_CALLBACK (on_toggled), self);
  gtk_box_append (GTK_BOX (row), check);
  gtk_box_append (GTK_BOX (row), count);
  gtk_list_item_set_child (item, row);
  gtk_list_item_set_activatable (item, FALSE);
}

static void
bind_row (GtkSignalListItemFactory *factory,
          GtkListItem              *item,
          OtMergeDialog            *self)
{
  const char *name = gtk_string_object_get_string (gtk_list_item_get_item (item));
  GtkWidget *check = gtk_widget_get_first_child (gtk_list_item_get_child (item));
  GtkWidget *count = gtk_widget_get_next_sibling (check);
  gint index = ot_companies_find (self->companies, name);
  guint n = index >= 0 ? ot_companies_get_n_incidents (self->companies, index) : 0;
  guint keys = index >= 0 ? ot_companies_get_n_keys (self->companies, index) : 1;
  g_autofree char *text = NULL;

  if (keys > 1)
    /* TRANSLATORS: a merged company: its incidents and how many names it has */
    text = g_strdup_printf (ngettext ("%'u incident · %'u names", "%'u incidents · %'u names", n), n, keys);
  else
    text = g_strdup_printf (ngettext ("%'u incident", "%'u incidents", n), n);
  self->binding = TRUE;
  gtk_check_button_set_label (GTK_CHECK_BUTTON (check), name);
  gtk_check_button_set_active (GTK_CHECK_BUTTON (check), g_hash_table_contains (self->ticked, name));
  self->binding = FALSE;
  gtk_label_set_text (GTK_LABEL (count), text);
}

/* Merge ---------------------------------------------------------------------- */

static void
merge_action (GtkWidget  *widget,
              const char *action_name,
              GVariant   *parameter)
{
  OtMergeDialog *self = OT_MERGE_DIALOG (widget);
  g_auto(GStrv) ticked = ot_merge_dialog_dup_ticked (self);
  g_autoptr(GError) error = NULL;

  if (!ot_document_merge_companies (self->document, (const char *const *) ticked, g_strv_length (ticked),
                                    gtk_editable_get_text (GTK_EDITABLE (self->name_row)), &error))
    {
      gtk_label_set_text (self->summary, error->message);
      gtk_widget_add_css_class (GTK_WIDGET (self->summary), "error");
      return;
    }
  gtk_window_close (GTK_WINDOW (self));
}

/* Object ---------------------------------------------------------------------- */

static void
ot_merge_dialog_dispose (GObject *object)
{
  OtMergeDialog *self = OT_MERGE_DIALOG (object);

  gtk_widget_dispose_template (GTK_WIDGET (self), OT_TYPE_MERGE_DIALOG);
  g_clear_object (&self->filtered);
  g_clear_object (&self->names);
  g_clear_object (&self->document);
  g_clear_pointer (&self->companies, ot_companies_free);
  g_clear_pointer (&self->ticked, g_hash_table_unref);

  G_OBJECT_CLASS (ot_merge_dialog_parent_class)->dispose (object);
}

static void
ot_merge_dialog_class_init (OtMergeDialogClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = ot_merge_dialog_dispose;

  gtk_widget_class_set_template_from_resource (widget_class, RESOURCE_PREFIX "/ui/ot-merge-dialog.ui");
  gtk_widget_class_bind_template_child (widget_class, OtMergeDialog, name_row);
  gtk_widget_class_bind_template_child (widget_class, OtMergeDialog, summary);
  gtk_widget_class_bind_template_child (widget_class, OtMergeDialog, search_entry);
  gtk_widget_class_bind_template_child (widget_class, OtMergeDialog, list_view);
  gtk_widget_class_bind_template_child (widget_class, OtMergeDialog, merge_button);
  gtk_widget_class_bind_template_callback (widget_class, on_name_changed);
  gtk_widget_class_bind_template_callback (widget_class, on_search_changed);

  gtk_widget_class_install_action (widget_class, "merge.merge", NULL, merge_action);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "window.close", NULL);
}

static void
ot_merge_dialog_init (OtMergeDialog *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  self->ticked = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  gtk_window_set_default_widget (GTK_WINDOW (self), self->merge_button);
}

/* Ticks @name, or else the companies written as it is but for case (a
 * vertex of the network is one company however its name is cased). */
static void
tick_name (OtMergeDialog *self,
           const char    *name)
{
  g_autofree char *folded = g_utf8_casefold (name, -1);
  gint index = ot_companies_find (self->companies, name);

  if (index >= 0)
    {
      g_hash_table_insert (self->ticked, g_strdup (name), GINT_TO_POINTER (index + 1));
      return;
    }
  for (guint i = 0; i < ot_companies_get_n (self->companies); i++)
    {
      const char *other = ot_companies_get_name (self->companies, i);
      g_autofree char *other_folded = g_utf8_casefold (other, -1);

      if (g_str_equal (folded, other_folded))
        g_hash_table_insert (self->ticked, g_strdup (other), GINT_TO_POINTER (i + 1));
    }
}

OtMergeDialog *
ot_merge_dialog_new (GtkWindow          *parent,
                     OtDocument         *document,
                     const char * const *ticked)
{
  g_autoptr(GtkListItemFactory) factory = gtk_signal_list_item_factory_new ();
  OtMergeDialog *self;
  gint64 start = g_get_monotonic_time ();

  g_return_val_if_fail (parent == NULL || GTK_IS_WINDOW (parent), NULL);
  g_return_val_if_fail (OT_IS_DOCUMENT (document), NULL);

  self = g_object_new (OT_TYPE_MERGE_DIALOG, "transient-for", parent, NULL);
  self->document = g_object_ref (document);
  self->companies = ot_companies_new (ot_document_get_dataset (document));
  self->names = gtk_string_list_new (NULL);
  for (guint i = 0; i < ot_companies_get_n (self->companies); i++)
    gtk_string_list_append (self->names, ot_companies_get_name (self->companies, i));
  g_debug ("Merge Companies: %u companies listed in %.1f ms", ot_companies_get_n (self->companies),
           (g_get_monotonic_time () - start) / 1000.0);

  self->filter = gtk_string_filter_new (gtk_property_expression_new (GTK_TYPE_STRING_OBJECT, NULL, "string"));
  gtk_string_filter_set_ignore_case (self->filter, TRUE);
  gtk_string_filter_set_match_mode (self->filter, GTK_STRING_FILTER_MATCH_MODE_SUBSTRING);
  self->filtered = gtk_filter_list_model_new (G_LIST_MODEL (g_object_ref (self->names)), GTK_FILTER (self->filter));
  g_signal_connect (factory, "setup", G_CALLBACK (setup_row), self);
  g_signal_connect (factory, "bind", G_CALLBACK (bind_row), self);
  gtk_list_view_set_factory (self->list_view, factory);
  gtk_list_view_set_model (self->list_view,
                           GTK_SELECTION_MODEL (gtk_no_selection_new (G_LIST_MODEL (g_object_ref (self->filtered)))));

  for (guint i = 0; ticked != NULL && ticked[i] != NULL; i++)
    tick_name (self, ticked[i]);
  update (self);
  return self;
}

const char *
ot_merge_dialog_get_name (OtMergeDialog *self)
{
  g_return_val_if_fail (OT_IS_MERGE_DIALOG (self), NULL);

  return gtk_editable_get_text (GTK_EDITABLE (self->name_row));
}

void
ot_merge_dialog_set_name (OtMergeDialog *self,
                          const char    *name)
{
  g_return_if_fail (OT_IS_MERGE_DIALOG (self));

  gtk_editable_set_text (GTK_EDITABLE (self->name_row), name ? name : "");
}

GListModel *
ot_merge_dialog_get_items (OtMergeDialog *self)
{
  g_return_val_if_fail (OT_IS_MERGE_DIALOG (self), NULL);

  return G_LIST_MODEL (self->filtered);
}
