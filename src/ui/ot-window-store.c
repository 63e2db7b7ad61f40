/* SPDX-License-Identifier: GPL-3.0-or-later */
/* ot-window-store.c: a team store's case in the window (issue 21,
 * docs/team-store.md "In the window").
 *
 * Opening (`oretrace postgresql://…`, `service=NAME`, or Open Team
 * Store…): the keyring's password when none was typed
 * (ot-store-secret.c), a connection and the case read in workers, then
 * the case is the application's new document, titled with the store's
 * name; a password typed is kept in the keyring after a connection it
 * opened when asked.  The store's role and its listening connection
 * decide what may be edited: a viewer, or a lost connection, sees a
 * banner and no edit action.  Changes announced by others are read
 * again (ot_store_read_incidents ()) and go into the document within a
 * second, with a quiet toast; after a reconnection the log says what was
 * missed.  Edits made in the window go to the store first, based on the
 * version read, and into the document once saved; a conflict shows both
 * versions and lets the analyst keep theirs or apply hers again.
 * Incident History… lists the audit log of one incident.
 *
 * Calls the application, ot-window-case.c (the title), the dialogs and
 * the core; ot-window-edit.c calls it; it calls back only through
 * self->update_edit_actions. */
#include "ot-window-private.h"
#include "ot-loader.h"
#include "ot-store-address.h"
#include "ot-store-dialog.h"
#include "ot-store-refresh.h"
#include "ot-store-secret.h"
#include "ot-store-summary.h"
#include "ot-store-flows.h"
#include "ot-toast.h"
#include "ot-writer.h"

#include <glib/gi18n.h>
#include <json-glib/json-glib.h>
#include <string.h>

#define MAX_RECENT_STORES 8
/* Changes heard are read together after this long: a burst is one read. */
#define REFRESH_DELAY_MS  150

static void toast (OtWindow *self, const char *text);
static void update_part_action (OtWindow *self);

/* The banner and the actions ------------------------------------------------ */

static void
update_state (OtWindow *self)
{
  const char *text = NULL;
  g_autofree char *part_text = NULL;

  if (self->store != NULL && !self->store_hearing && !ot_store_get_online (self->store))
    text = _("Connection lost: read-only until it is back");
  else if (self->store != NULL && self->store_summary)
    text = _("Summary: this team store is too big to read whole; its server sums the chart for "
             "each filter. Read-only, network and map views.");
  else if (self->store != NULL && self->store_part != NULL)
    /* TRANSLATORS: %s: what part ("the 12 incidents of China → Thailand") */
    text = part_text = g_strdup_printf (_("Part of the team store: %s. Open the store again to see it whole."),
                                        self->store_part);
  else if (self->store != NULL && !self->store_can_edit)
    text = _("Read-only: your role on this team store may read but not edit");
  gtk_label_set_text (self->store_banner_label, text != NULL ? text : "");
  gtk_revealer_set_reveal_child (self->store_banner, text != NULL);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.incident-history", self->store != NULL);
  update_part_action (self);
  if (self->update_edit_actions != NULL)
    self->update_edit_actions (self);
}

static void
toast (OtWindow   *self,
       const char *text)
{
  if (self->toast_overlay != NULL)
    adw_toast_overlay_add_toast (self->toast_overlay, ot_toast_new_text (text));
}

/* Versions ---------------------------------------------------------------------- */

static gint64
version_of (OtWindow   *self,
            const char *id)
{
  gint64 *version = self->store_versions ? g_hash_table_lookup (self->store_versions, id) : NULL;

  return version != NULL ? *version : 0;
}

static void
set_version (OtWindow   *self,
             const char *id,
             gint64      version)
{
  if (version <= 0)
    g_hash_table_remove (self->store_versions, id);
  else
    g_hash_table_insert (self->store_versions, g_strdup (id), g_memdup2 (&version, sizeof version));
}

/* The document, changed by the store: no unsaved work of the window's. */
static void
begin_apply (OtWindow *self)
{
  self->store_applying = TRUE;
}

static void
end_apply (OtWindow *self)
{
  self->store_applying = FALSE;
  if (self->document != NULL)
    ot_document_mark_saved (self->document, ot_document_get_revision (self->document));
}

/* Puts @incident (of the store, at @version) into the document: it
 * replaces the incident @id, or is added; NULL deletes @id. */
static void
put_incident (OtWindow         *self,
              const char       *id,
              const OtIncident *incident,
              gint64            version)
{
  OtDataset *current = ot_document_get_dataset (self->document);
  gint index = ot_dataset_find (current, id);
  g_autoptr(GError) error = NULL;
  gboolean ok = TRUE;

  if (incident == NULL && index >= 0)
    {
      guint i = (guint) index;

      ok = ot_document_delete_incidents (self->document, &i, 1, &error);
    }
  else if (incident != NULL && index >= 0)
    ok = ot_document_replace_incident (self->document, (guint) index, incident, &error);
  else if (incident != NULL)
    ok = ot_document_add_incident (self->document, incident, &error);
  if (!ok)
    g_warning ("The store's incident %s could not go into the case: %s", id, error->message);
  /* (A replace may change the id: the old one has no version then.) */
  set_version (self, id, 0);
  if (incident != NULL)
    set_version (self, incident->id, version);
}

/* Closing and the recent stores ---------------------------------------------------- */

static void
store_close (OtWindow *self)
{
  if (self->store != NULL)
    g_signal_handlers_disconnect_by_data (self->store, self);
  g_clear_object (&self->store);
  g_clear_pointer (&self->store_name, g_free);
  g_clear_pointer (&self->store_versions, g_hash_table_unref);
  g_clear_pointer (&self->store_pending, g_hash_table_unref);
  g_clear_pointer (&self->store_notices, g_ptr_array_unref);
  g_clear_handle_id (&self->store_refresh_source, g_source_remove);
  self->store_document = NULL;
  self->store_can_edit = FALSE;
  self->store_summary = FALSE;
  g_clear_pointer (&self->store_address, g_free);
  g_clear_pointer (&self->store_part, g_free);
  self->store_hearing = FALSE;
  self->store_last_change = 0;
}

static void
remember_recent (OtWindow   *self,
                 const char *address)
{
  g_autofree char *stripped = ot_store_address_strip_password (address);
  g_auto(GStrv) recent = g_settings_get_strv (self->settings, "recent-stores");
  g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();
  g_auto(GStrv) kept = NULL;
  guint n = 1;

  if (*stripped == '\0')
    return;
  g_strv_builder_add (builder, stripped);
  for (guint i = 0; recent[i] != NULL && n < MAX_RECENT_STORES; i++)
    if (g_strcmp0 (recent[i], stripped) != 0)
      {
        g_strv_builder_add (builder, recent[i]);
        n++;
      }
  kept = g_strv_builder_end (builder);
  g_settings_set_strv (self->settings, "recent-stores", (const char *const *) kept);
}

/* Opening ------------------------------------------------------------------------------ */

typedef struct {
  OtWindow      *window;
  char          *address;    /* as typed (a password in a URL kept) */
  char          *password;   /* typed or the keyring's; NULL: libpq finds one */
  gboolean       typed;      /* @password was typed: the keyring may keep it */
  gboolean       remember;
  OtStoreDialog *dialog;
  OtStore       *store;
  GCancellable  *cancellable;
} Opening;

