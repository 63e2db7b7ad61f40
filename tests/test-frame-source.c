/* SPDX-License-Identifier: GPL-3.0-or-later */
/* OtFrameSource (issue 16, "The model"): chart updates are requests that
 * supersede the running one when they change its inputs — requests in a
 * row publish only the last one's frame —, restyles asked for during an
 * update are applied after it, never into it, and a published frame never
 * changes. */
#include "ot-frame-source.h"
#include "ot-generator.h"
#include "ot-render.h"
#include "ot-test-load.h"

typedef struct {
  GPtrArray *frames;      /* of OtFrame (or NULL), one per "update-ended" */
  GArray    *selected;    /* gboolean: the chart had a selection then */
  guint      n_started;
  GPtrArray *counted;     /* of OtFrame, one per "facets-ready" */
} Log;

static void
on_started (OtFrameSource *source,
            gboolean       fit,
            Log           *log)
{
  log->n_started++;
}

static void
on_ended (OtFrameSource *source,
          OtFrame       *frame,
          gboolean       fit,
          const GError  *error,
          Log           *log)
{
  gboolean selected = ot_chart_get_selection (ot_frame_source_get_chart (source), NULL, NULL);

  g_assert_no_error (error);
  g_assert_nonnull (frame);
  g_assert_true (frame == ot_frame_source_get_frame (source));
  g_ptr_array_add (log->frames, ot_frame_ref (frame));
  g_array_append_val (log->selected, selected);
}

static void
on_facets_ready (OtFrameSource *source,
                 OtFrame       *frame,
                 Log           *log)
{
  g_assert_nonnull (ot_frame_get_facets (frame));
  g_assert_true (frame == ot_frame_source_get_frame (source));
  g_ptr_array_add (log->counted, ot_frame_ref (frame));
}

static void
wait_idle (OtFrameSource *source)
{
  while (ot_frame_source_is_updating (source) || ot_frame_source_is_analysing (source) ||
         ot_frame_source_is_counting (source))
    g_main_context_iteration (NULL, TRUE);
}

static OtFrameSource *
source_new (OtWorkspace *workspace,
            Log         *log)
{
  OtFrameSource *source = ot_frame_source_new (workspace);

  log->frames = g_ptr_array_new_with_free_func ((GDestroyNotify) ot_frame_unref);
  log->selected = g_array_new (FALSE, FALSE, sizeof (gboolean));
  log->counted = g_ptr_array_new_with_free_func ((GDestroyNotify) ot_frame_unref);
  g_signal_connect (source, "update-started", G_CALLBACK (on_started), log);
  g_signal_connect (source, "facets-ready", G_CALLBACK (on_facets_ready), log);
  g_signal_connect (source, "update-ended", G_CALLBACK (on_ended), log);
  return source;
}

static void
log_clear (Log *log)
{
  g_clear_pointer (&log->frames, g_ptr_array_unref);
  g_clear_pointer (&log->selected, g_array_unref);
  g_clear_pointer (&log->counted, g_ptr_array_unref);
}

/* How many incidents @filter includes. */
static guint
n_included (OtDataset      *dataset,
            const OtFilter *filter)
{
  guint n = 0;
  g_autofree guint8 *mask = ot_filter_apply (filter, dataset, &n);

  return n;
}

/* The scene as pixels, to tell two scenes apart or one from itself later. */
static GBytes *
render (OtScene *scene)
{
  cairo_surface_t *surface = cairo_image_surface_create (CAIRO_FORMAT_ARGB32, 400, 300);
  cairo_t *cr = cairo_create (surface);
  OtViewport vp;
  OtRect bounds;
  GBytes *pixels;

  ot_viewport_init (&vp, 400, 300);
  ot_render_get_bounds (scene, &vp, &bounds);
  ot_viewport_fit (&vp, &bounds, 400, 300, 10);
  ot_render_scene (cr, scene, &vp, NULL);
  cairo_surface_flush (surface);
  pixels = g_bytes_new (cairo_image_surface_get_data (surface),
                        cairo_image_surface_get_stride (surface) * 300);
  cairo_destroy (cr);
  cairo_surface_destroy (surface);
  return pixels;
}

