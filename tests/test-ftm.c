/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Issue 19: the case as FollowTheMoney entities.  What the mapping makes
 * of the samples (companies with their merged names, places, a Trip or an
 * Event per incident, court cases), stable ids, the filter's mask, hostile
 * names, an atomic save; and the FtM model itself (the npm package
 * @alephdata/followthemoney, tests/ftm/validate.js) accepting every
 * export. */
#include <glib/gstdio.h>
#include <json-glib/json-glib.h>
#include <string.h>

#include "ot-document.h"
#include "ot-ftm.h"
#include "ot-test-ftm.h"
#include "ot-test-load.h"

/* The entities of an export, by id. */
static GHashTable *
parse (GBytes *bytes)
{
  g_autofree char *text = g_strndup (g_bytes_get_data (bytes, NULL), g_bytes_get_size (bytes));
  g_auto(GStrv) lines = g_strsplit (text, "\n", -1);
  GHashTable *entities = g_hash_table_new_full (g_str_hash, g_str_equal, g_free,
                                                (GDestroyNotify) json_object_unref);

  for (guint i = 0; lines[i] != NULL && *lines[i] != '\0'; i++)
    {
      g_autoptr(JsonParser) parser = json_parser_new ();
      g_autoptr(GError) error = NULL;
      JsonObject *object;

      g_assert_true (json_parser_load_from_data (parser, lines[i], -1, &error));
      g_assert_no_error (error);
      object = json_node_get_object (json_parser_get_root (parser));
      g_assert_true (g_hash_table_insert (entities, g_strdup (json_object_get_string_member (object, "id")),
                                          json_object_ref (object)));
    }
  return entities;
}

static guint
count_schema (GHashTable *entities,
              const char *schema)
{
  GHashTableIter iter;
  gpointer value;
  guint n = 0;

  g_hash_table_iter_init (&iter, entities);
  while (g_hash_table_iter_next (&iter, NULL, &value))
    n += g_strcmp0 (json_object_get_string_member (value, "schema"), schema) == 0;
  return n;
}

/* The values of @property of @entity, joined by "|". */
static char *
values (JsonObject *entity,
        const char *property)
{
  JsonObject *properties = json_object_get_object_member (entity, "properties");
  JsonArray *array;
  g_autoptr(GString) out = g_string_new (NULL);

  if (!json_object_has_member (properties, property))
    return g_strdup ("");
  array = json_object_get_array_member (properties, property);
  for (guint i = 0; i < json_array_get_length (array); i++)
    g_string_append_printf (out, "%s%s", i ? "|" : "", json_array_get_string_element (array, i));
  return g_strdup (out->str);
}

/* The entity of @schema whose @property is exactly @value. */
static JsonObject *
find (GHashTable *entities,
      const char *schema,
      const char *property,
      const char *value)
{
  GHashTableIter iter;
  gpointer entity;

  g_hash_table_iter_init (&iter, entities);
  while (g_hash_table_iter_next (&iter, NULL, &entity))
    {
      g_autofree char *got = values (entity, property);

      if (g_strcmp0 (json_object_get_string_member (entity, "schema"), schema) == 0 &&
          g_strcmp0 (got, value) == 0)
        return entity;
    }
  return NULL;
}

/* The FtM model's check of @bytes; skipped, saying why, without Node.js
 * or the package (build-aux/test installs both). */
static void
validate_with_ftm (GBytes     *bytes,
                   const char *expect)
{
  if (!ot_test_ftm_validate (bytes, expect))
    g_test_skip ("Node.js or the FtM package missing: npm ci --prefix tests/ftm (build-aux/test does)");
}

/* The 60 researched incidents: 27 with both ends are Trips, 33 without
 * one are Events; the FtM model accepts all of it. */
