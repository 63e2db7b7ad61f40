/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "ot-filter.h"
#include "ot-filter-private.h"
#include "ot-error.h"

#include <glib/gi18n-lib.h>
#include <math.h>
#include <string.h>


static GPtrArray *
key_set_copy (const GPtrArray *set)
{
  GPtrArray *copy;

  if (set == NULL || set->len == 0)
    return NULL;
  copy = g_ptr_array_new_full (set->len, g_free);
  for (guint i = 0; i < set->len; i++)
    g_ptr_array_add (copy, g_strdup (g_ptr_array_index (set, i)));
  return copy;
}

static gboolean
key_set_equal (const GPtrArray *a,
               const GPtrArray *b)
{
  guint na = a ? a->len : 0, nb = b ? b->len : 0;

  if (na != nb)
    return FALSE;
  for (guint i = 0; i < na; i++)
    if (strcmp (g_ptr_array_index (a, i), g_ptr_array_index (b, i)) != 0)
      return FALSE;
  return TRUE;
}

/* Binary search: the index of @key, or where it would go (~index). */
static gint
key_set_find (const GPtrArray *set,
              const char      *key)
{
  guint lo = 0, hi = set ? set->len : 0;

  while (lo < hi)
    {
      guint mid = (lo + hi) / 2;
      int cmp = strcmp (g_ptr_array_index (set, mid), key);

      if (cmp == 0)
        return mid;
      if (cmp < 0)
        lo = mid + 1;
      else
        hi = mid;
    }
  return ~(gint) lo;
}

static gboolean
key_set_contains (const GPtrArray *set,
                  const char      *key)
{
  return set != NULL && key_set_find (set, key) >= 0;
}

/* An empty set allows everything; otherwise @text's key must be in it. */
static gboolean
key_set_allows (const GPtrArray *set,
                const char      *text)
{
  g_autofree char *key = NULL;

  if (set == NULL)
    return TRUE;
  key = ot_filter_label_key (text);
  return key_set_contains (set, key);
}

/* Adds or removes the key of @text; the set is freed when it empties. */
static void
key_set_update (GPtrArray **set,
                const char *text,
                gboolean    included)
{
  g_autofree char *key = ot_filter_label_key (text);
  gint pos;

  if (*key == '\0')
    return;
  pos = key_set_find (*set, key);
  if (included && pos < 0)
    {
      if (*set == NULL)
        *set = g_ptr_array_new_with_free_func (g_free);
      g_ptr_array_insert (*set, ~pos, g_steal_pointer (&key));
    }
  else if (!included && pos >= 0)
    {
      g_ptr_array_remove_index (*set, pos);
      if ((*set)->len == 0)
        g_clear_pointer (set, g_ptr_array_unref);
    }
}

/* The bit of a reliability grade ('A'..'F', case-insensitive) or of a
 * credibility grade (1..6); 0 for "not given", -1 for neither. */
static gint
reliability_bit (char grade)
{
  char upper = g_ascii_toupper (grade);

  if (grade == 0)
    return 0;
  return upper >= 'A' && upper <= 'F' ? upper - 'A' + 1 : -1;
}

static gint
credibility_bit (guint grade)
{
  return grade <= 6 ? (gint) grade : -1;
}

static gint
country_bit (const char *alpha2)
{
  if (alpha2 == NULL ||
      !g_ascii_isalpha (alpha2[0]) || !g_ascii_isalpha (alpha2[1]) || alpha2[2] != '\0')
    return -1;
  return (g_ascii_toupper (alpha2[0]) - 'A') * 26 + (g_ascii_toupper (alpha2[1]) - 'A');
}

static gboolean
bits_any (const guint32 *words,
          guint          n_words)
{
  for (guint i = 0; i < n_words; i++)
    if (words[i] != 0)
      return TRUE;
  return FALSE;
}

OtFilter *
ot_filter_new (void)
{
  return g_new0 (OtFilter, 1);
}

OtFilter *
ot_filter_copy (const OtFilter *filter)
{
  OtFilter *copy;

  g_return_val_if_fail (filter != NULL, NULL);

  copy = g_memdup2 (filter, sizeof *filter);
  copy->methods = key_set_copy (filter->methods);
  copy->declared = key_set_copy (filter->declared);
  copy->companies[0] = key_set_copy (filter->companies[0]);
  copy->companies[1] = key_set_copy (filter->companies[1]);
  return copy;
}

void
ot_filter_free (OtFilter *filter)
{
  if (filter == NULL)
    return;
  g_clear_pointer (&filter->methods, g_ptr_array_unref);
  g_clear_pointer (&filter->declared, g_ptr_array_unref);
  g_clear_pointer (&filter->companies[0], g_ptr_array_unref);
  g_clear_pointer (&filter->companies[1], g_ptr_array_unref);
  g_free (filter);
}

gboolean
ot_filter_equal (const OtFilter *a,
                 const OtFilter *b)
{
  if (a == NULL || b == NULL)
    return (a == NULL || ot_filter_is_empty (a)) && (b == NULL || ot_filter_is_empty (b));

  return memcmp (a->minerals, b->minerals, sizeof a->minerals) == 0 &&
         a->statuses == b->statuses &&
         a->from_day == b->from_day &&
         a->to_day == b->to_day &&
         a->min_kg == b->min_kg &&
         a->confidences == b->confidences &&
         a->reliabilities == b->reliabilities &&
         a->credibilities == b->credibilities &&
         !a->hide_illustrative == !b->hide_illustrative &&
         memcmp (a->countries, b->countries, sizeof a->countries) == 0 &&
         key_set_equal (a->methods, b->methods) &&
         key_set_equal (a->declared, b->declared) &&
         key_set_equal (a->companies[0], b->companies[0]) &&
         key_set_equal (a->companies[1], b->companies[1]);
}

