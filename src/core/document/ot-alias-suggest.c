/* SPDX-License-Identifier: GPL-3.0-or-later */
/* ot-alias-suggest.c: probable same-company pairs (docs/aliases.md,
 * "Suggestions").  Each distinct name is normalised once; candidate pairs
 * come from an index of its words, word prefixes, joined word pairs and
 * whole normal form (common keys skipped), so the work grows with the
 * names, not with their square; each candidate is then scored. */
#include "ot-alias-suggest.h"

#include <glib/gi18n-lib.h>
#include <math.h>
#include <string.h>

/* ---- Constants of the similarity (docs/aliases.md) ------------------- */

#define SAME_NAME_SCORE     0.95  /* equal normal forms */
#define FUZZY_SCALE         0.90  /* the best a pair of different forms gets */
#define WEIGHT_TOKENS       0.75  /* weighted word Dice … */
#define WEIGHT_FLAT         0.25  /* … and Jaro–Winkler of the joined words */
#define WORD_MATCH_MIN      0.88  /* words this close (Jaro–Winkler) match */
#define WORD_MATCH_MIN_LEN  4     /* … when both have at least 4 characters, */
                                  /* the shorter at least 3/4 of the longer */
#define COUNTRY_BONUS       0.04
#define COUNTRY_PENALTY     0.10
#define BLOCK_MAX           64    /* a key shared by more names finds no candidates */
#define PREFIX_LEN          4
#define MAX_CHARS           64    /* longer normal forms are compared on their start */

/* ---- Legal forms ----------------------------------------------------- */

typedef enum {
  AT_END   = 1 << 0,
  AT_START = 1 << 1,
} Where;

typedef struct {
  const char *text;   /* as displayed; normalised at first use */
  guint       where;
} LegalForm;

/* Latin-script legal forms, matched as whole words at the end (and some
 * at the start) of a name; written here as a person would, normalised
 * like the names.  The first spelling of one normal form is the one
 * shown. */
static const LegalForm legal_forms[] = {
  { "Ltd", AT_END }, { "Limited", AT_END }, { "Co.", AT_END }, { "Company", AT_END },
  { "Corp.", AT_END }, { "Corporation", AT_END }, { "Inc.", AT_END },
  { "Incorporated", AT_END }, { "LLC", AT_END }, { "Limited Liability Company", AT_END },
  { "LLP", AT_END }, { "PLC", AT_END }, { "Public Limited Company", AT_END },
  { "Pte", AT_END }, { "Pvt", AT_END }, { "Private", AT_END }, { "Pty", AT_END },
  { "GmbH", AT_END }, { "GmbH & Co. KG", AT_END }, { "KG", AT_END }, { "AG", AT_END },
  { "SE", AT_END }, { "UG", AT_END }, { "OHG", AT_END }, { "e.K.", AT_END },
  { "SA", AT_END }, { "S.A. de C.V.", AT_END }, { "de C.V.", AT_END }, { "SARL", AT_END },
  { "SAS", AT_END }, { "SASU", AT_END }, { "SRL", AT_END }, { "S.p.A.", AT_END },
  { "SL", AT_END }, { "SAU", AT_END }, { "Ltda", AT_END }, { "BV", AT_END }, { "NV", AT_END },
  { "AB", AT_END }, { "AS", AT_END }, { "ASA", AT_END }, { "ApS", AT_END }, { "Oy", AT_END },
  { "Oyj", AT_END }, { "Sp. z o.o.", AT_END }, { "s.r.o.", AT_END }, { "Kft", AT_END },
  { "Zrt", AT_END }, { "Ltd. Şti.", AT_END }, { "Sdn Bhd", AT_END }, { "Bhd", AT_END },
  { "Berhad", AT_END }, { "Tbk", AT_END }, { "KK", AT_END },
  { "Kabushiki Kaisha", AT_END | AT_START }, { "JSC", AT_END | AT_START },
  { "Joint Stock Company", AT_END | AT_START }, { "OJSC", AT_END | AT_START },
  { "CJSC", AT_END | AT_START }, { "PJSC", AT_END | AT_START }, { "OOO", AT_END | AT_START },
  { "OAO", AT_END | AT_START }, { "ZAO", AT_END | AT_START }, { "PAO", AT_END | AT_START },
  { "AO", AT_START }, { "PT", AT_START }, { "CV", AT_START }, { "The", AT_START },
};

/* Legal forms written without spaces in Chinese, Japanese and Korean,
 * removed from the end (and some from the start) of a run of those
 * characters; longest first. */
static const LegalForm cjk_forms[] = {
  { "股份有限公司", AT_END }, { "有限责任公司", AT_END }, { "有限責任公司", AT_END },
  { "有限公司", AT_END }, { "株式会社", AT_END | AT_START }, { "有限会社", AT_END },
  { "合同会社", AT_END }, { "주식회사", AT_END | AT_START }, { "公司", AT_END },
};

typedef struct {
  char      **words;      /* normalised */
  guint       n_words;
  const char *display;
  guint       where;
} LegalEntry;

static LegalEntry *legal_entries;
static guint       n_legal_entries;

/* ---- Word forms ------------------------------------------------------ */

/* Abbreviations and forms of one word, after the plural rule. */
static const struct { const char *from, *to; } word_forms[] = {
  { "trading", "trade" }, { "trader", "trade" }, { "intl", "international" },
  { "internacional", "international" }, { "internationale", "international" },
  { "mfg", "manufacturing" }, { "manufacture", "manufacturing" },
  { "manufacturer", "manufacturing" }, { "tech", "technology" }, { "techno", "technology" },
  { "ind", "industry" }, { "industrial", "industry" }, { "grp", "group" },
  { "hldg", "holding" }, { "mat", "material" }, { "elec", "electronic" },
  { "chem", "chemical" }, { "svc", "service" }, { "eng", "engineering" },
  { "sci", "science" }, { "scientific", "science" }, { "imp", "import" },
  { "exp", "export" }, { "bros", "brother" }, { "intertrade", "international trade" },
  { "metall", "metal" }, { "metalle", "metal" }, { "metales", "metal" },
};

/* ---- Normalising ------------------------------------------------------ */

