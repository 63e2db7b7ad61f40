/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The SVG writer: exact path data for known drawings, and the SVG export
 * of each view of the sample incidents, rasterised by librsvg (through
 * gdk-pixbuf's SVG loader), looks like the PNG export of the same view. */
#include <gdk-pixbuf/gdk-pixbuf.h>
#include <glib/gstdio.h>
#include <math.h>
#include <string.h>

#include "ot-chart.h"
#include "ot-export.h"
#include "ot-loader.h"
#include "ot-painter.h"
#include "ot-test-svg.h"

#define W 800
#define H 500
/* Compared in averages of BLOCK x BLOCK pixels (see compare ()). */
#define BLOCK 4
/* A block matches when no channel is off by more than this (0..255)... */
#define PIXEL_TOLERANCE 16
/* ...at least this share of blocks must match... */
#define MIN_MATCHING 0.98
/* ...and the mean absolute difference per channel stays under this. */
#define MAX_MEAN_DIFF 1.25
/* With <text>, librsvg lays the labels out again with Pango (same font,
 * its own subpixel positions).  Measured on the sample at 800 x 500:
 * mean 0.90 / 0.56 / 0.70 and 0.990 / 0.993 / 0.992 of blocks matching
 * (network, map, flow), as close as the outlines: the same bounds. */
#define MIN_MATCHING_TEXT  0.98
#define MAX_MEAN_DIFF_TEXT 1.25
#define PATHS (OT_SVG_TEXT_PATHS << 8)

/* The writer ---------------------------------------------------------------- */

static gboolean
append (gpointer    data,
        const char *bytes,
        gsize       length)
{
  g_string_append_len (data, bytes, length);
  return TRUE;
}

/* The document's body: between the page's clip group and the end. */
static char *
body_of (const GString *svg)
{
  const char *start = strstr (svg->str, "<g stroke-miterlimit=\"10\">\n");
  const char *end = g_strrstr (svg->str, "</g>\n</svg>\n");

  g_assert_nonnull (start);
  g_assert_nonnull (end);
  start += strlen ("<g stroke-miterlimit=\"10\">\n");
  return g_strndup (start, (gsize) (end - start));
}

static void
test_path_data (void)
{
  g_autoptr(GString) out = g_string_new (NULL);
  OtSvgWriter *svg = ot_svg_writer_new (200, 100.5, "\n<title>t</title>\n", append, out);
  OtPainter p = OT_PAINTER_SVG (svg);
  const double dash[2] = { 4, 3 };
  g_autofree char *body = NULL;

  /* A rectangle filled then stroked: one element with both paints. */
  ot_painter_set_source_rgba (&p, 1, 0, 0, 1);
  ot_painter_rectangle (&p, 10, 20, 30.25, 40);
  ot_painter_fill_preserve (&p);
  ot_painter_set_source_rgba (&p, 0, 0, 1, 0.5);
  ot_painter_set_line_width (&p, 1.5);
  ot_painter_stroke (&p);
  /* Two strokes of one style share a group; relative, rounded numbers. */
  ot_painter_set_line_join (&p, CAIRO_LINE_JOIN_ROUND);
  ot_painter_set_dash (&p, dash, 2, 0);
  ot_painter_move_to (&p, 0.004, 1.006);
  ot_painter_line_to (&p, 5, 1);
  ot_painter_line_to (&p, 4.5, -2);
  ot_painter_stroke (&p);
  ot_painter_move_to (&p, 1, 1);
  ot_painter_curve_to (&p, 2, 3, 4, 5, 6, 7);
  ot_painter_stroke (&p);
  /* A circle: two half-turn arcs; even-odd fill. */
  ot_painter_set_fill_rule (&p, CAIRO_FILL_RULE_EVEN_ODD);
  ot_painter_new_sub_path (&p);
  ot_painter_arc (&p, 50, 50, 10, 0, 2 * G_PI);
  ot_painter_close_path (&p);
  ot_painter_fill (&p);
  /* Clip groups close at restore. */
  ot_painter_save (&p);
  ot_painter_rectangle (&p, 0, 0, 10, 10);
  ot_painter_clip (&p);
  ot_painter_restore (&p);
  g_assert_true (ot_svg_writer_finish (svg));
  ot_svg_writer_free (svg);

  g_assert_true (g_str_has_prefix (out->str, "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<svg "));
  g_assert_nonnull (strstr (out->str, " width=\"200px\" height=\"100.5px\" "
                                      "viewBox=\"0 0 200 100.5\">\n<title>t</title>\n"));
  body = body_of (out);
  g_assert_cmpstr (body, ==,
                   "<g fill=\"#ff0000\" stroke=\"#0000ff\" stroke-opacity=\".5\" stroke-width=\"1.5\">\n"
                   "<path d=\"M10 20h30.25v40h-30.25z\"/>\n"
                   "</g>\n"
                   "<g fill=\"none\" stroke=\"#0000ff\" stroke-opacity=\".5\" stroke-width=\"1.5\" "
                   "stroke-linejoin=\"round\" stroke-dasharray=\"4 3\">\n"
                   "<path d=\"M0 1.01l5-.01-.5-3\"/>\n"
                   "<path d=\"M1 1c1 2 3 4 5 6\"/>\n"
                   "</g>\n"
                   "<g fill=\"#0000ff\" fill-opacity=\".5\" fill-rule=\"evenodd\">\n"
                   "<path d=\"M60 50a10 10 0 0 1-20 0 10 10 0 0 1 20 0z\"/>\n"
                   "</g>\n"
                   "<clipPath id=\"c0\"><path d=\"M0 0h10v10h-10z\" clip-rule=\"evenodd\"/></clipPath>\n"
                   "<g clip-path=\"url(#c0)\">\n"
                   "</g>\n");
}

static gboolean
fail_write (gpointer    data,
            const char *bytes,
            gsize       length)
{
  return FALSE;
}

static void
test_write_error (void)
{
  OtSvgWriter *svg = ot_svg_writer_new (10, 10, NULL, fail_write, NULL);

  g_assert_false (ot_svg_writer_finish (svg));
  ot_svg_writer_free (svg);
}

/* Text: each distinct layout's outline is defined once and used. */
static void
test_text (void)
{
  g_autoptr(GString) out = g_string_new (NULL);
  OtSvgWriter *svg = ot_svg_writer_new (100, 100, NULL, append, out);
  OtPainter p = OT_PAINTER_SVG (svg);
  PangoContext *context = pango_font_map_create_context (pango_cairo_font_map_get_default ());
  PangoLayout *layout = pango_layout_new (context);
  char *defs;

  pango_layout_set_text (layout, "Gallium", -1);
  ot_painter_move_to (&p, 5, 6);
  ot_painter_layout_path (&p, layout);
  ot_painter_set_line_width (&p, 3);
  ot_painter_stroke (&p);
  ot_painter_move_to (&p, 5, 6);
  ot_painter_show_layout (&p, layout);
  g_assert_true (ot_svg_writer_finish (svg));
  ot_svg_writer_free (svg);
  g_object_unref (layout);
  g_object_unref (context);

  /* Glyphs defined once each ("l" twice in "Gallium": six), placed by
   * one group per layout. */
  defs = strstr (out->str, "<defs>\n<path id=\"g0\" d=\"M");
  g_assert_nonnull (defs);
  g_assert_nonnull (strstr (defs, "<path id=\"g5\" d=\"M"));
  g_assert_null (strstr (defs, "<path id=\"g6\""));
  defs = strstr (defs, "<g id=\"t0\"><use xlink:href=\"#g0\" x=\"0\" y=\"");
  g_assert_nonnull (defs);
  for (guint k = 0; k < 7; k++)
    {
      defs = strstr (defs + 1, "<use xlink:href=\"#g");
      g_assert_nonnull (defs);
    }
  g_assert_true (g_str_has_prefix (strchr (defs, '>') + 1, "</g>\n</defs>\n"));
  g_assert_nonnull (strstr (out->str, "<g fill=\"none\" stroke=\"#000000\" stroke-width=\"3\">\n"
                                      "<use xlink:href=\"#t0\" x=\"5\" y=\"6\"/>\n</g>\n"
                                      "<g fill=\"#000000\">\n"
                                      "<use xlink:href=\"#t0\" x=\"5\" y=\"6\"/>\n"));
}

/* The export against the PNG ------------------------------------------------- */

static OtScene *
sample_scene (OtViewKind view)
{
  g_autofree char *path = g_test_build_filename (G_TEST_DIST, "..", "data", "samples",
                                                 "incidents.csv", NULL);
  g_autoptr(GFile) file = g_file_new_for_path (path);
  g_autoptr(GError) error = NULL;
  g_autoptr(OtDataset) dataset = ot_loader_load_files (&file, 1, NULL, NULL, NULL, &error);
  g_autoptr(OtChart) chart = ot_chart_new ();

  g_assert_no_error (error);
  ot_chart_set_dataset (chart, dataset);
  ot_chart_set_view (chart, view);
  g_assert_true (ot_chart_update (chart, NULL, &error));
  g_assert_no_error (error);
  return ot_chart_get_scene (chart);
}

static void
export (const OtScene *scene,
        const char    *path,
        OtSvgText      svg_text)
{
  g_autoptr(GError) error = NULL;
  OtExportOptions opts;

  ot_export_options_init (&opts);
  opts.svg_text = svg_text;
  opts.width = W;
  opts.height = H;
  g_assert_true (ot_export_scene (scene, NULL, &opts, path, &error));
  g_assert_no_error (error);
}

/* Element names must nest and the root be <svg>. */
static void
on_start (GMarkupParseContext  *context,
          const char           *name,
          const char          **attribute_names,
          const char          **attribute_values,
          gpointer              data,
          GError              **error)
{
  guint *counts = data;

  if (counts[0] == 0 && counts[1] == 0)
    g_assert_cmpstr (name, ==, "svg");
  counts[0]++;
  if (strcmp (name, "path") == 0)
    counts[1]++;
  else if (strcmp (name, "use") == 0)
    counts[2]++;
  else if (strcmp (name, "text") == 0)
    counts[3]++;
}

static void
check_well_formed (const char *path,
                   guint       min_paths,
                   guint       min_uses,
                   guint       min_texts)
{
  static const GMarkupParser parser = { on_start, NULL, NULL, NULL, NULL };
  g_autofree char *contents = NULL;
  g_autoptr(GError) error = NULL;
  guint counts[4] = { 0 };   /* elements, <path>, <use>, <text> */
  gsize length = ot_test_parse_svg (path, &parser, counts);

  g_assert_true (g_file_get_contents (path, &contents, NULL, &error));
  g_assert_no_error (error);
  g_test_message ("%s: %u elements, %u paths, %u uses, %u texts, %zu bytes", path,
                  counts[0], counts[1], counts[2], counts[3], length);
  g_assert_cmpuint (counts[1], >=, min_paths);
  g_assert_cmpuint (counts[2], >=, min_uses);
  g_assert_cmpuint (counts[3], >=, min_texts);
  if (min_texts == 0)
    g_assert_cmpuint (counts[3], ==, 0);
  /* The text stays searchable. */
  g_assert_nonnull (strstr (contents, "-title\">Smuggling of export-controlled minerals</title>"));
  g_assert_nonnull (strstr (contents, "Source: 60 incidents from incidents.csv"));
}

typedef struct {
  double mean_diff;   /* per channel, 0..255 */
  double matching;    /* share of blocks within PIXEL_TOLERANCE */
} Likeness;

/* Compares an opaque ARGB32 image with an RGB(A) pixbuf in BLOCK x BLOCK
 * averages: glyphs placed a fraction of a pixel apart (Cairo's image
 * backend rounds glyph positions, librsvg does not) average out, a
 * missing or wrongly coloured mark does not. */
static Likeness
compare (cairo_surface_t *png,
         GdkPixbuf       *svg)
{
  int w = cairo_image_surface_get_width (png), h = cairo_image_surface_get_height (png);
  int stride = cairo_image_surface_get_stride (png);
  int pstride = gdk_pixbuf_get_rowstride (svg), n = gdk_pixbuf_get_n_channels (svg);
  const guint8 *a = cairo_image_surface_get_data (png);
  const guint8 *b = gdk_pixbuf_read_pixels (svg);
  double sum = 0;
  guint matching = 0, blocks = 0;
  Likeness out;

  g_assert_cmpint (gdk_pixbuf_get_width (svg), ==, w);
  g_assert_cmpint (gdk_pixbuf_get_height (svg), ==, h);
  for (int by = 0; by + BLOCK <= h; by += BLOCK)
    for (int bx = 0; bx + BLOCK <= w; bx += BLOCK)
      {
        int ca[3] = { 0 }, cb[3] = { 0 }, worst = 0;

        for (int y = by; y < by + BLOCK; y++)
          for (int x = bx; x < bx + BLOCK; x++)
            {
              guint32 pa = *(const guint32 *) (const void *) (a + y * stride + x * 4);
              const guint8 *pb = b + y * pstride + x * n;

              g_assert_cmpuint (pa >> 24, ==, 255);
              g_assert_true (n == 3 || pb[3] == 255);
              ca[0] += (pa >> 16) & 255;
              ca[1] += (pa >> 8) & 255;
              ca[2] += pa & 255;
              for (int c = 0; c < 3; c++)
                cb[c] += pb[c];
            }
        for (int c = 0; c < 3; c++)
          {
            double d = fabs ((double) (ca[c] - cb[c])) / (BLOCK * BLOCK);

            sum += d;
            worst = MAX (worst, (int) d);
          }
        matching += worst <= PIXEL_TOLERANCE;
        blocks++;
      }
  out.mean_diff = sum / (3.0 * blocks);
  out.matching = (double) matching / blocks;
  return out;
}

static Likeness
export_likeness (const OtScene *svg_scene,
                 const OtScene *png_scene,
                 const char    *dir,
                 const char    *name,
                 OtSvgText      svg_text)
{
  g_autofree char *svg_name = g_strconcat (name, ".svg", NULL);
  g_autofree char *png_name = g_strconcat (name, ".png", NULL);
  g_autofree char *svg_path = g_build_filename (dir, svg_name, NULL);
  g_autofree char *png_path = g_build_filename (dir, png_name, NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(GdkPixbuf) pixbuf = NULL;
  cairo_surface_t *png;
  Likeness likeness;

  export (svg_scene, svg_path, svg_text);
  export (png_scene, png_path, svg_text);
  if (svg_text == OT_SVG_TEXT_PATHS)
    check_well_formed (svg_path, 20, 4, 0);
  else
    check_well_formed (svg_path, 20, 0, 4);

  pixbuf = gdk_pixbuf_new_from_file (svg_path, &error);
  g_assert_no_error (error);
  png = cairo_image_surface_create_from_png (png_path);
  g_assert_cmpint (cairo_surface_status (png), ==, CAIRO_STATUS_SUCCESS);
  likeness = compare (png, pixbuf);
  cairo_surface_destroy (png);
  g_test_message ("%s (%s): mean difference %.3f per channel, %.4f of blocks within %d",
                  name, svg_text == OT_SVG_TEXT_PATHS ? "paths" : "text",
                  likeness.mean_diff, likeness.matching, PIXEL_TOLERANCE);
  g_unlink (svg_path);
  g_unlink (png_path);
  return likeness;
}

static void
test_looks_like_png (gconstpointer data)
{
  OtViewKind view = GPOINTER_TO_UINT (data) & 0xff;
  OtSvgText svg_text = GPOINTER_TO_UINT (data) >> 8;
  double max_mean = svg_text == OT_SVG_TEXT_PATHS ? MAX_MEAN_DIFF : MAX_MEAN_DIFF_TEXT;
  double min_matching = svg_text == OT_SVG_TEXT_PATHS ? MIN_MATCHING : MIN_MATCHING_TEXT;
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = g_dir_make_tmp ("oretrace-svg-XXXXXX", &error);
  OtScene *scene = sample_scene (view);
  Likeness likeness;

  g_assert_no_error (error);
  likeness = export_likeness (scene, scene, dir, ot_view_kind_name (view), svg_text);
  g_assert_cmpfloat (likeness.mean_diff, <, max_mean);
  g_assert_cmpfloat (likeness.matching, >=, min_matching);
  ot_scene_unref (scene);
  g_rmdir (dir);
}

/* The comparison does catch a different picture: another view's PNG. */
static void
test_comparison_fails (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = g_dir_make_tmp ("oretrace-svg-XXXXXX", &error);
  OtScene *network = sample_scene (OT_VIEW_NETWORK);
  OtScene *map = sample_scene (OT_VIEW_MAP);
  Likeness likeness;

  g_assert_no_error (error);
  likeness = export_likeness (network, map, dir, "mixed", OT_SVG_TEXT_PATHS);
  g_assert_true (likeness.mean_diff >= MAX_MEAN_DIFF || likeness.matching < MIN_MATCHING);
  ot_scene_unref (network);
  ot_scene_unref (map);
  g_rmdir (dir);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/svg/writer/path-data", test_path_data);
  g_test_add_func ("/svg/writer/write-error", test_write_error);
  g_test_add_func ("/svg/writer/text", test_text);
  g_test_add_data_func ("/svg/export/network", GUINT_TO_POINTER (OT_VIEW_NETWORK | PATHS),
                        test_looks_like_png);
  g_test_add_data_func ("/svg/export/map", GUINT_TO_POINTER (OT_VIEW_MAP | PATHS), test_looks_like_png);
  g_test_add_data_func ("/svg/export/flow", GUINT_TO_POINTER (OT_VIEW_FLOW | PATHS), test_looks_like_png);
  g_test_add_data_func ("/svg/export/network-text", GUINT_TO_POINTER (OT_VIEW_NETWORK),
                        test_looks_like_png);
  g_test_add_data_func ("/svg/export/map-text", GUINT_TO_POINTER (OT_VIEW_MAP), test_looks_like_png);
  g_test_add_data_func ("/svg/export/flow-text", GUINT_TO_POINTER (OT_VIEW_FLOW), test_looks_like_png);
  g_test_add_func ("/svg/export/comparison-fails", test_comparison_fails);
  return g_test_run ();
}
