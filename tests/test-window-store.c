/* SPDX-License-Identifier: GPL-3.0-or-later */
/* A team store in the window (issue 21, docs/team-store.md "In the
 * window"), beside a real PostgreSQL 15 (tests/store/run-with-postgres.sh
 * gives OT_TEST_PG; without it every case skips, saying why).
 *
 * The 60 samples are uploaded into a store.  `oretrace service=NAME` opens
 * it in the window as an editor: the case is the store's, titled with its
 * name, editable, without undo.  An edit made by a second connection shows
 * in the window within a second.  An edit made in the window on a version
 * another analyst replaced meanwhile is refused: both versions shown, and
 * "Reapply Mine" saves it on the new one.  The incident's history lists
 * both edits.  A viewer opened by URL sees the read-only banner and no edit
 * action; her listening connection killed, the banner says the connection
 * is lost, and once it is back the edit made meanwhile is in her window.
 * A password typed with "Remember password" goes into a real Secret
 * Service (gnome-keyring under the test's D-Bus session) and nowhere else,
 * and is looked up from it. */
#include <libpq-fe.h>
#include <string.h>

#include "ot-incident-editor.h"
#include "ot-incident-fields.h"
#include "ot-incident-table.h"
#include "ot-incident-row.h"
#include "ot-country.h"
#include "ot-loader.h"
#include "ot-store.h"
#include "ot-store-address.h"
#include "ot-store-dialog.h"
#include "ot-store-secret.h"
#include "ot-writer.h"
#include "window-fixture.h"

#define DB "team"

static char *services;    /* a pg_service.conf of our own */

/* ---- The server ------------------------------------------------------------ */

static gboolean
skip_without_server (void)
{
  if (g_getenv ("OT_TEST_PG") != NULL)
    return FALSE;
  g_test_skip (g_getenv ("OT_TEST_PG_MISSING") ? g_getenv ("OT_TEST_PG_MISSING")
                                              : "no PostgreSQL server: run under tests/store/run-with-postgres.sh");
  return TRUE;
}

static char *
address_as (const char *user)
{
  return g_strdup_printf ("host='%s' dbname=" DB " user=%s", g_getenv ("OT_TEST_PG_DIR"), user);
}

static PGconn *
admin (void)
{
  g_autofree char *address = address_as ("postgres");
  PGconn *conn = PQconnectdb (address);

  g_assert_cmpint (PQstatus (conn), ==, CONNECTION_OK);
  return conn;
}

static void
admin_run (PGconn     *conn,
           const char *sql)
{
  PGresult *result = PQexec (conn, sql);

  if (PQresultStatus (result) != PGRES_COMMAND_OK && PQresultStatus (result) != PGRES_TUPLES_OK)
    g_error ("%s: %s", sql, PQresultErrorMessage (result));
  PQclear (result);
}

static OtStore *
connect_as (const char *user)
{
  g_autofree char *address = address_as (user);
  g_autoptr(GError) error = NULL;
  OtStore *store = ot_store_connect (address, NULL, &error);

  g_assert_no_error (error);
  return store;
}

