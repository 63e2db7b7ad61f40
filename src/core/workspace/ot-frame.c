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
  OtFacets        *facets;
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

/* (The caller holds the lock.) */
static void
prepare_locked (OtFrameCache *cache,
                OtDataset    *dataset)
{
  if (cache->dataset == dataset)
    return;
  g_clear_pointer (&cache->facets, ot_facets_free);
  g_set_object (&cache->dataset, dataset);
  cache->facets = ot_facets_new (dataset, NULL);
}

void
ot_frame_cache_prepare (OtFrameCache *cache,
                        OtDataset    *dataset)
{
  g_return_if_fail (cache != NULL);
  g_return_if_fail (OT_IS_DATASET (dataset));

  g_mutex_lock (&cache->lock);
  prepare_locked (cache, dataset);
  g_mutex_unlock (&cache->lock);
}

/* A copy of @dataset's facet values, built once per dataset. */
static OtFacets *
copy_facets (OtFrameCache *cache,
             OtDataset    *dataset)
{
  OtFacets *copy;

  g_mutex_lock (&cache->lock);
  prepare_locked (cache, dataset);
  copy = ot_facets_copy (cache->facets);
  g_mutex_unlock (&cache->lock);
  return copy;
}

OtFrame *
ot_frame_new_from_chart (OtChart            *chart,
                         OtFrameCache       *cache,
                         OtHistogramMeasure  measure)
{
  OtNetwork *network;
  OtDataset *dataset;
  const guint8 *mask;
  OtFrame *frame;
  guint n;

  g_return_val_if_fail (OT_IS_CHART (chart), NULL);
  g_return_val_if_fail (cache != NULL, NULL);

  network = ot_chart_get_network (chart);
  if (network == NULL)
    return NULL;

  frame = g_new0 (OtFrame, 1);
  g_atomic_ref_count_init (&frame->ref);
  frame->network = network;
  frame->scene = ot_chart_get_scene (chart);
  dataset = ot_network_get_dataset (network);
  mask = ot_network_get_mask (network, &n);
  frame->rows = ot_mask_to_indices (mask, n, ot_network_get_n_included (network));
  /* The chart's filter: the network's, with its period (which the
   * histogram ignores: the timeline shows the whole span). */
  frame->histogram = ot_histogram_new (dataset, ot_chart_get_filter (chart), measure);
  frame->facets = copy_facets (cache, dataset);
  ot_facets_set_filter (frame->facets, ot_chart_get_filter (chart));
  return frame;
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
