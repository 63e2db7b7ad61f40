/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "ot-search.h"

#include <string.h>

#include "ot-country.h"

/* Score of a field for one word, by where the word falls. */
enum {
  MATCH_NONE     = 0,
  MATCH_INSIDE   = 1,
  MATCH_WORD     = 2,
  MATCH_PREFIX   = 3,
  MATCH_WHOLE    = 4,
};

typedef struct {
  const char *name;     /* "label", "id"... */
  char       *folded;
  guint       weight;   /* names and ids weigh more than free text */
} Field;

typedef struct {
  OtSearchKind  kind;
  guint         index;
  const char   *title;
  GArray       *fields;  /* of Field */
} Entry;

struct _OtSearchIndex
{
  OtNetwork *network;
  GArray    *entries;    /* of Entry */
};

static void
clear_field (gpointer data)
{
  g_free (((Field *) data)->folded);
}

static void
clear_entry (gpointer data)
{
  g_clear_pointer (&((Entry *) data)->fields, g_array_unref);
}

static void
add_field (Entry      *entry,
           const char *name,
           const char *text,
           guint       weight)
{
  Field field = { name, NULL, weight };

  if (text == NULL || *text == '\0')
    return;
  field.folded = g_utf8_casefold (text, -1);
  g_array_append_val (entry->fields, field);
}

/* The transit stops: their ports and countries, as one field. */
static void
add_route_field (Entry            *entry,
                 const OtIncident *incident)
{
  g_autoptr(GString) route = g_string_new (NULL);

  for (guint k = 0; k < incident->n_via; k++)
    {
      const OtHop *hop = &incident->via[k];
      const char *country = OT_COUNTRY_IS_SET (hop->country)
                            ? ot_country_display_name (hop->country.code) : NULL;

      if (hop->port != NULL)
        g_string_append_printf (route, "%s; ", hop->port);
      if (country != NULL)
        g_string_append_printf (route, "%s; ", country);
    }
  add_field (entry, "via", route->str, 2);
}

static Entry *
new_entry (OtSearchIndex *self,
           OtSearchKind   kind,
           guint          index,
           const char    *title)
{
  Entry entry = { kind, index, title, g_array_new (FALSE, FALSE, sizeof (Field)) };

  g_array_set_clear_func (entry.fields, clear_field);
  g_array_append_val (self->entries, entry);
  return &g_array_index (self->entries, Entry, self->entries->len - 1);
}

OtSearchIndex *
ot_search_index_new (OtNetwork *network)
{
  OtSearchIndex *self;
  OtDataset *dataset;

  g_return_val_if_fail (network != NULL, NULL);

  self = g_new0 (OtSearchIndex, 1);
  self->network = ot_network_ref (network);
  self->entries = g_array_new (FALSE, FALSE, sizeof (Entry));
  g_array_set_clear_func (self->entries, clear_entry);
  dataset = ot_network_get_dataset (network);

  for (guint v = 0; v < ot_network_get_n_vertices (network); v++)
    {
      const OtVertex *vertex = ot_network_get_vertex (network, v);
      Entry *entry = new_entry (self, OT_SEARCH_VERTEX, v, vertex->label);

      add_field (entry, "label", vertex->label, 3);
      /* Merged companies (issue 17): found by every name they were given. */
      if (vertex->entity != NULL)
        {
          g_autoptr(GPtrArray) aliases = ot_dataset_get_company_aliases (dataset, vertex->entity);

          for (guint a = 0; a < aliases->len; a++)
            add_field (entry, "alias", g_ptr_array_index (aliases, a), 3);
        }
      if (OT_COUNTRY_IS_SET (vertex->country) && vertex->kind == OT_VERTEX_COUNTRY)
        {
          add_field (entry, "code", vertex->country.code, 3);
          add_field (entry, "name", ot_country_display_name (vertex->country.code), 3);
        }
    }
  for (guint i = 0; i < ot_dataset_get_n_incidents (dataset); i++)
    {
      const OtIncident *incident = ot_dataset_get_incident (dataset, i);
      Entry *entry = new_entry (self, OT_SEARCH_INCIDENT, i, incident->id);

      add_field (entry, "id", incident->id, 3);
      add_field (entry, "declared_as", incident->declared_as, 2);
      add_field (entry, "exporter", incident->exporter, 2);
      add_field (entry, "consignee", incident->consignee, 2);
      add_field (entry, "case_ref", incident->case_ref, 2);
      add_field (entry, "source", incident->source, 1);
      add_field (entry, "source_url", incident->source_url, 1);
      /* Where it went and happened, and who acted: a port on the route
       * is found even where the chart draws only countries (issue 16). */
      add_route_field (entry, incident);
      add_field (entry, "event_place", incident->event_place, 2);
      add_field (entry, "authority", incident->authority, 2);
      add_field (entry, "concealment", incident->concealment, 1);
      add_field (entry, "notes", incident->notes, 1);
    }
  return self;
}

