/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "ot-incident-table.h"
#include "ot-incident-item.h"
#include "ot-toast.h"
#include "ot-loader.h"
#include "ot-writer.h"

#include <glib/gi18n.h>
#include <math.h>
#include <string.h>

struct _OtIncidentTable
{
  GtkWidget           parent_instance;

  OtDataset          *dataset;
  OtFilter           *filter;
  guint8             *mask;       /* one byte per incident: our own, or
                                   * @mask_network's */
  OtNetwork          *mask_network;
  gboolean            frames;     /* the rows come with the chart's frames
                                   * (ot_incident_table_show_frame ()) */
  /* Collation keys of text columns, made on the first sort by each
   * column (one per incident, "" for none), so sorting 100 000 rows does
   * not format and fold a cell per comparison. */
  GPtrArray          *sort_keys[OT_N_COLUMNS];
  guint               n_shown;

  OtIncidentList     *rows;       /* the filtered incidents' indices */
  GtkSortListModel   *sorted;
  GtkMultiSelection  *selection;
  gboolean            quiet;      /* selecting for the chart: no signal */

  /* Template children */
  GtkColumnView      *column_view;
  GtkLabel           *count_label;
};

G_DEFINE_FINAL_TYPE (OtIncidentTable, ot_incident_table, GTK_TYPE_WIDGET)

enum {
  PROP_0,
  PROP_DATASET,
  N_PROPS
};

enum {
  INCIDENTS_SELECTED,
  N_SIGNALS
};

static GParamSpec *properties[N_PROPS];
static guint signals[N_SIGNALS];

static const char *
column_title (OtColumn column)
{
  switch (column)
    {
    case OT_COLUMN_ID: return _("ID");
    case OT_COLUMN_DATE: return _("Date");
    case OT_COLUMN_MINERAL: return _("Mineral");
    case OT_COLUMN_FORM: return _("Form");
    case OT_COLUMN_HS_CODE: return _("HS Code");
    case OT_COLUMN_QUANTITY: return _("Quantity (kg)");
    case OT_COLUMN_UNIT: return _("Unit");
    case OT_COLUMN_VALUE: return _("Value");
    case OT_COLUMN_CURRENCY: return _("Currency");
    case OT_COLUMN_DECLARED_AS: return _("Declared As");
    case OT_COLUMN_CONCEALMENT: return _("Concealment");
    case OT_COLUMN_ORIGIN: return _("Origin");
    case OT_COLUMN_EXPORTER: return _("Exporter");
    case OT_COLUMN_VIA: return _("Via");
    case OT_COLUMN_DESTINATION: return _("Destination");
    case OT_COLUMN_CONSIGNEE: return _("Consignee");
    case OT_COLUMN_STATUS: return _("Status");
    case OT_COLUMN_CONFIDENCE: return _("Confidence");
    case OT_COLUMN_RELIABILITY: return _("Reliability");
    case OT_COLUMN_CREDIBILITY: return _("Credibility");
    case OT_COLUMN_EVENT_COUNTRY: return _("Event Country");
    case OT_COLUMN_EVENT_PLACE: return _("Event Place");
    case OT_COLUMN_AUTHORITY: return _("Authority");
    case OT_COLUMN_CASE_REF: return _("Case Reference");
    case OT_COLUMN_ILLUSTRATIVE: return _("Illustrative");
    case OT_COLUMN_SOURCE: return _("Source");
    case OT_COLUMN_SOURCE_URL: return _("Source URL");
    case OT_COLUMN_NOTES: return _("Notes");
    case OT_N_COLUMNS:
    default:
      g_return_val_if_reached (NULL);
    }
}

/* What a cell shows: the format's text, with minerals, statuses and
 * confidence translated, dates and numbers in the user's locale. */
