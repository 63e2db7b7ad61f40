/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "ot-reimport-dialog.h"
#include "ot-problems-dialog.h"

#include <glib/gi18n.h>

/* A value longer than this is cut in the list (notes, sources). */
#define MAX_VALUE_CHARS 80

struct _OtReimportDialog
{
  AdwWindow       parent_instance;

  OtReimport     *diff;
  GtkStringList  *rows;       /* a row's index, as text: items made when shown */
  char           *summary_text;

  /* Template children */
  AdwWindowTitle *window_title;
  GtkLabel       *summary;
  GtkLabel       *explanation;
  GtkWidget      *problems_box;
  GtkLabel       *problems_label;
  GtkListView    *list_view;
};

G_DEFINE_FINAL_TYPE (OtReimportDialog, ot_reimport_dialog, ADW_TYPE_WINDOW)

enum {
  APPLY,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

/* How many characters @a and @b share at their start. */
static glong
common_prefix (const char *a,
               const char *b)
{
  glong n = 0;

  if (a == NULL || b == NULL)
    return 0;
  while (*a != '\0' && g_utf8_get_char (a) == g_utf8_get_char (b))
    {
      a = g_utf8_next_char (a);
      b = g_utf8_next_char (b);
      n++;
    }
  return n;
}

/* A value as the list shows it: "—" when not given, kg after a
 * quantity; a long one (notes, sources) from a little before where it
 * starts to differ (@common: the characters both values share at their
 * start), cut after MAX_VALUE_CHARS characters. */
static char *
shown_value (const char *column,
             const char *value,
             glong       common)
{
  glong length, start;
  g_autofree char *part = NULL;

  if (value == NULL || *value == '\0')
    return g_strdup ("—");
  length = g_utf8_strlen (value, -1);
  if (length <= MAX_VALUE_CHARS)
    {
      if (g_str_equal (column, "quantity"))
        /* Translators: a quantity in a re-import's list, "600 kg" */
        return g_strdup_printf (_("%s kg"), value);
      return g_strdup (value);
    }
  start = common > MAX_VALUE_CHARS / 4 ? common - MAX_VALUE_CHARS / 4 : 0;
  part = g_utf8_substring (value, start, MIN (length, start + MAX_VALUE_CHARS - 1));
  return g_strconcat (start > 0 ? "…" : "", part, start + MAX_VALUE_CHARS - 1 < length ? "…" : "", NULL);
}

char *
ot_reimport_dialog_describe (const OtReimportRow *row)
{
  GString *out = g_string_new (NULL);

  g_return_val_if_fail (row != NULL, NULL);

  switch (row->kind)
    {
    case OT_REIMPORT_ADDED:
      g_string_append (out, _("New in the file"));
      break;
    case OT_REIMPORT_REMOVED:
      g_string_append (out, _("No longer in the file: removed from the case"));
      break;
    case OT_REIMPORT_KEPT:
      g_string_append (out, _("Not read from the file (it has rows with errors): kept"));
      break;
    case OT_REIMPORT_CHANGED:
    case OT_REIMPORT_N_KINDS:
    default:
      break;
    }
  for (guint k = 0; k < row->n_changes; k++)
    {
      const OtReimportChange *change = &row->changes[k];
      glong common = common_prefix (change->before, change->after);
      g_autofree char *before = shown_value (change->column, change->before, common);
      g_autofree char *after = shown_value (change->column, change->after, common);

      if (k > 0)
        g_string_append_c (out, '\n');
      /* Translators: what changed in a re-imported incident, "quantity: 600 kg → 650 kg";
       * the column name is the file format's */
      g_string_append_printf (out, _("%s: %s → %s"), change->column, before, after);
    }
  return g_string_free (out, FALSE);
}

static const char *
kind_label (OtReimportKind kind)
{
  switch (kind)
    {
    /* Translators: the kind of a re-imported incident, a tag in the list */
    case OT_REIMPORT_ADDED: return C_("reimport", "Added");
    case OT_REIMPORT_CHANGED: return C_("reimport", "Changed");
    case OT_REIMPORT_REMOVED: return C_("reimport", "Removed");
    case OT_REIMPORT_KEPT: return C_("reimport", "Kept");
    case OT_REIMPORT_N_KINDS:
    default:
      g_return_val_if_reached ("");
    }
}

static const char *
kind_style (OtReimportKind kind)
{
  switch (kind)
    {
    case OT_REIMPORT_ADDED: return "success";
    case OT_REIMPORT_CHANGED: return "accent";
    case OT_REIMPORT_REMOVED: return "error";
    case OT_REIMPORT_KEPT:
    case OT_REIMPORT_N_KINDS:
    default:
      return "warning";
    }
}

static GtkWidget *
new_label (const char *style)
{
  GtkWidget *label = gtk_label_new (NULL);

  gtk_label_set_xalign (GTK_LABEL (label), 0.0);
  if (style != NULL)
    gtk_widget_add_css_class (label, style);
  return label;
}

static void
setup_row (GtkSignalListItemFactory *factory,
           GtkListItem              *item,
           gpointer                  data)
{
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 4);
  GtkWidget *line = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 8);
  GtkWidget *kind = new_label ("caption-heading");
  GtkWidget *id = new_label ("heading");
  GtkWidget *what = new_label ("dim-label");
  GtkWidget *changes = new_label (NULL);

  gtk_widget_set_size_request (kind, 72, -1);
  gtk_label_set_ellipsize (GTK_LABEL (what), PANGO_ELLIPSIZE_END);
  gtk_label_set_wrap (GTK_LABEL (changes), TRUE);
  gtk_label_set_wrap_mode (GTK_LABEL (changes), PANGO_WRAP_WORD_CHAR);
  gtk_label_set_selectable (GTK_LABEL (changes), TRUE);
  gtk_widget_set_margin_start (changes, 80);
  gtk_box_append (GTK_BOX (line), kind);
  gtk_box_append (GTK_BOX (line), id);
  gtk_box_append (GTK_BOX (line), what);
  gtk_box_append (GTK_BOX (box), line);
  gtk_box_append (GTK_BOX (box), changes);
  gtk_widget_set_margin_start (box, 12);
  gtk_widget_set_margin_end (box, 12);
  gtk_widget_set_margin_top (box, 8);
  gtk_widget_set_margin_bottom (box, 8);
  gtk_list_item_set_child (item, box);
}