/* The store: the 60 samples, editors alice and bob, viewer carol. */
static void
make_store (void)
{
  g_autofree char *postgres = g_strdup_printf ("host='%s' dbname=postgres user=postgres",
                                               g_getenv ("OT_TEST_PG_DIR"));
  g_autoptr(GFile) samples = source_file ("data/samples/incidents.csv");
  g_autoptr(OtDataset) dataset = NULL;
  g_autoptr(OtStore) owner = NULL;
  g_autoptr(GError) error = NULL;
  PGconn *conn = PQconnectdb (postgres);

  g_assert_cmpint (PQstatus (conn), ==, CONNECTION_OK);
  admin_run (conn, "DROP DATABASE IF EXISTS " DB);
  admin_run (conn, "CREATE DATABASE " DB);
  PQfinish (conn);
  owner = connect_as ("postgres");
  g_assert_true (ot_store_setup (owner, NULL, &error));
  g_assert_no_error (error);
  dataset = ot_loader_load_files (&samples, 1, NULL, NULL, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (ot_dataset_get_n_incidents (dataset), ==, 60);
  g_assert_true (ot_store_upload (owner, dataset, NULL, FALSE, NULL, &error));
  g_assert_no_error (error);
  conn = admin ();
  admin_run (conn, "DO $$ BEGIN"
                   " IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = 'alice') THEN"
                   "  CREATE ROLE alice LOGIN IN ROLE oretrace_editor; END IF;"
                   " IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = 'bob') THEN"
                   "  CREATE ROLE bob LOGIN IN ROLE oretrace_editor; END IF;"
                   " IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = 'carol') THEN"
                   "  CREATE ROLE carol LOGIN IN ROLE oretrace_viewer; END IF;"
                   " END $$");
  PQfinish (conn);
}

/* Bob, in another program, sets @column of the incident @index (of the
 * store's order) to @value; returns the incident's id. */
static char *
bob_edits (guint       index,
           OtColumn    column,
           const char *value)
{
  g_autoptr(OtStore) bob = connect_as ("bob");
  g_autoptr(GError) error = NULL;
  g_autoptr(OtStoreCase) store_case = ot_store_load (bob, NULL, &error);
  const OtIncident *incident;
  g_autoptr(OtDataset) edited = NULL;
  char *values[OT_N_COLUMNS] = { NULL };
  char *id;

  g_assert_no_error (error);
  incident = ot_dataset_get_incident (store_case->dataset, index);
  for (OtColumn c = 0; c < OT_N_COLUMNS; c++)
    values[c] = ot_writer_column_text (incident, c);
  g_free (values[column]);
  values[column] = g_strdup (value);
  edited = ot_incident_fields_check ((const char *const *) values, "test", NULL);
  g_assert_cmpuint (ot_dataset_get_n_incidents (edited), ==, 1);
  {
    OtStoreEdit edit = { OT_STORE_EDIT_REPLACE, incident->id, g_array_index (store_case->versions, gint64, index),
                         ot_dataset_get_incident (edited, 0) };

    g_assert_true (ot_store_apply_edits (bob, &edit, 1, "Edit by a test", NULL, NULL, NULL, &error));
    g_assert_no_error (error);
  }
  id = g_strdup (incident->id);
  for (OtColumn c = 0; c < OT_N_COLUMNS; c++)
    g_free (values[c]);
  return id;
}

/* ---- Waiting ------------------------------------------------------------------ */

static gboolean
store_open (gpointer data)
{
  OtWindow *window = data;
  OtApplication *app = OT_APPLICATION (gtk_window_get_application (GTK_WINDOW (window)));

  return ot_window_get_store (window) != NULL && !ot_window_is_store_busy (window) &&
         ot_dataset_get_n_incidents (ot_application_get_dataset (app)) == 60 && window_is_idle (window);
}

static gboolean
store_idle (gpointer data)
{
  return !ot_window_is_store_busy (OT_WINDOW (data));
}

typedef struct {
  OtWindow   *window;
  const char *id;
  OtColumn    column;
  const char *value;
} Shows;

/* The window's case holds @value in @column of the incident @id. */
static gboolean
case_shows (gpointer data)
{
  Shows *shows = data;
  OtApplication *app = OT_APPLICATION (gtk_window_get_application (GTK_WINDOW (shows->window)));
  OtDataset *dataset = ot_application_get_dataset (app);
  gint index = ot_dataset_find (dataset, shows->id);
  g_autofree char *text = index >= 0 ? ot_writer_column_text (ot_dataset_get_incident (dataset, index),
                                                              shows->column) : NULL;

  return g_strcmp0 (text, shows->value) == 0;
}

static gboolean
banner_says (gpointer data)
{
  const char *want = g_object_get_data (G_OBJECT (data), "ot-want");
  const char *banner = ot_window_get_store_banner (OT_WINDOW (data));

  return banner != NULL && g_str_has_prefix (banner, want);
}

/* Whether win.@action is enabled, as a button bound to it shows it
 * (class actions are not in the window's GActionGroup). */
static gboolean
enabled (OtWindow   *window,
         const char *action)
{
  g_autoptr(GPtrArray) bars = find_widgets (GTK_WIDGET (window), ADW_TYPE_HEADER_BAR);
  g_autofree char *name = g_strconcat ("win.", action, NULL);
  GtkWidget *button = gtk_button_new ();
  gboolean on;

  g_assert_cmpuint (bars->len, >=, 1);
  if (g_str_equal (action, "incident-history"))   /* (its parameter: an id) */
    gtk_actionable_set_action_target_value (GTK_ACTIONABLE (button), g_variant_new_string (""));
  gtk_actionable_set_action_name (GTK_ACTIONABLE (button), name);
  adw_header_bar_pack_end (g_ptr_array_index (bars, 0), button);
  on = gtk_widget_get_sensitive (button);
  adw_header_bar_remove (g_ptr_array_index (bars, 0), button);
  return on;
}

typedef struct {
  const char *heading;   /* it starts with this */
  GtkWindow  *found;
} DialogSearch;

/* The message dialog on screen (a conflict, a history) whose heading
 * starts with ->heading. */
static gboolean
find_message_dialog (gpointer data)
{
  DialogSearch *search = data;
  GListModel *toplevels = gtk_window_get_toplevels ();

  for (guint i = 0; i < g_list_model_get_n_items (toplevels); i++)
    {
      g_autoptr(GtkWindow) w = g_list_model_get_item (toplevels, i);

      if (ADW_IS_MESSAGE_DIALOG (w) && gtk_widget_get_mapped (GTK_WIDGET (w)) &&
          g_str_has_prefix (adw_message_dialog_get_heading (ADW_MESSAGE_DIALOG (w)), search->heading))
        {
          search->found = w;
          return TRUE;
        }
    }
  return FALSE;
}

/* With OT_TEST_SHOTS set (a folder), the screen as it is now into
 * FOLDER/@name.png (ImageMagick's import), to look at by hand. */
static gboolean
true_after (gpointer data)
{
  return g_get_monotonic_time () > *(gint64 *) data;
}

static void
shoot (const char *name)
{
  const char *dir = g_getenv ("OT_TEST_SHOTS");
  g_autofree char *path = NULL;
  g_autofree char *command = NULL;
  gint64 until = g_get_monotonic_time () + G_USEC_PER_SEC / 2;

  if (dir == NULL)
    return;
  wait_until (true_after, &until);
  path = g_strdup_printf ("%s/%s.png", dir, name);
  command = g_strdup_printf ("import -window root '%s'", path);
  g_spawn_command_line_sync (command, NULL, NULL, NULL, NULL);
}

/* ---- Cases ------------------------------------------------------------------------- */

/* Selects the vertex named @name on the chart, as a click does. */
static void
select_vertex (OtWindow   *window,
               const char *name)
{
  OtCanvas *canvas = ot_window_get_canvas (window);
  OtChart *chart = ot_window_get_chart (window);
  guint n = ot_scene_get_n_nodes (ot_canvas_get_scene (canvas));

  for (guint id = 0; id < n; id++)
    {
      g_autofree char *what = ot_chart_describe (chart, OT_HIT_NODE, id);

      if (what != NULL && g_str_has_prefix (what, name))
        {
          ot_canvas_select (canvas, OT_HIT_NODE, id);
          g_assert_true (wait_until (window_is_idle, window));
          return;
        }
    }
  g_assert_not_reached ();
}

static void
select_incident (OtWindow   *window,
                 const char *id)
{
  OtDataset *dataset = ot_workspace_get_dataset (ot_window_get_workspace (window));
  guint index = (guint) ot_dataset_find (dataset, id);

  g_assert_true (wait_until (window_is_idle, window));
  ot_incident_table_select (find_one_widget (window, OT_TYPE_INCIDENT_TABLE), &index, 1);
  g_assert_true (wait_until (window_is_idle, window));
}

static void
check_editor (OtApplication *app,
              OtWindow      *window)
{
  OtDataset *dataset;
  g_autofree char *changed = NULL;
  g_autofree char *contested = NULL;
  g_autoptr(OtStore) check = NULL;
  g_autoptr(OtStoreCase) stored = NULL;
  g_autoptr(GError) error = NULL;
  ToplevelSearch search = { OT_TYPE_INCIDENT_EDITOR, NULL };
  g_autofree char *quoted = NULL;
  DialogSearch message = { NULL, NULL };
  OtIncidentEditor *editor;
  Shows shows = { window, NULL, OT_COLUMN_NOTES, NULL };
  gint64 started, took;
  gint index;

  /* Opened from the command line: the store's case, its name, editable. */
  g_assert_true (wait_until (store_open, window));
  g_assert_cmpstr (gtk_window_get_title (GTK_WINDOW (window)), ==, "service team-alice — Oretrace");
  g_assert_null (ot_window_get_store_banner (window));
  g_assert_cmpint (ot_store_get_role (ot_window_get_store (window)), ==, OT_STORE_ROLE_EDITOR);
  g_assert_true (enabled (window, "add-incident"));
  g_assert_false (enabled (window, "undo"));
  g_assert_true (enabled (window, "incident-history"));

  /* Bob's edit appears within a second. */
  changed = bob_edits (5, OT_COLUMN_NOTES, "Checked again by bob");
  /* From his commit (bob_edits () returns once it is saved). */
  started = g_get_monotonic_time ();
  shows.id = changed;
  shows.value = "Checked again by bob";
  g_assert_true (wait_until (case_shows, &shows));
  took = g_get_monotonic_time () - started;
  g_test_message ("bob's edit shown after %.0f ms", took / 1000.0);
  g_assert_cmpint (took, <, G_USEC_PER_SEC);
  g_assert_true (wait_until (store_idle, window));
  g_assert_false (ot_document_is_dirty (ot_application_get_document (app)));

  /* Alice edits incident 7 while bob replaces it: refused, both shown. */
  dataset = ot_application_get_dataset (app);
  contested = g_strdup (ot_dataset_get_incident (dataset, 7)->id);
  quoted = g_strdup_printf ("“%s”", contested);
  select_incident (window, contested);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.edit-incident", NULL));
  g_assert_true (wait_until (find_mapped_toplevel, &search));
  editor = OT_INCIDENT_EDITOR (search.found);
  ot_incident_editor_set_field (editor, OT_COLUMN_NOTES, "Alice's reading");
  g_free (bob_edits (7, OT_COLUMN_NOTES, "Bob's reading"));
  /* (No main loop turn: the window has not heard of bob's yet.) */
  g_assert_true (ot_incident_editor_save (editor));
  message.heading = quoted;
  g_assert_true (wait_until (find_message_dialog, &message));
  {
    const char *heading = adw_message_dialog_get_heading (ADW_MESSAGE_DIALOG (message.found));
    const char *body = adw_message_dialog_get_body (ADW_MESSAGE_DIALOG (message.found));

    g_test_message ("%s: %s", heading, body);
    shoot ("conflict");
    g_assert_nonnull (strstr (heading, contested));
    g_assert_nonnull (strstr (body, "bob saved version 2"));
    g_assert_nonnull (strstr (body, "you edited version 1"));
    g_assert_nonnull (strstr (body, "Nothing of your edit was saved"));
  }
  /* Nothing of alice's is in the store yet. */
  check = connect_as ("postgres");
  stored = ot_store_load (check, NULL, &error);
  g_assert_no_error (error);
  index = ot_dataset_find (stored->dataset, contested);
  g_assert_cmpstr (ot_dataset_get_incident (stored->dataset, index)->notes, ==, "Bob's reading");
  g_assert_cmpint (g_array_index (stored->versions, gint64, index), ==, 2);
  g_clear_pointer (&stored, ot_store_case_free);

  /* As a click on the button: the response, then the dialog closes. */
  adw_message_dialog_response (ADW_MESSAGE_DIALOG (message.found), "mine");
  gtk_window_close (message.found);
  shows.id = contested;
  shows.value = "Alice's reading";
  g_assert_true (wait_until (case_shows, &shows));
  g_assert_true (wait_until (store_idle, window));
  stored = ot_store_load (check, NULL, &error);
  g_assert_no_error (error);
  index = ot_dataset_find (stored->dataset, contested);
  g_assert_cmpstr (ot_dataset_get_incident (stored->dataset, index)->notes, ==, "Alice's reading");
  g_assert_cmpint (g_array_index (stored->versions, gint64, index), ==, 3);

  /* Its history: bob's edit and alice's, who and what. */
  message.found = NULL;
  message.heading = "History of";
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.incident-history", "s", contested));
  g_assert_true (wait_until (find_message_dialog, &message));
  {
    const char *heading = adw_message_dialog_get_heading (ADW_MESSAGE_DIALOG (message.found));
    GtkWidget *extra = adw_message_dialog_get_extra_child (ADW_MESSAGE_DIALOG (message.found));
    g_autoptr(GPtrArray) labels = find_widgets (extra, GTK_TYPE_LABEL);
    const char *log = gtk_label_get_text (g_ptr_array_index (labels, 0));

    g_test_message ("%s\n%s", heading, log);
    shoot ("history");
    g_assert_nonnull (strstr (heading, contested));
    g_assert_nonnull (strstr (log, "· bob · update → version 2 (Edit by a test)"));
    g_assert_nonnull (strstr (log, "· alice · update → version 3 (Edit of"));
    g_assert_nonnull (strstr (log, "notes: \"Bob's reading\" → \"Alice's reading\""));
  }
  gtk_window_destroy (GTK_WINDOW (message.found));

  /* The same from the details pane: its History… under the record. */
  g_object_set (window, "show-details", TRUE, NULL);
  {
    OtDetailsPane *details = ot_window_get_details_pane (window);
    OtDataset *shown = ot_workspace_get_dataset (ot_window_get_workspace (window));
    const OtIncident *incident = ot_dataset_get_incident (shown, (guint) ot_dataset_find (shown, contested));
    g_autoptr(GPtrArray) buttons = NULL;
    GtkWidget *history = NULL;
    GListModel *incidents;
    guint n;

    g_autofree char *origin = ot_writer_column_text (incident, OT_COLUMN_ORIGIN);

    select_vertex (window, ot_country_display_name (origin));
    incidents = ot_details_pane_get_incidents (details);
    n = g_list_model_get_n_items (incidents);
    for (guint i = 0; i < n; i++)
      {
        g_autoptr(OtIncidentRow) row = g_list_model_get_item (incidents, i);

        if (g_str_equal (ot_incident_row_get_incident (row)->id, contested))
          ot_details_pane_select_incident (details, i);
      }
    g_assert_true (wait_until (window_is_idle, window));
    buttons = find_widgets (GTK_WIDGET (details), GTK_TYPE_BUTTON);
    for (guint i = 0; i < buttons->len; i++)
      if (g_strcmp0 (gtk_actionable_get_action_name (buttons->pdata[i]), "win.incident-history") == 0)
        history = buttons->pdata[i];
    g_assert_nonnull (history);
    g_assert_true (gtk_widget_get_mapped (history));
    message.found = NULL;
    g_signal_emit_by_name (history, "clicked");
    g_assert_true (wait_until (find_message_dialog, &message));
    g_assert_nonnull (strstr (adw_message_dialog_get_heading (ADW_MESSAGE_DIALOG (message.found)), contested));
    gtk_window_destroy (GTK_WINDOW (message.found));
  }
}

static void
check_viewer (OtApplication *app,
              OtWindow      *window)
{

  g_autofree char *address = NULL;
  g_autofree char *changed = NULL;
  Shows shows = { window, NULL, OT_COLUMN_NOTES, "Seen while carol was away" };
  g_autofree char *host = g_uri_escape_string (g_getenv ("OT_TEST_PG_DIR"), NULL, FALSE);
  PGconn *conn;

  /* postgresql:///team?host=/tmp/…&user=carol */
  address = g_strdup_printf ("postgresql:///" DB "?user=carol&host=%s", host);
  g_assert_true (ot_store_is_address (address));
  g_action_group_activate_action (G_ACTION_GROUP (app), "open-store", g_variant_new_string (address));
  g_assert_true (wait_until (store_open, window));
  g_assert_cmpint (ot_store_get_role (ot_window_get_store (window)), ==, OT_STORE_ROLE_VIEWER);
  g_object_set_data (G_OBJECT (window), "ot-want", (gpointer) "Read-only: ");
  g_assert_true (banner_says (window));
  g_test_message ("banner: %s", ot_window_get_store_banner (window));
  shoot ("viewer");
  select_incident (window, ot_dataset_get_incident (ot_application_get_dataset (app), 3)->id);
  g_assert_false (enabled (window, "add-incident"));
  g_assert_false (enabled (window, "edit-incident"));
  g_assert_false (enabled (window, "delete-incidents"));
  g_assert_false (enabled (window, "merge-companies"));

  /* Her listening connection killed: told, still usable, and what bob
   * did meanwhile is there once it is back. */
  conn = admin ();
  admin_run (conn, "SELECT pg_terminate_backend (pid) FROM pg_stat_activity"
                   " WHERE usename = 'carol' AND query LIKE 'LISTEN%'");
  PQfinish (conn);
  g_object_set_data (G_OBJECT (window), "ot-want", (gpointer) "Connection lost: read-only until it is back");
  g_assert_true (wait_until (banner_says, window));
  shoot ("offline");
  changed = bob_edits (11, OT_COLUMN_NOTES, shows.value);
  shows.id = changed;
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.view", "s", "map"));
  g_assert_true (wait_until (case_shows, &shows));
  g_object_set_data (G_OBJECT (window), "ot-want", (gpointer) "Read-only: ");
  g_assert_true (wait_until (banner_says, window));
  g_assert_false (enabled (window, "add-incident"));
  g_assert_true (wait_until (store_idle, window));
  g_assert_true (wait_until (window_is_idle, window));
}

/* The command line opens no window through "activate": the body runs
 * once the window the store's action made is on screen. */
static gboolean
run_body (gpointer data)
{
  AppBody body = data;
  GtkApplication *app = GTK_APPLICATION (g_application_get_default ());
  GtkWindow *window = gtk_application_get_active_window (app);

  g_assert_true (OT_IS_WINDOW (window));
  g_assert_true (wait_until (widget_is_mapped, window));
  body (OT_APPLICATION (app), OT_WINDOW (window));
  g_action_group_activate_action (G_ACTION_GROUP (app), "quit", NULL);
  return G_SOURCE_REMOVE;
}

static void
on_window_added (GtkApplication *app,
                 GtkWindow      *window,
                 AppBody         body)
{
  g_idle_add (run_body, body);
}

/* ---- Passwords in the keyring ------------------------------------------------ */

#define DAVE_PASSWORD "correct horse battery staple"

static GSubprocess *keyring;   /* gnome-keyring-daemon, ours */

/* A Secret Service of our own on the test's session bus: gnome-keyring,
 * its keyrings in the test's XDG_DATA_HOME, unlocked.  NULL and the
 * reason when there is none. */
static char *
start_keyring (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) password = g_bytes_new_static ("test\n", 5);
  g_autofree char *daemon = g_find_program_in_path ("gnome-keyring-daemon");
  g_autoptr(GDBusConnection) bus = NULL;
  gint64 deadline = g_get_monotonic_time () + 10 * G_USEC_PER_SEC;

  if (daemon == NULL)
    return g_strdup ("no gnome-keyring-daemon: install gnome-keyring");
  bus = g_bus_get_sync (G_BUS_TYPE_SESSION, NULL, &error);
  if (bus == NULL)
    return g_strdup_printf ("no D-Bus session bus (run under dbus-run-session): %s", error->message);
  keyring = g_subprocess_new (G_SUBPROCESS_FLAGS_STDIN_PIPE | G_SUBPROCESS_FLAGS_STDOUT_SILENCE, &error,
                              daemon, "--replace", "--foreground", "--unlock", "--components=secrets", NULL);
  if (keyring == NULL)
    return g_strdup_printf ("gnome-keyring-daemon did not start: %s", error->message);
  /* The keyring's password on its standard input, then its end. */
  {
    GOutputStream *in = g_subprocess_get_stdin_pipe (keyring);

    g_assert_true (g_output_stream_write_all (in, g_bytes_get_data (password, NULL), 5, NULL, NULL, NULL));
    g_assert_true (g_output_stream_close (in, NULL, NULL));
  }
  while (g_get_monotonic_time () < deadline)
    {
      g_autoptr(GVariant) owner = g_dbus_connection_call_sync (bus, "org.freedesktop.DBus", "/org/freedesktop/DBus",
                                                               "org.freedesktop.DBus", "GetNameOwner",
                                                               g_variant_new ("(s)", "org.freedesktop.secrets"),
                                                               NULL, G_DBUS_CALL_FLAGS_NONE, -1, NULL, NULL);
      if (owner != NULL)
        return NULL;
      g_usleep (50000);
    }
  return g_strdup ("gnome-keyring-daemon took the Secret Service's name on the bus in no 10 s");
}

