/* SPDX-License-Identifier: GPL-3.0-or-later */
/* SVG that other programs read right (issue 14): ids unique to each
 * export (two charts inlined in one page, or pasted into one Inkscape
 * document, keep their own), every reference resolving; labels, title
 * and legend as <text> with hostile names inert; the root's language,
 * role and accessible name; the provenance in <metadata>; and
 * --svg-text on the command line. */
#include <glib/gi18n-lib.h>
#include <locale.h>
#include <glib/gstdio.h>
#include <string.h>

#include "ot-chart.h"
#include "ot-export.h"
#include "ot-loader.h"
#include "ot-scene-private.h"
#include "ot-test-svg.h"

#define HOSTILE_TITLE "T </text><script>alert(1)</script> ]]> & \x01 \xe2\x80\xae end"

/* What a document holds, as an XML parser reads it. */
typedef struct {
  GHashTable *ids;        /* id -> count */
  GPtrArray  *refs;       /* the ids that href="#…" and url(#…) name */
  GString    *text;       /* character data of <text> and <tspan> */
  GHashTable *elements;   /* name -> count */
  GHashTable *root;       /* attribute -> value of <svg> */
  guint       in_text;
  char       *title_id, *desc_id;
  gboolean    in_metadata;
  GString    *metadata;   /* character data inside <metadata> */
} Doc;

static void
add_url_refs (Doc        *doc,
              const char *value)
{
  for (const char *p = strstr (value, "url(#"); p != NULL; p = strstr (p + 1, "url(#"))
    {
      const char *end = strchr (p, ')');

      g_assert_nonnull (end);
      g_ptr_array_add (doc->refs, g_strndup (p + 5, (gsize) (end - p - 5)));
    }
}

static void
on_start (GMarkupParseContext  *context,
          const char           *name,
          const char          **names,
          const char          **values,
          gpointer              data,
          GError              **error)
{
  Doc *doc = data;
  gboolean first = g_hash_table_size (doc->elements) == 0;

  g_hash_table_insert (doc->elements, g_strdup (name),
                       GUINT_TO_POINTER (GPOINTER_TO_UINT (g_hash_table_lookup (doc->elements, name)) + 1));
  for (guint i = 0; names[i] != NULL; i++)
    {
      if (first)
        g_hash_table_insert (doc->root, g_strdup (names[i]), g_strdup (values[i]));
      if (strcmp (names[i], "id") == 0)
        {
          guint n = GPOINTER_TO_UINT (g_hash_table_lookup (doc->ids, values[i]));

          g_hash_table_insert (doc->ids, g_strdup (values[i]), GUINT_TO_POINTER (n + 1));
          if (strcmp (name, "title") == 0)
            doc->title_id = g_strdup (values[i]);
          else if (strcmp (name, "desc") == 0)
            doc->desc_id = g_strdup (values[i]);
        }
      else if ((strcmp (names[i], "xlink:href") == 0 || strcmp (names[i], "href") == 0))
        {
          g_assert_true (values[i][0] == '#');
          g_ptr_array_add (doc->refs, g_strdup (values[i] + 1));
        }
      else
        add_url_refs (doc, values[i]);
    }
  if (strcmp (name, "text") == 0 || strcmp (name, "tspan") == 0)
    doc->in_text++;
  if (strcmp (name, "metadata") == 0)
    doc->in_metadata = TRUE;
}

static void
on_end (GMarkupParseContext  *context,
        const char           *name,
        gpointer              data,
        GError              **error)
{
  Doc *doc = data;

  if (strcmp (name, "text") == 0 || strcmp (name, "tspan") == 0)
    doc->in_text--;
  if (strcmp (name, "text") == 0)
    g_string_append_c (doc->text, '\n');
  if (strcmp (name, "metadata") == 0)
    doc->in_metadata = FALSE;
}

static void
on_text (GMarkupParseContext  *context,
         const char           *text,
         gsize                 length,
         gpointer              data,
         GError              **error)
{
  Doc *doc = data;

  if (doc->in_text > 0)
    g_string_append_len (doc->text, text, (gssize) length);
  if (doc->in_metadata)
    g_string_append_len (doc->metadata, text, (gssize) length);
}