static void
bind_row (GtkSignalListItemFactory *factory,
          GtkListItem              *item,
          OtReimportDialog         *self)
{
  GtkStringObject *string = gtk_list_item_get_item (item);
  const OtReimportRow *row = ot_reimport_get_row (self->diff,
                                                  (guint) g_ascii_strtoull (gtk_string_object_get_string (string),
                                                                            NULL, 10));
  const OtIncident *incident = row->after != NULL ? row->after : row->before;
  GtkWidget *box = gtk_list_item_get_child (item);
  GtkWidget *line = gtk_widget_get_first_child (box);
  GtkWidget *kind = gtk_widget_get_first_child (line);
  GtkWidget *id = gtk_widget_get_next_sibling (kind);
  GtkWidget *what = gtk_widget_get_next_sibling (id);
  GtkWidget *changes = gtk_widget_get_next_sibling (line);
  g_autofree char *date = ot_date_to_display (&incident->date);
  g_autofree char *facts = NULL;
  g_autofree char *description = ot_reimport_dialog_describe (row);

  for (OtReimportKind k = 0; k < OT_REIMPORT_N_KINDS; k++)
    gtk_widget_remove_css_class (kind, kind_style (k));
  gtk_widget_add_css_class (kind, kind_style (row->kind));
  gtk_label_set_text (GTK_LABEL (kind), kind_label (row->kind));
  gtk_label_set_text (GTK_LABEL (id), row->id);
  /* Translators: an incident's date and mineral in a re-import's list */
  facts = g_strdup_printf (_("%s · %s"), *date ? date : "—", ot_mineral_label (incident->mineral));
  gtk_label_set_text (GTK_LABEL (what), facts);
  gtk_label_set_text (GTK_LABEL (changes), description);
}