static char *
cell_text (const OtIncident *incident,
           OtColumn          column)
{
  switch (column)
    {
    case OT_COLUMN_MINERAL:
      return incident->mineral != OT_MINERAL_NONE ? g_strdup (ot_mineral_label (incident->mineral)) : NULL;
    case OT_COLUMN_STATUS:
      return g_strdup (ot_status_label (incident->status));
    case OT_COLUMN_FORM:
      return incident->form != OT_FORM_UNKNOWN ? g_strdup (ot_form_label (incident->form)) : NULL;
    case OT_COLUMN_CONFIDENCE:
      return g_strdup (ot_filter_confidence_label (incident->confidence));
    case OT_COLUMN_QUANTITY:
      return isnan (incident->quantity_kg) ? NULL : g_strdup_printf ("%'.15g", incident->quantity_kg);
    case OT_COLUMN_VALUE:
      return isnan (incident->value) ? NULL : g_strdup_printf ("%'.15g", incident->value);
    case OT_COLUMN_ILLUSTRATIVE:
      return g_strdup (incident->illustrative ? _("Yes") : _("No"));
    case OT_COLUMN_DATE:
      /* As the details pane and the chart show it. */
      return incident->date.precision != OT_DATE_NONE ? ot_date_to_display (&incident->date) : NULL;
    default:
      return ot_writer_column_text (incident, column);
    }
}

/* Starting widths in pixels; columns are resizable. */
static int
column_width (OtColumn column)
{
  switch (column)
    {
    case OT_COLUMN_ID: return 130;
    case OT_COLUMN_DATE: return 96;
    case OT_COLUMN_MINERAL: return 130;
    case OT_COLUMN_FORM: case OT_COLUMN_HS_CODE: case OT_COLUMN_CURRENCY:
    case OT_COLUMN_ORIGIN: case OT_COLUMN_DESTINATION: case OT_COLUMN_EVENT_COUNTRY:
    case OT_COLUMN_RELIABILITY: case OT_COLUMN_CREDIBILITY: case OT_COLUMN_ILLUSTRATIVE:
      return 90;
    case OT_COLUMN_QUANTITY: case OT_COLUMN_VALUE: case OT_COLUMN_STATUS: case OT_COLUMN_CONFIDENCE:
      return 110;
    case OT_COLUMN_SOURCE: case OT_COLUMN_NOTES: return 320;
    default: return 180;
    }
}

static const OtIncident *
item_incident (OtIncidentTable *self,
               gpointer         item)
{
  return ot_dataset_get_incident (self->dataset, ot_incident_item_get_index (item));
}

static gboolean
on_cell_query_tooltip (GtkWidget  *widget,
                       int         x,
                       int         y,
                       gboolean    keyboard,
                       GtkTooltip *tooltip,
                       gpointer    data)
{
  const char *text = gtk_inscription_get_text (GTK_INSCRIPTION (widget));

  if (text == NULL || *text == '\0')
    return FALSE;
  gtk_tooltip_set_text (tooltip, text);
  return TRUE;
}

static void
setup_cell (GtkSignalListItemFactory *factory,
            GtkListItem              *list_item,
            gpointer                  data)
{
  GtkWidget *inscription = gtk_inscription_new (NULL);

  /* The tooltip (the whole text of a cut cell) is asked for on hover:
   * gtk_widget_set_tooltip_text() in every bind made GTK 4.8 query the
   * pointer from the display server per cell, seconds per filter change
   * with 20 000 rows under X11. */
  gtk_widget_set_has_tooltip (inscription, TRUE);
  g_signal_connect (inscription, "query-tooltip", G_CALLBACK (on_cell_query_tooltip), NULL);
  gtk_inscription_set_min_chars (GTK_INSCRIPTION (inscription), 4);
  gtk_inscription_set_nat_chars (GTK_INSCRIPTION (inscription), 14);
  gtk_inscription_set_text_overflow (GTK_INSCRIPTION (inscription),
                                     GTK_INSCRIPTION_OVERFLOW_ELLIPSIZE_END);
  gtk_list_item_set_child (list_item, inscription);
}