gboolean
ot_filter_is_empty (const OtFilter *filter)
{
  g_return_val_if_fail (filter != NULL, TRUE);

  for (guint part = 0; part < OT_N_FILTER_PARTS; part++)
    if (ot_filter_has_part (filter, part))
      return FALSE;
  return TRUE;
}

void
ot_filter_set_mineral (OtFilter  *filter,
                       OtMineral  mineral,
                       gboolean   included)
{
  g_return_if_fail (filter != NULL);

  if (included)
    filter->minerals[mineral / 32] |= 1u << (mineral % 32);
  else
    filter->minerals[mineral / 32] &= ~(1u << (mineral % 32));
}

gboolean
ot_filter_has_minerals (const OtFilter *filter)
{
  g_return_val_if_fail (filter != NULL, FALSE);

  for (guint i = 0; i < G_N_ELEMENTS (filter->minerals); i++)
    if (filter->minerals[i] != 0)
      return TRUE;
  return FALSE;
}

gboolean
ot_filter_includes_mineral (const OtFilter *filter,
                            OtMineral       mineral)
{
  g_return_val_if_fail (filter != NULL, TRUE);

  if (!ot_filter_has_minerals (filter))
    return TRUE;
  return (filter->minerals[mineral / 32] >> (mineral % 32)) & 1;
}

void
ot_filter_set_status (OtFilter *filter,
                      OtStatus  status,
                      gboolean  included)
{
  g_return_if_fail (filter != NULL);
  g_return_if_fail (status < OT_N_STATUS);

  if (included)
    filter->statuses |= 1u << status;
  else
    filter->statuses &= ~(1u << status);
}

gboolean
ot_filter_includes_status (const OtFilter *filter,
                           OtStatus        status)
{
  g_return_val_if_fail (filter != NULL, TRUE);

  return filter->statuses == 0 || ((filter->statuses >> status) & 1);
}

void
ot_filter_set_period (OtFilter *filter,
                      guint32   from_day,
                      guint32   to_day)
{
  g_return_if_fail (filter != NULL);

  filter->from_day = from_day;
  filter->to_day = to_day;
}

void
ot_filter_get_period (const OtFilter *filter,
                      guint32        *from_day,
                      guint32        *to_day)
{
  g_return_if_fail (filter != NULL);

  if (from_day)
    *from_day = filter->from_day;
  if (to_day)
    *to_day = filter->to_day;
}

void
ot_filter_set_min_kg (OtFilter *filter,
                      double    min_kg)
{
  g_return_if_fail (filter != NULL);

  filter->min_kg = isnan (min_kg) || min_kg < 0 ? 0 : min_kg;
}

double
ot_filter_get_min_kg (const OtFilter *filter)
{
  g_return_val_if_fail (filter != NULL, 0);

  return filter->min_kg;
}

static gboolean
country_in (const guint32   *bits,
            const OtCountry *country)
{
  gint bit = country_bit (country->code);

  return bit >= 0 && ((bits[bit / 32] >> (bit % 32)) & 1);
}

/* Does @incident name a country of @bits anywhere on its path? */
static gboolean
touches_countries (const guint32    *bits,
                   const OtIncident *incident)
{
  if (country_in (bits, &incident->origin) || country_in (bits, &incident->destination) ||
      country_in (bits, &incident->event_country))
    return TRUE;
  for (guint i = 0; i < incident->n_via; i++)
    if (country_in (bits, &incident->via[i].country))
      return TRUE;
  return FALSE;
}

static gboolean
matches_countries (const OtFilter   *filter,
                   const OtIncident *incident)
{
  if (bits_any (filter->countries[0], COUNTRY_WORDS) &&
      !touches_countries (filter->countries[0], incident))
    return FALSE;
  return !touches_countries (filter->countries[1], incident);
}

/* Results of the string tests per string pointer, for one pass over a
 * dataset: its strings are interned, so a label met again is not folded
 * again.  Each table maps a pointer to 1 + the result. */
typedef struct {
  OtDataset  *dataset;     /* whose aliases name the companies, or NULL */
  GHashTable *methods;     /* concealment -> passes the methods part */
  GHashTable *declared;    /* declared_as -> passes the labels part */
  GHashTable *companies;   /* name -> 1 + (1: included, 2: excluded) bits */
} Memo;

static void
memo_clear (Memo *memo)
{
  g_clear_pointer (&memo->methods, g_hash_table_unref);
  g_clear_pointer (&memo->declared, g_hash_table_unref);
  g_clear_pointer (&memo->companies, g_hash_table_unref);
}

static void
memo_init (Memo *memo)
{
  memo->methods = g_hash_table_new (NULL, NULL);
  memo->declared = g_hash_table_new (NULL, NULL);
  memo->companies = g_hash_table_new (NULL, NULL);
}