static void
apply_action (GtkWidget  *widget,
              const char *name,
              GVariant   *param)
{
  OtReimportDialog *self = OT_REIMPORT_DIALOG (widget);

  g_signal_emit (self, signals[APPLY], 0);
  gtk_window_close (GTK_WINDOW (self));
}

static void
show_problems_action (GtkWidget  *widget,
                      const char *name,
                      GVariant   *param)
{
  OtReimportDialog *self = OT_REIMPORT_DIALOG (widget);
  OtProblemsDialog *dialog = ot_problems_dialog_new (GTK_WINDOW (self), ot_reimport_get_problems (self->diff));

  gtk_window_present (GTK_WINDOW (dialog));
}

static void
ot_reimport_dialog_dispose (GObject *object)
{
  OtReimportDialog *self = OT_REIMPORT_DIALOG (object);

  gtk_widget_dispose_template (GTK_WIDGET (self), OT_TYPE_REIMPORT_DIALOG);
  g_clear_object (&self->rows);

  G_OBJECT_CLASS (ot_reimport_dialog_parent_class)->dispose (object);
}

static void
ot_reimport_dialog_finalize (GObject *object)
{
  OtReimportDialog *self = OT_REIMPORT_DIALOG (object);

  g_clear_pointer (&self->diff, ot_reimport_free);
  g_free (self->summary_text);

  G_OBJECT_CLASS (ot_reimport_dialog_parent_class)->finalize (object);
}

static void
ot_reimport_dialog_class_init (OtReimportDialogClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = ot_reimport_dialog_dispose;
  object_class->finalize = ot_reimport_dialog_finalize;

  /* Apply was pressed: the window applies the diff to its document. */
  signals[APPLY] = g_signal_new ("apply", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                 0, NULL, NULL, NULL, G_TYPE_NONE, 0);

  gtk_widget_class_set_template_from_resource (widget_class, RESOURCE_PREFIX "/ui/ot-reimport-dialog.ui");
  gtk_widget_class_bind_template_child (widget_class, OtReimportDialog, window_title);
  gtk_widget_class_bind_template_child (widget_class, OtReimportDialog, summary);
  gtk_widget_class_bind_template_child (widget_class, OtReimportDialog, explanation);
  gtk_widget_class_bind_template_child (widget_class, OtReimportDialog, problems_box);
  gtk_widget_class_bind_template_child (widget_class, OtReimportDialog, problems_label);
  gtk_widget_class_bind_template_child (widget_class, OtReimportDialog, list_view);

  gtk_widget_class_install_action (widget_class, "reimport.apply", NULL, apply_action);
  gtk_widget_class_install_action (widget_class, "reimport.show-problems", NULL, show_problems_action);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "window.close", NULL);
}

static void
ot_reimport_dialog_init (OtReimportDialog *self)
{
  g_autoptr(GtkListItemFactory) factory = gtk_signal_list_item_factory_new ();

  gtk_widget_init_template (GTK_WIDGET (self));

  g_signal_connect (factory, "setup", G_CALLBACK (setup_row), NULL);
  g_signal_connect (factory, "bind", G_CALLBACK (bind_row), self);
  gtk_list_view_set_factory (self->list_view, factory);
}

