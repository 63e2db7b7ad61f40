/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Issue 17, editing incidents, in the running window: Add Incident opens
 * the form with a proposed id; a bad date shows, at the date field, the
 * message the CSV loader gives for it, and Save stays disabled until it
 * is fixed; a new incident needs a source unless illustrative; the
 * country and mineral pickers take the names they offer; Save hands the
 * checked incident on, and it is in the case's dataset and in the network
 * on screen.  Edit Incident is prefilled with the incident picked in the
 * table, refuses another incident's id and changes the incident in place;
 * Delete asks, naming how many.  Each is one step of Undo. */
#include "ot-incident-editor.h"
#include "ot-incident-table.h"
#include "ot-chart.h"
#include "ot-writer.h"
#include "window-fixture.h"

#include <glib/gi18n.h>
#include <locale.h>

typedef struct {
  guint       n_saved;
  gint        index;
  char       *json;     /* the saved incident */
} Saved;

static void
on_saved (OtIncidentEditor *editor,
          gpointer          incident,
          gint              index,
          Saved            *saved)
{
  GString *json = g_string_new (NULL);

  ot_writer_json_record (json, incident, FALSE);
  saved->n_saved++;
  saved->index = index;
  g_free (saved->json);
  saved->json = g_string_free (json, FALSE);
}

static void
drop_samples (OtWindow *window)
{
  window_load_file (window, "data/samples/incidents.csv");
}

/* The message the CSV loader gives for @column = @value in an otherwise
 * good record. */
static char *
loader_message (const char *column,
                const char *value)
{
  g_autoptr(OtDataset) ds = ot_dataset_new ();
  static const char *const base[][2] = { { "id", "X-1" }, { "date", "2024" }, { "mineral", "Sb" },
                                         { "origin", "CN" } };
  g_autoptr(GString) header = g_string_new (column);
  g_autoptr(GString) row = g_string_new (value);
  g_autofree char *csv = NULL;
  g_autoptr(GError) error = NULL;
  GPtrArray *problems;

  for (guint i = 0; i < G_N_ELEMENTS (base); i++)
    if (strcmp (base[i][0], column) != 0)
      {
        g_string_append_printf (header, ",%s", base[i][0]);
        g_string_append_printf (row, ",%s", base[i][1]);
      }
  csv = g_strdup_printf ("%s\n%s\n", header->str, row->str);
  g_assert_true (ot_loader_load_data (ds, "x.csv", csv, strlen (csv), NULL, &error));
  problems = ot_dataset_get_problems (ds);
  g_assert_cmpuint (problems->len, ==, 1);
  return g_strdup (((OtProblem *) problems->pdata[0])->message);
}

static OtDataset *
window_dataset (OtWindow *window)
{
  return ot_workspace_get_dataset (ot_window_get_workspace (window));
}

/* Whether an edge of the chart's network carries incident @index. */
static gboolean
network_has_incident (OtWindow *window,
                      guint     index)
{
  OtNetwork *network = ot_chart_get_network (ot_window_get_chart (window));

  for (guint e = 0; network != NULL && e < ot_network_get_n_edges (network); e++)
    {
      guint n;
      const guint *incidents = ot_network_get_edge_incidents (network, e, &n);

      for (guint i = 0; i < n; i++)
        if (incidents[i] == index)
          return TRUE;
    }
  return FALSE;
}

static OtIncidentEditor *
open_editor (OtWindow   *window,
             const char *action)
{
  ToplevelSearch search = { OT_TYPE_INCIDENT_EDITOR, NULL };

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), action, NULL));
  g_assert_true (wait_until (find_mapped_toplevel, &search));
  g_assert_true (gtk_window_get_transient_for (search.found) == GTK_WINDOW (window));
  g_assert_true (gtk_window_get_modal (search.found));
  return OT_INCIDENT_EDITOR (search.found);
}

static gboolean
editor_gone (gpointer data)
{
  ToplevelSearch search = { OT_TYPE_INCIDENT_EDITOR, NULL };

  return !find_mapped_toplevel (&search);
}

/* The completion's popup of @entry (a GtkPopover child), or NULL. */
static GtkWidget *
completion_popup (GtkWidget *entry)
{
  for (GtkWidget *child = gtk_widget_get_first_child (entry); child; child = gtk_widget_get_next_sibling (child))
    if (GTK_IS_POPOVER (child))
      return child;
  return NULL;
}

