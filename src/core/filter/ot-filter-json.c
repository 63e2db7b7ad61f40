/* SPDX-License-Identifier: GPL-3.0-or-later */
/* ot-filter-json.c: a filter as JSON text and back, for the saved views
 * of a case file.  The shape is documented in docs/case-file.md
 * ("saved_views"); only the parts that hold something are written, keys
 * a reader does not know are skipped, and a value that is not what its
 * key allows is refused with a message naming the key. */
#include "ot-filter.h"
#include "ot-filter-private.h"
#include "ot-error.h"
#include "ot-json.h"

#include <glib/gi18n-lib.h>
#include <math.h>
#include <string.h>

/* The words for the two mineral values that are not minerals. */
#define MINERAL_NOT_GIVEN "none"
#define MINERAL_NOTHING   "nothing"
/* A grade that was not given. */
#define GRADE_NOT_GIVEN   "none"
/* Periods are written as dates up to this year, as day numbers above. */
#define MAX_DATE_YEAR     9999

/* Writing ------------------------------------------------------------------ */

static void
add_key_set (JsonBuilder     *builder,
             const char      *name,
             const GPtrArray *set)
{
  if (set == NULL)
    return;
  json_builder_set_member_name (builder, name);
  json_builder_begin_array (builder);
  for (guint i = 0; i < set->len; i++)
    json_builder_add_string_value (builder, g_ptr_array_index (set, i));
  json_builder_end_array (builder);
}

static void
add_minerals (JsonBuilder    *builder,
              const OtFilter *filter)
{
  if (!ot_filter_has_minerals (filter))
    return;
  json_builder_set_member_name (builder, "minerals");
  json_builder_begin_array (builder);
  for (guint m = 0; m < MINERAL_BITS; m++)
    {
      if (!((filter->minerals[m / 32] >> (m % 32)) & 1))
        continue;
      if (m == OT_MINERAL_NONE)
        json_builder_add_string_value (builder, MINERAL_NOT_GIVEN);
      else if (m == OT_FILTER_MINERAL_NOTHING)
        json_builder_add_string_value (builder, MINERAL_NOTHING);
      else if (m < ot_mineral_count ())
        json_builder_add_string_value (builder, ot_mineral_name (m));
    }
  json_builder_end_array (builder);
}

static void
add_flags (JsonBuilder *builder,
           const char  *name,
           guint32      bits,
           guint        n,
           const char *(*word) (guint))
{
  if (bits == 0)
    return;
  json_builder_set_member_name (builder, name);
  json_builder_begin_array (builder);
  for (guint i = 0; i < n; i++)
    if ((bits >> i) & 1)
      json_builder_add_string_value (builder, word (i));
  json_builder_end_array (builder);
}

static const char *
status_word (guint i)
{
  return ot_status_name (i);
}

static const char *
confidence_word (guint i)
{
  return ot_confidence_name (i);
}

static void
add_grades (JsonBuilder *builder,
            const char  *name,
            guint32      bits,
            gboolean     letters)
{
  if (bits == 0)
    return;
  json_builder_set_member_name (builder, name);
  json_builder_begin_array (builder);
  for (guint bit = 0; bit <= 6; bit++)
    {
      char letter[2] = { (char) ('A' + bit - 1), '\0' };

      if (!((bits >> bit) & 1))
        continue;
      if (bit == 0)
        json_builder_add_string_value (builder, GRADE_NOT_GIVEN);
      else if (letters)
        json_builder_add_string_value (builder, letter);
      else
        json_builder_add_int_value (builder, bit);
    }
  json_builder_end_array (builder);
}

static void
add_countries (JsonBuilder    *builder,
               const OtFilter *filter)
{
  static const char *const sides[] = { "include", "exclude" };

  if (!ot_filter_has_part (filter, OT_FILTER_COUNTRIES))
    return;
  json_builder_set_member_name (builder, "countries");
  json_builder_begin_object (builder);
  for (guint side = 0; side < 2; side++)
    {
      json_builder_set_member_name (builder, sides[side]);
      json_builder_begin_array (builder);
      for (guint bit = 0; bit < COUNTRY_BITS; bit++)
        if ((filter->countries[side][bit / 32] >> (bit % 32)) & 1)
          {
            char code[3] = { (char) ('A' + bit / 26), (char) ('A' + bit % 26), '\0' };

            json_builder_add_string_value (builder, code);
          }
      json_builder_end_array (builder);
    }
  json_builder_end_object (builder);
}