typedef struct {
  char     **surface;     /* words as written (folded, transliterated) */
  char     **words;       /* their normal forms, aligned with surface */
  guint      n_words;
  char      *numbers;     /* all-digit words, leading zeros dropped, joined */
  char      *joined;      /* the words joined without spaces */
  gunichar  *flat;        /* the same, at most MAX_CHARS characters */
  guint      n_flat;
  char      *legal;       /* the legal forms removed, as displayed, or NULL */
  char      *qualifier;   /* parenthesised text removed, or NULL */
  gboolean   translit;    /* accents or another script turned into ASCII */
} Norm;

static void
norm_clear (Norm *n)
{
  g_strfreev (n->surface);
  g_strfreev (n->words);
  g_free (n->numbers);
  g_free (n->flat);
  g_free (n->joined);
  g_free (n->legal);
  g_free (n->qualifier);
}

static const char *const cyrillic[] = {
  /* а..я (U+0430..U+044F) */
  "a", "b", "v", "g", "d", "e", "zh", "z", "i", "y", "k", "l", "m", "n", "o", "p",
  "r", "s", "t", "u", "f", "kh", "ts", "ch", "sh", "shch", "", "y", "", "e", "yu", "ya",
};

/* Cyrillic lower-case letters as Latin (BGN/PCGN, simplified), or NULL. */
static const char *
cyrillic_to_latin (gunichar c)
{
  if (c >= 0x430 && c <= 0x44f)
    return cyrillic[c - 0x430];
  switch (c)
    {
    case 0x451: return "e";    /* ё */
    case 0x454: return "ye";   /* є */
    case 0x456: return "i";    /* і */
    case 0x457: return "yi";   /* ї */
    case 0x491: return "g";    /* ґ */
    case 0x45e: return "u";    /* ў */
    default: return NULL;
    }
}

static gboolean
is_cjk (gunichar c)
{
  switch (g_unichar_get_script (c))
    {
    case G_UNICODE_SCRIPT_HAN:
    case G_UNICODE_SCRIPT_HIRAGANA:
    case G_UNICODE_SCRIPT_KATAKANA:
    case G_UNICODE_SCRIPT_HANGUL:
      return TRUE;
    default:
      return FALSE;
    }
}

/* Removes (…), […] and {…} with what they hold from @text (NFKC has
 * turned full-width brackets into these); returns what was removed, or
 * NULL.  Nothing is removed when nothing but brackets would be left. */
static char *
take_qualifiers (GString *text)
{
  g_autoptr(GString) kept = g_string_sized_new (text->len);
  g_autoptr(GString) removed = g_string_new (NULL);
  int depth = 0;

  for (const char *p = text->str; *p; p++)
    {
      if (*p == '(' || *p == '[' || *p == '{')
        {
          if (depth == 0 && removed->len)
            g_string_append_c (removed, ' ');
          depth++;
        }
      if (depth > 0)
        g_string_append_c (removed, *p);
      else
        g_string_append_c (kept, *p);
      if ((*p == ')' || *p == ']' || *p == '}') && depth > 0)
        depth--;
    }
  for (const char *p = kept->str; *p; p = g_utf8_next_char (p))
    if (g_unichar_isalnum (g_utf8_get_char (p)))
      {
        g_string_assign (text, kept->str);
        return removed->len ? g_strdup (removed->str) : NULL;
      }
  return NULL;
}

/* Appends @c to @out as the letters compared: ASCII letters and digits as
 * they are, accents removed, Cyrillic in Latin letters, Chinese, Japanese
 * and Korean characters as words of their own; anything else separates
 * words.  Sets @translit when a letter was changed. */
static void
append_folded (GString  *out,
               gunichar  c,
               gboolean *prev_cjk,
               gboolean *translit)
{
  gboolean cjk;

  if (c == '\'' || c == 0x2019 || c == 0x2bc || g_unichar_ismark (c))
    return;   /* "O'Neil" is "ONeil"; marks left by NFKC add nothing */
  cjk = is_cjk (c);
  if (cjk != *prev_cjk)
    g_string_append_c (out, ' ');   /* "华为Tech": two words */
  *prev_cjk = cjk;
  if (c == '&' || c == '+')
    g_string_append (out, " and ");
  else if (c < 0x80)
    g_string_append_c (out, g_ascii_isalnum (c) ? (char) c : ' ');
  else if (cjk)
    g_string_append_unichar (out, c);
  else if (cyrillic_to_latin (c))
    {
      g_string_append (out, cyrillic_to_latin (c));
      *translit = TRUE;
    }
  else if (g_unichar_isalnum (c) && g_unichar_get_script (c) == G_UNICODE_SCRIPT_LATIN)
    {
      char utf8[8] = { 0 };
      g_autofree char *ascii = NULL;

      g_unichar_to_utf8 (c, utf8);
      ascii = g_str_to_ascii (utf8, "C");
      for (const char *p = ascii; *p; p++)
        g_string_append_c (out, g_ascii_isalnum (*p) ? g_ascii_tolower (*p) : ' ');
      *translit = TRUE;
    }
  else if (g_unichar_isalnum (c))
    g_string_append_unichar (out, c);   /* Greek, Arabic, Thai…: kept */
  else
    g_string_append_c (out, ' ');
}

static gboolean
is_single_ascii_letter (const char *word)
{
  return g_ascii_isalpha (word[0]) && word[1] == '\0';
}

/* The words of @name: folded, split, runs of single letters joined
 * ("S.A." → "sa", "L.L.C." → "llc").  @qualifier receives what was in
 * brackets. */
