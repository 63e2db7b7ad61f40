/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Hostile text on screen (issue 13): a toast naming "R&D <b>.csv" shows
 * it as written (libadwaita 1.2 parses toast titles as markup); a source
 * link in the details pane shows its real host and asks before opening,
 * naming the host, and only http and https addresses are links (a file
 * or a script is plain text); a recent file "R&D <b>_x.csv" is listed as written. */
#include <glib/gstdio.h>
#include <string.h>

#include "ot-details-pane.h"
#include "ot-incident-table.h"
#include "ot-test-util.h"
#include "window-fixture.h"

static void
iterate (void)
{
  while (g_main_context_iteration (NULL, FALSE))
    ;
}

typedef struct {
  GtkWidget  *root;
  const char *text;
  GtkWidget  *found;
} LabelSearch;

/* A label under @root whose text (markup parsed) contains @text. */
static gboolean
find_label (gpointer data)
{
  LabelSearch *search = data;
  g_autoptr(GPtrArray) labels = find_widgets (search->root, GTK_TYPE_LABEL);

  for (guint i = 0; i < labels->len; i++)
    if (strstr (gtk_label_get_text (labels->pdata[i]), search->text) != NULL)
      {
        search->found = labels->pdata[i];
        return TRUE;
      }
  return FALSE;
}

static void
test_toast_markup (void)
{
  g_autoptr(OtDataset) ds = ot_test_load ("rows.csv",
                                               "id,date,mineral,origin,destination\n"
                                               "A,2024,Sb,CN,US\nB,2024,Sb,CN,TH\n");
  g_autofree char *dir = g_dir_make_tmp ("ot-hostile-ui-XXXXXX", NULL);
  g_autofree char *path = g_build_filename (dir, "R&D <b>.csv", NULL);
  g_autoptr(GFile) file = g_file_new_for_path (path);
  GtkWidget *window = gtk_window_new ();
  GtkWidget *overlay = adw_toast_overlay_new ();
  GtkWidget *table = ot_incident_table_new ();
  LabelSearch search = { overlay, "Saved 2 incidents to \xe2\x80\x9cR&D <b>.csv\xe2\x80\x9d", NULL };

  ot_incident_table_set_dataset (OT_INCIDENT_TABLE (table), ds);
  adw_toast_overlay_set_child (ADW_TOAST_OVERLAY (overlay), table);
  gtk_window_set_child (GTK_WINDOW (window), overlay);
  gtk_window_set_default_size (GTK_WINDOW (window), 600, 400);
  gtk_window_present (GTK_WINDOW (window));
  g_assert_true (wait_until (widget_is_mapped, window));

  /* A markup error would be a GTK warning: fatal in a test. */
  ot_incident_table_save_csv (OT_INCIDENT_TABLE (table), file);
  g_assert_true (wait_until (find_label, &search));
  g_assert_true (g_file_test (path, G_FILE_TEST_IS_REGULAR));
  g_assert_true (gtk_widget_get_mapped (search.found));

  gtk_window_destroy (GTK_WINDOW (window));
  iterate ();
  g_remove (path);
  g_rmdir (dir);
}

static gboolean
find_message_dialog (gpointer data)
{
  ToplevelSearch *search = data;

  search->type = ADW_TYPE_MESSAGE_DIALOG;
  return find_mapped_toplevel (search);
}

static GtkLinkButton *
link_with_label (GtkWidget  *root,
                 const char *label)
{
  g_autoptr(GPtrArray) links = find_widgets (root, GTK_TYPE_LINK_BUTTON);

  for (guint i = 0; i < links->len; i++)
    {
      GtkWidget *link = links->pdata[i];

      if (gtk_widget_get_mapped (link) &&
          g_strcmp0 (gtk_button_get_label (GTK_BUTTON (link)), label) == 0)
        return GTK_LINK_BUTTON (link);
    }
  return NULL;
}

