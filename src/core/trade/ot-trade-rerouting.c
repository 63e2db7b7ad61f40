/* SPDX-License-Identifier: GPL-3.0-or-later */
/* ot-trade-rerouting.c: the tests around a control date
 * (docs/trade-signals.md): rerouting through a hub (M2, three legs and a
 * placebo) and code switching into a neighbouring line (M5, two legs). */
#include "ot-trade-signals-private.h"

#include <math.h>
#include <string.h>

/* A route is looked at further only when each leg already moved the right
 * way by this many standard errors: the candidates the panel lists below
 * the threshold. */
#define PRUNE_T 1.0
/* A code switch must move at least this share of the controlled line's
 * lost tonnes into the neighbours. */
#define MIN_SWITCH_SHARE 0.25
#define MAX_SET 32
#define MAX_LAG 6

typedef struct {
  guint groups[MAX_SET];
  guint n;
  guint placebo[MAX_SET];
  guint n_placebo;
} ProductSet;

/* A leg as read: whose records, and the test on them. */
typedef struct {
  OtTradePlace reporter;
  OtTradePlace partner;
  OtTradeFlow  flow;
  gboolean     found;     /* a series of it exists */
  OtTradeTest  test;
} Side;

typedef struct {
  guint64          route;          /* what the candidate is about, whatever the control */
  OtMineral        mineral;
  guint            key_group;      /* code switch: the controlled group */
  OtTradePlace     hub;
  OtTradePlace     destination;
  double           score;
  gboolean         flagged;
  const OtControl *control;
  ProductSet       set;
  guint            lag;
  OtTradeWindows   w0;
  OtTradeWindows   wlag;
  Side             legs[3];
  Side             placebo[3];
  gboolean         has_placebo;
  double           t_raw;
  double           t_placebo;
  double           change;
  double           kg_per_month;
  double           share;
  double           jump;           /* choose (): the legs' move at the control date */
} Candidate;

/* The context of one control and mineral. */
typedef struct {
  OtTradeRun      *run;
  OtTradeSeries   *series;
  const OtTradeSignalOptions *o;
  guint16          first;          /* the series' months */
  guint            n_months;
  const OtControl *control;
  guint16          first_after;    /* its first month */
  guint            control_index;
  OtMineral        mineral;
  OtTradeWindows   w[MAX_LAG + 1]; /* per lag */
  gboolean         w_ok[MAX_LAG + 1];
  GArray          *partners;       /* OtTradePlace: places the origin trades with */
  GHashTable      *candidates;     /* (route, control) → Candidate */
} Ctx;

/* ---- Reading legs ------------------------------------------------------------- */

static gboolean
read_side (Ctx                  *ctx,
           OtTradePlace          reporter,
           OtTradePlace          partner,
           OtTradeFlow           flow,
           const guint          *groups,
           guint                 n_groups,
           const OtTradeWindows *windows,
           Side                 *out)
{
  OtTradeLegSeries leg;

  memset (out, 0, sizeof *out);
  out->reporter = reporter;
  out->partner = partner;
  out->flow = flow;
  if (!ot_trade_series_leg (ctx->series, reporter, partner, flow, groups, n_groups, &leg))
    {
      /* No row: known zeros in the months the reporter reported. */
      g_autofree double *zeros = g_new (double, MAX (ctx->n_months, 1));

      for (guint m = 0; m < ctx->n_months; m++)
        zeros[m] = ot_trade_series_reported (ctx->series, reporter, ctx->first + m) ? 0 : NAN;
      ot_trade_test_series (zeros, ctx->first, ctx->n_months, windows,
                            ctx->o->min_before_months, ctx->o->min_after_months, &out->test);
      return out->test.ok;
    }
  out->found = TRUE;
  ot_trade_test_series (leg.kg, ctx->first, ctx->n_months, windows,
                        ctx->o->min_before_months, ctx->o->min_after_months, &out->test);
  ot_trade_leg_series_clear (&leg);
  return out->test.ok;
}

