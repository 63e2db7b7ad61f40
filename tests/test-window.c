/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Starts the real application under a display and checks its window, the
 * About window, the Keyboard Shortcuts window and the saved window state
 * (see window-fixture.h for how a case runs). */
#include <glib/gi18n.h>
#include <locale.h>

#include "window-fixture.h"

static void
check_presented (OtApplication *app,
                 OtWindow      *window)
{
  g_autoptr(GPtrArray) pages = find_widgets (GTK_WIDGET (window), ADW_TYPE_STATUS_PAGE);
  GtkIconTheme *theme;
  AdwStatusPage *page;

  g_assert_true (gtk_widget_get_visible (GTK_WIDGET (window)));
  g_assert_cmpstr (gtk_window_get_title (GTK_WINDOW (window)), ==, "Oretrace");

  /* The empty page is the one on screen (the details pane has its own
   * placeholder, hidden with the chart page). */
  page = visible_status_page (pages);
  g_assert_nonnull (page);
  g_assert_cmpstr (adw_status_page_get_title (page), ==, "No Incidents Loaded");

  /* The icons resolve even uninstalled (they are in the GResource). */
  theme = gtk_icon_theme_get_for_display (gtk_widget_get_display (GTK_WIDGET (window)));
  g_assert_true (gtk_icon_theme_has_icon (theme, adw_status_page_get_icon_name (page)));
  g_assert_true (gtk_icon_theme_has_icon (theme, APPLICATION_ID));

  g_assert_true (g_action_group_has_action (G_ACTION_GROUP (app), "about"));
  g_assert_true (g_action_group_has_action (G_ACTION_GROUP (app), "quit"));
  g_assert_true (g_action_group_get_action_enabled (G_ACTION_GROUP (app), "quit"));
}

static void
test_window_presented (void)
{
  run_app (check_presented);
}

static void
check_menu (OtApplication *app,
            OtWindow      *window)
{
  g_autoptr(GPtrArray) buttons = find_widgets (GTK_WIDGET (window), GTK_TYPE_MENU_BUTTON);
  const char *expected[] = {
    "win.undo", "win.redo",
    "win.open-store-dialog", "win.save-case", "win.save-case-as", "win.save-view", "win.reimport",
    "win.add-incident", "win.edit-incident", "win.delete-incidents", "win.incident-history",
    "win.merge-companies", "win.find-same-companies", "win.show-signals",
    "win.export", "win.zoom-fit", "win.relayout", "win.show-notes", "win.show-trade",
    "win.more-detail", "win.less-detail", "win.show-problems",
    "win.show-help-overlay", "app.about", "app.quit",
  };
  g_autoptr(GPtrArray) actions = g_ptr_array_new_with_free_func (g_free);
  GMenuModel *menu = NULL;

  for (guint i = 0; i < buttons->len && menu == NULL; i++)
    if (gtk_menu_button_get_primary (g_ptr_array_index (buttons, i)))
      menu = gtk_menu_button_get_menu_model (g_ptr_array_index (buttons, i));
  g_assert_nonnull (menu);

  /* Sections holding the items, in the order the user sees them. */
  for (int s = 0; s < g_menu_model_get_n_items (menu); s++)
    {
      GMenuModel *section = g_menu_model_get_item_link (menu, s, G_MENU_LINK_SECTION);

      g_assert_nonnull (section);
      for (int i = 0; i < g_menu_model_get_n_items (section); i++)
        {
          g_autoptr(GMenuModel) submenu = g_menu_model_get_item_link (section, i, G_MENU_LINK_SUBMENU);
          char *action = NULL;

          /* A submenu (Views) counts as its first item (Save View…). */
          if (submenu != NULL)
            {
              g_autoptr(GMenuModel) first = g_menu_model_get_item_link (submenu, 0, G_MENU_LINK_SECTION);

              g_assert_nonnull (first);
              g_assert_true (g_menu_model_get_item_attribute (first, 0, G_MENU_ATTRIBUTE_ACTION,
                                                              "s", &action));
            }
          else
            g_assert_true (g_menu_model_get_item_attribute (section, i, G_MENU_ATTRIBUTE_ACTION,
                                                            "s", &action));
          g_ptr_array_add (actions, action);
        }
      g_object_unref (section);
    }
  g_assert_cmpuint (actions->len, ==, G_N_ELEMENTS (expected));
  for (guint i = 0; i < G_N_ELEMENTS (expected); i++)
    g_assert_cmpstr (g_ptr_array_index (actions, i), ==, expected[i]);
}