static void
opening_free (Opening *opening)
{
  g_object_unref (opening->window);
  g_free (opening->address);
  if (opening->password != NULL)
    {
      memset (opening->password, 0, strlen (opening->password));
      g_free (opening->password);
    }
  g_clear_object (&opening->dialog);
  g_clear_object (&opening->store);
  g_object_unref (opening->cancellable);
  g_free (opening);
}

static void show_dialog (OtWindow *self, const char *address, const char *error);

static void
opening_failed (Opening *opening,
                GError  *error)
{
  OtWindow *self = opening->window;
  g_autofree char *message = NULL;
  g_autofree char *stripped = NULL;

  self->n_store_busy--;
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    {
      opening_free (opening);
      return;
    }
  /* The core's words, libpq's reason in them ("Cannot connect to the
   * store: … password authentication failed for user “alice”"). */
  message = g_strdup (error->message);
  if (opening->dialog != NULL && gtk_widget_get_visible (GTK_WIDGET (opening->dialog)))
    {
      ot_store_dialog_set_busy (opening->dialog, FALSE);
      ot_store_dialog_set_error (opening->dialog, message);
    }
  else
    {
      /* From the command line: the dialog, to fix what was wrong. */
      stripped = ot_store_address_strip_password (opening->address);
      show_dialog (self, stripped, message);
    }
  opening_free (opening);
}

static void on_changed (OtWindow *self, OtStoreNotice *notice, OtStore *store);
static void on_online (OtWindow *self, GParamSpec *pspec, OtStore *store);
static void on_reconnected (OtWindow *self, OtStore *store);

static void
on_secret_saved (GObject      *source,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  g_autoptr(OtWindow) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autofree char *text = NULL;

  if (!ot_store_secret_save_finish (result, &error))
    {
      /* TRANSLATORS: %s: why (no keyring on this desktop, …) */
      text = g_strdup_printf (_("The password was not remembered: %s"), error->message);
      toast (self, text);
    }
}

/* The listening connection is open (or could not be): the changes made
 * since the case was read are read as after a lost connection. */
static void
on_heard (GObject      *source,
          GAsyncResult *result,
          gpointer      user_data)
{
  g_autoptr(OtWindow) self = user_data;
  g_autoptr(GError) error = NULL;
  gboolean heard = ot_store_listen_finish (OT_STORE (source), result, &error);

  self->n_store_busy--;
  if (self->store != OT_STORE (source) || g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  self->store_hearing = FALSE;
  if (heard)
    on_reconnected (self, self->store);
  else
    {
      /* TRANSLATORS: %s: why */
      g_autofree char *text = g_strdup_printf (_("Changes by others will not show: %s"), error->message);

      toast (self, text);
      update_state (self);
    }
}

/* The store's case in the window: read whole (@store_case), or a
 * summary (@summary, its incidents left in the server). */
static void
adopt_store (Opening     *opening,
             OtStoreCase *store_case,
             OtDataset   *summary,
             const char  *part)
{
  OtWindow *self = opening->window;
  g_autofree char *text = NULL;
  OtDataset *dataset = store_case != NULL ? store_case->dataset : summary;
  OtStoreRole role;
  guint n;

  /* A part of the store it shows already: it listens already. */
  gboolean listening = self->store == opening->store;

  self->n_store_busy--;
  store_close (self);
  self->store = g_object_ref (opening->store);
  self->store_name = g_strdup (ot_store_get_display_name (self->store));
  role = ot_store_get_role (self->store);
  /* A summary holds no incident to edit. */
  self->store_summary = summary != NULL;
  self->store_can_edit = summary == NULL && (role == OT_STORE_ROLE_EDITOR || role == OT_STORE_ROLE_OWNER);
  self->store_last_change = store_case != NULL ? store_case->last_change : 0;
  self->store_address = g_strdup (opening->address);
  self->store_part = g_strdup (part);
  self->store_versions = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  self->store_pending = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  self->store_notices = g_ptr_array_new_with_free_func ((GDestroyNotify) ot_store_notice_free);
  n = ot_dataset_get_n_incidents (dataset);
  for (guint i = 0; store_case != NULL && i < n && i < store_case->versions->len; i++)
    set_version (self, ot_dataset_get_incident (dataset, i)->id,
                 g_array_index (store_case->versions, gint64, i));

  /* Listening, in a worker: once it is open, what changed since the
   * case was read is read too (on_heard ()), so nothing falls between. */
  if (!listening)
    {
      self->store_hearing = TRUE;
      self->n_store_busy++;
      ot_store_listen_async (self->store, self->store_cancellable, on_heard, g_object_ref (self));
    }
  g_signal_connect_object (self->store, "changed", G_CALLBACK (on_changed), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->store, "notify::online", G_CALLBACK (on_online), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->store, "reconnected", G_CALLBACK (on_reconnected), self, G_CONNECT_SWAPPED);

  ot_window_set_case_path (self, NULL);
  ot_application_open_case (OT_APPLICATION (self->application), dataset);
  self->store_document = self->document;
  ot_window_update_title (self);
  remember_recent (self, opening->address);
  if (opening->remember && opening->typed && opening->password != NULL)
    ot_store_secret_save_async (opening->address, opening->password, NULL, on_secret_saved,
                                g_object_ref (self));
  if (opening->dialog != NULL)
    gtk_window_destroy (GTK_WINDOW (opening->dialog));
  update_state (self);
  if (summary != NULL)
    {
      n = ot_dataset_get_n_summarised (summary, NULL);
      /* TRANSLATORS: %s: the store's name; %'u: how many incidents */
      text = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                           "Opened the team store “%s” as a summary: %'u incident, summed by its server",
                                           "Opened the team store “%s” as a summary: %'u incidents, summed by its server",
                                           n),
                              self->store_name, n);
    }
  else if (part != NULL)
    /* TRANSLATORS: %s: what part ("the 12 incidents of China → Thailand"), then the store's name */
    text = g_strdup_printf (_("Opened %s from the team store “%s”"), part, self->store_name);
  else
    /* TRANSLATORS: %s: the store's name; %'u: how many incidents */
    text = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "Opened the team store “%s”: %'u incident",
                                         "Opened the team store “%s”: %'u incidents", n),
                            self->store_name, n);
  toast (self, text);
  opening_free (opening);
}

/* The store's case, read: the window's new case. */
static void
on_loaded (GObject      *source,
           GAsyncResult *result,
           gpointer      user_data)
{
  Opening *opening = user_data;
  GError *error = NULL;
  g_autoptr(OtStoreCase) store_case = ot_store_load_finish (OT_STORE (source), result, &error);

  if (store_case == NULL)
    {
      opening_failed (opening, error);
      g_error_free (error);
      return;
    }
  adopt_store (opening, store_case, NULL, NULL);
}

/* Counted: a store above the setting "store-summary-above" opens as a
 * summary, any other is read whole. */
static void
on_counted (GObject      *source,
            GAsyncResult *result,
            gpointer      user_data)
{
  Opening *opening = user_data;
  OtWindow *self = opening->window;
  GError *error = NULL;
  g_autoptr(OtDataset) summary = ot_store_summary_dataset_new_finish (OT_STORE (source), result, &error);
  guint above = g_settings_get_uint (self->settings, "store-summary-above");

  if (summary == NULL)
    {
      opening_failed (opening, error);
      g_error_free (error);
      return;
    }
  if (above > 0 && ot_dataset_get_n_summarised (summary, NULL) > above)
    adopt_store (opening, NULL, summary, NULL);
  else
    ot_store_load_async (opening->store, opening->cancellable, on_loaded, opening);
}