static GPtrArray *
split_words (const char *name,
             char      **qualifier,
             gboolean   *translit)
{
  g_autofree char *nfkc = g_utf8_normalize (name, -1, G_NORMALIZE_ALL_COMPOSE);
  g_autoptr(GString) text = g_string_new (nfkc);
  g_autoptr(GString) out = NULL;
  g_autofree char *folded = NULL;
  GPtrArray *words = g_ptr_array_new_with_free_func (g_free);
  g_auto(GStrv) parts = NULL;
  gboolean prev_cjk = FALSE, in_letters = FALSE;
  char *q;

  q = take_qualifiers (text);
  if (qualifier)
    *qualifier = q;
  else
    g_free (q);
  folded = g_utf8_casefold (text->str, -1);
  out = g_string_sized_new (strlen (folded) + 8);
  for (const char *p = folded; *p; p = g_utf8_next_char (p))
    append_folded (out, g_utf8_get_char (p), &prev_cjk, translit);

  parts = g_strsplit (out->str, " ", -1);
  for (guint i = 0; parts[i]; i++)
    {
      if (parts[i][0] == '\0')
        continue;
      if (is_single_ascii_letter (parts[i]) && in_letters)
        {
          char *last = words->pdata[words->len - 1];

          words->pdata[words->len - 1] = g_strconcat (last, parts[i], NULL);
          g_free (last);
          continue;
        }
      in_letters = is_single_ascii_letter (parts[i]);
      g_ptr_array_add (words, g_strdup (parts[i]));
    }
  return words;
}

static gpointer
init_legal_entries (gpointer data G_GNUC_UNUSED)
{
  guint n = G_N_ELEMENTS (legal_forms) + G_N_ELEMENTS (cjk_forms);

  legal_entries = g_new0 (LegalEntry, n);
  for (guint i = 0; i < n; i++)
    {
      const LegalForm *form = i < G_N_ELEMENTS (legal_forms)
                              ? &legal_forms[i] : &cjk_forms[i - G_N_ELEMENTS (legal_forms)];
      gboolean translit = FALSE;
      GPtrArray *words = split_words (form->text, NULL, &translit);
      LegalEntry *entry = &legal_entries[n_legal_entries++];

      entry->n_words = words->len;
      g_ptr_array_add (words, NULL);
      entry->words = (char **) g_ptr_array_free (words, FALSE);
      entry->display = form->text;
      entry->where = form->where;
    }
  return NULL;
}

/* Whether @entry's words are @words[@start…]. */
static gboolean
entry_matches (const LegalEntry *entry,
               GPtrArray        *words,
               guint             start)
{
  if (start + entry->n_words > words->len)
    return FALSE;
  for (guint i = 0; i < entry->n_words; i++)
    if (strcmp (entry->words[i], words->pdata[start + i]) != 0)
      return FALSE;
  return TRUE;
}

/* The longest legal form made of whole words at the end (or start) of
 * @words that leaves a word, or NULL. */
static const LegalEntry *
find_legal (GPtrArray *words,
            Where      where)
{
  const LegalEntry *best = NULL;

  for (guint i = 0; i < n_legal_entries; i++)
    {
      const LegalEntry *e = &legal_entries[i];

      if (!(e->where & where) || e->n_words >= words->len ||
          (best && best->n_words >= e->n_words))
        continue;
      if (entry_matches (e, words, where == AT_END ? words->len - e->n_words : 0))
        best = e;
    }
  return best;
}

/* Removes a CJK legal form from the end or start of @word (in place);
 * returns the form, or NULL. */
static const LegalEntry *
strip_cjk_legal (char  *word,
                 Where  where)
{
  gsize len = strlen (word);

  for (guint i = G_N_ELEMENTS (legal_forms); i < n_legal_entries; i++)
    {
      const LegalEntry *e = &legal_entries[i];
      const char *form = e->words[0];
      gsize n = strlen (form);

      if (!(e->where & where) || n >= len)
        continue;
      if (where == AT_END && strcmp (word + len - n, form) == 0)
        {
          word[len - n] = '\0';
          return e;
        }
      if (where == AT_START && strncmp (word, form, n) == 0)
        {
          memmove (word, word + n, len - n + 1);
          return e;
        }
    }
  return NULL;
}

/* Removes legal forms from the ends of @words (never the last word);
 * returns those removed, as displayed in reading order, or NULL. */
static char *
take_legal_forms (GPtrArray *words)
{
  g_autoptr(GPtrArray) front = g_ptr_array_new ();
  g_autoptr(GPtrArray) back = g_ptr_array_new ();
  g_autoptr(GString) shown = g_string_new (NULL);
  const LegalEntry *e;

  for (;;)
    {
      if ((e = find_legal (words, AT_END)))
        g_ptr_array_remove_range (words, words->len - e->n_words, e->n_words);
      else if (words->len > 0 && (e = strip_cjk_legal (words->pdata[words->len - 1], AT_END)))
        ;
      else
        break;
      g_ptr_array_insert (back, 0, (gpointer) e->display);
    }
  for (;;)
    {
      if ((e = find_legal (words, AT_START)))
        g_ptr_array_remove_range (words, 0, e->n_words);
      else if (words->len > 0 && (e = strip_cjk_legal (words->pdata[0], AT_START)))
        ;
      else
        break;
      g_ptr_array_add (front, (gpointer) e->display);
    }
  for (guint i = 0; i < front->len + back->len; i++)
    {
      const char *text = i < front->len ? front->pdata[i] : back->pdata[i - front->len];

      /* "The" is no legal form to show. */
      if (g_str_equal (text, "The"))
        continue;
      if (shown->len)
        g_string_append_c (shown, ' ');
      g_string_append (shown, text);
    }
  return shown->len ? g_strdup (shown->str) : NULL;
}

/* The normal form of one word: plural "-ies"/"-s" dropped (words of 5+
 * letters, not "-ss", "-us", "-is"), then the word-form table. */
static char *
word_form (const char *word)
{
  gsize len = strlen (word);
  g_autofree char *stem = NULL;

  if (len >= 5 && g_str_has_suffix (word, "ies"))
    {
      g_autofree char *base = g_strndup (word, len - 3);

      stem = g_strconcat (base, "y", NULL);
    }
  else if (len >= 5 && word[len - 1] == 's' && !g_str_has_suffix (word, "ss") &&
           !g_str_has_suffix (word, "us") && !g_str_has_suffix (word, "is"))
    stem = g_strndup (word, len - 1);
  else
    stem = g_strdup (word);
  for (guint i = 0; i < G_N_ELEMENTS (word_forms); i++)
    if (g_str_equal (stem, word_forms[i].from))
      return g_strdup (word_forms[i].to);
  return g_steal_pointer (&stem);
}

