/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Trade statistics read from the files users download (issue 18,
 * docs/trade-statistics.md): the same flows in the shapes of UN Comtrade
 * (API CSV, bulk tab-separated, legacy), the US Census API and Eurostat
 * Comext (bulk v2, SDMX) give the same rows; bad rows are FILE:LINE
 * problems and the rest loads; missing, suppressed and zero stay apart;
 * the bundled published figures; the code tables in data/. */
#include <glib/gstdio.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "ot-loader.h"
#include "ot-test-load.h"
#include "ot-trade-places.h"
#include "ot-trade-read.h"
#include "ot-trade-reader-private.h"

static OtDataset *
load_paths (const char * const *names)
{
  g_autoptr(GPtrArray) files = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(GError) error = NULL;
  OtDataset *ds;

  for (guint i = 0; names[i] != NULL; i++)
    {
      g_autofree char *path = g_test_build_filename (G_TEST_DIST, "data", "trade", names[i], NULL);

      g_ptr_array_add (files, g_file_new_for_path (path));
    }
  ds = ot_loader_load_files ((GFile **) files->pdata, files->len, NULL, NULL, NULL, &error);
  g_assert_no_error (error);
  return ds;
}

static OtDataset *
load_path (const char *name)
{
  const char *names[] = { name, NULL };

  return load_paths (names);
}

/* The problem on @line (0: the file) containing @needle; the test's log
 * lists them all when there is none. */
#define assert_problem(ds, line, severity, needle) \
  g_assert_nonnull (ot_test_find_problem ((ds), (line), (severity), (needle)))

static const char *const flow_names[] = { "M", "X", "RM", "RX" };

/* A row as text: reporter partner flow product month kg, and the flags
 * that say what the kg is (annual, missing, suppressed, estimated). */
static char *
row_text (const OtTradeRow *row)
{
  const OtTradeProduct *product = ot_trade_product_nth (row->product);

  return g_strdup_printf ("%s %s %s %s:%s %04u-%02u%s %.0f%s%s%s", ot_trade_place_key (row->reporter),
                          ot_trade_place_key (row->partner), flow_names[row->flow],
                          product->nomenclature == OT_TRADE_HS ? "hs" : "national", product->code,
                          OT_TRADE_MONTH_YEAR (row->month), OT_TRADE_MONTH_MONTH (row->month),
                          row->flags & OT_TRADE_ANNUAL ? " year" : "", row->kg,
                          row->flags & OT_TRADE_KG_MISSING ? " kg-missing" : "",
                          row->flags & OT_TRADE_KG_SUPPRESSED ? " kg-suppressed" : "",
                          row->flags & OT_TRADE_ESTIMATED ? " estimated" : "");
}

static int
compare_text (gconstpointer a,
              gconstpointer b)
{
  return strcmp (*(const char **) a, *(const char **) b);
}

/* The rows of @ds (those reported by @reporter, or all), sorted, one
 * line each. */
static char *
rows_of (OtDataset  *ds,
         const char *reporter)
{
  OtTradeTable *table = ot_dataset_get_trade (ds);
  g_autoptr(GPtrArray) lines = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GString) out = g_string_new (NULL);

  g_assert_nonnull (table);
  for (guint i = 0; i < ot_trade_table_get_n_rows (table); i++)
    {
      OtTradeRow row;

      ot_trade_table_get_row (table, i, &row);
      if (reporter == NULL || g_strcmp0 (ot_trade_place_key (row.reporter), reporter) == 0)
        g_ptr_array_add (lines, row_text (&row));
    }
  g_ptr_array_sort (lines, compare_text);
  for (guint i = 0; i < lines->len; i++)
    g_string_append_printf (out, "%s\n", (char *) lines->pdata[i]);
  return g_string_free (g_steal_pointer (&out), FALSE);
}

/* ---- The same flows from every publisher ---------------------------------------------- */

/* What make-trade-tests.py wrote, as the table must hold it. */
static const char expected_us[] =
  "US CA RX hs:282580 2025-01 3000\n"
  "US CA X hs:282580 2025-01 21000\n"
  "US CN M hs:282580 2024-12 0\n"
  "US CN M hs:282580 2025-01 0\n"
  "US MX M hs:282580 2024-12 350000\n"
  "US MX M hs:282580 2025-01 410000\n"
  "US TH M hs:282580 2024-12 400000\n"
  "US TH M hs:282580 2025-01 520000\n"
  "US world M hs:282580 2024-12 900000\n"
  "US world M hs:282580 2025-01 1050000\n";
static const char expected_be[] =
  "BE CN M hs:282560 2024-01 year 150000\n"
  "BE CN M hs:282560 2025-01 12000\n"
  "BE US X hs:282560 2025-01 3400\n";

static void
test_same_flows (void)
{
  static const char *const comtrade[] = { "comtrade-api.csv", "comtrade-bulk.txt", "comtrade-legacy.csv" };
  const char *census[] = { "census-imports.json", "census-exports.json", NULL };
  static const char *const comext[] = { "comext-v2.dat", "comext-sdmx.csv" };

  for (guint i = 0; i < G_N_ELEMENTS (comtrade); i++)
    {
      g_autoptr(OtDataset) ds = load_path (comtrade[i]);
      g_autofree char *us = rows_of (ds, "US");
      g_autofree char *be = rows_of (ds, "BE");

      g_test_message ("%s", comtrade[i]);
      g_assert_cmpuint (ot_dataset_count_problems (ds, OT_SEVERITY_ERROR), ==, 0);
      g_assert_cmpuint (ot_trade_table_get_n_rows (ot_dataset_get_trade (ds)), ==, 13);
      g_assert_cmpstr (us, ==, expected_us);
      g_assert_cmpstr (be, ==, expected_be);
    }
  {
    g_autoptr(OtDataset) ds = load_paths (census);
    g_autofree char *all = rows_of (ds, NULL);

    g_assert_cmpuint (ot_dataset_count_problems (ds, OT_SEVERITY_ERROR), ==, 0);
    g_assert_cmpstr (all, ==, expected_us);
  }
  for (guint i = 0; i < G_N_ELEMENTS (comext); i++)
    {
      g_autoptr(OtDataset) ds = load_path (comext[i]);
      g_autofree char *all = rows_of (ds, NULL);

      g_test_message ("%s", comext[i]);
      g_assert_cmpuint (ot_dataset_count_problems (ds, OT_SEVERITY_ERROR), ==, 0);
      g_assert_cmpstr (all, ==, expected_be);
    }
}

