/* SPDX-License-Identifier: GPL-3.0-or-later */
/* ot-window-edit.c: Add, Edit and Delete incidents (issue 17).  Add opens
 * the incident editor empty (an id proposed), Edit prefilled with the
 * incident whose record the details pane shows or else the one row
 * selected in the table; Delete (also the Delete key in the table) asks,
 * naming how many, then removes the rows selected in the table or else
 * the incident the details pane shows.  Each becomes one undoable
 * command of the case document in apply_*() below, and only there; in
 * a team store's case they go to the store (ot-window-store.c), and are
 * disabled for a viewer or while its connection is lost. */
#include "ot-window-private.h"
#include "ot-incident-editor.h"
#include "ot-error.h"
#include "ot-toast.h"

#include <glib/gi18n.h>

/* The incident Edit works on, or -1. */
static gint
edit_target (OtWindow *self)
{
  g_autoptr(GArray) selected = NULL;
  gint picked = ot_details_pane_get_picked (self->details);

  if (self->show_details && picked >= 0)
    return picked;
  selected = ot_incident_table_get_selected (self->table);
  return selected->len == 1 ? (gint) g_array_index (selected, guint, 0) : -1;
}

/* The incidents Delete removes (dataset indices), maybe none. */
static GArray *
delete_targets (OtWindow *self)
{
  GArray *selected = ot_incident_table_get_selected (self->table);
  gint picked = ot_details_pane_get_picked (self->details);

  if (selected->len == 0 && self->show_details && picked >= 0)
    g_array_append_val (selected, picked);
  return selected;
}

static void
update_actions (OtWindow *self)
{
  g_autoptr(GArray) doomed = delete_targets (self);

  gboolean may = window_may_edit (self);

  /* A team store's viewer, or its connection lost: nothing to edit. */
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.add-incident", may);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.edit-incident", may && edit_target (self) >= 0);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.delete-incidents", may && doomed->len > 0);
}

static void
toast (OtWindow   *self,
       const char *text)
{
  if (self->toast_overlay != NULL)
    adw_toast_overlay_add_toast (self->toast_overlay, ot_toast_new_text (text));
}

/* Applying --------------------------------------------------------------- */

/* The one place where edits change the case: each is one undoable
 * command of the application's document, whose new dataset version the
 * window then shows (ot-window-history.c).  @dataset is the version the
 * edit was made on: a load may have landed meanwhile, so an index is
 * looked up again by id in the current one. */
static gint
current_index (OtWindow   *self,
               OtDataset  *dataset,
               guint       index)
{
  OtDataset *current = ot_document_get_dataset (self->document);

  if (current == dataset)
    return index;
  return ot_dataset_find (current, ot_dataset_get_incident (dataset, index)->id);
}

static gboolean
apply_incident (OtWindow          *self,
                OtDataset         *dataset,
                const OtIncident  *incident,
                gint               index,
                GError           **error)
{
  gint now;

  g_return_val_if_fail (self->document != NULL, FALSE);

  if (index < 0)
    return ot_document_add_incident (self->document, incident, error);
  now = current_index (self, dataset, index);
  if (now < 0)
    {
      g_set_error_literal (error, OT_ERROR, OT_ERROR_INVALID,
                           _("the incident is no longer in the case"));
      return FALSE;
    }
  return ot_document_replace_incident (self->document, now, incident, error);
}

static gboolean
apply_delete (OtWindow     *self,
              OtDataset    *dataset,
              GArray       *indices,
              GError      **error)
{
  g_autoptr(GArray) now = g_array_sized_new (FALSE, FALSE, sizeof (guint), indices->len);

  g_return_val_if_fail (self->document != NULL, FALSE);

  for (guint i = 0; i < indices->len; i++)
    {
      gint index = current_index (self, dataset, g_array_index (indices, guint, i));

      if (index >= 0)
        g_array_append_val (now, index);
    }
  return ot_document_delete_incidents (self->document, (const guint *) (void *) now->data, now->len, error);
}

/* Add and Edit -------------------------------------------------------------- */

static void
on_editor_saved (OtWindow         *self,
                 gpointer          incident,
                 gint              index,
                 OtIncidentEditor *editor)
{
  const OtIncident *checked = incident;
  g_autoptr(GError) error = NULL;
  g_autofree char *text = NULL;

  /* A team store's case: saved there first (ot-window-store.c). */
  if (self->store != NULL)
    {
      ot_window_store_save (self, ot_incident_editor_get_dataset (editor), checked, index);
      return;
    }
  if (!apply_incident (self, ot_incident_editor_get_dataset (editor), checked, index, &error))
    {
      /* TRANSLATORS: %s: why an incident could not be saved */
      text = g_strdup_printf (_("The incident was not saved: %s"), error->message);
      toast (self, text);
      return;
    }
  /* TRANSLATORS: %s: an incident's id */
  text = g_strdup_printf (index < 0 ? _("Incident “%s” added") : _("Incident “%s” changed"),
                          checked->id);
  toast (self, text);
}

