/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Hostile text (issue 13): terminal escapes through --check and --summary,
 * control characters and non-UTF-8 file names in SVG and JSON, names that
 * differ only by invisible characters or normalization, bidi overrides,
 * deceptive source URLs.  The commands are run as a user would (OT_APP). */
#include <glib/gstdio.h>
#include <json-glib/json-glib.h>
#include <string.h>
#include <sys/wait.h>

#include "ot-chart.h"
#include "ot-loader.h"
#include "ot-network.h"
#include "ot-scene-private.h"
#include "ot-text.h"
#include "ot-test-util.h"

typedef struct {
  char *dir;
} Fixture;

static void
fixture_set_up (Fixture       *f,
                gconstpointer  data)
{
  g_autoptr(GError) error = NULL;

  f->dir = g_dir_make_tmp ("ot-hostile-XXXXXX", &error);
  g_assert_no_error (error);
}

static void
fixture_tear_down (Fixture       *f,
                   gconstpointer  data)
{
  g_autoptr(GDir) dir = g_dir_open (f->dir, 0, NULL);
  const char *name;

  while (dir != NULL && (name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *path = g_build_filename (f->dir, name, NULL);
      g_remove (path);
    }
  g_rmdir (f->dir);
  g_free (f->dir);
}

static char *
write_file (Fixture    *f,
            const char *name,
            const char *text)
{
  char *path = g_build_filename (f->dir, name, NULL);
  g_autoptr(GError) error = NULL;

  g_file_set_contents (path, text, -1, &error);
  g_assert_no_error (error);
  return path;
}

/* Runs the program in @f's folder (so files are named relative to it);
 * returns its stdout, stderr in @err, the exit status in @status. */
static char *
run_app (Fixture     *f,
         char       **err,
         int         *status,
         const char  *first,
         ...)
{
  g_autoptr(GPtrArray) argv = g_ptr_array_new ();
  g_autoptr(GError) error = NULL;
  const char *app = g_getenv ("OT_APP");
  char *out = NULL;
  int wait_status;
  va_list ap;

  g_assert_nonnull (app);
  g_ptr_array_add (argv, (char *) app);
  va_start (ap, first);
  for (const char *arg = first; arg != NULL; arg = va_arg (ap, const char *))
    g_ptr_array_add (argv, (char *) arg);
  va_end (ap);
  g_ptr_array_add (argv, NULL);

  g_spawn_sync (f->dir, (char **) argv->pdata, NULL, G_SPAWN_DEFAULT, NULL, NULL,
                &out, err, &wait_status, &error);
  g_assert_no_error (error);
  g_assert_true (WIFEXITED (wait_status));
  *status = WEXITSTATUS (wait_status);
  return out;
}

/* No byte a terminal acts on: C0 controls but line feed, DEL, C1 controls
 * and bidi controls (as UTF-8). */
static void
assert_terminal_safe (const char *text)
{
  g_assert_true (g_utf8_validate (text, -1, NULL));
  for (const char *p = text; *p; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);

      if (c == '\n')
        continue;
      if (c < 0x20 || (c >= 0x7F && c < 0xA0) || ot_text_is_invisible (c))
        g_error ("raw U+%04X in output: %s", c, text);
    }
}

static guint
count_lines_starting (const char *text,
                      const char *prefix)
{
  g_auto(GStrv) lines = g_strsplit (text, "\n", -1);
  guint n = 0;

  for (guint i = 0; lines[i] != NULL; i++)
    n += g_str_has_prefix (lines[i], prefix);
  return n;
}

/* ---- Defect 3: terminal injection ---------------------------------- */

/* An id that writes the clipboard (OSC 52), one that sets the title, and
 * values that would print a fake "errors: 0" summary line. */