static void
on_connected (GObject      *source,
              GAsyncResult *result,
              gpointer      user_data)
{
  Opening *opening = user_data;
  GError *error = NULL;

  opening->store = ot_store_connect_finish (result, &error);
  if (opening->store == NULL)
    {
      opening_failed (opening, error);
      g_error_free (error);
      return;
    }
  ot_store_summary_dataset_new_async (opening->store, opening->cancellable, on_counted, opening);
}

static void
connect_now (Opening *opening)
{
  GError *error = NULL;
  char *address = opening->password != NULL
                  ? ot_store_address_set (opening->address, "password", opening->password, &error)
                  : g_strdup (opening->address);

  if (address == NULL)
    {
      opening_failed (opening, error);
      g_error_free (error);
      return;
    }
  ot_store_connect_async (address, opening->cancellable, on_connected, opening);
  memset (address, 0, strlen (address));
  g_free (address);
}

static void
on_secret_found (GObject      *source,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  Opening *opening = user_data;
  g_autoptr(GError) error = NULL;

  opening->password = ot_store_secret_lookup_finish (result, &error);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    {
      opening_failed (opening, error);
      return;
    }
  /* No keyring on this desktop: libpq's own ways (~/.pgpass) remain. */
  if (error != NULL)
    g_debug ("No password from the keyring: %s", error->message);
  connect_now (opening);
}

static void
start_opening (OtWindow      *self,
               const char    *address,
               const char    *password,
               gboolean       remember,
               OtStoreDialog *dialog)
{
  Opening *opening = g_new0 (Opening, 1);
  g_autofree char *in_address = ot_store_address_get (address, "password");

  if (self->store_cancellable != NULL)
    g_cancellable_cancel (self->store_cancellable);
  g_set_object (&self->store_cancellable, NULL);
  self->store_cancellable = g_cancellable_new ();
  opening->window = g_object_ref (self);
  opening->address = g_strdup (address);
  opening->password = g_strdup (password);
  opening->typed = password != NULL;
  opening->remember = remember;
  opening->dialog = dialog != NULL ? g_object_ref (dialog) : NULL;
  opening->cancellable = g_object_ref (self->store_cancellable);
  self->n_store_busy++;
  if (dialog != NULL)
    ot_store_dialog_set_busy (dialog, TRUE);
  if (password == NULL && in_address == NULL)
    ot_store_secret_lookup_async (address, opening->cancellable, on_secret_found, opening);
  else
    connect_now (opening);
}

void
ot_window_open_store (OtWindow   *self,
                      const char *address)
{
  g_return_if_fail (address != NULL);

  start_opening (self, address, NULL, FALSE, NULL);
}

/* The connection dialog ------------------------------------------------------------------ */

static void
on_dialog_connect (OtWindow      *self,
                   OtStoreDialog *dialog)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *address = ot_store_dialog_dup_address (dialog, &error);
  g_autofree char *message = NULL;

  if (address == NULL)
    {
      message = g_strdup_printf (_("Cannot open the store: %s"), error->message);
      ot_store_dialog_set_error (dialog, message);
      return;
    }
  start_opening (self, address, ot_store_dialog_get_password (dialog), ot_store_dialog_get_remember (dialog),
                 dialog);
}

static void
on_dialog_destroyed (OtWindow *self)
{
  self->store_dialog = NULL;
}

static void
show_dialog (OtWindow   *self,
             const char *address,
             const char *error)
{
  g_auto(GStrv) recent = g_settings_get_strv (self->settings, "recent-stores");
  OtStoreDialog *dialog;

  if (self->store_dialog != NULL)
    gtk_window_destroy (self->store_dialog);
  dialog = ot_store_dialog_new (GTK_WINDOW (self), (const char *const *) recent);
  if (address != NULL)
    ot_store_dialog_set_address (dialog, address);
  ot_store_dialog_set_error (dialog, error);
  g_signal_connect_object (dialog, "connect", G_CALLBACK (on_dialog_connect), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (dialog, "destroy", G_CALLBACK (on_dialog_destroyed), self, G_CONNECT_SWAPPED);
  self->store_dialog = GTK_WINDOW (dialog);
  gtk_window_present (GTK_WINDOW (dialog));
}

static void
open_store_dialog_action (GtkWidget  *widget,
                          const char *action_name,
                          GVariant   *parameter)
{
  show_dialog ((OtWindow *) widget, NULL, NULL);
}

static void
open_store_action (GtkWidget  *widget,
                   const char *action_name,
                   GVariant   *parameter)
{
  ot_window_open_store ((OtWindow *) widget, g_variant_get_string (parameter, NULL));
}

/* Changes by others ------------------------------------------------------------------------ */

/* "alice edited CMI-2024-0007", or how many incidents. */
static char *
describe_notices (GPtrArray *notices,
                  guint      n_incidents)
{
  OtStoreNotice *first = notices->len > 0 ? g_ptr_array_index (notices, 0) : NULL;
  gboolean one_who = TRUE;

  if (first == NULL)
    return NULL;
  for (guint i = 1; i < notices->len; i++)
    one_who = one_who && g_strcmp0 (((OtStoreNotice *) g_ptr_array_index (notices, i))->who, first->who) == 0;
  if (notices->len == 1 && first->key != NULL)
    {
      if (g_strcmp0 (first->action, "insert") == 0)
        /* TRANSLATORS: a quiet note: "alice added CMI-2024-0007" */
        return g_strdup_printf (_("%s added %s"), first->who, first->key);
      if (g_strcmp0 (first->action, "delete") == 0)
        /* TRANSLATORS: a quiet note: "alice deleted CMI-2024-0007" */
        return g_strdup_printf (_("%s deleted %s"), first->who, first->key);
      /* TRANSLATORS: a quiet note: "alice edited CMI-2024-0007" */
      return g_strdup_printf (_("%s edited %s"), first->who, first->key);
    }
  if (one_who)
    /* TRANSLATORS: a quiet note: "alice changed 3 incidents" */
    return g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%s changed %'u incident", "%s changed %'u incidents",
                                         n_incidents), first->who, n_incidents);
  return g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "Others changed %'u incident",
                                       "Others changed %'u incidents", n_incidents), n_incidents);
}

typedef struct {
  OtWindow  *window;
  OtStore   *store;
  char     **ids;
  GPtrArray *notices;
} Refresh;

static void
refresh_free (Refresh *refresh)
{
  g_object_unref (refresh->window);
  g_object_unref (refresh->store);
  g_strfreev (refresh->ids);
  g_ptr_array_unref (refresh->notices);
  g_free (refresh);
}

