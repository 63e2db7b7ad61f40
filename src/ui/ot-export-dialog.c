/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "ot-export-dialog.h"

#include <glib/gi18n.h>

/* Rows of the format combo, in order. */
static const struct {
  OtExportFormat  format;
  const char     *extension;
  const char     *mime_type;
} formats[] = {
  { OT_EXPORT_PNG, "png", "image/png" },
  { OT_EXPORT_SVG, "svg", "image/svg+xml" },
  { OT_EXPORT_PDF, "pdf", "application/pdf" },
  { OT_EXPORT_GEXF, "gexf", NULL },
  { OT_EXPORT_GRAPHML, "graphml", NULL },
  { OT_EXPORT_XLSX, "xlsx", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet" },
  { OT_EXPORT_FTM, "ftm.json", NULL },
};

#define DEFAULT_WIDTH  1600
#define DEFAULT_HEIGHT 1000

struct _OtExportDialog
{
  AdwWindow      parent_instance;

  OtScene       *scene;
  OtNetwork     *network;     /* behind the scene, for the data formats */
  gboolean       network_marks; /* the scene's marks are the network's */
  OtViewport     viewport;
  double         detail;
  char          *basename;
  GSettings     *settings;    /* the choices, kept for the next export */

  /* Template children */
  AdwPreferencesGroup *format_group;
  AdwPreferencesGroup *size_group;
  AdwComboRow   *format_row;
  AdwComboRow   *area_row;
  GtkSpinButton *width_spin;
  AdwPreferencesGroup *png_group;
  AdwComboRow   *resolution_row;
  GtkSwitch     *transparent_switch;
  AdwPreferencesGroup *svg_group;
  AdwComboRow   *svg_text_row;
  GtkSpinButton *height_spin;
};

G_DEFINE_FINAL_TYPE (OtExportDialog, ot_export_dialog, ADW_TYPE_WINDOW)

enum {
  EXPORTED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

void
ot_export_dialog_set_format (OtExportDialog *self,
                             OtExportFormat  format)
{
  g_return_if_fail (OT_IS_EXPORT_DIALOG (self));

  for (guint i = 0; i < G_N_ELEMENTS (formats); i++)
    if (formats[i].format == format)
      adw_combo_row_set_selected (self->format_row, i);
}

void
ot_export_dialog_set_size (OtExportDialog *self,
                           int             width,
                           int             height)
{
  g_return_if_fail (OT_IS_EXPORT_DIALOG (self));

  gtk_spin_button_set_value (self->width_spin, width);
  gtk_spin_button_set_value (self->height_spin, height);
}

void
ot_export_dialog_set_whole_chart (OtExportDialog *self,
                                  gboolean        whole)
{
  g_return_if_fail (OT_IS_EXPORT_DIALOG (self));

  adw_combo_row_set_selected (self->area_row, whole ? 0 : 1);
}

static guint
selected_format (OtExportDialog *self)
{
  return MIN (adw_combo_row_get_selected (self->format_row), G_N_ELEMENTS (formats) - 1);
}

void
ot_export_dialog_set_png_options (OtExportDialog *self,
                                  double          dpi,
                                  gboolean        transparent)
{
  g_return_if_fail (OT_IS_EXPORT_DIALOG (self));

  adw_combo_row_set_selected (self->resolution_row, dpi < 144 ? 0 : dpi < 246 ? 1 : 2);
  gtk_switch_set_active (self->transparent_switch, transparent);
}

void
ot_export_dialog_set_svg_text (OtExportDialog *self,
                               OtSvgText       svg_text)
{
  g_return_if_fail (OT_IS_EXPORT_DIALOG (self));

  adw_combo_row_set_selected (self->svg_text_row, svg_text == OT_SVG_TEXT_PATHS ? 1 : 0);
}

gboolean
ot_export_dialog_get_svg_options_visible (OtExportDialog *self)
{
  g_return_val_if_fail (OT_IS_EXPORT_DIALOG (self), FALSE);

  return gtk_widget_get_visible (GTK_WIDGET (self->svg_group));
}

gboolean
ot_export_dialog_get_page_options_sensitive (OtExportDialog *self)
{
  g_return_val_if_fail (OT_IS_EXPORT_DIALOG (self), FALSE);

  return gtk_widget_get_sensitive (GTK_WIDGET (self->size_group)) &&
         gtk_widget_get_sensitive (GTK_WIDGET (self->area_row));
}

gboolean
ot_export_dialog_get_png_options_sensitive (OtExportDialog *self)
{
  g_return_val_if_fail (OT_IS_EXPORT_DIALOG (self), FALSE);

  return gtk_widget_get_sensitive (GTK_WIDGET (self->png_group));
}

void
ot_export_dialog_set_detail (OtExportDialog *self,
                             double          detail)
{
  g_return_if_fail (OT_IS_EXPORT_DIALOG (self));
  g_return_if_fail (detail > 0);

  self->detail = detail;
}

void
ot_export_dialog_get_options (OtExportDialog    *self,
                              OtExportOptions   *opts,
                              const OtViewport **viewport)
{
  g_return_if_fail (OT_IS_EXPORT_DIALOG (self));
  g_return_if_fail (opts != NULL);

  ot_export_options_init (opts);
  opts->format = formats[selected_format (self)].format;
  opts->width = gtk_spin_button_get_value_as_int (self->width_spin);
  opts->height = gtk_spin_button_get_value_as_int (self->height_spin);
  opts->detail = self->detail > 0 ? self->detail : 1;
  if (opts->format == OT_EXPORT_PNG)
    {
      static const double dpi[] = { 96, 192, 300 };
      guint r = MIN (adw_combo_row_get_selected (self->resolution_row), G_N_ELEMENTS (dpi) - 1);

      opts->scale = dpi[r] / 96.0;
      opts->transparent = gtk_switch_get_active (self->transparent_switch);
    }
  if (opts->format == OT_EXPORT_SVG)
    opts->svg_text = adw_combo_row_get_selected (self->svg_text_row) == 1
                     ? OT_SVG_TEXT_PATHS : OT_SVG_TEXT_TEXT;
  if (viewport != NULL)
    *viewport = adw_combo_row_get_selected (self->area_row) == 1 ? &self->viewport : NULL;
}

gboolean
ot_export_dialog_export_to (OtExportDialog  *self,
                            const char      *path,
                            GError         **error)
{
  OtExportOptions opts;
  const OtViewport *vp;

  g_return_val_if_fail (OT_IS_EXPORT_DIALOG (self), FALSE);
  g_return_val_if_fail (path != NULL, FALSE);

  ot_export_dialog_get_options (self, &opts, &vp);
  if (!ot_export_format_is_picture (opts.format))
    {
      if (self->network == NULL)
        {
          g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_NOT_SUPPORTED,
                               _("There is no network to export"));
          return FALSE;
        }
      if (!ot_export_network (self->network, self->network_marks ? self->scene : NULL, vp, &opts,
                              path, error))
        return FALSE;
    }
  else if (!ot_export_scene (self->scene, vp, &opts, path, error))
    return FALSE;
  /* A whole chart's size is a choice to keep; a view's is the canvas's. */
  if (vp == NULL && self->settings != NULL)
    {
      g_settings_set_int (self->settings, "export-width", opts.width);
      g_settings_set_int (self->settings, "export-height", opts.height);
    }
  g_signal_emit (self, signals[EXPORTED], 0, path);
  return TRUE;
}

static void
show_error (OtExportDialog *self,
            const GError   *error)
{
  GtkWidget *dialog = adw_message_dialog_new (GTK_WINDOW (self), _("Could Not Export the Chart"),
                                              error->message);

  adw_message_dialog_add_response (ADW_MESSAGE_DIALOG (dialog), "close", _("_Close"));
  gtk_window_present (GTK_WINDOW (dialog));
}

static void
on_file_response (GtkNativeDialog *chooser,
                  int              response,
                  OtExportDialog  *self)
{
  if (response == GTK_RESPONSE_ACCEPT)
    {
      g_autoptr(GFile) file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (chooser));
      g_autofree char *path = file != NULL ? g_file_get_path (file) : NULL;
      const char *extension = formats[selected_format (self)].extension;
      g_autoptr(GError) error = NULL;

      g_autofree char *suffix = g_strconcat (".", extension, NULL);

      if (path != NULL && !g_str_has_suffix (path, suffix))
        {
          char *with_ext = g_strconcat (path, ".", extension, NULL);

          g_free (path);
          path = with_ext;
        }
      if (path == NULL)
        g_set_error_literal (&error, G_IO_ERROR, G_IO_ERROR_NOT_SUPPORTED,
                             _("Only local files can be written"));
      if (error == NULL && ot_export_dialog_export_to (self, path, &error))
        gtk_window_close (GTK_WINDOW (self));
      else
        show_error (self, error);
    }
  gtk_native_dialog_destroy (chooser);
  g_object_unref (chooser);
}

