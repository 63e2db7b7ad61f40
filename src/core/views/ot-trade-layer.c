/* SPDX-License-Identifier: GPL-3.0-or-later */
/* ot-trade-layer.c: a trade table summed into flows per exporter,
 * importer and mineral under a filter, one side per month (see the
 * header and docs/views.md, "Trade statistics").  Fast at millions of
 * rows: the columns are read straight, a flow is found through an open
 * addressing table (the last one found is tried first: files come sorted
 * by reporter and partner), the months an importer reported are bits. */
#include "ot-trade-layer.h"

#include <math.h>
#include <string.h>

#include "ot-numeric.h"

struct _OtTradeLayer {
  gatomicrefcount  ref;
  OtTradeTable    *table;
  GArray          *links;     /* OtTradeLink */
  GArray          *pairs;     /* OtTradePair */
  guint           *ranking;
  double           max_kg;
  OtTradeCounts    counts;
  gboolean         has_period;
  guint16          first, last;
  guint64          files;
};

/* ---- building ------------------------------------------------------------- */

#define NO_MINERAL 0xffff
#define NO_BITS G_MAXUINT

typedef struct {
  OtTradeLink link;
  guint       bits;      /* offset of its bitmaps in Build.bits: the months the
                          * importer gave a quantity, then a value; NO_BITS */
  guint       n_kg;      /* rows that gave a quantity */
} Slot;

typedef struct {
  GArray   *slots;       /* Slot */
  guint64  *keys;        /* open addressing: key + 1, 0 = empty */
  guint32  *index;       /* slot of the key */
  guint     mask;        /* capacity - 1 */
  guint     shift;       /* 64 - log2 (capacity) */
  GArray   *bits;        /* guint64 */
  guint     words;       /* per bitmap */
  guint16   m0, m1;      /* the months a bit stands for */
  guint64   last_key;
  guint     last_slot;
} Build;

static guint64
link_key (OtTradePlace exporter,
          OtTradePlace importer,
          guint        mineral)
{
  return ((guint64) exporter << 24) | ((guint64) importer << 8) | mineral;
}

static guint
probe (const Build *b,
       guint64      key)
{
  return (guint) ((key * G_GUINT64_CONSTANT (0x9E3779B97F4A7C15)) >> b->shift) & b->mask;
}

static void
build_resize (Build *b,
              guint  log2)
{
  guint capacity = 1u << log2;
  guint64 *keys = b->keys;
  guint32 *index = b->index;
  guint old = b->keys ? b->mask + 1 : 0;

  b->keys = g_new0 (guint64, capacity);
  b->index = g_new (guint32, capacity);
  b->mask = capacity - 1;
  b->shift = 64 - log2;
  for (guint k = 0; k < old; k++)
    if (keys[k] != 0)
      {
        guint h = probe (b, keys[k] - 1);

        while (b->keys[h] != 0)
          h = (h + 1) & b->mask;
        b->keys[h] = keys[k];
        b->index[h] = index[k];
      }
  g_free (keys);
  g_free (index);
}

/* The slot of a flow, made (with bitmaps when @bits) if new. */
static guint
get_slot (Build        *b,
          OtTradePlace  exporter,
          OtTradePlace  importer,
          guint         mineral,
          gboolean      bits)
{
  guint64 key = link_key (exporter, importer, mineral);
  guint h;
  Slot slot = { { 0 } };

  if (key == b->last_key && b->last_slot != G_MAXUINT)
    return b->last_slot;
  for (h = probe (b, key); b->keys[h] != 0; h = (h + 1) & b->mask)
    if (b->keys[h] == key + 1)
      {
        b->last_key = key;
        b->last_slot = b->index[h];
        return b->last_slot;
      }
  if (2 * (b->slots->len + 1) > b->mask + 1)
    {
      build_resize (b, 64 - b->shift + 1);
      for (h = probe (b, key); b->keys[h] != 0; h = (h + 1) & b->mask)
        ;
    }
  slot.link.exporter = exporter;
  slot.link.importer = importer;
  slot.link.mineral = (OtMineral) mineral;
  slot.link.first_month = G_MAXUINT16;
  slot.bits = NO_BITS;
  if (bits)
    {
      slot.bits = b->bits->len;
      g_array_set_size (b->bits, b->bits->len + 2 * b->words);
    }
  b->keys[h] = key + 1;
  b->index[h] = b->slots->len;
  g_array_append_val (b->slots, slot);
  b->last_key = key;
  b->last_slot = b->slots->len - 1;
  return b->last_slot;
}

