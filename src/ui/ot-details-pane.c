/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "ot-details-pane.h"
#include "ot-incident-row.h"
#include "ot-text.h"

#include <adwaita.h>
#include <glib/gi18n.h>

typedef enum {
  COLUMN_DATE,
  COLUMN_MINERAL,
  COLUMN_QUANTITY,
  COLUMN_STATUS,
  COLUMN_DECLARED_AS,
  COLUMN_CONCEALMENT,
  COLUMN_SOURCE,
  N_COLUMNS
} Column;

struct _OtDetailsPane
{
  GtkWidget      parent_instance;

  GListStore    *incidents;   /* of OtIncidentRow */
  GtkSortListModel *sorted;
  char          *heading_text;
  GVariant      *details;    /* (sa(ss)) shown, or NULL */

  /* Template children */
  GtkStack      *stack;
  GtkLabel      *heading;
  GtkListBox    *facts;
  GtkLabel      *incidents_label;
  GtkColumnView *column_view;
};

G_DEFINE_FINAL_TYPE (OtDetailsPane, ot_details_pane, GTK_TYPE_WIDGET)

/* Cells ------------------------------------------------------------------ */

static char *
format_quantity (const OtIncident *inc)
{
  if (!ot_incident_has_quantity (inc))
    return g_strdup ("—");
  if (inc->quantity_kg >= 1000)
    return g_strdup_printf (_("%'.1f t"), inc->quantity_kg / 1000);
  return g_strdup_printf (_("%.0f kg"), inc->quantity_kg);
}

static char *
cell_text (const OtIncident *inc,
           Column            column)
{
  switch (column)
    {
    case COLUMN_DATE:
      return ot_date_to_display (&inc->date);
    case COLUMN_MINERAL:
      return g_strdup (inc->mineral != OT_MINERAL_NONE ? ot_mineral_label (inc->mineral) : "—");
    case COLUMN_QUANTITY:
      return format_quantity (inc);
    case COLUMN_STATUS:
      return g_strdup (ot_status_label (inc->status));
    case COLUMN_DECLARED_AS:
      return g_strdup (inc->declared_as != NULL ? inc->declared_as : "—");
    case COLUMN_CONCEALMENT:
      return g_strdup (inc->concealment != NULL ? inc->concealment : "—");
    case COLUMN_SOURCE:
    case N_COLUMNS:
    default:
      return g_strdup (inc->source != NULL ? inc->source : "—");
    }
}

/* The record's id and notes, for what the columns leave out: asked for
 * on hover, as gtk_widget_set_tooltip_text() in every bind makes GTK 4.8
 * query the pointer from the display server per cell (see the incident
 * table). */
/* @text with its spaces turned into line breaks so that no line is much
 * longer than @width characters (GTK 4.8 does not wrap tooltip text). */
static char *
wrap_words (const char *text,
            guint       width)
{
  GString *out = g_string_new (NULL);
  guint column = 0;

  for (const char *p = text; *p != '\0'; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);

      if (c == '\n')
        column = 0;
      else if (c == ' ' && column >= width)
        {
          g_string_append_c (out, '\n');
          column = 0;
          continue;
        }
      else
        column++;
      g_string_append_unichar (out, c);
    }
  return g_string_free (out, FALSE);
}

static gboolean
on_label_query_tooltip (GtkWidget  *label,
                        int         x,
                        int         y,
                        gboolean    keyboard,
                        GtkTooltip *tooltip,
                        gpointer    data)
{
  OtIncidentRow *row = g_object_get_data (G_OBJECT (label), "ot-row");
  const OtIncident *inc = row != NULL ? ot_incident_row_get_incident (row) : NULL;
  g_autofree char *text = NULL;
  g_autofree char *wrapped = NULL;

  if (inc == NULL)
    return FALSE;
  text = g_strdup_printf ("%s\n%s%s%s", gtk_label_get_text (GTK_LABEL (label)), inc->id,
                          inc->notes != NULL ? "\n\n" : "", inc->notes != NULL ? inc->notes : "");
  wrapped = wrap_words (text, 60);
  gtk_tooltip_set_text (tooltip, wrapped);
  return TRUE;
}

