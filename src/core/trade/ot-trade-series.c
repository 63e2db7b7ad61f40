/* SPDX-License-Identifier: GPL-3.0-or-later */
/* ot-trade-series.c: the one pass over a trade table that the signals read
 * (docs/trade-signals.md, "One pass"): rows hashed into series, then
 * scattered into one array of records, each series' records in month
 * order. */
#include "ot-trade-series.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

/* ---- Product groups ------------------------------------------------------- */

typedef struct {
  GArray  *groups;     /* OtTradeGroup */
  guint16 *group_of;   /* per product */
  OtMineral mixed_rare_earths;
} Groups;

static gboolean
same_placebo_side (const OtTradeProduct *a,
                   const OtTradeProduct *b)
{
  return (a->role == OT_TRADE_ROLE_PLACEBO) == (b->role == OT_TRADE_ROLE_PLACEBO);
}

static Groups *
build_groups (void)
{
  Groups *g = g_new0 (Groups, 1);
  guint n = ot_trade_product_count ();

  g->groups = g_array_new (FALSE, TRUE, sizeof (OtTradeGroup));
  g->group_of = g_new (guint16, MAX (n, 1));
  if (!ot_mineral_parse ("rare earths (mixed)", &g->mixed_rare_earths))
    g->mixed_rare_earths = OT_MINERAL_NONE;

  /* Heads first: every HS line, then national lines with no HS line of
   * the same placebo side above them. */
  for (guint pass = 0; pass < 2; pass++)
    for (guint p = 0; p < n; p++)
      {
        const OtTradeProduct *product = ot_trade_product_nth (p);
        gboolean is_hs = product->nomenclature == OT_TRADE_HS;
        gint parent = -1;

        if (pass == 0 && !is_hs)
          continue;
        if (pass == 1 && is_hs)
          continue;
        if (!is_hs)
          for (guint h = 0; h < n && parent < 0; h++)
            {
              const OtTradeProduct *head = ot_trade_product_nth (h);

              if (head->nomenclature == OT_TRADE_HS && strlen (product->code) > 6 &&
                  strncmp (head->code, product->code, 6) == 0 && same_placebo_side (head, product))
                parent = g->group_of[h];
            }
        if (parent >= 0)
          {
            OtTradeGroup *group = &g_array_index (g->groups, OtTradeGroup, parent);

            if (group->n_lines < OT_TRADE_GROUP_MAX_LINES)
              {
                group->lines[group->n_lines++] = p;
                g->group_of[p] = parent;
                continue;
              }
          }
        {
          OtTradeGroup group = { 0 };

          group.head = p;
          group.mineral = product->mineral;
          group.role = product->role;
          memcpy (group.heading, product->code, MIN (strlen (product->code), 4));
          g->group_of[p] = g->groups->len;
          g_array_append_val (g->groups, group);
        }
      }
  return g;
}

static Groups *
get_groups (void)
{
  static gsize once;
  static Groups *groups;

  if (g_once_init_enter (&once))
    {
      groups = build_groups ();
      g_once_init_leave (&once, 1);
    }
  return groups;
}

guint
ot_trade_group_count (void)
{
  return get_groups ()->groups->len;
}

const OtTradeGroup *
ot_trade_group_nth (guint index)
{
  Groups *g = get_groups ();

  g_return_val_if_fail (index < g->groups->len, NULL);
  return &g_array_index (g->groups, OtTradeGroup, index);
}

guint
ot_trade_group_of (guint16 product)
{
  g_return_val_if_fail (product < ot_trade_product_count (), 0);
  return get_groups ()->group_of[product];
}

static gboolean
control_covers_mineral (const OtControl *control,
                        OtMineral        mineral)
{
  if (ot_control_covers (control, mineral))
    return TRUE;
  if (mineral != get_groups ()->mixed_rare_earths)
    return FALSE;
  for (guint i = 0; i < control->n_minerals; i++)
    if (ot_mineral_is_rare_earth (control->minerals[i]))
      return TRUE;
  return FALSE;
}

gboolean
ot_trade_group_covered (guint            index,
                        const OtControl *control)
{
  const OtTradeGroup *group = ot_trade_group_nth (index);

  g_return_val_if_fail (group != NULL && control != NULL, FALSE);

  if (group->role != OT_TRADE_ROLE_CONTROLLED)
    return FALSE;
  for (guint i = 0; i <= group->n_lines; i++)
    {
      const OtTradeProduct *line = ot_trade_product_nth (i == 0 ? group->head : group->lines[i - 1]);

      if (line->role == OT_TRADE_ROLE_CONTROLLED && control_covers_mineral (control, line->mineral))
        return TRUE;
    }
  return FALSE;
}