static void
choose_file_action (GtkWidget  *widget,
                    const char *name,
                    GVariant   *param)
{
  OtExportDialog *self = OT_EXPORT_DIALOG (widget);
  guint f = selected_format (self);
  g_autoptr(GtkFileFilter) filter = gtk_file_filter_new ();
  g_autofree char *current = g_strdup_printf ("%s.%s", self->basename, formats[f].extension);
  GtkFileChooserNative *chooser;

  chooser = gtk_file_chooser_native_new (_("Export Chart"), GTK_WINDOW (self),
                                         GTK_FILE_CHOOSER_ACTION_SAVE, _("_Export"), _("_Cancel"));
  if (formats[f].mime_type != NULL)
    gtk_file_filter_add_mime_type (filter, formats[f].mime_type);
  gtk_file_filter_add_suffix (filter, formats[f].extension);
  gtk_file_filter_set_name (filter, adw_combo_row_get_selected_item (self->format_row) != NULL
                            ? gtk_string_object_get_string (adw_combo_row_get_selected_item (self->format_row))
                            : formats[f].extension);
  gtk_file_chooser_add_filter (GTK_FILE_CHOOSER (chooser), filter);
  gtk_file_chooser_set_current_name (GTK_FILE_CHOOSER (chooser), current);
  g_signal_connect (chooser, "response", G_CALLBACK (on_file_response), self);
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (chooser));
}

