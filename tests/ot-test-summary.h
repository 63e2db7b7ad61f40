/* SPDX-License-Identifier: GPL-3.0-or-later */
/* A summary's sidebar against its incidents' (issue 21, docs/team-store.md
 * "Summary mode"): tests/test-edge-source.c and tests/test-store.c. */
#pragma once

#include "ot-facets.h"

/* The values and counts of the parts a summary's cells hold are those of
 * the same incidents in memory, under the same filter. */
static inline void
ot_test_assert_cell_facets (OtFacets *memory,
                            OtFacets *summary)
{
  static const OtFilterPart parts[] = { OT_FILTER_MINERALS, OT_FILTER_STATUSES, OT_FILTER_ILLUSTRATIVE };

  g_assert_cmpuint (ot_facets_get_n_matching (summary), ==, ot_facets_get_n_matching (memory));
  for (guint p = 0; p < G_N_ELEMENTS (parts); p++)
    {
      g_assert_cmpuint (ot_facets_get_n_items (summary, parts[p]), ==,
                        ot_facets_get_n_items (memory, parts[p]));
      for (guint i = 0; i < ot_facets_get_n_items (memory, parts[p]); i++)
        {
          const OtFacetItem *m = ot_facets_get_item (memory, parts[p], i);
          const OtFacetItem *s = ot_facets_find (summary, parts[p], m->key);

          g_assert_nonnull (s);
          g_assert_cmpstr (s->label, ==, m->label);
          g_assert_cmpuint (s->value, ==, m->value);
          g_assert_cmpuint (s->total, ==, m->total);
          g_assert_cmpuint (s->count, ==, m->count);
        }
    }
}

/* … and it has no other (the countries are counted by the frame:
 * ot-frame.c). */
static inline void
ot_test_assert_summary_facets (OtFacets *memory,
                               OtFacets *summary)
{
  ot_test_assert_cell_facets (memory, summary);
  g_assert_cmpuint (ot_facets_get_n_items (summary, OT_FILTER_COUNTRIES), ==, 0);
  g_assert_cmpuint (ot_facets_get_n_items (summary, OT_FILTER_METHODS), ==, 0);
  g_assert_cmpuint (ot_facets_get_n_items (summary, OT_FILTER_COMPANIES), ==, 0);
}
