/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Trade tables built in code for the tests and tools of the trade layer
 * (issue 18): single rows as a reader would append them, and generated
 * tables of any size (seeded; GENERATED, not real statistics: the file
 * name says so).  For the tests that save and read statistics
 * (test-case-trade.c: a case file; test-store.c: a team store): files
 * with every kind of figure, and two tables compared row for row. */
#pragma once

#include <gio/gio.h>
#include <math.h>
#include <string.h>

#include "ot-generator.h"
#include "ot-mineral.h"
#include "ot-trade.h"

/* Appends one row: @reporter and @partner alpha-2 codes, or "W0" for
 * World, "X_" for confidential areas; an HS code; NAN for a missing
 * quantity or value. */
static inline void
ot_test_trade_append (OtTradeTable *table,
                      guint16       file,
                      const char   *reporter,
                      const char   *partner,
                      OtTradeFlow   flow,
                      const char   *hs,
                      guint         year,
                      guint         month,
                      guint         span,
                      double        kg,
                      double        value)
{
  OtTradeRow row = { 0 };
  guint product = 0;

  g_assert_true (ot_trade_product_match (OT_TRADE_HS, hs, &product));
  row.reporter = g_str_equal (reporter, "W0") ? OT_TRADE_PLACE_WORLD_ID
                 : g_str_equal (reporter, "X_") ? OT_TRADE_PLACE_CONFIDENTIAL_ID
                 : ot_trade_place_from_country (reporter);
  row.partner = g_str_equal (partner, "W0") ? OT_TRADE_PLACE_WORLD_ID
                : g_str_equal (partner, "X_") ? OT_TRADE_PLACE_CONFIDENTIAL_ID
                : ot_trade_place_from_country (partner);
  row.flow = flow;
  row.flags = (isnan (kg) ? OT_TRADE_KG_MISSING : 0) | (isnan (value) ? OT_TRADE_VALUE_MISSING : 0) |
              (span == 12 ? OT_TRADE_ANNUAL : span > 1 ? OT_TRADE_CUMULATIVE : 0);
  row.currency = OT_TRADE_USD;
  row.span = span;
  row.product = product;
  row.month = ot_trade_month (year, month);
  row.kg = kg;
  row.value = value;
  row.file = file;
  row.line = ot_trade_table_get_n_rows (table) + 2;
  ot_trade_table_append (table, &row);
}

/* Countries of the generated tables, the biggest traders first. */
static const char * const ot_test_trade_countries[] = {
  "CN", "US", "DE", "JP", "KR", "NL", "BE", "TH", "MX", "VN", "MY", "IN", "RU", "BR", "ZA",
  "AU", "CA", "FR", "GB", "ID", "SG", "TR", "CL", "PE", "BO", "AE", "IT", "ES", "PL", "AT",
  "SE", "CZ", "PH", "PK", "KZ", "MN", "LA", "MM", "KH", "BD", "LK", "EG", "MA", "NG", "KE",
  "TZ", "CD", "RW", "ZM", "ZW", "AR", "CO", "EC", "UY", "PY", "VE", "CU", "DO", "GT", "HN",
  "PA", "CR", "NZ", "PG", "FJ", "NO", "FI", "DK", "IE", "PT", "GR", "HU", "RO", "BG", "RS",
  "HR", "SI", "SK", "UA", "BY", "GE", "AM", "AZ", "UZ", "TM", "KG", "TJ", "AF", "IR", "IQ",
  "SA", "QA", "KW", "OM", "JO", "IL", "LB", "TN", "DZ", "LY", "SD", "ET", "GH", "CI", "SN",
};

static const char * const ot_test_trade_products[] = {
  "282580", "811010", "261710", "811292", "282560", "250410", "380110", "810194",
  "284180", "261100", "280530", "284690", "850511", "811090", "810110", "250490",
};

/* A generated table of about @n_rows monthly rows, 2023-01 to 2025-06:
 * for every product, month and ordered pair of the first @n_countries
 * countries that trade it, the importer's and the exporter's reports
 * (mirror figures a little apart, as real ones are), some quantities
 * missing, a few World and confidential rows.  Deterministic in @seed. */
