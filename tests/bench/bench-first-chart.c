/* SPDX-License-Identifier: GPL-3.0-or-later */
/* bench-first-chart: how long after the process starts the window shows
 * its first chart (issue 20, docs/performance.md).
 *
 *   bench-first-chart FILE   (under a display: xvfb-run, dbus-run-session)
 *
 * Starts as `oretrace FILE` does (main.c: the locale, the application
 * with its usual flags, FILE on the command line) and watches the window's
 * frame clock: the first frame painted while the canvas holds a scene
 * with marks is the first chart.  Times are from the process's start as
 * the kernel recorded it (/proc/self/stat, in clock ticks of 10 ms), so
 * the dynamic linking, GTK's start-up and everything before main () count.
 * Prints one line a milestone, "NAME SECONDS CPU-SECONDS", then leaves at
 * once (_exit: what runs after the first chart is not timed). */
#include <glib/gi18n.h>
#include <glib/gstdio.h>
#include <locale.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <time.h>
#include <unistd.h>

#include "ot-application.h"
#include "ot-canvas.h"
#include "ot-window.h"

static double   started;          /* s of CLOCK_BOOTTIME when the process started */
static OtCanvas *canvas;
static gboolean scene_at_paint;   /* the canvas had marks when this frame began */
static gboolean first_paint_seen;

/* Seconds of CLOCK_BOOTTIME, the clock of /proc/self/stat's start time. */
static double
boot_now (void)
{
  struct timespec ts;

  return clock_gettime (CLOCK_BOOTTIME, &ts) == 0 ? ts.tv_sec + ts.tv_nsec / 1e9 : NAN;
}

/* The process's start, in seconds of CLOCK_BOOTTIME (field 22 of
 * /proc/self/stat, after the command's name in parentheses). */
static double
process_start (void)
{
  g_autofree char *stat = NULL;
  const char *p;
  unsigned long long ticks = 0;

  if (!g_file_get_contents ("/proc/self/stat", &stat, NULL, NULL) ||
      (p = strrchr (stat, ')')) == NULL)
    return boot_now ();
  /* After ")": state is field 3; starttime is field 22. */
  p++;
  for (int field = 3; field <= 22 && p != NULL; field++)
    {
      while (*p == ' ')
        p++;
      if (field == 22)
        ticks = g_ascii_strtoull (p, NULL, 10);
      p = strchr (p, ' ');
    }
  return (double) ticks / sysconf (_SC_CLK_TCK);
}

static double
cpu_s (void)
{
  struct rusage ru;

  getrusage (RUSAGE_SELF, &ru);
  return ru.ru_utime.tv_sec + ru.ru_utime.tv_usec / 1e6 + ru.ru_stime.tv_sec + ru.ru_stime.tv_usec / 1e6;
}

static void
milestone (const char *name)
{
  g_print ("%s %.3f %.3f\n", name, boot_now () - started, cpu_s ());
}

static gboolean
canvas_has_chart (void)
{
  OtScene *scene = canvas ? ot_canvas_get_scene (canvas) : NULL;

  return scene != NULL && ot_scene_get_n_nodes (scene) > 0 &&
         gtk_widget_is_drawable (GTK_WIDGET (canvas)) && gtk_widget_get_width (GTK_WIDGET (canvas)) > 0;
}

static void
on_before_paint (GdkFrameClock *clock)
{
  scene_at_paint = canvas_has_chart ();
}

static void
on_after_paint (GdkFrameClock *clock)
{
  if (!first_paint_seen)
    {
      first_paint_seen = TRUE;
      milestone ("first_frame");
    }
  if (scene_at_paint && canvas_has_chart ())
    {
      OtScene *scene = ot_canvas_get_scene (canvas);

      milestone ("first_chart");
      g_print ("scene_nodes %u\nscene_edges %u\n", ot_scene_get_n_nodes (scene),
               ot_scene_get_n_edges (scene));
      fflush (stdout);
      _exit (0);
    }
}

static void
on_realize (GtkWidget *window)
{
  GdkFrameClock *clock = gtk_widget_get_frame_clock (window);

  g_signal_connect (clock, "before-paint", G_CALLBACK (on_before_paint), NULL);
  g_signal_connect (clock, "after-paint", G_CALLBACK (on_after_paint), NULL);
}

static void
on_window_added (GtkApplication *app,
                 GtkWindow      *window)
{
  if (!OT_IS_WINDOW (window) || canvas != NULL)
    return;
  canvas = ot_window_get_canvas (OT_WINDOW (window));
  g_signal_connect (window, "realize", G_CALLBACK (on_realize), NULL);
}

static void
on_dataset (GObject *app)
{
  milestone ("dataset_published");
}

static void
on_startup (GApplication *app)
{
  milestone ("gtk_started");
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(OtApplication) app = NULL;
  g_autofree char *data_home = NULL;
  g_autofree char *state_home = NULL;
  char *app_argv[3] = { (char *) "oretrace", NULL, NULL };

  started = process_start ();
  if (argc != 2)
    {
      g_printerr ("usage: bench-first-chart FILE (under a display)\n");
      return 2;
    }
  /* Recent files and recovery copies go to a private place. */
  data_home = g_dir_make_tmp ("oretrace-bench-XXXXXX", NULL);
  state_home = g_build_filename (data_home, "state", NULL);
  g_setenv ("XDG_DATA_HOME", data_home, TRUE);
  g_setenv ("XDG_STATE_HOME", state_home, TRUE);
  milestone ("main");

  setlocale (LC_ALL, "");
  bindtextdomain (GETTEXT_PACKAGE, LOCALEDIR);
  bind_textdomain_codeset (GETTEXT_PACKAGE, "UTF-8");
  textdomain (GETTEXT_PACKAGE);

  app = ot_application_new (OT_TYPE_WINDOW);
  g_signal_connect (app, "window-added", G_CALLBACK (on_window_added), NULL);
  g_signal_connect (app, "notify::dataset", G_CALLBACK (on_dataset), NULL);
  g_signal_connect (app, "startup", G_CALLBACK (on_startup), NULL);
  app_argv[1] = argv[1];
  g_application_run (G_APPLICATION (app), 2, app_argv);
  g_printerr ("bench-first-chart: the application ended before drawing a chart\n");
  return 1;
}
