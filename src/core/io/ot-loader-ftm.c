/* SPDX-License-Identifier: GPL-3.0-or-later */
/* ot-loader-ftm.c: FollowTheMoney entities, one JSON object a line as
 * Aleph, the `ftm` tools and OpenSanctions write them, read into
 * incidents (issue 19, docs/ftm.md "Reading FtM").  Every line is read
 * first (an entity may refer to one further down); then each Trip or
 * Event becomes a record checked by the rules every format shares, with
 * its places, companies, court cases and links.  What has no place in an
 * incident is reported, a line per schema, never dropped silently. */
#include "ot-loader-private.h"

#include <glib/gi18n-lib.h>
#include <json-glib/json-glib.h>
#include <stdlib.h>
#include <string.h>

#include "ot-country.h"
#include "ot-ftm-summary.h"
#include "ot-hubs.h"
#include "ot-mineral.h"

typedef enum {
  KIND_OTHER,        /* a schema no incident is read from */
  KIND_INCIDENT,     /* Trip, Event */
  KIND_ADDRESS,      /* Address */
  KIND_PARTY,        /* Company, Organization, LegalEntity */
  KIND_CASE,         /* CourtCase */
  KIND_LINK,         /* UnknownLink */
  KIND_CASE_PARTY,   /* CourtCaseParty */
} Kind;

static const struct {
  const char *schema;
  Kind        kind;
} schemata[] = {
  { "Trip", KIND_INCIDENT },
  { "Event", KIND_INCIDENT },
  { "Address", KIND_ADDRESS },
  { "Company", KIND_PARTY },
  { "Organization", KIND_PARTY },
  { "LegalEntity", KIND_PARTY },
  { "CourtCase", KIND_CASE },
  { "UnknownLink", KIND_LINK },
  { "CourtCaseParty", KIND_CASE_PARTY },
};

/* The properties read; any other is counted as not kept. */
typedef enum {
  P_NAME, P_ALIAS, P_COUNTRY, P_CITY, P_FULL, P_LATITUDE, P_LONGITUDE,
  P_RECORD_ID, P_DATE, P_START_DATE, P_SUMMARY, P_DESCRIPTION, P_NOTES,
  P_PUBLISHER, P_SOURCE_URL, P_KEYWORDS, P_LOCATION, P_START_LOCATION,
  P_END_LOCATION, P_INVOLVED, P_SUBJECT, P_OBJECT, P_ROLE, P_PARTY, P_CASE,
  P_CASE_NUMBER, P_COURT,
  N_PROPS
} Prop;

static const char *const prop_names[N_PROPS] = {
  "name", "alias", "country", "city", "full", "latitude", "longitude",
  "recordId", "date", "startDate", "summary", "description", "notes",
  "publisher", "sourceUrl", "keywords", "location", "startLocation",
  "endLocation", "involved", "subject", "object", "role", "party", "case",
  "caseNumber", "court",
};

#define BIT(p) (1u << (p))

static const guint32 kind_props[] = {
  [KIND_OTHER] = 0,
  [KIND_INCIDENT] = BIT (P_NAME) | BIT (P_COUNTRY) | BIT (P_RECORD_ID) | BIT (P_DATE) |
                    BIT (P_START_DATE) | BIT (P_SUMMARY) | BIT (P_DESCRIPTION) | BIT (P_NOTES) |
                    BIT (P_PUBLISHER) | BIT (P_SOURCE_URL) | BIT (P_KEYWORDS) | BIT (P_LOCATION) |
                    BIT (P_START_LOCATION) | BIT (P_END_LOCATION) | BIT (P_INVOLVED),
  [KIND_ADDRESS] = BIT (P_NAME) | BIT (P_COUNTRY) | BIT (P_CITY) | BIT (P_FULL) | BIT (P_LATITUDE) |
                   BIT (P_LONGITUDE),
  [KIND_PARTY] = BIT (P_NAME) | BIT (P_ALIAS),
  [KIND_CASE] = BIT (P_NAME) | BIT (P_CASE_NUMBER) | BIT (P_COURT) | BIT (P_COUNTRY),
  [KIND_LINK] = BIT (P_SUBJECT) | BIT (P_OBJECT) | BIT (P_ROLE),
  [KIND_CASE_PARTY] = BIT (P_PARTY) | BIT (P_CASE) | BIT (P_ROLE),
};

typedef struct {
  guint8      prop;
  const char *text;     /* in the reader's chunk */
} Value;

typedef struct _Entity Entity;
struct _Entity {
  const char *id;       /* in the reader's chunk */
  const char *schema;   /* in the reader's chunk */
  guint       line;
  Kind        kind;
  gboolean    used;     /* read into an incident (or its companies) */
  guint32     unkept;   /* properties of P_ read but not kept */
  GArray     *values;   /* of Value, or NULL */
  GPtrArray  *links;    /* the links and case parties naming it, or NULL */
};

/* Per schema: entities not read, and properties not kept. */
typedef struct {
  const char *schema;
  guint       first_line;
  guint       n_unused;
  guint       unused_line;
  GHashTable *props;    /* name -> count (GUINT) */
  GPtrArray  *order;    /* names as first seen */
} SchemaReport;

typedef struct {
  OtLoadContext *context;
  GStringChunk  *chunk;
  GHashTable    *entities;    /* id -> Entity */
  GPtrArray     *order;       /* Entity, as first seen */
  GHashTable    *reports;     /* schema -> SchemaReport */
  GPtrArray     *report_order;
  GHashTable    *spellings;   /* company names the incidents give */
  JsonParser    *parser;
  guint          n_fragments; /* lines that repeat an id (merged) */
  guint          fragment_line;
} Reader;