static gboolean
popup_shown (gpointer data)
{
  GtkWidget *popup = completion_popup (data);

  return popup != NULL && gtk_widget_get_mapped (popup);
}

/* Typing in the mineral picker offers the names holding what is typed;
 * leaving it for the next field closes the offer. */
static void
check_completion (OtIncidentEditor *editor)
{
  g_autoptr(GPtrArray) entries = find_widgets (ot_incident_editor_get_row (editor, OT_COLUMN_MINERAL),
                                               GTK_TYPE_ENTRY);
  GtkWidget *entry;

  g_assert_cmpuint (entries->len, ==, 1);
  entry = entries->pdata[0];
  gtk_widget_grab_focus (entry);
  gtk_editable_set_text (GTK_EDITABLE (entry), "lliu");
  g_assert_true (wait_until (popup_shown, entry));
  gtk_widget_grab_focus (ot_incident_editor_get_row (editor, OT_COLUMN_DATE));
  g_assert_false (popup_shown (entry));
  gtk_editable_set_text (GTK_EDITABLE (entry), "");
}

static void
check_add (OtWindow *window)
{
  g_autoptr(OtDataset) dataset = g_object_ref (window_dataset (window));
  OtIncidentEditor *editor = open_editor (window, "win.add-incident");
  g_autofree char *date_message = loader_message ("date", "2024/07/01");
  g_autofree char *id = ot_incident_editor_dup_field (editor, OT_COLUMN_ID);
  Saved saved = { 0 };

  /* A new id, in the samples' pattern; nothing typed yet: no Save. */
  g_assert_true (g_str_has_prefix (id, "REAL-"));
  g_assert_cmpint (ot_dataset_find (dataset, id), ==, -1);
  g_assert_false (ot_incident_editor_can_save (editor));
  g_assert_cmpint (ot_incident_editor_get_index (editor), ==, -1);

  check_completion (editor);
  g_signal_connect (editor, "saved", G_CALLBACK (on_saved), &saved);
  ot_incident_editor_set_field (editor, OT_COLUMN_DATE, "2024/07/01");
  ot_incident_editor_set_field (editor, OT_COLUMN_MINERAL, "Gallium");
  ot_incident_editor_set_field (editor, OT_COLUMN_ORIGIN, "China");
  ot_incident_editor_set_field (editor, OT_COLUMN_DESTINATION, "Thailand");
  ot_incident_editor_set_field (editor, OT_COLUMN_QUANTITY, "2.5");
  ot_incident_editor_set_field (editor, OT_COLUMN_UNIT, "t");
  ot_incident_editor_set_field (editor, OT_COLUMN_STATUS, "seized");
  ot_incident_editor_set_field (editor, OT_COLUMN_RELIABILITY, "B");

  /* The bad date: the loader's words, at the date field, in red. */
  g_assert_cmpstr (date_message, ==, "invalid date \"2024/07/01\" (expected YYYY, YYYY-MM or YYYY-MM-DD) "
                                     "in column date");
  g_assert_cmpstr (ot_incident_editor_get_message (editor, OT_COLUMN_DATE), ==, date_message);
  g_assert_true (gtk_widget_has_css_class (ot_incident_editor_get_row (editor, OT_COLUMN_DATE), "error"));
  g_assert_false (ot_incident_editor_can_save (editor));
  g_assert_false (ot_incident_editor_save (editor));
  g_assert_cmpuint (saved.n_saved, ==, 0);

  /* Fixed, but no source and not illustrative. */
  ot_incident_editor_set_field (editor, OT_COLUMN_DATE, "2024-07");
  g_assert_null (ot_incident_editor_get_message (editor, OT_COLUMN_DATE));
  g_assert_false (gtk_widget_has_css_class (ot_incident_editor_get_row (editor, OT_COLUMN_DATE), "error"));
  g_assert_cmpstr (ot_incident_editor_get_message (editor, OT_COLUMN_SOURCE), ==,
                   "missing source (required for a new incident that is not marked illustrative)");
  g_assert_false (ot_incident_editor_can_save (editor));
  ot_incident_editor_set_field (editor, OT_COLUMN_ILLUSTRATIVE, "true");
  g_assert_null (ot_incident_editor_get_message (editor, OT_COLUMN_SOURCE));
  g_assert_true (ot_incident_editor_can_save (editor));
  ot_incident_editor_set_field (editor, OT_COLUMN_ILLUSTRATIVE, "false");
  g_assert_false (ot_incident_editor_can_save (editor));
  ot_incident_editor_set_field (editor, OT_COLUMN_SOURCE, "Test record typed into the form");
  g_assert_true (ot_incident_editor_can_save (editor));

  /* No place: the route says so. */
  ot_incident_editor_set_field (editor, OT_COLUMN_ORIGIN, "");
  ot_incident_editor_set_field (editor, OT_COLUMN_DESTINATION, "");
  g_assert_cmpstr (ot_incident_editor_get_message (editor, OT_N_COLUMNS), ==,
                   "no place given (need at least one of origin, via, destination or event_country)");
  g_assert_false (ot_incident_editor_can_save (editor));
  ot_incident_editor_set_field (editor, OT_COLUMN_ORIGIN, "China");
  ot_incident_editor_set_field (editor, OT_COLUMN_DESTINATION, "Thailand");
  g_assert_null (ot_incident_editor_get_message (editor, OT_N_COLUMNS));

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (editor), "editor.save", NULL));
  g_assert_cmpuint (saved.n_saved, ==, 1);
  g_assert_cmpint (saved.index, ==, -1);
  g_test_message ("saved: %s", saved.json);
  {
    g_autofree char *expected = g_strdup_printf ("{\"id\": \"%s\", \"date\": \"2024-07\", \"mineral\": \"gallium\", "
                                                 "\"quantity\": 2500, \"unit\": \"kg\", \"origin\": \"CN\", "
                                                 "\"destination\": \"TH\", \"status\": \"seized\", "
                                                 "\"confidence\": \"medium\", \"reliability\": \"B\", "
                                                 "\"illustrative\": false, "
                                                 "\"source\": \"Test record typed into the form\"}", id);

    g_assert_cmpstr (saved.json, ==, expected);
  }
  g_assert_true (wait_until (editor_gone, NULL));
  g_free (saved.json);

  /* In the case's new version, at the end, and drawn: an edge from China
   * to Thailand carries it. */
  g_assert_true (wait_until (window_is_idle, window));
  g_assert_true (window_dataset (window) != dataset);
  g_assert_cmpuint (ot_dataset_get_n_incidents (window_dataset (window)), ==,
                    ot_dataset_get_n_incidents (dataset) + 1);
  g_assert_cmpint (ot_dataset_find (window_dataset (window), id), ==, (gint) ot_dataset_get_n_incidents (dataset));
  g_assert_true (network_has_incident (window, ot_dataset_get_n_incidents (dataset)));
  {
    const OtIncident *added = ot_dataset_get_incident (window_dataset (window), ot_dataset_find (window_dataset (window), id));

    g_assert_cmpstr (added->destination.code, ==, "TH");
    g_assert_cmpfloat (added->quantity_kg, ==, 2500);
    g_assert_cmpstr (added->source, ==, "Test record typed into the form");
  }
  /* Another Add proposes the next id. */
  {
    OtIncidentEditor *next = open_editor (window, "win.add-incident");
    g_autofree char *next_id = ot_incident_editor_dup_field (next, OT_COLUMN_ID);

    g_assert_cmpstr (next_id, !=, id);
    g_assert_cmpint (ot_dataset_find (window_dataset (window), next_id), ==, -1);
    gtk_window_close (GTK_WINDOW (next));
    g_assert_true (wait_until (editor_gone, NULL));
  }
}