static void
doc_free (Doc *doc)
{
  g_hash_table_unref (doc->ids);
  g_ptr_array_unref (doc->refs);
  g_string_free (doc->text, TRUE);
  g_string_free (doc->metadata, TRUE);
  g_hash_table_unref (doc->elements);
  g_hash_table_unref (doc->root);
  g_free (doc->title_id);
  g_free (doc->desc_id);
  g_free (doc);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (Doc, doc_free)

static Doc *
read_doc (const char *path)
{
  static const GMarkupParser parser = { on_start, on_end, on_text, NULL, NULL };
  Doc *doc = g_new0 (Doc, 1);

  doc->ids = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  doc->refs = g_ptr_array_new_with_free_func (g_free);
  doc->text = g_string_new (NULL);
  doc->metadata = g_string_new (NULL);
  doc->elements = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  doc->root = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  ot_test_parse_svg (path, &parser, doc);
  return doc;
}

static guint
count_of (const Doc  *doc,
          const char *element)
{
  return GPOINTER_TO_UINT (g_hash_table_lookup (doc->elements, element));
}

/* xmllint, when installed, agrees the file is well-formed XML. */
static void
check_xmllint (const char *path)
{
  g_autofree char *xmllint = g_find_program_in_path ("xmllint");
  const char *argv[] = { xmllint, "--noout", path, NULL };
  g_autoptr(GError) error = NULL;
  g_autofree char *err = NULL;
  int status;

  if (xmllint == NULL)
    {
      g_test_message ("xmllint not installed: GMarkup's check only");
      return;
    }
  g_assert_true (g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_STDOUT_TO_DEV_NULL, NULL, NULL,
                               NULL, &err, &status, &error));
  g_assert_no_error (error);
  g_assert_cmpstr (err, ==, "");
  g_assert_true (g_spawn_check_wait_status (status, NULL));
}

/* Scenes ----------------------------------------------------------------------- */

static OtScene *
scene_of (const char *path,
          OtViewKind  view,
          const char *title)
{
  g_autoptr(GFile) file = g_file_new_for_path (path);
  g_autoptr(GError) error = NULL;
  g_autoptr(OtDataset) dataset = ot_loader_load_files (&file, 1, NULL, NULL, NULL, &error);
  g_autoptr(OtChart) chart = ot_chart_new ();

  g_assert_no_error (error);
  ot_chart_set_dataset (chart, dataset);
  ot_chart_set_view (chart, view);
  if (title != NULL)
    ot_chart_set_title (chart, title);
  g_assert_true (ot_chart_update (chart, NULL, &error));
  g_assert_no_error (error);
  return ot_chart_get_scene (chart);
}

static OtScene *
sample_scene (OtViewKind view)
{
  g_autofree char *path = g_test_build_filename (G_TEST_DIST, "..", "data", "samples",
                                                 "incidents.csv", NULL);

  return scene_of (path, view, NULL);
}

static char *
export_svg (const OtScene *scene,
            const char    *dir,
            const char    *name,
            OtSvgText      svg_text)
{
  g_autoptr(GError) error = NULL;
  char *path = g_build_filename (dir, name, NULL);
  OtExportOptions opts;

  ot_export_options_init (&opts);
  opts.width = 800;
  opts.height = 500;
  opts.svg_text = svg_text;
  g_assert_true (ot_export_scene (scene, NULL, &opts, path, &error));
  g_assert_no_error (error);
  return path;
}

/* Every id once, every reference to one of them. */
static void
check_ids (const Doc *doc)
{
  GHashTableIter iter;
  gpointer key, value;

  g_assert_cmpuint (g_hash_table_size (doc->ids), >, 0);
  g_hash_table_iter_init (&iter, doc->ids);
  while (g_hash_table_iter_next (&iter, &key, &value))
    {
      if (GPOINTER_TO_UINT (value) != 1)
        g_error ("id \"%s\" defined %u times", (const char *) key, GPOINTER_TO_UINT (value));
    }
  for (guint i = 0; i < doc->refs->len; i++)
    if (!g_hash_table_contains (doc->ids, doc->refs->pdata[i]))
      g_error ("reference to \"#%s\", which is not defined", (const char *) doc->refs->pdata[i]);
}

static guint
shared_ids (const Doc *a,
            const Doc *b)
{
  GHashTableIter iter;
  gpointer key;
  guint n = 0;

  g_hash_table_iter_init (&iter, a->ids);
  while (g_hash_table_iter_next (&iter, &key, NULL))
    if (g_hash_table_contains (b->ids, key))
      n++;
  return n;
}

/* Tests ------------------------------------------------------------------------ */