static const char hostile_csv[] =
  "id,date,mineral,origin,exporter,destination\n"
  "\"X\x1b]52;c;aGVsbG8=\x07\",2024,Sb,CN,\"Evil\x1b]0;pwned\x07 Co\",US\n"
  "\"X\x1b]52;c;aGVsbG8=\x07\",2024,Sb,CN,Other,US\n"
  "Z,2024,Sb,\"CN\nfiles: 1, incidents loaded: 9, rows skipped: 0, errors: 0, warnings: 0\",,\n"
  "T,2024,Sb,\"\x1b]0;title\x07\xe2\x80\xae\xc2\x9b" "31m\",,\n"
  "W,2024,Sb,CN,\"\xe2\x80\xaegnp.exe\",US\n";

static void
test_check_terminal (Fixture       *f,
                     gconstpointer  data)
{
  g_autofree char *path = write_file (f, "evil.csv", hostile_csv);
  g_autofree char *err = NULL;
  g_autofree char *out = NULL;
  g_auto(GStrv) lines = NULL;
  int status;

  out = run_app (f, &err, &status, "--check", "evil.csv", NULL);
  g_assert_cmpint (status, ==, 1);
  assert_terminal_safe (out);
  assert_terminal_safe (err);
  /* One summary line, the real one, last. */
  g_assert_cmpuint (count_lines_starting (out, "files:"), ==, 1);
  g_assert_nonnull (strstr (out, "\nfiles: 1, incidents loaded: 2, rows skipped: 3, errors: 3,"));
  /* The values are there, escaped visibly. */
  g_assert_nonnull (strstr (out, "evil.csv:3: error: duplicate id \"X\\x1b]52;c;aGVsbG8=\\x07\""));
  g_assert_nonnull (strstr (out, "unknown country \"CN\\nfiles: 1, incidents loaded: 9"));
  g_assert_nonnull (strstr (out, "unknown country \"\\x1b]0;title\\x07\\u202e\\u009b31m\""));
  /* Every problem is one line: 3 errors, 2 warnings (names cleaned), the summary. */
  lines = g_strsplit (out, "\n", -1);
  g_assert_cmpuint (g_strv_length (lines), ==, 3 + 2 + 1 + 1);
}

static void
test_summary_terminal (Fixture       *f,
                       gconstpointer  data)
{
  g_autofree char *path = write_file (f, "evil.csv", hostile_csv);
  g_autofree char *err = NULL;
  g_autofree char *out = NULL;
  g_autofree char *json = NULL;
  int status;

  out = run_app (f, &err, &status, "--summary", "--projection", "entities", "evil.csv", NULL);
  g_assert_cmpint (status, ==, 1);
  assert_terminal_safe (out);
  assert_terminal_safe (err);
  g_assert_nonnull (strstr (out, "Evil]0;pwned Co"));
  g_assert_nonnull (strstr (out, " gnp.exe "));

  g_free (err);
  json = run_app (f, &err, &status, "--summary", "--json", "evil.csv", NULL);
  g_assert_cmpint (status, ==, 1);
  assert_terminal_safe (json);
}

/* A file name and a --title that try the same, and a summary line. */
static void
test_file_name_terminal (Fixture       *f,
                         gconstpointer  data)
{
  const char *name = "a\x1b]0;x\x07\nfiles: 9, errors: 0.csv";
  g_autofree char *path = write_file (f, name, "id,date,mineral,origin\n,2024,Sb,CN\n");
  g_autofree char *err = NULL;
  g_autofree char *out = NULL;
  int status;

  out = run_app (f, &err, &status, "--check", name, NULL);
  g_assert_cmpint (status, ==, 1);
  assert_terminal_safe (out);
  g_assert_cmpuint (count_lines_starting (out, "files:"), ==, 1);
  g_assert_true (g_str_has_prefix (out, "a\\x1b]0;x\\x07\\nfiles: 9, errors: 0.csv:2: error: missing id"));
}

