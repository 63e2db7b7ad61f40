/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "ot-store-dialog.h"
#include "ot-store-address.h"

#include <glib/gi18n.h>

struct _OtStoreDialog
{
  AdwWindow       parent_instance;

  /* Template children */
  GtkWidget      *connect_button;
  GtkSpinner     *spinner;
  GtkLabel       *error_label;
  GtkEntry       *address_entry;
  GtkEntry       *user_entry;
  GtkPasswordEntry *password_entry;
  GtkSwitch      *remember_switch;
  GtkWidget      *recent_heading;
  GtkListBox     *recent_list;
};

enum {
  SIGNAL_CONNECT,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

G_DEFINE_FINAL_TYPE (OtStoreDialog, ot_store_dialog, ADW_TYPE_WINDOW)

static const char *
entry_text (GtkEntry *entry)
{
  return gtk_editable_get_text (GTK_EDITABLE (entry));
}

static void
update_connect (OtStoreDialog *self)
{
  g_autofree char *address = g_strdup (entry_text (self->address_entry));

  gtk_widget_action_set_enabled (GTK_WIDGET (self), "store.connect",
                                 *g_strstrip (address) != '\0' && !gtk_spinner_get_spinning (self->spinner));
}

void
ot_store_dialog_set_address (OtStoreDialog *self,
                             const char    *address)
{
  g_autofree char *user = NULL;

  g_return_if_fail (OT_IS_STORE_DIALOG (self));

  /* A user named in the address shows in its own field, and stays. */
  user = address != NULL ? ot_store_address_get (address, "user") : NULL;
  gtk_editable_set_text (GTK_EDITABLE (self->address_entry), address != NULL ? address : "");
  gtk_editable_set_text (GTK_EDITABLE (self->user_entry), user != NULL ? user : "");
  update_connect (self);
}

char *
ot_store_dialog_dup_address (OtStoreDialog  *self,
                             GError        **error)
{
  g_autofree char *address = NULL;
  g_autofree char *user = NULL;
  g_autofree char *named = NULL;

  g_return_val_if_fail (OT_IS_STORE_DIALOG (self), NULL);

  address = g_strstrip (g_strdup (entry_text (self->address_entry)));
  user = g_strstrip (g_strdup (entry_text (self->user_entry)));
  if (*user == '\0')
    return g_steal_pointer (&address);
  named = ot_store_address_get (address, "user");
  if (g_strcmp0 (named, user) == 0)
    return g_steal_pointer (&address);
  return ot_store_address_set (address, "user", user, error);
}

const char *
ot_store_dialog_get_password (OtStoreDialog *self)
{
  const char *password;

  g_return_val_if_fail (OT_IS_STORE_DIALOG (self), NULL);

  password = gtk_editable_get_text (GTK_EDITABLE (self->password_entry));
  return *password != '\0' ? password : NULL;
}

gboolean
ot_store_dialog_get_remember (OtStoreDialog *self)
{
  g_return_val_if_fail (OT_IS_STORE_DIALOG (self), FALSE);

  return gtk_switch_get_active (self->remember_switch);
}

void
ot_store_dialog_set_busy (OtStoreDialog *self,
                          gboolean       busy)
{
  g_return_if_fail (OT_IS_STORE_DIALOG (self));

  gtk_spinner_set_spinning (self->spinner, busy);
  gtk_widget_set_sensitive (GTK_WIDGET (self->address_entry), !busy);
  gtk_widget_set_sensitive (GTK_WIDGET (self->user_entry), !busy);
  gtk_widget_set_sensitive (GTK_WIDGET (self->password_entry), !busy);
  gtk_widget_set_sensitive (GTK_WIDGET (self->remember_switch), !busy);
  gtk_widget_set_sensitive (GTK_WIDGET (self->recent_list), !busy);
  if (busy)
    ot_store_dialog_set_error (self, NULL);
  update_connect (self);
}

void
ot_store_dialog_set_error (OtStoreDialog *self,
                           const char    *message)
{
  g_return_if_fail (OT_IS_STORE_DIALOG (self));

  gtk_label_set_text (self->error_label, message != NULL ? message : "");
  gtk_widget_set_visible (GTK_WIDGET (self->error_label), message != NULL);
}

static void
connect_action (GtkWidget  *widget,
                const char *action_name,
                GVariant   *parameter)
{
  g_signal_emit (widget, signals[SIGNAL_CONNECT], 0);
}

static void
on_recent_activated (OtStoreDialog *self,
                     GtkListBoxRow *row)
{
  const char *address = g_object_get_data (G_OBJECT (row), "ot-address");

  ot_store_dialog_set_address (self, address);
  gtk_widget_grab_focus (GTK_WIDGET (self->password_entry));
}

static void
ot_store_dialog_class_init (OtStoreDialogClass *klass)
{
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  signals[SIGNAL_CONNECT] =
    g_signal_new ("connect", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
                  G_TYPE_NONE, 0);

  gtk_widget_class_set_template_from_resource (widget_class, RESOURCE_PREFIX "/ui/ot-store-dialog.ui");
  gtk_widget_class_bind_template_child (widget_class, OtStoreDialog, connect_button);
  gtk_widget_class_bind_template_child (widget_class, OtStoreDialog, spinner);
  gtk_widget_class_bind_template_child (widget_class, OtStoreDialog, error_label);
  gtk_widget_class_bind_template_child (widget_class, OtStoreDialog, address_entry);
  gtk_widget_class_bind_template_child (widget_class, OtStoreDialog, user_entry);
  gtk_widget_class_bind_template_child (widget_class, OtStoreDialog, password_entry);
  gtk_widget_class_bind_template_child (widget_class, OtStoreDialog, remember_switch);
  gtk_widget_class_bind_template_child (widget_class, OtStoreDialog, recent_heading);
  gtk_widget_class_bind_template_child (widget_class, OtStoreDialog, recent_list);
  gtk_widget_class_install_action (widget_class, "store.connect", NULL, connect_action);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "window.close", NULL);
}

static void
ot_store_dialog_init (OtStoreDialog *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  gtk_window_set_default_widget (GTK_WINDOW (self), self->connect_button);
  g_signal_connect_swapped (self->address_entry, "changed", G_CALLBACK (update_connect), self);
  g_signal_connect_swapped (self->recent_list, "row-activated", G_CALLBACK (on_recent_activated), self);
  update_connect (self);
}

OtStoreDialog *
ot_store_dialog_new (GtkWindow          *parent,
                     const char *const  *recent)
{
  OtStoreDialog *self = g_object_new (OT_TYPE_STORE_DIALOG, "transient-for", parent, NULL);
  guint n = 0;

  for (guint i = 0; recent != NULL && recent[i] != NULL; i++, n++)
    {
      GtkWidget *row = adw_action_row_new ();

      /* Addresses are shown as typed, never as markup. */
      adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), recent[i]);
      gtk_list_box_row_set_activatable (GTK_LIST_BOX_ROW (row), TRUE);
      adw_action_row_add_suffix (ADW_ACTION_ROW (row), gtk_image_new_from_icon_name ("go-next-symbolic"));
      g_object_set_data_full (G_OBJECT (row), "ot-address", g_strdup (recent[i]), g_free);
      gtk_list_box_append (self->recent_list, row);
    }
  gtk_widget_set_visible (self->recent_heading, n > 0);
  gtk_widget_set_visible (GTK_WIDGET (self->recent_list), n > 0);
  return self;
}
