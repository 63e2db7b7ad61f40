/* SPDX-License-Identifier: GPL-3.0-or-later */
#include <fcntl.h>
#include <glib/gstdio.h>
#include <math.h>
#include <string.h>
#include <unistd.h>

#include "ot-loader.h"
#include "ot-test-load.h"

#define HEADER "id,date,mineral,quantity,unit,origin,via,destination,status\n"
#define GOOD1  "G1,2024-07,antimony,25,t,CN,TH:Laem Chabang,US,seized\n"
#define GOOD2  "G2,2025,Ga,3,kg,CN,,JP,alleged\n"

static void
dump_problems (OtDataset *ds)
{
  GPtrArray *problems = ot_dataset_get_problems (ds);

  for (guint i = 0; i < problems->len; i++)
    {
      g_autofree char *s = ot_problem_to_string (problems->pdata[i]);
      g_test_message ("%s", s);
    }
}

static void
assert_problem (OtDataset  *ds,
                guint       line,
                OtSeverity  severity,
                const char *needle)
{
  if (ot_test_find_problem (ds, line, severity, needle) == NULL)
    {
      dump_problems (ds);
      g_error ("no %s on line %u containing \"%s\"",
               severity == OT_SEVERITY_ERROR ? "error" : "warning", line, needle);
    }
}

static const OtIncident *
get (OtDataset  *ds,
     const char *id)
{
  gint index = ot_dataset_find (ds, id);

  if (index < 0)
    {
      dump_problems (ds);
      g_error ("incident %s not loaded", id);
    }
  return ot_dataset_get_incident (ds, index);
}

/* --- Column rules ---------------------------------------------------- */

static void
test_loader_csv_columns (void)
{
  g_autoptr(OtDataset) ds = ot_test_load ("all.csv",
    "ID, Date ,MINERAL,form,hs_code,quantity,unit,value,currency,declared_as,concealment,"
    "origin,exporter,via,destination,consignee,status,confidence,reliability,credibility,"
    "event_country,event_place,authority,case_ref,illustrative,source,Source URL,notes\n"
    "X-1,2025-03-18,bismuth,alloy,3810.10,600,kg,12000.5,usd,low-temperature solder paste,"
    "mislabelling; false papers,China,Acme Metals,\"TH:Laem Chabang; Mexico:Manzanillo\","
    "United States,Beta Corp,detained,high,b,2,CN,Nanning Wuxu airport,Nanning Customs,"
    "NN-1,yes,Jiemian News,https://example.org/a?b=1,\"two\nlines, \"\"quoted\"\"\"\n");
  const OtIncident *x = get (ds, "X-1");

  g_assert_cmpuint (ot_dataset_count_problems (ds, OT_SEVERITY_ERROR), ==, 0);
  g_assert_cmpint (x->date.year, ==, 2025);
  g_assert_cmpint (x->date.month, ==, 3);
  g_assert_cmpint (x->date.day, ==, 18);
  g_assert_cmpint (x->date.precision, ==, OT_DATE_DAY);
  g_assert_cmpstr (ot_mineral_name (x->mineral), ==, "bismuth");
  g_assert_cmpint (x->form, ==, OT_FORM_ALLOY);
  g_assert_cmpstr (x->hs_code, ==, "3810.10");
  g_assert_cmpfloat (x->quantity_kg, ==, 600.0);
  g_assert_cmpfloat (x->value, ==, 12000.5);
  g_assert_cmpstr (x->currency, ==, "USD");
  g_assert_cmpstr (x->declared_as, ==, "low-temperature solder paste");
  g_assert_cmpstr (x->concealment, ==, "mislabelling; false papers");
  g_assert_cmpstr (x->origin.code, ==, "CN");
  g_assert_cmpstr (x->exporter, ==, "Acme Metals");
  g_assert_cmpuint (x->n_via, ==, 2);
  g_assert_cmpstr (x->via[0].country.code, ==, "TH");
  g_assert_cmpstr (x->via[0].port, ==, "Laem Chabang");
  g_assert_cmpstr (x->via[1].country.code, ==, "MX");
  g_assert_cmpstr (x->via[1].port, ==, "Manzanillo");
  g_assert_cmpstr (x->destination.code, ==, "US");
  g_assert_cmpstr (x->consignee, ==, "Beta Corp");
  g_assert_cmpint (x->status, ==, OT_STATUS_DETAINED);
  g_assert_cmpint (x->confidence, ==, OT_CONFIDENCE_HIGH);
  g_assert_cmpint (x->reliability, ==, 'B');
  g_assert_cmpint (x->credibility, ==, 2);
  g_assert_cmpstr (x->event_country.code, ==, "CN");
  g_assert_cmpstr (x->event_place, ==, "Nanning Wuxu airport");
  g_assert_cmpstr (x->authority, ==, "Nanning Customs");
  g_assert_cmpstr (x->case_ref, ==, "NN-1");
  g_assert_true (x->illustrative);
  g_assert_cmpstr (x->source, ==, "Jiemian News");
  g_assert_cmpstr (x->source_url, ==, "https://example.org/a?b=1");
  g_assert_cmpstr (x->notes, ==, "two\nlines, \"quoted\"");
  g_assert_cmpstr (x->file, ==, "all.csv");
  g_assert_cmpuint (x->line, ==, 2);
}

