/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "ot-generator.h"
#include "ot-generator-private.h"
#include "ot-writer.h"

#include <math.h>
#include <string.h>

#define FLUSH_SIZE (1024 * 1024)

/* Zipf-like choice among @n items: item k has weight 1 / (k + 1)^s. */
typedef struct {
  double *cumulative;
  guint   n;
} Zipf;

static void
zipf_init (Zipf  *zipf,
           guint  n,
           double s)
{
  double total = 0;

  zipf->n = n;
  zipf->cumulative = g_new (double, n);
  for (guint k = 0; k < n; k++)
    zipf->cumulative[k] = (total += 1.0 / pow (k + 1, s));
  for (guint k = 0; k < n; k++)
    zipf->cumulative[k] /= total;
}

static guint
zipf_pick (const Zipf *zipf,
           Rng        *rng)
{
  double u = rng_double (rng);
  guint lo = 0, hi = zipf->n - 1;

  while (lo < hi)
    {
      guint mid = (lo + hi) / 2;
      if (zipf->cumulative[mid] < u)
        lo = mid + 1;
      else
        hi = mid;
    }
  return lo;
}

/* Hubs by how much they carry, most first. */
static const struct { const char *country; const char *port; } hubs[] = {
  { "TH", "Laem Chabang" }, { "MX", "Manzanillo" }, { "HK", "Hong Kong" },
  { "VN", "Hai Phong" }, { "MY", "Port Klang" }, { "SG", "Singapore" },
  { "KR", "Busan" }, { "AE", "Jebel Ali" }, { "TH", "Bangkok" },
  { "MX", "Lazaro Cardenas" }, { "NL", "Rotterdam" }, { "BE", "Antwerp" },
  { "TW", "Kaohsiung" }, { "MY", "Tanjung Pelepas" }, { "VN", "Ho Chi Minh City" },
  { "TR", NULL }, { "KZ", NULL }, { "IN", "Nhava Sheva" }, { "MX", "Veracruz" },
  { "TH", "Map Ta Phut" }, { "AE", NULL }, { "RU", NULL }, { "LA", NULL },
  { "KH", "Sihanoukville" }, { "PH", "Manila" }, { "ID", "Tanjung Priok" },
};

static const char * const destinations[] = {
  "US", "JP", "KR", "DE", "NL", "IN", "TW", "FR", "GB", "IT", "CA", "BE", "PL",
  "SE", "IL", "TR", "AE", "RU", "BR", "AU", "ES", "CZ", "FI", "AT", "CH", "VN",
  "MY", "TH", "SG", "MX",
};

static const char * const origins[] = { "CN", "CN", "CN", "CN", "CN", "CN", "CN",
                                        "VN", "MM", "LA", "KZ", "RU", "CD", "BO" };

/* Strategic minerals far more often than single rare earths. */
static const char * const minerals[] = {
  "antimony", "gallium", "germanium", "graphite", "tungsten", "rare earths (mixed)",
  "dysprosium", "terbium", "bismuth", "indium", "molybdenum", "tellurium",
  "neodymium", "samarium", "yttrium", "lutetium", "scandium", "gadolinium",
};

static const char * const declared[] = {
  "solder paste", "zinc ingots", "iron ore", "ceramic raw materials", "nickel powder",
  "tile adhesive", "motor parts", "lead-antimony alloy", "cosmetic raw materials",
  "refractory material",
};

static const char * const concealments[] = {
  "false declaration", "transshipment", "false origin", "front company",
  "hidden in bulk cargo", "split shipments", "express post", "hidden in plastic mannequins",
  "hidden in bottled water", "falsified documents",
};

static const guint8 status_weights[OT_N_STATUS] = { 30, 30, 12, 6, 12, 4, 3, 1, 2 };

typedef struct {
  Rng      rng;
  guint64  seed;
  Zipf     hub_zipf;
  Zipf     dest_zipf;
  Zipf     mineral_zipf;
  Zipf     company_zipf;
  guint    n_companies;
  char   **exporters;
  char   **consignees;
  OtHop    via[3];
  char     id[48];
  char     source[64];
} Generator;

