/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Screen readers (issue 16): every button that shows no text (an icon,
 * an arrow) has an accessible name, in the window with a file loaded,
 * the sidebar, table and details shown, and in the problems dialog; the
 * play button's name follows its icon (Play / Pause); and over AT-SPI,
 * as a screen reader reads it, no button is "GtkImage" or nameless.
 *
 * GTK 4.8 has no public getter for accessible properties; the test API
 * gtk_test_accessible_check_property () returns the value it finds when
 * it differs from the one asked, which reads the label back. */
#include "ot-problems-dialog.h"
#include "ot-timeline.h"
#include "window-fixture.h"

/* The accessible label of @widget, or NULL without one. */
static char *
accessible_label (GtkWidget *widget)
{
  /* No label is ever this: the value found is returned. */
  const char *never = "\x01";

  if (!gtk_test_accessible_has_property (GTK_ACCESSIBLE (widget), GTK_ACCESSIBLE_PROPERTY_LABEL))
    return NULL;
  return gtk_test_accessible_check_property (GTK_ACCESSIBLE (widget), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                             never);
}

/* A visible label with text somewhere inside @widget (not in a closed
 * popover, as a menu button's menu). */
static gboolean
shows_text (GtkWidget *widget)
{
  g_autoptr(GPtrArray) labels = find_widgets (widget, GTK_TYPE_LABEL);

  for (guint i = 0; i < labels->len; i++)
    {
      GtkWidget *label = labels->pdata[i];
      const char *text = gtk_label_get_text (GTK_LABEL (label));

      if (gtk_widget_is_visible (label) && text != NULL && text[0] != '\0')
        return TRUE;
    }
  return FALSE;
}

/* Inside a toast of an AdwToastOverlay (AdwToastWidget is private). */
static gboolean
in_toast (GtkWidget *widget)
{
  GType toast = g_type_from_name ("AdwToastWidget");

  return toast != 0 && gtk_widget_get_ancestor (widget, toast) != NULL;
}

/* The name a screen reader speaks for @button: its own label, or, for the
 * toggle inside a GtkMenuButton (also the arrow of an AdwSplitButton),
 * the menu button's. */
static char *
spoken_name (GtkWidget *button)
{
  char *label = accessible_label (button);
  GtkWidget *parent = gtk_widget_get_parent (button);

  if (label == NULL && GTK_IS_MENU_BUTTON (parent))
    label = accessible_label (parent);
  return label;
}

/* Asserts that every visible button under @root that shows no text has a
 * non-empty accessible name; returns how many such buttons there are. */
static guint
check_icon_buttons (GtkWidget *root)
{
  g_autoptr(GPtrArray) buttons = find_widgets (root, GTK_TYPE_BUTTON);
  g_autoptr(GPtrArray) menus = find_widgets (root, GTK_TYPE_MENU_BUTTON);
  guint checked = 0;

  g_ptr_array_extend_and_steal (buttons, g_steal_pointer (&menus));
  for (guint i = 0; i < buttons->len; i++)
    {
      GtkWidget *button = buttons->pdata[i];
      g_autofree char *name = NULL;

      /* Hidden: never read.  A spin button's − and + never take focus:
       * a screen reader works the spin button itself (its value).  A
       * toast's close button is libadwaita's own, out of our reach. */
      if (!gtk_widget_is_visible (button) || shows_text (button) ||
          gtk_widget_get_ancestor (button, GTK_TYPE_SPIN_BUTTON) != NULL ||
          in_toast (button))
        continue;
      name = spoken_name (button);
      g_test_message ("%s (tooltip \"%s\"): \"%s\"", G_OBJECT_TYPE_NAME (button),
                      gtk_widget_get_tooltip_text (button), name);
      if (name == NULL || name[0] == '\0')
        g_error ("a %s in a %s in a %s (tooltip \"%s\") has no accessible name",
                 G_OBJECT_TYPE_NAME (button), G_OBJECT_TYPE_NAME (gtk_widget_get_parent (button)),
                 G_OBJECT_TYPE_NAME (gtk_widget_get_parent (gtk_widget_get_parent (button))),
                 gtk_widget_get_tooltip_text (button));
      checked++;
    }
  return checked;
}

/* The button with tooltip @tooltip under @root. */
static GtkWidget *
button_with_tooltip (GtkWidget  *root,
                     const char *tooltip)
{
  g_autoptr(GPtrArray) buttons = find_widgets (root, GTK_TYPE_WIDGET);

  for (guint i = 0; i < buttons->len; i++)
    if ((GTK_IS_BUTTON (buttons->pdata[i]) || GTK_IS_MENU_BUTTON (buttons->pdata[i])) &&
        g_strcmp0 (gtk_widget_get_tooltip_text (buttons->pdata[i]), tooltip) == 0)
      return buttons->pdata[i];
  g_error ("no button with tooltip \"%s\"", tooltip);
}