/* The flow @exporter → @importer, from the side that reports it best
 * (@prefer_importer: the importer's records, partner = origin; else the
 * exporter's), else from the other side.  A side without any row of the
 * flow still reads as zeros in the months its reporter reported, and is
 * used only when the other side has no row either.  FALSE when neither
 * side can be tested. */
static gboolean
read_leg (Ctx                  *ctx,
          OtTradePlace          exporter,
          OtTradePlace          importer,
          gboolean              prefer_importer,
          const guint          *groups,
          guint                 n_groups,
          const OtTradeWindows *windows,
          Side                 *out)
{
  Side sides[2];

  for (guint k = 0; k < 2; k++)
    {
      gboolean importer_side = (k == 0) == prefer_importer;

      read_side (ctx, importer_side ? importer : exporter, importer_side ? exporter : importer,
                 importer_side ? OT_TRADE_IMPORT : OT_TRADE_EXPORT,
                 groups, n_groups, windows, &sides[k]);
      if (sides[k].found && sides[k].test.ok)
        {
          *out = sides[k];
          return TRUE;
        }
    }
  for (guint k = 0; k < 2; k++)
    if (sides[k].test.ok)
      {
        *out = sides[k];
        return TRUE;
      }
  *out = sides[0];
  return FALSE;
}

/* The same records on other product lines (the placebo; the switch's
 * neighbours): the same reporter, partner and flow. */
static void
read_same_side (Ctx                  *ctx,
                const Side           *like,
                const guint          *groups,
                guint                 n_groups,
                const OtTradeWindows *windows,
                Side                 *out)
{
  read_side (ctx, like->reporter, like->partner, like->flow, groups, n_groups, windows, out);
}

/* ---- Scores ------------------------------------------------------------------- */

/* The score of legs that should move in the directions @dir (−1 fall, +1
 * rise), against their placebos where @placebo has them.  A placebo leg
 * discounts its controlled leg only when it moved the same way (a demand
 * shock moves both; a placebo that fell while the hub's trade rose says
 * nothing against rerouting):
 *   t_raw  the weakest leg's directional t;
 *   t_did  the weakest leg's directional t once each placebo's move the
 *          same way is taken off;
 *   change the weakest directional log change (after that discount);
 *   score  min (t_raw, t_did) × clamp (change / ln 2, 0, 1). */
/* A placebo leg much noisier than the leg it checks (a standard error
 * over twice the leg's and over half the smallest change that counts)
 * cannot tell a demand shock from noise: it is shown, not used. */
static gboolean
placebo_informative (const OtTradeTest *test,
                     const OtTradeTest *leg,
                     double             min_change)
{
  double bound = MAX (min_change / 2, 2 * sqrt (leg->var));

  return test->ok && test->var <= bound * bound;
}

static double
score_legs (const Side  *legs,
            const Side  *placebo,     /* NULL or n entries */
            const int   *dir,
            guint        n,
            double       min_change,
            double      *t_raw,
            double      *t_did,
            double      *change,
            gboolean    *has_placebo)
{
  double raw = INFINITY, did = INFINITY, weakest = INFINITY;
  gboolean any = FALSE;

  for (guint k = 0; k < n; k++)
    {
      double c = dir[k] * legs[k].test.change;
      double t = dir[k] * legs[k].test.t;

      raw = MIN (raw, t);
      if (placebo && placebo_informative (&placebo[k].test, &legs[k].test, min_change))
        {
          double same_way = dir[k] * placebo[k].test.change;

          any = TRUE;
          if (same_way > 0)
            {
              c -= same_way;
              t = c / sqrt (legs[k].test.var + placebo[k].test.var);
            }
        }
      did = MIN (did, t);
      weakest = MIN (weakest, c);
    }
  *t_raw = raw;
  *t_did = any ? did : NAN;
  *change = weakest;
  *has_placebo = any;
  return MIN (raw, did) * CLAMP (weakest / G_LN2, 0, 1);
}

/* Keeps the best product set of a route around one control; the choice
 * between controls comes once every control was tested (choose ()). */
