/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Not a test: shows the filter widgets on a data file, to look at them
 * (screenshots under Xvfb, see docs/filters.md).
 *   _build/tests/widget-demo [sidebar|timeline|table|search|all] [FILE] */
#include <adwaita.h>
#include <glib/gi18n.h>
#include <locale.h>

#include "ot-filter-sidebar.h"
#include "ot-incident-table.h"
#include "ot-loader.h"
#include "ot-network.h"
#include "ot-search-bar.h"
#include "ot-timeline.h"

static OtDataset *
load (const char *path)
{
  g_autoptr(GFile) file = g_file_new_for_commandline_arg (path);
  g_autoptr(GError) error = NULL;
  OtDataset *dataset = ot_loader_load_files (&file, 1, NULL, NULL, NULL, &error);

  if (dataset == NULL)
    g_error ("%s: %s", path, error->message);
  return dataset;
}

static OtIncidentTable *table;

static void
on_filter_changed (OtFilterSidebar *sidebar,
                   OtTimeline      *timeline)
{
  ot_timeline_set_filter (timeline, ot_filter_sidebar_get_filter (sidebar));
  ot_incident_table_set_filter (table, ot_filter_sidebar_get_filter (sidebar));
}

static void
on_period_changed (OtTimeline      *timeline,
                   OtFilterSidebar *sidebar)
{
  guint32 from, to;

  ot_timeline_get_period (timeline, &from, &to);
  ot_filter_sidebar_set_period (sidebar, from, to);
}

static GtkWidget *
make_widget (const char *kind,
             OtDataset  *dataset)
{
  GtkWidget *sidebar = ot_filter_sidebar_new ();
  GtkWidget *timeline = ot_timeline_new ();
  GtkWidget *search = ot_search_bar_new ();
  g_autoptr(OtNetwork) network = ot_network_new (dataset, NULL, OT_PROJECTION_ENTITIES);
  GtkWidget *paned, *box;

  table = OT_INCIDENT_TABLE (ot_incident_table_new ());
  ot_incident_table_set_dataset (table, dataset);
  ot_search_bar_set_network (OT_SEARCH_BAR (search), network);
  ot_filter_sidebar_set_dataset (OT_FILTER_SIDEBAR (sidebar), dataset);
  ot_timeline_set_dataset (OT_TIMELINE (timeline), dataset);
  g_signal_connect (sidebar, "filter-changed", G_CALLBACK (on_filter_changed), timeline);
  g_signal_connect (timeline, "period-changed", G_CALLBACK (on_period_changed), sidebar);
  if (g_str_equal (kind, "sidebar"))
    return sidebar;
  if (g_str_equal (kind, "timeline"))
    return timeline;
  if (g_str_equal (kind, "table"))
    return GTK_WIDGET (table);

  box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 0);
  gtk_box_append (GTK_BOX (box), search);
  ot_search_bar_set_search_mode (OT_SEARCH_BAR (search), TRUE);
  if (g_str_equal (kind, "search"))
    {
      ot_search_bar_set_text (OT_SEARCH_BAR (search), g_getenv ("OT_DEMO_SEARCH") ? g_getenv ("OT_DEMO_SEARCH") : "th");
      gtk_box_append (GTK_BOX (box), g_object_new (GTK_TYPE_LABEL, "label", "(chart)", "vexpand", TRUE, NULL));
      return box;
    }
  gtk_widget_set_vexpand (GTK_WIDGET (table), TRUE);
  gtk_box_append (GTK_BOX (box), GTK_WIDGET (table));
  gtk_box_append (GTK_BOX (box), gtk_separator_new (GTK_ORIENTATION_HORIZONTAL));
  gtk_box_append (GTK_BOX (box), timeline);
  paned = gtk_paned_new (GTK_ORIENTATION_HORIZONTAL);
  gtk_paned_set_start_child (GTK_PANED (paned), sidebar);
  gtk_paned_set_end_child (GTK_PANED (paned), box);
  gtk_paned_set_position (GTK_PANED (paned), 320);
  if (g_str_equal (kind, "all"))
    return paned;
  g_error ("unknown widget %s", kind);
}

int
main (int   argc,
      char *argv[])
{
  const char *kind = argc > 1 ? argv[1] : "all";
  g_autofree char *default_path = g_build_filename (SOURCE_ROOT, "data", "samples", "incidents.csv", NULL);
  g_autoptr(OtDataset) dataset = NULL;
  g_autoptr(GMainLoop) loop = g_main_loop_new (NULL, FALSE);
  GtkWidget *window;

  setlocale (LC_ALL, "");
  bindtextdomain (GETTEXT_PACKAGE, g_getenv ("OT_LOCALEDIR") ? g_getenv ("OT_LOCALEDIR") : LOCALEDIR);
  bind_textdomain_codeset (GETTEXT_PACKAGE, "UTF-8");
  textdomain (GETTEXT_PACKAGE);
  adw_init ();

  dataset = load (argc > 2 ? argv[2] : default_path);
  window = gtk_window_new ();
  gtk_window_set_title (GTK_WINDOW (window), kind);
  gtk_window_set_default_size (GTK_WINDOW (window), 1100, 760);
  gtk_window_set_child (GTK_WINDOW (window), make_widget (kind, dataset));
  g_signal_connect_swapped (window, "destroy", G_CALLBACK (g_main_loop_quit), loop);
  gtk_window_present (GTK_WINDOW (window));
  g_main_loop_run (loop);
  return 0;
}