/* ---- Series ---------------------------------------------------------------- */

#define EMPTY_KEY G_MAXUINT64
#define PREFETCH_AHEAD 32
#define GUESSES 3   /* series tried along the chain of successors: on the
                     * benchmark's 10 M rows, 1 leaves 23 % of rows to the
                     * hash table, 2 13 %, 3 9 % */
#define NOT_USED G_MAXUINT32
#define N_CURRENCIES 3

struct _OtTradeSeries {
  OtTradeTable      *table;
  guint16            first_month;   /* monthly rows */
  guint              n_months;
  guint              first_year;    /* annual rows */
  guint              n_years;
  guint              n_slots;       /* reporters: countries, then the special places */
  guint8            *reported;      /* n_slots × n_months */
  guint8            *reported_year; /* n_slots × n_years */
  guint64           *keys;          /* open addressing */
  guint32           *ids;
  guint              capacity;      /* a power of two */
  GArray            *series;        /* OtTradeSeriesInfo */
  GArray            *series_keys;   /* guint64, per series */
  GArray            *successor;     /* guint32, per series: the series of the row that
                                     * followed one of its rows last */
  OtTradeRec        *recs;
  guint              n_recs;
  guint              n_skipped;
};

static inline guint64
pack_key (OtTradePlace reporter,
          OtTradePlace partner,
          guint        flow,
          guint        currency,
          guint16      product)
{
  return ((guint64) reporter << 40) | ((guint64) partner << 24) | ((guint64) (flow & 0xf) << 20) |
         ((guint64) (currency & 0xf) << 16) | product;
}

static inline guint
hash_slot (guint64 key,
           guint   capacity)
{
  return (guint) ((key * G_GUINT64_CONSTANT (0x9E3779B97F4A7C15)) >> 32) & (capacity - 1);
}

static void
grow (OtTradeSeries *self)
{
  guint capacity = self->capacity ? self->capacity * 2 : 4096;
  guint64 *keys = g_new (guint64, capacity);
  guint32 *ids = g_new (guint32, capacity);

  memset (keys, 0xff, capacity * sizeof *keys);
  for (guint i = 0; i < self->capacity; i++)
    {
      guint s;

      if (self->keys[i] == EMPTY_KEY)
        continue;
      for (s = hash_slot (self->keys[i], capacity); keys[s] != EMPTY_KEY; s = (s + 1) & (capacity - 1))
        ;
      keys[s] = self->keys[i];
      ids[s] = self->ids[i];
    }
  g_free (self->keys);
  g_free (self->ids);
  self->keys = keys;
  self->ids = ids;
  self->capacity = capacity;
}

static gint
lookup (const OtTradeSeries *self,
        guint64              key)
{
  for (guint s = hash_slot (key, self->capacity);; s = (s + 1) & (self->capacity - 1))
    {
      if (self->keys[s] == key)
        return (gint) self->ids[s];
      if (self->keys[s] == EMPTY_KEY)
        return -1;
    }
}

static guint32
lookup_or_insert (OtTradeSeries *self,
                  guint64        key)
{
  guint s;

  for (s = hash_slot (key, self->capacity); self->keys[s] != EMPTY_KEY; s = (s + 1) & (self->capacity - 1))
    if (self->keys[s] == key)
      return self->ids[s];

  if ((self->series->len + 1) * 2 > self->capacity)
    {
      grow (self);
      for (s = hash_slot (key, self->capacity); self->keys[s] != EMPTY_KEY; s = (s + 1) & (self->capacity - 1))
        ;
    }
  {
    OtTradeSeriesInfo info = { 0 };

    info.reporter = (OtTradePlace) (key >> 40);
    info.partner = (OtTradePlace) (key >> 24);
    info.flow = (key >> 20) & 0xf;
    info.currency = (key >> 16) & 0xf;
    info.product = key & 0xffff;
    guint32 none = NOT_USED;

    self->keys[s] = key;
    self->ids[s] = self->series->len;
    g_array_append_val (self->series, info);
    g_array_append_val (self->series_keys, key);
    g_array_append_val (self->successor, none);
  }
  return self->ids[s];
}

static inline gint
slot_of (const OtTradeSeries *self,
         OtTradePlace         place)
{
  guint countries = self->n_slots - 3;

  if (place < countries)
    return place;
  if (place >= OT_TRADE_PLACE_FIRST_SPECIAL && place - OT_TRADE_PLACE_FIRST_SPECIAL < 3)
    return countries + (place - OT_TRADE_PLACE_FIRST_SPECIAL);
  return -1;
}