static gboolean
all_digits (const char *word)
{
  for (const char *p = word; *p; p++)
    if (!g_ascii_isdigit (*p))
      return FALSE;
  return *word != '\0';
}

static void
norm_init (Norm       *n,
           const char *name)
{
  static GOnce once = G_ONCE_INIT;
  g_autoptr(GPtrArray) words = NULL;
  g_autoptr(GPtrArray) surface = g_ptr_array_new ();
  g_autoptr(GPtrArray) normal = g_ptr_array_new ();
  g_autoptr(GString) numbers = g_string_new (NULL);
  g_autoptr(GString) flat = g_string_new (NULL);
  glong n_chars = 0;

  g_once (&once, init_legal_entries, NULL);
  memset (n, 0, sizeof *n);
  words = split_words (name, &n->qualifier, &n->translit);
  n->legal = take_legal_forms (words);
  for (guint i = 0; i < words->len; i++)
    {
      const char *word = words->pdata[i];
      char *form;

      if (*word == '\0')
        continue;
      if (all_digits (word))
        {
          while (word[0] == '0' && word[1] != '\0')
            word++;
          if (numbers->len)
            g_string_append_c (numbers, ' ');
          g_string_append (numbers, word);
          continue;
        }
      form = word_form (word);
      /* A form of two words ("intertrade") is two words. */
      if (strchr (form, ' '))
        {
          g_auto(GStrv) two = g_strsplit (form, " ", -1);

          for (guint k = 0; two[k]; k++)
            {
              g_ptr_array_add (surface, g_strdup (word));
              g_ptr_array_add (normal, g_strdup (two[k]));
              g_string_append (flat, two[k]);
            }
          g_free (form);
          continue;
        }
      g_ptr_array_add (surface, g_strdup (word));
      g_ptr_array_add (normal, form);
      g_string_append (flat, form);
    }
  n->n_words = normal->len;
  g_ptr_array_add (surface, NULL);
  g_ptr_array_add (normal, NULL);
  n->surface = (char **) g_ptr_array_steal (surface, NULL);
  n->words = (char **) g_ptr_array_steal (normal, NULL);
  n->numbers = g_string_free (g_steal_pointer (&numbers), FALSE);
  n->flat = g_utf8_to_ucs4_fast (flat->str, -1, &n_chars);
  n->joined = g_string_free (g_steal_pointer (&flat), FALSE);
  n->n_flat = MIN ((guint) n_chars, MAX_CHARS);
}

char *
ot_alias_normalise (const char *name)
{
  Norm n;
  char *text;

  g_return_val_if_fail (name != NULL, NULL);
  g_return_val_if_fail (g_utf8_validate (name, -1, NULL), NULL);
  norm_init (&n, name);
  text = g_strjoinv (" ", n.words);
  if (*n.numbers)
    {
      char *with = *text ? g_strconcat (text, " ", n.numbers, NULL) : g_strdup (n.numbers);

      g_free (text);
      text = with;
    }
  norm_clear (&n);
  return text;
}

/* ---- Similarity ------------------------------------------------------ */

/* Jaro–Winkler similarity of two character strings (Winkler's prefix of
 * up to 4 characters, scale 0.1). */
static double
jaro_winkler (const gunichar *a,
              guint           na,
              const gunichar *b,
              guint           nb)
{
  gboolean ma[MAX_CHARS] = { 0 }, mb[MAX_CHARS] = { 0 };
  guint window, matches = 0, transpositions = 0, prefix = 0;
  double jaro;

  na = MIN (na, MAX_CHARS);
  nb = MIN (nb, MAX_CHARS);
  if (na == 0 || nb == 0)
    return na == nb ? 1.0 : 0.0;
  window = MAX (na, nb) / 2;
  window = window > 0 ? window - 1 : 0;
  for (guint i = 0; i < na; i++)
    {
      guint lo = i > window ? i - window : 0, hi = MIN (i + window + 1, nb);

      for (guint j = lo; j < hi; j++)
        if (!mb[j] && a[i] == b[j])
          {
            ma[i] = mb[j] = TRUE;
            matches++;
            break;
          }
    }
  if (matches == 0)
    return 0.0;
  for (guint i = 0, j = 0; i < na; i++)
    {
      if (!ma[i])
        continue;
      while (!mb[j])
        j++;
      if (a[i] != b[j])
        transpositions++;
      j++;
    }
  jaro = ((double) matches / na + (double) matches / nb +
          (matches - transpositions / 2.0) / matches) / 3.0;
  while (prefix < 4 && prefix < na && prefix < nb && a[prefix] == b[prefix])
    prefix++;
  return jaro + prefix * 0.1 * (1.0 - jaro);
}

static double
word_similarity (const char *a,
                 const char *b)
{
  gunichar ua[MAX_CHARS], ub[MAX_CHARS];
  guint na = 0, nb = 0;

  if (g_str_equal (a, b))
    return 1.0;
  for (const char *p = a; *p && na < MAX_CHARS; p = g_utf8_next_char (p))
    ua[na++] = g_utf8_get_char (p);
  for (const char *p = b; *p && nb < MAX_CHARS; p = g_utf8_next_char (p))
    ub[nb++] = g_utf8_get_char (p);
  if (na < WORD_MATCH_MIN_LEN || nb < WORD_MATCH_MIN_LEN)
    return 0.0;
  /* Jaro–Winkler rates a word's start high: "china" and "chinalco",
   * "metal" and "minmetal" are not spellings of one word. */
  if (MIN (na, nb) * 4 < MAX (na, nb) * 3)
    return 0.0;
  return jaro_winkler (ua, na, ub, nb);
}

#define MAX_WORDS 32

/* How the words of two names were paired. */
typedef struct {
  gint8  partner_a[MAX_WORDS];   /* the word of b paired with word i of a, or -1 */
  gint8  partner_b[MAX_WORDS];
  double sim_a[MAX_WORDS];
} Pairing;

typedef struct {
  double sim;
  guint8 i, j;
} Candidate;

static int
cmp_candidate (gconstpointer x,
               gconstpointer y)
{
  const Candidate *a = x, *b = y;

  if (a->sim != b->sim)
    return a->sim > b->sim ? -1 : 1;
  if (a->i != b->i)
    return a->i - b->i;
  return a->j - b->j;
}