static inline OtTradeTable *
ot_test_trade_generate (guint n_rows,
                        guint n_countries,
                        guint seed)
{
  OtTradeTable *table = ot_trade_table_new ();
  GRand *rand = g_rand_new_with_seed (seed);
  guint16 file = ot_trade_table_add_file (table, "generated-trade-statistics.csv");
  guint n_products = G_N_ELEMENTS (ot_test_trade_products);
  guint n_months = 30, pairs_per_product;
  guint product_index[G_N_ELEMENTS (ot_test_trade_products)];

  n_countries = MIN (n_countries, G_N_ELEMENTS (ot_test_trade_countries));
  for (guint p = 0; p < n_products; p++)
    g_assert_true (ot_trade_product_match (OT_TRADE_HS, ot_test_trade_products[p], &product_index[p]));
  /* Two rows (both sides) per pair, product and month. */
  pairs_per_product = MIN (MAX (1, n_rows / (2 * n_months * n_products)), n_countries * (n_countries - 1));
  for (guint p = 0; p < n_products; p++)
    {
      g_autofree guint8 *taken = g_new0 (guint8, n_countries * n_countries);

    for (guint k = 0; k < pairs_per_product; k++)
      {
        /* Big traders trade more: pairs drawn with a bias to the top,
         * each pair once per product. */
        guint e = (guint) (n_countries * pow (g_rand_double (rand), 2.2));
        guint i = (guint) (n_countries * pow (g_rand_double (rand), 1.6));
        double base = 4e5 * pow (0.5, p / 3.0) / (1 + e) / (1 + 0.3 * i);
        OtTradePlace exporter, importer;

        while (e == i || taken[e * n_countries + i])
          {
            i = (i + 1) % n_countries;
            if (i == 0)
              e = (e + 1) % n_countries;
          }
        taken[e * n_countries + i] = 1;
        exporter = ot_trade_place_from_country (ot_test_trade_countries[e]);
        importer = ot_trade_place_from_country (ot_test_trade_countries[i]);
        for (guint m = 0; m < n_months; m++)
          {
            double kg = base * (0.6 + 0.8 * g_rand_double (rand));
            double price = 8 + 4 * g_rand_double (rand);
            OtTradeRow row = { 0 };

            row.product = product_index[p];
            row.month = ot_trade_month (2023 + m / 12, 1 + m % 12);
            row.span = 1;
            row.currency = OT_TRADE_USD;
            row.file = file;
            /* The importer's report: partner = origin, CIF. */
            row.reporter = importer;
            row.partner = exporter;
            row.flow = OT_TRADE_IMPORT;
            row.kg = g_rand_int_range (rand, 0, 20) == 0 ? NAN : kg * (0.95 + 0.1 * g_rand_double (rand));
            row.value = kg * price * 1.06;
            row.flags = isnan (row.kg) ? OT_TRADE_KG_MISSING : 0;
            row.line = ot_trade_table_get_n_rows (table) + 2;
            ot_trade_table_append (table, &row);
            /* The exporter's: partner = last known destination, FOB; now
             * and then a confidential partner instead. */
            row.reporter = exporter;
            row.partner = g_rand_int_range (rand, 0, 50) == 0 ? OT_TRADE_PLACE_CONFIDENTIAL_ID : importer;
            row.flow = OT_TRADE_EXPORT;
            row.kg = kg;
            row.value = kg * price;
            row.flags = 0;
            row.line = ot_trade_table_get_n_rows (table) + 2;
            ot_trade_table_append (table, &row);
          }
      }
    }
  g_rand_free (rand);
  return table;
}

/* Writes into @dir a generated Comtrade file with rerouting planted
 * ("generated-trade.tsv", seed 11, antimony, 24 countries) and Comext
 * rows with Eurostat's flag c (suppressed), ":" (missing) and a
 * reported 0 ("comext-sdmx.csv"); their paths into @comtrade and
 * @comext. */
