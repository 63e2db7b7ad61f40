/* SPDX-License-Identifier: GPL-3.0-or-later */
/* ot-frame-source.c: chart updates as self-superseding requests; the
 * rules are in ot-frame-source.h.  The update and the analysis tasks hold
 * what they work on (the chart, the network, the cache) and only a weak
 * reference to the source: a source disposed meanwhile is not kept alive,
 * its tasks return and drop their results. */
#include "ot-frame-source.h"
#include "ot-render.h"

struct _OtFrameSource
{
  GObject             parent_instance;

  OtWorkspace        *workspace;
  OtChart            *chart;
  OtFrameCache       *frame_cache;   /* what frames of a dataset share */
  OtFrame            *frame;         /* the last published */

  /* Inputs that are not the workspace's */
  const OtTheme      *theme;
  guint32             width_from, width_to;
  OtHistogramMeasure  measure;

  /* The running update and what waits for it */
  GCancellable       *update_cancellable;   /* set while one runs */
  gboolean            update_pending;       /* start another when it ends */
  gboolean            update_fit;           /* owed by the next update */
  gboolean            in_schedule;
  gboolean            updating;             /* "updating" */
  gboolean            asked;                /* a frame was requested */
  gboolean            selection_dirty;
  gboolean            picked_dirty;
  gboolean            theme_dirty;
  gboolean            move_pending;
  gboolean            relayout_pending;
  gboolean            pins_dirty;
  gboolean            notes_dirty;
  GHashTable         *pins;            /* the document's, handed when dirty */
  GHashTable         *notes;
  gboolean            show_notes;
  gboolean            show_trade;
  gboolean            trade_dirty;
  guint               move_id;
  double              move_x, move_y;
  /* What the running (or last) update rebuilds from */
  OtDataset          *handed_dataset;
  OtFilter           *handed_filter;
  OtViewKind          handed_view;
  OtProjection        handed_projection;
  guint               n_ended;
  guint               n_superseded;

  /* The analysis of the last frame's network */
  OtNetwork          *network;
  OtAnalysis         *analysis;
  gboolean            analysing;
  GCancellable       *analysis_cancellable;

  /* An uncounted frame's facets, being counted */
  gboolean            counting;
};

G_DEFINE_FINAL_TYPE (OtFrameSource, ot_frame_source, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_UPDATING,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

enum {
  UPDATE_STARTED,
  UPDATE_ENDED,
  ANALYSIS_READY,
  FACETS_READY,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

typedef struct {
  GWeakRef            source;
  gboolean            fit;
  OtFrameCache       *frame_cache;   /* updates */
  OtHistogramMeasure  measure;       /* updates: the timeline's bars */
  OtNetwork          *network;       /* analyses: what to analyse */
  OtFrame            *frame;         /* counts: the frame to count */
  gint64              started;       /* monotonic µs, for the debug log */
} TaskData;

static void
task_data_free (TaskData *data)
{
  g_weak_ref_clear (&data->source);
  g_clear_pointer (&data->network, ot_network_unref);
  g_clear_pointer (&data->frame, ot_frame_unref);
  g_clear_pointer (&data->frame_cache, ot_frame_cache_unref);
  g_free (data);
}

static TaskData *
task_data_new (OtFrameSource *self,
               gboolean       fit)
{
  TaskData *data = g_new0 (TaskData, 1);

  g_weak_ref_init (&data->source, self);
  data->fit = fit;
  data->started = g_get_monotonic_time ();
  return data;
}

static void
set_updating (OtFrameSource *self,
              gboolean       updating)
{
  if (self->updating == updating)
    return;
  self->updating = updating;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_UPDATING]);
}

/* Analysis ------------------------------------------------------------------ */