static void
offer (Ctx       *ctx,
       guint64    route,
       Candidate *c)
{
  guint64 key = (route << 8) | ctx->control_index;
  Candidate *old = g_hash_table_lookup (ctx->candidates, &key);

  c->route = route;
  if (old == NULL)
    {
      guint64 *k = g_new (guint64, 1);

      *k = key;
      g_hash_table_insert (ctx->candidates, k, g_memdup2 (c, sizeof *c));
    }
  else if (c->score > old->score)
    *old = *c;
}

/* y = ln (1 + x / s) over the three months from @at against the three
 * before, s a tenth of the six months' median; 0 when a side is unknown. */
static double
step_at (const double *kg,
         guint16       first,
         guint         n,
         gint          at)
{
  double x[6], positive[6], sum[2] = { 0, 0 }, s;
  guint known[2] = { 0, 0 }, n_positive = 0;

  for (guint i = 0; i < 6; i++)
    {
      gint m = at - 3 + (gint) i - (gint) first;

      x[i] = m >= 0 && m < (gint) n ? kg[m] : NAN;
      if (x[i] > 0)
        positive[n_positive++] = x[i];
    }
  if (n_positive == 0)
    return 0;
  s = 0.1 * ot_trade_median (positive, n_positive);
  for (guint i = 0; i < 6; i++)
    if (!isnan (x[i]))
      {
        sum[i >= 3] += log1p (x[i] / s);
        known[i >= 3]++;
      }
  return known[0] && known[1] ? sum[1] / known[1] - sum[0] / known[0] : 0;
}

/* ---- Rerouting (M2) ------------------------------------------------------------ */

/* The hub's leg, from the side that reports it best, at the lag (0 to
 * max_lag months) at which it steps up most at the control's first
 * month: the shipping time.  The test is on that lag's windows. */
static gboolean
hub_leg (Ctx              *ctx,
         OtTradePlace      hub,
         OtTradePlace      dest,
         const ProductSet *set,
         Side             *out,
         guint            *lag_out)
{
  OtTradeLegSeries leg;
  g_autofree double *kg = NULL;
  double best_step = -INFINITY;
  gboolean found = FALSE;

  if (!read_leg (ctx, hub, dest, TRUE, set->groups, set->n, &ctx->w[0], out))
    return FALSE;
  if (ot_trade_series_leg (ctx->series, out->reporter, out->partner, out->flow, set->groups, set->n, &leg))
    {
      kg = g_steal_pointer (&leg.kg);
      ot_trade_leg_series_clear (&leg);
    }
  else
    {
      kg = g_new (double, MAX (ctx->n_months, 1));
      for (guint m = 0; m < ctx->n_months; m++)
        kg[m] = ot_trade_series_reported (ctx->series, out->reporter, ctx->first + m) ? 0 : NAN;
    }
  for (guint lag = 0; lag <= MIN (ctx->o->max_lag, MAX_LAG); lag++)
    {
      OtTradeTest test;
      double step;

      if (!ctx->w_ok[lag])
        continue;
      ot_trade_test_series (kg, ctx->first, ctx->n_months, &ctx->w[lag],
                            ctx->o->min_before_months, ctx->o->min_after_months, &test);
      step = step_at (kg, ctx->first, ctx->n_months, (gint) ctx->first_after + (gint) lag);
      if (!test.ok || (found && step <= best_step))
        continue;
      out->test = test;
      *lag_out = lag;
      best_step = step;
      found = TRUE;
    }
  return found;
}