typedef struct {
  GtkWidget  *root;
  const char *label;
} LinkSearch;

static gboolean
has_link (gpointer data)
{
  LinkSearch *search = data;

  return link_with_label (search->root, search->label) != NULL;
}

static void
test_details_link_host (void)
{
  /* "Reuters" links to another host: the link shows that host; an
   * address without a name shows its host; a user@host address was
   * dropped by the loader. */
  g_autoptr(OtDataset) ds = ot_test_load ("sources.csv",
                                               "id,date,mineral,origin,destination,source,source_url\n"
                                               "A,2024,Sb,CN,US,Reuters,https://evil.example/reuters?x=1\n"
                                               "B,2024,Sb,CN,US,,https://www.example.org/report\n"
                                               "C,2024,Sb,CN,US,Customs,https://customs.gov@evil.example/\n");
  g_autoptr(OtChart) chart = ot_chart_new ();
  g_autoptr(GError) error = NULL;
  GtkWidget *window = gtk_window_new ();
  GtkWidget *pane = g_object_new (OT_TYPE_DETAILS_PANE, NULL);
  LinkSearch first = { pane, "evil.example" };
  LinkSearch second = { pane, "www.example.org" };
  ToplevelSearch dialog_search = { 0 };
  g_autofree char *body = NULL;
  GtkLinkButton *link;
  GtkWidget *dialog;

  ot_chart_set_dataset (chart, ds);
  g_assert_true (ot_chart_update (chart, NULL, &error));
  g_assert_no_error (error);
  gtk_window_set_child (GTK_WINDOW (window), pane);
  gtk_window_set_default_size (GTK_WINDOW (window), 900, 600);
  gtk_window_present (GTK_WINDOW (window));
  g_assert_true (wait_until (widget_is_mapped, window));

  /* The one edge CN → US carries the three incidents. */
  ot_details_pane_show (OT_DETAILS_PANE (pane), chart, NULL, OT_HIT_EDGE, 0);
  g_assert_cmpuint (g_list_model_get_n_items (ot_details_pane_get_incidents (OT_DETAILS_PANE (pane))),
                    ==, 3);
  /* Each record, picked in the list (A, B, C: same date, by id), shows
   * its source. */
  ot_details_pane_select_incident (OT_DETAILS_PANE (pane), 1);
  g_assert_true (wait_until (has_link, &second));
  ot_details_pane_select_incident (OT_DETAILS_PANE (pane), 0);
  g_assert_true (wait_until (has_link, &first));
  link = link_with_label (pane, "evil.example");
  g_assert_cmpstr (gtk_widget_get_tooltip_text (GTK_WIDGET (link)), ==,
                   "Opens https://evil.example/reuters?x=1");
  /* The name beside it, apart: it cannot pass for the host. */
  g_assert_true (GTK_IS_LABEL (gtk_widget_get_prev_sibling (GTK_WIDGET (link))));
  g_assert_cmpstr (gtk_label_get_text (GTK_LABEL (gtk_widget_get_prev_sibling (GTK_WIDGET (link)))),
                   ==, "Reuters");
  /* The dropped address is no link: its name only. */
  {
    LabelSearch search = { pane, "Customs", NULL };

    ot_details_pane_select_incident (OT_DETAILS_PANE (pane), 2);
    g_assert_true (wait_until (find_label, &search));
    g_assert_null (gtk_widget_get_ancestor (search.found, GTK_TYPE_LINK_BUTTON));
    ot_details_pane_select_incident (OT_DETAILS_PANE (pane), 0);
    g_assert_true (wait_until (has_link, &first));
    link = link_with_label (pane, "evil.example");   /* the record was made again */
  }

  /* A click asks first, naming the host and the address. */
  g_signal_emit_by_name (link, "clicked");
  g_assert_true (wait_until (find_message_dialog, &dialog_search));
  dialog = GTK_WIDGET (dialog_search.found);
  body = g_strdup (adw_message_dialog_get_body (ADW_MESSAGE_DIALOG (dialog)));
  g_assert_cmpstr (body, ==, "This opens a page on evil.example:\nhttps://evil.example/reuters?x=1");
  g_assert_false (adw_message_dialog_get_body_use_markup (ADW_MESSAGE_DIALOG (dialog)));
  g_assert_cmpstr (adw_message_dialog_get_default_response (ADW_MESSAGE_DIALOG (dialog)), ==, "cancel");
  adw_message_dialog_response (ADW_MESSAGE_DIALOG (dialog), "cancel");
  iterate ();

  gtk_window_destroy (GTK_WINDOW (window));
  iterate ();
}