/* A network and a flow export, and the same chart exported twice (in
 * outlines, with the most ids), share no id; each is consistent. */
static void
test_unique_ids (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = g_dir_make_tmp ("oretrace-svgi-XXXXXX", &error);
  OtScene *network = sample_scene (OT_VIEW_NETWORK);
  OtScene *flow = sample_scene (OT_VIEW_FLOW);
  g_autofree char *p1 = export_svg (network, dir, "network.svg", OT_SVG_TEXT_TEXT);
  g_autofree char *p2 = export_svg (flow, dir, "flow.svg", OT_SVG_TEXT_TEXT);
  g_autofree char *p3 = export_svg (network, dir, "paths1.svg", OT_SVG_TEXT_PATHS);
  g_autofree char *p4 = export_svg (network, dir, "paths2.svg", OT_SVG_TEXT_PATHS);
  g_autoptr(Doc) d1 = read_doc (p1);
  g_autoptr(Doc) d2 = read_doc (p2);
  g_autoptr(Doc) d3 = read_doc (p3);
  g_autoptr(Doc) d4 = read_doc (p4);

  g_assert_no_error (error);
  check_ids (d1);
  check_ids (d2);
  check_ids (d3);
  check_ids (d4);
  g_test_message ("ids: network %u, flow %u, outlines %u",
                  g_hash_table_size (d1->ids), g_hash_table_size (d2->ids),
                  g_hash_table_size (d3->ids));
  g_assert_cmpuint (g_hash_table_size (d3->ids), >, 100);   /* glyphs and texts */
  g_assert_cmpuint (shared_ids (d1, d2), ==, 0);
  g_assert_cmpuint (shared_ids (d3, d4), ==, 0);
  g_assert_cmpuint (shared_ids (d1, d3), ==, 0);
  g_assert_cmpuint (shared_ids (d2, d4), ==, 0);

  g_unlink (p1);
  g_unlink (p2);
  g_unlink (p3);
  g_unlink (p4);
  g_rmdir (dir);
  ot_scene_unref (network);
  ot_scene_unref (flow);
}

/* Labels and title are <text> (outlines: none), and hostile names come
 * out as inert text in well-formed XML. */
static void
test_text_escaped (void)
{
  static const char csv[] =
    "id,date,mineral,origin,exporter,destination,consignee,status\n"
    "X-1,2024-01-02,gallium,CN,\"</text><script>alert(1)</script>\",US,\"A ]]> & B\",seized\n"
    "X-2,2024-02-03,germanium,CN,\"Evil\xe2\x80\xaegpj.exe\",DE,\"Ctl\x01\x7f name\",seized\n";
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = g_dir_make_tmp ("oretrace-svgi-XXXXXX", &error);
  g_autofree char *csv_path = g_build_filename (dir, "hostile.csv", NULL);
  OtScene *scene;
  g_autofree char *text_path = NULL;
  g_autofree char *paths_path = NULL;
  g_autoptr(Doc) doc = NULL;
  g_autoptr(Doc) paths = NULL;
  g_autofree char *contents = NULL;

  g_assert_no_error (error);
  g_assert_true (g_file_set_contents (csv_path, csv, -1, &error));
  g_assert_no_error (error);
  scene = scene_of (csv_path, OT_VIEW_NETWORK, HOSTILE_TITLE);
  text_path = export_svg (scene, dir, "text.svg", OT_SVG_TEXT_TEXT);
  paths_path = export_svg (scene, dir, "paths.svg", OT_SVG_TEXT_PATHS);
  check_xmllint (text_path);
  check_xmllint (paths_path);
  doc = read_doc (text_path);
  paths = read_doc (paths_path);
  g_test_message ("text: %s", doc->text->str);

  g_assert_cmpuint (count_of (doc, "script"), ==, 0);
  g_assert_cmpuint (count_of (paths, "script"), ==, 0);
  g_assert_cmpuint (count_of (doc, "text"), >=, 6);
  g_assert_cmpuint (count_of (paths, "text"), ==, 0);
  /* The names, as text. */
  g_assert_nonnull (strstr (doc->text->str, "\n</text><script>alert(1)</script>\n"));
  g_assert_nonnull (strstr (doc->text->str, "\nA ]]> & B\n"));
  g_assert_nonnull (strstr (doc->text->str, "Source: 2 incidents from hostile.csv"));
  g_assert_nonnull (strstr (doc->text->str, "Gallium"));
  /* The title: the control character replaced, the override applied by
   * Pango and not written (it would act again in the reader). */
  g_assert_nonnull (strstr (doc->text->str, "T </text><script>alert(1)</script> ]]> & \xef\xbf\xbd "));
  g_assert_null (strstr (doc->text->str, "\xe2\x80\xae"));
  g_assert_null (strchr (doc->text->str, '\x01'));
  g_assert_true (g_file_get_contents (text_path, &contents, NULL, &error));
  g_assert_no_error (error);
  g_assert_null (strstr (contents, "<script"));
  /* A label and its halo are one <text>, stroked under its fill: edited
   * once, read once. */
  g_assert_nonnull (strstr (contents, " paint-order=\"stroke\">\n<text "));
  {
    g_auto(GStrv) lines = g_strsplit (doc->text->str, "\n", -1);
    guint n = 0;

    for (guint i = 0; lines[i] != NULL; i++)
      n += strcmp (lines[i], "</text><script>alert(1)</script>") == 0;
    g_assert_cmpuint (n, ==, 1);
  }

  g_unlink (text_path);
  g_unlink (paths_path);
  g_unlink (csv_path);
  g_rmdir (dir);
  ot_scene_unref (scene);
}

