/* SPDX-License-Identifier: GPL-3.0-or-later */
/* JSON (an array of objects, or {"incidents": [...]}) and JSON Lines. */
#include "ot-loader-private.h"

#include <glib/gi18n-lib.h>
#include <json-glib/json-glib.h>
#include <stdio.h>
#include <string.h>

typedef struct {
  OtLoadContext *context;
  GHashTable    *unknown;        /* key -> first line, GUINT */
  GPtrArray     *unknown_order;  /* keys as first seen */
  char          *nul_key;        /* the element's key whose value holds a \u0000
                                  * escape ("" for a key itself), or NULL */
  GHashTable    *extra_keys;     /* extra keys of the incident being read */
} JsonReadState;

/* json-glib gives no positions for nodes, so find the line on which each
 * element of the incidents array starts by scanning the (already valid)
 * text: the root array, or the array under the root object's
 * "incidents" key. */
static GArray *
element_lines (const char *data,
               gsize       length,
               GArray     *offsets)
{
  GArray *lines = g_array_new (FALSE, FALSE, sizeof (guint));
  guint line = 1;
  int depth = 0;
  int target = -1;           /* depth inside the incidents array */
  gboolean root_object = FALSE;
  gboolean key_incidents = FALSE;
  gboolean expect = FALSE;   /* an element may start here */

  for (gsize i = 0; i < length; i++)
    {
      char c = data[i];

      if (c == '\n')
        {
          line++;
          continue;
        }
      if (g_ascii_isspace (c))
        continue;

      if (expect && depth == target && c != ']')
        {
          g_array_append_val (lines, line);
          if (offsets != NULL)
            g_array_append_val (offsets, i);
          expect = FALSE;
        }

      switch (c)
        {
        case '"':
          {
            gsize start = ++i;
            while (i < length && data[i] != '"')
              {
                if (data[i] == '\\')
                  i++;
                else if (data[i] == '\n')
                  line++;
                i++;
              }
            if (depth == 1 && root_object)
              key_incidents = i - start == 9 && memcmp (data + start, "incidents", 9) == 0;
          }
          break;
        case '[':
        case '{':
          if (depth == 0)
            {
              root_object = c == '{';
              if (!root_object)
                target = 1, expect = TRUE;
            }
          else if (c == '[' && depth == 1 && root_object && key_incidents && target < 0)
            target = 2, expect = TRUE;
          depth++;
          break;
        case ']':
        case '}':
          depth--;
          if (depth == target - 1)
            target = -2;   /* the incidents array is closed */
          break;
        case ',':
          if (depth == target)
            expect = TRUE;
          break;
        default:
          break;
        }
    }
  return lines;
}

/* JSON text may escape a NUL character (\u0000), which json-glib puts in
 * a C string, cutting the value short without a word.  This finds, in the
 * text of one element (an object), the key of its member whose string
 * (or a string inside it) holds that escape: a copy, "" when a key
 * itself holds it, or NULL when none does (nearly always: only text
 * holding "\u0000" is scanned). */
static char *
nul_escape_key (const char *data,
                gsize       length)
{
  gsize key = 0, key_length = 0;
  guint depth = 0;

  if (g_strstr_len (data, length, "\\u0000") == NULL)
    return NULL;

  for (gsize i = 0; i < length; i++)
    {
      char c = data[i];

      if (c == '{' || c == '[')
        depth++;
      else if (c == '}' || c == ']')
        {
          if (depth <= 1)
            return NULL;   /* the element ended */
          depth--;
        }
      else if (c == '\'')
        {
          /* json-glib's 'strings' have no escapes. */
          for (i++; i < length && data[i] != '\''; i++)
            ;
        }
      else if (c == '"')
        {
          gsize start = i + 1;
          gboolean nul = FALSE;
          gsize j;

          for (i++; i < length && data[i] != '"'; i++)
            if (data[i] == '\\' && i + 1 < length)
              {
                if (data[i + 1] == 'u' && i + 5 < length && memcmp (data + i + 2, "0000", 4) == 0)
                  nul = TRUE;
                i += data[i + 1] == 'u' ? 5 : 1;
              }
          for (j = i + 1; j < length && g_ascii_isspace (data[j]); j++)
            ;
          if (depth == 1 && j < length && data[j] == ':')
            {
              /* A key of the element. */
              if (nul)
                return g_strdup ("");
              key = start, key_length = i - start;
            }
          else if (nul && depth >= 1)
            return g_utf8_make_valid (data + key, key_length);
        }
    }
  return NULL;
}