static inline gboolean
row_is_monthly (guint8 flags,
                guint8 span)
{
  return span <= 1 && !(flags & (OT_TRADE_ANNUAL | OT_TRADE_CUMULATIVE));
}

static inline gboolean
row_is_annual (guint8 flags)
{
  return (flags & OT_TRADE_ANNUAL) && !(flags & OT_TRADE_CUMULATIVE);
}

/* The months of the monthly rows and the years of the annual ones. */
static void
find_periods (OtTradeSeries *self)
{
  OtTradeTable *table = self->table;
  guint n = ot_trade_table_get_n_rows (table);
  const guint16 *months = ot_trade_table_get_months (table);
  const guint8 *flags = ot_trade_table_get_flags (table);
  const guint8 *spans = ot_trade_table_get_spans (table);
  guint lo = G_MAXUINT, hi = 0, ylo = G_MAXUINT, yhi = 0;

  for (guint i = 0; i < n; i++)
    {
      if (row_is_monthly (flags[i], spans[i]))
        {
          lo = MIN (lo, months[i]);
          hi = MAX (hi, months[i]);
        }
      else if (row_is_annual (flags[i]))
        {
          ylo = MIN (ylo, (guint) OT_TRADE_MONTH_YEAR (months[i]));
          yhi = MAX (yhi, (guint) OT_TRADE_MONTH_YEAR (months[i]));
        }
    }
  if (lo <= hi)
    {
      self->first_month = lo;
      self->n_months = hi - lo + 1;
    }
  if (ylo <= yhi)
    {
      self->first_year = ylo;
      self->n_years = yhi - ylo + 1;
    }
}

static int
cmp_rec (const void *a,
         const void *b)
{
  const OtTradeRec *x = a, *y = b;

  if (x->month != y->month)
    return x->month < y->month ? -1 : 1;
  if ((x->flags & OT_TRADE_REC_ANNUAL) != (y->flags & OT_TRADE_REC_ANNUAL))
    return (x->flags & OT_TRADE_REC_ANNUAL) ? 1 : -1;
  return x->row < y->row ? -1 : x->row > y->row;
}

/* The table's columns, as the passes read them. */
typedef struct {
  const OtTradePlace *reporters, *partners;
  const guint16      *products, *months;
  const guint8       *flows, *flags, *currencies, *spans;
  const double       *kgs, *values;
} Columns;

/* Pass 1 over rows [@from, @to): each row's series in @sid (NOT_USED for
 * a row no method reads), counted in @self's series, created there in
 * the order rows first name them; who reported when.  Tables come in a
 * repeating order (a month's rows, then the next month's in the same
 * order): the series that followed a series last time (or the next
 * few after it) are tried before the hash table.  FALSE when
 * cancelled. */
static gboolean
assign_rows (OtTradeSeries *self,
             const Columns *c,
             guint          from,
             guint          to,
             guint32       *sid,
             GCancellable  *cancellable)
{
  guint n_products = ot_trade_product_count ();

  for (guint i = from, previous = NOT_USED; i < to; i++)
    {
      guint64 key;
      guint32 id = NOT_USED;
      gboolean monthly = row_is_monthly (c->flags[i], c->spans[i]);
      gint slot = slot_of (self, c->reporters[i]);

      if (((i - from) & 0xffff) == 0 && g_cancellable_is_cancelled (cancellable))
        return FALSE;
      if (c->products[i] >= n_products || slot < 0 || (!monthly && !row_is_annual (c->flags[i])))
        {
          sid[i] = NOT_USED;
          self->n_skipped++;
          continue;
        }
      if (monthly)
        self->reported[(gsize) slot * self->n_months + (c->months[i] - self->first_month)] = 1;
      else
        self->reported_year[(gsize) slot * self->n_years +
                            (OT_TRADE_MONTH_YEAR (c->months[i]) - self->first_year)] = 1;
      key = pack_key (c->reporters[i], c->partners[i], c->flows[i], c->currencies[i], c->products[i]);
      /* The series that followed the previous row's last time, else the
       * one after that (a series missing this month), and so on. */
      if (previous != NOT_USED)
        {
          guint32 guess = g_array_index (self->successor, guint32, previous);

          for (guint k = 0; k < GUESSES && guess != NOT_USED; k++)
            {
              if (g_array_index (self->series_keys, guint64, guess) == key)
                {
                  id = guess;
                  break;
                }
              guess = g_array_index (self->successor, guint32, guess);
            }
        }
      if (id == NOT_USED)
        {
          id = lookup_or_insert (self, key);
          if (previous != NOT_USED)
            g_array_index (self->successor, guint32, previous) = id;
        }
      previous = id;
      sid[i] = id;
      g_array_index (self->series, OtTradeSeriesInfo, id).n++;
    }
  return TRUE;
}

