/* SPDX-License-Identifier: GPL-3.0-or-later */
/* ot-store-secret.h: a team store's password in the desktop keyring
 * (the Secret Service, through libsecret; issue 21, docs/team-store.md
 * "In the window").  One item per store, found by the store's key
 * (ot_store_address_key ()): the password is looked up before
 * connecting and saved after a connection it opened when the analyst
 * asked to remember it.  It is never written to a file or printed.
 * Only this file calls libsecret.  No GTK. */
#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

/* The password kept for the store at @address (any form; a password in
 * it is ignored), or NULL with no error when there is none.  An error
 * when no Secret Service answers. */
void      ot_store_secret_lookup_async  (const char          *address,
                                         GCancellable        *cancellable,
                                         GAsyncReadyCallback  callback,
                                         gpointer             user_data);
char     *ot_store_secret_lookup_finish (GAsyncResult        *result,
                                         GError             **error);

/* Keeps @password for the store at @address (replacing one kept),
 * labelled "Oretrace team store USER@HOST:PORT/DBNAME" in the keyring. */
void      ot_store_secret_save_async    (const char          *address,
                                         const char          *password,
                                         GCancellable        *cancellable,
                                         GAsyncReadyCallback  callback,
                                         gpointer             user_data);
gboolean  ot_store_secret_save_finish   (GAsyncResult        *result,
                                         GError             **error);

/* Forgets the password of the store at @address (TRUE: there was one). */
void      ot_store_secret_forget_async  (const char          *address,
                                         GCancellable        *cancellable,
                                         GAsyncReadyCallback  callback,
                                         gpointer             user_data);
gboolean  ot_store_secret_forget_finish (GAsyncResult        *result,
                                         GError             **error);

G_END_DECLS
