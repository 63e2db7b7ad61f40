/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "ot-json.h"
#include "ot-error.h"

#include <glib/gi18n-lib.h>
#include <string.h>

/* The deepest run of opened brackets, strings not skipped: an upper bound
 * of the real nesting, so json-glib's recursive parser never goes deep. */
static gboolean
nesting_within (const char *text,
                guint       max_depth)
{
  guint depth = 0;

  for (const char *p = text; *p != '\0'; p++)
    {
      if (*p == '[' || *p == '{')
        {
          if (++depth > max_depth)
            return FALSE;
        }
      else if ((*p == ']' || *p == '}') && depth > 0)
        depth--;
    }
  return TRUE;
}

JsonObject *
ot_json_parse_object (const char  *text,
                      GError     **error)
{
  g_autoptr(JsonParser) parser = NULL;
  g_autoptr(GError) parse_error = NULL;
  JsonNode *root;
  gsize length;

  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (text == NULL)
    {
      g_set_error (error, OT_ERROR, OT_ERROR_INVALID, _("no JSON text"));
      return NULL;
    }
  length = strnlen (text, OT_JSON_MAX_BYTES + 1);
  if (length > OT_JSON_MAX_BYTES)
    {
      g_set_error (error, OT_ERROR, OT_ERROR_TOO_LARGE,
                   _("JSON text larger than %u MiB"), OT_JSON_MAX_BYTES / (1024 * 1024));
      return NULL;
    }
  if (!g_utf8_validate (text, length, NULL))
    {
      g_set_error (error, OT_ERROR, OT_ERROR_INVALID, _("JSON text that is not UTF-8"));
      return NULL;
    }
  if (!nesting_within (text, OT_JSON_MAX_DEPTH))
    {
      g_set_error (error, OT_ERROR, OT_ERROR_INVALID,
                   _("JSON nested more than %u levels deep"), OT_JSON_MAX_DEPTH);
      return NULL;
    }
  parser = json_parser_new_immutable ();
  if (!json_parser_load_from_data (parser, text, length, &parse_error))
    {
      g_set_error (error, OT_ERROR, OT_ERROR_INVALID, _("not valid JSON: %s"),
                   parse_error->message);
      return NULL;
    }
  root = json_parser_get_root (parser);
  if (root == NULL || !JSON_NODE_HOLDS_OBJECT (root))
    {
      g_set_error (error, OT_ERROR, OT_ERROR_INVALID, _("not a JSON object"));
      return NULL;
    }
  return json_object_ref (json_node_get_object (root));
}

char *
ot_json_builder_to_text (JsonBuilder *builder)
{
  g_autoptr(JsonGenerator) generator = json_generator_new ();
  g_autoptr(JsonNode) root = json_builder_get_root (builder);

  g_return_val_if_fail (JSON_IS_BUILDER (builder), NULL);

  json_generator_set_root (generator, root);
  return json_generator_to_data (generator, NULL);
}