/* Values in each publisher's currency; the files' skipped rows counted. */
static void
test_values_and_skips (void)
{
  g_autoptr(OtDataset) comtrade = load_path ("comtrade-api.csv");
  g_autoptr(OtDataset) comext = load_path ("comext-sdmx.csv");
  g_autoptr(OtDataset) census = load_path ("census-imports.json");
  OtTradeRow row;

  ot_trade_table_get_row (ot_dataset_get_trade (comtrade), 0, &row);
  g_assert_cmpfloat (row.value, ==, 4400000);
  g_assert_cmpint (row.currency, ==, OT_TRADE_USD);
  g_assert_cmpuint (row.line, ==, 2);
  g_assert_cmpuint (row.span, ==, 1);
  assert_problem (comtrade, 0, OT_SEVERITY_WARNING, "2 rows skipped: their product codes (such as 2601)");
  assert_problem (comtrade, 0, OT_SEVERITY_WARNING, "1 row skipped: flow DX");
  assert_problem (comtrade, 0, OT_SEVERITY_WARNING, "1 row skipped: a breakdown by second partner");

  /* SDMX: two rows (and a skipped one) per observation, joined; the
   * quantities in 100 kg. */
  ot_trade_table_get_row (ot_dataset_get_trade (comext), 0, &row);
  g_assert_cmpfloat (row.kg, ==, 12000);
  g_assert_cmpfloat (row.value, ==, 1380000);
  g_assert_cmpint (row.currency, ==, OT_TRADE_EUR);
  g_assert_cmpuint (row.line, ==, 2);
  ot_trade_table_get_row (ot_dataset_get_trade (comext), 2, &row);
  g_assert_true (row.flags & OT_TRADE_ANNUAL);
  g_assert_cmpuint (row.span, ==, 12);
  assert_problem (comext, 0, OT_SEVERITY_WARNING, "3 rows skipped: indicators such as SUPPLEMENTARY_QUANTITY");

  assert_problem (census, 0, OT_SEVERITY_WARNING, "(2601110030)");
  assert_problem (census, 0, OT_SEVERITY_WARNING, "its country code (3010) is not in data/trade-places.csv");
}

/* ---- Bad rows: FILE:LINE, the rest loads ------------------------------------------------- */

#define API_HEADER \
  "typeCode,freqCode,refPeriodId,refYear,refMonth,period,reporterCode,reporterISO,reporterDesc," \
  "flowCode,flowDesc,partnerCode,partnerISO,partnerDesc,partner2Code,partner2ISO,partner2Desc," \
  "classificationCode,classificationSearchCode,isOriginalClassification,cmdCode,cmdDesc,aggrLevel," \
  "isLeaf,customsCode,customsDesc,mosCode,motCode,motDesc,qtyUnitCode,qtyUnitAbbr,qty," \
  "isQtyEstimated,altQtyUnitCode,altQtyUnitAbbr,altQty,isAltQtyEstimated,netWgt," \
  "isNetWgtEstimated,grossWgt,isGrossWgtEstimated,cifvalue,fobvalue,primaryValue," \
  "legacyEstimationFlag,isReported,isAggregate\n"
/* One row: period fields, partner code, flow, net weight, value. */
#define API_ROW(year, month, period, partner, flow, qty_unit, qty, net, value)                  \
  "C,M," year month "01," year "," month "," period ",842,USA,USA," flow ",," partner ",,,0,W00," \
  "World,H6,HS,true,282580,Antimony oxides,6,true,C00,,0,0,," qty_unit ",," qty ",false,-1,,,"   \
  "false," net ",false,,false,,," value ",0,true,false\n"

static void
test_bad_rows (void)
{
  const char text[] =
    API_HEADER
    API_ROW ("2025", "01", "202501", "764", "M", "8", "100", "100", "1000")          /* 2: good */
    API_ROW ("2025", "01", "202501", "764", "M", "8", "100", "12a", "1000")          /* 3: kg */
    API_ROW ("2025", "01", "202501", "764", "Q", "8", "100", "100", "1000")          /* 4: flow */
    API_ROW ("2025", "13", "202513", "764", "M", "8", "100", "100", "1000")          /* 5: month */
    API_ROW ("2025", "01", "202501", "Thai", "M", "8", "100", "100", "1000")         /* 6: code */
    API_ROW ("2025", "01", "202501", "764", "M", "8", "100", "-5", "1000")           /* 7: negative */
    "C,M,20250101,2025,01,202501,842,USA,USA,M,,764,,,0,\"W00,World\n"               /* 8: quote */
    API_ROW ("2025", "02", "202502", "484", "M", "8", "200", "200", "2000")          /* 9: good */
    "C,M,20250101,2025,01,202501,842,USA,USA,M,,764,,,0,W00,World,H6,HS,true,282580,x,6,true,C00,"
    ",0,0,,8,,1,false,-1,,,false,1,false,,false,,,1,0,true,false,extra\n"            /* 10: long */
    API_ROW ("2025", "03", "202503", "156", "M", "8", "0", "0", "0");                /* 11: good */
  g_autoptr(OtDataset) ds = ot_test_load ("bad.csv", text);
  g_autofree char *rows = rows_of (ds, NULL);

  assert_problem (ds, 3, OT_SEVERITY_ERROR, "“12a” is not a number; row skipped");
  assert_problem (ds, 4, OT_SEVERITY_ERROR, "unknown flow “Q”");
  assert_problem (ds, 5, OT_SEVERITY_ERROR, "is not a year and month");
  assert_problem (ds, 6, OT_SEVERITY_ERROR, "“Thai” is not a country code");
  assert_problem (ds, 7, OT_SEVERITY_ERROR, "negative amount “-5”");
  assert_problem (ds, 8, OT_SEVERITY_ERROR, "malformed CSV row");
  assert_problem (ds, 10, OT_SEVERITY_ERROR, "row has 48 fields but the header has 47");
  g_assert_cmpuint (ot_dataset_count_problems (ds, OT_SEVERITY_ERROR), ==, 7);
  g_assert_cmpuint (ot_dataset_get_n_rejected (ds), ==, 7);
  g_assert_cmpstr (rows, ==,
                   "US CN M hs:282580 2025-03 0\n"
                   "US MX M hs:282580 2025-02 200\n"
                   "US TH M hs:282580 2025-01 100\n");
}

static void
test_bad_census (void)
{
  const char text[] =
    "[[\"CTY_CODE\",\"I_COMMODITY\",\"GEN_VAL_MO\",\"GEN_QY1_MO\",\"UNIT_QY1\",\"time\"],\n"
    "[\"5490\",\"2825800000\",\"1000\",\"100\",\"KG\",\"2025-01\"],\n"    /* 2: good */
    "[\"5490\",\"2825800000\",\"1000\",\"100\",\"KG\",\"2025-1\"],\n"     /* 3: month */
    "[\"5490\",\"2825800000\",\"1000\",\"1\"00\",\"KG\",\"2025-01\"],\n"  /* 4: JSON */
    "[\"TH\",\"2825800000\",\"1000\",\"100\",\"KG\",\"2025-01\"],\n"      /* 5: code */
    "[\"2010\",\"2825800000\",\"\",\"2\",\"T\",\"2025-02\"],\n"           /* 6: good, t */
    "[\"5700\",\"2825800000\",\"5\",\"100\",\"KG\"],\n"                   /* 7: short */
    "[\"-\",\"2825800000\",\"9000\",\"900\",\"KG\",\"2025-03\"]]";         /* 8: good */
  g_autoptr(OtDataset) ds = ot_test_load ("bad.json", text);
  g_autofree char *rows = rows_of (ds, NULL);

  assert_problem (ds, 3, OT_SEVERITY_ERROR, "“2025-1” is not a month");
  assert_problem (ds, 4, OT_SEVERITY_ERROR, "malformed row");
  assert_problem (ds, 5, OT_SEVERITY_ERROR, "“TH” is not a Schedule C country code");
  assert_problem (ds, 7, OT_SEVERITY_ERROR, "row has 5 values but the header has 6");
  g_assert_cmpuint (ot_dataset_count_problems (ds, OT_SEVERITY_ERROR), ==, 4);
  g_assert_cmpstr (rows, ==,
                   "US MX M hs:282580 2025-02 2000\n"
                   "US TH M hs:282580 2025-01 100\n"
                   "US world M hs:282580 2025-03 900\n");
}