static void
entity_free (Entity *entity)
{
  g_clear_pointer (&entity->values, g_array_unref);
  g_clear_pointer (&entity->links, g_ptr_array_unref);
  g_free (entity);
}

static void
schema_report_free (SchemaReport *report)
{
  g_hash_table_unref (report->props);
  g_ptr_array_unref (report->order);
  g_free (report);
}

static SchemaReport *
schema_report (Reader     *reader,
               const char *schema,
               guint       line)
{
  SchemaReport *report = g_hash_table_lookup (reader->reports, schema);

  if (report == NULL)
    {
      report = g_new0 (SchemaReport, 1);
      report->schema = schema;
      report->first_line = line;
      report->props = g_hash_table_new (g_str_hash, g_str_equal);
      report->order = g_ptr_array_new ();
      g_hash_table_insert (reader->reports, (gpointer) schema, report);
      g_ptr_array_add (reader->report_order, report);
    }
  return report;
}

/* A property of an entity of @schema that is not kept, once per entity. */
static void
count_unkept (Reader     *reader,
              const char *schema,
              guint       line,
              const char *prop)
{
  SchemaReport *report = schema_report (reader, schema, line);
  gpointer count;

  prop = g_string_chunk_insert_const (reader->chunk, prop);
  count = g_hash_table_lookup (report->props, prop);
  if (count == NULL)
    g_ptr_array_add (report->order, (gpointer) prop);
  g_hash_table_insert (report->props, (gpointer) prop, GUINT_TO_POINTER (GPOINTER_TO_UINT (count) + 1));
}

static Kind
kind_of (const char *schema)
{
  for (guint i = 0; i < G_N_ELEMENTS (schemata); i++)
    if (strcmp (schema, schemata[i].schema) == 0)
      return schemata[i].kind;
  return KIND_OTHER;
}

static int
prop_of (const char *name)
{
  for (guint p = 0; p < N_PROPS; p++)
    if (strcmp (name, prop_names[p]) == 0)
      return (int) p;
  return -1;
}

/* --- Reading the lines ------------------------------------------------- */

static const char *read_entity (Reader     *reader,
                                JsonObject *object,
                                guint       line,
                                GString    *error);

/* One value of a property as text: a string, a number, or an entity
 * nested in its place (Aleph's API and OpenSanctions' nested files give
 * the entity a property refers to instead of its id).  NULL, with
 * @error set, when it is none of these. */
static const char *
value_text (Reader   *reader,
            JsonNode *node,
            guint     line,
            GString  *error)
{
  char buf[G_ASCII_DTOSTR_BUF_SIZE];
  const char *text;

  if (JSON_NODE_HOLDS_OBJECT (node))
    return read_entity (reader, json_node_get_object (node), line, error);
  if (!JSON_NODE_HOLDS_VALUE (node))
    return NULL;
  switch (json_node_get_value_type (node))
    {
    case G_TYPE_STRING:
      text = json_node_get_string (node);
      break;
    case G_TYPE_INT64:
      text = g_ascii_formatd (buf, sizeof buf, "%.0f", (double) json_node_get_int (node));
      break;
    case G_TYPE_DOUBLE:
      text = g_ascii_dtostr (buf, sizeof buf, json_node_get_double (node));
      break;
    default:
      return NULL;
    }
  if (!g_utf8_validate (text, -1, NULL))
    {
      /* json-glib turns an unpaired surrogate escape into bytes that are
       * not UTF-8. */
      g_string_assign (error, _("a value is not valid text (an unpaired \\u surrogate escape?)"));
      return NULL;
    }
  return g_string_chunk_insert (reader->chunk, text);
}

static void
add_values (Reader     *reader,
            Entity     *entity,
            const char *name,
            JsonNode   *node,
            GString    *error)
{
  int prop = prop_of (name);
  g_autoptr(GPtrArray) texts = g_ptr_array_new ();

  /* FtM's values are lists; a lone value is read as a list of one. */
  if (JSON_NODE_HOLDS_ARRAY (node))
    {
      JsonArray *array = json_node_get_array (node);

      for (guint i = 0; i < json_array_get_length (array) && error->len == 0; i++)
        {
          const char *text = value_text (reader, json_array_get_element (array, i), entity->line, error);

          if (text == NULL && error->len == 0)
            g_string_printf (error, _("property %s holds a value that is not a string"), name);
          else if (text != NULL)
            g_ptr_array_add (texts, (gpointer) text);
        }
    }
  else if (!JSON_NODE_HOLDS_NULL (node))
    {
      const char *text = value_text (reader, node, entity->line, error);

      if (text == NULL && error->len == 0)
        g_string_printf (error, _("property %s holds a value that is not a string"), name);
      else if (text != NULL)
        g_ptr_array_add (texts, (gpointer) text);
    }
  if (error->len > 0 || texts->len == 0)
    return;

  if (prop < 0 || !(kind_props[entity->kind] & BIT (prop)))
    {
      if (entity->kind != KIND_OTHER)
        count_unkept (reader, entity->schema, entity->line, name);
      return;
    }
  if (entity->values == NULL)
    entity->values = g_array_new (FALSE, FALSE, sizeof (Value));
  for (guint i = 0; i < texts->len; i++)
    {
      Value value = { (guint8) prop, texts->pdata[i] };

      g_array_append_val (entity->values, value);
    }
}

/* Reads one entity object (a line, or nested in a property); its id, or
 * NULL with @error set. */
