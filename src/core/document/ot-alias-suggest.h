/* SPDX-License-Identifier: GPL-3.0-or-later */
/* ot-alias-suggest.h: probable same-company pairs among the exporters and
 * consignees of a dataset (issue 17, "Company aliases"), ranked by the
 * similarity documented in docs/aliases.md, "Suggestions".  No state and
 * no UI: the caller passes what the case already knows (the entities
 * keys belong to, the rejected pairs) and shows the list.
 *
 * A company "key" is a name exactly as it appears in the exporter or
 * consignee column of the incidents.  Everything here is pure: any thread
 * may call it while nobody changes the dataset. */
#pragma once

#include <glib.h>
#include "ot-case-tables.h"
#include "ot-country.h"
#include "ot-dataset.h"

G_BEGIN_DECLS

/* Why a pair was suggested, or what lowered its score: flags in
 * OtAliasSuggestion.reasons (docs/aliases.md lists examples of each). */
typedef enum {
  /* The normal forms are equal once spaces are removed. */
  OT_ALIAS_REASON_SAME_NAME         = 1 << 0,
  /* The legal forms differ ("Ltd" and "Limited", or only one has one). */
  OT_ALIAS_REASON_LEGAL_FORM        = 1 << 1,
  /* A parenthesised qualifier differs ("(fictional)"). */
  OT_ALIAS_REASON_QUALIFIER         = 1 << 2,
  /* Case, spacing or punctuation differs ("Shen Zhen"/"Shenzhen", "&"/"and"). */
  OT_ALIAS_REASON_PUNCTUATION       = 1 << 3,
  /* Accents or script differ ("Müller"/"Muller", "ООО"/"OOO"). */
  OT_ALIAS_REASON_TRANSLITERATION   = 1 << 4,
  /* A word in another form ("Trading"/"Trade", "Intl"/"International"). */
  OT_ALIAS_REASON_WORD_VARIANT      = 1 << 5,
  /* Some words match only approximately (Jaro–Winkler at least 0.88). */
  OT_ALIAS_REASON_SIMILAR_SPELLING  = 1 << 6,
  /* One name has words the other lacks. */
  OT_ALIAS_REASON_EXTRA_WORDS       = 1 << 7,
  /* The two companies have a country in common (exporters: the origin,
   * consignees: the destination of their incidents). */
  OT_ALIAS_REASON_SHARED_COUNTRY    = 1 << 8,
  /* Both have countries, none in common (a penalty). */
  OT_ALIAS_REASON_NO_SHARED_COUNTRY = 1 << 9,
} OtAliasReason;

/* Pairs scoring below this are never suggested. */
#define OT_ALIAS_SUGGEST_THRESHOLD 0.70

typedef struct {
  /* The two keys, the dataset's own (interned) strings: valid while the
   * dataset lives.  strcmp (key_a, key_b) < 0. */
  const char *key_a;
  const char *key_b;
  double      score;          /* OT_ALIAS_SUGGEST_THRESHOLD .. 1 */
  guint       reasons;        /* OtAliasReason flags */
  guint       n_a;            /* incidents naming key_a (as exporter or consignee) */
  guint       n_b;
  /* One country both are in (the first by code), or none; how many. */
  OtCountry   shared_country;
  guint       n_shared_countries;
} OtAliasSuggestion;

/* The probable same-company pairs of @dataset's exporters and consignees,
 * best first: by score, then key_a, then key_b (strcmp), so the order is
 * the same on every run.
 *
 * Entities: a key's entity is what @entities maps it to (company key →
 * entity id, both strings, hashed with g_str_hash; a key not in it is an
 * entity of its own); with @entities NULL, @dataset's own aliases
 * (ot_dataset_resolve_company ()).  A pair whose keys are in the same
 * entity is left out, and of the pairs between two entities only the
 * best one is kept (accepting it merges the two entities).
 * @rejected (may be NULL): a set of ot_alias_pair_key() strings (hashed
 * with g_str_hash), e.g. from ot_alias_rejected_set(); those pairs are
 * left out.
 * @max: at most this many suggestions; 0 for all of them.
 *
 * Returns an array of OtAliasSuggestion (free with g_array_unref). */
GArray  *ot_alias_suggest         (OtDataset                *dataset,
                                   GHashTable               *entities,
                                   GHashTable               *rejected,
                                   guint                     max);

/* The key of an unordered pair for the @rejected set of
 * ot_alias_suggest(): the smaller key (strcmp), U+001F, the other one.
 * ot_alias_pair_key (a, b) and ot_alias_pair_key (b, a) are equal. */
char    *ot_alias_pair_key        (const char               *key_a,
                                   const char               *key_b);

/* The set of rejected pairs for ot_alias_suggest() from a case's
 * alias_decisions (@tables may be NULL: an empty set).  Free with
 * g_hash_table_unref (). */
GHashTable *ot_alias_rejected_set  (const OtCaseTables       *tables);

/* The normal form of a company name that suggestions compare: NFKC,
 * case folded, accents and Cyrillic transliterated, parenthesised
 * qualifiers and legal forms removed, punctuation dropped, "&" as "and",
 * words in one form ("Metals" → "metal", "Intl" → "international");
 * the words joined by one space, then the numbers without leading zeros.
 * "Gulfline Metals Inc. (fictional)" → "gulfline metal".  "" when
 * nothing is left. */
char    *ot_alias_normalise       (const char               *name);

/* The similarity of two names on their own: the score of
 * ot_alias_suggest() with every word weighted alike and no countries.
 * @reasons (may be NULL) receives the OtAliasReason flags. */
double   ot_alias_compare         (const char               *name_a,
                                   const char               *name_b,
                                   guint                    *reasons);

/* One translated line saying why @suggestion was made, its parts joined
 * by " · ": "Same name apart from the legal form (Ltd ≈ Limited) · Both
 * in Thailand". */
char    *ot_alias_explain         (const OtAliasSuggestion  *suggestion);

G_END_DECLS