static void
add_companies (JsonBuilder    *builder,
               const OtFilter *filter)
{
  static const char *const sides[] = { "include", "exclude" };

  if (!ot_filter_has_part (filter, OT_FILTER_COMPANIES))
    return;
  json_builder_set_member_name (builder, "companies");
  json_builder_begin_object (builder);
  for (guint side = 0; side < 2; side++)
    {
      const GPtrArray *set = filter->companies[side];

      json_builder_set_member_name (builder, sides[side]);
      json_builder_begin_array (builder);
      for (guint i = 0; set != NULL && i < set->len; i++)
        json_builder_add_string_value (builder, g_ptr_array_index (set, i));
      json_builder_end_array (builder);
    }
  json_builder_end_object (builder);
}

/* A period end: "YYYY-MM-DD", or the day number when it has no such date;
 * null for an open end. */
static void
add_day (JsonBuilder *builder,
         const char  *name,
         guint32      day)
{
  GDate date;

  json_builder_set_member_name (builder, name);
  if (day == 0)
    {
      json_builder_add_null_value (builder);
      return;
    }
  g_date_clear (&date, 1);
  if (day <= G_MAXUINT32 / 2 && g_date_valid_julian (day))
    g_date_set_julian (&date, day);
  if (g_date_valid (&date) && g_date_get_year (&date) <= MAX_DATE_YEAR)
    {
      char text[16];

      g_snprintf (text, sizeof text, "%04u-%02u-%02u", g_date_get_year (&date),
                  g_date_get_month (&date), g_date_get_day (&date));
      json_builder_add_string_value (builder, text);
    }
  else
    json_builder_add_int_value (builder, day);
}

char *
ot_filter_to_json (const OtFilter *filter)
{
  g_autoptr(JsonBuilder) builder = json_builder_new_immutable ();

  g_return_val_if_fail (filter != NULL, NULL);

  json_builder_begin_object (builder);
  add_minerals (builder, filter);
  add_flags (builder, "statuses", filter->statuses, OT_N_STATUS, status_word);
  add_flags (builder, "confidence", filter->confidences, OT_N_CONFIDENCE, confidence_word);
  add_key_set (builder, "methods", filter->methods);
  add_key_set (builder, "declared_as", filter->declared);
  add_countries (builder, filter);
  add_companies (builder, filter);
  if (ot_filter_has_part (filter, OT_FILTER_PERIOD))
    {
      json_builder_set_member_name (builder, "period");
      json_builder_begin_object (builder);
      add_day (builder, "from", filter->from_day);
      add_day (builder, "to", filter->to_day);
      json_builder_end_object (builder);
    }
  if (filter->min_kg > 0)
    {
      json_builder_set_member_name (builder, "min_kg");
      json_builder_add_double_value (builder, filter->min_kg);
    }
  add_grades (builder, "reliability", filter->reliabilities, TRUE);
  add_grades (builder, "credibility", filter->credibilities, FALSE);
  if (filter->hide_illustrative)
    {
      json_builder_set_member_name (builder, "illustrative");
      json_builder_add_boolean_value (builder, FALSE);
    }
  json_builder_end_object (builder);
  return ot_json_builder_to_text (builder);
}

/* Reading ------------------------------------------------------------------ */

static gboolean
invalid (GError    **error,
         const char *key,
         const char *what)
{
  /* Translators: "“minerals”: a list of texts expected" */
  g_set_error (error, OT_ERROR, OT_ERROR_INVALID, _("“%s”: %s"), key, what);
  return FALSE;
}