/* Skips a string starting at data[*i] (a quote); FALSE on an escape
 * JSON does not have (json-glib leaks memory on some of them). */
static gboolean
skip_string (const char *data,
             gsize       length,
             gsize      *i,
             guint      *at)
{
  char quote = data[*i];

  for ((*i)++; *i < length && data[*i] != quote; (*i)++)
    {
      if (data[*i] == '\n')
        (*at)++;
      else if (data[*i] == '\\' && quote == '"')
        {
          char e = *i + 1 < length ? data[*i + 1] : '\0';

          if (e == 'u')
            {
              for (guint k = 2; k < 6; k++)
                if (*i + k >= length || !g_ascii_isxdigit (data[*i + k]))
                  return FALSE;
              *i += 5;
            }
          else if (e != '\0' && strchr ("\"\\/bfnrt", e) != NULL)
            (*i)++;
          else
            return FALSE;
        }
    }
  return TRUE;
}

/* Whether @text starts a JSON value (json-glib also reads 'strings'). */
static gboolean
starts_value (const char *text,
              gsize       length)
{
  static const char *const words[] = { "true", "false", "null" };

  if (strchr ("{[\"'-", text[0]) != NULL || g_ascii_isdigit (text[0]))
    return TRUE;
  for (guint i = 0; i < G_N_ELEMENTS (words); i++)
    {
      gsize n = strlen (words[i]);

      if (length >= n && memcmp (text, words[i], n) == 0 &&
          (length == n || !g_ascii_isalnum (text[n])))
        return TRUE;
    }
  return FALSE;
}

OtJsonScan
ot_loader_json_scan (const char *data,
                     gsize       length,
                     guint      *line)
{
  guint depth = 0;
  guint at = 1;
  gboolean ended = FALSE;   /* a whole top-level value was read */

  for (gsize i = 0; i < length; i++)
    {
      char c = data[i];

      if (c == '\n')
        {
          at++;
          continue;
        }
      if (g_ascii_isspace (c))
        continue;
      if (c == '/' && i + 1 < length && data[i + 1] == '*')
        {
          /* json-glib skips comments, and ends one at the first '/'
           * after the opening "/" "*" (not only at a star-slash); so does
           * this scan, or it would miss what json-glib parses after it. */
          for (i += 2; i < length && data[i] != '/'; i++)
            at += data[i] == '\n';
          continue;
        }
      if (ended && depth == 0)
        {
          *line = at;
          return starts_value (data + i, length - i) ? OT_JSON_SEVERAL : OT_JSON_TRAILING;
        }

      switch (c)
        {
        case '"':
        case '\'':   /* json-glib also reads 'strings', without escapes */
          if (!skip_string (data, length, &i, &at))
            {
              *line = at;
              return OT_JSON_BAD_ESCAPE;
            }
          ended = depth == 0;
          break;
        case '[':
        case '{':
          if (++depth > OT_LOADER_MAX_JSON_DEPTH)
            {
              *line = at;
              return OT_JSON_TOO_DEEP;
            }
          break;
        case ']':
        case '}':
          depth -= depth > 0;
          ended = depth == 0;
          break;
        default:
          /* A top-level number or word ("true{...}" is two values). */
          if (depth == 0 && !strchr (",:", c))
            {
              while (i + 1 < length && !g_ascii_isspace (data[i + 1]) &&
                     !strchr ("[]{}\"',:/", data[i + 1]))
                i++;
              ended = TRUE;
            }
          break;
        }
    }
  return OT_JSON_OK;
}