static void
test_loader_defaults (void)
{
  g_autoptr(OtDataset) ds = ot_test_load ("d.csv", "id,date,mineral,origin\nD1,2024,Dy,CN\n");
  const OtIncident *d = get (ds, "D1");

  /* A year-only date keeps its precision: it is not 1 January. */
  g_assert_cmpint (d->date.precision, ==, OT_DATE_YEAR);
  g_assert_cmpint (d->date.month, ==, 0);
  g_assert_cmpint (d->status, ==, OT_STATUS_ALLEGED);
  g_assert_cmpint (d->confidence, ==, OT_CONFIDENCE_MEDIUM);
  g_assert_cmpint (d->form, ==, OT_FORM_UNKNOWN);
  g_assert_true (isnan (d->quantity_kg));
  g_assert_true (isnan (d->value));
  g_assert_false (d->illustrative);
  g_assert_cmpint (d->reliability, ==, 0);
  g_assert_cmpuint (d->n_via, ==, 0);
  g_assert_false (OT_COUNTRY_IS_SET (d->destination));
  g_assert_cmpuint (ot_dataset_get_problems (ds)->len, ==, 0);
}

static void
test_loader_units (void)
{
  g_autoptr(OtDataset) ds = ot_test_load ("u.csv",
    "id,date,mineral,quantity,unit,origin\n"
    "U1,2024,Sb,500,g,CN\n"
    "U2,2024,Sb,2.5,t,CN\n"
    "U3,2024,Sb,100,LB,CN\n"
    "U4,2024,Sb,7,kg,CN\n"
    "U5,2024,Sb,0,tonnes,CN\n"
    "U6,2024,Sb,1e3,kg,CN\n");

  g_assert_cmpfloat_with_epsilon (get (ds, "U1")->quantity_kg, 0.5, 1e-12);
  g_assert_cmpfloat_with_epsilon (get (ds, "U2")->quantity_kg, 2500.0, 1e-9);
  g_assert_cmpfloat_with_epsilon (get (ds, "U3")->quantity_kg, 45.359237, 1e-9);
  g_assert_cmpfloat (get (ds, "U4")->quantity_kg, ==, 7.0);
  g_assert_cmpfloat (get (ds, "U5")->quantity_kg, ==, 0.0);
  g_assert_cmpfloat (get (ds, "U6")->quantity_kg, ==, 1000.0);
}

static void
test_loader_places (void)
{
  g_autoptr(OtDataset) ds = ot_test_load ("p.csv",
    "id,date,mineral,origin,via,destination,event_country\n"
    "P1,2024,W,Viet Nam,,South Korea,\n"
    "P2,2024,W,ZZ,,,HK\n"
    "P3,2024,W,,hong kong;; THA : Bangkok ;,,\n"
    "P4,2024,W,unknown,,Türkiye,\n");

  g_assert_cmpstr (get (ds, "P1")->origin.code, ==, "VN");
  g_assert_cmpstr (get (ds, "P1")->destination.code, ==, "KR");
  /* ZZ and "unknown" mean not known: no country, no error. */
  g_assert_false (OT_COUNTRY_IS_SET (get (ds, "P2")->origin));
  g_assert_cmpstr (get (ds, "P2")->event_country.code, ==, "HK");
  g_assert_cmpuint (get (ds, "P3")->n_via, ==, 2);
  g_assert_cmpstr (get (ds, "P3")->via[0].country.code, ==, "HK");
  g_assert_null (get (ds, "P3")->via[0].port);
  g_assert_cmpstr (get (ds, "P3")->via[1].country.code, ==, "TH");
  g_assert_cmpstr (get (ds, "P3")->via[1].port, ==, "Bangkok");
  g_assert_cmpstr (get (ds, "P4")->destination.code, ==, "TR");
  g_assert_cmpuint (ot_dataset_count_problems (ds, OT_SEVERITY_ERROR), ==, 0);
}

/* --- Bad input: each case keeps the good rows around it ------------------ */

typedef struct {
  const char *column;
  const char *value;
  const char *message;   /* part of the expected error */
} BadCase;