static const char *
read_entity (Reader     *reader,
             JsonObject *object,
             guint       line,
             GString    *error)
{
  JsonNode *id_node = json_object_get_member (object, "id");
  JsonNode *schema_node = json_object_get_member (object, "schema");
  JsonNode *properties = json_object_get_member (object, "properties");
  const char *id, *schema;
  Entity *entity;
  JsonObjectIter iter;
  const char *name;
  JsonNode *member;

  if (id_node == NULL || !JSON_NODE_HOLDS_VALUE (id_node) ||
      json_node_get_value_type (id_node) != G_TYPE_STRING || *json_node_get_string (id_node) == '\0' ||
      schema_node == NULL || !JSON_NODE_HOLDS_VALUE (schema_node) ||
      json_node_get_value_type (schema_node) != G_TYPE_STRING ||
      (properties != NULL && !JSON_NODE_HOLDS_OBJECT (properties) && !JSON_NODE_HOLDS_NULL (properties)))
    {
      g_string_assign (error, _("not an FtM entity (a JSON object with an \"id\", a \"schema\" and "
                                "\"properties\")"));
      return NULL;
    }
  if (!g_utf8_validate (json_node_get_string (id_node), -1, NULL) ||
      !g_utf8_validate (json_node_get_string (schema_node), -1, NULL))
    {
      g_string_assign (error, _("the id or schema is not valid text (an unpaired \\u surrogate escape?)"));
      return NULL;
    }
  id = g_string_chunk_insert_const (reader->chunk, json_node_get_string (id_node));
  schema = g_string_chunk_insert_const (reader->chunk, json_node_get_string (schema_node));

  entity = g_hash_table_lookup (reader->entities, id);
  if (entity == NULL)
    {
      entity = g_new0 (Entity, 1);
      entity->id = id;
      entity->schema = schema;
      entity->line = line;
      entity->kind = kind_of (schema);
      g_hash_table_insert (reader->entities, (gpointer) id, entity);
      g_ptr_array_add (reader->order, entity);
    }
  else
    {
      /* Fragments of one entity (as `ftm` streams before aggregating
       * them): their values are joined, as FtM joins them. */
      if (reader->n_fragments++ == 0)
        reader->fragment_line = line;
    }
  if (properties == NULL || JSON_NODE_HOLDS_NULL (properties))
    return id;
  json_object_iter_init (&iter, json_node_get_object (properties));
  while (error->len == 0 && json_object_iter_next (&iter, &name, &member))
    {
      if (!g_utf8_validate (name, -1, NULL))
        g_string_assign (error, _("a property name is not valid text (an unpaired \\u surrogate escape?)"));
      else
        add_values (reader, entity, name, member, error);
    }
  return error->len == 0 ? id : NULL;
}

static void
line_error (Reader     *reader,
            guint       line,
            const char *message)
{
  OtRecord *record = &reader->context->record;

  ot_record_begin (record, line);
  /* TRANSLATORS: %s says what is wrong with a line of a FollowTheMoney file. */
  ot_record_error (record, NULL, _("%s; line skipped"), message);
  ot_dataset_add_rejected (record->dataset, 1);
}

static gboolean
read_line (const char *start,
           gsize       n,
           guint       line,
           gpointer    user_data)
{
  Reader *reader = user_data;
  JsonParser *parser = reader->parser;
  g_autoptr(GError) error = NULL;
  g_autoptr(GString) problem = g_string_new (NULL);
  guint scan_line;
  JsonNode *root;

  if (n > OT_LOADER_MAX_LINE)
    {
      line_error (reader, line, _("the line is longer than the 4 MiB limit"));
      return TRUE;
    }
  switch (ot_loader_json_scan (start, n, &scan_line))
    {
    case OT_JSON_OK:
      break;
    case OT_JSON_TOO_DEEP:
      g_string_printf (problem, _("JSON nested more than %u levels deep"), OT_LOADER_MAX_JSON_DEPTH);
      line_error (reader, line, problem->str);
      return TRUE;
    case OT_JSON_SEVERAL:
    case OT_JSON_TRAILING:
      line_error (reader, line, _("not valid JSON (text after the end of the entity)"));
      return TRUE;
    case OT_JSON_BAD_ESCAPE:
    default:
      line_error (reader, line, _("not valid JSON (a string holds a bad \\ escape)"));
      return TRUE;
    }
  /* json-glib cuts a string at an escaped NUL without a word. */
  if (g_strstr_len (start, n, "\\u0000") != NULL)
    {
      line_error (reader, line, _("a value holds a NUL character (\\u0000), which text cannot hold"));
      return TRUE;
    }
  if (!json_parser_load_from_data (parser, start, n, &error))
    {
      const char *what = strstr (error->message, "Parse error: ");
      g_autofree char *valid = g_utf8_make_valid (what != NULL ? what + strlen ("Parse error: ")
                                                               : error->message, -1);

      g_string_printf (problem, _("not valid JSON (%s)"), valid);
      line_error (reader, line, problem->str);
      return TRUE;
    }
  root = json_parser_get_root (parser);
  if (root == NULL || !JSON_NODE_HOLDS_OBJECT (root))
    {
      line_error (reader, line, _("not an FtM entity (a JSON object with an \"id\", a \"schema\" and "
                                  "\"properties\")"));
      return TRUE;
    }
  if (read_entity (reader, json_node_get_object (root), line, problem) == NULL)
    line_error (reader, line, problem->str);
  return TRUE;
}

/* --- Entities into incidents -------------------------------------------- */

static const char *
first (const Entity *entity,
       Prop          prop)
{
  for (guint i = 0; entity->values != NULL && i < entity->values->len; i++)
    {
      const Value *value = &g_array_index (entity->values, Value, i);

      if (value->prop == prop)
        return value->text;
    }
  return NULL;
}

/* The values of @prop after the first are not kept. */
static void
only_first (Entity *entity,
            Prop    prop)
{
  guint n = 0;

  for (guint i = 0; entity->values != NULL && i < entity->values->len; i++)
    n += g_array_index (entity->values, Value, i).prop == prop;
  if (n > 1)
    entity->unkept |= BIT (prop);
}