static void
analysis_thread (GTask        *task,
                 gpointer      source,
                 gpointer      task_data,
                 GCancellable *cancellable)
{
  TaskData *data = task_data;
  GError *error = NULL;
  OtAnalysis *analysis = ot_analysis_new (data->network, cancellable, &error);

  if (analysis != NULL)
    g_task_return_pointer (task, analysis, (GDestroyNotify) ot_analysis_unref);
  else
    g_task_return_error (task, error);
}

static void
on_analysed (GObject      *object,
             GAsyncResult *result,
             gpointer      user_data)
{
  TaskData *data = g_task_get_task_data (G_TASK (result));
  g_autoptr(OtFrameSource) self = g_weak_ref_get (&data->source);
  g_autoptr(GError) error = NULL;
  OtAnalysis *analysis = g_task_propagate_pointer (G_TASK (result), &error);

  /* Only for the network published last (another may have come). */
  if (self == NULL || data->network != self->network)
    {
      g_clear_pointer (&analysis, ot_analysis_unref);
      return;
    }
  self->analysing = FALSE;
  g_clear_object (&self->analysis_cancellable);
  if (analysis == NULL)
    {
      g_debug ("No analysis of the network: %s", error->message);
      return;
    }
  g_debug ("Network analysis: %.0f ms", (g_get_monotonic_time () - data->started) / 1000.0);
  g_clear_pointer (&self->analysis, ot_analysis_unref);
  self->analysis = analysis;
  g_signal_emit (self, signals[ANALYSIS_READY], 0);
}

/* Analyses @network unless it is the one analysed (or being analysed);
 * the analysis of the previous one, if still running, is cancelled: its
 * result would be dropped, and it holds igraph's lock, which the next
 * chart update may need. */
static void
analyse (OtFrameSource *self,
         OtNetwork     *network)
{
  g_autoptr(GTask) task = NULL;
  TaskData *data;

  if (network == self->network)
    return;
  if (self->analysis_cancellable != NULL)
    g_cancellable_cancel (self->analysis_cancellable);
  g_clear_object (&self->analysis_cancellable);
  g_clear_pointer (&self->network, ot_network_unref);
  g_clear_pointer (&self->analysis, ot_analysis_unref);
  self->analysing = FALSE;
  if (network == NULL)
    return;
  self->network = ot_network_ref (network);
  if (ot_network_get_n_vertices (network) == 0)
    return;

  self->analysing = TRUE;
  self->analysis_cancellable = g_cancellable_new ();
  data = task_data_new (self, FALSE);
  data->network = ot_network_ref (network);
  task = g_task_new (NULL, self->analysis_cancellable, on_analysed, NULL);
  g_task_set_source_tag (task, analyse);
  g_task_set_task_data (task, data, (GDestroyNotify) task_data_free);
  g_task_run_in_thread (task, analysis_thread);
}

/* Counting an uncounted frame's facets --------------------------------------- */

/* Below this many incidents a dataset's first frame is counted in its
 * update (the facet values take about a microsecond an incident): the
 * sidebar comes with the chart.  Above, the chart comes first. */
#define COUNT_LATER_MIN 50000

static void count (OtFrameSource *self);

static void
count_thread (GTask        *task,
              gpointer      source,
              gpointer      task_data,
              GCancellable *cancellable)
{
  TaskData *data = task_data;

  g_task_return_pointer (task, ot_frame_count_facets (data->frame, data->frame_cache),
                         (GDestroyNotify) ot_frame_unref);
}

static void
on_counted (GObject      *object,
            GAsyncResult *result,
            gpointer      user_data)
{
  TaskData *data = g_task_get_task_data (G_TASK (result));
  g_autoptr(OtFrameSource) self = g_weak_ref_get (&data->source);
  g_autoptr(OtFrame) counted = g_task_propagate_pointer (G_TASK (result), NULL);

  if (self == NULL)   /* disposed meanwhile */
    return;
  self->counting = FALSE;
  g_debug ("Facets counted: %.0f ms", (g_get_monotonic_time () - data->started) / 1000.0);
  /* Another frame published meanwhile is counted now (its dataset's
   * values are there: a recount, not a build). */
  if (data->frame != self->frame)
    {
      count (self);
      return;
    }
  g_clear_pointer (&self->frame, ot_frame_unref);
  self->frame = ot_frame_ref (counted);
  g_signal_emit (self, signals[FACETS_READY], 0, counted);
}

