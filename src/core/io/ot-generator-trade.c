/* SPDX-License-Identifier: GPL-3.0-or-later */
/* ot-generator-trade.c: generated monthly trade statistics of the
 * controlled minerals' HS lines, with optional planted patterns
 * (ot-generator.h; docs/trade-signals.md, "Generated data").  Every
 * number here is made up: the prices are round figures of the right
 * order for each line, the levels follow the two countries' sizes. */
#include "ot-generator.h"
#include "ot-generator-private.h"

#include <math.h>
#include <string.h>

#define FLUSH_SIZE (1024 * 1024)

/* Trading countries, the largest first: sizes fall with the rank.  The
 * planted patterns' countries come first so that every set has them. */
static const char * const countries[] = {
  "CN", "US", "DE", "JP", "KR", "TH", "MX", "IN", "GB", "FR", "IT", "NL", "BE", "CA", "BR",
  "RU", "AU", "ES", "ID", "MY", "VN", "SG", "TW", "TR", "CH", "PL", "SE", "SA", "AE", "AT",
  "NO", "IL", "IE", "HK", "PH", "ZA", "DK", "EG", "CZ", "FI", "CL", "PT", "RO", "NZ", "PE",
  "KZ", "GR", "HU", "UA", "QA", "KW", "MA", "SK", "EC", "NG", "AR", "BD", "PK", "CO", "IR",
  "IQ", "DZ", "VE", "LU", "BG", "HR", "LT", "SI", "RS", "LV", "EE", "BY", "AZ", "UZ", "OM",
  "LK", "MM", "TN", "JO", "CR", "UY", "PA", "DO", "GT", "KE", "ET", "GH", "CI", "TZ", "BO",
  "PY", "CD", "MZ", "MG", "ZM", "LA", "KH", "MN", "TJ", "KG",
};
#define MIN_COUNTRIES 7
/* Beyond the list, the other countries of data/countries.csv in its order. */
#define MAX_COUNTRIES 250

/* Round prices in US$ a kg, generated, of the order each line trades at. */
static const struct { const char *code; double price; } prices[] = {
  { "261710", 5 }, { "282580", 12 }, { "811010", 14 }, { "811020", 3 }, { "811090", 20 },
  { "811292", 350 }, { "811299", 600 }, { "282560", 40 }, { "250410", 0.8 }, { "250490", 0.5 },
  { "380110", 2.5 }, { "380190", 4 }, { "681519", 12 }, { "261100", 14 }, { "284180", 35 },
  { "810110", 45 }, { "810194", 50 }, { "810196", 90 }, { "810197", 20 }, { "810199", 70 },
  { "280530", 60 }, { "284610", 6 }, { "284690", 25 }, { "850511", 45 }, { "261790", 3 },
  { "282550", 9 }, { "282540", 11 }, { "811231", 900 }, { "380130", 0.6 }, { "284150", 2 },
  { "810820", 9 }, { "280512", 4 }, { "850519", 2 },
};

/* Comtrade's M49 codes where they differ from ISO 3166 numeric
 * (reference/trade/README.md, §1a). */
static const struct { const char *alpha2; int code; } m49_quirks[] = {
  { "US", 842 }, { "FR", 251 }, { "IN", 699 }, { "CH", 757 }, { "NO", 579 }, { "TW", 490 },
};

typedef struct {
  guint16 product;
  double  price0;
  double  scale;      /* kg a month of a large flow */
  double  phase;      /* of the season, in months */
  double *log_price;  /* per month */
  double  diverted;   /* planted rerouting: kg diverted last month */
} Line;

typedef struct {
  guint8   exporter;   /* index into Gen.alpha2 */
  guint8   importer;
  guint16  line;
  double   level;      /* kg a month */
  double   carry;      /* share the importer records a month later */
  double   cif;
  double   uv;         /* the pair's price factor */
  double   ar;
  double   kg, value;
  double   prev_kg, prev_value;
  gboolean exporter_silent;   /* this month's export record withheld */
  double   import_share;      /* of the flow the importer records */
} Link;

