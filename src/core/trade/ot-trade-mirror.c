/* SPDX-License-Identifier: GPL-3.0-or-later */
/* ot-trade-mirror.c: mirror gaps (M1, docs/trade-signals.md): what an
 * importer records from a partner against what that partner records
 * sending it, year by year, the CIF/FOB difference allowed for; a gap is
 * flagged when it is far from the product's usual gap two years running. */
#include "ot-trade-signals-private.h"

#include <math.h>
#include <string.h>

/* A year is compared on the months both reporters reported: at least. */
#define MIN_MONTHS 6
/* The MAD of the product's gaps is taken as at least this: a tenth, the
 * low end of the 10-20 % WITS cites as usual. */
#define MAD_FLOOR 0.1
/* e in the gap's ln ((M + e) / (cX + e)): a hundredth of the two, so a
 * side that reports nothing gives a gap of about ln 101. */
#define GAP_EPSILON 0.01
#define MIN_RUN 2

typedef struct {
  OtTradePlace exporter;
  OtTradePlace importer;
  guint        group;
} Pair;

typedef struct {
  guint   pair;
  guint   year;
  guint   n_months;
  gboolean by_value;
  double  importer;
  double  exporter;
  double  gap;
  double  z;
  gboolean sized;      /* large enough to be judged */
  gboolean flagged;
} PairYear;

static guint
pair_hash (gconstpointer p)
{
  const Pair *x = p;

  return (x->exporter * 65599u + x->importer) * 31u + x->group;
}

static gboolean
pair_equal (gconstpointer a,
            gconstpointer b)
{
  return memcmp (a, b, sizeof (Pair)) == 0;
}

static GArray *
find_pairs (OtTradeRun *run)
{
  guint n_countries = ot_country_count ();
  g_autoptr(GHashTable) seen = g_hash_table_new_full (pair_hash, pair_equal, g_free, NULL);
  GArray *pairs = g_array_new (FALSE, TRUE, sizeof (Pair));

  for (guint s = 0; s < ot_trade_series_count (run->series); s++)
    {
      const OtTradeSeriesInfo *info = ot_trade_series_nth (run->series, s);
      Pair pair;

      memset (&pair, 0, sizeof pair);
      if (info->reporter >= n_countries || info->partner >= n_countries || info->reporter == info->partner)
        continue;
      if (info->flow == OT_TRADE_EXPORT)
        pair.exporter = info->reporter, pair.importer = info->partner;
      else if (info->flow == OT_TRADE_IMPORT)
        pair.exporter = info->partner, pair.importer = info->reporter;
      else
        continue;
      pair.group = ot_trade_group_of (info->product);
      if (run->options->mineral != OT_MINERAL_NONE &&
          ot_trade_group_nth (pair.group)->mineral != run->options->mineral)
        continue;
      if (g_hash_table_contains (seen, &pair))
        continue;
      g_array_append_val (pairs, pair);
      g_hash_table_add (seen, g_memdup2 (&pair, sizeof pair));
    }
  return pairs;
}

static void
add_year (GArray   *years,
          guint     pair,
          guint     year,
          guint     n_months,
          gboolean  by_value,
          double    m,
          double    x,
          const OtTradeSignalOptions *o)
{
  PairYear py = { 0 };
  double cx = by_value ? o->cif_fob * x : x;
  double e = GAP_EPSILON * (m + cx);

  if (!(m + cx > 0))
    return;
  py.pair = pair;
  py.year = year;
  py.n_months = n_months;
  py.by_value = by_value;
  py.importer = m;
  py.exporter = x;
  py.gap = log ((m + e) / (cx + e));
  py.sized = MAX (m, cx) >= (by_value ? o->mirror_min_value : o->mirror_min_kg);
  g_array_append_val (years, py);
}

/* The compared years of one pair, from monthly rows (the months both
 * reported) or, failing that, annual ones. */