/* The incident picked in the table, prefilled; its own id is no
 * duplicate, another's is. */
static void
check_edit (OtWindow *window)
{
  g_autoptr(OtDataset) dataset = g_object_ref (window_dataset (window));
  OtIncidentTable *table = find_one_widget (window, OT_TYPE_INCIDENT_TABLE);
  guint picks[2] = { 4, 7 };
  const OtIncident *incident = ot_dataset_get_incident (dataset, picks[0]);
  OtIncidentEditor *editor;
  g_autofree char *message = NULL;

  ot_incident_table_select (table, picks, 2);
  g_assert_true (wait_until (window_is_idle, window));
  /* Two rows: nothing to edit. */
  gtk_widget_activate_action (GTK_WIDGET (window), "win.edit-incident", NULL);
  g_assert_true (editor_gone (NULL));
  ot_incident_table_select (table, picks, 1);
  g_assert_true (wait_until (window_is_idle, window));

  editor = open_editor (window, "win.edit-incident");
  g_assert_cmpint (ot_incident_editor_get_index (editor), ==, (gint) picks[0]);
  for (guint c = 0; c < OT_N_COLUMNS; c++)
    {
      g_autofree char *shown = ot_incident_editor_dup_field (editor, c);
      g_autofree char *text = ot_writer_column_text (incident, c);

      if (c == OT_COLUMN_ORIGIN || c == OT_COLUMN_DESTINATION || c == OT_COLUMN_EVENT_COUNTRY)
        g_assert_cmpstr (shown, ==, text ? ot_country_display_name (text) : "");
      else if (c == OT_COLUMN_MINERAL)
        g_assert_cmpstr (shown, ==, ot_mineral_label (incident->mineral));
      else if (c == OT_COLUMN_UNIT || c == OT_COLUMN_FORM || c == OT_COLUMN_RELIABILITY ||
               c == OT_COLUMN_CREDIBILITY || c == OT_COLUMN_STATUS || c == OT_COLUMN_CONFIDENCE ||
               c == OT_COLUMN_ILLUSTRATIVE)
        {
          if (text != NULL)
            g_assert_cmpstr (shown, ==, text);
        }
      else
        g_assert_cmpstr (shown, ==, text ? text : "");
      g_assert_null (ot_incident_editor_get_message (editor, c));
    }
  g_assert_true (ot_incident_editor_can_save (editor));

  ot_incident_editor_set_field (editor, OT_COLUMN_ID, ot_dataset_get_incident (dataset, picks[1])->id);
  message = g_strdup_printf ("duplicate id \"%s\" (another incident has it)",
                             ot_dataset_get_incident (dataset, picks[1])->id);
  g_assert_cmpstr (ot_incident_editor_get_message (editor, OT_COLUMN_ID), ==, message);
  g_assert_false (ot_incident_editor_can_save (editor));

  /* Its own id back, a note added: the same incident, changed in place. */
  ot_incident_editor_set_field (editor, OT_COLUMN_ID, incident->id);
  ot_incident_editor_set_field (editor, OT_COLUMN_NOTES, "Checked against the court record.");
  g_assert_true (ot_incident_editor_save (editor));
  g_assert_true (wait_until (editor_gone, NULL));
  g_assert_true (wait_until (window_is_idle, window));
  {
    OtDataset *now = window_dataset (window);
    const OtIncident *changed = ot_dataset_get_incident (now, picks[0]);

    g_assert_true (now != dataset);
    g_assert_cmpuint (ot_dataset_get_n_incidents (now), ==, ot_dataset_get_n_incidents (dataset));
    g_assert_cmpstr (changed->id, ==, incident->id);
    g_assert_cmpstr (changed->notes, ==, "Checked against the court record.");
    g_assert_cmpstr (changed->source, ==, incident->source);
    g_assert_cmpint (changed->date.year, ==, incident->date.year);
  }

  /* Undo puts the version before back. */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.undo", NULL));
  g_assert_true (wait_until (window_is_idle, window));
  g_assert_cmpstr (ot_dataset_get_incident (window_dataset (window), picks[0])->notes, ==, incident->notes);
}