static void
note_unknown_key (JsonReadState *state,
                  const char    *key,
                  guint          line)
{
  if (!g_hash_table_contains (state->unknown, key))
    {
      char *copy = g_strdup (key);
      g_hash_table_insert (state->unknown, copy, GUINT_TO_POINTER (line));
      g_ptr_array_add (state->unknown_order, copy);
    }
}

/* A scalar as text; FALSE for arrays and objects. */
static gboolean
scalar_text (JsonNode  *node,
             char     **out)
{
  char buf[G_ASCII_DTOSTR_BUF_SIZE];

  if (JSON_NODE_HOLDS_NULL (node))
    {
      *out = g_strdup ("");
      return TRUE;
    }
  if (!JSON_NODE_HOLDS_VALUE (node))
    return FALSE;

  switch (json_node_get_value_type (node))
    {
    case G_TYPE_STRING:
      *out = g_strdup (json_node_get_string (node));
      return TRUE;
    case G_TYPE_INT64:
      *out = g_strdup_printf ("%" G_GINT64_FORMAT, json_node_get_int (node));
      return TRUE;
    case G_TYPE_DOUBLE:
      *out = g_strdup (g_ascii_dtostr (buf, sizeof buf, json_node_get_double (node)));
      return TRUE;
    case G_TYPE_BOOLEAN:
      *out = g_strdup (json_node_get_boolean (node) ? "true" : "false");
      return TRUE;
    default:
      return FALSE;
    }
}

/* json-glib turns an unpaired surrogate escape ("\ud800") into bytes
 * that are not UTF-8; such text must not reach the dataset.  @what names
 * the key or hop in the message (the text itself cannot be shown). */
static gboolean
check_text (OtRecord   *record,
            const char *column,
            const char *what,
            const char *text)
{
  if (text == NULL || g_utf8_validate (text, -1, NULL))
    return TRUE;
  ot_record_error (record, column, _("%s is not valid text (an unpaired \\u surrogate "
                                     "escape?)"), what);
  return FALSE;
}

static void
read_via_array (OtRecord  *record,
                JsonArray *array)
{
  guint n = json_array_get_length (array);

  for (guint i = 0; i < n; i++)
    {
      JsonNode *node = json_array_get_element (array, i);
      g_autofree char *text = NULL;

      if (JSON_NODE_HOLDS_OBJECT (node))
        {
          JsonObject *hop = json_node_get_object (node);
          JsonNode *country = json_object_get_member (hop, "country");
          JsonNode *port = json_object_get_member (hop, "port");
          g_autofree char *country_text = NULL;
          g_autofree char *port_text = NULL;

          if (country == NULL || !scalar_text (country, &country_text) ||
              (port != NULL && !scalar_text (port, &port_text)))
            ot_record_error (record, "via", _("hop %u of key via needs a \"country\" string "
                                              "and an optional \"port\" string"), i + 1);
          else if (check_text (record, "via", "via", country_text) &&
                   check_text (record, "via", "via", port_text))
            ot_record_add_hop (record, country_text, port_text, i + 1);
        }
      else if (scalar_text (node, &text))
        {
          if (!check_text (record, "via", "via", text))
            continue;
          char *colon = strchr (text, ':');
          if (colon)
            *colon = '\0';
          ot_record_add_hop (record, text, colon ? colon + 1 : NULL, i + 1);
        }
      else
        ot_record_error (record, "via", _("hop %u of key via is not a string or an object"), i + 1);
    }
}

/* Concealment methods may come as an array of strings. */
static gboolean
join_strings (JsonArray  *array,
              char      **out)
{
  g_autoptr(GString) joined = g_string_new (NULL);
  guint n = json_array_get_length (array);

  for (guint i = 0; i < n; i++)
    {
      g_autofree char *text = NULL;

      if (!scalar_text (json_array_get_element (array, i), &text))
        return FALSE;
      g_string_append_printf (joined, "%s%s", joined->len ? "; " : "", text);
    }
  *out = g_string_free (g_steal_pointer (&joined), FALSE);
  return TRUE;
}