static guint
key_sides (const OtFilter *filter,
           const char     *name)
{
  g_autofree char *key = ot_filter_label_key (name);

  return key_set_contains (filter->companies[0], key) | key_set_contains (filter->companies[1], key) << 1;
}

/* 1: in the include set, 2: in the exclude set (bits).  A company is
 * picked by its entity's name (issue 17: merged companies are one), and
 * still by its own (a filter made before the merge keeps its meaning). */
static guint
company_sides (const OtFilter *filter,
               const char     *name,
               Memo           *memo)
{
  const char *entity;
  guint sides;

  if (name == NULL)
    return 0;
  if (memo && (sides = GPOINTER_TO_UINT (g_hash_table_lookup (memo->companies, name))) != 0)
    return sides - 1;
  entity = memo && memo->dataset ? ot_dataset_resolve_company (memo->dataset, name) : name;
  sides = key_sides (filter, name);
  if (entity != name)
    sides |= key_sides (filter, entity);
  if (memo)
    g_hash_table_insert (memo->companies, (gpointer) name, GUINT_TO_POINTER (sides + 1));
  return sides;
}

static gboolean
matches_companies (const OtFilter   *filter,
                   const OtIncident *incident,
                   Memo             *memo)
{
  guint sides = company_sides (filter, incident->exporter, memo) |
                company_sides (filter, incident->consignee, memo);

  if (filter->companies[0] && !(sides & 1))
    return FALSE;
  return !(sides & 2);
}

static gboolean
methods_match (const OtFilter *filter,
               const char     *concealment)
{
  g_auto(GStrv) methods = ot_filter_split_methods (concealment);

  for (guint i = 0; methods[i]; i++)
    if (ot_filter_includes_method (filter, methods[i]))
      return TRUE;
  return FALSE;
}

/* @table caches @test on @text (NULL @table: no cache). */
static gboolean
memoized (GHashTable     *table,
          const char     *text,
          const OtFilter *filter,
          gboolean      (*test) (const OtFilter *, const char *))
{
  gpointer hit;
  gboolean result;

  if (table && text && (hit = g_hash_table_lookup (table, text)) != NULL)
    return GPOINTER_TO_UINT (hit) - 1;
  result = test (filter, text);
  if (table && text)
    g_hash_table_insert (table, (gpointer) text, GUINT_TO_POINTER (result + 1));
  return result;
}

static gboolean
matches_with (const OtFilter   *filter,
              const OtIncident *incident,
              Memo             *memo)
{
  if (!ot_filter_includes_mineral (filter, incident->mineral))
    return FALSE;
  if (!ot_filter_includes_status (filter, incident->status))
    return FALSE;
  if (filter->from_day != 0 || filter->to_day != 0)
    {
      guint32 first = ot_date_first_day (&incident->date);
      guint32 last = ot_date_last_day (&incident->date);

      if (first == 0)
        return FALSE;
      if (filter->from_day != 0 && last < filter->from_day)
        return FALSE;
      if (filter->to_day != 0 && first > filter->to_day)
        return FALSE;
    }
  if (filter->min_kg > 0 &&
      (!ot_incident_has_quantity (incident) || incident->quantity_kg < filter->min_kg))
    return FALSE;
  if (!ot_filter_includes_confidence (filter, incident->confidence))
    return FALSE;
  if (filter->hide_illustrative && incident->illustrative)
    return FALSE;
  if (!ot_filter_includes_reliability (filter, incident->reliability) ||
      !ot_filter_includes_credibility (filter, incident->credibility))
    return FALSE;
  if ((bits_any (filter->countries[0], COUNTRY_WORDS) ||
       bits_any (filter->countries[1], COUNTRY_WORDS)) &&
      !matches_countries (filter, incident))
    return FALSE;
  if ((filter->companies[0] || filter->companies[1]) && !matches_companies (filter, incident, memo))
    return FALSE;
  if (filter->declared &&
      !memoized (memo ? memo->declared : NULL, incident->declared_as, filter,
                 ot_filter_includes_declared_as))
    return FALSE;
  if (filter->methods &&
      !memoized (memo ? memo->methods : NULL, incident->concealment, filter, methods_match))
    return FALSE;

  return TRUE;
}

gboolean
ot_filter_matches (const OtFilter   *filter,
                   const OtIncident *incident)
{
  g_return_val_if_fail (incident != NULL, FALSE);

  return filter == NULL || matches_with (filter, incident, NULL);
}

gboolean
ot_filter_matches_in (const OtFilter   *filter,
                      OtDataset        *dataset,
                      const OtIncident *incident)
{
  Memo memo = { NULL };
  gboolean result;

  g_return_val_if_fail (OT_IS_DATASET (dataset), FALSE);
  g_return_val_if_fail (incident != NULL, FALSE);

  if (filter == NULL)
    return TRUE;
  memo.dataset = dataset;
  memo.companies = g_hash_table_new (NULL, NULL);
  result = matches_with (filter, incident, &memo);
  g_hash_table_unref (memo.companies);
  return result;
}