typedef struct {
  const OtTradeGeneratorOptions *o;
  Rng            rng;
  guint          n_countries;
  const char    *alpha2[MAX_COUNTRIES];
  gboolean       reports[MAX_COUNTRIES];
  OtTradePlace   places[MAX_COUNTRIES];
  GArray        *lines;      /* Line */
  GArray        *links;      /* Link */
  guint          n_months;
  guint16        first_month;
} Gen;

static double
line_price (const char *code)
{
  for (guint i = 0; i < G_N_ELEMENTS (prices); i++)
    if (strcmp (prices[i].code, code) == 0)
      return prices[i].price;
  return 10;
}

void
ot_trade_generator_options_init (OtTradeGeneratorOptions *o)
{
  g_return_if_fail (o != NULL);

  memset (o, 0, sizeof *o);
  o->seed = 1;
  o->first_year = 2020;
  o->n_years = 6;
  o->n_countries = 40;
  o->n_reporters = 30;
  o->partners = 6;
  o->mineral = OT_MINERAL_NONE;
}

static gint
country_index (const char *alpha2)
{
  for (guint i = 0; i < G_N_ELEMENTS (countries); i++)
    if (strcmp (countries[i], alpha2) == 0)
      return i;
  return -1;
}

/* The first @n trading countries: the list, then the rest of the
 * country table (those with a numeric code). */
static guint
pick_countries (Gen   *gen,
                guint  n)
{
  guint count = 0;

  for (guint i = 0; i < G_N_ELEMENTS (countries) && count < n; i++)
    gen->alpha2[count++] = countries[i];
  for (guint c = 0; c < ot_country_count () && count < MIN (n, MAX_COUNTRIES); c++)
    {
      const char *alpha2 = ot_country_nth (c);

      /* A country without a numeric code has no Comtrade code either. */
      if (country_index (alpha2) < 0 && ot_country_numeric (alpha2) >= 0)
        gen->alpha2[count++] = alpha2;
    }
  return count;
}

static gint
line_index (Gen        *gen,
            const char *code)
{
  for (guint l = 0; l < gen->lines->len; l++)
    if (strcmp (ot_trade_product_nth (g_array_index (gen->lines, Line, l).product)->code, code) == 0)
      return l;
  return -1;
}

static void
add_lines (Gen *gen)
{
  for (guint p = 0; p < ot_trade_product_count (); p++)
    {
      const OtTradeProduct *product = ot_trade_product_nth (p);
      Line line = { 0 };
      double walk;

      /* HS2022 lines only (6815.10 is the HS2017 code of 6815.19). */
      if (product->nomenclature != OT_TRADE_HS || g_str_has_prefix (product->source, "HS2017"))
        continue;
      if (gen->o->mineral != OT_MINERAL_NONE && product->mineral != gen->o->mineral)
        continue;
      line.product = p;
      line.price0 = line_price (product->code);
      line.scale = 2e6 / line.price0;
      line.phase = 12 * rng_double (&gen->rng);
      line.log_price = g_new (double, gen->n_months);
      walk = log (line.price0);
      for (guint m = 0; m < gen->n_months; m++)
        {
          walk += 0.02 * rng_normal (&gen->rng);
          line.log_price[m] = walk;
        }
      g_array_append_val (gen->lines, line);
    }
}

static double
size_weight (guint rank)
{
  return 1.0 / pow (rank + 1, 0.7);
}

/* Destinations of one exporter of one line, by weighted sampling without
 * replacement (Efraimidis and Spirakis' keys u^(1/w)). */
static void
add_exporter (Gen   *gen,
              guint  line,
              guint  exporter,
              double share)
{
  guint n = gen->n_countries;
  g_autofree double *keys = g_new (double, n);
  double mean_w = 0;
  guint k;

  for (guint j = 0; j < n; j++)
    mean_w += size_weight (j) / n;
  k = (guint) CLAMP (round (gen->o->partners * (exporter == 0 ? 3 : 1) *
                            exp (0.5 * rng_normal (&gen->rng))), 1, n - 1);
  for (guint j = 0; j < n; j++)
    keys[j] = j == exporter ? -1 : pow (rng_double (&gen->rng), 1.0 / size_weight (j));
  for (guint c = 0; c < k; c++)
    {
      guint best = 0;
      Link link = { 0 };
      const Line *l = &g_array_index (gen->lines, Line, line);

      for (guint j = 1; j < n; j++)
        if (keys[j] > keys[best])
          best = j;
      if (keys[best] < 0)
        break;
      keys[best] = -1;
      link.exporter = exporter;
      link.importer = best;
      link.line = line;
      link.level = l->scale * share * size_weight (best) / mean_w * exp (0.9 * rng_normal (&gen->rng)) / 8;
      link.carry = 0.1 + 0.3 * rng_double (&gen->rng);
      link.cif = 1.03 + 0.07 * rng_double (&gen->rng);
      link.uv = exp (0.05 * rng_normal (&gen->rng));
      link.ar = 0.33 * rng_normal (&gen->rng);
      link.import_share = 1;
      g_array_append_val (gen->links, link);
    }
}