/* An incident CN → US whose source has the address @url as given, not
 * checked by a loader (a data set made otherwise). */
static void
add_sourced (OtDataset  *ds,
             const char *id,
             const char *source,
             const char *url)
{
  OtIncident incident = { 0 };

  incident.id = ot_dataset_store (ds, id);
  incident.quantity_kg = NAN;
  incident.value = NAN;
  g_assert_true (ot_mineral_parse ("Sb", &incident.mineral));
  incident.status = OT_STATUS_REPORTED;
  g_assert_true (ot_date_parse ("2024", &incident.date, NULL));
  g_strlcpy (incident.origin.code, "CN", sizeof incident.origin.code);
  g_strlcpy (incident.destination.code, "US", sizeof incident.destination.code);
  incident.source = ot_dataset_store (ds, source);
  incident.source_url = ot_dataset_store (ds, url);
  g_assert_true (ot_dataset_add (ds, &incident));
}

/* No link under @root goes to @url. */
static void
assert_no_link_to (GtkWidget  *root,
                   const char *url)
{
  g_autoptr(GPtrArray) links = find_widgets (root, GTK_TYPE_LINK_BUTTON);

  for (guint i = 0; i < links->len; i++)
    g_assert_cmpstr (gtk_link_button_get_uri (links->pdata[i]), !=, url);
}

static void
test_details_link_schemes (void)
{
  /* Only http and https are links: a local file and a script are text,
   * shown as written and never opened. */
  static const char *const hostile[] = { "file:///etc/passwd", "javascript:alert(document.cookie)",
                                         "JavaScript:alert(1)", "data:text/html,<b>x</b>" };
  g_autoptr(OtDataset) ds = ot_dataset_new ();
  g_autoptr(OtChart) chart = ot_chart_new ();
  g_autoptr(GError) error = NULL;
  GtkWidget *window = gtk_window_new ();
  GtkWidget *pane = g_object_new (OT_TYPE_DETAILS_PANE, NULL);
  LinkSearch good = { pane, "www.example.org" };

  add_sourced (ds, "G", "Good", "https://www.example.org/report");
  for (guint i = 0; i < G_N_ELEMENTS (hostile); i++)
    {
      g_autofree char *id = g_strdup_printf ("H%u", i);
      g_autofree char *name = g_strdup_printf ("Source %u", i);

      add_sourced (ds, id, name, hostile[i]);
    }
  ot_chart_set_dataset (chart, ds);
  g_assert_true (ot_chart_update (chart, NULL, &error));
  g_assert_no_error (error);
  gtk_window_set_child (GTK_WINDOW (window), pane);
  gtk_window_set_default_size (GTK_WINDOW (window), 1400, 800);
  gtk_window_present (GTK_WINDOW (window));
  g_assert_true (wait_until (widget_is_mapped, window));

  ot_details_pane_show (OT_DETAILS_PANE (pane), chart, NULL, OT_HIT_EDGE, 0);
  g_assert_cmpuint (g_list_model_get_n_items (ot_details_pane_get_incidents (OT_DETAILS_PANE (pane))),
                    ==, 1 + G_N_ELEMENTS (hostile));
  /* The good one is a link: the pane shows links at all. */
  g_assert_true (wait_until (has_link, &good));
  for (guint i = 0; i < G_N_ELEMENTS (hostile); i++)
    {
      g_autofree char *text = g_strdup_printf ("Source %u \xc2\xb7 %s", i, hostile[i]);
      LabelSearch search = { pane, text, NULL };

      g_test_message ("source address %s", hostile[i]);
      ot_details_pane_select_incident (OT_DETAILS_PANE (pane), i + 1);   /* G, then H0… */
      assert_no_link_to (pane, hostile[i]);
      g_assert_true (wait_until (find_label, &search));
      g_assert_cmpstr (gtk_label_get_text (GTK_LABEL (search.found)), ==, text);
      g_assert_null (gtk_widget_get_ancestor (search.found, GTK_TYPE_LINK_BUTTON));
      g_assert_false (gtk_label_get_use_markup (GTK_LABEL (search.found)));
      g_assert_true (gtk_widget_get_mapped (search.found));
      g_assert_nonnull (strstr (gtk_widget_get_tooltip_text (search.found), "never opened"));
    }

  gtk_window_destroy (GTK_WINDOW (window));
  iterate ();
}