/* Counts the published frame's facets in a worker, unless counted or
 * being counted. */
static void
count (OtFrameSource *self)
{
  g_autoptr(GTask) task = NULL;
  TaskData *data;

  if (self->counting || self->frame == NULL || ot_frame_get_facets (self->frame) != NULL)
    return;
  self->counting = TRUE;
  data = task_data_new (self, FALSE);
  data->frame = ot_frame_ref (self->frame);
  data->frame_cache = ot_frame_cache_ref (self->frame_cache);
  task = g_task_new (NULL, NULL, on_counted, NULL);
  g_task_set_source_tag (task, count);
  g_task_set_task_data (task, data, (GDestroyNotify) task_data_free);
  g_task_run_in_thread (task, count_thread);
}

/* Updates ------------------------------------------------------------------- */

static void schedule (OtFrameSource *self,
                      gboolean       fit);

/* A big dataset's histogram, made by a second thread while the chart's
 * network is built (the second processor is otherwise idle then). */
typedef struct {
  OtDataset          *dataset;
  const OtFilter     *filter;
  OtHistogramMeasure  measure;
  OtHistogram        *histogram;
} HistogramJob;

static gpointer
histogram_thread (gpointer user_data)
{
  HistogramJob *job = user_data;

  job->histogram = ot_histogram_new (job->dataset, job->filter, job->measure);
  return NULL;
}

static void
update_thread (GTask        *task,
               gpointer      source,
               gpointer      task_data,
               GCancellable *cancellable)
{
  OtChart *chart = source;
  TaskData *data = task_data;
  GError *error = NULL;
  OtDataset *dataset = ot_chart_get_dataset (chart);
  gboolean big = dataset != NULL && ot_dataset_get_n_incidents (dataset) >= COUNT_LATER_MIN;
  /* A summary's countries are counted by its server: never before the
   * chart (docs/team-store.md, "Summary mode"). */
  gboolean summary = dataset != NULL && ot_dataset_get_summary (dataset, NULL) != NULL;
  HistogramJob job = { dataset, ot_chart_get_filter (chart), data->measure, NULL };
  GThread *helper = NULL;
  gboolean updated;

  if (big && g_get_num_processors () > 1)
    helper = g_thread_new ("oretrace-histogram", histogram_thread, &job);
  updated = ot_chart_update (chart, cancellable, &error);
  if (helper != NULL)
    g_thread_join (helper);
  if (updated)
    {
      g_autoptr(OtScene) scene = ot_chart_get_scene (chart);
      /* What the table, the timeline and the sidebar show, from the same
       * filter pass (NULL without a network).  A big dataset's first
       * frames leave the sidebar's facets to count () (at 1M incidents
       * their values take about a second, the chart half that;
       * docs/performance.md, "Issue 20"). */
      gboolean later = summary || (big && !ot_frame_cache_has (data->frame_cache, dataset));
      OtFrame *frame = ot_frame_new_from_chart_parts (chart, later ? NULL : data->frame_cache,
                                                      g_steal_pointer (&job.histogram), data->measure);

      g_task_return_pointer (task, frame, (GDestroyNotify) ot_frame_unref);
      /* The caller draws the previous scene meanwhile; hit-testing's grid
       * is built here rather than on the first pointer motion. */
      if (scene != NULL)
        ot_render_prepare_hit_test (scene);
    }
  else
    {
      g_clear_pointer (&job.histogram, ot_histogram_free);
      g_task_return_error (task, error);
    }
}