typedef struct {
  gboolean done;
  char    *password;
  GError  *error;
} Lookup;

static void
on_lookup (GObject      *source,
           GAsyncResult *result,
           gpointer      data)
{
  Lookup *lookup = data;

  lookup->password = ot_store_secret_lookup_finish (result, &lookup->error);
  lookup->done = TRUE;
}

static void
on_forgotten (GObject      *source,
              GAsyncResult *result,
              gpointer      data)
{
  Lookup *lookup = data;

  /* (A non-NULL password here means "there was one".) */
  if (ot_store_secret_forget_finish (result, &lookup->error))
    lookup->password = g_strdup ("found");
  lookup->done = TRUE;
}

static gboolean
lookup_done (gpointer data)
{
  return ((Lookup *) data)->done;
}

/* What the keyring holds for @address, through the window's own call. */
static char *
keyring_password (const char *address)
{
  Lookup lookup = { FALSE, NULL, NULL };

  ot_store_secret_lookup_async (address, NULL, on_lookup, &lookup);
  g_assert_true (wait_until (lookup_done, &lookup));
  g_assert_no_error (lookup.error);
  return lookup.password;
}

static gboolean
dialog_error_shown (gpointer data)
{
  GtkWindow *dialog = ot_window_get_store_dialog (OT_WINDOW (data));
  g_autoptr(GPtrArray) labels = NULL;

  if (dialog == NULL || !gtk_widget_get_mapped (GTK_WIDGET (dialog)))
    return FALSE;
  labels = find_widgets (GTK_WIDGET (dialog), GTK_TYPE_LABEL);
  for (guint i = 0; i < labels->len; i++)
    if (gtk_widget_has_css_class (labels->pdata[i], "error") && gtk_widget_get_visible (labels->pdata[i]))
      return TRUE;
  return FALSE;
}