static void
generator_init (Generator *gen,
                guint64    seed,
                guint      count)
{
  memset (gen, 0, sizeof *gen);
  gen->seed = seed;
  gen->rng.state = seed;
  zipf_init (&gen->hub_zipf, G_N_ELEMENTS (hubs), 1.3);
  zipf_init (&gen->dest_zipf, G_N_ELEMENTS (destinations), 1.1);
  zipf_init (&gen->mineral_zipf, G_N_ELEMENTS (minerals), 0.9);

  /* Companies grow with the set, slower than it: a few recur a lot. */
  gen->n_companies = MAX (8, (guint) (4 * sqrt (count)));
  zipf_init (&gen->company_zipf, gen->n_companies, 1.05);
  gen->exporters = g_new (char *, gen->n_companies);
  gen->consignees = g_new (char *, gen->n_companies);
  for (guint i = 0; i < gen->n_companies; i++)
    {
      gen->exporters[i] = g_strdup_printf ("Exporter %04u Trading (synthetic)", i + 1);
      gen->consignees[i] = g_strdup_printf ("Buyer %04u Industries (synthetic)", i + 1);
    }
  g_snprintf (gen->source, sizeof gen->source, "synthetic set, seed %" G_GUINT64_FORMAT, seed);
}

static void
generator_clear (Generator *gen)
{
  for (guint i = 0; i < gen->n_companies; i++)
    {
      g_free (gen->exporters[i]);
      g_free (gen->consignees[i]);
    }
  g_free (gen->exporters);
  g_free (gen->consignees);
  g_free (gen->hub_zipf.cumulative);
  g_free (gen->dest_zipf.cumulative);
  g_free (gen->mineral_zipf.cumulative);
  g_free (gen->company_zipf.cumulative);
}

static guint
pick_status (Rng *rng)
{
  guint total = 0, u;

  for (guint i = 0; i < OT_N_STATUS; i++)
    total += status_weights[i];
  u = rng_below (rng, total);
  for (guint i = 0; i < OT_N_STATUS; i++)
    {
      if (u < status_weights[i])
        return i;
      u -= status_weights[i];
    }
  return OT_STATUS_ALLEGED;
}

static void
set_country (OtCountry  *country,
             const char *code)
{
  memcpy (country->code, code, 3);
}