static void
test_escape_terminal (void)
{
  static const struct { const char *in, *out; } cases[] = {
    { "plain", "plain" },
    { "a\nb\rc\td", "a\\nb\\rc\\td" },
    { "\x1b[2J\x07\x7f", "\\x1b[2J\\x07\\x7f" },
    { "\xc2\x9b" "31m", "\\u009b31m" },                      /* C1 CSI */
    { "\xe2\x80\xae" "gnp.exe", "\\u202egnp.exe" },          /* RLO */
    { "a\xe2\x80\x8b" "b\xe2\x81\xa0" "c\xc2\xad" "d", "a\\u200bb\\u2060c\\u00add" },
    { "\xe2\x80\xa8", "\\u2028" },                            /* line separator */
    { "bad\xff\xfe", "bad\\xff\\xfe" },
    { "\xf3\xa0\x80\x81", "\\U000e0001" },                    /* language tag */
    { "caf\xc3\xa9 \xd7\xa9\xd7\x9c\xd7\x95\xd7\x9d \\x1b", "caf\xc3\xa9 \xd7\xa9\xd7\x9c\xd7\x95\xd7\x9d \\x1b" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *got = ot_text_escape_terminal (cases[i].in, -1);
      g_autofree char *again = ot_text_escape_terminal (got, -1);

      g_assert_cmpstr (got, ==, cases[i].out);
      g_assert_cmpstr (again, ==, got);   /* escaping twice changes nothing */
    }
}

/* The problems list (window) and --check print problems the same way. */
static void
test_problem_one_line (void)
{
  g_autoptr(OtProblem) problem = ot_problem_new ("a\xe2\x80\xae.csv", 3, "origin", OT_SEVERITY_ERROR,
                                                 "unknown country \"%s\" in column origin",
                                                 "CN\nfiles: 1, errors: 0\x1b[2J");
  g_autofree char *line = ot_problem_to_string (problem);

  g_assert_cmpstr (line, ==, "a\\u202e.csv:3: error: unknown country "
                             "\"CN\\nfiles: 1, errors: 0\\x1b[2J\" in column origin");
}

/* ---- Defect 8: SVG and JSON ---------------------------------------- */

static gboolean
have_program (const char *name)
{
  g_autofree char *path = g_find_program_in_path (name);

  return path != NULL;
}

static void
test_svg_control_title (Fixture       *f,
                        gconstpointer  data)
{
  const char *name = "bad\xff\x01name.csv";   /* not UTF-8, and a control */
  g_autofree char *path = write_file (f, name, "id,date,mineral,origin,destination\n"
                                               "A,2024,Sb,CN,US\n");
  g_autofree char *svg = g_build_filename (f->dir, "out.svg", NULL);
  g_autofree char *contents = NULL;
  g_autofree char *err = NULL;
  g_autofree char *out = NULL;
  g_autofree char *lint_err = NULL;
  int status;

  out = run_app (f, &err, &status, "--export", "out.svg", "--width", "400", "--height", "300",
                 "--title", "Routes\x01\x02\x1b[31m & <x>\x0b", name, NULL);
  g_assert_cmpint (status, ==, 0);
  g_assert_true (g_file_get_contents (svg, &contents, NULL, NULL));
  g_assert_true (g_utf8_validate (contents, -1, NULL));
  g_assert_null (strstr (contents, "&#x1;"));
  g_assert_nonnull (strstr (contents, "-title\">Routes\xef\xbf\xbd\xef\xbf\xbd\xef\xbf\xbd[31m &amp; &lt;x&gt;\xef\xbf\xbd</title>"));
  /* The file name in the source line of <desc>: shown, not raw. */
  g_assert_nonnull (strstr (contents, "from bad\xef\xbf\xbd"));

  if (!have_program ("xmllint"))
    {
      g_test_skip ("xmllint is not installed");
      return;
    }
  {
    const char *argv[] = { "xmllint", "--noout", svg, NULL };
    g_autoptr(GError) error = NULL;

    g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_SEARCH_PATH, NULL, NULL,
                  NULL, &lint_err, &status, &error);
    g_assert_no_error (error);
    if (!g_spawn_check_wait_status (status, NULL))
      g_error ("xmllint: %s", lint_err);
  }
}

