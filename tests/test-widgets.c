/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The filter widgets on the sample data, under a display: each templated
 * widget is created and finalized; ticking a mineral in the sidebar and
 * moving the timeline's period change the filter and the network built
 * from it; the table follows the filter, selects and exports; search
 * finds and activates results. */
#include <adwaita.h>
#include <glib/gi18n.h>
#include <glib/gstdio.h>
#include <locale.h>
#include <string.h>

#include "ot-filter-sidebar.h"
#include "ot-generator.h"
#include "ot-incident-item.h"
#include "ot-incident-editor.h"
#include "ot-incident-table.h"
#include "ot-loader.h"
#include "ot-network.h"
#include "ot-search-bar.h"
#include "ot-timeline.h"

static OtDataset *
load_samples (void)
{
  g_autofree char *path = g_build_filename (g_getenv ("OT_SOURCE_ROOT"), "data", "samples",
                                            "incidents.csv", NULL);
  g_autoptr(GFile) file = g_file_new_for_path (path);
  g_autoptr(GError) error = NULL;
  OtDataset *dataset = ot_loader_load_files (&file, 1, NULL, NULL, NULL, &error);

  g_assert_no_error (error);
  g_assert_cmpuint (ot_dataset_get_n_incidents (dataset), ==, 60);
  return dataset;
}

/* Waits for the sidebar's rows, which a worker finds. */
static void
wait_for_facets (GtkWidget *sidebar)
{
  gint64 deadline = g_get_monotonic_time () + 30 * G_USEC_PER_SEC;

  while (ot_filter_sidebar_is_counting (OT_FILTER_SIDEBAR (sidebar)) &&
         g_get_monotonic_time () < deadline)
    g_main_context_iteration (NULL, TRUE);
  g_assert_false (ot_filter_sidebar_is_counting (OT_FILTER_SIDEBAR (sidebar)));
}

/* Sets the sidebar's dataset: no rows at first, then all of them. */
static void
set_dataset_and_wait (GtkWidget *sidebar,
                      OtDataset *dataset)
{
  ot_filter_sidebar_set_dataset (OT_FILTER_SIDEBAR (sidebar), dataset);
  g_assert_true (ot_filter_sidebar_is_counting (OT_FILTER_SIDEBAR (sidebar)));
  wait_for_facets (sidebar);
}

static void
count_signal (gpointer  instance,
              guint    *count)
{
  (*count)++;
}

/* The row titled @title, or NULL. */
static GtkWidget *
find_row (GtkWidget  *root,
          const char *title)
{
  for (GtkWidget *child = gtk_widget_get_first_child (root); child;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found;

      if (ADW_IS_PREFERENCES_ROW (child) &&
          g_strcmp0 (adw_preferences_row_get_title (ADW_PREFERENCES_ROW (child)), title) == 0)
        return child;
      if ((found = find_row (child, title)) != NULL)
        return found;
    }
  return NULL;
}

static GtkWidget *
first_check (GtkWidget *root)
{
  for (GtkWidget *child = gtk_widget_get_first_child (root); child;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found;

      if (GTK_IS_CHECK_BUTTON (child))
        return child;
      if ((found = first_check (child)) != NULL)
        return found;
    }
  return NULL;
}

/* The check box of the row titled @title, or NULL. */
static GtkCheckButton *
find_row_check (GtkWidget  *root,
                const char *title)
{
  GtkWidget *row = find_row (root, title);

  return row ? GTK_CHECK_BUTTON (first_check (row)) : NULL;
}

static void
test_widgets_finalize (void)
{
  GType types[] = { OT_TYPE_FILTER_SIDEBAR, OT_TYPE_TIMELINE, OT_TYPE_INCIDENT_TABLE, OT_TYPE_SEARCH_BAR };
  g_autoptr(OtDataset) dataset = load_samples ();

  for (guint i = 0; i < G_N_ELEMENTS (types); i++)
    {
      GtkWidget *widget = g_object_ref_sink (g_object_new (types[i], NULL));
      GtkWidget *window = gtk_window_new ();

      if (types[i] != OT_TYPE_SEARCH_BAR)
        g_object_set (widget, "dataset", dataset, NULL);
      /* Shown in a window, then taken out and dropped. */
      gtk_window_set_child (GTK_WINDOW (window), widget);
      gtk_window_present (GTK_WINDOW (window));
      while (g_main_context_iteration (NULL, FALSE))
        ;
      gtk_window_set_child (GTK_WINDOW (window), NULL);
      gtk_window_destroy (GTK_WINDOW (window));
      g_assert_finalize_object (widget);
    }

  /* The incident editor, new and editing, shown and closed: its template
   * loads and nothing keeps it. */
  for (gint index = -1; index <= 0; index++)
    {
      OtIncidentEditor *editor = g_object_ref (ot_incident_editor_new (NULL, dataset, index));

      gtk_window_present (GTK_WINDOW (editor));
      while (g_main_context_iteration (NULL, FALSE))
        ;
      g_assert_cmpint (ot_incident_editor_get_index (editor), ==, index);
      g_assert_true (ot_incident_editor_can_save (editor) == (index >= 0));
      gtk_window_destroy (GTK_WINDOW (editor));
      g_assert_finalize_object (editor);
    }
}

