/* SPDX-License-Identifier: GPL-3.0-or-later */
/* ot-store-address.h: a team store's address as libpq reads it (a
 * postgresql:// URL, "key=value" parameters or a service name), changed
 * one parameter at a time for the window's connection dialog and the
 * keyring (issue 21, docs/team-store.md "In the window").  libpq parses
 * it (PQconninfoParse ()); the result is "key='value'" parameters, each
 * value quoted as libpq reads it.  No GTK. */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* @address with the parameter @keyword ("user", "password", …) set to
 * @value, or left out when @value is NULL or empty; NULL and @error when
 * libpq cannot read @address.  A bare word is a service name. */
char     *ot_store_address_set          (const char  *address,
                                         const char  *keyword,
                                         const char  *value,
                                         GError     **error);
/* The value of @keyword in @address, or NULL (none, or unreadable). */
char     *ot_store_address_get          (const char  *address,
                                         const char  *keyword);
/* @address without a password: itself when it holds none (a URL stays
 * a URL), else its parameters less the password. */
char     *ot_store_address_strip_password (const char *address);
/* What names one store for the keyring, whatever form the address takes:
 * "service NAME" or "USER@HOST:PORT/DBNAME" (libpq's defaults filled in:
 * the login name, the Unix socket, 5432, the user's name as database). */
char     *ot_store_address_key          (const char  *address);

G_END_DECLS