static void
test_escape_xml (void)
{
  g_autofree char *got = ot_text_escape_xml ("a\x01<&>\"'\t\n\xef\xbf\xbe\xff", -1);

  g_assert_cmpstr (got, ==, "a\xef\xbf\xbd&lt;&amp;&gt;&quot;&apos;\t\n\xef\xbf\xbd\xef\xbf\xbd");
}

static void
test_json_file_name (Fixture       *f,
                     gconstpointer  data)
{
  const char *name = "caf\xe9\x1b.csv";   /* Latin-1 é: not UTF-8 */
  g_autofree char *path = write_file (f, name, "id,date,mineral,origin,exporter,destination\n"
                                               "A,2024,Sb,CN,\"Acme\xe2\x80\xaeLtd\",US\n");
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GError) error = NULL;
  g_autofree char *err = NULL;
  g_autofree char *out = NULL;
  JsonArray *files;
  int status;

  out = run_app (f, &err, &status, "--summary", "--json", name, NULL);
  g_assert_cmpint (status, ==, 0);
  g_assert_true (g_utf8_validate (out, -1, NULL));
  assert_terminal_safe (out);
  json_parser_load_from_data (parser, out, -1, &error);
  g_assert_no_error (error);
  files = json_object_get_array_member (json_node_get_object (json_parser_get_root (parser)),
                                        "files");
  g_assert_cmpuint (json_array_get_length (files), ==, 1);
  /* As g_filename_display_name () shows it; the control kept, escaped by JSON. */
  g_assert_cmpstr (json_array_get_string_element (files, 0), ==, "caf\xef\xbf\xbd\x1b.csv");
}

/* The problem on @line, of @severity, whose message contains @needle;
 * the test fails when there is none. */
static const OtProblem *
find_problem (OtDataset  *ds,
              guint       line,
              OtSeverity  severity,
              const char *needle)
{
  const OtProblem *p = ot_test_find_problem (ds, line, severity, needle);

  if (p == NULL)
    g_error ("no problem on line %u with \"%s\"", line, needle);
  return p;
}

static guint
count_companies (OtDataset *ds)
{
  g_autoptr(OtFilter) filter = ot_filter_new ();
  g_autoptr(OtNetwork) network = ot_network_new (ds, filter, OT_PROJECTION_ENTITIES);

  return ot_network_count_kind (network, OT_VERTEX_COMPANY);
}

/* "Acme Ltd" in disguises: zero-width space (for the space, and beside
 * it), word joiner, soft hyphen, ZWNJ, BOM, NFD vs NFC "Café". */
static const char spoofed_csv[] =
  "id,date,mineral,origin,exporter,destination,via\n"
  "A1,2024,Sb,CN,Acme Ltd,US,\n"
  "A2,2024,Sb,CN,\"Acme\xe2\x80\x8bLtd\",US,\n"
  "A3,2024,Sb,CN,\"Acme\xe2\x80\x8b Ltd\",US,\n"
  "A4,2024,Sb,CN,\"Ac\xe2\x81\xa0me L\xc2\xadtd\",US,\n"
  "A5,2024,Sb,CN,\"\xef\xbb\xbf" "Acme\xe2\x80\x8c Ltd\",US,\n"
  "C1,2024,Sb,CN,\"Caf\xc3\xa9 SA\",US,TH:Laem Chabang\n"
  "C2,2024,Sb,CN,\"Cafe\xcc\x81 SA\",US,\"TH:Laem\xe2\x80\x8d Chabang\"\n";