/* Three requests in a row, each changing the filter: the first update is
 * cancelled, never published; one update rebuilds from the last filter
 * and only its frame is published. */
static void
test_supersede (void)
{
  g_autoptr(OtDataset) dataset = ot_test_load_samples ();
  g_autoptr(OtWorkspace) workspace = ot_workspace_new ();
  g_autoptr(OtFilter) antimony = ot_filter_new ();
  g_autoptr(OtFilter) gallium = ot_filter_new ();
  g_autoptr(OtFrameSource) source = NULL;
  Log log = { 0 };
  OtMineral sb, ga;
  guint ended, superseded;

  g_assert_true (ot_mineral_parse ("antimony", &sb));
  g_assert_true (ot_mineral_parse ("gallium", &ga));
  ot_filter_set_mineral (antimony, sb, TRUE);
  ot_filter_set_mineral (gallium, ga, TRUE);
  g_assert_cmpuint (n_included (dataset, antimony), !=, n_included (dataset, gallium));

  ot_workspace_set_dataset (workspace, dataset);
  source = source_new (workspace, &log);
  ot_frame_source_request (source, OT_FRAME_CHANGE_INPUTS | OT_FRAME_CHANGE_FIT);
  g_assert_true (ot_frame_source_is_updating (source));
  ot_workspace_set_filter (workspace, antimony);
  ot_frame_source_request (source, OT_FRAME_CHANGE_INPUTS);
  ot_workspace_set_filter (workspace, gallium);
  ot_frame_source_request (source, OT_FRAME_CHANGE_INPUTS);
  g_assert_null (ot_frame_source_get_frame (source));   /* nothing yet */
  wait_idle (source);

  ot_frame_source_get_counts (source, &ended, &superseded);
  g_assert_cmpuint (superseded, ==, 1);   /* the running one; the second never ran */
  g_assert_cmpuint (ended, ==, 1);
  g_assert_cmpuint (log.n_started, ==, 2);
  g_assert_cmpuint (log.frames->len, ==, 1);
  g_assert_cmpuint (ot_frame_get_rows (log.frames->pdata[0])->len, ==, n_included (dataset, gallium));
  g_assert_true (ot_frame_source_get_frame (source) == log.frames->pdata[0]);
  /* A small dataset's first frame comes with the sidebar's counts. */
  g_assert_nonnull (ot_frame_get_facets (log.frames->pdata[0]));
  g_assert_cmpuint (ot_facets_get_n_matching (ot_frame_get_facets (log.frames->pdata[0])), ==,
                    n_included (dataset, gallium));
  g_assert_cmpuint (log.counted->len, ==, 0);
  /* Then its network is analysed. */
  g_assert_nonnull (ot_frame_source_get_analysis (source));
  g_assert_true (ot_analysis_get_network (ot_frame_source_get_analysis (source))
                 == ot_frame_get_network (log.frames->pdata[0]));

  /* A request that leaves the inputs as they are supersedes nothing. */
  ot_frame_source_request (source, OT_FRAME_CHANGE_INPUTS);
  ot_frame_source_request (source, OT_FRAME_CHANGE_INPUTS);
  wait_idle (source);
  ot_frame_source_get_counts (source, &ended, &superseded);
  g_assert_cmpuint (superseded, ==, 1);
  g_assert_cmpuint (ended, ==, 3);
  log_clear (&log);
}

/* A selection asked for while an update runs is not handed to it: that
 * update publishes its frame unselected, the next one (started when it
 * ends) the selected one; the first frame stays exactly as it was. */