static void
read_member (JsonReadState *state,
             const char    *key,
             JsonNode      *node)
{
  OtRecord *record = &state->context->record;
  /* Named as a CSV header names a column: without the spaces around it
   * (a key padded past ot_column_from_name()'s buffer was an extra here
   * but a column in CSV; found by the writers fuzz target). */
  g_autofree char *name = g_strstrip (g_strdup (key));
  OtColumn column = ot_column_from_name (name);
  g_autofree char *text = NULL;

  if (!check_text (record, NULL, _("a key"), key))
    return;
  if (column == OT_COLUMN_VIA && JSON_NODE_HOLDS_ARRAY (node))
    {
      read_via_array (record, json_node_get_array (node));
      return;
    }

  if (!scalar_text (node, &text) &&
      !(JSON_NODE_HOLDS_ARRAY (node) && column == OT_COLUMN_CONCEALMENT &&
        join_strings (json_node_get_array (node), &text)))
    {
      if (column < OT_N_COLUMNS)
        {
          ot_record_error (record, key, _("key %s holds an %s; expected a string or a number"),
                           key, JSON_NODE_HOLDS_ARRAY (node) ? _("array") : _("object"));
          return;
        }
      /* Extras keep their JSON text. */
      text = json_to_string (node, FALSE);
    }

  if (!check_text (record, key, key, text))
    return;
  if (strlen (text) > OT_LOADER_MAX_FIELD)
    {
      ot_record_error (record, key, _("value of key %s is longer than the 1 MiB limit"), key);
      return;
    }

  if (column < OT_N_COLUMNS)
    ot_record_set (record, column, text);
  else
    {
      /* Once per incident, so that every writer can write it back. */
      if (name[0] == '\0')
        return;
      if (!g_hash_table_add (state->extra_keys, g_strdup (name)))
        {
          ot_record_warning (record, key, _("key %s appears twice (with different spaces around "
                                            "it); one is ignored"), name);
          return;
        }
      note_unknown_key (state, name, record->line);
      ot_record_add_extra (record, name, text);
    }
}

static void
read_element (JsonReadState *state,
              JsonNode      *node,
              guint          line,
              guint          index)
{
  OtRecord *record = &state->context->record;
  JsonObjectIter iter;
  const char *key;
  JsonNode *member;

  ot_record_begin (record, line);
  g_hash_table_remove_all (state->extra_keys);

  /* NULL: a JSON Lines line holding only a comment, which json-glib
   * accepts as a document without a value. */
  if (node == NULL || !JSON_NODE_HOLDS_OBJECT (node))
    {
      ot_record_error (record, NULL, _("incident %u is not a JSON object; skipped"), index);
      ot_dataset_add_rejected (record->dataset, 1);
      return;
    }

  if (state->nul_key != NULL && state->nul_key[0] == '\0')
    ot_record_error (record, NULL, _("a key holds a NUL character (\\u0000), which text cannot "
                                     "hold"));
  else if (state->nul_key != NULL)
    ot_record_error (record, state->nul_key, _("%s holds a NUL character (\\u0000), which text "
                                               "cannot hold"), state->nul_key);

  json_object_iter_init (&iter, json_node_get_object (node));
  while (json_object_iter_next (&iter, &key, &member))
    read_member (state, key, member);

  ot_record_finish (record);
}

/* json-glib errors read "<data>:LINE:COLUMN: Parse error: WHAT". */
static void
report_parse_error (OtRecord     *record,
                    const GError *error,
                    guint         line_offset,
                    gboolean      whole_file)
{
  guint line = 0, column = 0;
  g_autofree char *valid = NULL;
  const char *what = error->message;
  const char *p = strstr (error->message, "Parse error: ");

  if (sscanf (error->message, "<data>:%u:%u:", &line, &column) == 2 && p != NULL)
    what = p + strlen ("Parse error: ");
  else
    line = 1;
  /* json-glib quotes the text around the error cut at a byte count,
   * which may split a character. */
  what = valid = g_utf8_make_valid (what, -1);

  if (whole_file)
    ot_loader_report (record->dataset, record->file, line + line_offset, OT_SEVERITY_ERROR,
                      _("not valid JSON (column %u: %s); nothing loaded from this file"),
                      column, what);
  else
    {
      record->line = line_offset + 1;
      ot_record_error (record, NULL, _("not valid JSON (column %u: %s); line skipped"),
                       column, what);
      ot_dataset_add_rejected (record->dataset, 1);
    }
}