static void
test_ftm_samples (void)
{
  g_autoptr(OtDataset) ds = ot_test_load_samples ();
  g_autoptr(GBytes) bytes = ot_ftm_write (ds, NULL);
  g_autoptr(GBytes) again = ot_ftm_write (ds, NULL);
  g_autoptr(GHashTable) entities = parse (bytes);
  guint trips = 0, events = 0;

  for (guint i = 0; i < ot_dataset_get_n_incidents (ds); i++)
    {
      const OtIncident *incident = ot_dataset_get_incident (ds, i);
      gboolean both = OT_COUNTRY_IS_SET (incident->origin) && OT_COUNTRY_IS_SET (incident->destination);
      JsonObject *entity = find (entities, both ? "Trip" : "Event", "recordId", incident->id);

      g_assert_nonnull (entity);
      trips += both, events += !both;
    }
  g_assert_cmpuint (count_schema (entities, "Trip"), ==, trips);
  g_assert_cmpuint (count_schema (entities, "Event"), ==, events);
  g_assert_cmpuint (trips, >, 0);
  g_assert_cmpuint (events, >, 0);
  /* The same case gives the same file, ids and all. */
  g_assert_true (g_bytes_equal (bytes, again));
  validate_with_ftm (bytes, "Trip=27 Event=33");
}

/* Companies: one per entity, named by the analyst's merge, the other
 * spellings as aliases; a Trip involves them, starts and ends at its
 * countries' Addresses and links each transit stop. */
static void
test_ftm_companies_and_places (void)
{
  g_autoptr(OtDataset) ds = ot_test_load_demo ();
  g_autoptr(OtDocument) doc = ot_document_new (ds);
  const char *names[] = { "Gulfline Metals Inc. (fictional)", "Rio Bravo Compounds LLC (fictional)" };
  g_autoptr(GBytes) before = ot_ftm_write (ds, NULL);
  g_autoptr(GHashTable) plain = parse (before);
  g_autoptr(GBytes) bytes = NULL;
  g_autoptr(GHashTable) entities = NULL;
  g_autoptr(GError) error = NULL;
  JsonObject *company, *trip;
  g_autofree char *aliases = NULL;
  g_autofree char *involved = NULL;
  g_autofree char *start = NULL;
  const char *company_id;

  g_assert_nonnull (find (plain, "Company", "name", names[0]));
  g_assert_nonnull (find (plain, "Company", "name", names[1]));

  g_assert_true (ot_document_merge_companies (doc, names, 2, "Gulfline group (fictional)", &error));
  g_assert_no_error (error);
  bytes = ot_ftm_write (ot_document_get_dataset (doc), NULL);
  entities = parse (bytes);
  company = find (entities, "Company", "name", "Gulfline group (fictional)");
  g_assert_nonnull (company);
  aliases = values (company, "alias");
  g_assert_cmpstr (aliases, ==, "Gulfline Metals Inc. (fictional)|Rio Bravo Compounds LLC (fictional)");
  g_assert_null (find (entities, "Company", "name", names[0]));
  g_assert_cmpuint (count_schema (entities, "Company"), ==, count_schema (plain, "Company") - 1);

  /* DEMO incidents naming Gulfline involve the merged company. */
  company_id = json_object_get_string_member (company, "id");
  for (guint i = 0; i < ot_dataset_get_n_incidents (ds); i++)
    {
      const OtIncident *incident = ot_dataset_get_incident (ds, i);
      JsonObject *entity;
      g_autofree char *ids = NULL;

      if (g_strcmp0 (incident->consignee, names[0]) != 0)
        continue;
      entity = find (entities, "Trip", "recordId", incident->id);
      if (entity == NULL)
        entity = find (entities, "Event", "recordId", incident->id);
      g_assert_nonnull (entity);
      ids = values (entity, "involved");
      g_assert_nonnull (strstr (ids, company_id));
    }

  /* Ports are Addresses of their own, with the coordinates of hubs.csv. */
  g_assert_nonnull (find (entities, "Address", "name", "Laem Chabang"));
  trip = find (entities, "Address", "name", "China");
  g_assert_nonnull (trip);
  start = values (trip, "country");
  g_assert_cmpstr (start, ==, "cn");
  trip = NULL;
  {
    GHashTableIter iter;
    gpointer entity;

    g_hash_table_iter_init (&iter, entities);
    while (g_hash_table_iter_next (&iter, NULL, &entity))
      if (g_strcmp0 (json_object_get_string_member (entity, "schema"), "UnknownLink") == 0)
        {
          g_autofree char *role = values (entity, "role");

          if (g_str_has_prefix (role, "transit stop"))
            trip = entity;
        }
  }
  g_assert_nonnull (trip);
  involved = values (trip, "subject");
  g_assert_true (g_str_has_prefix (involved, "oretrace-incident-"));
  validate_with_ftm (bytes, "");
}