static void
test_restyle_after (void)
{
  g_autoptr(OtDataset) dataset = ot_test_load_samples ();
  g_autoptr(OtWorkspace) workspace = ot_workspace_new ();
  g_autoptr(OtFrameSource) source = NULL;
  g_autoptr(GBytes) before = NULL;
  g_autoptr(GBytes) after = NULL;
  g_autoptr(GBytes) selected = NULL;
  Log log = { 0 };
  guint ended, superseded;
  OtFrame *first, *second;

  ot_workspace_set_dataset (workspace, dataset);
  source = source_new (workspace, &log);
  ot_frame_source_request (source, OT_FRAME_CHANGE_INPUTS | OT_FRAME_CHANGE_FIT);
  ot_workspace_select_mark (workspace, OT_HIT_NODE, 0);
  ot_frame_source_request (source, OT_FRAME_CHANGE_SELECTION);
  g_assert_true (ot_frame_source_is_updating (source));
  wait_idle (source);

  ot_frame_source_get_counts (source, &ended, &superseded);
  g_assert_cmpuint (superseded, ==, 0);   /* a restyle cancels nothing */
  g_assert_cmpuint (ended, ==, 2);
  g_assert_cmpuint (log.frames->len, ==, 2);
  g_assert_false (g_array_index (log.selected, gboolean, 0));
  g_assert_true (g_array_index (log.selected, gboolean, 1));

  /* Frames are immutable: the first one's scene is not the second's and
   * draws as it did when it was published. */
  first = log.frames->pdata[0];
  second = log.frames->pdata[1];
  g_assert_true (ot_frame_get_scene (first) != ot_frame_get_scene (second));
  selected = render (ot_frame_get_scene (second));
  before = render (ot_frame_get_scene (first));
  g_assert_false (g_bytes_equal (before, selected));
  ot_workspace_clear_selection (workspace);
  ot_frame_source_request (source, OT_FRAME_CHANGE_SELECTION);
  ot_frame_source_relayout (source);
  wait_idle (source);
  /* The selection's update, then the relayout's after it. */
  g_assert_cmpuint (log.frames->len, ==, 4);
  after = render (ot_frame_get_scene (first));
  g_assert_true (g_bytes_equal (before, after));
  log_clear (&log);
}

/* A source dropped while its update runs is not kept alive by it; the
 * update returns and lets go of the chart. */
static void
test_dispose_running (void)
{
  g_autoptr(OtDataset) dataset = ot_test_load_samples ();
  g_autoptr(OtWorkspace) workspace = ot_workspace_new ();
  OtFrameSource *source = ot_frame_source_new (workspace);
  GWeakRef chart;
  gint64 deadline = g_get_monotonic_time () + 20 * G_USEC_PER_SEC;

  g_weak_ref_init (&chart, ot_frame_source_get_chart (source));
  ot_workspace_set_dataset (workspace, dataset);
  ot_frame_source_request (source, OT_FRAME_CHANGE_INPUTS | OT_FRAME_CHANGE_FIT);
  g_assert_finalize_object (source);
  /* The task's last reference may go in the worker: poll. */
  for (;;)
    {
      g_autoptr(OtChart) alive = g_weak_ref_get (&chart);

      if (alive == NULL)
        break;
      g_assert_cmpint (g_get_monotonic_time (), <, deadline);
      g_main_context_iteration (NULL, FALSE);
      g_usleep (1000);
    }
  g_weak_ref_clear (&chart);
}

/* A big dataset's first frame is published before its facets are
 * counted (issue 20: the chart does not wait for them); the counted frame
 * follows with the same rows and network and replaces it.  The next
 * frames come counted. */