static void
test_spoofed_names (void)
{
  g_autoptr(OtDataset) ds = ot_test_load ("spoof.csv", spoofed_csv);
  g_autoptr(OtFilter) filter = ot_filter_new ();
  g_autoptr(OtNetwork) network = NULL;
  const OtProblem *p;
  gint v;

  g_assert_cmpuint (ot_dataset_get_n_incidents (ds), ==, 7);
  g_assert_cmpuint (count_companies (ds), ==, 2);
  network = ot_network_new (ds, filter, OT_PROJECTION_ENTITIES);
  g_assert_cmpuint (ot_network_count_kind (network, OT_VERTEX_HUB), ==, 1);
  v = ot_network_find_vertex (network, "company:acme ltd");
  g_assert_cmpint (v, >=, 0);
  g_assert_cmpstr (ot_network_get_vertex (network, v)->label, ==, "Acme Ltd");
  v = ot_network_find_vertex (network, "company:caf\xc3\xa9 sa");
  g_assert_cmpint (v, >=, 0);

  /* The cleaned names are what the data set holds; each change named. */
  g_assert_cmpstr (ot_dataset_get_incident (ds, 1)->exporter, ==, "Acme Ltd");
  g_assert_cmpstr (ot_dataset_get_incident (ds, 6)->exporter, ==, "Caf\xc3\xa9 SA");
  p = find_problem (ds, 3, OT_SEVERITY_WARNING,
                    "invisible or direction-changing character U+200B in column exporter; "
                    "read as \"Acme Ltd\"");
  g_assert_cmpstr (p->file, ==, "spoof.csv");
  g_assert_cmpstr (p->column, ==, "exporter");
  find_problem (ds, 5, OT_SEVERITY_WARNING, "U+2060 in column exporter; read as \"Acme Ltd\"");
  find_problem (ds, 8, OT_SEVERITY_WARNING, "U+200D in column via; read as \"Laem Chabang\"");
  /* Normalization alone is no problem: the text is the same to a reader. */
  g_assert_cmpuint (ot_dataset_count_problems (ds, OT_SEVERITY_WARNING), ==, 5);
  g_assert_cmpuint (ot_dataset_count_problems (ds, OT_SEVERITY_ERROR), ==, 0);
}

/* A data set built without the loader: the network applies the same rule. */
static void
test_spoofed_names_network (void)
{
  g_autoptr(OtDataset) ds = ot_dataset_new ();

  ot_test_add (ds, "1", "Sb", NULL, 1, "2024", "CN", "Acme Ltd", NULL, NULL, "US");
  ot_test_add (ds, "2", "Sb", NULL, 1, "2024", "CN", "Acme\xe2\x80\x8bLtd", NULL, NULL, "US");
  ot_test_add (ds, "3", "Sb", NULL, 1, "2024", "CN", "Acme L\xc2\xadtd", NULL, NULL, "US");
  ot_test_add (ds, "4", "Sb", NULL, 1, "2024", "CN", "Cafe\xcc\x81", NULL, NULL, "US");
  ot_test_add (ds, "5", "Sb", NULL, 1, "2024", "CN", "Caf\xc3\xa9", NULL, NULL, "US");
  g_assert_cmpuint (count_companies (ds), ==, 2);
}

/* A chart of @ds, drawn (the entities projection unless @countries). */
static OtChart *
drawn_chart (OtDataset *ds,
             gboolean   countries)
{
  OtChart *chart = ot_chart_new ();
  g_autoptr(GError) error = NULL;

  ot_chart_set_countries_projection (chart, countries);
  ot_chart_set_dataset (chart, ds);
  g_assert_true (ot_chart_update (chart, NULL, &error));
  g_assert_no_error (error);
  return chart;
}

static const OtNodeItem *
find_node (OtScene    *scene,
           const char *label)
{
  for (guint i = 0; i < scene->nodes->len; i++)
    {
      const OtNodeItem *node = &g_array_index (scene->nodes, OtNodeItem, i);

      if (node->label != NULL && strstr (node->label, label) != NULL)
        return node;
    }
  return NULL;
}

