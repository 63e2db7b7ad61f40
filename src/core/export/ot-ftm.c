/* SPDX-License-Identifier: GPL-3.0-or-later */
/* ot-ftm.c: the case as FollowTheMoney JSON lines (docs/ftm.md). */
#include "ot-ftm.h"

#include <glib/gi18n-lib.h>
#include <json-glib/json-glib.h>
#include <math.h>
#include <string.h>

#include "ot-atomic-file.h"
#include "ot-country.h"
#include "ot-ftm-summary.h"
#include "ot-hubs.h"
#include "ot-incident.h"
#include "ot-mineral.h"

/* One entity being gathered: property name -> ordered, unique values. */
typedef struct {
  char       *id;
  const char *schema;
  GHashTable *properties;   /* char* -> GPtrArray of char* */
  GHashTable *seen;         /* "property\x1fvalue" */
} Entity;

static void
entity_free (Entity *entity)
{
  g_free (entity->id);
  g_hash_table_unref (entity->properties);
  g_hash_table_unref (entity->seen);
  g_free (entity);
}

typedef struct {
  OtDataset  *dataset;
  GHashTable *entities;   /* id -> Entity */
  GHashTable *spellings;  /* company id -> GHashTable (spelling -> count) */
} Builder;

/* "oretrace-KIND-" and the first 20 hex digits of the SHA-1 of @key:
 * stable across exports, free of the characters ids must not hold. */
static char *
make_id (const char *kind,
         const char *key)
{
  g_autofree char *sum = g_compute_checksum_for_string (G_CHECKSUM_SHA1, key, -1);

  return g_strdup_printf ("oretrace-%s-%.20s", kind, sum);
}

static Entity *
get_entity (Builder    *builder,
            const char *schema,
            char       *id)   /* takes */
{
  Entity *entity = g_hash_table_lookup (builder->entities, id);

  if (entity != NULL)
    {
      g_free (id);
      return entity;
    }
  entity = g_new0 (Entity, 1);
  entity->id = id;
  entity->schema = schema;
  entity->properties = g_hash_table_new_full (g_str_hash, g_str_equal, NULL,
                                              (GDestroyNotify) g_ptr_array_unref);
  entity->seen = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  g_hash_table_insert (builder->entities, entity->id, entity);
  return entity;
}

static void
add (Entity     *entity,
     const char *property,   /* static */
     const char *value)
{
  GPtrArray *values;
  char *seen;

  if (value == NULL || *value == '\0')
    return;
  seen = g_strconcat (property, "\x1f", value, NULL);
  if (!g_hash_table_add (entity->seen, seen))
    return;
  values = g_hash_table_lookup (entity->properties, property);
  if (values == NULL)
    {
      values = g_ptr_array_new_with_free_func (g_free);
      g_hash_table_insert (entity->properties, (gpointer) property, values);
    }
  g_ptr_array_add (values, g_strdup (value));
}

static void
add_country (Entity    *entity,
             OtCountry  country)
{
  g_autofree char *code = NULL;

  if (!OT_COUNTRY_IS_SET (country))
    return;
  /* FtM's country type: ISO 3166-1 alpha-2 in lower case. */
  code = g_ascii_strdown (country.code, -1);
  add (entity, "country", code);
}

static const char *
country_name (const OtCountry *country)
{
  const char *name = ot_country_name (country->code);

  return name != NULL ? name : country->code;
}

/* The Address of a country, or of a port or town in it. */
static const char *
place (Builder    *builder,
       OtCountry   country,
       const char *port)
{
  g_autofree char *key = NULL;
  g_autofree char *lower = g_ascii_strdown (country.code, -1);
  Entity *entity;
  double lat, lon;

  if (port == NULL)
    {
      entity = get_entity (builder, "Address", g_strdup_printf ("oretrace-place-%s", lower));
      add (entity, "name", country_name (&country));
      add (entity, "full", country_name (&country));
      /* No coordinates: the point Oretrace draws a country at is no
       * address. */
    }
  else
    {
      g_autofree char *folded = g_utf8_casefold (port, -1);
      g_autofree char *full = g_strdup_printf ("%s, %s", port, country_name (&country));

      key = g_strconcat (country.code, "\x1f", folded, NULL);
      entity = get_entity (builder, "Address", make_id ("place", key));
      add (entity, "name", port);
      add (entity, "full", full);
      add (entity, "city", port);
      if (ot_hub_lookup (country.code, port, &lat, &lon))
        {
          char buf[G_ASCII_DTOSTR_BUF_SIZE];

          add (entity, "latitude", g_ascii_formatd (buf, sizeof buf, "%.4f", lat));
          add (entity, "longitude", g_ascii_formatd (buf, sizeof buf, "%.4f", lon));
        }
    }
  add_country (entity, country);
  return entity->id;
}