static void
bind_cell (GtkSignalListItemFactory *factory,
           GtkListItem              *list_item,
           gpointer                  data)
{
  OtColumn column = GPOINTER_TO_UINT (g_object_get_data (G_OBJECT (factory), "ot-column"));
  OtIncidentTable *self = data;
  GtkInscription *inscription = GTK_INSCRIPTION (gtk_list_item_get_child (list_item));
  g_autofree char *text = NULL;

  if (self->dataset == NULL)
    return;
  text = cell_text (item_incident (self, gtk_list_item_get_item (list_item)), column);
  gtk_inscription_set_text (inscription, text);
}

static int
compare_numbers (double a,
                 double b)
{
  /* Missing numbers sort last either way up. */
  if (isnan (a) || isnan (b))
    return isnan (a) - isnan (b);
  return (a > b) - (a < b);
}

static const char *
sort_key (OtIncidentTable *self,
          OtColumn         column,
          guint            index)
{
  GPtrArray *keys = self->sort_keys[column];

  if (keys == NULL)
    {
      guint n = ot_dataset_get_n_incidents (self->dataset);

      keys = self->sort_keys[column] = g_ptr_array_new_full (n, g_free);
      for (guint i = 0; i < n; i++)
        {
          g_autofree char *text = cell_text (ot_dataset_get_incident (self->dataset, i), column);

          g_ptr_array_add (keys, text ? g_utf8_collate_key (text, -1) : g_strdup (""));
        }
    }
  return g_ptr_array_index (keys, index);
}

static void
clear_sort_keys (OtIncidentTable *self)
{
  for (guint c = 0; c < OT_N_COLUMNS; c++)
    g_clear_pointer (&self->sort_keys[c], g_ptr_array_unref);
}

static int
compare_cells (gconstpointer a,
               gconstpointer b,
               gpointer      data)
{
  OtIncidentTable *self = g_object_get_data (G_OBJECT (data), "ot-table");
  OtColumn column = GPOINTER_TO_UINT (g_object_get_data (G_OBJECT (data), "ot-column"));
  const OtIncident *x, *y;
  if (self == NULL || self->dataset == NULL)
    return 0;
  x = item_incident (self, (gpointer) a);
  y = item_incident (self, (gpointer) b);
  switch (column)
    {
    case OT_COLUMN_QUANTITY:
      return compare_numbers (x->quantity_kg, y->quantity_kg);
    case OT_COLUMN_VALUE:
      return compare_numbers (x->value, y->value);
    case OT_COLUMN_CREDIBILITY:
      return (x->credibility > y->credibility) - (x->credibility < y->credibility);
    case OT_COLUMN_STATUS:
      return (x->status > y->status) - (x->status < y->status);
    case OT_COLUMN_CONFIDENCE:
      return (x->confidence > y->confidence) - (x->confidence < y->confidence);
    case OT_COLUMN_DATE:
      {
        guint32 fx = ot_date_first_day (&x->date), fy = ot_date_first_day (&y->date);

        if (fx != fy)
          return fx == 0 ? 1 : fy == 0 ? -1 : (fx > fy) - (fx < fy);
        return ot_date_last_day (&x->date) < ot_date_last_day (&y->date) ? -1 :
               ot_date_last_day (&x->date) > ot_date_last_day (&y->date);
      }
    default:
      {
        const char *kx = sort_key (self, column, ot_incident_item_get_index ((gpointer) a));
        const char *ky = sort_key (self, column, ot_incident_item_get_index ((gpointer) b));

        /* Empty cells last. */
        if (*kx == '\0' || *ky == '\0')
          return (*kx == '\0') - (*ky == '\0');
        return strcmp (kx, ky);
      }
    }
}