static void
compare_pair (OtTradeRun *run,
              const Pair *pair,
              guint       index,
              GArray     *years)
{
  const OtTradeSignalOptions *o = run->options;
  OtTradeLegSeries mx = { 0 }, xm = { 0 };
  gboolean have_m, have_x;
  guint16 first;
  guint n_months, y0, y1;

  ot_trade_series_get_months (run->series, &first, &n_months);
  if (!ot_trade_series_get_years (run->series, &y0, &y1))
    return;
  have_m = ot_trade_series_leg (run->series, pair->importer, pair->exporter, OT_TRADE_IMPORT, &pair->group, 1, &mx);
  have_x = ot_trade_series_leg (run->series, pair->exporter, pair->importer, OT_TRADE_EXPORT, &pair->group, 1, &xm);

  for (guint year = y0; year <= y1; year++)
    {
      double m_kg = 0, x_kg = 0, m_value = 0, x_value = 0;
      guint n = 0;
      gboolean values = have_m && have_x && mx.currency == xm.currency;

      for (guint month = 1; month <= 12 && n_months > 0; month++)
        {
          guint16 t = ot_trade_month (year, month);
          double mk, xk, mv, xv;

          if (t < first || t >= first + n_months)
            continue;
          mk = have_m ? mx.kg[t - first] : (ot_trade_series_reported (run->series, pair->importer, t) ? 0 : NAN);
          xk = have_x ? xm.kg[t - first] : (ot_trade_series_reported (run->series, pair->exporter, t) ? 0 : NAN);
          mv = have_m ? mx.value[t - first] : mk;
          xv = have_x ? xm.value[t - first] : xk;
          if (isnan (mk) && isnan (mv))
            continue;
          if (isnan (xk) && isnan (xv))
            continue;
          n++;
          m_kg += mk, x_kg += xk, m_value += mv, x_value += xv;
        }
      if (n >= MIN_MONTHS)
        {
          if (values && !isnan (m_value) && !isnan (x_value))
            add_year (years, index, year, n, TRUE, m_value, x_value, o);
          else if (!isnan (m_kg) && !isnan (x_kg))
            add_year (years, index, year, n, FALSE, m_kg, x_kg, o);
          continue;
        }
      /* Annual rows. */
      {
        double mk, mv, xk, xv;

        if (!ot_trade_series_leg_annual (run->series, pair->importer, pair->exporter, OT_TRADE_IMPORT,
                                         &pair->group, 1, year, OT_TRADE_USD, &mk, &mv) ||
            !ot_trade_series_leg_annual (run->series, pair->exporter, pair->importer, OT_TRADE_EXPORT,
                                         &pair->group, 1, year, OT_TRADE_USD, &xk, &xv))
          continue;
        if (!isnan (mv) && !isnan (xv))
          add_year (years, index, year, 12, TRUE, mv, xv, o);
        else if (!isnan (mk) && !isnan (xk))
          add_year (years, index, year, 12, FALSE, mk, xk, o);
      }
    }
  ot_trade_leg_series_clear (&mx);
  ot_trade_leg_series_clear (&xm);
}

/* Robust z of every year's gap among the judged years of its product
 * group and kind of comparison (value or kg). */
static void
score_years (GArray       *years,
             const GArray *pairs,
             const OtTradeSignalOptions *o)
{
  guint n_groups = ot_trade_group_count ();

  for (guint g = 0; g < n_groups; g++)
    for (guint by_value = 0; by_value < 2; by_value++)
      {
        g_autoptr(GArray) gaps = g_array_new (FALSE, FALSE, sizeof (double));
        double median = 0, mad = MAD_FLOOR;

        for (guint i = 0; i < years->len; i++)
          {
            PairYear *py = &g_array_index (years, PairYear, i);

            if (py->sized && (guint) py->by_value == by_value &&
                g_array_index (pairs, Pair, py->pair).group == g)
              g_array_append_val (gaps, py->gap);
          }
        if (gaps->len == 0)
          continue;
        median = ot_trade_median ((double *) (void *) gaps->data, gaps->len);
        for (guint i = 0; i < gaps->len; i++)
          g_array_index (gaps, double, i) = fabs (g_array_index (gaps, double, i) - median);
        mad = MAX (1.4826 * ot_trade_median ((double *) (void *) gaps->data, gaps->len), MAD_FLOOR);
        for (guint i = 0; i < years->len; i++)
          {
            PairYear *py = &g_array_index (years, PairYear, i);

            if ((guint) py->by_value != by_value || g_array_index (pairs, Pair, py->pair).group != g)
              continue;
            py->z = (py->gap - median) / mad;
            py->flagged = py->sized && fabs (py->gap) >= o->min_change && fabs (py->z) >= o->threshold;
          }
      }
}