static void
reroute_set (Ctx              *ctx,
             const ProductSet *set)
{
  const OtTradeSignalOptions *o = ctx->o;
  guint n = ctx->partners->len;
  g_autofree Side *out = g_new0 (Side, MAX (n, 1));       /* origin → j */
  g_autofree Side *pout = g_new0 (Side, MAX (n, 1));      /* the same on the placebo */
  g_autofree gboolean *ok = g_new0 (gboolean, MAX (n, 1));
  static const int dir[3] = { -1, +1, +1 };

  for (guint j = 0; j < n; j++)
    {
      OtTradePlace place = g_array_index (ctx->partners, OtTradePlace, j);

      ok[j] = read_leg (ctx, o->origin, place, FALSE, set->groups, set->n, &ctx->w[0], &out[j]);
      if (ok[j] && set->n_placebo > 0)
        read_same_side (ctx, &out[j], set->placebo, set->n_placebo, &ctx->w[0], &pout[j]);
    }

  for (guint u = 0; u < n; u++)
    {
      OtTradePlace dest = g_array_index (ctx->partners, OtTradePlace, u);

      if (!ok[u] || out[u].test.t > -PRUNE_T || !(out[u].test.kg_before > 0))
        continue;
      for (guint h = 0; h < n; h++)
        {
          OtTradePlace hub = g_array_index (ctx->partners, OtTradePlace, h);
          Side best = { 0 }, legs[3], placebo[3];
          guint best_lag = 0;
          Candidate c = { 0 };

          if (h == u || !ok[h] || out[h].test.t < PRUNE_T)
            continue;
          if (!ot_trade_series_leg_exists (ctx->series, dest, hub, OT_TRADE_IMPORT, set->groups, set->n) &&
              !ot_trade_series_leg_exists (ctx->series, hub, dest, OT_TRADE_EXPORT, set->groups, set->n))
            continue;
          if (!hub_leg (ctx, hub, dest, set, &best, &best_lag) || best.test.t < PRUNE_T)
            continue;

          legs[0] = out[u];
          legs[1] = out[h];
          legs[2] = best;
          if (set->n_placebo > 0)
            {
              placebo[0] = pout[u];
              placebo[1] = pout[h];
              read_same_side (ctx, &best, set->placebo, set->n_placebo, &ctx->w[best_lag], &placebo[2]);
            }
          c.score = score_legs (legs, set->n_placebo ? placebo : NULL, dir, 3, o->min_change,
                                &c.t_raw, &c.t_placebo, &c.change, &c.has_placebo);
          c.flagged = c.score >= o->threshold && c.change >= o->min_change;
          c.mineral = ctx->mineral;
          c.hub = hub;
          c.destination = dest;
          c.control = ctx->control;
          c.set = *set;
          c.lag = best_lag;
          c.w0 = ctx->w[0];
          c.wlag = ctx->w[best_lag];
          memcpy (c.legs, legs, sizeof legs);
          if (set->n_placebo > 0)
            memcpy (c.placebo, placebo, sizeof placebo);
          c.kg_per_month = MIN (legs[1].test.kg_after - legs[1].test.kg_before,
                                legs[2].test.kg_after - legs[2].test.kg_before);
          c.share = legs[0].test.kg_before > legs[0].test.kg_after
                    ? c.kg_per_month / (legs[0].test.kg_before - legs[0].test.kg_after) : NAN;
          offer (ctx, ((guint64) ctx->mineral << 32) | ((guint64) dest << 16) | hub, &c);
        }
    }
}

/* ---- Code switching (M5) -------------------------------------------------------- */