/* A web page where the Census JSON was expected: one clear error. */
static void
test_html (void)
{
  g_autoptr(OtDataset) ds = ot_test_load ("census.json", "<!DOCTYPE html>\n<html><body>Invalid Key</body></html>\n");

  assert_problem (ds, 0, OT_SEVERITY_ERROR, "this is a web page (HTML), not data");
  g_assert_cmpuint (ot_dataset_get_problems (ds)->len, ==, 1);
  g_assert_null (ot_dataset_get_trade (ds));
}

/* ---- Missing, suppressed, zero ------------------------------------------------------------ */

static void
test_missing_suppressed_zero (void)
{
  const char comtrade[] =
    API_HEADER
    API_ROW ("2025", "01", "202501", "764", "M", "8", "0", "0", "0")             /* zero */
    API_ROW ("2025", "01", "202501", "484", "M", "-1", "", "", "")               /* missing */
    API_ROW ("2025", "01", "202501", "899", "M", "8", "50", "50", "500")         /* areas nes */
    API_ROW ("2025", "01", "202501", "839", "M", "8", "60", "", "600")           /* qty in kg */
    API_ROW ("2025", "01", "202501", "490", "M", "5", "70", "", "700");          /* Taiwan, items */
  const char sdmx[] =
    "DATAFLOW,LAST UPDATE,freq,reporter,partner,product,flow,indicators,TIME_PERIOD,OBS_VALUE,OBS_FLAG\n"
    "ESTAT:DS-045409(1.0),x,M,DE,CN,28256000,1,VALUE_IN_EUROS,2025-01,,c\n"
    "ESTAT:DS-045409(1.0),x,M,DE,CN,28256000,1,QUANTITY_IN_100KG,2025-01,,c\n"
    "ESTAT:DS-045409(1.0),x,M,DE,US,28256000,1,VALUE_IN_EUROS,2025-01,:,\n"
    "ESTAT:DS-045409(1.0),x,M,DE,US,28256000,1,QUANTITY_IN_100KG,2025-01,0,\n";
  g_autoptr(OtDataset) a = ot_test_load ("values.csv", comtrade);
  g_autoptr(OtDataset) b = ot_test_load ("values-sdmx.csv", sdmx);
  OtTradeTable *table = ot_dataset_get_trade (a);
  OtTradeRow row;

  g_assert_cmpuint (ot_trade_table_get_n_rows (table), ==, 5);
  ot_trade_table_get_row (table, 0, &row);
  g_assert_cmpfloat (row.kg, ==, 0);
  g_assert_cmpfloat (row.value, ==, 0);
  g_assert_cmpuint (row.flags, ==, 0);
  ot_trade_table_get_row (table, 1, &row);
  g_assert_true (isnan (row.kg) && isnan (row.value));
  g_assert_cmpuint (row.flags, ==, OT_TRADE_KG_MISSING | OT_TRADE_VALUE_MISSING);
  ot_trade_table_get_row (table, 2, &row);
  g_assert_cmpint (ot_trade_place_kind (row.partner), ==, OT_TRADE_PLACE_CONFIDENTIAL);
  g_assert_cmpfloat (row.kg, ==, 50);
  ot_trade_table_get_row (table, 3, &row);
  g_assert_cmpint (ot_trade_place_kind (row.partner), ==, OT_TRADE_PLACE_CONFIDENTIAL);
  g_assert_cmpfloat (row.kg, ==, 60);   /* no net weight: the quantity, in kg */
  ot_trade_table_get_row (table, 4, &row);
  g_assert_cmpstr (ot_trade_place_key (row.partner), ==, "TW");
  g_assert_true (isnan (row.kg));       /* 70 items are no kg */
  g_assert_cmpuint (row.flags, ==, OT_TRADE_KG_MISSING);

  table = ot_dataset_get_trade (b);
  g_assert_cmpuint (ot_trade_table_get_n_rows (table), ==, 2);
  ot_trade_table_get_row (table, 0, &row);
  g_assert_true (isnan (row.kg) && isnan (row.value));
  g_assert_cmpuint (row.flags, ==, OT_TRADE_KG_SUPPRESSED | OT_TRADE_VALUE_SUPPRESSED);
  ot_trade_table_get_row (table, 1, &row);
  g_assert_cmpfloat (row.kg, ==, 0);
  g_assert_true (isnan (row.value));
  g_assert_cmpuint (row.flags, ==, OT_TRADE_VALUE_MISSING);
}

/* A Comtrade file cut down to a few columns: refMonth 52 alone says a
 * year (no freqCode, no period); the quantity in kg stands in for a
 * missing net weight; case does not matter. */
static void
test_comtrade_columns (void)
{
  g_autoptr(OtDataset) ds = ot_test_load ("few.csv",
                                          "REFYEAR,refmonth,ReporterCode,FLOWCODE,partnercode,CMDCODE,"
                                          "qtyUnitCode,qty,netWgt,primaryValue\n"
                                          "2024,52,842,M,764,282580,8,1000,,5000\n"
                                          "2024,7,842,rx,484,811010,8,10,20,300\n");
  g_autofree char *rows = rows_of (ds, NULL);

  g_assert_cmpuint (ot_dataset_count_problems (ds, OT_SEVERITY_ERROR), ==, 0);
  g_assert_cmpstr (rows, ==,
                   "US MX RX hs:811010 2024-07 20\n"
                   "US TH M hs:282580 2024-01 year 1000\n");
}

/* ---- The bundled published figures -------------------------------------------------------- */

static void
test_published_sample (void)
{
  g_autofree char *path = g_test_build_filename (G_TEST_DIST, "..", "data", "samples",
                                                 "trade-published-figures.csv", NULL);
  g_autoptr(GFile) file = g_file_new_for_path (path);
  g_autoptr(GError) error = NULL;
  g_autoptr(OtDataset) ds = ot_loader_load_files (&file, 1, NULL, NULL, NULL, &error);
  OtTradeTable *table = ot_dataset_get_trade (ds);
  GPtrArray *problems = ot_dataset_get_problems (ds);
  g_autoptr(GHashTable) lines = g_hash_table_new (g_direct_hash, g_direct_equal);
  guint n = ot_trade_table_get_n_rows (table);
  OtTradeRow row;

  g_assert_no_error (error);
  g_assert_cmpuint (ot_dataset_count_problems (ds, OT_SEVERITY_ERROR), ==, 0);
  /* Every one of the 133 rows is read, or has one warning on its line
   * saying why not. */
  for (guint i = 0; i < n; i++)
    {
      ot_trade_table_get_row (table, i, &row);
      g_assert_false (g_hash_table_contains (lines, GUINT_TO_POINTER (row.line)));
      g_hash_table_add (lines, GUINT_TO_POINTER (row.line));
    }
  for (guint i = 0; i < problems->len; i++)
    {
      const OtProblem *problem = problems->pdata[i];

      g_assert_cmpuint (problem->line, >, 1);
      g_assert_cmpstr (problem->column, ==, "product");
      g_assert_true (strstr (problem->message, "row skipped") != NULL);
      g_assert_false (g_hash_table_contains (lines, GUINT_TO_POINTER (problem->line)));
      g_hash_table_add (lines, GUINT_TO_POINTER (problem->line));
    }
  g_assert_cmpuint (g_hash_table_size (lines), ==, 133);
  for (guint line = 2; line <= 134; line++)
    g_assert_true (g_hash_table_contains (lines, GUINT_TO_POINTER (line)));
  g_assert_cmpuint (n, ==, 42);

  /* Line 2: US imports of antimony oxides from Thailand and Mexico
   * together, December 2024 to April 2025: 3,834 t. */
  ot_trade_table_get_row (table, 0, &row);
  g_assert_cmpuint (row.line, ==, 2);
  g_assert_cmpstr (ot_trade_place_key (row.reporter), ==, "US");
  g_assert_cmpstr (ot_trade_place_key (row.partner), ==, "other");
  g_assert_cmpint (row.flow, ==, OT_TRADE_IMPORT);
  g_assert_cmpstr (ot_trade_product_nth (row.product)->code, ==, "282580");
  g_assert_cmpuint (row.month, ==, ot_trade_month (2024, 12));
  g_assert_cmpuint (row.span, ==, 5);
  g_assert_true (row.flags & OT_TRADE_CUMULATIVE);
  g_assert_cmpfloat (row.kg, ==, 3834000);
  g_assert_true (row.flags & OT_TRADE_VALUE_MISSING);
  /* A line of China's list (spherical graphite), named without a code. */
  assert_problem (ds, 106, OT_SEVERITY_WARNING, "“natural graphite” may be any of the codes 250410 250490");
  assert_problem (ds, 108, OT_SEVERITY_WARNING, "“rare earth magnets” is a total over several products");
  for (guint i = 0; i < n; i++)
    {
      ot_trade_table_get_row (table, i, &row);
      if (row.line == 94)
        {
          g_assert_cmpstr (ot_trade_product_nth (row.product)->code, ==, "2504109100");
          g_assert_cmpstr (ot_trade_place_key (row.reporter), ==, "CN");
          g_assert_cmpstr (ot_trade_place_key (row.partner), ==, "world");
          g_assert_cmpuint (row.span, ==, 2);
          g_assert_cmpfloat (row.kg, ==, 2567000);
        }
    }
}