static void
set_months (Build   *b,
            guint    offset,
            guint16  a,
            guint16  z)
{
  guint64 *bits = &g_array_index (b->bits, guint64, offset);

  for (guint m = a; m <= z; m++)
    bits[(m - b->m0) / 64] |= G_GUINT64_CONSTANT (1) << ((m - b->m0) % 64);
}

/* Months of [@a, @z] whose bit is not set at @offset (all without bits). */
static guint
months_open (const Build *b,
             guint        offset,
             guint16      a,
             guint16      z)
{
  const guint64 *bits;
  guint n = 0;

  if (offset == NO_BITS)
    return z - a + 1;
  bits = &g_array_index (b->bits, guint64, offset);
  for (guint m = a; m <= z; m++)
    if (!(bits[(m - b->m0) / 64] & (G_GUINT64_CONSTANT (1) << ((m - b->m0) % 64))))
      n++;
  return n;
}

static void
note_row (OtTradeLink *link,
          guint16      a,
          guint16      z,
          guint16      file,
          gboolean     importer)
{
  link->n_rows++;
  if (importer)
    link->n_rows_importer++;
  link->first_month = MIN (link->first_month, a);
  link->last_month = MAX (link->last_month, z);
  link->files |= G_GUINT64_CONSTANT (1) << MIN (file, 63);
}

static guint16
day_month (guint32 day)
{
  g_autoptr(GDate) date = g_date_new_julian (day);

  return ot_trade_month (g_date_get_year (date), g_date_get_month (date));
}

/* What the filter keeps: a mineral per product (NO_MINERAL: left out,
 * as placebo products are, which carry another material), a mode per
 * country, the months. */
typedef struct {
  guint16  *mineral_of;
  guint     n_products;
  guint8   *mode;          /* OtFilterMode per country index */
  guint     n_countries;
  gboolean  includes;      /* some country is included */
  guint16   m0, m1;
} Keep;

static void
keep_init (Keep           *keep,
           OtTradeTable   *table,
           const OtFilter *filter)
{
  guint32 from = 0, to = 0;
  guint16 first = 0, last = 0;

  keep->n_products = ot_trade_product_count ();
  keep->mineral_of = g_new (guint16, MAX (keep->n_products, 1));
  for (guint p = 0; p < keep->n_products; p++)
    {
      const OtTradeProduct *product = ot_trade_product_nth (p);

      keep->mineral_of[p] = product->role == OT_TRADE_ROLE_PLACEBO ||
                            (filter != NULL && !ot_filter_includes_mineral (filter, product->mineral))
                            ? NO_MINERAL : product->mineral;
    }
  keep->n_countries = MIN (ot_country_count (), OT_TRADE_PLACE_FIRST_SPECIAL);
  keep->mode = g_new0 (guint8, MAX (keep->n_countries, 1));
  keep->includes = FALSE;
  for (guint c = 0; filter != NULL && c < keep->n_countries; c++)
    {
      keep->mode[c] = (guint8) ot_filter_get_country (filter, ot_country_nth (c));
      keep->includes = keep->includes || keep->mode[c] == OT_FILTER_INCLUDE;
    }
  if (filter != NULL)
    ot_filter_get_period (filter, &from, &to);
  ot_trade_table_get_period (table, &first, &last);
  keep->m0 = from != 0 ? MAX (day_month (from), first) : first;
  keep->m1 = to != 0 ? MIN (day_month (to), last) : last;
}