static void
on_refreshed (GObject      *source,
              GAsyncResult *result,
              gpointer      user_data)
{
  Refresh *refresh = user_data;
  OtWindow *self = refresh->window;
  g_autoptr(GError) error = NULL;
  g_autoptr(OtStoreCase) store_case = ot_store_read_incidents_finish (OT_STORE (source), result, &error);
  g_autofree char *text = NULL;
  guint changed = 0;

  self->n_store_busy--;
  if (self->store != refresh->store || self->document != self->store_document)
    {
      refresh_free (refresh);
      return;
    }
  if (store_case == NULL)
    {
      /* Not lost: the ids go back, read with the next change or once
       * reconnected. */
      for (guint i = 0; refresh->ids[i] != NULL; i++)
        g_hash_table_add (self->store_pending, g_strdup (refresh->ids[i]));
      g_debug ("The store's changes were not read: %s", error->message);
      refresh_free (refresh);
      return;
    }
  begin_apply (self);
  for (guint i = 0; refresh->ids[i] != NULL; i++)
    {
      const char *id = refresh->ids[i];
      gint found = ot_dataset_find (store_case->dataset, id);
      gint64 version = found >= 0 ? g_array_index (store_case->versions, gint64, found) : 0;

      if (found >= 0 && version <= version_of (self, id) &&
          ot_dataset_find (ot_document_get_dataset (self->document), id) >= 0)
        continue;   /* this window's own edit, or read already */
      if (found < 0 && ot_dataset_find (ot_document_get_dataset (self->document), id) < 0)
        continue;
      put_incident (self, id, found >= 0 ? ot_dataset_get_incident (store_case->dataset, found) : NULL, version);
      changed++;
    }
  end_apply (self);
  self->store_last_change = MAX (self->store_last_change, store_case->last_change);
  if (changed > 0)
    {
      text = describe_notices (refresh->notices, changed);
      if (text != NULL)
        toast (self, text);
    }
  refresh_free (refresh);
}

static gboolean
refresh_now (gpointer data)
{
  OtWindow *self = data;
  Refresh *refresh;
  GHashTableIter iter;
  gpointer id;
  g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();

  self->store_refresh_source = 0;
  if (self->store == NULL || self->store_pending == NULL || g_hash_table_size (self->store_pending) == 0)
    return G_SOURCE_REMOVE;
  refresh = g_new0 (Refresh, 1);
  refresh->window = g_object_ref (self);
  refresh->store = g_object_ref (self->store);
  g_hash_table_iter_init (&iter, self->store_pending);
  while (g_hash_table_iter_next (&iter, &id, NULL))
    g_strv_builder_add (builder, id);
  g_hash_table_remove_all (self->store_pending);
  refresh->ids = g_strv_builder_end (builder);
  refresh->notices = g_steal_pointer (&self->store_notices);
  self->store_notices = g_ptr_array_new_with_free_func ((GDestroyNotify) ot_store_notice_free);
  self->n_store_busy++;
  ot_store_read_incidents_async (self->store, (const char *const *) refresh->ids,
                                 g_strv_length (refresh->ids), self->store_cancellable, on_refreshed, refresh);
  return G_SOURCE_REMOVE;
}

static void
schedule_refresh (OtWindow *self)
{
  /* The timeout holds the window: one that fires after the window was
   * closed finds no store and does nothing. */
  if (self->store_refresh_source == 0)
    self->store_refresh_source = g_timeout_add_full (G_PRIORITY_DEFAULT, REFRESH_DELAY_MS, refresh_now,
                                                     g_object_ref (self), g_object_unref);
}

static void reload_case (OtWindow *self);

/* The summary's cells counted again: its totals (sidebar, timeline,
 * captions) become the store's now, and the chart is drawn again with
 * them; if they cannot be counted, the chart alone is. */
static void
on_summary_recounted (GObject      *source,
                      GAsyncResult *result,
                      gpointer      user_data)
{
  g_autoptr(OtWindow) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(OtDataset) version = ot_store_summary_recount_finish (OT_STORE_SUMMARY (source), result, &error);

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED) || !self->store_summary)
    return;
  if (version == NULL)
    g_message ("The summary's totals were not counted again: %s", error->message);
  if (version == NULL || self->document == NULL || !ot_document_recount_summary (self->document, version))
    ot_frame_source_request (self->frames, OT_FRAME_CHANGE_INPUTS);
}

/* A summary follows others' changes by asking its server again: what it
 * kept is forgotten, its totals are counted again, and the chart is
 * updated (positions kept). */
static gboolean
summary_refresh_now (gpointer data)
{
  OtWindow *self = data;
  OtDataset *dataset = ot_workspace_get_dataset (self->workspace);
  GObject *summary = dataset != NULL ? ot_dataset_get_summary (dataset, NULL) : NULL;
  g_autofree char *text = NULL;
  g_autoptr(GHashTable) keys = g_hash_table_new (g_str_hash, g_str_equal);

  self->store_refresh_source = 0;
  if (!self->store_summary || !OT_IS_STORE_SUMMARY (summary))
    return G_SOURCE_REMOVE;
  ot_store_summary_forget (OT_STORE_SUMMARY (summary));
  ot_store_summary_recount_async (OT_STORE_SUMMARY (summary), dataset, self->store_cancellable,
                                  on_summary_recounted, g_object_ref (self));
  for (guint i = 0; i < self->store_notices->len; i++)
    {
      OtStoreNotice *notice = g_ptr_array_index (self->store_notices, i);

      if (notice->key != NULL)
        g_hash_table_add (keys, notice->key);
    }
  if (g_hash_table_size (keys) > 0 && (text = describe_notices (self->store_notices, g_hash_table_size (keys))))
    toast (self, text);
  g_ptr_array_set_size (self->store_notices, 0);
  return G_SOURCE_REMOVE;
}

static void
schedule_summary_refresh (OtWindow *self)
{
  if (self->store_refresh_source == 0)
    self->store_refresh_source = g_timeout_add_full (G_PRIORITY_DEFAULT, REFRESH_DELAY_MS, summary_refresh_now,
                                                     g_object_ref (self), g_object_unref);
}

static void
on_changed (OtWindow      *self,
            OtStoreNotice *notice,
            OtStore       *store)
{
  self->store_last_change = MAX (self->store_last_change, notice->change);
  if (notice->own)
    return;
  if (self->store_summary)
    {
      if (g_strcmp0 (notice->table, "incidents") == 0 || g_strcmp0 (notice->action, "upload") == 0)
        {
          g_ptr_array_add (self->store_notices, ot_store_notice_copy (notice));
          schedule_summary_refresh (self);
        }
      return;
    }
  if (g_strcmp0 (notice->action, "upload") == 0)
    {
      reload_case (self);
      return;
    }
  if (g_strcmp0 (notice->table, "incidents") != 0 || notice->key == NULL)
    return;
  g_hash_table_add (self->store_pending, g_strdup (notice->key));
  g_ptr_array_add (self->store_notices, ot_store_notice_copy (notice));
  schedule_refresh (self);
}

static void
on_online (OtWindow   *self,
           GParamSpec *pspec,
           OtStore    *store)
{
  update_state (self);
}

/* Back after a lost connection: what the log holds since the last change
 * heard is read again. */