/* When no mineral's box is ticked, every incident passes the minerals. */
static void
assert_no_mineral_ticked_shows_all (GtkWidget *sidebar,
                                    OtDataset *dataset)
{
  const char *names[] = { "Antimony", "Gallium", "Germanium", "Tungsten", "Graphite" };
  g_autofree guint8 *mask = NULL;
  guint n_included = 0;

  for (guint i = 0; i < G_N_ELEMENTS (names); i++)
    {
      GtkCheckButton *check = find_row_check (sidebar, names[i]);

      g_assert_nonnull (check);
      g_assert_false (gtk_check_button_get_active (check));
    }
  mask = ot_filter_apply (ot_filter_sidebar_get_filter (OT_FILTER_SIDEBAR (sidebar)), dataset, &n_included);
  g_assert_cmpuint (n_included, ==, ot_dataset_get_n_incidents (dataset));
}

static void
test_widgets_sidebar_mineral (void)
{
  g_autoptr(OtDataset) dataset = load_samples ();
  GtkWidget *sidebar = g_object_ref_sink (ot_filter_sidebar_new ());
  g_autoptr(OtNetwork) all = ot_network_new (dataset, NULL, OT_PROJECTION_COUNTRIES);
  g_autoptr(OtNetwork) filtered = NULL;
  g_autofree guint8 *mask = NULL;
  GtkCheckButton *antimony;
  const OtFilter *filter;
  guint changes = 0, n_included = 0;
  OtMineral sb, ga;

  g_assert_true (ot_mineral_parse ("antimony", &sb));
  g_assert_true (ot_mineral_parse ("gallium", &ga));
  set_dataset_and_wait (sidebar, dataset);
  g_signal_connect (sidebar, "filter-changed", G_CALLBACK (count_signal), &changes);
  g_assert_true (ot_filter_is_empty (ot_filter_sidebar_get_filter (OT_FILTER_SIDEBAR (sidebar))));

  /* The user ticks Antimony. */
  antimony = find_row_check (sidebar, "Antimony");
  g_assert_nonnull (antimony);
  gtk_check_button_set_active (antimony, TRUE);
  g_assert_cmpuint (changes, ==, 1);

  filter = ot_filter_sidebar_get_filter (OT_FILTER_SIDEBAR (sidebar));
  g_assert_true (ot_filter_includes_mineral (filter, sb));
  g_assert_false (ot_filter_includes_mineral (filter, ga));
  mask = ot_filter_apply (filter, dataset, &n_included);
  g_assert_cmpuint (n_included, ==, 10);   /* the 10 antimony records */

  filtered = ot_network_refilter (all, filter);
  g_assert_cmpuint (ot_network_get_n_included (filtered), ==, 10);
  g_assert_cmpuint (ot_network_get_n_edges (filtered), >, 0);
  g_assert_cmpuint (ot_network_get_n_edges (filtered), <, ot_network_get_n_edges (all));
  for (guint e = 0; e < ot_network_get_n_edges (filtered); e++)
    g_assert_cmpint (ot_network_get_edge (filtered, e)->mineral, ==, sb);

  /* The counts stay faceted: Gallium still shows its 6. */
  g_assert_nonnull (find_row_check (sidebar, "Gallium"));

  /* Unticking goes back to everything; Reset too. */
  gtk_check_button_set_active (antimony, FALSE);
  g_assert_cmpuint (changes, ==, 2);
  g_assert_true (ot_filter_is_empty (ot_filter_sidebar_get_filter (OT_FILTER_SIDEBAR (sidebar))));
  ot_filter_sidebar_set_mineral (OT_FILTER_SIDEBAR (sidebar), ga, TRUE);
  g_assert_false (gtk_check_button_get_active (antimony));
  g_assert_true (gtk_check_button_get_active (find_row_check (sidebar, "Gallium")));
  ot_filter_sidebar_reset (OT_FILTER_SIDEBAR (sidebar));
  g_assert_cmpuint (changes, ==, 4);
  g_assert_false (gtk_check_button_get_active (find_row_check (sidebar, "Gallium")));

  /* No box ticked always means every mineral, however it came about: the
   * header's All, and what used to be None (which showed nothing with the
   * very same boxes as the start). */
  ot_filter_sidebar_set_mineral (OT_FILTER_SIDEBAR (sidebar), ga, TRUE);
  g_assert_true (gtk_widget_activate_action (sidebar, "sidebar.all-minerals", NULL));
  assert_no_mineral_ticked_shows_all (sidebar, dataset);
  gtk_widget_activate_action (sidebar, "sidebar.no-minerals", NULL);
  assert_no_mineral_ticked_shows_all (sidebar, dataset);

  g_assert_finalize_object (sidebar);
}