static void
add_links (Gen *gen)
{
  for (guint l = 0; l < gen->lines->len; l++)
    {
      add_exporter (gen, l, 0, 1.0);
      for (guint i = 1; i < gen->n_countries; i++)
        if (rng_double (&gen->rng) < 0.5 / (1 + i / 12.0))
          add_exporter (gen, l, i, 0.08 * exp (0.8 * rng_normal (&gen->rng)));
    }
}

/* The link of a planted pattern, made if the sampling did not: its base
 * level is @level (kg a month). */
static gint
force_link (Gen        *gen,
            const char *exporter,
            const char *importer,
            gint        line,
            double      level)
{
  gint e = country_index (exporter), i = country_index (importer);
  Link link = { 0 };

  if (line < 0 || e < 0 || i < 0 || (guint) e >= gen->n_countries || (guint) i >= gen->n_countries)
    return -1;
  for (guint k = 0; k < gen->links->len; k++)
    {
      Link *old = &g_array_index (gen->links, Link, k);

      if (old->exporter == e && old->importer == i && old->line == line)
        {
          old->level = level;
          return k;
        }
    }
  link.exporter = e;
  link.importer = i;
  link.line = line;
  link.level = level;
  link.carry = 0.25;
  link.cif = 1.06;
  link.uv = 1;
  link.import_share = 1;
  g_array_append_val (gen->links, link);
  return gen->links->len - 1;
}

/* ---- Planted patterns -------------------------------------------------------- */

typedef struct {
  gint line;
  gint direct, to_hub[2], from_hub[2];
} Route;

#define MAX_ROUTES 16

typedef struct {
  Route   routes[MAX_ROUTES];
  guint   n_routes;
  gint    mirror;
  gint    priced;
  gint    switch_from, switch_to;
} Plants;

static void
plant_routes (Gen        *gen,
              Plants     *plants,
              OtTradeRole role)
{
  OtMineral antimony;

  if (!ot_mineral_parse ("antimony", &antimony))
    return;
  for (guint l = 0; l < gen->lines->len && plants->n_routes < MAX_ROUTES; l++)
    {
      const Line *line = &g_array_index (gen->lines, Line, l);
      const OtTradeProduct *product = ot_trade_product_nth (line->product);
      Route *r = &plants->routes[plants->n_routes];
      double direct = line->scale * 0.5;

      if (product->mineral != antimony || product->role != role)
        continue;
      r->line = l;
      r->direct = force_link (gen, "CN", "US", l, direct);
      r->to_hub[0] = force_link (gen, "CN", "TH", l, 0.2 * direct);
      r->to_hub[1] = force_link (gen, "CN", "MX", l, 0.15 * direct);
      r->from_hub[0] = force_link (gen, "TH", "US", l, 0.05 * direct);
      r->from_hub[1] = force_link (gen, "MX", "US", l, 0.05 * direct);
      if (r->direct >= 0 && r->to_hub[0] >= 0 && r->to_hub[1] >= 0 &&
          r->from_hub[0] >= 0 && r->from_hub[1] >= 0)
        plants->n_routes++;
    }
}