static const BadCase bad_cases[] = {
  { "origin", "Thailnd", "unknown country \"Thailnd\" in column origin" },
  { "destination", "Atlantis", "unknown country \"Atlantis\" in column destination" },
  { "event_country", "XX", "unknown country \"XX\" in column event_country" },
  { "date", "2024/07/01", "invalid date \"2024/07/01\"" },
  { "date", "2024-02-30", "impossible date \"2024-02-30\"" },
  { "mineral", "unobtainium", "unknown mineral \"unobtainium\"" },
  { "form", "pellets", "unknown form \"pellets\"" },
  { "hs_code", "81a0", "invalid HS code \"81a0\"" },
  { "quantity", "-5", "negative number \"-5\" in column quantity" },
  { "quantity", "5,5", "invalid number \"5,5\" in column quantity" },
  { "quantity", "nan", "invalid number \"nan\" in column quantity" },
  { "unit", "bushel", "unknown unit \"bushel\"" },
  { "value", "cheap", "invalid number \"cheap\" in column value" },
  { "currency", "dollars", "invalid currency \"dollars\"" },
  { "status", "rumoured", "unknown status \"rumoured\"" },
  { "confidence", "certain", "unknown confidence \"certain\"" },
  { "reliability", "G", "invalid reliability \"G\"" },
  { "credibility", "7", "invalid credibility \"7\"" },
  { "illustrative", "maybe", "invalid value \"maybe\" in column illustrative" },
  { "via", "TH:Laem Chabang; Narnia", "unknown country \"Narnia\" in hop 2 of column via" },
  { "via", ":Manzanillo", "hop 1 in column via has no country" },
  { "id", "", "missing id" },
  { "mineral", "", "missing mineral" },
  { "date", "", "missing date" },
};

/* Header id,date,mineral,origin (+ the bad column); rows: good, bad, good. */
static char *
bad_csv (const BadCase *bad)
{
  static const char * const base[] = { "id", "date", "mineral", "origin" };
  const char *values[] = { "BAD", "2024", "Sb", "CN" };
  g_autoptr(GString) text = g_string_new ("id,date,mineral,origin");
  gboolean extra = TRUE;

  for (guint i = 0; i < G_N_ELEMENTS (base); i++)
    if (strcmp (bad->column, base[i]) == 0)
      values[i] = bad->value, extra = FALSE;

  if (extra)
    g_string_append_printf (text, ",%s", bad->column);
  g_string_append_printf (text, "\nG1,2024,Sb,CN%s\n", extra ? "," : "");
  g_string_append_printf (text, "\"%s\",\"%s\",\"%s\",\"%s\"", values[0], values[1], values[2], values[3]);
  if (extra)
    g_string_append_printf (text, ",\"%s\"", bad->value);
  g_string_append_printf (text, "\nG2,2024,Sb,CN%s\n", extra ? "," : "");
  return g_string_free (g_steal_pointer (&text), FALSE);
}

static char *
bad_jsonl (const BadCase *bad)
{
  g_autoptr(GString) row = g_string_new ("{");

  if (strcmp (bad->column, "id") != 0)
    g_string_append (row, "\"id\": \"BAD\", ");
  if (strcmp (bad->column, "date") != 0)
    g_string_append (row, "\"date\": \"2024\", ");
  if (strcmp (bad->column, "mineral") != 0)
    g_string_append (row, "\"mineral\": \"Sb\", ");
  if (strcmp (bad->column, "origin") != 0)
    g_string_append (row, "\"origin\": \"CN\", ");
  g_string_append_printf (row, "\"%s\": \"%s\"}", bad->column, bad->value);

  return g_strdup_printf ("{\"id\": \"G1\", \"date\": \"2024\", \"mineral\": \"Sb\", \"origin\": \"CN\"}\n"
                          "%s\n"
                          "{\"id\": \"G2\", \"date\": \"2024\", \"mineral\": \"Sb\", \"origin\": \"CN\"}\n",
                          row->str);
}

static void
check_bad_case (const BadCase *bad,
                const char    *name,
                const char    *text,
                guint          bad_line)
{
  g_autoptr(OtDataset) ds = ot_test_load (name, text);
  const OtProblem *problem;

  g_test_message ("%s: %s = \"%s\"", name, bad->column, bad->value);
  assert_problem (ds, bad_line, OT_SEVERITY_ERROR, bad->message);
  problem = ot_test_find_problem (ds, bad_line, OT_SEVERITY_ERROR, bad->message);
  g_assert_cmpstr (problem->file, ==, name);
  g_assert_cmpstr (problem->column, ==, bad->column);
  /* The bad row is skipped, the good ones load. */
  g_assert_cmpuint (ot_dataset_get_n_incidents (ds), ==, 2);
  g_assert_cmpint (ot_dataset_find (ds, "BAD"), ==, -1);
  g_assert_cmpuint (get (ds, "G1")->line, ==, bad_line - 1);
  g_assert_cmpuint (get (ds, "G2")->line, ==, bad_line + 1);
  g_assert_cmpuint (ot_dataset_get_n_rejected (ds), ==, 1);
}

