/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Alias suggestions (issue 17; docs/aliases.md, "Suggestions"): the
 * normal form, the score of pairs, and ot_alias_suggest() on the sample
 * files, on the samples with respelled company names added, with rejected
 * and merged pairs, a maximum and a stable order. */
#include <locale.h>
#include <string.h>

#include <glib/gi18n-lib.h>

#include "ot-alias-suggest.h"
#include "ot-document.h"
#include "ot-generator.h"
#include "ot-test-load.h"

#define CSV_HEADER "id,date,mineral,origin,exporter,destination,consignee,illustrative\n"

/* ---- Normal form ------------------------------------------------------ */

static void
test_normalise (void)
{
  static const struct { const char *name, *normal; } cases[] = {
    /* Parenthesised qualifiers and legal forms, in several languages. */
    { "Gulfline Metals Inc. (fictional)", "gulfline metal" },
    { "GULFLINE METALS INCORPORATED", "gulfline metal" },
    { "Ningbo Global Magnet Co., Ltd.", "ningbo global magnet" },
    { "Ningbo Global Magnet Company Limited", "ningbo global magnet" },
    { "Tianquan Technology (Shenzhen) Co., Ltd.", "tianquan technology" },
    { "Rheinmag Komponenten GmbH (fictional)", "rheinmag komponenten" },
    { "Rheinmag Komponenten GmbH & Co. KG", "rheinmag komponenten" },
    { "Rio Bravo Compounds S.A. de C.V.", "rio bravo compound" },
    { "Rio Bravo Compounds SA de CV", "rio bravo compound" },
    { "Rio Bravo Compounds L.L.C.", "rio bravo compound" },
    { "Vietnam Rare Earth JSC (VTRE)", "vietnam rare earth" },
    { "Vietnam Rare Earth Joint Stock Company", "vietnam rare earth" },
    { "Maas Alloy Traders B.V.", "maas alloy trade" },
    { "Kowalski Metale Sp. z o.o.", "kowalski metale" },
    { "Siam Lanna Trading Pte Ltd", "siam lanna trade" },
    { "Lingnan Solder Sdn. Bhd.", "lingnan solder" },
    { "PT Lingnan Solder Tbk", "lingnan solder" },
    /* Cyrillic, in Latin letters, with its legal form at the start. */
    { "ООО «Ферротек Норд»", "ferrotek nord" },
    { "OOO Ferrotek Nord", "ferrotek nord" },
    /* Chinese, Japanese and Korean legal forms, written without spaces. */
    { "宁波环球磁业有限公司", "宁波环球磁业" },
    { "宁波环球磁业股份有限公司", "宁波环球磁业" },
    { "天泉科技有限责任公司", "天泉科技" },
    { "株式会社関西硬質金属", "関西硬質金属" },
    { "한빛자석 주식회사", "한빛자석" },
    { "宁波Global Magnet有限公司", "宁波 global magnet" },
    /* Punctuation, "&", apostrophes, width and case. */
    { "Youngsun & Essen", "youngsun and essen" },
    { "Youngsun and Essen", "youngsun and essen" },
    { "O'Neil-Baker Ltd.", "oneil baker" },
    { "Ｇｕｌｆｌｉｎｅ　Ｍｅｔａｌｓ", "gulfline metal" },
    /* Diacritics. */
    { "Société Générale de Métaux S.A.", "societe generale de metaux" },
    { "Müller Hüttenwerke GmbH", "muller huttenwerke" },
    { "Łódź Stal", "lodz stal" },
    /* Word forms, numbers without leading zeros. */
    { "The Intl Mfg Co", "international manufacturing" },
    { "Hanbit Magnetics Industries", "hanbit magnetic industry" },
    { "Exporter 0001 Trading (synthetic)", "exporter trade 1" },
    /* A legal form alone is kept: something must be left. */
    { "Limited", "limited" },
    { "", "" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *normal = ot_alias_normalise (cases[i].name);

      g_test_message ("%s → %s", cases[i].name, normal);
      g_assert_cmpstr (normal, ==, cases[i].normal);
    }
}

/* ---- Pairs ------------------------------------------------------------ */

static void
test_compare (void)
{
  guint reasons;
  double score;

  score = ot_alias_compare ("Gulfline Metals Inc.", "Gulfline Metals (fictional)", &reasons);
  g_assert_cmpfloat_with_epsilon (score, 0.95, 1e-9);
  g_assert_cmpuint (reasons, ==, OT_ALIAS_REASON_SAME_NAME | OT_ALIAS_REASON_LEGAL_FORM |
                                 OT_ALIAS_REASON_QUALIFIER);

  score = ot_alias_compare ("Shen Zhen Tianquan Tech", "Shenzhen Tianquan Technology", &reasons);
  g_assert_cmpfloat_with_epsilon (score, 0.95, 1e-9);
  g_assert_true (reasons & OT_ALIAS_REASON_PUNCTUATION);
  g_assert_true (reasons & OT_ALIAS_REASON_WORD_VARIANT);

  ot_alias_compare ("ООО Ферротек Норд", "Ferrotek Nord", &reasons);
  g_assert_true (reasons & OT_ALIAS_REASON_TRANSLITERATION);
  g_assert_true (reasons & OT_ALIAS_REASON_SAME_NAME);

  /* A typo, extra words: similar, not the same, below equal names. */
  score = ot_alias_compare ("Gulfine Metals", "Gulfline Metals", &reasons);
  g_assert_cmpfloat (score, >=, OT_ALIAS_SUGGEST_THRESHOLD);
  g_assert_cmpfloat (score, <, 0.95);
  g_assert_cmpuint (reasons, ==, OT_ALIAS_REASON_SIMILAR_SPELLING);
  score = ot_alias_compare ("Gulfline Metals", "Gulfline Metals Trading", &reasons);
  g_assert_cmpfloat (score, >=, OT_ALIAS_SUGGEST_THRESHOLD);
  g_assert_cmpfloat (score, <, 0.95);
  g_assert_cmpuint (reasons, ==, OT_ALIAS_REASON_EXTRA_WORDS);

  /* Different numbers are different companies, however alike. */
  g_assert_cmpfloat (ot_alias_compare ("Exporter 0001 Trading (synthetic)",
                                       "Exporter 0002 Trading (synthetic)", NULL), ==, 0.0);
  g_assert_cmpfloat (ot_alias_compare ("Exporter 0001 Trading", "Exporter 1 Trade", NULL),
                     ==, 0.95);

  /* Obviously different companies of the samples. */
  g_assert_cmpfloat (ot_alias_compare ("Ningbo Global Magnet Co., Ltd.",
                                       "Ningbo Coastal Magnet Works (fictional)", NULL),
                     <, OT_ALIAS_SUGGEST_THRESHOLD);
  g_assert_cmpfloat (ot_alias_compare ("Ningbo Global Magnet Co., Ltd.",
                                       "Ningbo Yangshan Import & Export Co., Ltd.", NULL),
                     <, OT_ALIAS_SUGGEST_THRESHOLD);
  g_assert_cmpfloat (ot_alias_compare ("Gallant Metals", "Gulfline Metals Inc. (fictional)", NULL),
                     <, OT_ALIAS_SUGGEST_THRESHOLD);
  /* A word that starts another is no spelling of it. */
  g_assert_cmpfloat (ot_alias_compare ("Chinalco Rare Earth", "China Rare Earth Group", NULL),
                     <, OT_ALIAS_SUGGEST_THRESHOLD);
  g_assert_cmpfloat (ot_alias_compare ("China Minmetals Corporation", "China Nonferrous Metals Co",
                                       NULL), <, OT_ALIAS_SUGGEST_THRESHOLD);
  g_assert_cmpfloat (ot_alias_compare ("Yunnan Lincang Xinyuan Germanium Industry",
                                       "Yunling Germanium (fictional)", NULL),
                     <, OT_ALIAS_SUGGEST_THRESHOLD);
}

/* ---- Datasets ---------------------------------------------------------- */

/* Both sample files in one dataset. */
static OtDataset *
load_samples (void)
{
  OtDataset *ds = ot_test_load_samples ();
  g_autoptr(OtDataset) demo = ot_test_load_demo ();

  ot_dataset_merge (ds, demo);
  g_assert_cmpuint (ot_dataset_get_n_incidents (ds), ==, 85);
  return ds;
}

/* The companies of the two sample files respelled as another report
 * might write them, each in the country of its original: the pairs a
 * person expects first. */
static const struct { const char *original, *variant; gboolean exporter; const char *country; }
respelled[] = {
  { "Gulfline Metals Inc. (fictional)", "GULFLINE METALS INCORPORATED", FALSE, "US" },
  { "Ningbo Global Magnet Co., Ltd.", "Ningbo Global Magnet Company Limited", TRUE, "CN" },
  { "Tianquan Technology (Shenzhen) Co., Ltd.", "Tian Quan Tech Co Ltd", TRUE, "CN" },
  { "Vietnam Rare Earth JSC (VTRE)", "Vietnam Rare Earths Joint Stock Company", TRUE, "VN" },
  { "Youngsun & Essen", "Youngsun and Essen", FALSE, "US" },
  { "Rheinmag Komponenten GmbH (fictional)", "Rheinmag Komponenten AG", FALSE, "DE" },
  { "Ferrotek Nord", "ООО Ферротек Норд", FALSE, "RU" },
  { "Hengyuan Smelting (fictional)", "Hengyuan Smelting Co., Ltd.", TRUE, "CN" },
  { "Siam Lanna Trading (fictional)", "Siam Lanna Trade Co.", TRUE, "CN" },
  { "Lingnan Solder Materials (fictional)", "Lingnan Soldr Materials", TRUE, "CN" },
};

/* One illustrative record per respelled name, as an exporter from (or
 * a consignee in) its original's country. */
static void
add_respelled (OtDataset *ds)
{
  g_autoptr(GString) csv = g_string_new (CSV_HEADER);
  g_autoptr(GError) error = NULL;

  for (guint i = 0; i < G_N_ELEMENTS (respelled); i++)
    {
      g_autofree char *quoted = g_strdup_printf ("\"%s\"", respelled[i].variant);

      if (respelled[i].exporter)
        g_string_append_printf (csv, "ALIAS-%u,2025,antimony,%s,%s,,,true\n", i,
                                respelled[i].country, quoted);
      else
        g_string_append_printf (csv, "ALIAS-%u,2025,antimony,,,%s,%s,true\n", i,
                                respelled[i].country, quoted);
    }
  g_assert_true (ot_loader_load_data (ds, "respelled.csv", csv->str, csv->len, NULL, &error));
  g_assert_no_error (error);
}

static gboolean
is_respelled_pair (const OtAliasSuggestion *s)
{
  for (guint i = 0; i < G_N_ELEMENTS (respelled); i++)
    if ((g_str_equal (s->key_a, respelled[i].original) &&
         g_str_equal (s->key_b, respelled[i].variant)) ||
        (g_str_equal (s->key_b, respelled[i].original) &&
         g_str_equal (s->key_a, respelled[i].variant)))
      return TRUE;
  return FALSE;
}

static void
log_suggestions (GArray *list)
{
  for (guint i = 0; i < list->len; i++)
    {
      const OtAliasSuggestion *s = &g_array_index (list, OtAliasSuggestion, i);
      g_autofree char *why = ot_alias_explain (s);

      g_test_message ("%.3f  %s | %s  (%s)", s->score, s->key_a, s->key_b, why);
    }
}

/* The 28 companies of the samples are 28 companies: nothing suggested. */
static void
test_samples (void)
{
  g_autoptr(OtDataset) ds = load_samples ();
  g_autoptr(GArray) list = ot_alias_suggest (ds, NULL, NULL, 0);

  log_suggestions (list);
  g_assert_cmpuint (list->len, ==, 0);
}

static void
test_samples_respelled (void)
{
  g_autoptr(OtDataset) ds = load_samples ();
  g_autoptr(GArray) list = NULL;

  add_respelled (ds);
  list = ot_alias_suggest (ds, NULL, NULL, 0);
  log_suggestions (list);
  /* Every respelled name is paired with its original, and with nothing
   * else; nothing pairs two companies of the samples. */
  g_assert_cmpuint (list->len, ==, G_N_ELEMENTS (respelled));
  for (guint i = 0; i < list->len; i++)
    {
      const OtAliasSuggestion *s = &g_array_index (list, OtAliasSuggestion, i);

      g_assert_true (is_respelled_pair (s));
      g_assert_cmpint (strcmp (s->key_a, s->key_b), <, 0);
      g_assert_true (s->reasons & OT_ALIAS_REASON_SHARED_COUNTRY);
      g_assert_cmpuint (s->n_a, >=, 1);
      g_assert_cmpuint (s->n_b, >=, 1);
      if (i > 0)
        g_assert_cmpfloat (s->score, <=, g_array_index (list, OtAliasSuggestion, i - 1).score);
    }
  /* The typo comes last: equal normal forms rank above it. */
  g_assert_cmpstr (g_array_index (list, OtAliasSuggestion, list->len - 1).key_a, ==,
                   "Lingnan Solder Materials (fictional)");
  g_assert_true (g_array_index (list, OtAliasSuggestion, list->len - 1).reasons &
                 OT_ALIAS_REASON_SIMILAR_SPELLING);
  /* Gulfline: in 3 incidents of the demo file and 1 added. */
  for (guint i = 0; i < list->len; i++)
    {
      const OtAliasSuggestion *s = &g_array_index (list, OtAliasSuggestion, i);

      if (g_str_equal (s->key_b, "Gulfline Metals Inc. (fictional)"))
        {
          g_assert_cmpstr (s->key_a, ==, "GULFLINE METALS INCORPORATED");
          g_assert_cmpuint (s->n_a, ==, 1);
          g_assert_cmpuint (s->n_b, ==, 3);
          g_assert_cmpstr (s->shared_country.code, ==, "US");
        }
    }
}

static gboolean
contains_pair (GArray     *list,
               const char *a,
               const char *b)
{
  for (guint i = 0; i < list->len; i++)
    {
      const OtAliasSuggestion *s = &g_array_index (list, OtAliasSuggestion, i);

      if ((g_str_equal (s->key_a, a) && g_str_equal (s->key_b, b)) ||
          (g_str_equal (s->key_a, b) && g_str_equal (s->key_b, a)))
        return TRUE;
    }
  return FALSE;
}

static void
test_rejected (void)
{
  g_autoptr(OtDataset) ds = load_samples ();
  g_autoptr(GHashTable) rejected = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  g_autoptr(GArray) all = NULL;
  g_autoptr(GArray) list = NULL;

  add_respelled (ds);
  all = ot_alias_suggest (ds, NULL, NULL, 0);
  g_assert_true (contains_pair (all, "Youngsun & Essen", "Youngsun and Essen"));
  /* Given in either order. */
  g_hash_table_add (rejected, ot_alias_pair_key ("Youngsun and Essen", "Youngsun & Essen"));
  g_hash_table_add (rejected, ot_alias_pair_key ("Ferrotek Nord", "ООО Ферротек Норд"));
  list = ot_alias_suggest (ds, NULL, rejected, 0);
  g_assert_cmpuint (list->len, ==, all->len - 2);
  g_assert_false (contains_pair (list, "Youngsun & Essen", "Youngsun and Essen"));
  g_assert_false (contains_pair (list, "Ferrotek Nord", "ООО Ферротек Норд"));
  g_assert_true (contains_pair (list, "Hengyuan Smelting (fictional)", "Hengyuan Smelting Co., Ltd."));
}

static void
test_pair_key (void)
{
  g_autofree char *ab = ot_alias_pair_key ("a", "b");
  g_autofree char *ba = ot_alias_pair_key ("b", "a");

  g_assert_cmpstr (ab, ==, "a\x1f" "b");
  g_assert_cmpstr (ba, ==, ab);
}

/* Three spellings of one company, two of them already one entity: the
 * merged pair is left out, and the third is suggested once, against
 * the entity. */
static void
test_entities (void)
{
  g_autoptr(OtDataset) ds = ot_test_load ("three.csv", CSV_HEADER
    "A1,2025,antimony,CN,Hengyuan Smelting Co. Ltd,US,Gulfline Metals Inc.,true\n"
    "A2,2025,antimony,CN,Hengyuan Smelting Company Limited,US,Gulfline Metals,true\n"
    "A3,2025,antimony,CN,HENGYUAN SMELTING,US,Rio Bravo Compounds,true\n");
  g_autoptr(GHashTable) entities = g_hash_table_new (g_str_hash, g_str_equal);
  g_autoptr(GArray) all = ot_alias_suggest (ds, NULL, NULL, 0);
  g_autoptr(GArray) merged = NULL;
  const OtAliasSuggestion *s;

  log_suggestions (all);
  /* Three Hengyuan pairs and Gulfline. */
  g_assert_cmpuint (all->len, ==, 4);

  g_hash_table_insert (entities, "Hengyuan Smelting Co. Ltd", "e1");
  g_hash_table_insert (entities, "Hengyuan Smelting Company Limited", "e1");
  merged = ot_alias_suggest (ds, entities, NULL, 0);
  log_suggestions (merged);
  g_assert_cmpuint (merged->len, ==, 2);
  g_assert_false (contains_pair (merged, "Hengyuan Smelting Co. Ltd",
                                 "Hengyuan Smelting Company Limited"));
  g_assert_true (contains_pair (merged, "Gulfline Metals", "Gulfline Metals Inc."));
  /* Of HENGYUAN SMELTING against the two keys of e1 (equal scores),
   * the first by name; after Gulfline (equal score, first by name). */
  s = &g_array_index (merged, OtAliasSuggestion, 1);
  g_assert_cmpstr (s->key_a, ==, "HENGYUAN SMELTING");
  g_assert_cmpstr (s->key_b, ==, "Hengyuan Smelting Co. Ltd");

  /* All three one entity: only Gulfline is left. */
  g_hash_table_insert (entities, "HENGYUAN SMELTING", "e1");
  g_clear_pointer (&merged, g_array_unref);
  merged = ot_alias_suggest (ds, entities, NULL, 0);
  g_assert_cmpuint (merged->len, ==, 1);
  g_assert_true (contains_pair (merged, "Gulfline Metals", "Gulfline Metals Inc."));
}

/* Without an @entities table, the dataset's own aliases (as the
 * document sets them on each version) are the entities. */
static void
test_dataset_aliases (void)
{
  g_autoptr(OtDataset) ds = ot_test_load ("three.csv", CSV_HEADER
    "A1,2025,antimony,CN,Hengyuan Smelting Co. Ltd,US,Gulfline Metals Inc.,true\n"
    "A2,2025,antimony,CN,Hengyuan Smelting Company Limited,US,Gulfline Metals,true\n"
    "A3,2025,antimony,CN,HENGYUAN SMELTING,US,Rio Bravo Compounds,true\n");
  const char *keys[] = { "Hengyuan Smelting Co. Ltd", "Hengyuan Smelting Company Limited" };
  const char *names[] = { "Hengyuan Smelting", "Hengyuan Smelting" };
  g_autoptr(GArray) list = NULL;
  g_autoptr(GHashTable) none = g_hash_table_new (g_str_hash, g_str_equal);

  ot_dataset_set_aliases (ds, keys, names, 2);
  list = ot_alias_suggest (ds, NULL, NULL, 0);
  log_suggestions (list);
  g_assert_cmpuint (list->len, ==, 2);
  g_assert_false (contains_pair (list, keys[0], keys[1]));
  g_assert_true (contains_pair (list, "HENGYUAN SMELTING", "Hengyuan Smelting Co. Ltd"));
  g_assert_true (contains_pair (list, "Gulfline Metals", "Gulfline Metals Inc."));

  /* A table given instead (here: every key on its own) wins. */
  g_clear_pointer (&list, g_array_unref);
  list = ot_alias_suggest (ds, none, NULL, 0);
  g_assert_cmpuint (list->len, ==, 4);
}

/* A case's rejected pairs as the set ot_alias_suggest () takes. */
static void
test_rejected_set (void)
{
  g_autoptr(OtCaseTables) tables = ot_case_tables_new ();
  g_autoptr(GHashTable) empty = ot_alias_rejected_set (NULL);
  g_autoptr(GHashTable) set = NULL;
  g_autoptr(OtDataset) ds = ot_test_load ("two.csv", CSV_HEADER
    "D1,2025,antimony,CN,Kestrel Alloys Ltd,,,true\n"
    "D2,2025,antimony,CN,Kestrel Alloys Limited,,,true\n"
    "D3,2025,antimony,CN,Osprey Alloys Ltd,,,true\n"
    "D4,2025,antimony,CN,Osprey Alloys Limited,,,true\n");
  g_autoptr(GArray) list = NULL;

  g_assert_cmpuint (g_hash_table_size (empty), ==, 0);
  ot_case_tables_add_decision (tables, "Kestrel Alloys Limited", "Kestrel Alloys Ltd");
  set = ot_alias_rejected_set (tables);
  g_assert_cmpuint (g_hash_table_size (set), ==, 1);
  list = ot_alias_suggest (ds, NULL, set, 0);
  g_assert_cmpuint (list->len, ==, 1);
  g_assert_cmpstr (g_array_index (list, OtAliasSuggestion, 0).key_a, ==, "Osprey Alloys Limited");
}

/* The suggestions of a document's dataset, with its rejected pairs. */
static GArray *
suggest_for (OtDocument *document)
{
  g_autoptr(OtCaseTables) tables = ot_document_dup_tables (document);
  g_autoptr(GHashTable) rejected = ot_alias_rejected_set (tables);

  return ot_alias_suggest (ot_document_get_dataset (document), NULL, rejected, 0);
}

/* As the window uses them: accepting merges the two keys' entities,
 * rejecting records the pair; both follow the document's undo. */
static void
test_document (void)
{
  g_autoptr(OtDataset) ds = ot_test_load ("three.csv", CSV_HEADER
    "A1,2025,antimony,CN,Hengyuan Smelting Co. Ltd,US,Gulfline Metals Inc.,true\n"
    "A2,2025,antimony,CN,Hengyuan Smelting Company Limited,US,Gulfline Metals,true\n"
    "A3,2025,antimony,CN,HENGYUAN SMELTING,US,Rio Bravo Compounds,true\n");
  g_autoptr(OtDocument) document = ot_document_new (ds);
  g_autoptr(GArray) list = suggest_for (document);
  g_autoptr(GError) error = NULL;
  const OtAliasSuggestion *s;
  const char *pair[2];
  OtDataset *version;

  g_assert_cmpuint (list->len, ==, 4);
  /* Accept the first Hengyuan pair, then the third name into it. */
  for (guint round = 0; round < 2; round++)
    {
      s = NULL;
      for (guint i = 0; i < list->len && s == NULL; i++)
        if (g_str_has_prefix (g_array_index (list, OtAliasSuggestion, i).key_a, "HENGYUAN") ||
            g_str_has_prefix (g_array_index (list, OtAliasSuggestion, i).key_a, "Hengyuan"))
          s = &g_array_index (list, OtAliasSuggestion, i);
      g_assert_nonnull (s);
      version = ot_document_get_dataset (document);
      pair[0] = ot_dataset_resolve_company (version, s->key_a);
      pair[1] = ot_dataset_resolve_company (version, s->key_b);
      g_assert_true (ot_document_merge_companies (document, pair, 2, "Hengyuan Smelting", &error));
      g_assert_no_error (error);
      g_clear_pointer (&list, g_array_unref);
      list = suggest_for (document);
      log_suggestions (list);
      g_assert_cmpuint (list->len, ==, round == 0 ? 2 : 1);
    }
  {
    g_autoptr(GPtrArray) keys = ot_dataset_get_company_aliases (ot_document_get_dataset (document),
                                                                "Hengyuan Smelting");

    g_assert_cmpuint (keys->len, ==, 3);
  }

  /* Reject Gulfline: nothing left; undo brings it back. */
  g_assert_true (ot_document_reject_alias_pair (document, "Gulfline Metals Inc.", "Gulfline Metals",
                                               &error));
  g_clear_pointer (&list, g_array_unref);
  list = suggest_for (document);
  g_assert_cmpuint (list->len, ==, 0);
  g_assert_true (ot_document_undo (document));
  g_clear_pointer (&list, g_array_unref);
  list = suggest_for (document);
  g_assert_cmpuint (list->len, ==, 1);
  g_assert_true (contains_pair (list, "Gulfline Metals", "Gulfline Metals Inc."));
  /* And undoing the second merge offers the third name again. */
  g_assert_true (ot_document_undo (document));
  g_clear_pointer (&list, g_array_unref);
  list = suggest_for (document);
  g_assert_cmpuint (list->len, ==, 2);
}

static void
assert_same_list (GArray *a,
                  GArray *b)
{
  g_assert_cmpuint (a->len, ==, b->len);
  for (guint i = 0; i < a->len; i++)
    {
      const OtAliasSuggestion *x = &g_array_index (a, OtAliasSuggestion, i);
      const OtAliasSuggestion *y = &g_array_index (b, OtAliasSuggestion, i);

      g_assert_cmpstr (x->key_a, ==, y->key_a);
      g_assert_cmpstr (x->key_b, ==, y->key_b);
      g_assert_cmpfloat (x->score, ==, y->score);
      g_assert_cmpuint (x->reasons, ==, y->reasons);
    }
}

/* Equal scores are ordered by name, whatever the order of the incidents;
 * @max keeps the first ones. */
static void
test_order_and_max (void)
{
  static const char *const rows[] = {
    "B1,2025,antimony,CN,Delta Works Ltd,,,true\n",
    "B2,2025,antimony,CN,Delta Works Limited,,,true\n",
    "B3,2025,antimony,CN,Alpha Works Ltd,,,true\n",
    "B4,2025,antimony,CN,Alpha Works Limited,,,true\n",
    "B5,2025,antimony,CN,Charlie Works Ltd,,,true\n",
    "B6,2025,antimony,CN,Charlie Works Limited,,,true\n",
    "B7,2025,antimony,CN,Bravo Works Inc.,,,true\n",
    "B8,2025,antimony,CN,Bravo Works Corp.,,,true\n",
  };
  g_autoptr(GString) forward = g_string_new (CSV_HEADER);
  g_autoptr(GString) backward = g_string_new (CSV_HEADER);
  g_autoptr(OtDataset) ds1 = NULL;
  g_autoptr(OtDataset) ds2 = NULL;
  g_autoptr(GArray) l1 = NULL;
  g_autoptr(GArray) l2 = NULL;
  g_autoptr(GArray) top = NULL;
  static const char *const first[] = { "Alpha Works Limited", "Bravo Works Corp.",
                                       "Charlie Works Limited", "Delta Works Limited" };

  for (guint i = 0; i < G_N_ELEMENTS (rows); i++)
    {
      g_string_append (forward, rows[i]);
      g_string_append (backward, rows[G_N_ELEMENTS (rows) - 1 - i]);
    }
  ds1 = ot_test_load ("forward.csv", forward->str);
  ds2 = ot_test_load ("backward.csv", backward->str);
  l1 = ot_alias_suggest (ds1, NULL, NULL, 0);
  l2 = ot_alias_suggest (ds2, NULL, NULL, 0);
  log_suggestions (l1);
  g_assert_cmpuint (l1->len, ==, 4);
  assert_same_list (l1, l2);
  for (guint i = 0; i < l1->len; i++)
    {
      const OtAliasSuggestion *s = &g_array_index (l1, OtAliasSuggestion, i);

      g_assert_cmpfloat_with_epsilon (s->score, 0.95 + 0.04, 1e-9);
      g_assert_cmpstr (s->key_a, ==, first[i]);
    }

  top = ot_alias_suggest (ds1, NULL, NULL, 3);
  g_assert_cmpuint (top->len, ==, 3);
  g_array_set_size (l1, 3);
  assert_same_list (top, l1);
}

/* A shared country raises the score, countries all different lower it,
 * no country known changes nothing. */
static void
test_countries (void)
{
  g_autoptr(OtDataset) ds = ot_test_load ("countries.csv", CSV_HEADER
    "C1,2025,antimony,CN,Kestrel Alloys Ltd,,,true\n"
    "C2,2025,antimony,CN,Kestrel Alloys Limited,,,true\n"
    "C3,2025,antimony,TH,Osprey Alloys Ltd,,,true\n"
    "C4,2025,antimony,MX,Osprey Alloys Limited,,,true\n"
    "C5,2025,antimony,,Harrier Alloys Ltd,MX,,true\n"
    "C6,2025,antimony,MX,Harrier Alloys Limited,,,true\n");
  g_autoptr(GArray) list = ot_alias_suggest (ds, NULL, NULL, 0);
  const OtAliasSuggestion *s;

  log_suggestions (list);
  g_assert_cmpuint (list->len, ==, 3);
  s = &g_array_index (list, OtAliasSuggestion, 0);
  g_assert_cmpstr (s->key_a, ==, "Kestrel Alloys Limited");
  g_assert_cmpfloat_with_epsilon (s->score, 0.99, 1e-9);
  g_assert_cmpstr (s->shared_country.code, ==, "CN");
  g_assert_cmpuint (s->n_shared_countries, ==, 1);
  s = &g_array_index (list, OtAliasSuggestion, 1);
  g_assert_cmpstr (s->key_a, ==, "Harrier Alloys Limited");
  g_assert_cmpfloat_with_epsilon (s->score, 0.95, 1e-9);
  g_assert_false (s->reasons & (OT_ALIAS_REASON_SHARED_COUNTRY | OT_ALIAS_REASON_NO_SHARED_COUNTRY));
  s = &g_array_index (list, OtAliasSuggestion, 2);
  g_assert_cmpstr (s->key_a, ==, "Osprey Alloys Limited");
  g_assert_cmpfloat_with_epsilon (s->score, 0.85, 1e-9);
  g_assert_true (s->reasons & OT_ALIAS_REASON_NO_SHARED_COUNTRY);
}

static void
test_explain (void)
{
  g_autoptr(OtDataset) ds = load_samples ();
  g_autoptr(GArray) list = NULL;
  gboolean seen_legal = FALSE, seen_typo = FALSE;

  add_respelled (ds);
  list = ot_alias_suggest (ds, NULL, NULL, 0);
  for (guint i = 0; i < list->len; i++)
    {
      const OtAliasSuggestion *s = &g_array_index (list, OtAliasSuggestion, i);
      g_autofree char *why = ot_alias_explain (s);

      if (g_str_equal (s->key_a, "Ningbo Global Magnet Co., Ltd."))
        {
          g_assert_cmpstr (why, ==, "Same name apart from the legal form (Co. Ltd ≈ Company Limited)"
                                    " · Both in China");
          seen_legal = TRUE;
        }
      if (g_str_equal (s->key_a, "Lingnan Solder Materials (fictional)"))
        {
          g_assert_cmpstr (why, ==, "Similar names · “(fictional)” left out"
                                    " · Similar spelling: solder ≈ soldr · Both in China");
          seen_typo = TRUE;
        }
    }
  g_assert_true (seen_legal);
  g_assert_true (seen_typo);
}

/* Two qualifiers: both named. */
static void
test_explain_qualifiers (void)
{
  OtAliasSuggestion s = { "Tianquan Technology (Hong Kong) Co., Ltd.",
                          "Tianquan Technology (Shenzhen) Co., Ltd." };
  g_autofree char *why = NULL;

  s.score = ot_alias_compare (s.key_a, s.key_b, &s.reasons);
  g_assert_cmpfloat_with_epsilon (s.score, 0.95, 1e-9);
  g_assert_cmpuint (s.reasons, ==, OT_ALIAS_REASON_SAME_NAME | OT_ALIAS_REASON_QUALIFIER);
  why = ot_alias_explain (&s);
  g_assert_cmpstr (why, ==, "Same name once normalised · “(Hong Kong)” and “(Shenzhen)” left out");
}

/* The explanation in German and Chinese, each in a child whose gettext
 * sees LANGUAGE from the start. */
static void
explain_in (const char *language,
            const char *expected)
{
  if (g_test_subprocess ())
    {
      OtAliasSuggestion s = { 0 };
      g_autofree char *why = NULL;

      g_setenv ("LANGUAGE", language, TRUE);
      s.key_a = "Ningbo Global Magnet Co., Ltd.";
      s.key_b = "Ningbo Global Magnet Company Limited";
      s.score = ot_alias_compare (s.key_a, s.key_b, &s.reasons);
      s.reasons |= OT_ALIAS_REASON_SHARED_COUNTRY;
      memcpy (s.shared_country.code, "CN", 3);
      s.n_shared_countries = 3;
      why = ot_alias_explain (&s);
      g_test_message ("%s: %s", language, why);
      g_assert_cmpstr (why, ==, expected);
      return;
    }
  g_test_trap_subprocess (NULL, 0, G_TEST_SUBPROCESS_INHERIT_STDERR);
  g_test_trap_assert_passed ();
}

static void
test_explain_german (void)
{
  explain_in ("de", "Gleicher Name bis auf die Rechtsform (Co. Ltd ≈ Company Limited)"
                    " · Beide in China und 2 weiteren Ländern");
}

static void
test_explain_chinese (void)
{
  explain_in ("zh_CN", "除法律形式外名称相同（Co. Ltd ≈ Company Limited） · 均在中国及另外 2 个国家");
}

/* Generated sets name thousands of companies that differ by a number:
 * none is suggested. */
static void
test_generated (void)
{
  g_autoptr(GBytes) csv = ot_generator_to_bytes (7, 20000, OT_FORMAT_CSV);
  gsize length;
  const char *data = g_bytes_get_data (csv, &length);
  g_autoptr(OtDataset) ds = ot_test_load_len ("generated.csv", data, length);
  g_autoptr(GArray) list = ot_alias_suggest (ds, NULL, NULL, 0);

  g_assert_cmpuint (list->len, ==, 0);
}

int
main (int   argc,
      char *argv[])
{
  const char *localedir = g_getenv ("OT_LOCALEDIR");

  /* Under C.UTF-8 (set by the test environment) gettext honours LANGUAGE. */
  setlocale (LC_ALL, "");
  g_assert_nonnull (localedir);
  bindtextdomain (GETTEXT_PACKAGE, localedir);
  bind_textdomain_codeset (GETTEXT_PACKAGE, "UTF-8");
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/alias/normalise", test_normalise);
  g_test_add_func ("/alias/compare", test_compare);
  g_test_add_func ("/alias/pair-key", test_pair_key);
  g_test_add_func ("/alias/samples", test_samples);
  g_test_add_func ("/alias/samples-respelled", test_samples_respelled);
  g_test_add_func ("/alias/rejected", test_rejected);
  g_test_add_func ("/alias/entities", test_entities);
  g_test_add_func ("/alias/dataset-aliases", test_dataset_aliases);
  g_test_add_func ("/alias/rejected-set", test_rejected_set);
  g_test_add_func ("/alias/document", test_document);
  g_test_add_func ("/alias/order-and-max", test_order_and_max);
  g_test_add_func ("/alias/countries", test_countries);
  g_test_add_func ("/alias/explain", test_explain);
  g_test_add_func ("/alias/explain-qualifiers", test_explain_qualifiers);
  g_test_add_func ("/alias/explain-german", test_explain_german);
  g_test_add_func ("/alias/explain-chinese", test_explain_chinese);
  g_test_add_func ("/alias/generated", test_generated);
  return g_test_run ();
}
