/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "ot-frame.h"

struct _OtFrameCache
{
  gatomicrefcount  ref;
  GMutex           lock;
  OtDataset       *dataset;   /* whose values @facets holds */
  OtFacets        *facets;
};

struct _OtFrame
{
  gatomicrefcount  ref;
  OtNetwork       *network;
  OtScene         *scene;
  GArray          *rows;
  OtHistogram     *histogram;
  OtFacets        *facets;     /* NULL until counted */
  OtFilter        *filter;     /* the chart's, to count them under */
};

OtFrameCache *
ot_frame_cache_new (void)
{
  OtFrameCache *cache = g_new0 (OtFrameCache, 1);

  g_atomic_ref_count_init (&cache->ref);
  g_mutex_init (&cache->lock);
  return cache;
}

OtFrameCache *
ot_frame_cache_ref (OtFrameCache *cache)
{
  g_return_val_if_fail (cache != NULL, NULL);

  g_atomic_ref_count_inc (&cache->ref);
  return cache;
}

void
ot_frame_cache_unref (OtFrameCache *cache)
{
  g_return_if_fail (cache != NULL);

  if (!g_atomic_ref_count_dec (&cache->ref))
    return;
  g_clear_pointer (&cache->facets, ot_facets_free);
  g_clear_object (&cache->dataset);
  g_mutex_clear (&cache->lock);
  g_free (cache);
}

gboolean
ot_frame_cache_has (OtFrameCache *cache,
                    OtDataset    *dataset)
{
  gboolean has;

  g_return_val_if_fail (cache != NULL, FALSE);

  g_mutex_lock (&cache->lock);
  has = cache->dataset == dataset;
  g_mutex_unlock (&cache->lock);
  return has;
}

void
ot_frame_cache_prepare (OtFrameCache *cache,
                        OtDataset    *dataset)
{
  OtFacets *facets;

  g_return_if_fail (cache != NULL);
  g_return_if_fail (OT_IS_DATASET (dataset));

  if (ot_frame_cache_has (cache, dataset))
    return;
  /* Built without the lock (about a second at 1M incidents), so that
   * ot_frame_cache_has () answers meanwhile; of two built at once, the
   * first kept. */
  facets = ot_facets_new (dataset, NULL);
  g_mutex_lock (&cache->lock);
  if (cache->dataset != dataset)
    {
      OtFacets *old = g_steal_pointer (&cache->facets);

      cache->facets = g_steal_pointer (&facets);
      g_set_object (&cache->dataset, dataset);
      facets = old;
    }
  g_mutex_unlock (&cache->lock);
  g_clear_pointer (&facets, ot_facets_free);
}

/* A copy of @dataset's facet values counted under @filter. */
static OtFacets *
count_facets (OtFrameCache   *cache,
              OtDataset      *dataset,
              const OtFilter *filter)
{
  OtFacets *copy;

  ot_frame_cache_prepare (cache, dataset);
  g_mutex_lock (&cache->lock);
  copy = cache->dataset == dataset ? ot_facets_copy (cache->facets) : NULL;
  g_mutex_unlock (&cache->lock);
  /* (Another dataset came meanwhile: these values are built again, for
   * this frame only, outside the lock.) */
  if (copy == NULL)
    copy = ot_facets_new (dataset, NULL);
  ot_facets_set_filter (copy, filter);
  return copy;
}

OtFrame *
ot_frame_new_from_chart_parts (OtChart            *chart,
                               OtFrameCache       *cache,
                               OtHistogram        *histogram,
                               OtHistogramMeasure  measure)
{
  OtNetwork *network;
  OtDataset *dataset;
  const guint8 *mask;
  OtFrame *frame;
  guint n;

  g_return_val_if_fail (OT_IS_CHART (chart), NULL);

  network = ot_chart_get_network (chart);
  if (network == NULL)
    {
      g_clear_pointer (&histogram, ot_histogram_free);
      return NULL;
    }

  frame = g_new0 (OtFrame, 1);
  g_atomic_ref_count_init (&frame->ref);
  frame->network = network;
  frame->scene = ot_chart_get_scene (chart);
  dataset = ot_network_get_dataset (network);
  mask = ot_network_get_mask (network, &n);
  frame->rows = ot_mask_to_indices (mask, n, ot_network_get_n_included (network));
  /* The chart's filter: the network's, with its period (which the
   * histogram ignores: the timeline shows the whole span). */
  frame->filter = ot_filter_copy (ot_chart_get_filter (chart));
  frame->histogram = histogram != NULL ? histogram : ot_histogram_new (dataset, frame->filter, measure);
  if (cache != NULL)
    frame->facets = count_facets (cache, dataset, frame->filter);
  return frame;
}

OtFrame *
ot_frame_new_from_chart (OtChart            *chart,
                         OtFrameCache       *cache,
                         OtHistogramMeasure  measure)
{
  g_return_val_if_fail (cache != NULL, NULL);

  return ot_frame_new_from_chart_parts (chart, cache, NULL, measure);
}

OtFrame *
ot_frame_count_facets (OtFrame      *frame,
                       OtFrameCache *cache)
{
  OtFrame *counted;

  g_return_val_if_fail (frame != NULL, NULL);
  g_return_val_if_fail (cache != NULL, NULL);

  counted = g_new0 (OtFrame, 1);
  g_atomic_ref_count_init (&counted->ref);
  counted->network = ot_network_ref (frame->network);
  counted->scene = frame->scene != NULL ? ot_scene_ref (frame->scene) : NULL;
  counted->rows = g_array_ref (frame->rows);
  counted->histogram = ot_histogram_copy (frame->histogram);
  counted->filter = ot_filter_copy (frame->filter);
  counted->facets = count_facets (cache, ot_network_get_dataset (frame->network), frame->filter);
  return counted;
}

OtFrame *
ot_frame_ref (OtFrame *frame)
{
  g_return_val_if_fail (frame != NULL, NULL);

  g_atomic_ref_count_inc (&frame->ref);
  return frame;
}

void
ot_frame_unref (OtFrame *frame)
{
  g_return_if_fail (frame != NULL);

  if (!g_atomic_ref_count_dec (&frame->ref))
    return;
  g_clear_pointer (&frame->facets, ot_facets_free);
  g_clear_pointer (&frame->filter, ot_filter_free);
  g_clear_pointer (&frame->histogram, ot_histogram_free);
  g_clear_pointer (&frame->rows, g_array_unref);
  g_clear_pointer (&frame->scene, ot_scene_unref);
  g_clear_pointer (&frame->network, ot_network_unref);
  g_free (frame);
}

OtNetwork *
ot_frame_get_network (OtFrame *frame)
{
  g_return_val_if_fail (frame != NULL, NULL);
  return frame->network;
}

OtScene *
ot_frame_get_scene (OtFrame *frame)
{
  g_return_val_if_fail (frame != NULL, NULL);
  return frame->scene;
}

GArray *
ot_frame_get_rows (OtFrame *frame)
{
  g_return_val_if_fail (frame != NULL, NULL);
  return frame->rows;
}

OtHistogram *
ot_frame_get_histogram (OtFrame *frame)
{
  g_return_val_if_fail (frame != NULL, NULL);
  return frame->histogram;
}

OtFacets *
ot_frame_get_facets (OtFrame *frame)
{
  g_return_val_if_fail (frame != NULL, NULL);
  return frame->facets;
}
