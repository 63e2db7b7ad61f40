/* SPDX-License-Identifier: GPL-3.0-or-later */
/* ot-window-history.c: the window and the open case (issue 17).  The
 * window follows the application's document: its edits, undos and redos
 * give the workspace the new dataset version (keeping the filter, the
 * view and the viewport: an edit is not a new load), and Undo and Redo
 * (Ctrl+Z, Ctrl+Shift+Z) say in the menu what they will do. */
#include "ot-window-private.h"
#include "ot-application.h"

#include <glib/gi18n.h>

/* The menu's first section: "Undo Merge of 3 companies", "Redo …". */
static void
update_history (OtWindow *self)
{
  OtDocument *document = self->document;
  const char *undo = document ? ot_document_get_undo_label (document) : NULL;
  const char *redo = document ? ot_document_get_redo_label (document) : NULL;
  g_autofree char *undo_label = NULL;
  g_autofree char *redo_label = NULL;

  /* A team store's case: every edit is saved at once there, with its
   * history in the store's audit log; undo would change the window only. */
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.undo", undo != NULL && window_case_is_local (self));
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.redo", redo != NULL && window_case_is_local (self));
  if (self->history_section == NULL)
    return;
  /* Translators: a menu item, "Undo Merge of 3 companies" */
  undo_label = undo ? g_strdup_printf (_("_Undo %s"), undo) : g_strdup (_("_Undo"));
  /* Translators: a menu item, "Redo Merge of 3 companies" */
  redo_label = redo ? g_strdup_printf (_("_Redo %s"), redo) : g_strdup (_("_Redo"));
  g_menu_remove_all (self->history_section);
  g_menu_append (self->history_section, undo_label, "win.undo");
  g_menu_append (self->history_section, redo_label, "win.redo");
}

static void
on_document_changed (OtWindow         *self,
                     OtDocumentChange  changes,
                     OtDocument       *document)
{
  if (changes & (OT_DOCUMENT_INCIDENTS | OT_DOCUMENT_ALIASES | OT_DOCUMENT_TRADE))
    ot_workspace_set_dataset (self->workspace, ot_document_get_dataset (document));
  ot_window_notes_follow (self, changes);
  if (changes & OT_DOCUMENT_VIEWS)
    ot_window_views_changed (self);
  update_history (self);
  /* A command or its undo: a recovery copy of it will be written
   * (not of what a team store saved: that is its own). */
  if (!self->store_applying)
    ot_window_mark_dirty (self);
}

static void
on_document_dirty (OtWindow   *self,
                   GParamSpec *pspec,
                   OtDocument *document)
{
  ot_window_update_title (self);
}

/* A new document (a load into an empty case): follow it instead. */
static void
on_document_replaced (OtWindow      *self,
                      GParamSpec    *pspec,
                      OtApplication *application)
{
  OtDocument *document = ot_application_get_document (application);

  if (self->document == document)
    return;
  if (self->document != NULL)
    {
      g_signal_handlers_disconnect_by_data (self->document, self);
      ot_window_merge_close (self);
    }
  g_set_object (&self->document, document);
  g_signal_connect_object (document, "changed", G_CALLBACK (on_document_changed), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (document, "notify::dirty", G_CALLBACK (on_document_dirty), self, G_CONNECT_SWAPPED);
  ot_window_merge_follow (self);
  ot_window_notes_follow (self, OT_DOCUMENT_PINS | OT_DOCUMENT_ANNOTATIONS);
  update_history (self);
  ot_window_views_changed (self);
  ot_window_update_title (self);
}

void
ot_window_history_follow (OtWindow      *self,
                          OtApplication *application)
{
  g_signal_connect_object (application, "notify::document", G_CALLBACK (on_document_replaced), self,
                           G_CONNECT_SWAPPED);
  on_document_replaced (self, NULL, application);
}

static void
undo_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *parameter)
{
  OtWindow *self = (OtWindow *) widget;   /* no call up into ot-window.c */

  if (self->document == NULL)
    return;
  if (g_str_equal (action_name, "win.undo"))
    ot_document_undo (self->document);
  else
    ot_document_redo (self->document);
}

void
ot_window_history_class_init (GtkWidgetClass *widget_class)
{
  gtk_widget_class_install_action (widget_class, "win.undo", NULL, undo_action);
  gtk_widget_class_install_action (widget_class, "win.redo", NULL, undo_action);
  gtk_widget_class_bind_template_child (widget_class, OtWindow, history_section);
}

static void
on_close_response (AdwMessageDialog *dialog,
                   const char       *response,
                   OtWindow         *self)
{
  if (g_strcmp0 (response, "discard") == 0)
    {
      self->close_confirmed = TRUE;
      gtk_window_close (GTK_WINDOW (self));
    }
  else if (g_strcmp0 (response, "save") == 0)
    {
      self->close_after_save = TRUE;
      ot_window_save_case (self);
    }
}

/* Closing the last window of an edited case asks first, as GNOME's
 * editors do: Save, Discard or Cancel. */
static gboolean
on_close_request (OtWindow *self)
{
  GtkApplication *app = gtk_window_get_application (GTK_WINDOW (self));
  GList *windows = app != NULL ? gtk_application_get_windows (app) : NULL;
  g_autofree char *name = NULL;
  g_autofree char *heading = NULL;
  GtkWidget *dialog;

  if (self->close_confirmed || self->document == NULL || !ot_document_is_dirty (self->document) ||
      (windows != NULL && windows->next != NULL))
    return FALSE;
  name = self->case_path ? g_filename_display_basename (self->case_path) : g_strdup (_("Untitled case"));
  heading = g_strdup_printf (_("Save Changes to “%s”?"), name);
  dialog = adw_message_dialog_new (GTK_WINDOW (self), heading,
                                   _("The changes you made are lost if you close without saving."));
  adw_message_dialog_add_responses (ADW_MESSAGE_DIALOG (dialog),
                                    "cancel", _("_Cancel"),
                                    "discard", _("_Discard"),
                                    "save", _("_Save"),
                                    NULL);
  adw_message_dialog_set_response_appearance (ADW_MESSAGE_DIALOG (dialog), "discard",
                                              ADW_RESPONSE_DESTRUCTIVE);
  adw_message_dialog_set_response_appearance (ADW_MESSAGE_DIALOG (dialog), "save",
                                              ADW_RESPONSE_SUGGESTED);
  adw_message_dialog_set_default_response (ADW_MESSAGE_DIALOG (dialog), "save");
  adw_message_dialog_set_close_response (ADW_MESSAGE_DIALOG (dialog), "cancel");
  g_signal_connect_object (dialog, "response", G_CALLBACK (on_close_response), self, 0);
  gtk_window_present (GTK_WINDOW (dialog));
  return TRUE;
}

void
ot_window_history_init (OtWindow *self)
{
  update_history (self);
  g_signal_connect (self, "close-request", G_CALLBACK (on_close_request), NULL);
}

void
ot_window_history_dispose (OtWindow *self)
{
  if (self->document != NULL)
    g_signal_handlers_disconnect_by_data (self->document, self);
  g_clear_object (&self->document);
}
