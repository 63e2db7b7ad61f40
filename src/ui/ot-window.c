/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "ot-window-private.h"
#include "ot-toast.h"
#include "ot-export-dialog.h"

#include <glib/gi18n.h>

G_DEFINE_FINAL_TYPE (OtWindow, ot_window, ADW_TYPE_APPLICATION_WINDOW)

enum {
  PROP_0,
  PROP_VIEW,
  PROP_PROJECTION,
  PROP_SHOW_DETAILS,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

/* The chart ------------------------------------------------------------- */

/* A load published a new dataset: the workspace takes it and starts it
 * unfiltered (its values may not exist here), in one batch; every widget
 * follows the workspace (ot-window-filters.c). */
static void
on_dataset_changed (OtWindow      *self,
                    GParamSpec    *pspec,
                    OtApplication *app)
{
  g_object_freeze_notify (G_OBJECT (self->workspace));
  ot_workspace_set_dataset (self->workspace, ot_application_get_dataset (app));
  ot_workspace_reset (self->workspace);
  ot_workspace_reset_viewport (self->workspace);   /* it fits its chart */
  g_object_thaw_notify (G_OBJECT (self->workspace));
}

/* The window shows the application's dataset, now and after every load
 * (the application creates windows but never calls them). */
static void
on_application_set (OtWindow   *self,
                    GParamSpec *pspec,
                    gpointer    user_data)
{
  GtkApplication *app = gtk_window_get_application (GTK_WINDOW (self));

  if (!OT_IS_APPLICATION (app) || self->application != NULL)
    return;
  self->application = app;
  g_signal_connect_object (app, "notify::dataset", G_CALLBACK (on_dataset_changed), self,
                           G_CONNECT_SWAPPED);
  ot_window_history_follow (self, OT_APPLICATION (app));
  ot_window_store_follow (self, OT_APPLICATION (app));
  if (ot_dataset_get_n_incidents (ot_application_get_dataset (OT_APPLICATION (app))) > 0)
    on_dataset_changed (self, NULL, OT_APPLICATION (app));
}

static void
on_dark_changed (OtWindow        *self,
                 GParamSpec      *pspec,
                 AdwStyleManager *style)
{
  self->dark = adw_style_manager_get_dark (style);
  ot_frame_source_set_theme (self->frames, self->dark ? ot_theme_dark () : ot_theme_light ());
}

/* A click on the canvas asks the workspace.  Clearing (Escape, a click on
 * empty space) clears a highlight from the table or search too: nothing
 * else brings the faded chart back. */
static void
on_selection_changed (OtWindow *self,
                      int       kind,
                      guint     id,
                      OtCanvas *canvas)
{
  if (self->following)
    return;
  if (kind == OT_HIT_NONE)
    ot_workspace_clear_selection (self->workspace);
  else
    ot_workspace_select_mark (self->workspace, kind, id);
}

/* The workspace's selection changed (a click, search, Escape, Reset, a
 * new dataset, view or projection): the canvas shows it, the chart
 * restyles its scene in the update worker (a big chart takes seconds),
 * the details show now if the chart is free, else when the update ends. */
static void
on_workspace_selection (OtWindow    *self,
                        GParamSpec  *pspec,
                        OtWorkspace *workspace)
{
  OtHitKind kind;
  guint id, n_highlighted;

  ot_selection_get_mark (ot_workspace_get_selection (workspace), &kind, &id);
  self->following = TRUE;
  if (kind == OT_HIT_NONE)
    ot_canvas_forget_selection (self->canvas);
  else
    ot_canvas_select (self->canvas, kind, id);
  self->following = FALSE;
  ot_selection_get_incidents (ot_workspace_get_highlight (workspace), &n_highlighted);
  if (ot_window_is_updating (self))
    self->details_dirty = TRUE;
  else
    {
      ot_details_pane_show (self->details, self->chart, ot_frame_source_get_analysis (self->frames), kind, id);
      /* Rows picked in the table stay while they are highlighted. */
      if (kind != OT_HIT_NONE || n_highlighted == 0)
        ot_window_sync_table (self, kind, id);
    }
  /* The pane comes with a selection and goes with it, leaving the chart
   * the whole width; F9 shows or hides it at any time. */
  g_object_set (self, "show-details", kind != OT_HIT_NONE, NULL);
  ot_window_request_frame (self, OT_FRAME_CHANGE_SELECTION);
}

/* The highlight (incidents picked in the table or found by search) goes
 * to the chart with the next update: their flows stay, the rest fades. */
static void
on_workspace_highlight (OtWindow    *self,
                        GParamSpec  *pspec,
                        OtWorkspace *workspace)
{
  ot_window_request_frame (self, OT_FRAME_CHANGE_HIGHLIGHT);
}

/* A vertex dragged in the network view: only its latest place counts. */
static void
on_vertex_dragged (OtWindow *self,
                   guint     id,
                   double    x,
                   double    y,
                   OtCanvas *canvas)
{
  ot_frame_source_move_vertex (self->frames, id, x, y);
}

/* Properties (exposed as stateful actions) ------------------------------ */


/* The "view" and "projection" properties (and their actions) are the
 * workspace's, shown as strings. */
static void
ot_window_set_view (OtWindow   *self,
                    OtViewKind  view)
{
  ot_workspace_set_view (self->workspace, view);
}

static void
ot_window_set_countries_projection (OtWindow *self,
                                    gboolean  countries)
{
  ot_workspace_set_projection (self->workspace,
                               countries ? OT_PROJECTION_COUNTRIES : OT_PROJECTION_ENTITIES);
}

static void
on_workspace_view (OtWindow    *self,
                   GParamSpec  *pspec,
                   OtWorkspace *workspace)
{
  if (g_str_equal (pspec->name, "view"))
    ot_window_sync_projection (self);
  ot_window_request_frame (self, OT_FRAME_CHANGE_INPUTS | OT_FRAME_CHANGE_FIT);
  g_object_notify_by_pspec (G_OBJECT (self), properties[g_str_equal (pspec->name, "view")
                                                        ? PROP_VIEW : PROP_PROJECTION]);
}

/* The details pane opens at its remembered width (GSettings
 * "details-width", the width it was last dragged to), but at most at
 * DETAILS_MAX_SHARE of the room beside the filters: the chart keeps the
 * most of it.  Dragging the handle is free; the width dragged to is kept. */
#define DETAILS_MAX_SHARE 0.4

static void
place_details (OtWindow *self)
{
  int width = gtk_widget_get_width (GTK_WIDGET (self->paned));
  int pane;

  if (!self->show_details || self->details_placed || width <= 0)
    return;
  pane = MIN (g_settings_get_int (self->settings, "details-width"), (int) (width * DETAILS_MAX_SHARE));
  self->placing_details = TRUE;
  gtk_paned_set_position (self->paned, width - pane);
  self->placing_details = FALSE;
  self->details_placed = TRUE;
}

/* The paned allocated (first, or again): a pane shown before it was is
 * placed now. */
static void
on_paned_max_position (OtWindow *self)
{
  place_details (self);
}

static void
on_paned_position (OtWindow *self)
{
  int width = gtk_widget_get_width (GTK_WIDGET (self->paned));
  int pane;

  if (self->placing_details || !self->details_placed || width <= 0 ||
      !gtk_widget_get_visible (GTK_WIDGET (self->details)))
    return;
  pane = width - gtk_paned_get_position (self->paned);
  if (pane >= 200 && pane != g_settings_get_int (self->settings, "details-width"))
    g_settings_set_int (self->settings, "details-width", pane);
}

static void
ot_window_set_show_details (OtWindow *self,
                            gboolean  show)
{
  show = !!show;
  if (self->show_details == show)
    return;
  self->show_details = show;
  ot_canvas_hold_view (self->canvas);
  gtk_widget_set_visible (GTK_WIDGET (self->details), show);
  self->details_placed = FALSE;
  place_details (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SHOW_DETAILS]);
}