static void
switch_set (Ctx              *ctx,
            const ProductSet *set)
{
  const OtTradeSignalOptions *o = ctx->o;
  static const int dir[2] = { -1, +1 };

  for (guint j = 0; j <= ctx->partners->len; j++)
    {
      OtTradePlace dest = j < ctx->partners->len ? g_array_index (ctx->partners, OtTradePlace, j)
                                                 : OT_TRADE_PLACE_WORLD_ID;
      Side legs[2];
      Candidate c = { 0 };
      double t_did;
      gboolean has_placebo;

      if (!read_leg (ctx, o->origin, dest, FALSE, set->groups, set->n, &ctx->w[0], &legs[0]) ||
          legs[0].test.t > -PRUNE_T || !(legs[0].test.kg_before > 0))
        continue;
      read_same_side (ctx, &legs[0], set->placebo, set->n_placebo, &ctx->w[0], &legs[1]);
      if (!legs[1].test.ok || legs[1].test.t < PRUNE_T)
        continue;
      c.score = score_legs (legs, NULL, dir, 2, o->min_change, &c.t_raw, &t_did, &c.change, &has_placebo);
      c.t_placebo = NAN;
      c.kg_per_month = legs[1].test.kg_after - legs[1].test.kg_before;
      c.share = legs[0].test.kg_before > legs[0].test.kg_after
                ? c.kg_per_month / (legs[0].test.kg_before - legs[0].test.kg_after) : NAN;
      c.flagged = c.score >= o->threshold && c.change >= o->min_change &&
                  c.share >= MIN_SWITCH_SHARE;
      c.mineral = ctx->mineral;
      c.key_group = set->groups[0];
      c.hub = OT_TRADE_PLACE_OTHER_ID;
      c.destination = dest;
      c.control = ctx->control;
      c.set = *set;
      c.w0 = c.wlag = ctx->w[0];
      c.legs[0] = legs[0];
      c.legs[1] = legs[1];
      offer (ctx, ((guint64) set->groups[0] << 32) | dest, &c);
    }
}

/* ---- Controls, minerals, sets ----------------------------------------------------- */

/* Months no before window may use: the guard before each measure on the
 * mineral's lines (the rush to ship before it) and its first month when it
 * began after the 10th. */
static guint8 *
excluded_months (Ctx       *ctx,
                 OtMineral  mineral)
{
  guint8 *excluded = g_new0 (guint8, MAX (ctx->n_months, 1));

  for (guint i = 0; i < ctx->run->controls->len; i++)
    {
      const OtControl *control = g_ptr_array_index (ctx->run->controls, i);
      gboolean covers = FALSE;
      guint16 first_after;
      gint eff;

      for (guint g = 0; g < ot_trade_group_count () && !covers; g++)
        covers = ot_trade_group_nth (g)->mineral == mineral && ot_trade_group_covered (g, control);
      if (!covers)
        continue;
      first_after = ot_trade_control_first_month (control);
      eff = ot_trade_month (control->effective.year, MAX (control->effective.month, 1));
      for (gint m = eff - (gint) ctx->o->guard_months; m < (gint) first_after; m++)
        if (m >= (gint) ctx->first && m < (gint) (ctx->first + ctx->n_months))
          excluded[m - ctx->first] = 1;
    }
  return excluded;
}

/* The places the origin trades with, as either side reports it. */
static GArray *
origin_partners (OtTradeSeries *series,
                 OtTradePlace   origin)
{
  guint n_countries = ot_country_count ();
  g_autofree guint8 *seen = g_new0 (guint8, n_countries);
  GArray *out = g_array_new (FALSE, FALSE, sizeof (OtTradePlace));

  for (guint s = 0; s < ot_trade_series_count (series); s++)
    {
      const OtTradeSeriesInfo *info = ot_trade_series_nth (series, s);

      if (info->reporter == origin && info->flow == OT_TRADE_EXPORT && info->partner < n_countries)
        seen[info->partner] = 1;
      else if (info->partner == origin && info->flow == OT_TRADE_IMPORT && info->reporter < n_countries)
        seen[info->reporter] = 1;
    }
  for (guint p = 0; p < n_countries; p++)
    if (seen[p] && p != origin)
      {
        OtTradePlace place = p;

        g_array_append_val (out, place);
      }
  return out;
}

/* The placebo of a mineral's lines: all its placebo lines together (one
 * neighbouring line alone is often a small, noisy flow). */
static void
add_placebo (ProductSet *set,
             OtMineral   mineral)
{
  for (guint g = 0; g < ot_trade_group_count () && set->n_placebo < MAX_SET; g++)
    {
      const OtTradeGroup *group = ot_trade_group_nth (g);

      if (group->role == OT_TRADE_ROLE_PLACEBO && group->mineral == mineral)
        set->placebo[set->n_placebo++] = g;
    }
}