guint8 *
ot_filter_apply (const OtFilter *filter,
                 OtDataset      *dataset,
                 guint          *n_included)
{
  guint n, count = 0;
  guint8 *mask;
  Memo memo = { NULL };

  g_return_val_if_fail (OT_IS_DATASET (dataset), NULL);

  n = ot_dataset_get_n_incidents (dataset);
  mask = g_malloc (MAX (n, 1));
  /* Nothing to ask (a window's first chart): every incident, without
   * asking each (50 ms at 1M incidents). */
  if (filter == NULL || ot_filter_is_empty (filter))
    {
      memset (mask, 1, MAX (n, 1));
      if (n_included)
        *n_included = n;
      return mask;
    }
  memo_init (&memo);
  memo.dataset = dataset;
  for (guint i = 0; i < n; i++)
    {
      mask[i] = matches_with (filter, ot_dataset_get_incident (dataset, i), &memo);
      count += mask[i];
    }
  memo_clear (&memo);
  if (n_included)
    *n_included = count;
  return mask;
}

static gboolean
parse_day (const char *text,
           gboolean    last,
           const char *option,
           guint32    *out,
           GError    **error)
{
  g_autoptr(GError) local = NULL;
  OtDate date;

  if (text == NULL)
    return TRUE;
  if (!ot_date_parse (text, &date, &local) || date.precision == OT_DATE_NONE)
    {
      g_set_error (error, OT_ERROR, OT_ERROR_INVALID,
                   _("--%s: “%s” is not a date (YYYY, YYYY-MM or YYYY-MM-DD)"),
                   option, text);
      return FALSE;
    }
  *out = last ? ot_date_last_day (&date) : ot_date_first_day (&date);
  return TRUE;
}

OtFilter *
ot_filter_new_from_strings (const char * const *minerals,
                            const char * const *statuses,
                            const char         *from,
                            const char         *to,
                            GError            **error)
{
  g_autoptr(OtFilter) filter = ot_filter_new ();

  for (guint i = 0; minerals && minerals[i]; i++)
    {
      OtMineral m;

      if (!ot_mineral_parse (minerals[i], &m))
        {
          g_set_error (error, OT_ERROR, OT_ERROR_INVALID,
                       _("--mineral: unknown mineral “%s”"), minerals[i]);
          return NULL;
        }
      ot_filter_set_mineral (filter, m, TRUE);
    }
  for (guint i = 0; statuses && statuses[i]; i++)
    {
      OtStatus s;

      if (!ot_status_parse (statuses[i], &s))
        {
          g_set_error (error, OT_ERROR, OT_ERROR_INVALID,
                       _("--status: unknown status “%s”"), statuses[i]);
          return NULL;
        }
      ot_filter_set_status (filter, s, TRUE);
    }
  if (!parse_day (from, FALSE, "from", &filter->from_day, error) ||
      !parse_day (to, TRUE, "to", &filter->to_day, error))
    return NULL;
  if (filter->from_day != 0 && filter->to_day != 0 && filter->from_day > filter->to_day)
    {
      g_set_error (error, OT_ERROR, OT_ERROR_INVALID,
                   _("--from %s is after --to %s"), from, to);
      return NULL;
    }

  return g_steal_pointer (&filter);
}

/* Each of @items: one grade or a comma-separated list; "none" for not
 * given.  @option names the option in messages. */
static gboolean
parse_grades (const char * const *items,
              const char         *option,
              gboolean            letters,
              OtFilter           *filter,
              GError            **error)
{
  for (guint i = 0; items && items[i]; i++)
    {
      g_auto(GStrv) words = g_strsplit (items[i], ",", -1);

      for (guint k = 0; words[k]; k++)
        {
          const char *word = g_strstrip (words[k]);
          gboolean none = g_ascii_strcasecmp (word, "none") == 0;

          if (!none && !(strlen (word) == 1 &&
                         (letters ? reliability_bit (word[0]) > 0
                                  : word[0] >= '1' && word[0] <= '6')))
            {
              g_set_error (error, OT_ERROR, OT_ERROR_INVALID,
                           letters ? _("--%s: “%s” is not a grade (A to F, or none)")
                                   : _("--%s: “%s” is not a grade (1 to 6, or none)"),
                           option, word);
              return FALSE;
            }
          if (letters)
            ot_filter_set_reliability (filter, none ? 0 : word[0], TRUE);
          else
            ot_filter_set_credibility (filter, none ? 0 : (guint) (word[0] - '0'), TRUE);
        }
    }
  return TRUE;
}

gboolean
ot_filter_parse_evidence (OtFilter           *filter,
                          const char * const *reliabilities,
                          const char * const *credibilities,
                          gboolean            hide_illustrative,
                          GError            **error)
{
  g_return_val_if_fail (filter != NULL, FALSE);

  if (!parse_grades (reliabilities, "reliability", TRUE, filter, error) ||
      !parse_grades (credibilities, "credibility", FALSE, filter, error))
    return FALSE;
  if (hide_illustrative)
    filter->hide_illustrative = TRUE;
  return TRUE;
}