/* ---- The code tables -------------------------------------------------------------------------- */

/* Lines of a data file that are rows (not comments, not the header). */
static guint
count_rows (const char *name)
{
  g_autofree char *path = g_test_build_filename (G_TEST_DIST, "..", "data", name, NULL);
  g_autofree char *text = NULL;
  g_autoptr(OtCsvReader) reader = NULL;
  OtCsvRow row;
  guint n = 0;

  g_assert_true (g_file_get_contents (path, &text, NULL, NULL));
  reader = ot_csv_reader_new (text, strlen (text), OT_CSV_SKIP_COMMENTS);
  while (ot_csv_reader_next (reader, &row))
    {
      g_assert_null (row.error);
      n++;
    }
  return n - 1;
}

static void
test_products_table (void)
{
  g_autoptr(GHashTable) codes = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  guint n = ot_trade_product_count ();

  /* Every row of the file parsed (a bad one is left out, critically). */
  g_assert_cmpuint (n, ==, count_rows ("trade-products.csv"));
  for (guint i = 0; i < n; i++)
    {
      const OtTradeProduct *product = ot_trade_product_nth (i);
      char *key = g_strdup_printf ("%d:%s", product->nomenclature, product->code);
      guint found;

      /* Codes unique per list, of digits, each matching itself. */
      g_assert_false (g_hash_table_contains (codes, key));
      g_hash_table_add (codes, key);
      g_assert_cmpuint (strspn (product->code, "0123456789"), ==, strlen (product->code));
      g_assert_true (product->nomenclature == OT_TRADE_HS ? strlen (product->code) == 6
                                                          : strlen (product->code) > 6);
      g_assert_true (ot_trade_product_match (product->nomenclature, product->code, &found));
      g_assert_cmpuint (found, ==, i);
      g_assert_nonnull (ot_mineral_name (product->mineral));
      g_assert_true (product->form[0] != '\0' && product->source[0] != '\0');
    }
}

static void
test_places_table (void)
{
  static const struct { guint m49; const char *place; } m49[] = {
    { 0, "world" }, { 899, "confidential" }, { 839, "confidential" }, { 837, "other" },
    { 838, "other" }, { 97, "other" }, { 490, "TW" }, { 842, "US" }, { 840, "US" }, { 251, "FR" },
    { 699, "IN" }, { 757, "CH" }, { 579, "NO" }, { 156, "CN" }, { 764, "TH" }, { 484, "MX" },
    { 56, "BE" }, { 344, "HK" }, { 516, "NA" }, { 412, "XK" },
  };
  static const struct { const char *code; const char *place; } census[] = {
    { "-", "world" }, { "5700", "CN" }, { "2010", "MX" }, { "5490", "TH" }, { "5520", "VN" },
    { "5830", "TW" }, { "4231", "BE" }, { "1220", "CA" },
  };
  g_autofree char *path = g_test_build_filename (G_TEST_DIST, "..", "data", "trade-places.csv", NULL);
  g_autofree char *text = NULL;
  g_autoptr(OtCsvReader) reader = NULL;
  g_autoptr(GHashTable) seen = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  OtTradePlace place;
  OtCsvRow row;
  gboolean header = TRUE;

  for (guint i = 0; i < G_N_ELEMENTS (m49); i++)
    {
      g_assert_true (ot_trade_place_from_m49 (m49[i].m49, &place));
      g_assert_cmpstr (ot_trade_place_key (place), ==, m49[i].place);
    }
  g_assert_false (ot_trade_place_from_m49 (1, &place));
  for (guint i = 0; i < G_N_ELEMENTS (census); i++)
    {
      g_assert_true (ot_trade_place_from_census (census[i].code, &place));
      g_assert_cmpstr (ot_trade_place_key (place), ==, census[i].place);
    }
  g_assert_false (ot_trade_place_from_census ("3010", &place));
  g_assert_true (ot_trade_place_from_alpha3 ("tha", &place));
  g_assert_cmpstr (ot_trade_place_key (place), ==, "TH");
  g_assert_true (ot_trade_place_from_alpha3 ("WLD", &place));
  g_assert_cmpint (ot_trade_place_kind (place), ==, OT_TRADE_PLACE_WORLD);

  /* Every row: a known scheme, a code once, a place that exists, a source. */
  g_assert_true (g_file_get_contents (path, &text, NULL, NULL));
  reader = ot_csv_reader_new (text, strlen (text), OT_CSV_SKIP_COMMENTS);
  while (ot_csv_reader_next (reader, &row))
    {
      char *key;

      if (header)
        {
          header = FALSE;
          continue;
        }
      g_assert_cmpuint (row.n_fields, ==, 5);
      g_assert_true (strcmp (row.fields[0], "m49") == 0 || strcmp (row.fields[0], "census") == 0);
      key = g_strdup_printf ("%s:%s", row.fields[0], row.fields[1]);
      g_assert_false (g_hash_table_contains (seen, key));
      g_hash_table_add (seen, key);
      g_assert_true (strcmp (row.fields[2], "world") == 0 || strcmp (row.fields[2], "confidential") == 0 ||
                     strcmp (row.fields[2], "other") == 0 || ot_country_index (row.fields[2]) >= 0);
      g_assert_true (row.fields[4][0] != '\0');
      if (strcmp (row.fields[0], "m49") == 0)
        g_assert_true (ot_trade_place_from_m49 ((guint) atoi (row.fields[1]), &place));
      else
        g_assert_true (ot_trade_place_from_census (row.fields[1], &place));
      g_assert_cmpstr (ot_trade_place_key (place), ==,
                       ot_country_index (row.fields[2]) >= 0 ? row.fields[2] : row.fields[2]);
    }
  g_assert_cmpuint (g_hash_table_size (seen), ==, count_rows ("trade-places.csv"));
}