static void
on_updated (GObject      *object,
            GAsyncResult *result,
            gpointer      user_data)
{
  TaskData *data = g_task_get_task_data (G_TASK (result));
  g_autoptr(OtFrameSource) self = g_weak_ref_get (&data->source);
  g_autoptr(GError) error = NULL;
  g_autoptr(OtFrame) frame = NULL;
  gboolean fit = data->fit;

  /* Cancelled, this is an error even when the worker got to the end: a
   * superseded result is never published. */
  frame = g_task_propagate_pointer (G_TASK (result), &error);
  if (self == NULL)   /* disposed meanwhile */
    return;
  g_debug ("Chart update (%s): %.0f ms%s", ot_view_kind_name (self->handed_view),
           (g_get_monotonic_time () - data->started) / 1000.0,
           error != NULL ? " (not published)" : "");
  g_clear_object (&self->update_cancellable);
  if (self->update_pending && g_cancellable_is_cancelled (g_task_get_cancellable (G_TASK (result))))
    {
      /* Superseded: the next update starts now, owing the fit this one
       * owed. */
      self->update_pending = FALSE;
      schedule (self, fit);
      return;
    }

  self->n_ended++;
  if (error != NULL)
    fit = FALSE;
  else
    {
      g_autoptr(OtFrame) before = g_steal_pointer (&self->frame);
      /* A restyle of a frame published uncounted (a big dataset's first,
       * every one of a summary's, whose counts ask its server) keeps the
       * counts of the frame before: same network, same filter. */
      OtFrame *reused = frame != NULL && before != NULL ? ot_frame_reuse_facets (frame, before) : NULL;

      if (reused != NULL)
        {
          ot_frame_unref (frame);
          frame = reused;
        }
      self->frame = frame != NULL ? ot_frame_ref (frame) : NULL;
      analyse (self, frame != NULL ? ot_frame_get_network (frame) : NULL);
      count (self);
    }
  g_signal_emit (self, signals[UPDATE_ENDED], 0, error == NULL ? frame : NULL, fit, error);

  if (self->update_pending)
    {
      self->update_pending = FALSE;
      schedule (self, FALSE);
    }
  else if (self->update_cancellable == NULL)
    set_updating (self, FALSE);
}

/* Hands the inputs to the chart and starts the update, or, while one
 * runs, leaves the request for when it ends. */