static void
neighbours (ProductSet *set,
            guint       controlled)
{
  const char *heading = ot_trade_group_nth (controlled)->heading;

  for (guint g = 0; g < ot_trade_group_count () && set->n_placebo < MAX_SET; g++)
    {
      const OtTradeGroup *group = ot_trade_group_nth (g);

      if (group->role != OT_TRADE_ROLE_CONTROLLED && strcmp (group->heading, heading) == 0)
        set->placebo[set->n_placebo++] = g;
    }
}

static void
run_mineral (Ctx *ctx)
{
  ProductSet all = { { 0 } };
  guint16 first_after = ot_trade_control_first_month (ctx->control);
  g_autofree guint8 *excluded = excluded_months (ctx, ctx->mineral);
  const OtTradeSignalOptions *o = ctx->o;

  ctx->first_after = first_after;
  for (guint lag = 0; lag <= MIN (o->max_lag, MAX_LAG); lag++)
    ctx->w_ok[lag] = ot_trade_windows_make (first_after, o->after_months, lag, o->min_after_months,
                                            ctx->first, ctx->n_months, excluded, &ctx->w[lag]);
  if (!ctx->w_ok[0])
    return;

  for (guint g = 0; g < ot_trade_group_count () && all.n < MAX_SET; g++)
    if (ot_trade_group_nth (g)->mineral == ctx->mineral && ot_trade_group_covered (g, ctx->control))
      all.groups[all.n++] = g;
  if (all.n == 0)
    return;
  if (!o->no_placebo)
    add_placebo (&all, ctx->mineral);
  reroute_set (ctx, &all);

  for (guint k = 0; k < all.n; k++)
    {
      ProductSet one = { { 0 } };

      one.groups[0] = all.groups[k];
      one.n = 1;
      if (!o->no_placebo)
        add_placebo (&one, ctx->mineral);
      if (all.n > 1)
        reroute_set (ctx, &one);
    }
}

static void
run_switches (Ctx *ctx)
{
  guint16 first_after = ot_trade_control_first_month (ctx->control);
  g_autofree guint8 *excluded = excluded_months (ctx, ctx->mineral);
  const OtTradeSignalOptions *o = ctx->o;

  if (!ot_trade_windows_make (first_after, o->after_months, 0, o->min_after_months,
                              ctx->first, ctx->n_months, excluded, &ctx->w[0]))
    return;
  for (guint g = 0; g < ot_trade_group_count (); g++)
    {
      ProductSet one = { { 0 } };

      if (ot_trade_group_nth (g)->mineral != ctx->mineral || !ot_trade_group_covered (g, ctx->control))
        continue;
      one.groups[0] = g;
      one.n = 1;
      neighbours (&one, g);
      if (one.n_placebo > 0)
        switch_set (ctx, &one);
    }
}

/* ---- Signals ---------------------------------------------------------------------- */