static void
join (GString    *out,
      const char *separator,
      const char *text)
{
  if (text == NULL || *text == '\0')
    return;
  if (out->len > 0)
    g_string_append (out, separator);
  g_string_append (out, text);
}

/* The entity @id names, of @kind; NULL (with a warning on the record
 * naming @prop) when there is none. */
static Entity *
resolve (Reader     *reader,
         const char *id,
         Kind        kind,
         const char *prop)
{
  OtRecord *record = &reader->context->record;
  Entity *entity = g_hash_table_lookup (reader->entities, id);

  if (entity == NULL)
    ot_record_warning (record, prop, _("%s refers to entity \"%s\", which is not in the file; not kept"),
                       prop, id);
  else if (entity->kind != kind)
    ot_record_warning (record, prop, _("%s refers to %s entity \"%s\"; not kept"), prop, entity->schema, id);
  else
    return entity;
  return NULL;
}

/* The country of an Address (its country code, or a name that is a
 * country), and its port or town. */
static const char *
address_country (Entity      *address,
                 const char **port)
{
  const char *country = first (address, P_COUNTRY);
  const char *city = first (address, P_CITY);
  const char *name = first (address, P_NAME);
  OtCountry parsed;

  if (country == NULL && name != NULL && ot_country_parse (name, &parsed))
    country = name, name = NULL;
  if (country == NULL && first (address, P_FULL) != NULL && ot_country_parse (first (address, P_FULL), &parsed))
    country = first (address, P_FULL);
  only_first (address, P_COUNTRY);
  if (port != NULL)
    {
      /* Ours: a country's Address is named after the country, a port's
       * after the port (its city too). */
      if (city == NULL && name != NULL && !ot_country_parse (name, &parsed))
        city = name;
      *port = city;
    }
  return country;
}

typedef struct {
  guint   number;
  Entity *address;
} Stop;

static int
compare_stops (gconstpointer a,
               gconstpointer b)
{
  const Stop *x = a, *y = b;

  return (x->number > y->number) - (x->number < y->number);
}

/* What one incident entity gathers before its record is checked. */
typedef struct {
  char      *columns[OT_N_COLUMNS];   /* texts, owned */
  gboolean   ours;                    /* its summary is Oretrace's */
  GArray    *stops;                   /* of Stop */
  GString   *cases;
  GString   *court;
  GPtrArray *parties;                 /* Entity: the involved ones */
} Gathered;

static void
set_column (Gathered   *g,
            OtColumn    column,
            const char *text)
{
  if (text == NULL || g->columns[column] != NULL)
    return;
  g->columns[column] = g_strdup (text);
}

static void
place_column (Reader     *reader,
              Gathered   *g,
              OtColumn    column,
              Entity     *address)
{
  const char *port = NULL;
  const char *country;

  address->used = TRUE;
  country = address_country (address, &port);
  if (country == NULL)
    {
      ot_record_warning (&reader->context->record, ot_column_name (column),
                         _("Address \"%s\" has no country; not kept as %s"), address->id, ot_column_name (column));
      return;
    }
  /* An origin or a destination is a country: a port there is not kept. */
  if (port != NULL)
    address->unkept |= BIT (first (address, P_CITY) != NULL ? P_CITY : P_NAME);
  set_column (g, column, country);
}

/* A party's name: the exporter or consignee the incident names. */
static void
party_column (Gathered   *g,
              OtColumn    column,
              Entity     *party)
{
  party->used = TRUE;
  if (!g->ours)
    set_column (g, column, first (party, P_NAME));
}

static gboolean
role_is (const char *role,
         const char *word)
{
  return role != NULL && g_ascii_strcasecmp (role, word) == 0;
}

static void
read_case (Reader   *reader,
           Gathered *g,
           Entity   *court_case)
{
  const char *ref = first (court_case, P_CASE_NUMBER);

  court_case->used = TRUE;
  if (ref == NULL)
    ref = first (court_case, P_NAME);
  join (g->cases, "; ", ref);
  if (g->court->len == 0 && first (court_case, P_COURT) != NULL)
    g_string_assign (g->court, first (court_case, P_COURT));
  /* Its parties: an exporter's or consignee's role in the case. */
  for (guint i = 0; court_case->links != NULL && i < court_case->links->len; i++)
    {
      Entity *link = court_case->links->pdata[i];
      const char *role = first (link, P_ROLE);
      const char *party_id = first (link, P_PARTY);
      Entity *party = party_id != NULL ? g_hash_table_lookup (reader->entities, party_id) : NULL;

      if (link->kind != KIND_CASE_PARTY || party == NULL || party->kind != KIND_PARTY ||
          !g_ptr_array_find (g->parties, party, NULL))
        continue;
      if (role_is (role, "exporter") || role_is (role, "consignee"))
        {
          link->used = TRUE;
          party_column (g, role_is (role, "exporter") ? OT_COLUMN_EXPORTER : OT_COLUMN_CONSIGNEE, party);
        }
    }
}

