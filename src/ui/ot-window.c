/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "ot-window.h"

#include <glib/gi18n.h>

struct _OtWindow
{
  AdwApplicationWindow  parent_instance;

  GSettings            *settings;

  /* Template children */
  AdwToastOverlay      *toast_overlay;
  GtkStack             *main_stack;
  AdwStatusPage        *empty_page;
};

G_DEFINE_FINAL_TYPE (OtWindow, ot_window, ADW_TYPE_APPLICATION_WINDOW)

static void
ot_window_open_response (GtkNativeDialog *dialog,
                         int              response,
                         OtWindow        *self)
{
  if (response == GTK_RESPONSE_ACCEPT)
    {
      g_autoptr(GListModel) model = gtk_file_chooser_get_files (GTK_FILE_CHOOSER (dialog));
      g_autoptr(GPtrArray) files = g_ptr_array_new_with_free_func (g_object_unref);

      for (guint i = 0; i < g_list_model_get_n_items (model); i++)
        g_ptr_array_add (files, g_list_model_get_item (model, i));
      ot_window_open_files (self, (GFile **) files->pdata, files->len);
    }
  gtk_native_dialog_destroy (dialog);
  g_object_unref (dialog);
}

static void
ot_window_open_action (GtkWidget  *widget,
                       const char *action_name,
                       GVariant   *parameter)
{
  OtWindow *self = OT_WINDOW (widget);
  GtkFileChooserNative *dialog;
  g_autoptr(GtkFileFilter) filter = gtk_file_filter_new ();

  dialog = gtk_file_chooser_native_new (_("Open Incident Files"), GTK_WINDOW (self),
                                        GTK_FILE_CHOOSER_ACTION_OPEN, _("_Open"), _("_Cancel"));
  gtk_file_chooser_set_select_multiple (GTK_FILE_CHOOSER (dialog), TRUE);
  gtk_file_filter_set_name (filter, _("Incident files (CSV, JSON, JSON Lines)"));
  gtk_file_filter_add_suffix (filter, "csv");
  gtk_file_filter_add_suffix (filter, "json");
  gtk_file_filter_add_suffix (filter, "jsonl");
  gtk_file_filter_add_suffix (filter, "ndjson");
  gtk_file_chooser_add_filter (GTK_FILE_CHOOSER (dialog), filter);

  g_signal_connect (dialog, "response", G_CALLBACK (ot_window_open_response), self);
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (dialog));
}

void
ot_window_open_files (OtWindow  *self,
                      GFile    **files,
                      int        n_files)
{
  g_return_if_fail (OT_IS_WINDOW (self));

  /* Loading lands with the window issue; say what was asked for. */
  for (int i = 0; i < n_files; i++)
    {
      g_autofree char *name = g_file_get_basename (files[i]);
      g_autofree char *text = g_strdup_printf (_("Opening “%s” is not supported yet"), name);

      adw_toast_overlay_add_toast (self->toast_overlay, adw_toast_new (text));
    }
}

static void
ot_window_dispose (GObject *object)
{
  OtWindow *self = OT_WINDOW (object);

  g_clear_object (&self->settings);
  gtk_widget_dispose_template (GTK_WIDGET (self), OT_TYPE_WINDOW);

  G_OBJECT_CLASS (ot_window_parent_class)->dispose (object);
}

/* Bound here, not in init: GtkWindow's "maximized" is a construct property,
 * set to FALSE after init, which would overwrite the restored state and
 * write FALSE back to the key. */
static void
ot_window_constructed (GObject *object)
{
  OtWindow *self = OT_WINDOW (object);

  G_OBJECT_CLASS (ot_window_parent_class)->constructed (object);

  self->settings = g_settings_new (APPLICATION_ID);
  g_settings_bind (self->settings, "window-width", self, "default-width", G_SETTINGS_BIND_DEFAULT);
  g_settings_bind (self->settings, "window-height", self, "default-height", G_SETTINGS_BIND_DEFAULT);
  g_settings_bind (self->settings, "window-maximized", self, "maximized", G_SETTINGS_BIND_DEFAULT);
}

static void
ot_window_class_init (OtWindowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->constructed = ot_window_constructed;
  object_class->dispose = ot_window_dispose;

  gtk_widget_class_set_template_from_resource (widget_class, RESOURCE_PREFIX "/ui/ot-window.ui");
  gtk_widget_class_bind_template_child (widget_class, OtWindow, toast_overlay);
  gtk_widget_class_bind_template_child (widget_class, OtWindow, main_stack);
  gtk_widget_class_bind_template_child (widget_class, OtWindow, empty_page);

  gtk_widget_class_install_action (widget_class, "win.open", NULL, ot_window_open_action);
}

static void
ot_window_init (OtWindow *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
}

OtWindow *
ot_window_new (OtApplication *application)
{
  return g_object_new (OT_TYPE_WINDOW, "application", application, NULL);
}