static void
test_count_later (void)
{
  g_autoptr(GBytes) csv = ot_generator_to_bytes (20, 60000, OT_FORMAT_CSV);
  g_autoptr(OtDataset) dataset = ot_dataset_new ();
  g_autoptr(OtWorkspace) workspace = ot_workspace_new ();
  g_autoptr(OtFilter) antimony = ot_filter_new ();
  g_autoptr(OtFrameSource) source = NULL;
  Log log = { 0 };
  OtFrame *first, *counted;
  OtMineral sb;
  gsize length;
  const char *data = g_bytes_get_data (csv, &length);

  g_assert_true (ot_loader_load_data (dataset, "generated-60000.csv", data, length, NULL, NULL));
  g_assert_cmpuint (ot_dataset_get_n_incidents (dataset), ==, 60000);
  ot_workspace_set_dataset (workspace, dataset);
  source = source_new (workspace, &log);
  ot_frame_source_request (source, OT_FRAME_CHANGE_INPUTS | OT_FRAME_CHANGE_FIT);
  while (log.frames->len == 0)
    g_main_context_iteration (NULL, TRUE);
  first = log.frames->pdata[0];
  g_assert_null (ot_frame_get_facets (first));
  g_assert_nonnull (ot_frame_get_scene (first));
  g_assert_cmpuint (ot_frame_get_rows (first)->len, ==, 60000);
  /* Its histogram, made beside the network, is the dataset's. */
  {
    g_autoptr(OtHistogram) alone = ot_histogram_new (dataset, NULL, OT_HISTOGRAM_INCIDENTS);
    OtHistogram *shown = ot_frame_get_histogram (first);

    g_assert_cmpuint (ot_histogram_get_n_months (shown), ==, ot_histogram_get_n_months (alone));
    g_assert_cmpuint (ot_histogram_get_n_months (alone), >, 12);
    for (guint m = 0; m < ot_histogram_get_n_months (alone); m++)
      g_assert_cmpfloat (ot_histogram_get_total (shown, m), ==, ot_histogram_get_total (alone, m));
  }
  wait_idle (source);

  g_assert_cmpuint (log.counted->len, ==, 1);
  counted = log.counted->pdata[0];
  g_assert_true (ot_frame_source_get_frame (source) == counted);
  g_assert_true (ot_frame_get_network (counted) == ot_frame_get_network (first));
  g_assert_true (ot_frame_get_scene (counted) == ot_frame_get_scene (first));
  g_assert_cmpuint (ot_frame_get_rows (counted)->len, ==, 60000);
  g_assert_cmpuint (ot_facets_get_n_matching (ot_frame_get_facets (counted)), ==, 60000);
  g_assert_null (ot_frame_get_facets (first));   /* published frames never change */

  /* A filter change: counted in its update. */
  g_assert_true (ot_mineral_parse ("antimony", &sb));
  ot_filter_set_mineral (antimony, sb, TRUE);
  ot_workspace_set_filter (workspace, antimony);
  ot_frame_source_request (source, OT_FRAME_CHANGE_INPUTS);
  wait_idle (source);
  g_assert_cmpuint (log.frames->len, ==, 2);
  g_assert_cmpuint (log.counted->len, ==, 1);
  g_assert_nonnull (ot_frame_get_facets (log.frames->pdata[1]));
  g_assert_cmpuint (ot_facets_get_n_matching (ot_frame_get_facets (log.frames->pdata[1])), ==,
                    n_included (dataset, antimony));
  g_assert_cmpuint (n_included (dataset, antimony), <, 60000);
  {
    g_autoptr(OtHistogram) alone = ot_histogram_new (dataset, antimony, OT_HISTOGRAM_INCIDENTS);
    OtHistogram *shown = ot_frame_get_histogram (log.frames->pdata[1]);

    for (guint m = 0; m < ot_histogram_get_n_months (alone); m++)
      g_assert_cmpfloat (ot_histogram_get_total (shown, m), ==, ot_histogram_get_total (alone, m));
  }
  log_clear (&log);
}

int
main (int   argc,
      char *argv[])
{
  gboolean large = FALSE;
  int kept = 1;

  /* --large: the 60,000 generated incidents only (the test
   * frame-source-large, which the valgrind run leaves out). */
  for (int i = 1; i < argc; i++)
    if (g_strcmp0 (argv[i], "--large") == 0)
      large = TRUE;
    else
      argv[kept++] = argv[i];
  argc = kept;
  argv[argc] = NULL;
  g_test_init (&argc, &argv, NULL);
  if (large)
    {
      g_test_add_func ("/frame-source/count-later", test_count_later);
      return g_test_run ();
    }

  g_test_add_func ("/frame-source/supersede", test_supersede);
  g_test_add_func ("/frame-source/restyle-after", test_restyle_after);
  g_test_add_func ("/frame-source/dispose-running", test_dispose_running);

  return g_test_run ();
}