/* A link naming @incident: a transit stop, an end, a case or a party. */
static void
read_link (Reader   *reader,
           Gathered *g,
           Entity   *incident,
           Entity   *link)
{
  const char *subject = first (link, P_SUBJECT);
  const char *object = first (link, P_OBJECT);
  const char *role = first (link, P_ROLE);
  const char *other_id = g_strcmp0 (subject, incident->id) == 0 ? object : subject;
  Entity *other = other_id != NULL ? g_hash_table_lookup (reader->entities, other_id) : NULL;
  guint number;
  char *end;

  if (link->kind != KIND_LINK)
    return;
  if (other_id == NULL)
    return;   /* an end missing: the link stays unused, and is reported */
  if (other == NULL)
    {
      ot_record_warning (&reader->context->record, "UnknownLink",
                         _("UnknownLink \"%s\" refers to entity \"%s\", which is not in the file; not kept"),
                         link->id, other_id);
      link->used = TRUE;
      return;
    }
  if (other->kind == KIND_ADDRESS && role != NULL && g_str_has_prefix (role, "transit stop "))
    {
      Stop stop = { 0, other };

      number = (guint) strtoul (role + strlen ("transit stop "), &end, 10);
      if (*end != '\0' || number == 0)
        return;
      stop.number = number;
      g_array_append_val (g->stops, stop);
      link->used = other->used = TRUE;
    }
  else if (other->kind == KIND_ADDRESS && (role_is (role, "origin") || role_is (role, "destination")))
    {
      place_column (reader, g, role_is (role, "origin") ? OT_COLUMN_ORIGIN : OT_COLUMN_DESTINATION, other);
      link->used = TRUE;
    }
  else if (other->kind == KIND_CASE)
    {
      read_case (reader, g, other);
      link->used = TRUE;
    }
  else if (other->kind == KIND_PARTY && (role_is (role, "exporter") || role_is (role, "consignee")))
    {
      party_column (g, role_is (role, "exporter") ? OT_COLUMN_EXPORTER : OT_COLUMN_CONSIGNEE, other);
      link->used = TRUE;
    }
}

/* Keywords: a mineral, a status, "illustrative"; the rest not kept. */
static void
read_keywords (Gathered *g,
               Entity   *incident)
{
  for (guint i = 0; incident->values != NULL && i < incident->values->len; i++)
    {
      const Value *value = &g_array_index (incident->values, Value, i);
      OtMineral mineral;
      OtStatus status;
      OtMineral known_mineral;
      OtStatus known_status;

      if (value->prop != P_KEYWORDS)
        continue;
      /* A second mineral or status, other than the one read, is not kept. */
      if (ot_mineral_parse (value->text, &mineral) && !g_ascii_isdigit (value->text[0]))
        {
          if (g->columns[OT_COLUMN_MINERAL] != NULL &&
              !(ot_mineral_parse (g->columns[OT_COLUMN_MINERAL], &known_mineral) && known_mineral == mineral))
            incident->unkept |= BIT (P_KEYWORDS);
          set_column (g, OT_COLUMN_MINERAL, value->text);
        }
      else if (ot_status_parse (value->text, &status))
        {
          if (g->columns[OT_COLUMN_STATUS] != NULL &&
              !(ot_status_parse (g->columns[OT_COLUMN_STATUS], &known_status) && known_status == status))
            incident->unkept |= BIT (P_KEYWORDS);
          set_column (g, OT_COLUMN_STATUS, value->text);
        }
      else if (g_ascii_strcasecmp (value->text, "illustrative") == 0)
        set_column (g, OT_COLUMN_ILLUSTRATIVE, "true");
      else
        incident->unkept |= BIT (P_KEYWORDS);
    }
}

/* "Laem Chabang, Thailand", "Thailand" or a place alone (a place
 * without a country that ends in ", " and a country's name is read as
 * that place in that country). */
static void
read_location (Gathered   *g,
               const char *location)
{
  const char *comma;
  OtCountry country;

  if (location == NULL)
    return;
  if (ot_country_parse (location, &country))
    {
      set_column (g, OT_COLUMN_EVENT_COUNTRY, country.code);
      return;
    }
  /* The longest end that is a country: "…, Congo, The Democratic
   * Republic of the" is the Congo. */
  for (comma = strstr (location, ", "); comma != NULL; comma = strstr (comma + 2, ", "))
    if (ot_country_parse (comma + 2, &country))
      {
        g->columns[OT_COLUMN_EVENT_PLACE] = g_strndup (location, comma - location);
        set_column (g, OT_COLUMN_EVENT_COUNTRY, country.code);
        return;
      }
  set_column (g, OT_COLUMN_EVENT_PLACE, location);
}

/* Countries the incident names beyond its places: the place of the
 * event when it has none, else not kept. */
static void
read_countries (Gathered *g,
                Entity   *incident)
{
  for (guint i = 0; incident->values != NULL && i < incident->values->len; i++)
    {
      const Value *value = &g_array_index (incident->values, Value, i);
      OtCountry country, known;
      gboolean found = FALSE;
      static const OtColumn places[] = { OT_COLUMN_ORIGIN, OT_COLUMN_DESTINATION, OT_COLUMN_EVENT_COUNTRY };

      if (value->prop != P_COUNTRY)
        continue;
      if (!ot_country_parse (value->text, &country))
        {
          incident->unkept |= BIT (P_COUNTRY);
          continue;
        }
      for (guint k = 0; k < G_N_ELEMENTS (places) && !found; k++)
        found = g->columns[places[k]] != NULL && ot_country_parse (g->columns[places[k]], &known) &&
                strcmp (known.code, country.code) == 0;
      for (guint k = 0; k < g->stops->len && !found; k++)
        {
          const char *stop = address_country (g_array_index (g->stops, Stop, k).address, NULL);

          found = stop != NULL && ot_country_parse (stop, &known) && strcmp (known.code, country.code) == 0;
        }
      if (!found && g->columns[OT_COLUMN_EVENT_COUNTRY] == NULL)
        set_column (g, OT_COLUMN_EVENT_COUNTRY, country.code);
      else if (!found)
        incident->unkept |= BIT (P_COUNTRY);
    }
}

/* Text of a foreign entity: its name, summary, description and notes
 * become the incident's notes, paragraph by paragraph. */