static void
setup_label (GtkSignalListItemFactory *factory,
             GtkListItem              *item,
             gpointer                  data)
{
  GtkWidget *label = gtk_label_new (NULL);

  gtk_widget_set_has_tooltip (label, TRUE);
  g_signal_connect (label, "query-tooltip", G_CALLBACK (on_label_query_tooltip), NULL);

  Column column = GPOINTER_TO_INT (data);

  gtk_label_set_xalign (GTK_LABEL (label), column == COLUMN_QUANTITY ? 1.0 : 0.0);
  /* Dates, quantities and statuses are short and must read whole. */
  if (column != COLUMN_DATE && column != COLUMN_QUANTITY && column != COLUMN_STATUS)
    {
      gtk_label_set_ellipsize (GTK_LABEL (label), PANGO_ELLIPSIZE_END);
      gtk_label_set_max_width_chars (GTK_LABEL (label), 24);
    }
  gtk_list_item_set_child (item, label);
}

static void
bind_label (GtkSignalListItemFactory *factory,
            GtkListItem              *item,
            gpointer                  data)
{
  OtIncidentRow *row = gtk_list_item_get_item (item);
  const OtIncident *inc = ot_incident_row_get_incident (row);
  g_autofree char *text = cell_text (inc, GPOINTER_TO_INT (data));
  GtkWidget *label = gtk_list_item_get_child (item);

  gtk_label_set_text (GTK_LABEL (label), text);
  g_object_set_data_full (G_OBJECT (label), "ot-row", g_object_ref (row), g_object_unref);
}

/* Opening a source: the link shows its host, and a click asks first,
 * naming the host and the whole address (a source's name can say
 * anything; the host is where the browser goes). */
static void
on_open_link_response (AdwMessageDialog *dialog,
                       const char       *response,
                       gpointer          data)
{
  const char *url = g_object_get_data (G_OBJECT (dialog), "ot-url");
  GtkWindow *parent = gtk_window_get_transient_for (GTK_WINDOW (dialog));

  /* Checked again where it is opened: only http and https, through
   * GIO's default handler (the OpenURI portal in a sandbox). */
  if (g_strcmp0 (response, "open") == 0 && url != NULL &&
      ot_text_check_url (url, NULL, NULL) == OT_URL_OK)
    gtk_show_uri (parent, url, GDK_CURRENT_TIME);
}

static gboolean
on_activate_link (GtkLinkButton *link,
                  gpointer       data)
{
  const char *url = gtk_link_button_get_uri (link);
  const char *host = g_object_get_data (G_OBJECT (link), "ot-host");
  GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (link));
  GtkWidget *dialog;

  if (host == NULL)
    return TRUE;   /* not a link we checked: never opened */
  dialog = adw_message_dialog_new (GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL,
                                   _("Open Source in Browser?"), NULL);
  /* TRANSLATORS: %s: the host (example.org), then the whole address. */
  adw_message_dialog_format_body (ADW_MESSAGE_DIALOG (dialog),
                                  _("This opens a page on %s:\n%s"), host, url);
  adw_message_dialog_add_responses (ADW_MESSAGE_DIALOG (dialog),
                                    "cancel", _("_Cancel"),
                                    "open", _("_Open"),
                                    NULL);
  adw_message_dialog_set_response_appearance (ADW_MESSAGE_DIALOG (dialog), "open",
                                              ADW_RESPONSE_SUGGESTED);
  adw_message_dialog_set_default_response (ADW_MESSAGE_DIALOG (dialog), "cancel");
  adw_message_dialog_set_close_response (ADW_MESSAGE_DIALOG (dialog), "cancel");
  g_object_set_data_full (G_OBJECT (dialog), "ot-url", g_strdup (url), g_free);
  g_signal_connect (dialog, "response", G_CALLBACK (on_open_link_response), NULL);
  gtk_window_present (GTK_WINDOW (dialog));
  return TRUE;   /* handled: GtkLinkButton does not open it itself */
}

/* The source cell: the source's name and a link showing the host its
 * address goes to (the name can say anything; the host is never cut);
 * without an address, the name. */