static void
add_columns (OtIncidentTable *self)
{
  for (guint c = 0; c < OT_N_COLUMNS; c++)
    {
      GtkListItemFactory *factory = gtk_signal_list_item_factory_new ();
      GtkCustomSorter *sorter;
      GtkColumnViewColumn *column;

      if (c == OT_COLUMN_UNIT)
        {
          g_object_unref (factory);
          continue;   /* quantities are in kg: the title says it */
        }
      g_object_set_data (G_OBJECT (factory), "ot-column", GUINT_TO_POINTER (c));
      g_signal_connect (factory, "setup", G_CALLBACK (setup_cell), self);
      g_signal_connect (factory, "bind", G_CALLBACK (bind_cell), self);

      column = gtk_column_view_column_new (column_title (c), factory);
      gtk_column_view_column_set_resizable (column, TRUE);
      gtk_column_view_column_set_fixed_width (column, column_width (c));
      sorter = gtk_custom_sorter_new (NULL, NULL, NULL);
      /* The compare function reads these; no reference (the table owns the sorter). */
      g_object_set_data (G_OBJECT (sorter), "ot-table", self);
      g_object_set_data (G_OBJECT (sorter), "ot-column", GUINT_TO_POINTER (c));
      gtk_custom_sorter_set_sort_func (sorter, compare_cells, sorter, NULL);
      gtk_column_view_column_set_sorter (column, GTK_SORTER (sorter));
      g_object_unref (sorter);
      gtk_column_view_append_column (self->column_view, column);
      g_object_unref (column);
    }
}

static void
clear_mask (OtIncidentTable *self)
{
  if (self->mask_network != NULL)
    self->mask = NULL;
  g_clear_pointer (&self->mask_network, ot_network_unref);
  g_clear_pointer (&self->mask, g_free);
}

static void
update_count (OtIncidentTable *self)
{
  guint total = self->dataset ? ot_dataset_get_n_incidents (self->dataset) : 0;
  g_autofree char *text = g_strdup_printf (ngettext ("%'u of %'u incident", "%'u of %'u incidents", total),
                                           self->n_shown, total);

  gtk_label_set_label (self->count_label, text);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "table.export-csv", self->n_shown > 0);
}

/* On its own (no frames), the table filters here. */
static void
refilter (OtIncidentTable *self)
{
  g_autoptr(GArray) rows = NULL;

  clear_mask (self);
  self->n_shown = 0;
  if (self->dataset)
    {
      self->mask = ot_filter_apply (self->filter, self->dataset, &self->n_shown);
      rows = ot_mask_to_indices (self->mask, ot_dataset_get_n_incidents (self->dataset), self->n_shown);
    }
  ot_incident_list_set_rows (self->rows, rows);
  update_count (self);
}

static void
on_selection_changed (GtkSelectionModel *model,
                      guint              position,
                      guint              n_items,
                      OtIncidentTable   *self)
{
  g_autoptr(GtkBitset) selected = NULL;
  g_autoptr(GArray) indices = NULL;
  GtkBitsetIter iter;
  guint position_i;

  if (self->quiet)
    return;
  selected = gtk_selection_model_get_selection (model);
  indices = g_array_new (FALSE, FALSE, sizeof (guint));
  for (gboolean ok = gtk_bitset_iter_init_first (&iter, selected, &position_i); ok;
       ok = gtk_bitset_iter_next (&iter, &position_i))
    {
      g_autoptr(OtIncidentItem) item = g_list_model_get_item (G_LIST_MODEL (model), position_i);
      guint index = ot_incident_item_get_index (item);

      g_array_append_val (indices, index);
    }
  g_signal_emit (self, signals[INCIDENTS_SELECTED], 0, indices);
}

static void
show_toast (OtIncidentTable *self,
            const char      *text)
{
  GtkWidget *overlay = gtk_widget_get_ancestor (GTK_WIDGET (self), ADW_TYPE_TOAST_OVERLAY);

  if (overlay)
    adw_toast_overlay_add_toast (ADW_TOAST_OVERLAY (overlay), ot_toast_new_text (text));
  else
    g_message ("%s", text);
}

typedef struct {
  OtIncidentTable *self;
  GApplication    *app;     /* held while writing; may be NULL */
  char            *name;
  guint            n_rows;
} ExportJob;

static void
export_job_free (ExportJob *job)
{
  if (job->app != NULL)
    g_application_release (job->app);
  g_clear_object (&job->app);
  g_object_unref (job->self);
  g_free (job->name);
  g_free (job);
}