static void
test_loader_bad_values (void)
{
  for (guint i = 0; i < G_N_ELEMENTS (bad_cases); i++)
    {
      g_autofree char *csv = bad_csv (&bad_cases[i]);
      g_autofree char *jsonl = bad_jsonl (&bad_cases[i]);

      check_bad_case (&bad_cases[i], "bad.csv", csv, 3);
      check_bad_case (&bad_cases[i], "bad.jsonl", jsonl, 2);
    }
}

static void
test_loader_unknown_country_message (void)
{
  g_autoptr(OtDataset) ds = ot_test_load ("incidents.csv",
    HEADER GOOD1 GOOD1 GOOD1 GOOD1 GOOD1 GOOD1 GOOD1 GOOD1 GOOD1 GOOD1 GOOD1 GOOD1
    "T,2024,Sb,1,kg,Thailnd,,,\n");
  g_autofree char *text = NULL;
  const OtProblem *problem = ot_test_find_problem (ds, 14, OT_SEVERITY_ERROR, "Thailnd");

  g_assert_nonnull (problem);
  text = ot_problem_to_string (problem);
  g_assert_cmpstr (text, ==, "incidents.csv:14: error: unknown country \"Thailnd\" in column origin");
}

static void
test_loader_bad_rows (void)
{
  g_autofree char *long_field = g_strnfill (OT_LOADER_MAX_FIELD + 1, 'x');
  g_autofree char *text = g_strconcat (HEADER,
    GOOD1,                                            /* 2 */
    "R1,2024,Sb,1,kg,CN,,US,seized,extra\n",          /* 3: too many fields */
    "R2,2024,Sb,1,kg,CN,,,\n",                        /* 4: fine */
    "R2,2025,Sb,1,kg,CN,,,\n",                        /* 5: duplicate id */
    "R3,2024,Sb,1,kg,,,,\n",                          /* 6: no place */
    "\"R4\"x,2024,Sb,1,kg,CN,,,\n",                   /* 7: text after quote */
    "R5,2024,Sb,1,kg,CN,,,", long_field, "\n",        /* 8: field too long */
    "R6,2024,Sb,1,kg,CN,,,\n",                        /* 9: fine */
    "\"R7,2024,Sb,1,kg,CN,,,\n",                      /* 10: quote never closed */
    GOOD2,                                            /* 11 */
    NULL);
  g_autoptr(OtDataset) ds = ot_test_load ("rows.csv", text);

  assert_problem (ds, 3, OT_SEVERITY_ERROR, "row has 10 fields but the header has 9");
  assert_problem (ds, 5, OT_SEVERITY_ERROR, "duplicate id \"R2\" (first on line 4)");
  assert_problem (ds, 6, OT_SEVERITY_ERROR, "no place given");
  assert_problem (ds, 7, OT_SEVERITY_ERROR, "unexpected text after a closing quote");
  assert_problem (ds, 8, OT_SEVERITY_ERROR, "field is longer than the limit");
  assert_problem (ds, 10, OT_SEVERITY_ERROR, "quoted field is never closed");

  g_assert_cmpuint (get (ds, "G1")->line, ==, 2);
  g_assert_cmpuint (get (ds, "R2")->line, ==, 4);
  g_assert_cmpint (get (ds, "R2")->date.year, ==, 2024);
  g_assert_cmpuint (get (ds, "R6")->line, ==, 9);
  g_assert_cmpuint (get (ds, "G2")->line, ==, 11);
  g_assert_cmpuint (ot_dataset_get_n_incidents (ds), ==, 4);
  g_assert_cmpuint (ot_dataset_get_n_rejected (ds), ==, 6);
}