/* The array at @key of @object; NULL without error when absent or null. */
static gboolean
get_array (JsonObject  *object,
           const char  *key,
           JsonArray  **out,
           GError     **error)
{
  JsonNode *node = json_object_get_member (object, key);

  *out = NULL;
  if (node == NULL || JSON_NODE_HOLDS_NULL (node))
    return TRUE;
  if (!JSON_NODE_HOLDS_ARRAY (node))
    return invalid (error, key, _("a list expected"));
  *out = json_node_get_array (node);
  return TRUE;
}

/* The @i-th element of @array as a text, or NULL (error set). */
static const char *
get_text (JsonArray   *array,
          guint        i,
          const char  *key,
          GError     **error)
{
  JsonNode *node = json_array_get_element (array, i);

  if (!JSON_NODE_HOLDS_VALUE (node) || json_node_get_value_type (node) != G_TYPE_STRING)
    {
      invalid (error, key, _("a list of texts expected"));
      return NULL;
    }
  return json_node_get_string (node);
}

static gboolean
read_minerals (JsonObject  *object,
               OtFilter    *filter,
               GError     **error)
{
  JsonArray *array;

  if (!get_array (object, "minerals", &array, error))
    return FALSE;
  for (guint i = 0; array != NULL && i < json_array_get_length (array); i++)
    {
      const char *text = get_text (array, i, "minerals", error);
      OtMineral mineral;

      if (text == NULL)
        return FALSE;
      if (strcmp (text, MINERAL_NOT_GIVEN) == 0)
        mineral = OT_MINERAL_NONE;
      else if (strcmp (text, MINERAL_NOTHING) == 0)
        mineral = OT_FILTER_MINERAL_NOTHING;
      else if (!ot_mineral_parse (text, &mineral))
        {
          g_autofree char *what = g_strdup_printf (_("“%s” is not a mineral"), text);

          return invalid (error, "minerals", what);
        }
      ot_filter_set_mineral (filter, mineral, TRUE);
    }
  return TRUE;
}

static gboolean
read_statuses (JsonObject  *object,
               OtFilter    *filter,
               GError     **error)
{
  JsonArray *array;

  if (!get_array (object, "statuses", &array, error))
    return FALSE;
  for (guint i = 0; array != NULL && i < json_array_get_length (array); i++)
    {
      const char *text = get_text (array, i, "statuses", error);
      OtStatus status;

      if (text == NULL)
        return FALSE;
      if (!ot_status_parse (text, &status))
        {
          g_autofree char *what = g_strdup_printf (_("“%s” is not a status"), text);

          return invalid (error, "statuses", what);
        }
      ot_filter_set_status (filter, status, TRUE);
    }
  return TRUE;
}

static gboolean
read_confidence (JsonObject  *object,
                 OtFilter    *filter,
                 GError     **error)
{
  JsonArray *array;

  if (!get_array (object, "confidence", &array, error))
    return FALSE;
  for (guint i = 0; array != NULL && i < json_array_get_length (array); i++)
    {
      const char *text = get_text (array, i, "confidence", error);
      OtConfidence confidence;

      if (text == NULL)
        return FALSE;
      if (!ot_confidence_parse (text, &confidence))
        {
          g_autofree char *what = g_strdup_printf (_("“%s” is not a confidence level"), text);

          return invalid (error, "confidence", what);
        }
      ot_filter_set_confidence (filter, confidence, TRUE);
    }
  return TRUE;
}

static gboolean
read_labels (JsonObject  *object,
             const char  *key,
             OtFilter    *filter,
             void       (*set) (OtFilter *, const char *, gboolean),
             GError     **error)
{
  JsonArray *array;

  if (!get_array (object, key, &array, error))
    return FALSE;
  for (guint i = 0; array != NULL && i < json_array_get_length (array); i++)
    {
      const char *text = get_text (array, i, key, error);

      if (text == NULL)
        return FALSE;
      set (filter, text, TRUE);
    }
  return TRUE;
}