static void
on_export_written (GObject      *source,
                   GAsyncResult *result,
                   gpointer      data)
{
  ExportJob *job = data;
  g_autoptr(GError) error = NULL;
  g_autofree char *text = NULL;

  if (ot_writer_write_csv_filtered_finish (result, &error))
    text = g_strdup_printf (ngettext ("Saved %'u incident to “%s”", "Saved %'u incidents to “%s”",
                                      job->n_rows), job->n_rows, job->name);
  else if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    text = g_strdup_printf (_("Could not save “%s”: %s"), job->name, error->message);
  if (text != NULL)
    show_toast (job->self, text);
  export_job_free (job);
}

/* The rows shown go to the file in a worker thread: walking every
 * incident is not for the main thread.  The job holds the table and the
 * application, so closing the window lets the write finish (a process
 * killed meanwhile leaves the old file as it was: OtAtomicFile). */
static void
on_export_response (GtkNativeDialog *dialog,
                    int              response,
                    OtIncidentTable *self)
{
  if (response == GTK_RESPONSE_ACCEPT && self->dataset != NULL)
    {
      g_autoptr(GFile) file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (dialog));

      ot_incident_table_save_csv (self, file);
    }
  gtk_native_dialog_destroy (dialog);
  g_object_unref (dialog);
  g_object_unref (self);
}

static void
export_csv_action (GtkWidget  *widget,
                   const char *action_name,
                   GVariant   *parameter)
{
  OtIncidentTable *self = OT_INCIDENT_TABLE (widget);
  GtkRoot *root = gtk_widget_get_root (widget);
  GtkFileChooserNative *dialog;
  g_autoptr(GtkFileFilter) filter = gtk_file_filter_new ();

  dialog = gtk_file_chooser_native_new (_("Export Incidents as CSV"),
                                        GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL,
                                        GTK_FILE_CHOOSER_ACTION_SAVE, _("_Save"), _("_Cancel"));
  gtk_file_filter_set_name (filter, _("CSV files"));
  gtk_file_filter_add_suffix (filter, "csv");
  gtk_file_chooser_add_filter (GTK_FILE_CHOOSER (dialog), filter);
  gtk_file_chooser_set_current_name (GTK_FILE_CHOOSER (dialog), _("incidents.csv"));
  g_signal_connect (dialog, "response", G_CALLBACK (on_export_response), g_object_ref (self));
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (dialog));
}

static void
ot_incident_table_dispose (GObject *object)
{
  GtkWidget *child;
  OtIncidentTable *self = OT_INCIDENT_TABLE (object);

  gtk_widget_dispose_template (GTK_WIDGET (self), OT_TYPE_INCIDENT_TABLE);
  /* The template's root box is not a bound child: drop it too. */
  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self))) != NULL)
    gtk_widget_unparent (child);
  g_clear_object (&self->selection);
  g_clear_object (&self->dataset);
  clear_mask (self);

  G_OBJECT_CLASS (ot_incident_table_parent_class)->dispose (object);
}

static void
ot_incident_table_finalize (GObject *object)
{
  OtIncidentTable *self = OT_INCIDENT_TABLE (object);

  clear_mask (self);
  g_clear_pointer (&self->filter, ot_filter_free);
  clear_sort_keys (self);

  G_OBJECT_CLASS (ot_incident_table_parent_class)->finalize (object);
}