/* The whole chart defaults to the exporter's page; the current view to the
 * size it has on screen, so the file shows the same part in the same shape. */
static void
on_area_changed (OtExportDialog *self)
{
  if (adw_combo_row_get_selected (self->area_row) == 1)
    ot_export_dialog_set_size (self, self->viewport.width, self->viewport.height);
  else if (self->settings != NULL)
    ot_export_dialog_set_size (self, g_settings_get_int (self->settings, "export-width"),
                               g_settings_get_int (self->settings, "export-height"));
  else
    ot_export_dialog_set_size (self, DEFAULT_WIDTH, DEFAULT_HEIGHT);
}

static void
ot_export_dialog_dispose (GObject *object)
{
  OtExportDialog *self = OT_EXPORT_DIALOG (object);

  gtk_widget_dispose_template (GTK_WIDGET (self), OT_TYPE_EXPORT_DIALOG);
  g_clear_pointer (&self->scene, ot_scene_unref);
  g_clear_pointer (&self->network, ot_network_unref);
  g_clear_pointer (&self->basename, g_free);
  g_clear_object (&self->settings);

  G_OBJECT_CLASS (ot_export_dialog_parent_class)->dispose (object);
}

static void
ot_export_dialog_class_init (OtExportDialogClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = ot_export_dialog_dispose;

  /**
   * OtExportDialog::exported:
   * @path: the file written
   */
  signals[EXPORTED] = g_signal_new ("exported", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                    0, NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_STRING);

  gtk_widget_class_set_template_from_resource (widget_class, RESOURCE_PREFIX "/ui/ot-export-dialog.ui");
  gtk_widget_class_bind_template_child (widget_class, OtExportDialog, format_group);
  gtk_widget_class_bind_template_child (widget_class, OtExportDialog, size_group);
  gtk_widget_class_bind_template_child (widget_class, OtExportDialog, format_row);
  gtk_widget_class_bind_template_child (widget_class, OtExportDialog, area_row);
  gtk_widget_class_bind_template_child (widget_class, OtExportDialog, width_spin);
  gtk_widget_class_bind_template_child (widget_class, OtExportDialog, height_spin);
  gtk_widget_class_bind_template_child (widget_class, OtExportDialog, png_group);
  gtk_widget_class_bind_template_child (widget_class, OtExportDialog, resolution_row);
  gtk_widget_class_bind_template_child (widget_class, OtExportDialog, transparent_switch);
  gtk_widget_class_bind_template_child (widget_class, OtExportDialog, svg_group);
  gtk_widget_class_bind_template_child (widget_class, OtExportDialog, svg_text_row);

  gtk_widget_class_install_action (widget_class, "export.choose-file", NULL, choose_file_action);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "window.close", NULL);
}