static void
add_signal (OtTradeRun     *run,
            const Pair     *pair,
            const PairYear *years,
            guint           n_years,
            guint           run_first,
            guint           run_len)
{
  OtTradeSignal signal = { 0 };
  OtTradeMirrorYear *out = ot_trade_run_alloc (run, n_years * sizeof (OtTradeMirrorYear));
  double weakest = INFINITY;
  g_autofree guint16 *months = g_new (guint16, 12 * run_len);
  guint n_months = 0;

  for (guint k = 0; k < n_years; k++)
    {
      out[k].year = years[k].year;
      out[k].n_months = years[k].n_months;
      out[k].by_value = years[k].by_value;
      out[k].importer = years[k].importer;
      out[k].exporter = years[k].exporter;
      out[k].gap = years[k].gap;
      out[k].z = years[k].z;
      out[k].flagged = years[k].flagged;
    }
  for (guint k = run_first; k < run_first + run_len; k++)
    {
      weakest = MIN (weakest, fabs (years[k].z));
      for (guint month = 1; month <= 12; month++)
        months[n_months++] = ot_trade_month (years[k].year, month);
    }

  signal.kind = OT_TRADE_SIGNAL_MIRROR_GAP;
  signal.flagged = run_len >= MIN_RUN;
  signal.score = weakest;
  signal.mineral = ot_trade_group_nth (pair->group)->mineral;
  ot_trade_run_products (run, &pair->group, 1, &signal.products, &signal.n_products);
  signal.origin = pair->exporter;
  signal.hub = OT_TRADE_PLACE_OTHER_ID;
  signal.destination = pair->importer;
  signal.first_month = ot_trade_month (years[run_first].year, 1);
  signal.last_month = ot_trade_month (years[run_first + run_len - 1].year, 12);
  signal.years = out;
  signal.n_years = n_years;
  signal.sign = years[run_first].gap > 0 ? 1 : -1;
  signal.t_raw = signal.t_placebo = signal.change = NAN;
  signal.kg_per_month = signal.share = NAN;
  signal.unit_value = signal.reference_unit_value = NAN;
  signal.z = years[run_first].z;
  signal.change = years[run_first].gap;

  signal.legs = ot_trade_run_alloc (run, 2 * sizeof (OtTradeLeg));
  signal.n_legs = 2;
  ot_trade_run_leg (run, &signal.legs[0], OT_TRADE_LEG_IMPORTER, pair->importer, pair->exporter,
                    OT_TRADE_IMPORT, &pair->group, 1, NULL, 0, NULL, months, n_months);
  ot_trade_run_leg (run, &signal.legs[1], OT_TRADE_LEG_EXPORTER, pair->exporter, pair->importer,
                    OT_TRADE_EXPORT, &pair->group, 1, NULL, 0, NULL, months, n_months);
  g_array_append_val (run->out[OT_TRADE_SIGNAL_MIRROR_GAP], signal);
}

/* The longest run of consecutive flagged years of one sign (the one with
 * the larger weakest |z| when two are as long). */
static void
find_run (const PairYear *years,
          guint           n,
          guint          *first,
          guint          *len)
{
  double best_weakest = -1;

  *first = 0;
  *len = 0;
  for (guint i = 0; i < n; i++)
    {
      guint j = i;
      double weakest = INFINITY;

      if (!years[i].flagged)
        continue;
      while (j < n && years[j].flagged && (years[j].gap > 0) == (years[i].gap > 0) &&
             years[j].year == years[i].year + (j - i))
        weakest = MIN (weakest, fabs (years[j].z)), j++;
      if (j - i > *len || (j - i == *len && weakest > best_weakest))
        {
          *first = i;
          *len = j - i;
          best_weakest = weakest;
        }
    }
}

gboolean
ot_trade_mirror (OtTradeRun *run)
{
  g_autoptr(GArray) pairs = find_pairs (run);
  g_autoptr(GArray) years = g_array_new (FALSE, TRUE, sizeof (PairYear));
  guint i = 0;

  for (guint p = 0; p < pairs->len; p++)
    {
      if ((p & 0xff) == 0 && g_cancellable_is_cancelled (run->cancellable))
        return FALSE;
      compare_pair (run, &g_array_index (pairs, Pair, p), p, years);
    }
  score_years (years, pairs, run->options);

  /* The years come out grouped by pair, in year order. */
  while (i < years->len)
    {
      guint j = i, first, len;
      const PairYear *py = &g_array_index (years, PairYear, i);

      while (j < years->len && g_array_index (years, PairYear, j).pair == py->pair)
        j++;
      find_run (py, j - i, &first, &len);
      if (len > 0)
        add_signal (run, &g_array_index (pairs, Pair, py->pair), py, j - i, first, len);
      i = j;
    }
  ot_trade_run_rank (run, OT_TRADE_SIGNAL_MIRROR_GAP);
  return TRUE;
}