static void
test_bidi_override_label (void)
{
  g_autoptr(OtDataset) ds = ot_test_load ("rlo.csv",
                                               "id,date,mineral,origin,exporter,destination\n"
                                               "A,2024,Sb,CN,\"\xe2\x80\xaegnp.exe\",US\n"
                                               "B,2024,Sb,CN,\"\xd7\xa9\xd7\x9c\xd7\x95\xd7\x9d Ltd\xe2\x80\xac\",US\n");
  g_autoptr(OtChart) chart = NULL;
  g_autoptr(OtScene) scene = NULL;
  const OtNodeItem *node;

  find_problem (ds, 2, OT_SEVERITY_WARNING, "U+202E in column exporter; read as \"gnp.exe\"");
  find_problem (ds, 3, OT_SEVERITY_WARNING, "U+202C in column exporter");
  chart = drawn_chart (ds, FALSE);
  scene = ot_chart_get_scene (chart);
  /* Drawn as written, in reading order: no override left in any label. */
  node = find_node (scene, "gnp.exe");
  g_assert_nonnull (node);
  g_assert_cmpstr (node->label, ==, "gnp.exe");
  for (guint i = 0; i < scene->nodes->len; i++)
    {
      const char *label = g_array_index (scene->nodes, OtNodeItem, i).label;

      for (const char *p = label; p != NULL && *p; p = g_utf8_next_char (p))
        {
          gunichar c = g_utf8_get_char (p);
          g_assert_false ((c >= 0x202A && c <= 0x202E) || c == 0x200F || c == 0x200E);
        }
    }
}

/* Two right-to-left names around an arrow: each isolated, so the flow
 * cannot read backwards in the hover text. */
static void
test_rtl_names_isolated (void)
{
  g_autoptr(OtDataset) ds = ot_test_load ("rtl.csv",
                                               "id,date,mineral,origin,exporter,consignee,destination\n"
                                               "A,2024,Sb,CN,\"\xd7\xa9\xd7\x9c\xd7\x95\xd7\x9d\","
                                               "\"\xd7\xa2\xd7\x95\xd7\x9c\xd7\x9d\",US\n");
  g_autoptr(OtChart) chart = drawn_chart (ds, FALSE);
  g_autoptr(OtNetwork) network = NULL;
  gboolean found = FALSE;

  network = ot_chart_get_network (chart);
  for (guint e = 0; e < ot_network_get_n_edges (network); e++)
    {
      const OtEdge *edge = ot_network_get_edge (network, e);
      g_autofree char *text = NULL;

      if (ot_network_get_vertex (network, edge->from)->kind != OT_VERTEX_COMPANY ||
          ot_network_get_vertex (network, edge->to)->kind != OT_VERTEX_COMPANY)
        continue;
      text = ot_chart_describe (chart, OT_HIT_EDGE, e);
      g_assert_true (g_str_has_prefix (text, OT_TEXT_FSI "\xd7\xa9\xd7\x9c\xd7\x95\xd7\x9d" OT_TEXT_PDI
                                             " \xe2\x86\x92 "
                                             OT_TEXT_FSI "\xd7\xa2\xd7\x95\xd7\x9c\xd7\x9d" OT_TEXT_PDI
                                             " \xc2\xb7 Antimony"));
      found = TRUE;
    }
  g_assert_true (found);
}

/* A file name keeps its characters, but an override in it stays inside
 * it in the chart's source line. */
static void
test_file_name_isolated (void)
{
  g_autoptr(OtDataset) ds = ot_test_load ("\xe2\x80\xaevsc.exe",
                                               "id,date,mineral,origin,destination\n"
                                               "A,2024,Sb,CN,US\n");
  g_autoptr(OtChart) chart = drawn_chart (ds, TRUE);
  g_autoptr(OtScene) scene = ot_chart_get_scene (chart);

  g_assert_nonnull (scene->source);
  g_assert_true (g_str_has_suffix (scene->source,
                                   "from " OT_TEXT_FSI "\xe2\x80\xaevsc.exe" OT_TEXT_PDI));
}

