/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The JSON parsers Debian 12 packages for C, measured on the bench's JSON
 * Lines file (issue 20, docs/performance.md "Issue 20: JSON and JSON
 * Lines").  Each parses every line and visits every key and scalar value
 * of the record (what the loader needs), nothing more; CPU time is
 * printed.  Not built by meson (it needs every candidate's package):
 *
 *   apt-get install libyajl-dev libjson-c-dev libjansson-dev libcjson-dev \
 *     libjsonparser-dev libjsmn-dev
 *   for c in glib yajl jsonc jansson cjson jsonparser jsmn; do
 *     cc -O2 -DUSE_$c -o /tmp/json-$c tests/bench/json-parsers.c $(pkg-config --cflags --libs glib-2.0) \
 *       $(pkg-config --cflags --libs $(echo $c | sed "s/^glib/json-glib-1.0/; s/jsonc/json-c/; s/cjson/libcjson/; s/jsonparser/json-parser/; s/jsmn/glib-2.0/")) -lm
 *     /tmp/json-$c _build-bench/bench-data/incidents-100000.jsonl
 *   done
 * (One candidate per program: their headers clash.)
 */
#ifdef USE_glib
#include <json-glib/json-glib.h>
#else
#include <glib.h>
#endif
#include <stdio.h>
#include <string.h>
#include <time.h>

static size_t sink;   /* keeps the visits from being optimised away */

static double
cpu_seconds (void)
{
  struct timespec t;

  clock_gettime (CLOCK_PROCESS_CPUTIME_ID, &t);
  return t.tv_sec + t.tv_nsec / 1e9;
}

typedef void (*LineFunc) (const char *line, size_t n);

#ifdef USE_glib
/* json-glib, as the loader used it: a JsonParser per line, a tree. */
static JsonParser *glib_parser;
static void
by_glib (const char *line, size_t n)
{
  JsonObjectIter iter;
  const char *key;
  JsonNode *member;

  if (!json_parser_load_from_data (glib_parser, line, n, NULL))
    return;
  json_object_iter_init (&iter, json_node_get_object (json_parser_get_root (glib_parser)));
  while (json_object_iter_next (&iter, &key, &member))
    sink += strlen (key) + (JSON_NODE_HOLDS_VALUE (member) &&
                            json_node_get_value_type (member) == G_TYPE_STRING
                            ? strlen (json_node_get_string (member)) : 1);
}

#endif

#ifdef USE_yajl
#include <yajl/yajl_parse.h>
/* yajl: callbacks, no tree; one handle per line (yajl 2 has no reset). */
static int y_null (void *c) { (void) c; sink++; return 1; }
static int y_bool (void *c, int b) { (void) c; sink += b; return 1; }
static int y_number (void *c, const char *s, size_t l) { (void) c; (void) s; sink += l; return 1; }
static int y_string (void *c, const unsigned char *s, size_t l) { (void) c; (void) s; sink += l; return 1; }
static int y_map (void *c) { (void) c; return 1; }
static int y_key (void *c, const unsigned char *s, size_t l) { (void) c; (void) s; sink += l; return 1; }
static const yajl_callbacks y_callbacks = {
  y_null, y_bool, NULL, NULL, y_number, y_string, y_map, y_key, y_map, y_map, y_map
};
static void
by_yajl (const char *line, size_t n)
{
  yajl_handle h = yajl_alloc (&y_callbacks, NULL, NULL);

  if (yajl_parse (h, (const unsigned char *) line, n) == yajl_status_ok)
    yajl_complete_parse (h);
  yajl_free (h);
}

#endif

#ifdef USE_jsonc
#include <json-c/json.h>
/* json-c: one tokener, reset per line, a tree. */
static json_tokener *jc_tok;
static void
by_jsonc (const char *line, size_t n)
{
  json_object *o;

  json_tokener_reset (jc_tok);
  o = json_tokener_parse_ex (jc_tok, line, (int) n);
  if (o == NULL)
    return;
  json_object_object_foreach (o, key, val)
    sink += strlen (key) + (json_object_is_type (val, json_type_string)
                            ? (size_t) json_object_get_string_len (val) : 1);
  json_object_put (o);
}

#endif

#ifdef USE_jansson
#include <jansson.h>
/* jansson: a tree per line. */
static void
by_jansson (const char *line, size_t n)
{
  json_t *o = json_loadb (line, n, 0, NULL);
  const char *key;
  json_t *val;

  if (o == NULL)
    return;
  json_object_foreach (o, key, val)
    sink += strlen (key) + (json_is_string (val) ? json_string_length (val) : 1);
  json_decref (o);
}

#endif

#ifdef USE_cjson
#include <cjson/cJSON.h>
/* cJSON: a tree per line. */
static void
by_cjson (const char *line, size_t n)
{
  cJSON *o = cJSON_ParseWithLength (line, n);
  cJSON *m;

  if (o == NULL)
    return;
  cJSON_ArrayForEach (m, o)
    sink += strlen (m->string) + (cJSON_IsString (m) ? strlen (m->valuestring) : 1);
  cJSON_Delete (o);
}

#endif

#ifdef USE_jsonparser
#include <json-parser/json.h>
/* json-parser (udp): a tree per line. */
static void
by_jsonparser (const char *line, size_t n)
{
  json_value *o = json_parse (line, n);

  if (o == NULL)
    return;
  if (o->type == json_object)
    for (unsigned i = 0; i < o->u.object.length; i++)
      sink += o->u.object.values[i].name_length +
              (o->u.object.values[i].value->type == json_string
               ? o->u.object.values[i].value->u.string.length : 1);
  json_value_free (o);
}

#endif

#ifdef USE_jsmn
#define JSMN_STATIC
#include <jsmn.h>
/* jsmn: tokens only (strings still escaped, numbers not read). */
static void
by_jsmn (const char *line, size_t n)
{
  jsmn_parser p;
  jsmntok_t tokens[256];
  int count;

  jsmn_init (&p);
  count = jsmn_parse (&p, line, n, tokens, 256);
  for (int i = 1; i < count; i++)
    sink += (size_t) (tokens[i].end - tokens[i].start);
}

#endif

static void
run (const char *name,
     LineFunc    func,
     const char *data,
     size_t      length)
{
  double best = 1e9;

  for (int r = 0; r < 3; r++)
    {
      double t0 = cpu_seconds ();

      for (size_t pos = 0; pos < length;)
        {
          const char *nl = memchr (data + pos, '\n', length - pos);
          size_t n = nl ? (size_t) (nl - data) - pos : length - pos;

          func (data + pos, n);
          pos += n + 1;
        }
      best = MIN (best, cpu_seconds () - t0);
    }
  printf ("%-12s %7.3f s CPU  %6.1f MB/s\n", name, best, length / best / 1e6);
}

int
main (int argc, char **argv)
{
  char *data;
  size_t length;

  if (argc < 2 || !g_file_get_contents (argv[1], &data, &length, NULL))
    return 1;
#ifdef USE_glib
  glib_parser = json_parser_new_immutable ();
  run ("json-glib", by_glib, data, length);
#endif
#ifdef USE_yajl
  run ("yajl", by_yajl, data, length);
#endif
#ifdef USE_jsonc
  jc_tok = json_tokener_new ();
  run ("json-c", by_jsonc, data, length);
#endif
#ifdef USE_jansson
  run ("jansson", by_jansson, data, length);
#endif
#ifdef USE_cjson
  run ("cJSON", by_cjson, data, length);
#endif
#ifdef USE_jsonparser
  run ("json-parser", by_jsonparser, data, length);
#endif
#ifdef USE_jsmn
  run ("jsmn", by_jsmn, data, length);
#endif
  printf ("(%zu)\n", sink);
  return 0;
}