/* Dave's logins need a password (scram-sha-256), unlike the others'. */
static void
require_password (void)
{
  g_autofree char *hba = g_build_filename (g_getenv ("OT_TEST_PG_DIR"), "data", "pg_hba.conf", NULL);
  g_autofree char *old = NULL;
  g_autofree char *new = NULL;
  PGconn *conn;

  g_assert_true (g_file_get_contents (hba, &old, NULL, NULL));
  new = g_strconcat ("local " DB " dave scram-sha-256\n", old, NULL);
  g_assert_true (g_file_set_contents (hba, new, -1, NULL));
  conn = admin ();
  admin_run (conn, "DO $$ BEGIN"
                   " IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = 'dave') THEN"
                   "  CREATE ROLE dave LOGIN IN ROLE oretrace_editor; END IF; END $$");
  admin_run (conn, "ALTER ROLE dave PASSWORD '" DAVE_PASSWORD "'");
  admin_run (conn, "SELECT pg_reload_conf ()");
  PQfinish (conn);
}

static void
check_keyring (OtApplication *app,
               OtWindow      *window)
{
  g_autofree char *address = address_as ("dave");
  g_autofree char *url = NULL;
  g_autofree char *host = g_uri_escape_string (g_getenv ("OT_TEST_PG_DIR"), NULL, FALSE);
  g_autofree char *kept = NULL;
  g_autoptr(GSettings) settings = g_settings_new (APPLICATION_ID);
  g_auto(GStrv) recent = NULL;
  OtStoreDialog *dialog;
  GtkWidget *password;

  /* No password anywhere: refused, libpq's reason in the dialog. */
  g_assert_null (keyring_password (address));
  g_action_group_activate_action (G_ACTION_GROUP (app), "open-store", g_variant_new_string (address));
  g_assert_true (wait_until (dialog_error_shown, window));
  g_assert_null (ot_window_get_store (window));
  dialog = OT_STORE_DIALOG (ot_window_get_store_dialog (window));
  {
    g_autoptr(GPtrArray) labels = find_widgets (GTK_WIDGET (dialog), GTK_TYPE_LABEL);

    for (guint i = 0; i < labels->len; i++)
      if (gtk_widget_has_css_class (labels->pdata[i], "error"))
        {
          const char *text = gtk_label_get_text (labels->pdata[i]);

          g_test_message ("refused: %s", text);
          shoot ("dialog-refused");
          g_assert_true (g_str_has_prefix (text, "Cannot connect to the store: "));
          g_assert_nonnull (strstr (text, "password"));
        }
  }

  /* Typed, remembered: connected, and in the keyring. */
  password = find_widgets (GTK_WIDGET (dialog), GTK_TYPE_PASSWORD_ENTRY)->pdata[0];
  gtk_editable_set_text (GTK_EDITABLE (password), DAVE_PASSWORD);
  gtk_switch_set_active (find_widgets (GTK_WIDGET (dialog), GTK_TYPE_SWITCH)->pdata[0], TRUE);
  shoot ("dialog-typed");
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (dialog), "store.connect", NULL));
  g_assert_true (wait_until (store_open, window));
  shoot ("editor");
  g_assert_null (ot_window_get_store_dialog (window));
  /* Found by the same store written as a URL. */
  url = g_strdup_printf ("postgresql:///" DB "?host=%s&user=dave", host);
  for (int i = 0; i < 100 && kept == NULL; i++)
    {
      kept = keyring_password (url);
      if (kept == NULL)
        g_usleep (20000);
    }
  g_assert_cmpstr (kept, ==, DAVE_PASSWORD);
  /* Nowhere else: not in the recent stores, the title or the store's name. */
  recent = g_settings_get_strv (settings, "recent-stores");
  g_assert_cmpuint (g_strv_length (recent), >=, 1);
  for (guint i = 0; recent[i] != NULL; i++)
    g_assert_null (strstr (recent[i], DAVE_PASSWORD));
  g_assert_null (strstr (gtk_window_get_title (GTK_WINDOW (window)), DAVE_PASSWORD));

  /* Opened again with no password given: the keyring's is used. */
  g_action_group_activate_action (G_ACTION_GROUP (app), "open-store", g_variant_new_string (url));
  g_assert_true (wait_until (store_idle, window));
  g_assert_null (ot_window_get_store_dialog (window));
  g_assert_true (wait_until (store_open, window));
  g_assert_cmpstr (ot_store_get_user (ot_window_get_store (window)), ==, "dave");

  /* Open Team Store… lists both forms, newest first, no password. */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.open-store-dialog", NULL));
  dialog = OT_STORE_DIALOG (ot_window_get_store_dialog (window));
  g_assert_true (wait_until (widget_is_mapped, dialog));
  {
    g_autoptr(GPtrArray) rows = find_widgets (GTK_WIDGET (dialog), ADW_TYPE_ACTION_ROW);

    g_assert_cmpuint (rows->len, ==, 2);
    g_assert_cmpstr (adw_preferences_row_get_title (rows->pdata[0]), ==, url);
    g_assert_cmpstr (adw_preferences_row_get_title (rows->pdata[1]), ==, address);
    shoot ("dialog-recent");
    /* A recent store picked fills the address and the user. */
    g_signal_emit_by_name (gtk_widget_get_parent (rows->pdata[0]), "row-activated", rows->pdata[0]);
    g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (find_widgets (GTK_WIDGET (dialog), GTK_TYPE_ENTRY)->pdata[0])),
                     ==, url);
  }
  gtk_window_destroy (GTK_WINDOW (dialog));

  /* Forgotten: gone from the keyring, whatever form names the store. */
  {
    Lookup forget = { FALSE, NULL, NULL };

    ot_store_secret_forget_async (address, NULL, on_forgotten, &forget);
    g_assert_true (wait_until (lookup_done, &forget));
    g_assert_no_error (forget.error);
    g_assert_nonnull (forget.password);   /* (there was one) */
    g_free (forget.password);
    g_assert_null (keyring_password (url));
  }
}