static void
plan_plants (Gen    *gen,
             Plants *plants)
{
  OtTradePlants what = gen->o->plants;
  gint line;

  memset (plants, 0xff, sizeof *plants);
  plants->n_routes = 0;
  if (what & OT_TRADE_PLANT_REROUTING)
    plant_routes (gen, plants, OT_TRADE_ROLE_CONTROLLED);
  if (what & OT_TRADE_PLANT_PLACEBO_SHOCK)
    plant_routes (gen, plants, OT_TRADE_ROLE_PLACEBO);
  if ((what & OT_TRADE_PLANT_MIRROR_GAP) && (line = line_index (gen, "282560")) >= 0)
    plants->mirror = force_link (gen, "CN", "US", line,
                                 0.3 * g_array_index (gen->lines, Line, line).scale);
  if ((what & OT_TRADE_PLANT_UNIT_VALUE) && (line = line_index (gen, "810194")) >= 0)
    plants->priced = force_link (gen, "KR", "DE", line,
                                 0.3 * g_array_index (gen->lines, Line, line).scale);
  if ((what & OT_TRADE_PLANT_CODE_SWITCH) && (line = line_index (gen, "250410")) >= 0 &&
      line_index (gen, "250490") >= 0)
    {
      double level = 0.4 * g_array_index (gen->lines, Line, line).scale;

      plants->switch_from = force_link (gen, "CN", "JP", line, level);
      plants->switch_to = force_link (gen, "CN", "JP", line_index (gen, "250490"),
                                      0.2 * level * g_array_index (gen->lines, Line, line).price0 /
                                      g_array_index (gen->lines, Line, line_index (gen, "250490")).price0);
    }
}

static void
add_kg (Gen    *gen,
        Link   *link,
        guint   m,
        double  kg)
{
  const Line *line = &g_array_index (gen->lines, Line, link->line);

  link->kg += kg;
  link->value += kg * exp (line->log_price[m]) * link->uv;
}

static void
move_share (Gen    *gen,
            Link   *from,
            guint   m,
            double  share,
            double *moved)
{
  double kg = share * from->kg;

  (void) gen;
  (void) m;
  if (from->kg > 0)
    from->value *= 1 - share;
  from->kg -= kg;
  *moved = kg;
}

static Link *
link_at (Gen  *gen,
         gint  k)
{
  return k >= 0 ? &g_array_index (gen->links, Link, k) : NULL;
}

static void
apply_plants (Gen    *gen,
              Plants *plants,
              guint   m)
{
  guint16 month = gen->first_month + m;
  guint16 ban = ot_trade_month (2024, 12);

  for (guint r = 0; r < plants->n_routes; r++)
    {
      Route *route = &plants->routes[r];
      Line *line = &g_array_index (gen->lines, Line, route->line);
      double diverted = 0;

      /* Last month's diversion reaches the US from the hubs now. */
      add_kg (gen, link_at (gen, route->from_hub[0]), m, 0.6 * line->diverted);
      add_kg (gen, link_at (gen, route->from_hub[1]), m, 0.4 * line->diverted);
      if (month >= ban)
        {
          move_share (gen, link_at (gen, route->direct), m, 0.95, &diverted);
          add_kg (gen, link_at (gen, route->to_hub[0]), m, 0.6 * diverted);
          add_kg (gen, link_at (gen, route->to_hub[1]), m, 0.4 * diverted);
        }
      line->diverted = diverted;
    }
  if (plants->mirror >= 0 && month >= ot_trade_month (2023, 8))
    {
      link_at (gen, plants->mirror)->exporter_silent = TRUE;
      link_at (gen, plants->mirror)->import_share = 0.4;
    }
  if (plants->priced >= 0 && OT_TRADE_MONTH_YEAR (month) == 2022)
    link_at (gen, plants->priced)->value *= 0.2;
  if (plants->switch_from >= 0 && month >= ot_trade_month (2023, 12))
    {
      double moved;

      move_share (gen, link_at (gen, plants->switch_from), m, 0.8, &moved);
      add_kg (gen, link_at (gen, plants->switch_to), m, moved);
    }
}

/* ---- Months --------------------------------------------------------------------- */