static void
read_document (JsonReadState *state,
               const char    *data,
               gsize          length)
{
  OtRecord *record = &state->context->record;
  g_autoptr(JsonParser) parser = json_parser_new_immutable ();
  g_autoptr(GError) error = NULL;
  g_autoptr(GArray) lines = NULL;
  g_autoptr(GArray) offsets = NULL;
  JsonNode *root;
  JsonArray *array = NULL;
  guint n, scan_line;

  if (length > ot_loader_limits.max_json_document)
    {
      ot_loader_report (record->dataset, record->file, 0, OT_SEVERITY_ERROR,
                        /* One literal (no G_GSIZE_FORMAT) so xgettext sees the whole message. */
                        _("JSON document too large (%lu bytes; the limit is %lu MiB); save "
                          "large sets as JSON Lines, one incident per line"),
                        (gulong) length, (gulong) (ot_loader_limits.max_json_document >> 20));
      return;
    }
  switch (ot_loader_json_scan (data, length, &scan_line))
    {
    case OT_JSON_TOO_DEEP:
      ot_loader_report (record->dataset, record->file, scan_line, OT_SEVERITY_ERROR,
                        _("JSON nested more than %u levels deep; nothing loaded from this file"),
                        OT_LOADER_MAX_JSON_DEPTH);
      return;
    case OT_JSON_SEVERAL:
      ot_loader_report (record->dataset, record->file, scan_line, OT_SEVERITY_ERROR,
                        _("not valid JSON (a second value starts after the end of the first); "
                          "nothing loaded from this file"));
      return;
    case OT_JSON_TRAILING:
      ot_loader_report (record->dataset, record->file, scan_line, OT_SEVERITY_ERROR,
                        _("not valid JSON (text after the end of the document); "
                          "nothing loaded from this file"));
      return;
    case OT_JSON_BAD_ESCAPE:
      ot_loader_report (record->dataset, record->file, scan_line, OT_SEVERITY_ERROR,
                        _("not valid JSON (a string holds a bad \\ escape); nothing loaded "
                          "from this file"));
      return;
    case OT_JSON_OK:
    default:
      break;
    }
  if (!json_parser_load_from_data (parser, data, length, &error))
    {
      report_parse_error (record, error, 0, TRUE);
      return;
    }

  root = json_parser_get_root (parser);
  if (root == NULL)
    array = NULL;
  else if (JSON_NODE_HOLDS_ARRAY (root))
    array = json_node_get_array (root);
  else if (JSON_NODE_HOLDS_OBJECT (root) &&
           json_object_has_member (json_node_get_object (root), "incidents") &&
           JSON_NODE_HOLDS_ARRAY (json_object_get_member (json_node_get_object (root), "incidents")))
    array = json_object_get_array_member (json_node_get_object (root), "incidents");

  if (array == NULL)
    {
      ot_loader_report (record->dataset, record->file, 0, OT_SEVERITY_ERROR,
                        _("not an incident file: JSON must be an array of incidents or an "
                          "object with an \"incidents\" array"));
      return;
    }

  if (g_strstr_len (data, length, "\\u0000") != NULL)
    offsets = g_array_new (FALSE, FALSE, sizeof (gsize));
  lines = element_lines (data, length, offsets);
  n = json_array_get_length (array);
  for (guint i = 0; i < n && !record->stop; i++)
    {
      guint line = i < lines->len ? g_array_index (lines, guint, i) : 0;

      if ((i + 1) % 1024 == 0 && !ot_load_context_tick (state->context, i, n))
        return;
      if (offsets != NULL && i < offsets->len)
        {
          gsize from = g_array_index (offsets, gsize, i);
          gsize to = i + 1 < offsets->len ? g_array_index (offsets, gsize, i + 1) : length;

          state->nul_key = nul_escape_key (data + from, to - from);
        }
      read_element (state, json_array_get_element (array, i), line, i + 1);
      g_clear_pointer (&state->nul_key, g_free);
    }
}