static void
test_keyring (void)
{
  g_autofree char *missing = NULL;

  if (skip_without_server ())
    return;
  missing = start_keyring ();
  if (missing != NULL)
    {
      g_test_skip (missing);
      return;
    }
  make_store ();
  require_password ();
  run_app (check_keyring);
  g_subprocess_force_exit (keyring);
  g_subprocess_wait (keyring, NULL, NULL);
  g_clear_object (&keyring);
}

static void
test_command_line (void)
{
  OtApplication *app;
  g_autofree char *conf = NULL;
  char *argv[] = { (char *) "oretrace", (char *) "service=team-alice", NULL };
  int status;

  if (skip_without_server ())
    return;
  make_store ();
  conf = g_strdup_printf ("[team-alice]\nhost=%s\ndbname=" DB "\nuser=alice\n", g_getenv ("OT_TEST_PG_DIR"));
  g_assert_true (g_file_set_contents (services, conf, -1, NULL));
  g_setenv ("PGSERVICEFILE", services, TRUE);

  /* `oretrace service=team-alice`: the application's own command line. */
  app = ot_application_new (OT_TYPE_WINDOW);
  g_application_set_flags (G_APPLICATION (app), G_APPLICATION_HANDLES_OPEN | G_APPLICATION_NON_UNIQUE);
  g_signal_connect (app, "window-added", G_CALLBACK (on_window_added), check_editor);
  status = g_application_run (G_APPLICATION (app), 2, argv);
  g_assert_cmpint (status, ==, 0);
  g_assert_cmpuint (g_list_model_get_n_items (gtk_window_get_toplevels ()), ==, 0);
  g_assert_finalize_object (app);
  g_unsetenv ("PGSERVICEFILE");
}