/* Long lists show six rows and "Show N more"; a ticked row always shows. */
static void
test_widgets_sidebar_folding (void)
{
  g_autoptr(OtDataset) dataset = load_samples ();
  GtkWidget *sidebar = g_object_ref_sink (ot_filter_sidebar_new ());
  GtkWidget *more, *folded;

  set_dataset_and_wait (sidebar, dataset);
  /* Concealment: 22 methods in the samples, the 7th onwards folded; by
   * count, "undervaluation" (2, after "express post" and "split
   * shipments") is the 7th. */
  more = find_row (sidebar, "Show 16 more");
  g_assert_nonnull (more);
  folded = find_row (sidebar, "undervaluation");
  g_assert_nonnull (folded);
  g_assert_false (gtk_widget_get_visible (folded));
  g_assert_true (gtk_widget_get_visible (find_row (sidebar, "false declaration")));

  g_signal_emit_by_name (more, "activated");
  g_assert_true (gtk_widget_get_visible (folded));
  g_assert_cmpstr (adw_preferences_row_get_title (ADW_PREFERENCES_ROW (more)), ==, "Show fewer");

  /* Tick the folded one, fold again: it stays in sight. */
  gtk_check_button_set_active (find_row_check (sidebar, "undervaluation"), TRUE);
  g_assert_true (ot_filter_includes_method (ot_filter_sidebar_get_filter (OT_FILTER_SIDEBAR (sidebar)),
                                            "Undervaluation"));
  g_signal_emit_by_name (more, "activated");
  g_assert_true (gtk_widget_get_visible (folded));
  g_assert_false (gtk_widget_get_visible (find_row (sidebar, "recruiting experts abroad")));

  g_assert_finalize_object (sidebar);
}

/* A label under @root reading @text. */
static gboolean
has_label (GtkWidget  *root,
           const char *text)
{
  if (GTK_IS_LABEL (root) && g_strcmp0 (gtk_label_get_label (GTK_LABEL (root)), text) == 0)
    return TRUE;
  for (GtkWidget *child = gtk_widget_get_first_child (root); child;
       child = gtk_widget_get_next_sibling (child))
    if (has_label (child, text))
      return TRUE;
  return FALSE;
}

/* The first widget of @type under @root, or NULL. */
static GtkWidget *
first_of_type (GtkWidget *root,
               GType      type)
{
  for (GtkWidget *child = gtk_widget_get_first_child (root); child;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found;

      if (G_TYPE_CHECK_INSTANCE_TYPE (child, type))
        return child;
      if ((found = first_of_type (child, type)) != NULL)
        return found;
    }
  return NULL;
}

/* The count label (class "numeric") of the row titled @title. */
static const char *
row_count (GtkWidget  *sidebar,
           const char *title)
{
  GtkWidget *row = find_row (sidebar, title);
  g_autoptr(GPtrArray) stack = g_ptr_array_new ();

  g_assert_nonnull (row);
  g_ptr_array_add (stack, row);
  while (stack->len > 0)
    {
      GtkWidget *w = g_ptr_array_steal_index (stack, stack->len - 1);

      if (GTK_IS_LABEL (w) && gtk_widget_has_css_class (w, "numeric"))
        return gtk_label_get_label (GTK_LABEL (w));
      for (GtkWidget *c = gtk_widget_get_first_child (w); c; c = gtk_widget_get_next_sibling (c))
        g_ptr_array_add (stack, c);
    }
  g_assert_not_reached ();
}

/* Issue 16: the Evidence rows on a test fixture of reported and
 * illustrative records (made-up, not data): the switch hides the
 * illustrative ones, the grades tick like the other facets, with counts,
 * and Reset brings everything back. */