/* data/trade-product-names.csv: every mapping to one line finds it, the
 * others list codes of the table. */
static void
test_product_names_table (void)
{
  g_autofree char *path = g_test_build_filename (G_TEST_DIST, "..", "data", "trade-product-names.csv",
                                                 NULL);
  g_autofree char *text = NULL;
  g_autoptr(OtCsvReader) reader = NULL;
  g_autoptr(GHashTable) seen = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  gboolean header = TRUE;
  OtCsvRow row;

  g_assert_true (g_file_get_contents (path, &text, NULL, NULL));
  reader = ot_csv_reader_new (text, strlen (text), OT_CSV_SKIP_COMMENTS);
  while (ot_csv_reader_next (reader, &row))
    {
      static const char *const lists[] = { "hs", "china", "us", "eu" };
      g_auto(GStrv) codes = NULL;
      OtTradeNomenclature nomenclature = OT_TRADE_HS;
      char *key;

      if (header)
        {
          header = FALSE;
          continue;
        }
      g_assert_cmpuint (row.n_fields, ==, 6);
      key = g_strdup_printf ("%s|%s", row.fields[0], row.fields[1]);
      g_assert_false (g_hash_table_contains (seen, key));
      g_hash_table_add (seen, key);
      g_assert_true (row.fields[5][0] != '\0');
      for (guint i = 0; i < G_N_ELEMENTS (lists); i++)
        if (strcmp (row.fields[3], lists[i]) == 0)
          nomenclature = i;
      codes = g_strsplit (row.fields[4], " ", -1);
      if (strcmp (row.fields[2], "one") == 0)
        g_assert_cmpuint (g_strv_length (codes), ==, 1);
      else
        g_assert_true (strcmp (row.fields[2], "several") == 0 || strcmp (row.fields[2], "aggregate") == 0);
      for (guint i = 0; codes[i] != NULL && codes[i][0] != '\0'; i++)
        {
          guint index;

          g_assert_true (ot_trade_product_match (nomenclature, codes[i], &index));
          /* A line of its own list, or the HS6 one: not a shorter heading. */
          g_assert_cmpuint (strlen (ot_trade_product_nth (index)->code), >=, MIN (strlen (codes[i]), 6));
        }
    }
}

/* ---- Detection, gzip, merging ---------------------------------------------------------------- */