static char *recent_dir;

/* The action row titled @data, once the window lists it. */
static gboolean
has_recent_row (gpointer data)
{
  GtkWindow *window = gtk_application_get_active_window (GTK_APPLICATION (g_application_get_default ()));
  g_autoptr(GPtrArray) rows = find_widgets (GTK_WIDGET (window), ADW_TYPE_ACTION_ROW);

  for (guint i = 0; i < rows->len; i++)
    if (g_strcmp0 (adw_preferences_row_get_title (rows->pdata[i]), data) == 0)
      return TRUE;
  return FALSE;
}

static void
recent_body (OtApplication *app,
             OtWindow      *window)
{
  const char *name = "R&D <b>_x.csv";
  g_autofree char *path = g_build_filename (recent_dir, name, NULL);
  g_autofree char *uri = g_filename_to_uri (path, NULL, NULL);
  GMenuModel *menu;
  gboolean found = FALSE;

  g_assert_true (g_file_set_contents (path, "id,date,mineral,origin\nA,2024,Sb,CN\n", -1, NULL));
  /* A markup warning would be fatal here. */
  g_assert_true (gtk_recent_manager_add_item (gtk_recent_manager_get_default (), uri));
  g_assert_true (wait_until (has_recent_row, (gpointer) name));

  /* The Open menu lists it with its underscore, not as a mnemonic. */
  menu = adw_split_button_get_menu_model (find_one_widget (window, ADW_TYPE_SPLIT_BUTTON));
  for (int i = 0; i < g_menu_model_get_n_items (menu); i++)
    {
      g_autofree char *label = NULL;

      if (g_menu_model_get_item_attribute (menu, i, G_MENU_ATTRIBUTE_LABEL, "s", &label) &&
          g_strcmp0 (label, "R&D <b>__x.csv") == 0)
        found = TRUE;
    }
  g_assert_true (found);
  g_remove (path);
}

static void
test_recent_file_name (void)
{
  recent_dir = g_dir_make_tmp ("ot-hostile-recent-XXXXXX", NULL);
  run_app (recent_body);
  g_rmdir (recent_dir);
  g_clear_pointer (&recent_dir, g_free);
}

int
main (int   argc,
      char *argv[])
{
  if (!window_test_init (&argc, &argv))
    return 0;
  adw_init ();

  g_test_add_func ("/window-hostile/toast-markup", test_toast_markup);
  g_test_add_func ("/window-hostile/details-link-host", test_details_link_host);
  g_test_add_func ("/window-hostile/details-link-schemes", test_details_link_schemes);
  g_test_add_func ("/window-hostile/recent-file-name", test_recent_file_name);

  return g_test_run ();
}