static void
setup_source (GtkSignalListItemFactory *factory,
              GtkListItem              *item,
              gpointer                  data)
{
  GtkWidget *stack = gtk_stack_new ();
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 0);
  GtkWidget *name = gtk_label_new (NULL);
  GtkWidget *link = gtk_link_button_new ("about:blank");
  GtkWidget *label = gtk_label_new (NULL);

  gtk_label_set_xalign (GTK_LABEL (label), 0.0);
  gtk_label_set_ellipsize (GTK_LABEL (label), PANGO_ELLIPSIZE_END);
  gtk_label_set_xalign (GTK_LABEL (name), 0.0);
  gtk_label_set_ellipsize (GTK_LABEL (name), PANGO_ELLIPSIZE_END);
  gtk_label_set_max_width_chars (GTK_LABEL (name), 20);
  gtk_widget_set_halign (link, GTK_ALIGN_START);
  g_signal_connect (link, "activate-link", G_CALLBACK (on_activate_link), NULL);
  gtk_box_append (GTK_BOX (box), name);
  gtk_box_append (GTK_BOX (box), link);
  gtk_stack_add_named (GTK_STACK (stack), box, "link");
  gtk_stack_add_named (GTK_STACK (stack), label, "text");
  gtk_list_item_set_child (item, stack);
}

/* A source whose address is no link (not http or https, or deceptive):
 * its name and, as plain text, an address that hides no character
 * (@with_url set then). */
static char *
plain_source (const OtIncident *inc,
              gboolean         *with_url)
{
  OtUrlCheck check = inc->source_url != NULL ? ot_text_check_url (inc->source_url, NULL, NULL)
                                             : OT_URL_TOO_LONG;
  g_autofree char *url = NULL;

  *with_url = check == OT_URL_NOT_HTTP || check == OT_URL_USERINFO;
  if (!*with_url)
    return g_strdup (inc->source != NULL ? inc->source : "—");
  url = ot_text_isolate (inc->source_url);
  if (inc->source == NULL)
    return g_steal_pointer (&url);
  return g_strdup_printf ("%s · %s", inc->source, url);
}

static void
bind_source (GtkSignalListItemFactory *factory,
             GtkListItem              *item,
             gpointer                  data)
{
  const OtIncident *inc = ot_incident_row_get_incident (gtk_list_item_get_item (item));
  GtkStack *stack = GTK_STACK (gtk_list_item_get_child (item));
  GtkWidget *box = gtk_stack_get_child_by_name (stack, "link");
  GtkWidget *name = gtk_widget_get_first_child (box);
  GtkWidget *link = gtk_widget_get_last_child (box);
  GtkWidget *label = gtk_stack_get_child_by_name (stack, "text");
  g_autofree char *host = NULL;

  /* The loader checked the address; a data set made otherwise is checked
   * here, and a bad address is no link. */
  if (inc->source_url != NULL &&
      ot_text_check_url (inc->source_url, NULL, &host) == OT_URL_OK)
    {
      g_autofree char *tooltip = g_strdup_printf (_("Opens %s"), inc->source_url);

      gtk_label_set_text (GTK_LABEL (name), inc->source != NULL ? inc->source : "");
      gtk_widget_set_visible (name, inc->source != NULL);
      gtk_link_button_set_uri (GTK_LINK_BUTTON (link), inc->source_url);
      gtk_button_set_label (GTK_BUTTON (link), host);
      g_object_set_data_full (G_OBJECT (link), "ot-host", g_steal_pointer (&host), g_free);
      gtk_widget_set_tooltip_text (link, tooltip);
      gtk_stack_set_visible_child (stack, box);
    }
  else
    {
      gboolean with_url;
      g_autofree char *text = plain_source (inc, &with_url);
      g_autofree char *tooltip = with_url ? g_strdup_printf ("%s\n%s", text,
                                                              _("Not an http or https address: never opened"))
                                          : NULL;

      g_object_set_data (G_OBJECT (link), "ot-host", NULL);
      gtk_label_set_text (GTK_LABEL (label), text);
      gtk_widget_set_tooltip_text (label, tooltip);
      gtk_stack_set_visible_child (stack, label);
    }
}

/* Sorting ---------------------------------------------------------------- */