static void
assert_name (GtkWidget  *widget,
             const char *expected)
{
  g_autofree char *name = accessible_label (widget);

  g_assert_cmpstr (name, ==, expected);
}

static gboolean
details_shown (gpointer data)
{
  GtkWidget *button = button_with_tooltip (data, "Show Details (Shift+F9)");

  return gtk_toggle_button_get_active (GTK_TOGGLE_BUTTON (button));
}

/* The sample incidents loaded, with the sidebar, table and details shown. */
static void
show_everything (OtWindow *window)
{
  g_autoptr(GFile) csv = g_file_new_build_filename (g_getenv ("OT_SOURCE_ROOT"), "data", "samples",
                                                    "incidents.csv", NULL);
  GtkWidget *root = GTK_WIDGET (window);

  ot_window_open_files (window, &csv, 1);
  g_assert_true (wait_until (window_is_idle, window));
  gtk_toggle_button_set_active (GTK_TOGGLE_BUTTON (button_with_tooltip (root, "Show Filters (F9)")), TRUE);
  gtk_toggle_button_set_active (GTK_TOGGLE_BUTTON (button_with_tooltip (root, "Show Incidents Table (Ctrl+T)")),
                                TRUE);
  g_assert_true (gtk_widget_activate_action (root, "win.show-details", NULL));
  g_assert_true (wait_until (details_shown, root));
  g_assert_true (wait_until (window_is_idle, window));
}

static void
window_body (OtApplication *app,
             OtWindow      *window)
{
  GtkWidget *root = GTK_WIDGET (window);
  OtTimeline *timeline = find_one_widget (window, OT_TYPE_TIMELINE);
  GtkWidget *play;
  guint before, after;

  /* The empty window: the header bar's Open and menu. */
  before = check_icon_buttons (root);
  g_assert_cmpuint (before, >=, 2);

  show_everything (window);

  /* Header bar, timeline, and two per country and company row. */
  after = check_icon_buttons (root);
  g_test_message ("%u icon-only buttons, %u before the load", after, before);
  g_assert_cmpuint (after, >=, before + 7 + 2 * 10);

  /* The names say what the button does, in words. */
  assert_name (button_with_tooltip (root, "Main Menu"), "Main Menu");
  assert_name (button_with_tooltip (root, "Show Filters (F9)"), "Filters");
  assert_name (button_with_tooltip (root, "Search (Ctrl+F)"), "Search");
  assert_name (button_with_tooltip (root, "Export… (Ctrl+E)"), "Export Chart");
  assert_name (button_with_tooltip (root, "Show Incidents Table (Ctrl+T)"), "Incidents Table");
  assert_name (button_with_tooltip (root, "Show Details (Shift+F9)"), "Details");
  {
    /* A sidebar row's buttons name its value: the tooltip cannot. */
    g_autoptr(GPtrArray) rows = find_widgets (root, ADW_TYPE_ACTION_ROW);
    gboolean found = FALSE;

    for (guint i = 0; i < rows->len && !found; i++)
      if (g_strcmp0 (adw_preferences_row_get_title (rows->pdata[i]), "China") == 0)
        {
          GtkWidget *only = button_with_tooltip (rows->pdata[i], "Only incidents involving it");
          GtkWidget *hide = button_with_tooltip (rows->pdata[i], "Hide incidents involving it");

          assert_name (only, "Only incidents involving China");
          assert_name (hide, "Hide incidents involving China");
          found = TRUE;
        }
    g_assert_true (found);
  }

  /* Play and Pause: the name follows the icon. */
  play = button_with_tooltip (GTK_WIDGET (timeline), "Play: move the period month by month");
  assert_name (play, "Play");
  ot_timeline_set_playing (timeline, TRUE);
  g_assert_true (ot_timeline_get_playing (timeline));
  assert_name (play, "Pause");
  ot_timeline_set_playing (timeline, FALSE);
  assert_name (play, "Play");
  check_icon_buttons (root);
}

static void
test_window_icon_buttons (void)
{
  run_app (window_body);
}

static gboolean
find_problems_dialog (gpointer data)
{
  ToplevelSearch *search = data;

  search->type = OT_TYPE_PROBLEMS_DIALOG;
  return find_mapped_toplevel (search);
}

static void
problems_body (OtApplication *app,
               OtWindow      *window)
{
  g_autoptr(GFile) file = g_file_new_build_filename (g_getenv ("OT_SOURCE_ROOT"), "tests", "data",
                                                     "bad-incidents.csv", NULL);
  ToplevelSearch search = { 0 };
  GtkWidget *copy;

  ot_window_open_files (window, &file, 1);
  g_assert_true (wait_until (window_is_idle, window));
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.show-problems", NULL));
  g_assert_true (wait_until (find_problems_dialog, &search));
  g_assert_cmpuint (check_icon_buttons (GTK_WIDGET (search.found)), >=, 1);
  copy = button_with_tooltip (GTK_WIDGET (search.found), "Copy All Problems");
  assert_name (copy, "Copy All Problems");
  gtk_window_destroy (search.found);
}