/* "countries" or "companies": { "include": [...], "exclude": [...] }. */
static gboolean
read_sides (JsonObject  *object,
            const char  *key,
            OtFilter    *filter,
            gboolean     countries,
            GError     **error)
{
  static const char *const sides[] = { "include", "exclude" };
  JsonNode *node = json_object_get_member (object, key);
  JsonObject *inner;

  if (node == NULL || JSON_NODE_HOLDS_NULL (node))
    return TRUE;
  if (!JSON_NODE_HOLDS_OBJECT (node))
    return invalid (error, key, _("an object with “include” and “exclude” lists expected"));
  inner = json_node_get_object (node);
  for (guint side = 0; side < 2; side++)
    {
      OtFilterMode mode = side == 0 ? OT_FILTER_INCLUDE : OT_FILTER_EXCLUDE;
      JsonArray *array;

      if (!get_array (inner, sides[side], &array, error))
        {
          g_prefix_error (error, "“%s”: ", key);
          return FALSE;
        }
      for (guint i = 0; array != NULL && i < json_array_get_length (array); i++)
        {
          const char *text = get_text (array, i, key, error);

          if (text == NULL)
            return FALSE;
          if (!countries)
            {
              ot_filter_set_company (filter, text, mode);
              continue;
            }
          if (!g_ascii_isalpha (text[0]) || !g_ascii_isalpha (text[1]) || text[2] != '\0')
            {
              g_autofree char *what = g_strdup_printf (_("“%s” is not a two-letter country code"), text);

              return invalid (error, key, what);
            }
          ot_filter_set_country (filter, text, mode);
        }
    }
  return TRUE;
}

/* Exactly "DDDD-DD-DD" (D a digit). */
static gboolean
is_iso_date (const char *text)
{
  for (guint i = 0; i < 10; i++)
    if (i == 4 || i == 7 ? text[i] != '-' : !g_ascii_isdigit (text[i]))
      return FALSE;
  return text[10] == '\0';
}

/* A period end: null, "YYYY-MM-DD" or a day number. */
static gboolean
read_day (JsonObject  *period,
          const char  *key,
          guint32     *day,
          GError     **error)
{
  JsonNode *node = json_object_get_member (period, key);
  GType type;

  *day = 0;
  if (node == NULL || JSON_NODE_HOLDS_NULL (node))
    return TRUE;
  type = JSON_NODE_HOLDS_VALUE (node) ? json_node_get_value_type (node) : G_TYPE_INVALID;
  if (type == G_TYPE_INT64)
    {
      gint64 n = json_node_get_int (node);

      if (n >= 1 && n <= G_MAXUINT32)
        {
          *day = (guint32) n;
          return TRUE;
        }
    }
  else if (type == G_TYPE_STRING)
    {
      const char *text = json_node_get_string (node);
      guint year = 0, month = 0, mday = 0;

      if (is_iso_date (text))
        {
          for (guint i = 0; i < 4; i++)
            year = year * 10 + (text[i] - '0');
          month = (text[5] - '0') * 10 + (text[6] - '0');
          mday = (text[8] - '0') * 10 + (text[9] - '0');
        }
      if (year >= 1 && month >= 1 && month <= 12 && mday >= 1 &&
          g_date_valid_dmy (mday, month, year))
        {
          GDate date;

          g_date_clear (&date, 1);
          g_date_set_dmy (&date, mday, month, year);
          *day = g_date_get_julian (&date);
          return TRUE;
        }
    }
  {
    g_autofree char *what = g_strdup_printf (_("“%s” must be a date (YYYY-MM-DD) or null"), key);

    return invalid (error, "period", what);
  }
}

static gboolean
read_period (JsonObject  *object,
             OtFilter    *filter,
             GError     **error)
{
  JsonNode *node = json_object_get_member (object, "period");
  JsonObject *period;
  guint32 from, to;

  if (node == NULL || JSON_NODE_HOLDS_NULL (node))
    return TRUE;
  if (!JSON_NODE_HOLDS_OBJECT (node))
    return invalid (error, "period", _("an object with “from” and “to” expected"));
  period = json_node_get_object (node);
  if (!read_day (period, "from", &from, error) || !read_day (period, "to", &to, error))
    return FALSE;
  ot_filter_set_period (filter, from, to);
  return TRUE;
}