static void
on_missed (GObject      *source,
           GAsyncResult *result,
           gpointer      user_data)
{
  g_autoptr(OtWindow) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) changes = ot_store_changes_finish (OT_STORE (source), result, &error);

  self->n_store_busy--;
  if (changes == NULL || self->store != OT_STORE (source))
    {
      if (changes == NULL)
        g_debug ("The changes missed were not read: %s", error->message);
      return;
    }
  for (guint i = 0; i < changes->len; i++)
    {
      OtStoreChange *change = g_ptr_array_index (changes, i);
      OtStoreNotice notice = { change->change, change->who, change->action, change->table, change->key,
                               change->version, FALSE };

      if (g_strcmp0 (change->action, "upload") == 0)
        {
          reload_case (self);
          return;
        }
      if (g_strcmp0 (change->table, "incidents") == 0 && change->key != NULL)
        {
          g_hash_table_add (self->store_pending, g_strdup (change->key));
          g_ptr_array_add (self->store_notices, ot_store_notice_copy (&notice));
        }
    }
  if (g_hash_table_size (self->store_pending) > 0)
    refresh_now (self);
}

static void
on_reconnected (OtWindow *self,
                OtStore  *store)
{
  /* A summary reads no log: its sums are asked again. */
  if (self->store_summary)
    {
      schedule_summary_refresh (self);
      update_state (self);
      return;
    }
  self->n_store_busy++;
  ot_store_changes_async (store, NULL, self->store_last_change, self->store_cancellable, on_missed,
                          g_object_ref (self));
  update_state (self);
}

/* An upload replaced the whole case: read it again. */
static void
on_reloaded (GObject      *source,
             GAsyncResult *result,
             gpointer      user_data)
{
  g_autoptr(OtWindow) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(OtStoreCase) store_case = ot_store_load_finish (OT_STORE (source), result, &error);
  guint n;

  self->n_store_busy--;
  if (store_case == NULL || self->store != OT_STORE (source))
    return;
  g_hash_table_remove_all (self->store_versions);
  n = ot_dataset_get_n_incidents (store_case->dataset);
  for (guint i = 0; i < n && i < store_case->versions->len; i++)
    set_version (self, ot_dataset_get_incident (store_case->dataset, i)->id,
                 g_array_index (store_case->versions, gint64, i));
  self->store_last_change = store_case->last_change;
  ot_application_open_case (OT_APPLICATION (self->application), store_case->dataset);
  self->store_document = self->document;
  toast (self, _("The store's case was replaced: read again"));
}

static void
reload_case (OtWindow *self)
{
  self->n_store_busy++;
  ot_store_load_async (self->store, self->store_cancellable, on_reloaded, g_object_ref (self));
}

/* A document that is no store's (a file opened into an empty window):
 * the store is left. */
static void
on_document (OtWindow      *self,
             GParamSpec    *pspec,
             OtApplication *application)
{
  if (self->store != NULL && self->store_document != NULL &&
      ot_application_get_document (application) != self->store_document)
    {
      store_close (self);
      update_state (self);
      ot_window_update_title (self);
    }
}

/* Edits ------------------------------------------------------------------------------------- */

typedef struct {
  OtWindow    *window;
  OtStore     *store;
  OtStoreEditKind kind;
  char        *id;           /* the stored incident's (replace, delete) or the new one's */
  OtDataset   *mine;         /* the new record (add, replace); NULL for deletes */
  GPtrArray   *deleted;      /* ids (deletes) */
} Saving;

static void
saving_free (Saving *saving)
{
  g_object_unref (saving->window);
  g_object_unref (saving->store);
  g_free (saving->id);
  g_clear_object (&saving->mine);
  g_clear_pointer (&saving->deleted, g_ptr_array_unref);
  g_free (saving);
}

static void send_edits (Saving *saving, gint64 base_version);
static void show_conflict (OtWindow *self, Saving *saving, OtStoreConflict *conflict);

static void
on_edits_applied (GObject      *source,
                  GAsyncResult *result,
                  gpointer      user_data)
{
  Saving *saving = user_data;
  OtWindow *self = saving->window;
  g_autoptr(GError) error = NULL;
  g_autoptr(GArray) versions = NULL;
  g_autoptr(GPtrArray) conflicts = NULL;
  g_autofree char *text = NULL;

  self->n_store_busy--;
  if (!ot_store_apply_edits_finish (OT_STORE (source), result, &versions, &conflicts, &error))
    {
      if (g_error_matches (error, OT_STORE_ERROR, OT_STORE_ERROR_CONFLICT) && conflicts != NULL &&
          conflicts->len > 0 && self->store == saving->store)
        {
          show_conflict (self, saving, g_ptr_array_index (conflicts, 0));
          return;
        }
      /* TRANSLATORS: %s: why (the server's refusal, a lost connection) */
      text = g_strdup_printf (_("Not saved: %s"), error->message);
      toast (self, text);
      saving_free (saving);
      return;
    }
  if (self->store != saving->store || self->document != self->store_document)
    {
      saving_free (saving);
      return;
    }
  begin_apply (self);
  if (saving->kind == OT_STORE_EDIT_DELETE)
    {
      for (guint i = 0; i < saving->deleted->len; i++)
        put_incident (self, saving->deleted->pdata[i], NULL, 0);
      text = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%'u incident deleted in the store",
                                           "%'u incidents deleted in the store", saving->deleted->len),
                              saving->deleted->len);
    }
  else
    {
      const OtIncident *incident = ot_dataset_get_incident (saving->mine, 0);
      gint64 version = versions != NULL && versions->len > 0 ? g_array_index (versions, gint64, 0) : 0;

      put_incident (self, saving->id, incident, version);
      /* TRANSLATORS: %s: an incident's id */
      text = g_strdup_printf (saving->kind == OT_STORE_EDIT_ADD ? _("Incident “%s” added to the store")
                                                                : _("Incident “%s” saved in the store"),
                              incident->id);
    }
  end_apply (self);
  toast (self, text);
  saving_free (saving);
}

static void
send_edits (Saving *saving,
            gint64  base_version)
{
  OtWindow *self = saving->window;
  g_autoptr(GArray) edits = g_array_new (FALSE, TRUE, sizeof (OtStoreEdit));
  g_autofree char *label = NULL;

  if (saving->kind == OT_STORE_EDIT_DELETE)
    {
      for (guint i = 0; i < saving->deleted->len; i++)
        {
          OtStoreEdit edit = { OT_STORE_EDIT_DELETE, saving->deleted->pdata[i],
                               version_of (self, saving->deleted->pdata[i]), NULL };

          g_array_append_val (edits, edit);
        }
      /* The audit log's labels are the team's shared record: in English,
       * as the core writes them ("Edit of CMI-2024-0007"). */
      label = g_strdup_printf (saving->deleted->len == 1 ? "Deletion of %u incident" : "Deletion of %u incidents",
                               saving->deleted->len);
    }
  else
    {
      OtStoreEdit edit = { saving->kind, saving->id, base_version, ot_dataset_get_incident (saving->mine, 0) };

      g_array_append_val (edits, edit);
      label = g_strdup_printf (saving->kind == OT_STORE_EDIT_ADD ? "Addition of %s" : "Edit of %s", saving->id);
    }
  self->n_store_busy++;
  ot_store_apply_edits_async (saving->store, (const OtStoreEdit *) (void *) edits->data, edits->len, label,
                              NULL, on_edits_applied, saving);
}

static Saving *
saving_new (OtWindow *self)
{
  Saving *saving = g_new0 (Saving, 1);

  saving->window = g_object_ref (self);
  saving->store = g_object_ref (self->store);
  return saving;
}

