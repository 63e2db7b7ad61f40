/* SPDX-License-Identifier: GPL-3.0-or-later */
/* bench-mainloop: how long the window keeps its main thread busy (issue 16,
 * docs/performance.md, "Issue 16: the main thread at 1M").
 *
 *   bench-mainloop FILE
 *
 * runs the real application under a display (xvfb-run), opens FILE, waits
 * until the window is idle, then toggles a mineral in the sidebar as a
 * click on its check box would, and waits again.  For each phase it prints
 * the longest main-loop iteration and the three longest, measured by a
 * poll function wrapped around the default main context's: the time from
 * one poll's return to the next poll's call is one iteration's work
 * (dispatching sources, GTK's frame: layout and drawing).  A frame that
 * waits in poll is idle, however long it waits.  It also prints the
 * longest GTK frame, the longest iteration that ran no frame (our own
 * handlers and idles), and for the load the iteration in which the
 * application published the dataset. */
#include "../window-fixture.h"

#include "ot-filter-sidebar.h"

#include <stdlib.h>

#define N_WORST 3

static GPollFunc real_poll;
static gint64    poll_returned;       /* monotonic µs; 0: not yet */
static gint64    worst[N_WORST];      /* µs, longest first */
static guint     n_iterations;
static gint64    paint_started;       /* monotonic µs of the frame's before-paint */
static gint64    worst_paint;         /* µs: GTK's frame, layout and drawing */
static gboolean  painted;             /* this iteration ran a GTK frame */
static gint64    worst_unpainted;     /* µs: longest iteration without one:
                                       * our own work (handlers, idles) */
static gboolean  publishing;          /* this iteration published a dataset */
static gint64    publish_iteration;   /* µs: that iteration, frame or not */

static void
probe_reset (void)
{
  memset (worst, 0, sizeof worst);
  worst_paint = 0;
  worst_unpainted = 0;
  publish_iteration = 0;
  n_iterations = 0;
  poll_returned = 0;
}

static gint
probe_poll (GPollFD *fds,
            guint    n_fds,
            gint     timeout)
{
  gint64 now = g_get_monotonic_time ();
  gint result;

  if (poll_returned != 0)
    {
      gint64 busy = now - poll_returned;

      n_iterations++;
      if (!painted)
        worst_unpainted = MAX (worst_unpainted, busy);
      if (publishing)
        publish_iteration = MAX (publish_iteration, busy);
      for (guint i = 0; i < N_WORST; i++)
        if (busy > worst[i])
          {
            memmove (&worst[i + 1], &worst[i], (N_WORST - 1 - i) * sizeof worst[0]);
            worst[i] = busy;
            break;
          }
    }
  painted = publishing = FALSE;
  result = real_poll (fds, n_fds, timeout);
  poll_returned = g_get_monotonic_time ();
  return result;
}

static void
on_before_paint (GdkFrameClock *clock)
{
  paint_started = g_get_monotonic_time ();
  painted = TRUE;
}

static void
on_dataset_published (GObject *app)
{
  publishing = TRUE;
}

static void
on_after_paint (GdkFrameClock *clock)
{
  worst_paint = MAX (worst_paint, g_get_monotonic_time () - paint_started);
}

static void
probe_report (const char *phase,
              gint64      elapsed)
{
  g_print ("[%.6f s] %-28s %8.1f ms wall, %6u iterations, longest %7.1f ms (then %.1f, %.1f); "
           "longest GTK frame %.1f ms; longest without a frame %.1f ms",
           g_get_monotonic_time () / 1e6, phase, elapsed / 1000.0, n_iterations, worst[0] / 1000.0, worst[1] / 1000.0,
           worst[2] / 1000.0, worst_paint / 1000.0, worst_unpainted / 1000.0);
  if (publish_iteration > 0)
    g_print ("; the publish's %.1f ms", publish_iteration / 1000.0);
  g_print ("\n");
}

static const char *bench_file;

/* As wait_until (), with a deadline for a million incidents on a slow
 * machine (ten minutes). */
static void
wait_idle (OtWindow *window)
{
  gint64 deadline = g_get_monotonic_time () + 600 * G_USEC_PER_SEC;
  guint ticker = g_timeout_add (10, wake_up, NULL);

  while (!window_is_idle (window))
    {
      g_assert_cmpint (g_get_monotonic_time (), <, deadline);
      g_main_context_iteration (NULL, TRUE);
    }
  g_source_remove (ticker);
}

static void
bench_body (OtApplication *app,
            OtWindow      *window)
{
  g_autoptr(GFile) file = g_file_new_for_commandline_arg (bench_file);
  OtFilterSidebar *sidebar = find_one_widget (window, OT_TYPE_FILTER_SIDEBAR);
  OtDataset *dataset;
  gint64 start;
  int mineral = -1;
  guint n_rounds;

  /* OT_BENCH_NO_SIDEBAR=1: the sidebar folded (F9), to tell its share. */
  if (g_getenv ("OT_BENCH_NO_SIDEBAR") != NULL)
    gtk_widget_activate_action (GTK_WIDGET (window), "win.toggle-filters", NULL);
  /* Let the empty window settle first. */
  wait_idle (window);
  g_signal_connect (gtk_widget_get_frame_clock (GTK_WIDGET (window)), "before-paint",
                    G_CALLBACK (on_before_paint), NULL);
  g_signal_connect (gtk_widget_get_frame_clock (GTK_WIDGET (window)), "after-paint",
                    G_CALLBACK (on_after_paint), NULL);

  g_signal_connect (app, "notify::dataset", G_CALLBACK (on_dataset_published), NULL);
  probe_reset ();
  start = g_get_monotonic_time ();
  ot_window_open_files (window, &file, 1);
  wait_idle (window);
  probe_report ("load (read, publish, draw)", g_get_monotonic_time () - start);

  dataset = ot_application_get_dataset (app);
  g_print ("incidents: %u\n", ot_dataset_get_n_incidents (dataset));
  for (guint i = 0; i < ot_dataset_get_n_incidents (dataset) && mineral < 0; i++)
    mineral = ot_dataset_get_incident (dataset, i)->mineral;
  g_assert_cmpint (mineral, >=, 0);

  /* OT_BENCH_ROUNDS: more clicks (tick, untick, …), e.g. for a profiler. */
  n_rounds = g_getenv ("OT_BENCH_ROUNDS") ? MAX (2, atoi (g_getenv ("OT_BENCH_ROUNDS"))) : 2;
  for (guint round = 0; round < n_rounds; round++)
    {
      probe_reset ();
      start = g_get_monotonic_time ();
      ot_filter_sidebar_set_mineral (sidebar, mineral, round % 2 == 0);
      wait_idle (window);
      probe_report (round % 2 == 0 ? "filter click (tick)" : "filter click (untick)",
                    g_get_monotonic_time () - start);
    }
}

int
main (int    argc,
      char **argv)
{
  if (!window_test_init (&argc, &argv))
    return 0;
  if (argc < 2)
    {
      g_printerr ("usage: bench-mainloop FILE (under a display)\n");
      return 2;
    }
  bench_file = argv[1];
  real_poll = g_main_context_get_poll_func (NULL);
  g_main_context_set_poll_func (NULL, probe_poll);
  run_app (bench_body);
  return 0;
}