static void
test_loader_warnings (void)
{
  g_autoptr(OtDataset) ds = ot_test_load ("warn.csv",
    "id,date,mineral,hs_code,quantity,unit,value,currency,origin,colour,Weight Class\n"
    "W1,2024,Sb,,5,,,,CN,red,\n"              /* 2: quantity without unit */
    "W2,2099-01,Sb,,,,,,CN,,\n"               /* 3: date in the future */
    "W3,2024,Sb,,,t,,,CN,,\n"                 /* 4: unit without quantity */
    "W4,2024,Sb,,,,100,,CN,,\n"               /* 5: value without currency */
    "W5,2024,gallium,8110.10,,,,,CN,,\n"      /* 6: HS code of another mineral */
    "W6,2024,Sb,,,,,,CN\n");                  /* 7: fewer fields */

  assert_problem (ds, 1, OT_SEVERITY_WARNING, "unknown columns kept as extra attributes: colour, Weight Class");
  assert_problem (ds, 2, OT_SEVERITY_WARNING, "quantity without a unit");
  assert_problem (ds, 3, OT_SEVERITY_WARNING, "date 2099-01 is in the future");
  assert_problem (ds, 4, OT_SEVERITY_WARNING, "unit given without a quantity");
  assert_problem (ds, 5, OT_SEVERITY_WARNING, "value without a currency");
  assert_problem (ds, 6, OT_SEVERITY_WARNING, "HS code 8110.10 is for antimony, but the mineral is gallium");
  assert_problem (ds, 7, OT_SEVERITY_WARNING, "row has 9 fields but the header has 11");

  /* Warnings keep every row. */
  g_assert_cmpuint (ot_dataset_get_n_incidents (ds), ==, 6);
  g_assert_cmpuint (ot_dataset_count_problems (ds, OT_SEVERITY_ERROR), ==, 0);
  g_assert_cmpfloat (get (ds, "W1")->quantity_kg, ==, 5.0);
  g_assert_cmpuint (get (ds, "W1")->n_extras, ==, 1);
  g_assert_cmpstr (get (ds, "W1")->extras[0].key, ==, "colour");
  g_assert_cmpstr (get (ds, "W1")->extras[0].value, ==, "red");
  /* A rare-earth HS code fits any rare earth element. */
  {
    g_autoptr(OtDataset) ree = ot_test_load ("ree.csv", "id,date,mineral,hs_code,origin\nR,2025,Dy,2805.30,CN\n");
    g_assert_cmpuint (ot_dataset_get_problems (ree)->len, ==, 0);
  }
}

static void
test_loader_csv_encoding (void)
{
  g_autoptr(OtDataset) ds = ot_test_load ("crlf.csv",
    "\xEF\xBB\xBFid,date,mineral,origin\r\nC1,2024,Sb,T\xC3\xBCrkiye\r\n\r\nC2,2024,Sb,CN\r\n");

  g_assert_cmpuint (ot_dataset_get_problems (ds)->len, ==, 0);
  g_assert_cmpstr (get (ds, "C1")->origin.code, ==, "TR");
  g_assert_cmpuint (get (ds, "C2")->line, ==, 4);
}