void
ot_filter_clear_part (OtFilter     *filter,
                      OtFilterPart  part)
{
  g_return_if_fail (filter != NULL);

  switch (part)
    {
    case OT_FILTER_MINERALS:
      memset (filter->minerals, 0, sizeof filter->minerals);
      break;
    case OT_FILTER_STATUSES:
      filter->statuses = 0;
      break;
    case OT_FILTER_CONFIDENCE:
      filter->confidences = 0;
      break;
    case OT_FILTER_METHODS:
      g_clear_pointer (&filter->methods, g_ptr_array_unref);
      break;
    case OT_FILTER_DECLARED_AS:
      g_clear_pointer (&filter->declared, g_ptr_array_unref);
      break;
    case OT_FILTER_COUNTRIES:
      memset (filter->countries, 0, sizeof filter->countries);
      break;
    case OT_FILTER_COMPANIES:
      g_clear_pointer (&filter->companies[0], g_ptr_array_unref);
      g_clear_pointer (&filter->companies[1], g_ptr_array_unref);
      break;
    case OT_FILTER_PERIOD:
      filter->from_day = filter->to_day = 0;
      break;
    case OT_FILTER_MIN_KG:
      filter->min_kg = 0;
      break;
    case OT_FILTER_RELIABILITY:
      filter->reliabilities = 0;
      break;
    case OT_FILTER_CREDIBILITY:
      filter->credibilities = 0;
      break;
    case OT_FILTER_ILLUSTRATIVE:
      filter->hide_illustrative = FALSE;
      break;
    case OT_N_FILTER_PARTS:
    default:
      g_return_if_reached ();
    }
}

gboolean
ot_filter_has_part (const OtFilter *filter,
                    OtFilterPart    part)
{
  g_return_val_if_fail (filter != NULL, FALSE);

  switch (part)
    {
    case OT_FILTER_MINERALS: return ot_filter_has_minerals (filter);
    case OT_FILTER_STATUSES: return filter->statuses != 0;
    case OT_FILTER_CONFIDENCE: return filter->confidences != 0;
    case OT_FILTER_METHODS: return filter->methods != NULL;
    case OT_FILTER_DECLARED_AS: return filter->declared != NULL;
    case OT_FILTER_COUNTRIES:
      return bits_any (filter->countries[0], COUNTRY_WORDS) ||
             bits_any (filter->countries[1], COUNTRY_WORDS);
    case OT_FILTER_COMPANIES: return filter->companies[0] || filter->companies[1];
    case OT_FILTER_PERIOD: return filter->from_day != 0 || filter->to_day != 0;
    case OT_FILTER_MIN_KG: return filter->min_kg > 0;
    case OT_FILTER_RELIABILITY: return filter->reliabilities != 0;
    case OT_FILTER_CREDIBILITY: return filter->credibilities != 0;
    case OT_FILTER_ILLUSTRATIVE: return filter->hide_illustrative;
    case OT_N_FILTER_PARTS:
    default:
      g_return_val_if_reached (FALSE);
    }
}

void
ot_filter_set_confidence (OtFilter     *filter,
                          OtConfidence  confidence,
                          gboolean      included)
{
  g_return_if_fail (filter != NULL);
  g_return_if_fail (confidence < OT_N_CONFIDENCE);

  if (included)
    filter->confidences |= 1u << confidence;
  else
    filter->confidences &= ~(1u << confidence);
}

gboolean
ot_filter_includes_confidence (const OtFilter *filter,
                               OtConfidence    confidence)
{
  g_return_val_if_fail (filter != NULL, TRUE);

  return filter->confidences == 0 || ((filter->confidences >> confidence) & 1);
}

/* Sets or clears @bit of *@bits (a set of grades). */
static void
grade_update (guint32  *bits,
              gint      bit,
              gboolean  included)
{
  if (included)
    *bits |= 1u << bit;
  else
    *bits &= ~(1u << bit);
}

/* An empty set lets every grade through; a grade the format does not
 * have (@bit -1) reads as not given. */
static gboolean
grade_allows (guint32 bits,
              gint    bit)
{
  return bits == 0 || ((bits >> MAX (bit, 0)) & 1);
}

void
ot_filter_set_reliability (OtFilter *filter,
                           char      grade,
                           gboolean  included)
{
  g_return_if_fail (filter != NULL);
  g_return_if_fail (reliability_bit (grade) >= 0);

  grade_update (&filter->reliabilities, reliability_bit (grade), included);
}

gboolean
ot_filter_includes_reliability (const OtFilter *filter,
                                char            grade)
{
  g_return_val_if_fail (filter != NULL, TRUE);

  return grade_allows (filter->reliabilities, reliability_bit (grade));
}

void
ot_filter_set_credibility (OtFilter *filter,
                           guint     grade,
                           gboolean  included)
{
  g_return_if_fail (filter != NULL);
  g_return_if_fail (credibility_bit (grade) >= 0);

  grade_update (&filter->credibilities, credibility_bit (grade), included);
}

gboolean
ot_filter_includes_credibility (const OtFilter *filter,
                                guint           grade)
{
  g_return_val_if_fail (filter != NULL, TRUE);

  return grade_allows (filter->credibilities, credibility_bit (grade));
}

void
ot_filter_set_show_illustrative (OtFilter *filter,
                                 gboolean  show)
{
  g_return_if_fail (filter != NULL);

  filter->hide_illustrative = !show;
}

gboolean
ot_filter_get_show_illustrative (const OtFilter *filter)
{
  g_return_val_if_fail (filter != NULL, TRUE);

  return !filter->hide_illustrative;
}

char *
ot_filter_reliability_label (char grade)
{
  const char *meaning;

  switch (reliability_bit (grade))
    {
    case 1: meaning = _("Completely reliable"); break;
    case 2: meaning = _("Usually reliable"); break;
    case 3: meaning = _("Fairly reliable"); break;
    case 4: meaning = _("Not usually reliable"); break;
    case 5: meaning = _("Unreliable"); break;
    case 6: meaning = _("Reliability cannot be judged"); break;
    default: return g_strdup (_("Not given"));
    }
  /* Translators: a source reliability grade and its meaning, "B · Usually reliable". */
  return g_strdup_printf (_("%c · %s"), g_ascii_toupper (grade), meaning);
}