static void
ot_incident_table_get_property (GObject    *object,
                                guint       prop_id,
                                GValue     *value,
                                GParamSpec *pspec)
{
  OtIncidentTable *self = OT_INCIDENT_TABLE (object);

  switch (prop_id)
    {
    case PROP_DATASET:
      g_value_set_object (value, self->dataset);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
ot_incident_table_set_property (GObject      *object,
                                guint         prop_id,
                                const GValue *value,
                                GParamSpec   *pspec)
{
  OtIncidentTable *self = OT_INCIDENT_TABLE (object);

  switch (prop_id)
    {
    case PROP_DATASET:
      ot_incident_table_set_dataset (self, g_value_get_object (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void scroll_to (OtIncidentTable *self,
                       guint            position);

/* Hidden (Ctrl+T shows it), the column view has no model: a million rows
 * replaced on every filter change would still rebuild its cells.  Shown,
 * it takes the rows as they are, and the first selected comes into
 * view. */
static void
ot_incident_table_map (GtkWidget *widget)
{
  OtIncidentTable *self = OT_INCIDENT_TABLE (widget);
  g_autoptr(GtkBitset) selected = NULL;

  gtk_column_view_set_model (self->column_view, GTK_SELECTION_MODEL (self->selection));
  GTK_WIDGET_CLASS (ot_incident_table_parent_class)->map (widget);
  selected = gtk_selection_model_get_selection (GTK_SELECTION_MODEL (self->selection));
  if (!gtk_bitset_is_empty (selected))
    scroll_to (self, gtk_bitset_get_minimum (selected));
}

static void
ot_incident_table_unmap (GtkWidget *widget)
{
  OtIncidentTable *self = OT_INCIDENT_TABLE (widget);

  GTK_WIDGET_CLASS (ot_incident_table_parent_class)->unmap (widget);
  gtk_column_view_set_model (self->column_view, NULL);
}

static void
ot_incident_table_class_init (OtIncidentTableClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = ot_incident_table_dispose;
  object_class->finalize = ot_incident_table_finalize;
  object_class->get_property = ot_incident_table_get_property;
  object_class->set_property = ot_incident_table_set_property;
  widget_class->map = ot_incident_table_map;
  widget_class->unmap = ot_incident_table_unmap;

  properties[PROP_DATASET] =
    g_param_spec_object ("dataset", NULL, NULL, OT_TYPE_DATASET,
                         G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  /**
   * OtIncidentTable::incidents-selected:
   * @indices: (element-type guint): dataset indices of the selected rows
   */
  signals[INCIDENTS_SELECTED] =
    g_signal_new ("incidents-selected", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_ARRAY);

  gtk_widget_class_set_template_from_resource (widget_class, RESOURCE_PREFIX "/ui/ot-incident-table.ui");
  gtk_widget_class_bind_template_child (widget_class, OtIncidentTable, column_view);
  gtk_widget_class_bind_template_child (widget_class, OtIncidentTable, count_label);

  gtk_widget_class_install_action (widget_class, "table.export-csv", NULL, export_csv_action);

  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_set_css_name (widget_class, "ot-incident-table");
}

static void
ot_incident_table_init (OtIncidentTable *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));

  self->rows = ot_incident_list_new ();
  self->sorted = gtk_sort_list_model_new (G_LIST_MODEL (self->rows),
                                          g_object_ref (gtk_column_view_get_sorter (self->column_view)));
  self->selection = gtk_multi_selection_new (G_LIST_MODEL (self->sorted));
  g_signal_connect (self->selection, "selection-changed", G_CALLBACK (on_selection_changed), self);
  add_columns (self);
  update_count (self);
}

GtkWidget *
ot_incident_table_new (void)
{
  return g_object_new (OT_TYPE_INCIDENT_TABLE, NULL);
}

void
ot_incident_table_set_dataset (OtIncidentTable *self,
                               OtDataset       *dataset)
{
  g_return_if_fail (OT_IS_INCIDENT_TABLE (self));
  g_return_if_fail (dataset == NULL || OT_IS_DATASET (dataset));

  if (!g_set_object (&self->dataset, dataset))
    return;

  clear_sort_keys (self);
  if (self->frames)
    {
      /* No rows until the dataset's first frame. */
      clear_mask (self);
      self->n_shown = 0;
      ot_incident_list_set_rows (self->rows, NULL);
      update_count (self);
    }
  else
    refilter (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_DATASET]);
}

OtDataset *
ot_incident_table_get_dataset (OtIncidentTable *self)
{
  g_return_val_if_fail (OT_IS_INCIDENT_TABLE (self), NULL);
  return self->dataset;
}

void
ot_incident_table_set_filter (OtIncidentTable *self,
                              const OtFilter  *filter)
{
  g_return_if_fail (OT_IS_INCIDENT_TABLE (self));

  g_clear_pointer (&self->filter, ot_filter_free);
  if (filter)
    self->filter = ot_filter_copy (filter);
  if (!self->frames)
    refilter (self);
}

void
ot_incident_table_show_frame (OtIncidentTable *self,
                              OtNetwork       *network,
                              GArray          *rows)
{
  OtDataset *dataset;

  g_return_if_fail (OT_IS_INCIDENT_TABLE (self));
  g_return_if_fail (network != NULL);
  g_return_if_fail (rows != NULL);

  self->frames = TRUE;
  /* A restyle (a selection, the theme) brings the same network: the rows
   * and what is selected among them stay. */
  if (network == self->mask_network)
    return;
  dataset = ot_network_get_dataset (network);
  if (g_set_object (&self->dataset, dataset))
    {
      clear_sort_keys (self);
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_DATASET]);
    }
  clear_mask (self);
  self->mask_network = ot_network_ref (network);
  self->mask = (guint8 *) ot_network_get_mask (network, NULL);
  self->n_shown = rows->len;
  ot_incident_list_set_rows (self->rows, rows);
  update_count (self);
}

guint
ot_incident_table_get_n_shown (OtIncidentTable *self)
{
  g_return_val_if_fail (OT_IS_INCIDENT_TABLE (self), 0);
  return g_list_model_get_n_items (G_LIST_MODEL (self->sorted));
}

GListModel *
ot_incident_table_get_model (OtIncidentTable *self)
{
  g_return_val_if_fail (OT_IS_INCIDENT_TABLE (self), NULL);
  return G_LIST_MODEL (self->selection);
}

char *
ot_incident_table_get_cell_text (OtIncidentTable *self,
                                 guint            index,
                                 OtColumn         column)
{
  g_return_val_if_fail (OT_IS_INCIDENT_TABLE (self), NULL);
  g_return_val_if_fail (self->dataset != NULL, NULL);
  g_return_val_if_fail (index < ot_dataset_get_n_incidents (self->dataset), NULL);
  g_return_val_if_fail (column < OT_N_COLUMNS, NULL);

  return cell_text (ot_dataset_get_incident (self->dataset, index), column);
}

/* Brings row @position into view.  GTK 4.8's GtkColumnView has no
 * scroll_to () (4.12); its list view has the "list.scroll-to-item"
 * action, which is what keyboard focus uses. */
static void
scroll_to (OtIncidentTable *self,
           guint            position)
{
  for (GtkWidget *child = gtk_widget_get_first_child (GTK_WIDGET (self->column_view)); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    if (GTK_IS_LIST_VIEW (child))
      gtk_widget_activate_action (child, "list.scroll-to-item", "u", position);
}

void
ot_incident_table_select (OtIncidentTable *self,
                          const guint     *indices,
                          guint            n_indices)
{
  g_autoptr(GtkBitset) wanted = gtk_bitset_new_empty ();
  g_autoptr(GtkBitset) positions = gtk_bitset_new_empty ();
  g_autoptr(GtkBitset) all = NULL;
  guint n;

  g_return_if_fail (OT_IS_INCIDENT_TABLE (self));

  n = g_list_model_get_n_items (G_LIST_MODEL (self->sorted));
  if (gtk_sorter_get_order (gtk_column_view_get_sorter (self->column_view)) == GTK_SORTER_ORDER_NONE)
    {
      /* Unsorted, a row's position is found in the ascending rows. */
      for (guint i = 0; i < n_indices; i++)
        {
          gint p = ot_incident_list_find (self->rows, indices[i]);

          if (p >= 0)
            gtk_bitset_add (positions, p);
        }
    }
  else if (n_indices > 0)
    {
      for (guint i = 0; i < n_indices; i++)
        gtk_bitset_add (wanted, indices[i]);
      for (guint p = 0; p < n; p++)
        {
          g_autoptr(OtIncidentItem) item = g_list_model_get_item (G_LIST_MODEL (self->sorted), p);

          if (gtk_bitset_contains (wanted, ot_incident_item_get_index (item)))
            gtk_bitset_add (positions, p);
        }
    }
  all = gtk_bitset_new_range (0, n);
  gtk_selection_model_set_selection (GTK_SELECTION_MODEL (self->selection), positions, all);
  if (!gtk_bitset_is_empty (positions))
    scroll_to (self, gtk_bitset_get_minimum (positions));
}

void
ot_incident_table_show_selected (OtIncidentTable *self,
                                 const guint     *indices,
                                 guint            n_indices)
{
  g_return_if_fail (OT_IS_INCIDENT_TABLE (self));

  self->quiet = TRUE;
  ot_incident_table_select (self, indices, n_indices);
  self->quiet = FALSE;
}

GArray *
ot_incident_table_get_selected (OtIncidentTable *self)
{
  g_autoptr(GtkBitset) selected = NULL;
  GArray *indices = g_array_new (FALSE, FALSE, sizeof (guint));
  GtkBitsetIter iter;
  guint position;

  g_return_val_if_fail (OT_IS_INCIDENT_TABLE (self), indices);

  selected = gtk_selection_model_get_selection (GTK_SELECTION_MODEL (self->selection));
  for (gboolean ok = gtk_bitset_iter_init_first (&iter, selected, &position); ok;
       ok = gtk_bitset_iter_next (&iter, &position))
    {
      g_autoptr(OtIncidentItem) item = g_list_model_get_item (G_LIST_MODEL (self->sorted), position);
      guint index = ot_incident_item_get_index (item);

      g_array_append_val (indices, index);
    }
  return indices;
}

gboolean
ot_incident_table_export_csv (OtIncidentTable *self,
                              GFile           *file,
                              GError         **error)
{
  g_return_val_if_fail (OT_IS_INCIDENT_TABLE (self), FALSE);
  g_return_val_if_fail (G_IS_FILE (file), FALSE);
  g_return_val_if_fail (self->dataset != NULL, FALSE);

  return ot_writer_write_csv_filtered (self->dataset, self->mask, file, NULL, error);
}

void
ot_incident_table_save_csv (OtIncidentTable *self,
                            GFile           *file)
{
  ExportJob *job;

  g_return_if_fail (OT_IS_INCIDENT_TABLE (self));
  g_return_if_fail (G_IS_FILE (file));
  g_return_if_fail (self->dataset != NULL);

  job = g_new0 (ExportJob, 1);
  job->self = g_object_ref (self);
  job->name = ot_toast_file_name (file);
  job->n_rows = self->n_shown;
  job->app = g_application_get_default ();
  if (job->app != NULL)
    g_application_hold (g_object_ref (job->app));
  ot_writer_write_csv_filtered_async (self->dataset, self->mask, file, NULL,
                                      on_export_written, job);
}

void
ot_incident_table_sort_by (OtIncidentTable *self,
                           OtColumn         column,
                           GtkSortType      order)
{
  GListModel *columns;

  g_return_if_fail (OT_IS_INCIDENT_TABLE (self));
  g_return_if_fail (column < OT_N_COLUMNS);

  columns = gtk_column_view_get_columns (self->column_view);
  for (guint i = 0; i < g_list_model_get_n_items (columns); i++)
    {
      g_autoptr(GtkColumnViewColumn) c = g_list_model_get_item (columns, i);
      GtkSorter *sorter = gtk_column_view_column_get_sorter (c);

      if (sorter && GPOINTER_TO_UINT (g_object_get_data (G_OBJECT (sorter), "ot-column")) == column)
        {
          gtk_column_view_sort_by_column (self->column_view, c, order);
          return;
        }
    }
}

void
ot_incident_table_follow_frames (OtIncidentTable *self)
{
  g_return_if_fail (OT_IS_INCIDENT_TABLE (self));

  self->frames = TRUE;
}