static void
month_flows (Gen   *gen,
             guint  m)
{
  guint16 month = gen->first_month + m;
  double years = m / 12.0;
  guint calendar = OT_TRADE_MONTH_MONTH (month);

  for (guint k = 0; k < gen->links->len; k++)
    {
      Link *link = &g_array_index (gen->links, Link, k);
      const Line *line = &g_array_index (gen->lines, Line, link->line);
      double level, lot = 0.01 * line->scale;

      link->prev_kg = link->kg;
      link->prev_value = link->value;
      link->exporter_silent = FALSE;
      link->import_share = 1;
      link->ar = 0.4 * link->ar + 0.3 * rng_normal (&gen->rng);
      level = link->level * exp (0.03 * years + link->ar +
                                 0.12 * sin (2 * G_PI * (calendar - 1 + line->phase) / 12));
      if (link->exporter == 0 && calendar == 2)
        level *= 0.75;   /* China's exports dip in the month of the new year */
      if (rng_double (&gen->rng) < exp (-level / lot))
        level = 0;       /* no shipment this month */
      link->kg = level;
      link->value = level * exp (line->log_price[m] + 0.08 * rng_normal (&gen->rng)) * link->uv;
    }
}

typedef struct {
  OtTradeTable *table;
  guint16       file;
  guint         line;
} Out;

static void
emit (Gen          *gen,
      Out          *out,
      guint         reporter,
      OtTradePlace  partner,
      OtTradeFlow   flow,
      const Line   *line,
      guint16       month,
      double        kg,
      double        value)
{
  OtTradeRow row = { 0 };

  row.reporter = gen->places[reporter];
  row.partner = partner;
  row.flow = flow;
  row.currency = OT_TRADE_USD;
  row.span = 1;
  row.product = line->product;
  row.month = month;
  row.kg = kg;
  row.value = value;
  row.file = out->file;
  row.line = out->line++;
  ot_trade_table_append (out->table, &row);
}

/* One reporter's rows of one month: exports by line and destination, then
 * imports by line and origin, each line's World total after it. */
static void
emit_reporter (Gen         *gen,
               Out         *out,
               guint        m,
               guint        reporter,
               const guint *by_exporter,
               const guint *by_importer,
               const guint *first_x,
               const guint *first_m)
{
  guint16 month = gen->first_month + m;

  for (guint side = 0; side < 2; side++)
    {
      const guint *order = side == 0 ? by_exporter : by_importer;
      const guint *first = side == 0 ? first_x : first_m;
      guint k = first[reporter];

      while (k < first[reporter + 1])
        {
          guint16 l = g_array_index (gen->links, Link, order[k]).line;
          const Line *line = &g_array_index (gen->lines, Line, l);
          double total_kg = 0, total_value = 0;

          for (; k < first[reporter + 1] && g_array_index (gen->links, Link, order[k]).line == l; k++)
            {
              Link *link = &g_array_index (gen->links, Link, order[k]);
              double kg, value;

              if (side == 0)
                {
                  if (link->exporter_silent)
                    continue;
                  kg = round (link->kg);
                  value = round (link->value);
                }
              else
                {
                  double noise = exp (0.02 * rng_normal (&gen->rng));

                  kg = round (((1 - link->carry) * link->kg + link->carry * link->prev_kg) *
                              link->import_share * noise);
                  value = round (((1 - link->carry) * link->value + link->carry * link->prev_value) *
                                 link->import_share * link->cif * noise);
                }
              if (kg < 1)
                continue;
              value = MAX (value, 1);
              emit (gen, out, reporter, gen->places[side == 0 ? link->importer : link->exporter],
                    side == 0 ? OT_TRADE_EXPORT : OT_TRADE_IMPORT, line, month, kg, value);
              total_kg += kg;
              total_value += value;
            }
          if (gen->o->world && total_kg > 0)
            emit (gen, out, reporter, OT_TRADE_PLACE_WORLD_ID,
                  side == 0 ? OT_TRADE_EXPORT : OT_TRADE_IMPORT, line, month, total_kg, total_value);
        }
    }
}

/* Link indices sorted by (@key country, line, other country), with the
 * first index of each country. */
