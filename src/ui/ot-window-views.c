/* SPDX-License-Identifier: GPL-3.0-or-later */
/* ot-window-views.c: saved views (issue 17).  A saved view is what the
 * window's workspace shows — the filter with its period, the view, the
 * projection and the pan and zoom — as text in a case's saved_views table
 * (docs/case-file.md).  The views are the document's: Save View… names
 * one (a command of the document, undone with Ctrl+Z), the Views submenu
 * restores one.  Save writes them with "Last view", the screen at the
 * time of the save (not a command: the screen is no change to the case),
 * which opening the case brings back. */
#include "ot-window-private.h"
#include "ot-error.h"
#include "ot-toast.h"

#include <glib/gi18n.h>

/* Removes the view called @name from @views; TRUE when there was one. */
static gboolean
remove_named (GPtrArray  *views,
              const char *name)
{
  for (guint i = 0; i < views->len; i++)
    if (g_strcmp0 (((OtCaseSavedView *) g_ptr_array_index (views, i))->name, name) == 0)
      {
        g_ptr_array_remove_index (views, i);
        return TRUE;
      }
  return FALSE;
}

static const OtCaseSavedView *
find_named (OtCaseTables *tables,
            const char   *name)
{
  GPtrArray *views = tables->saved_views;

  for (guint i = 0; i < views->len; i++)
    if (g_strcmp0 (((OtCaseSavedView *) g_ptr_array_index (views, i))->name, name) == 0)
      return g_ptr_array_index (views, i);
  return NULL;
}

/* The document's tables (a copy), empty without a document. */
static OtCaseTables *
dup_tables (OtWindow *self)
{
  return self->document != NULL ? ot_document_dup_tables (self->document) : ot_case_tables_new ();
}

/* The Views submenu: one item per named view ("Last view" is restored by
 * opening the case, not listed). */
void
ot_window_views_changed (OtWindow *self)
{
  g_autoptr(OtCaseTables) tables = NULL;
  GPtrArray *views;

  if (self->saved_views_menu == NULL)
    return;
  tables = dup_tables (self);
  views = tables->saved_views;
  g_menu_remove_all (self->saved_views_menu);
  for (guint i = 0; i < views->len; i++)
    {
      OtCaseSavedView *view = g_ptr_array_index (views, i);
      g_autoptr(GMenuItem) item = NULL;
      g_auto(GStrv) parts = NULL;
      g_autofree char *label = NULL;

      if (view->name == NULL || g_str_equal (view->name, OT_LAST_VIEW_NAME))
        continue;
      /* A name's underscores are not mnemonics. */
      parts = g_strsplit (view->name, "_", -1);
      label = g_strjoinv ("__", parts);
      item = g_menu_item_new (label, NULL);
      g_menu_item_set_action_and_target_value (item, "win.restore-view", g_variant_new_string (view->name));
      g_menu_append_item (self->saved_views_menu, item);
    }
}

/* Appends the workspace as it is, as the view @name, to @tables
 * (replacing one of that name). */
void
ot_window_capture_view (OtWindow     *self,
                        OtCaseTables *tables,
                        const char   *name)
{
  g_autoptr(OtFilter) effective = ot_workspace_dup_effective_filter (self->workspace);
  g_autofree char *filter = ot_filter_to_json (effective);
  g_autofree char *viewport = NULL;

  if (ot_workspace_has_viewport (self->workspace))
    {
      OtViewport vp;

      ot_workspace_get_viewport (self->workspace, &vp);
      viewport = ot_viewport_to_json (&vp);
    }
  remove_named (tables->saved_views, name);
  ot_case_tables_add_saved_view (tables, name, filter,
                                 ot_view_kind_name (ot_workspace_get_view (self->workspace)),
                                 ot_projection_name (ot_workspace_get_projection (self->workspace)),
                                 viewport);
}

OtCaseTables *
ot_window_views_for_save (OtWindow *self)
{
  OtCaseTables *tables = dup_tables (self);

  ot_window_capture_view (self, tables, OT_LAST_VIEW_NAME);
  return tables;
}