/* Pass 2 over rows [@from, @to): each row's record at its series' next
 * place in @fill. */
static void
scatter_rows (OtTradeSeries  *self,
              const Columns  *c,
              guint           from,
              guint           to,
              const guint32  *sid,
              guint32        *fill)
{
  for (guint i = from; i < to; i++)
    {
      OtTradeRec *rec;

      /* Each row goes to another series' place (a cache miss each):
       * the place of the row some way ahead is fetched meanwhile. */
      if (i + PREFETCH_AHEAD < to && sid[i + PREFETCH_AHEAD] != NOT_USED)
        __builtin_prefetch (&self->recs[fill[sid[i + PREFETCH_AHEAD]]], 1);
      if (sid[i] == NOT_USED)
        continue;
      rec = &self->recs[fill[sid[i]]++];
      rec->kg = c->kgs[i];
      rec->value = c->values[i];
      rec->row = i;
      rec->month = c->months[i];
      rec->flags = (isfinite (c->kgs[i]) && c->kgs[i] >= 0 ? OT_TRADE_REC_KG : 0) |
                   (isfinite (c->values[i]) && c->values[i] >= 0 ? OT_TRADE_REC_VALUE : 0) |
                   (row_is_monthly (c->flags[i], c->spans[i]) ? 0 : OT_TRADE_REC_ANNUAL) |
                   (c->flags[i] & OT_TRADE_ESTIMATED ? OT_TRADE_REC_ESTIMATED : 0);
      rec->reserved = 0;
    }
}

/* A second half read by another thread: a series of its own to count
 * into (merged after), or the scatter of its rows. */
typedef struct {
  OtTradeSeries *part;
  const Columns *columns;
  guint          from, to;
  guint32       *sid;
  guint32       *fill;
  GCancellable  *cancellable;
  gboolean       ok;
} Half;

static gpointer
assign_half (gpointer data)
{
  Half *h = data;

  h->ok = assign_rows (h->part, h->columns, h->from, h->to, h->sid, h->cancellable);
  return NULL;
}

static gpointer
scatter_half (gpointer data)
{
  Half *h = data;

  scatter_rows (h->part, h->columns, h->from, h->to, h->sid, h->fill);
  return NULL;
}

static OtTradeSeries *
series_alloc (OtTradeTable *table)
{
  OtTradeSeries *self = g_new0 (OtTradeSeries, 1);

  self->table = ot_trade_table_ref (table);
  self->series = g_array_new (FALSE, FALSE, sizeof (OtTradeSeriesInfo));
  self->series_keys = g_array_new (FALSE, FALSE, sizeof (guint64));
  self->successor = g_array_new (FALSE, FALSE, sizeof (guint32));
  self->n_slots = ot_country_count () + 3;
  grow (self);
  return self;
}

/* The series of @part (rows after @self's) joined to @self's: those it
 * has too counted in, the others added in the order @part found them,
 * which is where reading all rows in one pass would have put them; the
 * rows' series ids in @sid[@from, @to) made @self's. */
static void
merge_part (OtTradeSeries *self,
            OtTradeSeries *part,
            guint32       *sid,
            guint          from,
            guint          to)
{
  g_autofree guint32 *map = g_new (guint32, MAX (part->series->len, 1));
  gsize n_reported = (gsize) self->n_slots * MAX (self->n_months, 1);
  gsize n_reported_year = (gsize) self->n_slots * MAX (self->n_years, 1);

  for (guint j = 0; j < part->series->len; j++)
    {
      guint32 id = lookup_or_insert (self, g_array_index (part->series_keys, guint64, j));

      map[j] = id;
      g_array_index (self->series, OtTradeSeriesInfo, id).n +=
        g_array_index (part->series, OtTradeSeriesInfo, j).n;
    }
  for (guint i = from; i < to; i++)
    if (sid[i] != NOT_USED)
      sid[i] = map[sid[i]];
  for (gsize k = 0; k < n_reported; k++)
    self->reported[k] |= part->reported[k];
  for (gsize k = 0; k < n_reported_year; k++)
    self->reported_year[k] |= part->reported_year[k];
  self->n_skipped += part->n_skipped;
}

