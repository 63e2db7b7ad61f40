/* SPDX-License-Identifier: GPL-3.0-or-later */
/* ot-companies.c: the companies shown, counted, and the name proposed
 * for a merge (ot-companies.h). */
#include "ot-companies.h"
#include "ot-alias-suggest.h"

#include <string.h>

typedef struct {
  const char *name;       /* the dataset's interned string */
  char       *sort_key;
  guint       n_incidents;
  guint       n_keys;
  guint       last;       /* the last incident counted + 1 */
} Company;

struct _OtCompanies
{
  OtDataset  *dataset;    /* keeps the names alive */
  GArray     *companies;  /* of Company, sorted */
  GHashTable *index;      /* name -> index + 1 */
  GHashTable *entities;   /* key -> entity */
};

static void
company_clear (gpointer data)
{
  g_free (((Company *) data)->sort_key);
}

/* Counts incident @i once for the company @key is shown as. */
static void
count (OtCompanies *self,
       GHashTable  *seen,
       GHashTable  *by_name,
       const char  *key,
       guint        i)
{
  const char *name;
  Company *company;

  if (key == NULL || *key == '\0')
    return;
  name = ot_dataset_resolve_company (self->dataset, key);
  company = g_hash_table_lookup (by_name, name);
  if (company == NULL)
    {
      company = g_new0 (Company, 1);
      company->name = name;
      g_hash_table_insert (by_name, (gpointer) name, company);
    }
  if (!g_hash_table_contains (seen, key))
    {
      g_hash_table_add (seen, (gpointer) key);
      company->n_keys++;
      if (name != key)
        g_hash_table_insert (self->entities, (gpointer) key, (gpointer) name);
    }
  if (company->last != i + 1)
    {
      company->last = i + 1;
      company->n_incidents++;
    }
}

static int
compare_companies (gconstpointer a,
                   gconstpointer b)
{
  const Company *x = a, *y = b;
  int c = strcmp (x->sort_key, y->sort_key);

  return c != 0 ? c : strcmp (x->name, y->name);
}

OtCompanies *
ot_companies_new (OtDataset *dataset)
{
  OtCompanies *self;
  g_autoptr(GHashTable) seen = g_hash_table_new (g_str_hash, g_str_equal);
  g_autoptr(GHashTable) by_name = g_hash_table_new_full (g_str_hash, g_str_equal, NULL, g_free);
  GHashTableIter iter;
  gpointer value;

  g_return_val_if_fail (OT_IS_DATASET (dataset), NULL);

  self = g_new0 (OtCompanies, 1);
  self->dataset = g_object_ref (dataset);
  self->entities = g_hash_table_new (g_str_hash, g_str_equal);
  self->index = g_hash_table_new (g_str_hash, g_str_equal);
  self->companies = g_array_new (FALSE, FALSE, sizeof (Company));
  g_array_set_clear_func (self->companies, company_clear);

  for (guint i = 0; i < ot_dataset_get_n_incidents (dataset); i++)
    {
      const OtIncident *incident = ot_dataset_get_incident (dataset, i);

      count (self, seen, by_name, incident->exporter, i);
      count (self, seen, by_name, incident->consignee, i);
    }

  g_hash_table_iter_init (&iter, by_name);
  while (g_hash_table_iter_next (&iter, NULL, &value))
    {
      Company company = *(Company *) value;
      g_autofree char *ascii = g_str_to_ascii (company.name, "C");

      /* The same order in every locale: "Émile" beside "Emile". */
      company.sort_key = g_ascii_strdown (ascii, -1);
      g_array_append_val (self->companies, company);
    }
  g_array_sort (self->companies, compare_companies);
  for (guint i = 0; i < self->companies->len; i++)
    g_hash_table_insert (self->index, (gpointer) g_array_index (self->companies, Company, i).name,
                         GUINT_TO_POINTER (i + 1));
  return self;
}

void
ot_companies_free (OtCompanies *self)
{
  if (self == NULL)
    return;
  g_array_unref (self->companies);
  g_hash_table_unref (self->index);
  g_hash_table_unref (self->entities);
  g_object_unref (self->dataset);
  g_free (self);
}

guint
ot_companies_get_n (OtCompanies *self)
{
  g_return_val_if_fail (self != NULL, 0);

  return self->companies->len;
}