gboolean
ot_window_views_add (OtWindow    *self,
                     const char  *name,
                     GError     **error)
{
  g_autoptr(OtCaseTables) one = ot_case_tables_new ();
  OtCaseSavedView *view;

  if (self->document == NULL)
    return FALSE;
  ot_window_capture_view (self, one, name);
  view = g_ptr_array_index (one->saved_views, 0);
  return ot_document_save_view (self->document, view->name, view->filter, view->view, view->projection,
                                view->viewport, error);
}

gboolean
ot_window_views_remove (OtWindow    *self,
                        const char  *name,
                        GError     **error)
{
  if (self->document == NULL)
    return FALSE;
  return ot_document_delete_view (self->document, name, error);
}

/* Puts @view on screen, all of it in one workspace batch, or nothing and
 * @error.  The pan and zoom are set again once the chart of the new
 * inputs is drawn (a frame that starts afresh fits its chart). */
static gboolean
apply_view (OtWindow               *self,
            const OtCaseSavedView  *view,
            GError                **error)
{
  OtViewKind kind = ot_workspace_get_view (self->workspace);
  OtProjection projection = ot_workspace_get_projection (self->workspace);
  g_autoptr(OtFilter) filter = NULL;
  gboolean have_viewport = FALSE;
  OtViewport viewport = { 0 };
  guint32 from, to;

  if (view->filter != NULL && *view->filter != '\0')
    filter = ot_filter_from_json (view->filter, error);
  else
    filter = ot_filter_new ();
  if (filter == NULL)
    return FALSE;
  if (view->view != NULL && !ot_view_kind_parse (view->view, &kind))
    {
      g_set_error (error, OT_ERROR, OT_ERROR_INVALID, _("“%s” is not a view Oretrace knows"), view->view);
      return FALSE;
    }
  if (view->projection != NULL && !ot_projection_parse (view->projection, &projection))
    {
      g_set_error (error, OT_ERROR, OT_ERROR_INVALID, _("“%s” is not a projection Oretrace knows"),
                   view->projection);
      return FALSE;
    }
  if (view->viewport != NULL && *view->viewport != '\0')
    {
      if (!ot_viewport_from_json (view->viewport, &viewport, error))
        return FALSE;
      have_viewport = TRUE;
    }

  ot_filter_get_period (filter, &from, &to);
  g_object_freeze_notify (G_OBJECT (self->workspace));
  ot_workspace_set_filter (self->workspace, filter);
  ot_workspace_set_period (self->workspace, from, to);
  ot_workspace_set_view (self->workspace, kind);
  ot_workspace_set_projection (self->workspace, projection);
  if (have_viewport)
    ot_workspace_set_viewport (self->workspace, &viewport);
  else
    ot_workspace_reset_viewport (self->workspace);
  g_object_thaw_notify (G_OBJECT (self->workspace));
  self->viewport_pending = have_viewport;
  self->pending_viewport = viewport;
  return TRUE;
}

gboolean
ot_window_views_restore (OtWindow    *self,
                         const char  *name,
                         GError     **error)
{
  g_autoptr(OtCaseTables) tables = dup_tables (self);
  const OtCaseSavedView *view = find_named (tables, name);

  if (view == NULL)
    {
      g_set_error (error, OT_ERROR, OT_ERROR_INVALID, _("The case has no view called “%s”"), name);
      return FALSE;
    }
  return apply_view (self, view, error);
}

/* Restores a view, or says in a toast why it cannot. */
static void
restore_or_tell (OtWindow   *self,
                 const char *name)
{
  g_autoptr(GError) error = NULL;

  if (!ot_window_views_restore (self, name, &error))
    {
      const char *shown = g_str_equal (name, OT_LAST_VIEW_NAME) ? _("Last view") : name;
      g_autofree char *text = g_strdup_printf (_("Could not restore the view “%s”: %s"), shown,
                                               error->message);

      adw_toast_overlay_add_toast (self->toast_overlay, ot_toast_new_text (text));
    }
}

/* The case opened (its tables read and its incidents on screen): what was
 * on screen when it was saved comes back. */
void
ot_window_restore_last_view (OtWindow *self)
{
  g_autoptr(OtCaseTables) tables = dup_tables (self);

  if (find_named (tables, OT_LAST_VIEW_NAME) != NULL)
    restore_or_tell (self, OT_LAST_VIEW_NAME);
}