void
ot_window_store_save (OtWindow         *self,
                      OtDataset        *dataset,
                      const OtIncident *incident,
                      gint              index)
{
  Saving *saving;
  OtIncident copy;

  g_return_if_fail (self->store != NULL);

  saving = saving_new (self);
  saving->kind = index < 0 ? OT_STORE_EDIT_ADD : OT_STORE_EDIT_REPLACE;
  saving->id = g_strdup (index < 0 ? incident->id : ot_dataset_get_incident (dataset, (guint) index)->id);
  saving->mine = ot_dataset_new ();
  ot_dataset_copy_incident (saving->mine, incident, &copy);
  ot_dataset_add (saving->mine, &copy);
  send_edits (saving, version_of (self, saving->id));
}

void
ot_window_store_delete (OtWindow  *self,
                        OtDataset *dataset,
                        GArray    *indices)
{
  Saving *saving;

  g_return_if_fail (self->store != NULL);

  saving = saving_new (self);
  saving->kind = OT_STORE_EDIT_DELETE;
  saving->deleted = g_ptr_array_new_with_free_func (g_free);
  for (guint i = 0; i < indices->len; i++)
    g_ptr_array_add (saving->deleted,
                     g_strdup (ot_dataset_get_incident (dataset, g_array_index (indices, guint, i))->id));
  send_edits (saving, 0);
}

/* A conflict: both versions ---------------------------------------------------------------- */

typedef struct {
  OtWindow *window;
  OtStore  *store;
  gboolean  answered;   /* (closing the dialog answers again: ignored) */
  Saving  *saving;
  char    *id;
  gint64   current_version;
  OtDataset *theirs;
} ConflictChoice;

static void
conflict_choice_free (ConflictChoice *choice)
{
  g_object_unref (choice->window);
  g_object_unref (choice->store);
  if (choice->saving != NULL)
    saving_free (choice->saving);
  g_free (choice->id);
  g_clear_object (&choice->theirs);
  g_free (choice);
}

static void
on_conflict_response (AdwMessageDialog *dialog,
                      const char       *response,
                      ConflictChoice   *choice)
{
  OtWindow *self = choice->window;

  if (choice->answered || self->store != choice->store)
    return;
  choice->answered = TRUE;
  if (g_strcmp0 (response, "mine") == 0)
    {
      Saving *saving = g_steal_pointer (&choice->saving);

      if (choice->current_version == 0 && saving->kind == OT_STORE_EDIT_REPLACE)
        saving->kind = OT_STORE_EDIT_ADD;   /* deleted meanwhile: added again */
      if (saving->kind != OT_STORE_EDIT_DELETE)
        send_edits (saving, choice->current_version);
      else
        {
          set_version (self, choice->id, choice->current_version);
          send_edits (saving, 0);
        }
      return;
    }
  /* Theirs: the store's version goes into the case. */
  begin_apply (self);
  put_incident (self, choice->id,
                choice->theirs != NULL ? ot_dataset_get_incident (choice->theirs, 0) : NULL,
                choice->current_version);
  end_apply (self);
}

/* Field by field, where the two differ: "Status: seized · convicted". */
static GtkWidget *
conflict_grid (const OtIncident *mine,
               const OtIncident *theirs)
{
  GtkWidget *grid = gtk_grid_new ();
  guint row = 1;

  gtk_grid_set_column_spacing (GTK_GRID (grid), 12);
  gtk_grid_set_row_spacing (GTK_GRID (grid), 4);
  for (guint c = 0; c < 3; c++)
    {
      const char *heads[] = { N_("Field"), N_("Yours"), N_("Theirs") };
      GtkWidget *label = gtk_label_new (_(heads[c]));

      gtk_label_set_xalign (GTK_LABEL (label), 0);
      gtk_widget_add_css_class (label, "heading");
      gtk_grid_attach (GTK_GRID (grid), label, (int) c, 0, 1, 1);
    }
  for (OtColumn column = 0; column < OT_N_COLUMNS; column++)
    {
      g_autofree char *a = mine != NULL ? ot_writer_column_text (mine, column) : NULL;
      g_autofree char *b = theirs != NULL ? ot_writer_column_text (theirs, column) : NULL;
      const char *texts[3];

      if (g_strcmp0 (a, b) == 0)
        continue;
      texts[0] = ot_column_name (column);
      texts[1] = a != NULL ? a : mine != NULL ? "—" : _("(deleted)");
      texts[2] = b != NULL ? b : theirs != NULL ? "—" : _("(deleted)");
      for (guint c = 0; c < 3; c++)
        {
          GtkWidget *label = gtk_label_new (texts[c]);

          gtk_label_set_xalign (GTK_LABEL (label), 0);
          gtk_label_set_wrap (GTK_LABEL (label), TRUE);
          gtk_label_set_wrap_mode (GTK_LABEL (label), PANGO_WRAP_WORD_CHAR);
          gtk_label_set_max_width_chars (GTK_LABEL (label), 28);
          gtk_label_set_selectable (GTK_LABEL (label), TRUE);
          if (c == 0)
            gtk_widget_add_css_class (label, "dim-label");
          gtk_grid_attach (GTK_GRID (grid), label, (int) c, (int) row, 1, 1);
        }
      row++;
    }
  return grid;
}

static void
show_conflict (OtWindow        *self,
               Saving          *saving,
               OtStoreConflict *conflict)
{
  ConflictChoice *choice = g_new0 (ConflictChoice, 1);
  const OtIncident *mine = conflict->mine != NULL ? ot_dataset_get_incident (conflict->mine, 0) : NULL;
  const OtIncident *theirs = conflict->theirs != NULL && ot_dataset_get_n_incidents (conflict->theirs) > 0
                             ? ot_dataset_get_incident (conflict->theirs, 0) : NULL;
  g_autofree char *body = NULL;
  GtkWidget *dialog;

  choice->window = g_object_ref (self);
  choice->store = g_object_ref (saving->store);
  choice->saving = saving;
  choice->id = g_strdup (conflict->id);
  choice->current_version = conflict->current_version;
  choice->theirs = theirs != NULL ? g_object_ref (conflict->theirs) : NULL;
  dialog = adw_message_dialog_new (GTK_WINDOW (self), NULL, NULL);
  /* TRANSLATORS: %s: an incident's id */
  adw_message_dialog_format_heading (ADW_MESSAGE_DIALOG (dialog), _("“%s” Was Changed Meanwhile"), conflict->id);
  if (conflict->current_version == 0)
    /* TRANSLATORS: %s: an incident's id */
    body = g_strdup_printf (_("Someone deleted “%s” in the store while you edited it. Nothing of your edit was "
                              "saved."), conflict->id);
  else
    {
      g_autofree char *their_version = g_strdup_printf ("%" G_GINT64_FORMAT, conflict->current_version);
      g_autofree char *my_version = g_strdup_printf ("%" G_GINT64_FORMAT, conflict->base_version);

      /* TRANSLATORS: "alice saved version 3 at 2026-12-07T17:40:02Z while
       * you edited version 2. …": who, their version, when, yours */
      body = g_strdup_printf (_("%s saved version %s at %s while you edited version %s. Nothing of your edit "
                                "was saved."),
                              conflict->modified_by != NULL ? conflict->modified_by : "?", their_version,
                              conflict->modified_at != NULL ? conflict->modified_at : "?", my_version);
    }
  adw_message_dialog_set_body (ADW_MESSAGE_DIALOG (dialog), body);
  if (mine != NULL || theirs != NULL)
    adw_message_dialog_set_extra_child (ADW_MESSAGE_DIALOG (dialog), conflict_grid (mine, theirs));
  adw_message_dialog_add_responses (ADW_MESSAGE_DIALOG (dialog),
                                    "theirs", _("Keep _Theirs"),
                                    "mine", saving->kind == OT_STORE_EDIT_DELETE ? _("_Delete Anyway")
                                                                                 : _("_Reapply Mine"),
                                    NULL);
  adw_message_dialog_set_close_response (ADW_MESSAGE_DIALOG (dialog), "theirs");
  adw_message_dialog_set_default_response (ADW_MESSAGE_DIALOG (dialog), "theirs");
  /* (It holds the window: it goes with it.) */
  gtk_window_set_destroy_with_parent (GTK_WINDOW (dialog), TRUE);
  g_signal_connect_data (dialog, "response", G_CALLBACK (on_conflict_response), choice,
                         (GClosureNotify) (void (*) (void)) conflict_choice_free, 0);
  gtk_window_present (GTK_WINDOW (dialog));
}