char *
ot_filter_credibility_label (guint grade)
{
  const char *meaning;

  switch (credibility_bit (grade))
    {
    case 1: meaning = _("Confirmed by other sources"); break;
    case 2: meaning = _("Probably true"); break;
    case 3: meaning = _("Possibly true"); break;
    case 4: meaning = _("Doubtful"); break;
    case 5: meaning = _("Improbable"); break;
    case 6: meaning = _("Truth cannot be judged"); break;
    default: return g_strdup (_("Not given"));
    }
  /* Translators: an information credibility grade and its meaning, "2 · Probably true". */
  return g_strdup_printf (_("%u · %s"), grade, meaning);
}

const char *
ot_filter_confidence_label (OtConfidence confidence)
{
  switch (confidence)
    {
    case OT_CONFIDENCE_LOW: return _("Low");
    case OT_CONFIDENCE_MEDIUM: return _("Medium");
    case OT_CONFIDENCE_HIGH: return _("High");
    case OT_N_CONFIDENCE:
    default:
      g_return_val_if_reached (NULL);
    }
}

char *
ot_filter_label_key (const char *text)
{
  g_autoptr(GString) collapsed = g_string_new (NULL);
  gboolean blank = FALSE;

  if (text == NULL)
    return g_strdup ("");

  for (const char *p = text; *p; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);

      if (g_unichar_isspace (c))
        {
          blank = collapsed->len > 0;
          continue;
        }
      if (blank)
        g_string_append_c (collapsed, ' ');
      blank = FALSE;
      g_string_append_unichar (collapsed, c);
    }
  return g_utf8_casefold (collapsed->str, collapsed->len);
}

GStrv
ot_filter_split_methods (const char *concealment)
{
  g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();
  g_auto(GStrv) parts = NULL;

  if (concealment == NULL)
    return g_strv_builder_end (builder);

  parts = g_strsplit (concealment, ";", -1);
  for (guint i = 0; parts[i]; i++)
    {
      g_strstrip (parts[i]);
      if (parts[i][0] != '\0')
        g_strv_builder_add (builder, parts[i]);
    }
  return g_strv_builder_end (builder);
}

void
ot_filter_set_method (OtFilter   *filter,
                      const char *method,
                      gboolean    included)
{
  g_return_if_fail (filter != NULL);
  g_return_if_fail (method != NULL);

  key_set_update (&filter->methods, method, included);
}

gboolean
ot_filter_includes_method (const OtFilter *filter,
                           const char     *method)
{
  g_return_val_if_fail (filter != NULL, TRUE);

  return key_set_allows (filter->methods, method);
}

void
ot_filter_set_declared_as (OtFilter   *filter,
                           const char *label,
                           gboolean    included)
{
  g_return_if_fail (filter != NULL);
  g_return_if_fail (label != NULL);

  key_set_update (&filter->declared, label, included);
}

gboolean
ot_filter_includes_declared_as (const OtFilter *filter,
                                const char     *label)
{
  g_return_val_if_fail (filter != NULL, TRUE);

  return key_set_allows (filter->declared, label);
}

void
ot_filter_set_country (OtFilter     *filter,
                       const char   *alpha2,
                       OtFilterMode  mode)
{
  gint bit;

  g_return_if_fail (filter != NULL);
  g_return_if_fail (mode <= OT_FILTER_EXCLUDE);

  bit = country_bit (alpha2);
  g_return_if_fail (bit >= 0);

  for (guint side = 0; side < 2; side++)
    filter->countries[side][bit / 32] &= ~(1u << (bit % 32));
  if (mode != OT_FILTER_ANY)
    filter->countries[mode == OT_FILTER_EXCLUDE][bit / 32] |= 1u << (bit % 32);
}

OtFilterMode
ot_filter_get_country (const OtFilter *filter,
                       const char     *alpha2)
{
  gint bit;

  g_return_val_if_fail (filter != NULL, OT_FILTER_ANY);

  bit = country_bit (alpha2);
  if (bit < 0)
    return OT_FILTER_ANY;
  if ((filter->countries[0][bit / 32] >> (bit % 32)) & 1)
    return OT_FILTER_INCLUDE;
  if ((filter->countries[1][bit / 32] >> (bit % 32)) & 1)
    return OT_FILTER_EXCLUDE;
  return OT_FILTER_ANY;
}

void
ot_filter_set_company (OtFilter     *filter,
                       const char   *name,
                       OtFilterMode  mode)
{
  g_return_if_fail (filter != NULL);
  g_return_if_fail (name != NULL);
  g_return_if_fail (mode <= OT_FILTER_EXCLUDE);

  key_set_update (&filter->companies[0], name, mode == OT_FILTER_INCLUDE);
  key_set_update (&filter->companies[1], name, mode == OT_FILTER_EXCLUDE);
}