/* Files that cannot be read at all: one error, nothing loaded. */
static void
test_loader_bad_files (void)
{
  static const struct { const char *name; const char *text; gsize len; const char *message; } cases[] = {
    { "empty.csv", "", 0, "file is empty" },
    { "blank.csv", " \n\r\n  ", 6, "file is empty" },
    { "nul.csv", "id,date\0,x\n", 11, "not a text file (NUL byte at offset 7)" },
    { "latin1.csv", "id,date,mineral,origin\nA,2024,Sb,T\xfcrkiye\n", 39, "not UTF-8 text (invalid byte 0xfc)" },
    { "notes.txt", "Some notes about smuggling\n", 27, "has no column id" },
    { "header.csv", "id,date,origin\nA,2024,CN\n", 25, "has no column mineral" },
    { "quote.csv", "\"id,date,mineral\nA,2024,Sb\n", 27, "the header on line 1 is malformed" },
    { "obj.json", "{\"data\": [1, 2]}", 16, "object with an \"incidents\" array" },
    { "scalar.json", "[1, 2", 5, "not valid JSON" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(OtDataset) ds = ot_dataset_new ();
      GPtrArray *problems;

      g_test_message ("%s", cases[i].name);
      g_assert_true (ot_loader_load_data (ds, cases[i].name, cases[i].text, cases[i].len, NULL, NULL));
      problems = ot_dataset_get_problems (ds);
      if (problems->len != 1)
        dump_problems (ds);
      g_assert_cmpuint (problems->len, ==, 1);
      g_assert_cmpint (((OtProblem *) problems->pdata[0])->severity, ==, OT_SEVERITY_ERROR);
      g_assert_nonnull (strstr (((OtProblem *) problems->pdata[0])->message, cases[i].message));
      g_assert_cmpuint (ot_dataset_get_n_incidents (ds), ==, 0);
    }

  /* The line of a non-UTF-8 byte is given. */
  {
    g_autoptr(OtDataset) ds = ot_test_load ("latin1.csv", "id,date,mineral,origin\nA,2024,Sb,CN\nB,2024,Sb,T\xfc\n");
    assert_problem (ds, 3, OT_SEVERITY_ERROR, "not UTF-8");
    g_assert_cmpuint (ot_dataset_get_n_incidents (ds), ==, 0);
  }
}

/* --- JSON ------------------------------------------------------------- */

static void
test_loader_json (void)
{
  g_autoptr(OtDataset) ds = ot_test_load ("set.json",
    "{\"source\": \"test\", \"meta\": [{\"id\": \"not me\"}],\n"        /* 1 */
    " \"incidents\": [\n"                                              /* 2 */
    "  {\"id\": \"J1\", \"date\": \"2025-03-13\", \"mineral\": \"Sb\",\n" /* 3 */
    "   \"quantity\": 25171.85, \"unit\": \"kg\", \"event_country\": \"HK\",\n"
    "   \"via\": [{\"country\": \"Thailand\", \"port\": \"Laem Chabang\"}, \"MX:Manzanillo\"],\n"
    "   \"illustrative\": true, \"credibility\": 2, \"tags\": [\"a\", \"b\"],\n"
    "   \"concealment\": [\"bottled water\", \"mislabelling\"]},\n"  /* 7 */
    "  {\"id\": \"J2\", \"date\": \"2025\", \"mineral\": \"Ga\", \"origin\": \"Narnia\"},\n" /* 8 */
    "  42,\n"                                                          /* 9 */
    "  {\"id\": \"J3\", \"date\": 2025, \"mineral\": \"Ga\", \"origin\": [\"CN\"]},\n"    /* 10 */
    "  {\"id\": \"J4\", \"date\": \"2024-05\", \"mineral\": \"W\", \"origin\": \"CN\",\n" /* 11 */
    "   \"via\": [{\"port\": \"Bangkok\"}, 7, [1]]},\n"                /* 12 */
    "  {\"id\": \"J5\", \"date\": \"2024-05\", \"mineral\": \"W\", \"origin\": \"CN\", \"notes\": null}\n" /* 13 */
    " ]}\n");
  const OtIncident *j1 = get (ds, "J1");

  g_assert_cmpuint (j1->line, ==, 3);
  g_assert_cmpfloat (j1->quantity_kg, ==, 25171.85);
  g_assert_cmpuint (j1->n_via, ==, 2);
  g_assert_cmpstr (j1->via[0].country.code, ==, "TH");
  g_assert_cmpstr (j1->via[0].port, ==, "Laem Chabang");
  g_assert_cmpstr (j1->via[1].port, ==, "Manzanillo");
  g_assert_true (j1->illustrative);
  g_assert_cmpint (j1->credibility, ==, 2);
  g_assert_cmpstr (j1->concealment, ==, "bottled water; mislabelling");
  g_assert_cmpuint (j1->n_extras, ==, 1);
  g_assert_cmpstr (j1->extras[0].value, ==, "[\"a\",\"b\"]");
  assert_problem (ds, 3, OT_SEVERITY_WARNING, "unknown keys kept as extra attributes: tags");

  assert_problem (ds, 8, OT_SEVERITY_ERROR, "unknown country \"Narnia\" in column origin");
  assert_problem (ds, 9, OT_SEVERITY_ERROR, "incident 3 is not a JSON object");
  assert_problem (ds, 10, OT_SEVERITY_ERROR, "key origin holds an array");
  assert_problem (ds, 11, OT_SEVERITY_ERROR, "hop 1 of key via needs a \"country\"");
  assert_problem (ds, 11, OT_SEVERITY_ERROR, "hop 3 of key via is not a string or an object");
  g_assert_cmpuint (get (ds, "J5")->line, ==, 13);
  g_assert_null (get (ds, "J5")->notes);
  g_assert_cmpuint (ot_dataset_get_n_incidents (ds), ==, 2);
}

static void
test_loader_json_errors (void)
{
  g_autoptr(OtDataset) broken = ot_test_load ("broken.json", "[\n {\"id\": \"A\",\n  \"date\": ,\n }\n]\n");
  g_autoptr(OtDataset) lines = ot_test_load ("lines.ndjson",
    "{\"id\": \"L1\", \"date\": \"2024\", \"mineral\": \"W\", \"origin\": \"CN\"}\n"
    "\n"
    "{\"id\": \"L2\", \"date\": \"2024\", mineral: \"W\"}\n"
    "[1]\n"
    "{\"id\": \"L3\", \"date\": \"2024\", \"mineral\": \"W\", \"destination\": \"USA\"}\n");

  /* A broken document loads nothing and says where. */
  assert_problem (broken, 3, OT_SEVERITY_ERROR, "not valid JSON");
  g_assert_cmpuint (ot_dataset_get_n_incidents (broken), ==, 0);

  /* A broken line loses only itself. */
  assert_problem (lines, 3, OT_SEVERITY_ERROR, "not valid JSON");
  assert_problem (lines, 4, OT_SEVERITY_ERROR, "not a JSON object");
  g_assert_cmpuint (get (lines, "L3")->line, ==, 5);
  g_assert_cmpuint (ot_dataset_get_n_incidents (lines), ==, 2);
}

static void
test_loader_detect (void)
{
  const char *wrapped = "{\"incidents\": [{\"id\": \"A\"}]}";
  const char *lines = "{\"id\": \"A\"}\n{\"id\": \"B\"}\n";
  const char *pretty = "{\n  \"incidents\": []\n}\n";

  g_assert_cmpint (ot_loader_detect_format ("x.txt", "[]", 2), ==, OT_FORMAT_JSON);
  g_assert_cmpint (ot_loader_detect_format ("x.csv", wrapped, strlen (wrapped)), ==, OT_FORMAT_JSON);
  g_assert_cmpint (ot_loader_detect_format ("x.json", lines, strlen (lines)), ==, OT_FORMAT_JSONL);
  g_assert_cmpint (ot_loader_detect_format ("x.json", pretty, strlen (pretty)), ==, OT_FORMAT_JSON);
  g_assert_cmpint (ot_loader_detect_format ("x.jsonl", pretty, strlen (pretty)), ==, OT_FORMAT_JSONL);
  g_assert_cmpint (ot_loader_detect_format ("x.json", "id,date\n", 8), ==, OT_FORMAT_CSV);
  g_assert_cmpint (ot_loader_detect_format ("x.csv", "  \n", 3), ==, OT_FORMAT_UNKNOWN);
}

/* --- Files, folders, cancellation, async ------------------------------- */

static char *
write_temp (const char *dir,
            const char *name,
            const char *text)
{
  char *path = g_build_filename (dir, name, NULL);
  g_autoptr(GError) error = NULL;

  g_file_set_contents (path, text, -1, &error);
  g_assert_no_error (error);
  return path;
}

static void
test_loader_files (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = g_dir_make_tmp ("ot-loader-XXXXXX", &error);
  g_autofree char *a = write_temp (dir, "a.csv", HEADER GOOD1);
  g_autofree char *b = write_temp (dir, "b.jsonl",
    "{\"id\": \"G1\", \"date\": \"2023\", \"mineral\": \"Sb\", \"origin\": \"CN\"}\n"
    "{\"id\": \"B2\", \"date\": \"2023\", \"mineral\": \"Sb\", \"origin\": \"CN\"}\n");
  g_autofree char *skip = write_temp (dir, "notes.txt", "not loaded\n");
  g_autofree char *big = g_build_filename (dir, "big.csv.part", NULL);
  g_autofree char *missing = g_build_filename (dir, "missing.csv", NULL);
  g_autoptr(GFile) folder = g_file_new_for_path (dir);
  g_autoptr(GFile) again = g_file_new_for_path (a);
  g_autoptr(GFile) big_file = g_file_new_for_path (big);
  g_autoptr(GFile) missing_file = g_file_new_for_path (missing);
  GFile *files[] = { folder, again, big_file, missing_file };
  g_autoptr(OtDataset) ds = NULL;
  const OtIncident *g1;
  int fd;

  g_assert_no_error (error);

  /* A sparse file over the size limit costs no disk. */
  fd = g_open (big, O_WRONLY | O_CREAT, 0644);
  g_assert_cmpint (fd, >=, 0);
  g_assert_cmpint (ftruncate (fd, OT_LOADER_MAX_FILE_SIZE + 1), ==, 0);
  g_close (fd, NULL);

  ds = ot_loader_load_files (files, G_N_ELEMENTS (files), NULL, NULL, NULL, &error);
  g_assert_no_error (error);
  g_assert_nonnull (ds);

  /* The folder gives a.csv then b.jsonl; a.csv named again is read once. */
  g_assert_cmpuint (g_strv_length ((char **) ot_dataset_get_files (ds)), ==, 4);
  g_assert_true (g_str_has_suffix (ot_dataset_get_files (ds)[0], "a.csv"));
  g_assert_true (g_str_has_suffix (ot_dataset_get_files (ds)[1], "b.jsonl"));
  g_assert_true (g_str_has_suffix (ot_dataset_get_files (ds)[2], "big.csv.part"));
  g_assert_true (g_str_has_suffix (ot_dataset_get_files (ds)[3], "missing.csv"));

  g1 = get (ds, "G1");
  g_assert_true (g_str_has_suffix (g1->file, "a.csv"));
  g_assert_cmpint (g1->date.year, ==, 2024);
  get (ds, "B2");
  g_assert_cmpuint (ot_dataset_get_n_incidents (ds), ==, 2);

  /* The same id in a later file: reported as a warning and skipped. */
  assert_problem (ds, 1, OT_SEVERITY_WARNING, "duplicate id \"G1\" (first seen in");
  assert_problem (ds, 0, OT_SEVERITY_ERROR, "file is too large (4294967297 bytes; the limit is 4096 MiB)");
  assert_problem (ds, 0, OT_SEVERITY_ERROR, "cannot open the file");

  g_remove (a);
  g_remove (b);
  g_remove (skip);
  g_remove (big);
  g_rmdir (dir);
}

static void
test_loader_cancel (void)
{
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  g_autoptr(GError) error = NULL;
  g_autoptr(GFile) file = g_file_new_for_path ("/nonexistent");
  g_autoptr(OtDataset) ds = NULL;
  GFile *files[] = { file };

  g_cancellable_cancel (cancellable);
  ds = ot_loader_load_files (files, 1, cancellable, NULL, NULL, &error);
  g_assert_null (ds);
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
}

static void
cancel_on_progress (double   fraction,
                    gpointer data)
{
  g_cancellable_cancel (data);
}

/* Cancelled half-way through a file: no dataset, a cancelled error. */
static void
test_loader_cancel_midway (void)
{
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = g_dir_make_tmp ("ot-loader-XXXXXX", &error);
  g_autoptr(GString) text = g_string_new ("id,date,mineral,origin\n");
  g_autofree char *path = NULL;
  g_autoptr(GFile) file = NULL;
  g_autoptr(OtDataset) ds = NULL;
  GFile *files[1];

  for (guint i = 0; i < 50000; i++)
    g_string_append_printf (text, "C%u,2024,Sb,CN\n", i);
  path = write_temp (dir, "many.csv", text->str);
  file = g_file_new_for_path (path);
  files[0] = file;

  ds = ot_loader_load_files (files, 1, cancellable, cancel_on_progress, cancellable, &error);
  g_assert_null (ds);
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);

  g_remove (path);
  g_rmdir (dir);
}