static void
keep_clear (Keep *keep)
{
  g_free (keep->mineral_of);
  g_free (keep->mode);
}

/* A flow between @exporter and @importer under the countries of the
 * filter: none excluded, one included when some are. */
static inline gboolean
keep_countries (const Keep   *keep,
                OtTradePlace  exporter,
                OtTradePlace  importer)
{
  if (keep->mode[exporter] == OT_FILTER_EXCLUDE || keep->mode[importer] == OT_FILTER_EXCLUDE)
    return FALSE;
  return !keep->includes || keep->mode[exporter] == OT_FILTER_INCLUDE ||
         keep->mode[importer] == OT_FILTER_INCLUDE;
}

static int
compare_links (gconstpointer pa,
               gconstpointer pb)
{
  const OtTradeLink *a = pa, *b = pb;

  if (a->exporter != b->exporter)
    return a->exporter < b->exporter ? -1 : 1;
  if (a->importer != b->importer)
    return a->importer < b->importer ? -1 : 1;
  return (a->mineral > b->mineral) - (a->mineral < b->mineral);
}

static int
compare_rank (gconstpointer pa,
              gconstpointer pb,
              gpointer      data)
{
  const OtTradePair *pairs = data;
  guint i = *(const guint *) pa, j = *(const guint *) pb;

  if (pairs[i].kg != pairs[j].kg)
    return pairs[i].kg > pairs[j].kg ? -1 : 1;
  return (i > j) - (i < j);
}

static void
finish (OtTradeLayer *self,
        Build        *b)
{
  guint n = b->slots->len;

  self->links = g_array_sized_new (FALSE, FALSE, sizeof (OtTradeLink), n);
  for (guint k = 0; k < n; k++)
    {
      Slot *slot = &g_array_index (b->slots, Slot, k);

      if (slot->link.n_rows == 0)
        continue;   /* only rows without figures */
      slot->link.has_kg = slot->n_kg > 0;
      g_array_append_val (self->links, slot->link);
    }
  g_array_sort (self->links, compare_links);
  self->pairs = g_array_new (FALSE, FALSE, sizeof (OtTradePair));
  for (guint k = 0; k < self->links->len; k++)
    {
      const OtTradeLink *link = &g_array_index (self->links, OtTradeLink, k);
      OtTradePair *pair = self->pairs->len > 0
                          ? &g_array_index (self->pairs, OtTradePair, self->pairs->len - 1) : NULL;

      if (pair == NULL || pair->exporter != link->exporter || pair->importer != link->importer)
        {
          OtTradePair fresh = { link->exporter, link->importer, k, 0, 0, FALSE, link->mineral };

          g_array_append_val (self->pairs, fresh);
          pair = &g_array_index (self->pairs, OtTradePair, self->pairs->len - 1);
        }
      else
        {
          const OtTradeLink *main = NULL;

          for (guint j = pair->first_link; j < k && main == NULL; j++)
            if (g_array_index (self->links, OtTradeLink, j).mineral == pair->main_mineral)
              main = &g_array_index (self->links, OtTradeLink, j);
          if (main != NULL && (link->kg > main->kg || (link->kg == main->kg && link->n_rows > main->n_rows)))
            pair->main_mineral = link->mineral;
        }
      pair->n_links++;
      pair->kg = ot_kg_add (pair->kg, link->kg);
      pair->has_kg = pair->has_kg || link->has_kg;
      self->files |= link->files;
      if (!self->has_period)
        {
          self->first = link->first_month;
          self->last = link->last_month;
          self->has_period = TRUE;
        }
      self->first = MIN (self->first, link->first_month);
      self->last = MAX (self->last, link->last_month);
    }
  self->ranking = g_new (guint, MAX (self->pairs->len, 1));
  for (guint k = 0; k < self->pairs->len; k++)
    {
      self->ranking[k] = k;
      self->max_kg = MAX (self->max_kg, g_array_index (self->pairs, OtTradePair, k).kg);
    }
  g_qsort_with_data (self->ranking, self->pairs->len, sizeof (guint), compare_rank, self->pairs->data);
}