/* Pairs the words of @a and @b greedily, most similar first (equal, or
 * Jaro–Winkler ≥ WORD_MATCH_MIN); ties by position. */
static void
pair_words (const Norm *a,
            const Norm *b,
            Pairing    *pairing)
{
  Candidate cand[MAX_WORDS * MAX_WORDS];
  guint na = MIN (a->n_words, MAX_WORDS), nb = MIN (b->n_words, MAX_WORDS), n = 0;

  memset (pairing->partner_a, -1, sizeof pairing->partner_a);
  memset (pairing->partner_b, -1, sizeof pairing->partner_b);
  for (guint i = 0; i < na; i++)
    for (guint j = 0; j < nb; j++)
      {
        double sim = word_similarity (a->words[i], b->words[j]);

        if (sim >= WORD_MATCH_MIN)
          cand[n++] = (Candidate) { sim, i, j };
      }
  qsort (cand, n, sizeof cand[0], cmp_candidate);
  for (guint k = 0; k < n; k++)
    if (pairing->partner_a[cand[k].i] < 0 && pairing->partner_b[cand[k].j] < 0)
      {
        pairing->partner_a[cand[k].i] = cand[k].j;
        pairing->partner_b[cand[k].j] = cand[k].i;
        pairing->sim_a[cand[k].i] = cand[k].sim;
      }
}

static gboolean
same_text (const char *a,
           const char *b)
{
  return g_strcmp0 (a, b) == 0;
}

/* Whether @a and @b are equal once case folded (or both NULL). */
static gboolean
same_folded (const char *a,
             const char *b)
{
  g_autofree char *fa = NULL;
  g_autofree char *fb = NULL;

  if (a == NULL || b == NULL)
    return a == b;
  fa = g_utf8_casefold (a, -1);
  fb = g_utf8_casefold (b, -1);
  return g_str_equal (fa, fb);
}

/* The score of two names from their words alone (before countries), and
 * the reasons.  @wa, @wb: a weight per word (NULL: 1 each). */
static double
name_score (const Norm   *a,
            const Norm   *b,
            const double *wa,
            const double *wb,
            guint        *reasons,
            Pairing      *pairing)
{
  double matched = 0, total = 0, tokens, flat;
  guint na = MIN (a->n_words, MAX_WORDS), nb = MIN (b->n_words, MAX_WORDS);

  *reasons = 0;
  if (!g_str_equal (a->numbers, b->numbers))
    return 0.0;   /* "Plant 1" and "Plant 2" are two companies */
  if (a->n_flat == 0 || b->n_flat == 0)
    return 0.0;
  pair_words (a, b, pairing);
  if (!same_text (a->legal, b->legal))
    *reasons |= OT_ALIAS_REASON_LEGAL_FORM;
  if (!same_folded (a->qualifier, b->qualifier))
    *reasons |= OT_ALIAS_REASON_QUALIFIER;
  if (a->translit != b->translit)
    *reasons |= OT_ALIAS_REASON_TRANSLITERATION;
  for (guint i = 0; i < na; i++)
    {
      double w = wa ? wa[i] : 1.0;
      gint j = pairing->partner_a[i];

      total += w;
      if (j < 0)
        continue;
      matched += pairing->sim_a[i] * (w + (wb ? wb[j] : 1.0));
      if (pairing->sim_a[i] < 1.0)
        *reasons |= OT_ALIAS_REASON_SIMILAR_SPELLING;
      else if (!g_str_equal (a->surface[i], b->surface[j]))
        *reasons |= OT_ALIAS_REASON_WORD_VARIANT;
    }
  for (guint j = 0; j < nb; j++)
    total += wb ? wb[j] : 1.0;

  if (g_str_equal (a->joined, b->joined))
    {
      *reasons |= OT_ALIAS_REASON_SAME_NAME;
      *reasons &= ~(OT_ALIAS_REASON_SIMILAR_SPELLING | OT_ALIAS_REASON_EXTRA_WORDS);
      if (a->n_words != b->n_words ||
          !(*reasons & (OT_ALIAS_REASON_LEGAL_FORM | OT_ALIAS_REASON_QUALIFIER |
                        OT_ALIAS_REASON_TRANSLITERATION | OT_ALIAS_REASON_WORD_VARIANT)))
        *reasons |= OT_ALIAS_REASON_PUNCTUATION;
      return SAME_NAME_SCORE;
    }
  for (guint i = 0; i < na; i++)
    if (pairing->partner_a[i] < 0)
      *reasons |= OT_ALIAS_REASON_EXTRA_WORDS;
  for (guint j = 0; j < nb; j++)
    if (pairing->partner_b[j] < 0)
      *reasons |= OT_ALIAS_REASON_EXTRA_WORDS;
  tokens = total > 0 ? matched / total : 0;
  flat = jaro_winkler (a->flat, a->n_flat, b->flat, b->n_flat);
  return FUZZY_SCALE * (WEIGHT_TOKENS * tokens + WEIGHT_FLAT * flat);
}

double
ot_alias_compare (const char *name_a,
                  const char *name_b,
                  guint      *reasons)
{
  Norm a, b;
  Pairing pairing;
  guint r = 0;
  double score;

  g_return_val_if_fail (name_a != NULL && name_b != NULL, 0.0);
  norm_init (&a, name_a);
  norm_init (&b, name_b);
  score = name_score (&a, &b, NULL, NULL, &r, &pairing);
  norm_clear (&a);
  norm_clear (&b);
  if (reasons)
    *reasons = r;
  return score;
}

/* ---- Suggestions over a dataset --------------------------------------- */

#define COUNTRY_WORDS 11   /* 26 × 26 two-letter codes, one bit each */

typedef struct {
  const char *key;
  guint       n_incidents;
  guint       last_incident;   /* + 1: counts an incident once */
  gboolean    has_country;
  guint64     countries[COUNTRY_WORDS];
  Norm        norm;
  double     *weights;
  GPtrArray  *postings;        /* of GArray of guint: the blocks it is in */
  GArray     *same_block;      /* the block of its whole normal form */
} Name;