static void
schedule (OtFrameSource *self,
          gboolean       fit)
{
  g_autoptr(GTask) task = NULL;
  TaskData *data;
  OtViewCapabilities caps;

  self->update_fit |= fit;
  set_updating (self, TRUE);
  if (self->in_schedule)   /* asked again from a handler: read after */
    return;
  if (self->update_cancellable != NULL)
    {
      self->update_pending = TRUE;
      return;
    }

  self->in_schedule = TRUE;
  fit = self->update_fit;
  self->update_fit = FALSE;
  caps = ot_view_kind_get_capabilities (ot_workspace_get_view (self->workspace));
  if (fit)
    {
      /* A new dataset, view or projection: the workspace has cleared what
       * was selected (mark ids change with them); the places vertices were
       * dragged to are gone too. */
      self->selection_dirty = TRUE;
      self->move_pending = FALSE;
    }
  if (self->selection_dirty)
    {
      OtHitKind kind;
      guint id;

      ot_selection_get_mark (ot_workspace_get_selection (self->workspace), &kind, &id);
      ot_chart_select (self->chart, kind, id);
    }
  self->selection_dirty = FALSE;
  if (self->picked_dirty)
    {
      guint n;
      const guint *picked = ot_selection_get_incidents (ot_workspace_get_highlight (self->workspace), &n);

      ot_chart_pick_incidents (self->chart, picked, n);
    }
  self->picked_dirty = FALSE;
  if (self->relayout_pending)
    ot_chart_relayout (self->chart);
  self->relayout_pending = FALSE;
  /* The pins replace a drag's places: before the drag's latest. */
  if (self->pins_dirty)
    ot_chart_set_pins (self->chart, self->pins);
  self->pins_dirty = FALSE;
  if (self->notes_dirty)
    {
      ot_chart_set_notes (self->chart, self->notes);
      ot_chart_set_show_notes (self->chart, self->show_notes);
    }
  self->notes_dirty = FALSE;
  if (self->trade_dirty)
    ot_chart_set_show_trade (self->chart, self->show_trade);
  self->trade_dirty = FALSE;
  if (self->move_pending && (caps & OT_VIEW_CAP_FREE_LAYOUT) != 0)
    ot_chart_move_vertex (self->chart, self->move_id, self->move_x, self->move_y);
  self->move_pending = FALSE;
  if (self->theme_dirty)
    ot_chart_set_theme (self->chart, self->theme);
  self->theme_dirty = FALSE;

  g_set_object (&self->handed_dataset, ot_workspace_get_dataset (self->workspace));
  ot_chart_set_dataset (self->chart, self->handed_dataset);
  g_clear_pointer (&self->handed_filter, ot_filter_free);
  self->handed_filter = ot_workspace_dup_effective_filter (self->workspace);
  ot_chart_set_filter (self->chart, self->handed_filter);
  /* One width scale for the whole of play (docs/views.md, "Play"). */
  ot_chart_set_width_period (self->chart, self->width_from, self->width_to);
  self->handed_view = ot_workspace_get_view (self->workspace);
  ot_chart_set_view (self->chart, self->handed_view);
  self->handed_projection = ot_workspace_get_projection (self->workspace);
  ot_chart_set_countries_projection (self->chart, self->handed_projection == OT_PROJECTION_COUNTRIES);

  self->update_cancellable = g_cancellable_new ();
  task = g_task_new (self->chart, self->update_cancellable, on_updated, NULL);
  g_task_set_source_tag (task, schedule);
  data = task_data_new (self, fit);
  data->measure = self->measure;
  data->frame_cache = ot_frame_cache_ref (self->frame_cache);
  g_task_set_task_data (task, data, (GDestroyNotify) task_data_free);
  g_task_run_in_thread (task, update_thread);
  g_signal_emit (self, signals[UPDATE_STARTED], 0, fit);
  self->in_schedule = FALSE;
}

/* Whether the running update rebuilds from the workspace as it is now. */
static gboolean
inputs_handed (OtFrameSource *self)
{
  g_autoptr(OtFilter) filter = ot_workspace_dup_effective_filter (self->workspace);

  return ot_workspace_get_dataset (self->workspace) == self->handed_dataset &&
         ot_workspace_get_view (self->workspace) == self->handed_view &&
         ot_workspace_get_projection (self->workspace) == self->handed_projection &&
         ot_filter_equal (filter, self->handed_filter);
}

void
ot_frame_source_request (OtFrameSource *self,
                         OtFrameChange  changes)
{
  g_return_if_fail (OT_IS_FRAME_SOURCE (self));

  self->asked = TRUE;
  if (changes & OT_FRAME_CHANGE_SELECTION)
    self->selection_dirty = TRUE;
  if (changes & OT_FRAME_CHANGE_HIGHLIGHT)
    self->picked_dirty = TRUE;
  if ((changes & OT_FRAME_CHANGE_INPUTS) && self->update_cancellable != NULL && !self->in_schedule
      && !g_cancellable_is_cancelled (self->update_cancellable) && !inputs_handed (self))
    {
      g_debug ("Chart update superseded: cancelled");
      g_cancellable_cancel (self->update_cancellable);
      self->n_superseded++;
    }
  schedule (self, (changes & OT_FRAME_CHANGE_FIT) != 0);
}

void
ot_frame_source_set_theme (OtFrameSource *self,
                           const OtTheme *theme)
{
  g_return_if_fail (OT_IS_FRAME_SOURCE (self));
  g_return_if_fail (theme != NULL);

  if (theme == self->theme)
    return;
  self->theme = theme;
  self->theme_dirty = TRUE;
  /* Before the first request it comes with the first frame. */
  if (self->asked)
    schedule (self, FALSE);
}