static void
open_editor (OtWindow *self,
             gint      index)
{
  OtIncidentEditor *editor;

  if (self->document == NULL)
    return;
  editor = ot_incident_editor_new (GTK_WINDOW (self), ot_document_get_dataset (self->document), index);
  g_signal_connect_object (editor, "saved", G_CALLBACK (on_editor_saved), self, G_CONNECT_SWAPPED);
  gtk_window_present (GTK_WINDOW (editor));
}

void
ot_window_add_incident (OtWindow *self)
{
  open_editor (self, -1);
}

void
ot_window_edit_incident (OtWindow *self)
{
  gint index = edit_target (self);

  if (index >= 0)
    open_editor (self, index);
}

/* Delete ---------------------------------------------------------------------- */

static void
on_delete_response (AdwMessageDialog *dialog,
                    const char       *response,
                    OtWindow         *self)
{
  GArray *doomed = g_object_get_data (G_OBJECT (dialog), "ot-indices");
  OtDataset *dataset = g_object_get_data (G_OBJECT (dialog), "ot-dataset");
  g_autoptr(GError) error = NULL;
  g_autofree char *text = NULL;

  if (g_strcmp0 (response, "delete") != 0)
    return;
  if (self->store != NULL)
    {
      ot_window_store_delete (self, dataset, doomed);
      return;
    }
  if (!apply_delete (self, dataset, doomed, &error))
    {
      /* TRANSLATORS: %s: why incidents could not be deleted */
      text = g_strdup_printf (_("Nothing was deleted: %s"), error->message);
      toast (self, text);
      return;
    }
  text = g_strdup_printf (ngettext ("%'u incident deleted", "%'u incidents deleted", doomed->len),
                          doomed->len);
  toast (self, text);
}

void
ot_window_delete_incidents (OtWindow *self)
{
  g_autoptr(GArray) doomed = delete_targets (self);
  OtDataset *dataset = ot_workspace_get_dataset (self->workspace);
  GtkWidget *dialog;

  if (doomed->len == 0 || dataset == NULL || self->document == NULL)
    return;
  dialog = adw_message_dialog_new (GTK_WINDOW (self), NULL, NULL);
  adw_message_dialog_format_heading (ADW_MESSAGE_DIALOG (dialog),
                                     ngettext ("Delete %'u Incident?", "Delete %'u Incidents?", doomed->len),
                                     doomed->len);
  if (doomed->len == 1)
    adw_message_dialog_format_body (ADW_MESSAGE_DIALOG (dialog),
                                    _("The incident “%s” is removed from the case."),
                                    ot_dataset_get_incident (dataset, g_array_index (doomed, guint, 0))->id);
  else
    adw_message_dialog_format_body (ADW_MESSAGE_DIALOG (dialog),
                                    ngettext ("The incident selected is removed from the case.",
                                              "The %'u incidents selected are removed from the case.",
                                              doomed->len),
                                    doomed->len);
  adw_message_dialog_add_responses (ADW_MESSAGE_DIALOG (dialog),
                                    "cancel", _("_Cancel"),
                                    "delete", _("_Delete"),
                                    NULL);
  adw_message_dialog_set_response_appearance (ADW_MESSAGE_DIALOG (dialog), "delete",
                                              ADW_RESPONSE_DESTRUCTIVE);
  adw_message_dialog_set_default_response (ADW_MESSAGE_DIALOG (dialog), "cancel");
  adw_message_dialog_set_close_response (ADW_MESSAGE_DIALOG (dialog), "cancel");
  g_object_set_data_full (G_OBJECT (dialog), "ot-dataset", g_object_ref (dataset), g_object_unref);
  g_object_set_data_full (G_OBJECT (dialog), "ot-indices", g_steal_pointer (&doomed),
                          (GDestroyNotify) g_array_unref);
  g_signal_connect_object (dialog, "response", G_CALLBACK (on_delete_response), self, 0);
  gtk_window_present (GTK_WINDOW (dialog));
}

/* Setting up -------------------------------------------------------------------- */

void
ot_window_edit_init (OtWindow *self)
{
  GtkEventController *keys = gtk_shortcut_controller_new ();
  GListModel *rows = ot_incident_table_get_model (self->table);

  /* Delete in the table (not in the window: an entry's Delete is its own). */
  gtk_shortcut_controller_add_shortcut (GTK_SHORTCUT_CONTROLLER (keys),
                                        gtk_shortcut_new (gtk_keyval_trigger_new (GDK_KEY_Delete, 0),
                                                          gtk_named_action_new ("win.delete-incidents")));
  gtk_widget_add_controller (GTK_WIDGET (self->table), keys);

  g_signal_connect_object (rows, "selection-changed", G_CALLBACK (update_actions), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (rows, "items-changed", G_CALLBACK (update_actions), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->details, "notify::picked", G_CALLBACK (update_actions), self,
                           G_CONNECT_SWAPPED);
  g_signal_connect (self, "notify::show-details", G_CALLBACK (update_actions), NULL);
  self->update_edit_actions = update_actions;
  update_actions (self);
}