typedef struct {
  GArray     *names;           /* of Name */
  GHashTable *by_pointer;      /* interned key → index + 1 */
  GHashTable *by_text;         /* key text → index + 1 (strings interned twice) */
} Names;

static int
country_bit (OtCountry country)
{
  const char *c = country.code;

  if (c[0] < 'A' || c[0] > 'Z' || c[1] < 'A' || c[1] > 'Z')
    return -1;
  return (c[0] - 'A') * 26 + (c[1] - 'A');
}

static void
names_add (Names      *names,
           const char *key,
           OtCountry   country,
           guint       incident)
{
  guint index;
  Name *name;
  int bit;

  if (key == NULL || *key == '\0')
    return;
  index = GPOINTER_TO_UINT (g_hash_table_lookup (names->by_pointer, key));
  if (index == 0)
    {
      index = GPOINTER_TO_UINT (g_hash_table_lookup (names->by_text, key));
      if (index == 0)
        {
          Name fresh = { .key = key };

          g_array_append_val (names->names, fresh);
          index = names->names->len;
          g_hash_table_insert (names->by_text, (gpointer) key, GUINT_TO_POINTER (index));
        }
      g_hash_table_insert (names->by_pointer, (gpointer) key, GUINT_TO_POINTER (index));
    }
  name = &g_array_index (names->names, Name, index - 1);
  if (name->last_incident != incident + 1)
    {
      name->last_incident = incident + 1;
      name->n_incidents++;
    }
  if ((bit = country_bit (country)) >= 0)
    {
      name->countries[bit / 64] |= G_GUINT64_CONSTANT (1) << (bit % 64);
      name->has_country = TRUE;
    }
}

static void
name_clear (gpointer data)
{
  Name *name = data;

  norm_clear (&name->norm);
  g_free (name->weights);
  g_clear_pointer (&name->postings, g_ptr_array_unref);
}

/* Every company key of @dataset with its incidents and countries. */
static GArray *
collect_names (OtDataset *dataset)
{
  Names names;
  guint n = ot_dataset_get_n_incidents (dataset);

  names.names = g_array_new (FALSE, FALSE, sizeof (Name));
  g_array_set_clear_func (names.names, name_clear);
  names.by_pointer = g_hash_table_new (g_direct_hash, g_direct_equal);
  names.by_text = g_hash_table_new (g_str_hash, g_str_equal);
  for (guint i = 0; i < n; i++)
    {
      const OtIncident *incident = ot_dataset_get_incident (dataset, i);

      names_add (&names, incident->exporter, incident->origin, i);
      names_add (&names, incident->consignee, incident->destination, i);
    }
  g_hash_table_unref (names.by_pointer);
  g_hash_table_unref (names.by_text);
  return names.names;
}

/* Word weights: ln (1 + N / df), df the names holding the word. */
static void
weigh_words (GArray *names)
{
  g_autoptr(GHashTable) df = g_hash_table_new (g_str_hash, g_str_equal);
  double n = names->len;

  for (guint k = 0; k < names->len; k++)
    {
      Norm *norm = &g_array_index (names, Name, k).norm;

      for (guint i = 0; i < norm->n_words; i++)
        {
          gboolean seen = FALSE;

          for (guint j = 0; j < i && !seen; j++)
            seen = g_str_equal (norm->words[i], norm->words[j]);
          if (!seen)
            g_hash_table_insert (df, norm->words[i],
                                 GUINT_TO_POINTER (GPOINTER_TO_UINT (
                                   g_hash_table_lookup (df, norm->words[i])) + 1));
        }
    }
  for (guint k = 0; k < names->len; k++)
    {
      Name *name = &g_array_index (names, Name, k);

      name->weights = g_new (double, MAX (name->norm.n_words, 1));
      for (guint i = 0; i < name->norm.n_words; i++)
        name->weights[i] = log (1.0 + n / GPOINTER_TO_UINT (
                                  g_hash_table_lookup (df, name->norm.words[i])));
    }
}

static void
post (GHashTable *blocks,
      Name       *name,
      guint       index,
      char       *key)   /* taken */
{
  GArray *list = g_hash_table_lookup (blocks, key);
  gboolean flat = key[0] == 'f';

  if (list == NULL)
    {
      list = g_array_new (FALSE, FALSE, sizeof (guint));
      g_hash_table_insert (blocks, key, list);
    }
  else
    {
      gboolean again = g_array_index (list, guint, list->len - 1) == index;

      g_free (key);
      if (again)
        return;
    }
  g_array_append_val (list, index);
  if (flat)
    name->same_block = list;
  else
    g_ptr_array_add (name->postings, list);
}

/* The blocks: each name is in the block of its whole normal form with
 * its numbers ("f": pairs with other numbers score 0), of each word and each two neighbouring words joined ("w"), and
 * of the first PREFIX_LEN characters of each longer word ("p"). */
static GHashTable *
build_blocks (GArray *names)
{
  GHashTable *blocks = g_hash_table_new_full (g_str_hash, g_str_equal, g_free,
                                              (GDestroyNotify) g_array_unref);

  for (guint k = 0; k < names->len; k++)
    {
      Name *name = &g_array_index (names, Name, k);
      Norm *norm = &name->norm;
      name->postings = g_ptr_array_new ();
      if (norm->n_flat == 0)
        continue;
      post (blocks, name, k, g_strconcat ("f", norm->joined, "\x1f", norm->numbers, NULL));
      for (guint i = 0; i < norm->n_words; i++)
        {
          const char *word = norm->words[i];

          post (blocks, name, k, g_strconcat ("w", word, NULL));
          if (norm->words[i + 1])
            post (blocks, name, k, g_strconcat ("w", word, norm->words[i + 1], NULL));
          if (g_utf8_strlen (word, -1) > PREFIX_LEN)
            {
              const char *end = g_utf8_offset_to_pointer (word, PREFIX_LEN);

              post (blocks, name, k, g_strdup_printf ("p%.*s", (int) (end - word), word));
            }
        }
    }
  return blocks;
}

/* What @key is part of: @entities's entity, or without @entities the
 * dataset's alias, or the key itself. */