/* Incident History… ------------------------------------------------------------------------ */

/* The incident History… is about: the details pane's, else the one row
 * selected. */
static char *
history_target (OtWindow *self)
{
  OtDataset *dataset = ot_workspace_get_dataset (self->workspace);
  g_autoptr(GArray) selected = NULL;
  gint picked = ot_details_pane_get_picked (self->details);

  if (dataset == NULL)
    return NULL;
  if (picked < 0)
    {
      selected = ot_incident_table_get_selected (self->table);
      if (selected->len == 1)
        picked = (gint) g_array_index (selected, guint, 0);
    }
  return picked >= 0 && (guint) picked < ot_dataset_get_n_incidents (dataset)
         ? g_strdup (ot_dataset_get_incident (dataset, (guint) picked)->id) : NULL;
}

/* One change as lines: "2026-12-07T17:40:02Z · alice · update → version 3
 * (Edit of CMI-2024-0007)", then the columns it changed. */
static void
append_change (GString       *out,
               OtStoreChange *change)
{
  g_autoptr(JsonNode) before = change->before ? json_from_string (change->before, NULL) : NULL;
  g_autoptr(JsonNode) after = change->after ? json_from_string (change->after, NULL) : NULL;
  JsonObject *a = before != NULL && JSON_NODE_HOLDS_OBJECT (before) ? json_node_get_object (before) : NULL;
  JsonObject *b = after != NULL && JSON_NODE_HOLDS_OBJECT (after) ? json_node_get_object (after) : NULL;
  g_autoptr(GList) members = b != NULL ? json_object_get_members (b) : a != NULL ? json_object_get_members (a) : NULL;

  g_string_append_printf (out, "%s · %s · %s", change->at, change->who, change->action);
  if (change->version > 0)
    {
      g_autofree char *number = g_strdup_printf ("%" G_GINT64_FORMAT, change->version);

      /* TRANSLATORS: "→ version 3" in a change of the audit log */
      g_string_append_printf (out, _(" → version %s"), number);
    }
  if (change->label != NULL)
    g_string_append_printf (out, " (%s)", change->label);
  g_string_append_c (out, '\n');
  if (a == NULL || b == NULL)
    return;
  for (GList *l = members; l != NULL; l = l->next)
    {
      const char *name = l->data;
      JsonNode *x = json_object_get_member (a, name);
      JsonNode *y = json_object_get_member (b, name);
      g_autofree char *xs = x != NULL ? json_to_string (x, FALSE) : g_strdup ("—");
      g_autofree char *ys = y != NULL ? json_to_string (y, FALSE) : g_strdup ("—");

      /* (The row's bookkeeping and where it was read from, a file's
       * number: not what the analyst changed.) */
      if (g_str_equal (name, "version") || g_str_equal (name, "modified_by") || g_str_equal (name, "modified_at") ||
          g_str_equal (name, "row_id") || g_str_equal (name, "file") || g_str_equal (name, "line") ||
          g_str_equal (xs, ys))
        continue;
      g_string_append_printf (out, "    %s: %s → %s\n", name, xs, ys);
    }
}

static void
on_history (GObject      *source,
            GAsyncResult *result,
            gpointer      user_data)
{
  g_autoptr(OtWindow) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) changes = ot_store_changes_finish (OT_STORE (source), result, &error);
  g_autoptr(GString) text = g_string_new (NULL);
  g_autofree char *id = g_steal_pointer (&self->store_history_id);
  GtkWidget *dialog, *scrolled, *label;
  g_autofree char *message = NULL;

  self->n_store_busy--;
  if (changes == NULL)
    {
      message = g_strdup_printf (_("The history was not read: %s"), error->message);
      toast (self, message);
      return;
    }
  for (guint i = 0; i < changes->len; i++)
    append_change (text, g_ptr_array_index (changes, i));
  if (changes->len == 0)
    g_string_append (text, _("No change recorded"));
  dialog = adw_message_dialog_new (GTK_WINDOW (self), NULL, NULL);
  /* TRANSLATORS: %s: an incident's id */
  adw_message_dialog_format_heading (ADW_MESSAGE_DIALOG (dialog), _("History of “%s”"), id);
  adw_message_dialog_format_body (ADW_MESSAGE_DIALOG (dialog),
                                  g_dngettext (GETTEXT_PACKAGE, "%'u change in the store's audit log, oldest first",
                                               "%'u changes in the store's audit log, oldest first", changes->len),
                                  changes->len);
  label = gtk_label_new (text->str);
  gtk_label_set_xalign (GTK_LABEL (label), 0);
  gtk_label_set_yalign (GTK_LABEL (label), 0);
  gtk_label_set_selectable (GTK_LABEL (label), TRUE);
  gtk_label_set_wrap (GTK_LABEL (label), TRUE);
  gtk_label_set_wrap_mode (GTK_LABEL (label), PANGO_WRAP_WORD_CHAR);
  gtk_widget_add_css_class (label, "monospace");
  scrolled = gtk_scrolled_window_new ();
  gtk_scrolled_window_set_child (GTK_SCROLLED_WINDOW (scrolled), label);
  gtk_scrolled_window_set_propagate_natural_height (GTK_SCROLLED_WINDOW (scrolled), TRUE);
  gtk_scrolled_window_set_max_content_height (GTK_SCROLLED_WINDOW (scrolled), 360);
  gtk_scrolled_window_set_policy (GTK_SCROLLED_WINDOW (scrolled), GTK_POLICY_NEVER, GTK_POLICY_AUTOMATIC);
  adw_message_dialog_set_extra_child (ADW_MESSAGE_DIALOG (dialog), scrolled);
  adw_message_dialog_add_response (ADW_MESSAGE_DIALOG (dialog), "close", _("_Close"));
  gtk_window_set_default_size (GTK_WINDOW (dialog), 640, -1);
  gtk_window_set_destroy_with_parent (GTK_WINDOW (dialog), TRUE);
  gtk_window_present (GTK_WINDOW (dialog));
}

