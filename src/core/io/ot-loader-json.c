/* SPDX-License-Identifier: GPL-3.0-or-later */
/* JSON (an array of objects, or {"incidents": [...]}) and JSON Lines. */
#include "ot-loader-private.h"

#include <glib/gi18n-lib.h>
#include <json-glib/json-glib.h>
#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <string.h>
#include <yajl/yajl_parse.h>

typedef struct {
  OtLoadContext *context;
  GHashTable    *unknown;        /* key -> first line, GUINT */
  GPtrArray     *unknown_order;  /* keys as first seen */
  char          *nul_key;        /* the element's key whose value holds a \u0000
                                  * escape ("" for a key itself), or NULL */
  GHashTable    *extra_keys;     /* extra keys of the incident being read */
  gboolean       keep;           /* JSON Lines read by a second thread: the
                                  * lines read are not given back (they may
                                  * be read again) */
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
json_state_init (JsonReadState *state,
                 OtLoadContext *context)
{
  memset (state, 0, sizeof *state);
  state->context = context;
  state->unknown = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  state->unknown_order = g_ptr_array_new ();
  state->extra_keys = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
}

static void
json_state_clear (JsonReadState *state)
{
  g_clear_pointer (&state->unknown_order, g_ptr_array_unref);
  g_clear_pointer (&state->unknown, g_hash_table_unref);
  g_clear_pointer (&state->extra_keys, g_hash_table_unref);
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

/* A member's text (a scalar, or concealment methods joined) set as its
 * column, or kept as an extra attribute; both readers end here. */
static void
set_member_text (JsonReadState *state,
                 const char    *key,
                 const char    *name,
                 OtColumn       column,
                 const char    *text,
                 gsize          length)
{
  OtRecord *record = &state->context->record;

  if (length > OT_LOADER_MAX_FIELD)
    {
      ot_record_error (record, key, _("value of key %s is longer than the 1 MiB limit"), key);
      return;
    }

  if (column < OT_N_COLUMNS)
    ot_record_set_len (record, column, text, length);
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
  set_member_text (state, key, name, column, text, strlen (text));
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

  /* In the order of the text, as the yajl reader reads them (json-glib's
   * unordered iteration followed its hash table). */
  json_object_iter_init_ordered (&iter, json_node_get_object (node));
  while (json_object_iter_next_ordered (&iter, &key, &member))
    read_member (state, key, member);

  ot_record_finish (record);
}

/* --- yajl: records without a tree (issue 20) -----------------------------
 *
 * json-glib builds a tree of nodes per record (28 MB/s); yajl reads the
 * text as a stream of callbacks.  A record's keys and values are
 * collected as tokens, then read by the rules above (read_member (),
 * read_via_array ()) once the record has ended without a syntax error.
 * Whatever yajl could read differently from json-glib is left to
 * json-glib, one record at a time, so that the values and messages stay
 * those of json-glib: a syntax error (json-glib also reads comments,
 * 'strings', 007, .5 ... and its message is the one reported), nesting
 * over OT_LOADER_MAX_JSON_DEPTH, a \u0000 or \uD800-\uDFFF escape, a key
 * given twice, an extra key holding an array or an object (kept as
 * json-glib's text of it), an integer of more than 18 digits (json-glib
 * wraps it) and a number out of double's range. */

typedef enum {
  TOKEN_OBJECT,
  TOKEN_ARRAY,
  TOKEN_END,
  TOKEN_KEY,
  TOKEN_SCALAR,
} TokenKind;

typedef struct {
  TokenKind kind;
  guint     text;     /* KEY, SCALAR: offset of its NUL-terminated text in the arena */
  guint     length;
  guint     next;     /* the token after this one's value (after its END) */
} Token;

/* A key recently read and its column: records repeat their keys. */
typedef struct {
  char      key[23];
  guint8    length;    /* 0: empty */
  OtColumn  column;
} KeySlot;

typedef struct {
  JsonReadState *state;
  yajl_handle    handle;
  KeySlot        keys[256];
  GArray        *tokens;    /* the record's, of Token */
  GArray        *open;      /* of guint: the open containers' tokens */
  GString       *arena;
  GString       *text;      /* a hop or joined methods, being built */
  guint          depth;     /* containers open (a document's array too) */
  guint          base;      /* the depth records start at: 0 lines, 1 a document's array,
                             * 2 the array of {"incidents": [...]} */
  gboolean       in_records;  /* inside the array of records (lines: always) */
  gboolean       object_root; /* a document {"incidents": [...]} */
  gboolean       incidents_key;  /* ... the last key of the root was "incidents" */
  gboolean       found;     /* the array of records was read */
  gboolean       unsupported;  /* a document this reader leaves to json-glib */
  gboolean       glib;      /* the record goes to json-glib */
  guint          values;    /* records begun (a line must hold one) */
  guint          ended;     /* ... and ended */
  gboolean       stopped;   /* the incident limit: records are no longer read, but the
                             * rest of the document still checked (json-glib parses
                             * it whole before reading any record) */
  gboolean       cancelled; /* cancelled, or json-glib refused a record: stop */
  gboolean       refused;   /* json-glib refused a record yajl read */
  gboolean       completing;  /* in yajl_complete_parse () */
  /* A document: */
  const char    *data;
  gsize          length;
  gsize          chunk;     /* where in @data the text yajl is given starts (its
                             * offsets count from there) */
  gboolean       piece;     /* a piece of a document's records (see "A document in
                             * two threads"): stops where the records' array closes */
  gboolean       closed;    /* ... it closed, at @close */
  gsize          close;
  gsize          after;     /* just past the '[' or the last record */
  gsize          start;     /* where the current record starts */
  gsize          counted;   /* line ends counted before this offset... */
  guint          line;      /* ...this line */
  guint          index;     /* records begun, from 1 */
} FastReader;

static void fast_end_record (FastReader *fast);

static void
fast_push (FastReader *fast,
           TokenKind   kind,
           const char *text,
           gsize       length)
{
  Token token = { kind, 0, (guint) length, 0 };

  if (text != NULL)
    {
      token.text = (guint) fast->arena->len;
      g_string_append_len (fast->arena, text, (gssize) length);
      g_string_append_c (fast->arena, '\0');
    }
  g_array_append_val (fast->tokens, token);
}

/* A value begins: at the records' depth, a record. */
static void
fast_begin_value (FastReader *fast)
{
  if (!fast->in_records || fast->depth != fast->base)
    return;
  fast->values++;
  g_array_set_size (fast->tokens, 0);
  g_array_set_size (fast->open, 0);
  g_string_truncate (fast->arena, 0);
  fast->glib = fast->stopped;   /* past the limit: no tokens */
  if (fast->data != NULL)
    {
      gsize at = fast->after;

      /* Where element_lines () finds it: past blanks and the comma. */
      while (at < fast->length && (g_ascii_isspace (fast->data[at]) || fast->data[at] == ','))
        at++;
      fast->start = at;
      for (const char *nl = memchr (fast->data + fast->counted, '\n', at - fast->counted);
           nl != NULL;
           nl = memchr (nl + 1, '\n', at - (gsize) (nl + 1 - fast->data)))
        fast->line++;
      fast->counted = at;
      fast->index++;
    }
}

/* A value ended: at the records' depth, the record. */
static int
fast_end_value (FastReader *fast)
{
  if (!fast->in_records || fast->depth != fast->base)
    return 1;
  fast->ended++;
  if (fast->data != NULL)
    {
      /* (yajl_complete_parse () reads a blank of its own.) */
      fast->after = fast->completing ? fast->length
                                     : fast->chunk + yajl_get_bytes_consumed (fast->handle);
      if (!fast->stopped)
        fast_end_record (fast);
      if (fast->cancelled)
        return 0;
    }
  return 1;
}

static int
fast_scalar (FastReader *fast,
             const char *text,
             gsize       length)
{
  fast_begin_value (fast);
  if (fast->in_records && fast->depth >= fast->base && !fast->glib)
    fast_push (fast, TOKEN_SCALAR, text, length);
  return fast_end_value (fast);
}

static int
on_null (void *user_data)
{
  return fast_scalar (user_data, "", 0);
}

static int
on_boolean (void *user_data,
            int   value)
{
  return fast_scalar (user_data, value ? "true" : "false", value ? 4 : 5);
}

static OtColumn token_column (FastReader  *fast,
                              const Token *token,
                              char       **copy,
                              const char **name);

/* Whether the value being read is a record's quantity or value: a
 * number read as a number, whose text matters only in a problem's
 * message. */
static gboolean
fast_in_number_column (FastReader *fast)
{
  const Token *last;
  g_autofree char *copy = NULL;
  const char *name;
  OtColumn column;

  if (!fast->in_records || fast->depth != fast->base + 1 || fast->glib || fast->tokens->len == 0)
    return FALSE;
  last = &g_array_index (fast->tokens, Token, fast->tokens->len - 1);
  if (last->kind != TOKEN_KEY)
    return FALSE;
  column = token_column (fast, last, &copy, &name);
  return column == OT_COLUMN_QUANTITY || column == OT_COLUMN_VALUE;
}

/* A number as json-glib gives it: an integer as itself (json-glib reads
 * it as a gint64 and prints it), other numbers through a double.  A
 * record's quantity or value that is a finite number of zero or more goes
 * as written: read as a number it is the same double, and printing
 * it (%.17g) was a tenth of a small file's load. */
static int
on_number (void       *user_data,
           const char *text,
           size_t      length)
{
  FastReader *fast = user_data;
  char number[G_ASCII_DTOSTR_BUF_SIZE];
  char buf[64];
  gboolean integer = TRUE;
  gsize digits = 0;

  for (gsize i = 0; i < length; i++)
    {
      if (text[i] == '.' || text[i] == 'e' || text[i] == 'E')
        integer = FALSE;
      digits += g_ascii_isdigit (text[i]) != 0;
    }
  if (integer && digits <= 18)
    {
      if (length == 2 && text[0] == '-' && text[1] == '0')
        return fast_scalar (fast, "0", 1);
      return fast_scalar (fast, text, length);
    }
  if (!integer && length < sizeof buf)
    {
      double value;

      memcpy (buf, text, length);
      buf[length] = '\0';
      errno = 0;
      value = g_ascii_strtod (buf, NULL);
      if (errno == 0 && isfinite (value) && text[0] != '-' && fast_in_number_column (fast))
        return fast_scalar (fast, text, length);
      if (errno == 0 && isfinite (value))
        {
          g_ascii_dtostr (number, sizeof number, value);
          return fast_scalar (fast, number, strlen (number));
        }
    }
  fast_begin_value (fast);
  fast->glib = TRUE;
  return fast_end_value (fast);
}

static int
on_string (void                *user_data,
           const unsigned char *text,
           size_t               length)
{
  return fast_scalar (user_data, (const char *) text, length);
}

static int
on_key (void                *user_data,
        const unsigned char *text,
        size_t               length)
{
  FastReader *fast = user_data;

  if (fast->in_records && fast->depth > fast->base)
    {
      if (!fast->glib)
        fast_push (fast, TOKEN_KEY, (const char *) text, length);
    }
  else if (fast->object_root && fast->depth == 1)
    {
      fast->incidents_key = length == 9 && memcmp (text, "incidents", 9) == 0;
      /* json-glib takes the last of two, element_lines () the first. */
      if (fast->incidents_key && fast->found)
        {
          fast->unsupported = TRUE;
          return 0;
        }
    }
  return 1;
}

static int
fast_open (FastReader *fast,
           TokenKind   kind)
{
  fast_begin_value (fast);
  if (++fast->depth > OT_LOADER_MAX_JSON_DEPTH)
    {
      /* json-glib's reader refuses the whole line or document. */
      return 0;
    }
  if (fast->in_records && fast->depth > fast->base)
    {
      guint at = fast->tokens->len;

      if (fast->glib)
        return 1;
      fast_push (fast, kind, NULL, 0);
      g_array_append_val (fast->open, at);
    }
  else if (fast->data != NULL && !fast->in_records && kind == TOKEN_ARRAY &&
           fast->depth == fast->base)
    {
      /* The array of records; for a root object, the first array in it
       * must be that of "incidents" (element_lines () finds the first). */
      if (fast->found || (fast->object_root && !fast->incidents_key))
        {
          fast->unsupported = TRUE;
          return 0;
        }
      fast->in_records = fast->found = TRUE;
      fast->after = fast->chunk + yajl_get_bytes_consumed (fast->handle);
    }
  return 1;
}

static int
fast_close (FastReader *fast)
{
  if (fast->in_records && fast->depth > fast->base && !fast->glib && fast->open->len > 0)
    {
      guint at = g_array_index (fast->open, guint, fast->open->len - 1);

      g_array_set_size (fast->open, fast->open->len - 1);
      fast_push (fast, TOKEN_END, NULL, 0);
      g_array_index (fast->tokens, Token, at).next = fast->tokens->len;
    }
  if (fast->in_records && fast->depth == fast->base)
    {
      /* The array of records closes: where, a piece tells (its text
       * goes on with the rest of the document). */
      fast->in_records = FALSE;
      fast->depth--;
      if (fast->piece)
        {
          fast->closed = TRUE;
          fast->close = fast->chunk + yajl_get_bytes_consumed (fast->handle) - 1;
          return 0;
        }
      return 1;
    }
  fast->depth--;
  return fast_end_value (fast);
}

static int
on_start_map (void *user_data)
{
  return fast_open (user_data, TOKEN_OBJECT);
}

static int
on_start_array (void *user_data)
{
  return fast_open (user_data, TOKEN_ARRAY);
}

static int
on_end (void *user_data)
{
  return fast_close (user_data);
}

static const yajl_callbacks fast_callbacks = {
  on_null, on_boolean, NULL, NULL, on_number, on_string,
  on_start_map, on_key, on_end, on_start_array, on_end,
};

static const char *
token_text (FastReader  *fast,
            const Token *token)
{
  return fast->arena->str + token->text;
}

/* The token after the value starting at @i. */
static guint
token_next (FastReader *fast,
            guint       i)
{
  const Token *token = &g_array_index (fast->tokens, Token, i);

  return token->kind == TOKEN_OBJECT || token->kind == TOKEN_ARRAY ? token->next : i + 1;
}

static gboolean
same_key (FastReader  *fast,
          const Token *a,
          const Token *b)
{
  return a->length == b->length && memcmp (token_text (fast, a), token_text (fast, b), a->length) == 0;
}

/* A key given twice in the object at @i: json-glib keeps the last value
 * where the first was. */
static gboolean
has_twice (FastReader *fast,
           guint       object)
{
  const Token *tokens = (const Token *) fast->tokens->data;
  guint end = tokens[object].next - 1;

  for (guint i = object + 1; i < end; i = token_next (fast, i + 1))
    for (guint j = object + 1; j < i; j = token_next (fast, j + 1))
      if (same_key (fast, &tokens[i], &tokens[j]))
        return TRUE;
  return FALSE;
}

/* The column a key names, and the name (without the blanks around the
 * key, as read_member () names it; in @copy when it had any). */
static OtColumn
key_column (const char  *key,
            char       **copy,
            const char **name)
{
  *name = key;
  *copy = NULL;
  if (key[0] != '\0' && (g_ascii_isspace (key[0]) || g_ascii_isspace (key[strlen (key) - 1])))
    *name = *copy = g_strstrip (g_strdup (key));
  return ot_column_from_name (*name);
}

/* key_column () of a key token, looked up first among the keys read
 * before. */
static OtColumn
token_column (FastReader   *fast,
              const Token  *token,
              char        **copy,
              const char  **name)
{
  const char *key = token_text (fast, token);
  gsize n = token->length;
  KeySlot *slot;

  if (n == 0 || n >= sizeof slot->key || g_ascii_isspace (key[0]) || g_ascii_isspace (key[n - 1]))
    return key_column (key, copy, name);
  *name = key;
  *copy = NULL;
  /* FNV-1a over the key, two slots per hash: a record's keys sharing a
   * slot ("date" and "illustrative" did, with the hash of three bytes)
   * looked their columns up again in every record. */
  {
    guint32 h = 2166136261u;

    for (gsize i = 0; i < n; i++)
      h = (h ^ (guchar) key[i]) * 16777619u;
    h %= G_N_ELEMENTS (fast->keys);
    slot = &fast->keys[h];
    if (slot->length != n || memcmp (slot->key, key, n) != 0)
      {
        KeySlot *other = &fast->keys[(h + 1) % G_N_ELEMENTS (fast->keys)];

        if (other->length == n && memcmp (other->key, key, n) == 0)
          return other->column;
        if (slot->length != 0 && other->length == 0)
          slot = other;
        memcpy (slot->key, key, n);
        slot->length = (guint8) n;
        slot->column = ot_column_from_name (key);
      }
  }
  return slot->column;
}

/* Whether the record's tokens hold what only json-glib reads right. */
static gboolean
needs_glib (FastReader *fast)
{
  const Token *tokens = (const Token *) fast->tokens->data;
  guint n = fast->tokens->len;

  guint64 seen = 0;
  gboolean extras = FALSE;

  G_STATIC_ASSERT (OT_N_COLUMNS <= 64);
  if (n == 0 || tokens[0].kind != TOKEN_OBJECT)
    return FALSE;
  for (guint i = 1; i + 1 < n; i = token_next (fast, i + 1))
    {
      const Token *value = &tokens[i + 1];
      g_autofree char *copy = NULL;
      const char *name;
      OtColumn column = token_column (fast, &tokens[i], &copy, &name);

      /* A key given twice names one column twice, or is an extra: only
       * then are the keys compared. */
      if (column < OT_N_COLUMNS && (seen & (G_GUINT64_CONSTANT (1) << column)) != 0)
        extras = TRUE;
      else if (column < OT_N_COLUMNS)
        seen |= G_GUINT64_CONSTANT (1) << column;
      else
        extras = TRUE;
      if (value->kind == TOKEN_SCALAR)
        continue;
      if (column >= OT_N_COLUMNS)
        return TRUE;   /* an extra's text is json-glib's */
      if (column == OT_COLUMN_VIA && value->kind == TOKEN_ARRAY)
        for (guint h = i + 2; h + 1 < value->next; h = token_next (fast, h))
          if (tokens[h].kind == TOKEN_OBJECT && has_twice (fast, h))
            return TRUE;
    }
  return extras && has_twice (fast, 0);
}

/* The scalar value of key @name in the hop object at @object, or NULL;
 * *@bad when it is not a scalar. */
static const char *
hop_member (FastReader *fast,
            guint       object,
            const char *name,
            gboolean   *bad)
{
  const Token *tokens = (const Token *) fast->tokens->data;

  for (guint i = object + 1; i + 1 < tokens[object].next; i = token_next (fast, i + 1))
    if (g_str_equal (token_text (fast, &tokens[i]), name))
      {
        if (tokens[i + 1].kind != TOKEN_SCALAR)
          {
            *bad = TRUE;
            return NULL;
          }
        return token_text (fast, &tokens[i + 1]);
      }
  return NULL;
}

/* read_via_array () on tokens. */
static void
fast_via (FastReader *fast,
          guint       array)
{
  OtRecord *record = &fast->state->context->record;
  const Token *tokens = (const Token *) fast->tokens->data;
  guint index = 0;

  for (guint h = array + 1; h + 1 < tokens[array].next; h = token_next (fast, h))
    {
      index++;
      if (tokens[h].kind == TOKEN_OBJECT)
        {
          gboolean bad = FALSE;
          const char *country = hop_member (fast, h, "country", &bad);
          const char *port = hop_member (fast, h, "port", &bad);

          if (country == NULL || bad)
            ot_record_error (record, "via", _("hop %u of key via needs a \"country\" string "
                                              "and an optional \"port\" string"), index);
          else
            ot_record_add_hop (record, country, port, index);
        }
      else if (tokens[h].kind == TOKEN_SCALAR)
        {
          char *colon;

          g_string_assign (fast->text, token_text (fast, &tokens[h]));
          colon = strchr (fast->text->str, ':');
          if (colon)
            *colon = '\0';
          ot_record_add_hop (record, fast->text->str, colon ? colon + 1 : NULL, index);
        }
      else
        ot_record_error (record, "via", _("hop %u of key via is not a string or an object"), index);
    }
}

/* join_strings () on tokens. */
static gboolean
fast_join (FastReader *fast,
           guint       array)
{
  const Token *tokens = (const Token *) fast->tokens->data;

  g_string_truncate (fast->text, 0);
  for (guint i = array + 1; i + 1 < tokens[array].next; i = token_next (fast, i))
    {
      if (tokens[i].kind != TOKEN_SCALAR)
        return FALSE;
      if (fast->text->len > 0)
        g_string_append (fast->text, "; ");
      g_string_append_len (fast->text, token_text (fast, &tokens[i]), tokens[i].length);
    }
  return TRUE;
}

/* read_element () on tokens (which needs_glib () passed). */
static void
fast_read_record (FastReader *fast,
                  guint       line,
                  guint       index)
{
  JsonReadState *state = fast->state;
  OtRecord *record = &state->context->record;
  const Token *tokens = (const Token *) fast->tokens->data;
  guint n = fast->tokens->len;

  ot_record_begin (record, line);
  g_hash_table_remove_all (state->extra_keys);

  if (n == 0 || tokens[0].kind != TOKEN_OBJECT)
    {
      if (fast->piece)
        {
          /* The message names it by its index in the whole array. */
          fast->cancelled = TRUE;   /* read again in order */
          return;
        }
      ot_record_error (record, NULL, _("incident %u is not a JSON object; skipped"), index);
      ot_dataset_add_rejected (record->dataset, 1);
      return;
    }

  for (guint i = 1; i + 1 < n; i = token_next (fast, i + 1))
    {
      const char *key = token_text (fast, &tokens[i]);
      const Token *value = &tokens[i + 1];
      g_autofree char *copy = NULL;
      const char *name;
      OtColumn column = token_column (fast, &tokens[i], &copy, &name);

      if (column == OT_COLUMN_VIA && value->kind == TOKEN_ARRAY)
        fast_via (fast, i + 1);
      else if (value->kind == TOKEN_SCALAR)
        set_member_text (state, key, name, column, token_text (fast, value), value->length);
      else if (column == OT_COLUMN_CONCEALMENT && value->kind == TOKEN_ARRAY && fast_join (fast, i + 1))
        set_member_text (state, key, name, column, fast->text->str, fast->text->len);
      else
        ot_record_error (record, key, _("key %s holds an %s; expected a string or a number"),
                         key, value->kind == TOKEN_ARRAY ? _("array") : _("object"));
    }
  ot_record_finish (record);
}

/* Escapes yajl reads otherwise than json-glib: \u0000 (json-glib cuts
 * the text there) and surrogates (json-glib keeps an unpaired one as
 * bytes that are not UTF-8, which check_text () reports). */
static gboolean
glib_escapes (const char *text,
              gsize       length)
{
  for (const char *b = memchr (text, '\\', length); b != NULL;
       b = memchr (b + 2, '\\', length - MIN (length, (gsize) (b + 2 - text))))
    {
      gsize left = length - (gsize) (b - text);

      if (left >= 6 && b[1] == 'u' &&
          ((b[2] == '0' && b[3] == '0' && b[4] == '0' && b[5] == '0') ||
           (g_ascii_tolower (b[2]) == 'd' && strchr ("89abcdefABCDEF", b[3]) != NULL)))
        return TRUE;
      if (left < 2)
        break;
    }
  return FALSE;
}

/* A record of a document's array, ended at the bytes consumed. */
static void
fast_end_record (FastReader *fast)
{
  JsonReadState *state = fast->state;
  OtRecord *record = &state->context->record;
  const char *text = fast->data + fast->start;
  gsize length = fast->after - fast->start;

  if (fast->index % 1024 == 0 && !ot_load_context_tick (state->context, fast->after, fast->length))
    {
      fast->cancelled = TRUE;
      return;
    }
  if (!fast->glib && (glib_escapes (text, length) || needs_glib (fast)))
    fast->glib = TRUE;
  if (fast->glib)
    {
      g_autoptr(JsonParser) parser = json_parser_new_immutable ();

      /* yajl read it: json-glib reads it too. */
      g_atomic_int_inc ((gint *) &ot_loader_stats.n_json_glib);
      if (!json_parser_load_from_data (parser, text, (gssize) length, NULL))
        {
          /* Never seen: json-glib reports it, reading the document. */
          fast->refused = fast->cancelled = TRUE;
          return;
        }
      if (fast->piece && (json_parser_get_root (parser) == NULL ||
                          !JSON_NODE_HOLDS_OBJECT (json_parser_get_root (parser))))
        {
          fast->cancelled = TRUE;   /* read again in order */
          return;
        }
      state->nul_key = nul_escape_key (text, length);
      read_element (state, json_parser_get_root (parser), fast->line, fast->index);
      g_clear_pointer (&state->nul_key, g_free);
    }
  else
    fast_read_record (fast, fast->line, fast->index);
  fast->stopped = record->stop;
}

static void
fast_init (FastReader    *fast,
           JsonReadState *state)
{
  memset (fast, 0, sizeof *fast);
  fast->state = state;
  fast->tokens = g_array_new (FALSE, FALSE, sizeof (Token));
  fast->open = g_array_new (FALSE, FALSE, sizeof (guint));
  fast->arena = g_string_sized_new (1024);
  fast->text = g_string_new (NULL);
}

static void
fast_clear (FastReader *fast)
{
  g_clear_pointer (&fast->handle, yajl_free);
  g_array_unref (fast->tokens);
  g_array_unref (fast->open);
  g_string_free (fast->arena, TRUE);
  g_string_free (fast->text, TRUE);
}

/* A handle reading one value after another (JSON Lines), or one value. */
static void
fast_reset (FastReader *fast,
            gboolean    several)
{
  g_clear_pointer (&fast->handle, yajl_free);
  fast->handle = yajl_alloc (&fast_callbacks, NULL, fast);
  if (several)
    yajl_config (fast->handle, yajl_allow_multiple_values, 1);
  fast->depth = 0;
  fast->in_records = several;
  g_array_set_size (fast->open, 0);
}

/* One line of JSON Lines; FALSE when json-glib must read it (nothing
 * was reported). */
static gboolean
fast_read_line (FastReader *fast,
                const char *text,
                gsize       length,
                guint       line)
{
  yajl_status status;

  fast->values = fast->ended = 0;
  status = yajl_parse (fast->handle, (const unsigned char *) text, length);
  if (status == yajl_status_ok)
    status = yajl_parse (fast->handle, (const unsigned char *) "\n", 1);
  if (status != yajl_status_ok || fast->depth != 0)
    {
      fast_reset (fast, TRUE);
      return FALSE;
    }
  /* One value a line (json-glib reports a second one). */
  if (fast->values != 1 || fast->ended != 1 || fast->glib ||
      glib_escapes (text, length) || needs_glib (fast))
    return FALSE;
  fast_read_record (fast, line, line);
  return TRUE;
}

/* --- A document in two threads ------------------------------------------
 *
 * As JSON Lines is (below), a large document's records are cut into
 * pieces read by two threads, each into a part of the dataset joined in
 * order.  A document has no line that is always a record's end, so the
 * cuts are guessed — a line that starts with "{" after a line that ends
 * with "}," — and proven as the pieces are read: this thread reads the
 * document up to the first cut's comma and finds a record ended just
 * before it; a piece is read as "[" + its text + "]", so that it holds
 * whole records only if it parses, its end then being the next cut's
 * comma; the last one reads up to the records' "]".  This thread then
 * goes on reading the document past the pieces joined, or from the first
 * piece it could not join (a guess that was wrong, a syntax error, an id
 * also in an earlier piece, the incident limit, a record that is no
 * object, whose message needs its index in the whole array). */

#define DOC_PIECES 8

typedef struct {
  gsize          comma;       /* the comma before its first record */
  gsize          start;       /* its first record */
  gsize          end;         /* the next piece's comma, or the document's end */
  OtDataset     *part;
  JsonReadState  state;       /* its unknown keys */
  gboolean       ok;          /* whole records, and (the last) the array's end */
  gsize          close;       /* the last piece: the records' "]" */
  guint          lines;       /* line ends from @comma to @start */
  guint          lines_in;    /* ... to @end (the last: to @close) */
  guint          records;
  guint          n_unlisted;
  guint          n_duplicates;
  gboolean       stop;
} DocPiece;

typedef struct {
  const char    *data;
  guint          base;        /* the records' depth */
  DocPiece       pieces[DOC_PIECES];
  guint          n_pieces;
  gint           next;        /* the next piece to take (atomic) */
  GThread       *thread;
  OtLoadContext  worker;      /* the second thread's */
  OtLoadContext  mine;        /* this thread's, for the pieces it takes */
} DocPieces;

static void
read_doc_piece (DocPieces     *pieces,
                DocPiece      *piece,
                OtLoadContext *context)
{
  OtRecord *record = &context->record;
  const char *text = pieces->data + piece->start;
  gsize length = piece->end - piece->start;
  gboolean last = piece == &pieces->pieces[pieces->n_pieces - 1];
  FastReader fast;

  record->dataset = piece->part;
  record->n_added = record->n_problems = record->n_unlisted = record->n_duplicates = 0;
  record->stop = FALSE;
  json_state_init (&piece->state, context);
  fast_init (&fast, &piece->state);
  fast.data = text;
  fast.length = length;
  fast.base = pieces->base;
  fast.line = 1;
  fast.piece = TRUE;
  fast_reset (&fast, FALSE);
  fast.depth = pieces->base - 1;
  if (yajl_parse (fast.handle, (const unsigned char *) "[", 1) == yajl_status_ok)
    {
      fast.after = 0;
      if (yajl_parse (fast.handle, (const unsigned char *) text, length) == yajl_status_ok && !last)
        {
          fast.chunk = length;
          yajl_parse (fast.handle, (const unsigned char *) "]", 1);
        }
    }
  piece->ok = fast.closed && !fast.cancelled && !fast.refused && !fast.unsupported &&
              (last ? fast.close < length : fast.close == length);
  piece->close = piece->start + fast.close;
  piece->lines = (guint) ot_loader_count_line_ends (pieces->data + piece->comma, piece->start - piece->comma);
  piece->lines_in = piece->lines +
                    (guint) ot_loader_count_line_ends (text, (last ? piece->close : piece->end) - piece->start);
  piece->records = fast.index;
  piece->n_unlisted = record->n_unlisted;
  piece->n_duplicates = record->n_duplicates;
  piece->stop = record->stop;
  record->n_unlisted = 0;
  fast_clear (&fast);
}

static void
take_doc_pieces (DocPieces     *pieces,
                 OtLoadContext *context)
{
  gint i;

  while ((i = g_atomic_int_add (&pieces->next, 1)) < (gint) pieces->n_pieces)
    read_doc_piece (pieces, &pieces->pieces[i], context);
}

static gpointer
doc_worker (gpointer user_data)
{
  DocPieces *pieces = user_data;

  take_doc_pieces (pieces, &pieces->worker);
  return NULL;
}

/* How many pieces to cut @length bytes into for two threads (at most
 * @most), or 0: a small file, or one processor. */
static guint
count_pieces (gsize length,
              guint most)
{
  if (length < MAX (ot_loader_limits.parallel_min_bytes, 1) ||
      (g_get_num_processors () < 2 && ot_loader_limits.parallel_min_bytes > 0))
    return 0;
  return (guint) CLAMP (length / MAX (ot_loader_limits.piece_bytes, 1), 2, most);
}

/* Whether a record starts at @at: "{" first on its line, the line before
 * ending with "}," (blanks aside); *@comma gets the comma. */
static gboolean
guess_record_start (const char *data,
                    gsize       length,
                    gsize       at,
                    gsize      *comma)
{
  gsize b = at;

  if (at >= length || data[at] != '{')
    return FALSE;
  while (b > 0 && g_ascii_isspace (data[b - 1]))
    b--;
  if (b == 0 || data[b - 1] != ',' || b == at)
    return FALSE;
  *comma = --b;
  while (b > 0 && g_ascii_isspace (data[b - 1]))
    b--;
  return b > 0 && data[b - 1] == '}';
}

/* Guesses the cuts (see above); FALSE (no pieces) when the document is
 * small, there is one processor, or no cut was found. */
static gboolean
cut_doc_pieces (DocPieces  *pieces,
                const char *data,
                gsize       length)
{
  guint n = count_pieces (length, DOC_PIECES);
  gsize from = 0;

  if (n == 0)
    return FALSE;
  pieces->data = data;
  pieces->n_pieces = 0;
  for (guint k = 1; k < n; k++)
    {
      gsize target = MAX (length / n * k, from);
      const char *nl = target < length ? memchr (data + target, '\n', length - target) : NULL;

      /* The first few lines from there (a record of many lines). */
      for (guint tries = 0; nl != NULL && tries < 256; tries++)
        {
          gsize at = (gsize) (nl - data) + 1, comma;

          while (at < length && (data[at] == ' ' || data[at] == '\t' || data[at] == '\r'))
            at++;
          if (guess_record_start (data, length, at, &comma) && comma > from)
            {
              pieces->pieces[pieces->n_pieces].comma = comma;
              pieces->pieces[pieces->n_pieces++].start = at;
              from = at;
              break;
            }
          nl = at < length ? memchr (data + at, '\n', length - at) : NULL;
        }
    }
  for (guint i = 0; i < pieces->n_pieces; i++)
    pieces->pieces[i].end = i + 1 < pieces->n_pieces ? pieces->pieces[i + 1].comma : length;
  return pieces->n_pieces > 0;
}

static void
join_unknown_keys (JsonReadState *state,
                   JsonReadState *piece,
                   guint          line)
{
  for (guint i = 0; i < piece->unknown_order->len; i++)
    {
      const char *key = piece->unknown_order->pdata[i];

      note_unknown_key (state, key,
                        GPOINTER_TO_UINT (g_hash_table_lookup (piece->unknown, key)) + line - 1);
    }
}

/* This thread has read the document up to the first cut's comma: whether
 * a record ended just before it, in the array of records. */
static gboolean
head_ends_at (FastReader *fast,
              gsize       comma)
{
  if (fast->cancelled || fast->refused || fast->unsupported || fast->stopped ||
      !fast->in_records || fast->depth != fast->base || fast->ended == 0 ||
      fast->ended != fast->values || fast->after == 0 || fast->data[fast->after - 1] != '}')
    return FALSE;
  for (gsize i = fast->after; i < comma; i++)
    if (!g_ascii_isspace (fast->data[i]))
      return FALSE;
  return fast->data[comma] == ',';
}

/* Reads the document with the pieces' help: up to the first cut, the
 * pieces joined, the rest. */
static yajl_status
read_with_pieces (FastReader *fast,
                  DocPieces  *pieces)
{
  OtRecord *record = &fast->state->context->record;
  yajl_status status;
  guint joined = 0, line, index;
  gsize from;

  pieces->base = fast->base;
  status = yajl_parse (fast->handle, (const unsigned char *) fast->data, pieces->pieces[0].comma);
  take_doc_pieces (pieces, &pieces->mine);
  g_thread_join (g_steal_pointer (&pieces->thread));
  if (status != yajl_status_ok)
    return status;
  g_atomic_int_inc (&ot_loader_stats.n_split);

  line = fast->line + (guint) ot_loader_count_line_ends (fast->data + fast->counted,
                                                         pieces->pieces[0].comma - fast->counted);
  index = fast->index;
  if (head_ends_at (fast, pieces->pieces[0].comma) && !record->stop)
    while (joined < pieces->n_pieces)
      {
        DocPiece *piece = &pieces->pieces[joined];

        if (!piece->ok ||
            !ot_record_join_part (record, piece->part, piece->stop, piece->n_duplicates,
                                  piece->n_unlisted, line + piece->lines))
          break;
        join_unknown_keys (fast->state, &piece->state, line + piece->lines);
        line += piece->lines_in;
        index += piece->records;
        joined++;
      }
  if (joined < pieces->n_pieces)
    g_atomic_int_inc (&ot_loader_stats.n_rejoined);

  /* On from the records' "]", or from the first piece not joined. */
  from = joined == pieces->n_pieces ? pieces->pieces[joined - 1].close : pieces->pieces[joined].comma;
  if (joined > 0)
    {
      fast->after = fast->counted = from;
      fast->line = line;
      fast->index = index;
    }
  fast->chunk = from;
  return yajl_parse (fast->handle, (const unsigned char *) fast->data + from, fast->length - from);
}

/* Reads a document's array of records with yajl into @record's dataset
 * (with the help of @pieces, if not NULL); FALSE when json-glib must read
 * the document (a syntax error, or nesting: json-glib's message is the
 * one reported). */
static gboolean
fast_read_array (FastReader *fast,
                 const char *data,
                 gsize       length,
                 DocPieces  *pieces)
{
  yajl_status status;
  gsize i = 0;

  while (i < length && g_ascii_isspace (data[i]))
    i++;
  if (i == length || (data[i] != '[' && data[i] != '{'))
    return FALSE;
  fast->data = data;
  fast->length = length;
  fast->object_root = data[i] == '{';
  fast->base = fast->object_root ? 2 : 1;
  fast->line = 1;
  fast_reset (fast, FALSE);
  if (pieces != NULL)
    status = read_with_pieces (fast, pieces);
  else
    status = yajl_parse (fast->handle, (const unsigned char *) data, length);
  fast->completing = TRUE;
  if (status == yajl_status_ok)
    status = yajl_complete_parse (fast->handle);
  return !fast->refused && !fast->unsupported &&
         (fast->cancelled || (status == yajl_status_ok && fast->found));
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

/* A document's array of records ([...] or {"incidents": [...]}) read by
 * yajl into a part of the dataset, joined once the whole document was
 * read: a syntax error found on the way leaves the dataset as it was, for
 * json-glib to read the document and report it.  FALSE when json-glib
 * must: that, a document without the array, or what a part cannot tell
 * (an id or the incident limit shared with a file read before). */
static gboolean
read_document_fast (JsonReadState *state,
                    const char    *data,
                    gsize          length)
{
  OtRecord *record = &state->context->record;
  OtDataset *dataset = record->dataset;
  OtRecord saved = *record;
  g_autoptr(OtDataset) part = NULL;
  g_autofree gpointer *problems = NULL;
  gsize n_problems = 0;
  guint before = ot_dataset_get_n_incidents (dataset);
  FastReader fast;
  DocPieces pieces = { 0 };
  gboolean split = cut_doc_pieces (&pieces, data, length);
  gboolean ok;

  part = ot_dataset_new_part (dataset);
  if (split)
    {
      for (guint i = 0; i < pieces.n_pieces; i++)
        pieces.pieces[i].part = ot_dataset_new_part (dataset);
      ot_load_context_init_piece (&pieces.worker, state->context, dataset);
      ot_load_context_init_piece (&pieces.mine, state->context, dataset);
      pieces.thread = g_thread_new ("oretrace-json", doc_worker, &pieces);
    }
  record->dataset = part;
  fast_init (&fast, state);
  ok = fast_read_array (&fast, data, length, split ? &pieces : NULL);
  fast_clear (&fast);
  record->dataset = dataset;
  if (split)
    {
      if (pieces.thread != NULL)
        g_thread_join (pieces.thread);   /* fast_read_array () stopped before the cut */
      for (guint i = 0; i < pieces.n_pieces; i++)
        {
          g_clear_object (&pieces.pieces[i].part);
          json_state_clear (&pieces.pieces[i].state);
        }
      ot_record_clear (&pieces.worker.record);
      ot_record_clear (&pieces.mine.record);
    }

  if (!ok || (before > 0 && (record->stop || record->n_duplicates > 0 ||
                             before + ot_dataset_get_n_incidents (part) >=
                             ot_loader_limits.max_incidents)) ||
      !ot_dataset_absorb (dataset, part, 0))
    {
      record->line = saved.line;
      record->n_added = saved.n_added;
      record->n_problems = saved.n_problems;
      record->n_unlisted = saved.n_unlisted;
      record->n_duplicates = saved.n_duplicates;
      record->stop = saved.stop;
      g_ptr_array_set_size (state->unknown_order, 0);
      g_hash_table_remove_all (state->unknown);
      return FALSE;
    }
  problems = g_ptr_array_steal (ot_dataset_get_problems (part), &n_problems);
  for (gsize k = 0; k < n_problems; k++)
    ot_dataset_add_problem (dataset, problems[k]);
  ot_dataset_add_rejected (dataset, ot_dataset_get_n_rejected (part));
  return TRUE;
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
  if (!ot_loader_limits.json_glib_only)
    {
      if (read_document_fast (state, data, length))
        return;
      g_atomic_int_inc ((gint *) &ot_loader_stats.n_json_glib);
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

/* Reads the lines of @data, the first being line @first of the file,
 * and @base bytes into its @total (for progress); returns the line
 * reached. */
static guint
read_lines (JsonReadState *state,
            const char    *data,
            gsize          length,
            guint          first,
            gsize          base,
            gsize          total)
{
  OtRecord *record = &state->context->record;
  g_autoptr(JsonParser) parser = json_parser_new_immutable ();
  gsize pos = 0, released = 0;
  guint line = first - 1;
  gboolean use_fast = !ot_loader_limits.json_glib_only;
  FastReader fast;

  fast_init (&fast, state);
  fast_reset (&fast, TRUE);

  while (pos < length && !record->stop)
    {
      const char *start = data + pos;
      const char *nl = memchr (start, '\n', length - pos);
      gsize n = nl ? (gsize) (nl - start) : length - pos;
      g_autoptr(GError) error = NULL;
      guint scan_line;
      OtJsonScan scan;
      gsize i = 0;

      line++;
      /* The lines read are copied into the dataset: give them back. */
      if (pos - released >= ot_loader_limits.release_every && !state->keep)
        {
          ot_loader_release (data, released, pos);
          released = pos;
        }
      pos += n + 1;
      while (i < n && g_ascii_isspace (start[i]))
        i++;
      if (i == n)
        continue;   /* blank line */

      if (line % 1024 == 0 && !ot_load_context_tick (state->context, base + pos, total))
        break;

      if (n > OT_LOADER_MAX_LINE)
        {
          ot_record_begin (record, line);
          ot_record_error (record, NULL, _("line is longer than the 4 MiB limit; skipped"));
          ot_dataset_add_rejected (record->dataset, 1);
          continue;
        }
      if (use_fast)
        {
          if (fast_read_line (&fast, start + i, n - i, line))
            continue;
          g_atomic_int_inc ((gint *) &ot_loader_stats.n_json_glib);
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
          continue;
        }
      if (!json_parser_load_from_data (parser, start, n, &error))
        {
          ot_record_begin (record, line);
          report_parse_error (record, error, line - 1, FALSE);
          continue;
        }
      state->nul_key = nul_escape_key (start + i, n - i);
      read_element (state, json_parser_get_root (parser), line, line);
      g_clear_pointer (&state->nul_key, g_free);
    }
  fast_clear (&fast);
  return line;
}

/* --- JSON Lines in two threads -------------------------------------------
 *
 * As the CSV reader does (ot-loader.c, "Two threads"): a large file's
 * lines are cut into pieces at line ends (in JSON Lines a line end is
 * always a record's end), this thread reads the first piece into the
 * dataset, then both threads take the next piece left, each into a part
 * of the dataset, joined in order: the same incidents, lines, problems
 * and unknown keys as one thread.  A piece that cannot be joined so (an
 * id also in an earlier piece, the incident limit) is read again, with
 * the rest of the file, by this thread. */

#define LINE_PIECES 8

typedef struct {
  gsize          start, end;
  OtDataset     *part;
  JsonReadState  state;       /* its unknown keys */
  guint          lines;       /* lines read */
  guint          n_unlisted;
  guint          n_duplicates;
  gboolean       stop;
} LinePiece;

typedef struct {
  const char    *data;
  LinePiece      pieces[LINE_PIECES];
  guint          n_pieces;
  gint           next;        /* the next piece to take (atomic) */
} LinePieces;

typedef struct {
  LinePieces    *pieces;
  OtLoadContext  context;
} LineWorker;

static void
take_line_pieces (LinePieces    *pieces,
                  OtLoadContext *context)
{
  OtRecord *record = &context->record;
  gint i;

  while ((i = g_atomic_int_add (&pieces->next, 1)) < (gint) pieces->n_pieces)
    {
      LinePiece *piece = &pieces->pieces[i];

      record->dataset = piece->part;
      record->n_added = record->n_problems = record->n_unlisted = record->n_duplicates = 0;
      record->stop = FALSE;
      json_state_init (&piece->state, context);
      piece->state.keep = TRUE;
      piece->lines = read_lines (&piece->state, pieces->data + piece->start,
                                 piece->end - piece->start, 1, 0, 0);
      piece->n_unlisted = record->n_unlisted;
      piece->n_duplicates = record->n_duplicates;
      piece->stop = record->stop;
      record->n_unlisted = 0;
    }
}

static gpointer
line_worker (gpointer user_data)
{
  LineWorker *worker = user_data;

  take_line_pieces (worker->pieces, &worker->context);
  return NULL;
}

/* Appends a piece as if this thread had read it from @line on; FALSE
 * when it must be read again. */
static gboolean
join_line_piece (JsonReadState *state,
                 LinePiece     *piece,
                 guint          line)
{
  if (!ot_record_join_part (&state->context->record, piece->part, piece->stop,
                            piece->n_duplicates, piece->n_unlisted, line))
    return FALSE;
  join_unknown_keys (state, &piece->state, line);
  return TRUE;
}

/* Cuts @data after its first piece into pieces at line ends; FALSE (no
 * pieces) when the file is small or there is one processor. */
static gboolean
cut_line_pieces (LinePieces *pieces,
                 const char *data,
                 gsize       length)
{
  guint n = count_pieces (length, LINE_PIECES);
  gsize from = 0;

  if (ot_loader_limits.json_glib_only || n == 0)
    return FALSE;
  pieces->data = data;
  pieces->n_pieces = 0;
  for (guint k = 1; k < n; k++)
    {
      gsize target = MAX (length / n * k, from);
      const char *nl = target < length ? memchr (data + target, '\n', length - target) : NULL;

      if (nl == NULL || (gsize) (nl - data) + 1 >= length)
        break;
      from = (gsize) (nl - data) + 1;
      pieces->pieces[pieces->n_pieces++].start = from;
    }
  for (guint i = 0; i < pieces->n_pieces; i++)
    pieces->pieces[i].end = i + 1 < pieces->n_pieces ? pieces->pieces[i + 1].start : length;
  return pieces->n_pieces > 0;
}

/* Two threads when the file is large (see above), else one. */
static void
read_lines_parallel (JsonReadState *state,
                     const char    *data,
                     gsize          length)
{
  OtRecord *record = &state->context->record;
  LinePieces pieces = { 0 };
  LineWorker worker = { 0 };
  OtLoadContext mine;
  GThread *thread;
  guint line, joined = 0;

  if (!cut_line_pieces (&pieces, data, length))
    {
      read_lines (state, data, length, 1, 0, length);
      return;
    }
  for (guint i = 0; i < pieces.n_pieces; i++)
    pieces.pieces[i].part = ot_dataset_new_part (record->dataset);
  worker.pieces = &pieces;
  ot_load_context_init_piece (&worker.context, state->context, record->dataset);
  ot_load_context_init_piece (&mine, state->context, record->dataset);
  thread = g_thread_new ("oretrace-jsonl", line_worker, &worker);

  line = read_lines (state, data, pieces.pieces[0].start, 1, 0, length) + 1;
  if (!record->stop)
    take_line_pieces (&pieces, &mine);
  g_thread_join (thread);
  g_atomic_int_inc (&ot_loader_stats.n_split);

  while (joined < pieces.n_pieces && !record->stop &&
         !g_cancellable_is_cancelled (state->context->cancellable))
    {
      LinePiece *piece = &pieces.pieces[joined];

      if (!join_line_piece (state, piece, line))
        {
          /* Read again from here on, by this thread (the pieces not
           * joined dropped first: their incidents need not stay meanwhile). */
          for (guint j = joined; j < pieces.n_pieces; j++)
            g_clear_object (&pieces.pieces[j].part);
          g_atomic_int_inc (&ot_loader_stats.n_rejoined);
          read_lines (state, data + piece->start, length - piece->start, line, piece->start, length);
          break;
        }
      ot_loader_release (data, piece->start, piece->end);
      line += piece->lines;
      joined++;
    }

  for (guint i = 0; i < pieces.n_pieces; i++)
    {
      g_clear_object (&pieces.pieces[i].part);
      json_state_clear (&pieces.pieces[i].state);
    }
  ot_record_clear (&worker.context.record);
  ot_record_clear (&mine.record);
}

void
ot_loader_read_json (OtLoadContext *context,
                     const char    *data,
                     gsize          length,
                     gboolean       lines)
{
  OtRecord *record = &context->record;
  JsonReadState state;
  g_autoptr(GString) keys = g_string_new (NULL);
  guint first_line = 0;

  json_state_init (&state, context);
  if (lines)
    read_lines_parallel (&state, data, length);
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

  json_state_clear (&state);
}