static void
test_viewer (void)
{
  if (skip_without_server ())
    return;
  make_store ();
  run_app (check_viewer);
}

/* ---- A summary ------------------------------------------------------------------ */

typedef struct {
  OtWindow *window;
  guint     n_included;
} Summarised;

/* The chart is a summary's, of ->n_included incidents, and settled. */
static gboolean
chart_summarises (gpointer data)
{
  Summarised *want = data;
  g_autoptr(OtNetwork) network = NULL;

  if (ot_window_get_store (want->window) == NULL || ot_window_is_store_busy (want->window) ||
      !window_is_idle (want->window))
    return FALSE;
  network = ot_chart_get_network (ot_window_get_chart (want->window));
  return network != NULL && ot_network_is_summarised (network) &&
         ot_network_get_n_included (network) == want->n_included;
}

static OtMineral want_mineral;
static guint want_total;

/* The window's summary counts want_total incidents of want_mineral in
 * its totals, and the sidebar shows that dataset. */
static gboolean
totals_count (gpointer data)
{
  OtWindow *window = data;
  OtApplication *app = OT_APPLICATION (gtk_window_get_application (GTK_WINDOW (window)));
  OtDataset *dataset = ot_application_get_dataset (app);
  GArray *cells = NULL;
  guint n = 0;

  if (ot_dataset_get_summary (dataset, &cells) == NULL || !window_is_idle (window) ||
      ot_workspace_get_dataset (ot_window_get_workspace (window)) != dataset)
    return FALSE;
  for (guint k = 0; k < cells->len; k++)
    if (g_array_index (cells, OtSummaryCell, k).mineral == want_mineral)
      n += g_array_index (cells, OtSummaryCell, k).n_incidents;
  return n == want_total;
}