static int
compare_rows (gconstpointer a,
              gconstpointer b,
              gpointer      data)
{
  const OtIncident *x = ot_incident_row_get_incident ((OtIncidentRow *) a);
  const OtIncident *y = ot_incident_row_get_incident ((OtIncidentRow *) b);
  g_autofree char *sx = NULL;
  g_autofree char *sy = NULL;

  switch (GPOINTER_TO_INT (data))
    {
    case COLUMN_DATE:
      return (int) ot_date_first_day (&x->date) - (int) ot_date_first_day (&y->date);
    case COLUMN_QUANTITY:
      {
        double qx = ot_incident_has_quantity (x) ? x->quantity_kg : -1;
        double qy = ot_incident_has_quantity (y) ? y->quantity_kg : -1;

        return (qx > qy) - (qx < qy);
      }
    case COLUMN_STATUS:
      return (int) x->status - (int) y->status;
    default:
      sx = cell_text (x, GPOINTER_TO_INT (data));
      sy = cell_text (y, GPOINTER_TO_INT (data));
      return g_utf8_collate (sx, sy);
    }
}

static void
add_column (OtDetailsPane *self,
            Column         column,
            const char    *title)
{
  g_autoptr(GtkListItemFactory) factory = gtk_signal_list_item_factory_new ();
  g_autoptr(GtkColumnViewColumn) col = NULL;
  GtkSorter *sorter = GTK_SORTER (gtk_custom_sorter_new (compare_rows, GINT_TO_POINTER (column), NULL));

  if (column == COLUMN_SOURCE)
    {
      g_signal_connect (factory, "setup", G_CALLBACK (setup_source), NULL);
      g_signal_connect (factory, "bind", G_CALLBACK (bind_source), NULL);
    }
  else
    {
      g_signal_connect (factory, "setup", G_CALLBACK (setup_label), GINT_TO_POINTER (column));
      g_signal_connect (factory, "bind", G_CALLBACK (bind_label), GINT_TO_POINTER (column));
    }
  col = gtk_column_view_column_new (title, g_object_ref (factory));
  gtk_column_view_column_set_sorter (col, sorter);
  gtk_column_view_column_set_resizable (col, TRUE);
  g_object_unref (sorter);
  gtk_column_view_append_column (self->column_view, col);
}

/* Showing a selection ---------------------------------------------------- */

static void
clear_facts (OtDetailsPane *self)
{
  GtkWidget *child;

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->facts))) != NULL)
    gtk_list_box_remove (self->facts, child);
}

static void
add_fact (OtDetailsPane *self,
          const char    *label,
          const char    *value)
{
  GtkWidget *row = adw_action_row_new ();
  GtkWidget *value_label = gtk_label_new (value);

  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), label);
  gtk_label_set_selectable (GTK_LABEL (value_label), TRUE);
  gtk_label_set_ellipsize (GTK_LABEL (value_label), PANGO_ELLIPSIZE_END);
  gtk_label_set_xalign (GTK_LABEL (value_label), 1.0);
  gtk_widget_set_tooltip_text (value_label, value);
  gtk_widget_add_css_class (value_label, "dim-label");
  adw_action_row_add_suffix (ADW_ACTION_ROW (row), value_label);
  gtk_list_box_append (self->facts, row);
}

void
ot_details_pane_show (OtDetailsPane *self,
                      OtChart       *chart,
                      OtAnalysis    *analysis,
                      OtHitKind      kind,
                      guint          id)
{
  GVariant *details = NULL;
  g_autoptr(GArray) indices = NULL;
  g_autoptr(GPtrArray) rows = NULL;
  g_autoptr(GVariantIter) iter = NULL;
  g_autofree char *count = NULL;
  const char *label, *value;
  OtDataset *dataset;

  g_return_if_fail (OT_IS_DETAILS_PANE (self));
  g_return_if_fail (chart == NULL || OT_IS_CHART (chart));

  g_list_store_remove_all (self->incidents);
  clear_facts (self);
  g_clear_pointer (&self->heading_text, g_free);
  g_clear_pointer (&self->details, g_variant_unref);

  if (chart == NULL || kind == OT_HIT_NONE ||
      (details = ot_chart_get_details (chart, analysis, kind, id)) == NULL)
    {
      gtk_stack_set_visible_child_name (self->stack, "none");
      return;
    }

  self->details = details;
  g_variant_get (details, "(sa(ss))", &self->heading_text, &iter);
  gtk_label_set_text (self->heading, self->heading_text);
  while (g_variant_iter_next (iter, "(&s&s)", &label, &value))
    add_fact (self, label, value);

  dataset = ot_chart_get_dataset (chart);
  indices = ot_chart_get_incidents_for (chart, kind, id);
  rows = g_ptr_array_new_full (indices->len, g_object_unref);
  for (guint i = 0; i < indices->len; i++)
    g_ptr_array_add (rows, ot_incident_row_new (dataset, g_array_index (indices, guint, i)));
  g_list_store_splice (self->incidents, 0, 0, rows->pdata, rows->len);

  count = g_strdup_printf (ngettext ("%'u Incident", "%'u Incidents", indices->len), indices->len);
  gtk_label_set_text (self->incidents_label, count);
  gtk_stack_set_visible_child_name (self->stack, "details");
}