static void
read_texts (Gathered   *g,
            Entity     *incident,
            const char *id)
{
  g_autoptr(GString) notes = g_string_new (NULL);
  const char *name = first (incident, P_NAME);
  const char *description = first (incident, P_DESCRIPTION);
  g_autofree char *ours = NULL;

  only_first (incident, P_NAME);
  /* Ours: "[Illustrative] CMI-2025-0012: antimony", "Route: …". */
  ours = g_strconcat (id, ": ", NULL);
  if (name != NULL && !g_str_has_prefix (name, ours) &&
      !(g_str_has_prefix (name, "[Illustrative] ") && g_str_has_prefix (name + strlen ("[Illustrative] "), ours)))
    join (notes, "\n\n", name);
  if (!g->ours)
    join (notes, "\n\n", first (incident, P_SUMMARY));
  if (description != NULL && !(g->ours && g_str_has_prefix (description, "Route: ")))
    join (notes, "\n\n", description);
  only_first (incident, P_SUMMARY);
  only_first (incident, P_DESCRIPTION);
  for (guint i = 0; incident->values != NULL && i < incident->values->len; i++)
    {
      const Value *value = &g_array_index (incident->values, Value, i);

      if (value->prop == P_NOTES)
        join (notes, "\n\n", value->text);
    }
  if (notes->len > 0)
    set_column (g, OT_COLUMN_NOTES, notes->str);
}

static void
read_involved (Reader   *reader,
               Gathered *g,
               Entity   *incident)
{
  for (guint i = 0; incident->values != NULL && i < incident->values->len; i++)
    {
      const Value *value = &g_array_index (incident->values, Value, i);
      Entity *party;

      if (value->prop != P_INVOLVED)
        continue;
      party = resolve (reader, value->text, KIND_PARTY, "involved");
      if (party != NULL)
        {
          party->used = TRUE;
          g_ptr_array_add (g->parties, party);
        }
    }
}

static const OtColumn party_columns[] = { OT_COLUMN_EXPORTER, OT_COLUMN_CONSIGNEE };

/* Which involved parties the incident names: ours by the summary; the
 * others need an exporter or consignee role (a link or a case party). */
static void
check_parties (Gathered *g,
               Entity   *incident)
{
  for (guint i = 0; i < g->parties->len; i++)
    {
      Entity *party = g->parties->pdata[i];
      const char *name = first (party, P_NAME);
      gboolean named = FALSE;

      for (guint r = 0; r < G_N_ELEMENTS (party_columns) && !named; r++)
        {
          const char *spelling = g->columns[party_columns[r]];

          if (spelling == NULL)
            continue;
          named = g_strcmp0 (spelling, name) == 0;
          for (guint k = 0; !named && party->values != NULL && k < party->values->len; k++)
            {
              const Value *value = &g_array_index (party->values, Value, k);

              named = value->prop == P_ALIAS && strcmp (value->text, spelling) == 0;
            }
        }
      if (!named)
        incident->unkept |= BIT (P_INVOLVED);
    }
}

static void
gathered_clear (Gathered *g)
{
  for (guint c = 0; c < OT_N_COLUMNS; c++)
    g_free (g->columns[c]);
  g_array_unref (g->stops);
  g_string_free (g->cases, TRUE);
  g_string_free (g->court, TRUE);
  g_ptr_array_unref (g->parties);
}

static void
read_incident (Reader *reader,
               Entity *incident)
{
  OtRecord *record = &reader->context->record;
  Gathered g = { { NULL }, FALSE, g_array_new (FALSE, FALSE, sizeof (Stop)), g_string_new (NULL),
                 g_string_new (NULL), g_ptr_array_new () };
  const char *summary = first (incident, P_SUMMARY);
  const char *date = first (incident, P_DATE);
  const char *id = first (incident, P_RECORD_ID);
  const char *start = first (incident, P_START_LOCATION);
  const char *end = first (incident, P_END_LOCATION);
  Entity *address;

  incident->used = TRUE;
  ot_record_begin (record, incident->line);
  g.ours = summary != NULL && ot_ftm_summary_read (summary, g.columns);

  set_column (&g, OT_COLUMN_ID, id != NULL ? id : incident->id);
  only_first (incident, P_RECORD_ID);
  if (date == NULL)
    date = first (incident, P_START_DATE);
  else if (first (incident, P_START_DATE) != NULL)
    incident->unkept |= BIT (P_START_DATE);
  only_first (incident, date == first (incident, P_DATE) ? P_DATE : P_START_DATE);
  /* FtM dates may carry a time: "2024-07-15T10:30:00". */
  if (date != NULL && strlen (date) > 10 && date[10] == 'T')
    g.columns[OT_COLUMN_DATE] = g_strndup (date, 10);
  else
    set_column (&g, OT_COLUMN_DATE, date);

  read_keywords (&g, incident);
  read_texts (&g, incident, g.columns[OT_COLUMN_ID]);
  {
    g_autoptr(GString) sources = g_string_new (NULL);

    for (guint i = 0; incident->values != NULL && i < incident->values->len; i++)
      if (g_array_index (incident->values, Value, i).prop == P_PUBLISHER)
        join (sources, "; ", g_array_index (incident->values, Value, i).text);
    if (sources->len > 0)
      set_column (&g, OT_COLUMN_SOURCE, sources->str);
  }
  set_column (&g, OT_COLUMN_SOURCE_URL, first (incident, P_SOURCE_URL));
  only_first (incident, P_SOURCE_URL);

  if (start != NULL && (address = resolve (reader, start, KIND_ADDRESS, "startLocation")) != NULL)
    place_column (reader, &g, OT_COLUMN_ORIGIN, address);
  if (end != NULL && (address = resolve (reader, end, KIND_ADDRESS, "endLocation")) != NULL)
    place_column (reader, &g, OT_COLUMN_DESTINATION, address);
  only_first (incident, P_START_LOCATION);
  only_first (incident, P_END_LOCATION);
  read_involved (reader, &g, incident);
  for (guint i = 0; incident->links != NULL && i < incident->links->len; i++)
    read_link (reader, &g, incident, incident->links->pdata[i]);
  read_location (&g, first (incident, P_LOCATION));
  only_first (incident, P_LOCATION);
  read_countries (&g, incident);
  if (g.cases->len > 0)
    set_column (&g, OT_COLUMN_CASE_REF, g.cases->str);
  if (g.court->len > 0)
    set_column (&g, OT_COLUMN_AUTHORITY, g.court->str);
  check_parties (&g, incident);

  for (OtColumn c = 0; c < OT_N_COLUMNS; c++)
    {
      if (g.columns[c] == NULL)
        continue;
      if (strlen (g.columns[c]) > OT_LOADER_MAX_FIELD)
        ot_record_error (record, ot_column_name (c), _("value of %s is longer than the 1 MiB limit"),
                         ot_column_name (c));
      else
        ot_record_set (record, c, g.columns[c]);
    }
  g_array_sort (g.stops, compare_stops);
  for (guint i = 0; i < g.stops->len; i++)
    {
      Entity *stop = g_array_index (g.stops, Stop, i).address;
      const char *port = NULL;
      const char *country = address_country (stop, &port);
      double lat, lon;
      OtCountry parsed;

      if (country == NULL)
        {
          ot_record_warning (record, "via", _("Address \"%s\" has no country; not kept as a transit stop"),
                             stop->id);
          continue;
        }
      /* Coordinates: Oretrace places ports by its own table. */
      if ((first (stop, P_LATITUDE) != NULL || first (stop, P_LONGITUDE) != NULL) &&
          !(port != NULL && ot_country_parse (country, &parsed) && ot_hub_lookup (parsed.code, port, &lat, &lon)))
        stop->unkept |= BIT (P_LATITUDE);
      ot_record_add_hop (record, country, port, i + 1);
    }
  /* The company names incidents give: the keys of aliases. */
  if (ot_record_finish (record))
    for (guint r = 0; r < G_N_ELEMENTS (party_columns); r++)
      if (g.columns[party_columns[r]] != NULL)
        g_hash_table_add (reader->spellings,
                          g_string_chunk_insert_const (reader->chunk, g.columns[party_columns[r]]));
  gathered_clear (&g);
}

