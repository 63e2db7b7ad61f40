/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "ot-problems-dialog.h"
#include "ot-problem.h"

#include <glib/gi18n.h>

struct _OtProblemsDialog
{
  AdwWindow      parent_instance;

  GtkStringList *lines;

  /* Template children */
  GtkLabel      *summary;
  GtkListView   *list_view;
};

G_DEFINE_FINAL_TYPE (OtProblemsDialog, ot_problems_dialog, ADW_TYPE_WINDOW)

static void
setup_line (GtkSignalListItemFactory *factory,
            GtkListItem              *item,
            gpointer                  data)
{
  GtkWidget *label = gtk_label_new (NULL);

  gtk_label_set_xalign (GTK_LABEL (label), 0.0);
  gtk_label_set_wrap (GTK_LABEL (label), TRUE);
  gtk_label_set_wrap_mode (GTK_LABEL (label), PANGO_WRAP_WORD_CHAR);
  gtk_label_set_selectable (GTK_LABEL (label), TRUE);
  gtk_widget_set_margin_start (label, 12);
  gtk_widget_set_margin_end (label, 12);
  gtk_widget_set_margin_top (label, 6);
  gtk_widget_set_margin_bottom (label, 6);
  gtk_widget_add_css_class (label, "monospace");
  gtk_list_item_set_child (item, label);
}

static void
bind_line (GtkSignalListItemFactory *factory,
           GtkListItem              *item,
           gpointer                  data)
{
  GtkStringObject *line = gtk_list_item_get_item (item);

  gtk_label_set_text (GTK_LABEL (gtk_list_item_get_child (item)),
                      gtk_string_object_get_string (line));
}

char *
ot_problems_dialog_get_text (OtProblemsDialog *self)
{
  GString *text = g_string_new (NULL);
  guint n;

  g_return_val_if_fail (OT_IS_PROBLEMS_DIALOG (self), NULL);

  n = g_list_model_get_n_items (G_LIST_MODEL (self->lines));
  for (guint i = 0; i < n; i++)
    g_string_append_printf (text, "%s\n", gtk_string_list_get_string (self->lines, i));
  return g_string_free (text, FALSE);
}

static void
copy_action (GtkWidget  *widget,
             const char *name,
             GVariant   *param)
{
  OtProblemsDialog *self = OT_PROBLEMS_DIALOG (widget);
  g_autofree char *text = ot_problems_dialog_get_text (self);

  gdk_clipboard_set_text (gtk_widget_get_clipboard (widget), text);
}

static void
ot_problems_dialog_dispose (GObject *object)
{
  OtProblemsDialog *self = OT_PROBLEMS_DIALOG (object);

  gtk_widget_dispose_template (GTK_WIDGET (self), OT_TYPE_PROBLEMS_DIALOG);
  g_clear_object (&self->lines);

  G_OBJECT_CLASS (ot_problems_dialog_parent_class)->dispose (object);
}

static void
ot_problems_dialog_class_init (OtProblemsDialogClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = ot_problems_dialog_dispose;

  gtk_widget_class_set_template_from_resource (widget_class, RESOURCE_PREFIX "/ui/ot-problems-dialog.ui");
  gtk_widget_class_bind_template_child (widget_class, OtProblemsDialog, summary);
  gtk_widget_class_bind_template_child (widget_class, OtProblemsDialog, list_view);

  gtk_widget_class_install_action (widget_class, "problems.copy", NULL, copy_action);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_c, GDK_CONTROL_MASK, "problems.copy", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "window.close", NULL);
}

static void
ot_problems_dialog_init (OtProblemsDialog *self)
{
  g_autoptr(GtkListItemFactory) factory = gtk_signal_list_item_factory_new ();
  GtkSelectionModel *selection;

  gtk_widget_init_template (GTK_WIDGET (self));

  self->lines = gtk_string_list_new (NULL);
  g_signal_connect (factory, "setup", G_CALLBACK (setup_line), NULL);
  g_signal_connect (factory, "bind", G_CALLBACK (bind_line), NULL);
  gtk_list_view_set_factory (self->list_view, factory);
  selection = GTK_SELECTION_MODEL (gtk_no_selection_new (G_LIST_MODEL (g_object_ref (self->lines))));
  gtk_list_view_set_model (self->list_view, selection);
  g_object_unref (selection);
}

OtProblemsDialog *
ot_problems_dialog_new (GtkWindow *parent,
                        GPtrArray *problems)
{
  OtProblemsDialog *self;
  guint n_errors = 0;
  g_autofree char *errors = NULL;
  g_autofree char *warnings = NULL;
  g_autofree char *summary = NULL;

  g_return_val_if_fail (parent == NULL || GTK_IS_WINDOW (parent), NULL);
  g_return_val_if_fail (problems != NULL, NULL);

  self = g_object_new (OT_TYPE_PROBLEMS_DIALOG, "transient-for", parent, NULL);
  for (guint i = 0; i < problems->len; i++)
    {
      const OtProblem *problem = g_ptr_array_index (problems, i);
      g_autofree char *line = ot_problem_to_string (problem);

      gtk_string_list_append (self->lines, line);
      n_errors += problem->severity == OT_SEVERITY_ERROR;
    }
  errors = g_strdup_printf (ngettext ("%u error", "%u errors", n_errors), n_errors);
  warnings = g_strdup_printf (ngettext ("%u warning", "%u warnings", problems->len - n_errors),
                              problems->len - n_errors);
  /* Translators: "3 errors and 1 warning"; rows with errors were skipped. */
  summary = g_strdup_printf (_("%s and %s. Rows with errors were skipped; the rest was loaded."),
                             errors, warnings);
  gtk_label_set_text (self->summary, summary);
  return self;
}