GListModel *
ot_details_pane_get_incidents (OtDetailsPane *self)
{
  g_return_val_if_fail (OT_IS_DETAILS_PANE (self), NULL);

  return G_LIST_MODEL (self->sorted);
}

const char *
ot_details_pane_get_fact (OtDetailsPane *self,
                          const char    *label)
{
  g_autoptr(GVariantIter) iter = NULL;
  const char *l, *value;

  g_return_val_if_fail (OT_IS_DETAILS_PANE (self), NULL);
  g_return_val_if_fail (label != NULL, NULL);

  if (self->details == NULL)
    return NULL;
  g_variant_get (self->details, "(&sa(ss))", NULL, &iter);
  while (g_variant_iter_next (iter, "(&s&s)", &l, &value))
    if (g_str_equal (l, label))
      return value;
  return NULL;
}

const char *
ot_details_pane_get_heading (OtDetailsPane *self)
{
  g_return_val_if_fail (OT_IS_DETAILS_PANE (self), NULL);

  return self->heading_text;
}

/* Object ----------------------------------------------------------------- */

static void
ot_details_pane_dispose (GObject *object)
{
  OtDetailsPane *self = OT_DETAILS_PANE (object);

  gtk_widget_dispose_template (GTK_WIDGET (self), OT_TYPE_DETAILS_PANE);
  g_clear_object (&self->sorted);
  g_clear_object (&self->incidents);
  g_clear_pointer (&self->heading_text, g_free);
  g_clear_pointer (&self->details, g_variant_unref);

  G_OBJECT_CLASS (ot_details_pane_parent_class)->dispose (object);
}

static void
ot_details_pane_class_init (OtDetailsPaneClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = ot_details_pane_dispose;

  gtk_widget_class_set_template_from_resource (widget_class, RESOURCE_PREFIX "/ui/ot-details-pane.ui");
  gtk_widget_class_bind_template_child (widget_class, OtDetailsPane, stack);
  gtk_widget_class_bind_template_child (widget_class, OtDetailsPane, heading);
  gtk_widget_class_bind_template_child (widget_class, OtDetailsPane, facts);
  gtk_widget_class_bind_template_child (widget_class, OtDetailsPane, incidents_label);
  gtk_widget_class_bind_template_child (widget_class, OtDetailsPane, column_view);

  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_set_css_name (widget_class, "otdetailspane");
}

static void
ot_details_pane_init (OtDetailsPane *self)
{
  GtkSelectionModel *selection;

  gtk_widget_init_template (GTK_WIDGET (self));

  self->incidents = g_list_store_new (OT_TYPE_INCIDENT_ROW);
  self->sorted = gtk_sort_list_model_new (G_LIST_MODEL (g_object_ref (self->incidents)),
                                          g_object_ref (gtk_column_view_get_sorter (self->column_view)));
  selection = GTK_SELECTION_MODEL (gtk_no_selection_new (G_LIST_MODEL (g_object_ref (self->sorted))));
  gtk_column_view_set_model (self->column_view, selection);
  g_object_unref (selection);

  add_column (self, COLUMN_DATE, _("Date"));
  add_column (self, COLUMN_MINERAL, _("Mineral"));
  add_column (self, COLUMN_QUANTITY, _("Quantity"));
  add_column (self, COLUMN_STATUS, _("Status"));
  add_column (self, COLUMN_DECLARED_AS, _("Declared As"));
  add_column (self, COLUMN_CONCEALMENT, _("Concealment"));
  add_column (self, COLUMN_SOURCE, _("Source"));
}