static void
on_update_ended (OtWindow      *self,
                 OtFrame       *frame,
                 gboolean       fit,
                 const GError  *error,
                 OtFrameSource *frames)
{
  if (!self->viewport_pending || error != NULL)
    return;
  self->viewport_pending = FALSE;
  if (fit)   /* ot-window-chart.c fitted the chart: the saved pan and zoom again */
    ot_workspace_set_viewport (self->workspace, &self->pending_viewport);
}

/* Actions --------------------------------------------------------------- */

static void
restore_view_action (GtkWidget  *widget,
                     const char *action_name,
                     GVariant   *parameter)
{
  restore_or_tell ((OtWindow *) widget, g_variant_get_string (parameter, NULL));
}

static void
on_name_changed (GtkEditable      *entry,
                 AdwMessageDialog *dialog)
{
  g_autofree char *name = g_strstrip (g_strdup (gtk_editable_get_text (entry)));

  adw_message_dialog_set_response_enabled (dialog, "save",
                                           *name != '\0' && !g_str_equal (name, OT_LAST_VIEW_NAME));
}

static void
on_save_view_response (AdwMessageDialog *dialog,
                       const char       *response,
                       OtWindow         *self)
{
  GtkEditable *entry = GTK_EDITABLE (adw_message_dialog_get_extra_child (dialog));
  g_autofree char *name = g_strstrip (g_strdup (gtk_editable_get_text (entry)));

  /* Through the window's action (a command of the document), which
   * says how it went. */
  if (g_str_equal (response, "save") && *name != '\0')
    gtk_widget_activate_action (GTK_WIDGET (self), "win.add-view", "s", name);
}

static void
save_view_action (GtkWidget  *widget,
                  const char *action_name,
                  GVariant   *parameter)
{
  OtWindow *self = (OtWindow *) widget;
  GtkWidget *dialog, *entry;

  dialog = adw_message_dialog_new (GTK_WINDOW (self), _("Save View"),
                                   _("The filter, period, view and zoom on screen are kept in the case "
                                     "under this name (a view of the same name is replaced)."));
  entry = gtk_entry_new ();
  gtk_entry_set_placeholder_text (GTK_ENTRY (entry), _("View name"));
  /* Enter is the Save button (while it is enabled), which closes the dialog. */
  gtk_entry_set_activates_default (GTK_ENTRY (entry), TRUE);
  gtk_accessible_update_property (GTK_ACCESSIBLE (entry), GTK_ACCESSIBLE_PROPERTY_LABEL, _("View name"), -1);
  adw_message_dialog_set_extra_child (ADW_MESSAGE_DIALOG (dialog), entry);
  adw_message_dialog_add_responses (ADW_MESSAGE_DIALOG (dialog),
                                    "cancel", _("_Cancel"),
                                    "save", _("_Save"),
                                    NULL);
  adw_message_dialog_set_response_appearance (ADW_MESSAGE_DIALOG (dialog), "save", ADW_RESPONSE_SUGGESTED);
  adw_message_dialog_set_default_response (ADW_MESSAGE_DIALOG (dialog), "save");
  adw_message_dialog_set_close_response (ADW_MESSAGE_DIALOG (dialog), "cancel");
  adw_message_dialog_set_response_enabled (ADW_MESSAGE_DIALOG (dialog), "save", FALSE);
  g_signal_connect (entry, "changed", G_CALLBACK (on_name_changed), dialog);
  g_signal_connect_object (dialog, "response", G_CALLBACK (on_save_view_response), self, 0);
  gtk_window_present (GTK_WINDOW (dialog));
  gtk_widget_grab_focus (entry);
}

void
ot_window_views_class_init (GtkWidgetClass *widget_class)
{
  gtk_widget_class_bind_template_child (widget_class, OtWindow, saved_views_menu);
  gtk_widget_class_install_action (widget_class, "win.save-view", NULL, save_view_action);
  gtk_widget_class_install_action (widget_class, "win.restore-view", "s", restore_view_action);
}

void
ot_window_views_init (OtWindow *self)
{
  g_signal_connect_object (self->frames, "update-ended", G_CALLBACK (on_update_ended), self,
                           G_CONNECT_SWAPPED);
  ot_window_views_changed (self);
}