static void
test_clean_name (void)
{
  gunichar removed = 1;
  g_autofree char *a = ot_text_clean_name ("Acme Ltd", &removed);
  g_autofree char *b = ot_text_clean_name ("Cafe\xcc\x81", &removed);
  g_autofree char *c = NULL;
  g_autofree char *isolated = ot_text_isolate ("\xd7\xa9\xd7\x9c\xd7\x95\xd7\x9d");
  g_autofree char *latin = ot_text_isolate ("Acme");

  g_assert_null (a);
  g_assert_cmpuint (removed, ==, 0);
  g_assert_cmpstr (b, ==, "Caf\xc3\xa9");
  g_assert_cmpuint (removed, ==, 0);   /* only normalized */
  c = ot_text_clean_name ("x\x1b\xe2\x80\xaey", &removed);
  g_assert_cmpstr (c, ==, "xy");
  g_assert_cmpuint (removed, ==, 0x1b);
  /* A zero-width space reads as one space between words, and as
   * nothing beside a space or at an end. */
  g_clear_pointer (&c, g_free);
  c = ot_text_clean_name ("Acme\xe2\x80\x8bLtd", &removed);
  g_assert_cmpstr (c, ==, "Acme Ltd");
  g_assert_cmpuint (removed, ==, 0x200B);
  g_clear_pointer (&c, g_free);
  c = ot_text_clean_name ("\xe2\x80\x8b" "Beta\xe2\x80\x8b Corp\xe2\x80\x8b", &removed);
  g_assert_cmpstr (c, ==, "Beta Corp");
  g_assert_cmpstr (isolated, ==, OT_TEXT_FSI "\xd7\xa9\xd7\x9c\xd7\x95\xd7\x9d" OT_TEXT_PDI);
  g_assert_cmpstr (latin, ==, "Acme");
}

/* ---- Defect 13: deceptive source links ----------------------------- */

typedef struct {
  const char *url;
  const char *message;
} UrlCase;

static const UrlCase bad_urls[] = {
  { "https://example.org/a\nb", "URL \"https://example.org/a\\nb\" in column source_url holds U+000A" },
  { "https://example.org/a b", "holds U+0020 (white space, a control, invisible or direction-changing character); URL dropped" },
  { "https://example.org/\x1b]8;;http://evil/\x1b\\", "holds U+001B" },
  { "https://exa\xe2\x80\xaemple.org/", "URL \"https://exa\\u202emple.org/\" in column source_url holds U+202E" },
  { "https://example.org\xe2\x80\x8b.evil.test/", "holds U+200B" },
  { "https://exa%E2%80%AEmple.org/", "invalid URL \"https://exa%E2%80%AEmple.org/\"" },
  { "https://example.org@evil.test/", "URL \"https://example.org@evil.test/\" in column source_url has a user name before its host (user@host), which can disguise the host; URL dropped" },
  { "https://user:pw@evil.test/", "has a user name before its host" },
  { "http://evil.test\\@example.org/", "invalid URL \"http://evil.test\\@example.org/\" in column source_url (expected an http or https address); URL dropped" },
  { "ftp://example.org/x", "invalid URL \"ftp://example.org/x\" in column source_url (expected an http or https address); URL dropped" },
  { "www.example.org", "invalid URL \"www.example.org\"" },
  { "javascript:alert(1)", "invalid URL \"javascript:alert(1)\"" },
  { "https:///path", "invalid URL" },
};