/* The root names its language (the interface's), is an image labelled by
 * its <title> and <desc>; <metadata> says where the chart comes from. */
typedef struct {
  const char *language;   /* LANGUAGE */
  const char *tag;        /* the SVG's lang: the language its text is in */
  const char *all;        /* the subtitle's "all minerals" in it */
} Language;

static void
check_accessibility (const Language *want)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = g_dir_make_tmp ("oretrace-svgi-XXXXXX", &error);
  OtScene *scene = sample_scene (OT_VIEW_NETWORK);
  g_autofree char *path = NULL;
  g_autoptr(Doc) doc = NULL;
  g_autofree char *date = NULL;
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();

  g_assert_no_error (error);
  path = export_svg (scene, dir, "a11y.svg", OT_SVG_TEXT_TEXT);
  doc = read_doc (path);

  /* lang names the language the chart's words are in. */
  g_test_message ("LANGUAGE=%s: subtitle \"%s\"", want->language, scene->subtitle);
  if (strstr (scene->subtitle, want->all) == NULL)
    g_error ("LANGUAGE=%s: the subtitle \"%s\" lacks \"%s\"", want->language, scene->subtitle, want->all);
  g_assert_cmpstr (g_hash_table_lookup (doc->root, "lang"), ==, want->tag);
  g_assert_cmpstr (g_hash_table_lookup (doc->root, "xml:lang"), ==, want->tag);
  g_assert_cmpstr (g_hash_table_lookup (doc->root, "role"), ==, "img");
  g_assert_nonnull (doc->title_id);
  g_assert_nonnull (doc->desc_id);
  {
    g_autofree char *labels = g_strdup_printf ("%s %s", doc->title_id, doc->desc_id);

    g_assert_cmpstr (g_hash_table_lookup (doc->root, "aria-labelledby"), ==, labels);
  }
  check_ids (doc);
  g_assert_cmpuint (count_of (doc, "metadata"), ==, 1);
  g_assert_cmpuint (count_of (doc, "rdf:RDF"), ==, 1);
  if (strcmp (want->tag, "en") != 0)
    goto out;
  g_assert_nonnull (strstr (doc->metadata->str, "Source: 60 incidents from incidents.csv"));
  g_assert_nonnull (strstr (doc->metadata->str, "60 of 60 incidents"));
  g_assert_nonnull (strstr (doc->metadata->str, "Oretrace " PACKAGE_VERSION));
  date = g_date_time_format (now, "%Y-%m-%dT");
  g_assert_nonnull (strstr (doc->metadata->str, date));

out:
  g_unlink (path);
  g_rmdir (dir);
  ot_scene_unref (scene);
}

/* In a child whose gettext sees LANGUAGE from the start, bound to the
 * build tree's catalogues. */
static void
test_accessibility (gconstpointer data)
{
  const Language *want = data;

  if (g_test_subprocess ())
    {
      g_setenv ("LANGUAGE", want->language, TRUE);
      check_accessibility (want);
      return;
    }
  g_test_trap_subprocess (NULL, 0, G_TEST_SUBPROCESS_INHERIT_STDERR);
  g_test_trap_assert_passed ();
}