/* Resolution and background mean something for PNG only, text or
 * outlines for SVG only; the page and the area give a network's
 * positions, and nothing to a workbook or to FtM entities. */
static void
on_format_changed (OtExportDialog *self)
{
  OtExportFormat format = formats[selected_format (self)].format;
  const char *about = NULL;

  gtk_widget_set_sensitive (GTK_WIDGET (self->png_group), format == OT_EXPORT_PNG);
  gtk_widget_set_visible (GTK_WIDGET (self->svg_group), format == OT_EXPORT_SVG);
  gtk_widget_set_sensitive (GTK_WIDGET (self->size_group),
                            format != OT_EXPORT_XLSX && format != OT_EXPORT_FTM
                            && (ot_export_format_is_picture (format) || self->network_marks));
  gtk_widget_set_sensitive (GTK_WIDGET (self->area_row),
                            format != OT_EXPORT_XLSX && format != OT_EXPORT_FTM
                            && (ot_export_format_is_picture (format) || self->network_marks));
  if (format == OT_EXPORT_GEXF || format == OT_EXPORT_GRAPHML)
    about = self->network_marks
            ? _("For Gephi, Cytoscape, yEd, igraph or networkx: every place and flow the filter "
                "includes, with their attributes, and the positions, colours and sizes drawn on "
                "the page")
            : _("For Gephi, Cytoscape, yEd, igraph or networkx: every place and flow the filter "
                "includes, with their attributes; the flow diagram’s bars are not places, so the "
                "file has no positions");
  else if (format == OT_EXPORT_XLSX)
    about = _("The incidents the filter includes and the network’s flows, as typed cells");
  else if (format == OT_EXPORT_FTM)
    about = _("FollowTheMoney entities for Aleph and the ftm tools: the incidents the filter "
              "includes as trips and events, with their companies, places and court cases");
  adw_preferences_group_set_description (self->format_group, about);
}

void
ot_export_dialog_set_network (OtExportDialog *self,
                              OtNetwork      *network,
                              gboolean        network_marks)
{
  g_return_if_fail (OT_IS_EXPORT_DIALOG (self));

  g_clear_pointer (&self->network, ot_network_unref);
  self->network = network != NULL ? ot_network_ref (network) : NULL;
  self->network_marks = network != NULL && network_marks;
  on_format_changed (self);
}

static void
ot_export_dialog_init (OtExportDialog *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));

  g_signal_connect_object (self->format_row, "notify::selected",
                           G_CALLBACK (on_format_changed), self, G_CONNECT_SWAPPED);
  on_format_changed (self);
}

OtExportDialog *
ot_export_dialog_new (GtkWindow        *parent,
                      OtScene          *scene,
                      const OtViewport *viewport,
                      const char       *basename)
{
  OtExportDialog *self;

  g_return_val_if_fail (parent == NULL || GTK_IS_WINDOW (parent), NULL);
  g_return_val_if_fail (scene != NULL, NULL);
  g_return_val_if_fail (viewport != NULL, NULL);

  self = g_object_new (OT_TYPE_EXPORT_DIALOG, "transient-for", parent, NULL);
  self->scene = ot_scene_ref (scene);
  self->viewport = *viewport;
  self->basename = g_strdup (basename != NULL ? basename : "oretrace");
  g_signal_connect_object (self->area_row, "notify::selected", G_CALLBACK (on_area_changed), self,
                           G_CONNECT_SWAPPED);
  /* The dialog opens with the choices of the last export (issue 16). */
  self->settings = g_settings_new (APPLICATION_ID);
  g_settings_bind (self->settings, "export-format", self->format_row, "selected", G_SETTINGS_BIND_DEFAULT);
  g_settings_bind (self->settings, "export-resolution", self->resolution_row, "selected",
                   G_SETTINGS_BIND_DEFAULT);
  g_settings_bind (self->settings, "export-transparent", self->transparent_switch, "active",
                   G_SETTINGS_BIND_DEFAULT);
  g_settings_bind (self->settings, "export-svg-text", self->svg_text_row, "selected",
                   G_SETTINGS_BIND_DEFAULT);
  g_settings_bind (self->settings, "export-area", self->area_row, "selected", G_SETTINGS_BIND_DEFAULT);
  on_area_changed (self);
  return self;
}
