/* SPDX-License-Identifier: GPL-3.0-or-later */
/* ot-window-notes.c: pinned places and notes (issue 17).  A vertex let
 * go after a drag is pinned in the case (one undoable command, "Move of China");
 * Re-layout forgets the pins (one command, "Re-layout") and lays the
 * network out afresh; the document's pins and notes go to the frame
 * source, which draws pinned places at their pins and notes as callouts
 * (Show Notes, GSettings "show-notes"); notes are added and edited from
 * the details pane (win.edit-note: a small dialog; win.set-note: the
 * command itself). */
#include "ot-window-private.h"
#include "ot-toast.h"

#include <adwaita.h>
#include <glib/gi18n.h>

#define NETWORK_VIEW "network"

/* The document's notes on places and flows, "kind\x1fkey" -> text. */
static GHashTable *
document_notes (OtDocument *document)
{
  GHashTable *notes = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  g_autoptr(OtCaseTables) tables = ot_document_dup_tables (document);

  for (guint i = 0; i < tables->annotations->len; i++)
    {
      const OtCaseAnnotation *a = g_ptr_array_index (tables->annotations, i);

      if (g_strcmp0 (a->target_kind, "place") == 0 || g_strcmp0 (a->target_kind, "flow") == 0)
        g_hash_table_insert (notes, g_strconcat (a->target_kind, "\x1f", a->target_key, NULL),
                             g_strdup (a->text));
    }
  return notes;
}

static void
hand_notes (OtWindow *self)
{
  g_autoptr(GHashTable) notes = self->document ? document_notes (self->document) : NULL;

  ot_frame_source_set_notes (self->frames, notes, g_settings_get_boolean (self->settings, "show-notes"));
}

void
ot_window_notes_follow (OtWindow         *self,
                        OtDocumentChange  changes)
{
  if (changes & OT_DOCUMENT_PINS)
    {
      g_autoptr(GHashTable) pins = self->document ? ot_document_dup_pins (self->document, NETWORK_VIEW) : NULL;

      ot_frame_source_set_pins (self->frames, pins);
    }
  if (changes & OT_DOCUMENT_ANNOTATIONS)
    hand_notes (self);
  ot_details_pane_set_document (self->details, self->document);
}

static void
toast_error (OtWindow *self,
             GError   *error)
{
  adw_toast_overlay_add_toast (self->toast_overlay, ot_toast_new_text (error->message));
}

/* A drag's end: the vertex pinned where it was let go. */
static void
on_vertex_dropped (OtWindow *self,
                   guint     id,
                   double    x,
                   double    y,
                   OtCanvas *canvas)
{
  g_autoptr(GError) error = NULL;
  OtNetwork *network = ot_frame_source_get_network (self->frames);
  const OtVertex *vertex;

  if (self->document == NULL || network == NULL || id >= ot_network_get_n_vertices (network) ||
      !view_can (self, OT_VIEW_CAP_FREE_LAYOUT))
    return;
  vertex = ot_network_get_vertex (network, id);
  if (!ot_document_pin_vertices (self->document, NETWORK_VIEW, &vertex->key, &x, &y, 1,
                                 vertex->entity != NULL ? vertex->entity : vertex->label, &error))
    toast_error (self, error);
}

void
ot_window_notes_relayout (OtWindow *self)
{
  /* The pins go first (undoable); the fresh layout is not a command. */
  if (self->document != NULL)
    ot_document_unpin_all (self->document, NETWORK_VIEW);
  ot_frame_source_relayout (self->frames);
}

static void
on_show_notes_changed (OtWindow   *self,
                       const char *key,
                       GSettings  *settings)
{
  hand_notes (self);
}

/* The note dialog ------------------------------------------------------------ */

static void
on_note_response (AdwMessageDialog *dialog,
                  const char       *response,
                  OtWindow         *self)
{
  GtkTextView *view = g_object_get_data (G_OBJECT (dialog), "ot-text");
  const char *kind = g_object_get_data (G_OBJECT (dialog), "ot-kind");
  const char *key = g_object_get_data (G_OBJECT (dialog), "ot-key");
  g_autoptr(GError) error = NULL;
  g_autofree char *text = NULL;
  GtkTextIter start, end;

  if (g_strcmp0 (response, "save") != 0 || self->document == NULL)
    return;
  gtk_text_buffer_get_bounds (gtk_text_view_get_buffer (view), &start, &end);
  text = g_strstrip (gtk_text_buffer_get_text (gtk_text_view_get_buffer (view), &start, &end, FALSE));
  if (g_strcmp0 (text, ot_document_get_annotation (self->document, kind, key)) == 0 ||
      (*text == '\0' && ot_document_get_annotation (self->document, kind, key) == NULL))
    return;   /* nothing changed: no command */
  if (!ot_document_set_annotation (self->document, kind, key, text, &error))
    toast_error (self, error);
}

/* win.edit-note (kind, key): a dialog with the note in a multi-line text
 * field; an empty note is deleted. */