OtFilterMode
ot_filter_get_company (const OtFilter *filter,
                       const char     *name)
{
  g_autofree char *key = NULL;

  g_return_val_if_fail (filter != NULL, OT_FILTER_ANY);

  key = ot_filter_label_key (name);
  if (key_set_contains (filter->companies[0], key))
    return OT_FILTER_INCLUDE;
  if (key_set_contains (filter->companies[1], key))
    return OT_FILTER_EXCLUDE;
  return OT_FILTER_ANY;
}

/* A Julian day as ot_date_to_display() writes it, so the caption reads
 * as the timeline, the table and the details pane: the month ("2024-01"
 * under C, "January 2024" in English) when @day is the first (or, for
 * @end, the last) day of one, else the day. */
static char *
format_day (guint32  day,
            gboolean end)
{
  GDate date;
  OtDate when = { 0 };

  g_date_clear (&date, 1);
  g_date_set_julian (&date, day);
  when.year = g_date_get_year (&date);
  when.month = g_date_get_month (&date);
  when.day = g_date_get_day (&date);
  when.precision = OT_DATE_DAY;
  if ((!end && when.day == 1) || (end && g_date_is_last_of_month (&date)))
    when.precision = OT_DATE_MONTH;
  return ot_date_to_display (&when);
}

static void
append_part (GString    *out,
             const char *text)
{
  if (out->len > 0)
    g_string_append (out, " · ");
  g_string_append (out, text);
}

/* "label, label, label" or, past @max, the first ones and "+N". */
static char *
join_labels (GPtrArray *labels)
{
  const guint max = 4;
  g_autoptr(GString) out = g_string_new (NULL);

  for (guint i = 0; i < labels->len && i < max; i++)
    {
      if (i > 0)
        /* Translators: separates items of a list in a filter caption. */
        g_string_append (out, _(", "));
      g_string_append (out, g_ptr_array_index (labels, i));
    }
  if (labels->len > max)
    g_string_append_printf (out, " +%u", labels->len - max);
  return g_string_free (g_steal_pointer (&out), FALSE);
}

static void
describe_countries (const OtFilter *filter,
                    GString        *out)
{
  for (guint side = 0; side < 2; side++)
    {
      g_autoptr(GPtrArray) names = g_ptr_array_new ();
      g_autofree char *joined = NULL;
      g_autofree char *text = NULL;

      for (guint bit = 0; bit < COUNTRY_BITS; bit++)
        if ((filter->countries[side][bit / 32] >> (bit % 32)) & 1)
          {
            char code[3] = { 'A' + bit / 26, 'A' + bit % 26, '\0' };
            const char *name = ot_country_is_known (code) ? ot_country_display_name (code) : NULL;

            g_ptr_array_add (names, (gpointer) g_intern_string (name ? name : code));
          }
      if (names->len == 0)
        continue;
      joined = join_labels (names);
      text = side == 0 ? g_strdup_printf (_("Involving %s"), joined)
                       : g_strdup_printf (_("Not involving %s"), joined);
      append_part (out, text);
    }
}

typedef enum {
  KEYS_METHODS,
  KEYS_DECLARED,
  KEYS_COMPANIES,
  KEYS_NOT_COMPANIES,
} KeysKind;

static void
describe_keys (GString         *out,
               const GPtrArray *set,
               KeysKind         kind)
{
  g_autoptr(GPtrArray) labels = g_ptr_array_new ();
  g_autofree char *joined = NULL;
  g_autofree char *text = NULL;

  if (set == NULL)
    return;
  for (guint i = 0; i < set->len; i++)
    g_ptr_array_add (labels, g_ptr_array_index (set, i));
  joined = join_labels (labels);
  switch (kind)
    {
    case KEYS_METHODS: text = g_strdup_printf (_("Concealed: %s"), joined); break;
    case KEYS_DECLARED: text = g_strdup_printf (_("Declared as: %s"), joined); break;
    case KEYS_COMPANIES: text = g_strdup_printf (_("Companies: %s"), joined); break;
    case KEYS_NOT_COMPANIES:
    default: text = g_strdup_printf (_("Excluding companies: %s"), joined); break;
    }
  append_part (out, text);
}

static void
describe_period (const OtFilter *filter,
                 GString        *out)
{
  g_autofree char *from = filter->from_day ? format_day (filter->from_day, FALSE) : NULL;
  g_autofree char *to = filter->to_day ? format_day (filter->to_day, TRUE) : NULL;
  g_autofree char *text = NULL;

  if (from && to && strcmp (from, to) == 0)
    text = g_strdup (from);
  else if (from && to)
    /* Translators: a period, from – to. */
    text = g_strdup_printf (_("%s – %s"), from, to);
  else if (from)
    text = g_strdup_printf (_("From %s"), from);
  else if (to)
    text = g_strdup_printf (_("Until %s"), to);
  if (text)
    append_part (out, text);
}

/* The grades of @bits (bit 1 is @first, bit 0 "not given"), runs of
 * two or more as "A–C": "A–C, E, not given". */
static char *
describe_grades (guint32 bits,
                 char    first)
{
  g_autoptr(GString) out = g_string_new (NULL);

  for (guint bit = 1; bit <= 6; bit++)
    {
      guint end = bit;

      if (!((bits >> bit) & 1))
        continue;
      while (end < 6 && ((bits >> (end + 1)) & 1))
        end++;
      if (out->len > 0)
        g_string_append (out, _(", "));
      if (end > bit)
        g_string_append_printf (out, "%c–%c", first + bit - 1, first + end - 1);
      else
        g_string_append_c (out, first + bit - 1);
      bit = end;
    }
  if (bits & 1)
    {
      if (out->len > 0)
        g_string_append (out, _(", "));
      g_string_append (out, _("not given"));
    }
  return g_string_free (g_steal_pointer (&out), FALSE);
}