static void
test_problems_icon_buttons (void)
{
  run_app (problems_body);
}

/* AT-SPI ---------------------------------------------------------------- */

/* What a screen reader gets: the window's accessibles read over the
 * accessibility bus (org.a11y.Bus, started by dbus-run-session), from a
 * thread with its own connection while the main thread answers. */

typedef struct {
  GDBusConnection *bus;
  GPtrArray       *unnamed;   /* of char *: "role in parent-role" */
  guint            buttons;
  gboolean         done;
  char            *error;
} Reader;

static GVariant *
atspi_call (Reader     *reader,
            const char *name,
            const char *path,
            const char *iface,
            const char *method,
            GVariant   *args,
            const char *type)
{
  g_autoptr(GError) error = NULL;
  GVariant *result = g_dbus_connection_call_sync (reader->bus, name, path, iface, method, args,
                                                  G_VARIANT_TYPE (type), G_DBUS_CALL_FLAGS_NONE,
                                                  10000, NULL, &error);

  if (result == NULL && reader->error == NULL)
    reader->error = g_strdup_printf ("%s on %s: %s", method, path, error->message);
  return result;
}

/* The accessible Name of @path, or NULL. */
static char *
atspi_name (Reader     *reader,
            const char *name,
            const char *path)
{
  g_autoptr(GVariant) reply = atspi_call (reader, name, path, "org.freedesktop.DBus.Properties", "Get",
                                          g_variant_new ("(ss)", "org.a11y.atspi.Accessible", "Name"),
                                          "(v)");
  g_autoptr(GVariant) value = NULL;

  if (reply == NULL)
    return NULL;
  g_variant_get (reply, "(v)", &value);
  return g_variant_is_of_type (value, G_VARIANT_TYPE_STRING) ? g_variant_dup_string (value, NULL) : NULL;
}

/* A name made of a widget type ("GtkImage", what GTK 4.8 says for an
 * unnamed button holding an image) is no name. */
static gboolean
is_real_name (const char *name)
{
  return name != NULL && name[0] != '\0' && !g_str_has_prefix (name, "Gtk") &&
         !g_str_has_prefix (name, "Adw");
}

static void
read_accessible (Reader     *reader,
                 const char *name,
                 const char *path,
                 const char *parent_role,
                 guint       depth)
{
  g_autoptr(GVariant) role = atspi_call (reader, name, path, "org.a11y.atspi.Accessible",
                                         "GetRoleName", NULL, "(s)");
  g_autofree char *label = atspi_name (reader, name, path);
  g_autoptr(GVariant) children = NULL;
  g_autoptr(GVariantIter) iter = NULL;
  const char *role_name, *child_name, *child_path;

  if (role == NULL || label == NULL || depth > 64)
    return;
  g_variant_get (role, "(&s)", &role_name);
  /* A spin button's − and + are worked through the spin button. */
  if ((g_strcmp0 (role_name, "button") == 0 || g_strcmp0 (role_name, "toggle button") == 0) &&
      g_strcmp0 (parent_role, "spin button") != 0)
    {
      reader->buttons++;
      if (!is_real_name (label))
        g_ptr_array_add (reader->unnamed, g_strdup_printf ("%s \"%s\" in a %s", role_name, label,
                                                           parent_role));
    }
  children = atspi_call (reader, name, path, "org.a11y.atspi.Accessible", "GetChildren", NULL,
                         "(a(so))");
  if (children == NULL)
    return;
  g_variant_get (children, "(a(so))", &iter);
  while (g_variant_iter_loop (iter, "(&s&o)", &child_name, &child_path))
    read_accessible (reader, child_name, child_path, role_name, depth + 1);
}

/* GTK registers the application with the desktop some time after its
 * window is shown: this process's application (named after the program;
 * never another on the same bus), bounded like wait_until (). */
static gboolean
wait_for_application (Reader  *reader,
                      char   **app_name,
                      char   **app_path)
{
  gint64 deadline = g_get_monotonic_time () + WAIT_DEADLINE_SECONDS * G_USEC_PER_SEC;

  while (g_get_monotonic_time () < deadline)
    {
      g_autoptr(GVariant) children = atspi_call (reader, "org.a11y.atspi.Registry",
                                                 "/org/a11y/atspi/accessible/root",
                                                 "org.a11y.atspi.Accessible", "GetChildren", NULL,
                                                 "(a(so))");
      g_autoptr(GVariantIter) iter = NULL;
      const char *name, *path;

      if (children == NULL)
        return FALSE;
      g_variant_get (children, "(a(so))", &iter);
      while (g_variant_iter_next (iter, "(&s&o)", &name, &path))
        {
          g_autofree char *label = atspi_name (reader, name, path);

          if (g_strcmp0 (label, g_get_prgname ()) == 0)
            {
              *app_name = g_strdup (name);
              *app_path = g_strdup (path);
              return TRUE;
            }
        }
      g_usleep (20000);
    }
  reader->error = g_strdup ("the application never appeared on the accessibility bus");
  return FALSE;
}

