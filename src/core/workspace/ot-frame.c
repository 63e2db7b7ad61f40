/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "ot-frame.h"

#include <string.h>

#include "ot-country.h"
#include "ot-edge-source.h"

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

/* A summary's minerals, statuses and illustrative records under a filter
 * its cells cannot tell (a country, a company, a grade…): recounted from
 * the cells of the incidents those other parts let through, which its
 * source counts. */
static void
count_summary_cells (OtFacets       *facets,
                     OtEdgeSource   *source,
                     const OtFilter *filter)
{
  static const OtFilterPart cell_parts[] = {
    OT_FILTER_MINERALS, OT_FILTER_STATUSES, OT_FILTER_ILLUSTRATIVE, OT_FILTER_PERIOD,
  };
  g_autoptr(OtFilter) rest = NULL;
  g_autoptr(GArray) cells = NULL;
  g_autoptr(GError) error = NULL;

  if (filter == NULL)
    return;
  rest = ot_filter_copy (filter);
  for (guint p = 0; p < G_N_ELEMENTS (cell_parts); p++)
    ot_filter_clear_part (rest, cell_parts[p]);
  if (ot_filter_is_empty (rest))
    return;
  cells = ot_edge_source_query_cells (source, rest, NULL, &error);
  if (cells == NULL)
    {
      g_message ("A summary's counts were not recounted: %s", error->message);
      return;
    }
  ot_facets_count_cells (facets, filter, cells);
}

/* A summary's countries (docs/team-store.md, "Summary mode"): counted
 * by its source, every incident's and under @filter without its
 * countries (the faceted rule); none when the source cannot say. */
static void
count_summary_places (OtFacets       *facets,
                      OtDataset      *dataset,
                      const OtFilter *filter)
{
  GObject *source = ot_dataset_get_summary (dataset, NULL);
  g_autoptr(OtFilter) others = filter != NULL ? ot_filter_copy (filter) : ot_filter_new ();
  g_autoptr(GArray) totals = NULL;
  g_autoptr(GArray) counts = NULL;
  g_autoptr(GArray) items = NULL;
  g_autoptr(GError) error = NULL;
  guint k = 0;

  if (!OT_IS_EDGE_SOURCE (source))
    return;
  count_summary_cells (facets, OT_EDGE_SOURCE (source), filter);
  ot_filter_clear_part (others, OT_FILTER_COUNTRIES);
  totals = ot_edge_source_query_places (OT_EDGE_SOURCE (source), NULL, NULL, &error);
  if (totals != NULL)
    counts = ot_edge_source_query_places (OT_EDGE_SOURCE (source), others, NULL, &error);
  if (counts == NULL)
    {
      g_message ("A summary's countries were not counted: %s", error->message);
      return;
    }
  items = g_array_sized_new (FALSE, TRUE, sizeof (OtFacetItem), totals->len);
  for (guint i = 0; i < totals->len; i++)
    {
      const OtPlaceCount *total = &g_array_index (totals, OtPlaceCount, i);
      const char *name = ot_country_display_name (total->country.code);
      OtFacetItem item = { 0 };

      /* Both sorted by code. */
      while (k < counts->len && strcmp (g_array_index (counts, OtPlaceCount, k).country.code,
                                        total->country.code) < 0)
        k++;
      item.key = (char *) total->country.code;
      item.label = (char *) (name != NULL ? name : total->country.code);
      item.total = total->n_incidents;
      if (k < counts->len && strcmp (g_array_index (counts, OtPlaceCount, k).country.code, total->country.code) == 0)
        item.count = g_array_index (counts, OtPlaceCount, k).n_incidents;
      g_array_append_val (items, item);
    }
  ot_facets_set_part (facets, OT_FILTER_COUNTRIES, (const OtFacetItem *) (void *) items->data, items->len);
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
  if (ot_dataset_get_summary (dataset, NULL) != NULL)
    count_summary_places (copy, dataset, filter);
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

/* @frame again, its facets still to set. */
static OtFrame *
frame_copy (OtFrame *frame)
{
  OtFrame *copy = g_new0 (OtFrame, 1);

  g_atomic_ref_count_init (&copy->ref);
  copy->network = ot_network_ref (frame->network);
  copy->scene = frame->scene != NULL ? ot_scene_ref (frame->scene) : NULL;
  copy->rows = g_array_ref (frame->rows);
  copy->histogram = ot_histogram_copy (frame->histogram);
  copy->filter = ot_filter_copy (frame->filter);
  return copy;
}

OtFrame *
ot_frame_count_facets (OtFrame      *frame,
                       OtFrameCache *cache)
{
  OtFrame *counted;

  g_return_val_if_fail (frame != NULL, NULL);
  g_return_val_if_fail (cache != NULL, NULL);

  counted = frame_copy (frame);
  counted->facets = count_facets (cache, ot_network_get_dataset (frame->network), frame->filter);
  return counted;
}

OtFrame *
ot_frame_reuse_facets (OtFrame *frame,
                       OtFrame *before)
{
  OtFrame *counted;

  g_return_val_if_fail (frame != NULL, NULL);
  g_return_val_if_fail (before != NULL, NULL);

  if (frame->facets != NULL || before->facets == NULL || frame->network != before->network)
    return NULL;
  counted = frame_copy (frame);
  counted->facets = ot_facets_copy (before->facets);
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