/* --svg-text on the command line: listed by --help, paths gives no
 * <text>, text does, anything else is refused. */
static int
run_app (const char * const *args,
         char              **out,
         char              **err)
{
  g_autoptr(GPtrArray) argv = g_ptr_array_new ();
  g_autoptr(GError) error = NULL;
  int status = -1;

  g_ptr_array_add (argv, (gpointer) g_getenv ("OT_APP"));
  for (guint i = 0; args[i] != NULL; i++)
    g_ptr_array_add (argv, (gpointer) args[i]);
  g_ptr_array_add (argv, NULL);
  g_assert_true (g_spawn_sync (NULL, (char **) argv->pdata, NULL, G_SPAWN_DEFAULT, NULL, NULL,
                               out, err, &status, &error));
  g_assert_no_error (error);
  return WIFEXITED (status) ? WEXITSTATUS (status) : -1;
}

static void
test_cli (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = g_dir_make_tmp ("oretrace-svgi-XXXXXX", &error);
  g_autofree char *samples = g_build_filename (g_getenv ("OT_SOURCE_ROOT"), "data", "samples",
                                               "incidents.csv", NULL);
  g_autofree char *svg = g_build_filename (dir, "cli.svg", NULL);
  g_autofree char *png = g_build_filename (dir, "cli.png", NULL);
  g_autofree char *out = NULL, *err = NULL;

  if (g_getenv ("OT_APP") == NULL)
    {
      g_test_skip ("OT_APP is not set");
      return;
    }
  {
    const char *args[] = { "--help-all", NULL };

    g_assert_cmpint (run_app (args, &out, &err), ==, 0);
    g_assert_nonnull (strstr (out, "--svg-text"));
    g_clear_pointer (&out, g_free);
    g_clear_pointer (&err, g_free);
  }
  for (guint mode = 0; mode < 2; mode++)
    {
      const char *args[] = { "--export", svg, mode == 0 ? "--svg-text=paths" : "--svg-text=text",
                             "--width", "400", "--height", "300", samples, NULL };
      g_autoptr(Doc) doc = NULL;

      g_assert_cmpint (run_app (args, &out, &err), ==, 0);
      doc = read_doc (svg);
      if (mode == 0)
        {
          g_assert_cmpuint (count_of (doc, "text"), ==, 0);
          g_assert_cmpuint (count_of (doc, "use"), >, 10);
        }
      else
        g_assert_cmpuint (count_of (doc, "text"), >, 10);
      g_clear_pointer (&out, g_free);
      g_clear_pointer (&err, g_free);
    }
  {
    const char *args[] = { "--export", svg, "--svg-text=glyphs", samples, NULL };

    g_assert_cmpint (run_app (args, &out, &err), ==, 2);
    g_assert_nonnull (strstr (err, "Unknown SVG text mode “glyphs”: use text or paths"));
    g_clear_pointer (&out, g_free);
    g_clear_pointer (&err, g_free);
  }
  {
    const char *args[] = { "--export", png, "--svg-text=paths", samples, NULL };

    g_assert_cmpint (run_app (args, &out, &err), ==, 2);
    g_assert_nonnull (strstr (err, "--svg-text applies to SVG only"));
    g_assert_false (g_file_test (png, G_FILE_TEST_EXISTS));
  }
  g_unlink (svg);
  g_rmdir (dir);
}

int
main (int   argc,
      char *argv[])
{
  /* Under C.UTF-8 (set by the test environment) gettext honours LANGUAGE. */
  setlocale (LC_ALL, "");
  bindtextdomain (GETTEXT_PACKAGE, g_getenv ("OT_LOCALEDIR"));
  bind_textdomain_codeset (GETTEXT_PACKAGE, "UTF-8");
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/svg-interop/unique-ids", test_unique_ids);
  g_test_add_func ("/svg-interop/text-escaped", test_text_escaped);
  static const Language english = { "en", "en", "all minerals" };
  static const Language german = { "de_DE:en", "de", "alle Mineralien" };
  static const Language chinese = { "zh_CN:en", "zh-CN", "所有矿产" };

  g_test_add_data_func ("/svg-interop/accessibility/en", &english, test_accessibility);
  g_test_add_data_func ("/svg-interop/accessibility/de", &german, test_accessibility);
  g_test_add_data_func ("/svg-interop/accessibility/zh-CN", &chinese, test_accessibility);
  g_test_add_func ("/svg-interop/cli", test_cli);
  return g_test_run ();
}
