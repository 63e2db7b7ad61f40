/* SPDX-License-Identifier: GPL-3.0-or-later */
/* ot-window-aliases.c: the window runs the document's company alias
 * commands (issue 17).  Each is one undoable command on the open case
 * (ot-document.h); the window follows the new dataset version like any
 * edit (ot-window-history.c), so the network, the filters, the search and
 * the details show it with the next frame.
 *
 *   win.split-entity (s)   the entity named by the parameter shown as its
 *                          companies again (the details pane's Split)
 *
 * Merging (a dialog, suggestions) is added below, in its own section. */
#include "ot-window-private.h"
#include "ot-toast.h"

#include <glib/gi18n.h>

/* ---- Split ------------------------------------------------------------------ */

static void
split_entity_action (GtkWidget  *widget,
                     const char *action_name,
                     GVariant   *parameter)
{
  OtWindow *self = (OtWindow *) widget;   /* no call up into ot-window.c */
  const char *entity = g_variant_get_string (parameter, NULL);
  g_autoptr(GError) error = NULL;
  g_autofree char *text = NULL;
  AdwToast *toast;

  if (self->document == NULL)
    return;
  if (!ot_document_split_entity (self->document, entity, &error))
    {
      adw_toast_overlay_add_toast (self->toast_overlay, ot_toast_new_text (error->message));
      return;
    }
  /* Translators: a toast after Split, %s the merged companies' name */
  text = g_strdup_printf (_("“%s” split into its companies"), entity);
  toast = ot_toast_new_text (text);
  adw_toast_set_button_label (toast, _("_Undo"));
  adw_toast_set_action_name (toast, "win.undo");
  adw_toast_overlay_add_toast (self->toast_overlay, toast);
}

/* ---- Merge ------------------------------------------------------------------ */

/* (The Merge dialog and the suggestions come here.) */

void
ot_window_aliases_class_init (GtkWidgetClass *widget_class)
{
  gtk_widget_class_install_action (widget_class, "win.split-entity", "s", split_entity_action);
}