void
ot_frame_source_move_vertex (OtFrameSource *self,
                             guint          id,
                             double         x,
                             double         y)
{
  g_return_if_fail (OT_IS_FRAME_SOURCE (self));

  self->move_pending = TRUE;
  self->move_id = id;
  self->move_x = x;
  self->move_y = y;
  schedule (self, FALSE);
}

void
ot_frame_source_relayout (OtFrameSource *self)
{
  g_return_if_fail (OT_IS_FRAME_SOURCE (self));

  self->relayout_pending = TRUE;
  ot_frame_source_request (self, OT_FRAME_CHANGE_INPUTS | OT_FRAME_CHANGE_FIT);
}

void
ot_frame_source_set_pins (OtFrameSource *self,
                          GHashTable    *pins)
{
  g_return_if_fail (OT_IS_FRAME_SOURCE (self));

  g_clear_pointer (&self->pins, g_hash_table_unref);
  self->pins = pins ? g_hash_table_ref (pins) : NULL;
  self->pins_dirty = TRUE;
  if (self->asked)
    schedule (self, FALSE);
}

void
ot_frame_source_set_notes (OtFrameSource *self,
                           GHashTable    *notes,
                           gboolean       show)
{
  g_return_if_fail (OT_IS_FRAME_SOURCE (self));

  g_clear_pointer (&self->notes, g_hash_table_unref);
  self->notes = notes ? g_hash_table_ref (notes) : NULL;
  self->show_notes = show;
  self->notes_dirty = TRUE;
  if (self->asked)
    schedule (self, FALSE);
}

void
ot_frame_source_set_show_trade (OtFrameSource *self,
                                gboolean       show)
{
  g_return_if_fail (OT_IS_FRAME_SOURCE (self));

  self->show_trade = show;
  self->trade_dirty = TRUE;
  if (self->asked)
    schedule (self, FALSE);
}

void
ot_frame_source_set_width_period (OtFrameSource *self,
                                  guint32        from_day,
                                  guint32        to_day)
{
  g_return_if_fail (OT_IS_FRAME_SOURCE (self));

  self->width_from = from_day;
  self->width_to = to_day;
}

void
ot_frame_source_set_measure (OtFrameSource      *self,
                             OtHistogramMeasure  measure)
{
  g_return_if_fail (OT_IS_FRAME_SOURCE (self));

  self->measure = measure;
}

/* Accessors ----------------------------------------------------------------- */

OtChart *
ot_frame_source_get_chart (OtFrameSource *self)
{
  g_return_val_if_fail (OT_IS_FRAME_SOURCE (self), NULL);

  return self->chart;
}

OtFrame *
ot_frame_source_get_frame (OtFrameSource *self)
{
  g_return_val_if_fail (OT_IS_FRAME_SOURCE (self), NULL);

  return self->frame;
}

OtNetwork *
ot_frame_source_get_network (OtFrameSource *self)
{
  g_return_val_if_fail (OT_IS_FRAME_SOURCE (self), NULL);

  return self->network;
}

OtAnalysis *
ot_frame_source_get_analysis (OtFrameSource *self)
{
  g_return_val_if_fail (OT_IS_FRAME_SOURCE (self), NULL);

  return self->analysis;
}

gboolean
ot_frame_source_is_updating (OtFrameSource *self)
{
  g_return_val_if_fail (OT_IS_FRAME_SOURCE (self), FALSE);

  return self->updating;
}

gboolean
ot_frame_source_is_analysing (OtFrameSource *self)
{
  g_return_val_if_fail (OT_IS_FRAME_SOURCE (self), FALSE);

  return self->analysing;
}

gboolean
ot_frame_source_is_counting (OtFrameSource *self)
{
  g_return_val_if_fail (OT_IS_FRAME_SOURCE (self), FALSE);

  return self->counting;
}