/* The Company an exporter or consignee name stands for: the entity it is
 * merged into (issue 17), keyed as the network keys companies. */
static const char *
company (Builder    *builder,
         const char *name)
{
  const char *shown = ot_dataset_resolve_company (builder->dataset, name);
  g_autofree char *folded = g_utf8_casefold (shown, -1);
  GHashTable *spellings;
  Entity *entity;

  entity = get_entity (builder, "Company", make_id ("company", folded));
  spellings = g_hash_table_lookup (builder->spellings, entity->id);
  if (spellings == NULL)
    {
      g_autoptr(GPtrArray) aliases = ot_dataset_get_company_aliases (builder->dataset, shown);

      spellings = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
      g_hash_table_insert (builder->spellings, entity->id, spellings);
      /* A merged entity is named as the analyst named it. */
      if (aliases != NULL && aliases->len > 0)
        g_hash_table_insert (spellings, g_strdup (shown), GUINT_TO_POINTER (G_MAXUINT / 2));
      for (guint i = 0; aliases != NULL && i < aliases->len; i++)
        if (!g_hash_table_contains (spellings, aliases->pdata[i]))
          g_hash_table_insert (spellings, g_strdup (aliases->pdata[i]), GUINT_TO_POINTER (0));
    }
  g_hash_table_insert (spellings, g_strdup (name),
                       GUINT_TO_POINTER (GPOINTER_TO_UINT (g_hash_table_lookup (spellings, name)) + 1));
  return entity->id;
}

/* The most used spelling is the name, the others aliases. */
static void
name_companies (Builder *builder)
{
  GHashTableIter iter;
  gpointer id, table;

  g_hash_table_iter_init (&iter, builder->spellings);
  while (g_hash_table_iter_next (&iter, &id, &table))
    {
      Entity *entity = g_hash_table_lookup (builder->entities, id);
      g_autoptr(GList) names = g_list_sort (g_hash_table_get_keys (table), (GCompareFunc) strcmp);
      const char *best = NULL;
      guint best_count = 0;

      for (GList *l = names; l != NULL; l = l->next)
        {
          guint count = GPOINTER_TO_UINT (g_hash_table_lookup (table, l->data));

          if (best == NULL || count > best_count)
            best = l->data, best_count = count;
        }
      add (entity, "name", best);
      for (GList *l = names; l != NULL; l = l->next)
        if (l->data != best)
          add (entity, "alias", l->data);
    }
}

static void
add_link (Builder    *builder,
      const char *subject,
      const char *object,
      const char *role)
{
  g_autofree char *key = g_strconcat (subject, "\x1f", object, "\x1f", role, NULL);
  Entity *entity = get_entity (builder, "UnknownLink", make_id ("link", key));

  add (entity, "subject", subject);
  add (entity, "object", object);
  add (entity, "role", role);
}

static gboolean
is_web_address (const char *url)
{
  return url != NULL && (g_ascii_strncasecmp (url, "https://", 8) == 0 ||
                         g_ascii_strncasecmp (url, "http://", 7) == 0);
}

static char *
route_text (const OtIncident *incident)
{
  GString *text = g_string_new ("Route: ");

  g_string_append (text, OT_COUNTRY_IS_SET (incident->origin) ? country_name (&incident->origin) : "not given");
  for (guint i = 0; i < incident->n_via; i++)
    {
      g_string_append_printf (text, " → %s", country_name (&incident->via[i].country));
      if (incident->via[i].port != NULL)
        g_string_append_printf (text, " (%s)", incident->via[i].port);
    }
  g_string_append_printf (text, " → %s",
                          OT_COUNTRY_IS_SET (incident->destination) ? country_name (&incident->destination)
                                                                   : "not given");
  return g_string_free (text, FALSE);
}

/* A CourtCase for one case reference, linked to the incident and to its
 * companies as parties. */
