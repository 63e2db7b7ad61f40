/* SPDX-License-Identifier: GPL-3.0-or-later */
/* ot-numeric.h: sums and scales of kilograms that stay finite, whatever
 * the data (docs/robustness.md, "Numbers stay finite").  The loader caps
 * one record at OT_LOADER_MAX_QUANTITY_KG, but datasets are also built
 * by code (the generator, tests, merges of many files): every sum of kg
 * in the network, the analysis and the views goes through
 * ot_kg_add (), so no total, width, radius or weight is ever infinite
 * or NaN. */
#pragma once

#include <glib.h>
#include <math.h>

G_BEGIN_DECLS

/* The largest total of kilograms kept: far above any real total (the
 * loader allows 1e9 kg per record and 5e6 records, 5e15 kg), far below
 * the largest double, so that products and sums of a few totals (ratios,
 * squares in the communities' modularity) stay finite too. */
#define OT_KG_SUM_MAX 1e18

/* @kg as a quantity to add up: NaN and negative are not quantities
 * (0); anything above OT_KG_SUM_MAX, infinity included, counts as
 * OT_KG_SUM_MAX. */
static inline double
ot_kg_clamp (double kg)
{
  if (!(kg > 0))        /* NaN and negative */
    return 0;
  return kg < OT_KG_SUM_MAX ? kg : OT_KG_SUM_MAX;
}

/* @sum + @kg, saturating at OT_KG_SUM_MAX; @kg as ot_kg_clamp () reads
 * it.  Saturated sums stay saturated. */
static inline double
ot_kg_add (double sum,
           double kg)
{
  double total = ot_kg_clamp (sum) + ot_kg_clamp (kg);

  return total < OT_KG_SUM_MAX ? total : OT_KG_SUM_MAX;
}

/* @x when it is a finite number, @fallback otherwise. */
static inline double
ot_finite_or (double x,
              double fallback)
{
  return isfinite (x) ? x : fallback;
}

G_END_DECLS