char *
ot_filter_describe (const OtFilter *filter)
{
  g_return_val_if_fail (filter != NULL, NULL);

  return ot_filter_describe_parts (filter, OT_FILTER_ALL_PARTS);
}

#define WANTS(parts, part) (((parts) & OT_FILTER_PART_BIT (part)) != 0)

char *
ot_filter_describe_parts (const OtFilter *filter,
                          guint           parts)
{
  g_autoptr(GString) out = g_string_new (NULL);

  g_return_val_if_fail (filter != NULL, NULL);

  if (WANTS (parts, OT_FILTER_MINERALS) && ot_filter_has_minerals (filter))
    {
      g_autoptr(GPtrArray) labels = g_ptr_array_new ();
      g_autofree char *joined = NULL;

      for (guint m = 0; m < ot_mineral_count (); m++)
        if (ot_filter_includes_mineral (filter, m))
          g_ptr_array_add (labels, (gpointer) ot_mineral_label (m));
      if (ot_filter_includes_mineral (filter, OT_MINERAL_NONE))
        g_ptr_array_add (labels, (gpointer) _("Mineral not given"));
      if (labels->len == 0)
        g_ptr_array_add (labels, (gpointer) _("No mineral"));
      joined = join_labels (labels);
      append_part (out, joined);
    }
  if (WANTS (parts, OT_FILTER_STATUSES) && filter->statuses != 0)
    {
      g_autoptr(GPtrArray) labels = g_ptr_array_new ();
      g_autofree char *joined = NULL;

      for (guint st = 0; st < OT_N_STATUS; st++)
        if (ot_filter_includes_status (filter, st))
          g_ptr_array_add (labels, (gpointer) ot_status_label (st));
      joined = join_labels (labels);
      append_part (out, joined);
    }
  if (WANTS (parts, OT_FILTER_CONFIDENCE) && filter->confidences != 0)
    {
      g_autoptr(GPtrArray) labels = g_ptr_array_new ();
      g_autofree char *joined = NULL;
      g_autofree char *text = NULL;

      for (guint c = 0; c < OT_N_CONFIDENCE; c++)
        if (ot_filter_includes_confidence (filter, c))
          g_ptr_array_add (labels, (gpointer) ot_filter_confidence_label (c));
      joined = join_labels (labels);
      text = g_strdup_printf (_("%s confidence"), joined);
      append_part (out, text);
    }
  if (WANTS (parts, OT_FILTER_RELIABILITY) && filter->reliabilities != 0)
    {
      g_autofree char *grades = describe_grades (filter->reliabilities, 'A');
      /* Translators: a filter caption part, "Reliability A–B" or "Reliability A, C, not given". */
      g_autofree char *text = g_strdup_printf (_("Reliability %s"), grades);

      append_part (out, text);
    }
  if (WANTS (parts, OT_FILTER_CREDIBILITY) && filter->credibilities != 0)
    {
      g_autofree char *grades = describe_grades (filter->credibilities, '1');
      /* Translators: a filter caption part, "Credibility 1–2". */
      g_autofree char *text = g_strdup_printf (_("Credibility %s"), grades);

      append_part (out, text);
    }
  if (WANTS (parts, OT_FILTER_ILLUSTRATIVE) && filter->hide_illustrative)
    append_part (out, _("Without illustrative records"));
  if (WANTS (parts, OT_FILTER_METHODS))
    describe_keys (out, filter->methods, KEYS_METHODS);
  if (WANTS (parts, OT_FILTER_DECLARED_AS))
    describe_keys (out, filter->declared, KEYS_DECLARED);
  if (WANTS (parts, OT_FILTER_COUNTRIES))
    describe_countries (filter, out);
  if (WANTS (parts, OT_FILTER_COMPANIES))
    {
      describe_keys (out, filter->companies[0], KEYS_COMPANIES);
      describe_keys (out, filter->companies[1], KEYS_NOT_COMPANIES);
    }
  if (WANTS (parts, OT_FILTER_PERIOD))
    describe_period (filter, out);
  if (WANTS (parts, OT_FILTER_MIN_KG) && filter->min_kg > 0)
    {
      g_autofree char *number = g_strdup_printf ("%'.0f", filter->min_kg);
      g_autofree char *text = g_strdup_printf (_("≥ %s kg"), number);

      append_part (out, text);
    }

  if (out->len == 0)
    return NULL;
  return g_string_free (g_steal_pointer (&out), FALSE);
}

G_DEFINE_BOXED_TYPE (OtFilter, ot_filter, ot_filter_copy, ot_filter_free)

GArray *
ot_mask_to_indices (const guint8 *mask,
                    guint         n_incidents,
                    guint         n_included)
{
  GArray *indices = g_array_sized_new (FALSE, FALSE, sizeof (guint), n_included);

  g_return_val_if_fail (mask != NULL || n_incidents == 0, indices);

  for (guint i = 0; i < n_incidents; i++)
    if (mask[i])
      g_array_append_val (indices, i);
  return indices;
}
