/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Not a test: shows the filter widgets on a data file, to look at them
 * (screenshots under Xvfb, see docs/filters.md).
 *   _build/tests/widget-demo [sidebar|timeline|table|search|all] [FILE] */
#include <adwaita.h>
#include <glib/gi18n.h>
#include <locale.h>

#include "ot-filter-sidebar.h"
#include "ot-loader.h"

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

static GtkWidget *
make_widget (const char *kind,
             OtDataset  *dataset)
{
  GtkWidget *sidebar = ot_filter_sidebar_new ();

  ot_filter_sidebar_set_dataset (OT_FILTER_SIDEBAR (sidebar), dataset);
  if (g_str_equal (kind, "sidebar"))
    return sidebar;
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
