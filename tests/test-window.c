/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Starts the real application under a display and checks its window. */
#include <glib/gi18n.h>

#include "ot-application.h"
#include "ot-window.h"

typedef struct {
  gboolean checked;
} WindowCheck;

static gboolean
check_window (gpointer user_data)
{
  GApplication *app = user_data;
  GtkWindow *window = gtk_application_get_active_window (GTK_APPLICATION (app));
  GtkWidget *child;
  gboolean found_status_page = FALSE;
  WindowCheck *check = g_object_get_data (G_OBJECT (app), "check");

  g_assert_nonnull (window);
  g_assert_true (OT_IS_WINDOW (window));
  g_assert_true (gtk_widget_get_visible (GTK_WIDGET (window)));
  g_assert_cmpstr (gtk_window_get_title (window), ==, "Oretrace");

  /* Walk the tree looking for the visible status page. */
  child = GTK_WIDGET (window);
  {
    g_autoptr(GPtrArray) queue = g_ptr_array_new ();
    g_ptr_array_add (queue, child);
    for (guint i = 0; i < queue->len; i++)
      {
        GtkWidget *w = g_ptr_array_index (queue, i);
        if (ADW_IS_STATUS_PAGE (w) && gtk_widget_is_drawable (w))
          found_status_page = TRUE;
        for (GtkWidget *c = gtk_widget_get_first_child (w); c; c = gtk_widget_get_next_sibling (c))
          g_ptr_array_add (queue, c);
      }
  }
  g_assert_true (found_status_page);
  g_assert_true (g_action_group_has_action (G_ACTION_GROUP (app), "about"));
  g_assert_true (g_action_group_has_action (G_ACTION_GROUP (app), "quit"));

  check->checked = TRUE;
  g_action_group_activate_action (G_ACTION_GROUP (app), "quit", NULL);
  return G_SOURCE_REMOVE;
}

static void
on_activate (GApplication *app)
{
  g_timeout_add (300, check_window, app);
}

static void
test_window_presented (void)
{
  g_autoptr(OtApplication) app = ot_application_new ();
  WindowCheck check = { FALSE };
  char *argv[] = { (char *) "oretrace", NULL };
  int status;

  g_application_set_flags (G_APPLICATION (app),
                           G_APPLICATION_HANDLES_OPEN | G_APPLICATION_NON_UNIQUE);
  g_object_set_data (G_OBJECT (app), "check", &check);
  g_signal_connect_after (app, "activate", G_CALLBACK (on_activate), NULL);
  status = g_application_run (G_APPLICATION (app), 1, argv);

  g_assert_cmpint (status, ==, 0);
  g_assert_true (check.checked);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  if (!gtk_init_check ())
    {
      g_test_skip ("no display");
      g_print ("1..0 # SKIP no display\n");
      return 0;
    }

  g_test_add_func ("/window/presented", test_window_presented);

  return g_test_run ();
}