guint ot_trade_series_parallel_min_rows = 1u << 20;

OtTradeSeries *
ot_trade_series_new (OtTradeTable *table,
                     GCancellable *cancellable)
{
  OtTradeSeries *self, *part = NULL;
  guint n, half;
  Columns c;
  guint32 *sid = NULL;
  g_autofree guint32 *fill = NULL;
  g_autofree guint32 *fill_half = NULL;
  Half second = { 0 };
  GThread *thread = NULL;
  gboolean ok;

  g_return_val_if_fail (table != NULL, NULL);

  self = series_alloc (table);
  find_periods (self);
  self->reported = g_new0 (guint8, (gsize) self->n_slots * MAX (self->n_months, 1));
  self->reported_year = g_new0 (guint8, (gsize) self->n_slots * MAX (self->n_years, 1));

  n = ot_trade_table_get_n_rows (table);
  c.reporters = ot_trade_table_get_reporters (table);
  c.partners = ot_trade_table_get_partners (table);
  c.products = ot_trade_table_get_products (table);
  c.months = ot_trade_table_get_months (table);
  c.flows = ot_trade_table_get_flows (table);
  c.flags = ot_trade_table_get_flags (table);
  c.currencies = ot_trade_table_get_currencies (table);
  c.spans = ot_trade_table_get_spans (table);
  c.kgs = ot_trade_table_get_kgs (table);
  c.values = ot_trade_table_get_values (table);

  /* Pass 1, a large table in two halves at once: the second half's
   * series counted apart, then joined in the order one pass finds them
   * (the same series, ids and counts). */
  sid = ot_big_alloc ((gsize) MAX (n, 1) * sizeof (guint32));
  half = n >= ot_trade_series_parallel_min_rows &&
         (g_get_num_processors () > 1 || ot_trade_series_parallel_min_rows == 0) ? n / 2 : n;
  if (half < n)
    {
      part = series_alloc (table);
      part->first_month = self->first_month;
      part->n_months = self->n_months;
      part->first_year = self->first_year;
      part->n_years = self->n_years;
      part->reported = g_new0 (guint8, (gsize) part->n_slots * MAX (part->n_months, 1));
      part->reported_year = g_new0 (guint8, (gsize) part->n_slots * MAX (part->n_years, 1));
      second = (Half) { part, &c, half, n, sid, NULL, cancellable, FALSE };
      thread = g_thread_new ("oretrace-series", assign_half, &second);
    }
  ok = assign_rows (self, &c, 0, half, sid, cancellable);
  if (thread != NULL)
    {
      g_thread_join (thread);
      ok = ok && second.ok;
    }
  if (!ok)
    {
      ot_big_free (sid);
      ot_trade_series_free (part);
      ot_trade_series_free (self);
      return NULL;
    }

  /* Pass 2: every series' records in one array, from each half at once
   * (the second half's rows of a series after the first half's). */
  fill = g_new (guint32, MAX (self->series->len + (part ? part->series->len : 0), 1));
  if (part != NULL)
    {
      /* The first half's counts, before the second's join them. */
      guint n_first = self->series->len;

      fill_half = g_new (guint32, MAX (n_first + part->series->len, 1));
      for (guint s = 0; s < n_first; s++)
        fill_half[s] = g_array_index (self->series, OtTradeSeriesInfo, s).n;
      merge_part (self, part, sid, half, n);
      for (guint s = n_first; s < self->series->len; s++)
        fill_half[s] = 0;
      g_clear_pointer (&part, ot_trade_series_free);
    }
  for (guint s = 0; s < self->series->len; s++)
    {
      OtTradeSeriesInfo *info = &g_array_index (self->series, OtTradeSeriesInfo, s);

      info->first = self->n_recs;
      fill[s] = self->n_recs;
      if (fill_half != NULL)
        fill_half[s] += self->n_recs;
      self->n_recs += info->n;
    }
  self->recs = ot_big_alloc ((gsize) MAX (self->n_recs, 1) * sizeof (OtTradeRec));
  thread = NULL;
  if (fill_half != NULL)
    {
      second = (Half) { self, &c, half, n, sid, fill_half, cancellable, TRUE };
      thread = g_thread_new ("oretrace-series", scatter_half, &second);
    }
  scatter_rows (self, &c, 0, half, sid, fill);
  if (thread != NULL)
    g_thread_join (thread);
  ot_big_free (sid);

  /* Pass 3: month order within each series (the table's order usually is). */
  for (guint s = 0; s < self->series->len; s++)
    {
      const OtTradeSeriesInfo *info = &g_array_index (self->series, OtTradeSeriesInfo, s);
      OtTradeRec *recs = self->recs + info->first;

      for (guint k = 1; k < info->n; k++)
        if (cmp_rec (&recs[k - 1], &recs[k]) > 0)
          {
            qsort (recs, info->n, sizeof *recs, cmp_rec);
            break;
          }
    }
  return self;
}