static void
add_case (Builder          *builder,
          Entity           *trip,
          const char       *ref,
          const OtIncident *incident,
          const char       *exporter,
          const char       *consignee)
{
  Entity *court_case;

  if (*ref == '\0')
    return;
  court_case = get_entity (builder, "CourtCase", make_id ("case", ref));
  add (court_case, "name", ref);
  /* FtM's identifier type holds 64 characters; a longer reference is
   * the case's name only. */
  if (g_utf8_strlen (ref, -1) <= 64)
    add (court_case, "caseNumber", ref);
  add (court_case, "court", incident->authority);
  add_country (court_case, incident->event_country);
  add_link (builder, court_case->id, trip->id, "case of the incident");
  for (guint k = 0; k < 2; k++)
    {
      const char *party = k == 0 ? exporter : consignee;
      g_autofree char *key = NULL;
      Entity *entity;

      if (party == NULL)
        continue;
      key = g_strconcat (party, "\x1f", court_case->id, NULL);
      entity = get_entity (builder, "CourtCaseParty", make_id ("party", key));
      add (entity, "party", party);
      add (entity, "case", court_case->id);
      add (entity, "role", k == 0 ? "exporter" : "consignee");
    }
}

static void
add_incident (Builder          *builder,
              const OtIncident *incident)
{
  g_autofree char *date = ot_date_to_string (&incident->date);
  g_autofree char *route = route_text (incident);
  g_autofree char *summary = ot_ftm_summary_write (incident);
  g_autofree char *name = NULL;
  const char *exporter = NULL, *consignee = NULL;
  gboolean complete;
  Entity *trip;

  /* FtM's Trip needs both ends; an incident without one is the Event it
   * still is, its known end a link. */
  complete = OT_COUNTRY_IS_SET (incident->origin) && OT_COUNTRY_IS_SET (incident->destination);
  trip = get_entity (builder, complete ? "Trip" : "Event", make_id ("incident", incident->id));
  name = g_strdup_printf ("%s%s: %s", incident->illustrative ? "[Illustrative] " : "", incident->id,
                          incident->mineral != OT_MINERAL_NONE ? ot_mineral_name (incident->mineral)
                                                               : "mineral not given");
  add (trip, "name", name);
  add (trip, "recordId", incident->id);
  add (trip, "date", date);
  add (trip, "summary", summary);
  add (trip, "description", route);
  add (trip, "notes", incident->notes);
  add (trip, "publisher", incident->source);
  if (is_web_address (incident->source_url))
    add (trip, "sourceUrl", incident->source_url);
  add (trip, "keywords", incident->mineral != OT_MINERAL_NONE ? ot_mineral_name (incident->mineral) : NULL);
  add (trip, "keywords", ot_status_name (incident->status));
  if (incident->illustrative)
    add (trip, "keywords", "illustrative");
  add_country (trip, incident->origin);
  for (guint i = 0; i < incident->n_via; i++)
    add_country (trip, incident->via[i].country);
  add_country (trip, incident->destination);
  add_country (trip, incident->event_country);
  /* Where it happened: "Laem Chabang, Thailand", a place alone, or a
   * country alone (the reader tells them apart by the country name). */
  if (incident->event_place != NULL || OT_COUNTRY_IS_SET (incident->event_country))
    {
      g_autofree char *where = NULL;

      if (incident->event_place == NULL)
        where = g_strdup (country_name (&incident->event_country));
      else if (OT_COUNTRY_IS_SET (incident->event_country))
        where = g_strdup_printf ("%s, %s", incident->event_place, country_name (&incident->event_country));
      else
        where = g_strdup (incident->event_place);
      add (trip, "location", where);
    }
  if (complete)
    {
      add (trip, "startLocation", place (builder, incident->origin, NULL));
      add (trip, "endLocation", place (builder, incident->destination, NULL));
    }
  else if (OT_COUNTRY_IS_SET (incident->origin))
    add_link (builder, trip->id, place (builder, incident->origin, NULL), "origin");
  else if (OT_COUNTRY_IS_SET (incident->destination))
    add_link (builder, trip->id, place (builder, incident->destination, NULL), "destination");
  /* A Trip has a start and an end only: the stops between are links. */
  for (guint i = 0; i < incident->n_via; i++)
    {
      g_autofree char *role = g_strdup_printf ("transit stop %u", i + 1);

      add_link (builder, trip->id, place (builder, incident->via[i].country, incident->via[i].port), role);
    }
  if (incident->exporter != NULL)
    add (trip, "involved", exporter = company (builder, incident->exporter));
  if (incident->consignee != NULL)
    add (trip, "involved", consignee = company (builder, incident->consignee));

  if (incident->case_ref != NULL)
    {
      /* "judgment No. 326/2025; appeal judgment No. 535/2025" are two. */
      g_auto(GStrv) refs = g_strsplit (incident->case_ref, ";", -1);

      for (guint r = 0; refs[r] != NULL; r++)
        add_case (builder, trip, g_strstrip (refs[r]), incident, exporter, consignee);
    }
}

