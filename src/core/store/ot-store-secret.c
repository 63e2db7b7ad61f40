/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "ot-store-secret.h"
#include "ot-store-address.h"

#include <glib/gi18n.h>
#include <libsecret/secret.h>

/* One attribute: the store's key, so the item is found whatever form of
 * the address the analyst types next time. */
static const SecretSchema *
store_schema (void)
{
  static const SecretSchema schema = {
    "io.github.oretrace.Oretrace.Store", SECRET_SCHEMA_NONE,
    {
      { "store", SECRET_SCHEMA_ATTRIBUTE_STRING },
      { NULL, 0 },
    },
    0, 0, 0, 0, 0, 0, 0, 0,
  };

  return &schema;
}

static void
on_looked_up (GObject      *source,
              GAsyncResult *result,
              gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  GError *error = NULL;
  char *password = secret_password_lookup_finish (result, &error);

  if (error != NULL)
    g_task_return_error (task, error);
  else
    /* Moved out of libsecret's non-pageable memory into ours: the caller
     * frees it with g_free (). */
    g_task_return_pointer (task, password != NULL ? g_strdup (password) : NULL, g_free);
  secret_password_free (password);
}

void
ot_store_secret_lookup_async (const char          *address,
                              GCancellable        *cancellable,
                              GAsyncReadyCallback  callback,
                              gpointer             user_data)
{
  GTask *task = g_task_new (NULL, cancellable, callback, user_data);
  g_autofree char *key = ot_store_address_key (address);

  g_task_set_source_tag (task, ot_store_secret_lookup_async);
  secret_password_lookup (store_schema (), cancellable, on_looked_up, task, "store", key, NULL);
}

char *
ot_store_secret_lookup_finish (GAsyncResult  *result,
                               GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, NULL), NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

static void
on_saved (GObject      *source,
          GAsyncResult *result,
          gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  GError *error = NULL;

  if (secret_password_store_finish (result, &error))
    g_task_return_boolean (task, TRUE);
  else
    g_task_return_error (task, error);
}

void
ot_store_secret_save_async (const char          *address,
                            const char          *password,
                            GCancellable        *cancellable,
                            GAsyncReadyCallback  callback,
                            gpointer             user_data)
{
  GTask *task = g_task_new (NULL, cancellable, callback, user_data);
  g_autofree char *key = ot_store_address_key (address);
  /* TRANSLATORS: the keyring item's label; %s: "alice@db.example.org:5432/smuggling" */
  g_autofree char *label = g_strdup_printf (_("Oretrace team store %s"), key);

  g_task_set_source_tag (task, ot_store_secret_save_async);
  secret_password_store (store_schema (), SECRET_COLLECTION_DEFAULT, label, password, cancellable,
                         on_saved, task, "store", key, NULL);
}

gboolean
ot_store_secret_save_finish (GAsyncResult  *result,
                             GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, NULL), FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}

static void
on_forgotten (GObject      *source,
              GAsyncResult *result,
              gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  GError *error = NULL;
  gboolean found = secret_password_clear_finish (result, &error);

  if (error != NULL)
    g_task_return_error (task, error);
  else
    g_task_return_boolean (task, found);
}

void
ot_store_secret_forget_async (const char          *address,
                              GCancellable        *cancellable,
                              GAsyncReadyCallback  callback,
                              gpointer             user_data)
{
  GTask *task = g_task_new (NULL, cancellable, callback, user_data);
  g_autofree char *key = ot_store_address_key (address);

  g_task_set_source_tag (task, ot_store_secret_forget_async);
  secret_password_clear (store_schema (), cancellable, on_forgotten, task, "store", key, NULL);
}

gboolean
ot_store_secret_forget_finish (GAsyncResult  *result,
                               GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, NULL), FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}