static const char *
entity_of (OtDataset  *dataset,
           GHashTable *entities,
           const char *key)
{
  const char *entity;

  if (entities == NULL)
    return ot_dataset_resolve_company (dataset, key);
  entity = g_hash_table_lookup (entities, key);
  return entity ? entity : key;
}

static guint
count_bits (const guint64 *a,
            const guint64 *b,
            int           *first)
{
  guint n = 0;

  *first = -1;
  for (guint w = 0; w < COUNTRY_WORDS; w++)
    {
      guint64 both = a[w] & b[w];

      if (both && *first < 0)
        *first = w * 64 + __builtin_ctzll (both);
      n += __builtin_popcountll (both);
    }
  return n;
}

/* Scores names @i and @j of @names; appends the pair to @out when it
 * reaches the threshold and is neither one entity nor rejected. */
static void
consider (OtDataset  *dataset,
          GArray     *names,
          guint       i,
          guint       j,
          GHashTable *entities,
          GHashTable *rejected,
          GArray     *out)
{
  const Name *a = &g_array_index (names, Name, i), *b = &g_array_index (names, Name, j);
  OtAliasSuggestion s = { 0 };
  Pairing pairing;
  double score;
  int first;

  score = name_score (&a->norm, &b->norm, a->weights, b->weights, &s.reasons, &pairing);
  if (score + COUNTRY_BONUS < OT_ALIAS_SUGGEST_THRESHOLD)
    return;
  if (a->has_country && b->has_country)
    {
      s.n_shared_countries = count_bits (a->countries, b->countries, &first);
      if (s.n_shared_countries > 0)
        {
          score += COUNTRY_BONUS;
          s.reasons |= OT_ALIAS_REASON_SHARED_COUNTRY;
          s.shared_country.code[0] = 'A' + first / 26;
          s.shared_country.code[1] = 'A' + first % 26;
        }
      else
        {
          score -= COUNTRY_PENALTY;
          s.reasons |= OT_ALIAS_REASON_NO_SHARED_COUNTRY;
        }
    }
  if (score < OT_ALIAS_SUGGEST_THRESHOLD)
    return;
  if (strcmp (a->key, b->key) > 0)
    {
      const Name *t = a;

      a = b;
      b = t;
    }
  if (g_str_equal (entity_of (dataset, entities, a->key), entity_of (dataset, entities, b->key)))
    return;
  if (rejected)
    {
      g_autofree char *pair = ot_alias_pair_key (a->key, b->key);

      if (g_hash_table_contains (rejected, pair))
        return;
    }
  s.key_a = a->key;
  s.key_b = b->key;
  s.score = MIN (score, 1.0);
  s.n_a = a->n_incidents;
  s.n_b = b->n_incidents;
  g_array_append_val (out, s);
}

static int
cmp_suggestion (gconstpointer x,
                gconstpointer y)
{
  const OtAliasSuggestion *a = x, *b = y;
  int c;

  if (a->score != b->score)
    return a->score > b->score ? -1 : 1;
  if ((c = strcmp (a->key_a, b->key_a)) != 0)
    return c;
  return strcmp (a->key_b, b->key_b);
}

/* Every candidate pair, each once: the names sharing a block with name
 * @i that come after it; blocks of more than BLOCK_MAX names are too
 * common to find candidates by, except that of a whole normal form. */
static GArray *
score_candidates (OtDataset  *dataset,
                  GArray     *names,
                  GHashTable *entities,
                  GHashTable *rejected)
{
  GArray *out = g_array_new (FALSE, FALSE, sizeof (OtAliasSuggestion));
  g_autofree guint *stamp = g_new (guint, names->len);

  for (guint i = 0; i < names->len; i++)
    stamp[i] = G_MAXUINT;
  for (guint i = 0; i < names->len; i++)
    {
      Name *name = &g_array_index (names, Name, i);

      for (guint b = 0; b <= name->postings->len; b++)
        {
          GArray *block = b < name->postings->len ? name->postings->pdata[b] : name->same_block;

          if (block == NULL || (block != name->same_block && block->len > BLOCK_MAX))
            continue;
          for (guint k = 0; k < block->len; k++)
            {
              guint j = g_array_index (block, guint, k);

              if (j <= i || stamp[j] == i)
                continue;
              stamp[j] = i;
              consider (dataset, names, i, j, entities, rejected, out);
            }
        }
    }
  return out;
}

GArray *
ot_alias_suggest (OtDataset  *dataset,
                  GHashTable *entities,
                  GHashTable *rejected,
                  guint       max)
{
  g_autoptr(GArray) names = NULL;
  g_autoptr(GHashTable) blocks = NULL;
  g_autoptr(GHashTable) seen = NULL;
  g_autoptr(GArray) found = NULL;
  GArray *out;

  g_return_val_if_fail (OT_IS_DATASET (dataset), NULL);

  names = collect_names (dataset);
  for (guint k = 0; k < names->len; k++)
    {
      Name *name = &g_array_index (names, Name, k);

      norm_init (&name->norm, name->key);
    }
  weigh_words (names);
  blocks = build_blocks (names);
  found = score_candidates (dataset, names, entities, rejected);
  g_array_sort (found, cmp_suggestion);

  /* The best pair between two entities stands for them all. */
  out = g_array_new (FALSE, FALSE, sizeof (OtAliasSuggestion));
  seen = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  for (guint k = 0; k < found->len && (max == 0 || out->len < max); k++)
    {
      const OtAliasSuggestion *s = &g_array_index (found, OtAliasSuggestion, k);

      char *pair = ot_alias_pair_key (entity_of (dataset, entities, s->key_a),
                                      entity_of (dataset, entities, s->key_b));

      if (!g_hash_table_add (seen, pair))
        continue;
      g_array_append_val (out, *s);
    }
  return out;
}

char *
ot_alias_pair_key (const char *key_a,
                   const char *key_b)
{
  g_return_val_if_fail (key_a != NULL && key_b != NULL, NULL);

  if (strcmp (key_a, key_b) > 0)
    return g_strconcat (key_b, "\x1f", key_a, NULL);
  return g_strconcat (key_a, "\x1f", key_b, NULL);
}

