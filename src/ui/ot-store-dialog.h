/* SPDX-License-Identifier: GPL-3.0-or-later */
/* ot-store-dialog.h: Open Team Store (issue 21): a store's address, the
 * user, the password (a GtkPasswordEntry: from the keyring or ~/.pgpass
 * when left empty) and whether to remember it in the keyring; the
 * recent stores (addresses only, never a password) to pick from.
 * "connect" asks the window to connect; it stays open, busy, until the
 * window closes it or shows why it could not connect. */
#pragma once

#include <adwaita.h>

G_BEGIN_DECLS

#define OT_TYPE_STORE_DIALOG (ot_store_dialog_get_type ())
G_DECLARE_FINAL_TYPE (OtStoreDialog, ot_store_dialog, OT, STORE_DIALOG, AdwWindow)

/* @recent: addresses, newest first (may be NULL). */
OtStoreDialog *ot_store_dialog_new          (GtkWindow          *parent,
                                             const char *const  *recent);
void           ot_store_dialog_set_address  (OtStoreDialog      *self,
                                             const char         *address);
/* The address with the user typed set in it; NULL and @error when libpq
 * cannot read it (never with a password typed into the address: that
 * one stays as typed, left out of what is remembered). */
char          *ot_store_dialog_dup_address  (OtStoreDialog      *self,
                                             GError            **error);
/* The password typed, or NULL when the field is empty. */
const char    *ot_store_dialog_get_password (OtStoreDialog      *self);
gboolean       ot_store_dialog_get_remember (OtStoreDialog      *self);
/* Connecting: the fields and Connect insensitive, a spinner. */
void           ot_store_dialog_set_busy     (OtStoreDialog      *self,
                                             gboolean            busy);
/* Why the last try failed (NULL: hide it). */
void           ot_store_dialog_set_error    (OtStoreDialog      *self,
                                             const char         *message);

G_END_DECLS