static inline void
ot_test_write_trade_files (const char  *dir,
                           char       **comtrade,
                           char       **comext)
{
  OtTradeGeneratorOptions o;
  g_autoptr(OtTradeTable) generated = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GFile) file = NULL;
  g_autoptr(GFileOutputStream) stream = NULL;

  *comtrade = g_build_filename (dir, "generated-trade.tsv", NULL);
  *comext = g_build_filename (dir, "comext-sdmx.csv", NULL);
  ot_trade_generator_options_init (&o);
  o.seed = 11;
  o.n_countries = 24;
  o.n_reporters = 20;
  o.partners = 5;
  o.plants = OT_TRADE_PLANT_REROUTING;
  g_assert_true (ot_mineral_parse ("antimony", &o.mineral));
  generated = ot_trade_generator_new (&o, "generated-trade.tsv");
  file = g_file_new_for_path (*comtrade);
  stream = g_file_replace (file, NULL, FALSE, G_FILE_CREATE_NONE, NULL, &error);
  g_assert_no_error (error);
  g_assert_true (ot_trade_generator_write_comtrade (generated, G_OUTPUT_STREAM (stream), NULL, &error));
  g_assert_true (g_output_stream_close (G_OUTPUT_STREAM (stream), NULL, &error));

  g_assert_true (g_file_set_contents (*comext,
    "DATAFLOW,LAST UPDATE,freq,reporter,partner,product,flow,indicators,TIME_PERIOD,OBS_VALUE,OBS_FLAG\n"
    "ESTAT:DS-045409(1.0),x,M,DE,CN,28256000,1,VALUE_IN_EUROS,2025-01,,c\n"
    "ESTAT:DS-045409(1.0),x,M,DE,CN,28256000,1,QUANTITY_IN_100KG,2025-01,,c\n"
    "ESTAT:DS-045409(1.0),x,M,DE,US,28256000,1,VALUE_IN_EUROS,2025-01,:,\n"
    "ESTAT:DS-045409(1.0),x,M,DE,US,28256000,1,QUANTITY_IN_100KG,2025-01,0,\n"
    "ESTAT:DS-045409(1.0),x,M,NL,CN,81101000,2,VALUE_IN_EUROS,2024,1200,\n"
    "ESTAT:DS-045409(1.0),x,M,NL,CN,81101000,2,QUANTITY_IN_100KG,2024,3,\n", -1, &error));
  g_assert_no_error (error);
}

static inline gboolean
ot_test_same_double (double a,
                     double b)
{
  return memcmp (&a, &b, sizeof a) == 0 || (isnan (a) && isnan (b));
}

/* Row for row, every field (kg and value to the bit); files by name. */
static inline void
ot_test_assert_same_trade (OtTradeTable *a,
                           OtTradeTable *b)
{
  const char * const *fa = ot_trade_table_get_files (a);
  const char * const *fb = ot_trade_table_get_files (b);

  g_assert_cmpuint (ot_trade_table_get_n_rows (a), ==, ot_trade_table_get_n_rows (b));
  for (guint i = 0; i < ot_trade_table_get_n_rows (a); i++)
    {
      OtTradeRow x, y;

      ot_trade_table_get_row (a, i, &x);
      ot_trade_table_get_row (b, i, &y);
      g_assert_cmpuint (x.reporter, ==, y.reporter);
      g_assert_cmpuint (x.partner, ==, y.partner);
      g_assert_cmpuint (x.flow, ==, y.flow);
      g_assert_cmpuint (x.flags, ==, y.flags);
      g_assert_cmpuint (x.currency, ==, y.currency);
      g_assert_cmpuint (x.span, ==, y.span);
      g_assert_cmpuint (x.product, ==, y.product);
      g_assert_cmpuint (x.month, ==, y.month);
      g_assert_true (ot_test_same_double (x.kg, y.kg));
      g_assert_true (ot_test_same_double (x.value, y.value));
      g_assert_cmpstr (fa[x.file], ==, fb[y.file]);
      g_assert_cmpuint (x.line, ==, y.line);
    }
}

/* Asserts that @table holds what a round trip must keep apart: a
 * reported 0 kg, a missing figure and a suppressed one. */
static inline void
ot_test_assert_every_kind (OtTradeTable *table)
{
  guint n_zero = 0, n_missing = 0, n_suppressed = 0;

  for (guint i = 0; i < ot_trade_table_get_n_rows (table); i++)
    {
      OtTradeRow row;

      ot_trade_table_get_row (table, i, &row);
      n_zero += row.kg == 0;
      n_missing += (row.flags & (OT_TRADE_KG_MISSING | OT_TRADE_VALUE_MISSING)) != 0;
      n_suppressed += (row.flags & (OT_TRADE_KG_SUPPRESSED | OT_TRADE_VALUE_SUPPRESSED)) != 0;
    }
  g_test_message ("%u rows: %u of 0 kg, %u with a figure missing, %u suppressed", ot_trade_table_get_n_rows (table),
                  n_zero, n_missing, n_suppressed);
  g_assert_cmpuint (n_zero, >, 0);
  g_assert_cmpuint (n_missing, >, 0);
  g_assert_cmpuint (n_suppressed, >, 0);
}