void
ot_trade_series_free (OtTradeSeries *self)
{
  if (self == NULL)
    return;
  ot_trade_table_unref (self->table);
  g_free (self->reported);
  g_free (self->reported_year);
  g_free (self->keys);
  g_free (self->ids);
  g_array_unref (self->series);
  g_array_unref (self->series_keys);
  g_array_unref (self->successor);
  ot_big_free (self->recs);
  g_free (self);
}

OtTradeTable *
ot_trade_series_get_table (OtTradeSeries *self)
{
  return self->table;
}

gboolean
ot_trade_series_get_months (OtTradeSeries *self,
                            guint16       *first,
                            guint         *n_months)
{
  *first = self->first_month;
  *n_months = self->n_months;
  return self->n_months > 0;
}

gboolean
ot_trade_series_get_years (OtTradeSeries *self,
                           guint         *first,
                           guint         *last)
{
  guint lo = self->first_year, hi = self->first_year + self->n_years;

  /* Monthly rows make years too. */
  if (self->n_months > 0)
    {
      guint mlo = OT_TRADE_MONTH_YEAR (self->first_month);
      guint mhi = OT_TRADE_MONTH_YEAR (self->first_month + self->n_months - 1) + 1;

      lo = self->n_years ? MIN (lo, mlo) : mlo;
      hi = self->n_years ? MAX (hi, mhi) : mhi;
    }
  if (hi <= lo)
    return FALSE;
  *first = lo;
  *last = hi - 1;
  return TRUE;
}

guint
ot_trade_series_get_n_used (OtTradeSeries *self)
{
  return self->n_recs;
}

guint
ot_trade_series_get_n_skipped (OtTradeSeries *self)
{
  return self->n_skipped;
}

guint
ot_trade_series_count (OtTradeSeries *self)
{
  return self->series->len;
}

const OtTradeSeriesInfo *
ot_trade_series_nth (OtTradeSeries *self,
                     guint          index)
{
  return &g_array_index (self->series, OtTradeSeriesInfo, index);
}

const OtTradeRec *
ot_trade_series_recs (OtTradeSeries *self)
{
  return self->recs;
}

gint
ot_trade_series_find (OtTradeSeries   *self,
                      OtTradePlace     reporter,
                      OtTradePlace     partner,
                      OtTradeFlow      flow,
                      guint16          product,
                      OtTradeCurrency  currency)
{
  return lookup (self, pack_key (reporter, partner, flow, currency, product));
}

gboolean
ot_trade_series_reported (OtTradeSeries *self,
                          OtTradePlace   reporter,
                          guint16        month)
{
  gint slot = slot_of (self, reporter);

  if (slot < 0 || month < self->first_month || month >= self->first_month + self->n_months)
    return FALSE;
  return self->reported[(gsize) slot * self->n_months + (month - self->first_month)];
}

gboolean
ot_trade_series_reported_year (OtTradeSeries *self,
                               OtTradePlace   reporter,
                               guint          year)
{
  gint slot = slot_of (self, reporter);

  if (slot < 0 || year < self->first_year || year >= self->first_year + self->n_years)
    return FALSE;
  return self->reported_year[(gsize) slot * self->n_years + (year - self->first_year)];
}

/* ---- Legs ------------------------------------------------------------------ */

static guint16
group_line (const OtTradeGroup *group,
            guint               k)
{
  return k == 0 ? group->head : group->lines[k - 1];
}

static gboolean
leg_exists_in (OtTradeSeries *self,
               OtTradePlace   reporter,
               OtTradePlace   partner,
               OtTradeFlow    flow,
               const guint   *groups,
               guint          n_groups,
               gint           currency)
{
  for (guint g = 0; g < n_groups; g++)
    {
      const OtTradeGroup *group = ot_trade_group_nth (groups[g]);

      for (guint k = 0; k <= group->n_lines; k++)
        for (guint c = 0; c < N_CURRENCIES; c++)
          if ((currency < 0 || (gint) c == currency) &&
              ot_trade_series_find (self, reporter, partner, flow, group_line (group, k), c) >= 0)
            return TRUE;
    }
  return FALSE;
}