static void
edit_note_action (GtkWidget  *widget,
                  const char *action_name,
                  GVariant   *parameter)
{
  OtWindow *self = (OtWindow *) widget;   /* no call up into ot-window.c */
  const char *kind, *key, *text;
  g_autofree char *heading = NULL;
  GtkWidget *dialog, *scroller, *view;

  if (self->document == NULL)
    return;
  g_variant_get (parameter, "(&s&s)", &kind, &key);
  text = ot_document_get_annotation (self->document, kind, key);
  if (g_str_equal (kind, "incident"))
    /* TRANSLATORS: the note dialog's heading, %s an incident's id */
    heading = g_strdup_printf (_("Note on Incident %s"), key);
  else
    /* TRANSLATORS: the note dialog's heading, %s a place or a route */
    heading = g_strdup_printf (_("Note on %s"), ot_details_pane_get_heading (self->details));
  dialog = adw_message_dialog_new (GTK_WINDOW (self), heading,
                                   _("Shown in the details and on the chart; an empty note is deleted."));
  scroller = gtk_scrolled_window_new ();
  gtk_scrolled_window_set_min_content_height (GTK_SCROLLED_WINDOW (scroller), 120);
  gtk_scrolled_window_set_min_content_width (GTK_SCROLLED_WINDOW (scroller), 320);
  gtk_widget_add_css_class (scroller, "card");
  view = gtk_text_view_new ();
  gtk_text_view_set_wrap_mode (GTK_TEXT_VIEW (view), GTK_WRAP_WORD_CHAR);
  gtk_text_view_set_left_margin (GTK_TEXT_VIEW (view), 8);
  gtk_text_view_set_right_margin (GTK_TEXT_VIEW (view), 8);
  gtk_text_view_set_top_margin (GTK_TEXT_VIEW (view), 8);
  gtk_text_view_set_bottom_margin (GTK_TEXT_VIEW (view), 8);
  gtk_text_buffer_set_text (gtk_text_view_get_buffer (GTK_TEXT_VIEW (view)), text ? text : "", -1);
  gtk_accessible_update_property (GTK_ACCESSIBLE (view), GTK_ACCESSIBLE_PROPERTY_LABEL, _("Note"), -1);
  gtk_scrolled_window_set_child (GTK_SCROLLED_WINDOW (scroller), view);
  adw_message_dialog_set_extra_child (ADW_MESSAGE_DIALOG (dialog), scroller);
  adw_message_dialog_add_responses (ADW_MESSAGE_DIALOG (dialog),
                                    "cancel", _("_Cancel"),
                                    "save", _("_Save"),
                                    NULL);
  adw_message_dialog_set_response_appearance (ADW_MESSAGE_DIALOG (dialog), "save", ADW_RESPONSE_SUGGESTED);
  adw_message_dialog_set_default_response (ADW_MESSAGE_DIALOG (dialog), "cancel");
  adw_message_dialog_set_close_response (ADW_MESSAGE_DIALOG (dialog), "cancel");
  g_object_set_data_full (G_OBJECT (dialog), "ot-kind", g_strdup (kind), g_free);
  g_object_set_data_full (G_OBJECT (dialog), "ot-key", g_strdup (key), g_free);
  g_object_set_data (G_OBJECT (dialog), "ot-text", view);
  g_signal_connect_object (dialog, "response", G_CALLBACK (on_note_response), self, 0);
  gtk_window_present (GTK_WINDOW (dialog));
  gtk_widget_grab_focus (view);
}

/* win.set-note (kind, key, text): the command itself (empty: deleted). */
static void
set_note_action (GtkWidget  *widget,
                 const char *action_name,
                 GVariant   *parameter)
{
  OtWindow *self = (OtWindow *) widget;
  g_autoptr(GError) error = NULL;
  const char *kind, *key, *text;

  if (self->document == NULL)
    return;
  g_variant_get (parameter, "(&s&s&s)", &kind, &key, &text);
  if (!ot_document_set_annotation (self->document, kind, key, text, &error))
    toast_error (self, error);
}

void
ot_window_notes_class_init (GtkWidgetClass *widget_class)
{
  gtk_widget_class_install_action (widget_class, "win.edit-note", "(ss)", edit_note_action);
  gtk_widget_class_install_action (widget_class, "win.set-note", "(sss)", set_note_action);
}

void
ot_window_notes_init (OtWindow *self)
{
  g_autoptr(GAction) show = g_settings_create_action (self->settings, "show-notes");

  g_action_map_add_action (G_ACTION_MAP (self), show);
  g_signal_connect_object (self->settings, "changed::show-notes", G_CALLBACK (on_show_notes_changed), self,
                           G_CONNECT_SWAPPED);
  g_signal_connect_object (self->canvas, "vertex-dropped", G_CALLBACK (on_vertex_dropped), self,
                           G_CONNECT_SWAPPED);
  hand_notes (self);
}