void
ot_frame_source_get_counts (OtFrameSource *self,
                            guint         *ended,
                            guint         *superseded)
{
  g_return_if_fail (OT_IS_FRAME_SOURCE (self));

  if (ended != NULL)
    *ended = self->n_ended;
  if (superseded != NULL)
    *superseded = self->n_superseded;
}

/* Object -------------------------------------------------------------------- */

static void
ot_frame_source_get_property (GObject    *object,
                              guint       prop_id,
                              GValue     *value,
                              GParamSpec *pspec)
{
  OtFrameSource *self = OT_FRAME_SOURCE (object);

  switch (prop_id)
    {
    case PROP_UPDATING:
      g_value_set_boolean (value, self->updating);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

/* A running update and analysis are cancelled; their tasks hold what they
 * work on until they return, and then drop their results. */
static void
ot_frame_source_dispose (GObject *object)
{
  OtFrameSource *self = OT_FRAME_SOURCE (object);

  if (self->update_cancellable != NULL)
    g_cancellable_cancel (self->update_cancellable);
  g_clear_object (&self->update_cancellable);
  if (self->analysis_cancellable != NULL)
    g_cancellable_cancel (self->analysis_cancellable);
  g_clear_object (&self->analysis_cancellable);
  g_clear_pointer (&self->analysis, ot_analysis_unref);
  g_clear_pointer (&self->network, ot_network_unref);
  g_clear_pointer (&self->frame, ot_frame_unref);
  g_clear_object (&self->handed_dataset);
  g_clear_pointer (&self->handed_filter, ot_filter_free);
  g_clear_pointer (&self->pins, g_hash_table_unref);
  g_clear_pointer (&self->notes, g_hash_table_unref);
  g_clear_object (&self->chart);
  g_clear_object (&self->workspace);
  g_clear_pointer (&self->frame_cache, ot_frame_cache_unref);

  G_OBJECT_CLASS (ot_frame_source_parent_class)->dispose (object);
}

static void
ot_frame_source_class_init (OtFrameSourceClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = ot_frame_source_dispose;
  object_class->get_property = ot_frame_source_get_property;

  properties[PROP_UPDATING] =
    g_param_spec_boolean ("updating", NULL, NULL, FALSE,
                          G_PARAM_READABLE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  /* An update was handed its inputs and runs (@fit: it starts afresh). */
  signals[UPDATE_STARTED] =
    g_signal_new ("update-started", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_BOOLEAN);
  /* An update that was not superseded ended: (OtFrame *frame, gboolean fit,
   * GError *error).  @frame: the frame published (NULL: the chart has no
   * network, or @error); @error: why it failed, or NULL. */
  signals[UPDATE_ENDED] =
    g_signal_new ("update-ended", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 3, G_TYPE_POINTER, G_TYPE_BOOLEAN, G_TYPE_ERROR);
  /* The last frame's network is analysed (ot_frame_source_get_analysis ()). */
  signals[ANALYSIS_READY] =
    g_signal_new ("analysis-ready", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 0);
  /* An uncounted frame (ot-frame.h) was counted: (OtFrame *frame), the
   * same frame with its facets, published in its place. */
  signals[FACETS_READY] =
    g_signal_new ("facets-ready", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_POINTER);
}

static void
ot_frame_source_init (OtFrameSource *self)
{
  self->chart = ot_chart_new ();
  self->frame_cache = ot_frame_cache_new ();
  self->measure = OT_HISTOGRAM_INCIDENTS;
  self->show_notes = TRUE;
  self->show_trade = TRUE;
}

OtFrameSource *
ot_frame_source_new (OtWorkspace *workspace)
{
  OtFrameSource *self;

  g_return_val_if_fail (OT_IS_WORKSPACE (workspace), NULL);

  self = g_object_new (OT_TYPE_FRAME_SOURCE, NULL);
  self->workspace = g_object_ref (workspace);
  return self;
}