gboolean
ot_trade_series_leg_exists (OtTradeSeries *self,
                            OtTradePlace   reporter,
                            OtTradePlace   partner,
                            OtTradeFlow    flow,
                            const guint   *groups,
                            guint          n_groups)
{
  return leg_exists_in (self, reporter, partner, flow, groups, n_groups, -1);
}

/* The currency with the most rows among the leg's series. */
static gint
leg_currency (OtTradeSeries *self,
              OtTradePlace   reporter,
              OtTradePlace   partner,
              OtTradeFlow    flow,
              const guint   *groups,
              guint          n_groups)
{
  guint count[N_CURRENCIES] = { 0 };
  gint best = -1;

  for (guint g = 0; g < n_groups; g++)
    {
      const OtTradeGroup *group = ot_trade_group_nth (groups[g]);

      for (guint k = 0; k <= group->n_lines; k++)
        for (guint c = 0; c < N_CURRENCIES; c++)
          {
            gint s = ot_trade_series_find (self, reporter, partner, flow, group_line (group, k), c);

            if (s >= 0)
              count[c] += ot_trade_series_nth (self, s)->n;
          }
    }
  for (guint c = 0; c < N_CURRENCIES; c++)
    if (count[c] > 0 && (best < 0 || count[c] > count[best]))
      best = c;
  return best;
}

/* Adds a series' monthly records into @kg/@value (indexed by month −
 * first), only at months @mask allows (mask[m] & @allow) and marks them
 * in @mask with @mark; NAN from a withheld figure sticks. */
static guint
add_series (OtTradeSeries *self,
            gint           s,
            double        *kg,
            double        *value,
            guint8        *mask,
            guint8         allow,
            guint8         mark)
{
  const OtTradeSeriesInfo *info;
  guint used = 0;

  if (s < 0)
    return 0;
  info = ot_trade_series_nth (self, s);
  for (guint k = 0; k < info->n; k++)
    {
      const OtTradeRec *rec = &self->recs[info->first + k];
      guint m;

      if (rec->flags & OT_TRADE_REC_ANNUAL)
        continue;
      m = rec->month - self->first_month;
      if ((mask[m] & allow) != 0 && allow != 0)
        continue;
      mask[m] |= mark;
      kg[m] = (rec->flags & OT_TRADE_REC_KG) ? kg[m] + rec->kg : NAN;
      value[m] = (rec->flags & OT_TRADE_REC_VALUE) ? value[m] + rec->value : NAN;
      used++;
    }
  return used;
}

enum {
  MONTH_HEAD = 1 << 0,    /* the group's HS6 line has a row this month */
  MONTH_LINES = 1 << 1,
};

gboolean
ot_trade_series_leg (OtTradeSeries    *self,
                     OtTradePlace      reporter,
                     OtTradePlace      partner,
                     OtTradeFlow       flow,
                     const guint      *groups,
                     guint             n_groups,
                     OtTradeLegSeries *out)
{
  gint currency;
  g_autofree guint8 *mask = NULL;
  g_autofree double *gkg = NULL;
  g_autofree double *gvalue = NULL;
  guint n = self->n_months;

  memset (out, 0, sizeof *out);
  currency = leg_currency (self, reporter, partner, flow, groups, n_groups);
  if (currency < 0 || n == 0)
    return FALSE;

  out->currency = currency;
  out->kg = g_new0 (double, n);
  out->value = g_new0 (double, n);
  mask = g_new (guint8, n);
  gkg = g_new (double, n);
  gvalue = g_new (double, n);
  for (guint g = 0; g < n_groups; g++)
    {
      const OtTradeGroup *group = ot_trade_group_nth (groups[g]);

      memset (mask, 0, n);
      memset (gkg, 0, n * sizeof *gkg);
      memset (gvalue, 0, n * sizeof *gvalue);
      /* The HS6 line first; a national line only where it has no row. */
      out->n_rows += add_series (self, ot_trade_series_find (self, reporter, partner, flow, group->head, currency),
                                 gkg, gvalue, mask, 0, MONTH_HEAD);
      for (guint k = 0; k < group->n_lines; k++)
        out->n_rows += add_series (self, ot_trade_series_find (self, reporter, partner, flow, group->lines[k], currency),
                                   gkg, gvalue, mask, MONTH_HEAD, MONTH_LINES);
      for (guint m = 0; m < n; m++)
        {
          out->kg[m] += gkg[m];
          out->value[m] += gvalue[m];
        }
    }
  for (guint m = 0; m < n; m++)
    if (!ot_trade_series_reported (self, reporter, self->first_month + m))
      out->kg[m] = out->value[m] = NAN;
  return TRUE;
}