static guint *
sort_links (Gen      *gen,
            gboolean  by_exporter,
            guint   **first)
{
  guint n = gen->links->len;
  guint *order = g_new (guint, MAX (n, 1));
  guint *count = g_new0 (guint, gen->n_countries + 1);
  g_autofree guint *fill = NULL;

  /* Counting sort on the key country, the lines already in order
   * (links were made line by line), then by the other country. */
  for (guint k = 0; k < n; k++)
    {
      const Link *link = &g_array_index (gen->links, Link, k);

      count[(by_exporter ? link->exporter : link->importer) + 1]++;
    }
  for (guint c = 0; c < gen->n_countries; c++)
    count[c + 1] += count[c];
  fill = g_memdup2 (count, (gen->n_countries + 1) * sizeof (guint));
  for (guint k = 0; k < n; k++)
    {
      const Link *link = &g_array_index (gen->links, Link, k);

      order[fill[by_exporter ? link->exporter : link->importer]++] = k;
    }
  /* Within a country: by line, then the other country (insertion sort:
   * few links a country). */
  for (guint c = 0; c < gen->n_countries; c++)
    for (guint i = count[c] + 1; i < count[c + 1]; i++)
      {
        guint x = order[i], j = i;
        const Link *a = &g_array_index (gen->links, Link, x);

        while (j > count[c])
          {
            const Link *b = &g_array_index (gen->links, Link, order[j - 1]);
            guint ka = by_exporter ? a->importer : a->exporter;
            guint kb = by_exporter ? b->importer : b->exporter;

            if (b->line < a->line || (b->line == a->line && kb <= ka))
              break;
            order[j] = order[j - 1];
            j--;
          }
        order[j] = x;
      }
  *first = count;
  return order;
}

OtTradeTable *
ot_trade_generator_new (const OtTradeGeneratorOptions *options,
                        const char                    *file_name)
{
  OtTradeGeneratorOptions defaults;
  Gen gen = { 0 };
  Plants plants;
  Out out = { 0 };
  g_autofree guint *by_exporter = NULL, *by_importer = NULL, *first_x = NULL, *first_m = NULL;

  g_return_val_if_fail (file_name != NULL, NULL);

  if (options == NULL)
    {
      ot_trade_generator_options_init (&defaults);
      options = &defaults;
    }
  gen.o = options;
  gen.rng.state = options->seed ^ G_GUINT64_CONSTANT (0x7472616465);   /* "trade" */
  gen.n_countries = pick_countries (&gen, MAX (options->n_countries, MIN_COUNTRIES));
  for (guint i = 0; i < gen.n_countries; i++)
    {
      gen.places[i] = ot_trade_place_from_country (gen.alpha2[i]);
      gen.reports[i] = i < MAX (options->n_reporters, MIN_COUNTRIES);
    }
  gen.first_month = ot_trade_month (CLAMP (options->first_year, 1901, 2100), 1);
  gen.n_months = 12 * CLAMP (options->n_years, 1, 50);
  gen.lines = g_array_new (FALSE, TRUE, sizeof (Line));
  gen.links = g_array_new (FALSE, TRUE, sizeof (Link));
  add_lines (&gen);
  add_links (&gen);
  plan_plants (&gen, &plants);
  by_exporter = sort_links (&gen, TRUE, &first_x);
  by_importer = sort_links (&gen, FALSE, &first_m);

  out.table = ot_trade_table_new ();
  out.file = ot_trade_table_add_file (out.table, file_name);
  out.line = 2;
  for (guint m = 0; m < gen.n_months; m++)
    {
      month_flows (&gen, m);
      apply_plants (&gen, &plants, m);
      for (guint r = 0; r < gen.n_countries; r++)
        if (gen.reports[r])
          emit_reporter (&gen, &out, m, r, by_exporter, by_importer, first_x, first_m);
    }

  for (guint l = 0; l < gen.lines->len; l++)
    g_free (g_array_index (gen.lines, Line, l).log_price);
  g_array_unref (gen.lines);
  g_array_unref (gen.links);
  return out.table;
}

/* ---- The Comtrade file ------------------------------------------------------------ */

static const char header[] =
  "datasetCode\ttypeCode\tfreqCode\trefPeriodId\trefYear\trefMonth\tperiod\treporterCode\t"
  "flowCode\tpartnerCode\tpartner2Code\tclassificationSearchCode\tclassificationCode\t"
  "isOriginalClassification\tcmdCode\tcustomsCode\tmosCode\tmotCode\tqtyUnitCode\tqty\t"
  "isQtyEstimated\taltQtyUnitCode\taltQty\tisAltQtyEstimated\tnetWgt\tisNetWgtEstimated\t"
  "grossWgt\tisGrossWgtEstimated\tcifValue\tfobValue\tprimaryValue\tlegacyEstimationFlag\t"
  "isReported\tisAggregate\n";

