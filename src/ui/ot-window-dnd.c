/* SPDX-License-Identifier: GPL-3.0-or-later */
/* ot-window-dnd.c: files and folders dropped on the window are loaded. */
#include "ot-window-private.h"

static GdkDragAction
on_drop_enter (GtkDropTarget *target,
               double         x,
               double         y,
               OtWindow      *self)
{
  gtk_widget_set_visible (self->drop_highlight, TRUE);
  return GDK_ACTION_COPY;
}

static void
on_drop_leave (GtkDropTarget *target,
               OtWindow      *self)
{
  gtk_widget_set_visible (self->drop_highlight, FALSE);
}

static gboolean
on_drop (GtkDropTarget *target,
         const GValue  *value,
         double         x,
         double         y,
         OtWindow      *self)
{
  g_autoptr(GPtrArray) files = g_ptr_array_new_with_free_func (g_object_unref);

  gtk_widget_set_visible (self->drop_highlight, FALSE);

  if (G_VALUE_HOLDS (value, GDK_TYPE_FILE_LIST))
    {
      for (GSList *l = gdk_file_list_get_files (g_value_get_boxed (value)); l != NULL; l = l->next)
        g_ptr_array_add (files, g_object_ref (l->data));
    }
  else if (G_VALUE_HOLDS (value, G_TYPE_FILE) && g_value_get_object (value) != NULL)
    {
      g_ptr_array_add (files, g_value_dup_object (value));
    }

  if (files->len == 0)
    return FALSE;
  ot_window_load_files (self, (GFile **) files->pdata, files->len);
  return TRUE;
}

void
ot_window_init_dnd (OtWindow *self)
{
  GType types[] = { GDK_TYPE_FILE_LIST, G_TYPE_FILE };

  self->drop_target = gtk_drop_target_new (G_TYPE_INVALID, GDK_ACTION_COPY);
  gtk_drop_target_set_gtypes (self->drop_target, types, G_N_ELEMENTS (types));
  g_signal_connect (self->drop_target, "enter", G_CALLBACK (on_drop_enter), self);
  g_signal_connect (self->drop_target, "leave", G_CALLBACK (on_drop_leave), self);
  g_signal_connect (self->drop_target, "drop", G_CALLBACK (on_drop), self);
  gtk_widget_add_controller (GTK_WIDGET (self), GTK_EVENT_CONTROLLER (self->drop_target));
}