static void
incident_history_action (GtkWidget  *widget,
                         const char *action_name,
                         GVariant   *parameter)
{
  OtWindow *self = (OtWindow *) widget;
  g_autofree char *id = NULL;
  g_autoptr(GTask) task = NULL;

  if (self->store == NULL)
    return;
  id = parameter != NULL && *g_variant_get_string (parameter, NULL) != '\0'
       ? g_strdup (g_variant_get_string (parameter, NULL)) : history_target (self);
  if (id == NULL)
    {
      toast (self, _("Pick an incident first: its history is the store's"));
      return;
    }
  g_free (self->store_history_id);
  self->store_history_id = g_strdup (id);
  self->n_store_busy++;
  ot_store_changes_async (self->store, id, 0, self->store_cancellable, on_history, g_object_ref (self));
}

/* Setting up -------------------------------------------------------------------------------- */

gboolean
ot_window_store_is_busy (OtWindow *self)
{
  return self->n_store_busy > 0 || self->store_refresh_source != 0 ||
         (self->store_pending != NULL && g_hash_table_size (self->store_pending) > 0);
}

/* The incidents behind a mark of a summary ------------------------------------------- */

/* At most this many incidents of a flow or place are read: a case the
 * window holds at ease. */
#define PART_MAX 10000

typedef struct {
  Opening *opening;
  char    *part;
} Part;

/* The selected mark of a summary's chart: a flow (@from → @to) or a
 * place (@place).  FALSE when none is selected or it is no network mark. */
static gboolean
selected_mark (OtWindow   *self,
               OtCountry  *from,
               OtCountry  *to,
               OtCountry  *place,
               char      **what)
{
  const OtSelection *selection = ot_workspace_get_selection (self->workspace);
  OtNetwork *network = self->frames != NULL ? ot_frame_source_get_network (self->frames) : NULL;
  OtViewKind view = ot_workspace_get_view (self->workspace);
  OtHitKind kind;
  guint id;

  if (!self->store_summary || network == NULL || !ot_network_is_summarised (network) ||
      selection == NULL || !ot_selection_get_mark (selection, &kind, &id) ||
      !(ot_view_kind_get_capabilities (view) & OT_VIEW_CAP_NETWORK_MARKS))
    return FALSE;
  if (kind == OT_HIT_NODE && id < ot_network_get_n_vertices (network))
    {
      const OtVertex *v = ot_network_get_vertex (network, id);

      *place = v->country;
      memset (from, 0, sizeof *from);
      if (what != NULL)
        /* TRANSLATORS: %s: a country ("incidents touching China") */
        *what = g_strdup_printf (_("touching %s"), v->label);
      return OT_COUNTRY_IS_SET (*place);
    }
  if ((kind == OT_HIT_EDGE || kind == OT_HIT_BAND) && id < ot_network_get_n_edges (network))
    {
      const OtEdge *e = ot_network_get_edge (network, id);
      const OtVertex *a = ot_network_get_vertex (network, e->from);
      const OtVertex *b = ot_network_get_vertex (network, e->to);

      *from = a->country;
      *to = b->country;
      memset (place, 0, sizeof *place);
      if (what != NULL)
        /* TRANSLATORS: two countries ("incidents of China → Thailand") */
        *what = g_strdup_printf (_("of %s → %s"), a->label, b->label);
      return TRUE;
    }
  return FALSE;
}

static void
update_part_action (OtWindow *self)
{
  OtCountry from, to, place;

  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.open-mark-incidents",
                                 self->store != NULL && selected_mark (self, &from, &to, &place, NULL));
}

static void
on_part_read (GObject      *source,
              GAsyncResult *result,
              gpointer      user_data)
{
  Part *part = user_data;
  GError *error = NULL;
  g_autoptr(OtStoreCase) store_case = ot_store_read_part_finish (OT_STORE (source), result, &error);

  if (store_case == NULL)
    {
      /* The summary stays; only the read failed (the store's dialog is for
       * connecting). */
      OtWindow *self = part->opening->window;

      self->n_store_busy--;
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        {
          /* TRANSLATORS: %s: why */
          g_autofree char *text = g_strdup_printf (_("These incidents were not read: %s"), error->message);

          toast (self, text);
        }
      opening_free (part->opening);
    }
  else
    {
      guint n = ot_dataset_get_n_incidents (store_case->dataset);
      /* TRANSLATORS: %'u: how many; %s: which ("of China → Thailand",
       * "touching China"); under the summary's filter */
      g_autofree char *what = n >= PART_MAX
                              ? g_strdup_printf (_("the first %'u incidents %s"), n, part->part)
                              : g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "the %'u incident %s",
                                                              "the %'u incidents %s", n), n, part->part);

      adopt_store (part->opening, store_case, NULL, what);
    }
  g_clear_error (&error);
  g_free (part->part);
  g_free (part);
}

/* Open These Incidents: the incidents behind the selected flow or place
 * of a summary, under its filter, read from the server as a part of the
 * store's case (editable as the store's case is). */
static void
open_mark_incidents_action (GtkWidget  *widget,
                            const char *action_name,
                            GVariant   *parameter)
{
  OtWindow *self = (OtWindow *) widget;
  g_autoptr(OtFilter) filter = NULL;
  OtCountry from, to, place;
  Part *part;
  char *what = NULL;

  if (self->store == NULL || !selected_mark (self, &from, &to, &place, &what))
    return;
  filter = ot_workspace_dup_effective_filter (self->workspace);
  part = g_new0 (Part, 1);
  part->part = what;
  part->opening = g_new0 (Opening, 1);
  part->opening->window = g_object_ref (self);
  part->opening->address = g_strdup (self->store_address);
  part->opening->store = g_object_ref (self->store);
  part->opening->cancellable = g_object_ref (self->store_cancellable);
  self->n_store_busy++;
  ot_store_read_part_async (self->store, filter, OT_COUNTRY_IS_SET (from) ? &from : NULL,
                            OT_COUNTRY_IS_SET (from) ? &to : NULL, OT_COUNTRY_IS_SET (from) ? NULL : &place,
                            PART_MAX, self->store_cancellable, on_part_read, part);
}

static void
on_selection (OtWindow    *self,
              GParamSpec  *pspec,
              OtWorkspace *workspace)
{
  update_part_action (self);
}

void
ot_window_store_class_init (GtkWidgetClass *widget_class)
{
  gtk_widget_class_install_action (widget_class, "win.open-mark-incidents", NULL, open_mark_incidents_action);
  gtk_widget_class_install_action (widget_class, "win.open-store", "s", open_store_action);
  gtk_widget_class_install_action (widget_class, "win.open-store-dialog", NULL, open_store_dialog_action);
  gtk_widget_class_install_action (widget_class, "win.incident-history", "s", incident_history_action);
  gtk_widget_class_bind_template_child (widget_class, OtWindow, store_banner);
  gtk_widget_class_bind_template_child (widget_class, OtWindow, store_banner_label);
}

void
ot_window_store_follow (OtWindow      *self,
                        OtApplication *application)
{
  g_signal_connect_object (application, "notify::document", G_CALLBACK (on_document), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->workspace, "notify::selection", G_CALLBACK (on_selection), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->workspace, "notify::view", G_CALLBACK (on_selection), self, G_CONNECT_SWAPPED);
  update_state (self);
}

void
ot_window_store_dispose (OtWindow *self)
{
  if (self->store_cancellable != NULL)
    g_cancellable_cancel (self->store_cancellable);
  g_clear_object (&self->store_cancellable);
  if (self->store_dialog != NULL)
    gtk_window_destroy (self->store_dialog);
  store_close (self);
  g_clear_pointer (&self->store_history_id, g_free);
}