static const Company *
get (OtCompanies *self,
     guint        index)
{
  g_assert (index < self->companies->len);

  return &g_array_index (self->companies, Company, index);
}

const char *
ot_companies_get_name (OtCompanies *self,
                       guint        index)
{
  g_return_val_if_fail (self != NULL && index < self->companies->len, NULL);

  return get (self, index)->name;
}

guint
ot_companies_get_n_incidents (OtCompanies *self,
                              guint        index)
{
  g_return_val_if_fail (self != NULL && index < self->companies->len, 0);

  return get (self, index)->n_incidents;
}

guint
ot_companies_get_n_keys (OtCompanies *self,
                         guint        index)
{
  g_return_val_if_fail (self != NULL && index < self->companies->len, 0);

  return get (self, index)->n_keys;
}

gint
ot_companies_find (OtCompanies *self,
                   const char  *name)
{
  g_return_val_if_fail (self != NULL, -1);

  if (name == NULL)
    return -1;
  return (gint) GPOINTER_TO_UINT (g_hash_table_lookup (self->index, name)) - 1;
}

GHashTable *
ot_companies_get_entities (OtCompanies *self)
{
  g_return_val_if_fail (self != NULL, NULL);

  return self->entities;
}

/* Whether @name has a lower-case letter ("ACME LTD" has none). */
static gboolean
has_lower (const char *name)
{
  for (const char *p = name; *p != '\0'; p = g_utf8_next_char (p))
    if (g_unichar_islower (g_utf8_get_char (p)))
      return TRUE;
  return FALSE;
}

/* Whether @a is the better display name than @b (ot-companies.h). */
static gboolean
better_name (OtCompanies *self,
             const char  *a,
             const char  *b)
{
  gint ia = ot_companies_find (self, a), ib = ot_companies_find (self, b);
  guint na = ia >= 0 ? get (self, ia)->n_incidents : 0;
  guint nb = ib >= 0 ? get (self, ib)->n_incidents : 0;
  gboolean la = has_lower (a), lb = has_lower (b);
  glong ca = g_utf8_strlen (a, -1), cb = g_utf8_strlen (b, -1);

  if (na != nb)
    return na > nb;
  if (la != lb)
    return la;
  if (ca != cb)
    return ca > cb;
  return strcmp (a, b) < 0;
}

char *
ot_companies_propose_name (OtCompanies       *self,
                           const char *const *names,
                           guint              n)
{
  const char *best = NULL;

  g_return_val_if_fail (self != NULL, NULL);
  g_return_val_if_fail (n == 0 || names != NULL, NULL);

  for (guint i = 0; i < n; i++)
    if (names[i] != NULL && *names[i] != '\0' && (best == NULL || better_name (self, names[i], best)))
      best = names[i];
  return g_strdup (best);
}

GArray *
ot_companies_suggest (OtCompanies *self,
                      GHashTable  *rejected)
{
  g_return_val_if_fail (self != NULL, NULL);

  return ot_alias_suggest (self->dataset, self->entities, rejected, 0);
}

GHashTable *
ot_companies_count_suggested (OtCompanies *self,
                              GArray      *suggestions)
{
  GHashTable *counts = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);

  g_return_val_if_fail (self != NULL, counts);

  for (guint i = 0; suggestions != NULL && i < suggestions->len; i++)
    {
      const OtAliasSuggestion *s = &g_array_index (suggestions, OtAliasSuggestion, i);
      const char *names[] = { ot_dataset_resolve_company (self->dataset, s->key_a),
                              ot_dataset_resolve_company (self->dataset, s->key_b) };

      for (guint k = 0; k < 2; k++)
        {
          guint n = GPOINTER_TO_UINT (g_hash_table_lookup (counts, names[k]));

          g_hash_table_replace (counts, g_strdup (names[k]), GUINT_TO_POINTER (n + 1));
        }
    }
  return counts;
}

GHashTable *
ot_companies_rejected_pairs (const OtCaseTables *tables)
{
  GHashTable *rejected = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);

  g_return_val_if_fail (tables != NULL, rejected);

  for (guint i = 0; i < tables->alias_decisions->len; i++)
    {
      OtCaseAliasDecision *decision = g_ptr_array_index (tables->alias_decisions, i);

      g_hash_table_add (rejected, ot_alias_pair_key (decision->key_a, decision->key_b));
    }
  return rejected;
}