OtTradeLayer *
ot_trade_layer_new (OtTradeTable   *table,
                    const OtFilter *filter,
                    GCancellable   *cancellable)
{
  g_autoptr(OtTradeLayer) self = g_new0 (OtTradeLayer, 1);
  g_autoptr(GArray) exports = NULL;
  const OtTradePlace *reporters, *partners;
  const guint16 *products, *months, *files;
  const guint8 *flows, *spans, *currencies;
  const double *kgs, *values;
  Build b = { 0 };
  Keep keep;
  guint n;

  g_atomic_ref_count_init (&self->ref);
  self->links = NULL;
  if (table == NULL)
    {
      Build empty = { g_array_new (FALSE, FALSE, sizeof (Slot)) };

      finish (self, &empty);
      g_array_unref (empty.slots);
      return g_steal_pointer (&self);
    }
  self->table = ot_trade_table_ref (table);
  n = ot_trade_table_get_n_rows (table);
  self->counts.n_rows = n;
  keep_init (&keep, table, filter);
  reporters = ot_trade_table_get_reporters (table);
  partners = ot_trade_table_get_partners (table);
  products = ot_trade_table_get_products (table);
  months = ot_trade_table_get_months (table);
  files = ot_trade_table_get_file_indices (table);
  flows = ot_trade_table_get_flows (table);
  spans = ot_trade_table_get_spans (table);
  currencies = ot_trade_table_get_currencies (table);
  kgs = ot_trade_table_get_kgs (table);
  values = ot_trade_table_get_values (table);

  b.slots = g_array_new (FALSE, FALSE, sizeof (Slot));
  b.bits = g_array_new (FALSE, TRUE, sizeof (guint64));
  b.m0 = keep.m0;
  b.m1 = keep.m1;
  b.words = keep.m1 >= keep.m0 ? (keep.m1 - keep.m0) / 64 + 1 : 1;
  b.last_slot = G_MAXUINT;
  build_resize (&b, 10);
  exports = g_array_sized_new (FALSE, FALSE, sizeof (guint), n / 2 + 1);

  /* One pass over the rows: the importers' figures, and the exporters'
   * rows kept for the second. */
  for (guint i = 0; i < n && keep.m1 >= keep.m0; i++)
    {
      guint mineral, span, last, at;
      OtTradePlace r, p;
      guint16 a, z;
      double share, kg, value;
      gboolean used = FALSE;
      Slot *slot;

      if ((i & 0xfffff) == 0 && g_cancellable_is_cancelled (cancellable))
        break;
      if (products[i] >= keep.n_products || (mineral = keep.mineral_of[products[i]]) == NO_MINERAL)
        continue;
      span = MAX (spans[i], 1);
      last = months[i] + span - 1;
      if (last < keep.m0 || months[i] > keep.m1)
        continue;
      if (flows[i] == OT_TRADE_REIMPORT || flows[i] == OT_TRADE_REEXPORT)
        {
          self->counts.n_re++;
          continue;
        }
      if (flows[i] != OT_TRADE_IMPORT && flows[i] != OT_TRADE_EXPORT)
        continue;
      r = reporters[i];
      p = partners[i];
      a = MAX (months[i], keep.m0);
      z = MIN (last, keep.m1);
      share = (double) (z - a + 1) / span;
      if (r >= keep.n_countries || p >= keep.n_countries)
        {
          OtTradePlace known = r < keep.n_countries ? r : p;

          if (r == OT_TRADE_PLACE_WORLD_ID || p == OT_TRADE_PLACE_WORLD_ID)
            self->counts.n_world++;
          else if (known < keep.n_countries ? keep_countries (&keep, known, known) : !keep.includes)
            {
              self->counts.n_areas++;
              self->counts.kg_areas = ot_kg_add (self->counts.kg_areas, kgs[i] * share);
            }
          continue;
        }
      if (r == p || !keep_countries (&keep, r, p))
        continue;
      self->counts.n_considered++;
      if (flows[i] == OT_TRADE_EXPORT)
        {
          g_array_append_val (exports, i);
          continue;
        }
      /* An import: partner = the country of origin. */
      /* (The index first: a new slot may move the array.) */
      at = get_slot (&b, p, r, mineral, TRUE);
      slot = &g_array_index (b.slots, Slot, at);
      kg = kgs[i];
      value = values[i];
      if (isfinite (kg) && kg >= 0)
        {
          slot->link.kg = ot_kg_add (slot->link.kg, kg * share);
          slot->link.kg_importer = ot_kg_add (slot->link.kg_importer, kg * share);
          slot->n_kg++;
          set_months (&b, slot->bits, a, z);
          used = TRUE;
        }
      if (isfinite (value) && value >= 0 && currencies[i] < OT_TRADE_N_CURRENCIES)
        {
          slot->link.value[currencies[i]] += value * share;
          set_months (&b, slot->bits + b.words, a, z);
          used = TRUE;
        }
      if (used)
        {
          note_row (&slot->link, a, z, files[i], TRUE);
          self->counts.n_used++;
        }
    }
  if (g_cancellable_is_cancelled (cancellable))
    {
      keep_clear (&keep);
      g_array_unref (b.slots);
      g_array_unref (b.bits);
      g_free (b.keys);
      g_free (b.index);
      return NULL;
    }

  /* The exporters' rows: only the months the importer gave nothing for. */
  for (guint k = 0; k < exports->len; k++)
    {
      guint i = g_array_index (exports, guint, k);
      guint span = MAX (spans[i], 1), last = months[i] + span - 1, open;
      guint16 a = MAX (months[i], keep.m0), z = MIN (last, keep.m1);
      double kg = kgs[i], value = values[i];
      gboolean given = FALSE, used = FALSE;
      guint at = get_slot (&b, reporters[i], partners[i], keep.mineral_of[products[i]], FALSE);
      Slot *slot = &g_array_index (b.slots, Slot, at);

      if (isfinite (kg) && kg >= 0)
        {
          given = TRUE;
          if ((open = months_open (&b, slot->bits, a, z)) > 0)
            {
              slot->link.kg = ot_kg_add (slot->link.kg, kg * open / span);
              slot->n_kg++;
              used = TRUE;
            }
        }
      if (isfinite (value) && value >= 0 && currencies[i] < OT_TRADE_N_CURRENCIES)
        {
          given = TRUE;
          if ((open = months_open (&b, slot->bits == NO_BITS ? NO_BITS : slot->bits + b.words, a, z)) > 0)
            {
              slot->link.value[currencies[i]] += value * open / span;
              used = TRUE;
            }
        }
      if (used)
        {
          note_row (&slot->link, a, z, files[i], FALSE);
          self->counts.n_used++;
        }
      else if (given)
        self->counts.n_replaced++;
    }

  finish (self, &b);
  keep_clear (&keep);
  g_array_unref (b.slots);
  g_array_unref (b.bits);
  g_free (b.keys);
  g_free (b.index);
  return g_steal_pointer (&self);
}