typedef struct {
  OtDataset *dataset;
  GError    *error;
  double     last_progress;
  guint      n_progress;
  GThread   *main_thread;
  gboolean   done;
} AsyncState;

static void
on_progress (double   fraction,
             gpointer data)
{
  AsyncState *state = data;

  /* Delivered in the caller's context, rising. */
  g_assert_true (g_thread_self () == state->main_thread);
  g_assert_cmpfloat (fraction, >=, state->last_progress);
  state->last_progress = fraction;
  state->n_progress++;
}

static void
on_loaded (GObject      *source,
           GAsyncResult *result,
           gpointer      data)
{
  AsyncState *state = data;

  state->dataset = ot_loader_load_files_finish (result, &state->error);
  state->done = TRUE;
}

static void
test_loader_async (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = g_dir_make_tmp ("ot-loader-XXXXXX", &error);
  g_autoptr(GString) text = g_string_new ("id,date,mineral,origin,destination\n");
  g_autofree char *path = NULL;
  g_autoptr(GFile) file = NULL;
  AsyncState state = { 0 };
  GFile *files[1];

  for (guint i = 0; i < 20000; i++)
    g_string_append_printf (text, "A%u,2024-%02u,Sb,CN,US\n", i, 1 + i % 12);
  path = write_temp (dir, "many.csv", text->str);
  file = g_file_new_for_path (path);
  files[0] = file;

  state.main_thread = g_thread_self ();
  state.last_progress = 0;
  ot_loader_load_files_async (files, 1, NULL, on_progress, &state, on_loaded, &state);
  while (!state.done)
    g_main_context_iteration (NULL, TRUE);

  g_assert_no_error (state.error);
  g_assert_cmpuint (ot_dataset_get_n_incidents (state.dataset), ==, 20000);
  g_assert_cmpuint (get (state.dataset, "A19999")->line, ==, 20001);
  g_assert_cmpuint (ot_dataset_get_problems (state.dataset)->len, ==, 0);
  g_object_unref (state.dataset);

  g_remove (path);
  g_rmdir (dir);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/loader/csv-columns", test_loader_csv_columns);
  g_test_add_func ("/loader/defaults", test_loader_defaults);
  g_test_add_func ("/loader/units", test_loader_units);
  g_test_add_func ("/loader/places", test_loader_places);
  g_test_add_func ("/loader/bad-values", test_loader_bad_values);
  g_test_add_func ("/loader/unknown-country-message", test_loader_unknown_country_message);
  g_test_add_func ("/loader/bad-rows", test_loader_bad_rows);
  g_test_add_func ("/loader/warnings", test_loader_warnings);
  g_test_add_func ("/loader/csv-encoding", test_loader_csv_encoding);
  g_test_add_func ("/loader/bad-files", test_loader_bad_files);
  g_test_add_func ("/loader/json", test_loader_json);
  g_test_add_func ("/loader/json-errors", test_loader_json_errors);
  g_test_add_func ("/loader/detect", test_loader_detect);
  g_test_add_func ("/loader/files", test_loader_files);
  g_test_add_func ("/loader/cancel", test_loader_cancel);
  g_test_add_func ("/loader/cancel-midway", test_loader_cancel_midway);
  g_test_add_func ("/loader/async", test_loader_async);

  return g_test_run ();
}