static gpointer
read_desktop (gpointer data)
{
  Reader *reader = data;
  g_autoptr(GError) error = NULL;
  g_autoptr(GDBusConnection) session = g_bus_get_sync (G_BUS_TYPE_SESSION, NULL, &error);
  g_autoptr(GVariant) address = NULL;
  g_autofree char *app_name = NULL;
  g_autofree char *app_path = NULL;
  g_autoptr(GVariant) address_string = NULL;

  if (session != NULL)
    address = g_dbus_connection_call_sync (session, "org.a11y.Bus", "/org/a11y/bus", "org.a11y.Bus",
                                           "GetAddress", NULL, G_VARIANT_TYPE ("(s)"),
                                           G_DBUS_CALL_FLAGS_NONE, 10000, NULL, &error);
  if (address != NULL)
    address_string = g_variant_get_child_value (address, 0);
  if (address_string != NULL)
    reader->bus = g_dbus_connection_new_for_address_sync (g_variant_get_string (address_string, NULL),
                                                          G_DBUS_CONNECTION_FLAGS_AUTHENTICATION_CLIENT |
                                                          G_DBUS_CONNECTION_FLAGS_MESSAGE_BUS_CONNECTION,
                                                          NULL, NULL, &error);
  if (reader->bus == NULL)
    reader->error = g_strdup_printf ("no accessibility bus: %s", error->message);
  else if (wait_for_application (reader, &app_name, &app_path))
    read_accessible (reader, app_name, app_path, "application", 0);
  g_clear_object (&reader->bus);
  g_atomic_int_set (&reader->done, TRUE);
  return NULL;
}

static gboolean
reader_done (gpointer data)
{
  return g_atomic_int_get (&((Reader *) data)->done);
}

static gboolean
no_toast (gpointer data)
{
  GType toast = g_type_from_name ("AdwToastWidget");
  g_autoptr(GPtrArray) toasts = toast != 0 ? find_widgets (data, toast) : NULL;

  return toasts == NULL || toasts->len == 0;
}

static void
atspi_body (OtApplication *app,
            OtWindow      *window)
{
  GtkWidget *root = GTK_WIDGET (window);
  Reader reader = { NULL, g_ptr_array_new_with_free_func (g_free), 0, FALSE, NULL };
  GThread *thread;

  show_everything (window);

  /* The load's toast is gone (its close button is libadwaita's own). */
  g_assert_true (wait_until (no_toast, root));
  thread = g_thread_new ("atspi-reader", read_desktop, &reader);
  /* The reader walks the whole accessible tree over D-Bus, one call per
   * node: on a loaded machine that alone took over 30 s (a CI run at
   * load 20 on 2 cores), so it gets 90. */
  g_assert_true (wait_until_seconds (reader_done, &reader, 90));
  g_thread_join (thread);
  if (reader.error != NULL && reader.buttons == 0)
    {
      g_test_skip (reader.error);
    }
  else
    {
      g_test_message ("%u buttons read over AT-SPI", reader.buttons);
      for (guint i = 0; i < reader.unnamed->len; i++)
        g_test_message ("unnamed: %s", (char *) reader.unnamed->pdata[i]);
      g_assert_null (reader.error);
      /* Header bar, timeline and the sidebar's include/exclude buttons. */
      g_assert_cmpuint (reader.buttons, >=, 20);
      g_assert_cmpuint (reader.unnamed->len, ==, 0);
    }
  g_ptr_array_unref (reader.unnamed);
  g_free (reader.error);
}

static void
test_atspi_names (void)
{
  run_app (atspi_body);
}

int
main (int   argc,
      char *argv[])
{
  /* The test environment turns the accessibility bus off for the other
   * tests (NO_AT_BRIDGE); this one reads it.  Without a bus GTK keeps the
   * properties all the same, and the AT-SPI case is skipped. */
  g_unsetenv ("NO_AT_BRIDGE");
  if (!window_test_init (&argc, &argv))
    return 0;
  adw_init ();

  g_test_add_func ("/window-a11y/icon-buttons", test_window_icon_buttons);
  g_test_add_func ("/window-a11y/problems-icon-buttons", test_problems_icon_buttons);
  g_test_add_func ("/window-a11y/at-spi", test_atspi_names);

  return g_test_run ();
}