static void
test_window_menu (void)
{
  run_app (check_menu);
}

static void
check_about (OtApplication *app,
             OtWindow      *window)
{
  ToplevelSearch search = { ADW_TYPE_ABOUT_WINDOW, NULL };
  AdwAboutWindow *about;

  g_action_group_activate_action (G_ACTION_GROUP (app), "about", NULL);
  g_assert_true (wait_until (find_mapped_toplevel, &search));

  about = ADW_ABOUT_WINDOW (search.found);
  g_assert_cmpstr (adw_about_window_get_application_name (about), ==, "Oretrace");
  g_assert_cmpstr (adw_about_window_get_version (about), ==, "0.1.0");
  g_assert_cmpstr (adw_about_window_get_version (about), ==, PACKAGE_VERSION);
  g_assert_cmpint (adw_about_window_get_license_type (about), ==, GTK_LICENSE_GPL_3_0);
  g_assert_cmpstr (adw_about_window_get_application_icon (about), ==, APPLICATION_ID);
  g_assert_true (gtk_window_get_transient_for (GTK_WINDOW (about)) == GTK_WINDOW (window));

  gtk_window_destroy (GTK_WINDOW (about));
}

static void
test_window_about (void)
{
  run_app (check_about);
}

static void
check_shortcuts (OtApplication *app,
                 OtWindow      *window)
{
  GtkShortcutsWindow *overlay;
  g_autoptr(GPtrArray) shortcuts = NULL;
  g_autoptr(GPtrArray) action_names = g_ptr_array_new_with_free_func (g_free);
  const char *listed[] = {
    "win.open", "win.save-case", "win.save-case-as", "win.export", "win.show-help-overlay", "app.quit",
    "win.toggle-projection", "win.show-details", "win.relayout",
    "win.add-incident", "win.edit-incident",
  };

  /* GtkApplication loads gtk/help-overlay.ui from the resource base path. */
  overlay = gtk_application_window_get_help_overlay (GTK_APPLICATION_WINDOW (window));
  g_assert_nonnull (overlay);
  g_assert_false (gtk_widget_get_mapped (GTK_WIDGET (overlay)));

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.show-help-overlay", NULL));
  g_assert_true (wait_until (widget_is_mapped, overlay));

  /* Every entry names an action or shows its keys; the window's actions
   * with accelerators are all there. */
  shortcuts = find_widgets (GTK_WIDGET (overlay), GTK_TYPE_SHORTCUTS_SHORTCUT);
  g_assert_cmpuint (shortcuts->len, >=, 20);
  for (guint i = 0; i < shortcuts->len; i++)
    {
      char *name = NULL;
      g_autofree char *accelerator = NULL;
      int type;

      g_object_get (g_ptr_array_index (shortcuts, i), "action-name", &name,
                    "accelerator", &accelerator, "shortcut-type", &type, NULL);
      g_assert_true (name != NULL || accelerator != NULL || type != GTK_SHORTCUT_ACCELERATOR);
      if (name != NULL)
        g_ptr_array_add (action_names, name);
    }
  for (guint i = 0; i < G_N_ELEMENTS (listed); i++)
    g_assert_true (g_ptr_array_find_with_equal_func (action_names, listed[i], g_str_equal, NULL));

  gtk_window_close (GTK_WINDOW (overlay));
  g_assert_false (gtk_widget_get_visible (GTK_WIDGET (overlay)));
}

static void
test_window_shortcuts (void)
{
  run_app (check_shortcuts);
}

/* GSETTINGS_BACKEND=memory (tests/meson.build): nothing touches the user's
 * settings.  The window restores size and maximized state from GSettings and
 * writes them back when they change. */