static void
test_widgets_sidebar_evidence (void)
{
  static const char fixture[] =
    "id,date,mineral,origin,destination,status,reliability,credibility,illustrative\n"
    "R1,2024-01,gallium,CN,US,seized,A,1,false\n"
    "R2,2024-02,gallium,CN,US,seized,B,2,false\n"
    "R3,2024-03,antimony,CN,US,alleged,,,false\n"
    "X1,2024-04,germanium,KR,JP,seized,F,6,true\n"
    "X2,2024-05,gallium,CN,US,seized,C,3,true\n";
  g_autoptr(OtDataset) dataset = ot_dataset_new ();
  g_autoptr(OtDataset) generated = ot_dataset_new ();
  g_autoptr(GBytes) bytes = ot_generator_to_bytes (3, 200, OT_FORMAT_CSV);
  GtkWidget *sidebar = g_object_ref_sink (ot_filter_sidebar_new ());
  g_autoptr(GError) error = NULL;
  GtkWidget *row;
  GtkSwitch *toggle;
  GtkCheckButton *grade_a;
  const OtFilter *filter;
  guint changes = 0;

  g_assert_true (ot_loader_load_data (dataset, "evidence.csv", fixture, strlen (fixture), NULL, &error));
  g_assert_no_error (error);
  set_dataset_and_wait (sidebar, dataset);
  g_signal_connect (sidebar, "filter-changed", G_CALLBACK (count_signal), &changes);

  row = find_row (sidebar, "Show illustrative records");
  g_assert_nonnull (row);
  g_assert_true (gtk_widget_get_visible (row));
  toggle = GTK_SWITCH (first_of_type (row, GTK_TYPE_SWITCH));
  g_assert_nonnull (toggle);
  g_assert_true (gtk_switch_get_active (toggle));          /* shown by default */
  g_assert_cmpstr (row_count (sidebar, "Show illustrative records"), ==, "2");
  g_assert_true (gtk_test_accessible_has_property (GTK_ACCESSIBLE (toggle), GTK_ACCESSIBLE_PROPERTY_LABEL));
  g_assert_cmpstr (row_count (sidebar, "A · Completely reliable"), ==, "1");
  g_assert_cmpstr (row_count (sidebar, "Not given"), ==, "1");   /* reliability's: R3 */
  g_assert_nonnull (find_row (sidebar, "6 · Truth cannot be judged"));

  /* Off: only the reported records; the grades of X1, X2 count 0. */
  gtk_switch_set_active (toggle, FALSE);
  g_assert_cmpuint (changes, ==, 1);
  filter = ot_filter_sidebar_get_filter (OT_FILTER_SIDEBAR (sidebar));
  g_assert_false (ot_filter_get_show_illustrative (filter));
  g_assert_true (has_label (sidebar, "3 of 5 incidents"));
  g_assert_true (has_label (sidebar, "Without illustrative records"));
  g_assert_cmpstr (row_count (sidebar, "F · Reliability cannot be judged"), ==, "0");
  g_assert_cmpstr (row_count (sidebar, "Show illustrative records"), ==, "2");   /* faceted */

  /* Tick A: one record; its row counts on, the others keep theirs. */
  grade_a = find_row_check (sidebar, "A · Completely reliable");
  g_assert_nonnull (grade_a);
  gtk_check_button_set_active (grade_a, TRUE);
  g_assert_cmpuint (changes, ==, 2);
  filter = ot_filter_sidebar_get_filter (OT_FILTER_SIDEBAR (sidebar));
  g_assert_true (ot_filter_includes_reliability (filter, 'A'));
  g_assert_false (ot_filter_includes_reliability (filter, 'B'));
  g_assert_true (has_label (sidebar, "1 of 5 incidents"));
  g_assert_cmpstr (row_count (sidebar, "B · Usually reliable"), ==, "1");

  /* Reset: everything again, the switch back on. */
  ot_filter_sidebar_reset (OT_FILTER_SIDEBAR (sidebar));
  g_assert_true (ot_filter_is_empty (ot_filter_sidebar_get_filter (OT_FILTER_SIDEBAR (sidebar))));
  g_assert_true (gtk_switch_get_active (toggle));
  g_assert_false (gtk_check_button_get_active (grade_a));
  g_assert_true (has_label (sidebar, "5 of 5 incidents"));

  /* Generated records: all illustrative, no grades: the switch shows,
   * the grade lists (only "Not given") do not. */
  g_assert_true (ot_loader_load_data (generated, "generated.csv", g_bytes_get_data (bytes, NULL),
                                      g_bytes_get_size (bytes), NULL, &error));
  g_assert_no_error (error);
  set_dataset_and_wait (sidebar, generated);
  g_assert_nonnull (find_row (sidebar, "Show illustrative records"));
  g_assert_cmpstr (row_count (sidebar, "Show illustrative records"), ==, "200");
  row = find_row (sidebar, "Not given");
  g_assert_nonnull (row);
  g_assert_false (gtk_widget_is_visible (row));

  g_assert_finalize_object (sidebar);
}

/* The values and counts are found in a worker: the filter works before
 * they land and keeps what was ticked meanwhile; the facets of a dataset
 * replaced before they land are dropped. */