typedef struct {
  JsonReadState *state;
  JsonParser    *parser;
} LineReader;

static gboolean
read_line (const char *start,
           gsize       n,
           guint       line,
           gpointer    user_data)
{
  LineReader *reader = user_data;
  JsonReadState *state = reader->state;
  OtRecord *record = &state->context->record;
  g_autoptr(GError) error = NULL;
  guint scan_line;
  OtJsonScan scan;

  if (record->stop)
    return FALSE;
  if (n > OT_LOADER_MAX_LINE)
    {
      ot_record_begin (record, line);
      ot_record_error (record, NULL, _("line is longer than the 4 MiB limit; skipped"));
      ot_dataset_add_rejected (record->dataset, 1);
      return TRUE;
    }
  scan = ot_loader_json_scan (start, n, &scan_line);
  if (scan != OT_JSON_OK)
    {
      ot_record_begin (record, line);
      if (scan == OT_JSON_TOO_DEEP)
        ot_record_error (record, NULL, _("JSON nested more than %u levels deep; line skipped"),
                         OT_LOADER_MAX_JSON_DEPTH);
      else if (scan == OT_JSON_SEVERAL)
        ot_record_error (record, NULL, _("not valid JSON (a second value starts after the "
                                         "end of the first); line skipped"));
      else if (scan == OT_JSON_TRAILING)
        ot_record_error (record, NULL, _("not valid JSON (text after the end of the "
                                         "record); line skipped"));
      else
        ot_record_error (record, NULL, _("not valid JSON (a string holds a bad \\ escape); "
                                         "line skipped"));
      ot_dataset_add_rejected (record->dataset, 1);
      return TRUE;
    }
  if (!json_parser_load_from_data (reader->parser, start, n, &error))
    {
      ot_record_begin (record, line);
      report_parse_error (record, error, line - 1, FALSE);
      return TRUE;
    }
  state->nul_key = nul_escape_key (start, n);
  read_element (state, json_parser_get_root (reader->parser), line, line);
  g_clear_pointer (&state->nul_key, g_free);
  return !record->stop;
}

static void
read_lines (JsonReadState *state,
            const char    *data,
            gsize          length)
{
  g_autoptr(JsonParser) parser = json_parser_new_immutable ();
  LineReader reader = { state, parser };

  ot_load_context_foreach_line (state->context, data, length, length, read_line, &reader);
}

void
ot_loader_read_json (OtLoadContext *context,
                     const char    *data,
                     gsize          length,
                     gboolean       lines)
{
  OtRecord *record = &context->record;
  JsonReadState state = { context, NULL, NULL, NULL };
  g_autoptr(GString) keys = g_string_new (NULL);
  guint first_line = 0;

  state.unknown = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  state.unknown_order = g_ptr_array_new ();
  state.extra_keys = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);

  if (lines)
    read_lines (&state, data, length);
  else
    read_document (&state, data, length);

  for (guint i = 0; i < MIN (state.unknown_order->len, OT_LOADER_LIST_UNKNOWN); i++)
    {
      const char *key = state.unknown_order->pdata[i];
      g_string_append_printf (keys, "%s%s", i ? ", " : "", key);
      if (i == 0)
        first_line = GPOINTER_TO_UINT (g_hash_table_lookup (state.unknown, key));
    }
  if (state.unknown_order->len > OT_LOADER_LIST_UNKNOWN)
    g_string_append_printf (keys, _(" and %u more"),
                            state.unknown_order->len - OT_LOADER_LIST_UNKNOWN);
  if (keys->len > 0)
    ot_loader_report (record->dataset, record->file, first_line, OT_SEVERITY_WARNING,
                      _("unknown keys kept as extra attributes: %s"), keys->str);

  g_ptr_array_unref (state.unknown_order);
  g_hash_table_unref (state.unknown);
  g_hash_table_unref (state.extra_keys);
}