/* Delete asks first, naming how many; Cancel deletes nothing. */
static void
check_delete (OtWindow *window)
{
  g_autoptr(OtDataset) dataset = g_object_ref (window_dataset (window));
  OtIncidentTable *table = find_one_widget (window, OT_TYPE_INCIDENT_TABLE);
  guint picks[3] = { 1, 2, 3 };
  guint n = ot_dataset_get_n_incidents (dataset);
  ToplevelSearch search = { ADW_TYPE_MESSAGE_DIALOG, NULL };
  AdwMessageDialog *dialog;

  ot_incident_table_select (table, picks, 3);
  g_assert_true (wait_until (window_is_idle, window));
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.delete-incidents", NULL));
  g_assert_true (wait_until (find_mapped_toplevel, &search));
  dialog = ADW_MESSAGE_DIALOG (search.found);
  g_assert_cmpstr (adw_message_dialog_get_heading (dialog), ==, "Delete 3 Incidents?");
  adw_message_dialog_response (dialog, "cancel");
  g_assert_true (window_dataset (window) == dataset);

  /* Delete, confirmed: three fewer, the others in order. */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.delete-incidents", NULL));
  search.found = NULL;
  g_assert_true (wait_until (find_mapped_toplevel, &search));
  adw_message_dialog_response (ADW_MESSAGE_DIALOG (search.found), "delete");
  g_assert_true (wait_until (window_is_idle, window));
  g_assert_cmpuint (ot_dataset_get_n_incidents (window_dataset (window)), ==, n - 3);
  for (guint i = 0; i < 3; i++)
    g_assert_cmpint (ot_dataset_find (window_dataset (window), ot_dataset_get_incident (dataset, picks[i])->id),
                     ==, -1);
  g_assert_cmpstr (ot_dataset_get_incident (window_dataset (window), 1)->id, ==,
                   ot_dataset_get_incident (dataset, 4)->id);

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.undo", NULL));
  g_assert_true (wait_until (window_is_idle, window));
  g_assert_cmpuint (ot_dataset_get_n_incidents (window_dataset (window)), ==, n);
}