static guint want_part;

/* The window's case is a part of the store of want_part incidents. */
static gboolean
part_open (gpointer data)
{
  OtWindow *window = data;
  OtApplication *app = OT_APPLICATION (gtk_window_get_application (GTK_WINDOW (window)));

  return ot_window_get_store (window) != NULL && !ot_window_is_store_busy (window) && window_is_idle (window) &&
         ot_dataset_get_n_incidents (ot_application_get_dataset (app)) == want_part;
}

/* A store above "store-summary-above" opens as a summary
 * (docs/team-store.md, "Summary mode"): no incident read, read-only, the
 * chart from the server's sums for each filter, another analyst's edit
 * drawn within a second. */
static void
check_summary (OtApplication *app,
               OtWindow      *window)
{
  g_autoptr(GSettings) settings = g_settings_new (APPLICATION_ID);
  g_autoptr(GFile) samples = source_file ("data/samples/incidents.csv");
  g_autoptr(OtDataset) incidents = ot_loader_load_files (&samples, 1, NULL, NULL, NULL, NULL);
  g_autoptr(OtFilter) filter = ot_filter_new ();
  g_autofree char *host = g_uri_escape_string (g_getenv ("OT_TEST_PG_DIR"), NULL, FALSE);
  g_autofree char *address = g_strdup_printf ("postgresql:///" DB "?user=alice&host=%s", host);
  g_autofree char *changed = NULL;
  Summarised want = { window, 60 };
  OtMineral antimony;
  guint n_antimony = 0, changed_index = 0;
  gint64 start;

  g_settings_set_uint (settings, "store-summary-above", 10);
  g_action_group_activate_action (G_ACTION_GROUP (app), "open-store", g_variant_new_string (address));
  g_assert_true (wait_until (chart_summarises, &want));
  g_assert_cmpuint (ot_dataset_get_n_incidents (ot_application_get_dataset (app)), ==, 0);
  g_assert_cmpuint (ot_dataset_get_n_summarised (ot_application_get_dataset (app), NULL), ==, 60);
  g_object_set_data (G_OBJECT (window), "ot-want", (gpointer) "Summary: ");
  g_assert_true (banner_says (window));
  g_test_message ("banner: %s", ot_window_get_store_banner (window));
  g_assert_false (enabled (window, "add-incident"));
  g_assert_false (enabled (window, "save-case-as"));
  g_assert_false (enabled (window, "toggle-projection"));
  g_assert_false (enabled (window, "toggle-table"));
  g_assert_true (enabled (window, "export"));
  shoot ("summary");

  /* A filter runs in the server. */
  g_assert_true (ot_mineral_parse ("antimony", &antimony));
  for (guint i = 0; i < ot_dataset_get_n_incidents (incidents); i++)
    if (ot_dataset_get_incident (incidents, i)->mineral == antimony)
      n_antimony++;
    else if (changed_index == 0)
      changed_index = i;
  g_assert_cmpuint (n_antimony, >, 0);
  ot_filter_set_mineral (filter, antimony, TRUE);
  ot_workspace_set_filter (ot_window_get_workspace (window), filter);
  want.n_included = n_antimony;
  g_assert_true (wait_until (chart_summarises, &want));
  shoot ("summary-antimony");

  /* Bob makes one more incident antimony: the chart follows. */
  start = g_get_monotonic_time ();
  changed = bob_edits (changed_index, OT_COLUMN_MINERAL, "antimony");
  want.n_included = n_antimony + 1;
  g_assert_true (wait_until (chart_summarises, &want));
  g_test_message ("another analyst's edit drawn in the summary after %.0f ms",
                  (g_get_monotonic_time () - start) / 1000.0);
  /* And counted in its totals (the sidebar's, the timeline's). */
  want_mineral = antimony;
  want_total = n_antimony + 1;
  g_assert_true (wait_until (totals_count, window));
  g_test_message ("and in its totals after %.0f ms", (g_get_monotonic_time () - start) / 1000.0);

  /* China selected: Open These Incidents reads the antimony incidents
   * touching it from the server, a part of the store's case. */
  {
    g_autoptr(OtNetwork) network = ot_chart_get_network (ot_window_get_chart (window));
    gint cn = ot_network_find_vertex (network, "country:CN");
    guint n_cn = 0;

    g_assert_cmpint (cn, >=, 0);
    g_assert_false (enabled (window, "open-mark-incidents"));
    ot_workspace_select_mark (ot_window_get_workspace (window), OT_HIT_NODE, (guint) cn);
    g_assert_true (wait_until (window_is_idle, window));
    g_assert_true (enabled (window, "open-mark-incidents"));
    shoot ("summary-selected");
    for (guint i = 0; i < ot_dataset_get_n_incidents (incidents); i++)
      {
        const OtIncident *in = ot_dataset_get_incident (incidents, i);
        gboolean touches = g_str_equal (in->origin.code, "CN") || g_str_equal (in->destination.code, "CN") ||
                           g_str_equal (in->event_country.code, "CN");

        for (guint h = 0; h < in->n_via; h++)
          touches |= g_str_equal (in->via[h].country.code, "CN");
        n_cn += touches && (in->mineral == antimony || i == changed_index);
      }
    g_assert_cmpuint (n_cn, >, 0);
    g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.open-mark-incidents", NULL));
    want_part = n_cn;
    g_assert_true (wait_until (part_open, window));
    g_object_set_data (G_OBJECT (window), "ot-want", (gpointer) "Part of the team store: the ");
    g_assert_true (banner_says (window));
    g_test_message ("banner: %s", ot_window_get_store_banner (window));
    g_assert_true (enabled (window, "edit-incident") || !enabled (window, "open-mark-incidents"));
    g_assert_true (enabled (window, "add-incident"));
    g_assert_true (enabled (window, "toggle-table"));
    shoot ("summary-part");
  }
  g_settings_reset (settings, "store-summary-above");
  g_assert_true (wait_until (store_idle, window));
}

static void
test_summary (void)
{
  if (skip_without_server ())
    return;
  make_store ();
  run_app (check_summary);
}

int
main (int    argc,
      char **argv)
{
  if (!window_test_init (&argc, &argv))
    return 0;
  services = g_build_filename (g_getenv ("XDG_DATA_HOME"), "pg_service.conf", NULL);
  /* First: the Secret Service is ours before anything asks for one. */
  g_test_add_func ("/window-store/keyring", test_keyring);
  g_test_add_func ("/window-store/command-line", test_command_line);
  g_test_add_func ("/window-store/viewer", test_viewer);
  g_test_add_func ("/window-store/summary", test_summary);
  return g_test_run ();
}