void
ot_trade_leg_series_clear (OtTradeLegSeries *leg)
{
  g_clear_pointer (&leg->kg, g_free);
  g_clear_pointer (&leg->value, g_free);
}

static int
cmp_guint (const void *a,
           const void *b)
{
  guint x = *(const guint *) a, y = *(const guint *) b;

  return x < y ? -1 : x > y;
}

static gboolean
month_in (guint16        month,
          const guint16 *months,
          guint          n)
{
  for (guint i = 0; i < n; i++)
    if (months[i] == month)
      return TRUE;
  return FALSE;
}

static void
add_product (GArray  *products,
             guint16  product)
{
  for (guint i = 0; i < products->len; i++)
    if (g_array_index (products, guint16, i) == product)
      return;
  g_array_append_val (products, product);
}

void
ot_trade_series_leg_rows (OtTradeSeries   *self,
                          OtTradePlace     reporter,
                          OtTradePlace     partner,
                          OtTradeFlow      flow,
                          const guint     *groups,
                          guint            n_groups,
                          OtTradeCurrency  currency,
                          const guint16   *months,
                          guint            n_months,
                          GArray          *rows,
                          GArray          *products)
{
  guint start = rows->len;

  for (guint g = 0; g < n_groups; g++)
    {
      const OtTradeGroup *group = ot_trade_group_nth (groups[g]);
      gint head = ot_trade_series_find (self, reporter, partner, flow, group->head, currency);

      for (guint k = 0; k <= group->n_lines; k++)
        {
          gint s = k == 0 ? head : ot_trade_series_find (self, reporter, partner, flow, group->lines[k - 1], currency);
          const OtTradeSeriesInfo *info;

          if (s < 0)
            continue;
          info = ot_trade_series_nth (self, s);
          for (guint r = 0; r < info->n; r++)
            {
              const OtTradeRec *rec = &self->recs[info->first + r];
              gboolean head_has_month = FALSE;

              if ((rec->flags & OT_TRADE_REC_ANNUAL) || !month_in (rec->month, months, n_months))
                continue;
              if (k > 0 && head >= 0)
                {
                  const OtTradeSeriesInfo *hi = ot_trade_series_nth (self, head);

                  for (guint q = 0; q < hi->n && !head_has_month; q++)
                    head_has_month = self->recs[hi->first + q].month == rec->month &&
                                     !(self->recs[hi->first + q].flags & OT_TRADE_REC_ANNUAL);
                }
              if (head_has_month)
                continue;
              g_array_append_val (rows, rec->row);
              if (products)
                add_product (products, group_line (group, k));
            }
        }
    }
  /* An empty GArray's data is NULL, which qsort () must not get. */
  if (rows->len > start)
    qsort (rows->data + start * sizeof (guint), rows->len - start, sizeof (guint), cmp_guint);
}

gboolean
ot_trade_series_leg_annual (OtTradeSeries   *self,
                            OtTradePlace     reporter,
                            OtTradePlace     partner,
                            OtTradeFlow      flow,
                            const guint     *groups,
                            guint            n_groups,
                            guint            year,
                            OtTradeCurrency  currency,
                            double          *kg,
                            double          *value)
{
  *kg = *value = 0;
  if (!ot_trade_series_reported_year (self, reporter, year))
    return FALSE;
  for (guint g = 0; g < n_groups; g++)
    {
      const OtTradeGroup *group = ot_trade_group_nth (groups[g]);
      gboolean head_had = FALSE;

      for (guint k = 0; k <= group->n_lines; k++)
        {
          gint s = ot_trade_series_find (self, reporter, partner, flow, group_line (group, k), currency);
          const OtTradeSeriesInfo *info;

          if (s < 0 || (k > 0 && head_had))
            continue;
          info = ot_trade_series_nth (self, s);
          for (guint r = 0; r < info->n; r++)
            {
              const OtTradeRec *rec = &self->recs[info->first + r];

              if (!(rec->flags & OT_TRADE_REC_ANNUAL) || (guint) OT_TRADE_MONTH_YEAR (rec->month) != year)
                continue;
              *kg = (rec->flags & OT_TRADE_REC_KG) ? *kg + rec->kg : NAN;
              *value = (rec->flags & OT_TRADE_REC_VALUE) ? *value + rec->value : NAN;
              head_had = head_had || k == 0;
            }
        }
    }
  return TRUE;
}