static gboolean
read_min_kg (JsonObject  *object,
             OtFilter    *filter,
             GError     **error)
{
  JsonNode *node = json_object_get_member (object, "min_kg");
  GType type;
  double kg;

  if (node == NULL || JSON_NODE_HOLDS_NULL (node))
    return TRUE;
  type = JSON_NODE_HOLDS_VALUE (node) ? json_node_get_value_type (node) : G_TYPE_INVALID;
  if (type != G_TYPE_INT64 && type != G_TYPE_DOUBLE)
    return invalid (error, "min_kg", _("a number of kilograms expected"));
  kg = json_node_get_double (node);
  if (!isfinite (kg) || kg < 0)
    return invalid (error, "min_kg", _("a number of kilograms expected"));
  ot_filter_set_min_kg (filter, kg);
  return TRUE;
}

/* "reliability" (letters A–F) or "credibility" (numbers 1–6), each list
 * possibly holding "none". */
static gboolean
read_grades (JsonObject  *object,
             const char  *key,
             gboolean     letters,
             OtFilter    *filter,
             GError     **error)
{
  JsonArray *array;

  if (!get_array (object, key, &array, error))
    return FALSE;
  for (guint i = 0; array != NULL && i < json_array_get_length (array); i++)
    {
      JsonNode *node = json_array_get_element (array, i);
      GType type = JSON_NODE_HOLDS_VALUE (node) ? json_node_get_value_type (node) : G_TYPE_INVALID;
      const char *text = type == G_TYPE_STRING ? json_node_get_string (node) : NULL;
      gint64 n = type == G_TYPE_INT64 ? json_node_get_int (node) : -1;

      if (text != NULL && strcmp (text, GRADE_NOT_GIVEN) == 0)
        {
          if (letters)
            ot_filter_set_reliability (filter, 0, TRUE);
          else
            ot_filter_set_credibility (filter, 0, TRUE);
        }
      else if (letters && text != NULL && text[0] >= 'A' && text[0] <= 'F' && text[1] == '\0')
        ot_filter_set_reliability (filter, text[0], TRUE);
      else if (!letters && n >= 1 && n <= 6)
        ot_filter_set_credibility (filter, (guint) n, TRUE);
      else
        return invalid (error, key, letters ? _("grades A to F or “none” expected")
                                            : _("grades 1 to 6 or “none” expected"));
    }
  return TRUE;
}

static gboolean
read_illustrative (JsonObject  *object,
                   OtFilter    *filter,
                   GError     **error)
{
  JsonNode *node = json_object_get_member (object, "illustrative");

  if (node == NULL || JSON_NODE_HOLDS_NULL (node))
    return TRUE;
  if (!JSON_NODE_HOLDS_VALUE (node) || json_node_get_value_type (node) != G_TYPE_BOOLEAN)
    return invalid (error, "illustrative", _("true or false expected"));
  ot_filter_set_show_illustrative (filter, json_node_get_boolean (node));
  return TRUE;
}

OtFilter *
ot_filter_from_json (const char  *json,
                     GError     **error)
{
  g_autoptr(JsonObject) object = NULL;
  g_autoptr(OtFilter) filter = NULL;

  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  object = ot_json_parse_object (json, error);
  filter = ot_filter_new ();
  if (object == NULL ||
      !read_minerals (object, filter, error) ||
      !read_statuses (object, filter, error) ||
      !read_confidence (object, filter, error) ||
      !read_labels (object, "methods", filter, ot_filter_set_method, error) ||
      !read_labels (object, "declared_as", filter, ot_filter_set_declared_as, error) ||
      !read_sides (object, "countries", filter, TRUE, error) ||
      !read_sides (object, "companies", filter, FALSE, error) ||
      !read_period (object, filter, error) ||
      !read_min_kg (object, filter, error) ||
      !read_grades (object, "reliability", TRUE, filter, error) ||
      !read_grades (object, "credibility", FALSE, filter, error) ||
      !read_illustrative (object, filter, error))
    {
      g_prefix_error (error, _("The saved filter cannot be read: "));
      return NULL;
    }
  return g_steal_pointer (&filter);
}