OtTradeLayer *
ot_trade_layer_ref (OtTradeLayer *self)
{
  g_return_val_if_fail (self != NULL, NULL);

  g_atomic_ref_count_inc (&self->ref);
  return self;
}

void
ot_trade_layer_unref (OtTradeLayer *self)
{
  g_return_if_fail (self != NULL);

  if (!g_atomic_ref_count_dec (&self->ref))
    return;
  g_clear_pointer (&self->table, ot_trade_table_unref);
  g_clear_pointer (&self->links, g_array_unref);
  g_clear_pointer (&self->pairs, g_array_unref);
  g_free (self->ranking);
  g_free (self);
}

/* The filter's parts a layer reads. */
static OtFilter *
trade_parts (const OtFilter *filter)
{
  OtFilter *copy = filter ? ot_filter_copy (filter) : ot_filter_new ();

  for (OtFilterPart part = 0; part < OT_N_FILTER_PARTS; part++)
    if (part != OT_FILTER_MINERALS && part != OT_FILTER_PERIOD && part != OT_FILTER_COUNTRIES)
      ot_filter_clear_part (copy, part);
  return copy;
}

gboolean
ot_trade_layer_same_filter (const OtFilter *a,
                            const OtFilter *b)
{
  g_autoptr(OtFilter) x = trade_parts (a);
  g_autoptr(OtFilter) y = trade_parts (b);

  return ot_filter_equal (x, y);
}