static int
m49_code (OtTradePlace place)
{
  const char *alpha2;

  if (ot_trade_place_kind (place) == OT_TRADE_PLACE_WORLD)
    return 0;
  alpha2 = ot_trade_place_country (place);
  if (alpha2 == NULL)
    return -1;
  for (guint i = 0; i < G_N_ELEMENTS (m49_quirks); i++)
    if (strcmp (m49_quirks[i].alpha2, alpha2) == 0)
      return m49_quirks[i].code;
  return ot_country_numeric (alpha2);
}

/* A whole number of kg or US$, as Comtrade prints them; empty when
 * unknown. */
static void
append_amount (GString *buf,
               double   x)
{
  char digits[32];
  int n = 0;
  guint64 v;

  if (!isfinite (x) || x < 0)
    return;
  v = (guint64) llround (x);
  do
    digits[n++] = '0' + v % 10;
  while ((v /= 10) > 0);
  while (n > 0)
    g_string_append_c (buf, digits[--n]);
}

static gboolean
write_comtrade (OtTradeTable   *table,
                guint           year_only,
                GOutputStream  *out,
                GCancellable   *cancellable,
                GError        **error)
{
  g_autoptr(GString) buf = g_string_sized_new (FLUSH_SIZE + 4096);
  const guint16 *months = ot_trade_table_get_months (table);
  guint n = ot_trade_table_get_n_rows (table);

  g_string_append (buf, header);
  for (guint i = 0; i < n; i++)
    {
      OtTradeRow row;
      guint year, month;
      gboolean import;

      if (year_only && (guint) OT_TRADE_MONTH_YEAR (months[i]) != year_only)
        continue;
      ot_trade_table_get_row (table, i, &row);
      year = OT_TRADE_MONTH_YEAR (row.month);
      month = OT_TRADE_MONTH_MONTH (row.month);
      import = row.flow == OT_TRADE_IMPORT || row.flow == OT_TRADE_REIMPORT;
      g_string_append_printf (buf, "\tC\tM\t%04u%02u01\t%u\t%u\t%04u%02u\t%d\t%s\t%d\t0\tHS\tH6\ttrue\t%s\tC00\t0\t0\t8\t",
                              year, month, year, month, year, month, m49_code (row.reporter),
                              row.flow == OT_TRADE_IMPORT ? "M" : row.flow == OT_TRADE_EXPORT ? "X"
                              : row.flow == OT_TRADE_REIMPORT ? "RM" : "RX",
                              m49_code (row.partner), ot_trade_product_nth (row.product)->code);
      append_amount (buf, row.kg);
      g_string_append (buf, "\tfalse\t-1\t\tfalse\t");
      append_amount (buf, row.kg);
      g_string_append (buf, "\tfalse\t\tfalse\t");
      if (import)
        append_amount (buf, row.value);
      g_string_append_c (buf, '\t');
      if (!import)
        append_amount (buf, row.value);
      g_string_append_c (buf, '\t');
      append_amount (buf, row.value);
      g_string_append (buf, "\t0\ttrue\tfalse\n");

      if (buf->len >= FLUSH_SIZE)
        {
          if (!g_output_stream_write_all (out, buf->str, buf->len, NULL, cancellable, error))
            return FALSE;
          g_string_truncate (buf, 0);
        }
    }
  return g_output_stream_write_all (out, buf->str, buf->len, NULL, cancellable, error);
}

gboolean
ot_trade_generator_write_comtrade (OtTradeTable   *table,
                                   GOutputStream  *out,
                                   GCancellable   *cancellable,
                                   GError        **error)
{
  g_return_val_if_fail (table != NULL, FALSE);
  g_return_val_if_fail (G_IS_OUTPUT_STREAM (out), FALSE);

  return write_comtrade (table, 0, out, cancellable, error);
}

gboolean
ot_trade_generator_write_comtrade_year (OtTradeTable   *table,
                                        guint           year,
                                        GOutputStream  *out,
                                        GCancellable   *cancellable,
                                        GError        **error)
{
  g_return_val_if_fail (table != NULL, FALSE);
  g_return_val_if_fail (G_IS_OUTPUT_STREAM (out), FALSE);
  g_return_val_if_fail (year > 0, FALSE);

  return write_comtrade (table, year, out, cancellable, error);
}