static void
check_settings (OtApplication *app,
                OtWindow      *window)
{
  g_autoptr(GSettings) settings = g_settings_new (APPLICATION_ID);
  OtWindow *second;
  int width, height;

  /* Restored: the values set before the window existed. */
  gtk_window_get_default_size (GTK_WINDOW (window), &width, &height);
  g_assert_cmpint (width, ==, 900);
  g_assert_cmpint (height, ==, 600);
  g_assert_false (gtk_window_is_maximized (GTK_WINDOW (window)));

  /* Saved: a size change lands in GSettings. */
  gtk_window_set_default_size (GTK_WINDOW (window), 1000, 650);
  g_assert_cmpint (g_settings_get_int (settings, "window-width"), ==, 1000);
  g_assert_cmpint (g_settings_get_int (settings, "window-height"), ==, 650);

  /* The next window starts from the saved state.  It is not shown: Xvfb has
   * no window manager to grant a maximize request, but an unmapped window
   * records the maximized state itself, which is what the binding carries.
   * For the same reason the mapped window's own binding is cut first: it
   * would answer the maximize request with "not maximized" and write that
   * back to the key. */
  g_settings_unbind (window, "maximized");
  g_settings_set_boolean (settings, "window-maximized", TRUE);
  g_assert_true (g_settings_get_boolean (settings, "window-maximized"));
  second = ot_window_new (app);
  gtk_window_get_default_size (GTK_WINDOW (second), &width, &height);
  g_assert_cmpint (width, ==, 1000);
  g_assert_cmpint (height, ==, 650);
  g_assert_true (gtk_window_is_maximized (GTK_WINDOW (second)));

  gtk_window_unmaximize (GTK_WINDOW (second));
  g_assert_false (g_settings_get_boolean (settings, "window-maximized"));
  gtk_window_maximize (GTK_WINDOW (second));
  g_assert_true (g_settings_get_boolean (settings, "window-maximized"));

  gtk_window_destroy (GTK_WINDOW (second));
}

static void
test_window_settings (void)
{
  g_autoptr(GSettings) settings = NULL;

  /* Never the user's dconf database. */
  g_assert_cmpstr (g_getenv ("GSETTINGS_BACKEND"), ==, "memory");
  settings = g_settings_new (APPLICATION_ID);
  g_settings_set_int (settings, "window-width", 900);
  g_settings_set_int (settings, "window-height", 600);
  g_settings_set_boolean (settings, "window-maximized", FALSE);

  run_app (check_settings);

  g_settings_reset (settings, "window-width");
  g_settings_reset (settings, "window-height");
  g_settings_reset (settings, "window-maximized");
}

static void
check_german (OtApplication *app,
              OtWindow      *window)
{
  g_autoptr(GPtrArray) pages = find_widgets (GTK_WIDGET (window), ADW_TYPE_STATUS_PAGE);
  g_autoptr(GPtrArray) buttons = find_widgets (GTK_WIDGET (window), GTK_TYPE_BUTTON);
  gboolean found_open = FALSE;

  g_assert_nonnull (visible_status_page (pages));
  g_assert_cmpstr (adw_status_page_get_title (visible_status_page (pages)), ==,
                   "Keine Vorfälle geladen");
  for (guint i = 0; i < buttons->len; i++)
    if (g_strcmp0 (gtk_button_get_label (g_ptr_array_index (buttons, i)), "_Öffnen") == 0)
      found_open = TRUE;
  g_assert_true (found_open);
}

/* The window in German, with the catalogue from the build tree, set up the
 * way main.c does it (OT_LOCALEDIR instead of the installed locale dir). */
static void
test_window_german (void)
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
main (int   argc,
      char *argv[])
{
  /* Recent files go to a private place: a name in the user's list must
   * never decide whether this test passes. */
  if (!window_test_init (&argc, &argv))
    return 0;

  g_test_add_func ("/window/presented", test_window_presented);
  g_test_add_func ("/window/menu", test_window_menu);
  g_test_add_func ("/window/about", test_window_about);
  g_test_add_func ("/window/shortcuts", test_window_shortcuts);
  g_test_add_func ("/window/settings", test_window_settings);
  g_test_add_func ("/window/german", test_window_german);

  return g_test_run ();
}