static void
check_editor (OtApplication *app,
              OtWindow      *window)
{
  drop_samples (window);
  g_assert_cmpuint (ot_dataset_get_n_incidents (window_dataset (window)), ==, 60);

  check_add (window);
  check_edit (window);
  check_delete (window);
}

static void
test_incident_editor (void)
{
  run_app (check_editor);
}

/* In German: the pickers' German names (Antimon, Deutschland) are read
 * as the loader's words, and a bad date gets the loader's German message. */
static void
check_german (OtApplication *app,
              OtWindow      *window)
{
  OtIncidentEditor *editor;
  g_autofree char *date_message = NULL;
  const char *germany = ot_country_display_name ("DE");
  OtMineral antimony;
  Saved saved = { 0 };

  drop_samples (window);
  editor = open_editor (window, "win.add-incident");
  g_assert_cmpstr (gtk_window_get_title (GTK_WINDOW (editor)), ==, "Neuer Vorfall");
  g_assert_true (ot_mineral_parse ("antimony", &antimony));
  g_assert_cmpstr (ot_mineral_label (antimony), ==, "Antimon");
  g_assert_cmpstr (germany, ==, "Deutschland");

  g_signal_connect (editor, "saved", G_CALLBACK (on_saved), &saved);
  ot_incident_editor_set_field (editor, OT_COLUMN_DATE, "2024/07/01");
  ot_incident_editor_set_field (editor, OT_COLUMN_MINERAL, "antimon");
  ot_incident_editor_set_field (editor, OT_COLUMN_EVENT_COUNTRY, germany);
  ot_incident_editor_set_field (editor, OT_COLUMN_SOURCE, "Testeintrag");
  date_message = loader_message ("date", "2024/07/01");
  g_assert_true (g_str_has_prefix (date_message, "ungültiges Datum"));
  g_assert_cmpstr (ot_incident_editor_get_message (editor, OT_COLUMN_DATE), ==, date_message);
  g_assert_null (ot_incident_editor_get_message (editor, OT_COLUMN_MINERAL));
  g_assert_null (ot_incident_editor_get_message (editor, OT_COLUMN_EVENT_COUNTRY));

  ot_incident_editor_set_field (editor, OT_COLUMN_DATE, "2024-07-01");
  g_assert_true (ot_incident_editor_save (editor));
  g_assert_cmpuint (saved.n_saved, ==, 1);
  g_assert_nonnull (strstr (saved.json, "\"mineral\": \"antimony\""));
  g_assert_nonnull (strstr (saved.json, "\"event_country\": \"DE\""));
  g_free (saved.json);
  g_assert_true (wait_until (editor_gone, NULL));
  g_assert_true (wait_until (window_is_idle, window));
}

static void
test_incident_editor_german (void)
{
  const char *localedir = g_getenv ("OT_LOCALEDIR");

  g_assert_nonnull (localedir);
  g_setenv ("LANGUAGE", "de", TRUE);
  setlocale (LC_ALL, "");
  bindtextdomain (GETTEXT_PACKAGE, localedir);
  bind_textdomain_codeset (GETTEXT_PACKAGE, "UTF-8");
  textdomain (GETTEXT_PACKAGE);

  run_app (check_german);

  g_setenv ("LANGUAGE", "", TRUE);
  setlocale (LC_ALL, "");
}

int
main (int    argc,
      char **argv)
{
  if (!window_test_init (&argc, &argv))
    return 0;

  g_test_add_func ("/incident-editor/add-edit-delete", test_incident_editor);
  g_test_add_func ("/incident-editor/german", test_incident_editor_german);

  return g_test_run ();
}
