/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "ot-store-address.h"
#include "ot-store.h"

#include <glib/gi18n.h>
#include <libpq-fe.h>
#include <string.h>

/* libpq's options of @address (a bare word: a service name). */
static PQconninfoOption *
parse (const char  *address,
       GError     **error)
{
  g_autofree char *service = NULL;
  PQconninfoOption *options;
  char *message = NULL;

  if (strchr (address, '=') == NULL && strstr (address, "://") == NULL)
    {
      GString *quoted = g_string_new ("service='");

      for (const char *p = address; *p; p++)
        {
          if (*p == '\'' || *p == '\\')
            g_string_append_c (quoted, '\\');
          g_string_append_c (quoted, *p);
        }
      g_string_append_c (quoted, '\'');
      service = g_string_free (quoted, FALSE);
      address = service;
    }
  options = PQconninfoParse (address, &message);
  if (options == NULL)
    {
      g_autofree char *reason = g_strdup (message != NULL ? g_strstrip (message) : _("out of memory"));

      /* libpq's message may quote the address: a password in it is not
       * repeated here. */
      if (strstr (reason, "password") != NULL || strstr (reason, "@") != NULL)
        g_set_error_literal (error, OT_STORE_ERROR, OT_STORE_ERROR_CONNECT,
                             _("The store's address cannot be read"));
      else
        g_set_error (error, OT_STORE_ERROR, OT_STORE_ERROR_CONNECT,
                     _("The store's address cannot be read: %s"), reason);
      PQfreemem (message);
    }
  return options;
}

static void
append_value (GString    *out,
              const char *value)
{
  g_string_append_c (out, '\'');
  for (const char *p = value; *p; p++)
    {
      if (*p == '\'' || *p == '\\')
        g_string_append_c (out, '\\');
      g_string_append_c (out, *p);
    }
  g_string_append_c (out, '\'');
}

char *
ot_store_address_set (const char  *address,
                      const char  *keyword,
                      const char  *value,
                      GError     **error)
{
  PQconninfoOption *options;
  GString *out;
  gboolean set = FALSE;

  g_return_val_if_fail (address != NULL && keyword != NULL, NULL);

  options = parse (address, error);
  if (options == NULL)
    return NULL;
  out = g_string_new (NULL);
  for (PQconninfoOption *o = options; o->keyword != NULL; o++)
    {
      const char *v = o->val;

      if (strcmp (o->keyword, keyword) == 0)
        {
          v = value;
          set = TRUE;
        }
      if (v == NULL || *v == '\0')
        continue;
      if (out->len > 0)
        g_string_append_c (out, ' ');
      g_string_append_printf (out, "%s=", o->keyword);
      append_value (out, v);
    }
  PQconninfoFree (options);
  if (!set)
    {
      g_set_error (error, OT_STORE_ERROR, OT_STORE_ERROR_CONNECT,
                   "libpq knows no connection parameter “%s”", keyword);
      g_string_free (out, TRUE);
      return NULL;
    }
  return g_string_free (out, FALSE);
}

char *
ot_store_address_get (const char *address,
                      const char *keyword)
{
  PQconninfoOption *options;
  char *value = NULL;

  g_return_val_if_fail (address != NULL && keyword != NULL, NULL);

  options = parse (address, NULL);
  if (options == NULL)
    return NULL;
  for (PQconninfoOption *o = options; o->keyword != NULL; o++)
    if (strcmp (o->keyword, keyword) == 0 && o->val != NULL && *o->val != '\0')
      value = g_strdup (o->val);
  PQconninfoFree (options);
  return value;
}

char *
ot_store_address_strip_password (const char *address)
{
  g_autofree char *password = NULL;
  char *stripped;

  g_return_val_if_fail (address != NULL, NULL);

  password = ot_store_address_get (address, "password");
  if (password == NULL)
    return g_strdup (address);
  stripped = ot_store_address_set (address, "password", NULL, NULL);
  /* Unreadable: nothing of it is kept. */
  return stripped != NULL ? stripped : g_strdup ("");
}

char *
ot_store_address_key (const char *address)
{
  g_autofree char *service = NULL;
  g_autofree char *user = NULL;
  g_autofree char *host = NULL;
  g_autofree char *port = NULL;
  g_autofree char *dbname = NULL;

  g_return_val_if_fail (address != NULL, NULL);

  service = ot_store_address_get (address, "service");
  user = ot_store_address_get (address, "user");
  if (user == NULL)
    user = g_strdup (g_get_user_name ());
  if (service != NULL)
    return g_strdup_printf ("service %s (%s)", service, user);
  host = ot_store_address_get (address, "host");
  port = ot_store_address_get (address, "port");
  dbname = ot_store_address_get (address, "dbname");
  return g_strdup_printf ("%s@%s:%s/%s", user, host != NULL ? host : "/var/run/postgresql",
                          port != NULL ? port : "5432", dbname != NULL ? dbname : user);
}