static void
write_entity (GString *out,
              Entity  *entity)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(JsonGenerator) generator = json_generator_new ();
  g_autoptr(JsonNode) root = NULL;
  g_autoptr(GList) names = g_list_sort (g_hash_table_get_keys (entity->properties), (GCompareFunc) strcmp);
  g_autofree char *text = NULL;

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "id");
  json_builder_add_string_value (builder, entity->id);
  json_builder_set_member_name (builder, "schema");
  json_builder_add_string_value (builder, entity->schema);
  json_builder_set_member_name (builder, "properties");
  json_builder_begin_object (builder);
  for (GList *l = names; l != NULL; l = l->next)
    {
      GPtrArray *values = g_hash_table_lookup (entity->properties, l->data);

      json_builder_set_member_name (builder, l->data);
      json_builder_begin_array (builder);
      for (guint i = 0; i < values->len; i++)
        json_builder_add_string_value (builder, values->pdata[i]);
      json_builder_end_array (builder);
    }
  json_builder_end_object (builder);
  json_builder_end_object (builder);
  root = json_builder_get_root (builder);
  json_generator_set_root (generator, root);
  text = json_generator_to_data (generator, NULL);
  g_string_append (out, text);
  g_string_append_c (out, '\n');
}

/* Places first, then companies, cases, trips and the links, each by id:
 * a reader meets what a line refers to before the line. */
static int
schema_rank (const char *schema)
{
  static const char *const order[] = { "Address", "Company", "CourtCase", "Trip", "Event", "CourtCaseParty",
                                       "UnknownLink" };

  for (guint i = 0; i < G_N_ELEMENTS (order); i++)
    if (strcmp (schema, order[i]) == 0)
      return (int) i;
  return G_N_ELEMENTS (order);
}

static int
compare_entities (gconstpointer a,
                  gconstpointer b)
{
  const Entity *x = *(Entity * const *) a;
  const Entity *y = *(Entity * const *) b;
  int rank = schema_rank (x->schema) - schema_rank (y->schema);

  return rank != 0 ? rank : strcmp (x->id, y->id);
}

GBytes *
ot_ftm_write (OtDataset    *dataset,
              const guint8 *mask)
{
  Builder builder = { 0 };
  g_autoptr(GPtrArray) sorted = NULL;
  GString *out = g_string_new (NULL);
  GHashTableIter iter;
  gpointer value;
  guint n;

  g_return_val_if_fail (OT_IS_DATASET (dataset), NULL);

  builder.dataset = dataset;
  builder.entities = g_hash_table_new_full (g_str_hash, g_str_equal, NULL, (GDestroyNotify) entity_free);
  builder.spellings = g_hash_table_new_full (g_str_hash, g_str_equal, NULL,
                                             (GDestroyNotify) g_hash_table_unref);
  n = ot_dataset_get_n_incidents (dataset);
  for (guint i = 0; i < n; i++)
    if (mask == NULL || mask[i])
      add_incident (&builder, ot_dataset_get_incident (dataset, i));
  name_companies (&builder);

  sorted = g_ptr_array_new ();
  g_hash_table_iter_init (&iter, builder.entities);
  while (g_hash_table_iter_next (&iter, NULL, &value))
    g_ptr_array_add (sorted, value);
  g_ptr_array_sort (sorted, compare_entities);
  for (guint i = 0; i < sorted->len; i++)
    write_entity (out, sorted->pdata[i]);

  g_hash_table_unref (builder.spellings);
  g_hash_table_unref (builder.entities);
  return g_string_free_to_bytes (out);
}

gboolean
ot_ftm_save (OtDataset     *dataset,
             const guint8  *mask,
             GFile         *file,
             GCancellable  *cancellable,
             GError       **error)
{
  g_autoptr(GBytes) bytes = NULL;
  g_autofree char *path = NULL;

  g_return_val_if_fail (OT_IS_DATASET (dataset), FALSE);
  g_return_val_if_fail (G_IS_FILE (file), FALSE);

  path = g_file_get_path (file);
  if (path == NULL)
    {
      g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_NOT_SUPPORTED, _("Only local files can be written"));
      return FALSE;
    }
  bytes = ot_ftm_write (dataset, mask);
  return ot_atomic_file_set_contents (path, g_bytes_get_data (bytes, NULL), g_bytes_get_size (bytes),
                                      cancellable, error);
}