/* Links and case parties, attached to what they name. */
static void
attach (Reader     *reader,
        Entity     *link,
        const char *id,
        Kind        kind)
{
  Entity *target = id != NULL ? g_hash_table_lookup (reader->entities, id) : NULL;

  if (target == NULL || target->kind != kind)
    return;
  if (target->links == NULL)
    target->links = g_ptr_array_new ();
  if (!g_ptr_array_find (target->links, link, NULL))
    g_ptr_array_add (target->links, link);
}

static void
attach_links (Reader *reader)
{
  for (guint i = 0; i < reader->order->len; i++)
    {
      Entity *entity = reader->order->pdata[i];

      if (entity->kind == KIND_LINK)
        {
          attach (reader, entity, first (entity, P_SUBJECT), KIND_INCIDENT);
          attach (reader, entity, first (entity, P_OBJECT), KIND_INCIDENT);
        }
      else if (entity->kind == KIND_CASE_PARTY)
        attach (reader, entity, first (entity, P_CASE), KIND_CASE);
    }
}

/* A Company with other names than its own is one entity under several
 * names: its names become aliases of it (issue 17), as the merge window
 * makes them, when it has names beyond spellings of one. */
static void
read_aliases (Reader *reader)
{
  OtDataset *dataset = reader->context->record.dataset;
  g_autoptr(GPtrArray) keys = g_ptr_array_new ();
  g_autoptr(GPtrArray) names = g_ptr_array_new ();
  g_autoptr(GPtrArray) old = ot_dataset_get_alias_keys (dataset);

  for (guint i = 0; i < reader->order->len; i++)
    {
      Entity *party = reader->order->pdata[i];
      const char *name = first (party, P_NAME);
      g_autofree char *folded = NULL;
      gboolean several = FALSE;

      if (party->kind != KIND_PARTY || !party->used || name == NULL)
        continue;
      folded = g_utf8_casefold (name, -1);
      for (guint k = 0; party->values != NULL && k < party->values->len && !several; k++)
        {
          const Value *value = &g_array_index (party->values, Value, k);
          g_autofree char *alias = value->prop == P_ALIAS ? g_utf8_casefold (value->text, -1) : NULL;

          several = alias != NULL && strcmp (alias, folded) != 0;
        }
      if (!several)
        continue;
      if (g_hash_table_contains (reader->spellings, name))
        g_ptr_array_add (keys, (gpointer) name), g_ptr_array_add (names, (gpointer) name);
      for (guint k = 0; party->values != NULL && k < party->values->len; k++)
        {
          const Value *value = &g_array_index (party->values, Value, k);

          if (value->prop == P_ALIAS && strcmp (value->text, name) != 0)
            g_ptr_array_add (keys, (gpointer) value->text), g_ptr_array_add (names, (gpointer) name);
        }
    }
  if (keys->len == 0)
    return;
  /* Joined to what the files before this one gave. */
  for (guint i = 0; i < old->len; i++)
    {
      g_ptr_array_add (keys, old->pdata[i]);
      g_ptr_array_add (names, (gpointer) ot_dataset_resolve_company (dataset, old->pdata[i]));
    }
  ot_dataset_set_aliases (dataset, (const char **) keys->pdata, (const char **) names->pdata, keys->len);
}

/* One warning per schema: the entities no incident read, and the
 * properties not kept with how many entities had them. */
