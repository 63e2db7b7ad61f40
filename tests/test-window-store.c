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

/* ---- Cases ------------------------------------------------------------------------- */

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

  /* Bob's edit appears within a second. */
  started = g_get_monotonic_time ();
  changed = bob_edits (5, OT_COLUMN_NOTES, "Checked again by bob");
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
    g_assert_nonnull (strstr (heading, contested));
    g_assert_nonnull (strstr (log, "· bob · update → version 2 (Edit by a test)"));
    g_assert_nonnull (strstr (log, "· alice · update → version 3 (Edit of"));
    g_assert_nonnull (strstr (log, "notes: \"Bob's reading\" → \"Alice's reading\""));
  }
  gtk_window_destroy (GTK_WINDOW (message.found));
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

int
main (int    argc,
      char **argv)
{
  if (!window_test_init (&argc, &argv))
    return 0;
  services = g_build_filename (g_getenv ("XDG_DATA_HOME"), "pg_service.conf", NULL);
  g_test_add_func ("/window-store/command-line", test_command_line);
  g_test_add_func ("/window-store/viewer", test_viewer);
  return g_test_run ();
}