/* The filter's mask picks the incidents; places and companies follow. */
static void
test_ftm_mask (void)
{
  g_autoptr(OtDataset) ds = ot_test_load_samples ();
  g_autofree guint8 *mask = g_new0 (guint8, ot_dataset_get_n_incidents (ds));
  g_autoptr(GBytes) bytes = NULL;
  g_autoptr(GHashTable) entities = NULL;
  guint n = 0;

  for (guint i = 0; i < ot_dataset_get_n_incidents (ds); i++)
    {
      const OtIncident *incident = ot_dataset_get_incident (ds, i);

      if (OT_COUNTRY_IS_SET (incident->origin) && OT_COUNTRY_IS_SET (incident->destination) && n < 3)
        mask[i] = 1, n++;
    }
  bytes = ot_ftm_write (ds, mask);
  entities = parse (bytes);
  g_assert_cmpuint (count_schema (entities, "Trip"), ==, 3);
  g_assert_cmpuint (count_schema (entities, "Event"), ==, 0);
  g_assert_cmpuint (count_schema (entities, "Address"), <=, 3 * 4);
}

/* Names with quotes, angle brackets, a backslash and a line break stay
 * valid JSON and valid FtM; an id of any text gives a safe entity id. */
static void
test_ftm_hostile (void)
{
  static const char csv[] =
    "id,date,mineral,quantity,unit,origin,exporter,destination,consignee,status,source,source_url,case_ref\n"
    "\"H-1 \"\"<x>\"\"\",2024-07,antimony,10,kg,CN,\"Quote \"\" & <Co> \\ Ltd\",US,\"Line\nBreak LLC\","
    "seized,src,javascript:alert(1),\"case <1>; \"\n";
  g_autoptr(OtDataset) ds = ot_test_load ("hostile.csv", csv);
  g_autoptr(GBytes) bytes = NULL;
  g_autoptr(GHashTable) entities = NULL;
  JsonObject *trip;
  g_autofree char *url = NULL;

  g_assert_cmpuint (ot_dataset_get_n_incidents (ds), ==, 1);
  bytes = ot_ftm_write (ds, NULL);
  entities = parse (bytes);
  g_assert_nonnull (find (entities, "Company", "name", "Quote \" & <Co> \\ Ltd"));
  trip = find (entities, "Trip", "recordId", "H-1 \"<x>\"");
  g_assert_nonnull (trip);
  /* Only web addresses are source links. */
  url = values (trip, "sourceUrl");
  g_assert_cmpstr (url, ==, "");
  g_assert_cmpuint (count_schema (entities, "CourtCase"), ==, 1);
  validate_with_ftm (bytes, "Trip=1 CourtCase=1");
}

/* A cancelled save leaves the old file as it was. */
static void
test_ftm_atomic (void)
{
  g_autoptr(OtDataset) ds = ot_test_load_samples ();
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = g_dir_make_tmp ("oretrace-ftm-XXXXXX", NULL);
  g_autofree char *path = g_build_filename (dir, "old.ftm.json", NULL);
  g_autoptr(GFile) file = g_file_new_for_path (path);
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  g_autofree char *contents = NULL;

  g_assert_true (g_file_set_contents (path, "old\n", -1, NULL));
  g_cancellable_cancel (cancellable);
  g_assert_false (ot_ftm_save (ds, NULL, file, cancellable, &error));
  g_assert_nonnull (error);
  g_assert_true (g_file_get_contents (path, &contents, NULL, NULL));
  g_assert_cmpstr (contents, ==, "old\n");
  g_clear_error (&error);
  g_assert_true (ot_ftm_save (ds, NULL, file, NULL, &error));
  g_assert_no_error (error);
  g_unlink (path);
  g_rmdir (dir);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/ftm/samples", test_ftm_samples);
  g_test_add_func ("/ftm/companies-and-places", test_ftm_companies_and_places);
  g_test_add_func ("/ftm/mask", test_ftm_mask);
  g_test_add_func ("/ftm/hostile", test_ftm_hostile);
  g_test_add_func ("/ftm/atomic", test_ftm_atomic);

  return g_test_run ();
}
