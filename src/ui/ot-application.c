/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "ot-application.h"
#include "ot-window.h"
#include "ot-cli.h"

#include <glib/gi18n.h>

struct _OtApplication
{
  AdwApplication  parent_instance;

  OtCliOptions    options;
};

G_DEFINE_FINAL_TYPE (OtApplication, ot_application, ADW_TYPE_APPLICATION)

static OtWindow *
ot_application_get_or_create_window (OtApplication *self)
{
  GtkWindow *window = gtk_application_get_active_window (GTK_APPLICATION (self));

  if (window == NULL)
    window = GTK_WINDOW (ot_window_new (self));
  return OT_WINDOW (window);
}

static void
ot_application_activate (GApplication *app)
{
  OtWindow *window = ot_application_get_or_create_window (OT_APPLICATION (app));

  gtk_window_present (GTK_WINDOW (window));
}

static void
ot_application_open (GApplication  *app,
                     GFile        **files,
                     int            n_files,
                     const char    *hint)
{
  OtWindow *window = ot_application_get_or_create_window (OT_APPLICATION (app));

  ot_window_open_files (window, files, n_files);
  gtk_window_present (GTK_WINDOW (window));
}

static int
ot_application_handle_local_options (GApplication *app,
                                     GVariantDict *dict)
{
  OtApplication *self = OT_APPLICATION (app);
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) files = NULL;

  if (ot_cli_wants_command (&self->options))
    return ot_cli_run (&self->options);

  if (self->options.files == NULL)
    return -1;

  /* Plain `oretrace FILE…`: open them in the (remote) instance. */
  if (!g_application_register (app, NULL, &error))
    {
      g_printerr ("%s\n", error->message);
      return 1;
    }

  files = g_ptr_array_new_with_free_func (g_object_unref);
  for (guint i = 0; self->options.files[i] != NULL; i++)
    g_ptr_array_add (files, g_file_new_for_commandline_arg (self->options.files[i]));
  g_application_open (app, (GFile **) files->pdata, files->len, "");
  return 0;
}

static void
ot_application_about_action (GSimpleAction *action,
                             GVariant      *parameter,
                             gpointer       user_data)
{
  static const char *developers[] = { "The Oretrace developers", NULL };
  OtApplication *self = user_data;
  GtkWindow *window = gtk_application_get_active_window (GTK_APPLICATION (self));

  adw_show_about_window (window,
                         "application-name", _("Oretrace"),
                         "application-icon", APPLICATION_ID,
                         "developer-name", _("The Oretrace developers"),
                         "version", PACKAGE_VERSION,
                         "comments", _("See how controlled minerals are smuggled: the network behind the incidents"),
                         "website", "https://github.com/oretrace/oretrace",
                         "issue-url", "https://github.com/oretrace/oretrace/issues",
                         "developers", developers,
                         "copyright", "© 2026 The Oretrace developers",
                         "license-type", GTK_LICENSE_GPL_3_0,
                         "translator-credits", _("translator-credits"),
                         NULL);
}

static void
ot_application_quit_action (GSimpleAction *action,
                            GVariant      *parameter,
                            gpointer       user_data)
{
  GtkApplication *app = GTK_APPLICATION (user_data);
  GList *windows;

  /* Destroy the windows first so each one disposes (and lets go of its
   * settings) before the application shuts down. */
  while ((windows = gtk_application_get_windows (app)) != NULL)
    gtk_window_destroy (windows->data);

  g_application_quit (G_APPLICATION (app));
}

static const GActionEntry app_actions[] = {
  { "about", ot_application_about_action },
  { "quit", ot_application_quit_action },
};

static void
ot_application_startup (GApplication *app)
{
  G_APPLICATION_CLASS (ot_application_parent_class)->startup (app);

  g_action_map_add_action_entries (G_ACTION_MAP (app), app_actions,
                                   G_N_ELEMENTS (app_actions), app);
  gtk_application_set_accels_for_action (GTK_APPLICATION (app), "app.quit",
                                         (const char *[]) { "<Control>q", NULL });
  gtk_application_set_accels_for_action (GTK_APPLICATION (app), "win.open",
                                         (const char *[]) { "<Control>o", NULL });
}

static void
ot_application_finalize (GObject *object)
{
  OtApplication *self = OT_APPLICATION (object);

  ot_cli_options_clear (&self->options);

  G_OBJECT_CLASS (ot_application_parent_class)->finalize (object);
}

static void
ot_application_class_init (OtApplicationClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GApplicationClass *app_class = G_APPLICATION_CLASS (klass);

  object_class->finalize = ot_application_finalize;
  app_class->activate = ot_application_activate;
  app_class->open = ot_application_open;
  app_class->startup = ot_application_startup;
  app_class->handle_local_options = ot_application_handle_local_options;
}

static void
ot_application_init (OtApplication *self)
{
  g_autofree GOptionEntry *entries = ot_cli_option_entries (&self->options);

  g_application_add_main_option_entries (G_APPLICATION (self), entries);
  /* The file operands are described by the G_OPTION_REMAINING entry. */
  g_application_set_option_context_summary (G_APPLICATION (self),
                                            _("Open incident files (CSV, JSON, JSON Lines) and see the smuggling network behind them."));
}

OtApplication *
ot_application_new (void)
{
  return g_object_new (OT_TYPE_APPLICATION,
                       "application-id", APPLICATION_ID,
                       "flags", G_APPLICATION_HANDLES_OPEN,
                       "resource-base-path", RESOURCE_PREFIX,
                       NULL);
}