static void
report (Reader *reader)
{
  OtRecord *record = &reader->context->record;

  for (guint i = 0; i < reader->order->len; i++)
    {
      Entity *entity = reader->order->pdata[i];
      SchemaReport *sr;

      if (!entity->used && entity->kind != KIND_INCIDENT)
        {
          sr = schema_report (reader, entity->schema, entity->line);
          if (sr->n_unused++ == 0)
            sr->unused_line = entity->line;
        }
      for (guint p = 0; entity->used && p < N_PROPS; p++)
        if (entity->unkept & BIT (p))
          count_unkept (reader, entity->schema, entity->line, prop_names[p]);
    }
  if (reader->n_fragments > 0)
    ot_loader_report (record->dataset, record->file, reader->fragment_line, OT_SEVERITY_WARNING,
                      g_dngettext (GETTEXT_PACKAGE,
                                   "%u line gives an entity whose id an earlier line has; read as one "
                                   "entity with the values of both",
                                   "%u lines give an entity whose id an earlier line has; each read as one "
                                   "entity with the values of both",
                                   reader->n_fragments), reader->n_fragments);
  for (guint i = 0; i < reader->report_order->len; i++)
    {
      SchemaReport *sr = reader->report_order->pdata[i];
      g_autoptr(GString) props = g_string_new (NULL);

      if (sr->n_unused > 0 && kind_of (sr->schema) == KIND_OTHER)
        ot_loader_report (record->dataset, record->file, sr->unused_line, OT_SEVERITY_WARNING,
                          /* TRANSLATORS: %u entities of the FtM schema %s ("Person", "Vessel"). */
                          g_dngettext (GETTEXT_PACKAGE,
                                       "%u %s entity not read: Oretrace reads incidents from Trip and Event "
                                       "entities, with their Addresses, companies and court cases",
                                       "%u %s entities not read: Oretrace reads incidents from Trip and Event "
                                       "entities, with their Addresses, companies and court cases",
                                       sr->n_unused), sr->n_unused, sr->schema);
      else if (sr->n_unused > 0)
        ot_loader_report (record->dataset, record->file, sr->unused_line, OT_SEVERITY_WARNING,
                          /* TRANSLATORS: %u entities of the FtM schema %s ("Company", "Address"). */
                          g_dngettext (GETTEXT_PACKAGE,
                                       "%u %s entity not read: no incident uses it",
                                       "%u %s entities not read: no incident uses them",
                                       sr->n_unused), sr->n_unused, sr->schema);
      for (guint k = 0; k < sr->order->len; k++)
        g_string_append_printf (props, "%s%s (%u)", k > 0 ? ", " : "", (const char *) sr->order->pdata[k],
                                GPOINTER_TO_UINT (g_hash_table_lookup (sr->props, sr->order->pdata[k])));
      if (props->len > 0)
        ot_loader_report (record->dataset, record->file, sr->first_line, OT_SEVERITY_WARNING,
                          /* TRANSLATORS: %s is an FtM schema ("Trip"), then a list of its
                           * properties with how many entities had them: "vehicle (2), program (1)". */
                          _("%s entities: properties not kept (no place for them in an incident), "
                            "with the number of entities: %s"), sr->schema, props->str);
    }
}

void
ot_loader_read_ftm (OtLoadContext *context,
                    const char    *data,
                    gsize          length)
{
  Reader reader = { context };
  guint n_incidents = 0;

  reader.chunk = g_string_chunk_new (64 * 1024);
  reader.entities = g_hash_table_new (g_str_hash, g_str_equal);
  reader.order = g_ptr_array_new_with_free_func ((GDestroyNotify) entity_free);
  reader.reports = g_hash_table_new (g_str_hash, g_str_equal);
  reader.report_order = g_ptr_array_new_with_free_func ((GDestroyNotify) schema_report_free);
  reader.spellings = g_hash_table_new (g_str_hash, g_str_equal);
  reader.parser = json_parser_new_immutable ();

  /* The lines are three quarters of the work. */
  if (ot_load_context_foreach_line (context, data, length, length + length / 3, read_line, &reader))
    {
      attach_links (&reader);
      for (guint i = 0; i < reader.order->len && !context->record.stop; i++)
        {
          Entity *entity = reader.order->pdata[i];

          if (entity->kind != KIND_INCIDENT)
            continue;
          if (++n_incidents % 1024 == 0 &&
              !ot_load_context_tick (context, length + length / 3 * i / reader.order->len, length + length / 3))
            break;
          read_incident (&reader, entity);
        }
      if (!g_cancellable_is_cancelled (context->cancellable))
        {
          read_aliases (&reader);
          report (&reader);
        }
    }

  g_object_unref (reader.parser);
  g_hash_table_unref (reader.spellings);
  g_ptr_array_unref (reader.report_order);
  g_hash_table_unref (reader.reports);
  g_ptr_array_unref (reader.order);
  g_hash_table_unref (reader.entities);
  g_string_chunk_free (reader.chunk);
}

gboolean
ot_loader_is_ftm (const char *data,
                  gsize       length)
{
  const char *nl = memchr (data, '\n', length);
  gsize n = nl ? (gsize) (nl - data) : length;
  g_autoptr(JsonParser) parser = json_parser_new_immutable ();
  JsonObject *object;
  JsonNode *root;
  guint scan_line;

  if (n > OT_LOADER_MAX_LINE || ot_loader_json_scan (data, n, &scan_line) != OT_JSON_OK ||
      !json_parser_load_from_data (parser, data, n, NULL))
    return FALSE;
  root = json_parser_get_root (parser);
  if (root == NULL || !JSON_NODE_HOLDS_OBJECT (root))
    return FALSE;
  object = json_node_get_object (root);
  return json_object_has_member (object, "schema") && json_object_has_member (object, "properties");
}