void
ot_search_index_free (OtSearchIndex *index)
{
  if (index == NULL)
    return;
  g_clear_pointer (&index->entries, g_array_unref);
  g_clear_pointer (&index->network, ot_network_unref);
  g_free (index);
}

OtNetwork *
ot_search_index_get_network (OtSearchIndex *index)
{
  g_return_val_if_fail (index != NULL, NULL);
  return index->network;
}

static guint
match_word (const char *folded,
            const char *word)
{
  const char *hit = strstr (folded, word);
  guint best = MATCH_NONE;

  if (hit == NULL)
    return MATCH_NONE;
  if (hit == folded)
    return strcmp (folded, word) == 0 ? MATCH_WHOLE : MATCH_PREFIX;
  for (; hit != NULL; hit = strstr (hit + 1, word))
    {
      const char *before = g_utf8_prev_char (hit);

      best = MAX (best, g_unichar_isalnum (g_utf8_get_char (before)) ? MATCH_INSIDE : MATCH_WORD);
      if (best == MATCH_WORD)
        break;
    }
  return best;
}

/* 0 when some word is in no field; else the best field's score for the
 * first word plus 1 for each further word found, weighted. */
static guint
score_entry (const Entry  *entry,
             char * const *words,
             const char  **best_field)
{
  guint total = 0;

  for (guint w = 0; words[w]; w++)
    {
      guint best = 0;

      for (guint f = 0; f < entry->fields->len; f++)
        {
          const Field *field = &g_array_index (entry->fields, Field, f);
          guint score = match_word (field->folded, words[w]) * field->weight;

          if (score > best)
            {
              best = score;
              if (w == 0)
                *best_field = field->name;
            }
        }
      if (best == 0)
        return 0;
      total += best;
    }
  return total;
}

static gint
compare_results (gconstpointer a,
                 gconstpointer b)
{
  const OtSearchResult *x = a, *y = b;

  if (x->score != y->score)
    return x->score > y->score ? -1 : 1;
  if (x->kind != y->kind)
    return x->kind == OT_SEARCH_VERTEX ? -1 : 1;
  return (x->index > y->index) - (x->index < y->index);
}

GArray *
ot_search_index_query (OtSearchIndex *index,
                       const char    *query,
                       guint          max_results)
{
  GArray *results;
  g_autofree char *folded = NULL;
  g_auto(GStrv) words = NULL;

  g_return_val_if_fail (index != NULL, NULL);

  results = g_array_new (FALSE, FALSE, sizeof (OtSearchResult));
  if (query == NULL)
    return results;
  folded = g_utf8_casefold (query, -1);
  words = g_strsplit_set (g_strstrip (folded), " \t\n", -1);
  /* Drop empty words from runs of blanks. */
  {
    guint kept = 0;

    for (guint w = 0; words[w]; w++)
      if (words[w][0] != '\0')
        words[kept++] = words[w];
      else
        g_free (words[w]);
    words[kept] = NULL;
    if (kept == 0)
      return results;
  }

  for (guint e = 0; e < index->entries->len; e++)
    {
      const Entry *entry = &g_array_index (index->entries, Entry, e);
      OtSearchResult result = { entry->kind, entry->index, 0, entry->title, NULL };

      result.score = score_entry (entry, words, &result.field);
      if (result.score > 0)
        g_array_append_val (results, result);
    }
  g_array_sort (results, compare_results);
  if (max_results > 0 && results->len > max_results)
    g_array_set_size (results, max_results);
  return results;
}