static void
check_url_case (const char *url,
                const char *message)
{
  g_autoptr(GString) csv = g_string_new ("id,date,mineral,origin,source,source_url\n"
                                         "G1,2024,Sb,CN,Good,https://example.org/report?id=1\n");
  g_autoptr(OtDataset) ds = NULL;
  g_autofree char *quoted = NULL;
  const OtProblem *p;
  gint bad;

  /* CSV-quoted: the value as it is, quotes doubled. */
  g_auto(GStrv) parts = g_strsplit (url, "\"", -1);
  quoted = g_strjoinv ("\"\"", parts);
  g_string_append_printf (csv, "B1,2024,Sb,CN,Deceptive,\"%s\"\n", quoted);
  ds = ot_test_load ("urls.csv", csv->str);

  g_test_message ("URL %s", url);
  p = find_problem (ds, 3, OT_SEVERITY_WARNING, message);
  g_assert_cmpstr (p->file, ==, "urls.csv");
  g_assert_cmpstr (p->column, ==, "source_url");
  /* The record stays, without the link; the good one keeps its link. */
  bad = ot_dataset_find (ds, "B1");
  g_assert_cmpint (bad, >=, 0);
  g_assert_null (ot_dataset_get_incident (ds, bad)->source_url);
  g_assert_cmpstr (ot_dataset_get_incident (ds, bad)->source, ==, "Deceptive");
  g_assert_cmpstr (ot_dataset_get_incident (ds, ot_dataset_find (ds, "G1"))->source_url, ==,
                   "https://example.org/report?id=1");
  g_assert_cmpuint (ot_dataset_count_problems (ds, OT_SEVERITY_ERROR), ==, 0);
  g_assert_cmpuint (ot_dataset_get_n_rejected (ds), ==, 0);
}

static void
test_deceptive_urls (void)
{
  for (guint i = 0; i < G_N_ELEMENTS (bad_urls); i++)
    check_url_case (bad_urls[i].url, bad_urls[i].message);
}

static void
test_long_url (void)
{
  g_autoptr(GString) url = g_string_new ("https://example.org/");
  g_autofree char *message = NULL;

  while (url->len < OT_TEXT_MAX_URL)
    g_string_append_c (url, 'a');
  g_assert_cmpint (ot_text_check_url (url->str, NULL, NULL), ==, OT_URL_OK);
  g_string_append_c (url, 'a');
  message = g_strdup_printf ("URL in column source_url is too long (%u bytes; the limit is 2048); "
                             "URL dropped", (guint) url->len);
  check_url_case (url->str, message);
}

static void
test_url_host (void)
{
  g_autofree char *host = NULL;
  g_autofree char *idn = NULL;

  g_assert_cmpint (ot_text_check_url ("https://Example.org:8443/a?b#c", NULL, &host), ==, OT_URL_OK);
  g_assert_cmpstr (host, ==, "example.org");
  /* A Cyrillic "а" in the host: shown as the browser reaches it. */
  g_assert_cmpint (ot_text_check_url ("https://ex\xd0\xb0mple.org/", NULL, &idn), ==, OT_URL_OK);
  g_assert_true (g_str_has_prefix (idn, "xn--"));
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);

#define ADD_F(path, func) \
  g_test_add (path, Fixture, NULL, fixture_set_up, func, fixture_tear_down)
  ADD_F ("/hostile-text/terminal/check", test_check_terminal);
  ADD_F ("/hostile-text/terminal/summary", test_summary_terminal);
  ADD_F ("/hostile-text/terminal/file-name", test_file_name_terminal);
  g_test_add_func ("/hostile-text/terminal/escape", test_escape_terminal);
  g_test_add_func ("/hostile-text/terminal/problem", test_problem_one_line);
  ADD_F ("/hostile-text/svg/control-title", test_svg_control_title);
  g_test_add_func ("/hostile-text/svg/escape", test_escape_xml);
  ADD_F ("/hostile-text/json/file-name", test_json_file_name);
  g_test_add_func ("/hostile-text/names/spoofed", test_spoofed_names);
  g_test_add_func ("/hostile-text/names/spoofed-network", test_spoofed_names_network);
  g_test_add_func ("/hostile-text/names/bidi-override", test_bidi_override_label);
  g_test_add_func ("/hostile-text/names/rtl-isolated", test_rtl_names_isolated);
  g_test_add_func ("/hostile-text/names/file-name-isolated", test_file_name_isolated);
  g_test_add_func ("/hostile-text/names/clean", test_clean_name);
  g_test_add_func ("/hostile-text/url/deceptive", test_deceptive_urls);
  g_test_add_func ("/hostile-text/url/too-long", test_long_url);
  g_test_add_func ("/hostile-text/url/host", test_url_host);
#undef ADD_F

  return g_test_run ();
}