/* The @index-th incident; strings point into @gen or static tables. */
static void
generate (Generator  *gen,
          guint       index,
          OtIncident *inc)
{
  Rng *rng = &gen->rng;
  double u;
  guint n_via;

  memset (inc, 0, sizeof *inc);
  g_snprintf (gen->id, sizeof gen->id, "SYN-%" G_GUINT64_FORMAT "-%07u", gen->seed, index + 1);
  inc->id = gen->id;

  inc->date.year = 2023 + rng_below (rng, 3);
  inc->date.month = 1 + rng_below (rng, 12);
  inc->date.day = 1 + rng_below (rng, 28);
  u = rng_double (rng);
  inc->date.precision = u < 0.75 ? OT_DATE_DAY : u < 0.93 ? OT_DATE_MONTH : OT_DATE_YEAR;
  if (inc->date.precision != OT_DATE_DAY)
    inc->date.day = 0;
  if (inc->date.precision == OT_DATE_YEAR)
    inc->date.month = 0;

  ot_mineral_parse (minerals[zipf_pick (&gen->mineral_zipf, rng)], &inc->mineral);
  inc->form = 1 + rng_below (rng, OT_FORM_SCRAP);   /* ore .. compound */

  /* Log-normal around ~20 kg, with a long tail: grams to kilotonnes. */
  if (rng_double (rng) < 0.85)
    inc->quantity_kg = CLAMP (round (exp (3.0 + 2.6 * rng_normal (rng)) * 1000) / 1000,
                              0.001, 5e6);
  else
    inc->quantity_kg = NAN;
  if (rng_double (rng) < 0.3 && !isnan (inc->quantity_kg))
    {
      inc->value = round (inc->quantity_kg * (20 + rng_below (rng, 400)));
      inc->currency = rng_double (rng) < 0.8 ? "USD" : "CNY";
    }
  else
    inc->value = NAN;

  if (rng_double (rng) < 0.35)
    inc->declared_as = declared[rng_below (rng, G_N_ELEMENTS (declared))];
  inc->concealment = concealments[rng_below (rng, G_N_ELEMENTS (concealments))];

  set_country (&inc->origin, origins[rng_below (rng, G_N_ELEMENTS (origins))]);
  if (rng_double (rng) < 0.6)
    inc->exporter = gen->exporters[zipf_pick (&gen->company_zipf, rng)];

  u = rng_double (rng);
  n_via = u < 0.25 ? 0 : u < 0.85 ? 1 : u < 0.97 ? 2 : 3;
  for (guint i = 0; i < n_via; i++)
    {
      guint h = zipf_pick (&gen->hub_zipf, rng);
      set_country (&gen->via[i].country, hubs[h].country);
      gen->via[i].port = hubs[h].port;
    }
  inc->via = gen->via;
  inc->n_via = n_via;

  if (rng_double (rng) < 0.8)
    set_country (&inc->destination, destinations[zipf_pick (&gen->dest_zipf, rng)]);
  if (rng_double (rng) < 0.5)
    inc->consignee = gen->consignees[zipf_pick (&gen->company_zipf, rng)];

  inc->status = pick_status (rng);
  inc->confidence = rng_below (rng, OT_N_CONFIDENCE);
  if (ot_status_is_confirmed (inc->status))
    set_country (&inc->event_country, n_via > 0 && rng_double (rng) < 0.5
                                      ? inc->via[0].country.code : inc->origin.code);
  inc->illustrative = TRUE;
  inc->source = gen->source;
}

gboolean
ot_generator_write (guint64         seed,
                    guint           count,
                    OtFormat        format,
                    GOutputStream  *out,
                    GCancellable   *cancellable,
                    GError        **error)
{
  g_autoptr(GString) buf = g_string_sized_new (FLUSH_SIZE + 4096);
  Generator gen;
  gboolean ok = TRUE;

  g_return_val_if_fail (G_IS_OUTPUT_STREAM (out), FALSE);

  generator_init (&gen, seed, count);

  if (format == OT_FORMAT_JSON)
    g_string_append (buf, "{\"incidents\": [");
  else if (format != OT_FORMAT_JSONL)
    ot_writer_csv_header (buf, NULL);

  for (guint i = 0; i < count && ok; i++)
    {
      OtIncident inc;

      generate (&gen, i, &inc);
      if (format == OT_FORMAT_JSON)
        {
          g_string_append (buf, i ? ",\n  " : "\n  ");
          ot_writer_json_record (buf, &inc, FALSE);
        }
      else if (format == OT_FORMAT_JSONL)
        {
          ot_writer_json_record (buf, &inc, FALSE);
          g_string_append_c (buf, '\n');
        }
      else
        ot_writer_csv_record (buf, &inc, NULL);

      if (buf->len >= FLUSH_SIZE)
        {
          ok = g_output_stream_write_all (out, buf->str, buf->len, NULL, cancellable, error);
          g_string_truncate (buf, 0);
        }
    }

  if (ok && format == OT_FORMAT_JSON)
    g_string_append (buf, "\n]}\n");
  if (ok && buf->len > 0)
    ok = g_output_stream_write_all (out, buf->str, buf->len, NULL, cancellable, error);

  generator_clear (&gen);
  return ok;
}

GBytes *
ot_generator_to_bytes (guint64  seed,
                       guint    count,
                       OtFormat format)
{
  g_autoptr(GOutputStream) out = g_memory_output_stream_new_resizable ();

  if (!ot_generator_write (seed, count, format, out, NULL, NULL) ||
      !g_output_stream_close (out, NULL, NULL))
    g_return_val_if_reached (NULL);

  return g_memory_output_stream_steal_as_bytes (G_MEMORY_OUTPUT_STREAM (out));
}