OtTradeTable *
ot_trade_layer_get_table (OtTradeLayer *self)
{
  g_return_val_if_fail (self != NULL, NULL);

  return self->table;
}

guint
ot_trade_layer_get_n_links (OtTradeLayer *self)
{
  g_return_val_if_fail (self != NULL, 0);

  return self->links->len;
}

const OtTradeLink *
ot_trade_layer_get_link (OtTradeLayer *self,
                         guint         index)
{
  g_return_val_if_fail (self != NULL, NULL);
  g_return_val_if_fail (index < self->links->len, NULL);

  return &g_array_index (self->links, OtTradeLink, index);
}

guint
ot_trade_layer_get_n_pairs (OtTradeLayer *self)
{
  g_return_val_if_fail (self != NULL, 0);

  return self->pairs->len;
}

const OtTradePair *
ot_trade_layer_get_pair (OtTradeLayer *self,
                         guint         index)
{
  g_return_val_if_fail (self != NULL, NULL);
  g_return_val_if_fail (index < self->pairs->len, NULL);

  return &g_array_index (self->pairs, OtTradePair, index);
}

gint
ot_trade_layer_find_pair (OtTradeLayer *self,
                          OtTradePlace  exporter,
                          OtTradePlace  importer)
{
  guint lo = 0, hi;

  g_return_val_if_fail (self != NULL, -1);

  hi = self->pairs->len;
  while (lo < hi)
    {
      guint mid = lo + (hi - lo) / 2;
      const OtTradePair *pair = &g_array_index (self->pairs, OtTradePair, mid);

      if (pair->exporter < exporter || (pair->exporter == exporter && pair->importer < importer))
        lo = mid + 1;
      else
        hi = mid;
    }
  if (lo < self->pairs->len && g_array_index (self->pairs, OtTradePair, lo).exporter == exporter &&
      g_array_index (self->pairs, OtTradePair, lo).importer == importer)
    return (gint) lo;
  return -1;
}

const guint *
ot_trade_layer_get_ranking (OtTradeLayer *self)
{
  g_return_val_if_fail (self != NULL, NULL);

  return self->ranking;
}

double
ot_trade_layer_get_max_kg (OtTradeLayer *self)
{
  g_return_val_if_fail (self != NULL, 0);

  return self->max_kg;
}

const OtTradeCounts *
ot_trade_layer_get_counts (OtTradeLayer *self)
{
  g_return_val_if_fail (self != NULL, NULL);

  return &self->counts;
}

gboolean
ot_trade_layer_get_period (OtTradeLayer *self,
                           guint16      *first,
                           guint16      *last)
{
  g_return_val_if_fail (self != NULL, FALSE);

  if (!self->has_period)
    return FALSE;
  if (first)
    *first = self->first;
  if (last)
    *last = self->last;
  return TRUE;
}

guint64
ot_trade_layer_get_files (OtTradeLayer *self)
{
  g_return_val_if_fail (self != NULL, 0);

  return self->files;
}

char *
ot_trade_month_text (guint16 month)
{
  return g_strdup_printf ("%04u-%02u", OT_TRADE_MONTH_YEAR (month), OT_TRADE_MONTH_MONTH (month));
}