static void
add_signal (OtTradeRun        *run,
            OtTradeSignalKind  kind,
            const Candidate   *c,
            GPtrArray         *also)
{
  OtTradeSignal signal = { 0 };
  static const OtTradeLegRole route_roles[3] = { OT_TRADE_LEG_DIRECT, OT_TRADE_LEG_TO_HUB,
                                                 OT_TRADE_LEG_FROM_HUB };
  static const OtTradeLegRole switch_roles[2] = { OT_TRADE_LEG_CONTROLLED, OT_TRADE_LEG_NEIGHBOUR };
  guint n_legs = kind == OT_TRADE_SIGNAL_REROUTING ? 3 : 2;

  signal.kind = kind;
  signal.flagged = c->flagged;
  signal.score = c->score;
  signal.mineral = c->mineral;
  ot_trade_run_products (run, c->set.groups, c->set.n, &signal.products, &signal.n_products);
  signal.control = c->control;
  signal.n_also = also->len;
  signal.also = ot_trade_run_dup (run, also->pdata, also->len * sizeof (gpointer));
  signal.origin = run->options->origin;
  signal.hub = c->hub;
  signal.destination = c->destination;
  signal.first_month = c->w0.after[0];
  signal.last_month = c->w0.after[c->w0.n - 1];
  signal.t_raw = c->t_raw;
  signal.t_placebo = c->t_placebo;
  signal.change = c->change;
  signal.kg_per_month = c->kg_per_month;
  signal.share = c->share;
  signal.z = NAN;
  signal.unit_value = signal.reference_unit_value = NAN;

  signal.legs = ot_trade_run_alloc (run, n_legs * sizeof (OtTradeLeg));
  signal.n_legs = n_legs;
  for (guint k = 0; k < n_legs; k++)
    {
      const OtTradeWindows *w = k == 2 ? &c->wlag : &c->w0;
      const Side *side = &c->legs[k];
      gboolean neighbour = kind == OT_TRADE_SIGNAL_CODE_SWITCH && k == 1;

      ot_trade_run_leg (run, &signal.legs[k], kind == OT_TRADE_SIGNAL_REROUTING ? route_roles[k] : switch_roles[k],
                        side->reporter, side->partner, side->flow,
                        neighbour ? c->set.placebo : c->set.groups,
                        neighbour ? c->set.n_placebo : c->set.n,
                        w, k == 2 ? c->lag : 0, &side->test, NULL, 0);
    }
  if (kind == OT_TRADE_SIGNAL_REROUTING && c->set.n_placebo > 0)
    {
      signal.placebo = ot_trade_run_alloc (run, 3 * sizeof (OtTradeLeg));
      signal.n_placebo = 3;
      for (guint k = 0; k < 3; k++)
        ot_trade_run_leg (run, &signal.placebo[k], route_roles[k],
                          c->placebo[k].reporter, c->placebo[k].partner, c->placebo[k].flow,
                          c->set.placebo, c->set.n_placebo, k == 2 ? &c->wlag : &c->w0,
                          k == 2 ? c->lag : 0, &c->placebo[k].test, NULL, 0);
      ot_trade_run_products (run, c->set.placebo, c->set.n_placebo,
                             &signal.placebo_products, &signal.n_placebo_products);
    }
  g_array_append_val (run->out[kind], signal);
}

/* The legs' move at the control date itself: each leg's step at the
 * control's first month (the hub's leg at its best lag), summed in the
 * expected directions.  A route is put down to the control at whose date
 * it breaks. */
static double
local_jump (OtTradeRun        *run,
            OtTradeSignalKind  kind,
            const Candidate   *c)
{
  static const int route_dir[3] = { -1, +1, +1 }, switch_dir[2] = { -1, +1 };
  guint n_legs = kind == OT_TRADE_SIGNAL_REROUTING ? 3 : 2;
  guint16 at = ot_trade_control_first_month (c->control), first;
  guint n;
  double jump = 0;

  ot_trade_series_get_months (run->series, &first, &n);
  for (guint k = 0; k < n_legs; k++)
    {
      gboolean neighbour = kind == OT_TRADE_SIGNAL_CODE_SWITCH && k == 1;
      int dir = kind == OT_TRADE_SIGNAL_REROUTING ? route_dir[k] : switch_dir[k];
      guint max_lag = k == 2 ? MIN (run->options->max_lag, MAX_LAG) : 0;
      double best = -INFINITY;
      OtTradeLegSeries leg;

      if (!ot_trade_series_leg (run->series, c->legs[k].reporter, c->legs[k].partner, c->legs[k].flow,
                                neighbour ? c->set.placebo : c->set.groups,
                                neighbour ? c->set.n_placebo : c->set.n, &leg))
        continue;
      for (guint lag = 0; lag <= max_lag; lag++)
        best = MAX (best, dir * step_at (leg.kg, first, n, (gint) at + (gint) lag));
      ot_trade_leg_series_clear (&leg);
      jump += best;
    }
  return jump;
}

static int
cmp_control_day (gconstpointer a,
                 gconstpointer b)
{
  const OtControl *x = *(const OtControl * const *) a, *y = *(const OtControl * const *) b;

  return (x->day > y->day) - (x->day < y->day);
}