static void
test_detect (void)
{
  static const struct { const char *text; OtTradeFormat format; } cases[] = {
    { "typeCode,reporterCode,partnerCode,cmdCode,flowCode\n", OT_TRADE_FORMAT_COMTRADE },
    { "TYPECODE\tREPORTERCODE\tPARTNERCODE\tCMDCODE\tFLOWCODE\n", OT_TRADE_FORMAT_COMTRADE },
    { "\xEF\xBB\xBFReporter Code,Partner Code,Commodity Code,Trade Flow Code\n", OT_TRADE_FORMAT_COMTRADE_LEGACY },
    { "[[\"CTY_CODE\",\"E_COMMODITY\",\"ALL_VAL_MO\"],\n[\"5700\"", OT_TRADE_FORMAT_CENSUS },
    { "REPORTER,PARTNER,PRODUCT_NC,FLOW,PERIOD,VALUE_EUR\n", OT_TRADE_FORMAT_COMEXT },
    { "DECLARANT,DECLARANT_ISO,PARTNER,PARTNER_ISO,PRODUCT_NC,FLOW,PERIOD\n", OT_TRADE_FORMAT_COMEXT },
    { "DATAFLOW,freq,reporter,partner,product,flow,indicators,TIME_PERIOD,OBS_VALUE\n",
      OT_TRADE_FORMAT_COMEXT_SDMX },
    { "reporter_iso3,partner_iso3,flow,hs_code,product,period,quantity\n", OT_TRADE_FORMAT_PUBLISHED },
    { "id,date,mineral,origin\n", OT_TRADE_FORMAT_NONE },
    { "[{\"id\": \"A\"}]", OT_TRADE_FORMAT_NONE },
    { "[[\"id\",\"date\"]]", OT_TRADE_FORMAT_NONE },
    { "", OT_TRADE_FORMAT_NONE },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    g_assert_cmpint (ot_trade_detect (cases[i].text, strlen (cases[i].text)), ==, cases[i].format);
}

/* A gzip-compressed bulk file (as Comtrade serves them) reads as the
 * file it holds; so does one whose name says nothing. */
static void
test_gzip (void)
{
  g_autofree char *path = g_test_build_filename (G_TEST_DIST, "data", "trade", "comtrade-bulk.txt", NULL);
  g_autofree char *text = NULL;
  gsize length;
  g_autoptr(GZlibCompressor) compressor = g_zlib_compressor_new (G_ZLIB_COMPRESSOR_FORMAT_GZIP, 6);
  g_autofree char *packed = NULL;
  gsize read, written;
  g_autoptr(GError) error = NULL;
  g_autoptr(OtDataset) ds = NULL;
  g_autofree char *us = NULL;

  g_assert_true (g_file_get_contents (path, &text, &length, NULL));
  packed = g_malloc (length + 1024);
  g_assert_cmpint (g_converter_convert (G_CONVERTER (compressor), text, length, packed, length + 1024,
                                        G_CONVERTER_INPUT_AT_END, &read, &written, &error),
                   ==, G_CONVERTER_FINISHED);
  g_assert_no_error (error);
  ds = ot_test_load_len ("C_M_842_202501_H6_O.txt.gz", packed, written);
  us = rows_of (ds, "US");
  g_assert_cmpstr (us, ==, expected_us);
  /* A damaged one: one error, nothing read. */
  {
    g_autoptr(OtDataset) cut = ot_test_load_len ("cut.gz", packed, written / 2);

    assert_problem (cut, 0, OT_SEVERITY_ERROR, "cannot unpack the gzip-compressed file");
    g_assert_null (ot_dataset_get_trade (cut));
  }
}

/* Statistics loaded beside incidents, twice into one dataset, and a
 * dataset merged into another keep every row, one file entry each. */
static void
test_merge (void)
{
  const char *both[] = { "comtrade-api.csv", "comext-v2.dat", NULL };
  g_autoptr(OtDataset) ds = load_paths (both);
  g_autoptr(OtDataset) base = ot_test_load_samples ();
  g_autoptr(OtDataset) version = ot_dataset_new_version (base);
  OtTradeTable *table = ot_dataset_get_trade (ds);
  const char * const *files;

  g_assert_cmpuint (ot_trade_table_get_n_rows (table), ==, 16);
  files = ot_trade_table_get_files (table);
  g_assert_cmpuint (g_strv_length ((char **) files), ==, 2);
  g_assert_null (ot_dataset_get_trade (version));
  ot_dataset_merge (version, ds);
  g_assert_true (ot_dataset_get_trade (version) == table);   /* shared, not copied */
  ot_dataset_merge (version, ds);
  g_assert_true (ot_dataset_get_trade (version) != table);
  g_assert_cmpuint (ot_trade_table_get_n_rows (ot_dataset_get_trade (version)), ==, 32);
  g_assert_cmpuint (ot_trade_table_get_n_rows (table), ==, 16);   /* the first is untouched */
  g_assert_cmpuint (ot_dataset_get_n_incidents (version), ==, 60);
}

/* ---- Two threads --------------------------------------------------------------------------------- */

/* Two datasets hold the same trade table (every byte of every row, the
 * files), the same problems in the same order and the same count of
 * rejected rows. */
static void
assert_same_load (OtDataset *one,
                  OtDataset *two)
{
  OtTradeTable *a = ot_dataset_get_trade (one);
  OtTradeTable *b = ot_dataset_get_trade (two);
  GPtrArray *pa = ot_dataset_get_problems (one);
  GPtrArray *pb = ot_dataset_get_problems (two);

  g_assert_true ((a == NULL) == (b == NULL));
  if (a != NULL)
    {
      const char * const *fa = ot_trade_table_get_files (a);
      const char * const *fb = ot_trade_table_get_files (b);

      g_assert_cmpuint (ot_trade_table_get_n_rows (a), ==, ot_trade_table_get_n_rows (b));
      for (guint i = 0; i < ot_trade_table_get_n_rows (a); i++)
        {
          OtTradeRow ra, rb;

          memset (&ra, 0, sizeof ra);   /* the padding too */
          memset (&rb, 0, sizeof rb);
          ot_trade_table_get_row (a, i, &ra);
          ot_trade_table_get_row (b, i, &rb);
          g_assert_cmpuint (ra.line, ==, rb.line);
          g_assert_cmpint (memcmp (&ra, &rb, sizeof ra), ==, 0);
        }
      g_assert_cmpuint (g_strv_length ((char **) fa), ==, g_strv_length ((char **) fb));
      for (guint i = 0; fa[i] != NULL; i++)
        g_assert_cmpstr (fa[i], ==, fb[i]);
    }
  g_assert_cmpuint (pa->len, ==, pb->len);
  for (guint i = 0; i < pa->len; i++)
    {
      g_autofree char *sa = ot_problem_to_string (pa->pdata[i]);
      g_autofree char *sb = ot_problem_to_string (pb->pdata[i]);

      g_assert_cmpstr (sa, ==, sb);
    }
  g_assert_cmpuint (ot_dataset_get_n_rejected (one), ==, ot_dataset_get_n_rejected (two));
}

/* A large file is read in pieces by two threads: the same rows in the
 * same order, the same problems on the same lines, as one thread. */
static void
test_pieces (void)
{
  g_autoptr(GString) text = g_string_new (API_HEADER);
  g_autoptr(OtDataset) one = NULL;
  g_autoptr(OtDataset) two = NULL;
  guint pieces_before;

  for (guint i = 0; i < 20000; i++)
    {
      static const char *const partners[] = { "764", "484", "156", "0", "899" };
      char kg[16];

      g_snprintf (kg, sizeof kg, i % 997 == 5 ? "x%u" : "%u", i);
      g_string_append_printf (text, "C,M,%04u%02u01,%04u,%02u,%04u%02u,842,USA,USA,%s,,%s,,,0,W00,\"World, "
                              "all\",H6,HS,true,%s,,6,true,C00,,0,0,,8,,%u,false,-1,,,false,%s,false,,false,,,"
                              "%u,0,true,false\n",
                              2020 + i % 5, 1 + i % 12, 2020 + i % 5, 1 + i % 12, 2020 + i % 5, 1 + i % 12,
                              i % 101 == 7 ? "DX" : "M", partners[i % 5], i % 3 ? "282580" : "811010", i,
                              kg, i * 10);
      if (i % 4999 == 13)
        g_string_append (text, "C,M,\"broken\n");
    }
  ot_trade_parallel_min_bytes = G_MAXSIZE;
  one = ot_test_load_len ("big.csv", text->str, text->len);
  /* (No piece ends inside a quoted field as the reader reads it.) */
  ot_trade_parallel_min_bytes = 0;
  ot_trade_piece_bytes = 64 * 1024;
  pieces_before = ot_trade_stats.n_pieces;
  two = ot_test_load_len ("big.csv", text->str, text->len);
  ot_trade_parallel_min_bytes = OT_TRADE_PARALLEL_MIN_BYTES;
  ot_trade_piece_bytes = OT_TRADE_PIECE_BYTES;
  g_assert_cmpuint (ot_trade_stats.n_pieces - pieces_before, >=, 4);

  g_assert_cmpuint (ot_trade_table_get_n_rows (ot_dataset_get_trade (one)), >, 19000);
  g_assert_cmpuint (ot_dataset_get_problems (one)->len, >, 20);
  assert_same_load (one, two);
}

/* The files at @paths loaded: whole, in one thread (@piece 0), or in
 * pieces of @piece bytes by two threads, a file read a piece at a time. */
static OtDataset *
load_files_so (const char * const *paths,
               gsize               piece)
{
  g_autoptr(GPtrArray) files = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(GError) error = NULL;
  OtDataset *ds;

  for (guint i = 0; paths[i] != NULL; i++)
    g_ptr_array_add (files, g_file_new_for_path (paths[i]));
  ot_trade_parallel_min_bytes = piece > 0 ? 0 : G_MAXSIZE;
  ot_trade_piece_bytes = piece > 0 ? piece : OT_TRADE_PIECE_BYTES;
  ds = ot_loader_load_files ((GFile **) files->pdata, files->len, NULL, NULL, NULL, &error);
  ot_trade_parallel_min_bytes = OT_TRADE_PARALLEL_MIN_BYTES;
  ot_trade_piece_bytes = OT_TRADE_PIECE_BYTES;
  g_assert_no_error (error);
  return ds;
}

/* A Comtrade API file of @n rows of every awkward kind a download or a
 * hand edit gives (seeded): quoted fields with separators, line ends and
 * doubled quotes; CRLF, CR and blank lines; bad numbers, missing and
 * suppressed values, skipped flows and products, short and long rows;
 * a stray quote inside a field before a quoted field over two lines
 * (where counting quotes would cut inside a row), a quote that opens a
 * field and closes lines later with text after it, text after a
 * closing quote, UTF-8 names; and a quote never closed at the end. */
static GString *
awkward_file (guint n)
{
  GString *text = g_string_new (API_HEADER);
  g_autoptr(GRand) rand = g_rand_new_with_seed (18);

  for (guint i = 0; i < n; i++)
    {
      guint kind = (guint) g_rand_int_range (rand, 0, 18);
      const char *desc = "\"World, all\"", *end = "\n", *flow = "M", *code = "282580", *extra = "";
      g_autofree char *net = g_strdup_printf ("%u.%u", i * 7, i % 10);
      g_autofree char *value = g_strdup_printf ("%u", i * 13);
      g_autofree char *reporter_desc = g_strdup ("USA");

      switch (kind)
        {
        case 0: desc = "\"Line one\nline two, \"\"quoted\"\"\""; break;
        case 1: g_free (net); net = g_strdup ("12a"); break;
        case 2: g_free (net); net = g_strdup (""); g_free (value); value = g_strdup ("null"); break;
        case 3: end = "\r\n"; break;
        case 4: g_string_append (text, i % 2 ? "\n\n" : "\r\n"); break;
        case 5: extra = ",x"; break;
        case 6:
          g_free (reporter_desc);
          reporter_desc = g_strdup ("ab\"c");
          desc = "\"multi\nline\"";
          break;
        case 7: g_string_append (text, "C,M,\"broken\n"); break;
        case 8: desc = "\"World\"x"; break;
        case 9: flow = "DX"; break;
        case 10: code = "999999"; break;
        case 11: desc = "\"Côte d’Ivoire\""; break;
        case 12: end = "\r"; break;
        case 13: g_free (net); net = g_strdup ("1.5E+3"); break;
        case 14: g_free (value); value = g_strdup ("-5"); break;
        default: break;
        }
      g_string_append_printf (text, "C,M,%04u%02u01,%04u,%02u,%04u%02u,842,USA,%s,%s,,764,THA,%s,0,W00,"
                              "World,H6,HS,true,%s,Antimony oxides,6,true,C00,,0,0,,8,,%s,false,-1,,,"
                              "false,%s,false,,false,,,%s,0,true,false%s",
                              2019 + i % 6, 1 + i % 12, 2019 + i % 6, 1 + i % 12, 2019 + i % 6, 1 + i % 12,
                              reporter_desc, flow, desc, code, net, net, value, extra);
      if (kind == 15)
        g_string_truncate (text, text->len - 30);   /* a short row */
      g_string_append (text, end);
    }
  g_string_append (text, "C,M,\"never closed\n");
  g_string_append (text, API_ROW ("2025", "01", "202501", "764", "M", "8", "100", "100", "1000"));
  return text;
}

/* The fast way of reading a large file (a piece at a time from the file,
 * two threads, docs/performance.md) gives what reading it whole in one
 * thread gives, whatever the size of the pieces; from memory too. */
static void
test_pieces_from_files (void)
{
  g_autoptr(GString) text = awkward_file (3000);
  g_autofree char *dir = g_dir_make_tmp ("oretrace-trade-XXXXXX", NULL);
  g_autofree char *path = g_build_filename (dir, "awkward.csv", NULL);
  g_autofree char *good = g_test_build_filename (G_TEST_DIST, "data", "trade", "comtrade-bulk.txt", NULL);
  g_autofree char *again = g_build_filename (dir, "bulk-again.txt", NULL);
  const char *paths[] = { good, path, again, NULL };
  static const gsize pieces[] = { 1, 97, 1000, 4096, 65536 };
  g_autoptr(OtDataset) plain = NULL;
  g_autofree char *bulk = NULL;
  gsize bulk_length;
  guint split_before = ot_trade_stats.n_split, pieces_before = ot_trade_stats.n_pieces;

  g_assert_true (g_file_set_contents (path, text->str, (gssize) text->len, NULL));
  /* A tab-separated file after it, under another name. */
  g_assert_true (g_file_get_contents (good, &bulk, &bulk_length, NULL));
  g_assert_true (g_file_set_contents (again, bulk, (gssize) bulk_length, NULL));
  plain = load_files_so (paths, 0);
  g_assert_cmpuint (ot_trade_stats.n_split, ==, split_before);
  /* Not a vacuous comparison: rows, errors and warnings of each kind. */
  g_assert_cmpuint (ot_trade_table_get_n_rows (ot_dataset_get_trade (plain)), >, 1500);
  g_assert_cmpuint (ot_dataset_get_n_rejected (plain), >, 300);
  assert_problem (plain, 0, OT_SEVERITY_WARNING, "rows skipped: flows such as DX");
  assert_problem (plain, 0, OT_SEVERITY_WARNING, "(such as 999999)");
  {
    static const char *const kinds[] = { "unbalanced quote", "quoted field is never closed",
                                         "unexpected text after a closing quote", "is not a number",
                                         "negative amount", "fields but the header has" };
    GPtrArray *problems = ot_dataset_get_problems (plain);

    for (guint k = 0; k < G_N_ELEMENTS (kinds); k++)
      {
        guint found = 0;

        for (guint i = 0; i < problems->len; i++)
          found += strstr (((OtProblem *) problems->pdata[i])->message, kinds[k]) != NULL;
        g_test_message ("%s: %u", kinds[k], found);
        g_assert_cmpuint (found, >, 0);
      }
  }
  for (guint i = 0; i < G_N_ELEMENTS (pieces); i++)
    {
      g_autoptr(OtDataset) fast = load_files_so (paths, pieces[i]);

      g_test_message ("pieces of %" G_GSIZE_FORMAT " bytes", pieces[i]);
      assert_same_load (plain, fast);
    }
  g_assert_cmpuint (ot_trade_stats.n_split - split_before, ==, 3 * G_N_ELEMENTS (pieces));
  g_assert_cmpuint (ot_trade_stats.n_pieces - pieces_before, >, 1000);
  g_unlink (again);

  /* The same text in memory, in pieces, as one thread reads it. */
  {
    g_autoptr(OtDataset) one = NULL, two = NULL;

    ot_trade_parallel_min_bytes = G_MAXSIZE;
    one = ot_test_load_len ("awkward.csv", text->str, text->len);
    ot_trade_parallel_min_bytes = 0;
    ot_trade_piece_bytes = 1000;
    two = ot_test_load_len ("awkward.csv", text->str, text->len);
    ot_trade_parallel_min_bytes = OT_TRADE_PARALLEL_MIN_BYTES;
    ot_trade_piece_bytes = OT_TRADE_PIECE_BYTES;
    assert_same_load (one, two);
  }
  g_unlink (path);
  g_rmdir (dir);
}

static void
cancel_at_progress (double   fraction,
                    gpointer data)
{
  if (fraction > 0.01)
    g_cancellable_cancel (data);
}

/* A file read a piece at a time, cancelled as it is read: the load
 * stops with the cancellation (nothing half-read handed back). */
static void
test_pieces_cancel (void)
{
  g_autoptr(GString) text = awkward_file (20000);
  g_autofree char *dir = g_dir_make_tmp ("oretrace-trade-XXXXXX", NULL);
  g_autofree char *path = g_build_filename (dir, "cancelled.csv", NULL);
  g_autoptr(GFile) file = g_file_new_for_path (path);
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  g_autoptr(GError) error = NULL;
  g_autoptr(OtDataset) ds = NULL;
  guint pieces_before = ot_trade_stats.n_pieces;

  g_assert_true (g_file_set_contents (path, text->str, (gssize) text->len, NULL));
  ot_trade_parallel_min_bytes = 0;
  ot_trade_piece_bytes = 4096;
  ds = ot_loader_load_files (&file, 1, cancellable, cancel_at_progress, cancellable, &error);
  ot_trade_parallel_min_bytes = OT_TRADE_PARALLEL_MIN_BYTES;
  ot_trade_piece_bytes = OT_TRADE_PIECE_BYTES;
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_assert_null (ds);
  /* It stopped early: far fewer pieces than the file's. */
  g_assert_cmpuint (ot_trade_stats.n_pieces - pieces_before, <, text->len / 4096 / 2);
  g_unlink (path);
  g_rmdir (dir);
}

/* A NUL byte or a byte that is not UTF-8 far into a large file read a
 * piece at a time: the same one error as when it is read whole, at the
 * same offset or line, and nothing of the file kept (the rows read
 * before it are dropped); the good files beside it load. */
static void
test_pieces_bad_text (void)
{
  g_autoptr(GString) text = awkward_file (2000);
  g_autofree char *dir = g_dir_make_tmp ("oretrace-trade-XXXXXX", NULL);
  g_autofree char *path = g_build_filename (dir, "bad.csv", NULL);
  g_autofree char *good = g_test_build_filename (G_TEST_DIST, "data", "trade", "comtrade-bulk.txt", NULL);
  const char *paths[] = { good, path, NULL };
  const char *alone[] = { path, NULL };
  static const char *const bad[] = { "\xff", "\0", "\xc3(", "ok\xe2\x82" };

  for (guint b = 0; b < G_N_ELEMENTS (bad); b++)
    {
      GString *copy = g_string_new_len (text->str, (gssize) text->len);
      g_autoptr(OtDataset) plain = NULL, fast = NULL, only = NULL;
      g_autofree char *expected = NULL;
      gsize at = copy->len * 3 / 4;
      guint line = 1;

      /* In a field, not inside a multibyte character. */
      while (copy->str[at] != ',')
        at++;
      at++;
      g_string_insert_len (copy, (gssize) at, bad[b], b == 1 ? 1 : (gssize) strlen (bad[b]));
      for (gsize i = 0; i < at; i++)
        line += copy->str[i] == '\n';
      if (b == 1)
        expected = g_strdup_printf ("NUL byte at offset %" G_GSIZE_FORMAT ")", at);
      else if (b == 3)
        {
          /* A NUL after the bad byte is what is said, as for the whole file. */
          g_string_insert_len (copy, (gssize) copy->len - 20, "\0", 1);
          expected = g_strdup_printf ("NUL byte at offset %" G_GSIZE_FORMAT ")", copy->len - 21);
        }
      else
        expected = g_strdup_printf ("invalid byte 0x%02x", (guint8) bad[b][0]);
      g_assert_true (g_file_set_contents (path, copy->str, (gssize) copy->len, NULL));
      g_string_free (copy, TRUE);

      plain = load_files_so (paths, 0);
      fast = load_files_so (paths, 997);
      assert_same_load (plain, fast);
      {
        GPtrArray *problems = ot_dataset_get_problems (fast);
        guint of_bad = 0;

        for (guint i = 0; i < problems->len; i++)
          of_bad += g_str_has_suffix (((OtProblem *) problems->pdata[i])->file, "bad.csv");
        g_assert_cmpuint (of_bad, ==, 1);
      }
      assert_problem (fast, b == 1 || b == 3 ? 0 : line, OT_SEVERITY_ERROR, expected);
      /* The good file only. */
      g_assert_cmpuint (g_strv_length ((char **) ot_trade_table_get_files (ot_dataset_get_trade (fast))), ==, 1);
      only = load_files_so (alone, 997);
      g_assert_null (ot_dataset_get_trade (only));
    }
  g_unlink (path);
  g_rmdir (dir);
}

/* What ot_trade_parse_number () must give: the C library's reading of
 * the text without the blanks around it, whole, finite, no hex, inf or
 * nan; empty, null and ":" are not given. */
static OtTradeValue
reference_number (const char *text,
                  double     *out)
{
  g_autofree char *copy = g_strdup (text);
  char *stop;

  g_strstrip (copy);
  if (*copy == '\0' || g_ascii_strcasecmp (copy, "null") == 0 || strcmp (copy, ":") == 0)
    return OT_TRADE_VALUE_EMPTY;
  *out = g_ascii_strtod (copy, &stop);
  if (*stop != '\0' || stop == copy || !isfinite (*out) || strpbrk (copy, "xXpPnN") != NULL)
    return OT_TRADE_VALUE_BAD;
  return OT_TRADE_VALUE_OK;
}

/* Amounts read exactly: 300,000 numbers as files write them (integers
 * and decimals of every length, signs, leading zeros, blanks, exponents)
 * and not (two points, letters, hex, inf), each the same value, bit for
 * bit, as the C library's strtod () gives, or refused alike. */
static void
test_numbers (void)
{
  static const char *const fixed[] = {
    "", " ", "null", "NULL", ":", "0", "-0", "+0", "0.0", "-0.0", ".5", "5.", ".", "-", "+", "1e3",
    "1.5E+3", " 12 ", "\t7\t", "12a", "1.2.3", "--1", "0x10", "inf", "nan", "1e400", "9007199254740993",
    "9007199254740992", "1234567890123456789", "12345678901234567890", "0.1", "0.3", "2.675",
    "123456.7890123456789", "0000000000000000000001", "1.0000000000000000000000001", "4.35", "1 2",
  };
  g_autoptr(GRand) rand = g_rand_new_with_seed (53);

  for (guint i = 0; i < G_N_ELEMENTS (fixed) + 300000; i++)
    {
      g_autoptr(GString) text = g_string_new (NULL);
      double got = 0, want = 0;
      OtTradeValue a, b;

      if (i < G_N_ELEMENTS (fixed))
        g_string_assign (text, fixed[i]);
      else
        {
          guint whole = (guint) g_rand_int_range (rand, 0, 21), part = (guint) g_rand_int_range (rand, 0, 24);

          if (g_rand_int_range (rand, 0, 20) == 0)
            g_string_append_c (text, " \t"[g_rand_int_range (rand, 0, 2)]);
          if (g_rand_int_range (rand, 0, 10) == 0)
            g_string_append_c (text, "-+"[g_rand_int_range (rand, 0, 2)]);
          for (guint k = 0; k < whole; k++)
            g_string_append_c (text, (char) ('0' + g_rand_int_range (rand, 0, 10)));
          if (g_rand_int_range (rand, 0, 2) == 0)
            {
              g_string_append_c (text, '.');
              for (guint k = 0; k < part; k++)
                g_string_append_c (text, (char) ('0' + g_rand_int_range (rand, 0, 10)));
            }
          if (g_rand_int_range (rand, 0, 30) == 0)
            g_string_append_printf (text, "e%d", g_rand_int_range (rand, -30, 30));
          if (g_rand_int_range (rand, 0, 50) == 0)
            g_string_insert_c (text, g_rand_int_range (rand, 0, (gint32) text->len + 1), "a.x"[g_rand_int_range (rand, 0, 3)]);
        }
      a = ot_trade_parse_number (text->str, text->len, &got);
      b = reference_number (text->str, &want);
      if (a != b || (a == OT_TRADE_VALUE_OK && memcmp (&got, &want, sizeof got) != 0))
        g_error ("“%s”: %d %.17g, strtod %d %.17g", text->str, a, got, b, want);
    }
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/trade-load/same-flows", test_same_flows);
  g_test_add_func ("/trade-load/values-and-skips", test_values_and_skips);
  g_test_add_func ("/trade-load/bad-rows", test_bad_rows);
  g_test_add_func ("/trade-load/bad-census", test_bad_census);
  g_test_add_func ("/trade-load/html", test_html);
  g_test_add_func ("/trade-load/missing-suppressed-zero", test_missing_suppressed_zero);
  g_test_add_func ("/trade-load/comtrade-columns", test_comtrade_columns);
  g_test_add_func ("/trade-load/published-sample", test_published_sample);
  g_test_add_func ("/trade-load/products-table", test_products_table);
  g_test_add_func ("/trade-load/places-table", test_places_table);
  g_test_add_func ("/trade-load/product-names-table", test_product_names_table);
  g_test_add_func ("/trade-load/detect", test_detect);
  g_test_add_func ("/trade-load/gzip", test_gzip);
  g_test_add_func ("/trade-load/merge", test_merge);
  g_test_add_func ("/trade-load/numbers", test_numbers);
  g_test_add_func ("/trade-load/pieces", test_pieces);
  g_test_add_func ("/trade-load/pieces-from-files", test_pieces_from_files);
  g_test_add_func ("/trade-load/pieces-bad-text", test_pieces_bad_text);
  g_test_add_func ("/trade-load/pieces-cancel", test_pieces_cancel);
  return g_test_run ();
}