static char *
make_summary (OtReimport *diff)
{
  guint added = ot_reimport_count (diff, OT_REIMPORT_ADDED);
  guint changed = ot_reimport_count (diff, OT_REIMPORT_CHANGED);
  guint removed = ot_reimport_count (diff, OT_REIMPORT_REMOVED);
  guint kept = ot_reimport_count (diff, OT_REIMPORT_KEPT);
  guint unchanged = ot_reimport_get_n_unchanged (diff);
  g_autoptr(GString) out = g_string_new (NULL);

  /* Translators: the parts of "1 added · 1 changed · 1 removed · 58 unchanged" */
  g_string_append_printf (out, ngettext ("%'u added", "%'u added", added), added);
  g_string_append (out, " · ");
  g_string_append_printf (out, ngettext ("%'u changed", "%'u changed", changed), changed);
  g_string_append (out, " · ");
  g_string_append_printf (out, ngettext ("%'u removed", "%'u removed", removed), removed);
  if (kept > 0)
    {
      g_string_append (out, " · ");
      g_string_append_printf (out, ngettext ("%'u kept", "%'u kept", kept), kept);
    }
  g_string_append (out, " · ");
  g_string_append_printf (out, ngettext ("%'u unchanged", "%'u unchanged", unchanged), unchanged);
  return g_string_free (g_steal_pointer (&out), FALSE);
}

OtReimportDialog *
ot_reimport_dialog_new (GtkWindow  *parent,
                        OtReimport *diff)
{
  OtReimportDialog *self;
  const char * const *files;
  g_autofree char *name = NULL;
  g_autofree char *explanation = NULL;
  g_auto(GStrv) indices = NULL;
  GtkSelectionModel *selection;
  guint n_errors, n_rows;

  g_return_val_if_fail (parent == NULL || GTK_IS_WINDOW (parent), NULL);
  g_return_val_if_fail (diff != NULL, NULL);

  self = g_object_new (OT_TYPE_REIMPORT_DIALOG, "transient-for", parent, NULL);
  self->diff = diff;
  files = ot_reimport_get_files (diff);
  name = files != NULL && files[0] != NULL ? g_path_get_basename (files[0]) : g_strdup ("");
  adw_window_title_set_subtitle (self->window_title, name);

  self->summary_text = make_summary (diff);
  gtk_label_set_text (self->summary, self->summary_text);
  if (ot_reimport_is_empty (diff))
    explanation = g_strdup_printf (_("“%s” changes nothing in this case."), name);
  else
    /* Translators: %s is a file name */
    explanation = g_strdup_printf (_("Incidents are matched by id. Apply changes the case as one "
                                     "step, which Undo takes back. Incidents from other files, or "
                                     "added by hand, are never removed by a re-import of “%s”."),
                                   name);
  gtk_label_set_text (self->explanation, explanation);

  n_errors = ot_reimport_get_n_errors (diff);
  if (n_errors > 0)
    {
      g_autofree char *text = g_strdup_printf (ngettext ("The file has %'u row with an error: it is skipped, "
                                                         "and no incident of the file is removed.",
                                                         "The file has %'u rows with errors: they are skipped, "
                                                         "and no incident of the file is removed.",
                                                         n_errors), n_errors);

      gtk_label_set_text (self->problems_label, text);
      gtk_widget_set_visible (self->problems_box, TRUE);
    }

  /* The list's items, made in one go (100,000 rows appended one by one
   * would each update the list). */
  n_rows = ot_reimport_get_n_rows (diff);
  indices = g_new0 (char *, n_rows + 1);
  for (guint i = 0; i < n_rows; i++)
    indices[i] = g_strdup_printf ("%u", i);
  self->rows = gtk_string_list_new ((const char * const *) indices);
  selection = GTK_SELECTION_MODEL (gtk_no_selection_new (G_LIST_MODEL (g_object_ref (self->rows))));
  gtk_list_view_set_model (self->list_view, selection);
  g_object_unref (selection);
  gtk_widget_set_visible (gtk_widget_get_parent (GTK_WIDGET (self->list_view)), n_rows > 0);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "reimport.apply", !ot_reimport_is_empty (diff));
  return self;
}

OtReimport *
ot_reimport_dialog_get_diff (OtReimportDialog *self)
{
  g_return_val_if_fail (OT_IS_REIMPORT_DIALOG (self), NULL);

  return self->diff;
}

const char *
ot_reimport_dialog_get_summary (OtReimportDialog *self)
{
  g_return_val_if_fail (OT_IS_REIMPORT_DIALOG (self), NULL);

  return self->summary_text;
}
