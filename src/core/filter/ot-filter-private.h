/* SPDX-License-Identifier: GPL-3.0-or-later */
/* ot-filter-private.h: the filter's fields, shared by ot-filter.c and
 * ot-filter-json.c (the filter as text for saved views). */
#pragma once

#include "ot-filter.h"

G_BEGIN_DECLS

/* Bit i of minerals[] is mineral i; the last bit stands for
 * OT_MINERAL_NONE. */
#define MINERAL_BITS 256
/* A country's bit: (first letter - 'A') * 26 + (second letter - 'A'). */
#define COUNTRY_BITS (26 * 26)
#define COUNTRY_WORDS ((COUNTRY_BITS + 31) / 32)

struct _OtFilter
{
  guint32    minerals[MINERAL_BITS / 32];
  guint32    statuses;
  guint32    from_day;
  guint32    to_day;
  double     min_kg;
  guint32    confidences;
  /* Bit 0: grade not given; bits 1..6: A..F, or 1..6. */
  guint32    reliabilities;
  guint32    credibilities;
  gboolean   hide_illustrative;
  guint32    countries[2][COUNTRY_WORDS];   /* [0] include, [1] exclude */
  /* Sorted arrays of label keys (char *), or NULL when empty. */
  GPtrArray *methods;
  GPtrArray *declared;
  GPtrArray *companies[2];                  /* [0] include, [1] exclude */
};

G_END_DECLS