/* One signal per route: of the controls around which it was flagged, the
 * one at whose date its legs moved most (the others listed as "also");
 * when flagged around none, its best score. */
static void
choose (OtTradeRun        *run,
        OtTradeSignalKind  kind,
        GHashTable        *candidates)
{
  g_autoptr(GHashTable) routes = g_hash_table_new_full (g_int64_hash, g_int64_equal, NULL,
                                                         (GDestroyNotify) g_ptr_array_unref);
  GHashTableIter iter;
  gpointer value;

  g_hash_table_iter_init (&iter, candidates);
  while (g_hash_table_iter_next (&iter, NULL, &value))
    {
      Candidate *c = value;
      GPtrArray *same = g_hash_table_lookup (routes, &c->route);

      if (same == NULL)
        {
          same = g_ptr_array_new ();
          g_hash_table_insert (routes, &c->route, same);
        }
      g_ptr_array_add (same, c);
    }

  g_hash_table_iter_init (&iter, routes);
  while (g_hash_table_iter_next (&iter, NULL, &value))
    {
      GPtrArray *same = value;
      g_autoptr(GPtrArray) also = g_ptr_array_new ();
      Candidate *best = NULL;

      for (guint i = 0; i < same->len; i++)
        {
          Candidate *c = g_ptr_array_index (same, i);

          if (c->flagged)
            c->jump = local_jump (run, kind, c);
        }
      for (guint i = 0; i < same->len; i++)
        {
          Candidate *c = g_ptr_array_index (same, i);

          if (best == NULL || (c->flagged && !best->flagged) ||
              (c->flagged && best->flagged && c->jump > best->jump) ||
              (!c->flagged && !best->flagged && c->score > best->score))
            best = c;
        }
      for (guint i = 0; i < same->len; i++)
        {
          Candidate *c = g_ptr_array_index (same, i);

          if (c != best && c->flagged)
            g_ptr_array_add (also, (gpointer) c->control);
        }
      g_ptr_array_sort (also, cmp_control_day);
      add_signal (run, kind, best, also);
    }
  ot_trade_run_rank (run, kind);
}

gboolean
ot_trade_rerouting (OtTradeRun *run)
{
  g_autoptr(GHashTable) routes = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free, g_free);
  g_autoptr(GHashTable) switches = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free, g_free);
  g_autoptr(GArray) partners = NULL;
  Ctx ctx = { 0 };

  ctx.run = run;
  ctx.series = run->series;
  ctx.o = run->options;
  if (!ot_trade_series_get_months (run->series, &ctx.first, &ctx.n_months))
    return TRUE;
  partners = origin_partners (run->series, run->options->origin);
  ctx.partners = partners;

  for (guint i = 0; i < run->controls->len; i++)
    {
      const OtControl *control = g_ptr_array_index (run->controls, i);
      g_autoptr(GArray) minerals = g_array_new (FALSE, FALSE, sizeof (OtMineral));

      for (guint g = 0; g < ot_trade_group_count (); g++)
        {
          OtMineral m = ot_trade_group_nth (g)->mineral;
          gboolean seen = FALSE;

          if (!ot_trade_group_covered (g, control) ||
              (run->options->mineral != OT_MINERAL_NONE && m != run->options->mineral))
            continue;
          for (guint k = 0; k < minerals->len; k++)
            seen = seen || g_array_index (minerals, OtMineral, k) == m;
          if (!seen)
            g_array_append_val (minerals, m);
        }
      for (guint k = 0; k < minerals->len; k++)
        {
          if (g_cancellable_is_cancelled (run->cancellable))
            return FALSE;
          ctx.control = control;
          ctx.control_index = i;
          ctx.mineral = g_array_index (minerals, OtMineral, k);
          ctx.candidates = routes;
          run_mineral (&ctx);
          ctx.candidates = switches;
          run_switches (&ctx);
        }
    }
  choose (run, OT_TRADE_SIGNAL_REROUTING, routes);
  choose (run, OT_TRADE_SIGNAL_CODE_SWITCH, switches);
  return TRUE;
}