static void
test_widgets_sidebar_facets (void)
{
  g_autoptr(OtDataset) samples = load_samples ();
  g_autoptr(OtDataset) generated = ot_dataset_new ();
  g_autoptr(GBytes) bytes = ot_generator_to_bytes (3, 3000, OT_FORMAT_CSV);
  GtkWidget *sidebar = g_object_ref_sink (ot_filter_sidebar_new ());
  g_autoptr(GError) error = NULL;
  OtMineral sb;

  g_assert_true (ot_mineral_parse ("antimony", &sb));
  g_assert_true (ot_loader_load_data (generated, "generated.csv", g_bytes_get_data (bytes, NULL),
                                      g_bytes_get_size (bytes), NULL, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (ot_dataset_get_n_incidents (generated), ==, 3000);

  ot_filter_sidebar_set_dataset (OT_FILTER_SIDEBAR (sidebar), generated);
  g_assert_true (ot_filter_sidebar_is_counting (OT_FILTER_SIDEBAR (sidebar)));
  g_assert_null (find_row_check (sidebar, "Antimony"));          /* no rows yet */
  g_assert_true (has_label (sidebar, "3000 of 3000 incidents"));
  /* Replaced at once: the first dataset's facets never show. */
  ot_filter_sidebar_set_dataset (OT_FILTER_SIDEBAR (sidebar), samples);
  g_assert_true (ot_filter_sidebar_is_counting (OT_FILTER_SIDEBAR (sidebar)));
  ot_filter_sidebar_set_mineral (OT_FILTER_SIDEBAR (sidebar), sb, TRUE);
  g_assert_true (has_label (sidebar, "10 of 60 incidents"));
  g_assert_null (find_row_check (sidebar, "Antimony"));

  wait_for_facets (sidebar);
  g_assert_true (ot_filter_sidebar_get_dataset (OT_FILTER_SIDEBAR (sidebar)) == samples);
  g_assert_true (gtk_check_button_get_active (find_row_check (sidebar, "Antimony")));
  g_assert_false (gtk_check_button_get_active (find_row_check (sidebar, "Gallium")));
  g_assert_true (has_label (sidebar, "10 of 60 incidents"));
  g_assert_nonnull (find_row (sidebar, "Show 16 more"));        /* the samples' 22 methods */
  g_assert_false (has_label (sidebar, "3000 of 3000 incidents"));

  g_assert_finalize_object (sidebar);
}

static void
test_widgets_timeline_period (void)
{
  g_autoptr(OtDataset) dataset = load_samples ();
  GtkWidget *timeline = g_object_ref_sink (ot_timeline_new ());
  GtkWidget *sidebar = g_object_ref_sink (ot_filter_sidebar_new ());
  g_autoptr(OtNetwork) all = ot_network_new (dataset, NULL, OT_PROJECTION_COUNTRIES);
  g_autoptr(OtNetwork) filtered = NULL;
  guint32 from = 1, to = 1, f_from, f_to;
  guint changes = 0;
  int first, last;

  ot_timeline_set_dataset (OT_TIMELINE (timeline), dataset);
  ot_filter_sidebar_set_dataset (OT_FILTER_SIDEBAR (sidebar), dataset);
  g_signal_connect (timeline, "period-changed", G_CALLBACK (count_signal), &changes);

  /* All time at first: no period. */
  ot_timeline_get_period (OT_TIMELINE (timeline), &from, &to);
  g_assert_cmpuint (from, ==, 0);
  g_assert_cmpuint (to, ==, 0);
  g_assert_true (ot_timeline_get_range (OT_TIMELINE (timeline), &first, &last));
  g_assert_cmpint (first, ==, 2019 * 12);        /* CMI-2023-0001, 2019 to 2023 */
  g_assert_cmpint (last, ==, 2026 * 12 + 1);     /* REAL-2026-0001 and -0002, February 2026 */

  /* Move the range to the first half of 2024. */
  g_assert_true (ot_timeline_set_range (OT_TIMELINE (timeline), 2024 * 12, 2024 * 12 + 5));
  g_assert_cmpuint (changes, ==, 1);
  ot_timeline_get_period (OT_TIMELINE (timeline), &from, &to);
  g_assert_cmpuint (from, ==, ot_month_first_day (2024 * 12));
  g_assert_cmpuint (to, ==, ot_month_last_day (2024 * 12 + 5));

  /* The window hands it to the filter: the network shrinks. */
  ot_filter_sidebar_set_period (OT_FILTER_SIDEBAR (sidebar), from, to);
  ot_filter_get_period (ot_filter_sidebar_get_filter (OT_FILTER_SIDEBAR (sidebar)), &f_from, &f_to);
  g_assert_cmpuint (f_from, ==, from);
  g_assert_cmpuint (f_to, ==, to);
  filtered = ot_network_refilter (all, ot_filter_sidebar_get_filter (OT_FILTER_SIDEBAR (sidebar)));
  g_assert_cmpuint (ot_network_get_n_included (filtered), <, ot_network_get_n_included (all));
  g_assert_cmpuint (ot_network_get_n_edges (filtered), <, ot_network_get_n_edges (all));

  /* Play moves it on to the next month where an incident begins, keeping
   * its width: no sample incident begins from July to November 2024, three
   * in December (REAL-2024-0005, CMI-2025-0006 and -0007). */
  g_assert_true (ot_timeline_step (OT_TIMELINE (timeline)));
  g_assert_cmpuint (changes, ==, 2);
  g_assert_true (ot_timeline_get_range (OT_TIMELINE (timeline), &first, &last));
  g_assert_cmpint (first, ==, 2024 * 12 + 6);
  g_assert_cmpint (last, ==, 2024 * 12 + 11);
  ot_timeline_set_range (OT_TIMELINE (timeline), 2025 * 12 + 9, 2026 * 12 + 1);
  g_assert_false (ot_timeline_step (OT_TIMELINE (timeline)));

  /* A period in days widens to whole months; the full span is all time. */
  ot_timeline_set_period (OT_TIMELINE (timeline), ot_month_first_day (2023 * 12 + 2) + 10, 0);
  ot_timeline_get_period (OT_TIMELINE (timeline), &from, &to);
  g_assert_cmpuint (from, ==, ot_month_first_day (2023 * 12 + 2));
  g_assert_cmpuint (to, ==, ot_month_last_day (2026 * 12 + 1));
  ot_timeline_set_range (OT_TIMELINE (timeline), 0, G_MAXINT / 2);
  ot_timeline_get_period (OT_TIMELINE (timeline), &from, &to);
  g_assert_cmpuint (from, ==, 0);

  /* The filter (its period aside) changes the bars, not the range. */
  ot_timeline_set_filter (OT_TIMELINE (timeline), ot_filter_sidebar_get_filter (OT_FILTER_SIDEBAR (sidebar)));
  ot_timeline_set_measure (OT_TIMELINE (timeline), OT_HISTOGRAM_KG);
  g_assert_cmpint (ot_timeline_get_measure (OT_TIMELINE (timeline)), ==, OT_HISTOGRAM_KG);

  g_assert_finalize_object (timeline);
  g_assert_finalize_object (sidebar);
}

static void
on_selected (OtIncidentTable *table,
             GArray          *indices,
             GArray         **out)
{
  g_clear_pointer (out, g_array_unref);
  *out = g_array_ref (indices);
}

/* Play steps over months that bring nothing new: every frame ends on a
 * month where an incident begins, no such month is stepped over, and play
 * stops after the last; the sample, sparse before 2023 and with year-only
 * dates, takes far fewer steps than months.  The same frames in kg. */
static guint
play_through (OtTimeline  *timeline,
              OtHistogram *counts)
{
  int first = ot_histogram_get_first_month (counts), from, to, previous_to = G_MININT;
  int n = (int) ot_histogram_get_n_months (counts);
  guint steps = 0;

  ot_timeline_set_range (timeline, 0, G_MAXINT / 2);
  while (ot_timeline_step (timeline))
    {
      guint first_frame_starts = 0;

      g_assert_true (ot_timeline_get_range (timeline, &from, &to));
      g_assert_cmpint (to - from + 1, ==, OT_TIMELINE_PLAY_WINDOW);
      if (previous_to == G_MININT)
        {
          /* The first frame holds the first incident. */
          for (int m = first; m <= to; m++)
            if (ot_histogram_get_n_starting (counts, m - first) > 0)
              first_frame_starts += m >= from ? 1 : 1000;
          g_assert_cmpuint (first_frame_starts, >, 0);
          g_assert_cmpuint (first_frame_starts, <, 1000);
        }
      else
        {
          g_assert_cmpuint (ot_histogram_get_n_starting (counts, to - first), >, 0);
          for (int m = previous_to + 1; m < to; m++)
            g_assert_cmpuint (ot_histogram_get_n_starting (counts, m - first), ==, 0);
        }
      previous_to = to;
      steps++;
      g_assert_cmpint (steps, <=, n);
    }
  for (int m = previous_to + 1; m < first + n; m++)
    g_assert_cmpuint (ot_histogram_get_n_starting (counts, m - first), ==, 0);
  return steps;
}

static void
count_notify (GObject    *object,
              GParamSpec *pspec,
              guint      *count)
{
  (*count)++;
}

static void
test_widgets_timeline_play_skips_empty (void)
{
  g_autoptr(OtDataset) dataset = load_samples ();
  g_autoptr(OtHistogram) counts = ot_histogram_new (dataset, NULL, OT_HISTOGRAM_INCIDENTS);
  GtkWidget *timeline = g_object_ref_sink (ot_timeline_new ());
  guint busy = 0, steps;

  for (guint i = 0; i < ot_histogram_get_n_months (counts); i++)
    busy += ot_histogram_get_n_starting (counts, i) > 0;
  ot_timeline_set_dataset (OT_TIMELINE (timeline), dataset);
  steps = play_through (OT_TIMELINE (timeline), counts);
  g_test_message ("%u months, %u where incidents begin, %u steps",
                  ot_histogram_get_n_months (counts), busy, steps);
  g_assert_cmpuint (steps, <=, busy);
  g_assert_cmpuint (steps * 2, <, ot_histogram_get_n_months (counts));

  ot_timeline_set_measure (OT_TIMELINE (timeline), OT_HISTOGRAM_KG);
  g_assert_cmpuint (play_through (OT_TIMELINE (timeline), counts), ==, steps);

  /* Where play stopped, nothing is left to play: Play starts again from
   * the first month, says so ("playing"), and hands the chart the span. */
  {
    guint notified = 0;
    guint32 from_day, to_day;
    int from, to;

    g_signal_connect (timeline, "notify::playing", G_CALLBACK (count_notify), &notified);
    ot_timeline_set_playing (OT_TIMELINE (timeline), TRUE);
    g_assert_true (ot_timeline_get_playing (OT_TIMELINE (timeline)));
    g_assert_cmpuint (notified, ==, 1);
    g_assert_true (ot_timeline_get_range (OT_TIMELINE (timeline), &from, &to));
    g_assert_cmpint (from, ==, ot_histogram_get_first_month (counts));
    ot_timeline_get_play_period (OT_TIMELINE (timeline), &from_day, &to_day);
    g_assert_cmpuint (from_day, ==, ot_month_first_day (from));
    g_assert_cmpuint (to_day, ==, ot_month_last_day (ot_histogram_get_first_month (counts) +
                                                     (int) ot_histogram_get_n_months (counts) - 1));
    ot_timeline_set_playing (OT_TIMELINE (timeline), FALSE);
    g_assert_cmpuint (notified, ==, 2);
    ot_timeline_get_play_period (OT_TIMELINE (timeline), &from_day, &to_day);
    g_assert_cmpuint (from_day, ==, 0);
    g_assert_cmpuint (to_day, ==, 0);
  }

  g_assert_finalize_object (timeline);
}

static void
test_widgets_table (void)
{
  g_autoptr(OtDataset) dataset = load_samples ();
  GtkWidget *table = g_object_ref_sink (ot_incident_table_new ());
  g_autoptr(OtFilter) filter = ot_filter_new ();
  g_autoptr(GArray) selected = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = g_dir_make_tmp ("ot-table-XXXXXX", &error);
  g_autofree char *path = g_build_filename (dir, "shown.csv", NULL);
  g_autoptr(GFile) file = g_file_new_for_path (path);
  g_autofree char *contents = NULL;
  guint pick[2];
  OtMineral sb;

  g_assert_no_error (error);
  ot_incident_table_set_dataset (OT_INCIDENT_TABLE (table), dataset);
  g_assert_cmpuint (ot_incident_table_get_n_shown (OT_INCIDENT_TABLE (table)), ==, 60);

  /* Dates read as in the details pane and the chart: ISO under the C
   * locale (not %x's "03/13/25"), and ot_date_to_display() everywhere. */
  {
    guint i0001 = ot_dataset_find (dataset, "CMI-2025-0001");
    g_autofree char *text = ot_incident_table_get_cell_text (OT_INCIDENT_TABLE (table), i0001, OT_COLUMN_DATE);

    g_assert_cmpstr (text, ==, "2025-03-13");
    for (guint i = 0; i < ot_dataset_get_n_incidents (dataset); i++)
      {
        const OtIncident *incident = ot_dataset_get_incident (dataset, i);
        g_autofree char *cell = ot_incident_table_get_cell_text (OT_INCIDENT_TABLE (table), i, OT_COLUMN_DATE);
        g_autofree char *shown = ot_date_to_display (&incident->date);

        if (incident->date.precision == OT_DATE_NONE)
          g_assert_null (cell);
        else
          g_assert_cmpstr (cell, ==, shown);
      }
  }

  g_assert_true (ot_mineral_parse ("antimony", &sb));
  ot_filter_set_mineral (filter, sb, TRUE);
  ot_incident_table_set_filter (OT_INCIDENT_TABLE (table), filter);
  g_assert_cmpuint (ot_incident_table_get_n_shown (OT_INCIDENT_TABLE (table)), ==, 10);   /* antimony: 10 records */

  /* Sorting by quantity: ascending puts the missing ones last (so
   * descending puts them first), then the largest (3 366 t). */
  ot_incident_table_sort_by (OT_INCIDENT_TABLE (table), OT_COLUMN_QUANTITY, GTK_SORT_DESCENDING);
  {
    GListModel *model = ot_incident_table_get_model (OT_INCIDENT_TABLE (table));
    double previous = G_MAXDOUBLE;
    gboolean seen_quantity = FALSE;

    for (guint i = 0; i < g_list_model_get_n_items (model); i++)
      {
        g_autoptr(GObject) item = g_list_model_get_item (model, i);
        const OtIncident *incident = ot_dataset_get_incident (dataset, ot_incident_item_get_index (OT_INCIDENT_ITEM (item)));

        if (!ot_incident_has_quantity (incident))
          {
            g_assert_false (seen_quantity);
            continue;
          }
        if (!seen_quantity)
          g_assert_cmpfloat (incident->quantity_kg, ==, 3366000);   /* the largest in the samples */
        seen_quantity = TRUE;
        g_assert_cmpfloat (incident->quantity_kg, <=, previous);
        previous = incident->quantity_kg;
      }
    g_assert_true (seen_quantity);
  }
  ot_incident_table_sort_by (OT_INCIDENT_TABLE (table), OT_COLUMN_ID, GTK_SORT_ASCENDING);
  {
    GListModel *model = ot_incident_table_get_model (OT_INCIDENT_TABLE (table));

    for (guint i = 1; i < g_list_model_get_n_items (model); i++)
      {
        g_autoptr(GObject) a = g_list_model_get_item (model, i - 1);
        g_autoptr(GObject) b = g_list_model_get_item (model, i);

        g_assert_cmpint (g_utf8_collate (ot_dataset_get_incident (dataset, ot_incident_item_get_index (OT_INCIDENT_ITEM (a)))->id,
                                         ot_dataset_get_incident (dataset, ot_incident_item_get_index (OT_INCIDENT_ITEM (b)))->id), <, 0);
      }
  }

  /* Sorting by date follows the dates, not their text. */
  ot_incident_table_sort_by (OT_INCIDENT_TABLE (table), OT_COLUMN_DATE, GTK_SORT_ASCENDING);
  {
    GListModel *model = ot_incident_table_get_model (OT_INCIDENT_TABLE (table));

    for (guint i = 1; i < g_list_model_get_n_items (model); i++)
      {
        g_autoptr(GObject) a = g_list_model_get_item (model, i - 1);
        g_autoptr(GObject) b = g_list_model_get_item (model, i);
        guint32 da = ot_date_first_day (&ot_dataset_get_incident (dataset, ot_incident_item_get_index (OT_INCIDENT_ITEM (a)))->date);
        guint32 db = ot_date_first_day (&ot_dataset_get_incident (dataset, ot_incident_item_get_index (OT_INCIDENT_ITEM (b)))->date);

        if (db != 0)
          g_assert_cmpuint (da, <=, db);
      }
  }

  /* Selecting rows reports their dataset indices. */
  g_signal_connect (table, "incidents-selected", G_CALLBACK (on_selected), &selected);
  pick[0] = ot_dataset_find (dataset, "CMI-2025-0001");
  pick[1] = ot_dataset_find (dataset, "CMI-2025-0003");
  ot_incident_table_select (OT_INCIDENT_TABLE (table), pick, 2);
  g_assert_nonnull (selected);
  g_assert_cmpuint (selected->len, ==, 2);
  g_assert_cmpuint (g_array_index (selected, guint, 0) + g_array_index (selected, guint, 1), ==, pick[0] + pick[1]);

  /* Export writes the rows shown, and only them. */
  g_assert_true (ot_incident_table_export_csv (OT_INCIDENT_TABLE (table), file, &error));
  g_assert_no_error (error);
  g_assert_true (g_file_get_contents (path, &contents, NULL, NULL));
  g_assert_nonnull (strstr (contents, "CMI-2025-0001,"));
  g_assert_null (strstr (contents, "CMI-2024-0001,"));   /* gallium */
  g_assert_cmpint (g_unlink (path), ==, 0);
  g_assert_cmpint (g_rmdir (dir), ==, 0);

  g_assert_finalize_object (table);
}

static void
on_result (OtSearchBar *bar,
           guint        kind,
           guint        index,
           guint       *out)
{
  out[0] = kind;
  out[1] = index;
}

static void
test_widgets_search (void)
{
  g_autoptr(OtDataset) dataset = load_samples ();
  g_autoptr(OtNetwork) network = ot_network_new (dataset, NULL, OT_PROJECTION_COUNTRIES);
  GtkWidget *bar = g_object_ref_sink (ot_search_bar_new ());
  guint got[2] = { 99, 99 };
  gint th;

  ot_search_bar_set_network (OT_SEARCH_BAR (bar), network);
  g_signal_connect (bar, "result-activated", G_CALLBACK (on_result), got);
  ot_search_bar_set_search_mode (OT_SEARCH_BAR (bar), TRUE);
  g_assert_true (ot_search_bar_get_search_mode (OT_SEARCH_BAR (bar)));

  ot_search_bar_set_text (OT_SEARCH_BAR (bar), "thailand");
  g_assert_cmpuint (ot_search_bar_get_n_results (OT_SEARCH_BAR (bar)), >=, 1);
  th = ot_network_find_vertex (network, "country:TH");
  g_assert_cmpint (th, >=, 0);
  g_assert_cmpint (ot_search_bar_get_result (OT_SEARCH_BAR (bar), 0)->kind, ==, OT_SEARCH_VERTEX);
  g_assert_cmpuint (ot_search_bar_get_result (OT_SEARCH_BAR (bar), 0)->index, ==, (guint) th);
  ot_search_bar_activate_result (OT_SEARCH_BAR (bar), 0);
  g_assert_cmpuint (got[0], ==, OT_SEARCH_VERTEX);
  g_assert_cmpuint (got[1], ==, (guint) th);

  ot_search_bar_set_text (OT_SEARCH_BAR (bar), "CMI-2025-0002");
  g_assert_cmpuint (ot_search_bar_get_n_results (OT_SEARCH_BAR (bar)), ==, 1);
  ot_search_bar_activate_result (OT_SEARCH_BAR (bar), 0);
  g_assert_cmpuint (got[0], ==, OT_SEARCH_INCIDENT);
  g_assert_cmpuint (got[1], ==, (guint) ot_dataset_find (dataset, "CMI-2025-0002"));

  ot_search_bar_set_text (OT_SEARCH_BAR (bar), "no such thing anywhere");
  g_assert_cmpuint (ot_search_bar_get_n_results (OT_SEARCH_BAR (bar)), ==, 0);

  g_assert_finalize_object (bar);
}

static gboolean
has_group_titled (GtkWidget  *root,
                  const char *title)
{
  for (GtkWidget *child = gtk_widget_get_first_child (root); child;
       child = gtk_widget_get_next_sibling (child))
    {
      if (ADW_IS_PREFERENCES_GROUP (child) &&
          g_strcmp0 (adw_preferences_group_get_title (ADW_PREFERENCES_GROUP (child)), title) == 0)
        return TRUE;
      if (has_group_titled (child, title))
        return TRUE;
    }
  return FALSE;
}

/* Runs last: the sidebar's own strings in Chinese. */
static void
test_widgets_chinese (void)
{
  g_autoptr(OtDataset) dataset = load_samples ();
  GtkWidget *sidebar;

  g_setenv ("LANGUAGE", "zh_CN", TRUE);
  setlocale (LC_ALL, "");   /* drops glibc's cache of translations */
  sidebar = g_object_ref_sink (ot_filter_sidebar_new ());
  set_dataset_and_wait (sidebar, dataset);
  g_assert_true (has_group_titled (sidebar, "矿产"));
  g_assert_true (has_group_titled (sidebar, "藏匿方式"));
  g_assert_false (has_group_titled (sidebar, "Minerals"));
  /* Mineral names too. */
  g_assert_nonnull (find_row_check (sidebar, "锑"));
  g_assert_finalize_object (sidebar);

  g_unsetenv ("LANGUAGE");
  setlocale (LC_ALL, "");
}

int
main (int   argc,
      char *argv[])
{
  setlocale (LC_ALL, "");
  g_test_init (&argc, &argv, NULL);

  if (!gtk_init_check ())
    {
      g_print ("1..0 # SKIP no display\n");
      return 0;
    }
  adw_init ();
  bindtextdomain (GETTEXT_PACKAGE, g_getenv ("OT_LOCALEDIR"));
  bind_textdomain_codeset (GETTEXT_PACKAGE, "UTF-8");
  textdomain (GETTEXT_PACKAGE);

  g_test_add_func ("/widgets/finalize", test_widgets_finalize);
  g_test_add_func ("/widgets/sidebar-mineral", test_widgets_sidebar_mineral);
  g_test_add_func ("/widgets/sidebar-folding", test_widgets_sidebar_folding);
  g_test_add_func ("/widgets/sidebar-facets", test_widgets_sidebar_facets);
  g_test_add_func ("/widgets/sidebar-evidence", test_widgets_sidebar_evidence);
  g_test_add_func ("/widgets/timeline-period", test_widgets_timeline_period);
  g_test_add_func ("/widgets/timeline-play-skips-empty", test_widgets_timeline_play_skips_empty);
  g_test_add_func ("/widgets/table", test_widgets_table);
  g_test_add_func ("/widgets/search", test_widgets_search);
  g_test_add_func ("/widgets/chinese", test_widgets_chinese);

  return g_test_run ();
}