static void
ot_window_get_property (GObject    *object,
                        guint       prop_id,
                        GValue     *value,
                        GParamSpec *pspec)
{
  OtWindow *self = OT_WINDOW (object);

  switch (prop_id)
    {
    case PROP_VIEW:
      g_value_set_string (value, ot_view_kind_name (ot_workspace_get_view (self->workspace)));
      break;
    case PROP_PROJECTION:
      g_value_set_string (value, ot_workspace_get_projection (self->workspace) == OT_PROJECTION_COUNTRIES
                                 ? "countries" : "entities");
      break;
    case PROP_SHOW_DETAILS:
      g_value_set_boolean (value, self->show_details);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
ot_window_set_property (GObject      *object,
                        guint         prop_id,
                        const GValue *value,
                        GParamSpec   *pspec)
{
  OtWindow *self = OT_WINDOW (object);
  OtViewKind view;

  switch (prop_id)
    {
    case PROP_VIEW:
      if (g_value_get_string (value) != NULL && ot_view_kind_parse (g_value_get_string (value), &view))
        ot_window_set_view (self, view);
      break;
    case PROP_PROJECTION:
      ot_window_set_countries_projection (self, g_strcmp0 (g_value_get_string (value), "countries") == 0);
      break;
    case PROP_SHOW_DETAILS:
      ot_window_set_show_details (self, g_value_get_boolean (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

/* Actions --------------------------------------------------------------- */

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
add_filter (GtkFileChooser *chooser,
            const char     *name,
            const char    **suffixes)
{
  g_autoptr(GtkFileFilter) filter = gtk_file_filter_new ();

  gtk_file_filter_set_name (filter, name);
  for (guint i = 0; suffixes[i] != NULL; i++)
    gtk_file_filter_add_suffix (filter, suffixes[i]);
  gtk_file_chooser_add_filter (chooser, filter);
}

static void
ot_window_open_action (GtkWidget  *widget,
                       const char *action_name,
                       GVariant   *parameter)
{
  OtWindow *self = OT_WINDOW (widget);
  GtkFileChooserNative *dialog;
  static const char *all[] = { "csv", "json", "jsonl", "ndjson", "ijson", "xlsx", "ods", "oretrace", "tsv",
                               "txt", "dat", "gz", NULL };
  static const char *csv[] = { "csv", NULL };
  static const char *json[] = { "json", NULL };
  static const char *jsonl[] = { "jsonl", "ndjson", NULL };
  static const char *sheets[] = { "xlsx", "ods", NULL };
  static const char *ftm[] = { "ftm.json", "ijson", NULL };
  static const char *trade[] = { "csv", "tsv", "txt", "dat", "json", "gz", NULL };
  static const char *cases[] = { "oretrace", NULL };

  dialog = gtk_file_chooser_native_new (_("Open Incident Files"), GTK_WINDOW (self),
                                        GTK_FILE_CHOOSER_ACTION_OPEN, _("_Open"), _("_Cancel"));
  gtk_file_chooser_set_select_multiple (GTK_FILE_CHOOSER (dialog), TRUE);
  add_filter (GTK_FILE_CHOOSER (dialog), _("Incident files, trade statistics and cases"), all);
  add_filter (GTK_FILE_CHOOSER (dialog), _("CSV"), csv);
  add_filter (GTK_FILE_CHOOSER (dialog), _("JSON"), json);
  add_filter (GTK_FILE_CHOOSER (dialog), _("JSON Lines"), jsonl);
  /* docs/incident-format.md, "Workbooks": a sheet of incidents or trade statistics */
  add_filter (GTK_FILE_CHOOSER (dialog), _("Spreadsheets (XLSX, ODS)"), sheets);
  /* docs/ftm.md: Aleph's, the ftm tools' and OpenSanctions' entities */
  add_filter (GTK_FILE_CHOOSER (dialog), _("FollowTheMoney entities (*.ftm.json, *.ijson)"), ftm);
  /* docs/trade-statistics.md: Comtrade, Census, Comext, published figures */
  add_filter (GTK_FILE_CHOOSER (dialog), _("Trade statistics (CSV, TSV, TXT, DAT, JSON, GZ)"), trade);
  add_filter (GTK_FILE_CHOOSER (dialog), _("Oretrace cases (*.oretrace)"), cases);

  g_signal_connect (dialog, "response", G_CALLBACK (ot_window_open_response), self);
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (dialog));
}

static void
on_exported (OtWindow       *self,
             const char     *path,
             OtExportDialog *dialog)
{
  g_autofree char *name = g_filename_display_basename (path);
  g_autofree char *text = g_strdup_printf (_("Exported “%s”"), name);

  adw_toast_overlay_add_toast (self->toast_overlay, ot_toast_new_text (text));
}

static void
ot_window_save_case_action (GtkWidget  *widget,
                            const char *action_name,
                            GVariant   *parameter)
{
  OtWindow *self = OT_WINDOW (widget);

  if (g_str_equal (action_name, "win.save-case-as"))
    ot_window_save_case_as (self);
  else
    ot_window_save_case (self);
}

static void
ot_window_reimport_action (GtkWidget  *widget,
                           const char *action_name,
                           GVariant   *parameter)
{
  OtWindow *self = OT_WINDOW (widget);

  if (parameter != NULL)
    {
      g_autoptr(GFile) file = g_file_new_for_uri (g_variant_get_string (parameter, NULL));

      ot_window_reimport_file (self, file);
    }
  else
    ot_window_reimport (self);
}

static void
ot_window_export_action (GtkWidget  *widget,
                         const char *action_name,
                         GVariant   *parameter)
{
  OtWindow *self = OT_WINDOW (widget);
  OtScene *scene = ot_canvas_get_scene (self->canvas);
  g_autofree char *basename = NULL;
  OtExportDialog *dialog;

  if (scene == NULL)
    return;
  basename = g_strdup_printf ("oretrace-%s", ot_view_kind_name (ot_workspace_get_view (self->workspace)));
  dialog = ot_export_dialog_new (GTK_WINDOW (self), scene, ot_canvas_get_viewport (self->canvas), basename);
  ot_export_dialog_set_detail (dialog, ot_canvas_get_detail (self->canvas));
  {
    OtFrame *frame = ot_frame_source_get_frame (self->frames);

    if (frame != NULL)
      ot_export_dialog_set_network (dialog, ot_frame_get_network (frame),
                                    (ot_view_kind_get_capabilities (ot_workspace_get_view (self->workspace))
                                     & OT_VIEW_CAP_NETWORK_MARKS) != 0);
  }
  g_signal_connect_object (dialog, "exported", G_CALLBACK (on_exported), self, G_CONNECT_SWAPPED);
  gtk_window_present (GTK_WINDOW (dialog));
}

static void
ot_window_zoom_action (GtkWidget  *widget,
                       const char *action_name,
                       GVariant   *parameter)
{
  OtWindow *self = OT_WINDOW (widget);

  double detail = ot_canvas_get_detail (self->canvas);

  /* Detail: the budget of marks halved or doubled, 1/8 to 8 times. */
  if (g_str_equal (action_name, "win.more-detail"))
    ot_canvas_set_detail (self->canvas, MIN (detail * 2, 8));
  else if (g_str_equal (action_name, "win.less-detail"))
    ot_canvas_set_detail (self->canvas, MAX (detail / 2, 0.125));
  else if (g_str_equal (action_name, "win.zoom-in"))
    ot_canvas_zoom (self->canvas, 1.25);
  else if (g_str_equal (action_name, "win.zoom-out"))
    ot_canvas_zoom (self->canvas, 1 / 1.25);
  else if (ot_workspace_has_viewport (self->workspace))
    ot_workspace_reset_viewport (self->workspace);   /* the canvas follows: fits */
  else
    ot_canvas_fit (self->canvas);
}

static void
ot_window_clear_selection_action (GtkWidget  *widget,
                                  const char *action_name,
                                  GVariant   *parameter)
{
  /* Escape: the selection and the highlight, in one batch. */
  ot_workspace_clear_selection (OT_WINDOW (widget)->workspace);
}

static void
ot_window_cancel_load_action (GtkWidget  *widget,
                              const char *action_name,
                              GVariant   *parameter)
{
  ot_window_cancel_load (OT_WINDOW (widget));
}

static void
ot_window_show_problems_action (GtkWidget  *widget,
                                const char *action_name,
                                GVariant   *parameter)
{
  ot_window_show_problems (OT_WINDOW (widget));
}

/* Add, Edit and Delete incidents (ot-window-edit.c). */
static void
incident_action (GtkWidget  *widget,
                 const char *action_name,
                 GVariant   *parameter)
{
  OtWindow *self = OT_WINDOW (widget);

  if (g_str_equal (action_name, "win.add-incident"))
    ot_window_add_incident (self);
  else if (g_str_equal (action_name, "win.edit-incident"))
    ot_window_edit_incident (self);
  else
    ot_window_delete_incidents (self);
}

/* The analyst controls' actions (ot-window-filters.c). */
static void
toggle_filters_action (GtkWidget  *widget,
                       const char *action_name,
                       GVariant   *parameter)
{
  OtWindow *self = OT_WINDOW (widget);

  adw_flap_set_reveal_flap (self->flap, !adw_flap_get_reveal_flap (self->flap));
}

static void
toggle_table_action (GtkWidget  *widget,
                     const char *action_name,
                     GVariant   *parameter)
{
  OtWindow *self = OT_WINDOW (widget);

  gtk_widget_set_visible (GTK_WIDGET (self->table), !gtk_widget_get_visible (GTK_WIDGET (self->table)));
}

static void
search_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  OtWindow *self = OT_WINDOW (widget);

  ot_search_bar_set_search_mode (self->search_bar, TRUE);
}

static void
ot_window_open_recent_action (GtkWidget  *widget,
                              const char *action_name,
                              GVariant   *parameter)
{
  g_autoptr(GFile) file = g_file_new_for_uri (g_variant_get_string (parameter, NULL));

  ot_window_load_files (OT_WINDOW (widget), &file, 1);
}

/* Files to open, as URIs: how the application asks a window to load
 * (ot-application.c knows windows only through GtkApplication). */
static void
ot_window_open_uris_action (GtkWidget  *widget,
                            const char *action_name,
                            GVariant   *parameter)
{
  g_autoptr(GPtrArray) files = g_ptr_array_new_with_free_func (g_object_unref);
  g_autofree const char **uris = g_variant_get_strv (parameter, NULL);

  for (guint i = 0; uris[i] != NULL; i++)
    g_ptr_array_add (files, g_file_new_for_uri (uris[i]));
  ot_window_load_files (OT_WINDOW (widget), (GFile **) files->pdata, files->len);
}

/* Save View… named one (ot-window-views.c asks through this action). */
static void
ot_window_add_view_action (GtkWidget  *widget,
                           const char *action_name,
                           GVariant   *parameter)
{
  OtWindow *self = OT_WINDOW (widget);
  g_autoptr(GError) error = NULL;

  const char *name = g_variant_get_string (parameter, NULL);
  g_autofree char *text = NULL;

  if (ot_window_save_view (self, name, &error))
    text = g_strdup_printf (_("Saved the view “%s”"), name);
  else
    text = g_strdup_printf (_("Could not save the view: %s"),
                            error != NULL ? error->message : _("no case is open"));
  adw_toast_overlay_add_toast (self->toast_overlay, ot_toast_new_text (text));
}

/* A fresh layout of the network view, from the next seed. */
static void
ot_window_relayout_action (GtkWidget  *widget,
                           const char *action_name,
                           GVariant   *parameter)
{
  OtWindow *self = OT_WINDOW (widget);

  ot_window_notes_relayout (self);
}

static void
ot_window_toggle_projection_action (GtkWidget  *widget,
                                    const char *action_name,
                                    GVariant   *parameter)
{
  OtWindow *self = OT_WINDOW (widget);

  ot_window_set_countries_projection (self, ot_workspace_get_projection (self->workspace)
                                            != OT_PROJECTION_COUNTRIES);
}

/* Accessors ------------------------------------------------------------- */

OtChart *
ot_window_get_chart (OtWindow *self)
{
  g_return_val_if_fail (OT_IS_WINDOW (self), NULL);

  return self->chart;
}

OtCanvas *
ot_window_get_canvas (OtWindow *self)
{
  g_return_val_if_fail (OT_IS_WINDOW (self), NULL);

  return self->canvas;
}

OtWorkspace *
ot_window_get_workspace (OtWindow *self)
{
  g_return_val_if_fail (OT_IS_WINDOW (self), NULL);

  return self->workspace;
}

OtDetailsPane *
ot_window_get_details_pane (OtWindow *self)
{
  g_return_val_if_fail (OT_IS_WINDOW (self), NULL);

  return self->details;
}

GtkDropTarget *
ot_window_get_drop_target (OtWindow *self)
{
  g_return_val_if_fail (OT_IS_WINDOW (self), NULL);

  return self->drop_target;
}

void
ot_window_open_files (OtWindow  *self,
                      GFile    **files,
                      int        n_files)
{
  g_return_if_fail (OT_IS_WINDOW (self));
  g_return_if_fail (n_files >= 0);

  ot_window_load_files (self, files, n_files);
}

const char *
ot_window_get_case_path (OtWindow *self)
{
  g_return_val_if_fail (OT_IS_WINDOW (self), NULL);

  return self->case_path;
}

gboolean
ot_window_is_saving (OtWindow *self)
{
  g_return_val_if_fail (OT_IS_WINDOW (self), FALSE);

  return self->n_saving > 0;
}

gboolean
ot_window_save_view (OtWindow    *self,
                     const char  *name,
                     GError     **error)
{
  g_return_val_if_fail (OT_IS_WINDOW (self), FALSE);
  g_return_val_if_fail (name != NULL && *name != '\0', FALSE);

  return ot_window_views_add (self, name, error);
}

gboolean
ot_window_remove_view (OtWindow    *self,
                       const char  *name,
                       GError     **error)
{
  g_return_val_if_fail (OT_IS_WINDOW (self), FALSE);
  g_return_val_if_fail (name != NULL, FALSE);

  return ot_window_views_remove (self, name, error);
}

gboolean
ot_window_restore_view (OtWindow    *self,
                        const char  *name,
                        GError     **error)
{
  g_return_val_if_fail (OT_IS_WINDOW (self), FALSE);
  g_return_val_if_fail (name != NULL, FALSE);

  return ot_window_views_restore (self, name, error);
}

const char *
ot_window_get_recovery_path (OtWindow *self)
{
  g_return_val_if_fail (OT_IS_WINDOW (self), NULL);

  return self->recovery_path;
}

gboolean
ot_window_is_autosaving (OtWindow *self)
{
  g_return_val_if_fail (OT_IS_WINDOW (self), FALSE);

  return self->n_autosaving > 0;
}

gboolean
ot_window_is_loading (OtWindow *self)
{
  g_return_val_if_fail (OT_IS_WINDOW (self), FALSE);

  return window_loading (self);
}

GtkWindow *
ot_window_get_sheet_dialog (OtWindow *self)
{
  g_return_val_if_fail (OT_IS_WINDOW (self), NULL);

  return ot_window_sheets_dialog (self);
}

GPtrArray *
ot_window_get_last_problems (OtWindow *self)
{
  g_return_val_if_fail (OT_IS_WINDOW (self), NULL);

  return self->last_problems;
}

void
ot_window_get_update_counts (OtWindow *self,
                             guint    *shown,
                             guint    *cancelled)
{
  g_return_if_fail (OT_IS_WINDOW (self));

  ot_frame_source_get_counts (self->frames, shown, cancelled);
}

gboolean
ot_window_is_updating (OtWindow *self)
{
  g_return_val_if_fail (OT_IS_WINDOW (self), FALSE);

  return ot_frame_source_is_updating (self->frames) || ot_frame_source_is_analysing (self->frames) ||
         ot_frame_source_is_counting (self->frames);
}

OtStore *
ot_window_get_store (OtWindow *self)
{
  g_return_val_if_fail (OT_IS_WINDOW (self), NULL);

  return self->store;
}

gboolean
ot_window_is_store_busy (OtWindow *self)
{
  g_return_val_if_fail (OT_IS_WINDOW (self), FALSE);

  return ot_window_store_is_busy (self);
}

const char *
ot_window_get_store_banner (OtWindow *self)
{
  g_return_val_if_fail (OT_IS_WINDOW (self), NULL);

  return gtk_revealer_get_reveal_child (self->store_banner) ? gtk_label_get_text (self->store_banner_label) : NULL;
}

GtkWindow *
ot_window_get_store_dialog (OtWindow *self)
{
  g_return_val_if_fail (OT_IS_WINDOW (self), NULL);

  return self->store_dialog;
}

/* Object ---------------------------------------------------------------- */

static void
ot_window_dispose (GObject *object)
{
  OtWindow *self = OT_WINDOW (object);

  ot_window_load_finalize (self);
  ot_window_autosave_finalize (self);
  ot_window_case_finalize (self);
  ot_window_merge_close (self);
  ot_window_signals_dispose (self);
  ot_window_reimport_dispose (self);
  ot_window_store_dispose (self);
  ot_window_history_dispose (self);
  ot_window_chart_dispose (self);
  ot_window_filters_dispose (self);
  g_clear_object (&self->settings);
  gtk_widget_dispose_template (GTK_WIDGET (self), OT_TYPE_WINDOW);
  self->chart = NULL;
  g_clear_object (&self->frames);
  if (self->workspace != NULL)
    g_signal_handlers_disconnect_by_data (self->workspace, self);
  g_clear_object (&self->workspace);

  G_OBJECT_CLASS (ot_window_parent_class)->dispose (object);
}

/* Bound here, not in init: GtkWindow's "maximized" is a construct property,
 * set to FALSE after init, which would overwrite the restored state and
 * write FALSE back to the key. */
static void
ot_window_constructed (GObject *object)
{
  OtWindow *self = OT_WINDOW (object);
  AdwStyleManager *style = adw_style_manager_get_default ();

  G_OBJECT_CLASS (ot_window_parent_class)->constructed (object);

  self->settings = g_settings_new (APPLICATION_ID);
  g_settings_bind (self->settings, "window-width", self, "default-width", G_SETTINGS_BIND_DEFAULT);
  g_settings_bind (self->settings, "window-height", self, "default-height", G_SETTINGS_BIND_DEFAULT);
  g_settings_bind (self->settings, "window-maximized", self, "maximized", G_SETTINGS_BIND_DEFAULT);
  ot_window_notes_init (self);
  ot_window_trade_init (self);

  g_signal_connect_object (style, "notify::dark", G_CALLBACK (on_dark_changed), self, G_CONNECT_SWAPPED);
  self->dark = adw_style_manager_get_dark (style);
  ot_frame_source_set_theme (self->frames, self->dark ? ot_theme_dark () : ot_theme_light ());

  ot_window_autosave_init (self);

  /* "application" is set after construction. */
  g_signal_connect (self, "notify::application", G_CALLBACK (on_application_set), NULL);
}

/* The application's first window offers what a crash left (once it is
 * on screen, so the dialog has a parent to sit on). */
static void
ot_window_map (GtkWidget *widget)
{
  GtkApplication *app = gtk_window_get_application (GTK_WINDOW (widget));

  GTK_WIDGET_CLASS (ot_window_parent_class)->map (widget);
  if (app != NULL && g_object_get_data (G_OBJECT (app), "ot-recovery-offered") == NULL)
    {
      g_object_set_data (G_OBJECT (app), "ot-recovery-offered", GINT_TO_POINTER (TRUE));
      ot_window_offer_recovery (OT_WINDOW (widget));
    }
}

static void
ot_window_class_init (OtWindowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->constructed = ot_window_constructed;
  object_class->dispose = ot_window_dispose;
  object_class->get_property = ot_window_get_property;
  object_class->set_property = ot_window_set_property;
  widget_class->map = ot_window_map;

  properties[PROP_VIEW] =
    g_param_spec_string ("view", NULL, NULL, "network",
                         G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);
  /* "countries" or "entities" (companies and ports) */
  properties[PROP_PROJECTION] =
    g_param_spec_string ("projection", NULL, NULL, ot_projection_name (OT_PROJECTION_DEFAULT),
                          G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);
  properties[PROP_SHOW_DETAILS] =
    g_param_spec_boolean ("show-details", NULL, NULL, FALSE,
                          G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  g_type_ensure (OT_TYPE_CANVAS);
  g_type_ensure (OT_TYPE_DETAILS_PANE);

  gtk_widget_class_set_template_from_resource (widget_class, RESOURCE_PREFIX "/ui/ot-window.ui");
  gtk_widget_class_bind_template_child (widget_class, OtWindow, toast_overlay);
  gtk_widget_class_bind_template_child (widget_class, OtWindow, main_stack);
  gtk_widget_class_bind_template_child (widget_class, OtWindow, empty_page);
  gtk_widget_class_bind_template_child (widget_class, OtWindow, view_switcher);
  gtk_widget_class_bind_template_child (widget_class, OtWindow, projection_box);
  gtk_widget_class_bind_template_child (widget_class, OtWindow, open_button);
  gtk_widget_class_bind_template_child (widget_class, OtWindow, paned);
  gtk_widget_class_bind_template_callback (widget_class, on_paned_position);
  gtk_widget_class_bind_template_callback (widget_class, on_paned_max_position);
  gtk_widget_class_bind_template_child (widget_class, OtWindow, canvas);
  gtk_widget_class_bind_template_child (widget_class, OtWindow, details);
  gtk_widget_class_bind_template_child (widget_class, OtWindow, progress_revealer);
  gtk_widget_class_bind_template_child (widget_class, OtWindow, progress_bar);
  gtk_widget_class_bind_template_child (widget_class, OtWindow, progress_label);
  gtk_widget_class_bind_template_child (widget_class, OtWindow, progress_cancel);
  gtk_widget_class_bind_template_child (widget_class, OtWindow, drop_highlight);
  gtk_widget_class_bind_template_child (widget_class, OtWindow, recent_menu);
  gtk_widget_class_bind_template_child (widget_class, OtWindow, recent_list);
  gtk_widget_class_bind_template_callback (widget_class, on_selection_changed);
  ot_window_filters_class_init (widget_class);
  ot_window_history_class_init (widget_class);
  ot_window_merge_class_init (widget_class);
  ot_window_notes_class_init (widget_class);
  ot_window_views_class_init (widget_class);
  ot_window_aliases_class_init (widget_class);
  ot_window_signals_class_init (widget_class);
  ot_window_store_class_init (widget_class);
  gtk_widget_class_bind_template_callback (widget_class, on_vertex_dragged);

  gtk_widget_class_install_action (widget_class, "win.open", NULL, ot_window_open_action);
  gtk_widget_class_install_action (widget_class, "win.save-case", NULL, ot_window_save_case_action);
  gtk_widget_class_install_action (widget_class, "win.save-case-as", NULL, ot_window_save_case_action);
  gtk_widget_class_install_action (widget_class, "win.reimport", NULL, ot_window_reimport_action);
  gtk_widget_class_install_action (widget_class, "win.reimport-uri", "s", ot_window_reimport_action);
  gtk_widget_class_install_action (widget_class, "win.export", NULL, ot_window_export_action);
  gtk_widget_class_install_action (widget_class, "win.add-incident", NULL, incident_action);
  gtk_widget_class_install_action (widget_class, "win.edit-incident", NULL, incident_action);
  gtk_widget_class_install_action (widget_class, "win.delete-incidents", NULL, incident_action);
  gtk_widget_class_install_action (widget_class, "win.zoom-in", NULL, ot_window_zoom_action);
  gtk_widget_class_install_action (widget_class, "win.zoom-out", NULL, ot_window_zoom_action);
  gtk_widget_class_install_action (widget_class, "win.zoom-fit", NULL, ot_window_zoom_action);
  gtk_widget_class_install_action (widget_class, "win.more-detail", NULL, ot_window_zoom_action);
  gtk_widget_class_install_action (widget_class, "win.less-detail", NULL, ot_window_zoom_action);
  gtk_widget_class_install_action (widget_class, "win.clear-selection", NULL, ot_window_clear_selection_action);
  gtk_widget_class_install_action (widget_class, "win.cancel-load", NULL, ot_window_cancel_load_action);
  gtk_widget_class_install_action (widget_class, "win.show-problems", NULL, ot_window_show_problems_action);
  gtk_widget_class_install_action (widget_class, "win.relayout", NULL, ot_window_relayout_action);
  gtk_widget_class_install_action (widget_class, "win.toggle-projection", NULL,
                                   ot_window_toggle_projection_action);
  gtk_widget_class_install_action (widget_class, "win.open-recent", "s", ot_window_open_recent_action);
  gtk_widget_class_install_action (widget_class, "win.open-uris", "as", ot_window_open_uris_action);
  gtk_widget_class_install_action (widget_class, "win.add-view", "s", ot_window_add_view_action);
  gtk_widget_class_install_action (widget_class, "win.toggle-filters", NULL, toggle_filters_action);
  gtk_widget_class_install_action (widget_class, "win.toggle-table", NULL, toggle_table_action);
  gtk_widget_class_install_action (widget_class, "win.search", NULL, search_action);
  gtk_widget_class_install_property_action (widget_class, "win.view", "view");
  gtk_widget_class_install_property_action (widget_class, "win.projection", "projection");
  gtk_widget_class_install_property_action (widget_class, "win.show-details", "show-details");
}

/* The Open button's arrow shows no text and libadwaita 1.2 gives it no
 * accessible name (a screen reader would say only "toggle button"). */
static void
name_open_arrow (OtWindow *self)
{
  for (GtkWidget *child = gtk_widget_get_first_child (GTK_WIDGET (self->open_button));
       child != NULL; child = gtk_widget_get_next_sibling (child))
    if (GTK_IS_MENU_BUTTON (child))
      gtk_accessible_update_property (GTK_ACCESSIBLE (child),
                                      GTK_ACCESSIBLE_PROPERTY_LABEL, _("Recent Files"),
                                      -1);
}

static void
ot_window_init (OtWindow *self)
{
  /* Before the template: its buttons read the property actions' states. */
  self->workspace = ot_workspace_new ();
  self->show_details = FALSE;

  gtk_widget_init_template (GTK_WIDGET (self));
  name_open_arrow (self);
  g_signal_connect_swapped (self->workspace, "notify::selection", G_CALLBACK (on_workspace_selection), self);
  g_signal_connect_swapped (self->workspace, "notify::highlight", G_CALLBACK (on_workspace_highlight), self);
  g_signal_connect_swapped (self->workspace, "notify::view", G_CALLBACK (on_workspace_view), self);
  g_signal_connect_swapped (self->workspace, "notify::projection", G_CALLBACK (on_workspace_view), self);
  ot_window_filters_init (self);

  self->frames = ot_frame_source_new (self->workspace);
  self->chart = ot_frame_source_get_chart (self->frames);
  ot_canvas_set_chart (self->canvas, self->chart);
  ot_window_chart_init (self);
  ot_window_history_init (self);
  ot_window_merge_init (self);
  ot_window_signals_init (self);
  ot_window_views_init (self);
  ot_window_case_init (self);

  /* Nothing to export or zoom until a chart is drawn. */
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.export", FALSE);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.save-case", FALSE);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.save-case-as", FALSE);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.save-view", FALSE);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.reimport", FALSE);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.zoom-in", FALSE);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.zoom-out", FALSE);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.zoom-fit", FALSE);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.relayout", FALSE);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.cancel-load", FALSE);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.show-problems", FALSE);
  ot_window_init_dnd (self);
  ot_window_init_recent (self);
  ot_window_edit_init (self);
}

/* The window shows the application's dataset, now and after every load. */
OtWindow *
ot_window_new (OtApplication *application)
{
  g_return_val_if_fail (OT_IS_APPLICATION (application), NULL);

  return g_object_new (OT_TYPE_WINDOW, "application", application, NULL);
}