GHashTable *
ot_alias_rejected_set (const OtCaseTables *tables)
{
  GHashTable *set = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);

  if (tables == NULL || tables->alias_decisions == NULL)
    return set;
  for (guint i = 0; i < tables->alias_decisions->len; i++)
    {
      const OtCaseAliasDecision *d = tables->alias_decisions->pdata[i];

      if (d->key_a && d->key_b)
        g_hash_table_add (set, ot_alias_pair_key (d->key_a, d->key_b));
    }
  return set;
}

/* ---- Explanations ----------------------------------------------------- */

/* "a ≈ b, c ≈ d": the pairs of words of @a and @b that differ, paired
 * approximately (@approximate) or as forms of one word. */
static char *
list_pairs (const Norm    *a,
            const Norm    *b,
            const Pairing *pairing,
            gboolean       approximate)
{
  g_autoptr(GString) text = g_string_new (NULL);

  for (guint i = 0; i < MIN (a->n_words, MAX_WORDS); i++)
    {
      gint j = pairing->partner_a[i];

      if (j < 0 || (pairing->sim_a[i] < 1.0) != approximate ||
          g_str_equal (a->surface[i], b->surface[j]))
        continue;
      if (text->len)
        g_string_append (text, ", ");
      g_string_append_printf (text, "%s ≈ %s", a->surface[i], b->surface[j]);
    }
  return g_string_free (g_steal_pointer (&text), FALSE);
}

static void
list_extra (GString    *text,
            const Norm *norm,
            const gint8 *partner)
{
  for (guint i = 0; i < MIN (norm->n_words, MAX_WORDS); i++)
    {
      if (partner[i] >= 0)
        continue;
      if (text->len)
        g_string_append (text, ", ");
      g_string_append (text, norm->surface[i]);
    }
}

static void
add_part (GPtrArray *parts,
          char      *text)   /* taken */
{
  if (text && *text)
    g_ptr_array_add (parts, text);
  else
    g_free (text);
}

static char *
explain_countries (const OtAliasSuggestion *s)
{
  const char *country;

  if (s->reasons & OT_ALIAS_REASON_NO_SHARED_COUNTRY)
    return g_strdup (_("No country in common"));
  if (!(s->reasons & OT_ALIAS_REASON_SHARED_COUNTRY) || !OT_COUNTRY_IS_SET (s->shared_country))
    return NULL;
  country = ot_country_display_name (s->shared_country.code);
  if (country == NULL)
    country = s->shared_country.code;
  if (s->n_shared_countries <= 1)
    return g_strdup_printf (_("Both in %s"), country);
  return g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "Both in %s and %u more country",
                                       "Both in %s and %u more countries",
                                       s->n_shared_countries - 1),
                          country, s->n_shared_countries - 1);
}

static char *
explain_legal (const Norm *a,
               const Norm *b,
               gboolean    same)
{
  if (a->legal && b->legal)
    return g_strdup_printf (same ? _("Same name apart from the legal form (%s ≈ %s)")
                                 : _("Legal forms %s ≈ %s"), a->legal, b->legal);
  return g_strdup_printf (same ? _("Same name apart from the legal form (%s)")
                               : _("Legal form %s on one side only"),
                          a->legal ? a->legal : b->legal);
}

char *
ot_alias_explain (const OtAliasSuggestion *s)
{
  g_autoptr(GPtrArray) parts = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GString) extra = g_string_new (NULL);
  gboolean same;
  Pairing pairing;
  guint reasons;
  Norm a, b;
  char *text;

  g_return_val_if_fail (s != NULL && s->key_a != NULL && s->key_b != NULL, NULL);

  norm_init (&a, s->key_a);
  norm_init (&b, s->key_b);
  name_score (&a, &b, NULL, NULL, &reasons, &pairing);
  same = (s->reasons & OT_ALIAS_REASON_SAME_NAME) != 0;

  if (same && (s->reasons & OT_ALIAS_REASON_LEGAL_FORM))
    add_part (parts, explain_legal (&a, &b, TRUE));
  else if (same)
    add_part (parts, g_strdup (_("Same name once normalised")));
  else
    add_part (parts, g_strdup (_("Similar names")));
  if (!same && (s->reasons & OT_ALIAS_REASON_LEGAL_FORM))
    add_part (parts, explain_legal (&a, &b, FALSE));
  if ((s->reasons & OT_ALIAS_REASON_QUALIFIER) && a.qualifier && b.qualifier)
    add_part (parts, g_strdup_printf (_("“%s” and “%s” left out"), a.qualifier, b.qualifier));
  else if (s->reasons & OT_ALIAS_REASON_QUALIFIER)
    add_part (parts, g_strdup_printf (_("“%s” left out"), a.qualifier ? a.qualifier : b.qualifier));
  if (s->reasons & OT_ALIAS_REASON_WORD_VARIANT)
    {
      g_autofree char *list = list_pairs (&a, &b, &pairing, FALSE);

      if (*list)
        add_part (parts, g_strdup_printf (_("Word forms: %s"), list));
    }
  if (s->reasons & OT_ALIAS_REASON_SIMILAR_SPELLING)
    {
      g_autofree char *list = list_pairs (&a, &b, &pairing, TRUE);

      if (*list)
        add_part (parts, g_strdup_printf (_("Similar spelling: %s"), list));
    }
  if (s->reasons & OT_ALIAS_REASON_EXTRA_WORDS)
    {
      list_extra (extra, &a, pairing.partner_a);
      list_extra (extra, &b, pairing.partner_b);
      if (extra->len)
        add_part (parts, g_strdup_printf (_("Extra words: %s"), extra->str));
    }
  if (s->reasons & OT_ALIAS_REASON_TRANSLITERATION)
    add_part (parts, g_strdup (_("Accents or script differ")));
  if (s->reasons & OT_ALIAS_REASON_PUNCTUATION)
    add_part (parts, g_strdup (_("Case, spacing or punctuation differs")));
  add_part (parts, explain_countries (s));

  norm_clear (&a);
  norm_clear (&b);
  g_ptr_array_add (parts, NULL);
  text = g_strjoinv (" · ", (char **) parts->pdata);
  return text;
}
