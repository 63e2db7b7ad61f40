/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "ot-export.h"

#include <cairo-pdf.h>
#include <errno.h>
#include <fcntl.h>
#include <glib/gi18n-lib.h>
#include <glib/gstdio.h>
#include <math.h>
#include <string.h>
#include <unistd.h>

#include "ot-atomic-file.h"
#include "ot-error.h"
#include "ot-export-private.h"
#include "ot-ftm.h"
#include "ot-png.h"
#include "ot-text.h"
#include "ot-render-private.h"
#include "ot-scene-private.h"

#define DEFAULT_WIDTH   1600
#define DEFAULT_HEIGHT  1000

void
ot_export_options_init (OtExportOptions *opts)
{
  g_return_if_fail (opts != NULL);

  opts->format = OT_EXPORT_AUTO;
  opts->width = DEFAULT_WIDTH;
  opts->height = DEFAULT_HEIGHT;
  opts->scale = 1;
  opts->transparent = FALSE;
  opts->svg_text = OT_SVG_TEXT_TEXT;
  opts->top_n = 0;
  opts->detail = 1;
}

gboolean
ot_export_format_for_path (const char      *path,
                           OtExportFormat  *format,
                           GError         **error)
{
  g_autofree char *base = NULL;
  g_autofree char *lower = NULL;
  g_autofree char *display = NULL;
  const char *dot;

  g_return_val_if_fail (path != NULL, FALSE);
  g_return_val_if_fail (format != NULL, FALSE);

  base = g_path_get_basename (path);
  lower = g_ascii_strdown (base, -1);
  dot = strrchr (base, '.');
  if (dot == base)     /* ".png" is a hidden file without an extension */
    dot = NULL;
  if (dot != NULL && g_ascii_strcasecmp (dot, ".png") == 0)
    *format = OT_EXPORT_PNG;
  else if (dot != NULL && g_ascii_strcasecmp (dot, ".svg") == 0)
    *format = OT_EXPORT_SVG;
  else if (dot != NULL && g_ascii_strcasecmp (dot, ".pdf") == 0)
    *format = OT_EXPORT_PDF;
  else if (dot != NULL && g_ascii_strcasecmp (dot, ".gexf") == 0)
    *format = OT_EXPORT_GEXF;
  else if (dot != NULL && g_ascii_strcasecmp (dot, ".graphml") == 0)
    *format = OT_EXPORT_GRAPHML;
  else if (dot != NULL && g_ascii_strcasecmp (dot, ".xlsx") == 0)
    *format = OT_EXPORT_XLSX;
  else if (g_str_has_suffix (lower, ".ftm.json") || g_str_has_suffix (lower, ".ftm.jsonl"))
    *format = OT_EXPORT_FTM;
  else
    {
      display = g_filename_display_name (path);
      if (dot == NULL)
        g_set_error (error, OT_ERROR, OT_ERROR_UNSUPPORTED,
                     _("Cannot export to “%s”: the name has no extension; "
                       "use .png, .svg, .pdf, .gexf, .graphml, .xlsx or .ftm.json"), display);
      else
        g_set_error (error, OT_ERROR, OT_ERROR_UNSUPPORTED,
                     _("Cannot export to “%s”: unknown extension “%s”; "
                       "use .png, .svg, .pdf, .gexf, .graphml, .xlsx or .ftm.json"), display, dot);
      return FALSE;
    }
  return TRUE;
}

gboolean
ot_export_format_is_picture (OtExportFormat format)
{
  return format == OT_EXPORT_PNG || format == OT_EXPORT_SVG || format == OT_EXPORT_PDF;
}

/* Writing ------------------------------------------------------------------ */

/* Cairo's (PDF), libpng's (ot-png.c) and the SVG painter's writes go to
 * the atomic file; its first error sticks and ot_atomic_file_commit()
 * reports it. */
static cairo_status_t
sink_write (void                *closure,
            const unsigned char *data,
            unsigned int         length)
{
  return ot_atomic_file_write (closure, data, length, NULL)
    ? CAIRO_STATUS_SUCCESS : CAIRO_STATUS_WRITE_ERROR;
}

/* The language of the chart's text: the interface's (the catalogue in
 * use), English when untranslated. */
static char *
svg_language (void)
{
  char *tag = ot_scene_interface_language_tag ();

  return tag != NULL ? tag : g_strdup ("en");
}

/* A picture to export: what draws it and what it says of itself. */
typedef struct {
  OtExportDrawFunc  draw;
  gpointer          data;
  OtExportInfo      info;   /* title never NULL */
} Drawing;

/* A prefix for every id of one export: "ot-" and 12 hex digits of a hash
 * of the picture's text, the time and a random number, so that two
 * exports (also of the same chart) inlined in one page, or pasted into
 * one Inkscape document, never share an id. */
static char *
svg_id_prefix (const Drawing *drawing)
{
  g_autoptr(GChecksum) sum = g_checksum_new (G_CHECKSUM_SHA256);
  gint64 now = g_get_real_time ();
  guint32 noise[2] = { g_random_int (), g_random_int () };
  const char *parts[] = { drawing->info.title, drawing->info.source, drawing->info.text };

  for (guint i = 0; i < G_N_ELEMENTS (parts); i++)
    if (parts[i] != NULL)
      g_checksum_update (sum, (const guchar *) parts[i], -1);
  g_checksum_update (sum, (const guchar *) &now, sizeof now);
  g_checksum_update (sum, (const guchar *) noise, sizeof noise);
  return g_strdup_printf ("ot-%.12s-", g_checksum_get_string (sum));
}

/* The SVG's <title> (also the root's accessible name), <desc> and
 * <metadata>: the text of the picture for readers, search and screen
 * readers, and its provenance as RDF with Dublin Core terms (see
 * docs/rendering.md). */
static char *
svg_metadata (const OtExportInfo *info,
              const char         *prefix,
              const char         *lang)
{
  GString *out = g_string_new ("\n");
  g_autofree char *title = NULL;
  g_autofree char *escaped = NULL;
  g_autofree char *subtitle = NULL;
  g_autofree char *source = NULL;
  g_autofree char *desc = NULL;
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();
  g_autofree char *date = g_date_time_format (now, "%Y-%m-%dT%H:%M:%SZ");

  /* Not g_markup_escape_text (): it writes a control character as a
   * character reference, which XML 1.0 forbids all the same. */
  title = ot_text_escape_xml (info->title, -1);
  g_string_append_printf (out, "<title id=\"%stitle\">%s</title>\n", prefix, title);

  if (info->text != NULL)
    desc = g_strdup (info->text);
  else
    desc = g_strjoin ("\n", info->description != NULL ? info->description : "", info->source, NULL);
  escaped = ot_text_escape_xml (desc, -1);
  g_string_append_printf (out, "<desc id=\"%sdesc\">%s</desc>\n", prefix, escaped);

  g_string_append_printf (out, "<metadata id=\"%smetadata\">"
                          "<rdf:RDF xmlns:rdf=\"http://www.w3.org/1999/02/22-rdf-syntax-ns#\" "
                          "xmlns:dc=\"http://purl.org/dc/elements/1.1/\">"
                          "<rdf:Description rdf:about=\"\">\n"
                          "<dc:title>%s</dc:title>\n", prefix, title);
  if (info->description != NULL)
    {
      subtitle = ot_text_escape_xml (info->description, -1);
      g_string_append_printf (out, "<dc:description>%s</dc:description>\n", subtitle);
    }
  if (info->source != NULL)
    {
      source = ot_text_escape_xml (info->source, -1);
      g_string_append_printf (out, "<dc:source>%s</dc:source>\n", source);
    }
  g_string_append_printf (out, "<dc:date>%s</dc:date>\n"
                          "<dc:creator>Oretrace %s</dc:creator>\n"
                          "<dc:format>image/svg+xml</dc:format>\n"
                          "<dc:language>%s</dc:language>\n"
                          "</rdf:Description></rdf:RDF></metadata>\n",
                          date, PACKAGE_VERSION, lang);
  return g_string_free (out, FALSE);
}

static gboolean
svg_write (gpointer    data,
           const char *bytes,
           gsize       length)
{
  return ot_atomic_file_write (data, bytes, length, NULL);
}

/* SVG is written by the renderer's own SVG painter straight to the file:
 * the same drawing as the screen, without Cairo's SVG surface. */
static cairo_status_t
render_svg (const Drawing         *drawing,
            double                 width,
            double                 height,
            const OtExportOptions *opts,
            OtAtomicFile          *sink)
{
  g_autofree char *prefix = svg_id_prefix (drawing);
  g_autofree char *lang = svg_language ();
  g_autofree char *meta = svg_metadata (&drawing->info, prefix, lang);
  g_autofree char *root = g_strdup_printf (" lang=\"%s\" xml:lang=\"%s\" role=\"img\" "
                                           "aria-labelledby=\"%stitle %sdesc\"",
                                           lang, lang, prefix, prefix);
  OtSvgWriterOptions options = { prefix, root, meta, opts->svg_text };
  OtSvgWriter *svg = ot_svg_writer_new_full (width, height, &options, svg_write, sink);
  OtPainter dc = OT_PAINTER_SVG (svg);
  gboolean ok;

  drawing->draw (&dc, drawing->data);
  ok = ot_svg_writer_finish (svg);
  ot_svg_writer_free (svg);
  return ok ? CAIRO_STATUS_SUCCESS : CAIRO_STATUS_WRITE_ERROR;
}

/* Drawing ------------------------------------------------------------------ */

static cairo_status_t
draw_page (cairo_surface_t *surface,
           double           scale,
           const Drawing   *drawing)
{
  cairo_t *cr = cairo_create (surface);
  OtPainter dc = OT_PAINTER_CAIRO (cr);
  cairo_status_t status;

  cairo_scale (cr, scale, scale);
  drawing->draw (&dc, drawing->data);
  cairo_show_page (cr);
  status = cairo_status (cr);
  cairo_destroy (cr);
  return status;
}

/* The export's date: SOURCE_DATE_EPOCH when set (reproducible builds of
 * documents), else now; UTC. */
static GDateTime *
export_time (void)
{
  const char *epoch = g_getenv ("SOURCE_DATE_EPOCH");
  guint64 seconds;

  if (epoch != NULL && g_ascii_string_to_unsigned (epoch, 10, 0, G_MAXINT64 / 2,
                                                   &seconds, NULL))
    {
      GDateTime *t = g_date_time_new_from_unix_utc ((gint64) seconds);

      if (t != NULL)
        return t;
    }
  return g_date_time_new_now_utc ();
}

/* The document's information dictionary: pdfinfo, file managers and
 * reference managers show it. */
static void
pdf_set_metadata (cairo_surface_t    *surface,
                  const OtExportInfo *info)
{
  g_autoptr(GDateTime) now = export_time ();
  g_autofree char *date = g_date_time_format (now, "%Y-%m-%dT%H:%M:%SZ");

  cairo_pdf_surface_set_metadata (surface, CAIRO_PDF_METADATA_TITLE, info->title);
  if (info->description != NULL)
    cairo_pdf_surface_set_metadata (surface, CAIRO_PDF_METADATA_SUBJECT, info->description);
  cairo_pdf_surface_set_metadata (surface, CAIRO_PDF_METADATA_CREATOR,
                                  "Oretrace " PACKAGE_VERSION);
  if (date != NULL)
    cairo_pdf_surface_set_metadata (surface, CAIRO_PDF_METADATA_CREATE_DATE, date);
}

/* libpng rather than cairo_surface_write_to_png_stream (): the same
 * pixels, plus the resolution (pHYs: a 300 dpi export reads as 300 dpi),
 * sRGB and the picture's text. */
static cairo_status_t
write_png (cairo_surface_t       *image,
           const OtExportInfo    *info,
           const OtExportOptions *opts,
           OtAtomicFile          *sink)
{
  g_autoptr(GDateTime) now = export_time ();
  OtPngInfo png = { 0 };

  png.dpi = opts->scale * 96.0;
  png.title = info->title;
  png.description = info->description;
  png.source = info->source;
  png.software = "Oretrace " PACKAGE_VERSION;
  png.created = now;
  return ot_png_write (image, &png, sink_write, sink)
    ? CAIRO_STATUS_SUCCESS : CAIRO_STATUS_WRITE_ERROR;
}

static cairo_status_t
render_to_sink (const Drawing         *drawing,
                double                 w,
                double                 h,
                const OtExportOptions *opts,
                OtExportFormat         format,
                OtAtomicFile          *sink)
{
  cairo_surface_t *surface = NULL;
  cairo_status_t status;

  switch (format)
    {
    case OT_EXPORT_PNG:
      surface = cairo_image_surface_create (CAIRO_FORMAT_ARGB32,
                                            (int) ceil (w * opts->scale),
                                            (int) ceil (h * opts->scale));
      status = cairo_surface_status (surface);
      if (status == CAIRO_STATUS_SUCCESS)
        status = draw_page (surface, opts->scale, drawing);
      if (status == CAIRO_STATUS_SUCCESS)
        status = write_png (surface, &drawing->info, opts, sink);
      break;
    case OT_EXPORT_SVG:
      return render_svg (drawing, w, h, opts, sink);
    case OT_EXPORT_PDF:
    case OT_EXPORT_AUTO:
    default:
      /* The page is width × height points, as documented: one logical px
       * of the layout is one point, so the chart is the same drawing as a
       * PNG of the same size, only its unit is the point. */
      surface = cairo_pdf_surface_create_for_stream (sink_write, sink, w, h);
      pdf_set_metadata (surface, &drawing->info);
      status = draw_page (surface, 1.0, drawing);
      break;
    }
  cairo_surface_finish (surface);
  if (status == CAIRO_STATUS_SUCCESS)
    status = cairo_surface_status (surface);
  cairo_surface_destroy (surface);
  return status;
}

/* The export itself ---------------------------------------------------------- */

/* @opts, or the defaults (in @defaults) when NULL, and the format they
 * give (@path's extension when theirs is OT_EXPORT_AUTO). */
static gboolean
resolve_options (const OtExportOptions **opts,
                 OtExportOptions        *defaults,
                 const char             *path,
                 OtExportFormat         *format,
                 GError                **error)
{
  if (*opts == NULL)
    {
      ot_export_options_init (defaults);
      *opts = defaults;
    }
  *format = (*opts)->format;
  return *format != OT_EXPORT_AUTO || ot_export_format_for_path (path, format, error);
}

/* The format, the checks, the atomic file, the drawing and the commit
 * that every export shares; @prepare (may be NULL) runs once the file is
 * known to be writable, before drawing. */
static gboolean
export_drawing (Drawing               *drawing,
                const OtExportOptions *opts,
                void                 (*prepare) (Drawing *, const OtExportOptions *),
                const char            *path,
                GError               **error)
{
  OtExportOptions defaults;
  OtExportFormat format;
  g_autofree char *display = NULL;
  g_autoptr(OtAtomicFile) sink = NULL;
  cairo_status_t status;

  if (!resolve_options (&opts, &defaults, path, &format, error))
    return FALSE;
  display = g_filename_display_name (path);
  if (!ot_export_format_is_picture (format))
    {
      g_set_error (error, OT_ERROR, OT_ERROR_UNSUPPORTED,
                   _("Cannot export to “%s”: a chart is drawn as PNG, SVG or PDF"), display);
      return FALSE;
    }
  if (!ot_export_check_options (opts, format, display, error))
    return FALSE;
  /* A folder, a device, a missing folder: refused before drawing. */
  sink = ot_atomic_file_new (path, error);
  if (sink == NULL)
    return FALSE;
  if (prepare != NULL)
    prepare (drawing, opts);
  status = render_to_sink (drawing, opts->width, opts->height, opts, format, sink);
  if (status != CAIRO_STATUS_SUCCESS && !ot_atomic_file_failed (sink))
    {
      g_set_error (error, OT_ERROR, OT_ERROR_FAILED, _("Cannot draw “%s”: %s"),
                   display, cairo_status_to_string (status));
      return FALSE;   /* sink discarded: @path untouched */
    }
  return ot_atomic_file_commit (sink, NULL, error);
}

gboolean
ot_export_drawing (OtExportDrawFunc       draw,
                   gpointer               data,
                   const OtExportInfo    *info,
                   const OtExportOptions *opts,
                   const char            *path,
                   GError               **error)
{
  Drawing drawing = { draw, data, { 0 } };

  g_return_val_if_fail (draw != NULL, FALSE);
  g_return_val_if_fail (path != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (info != NULL)
    drawing.info = *info;
  if (drawing.info.title == NULL)
    drawing.info.title = "Oretrace";
  return export_drawing (&drawing, opts, NULL, path, error);
}

/* A chart: its scene drawn on the export's page. */
typedef struct {
  const OtScene    *scene;
  const OtViewport *screen;
  OtRenderOptions   ropts;
  OtViewport        page;
} SceneDrawing;

static void
draw_scene (OtPainter *painter,
            gpointer   data)
{
  SceneDrawing *sd = data;

  ot_render_scene_painter (painter, sd->scene, &sd->page, &sd->ropts);
}

static void
prepare_scene (Drawing               *drawing,
               const OtExportOptions *opts)
{
  SceneDrawing *sd = drawing->data;

  ot_render_options_init (&sd->ropts);
  sd->ropts.exact = TRUE;
  sd->ropts.transparent = opts->transparent;
  sd->ropts.top_n = opts->top_n;
  sd->ropts.detail = opts->detail;
  ot_export_page_viewport (sd->scene, sd->screen, &sd->ropts, opts->width, opts->height, &sd->page);
}

/* The chart's text for an SVG's <desc>: its subtitle, legend and source. */
static char *
scene_text (const OtScene *scene)
{
  GString *desc = g_string_new (NULL);

  if (scene->subtitle != NULL)
    g_string_append_printf (desc, "%s\n", scene->subtitle);
  for (guint i = 0; i < scene->legend->len; i++)
    {
      const OtLegendItem *item = &g_array_index (scene->legend, OtLegendItem, i);

      if (item->kind == OT_LEGEND_SECTION)
        g_string_append_printf (desc, "%s%s:", i > 0 ? "\n" : "", item->label);
      else
        g_string_append_printf (desc, " %s;", item->label);
    }
  if (scene->source != NULL)
    g_string_append_printf (desc, "\n%s", scene->source);
  return g_string_free (desc, FALSE);
}

gboolean
ot_export_scene (const OtScene         *scene,
                 const OtViewport      *vp,
                 const OtExportOptions *opts,
                 const char            *path,
                 GError               **error)
{
  SceneDrawing sd = { scene, vp };
  g_autofree char *text = NULL;
  Drawing drawing = { draw_scene, &sd, { 0 } };

  g_return_val_if_fail (scene != NULL && ot_scene_is_finished (scene), FALSE);
  g_return_val_if_fail (path != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  text = scene_text (scene);
  drawing.info.title = scene->title != NULL ? scene->title : "Oretrace";
  drawing.info.description = scene->subtitle;
  drawing.info.source = scene->source;
  drawing.info.text = text;
  return export_drawing (&drawing, opts, prepare_scene, path, error);
}

gboolean
ot_export_network (OtNetwork             *network,
                   const OtScene         *scene,
                   const OtViewport      *vp,
                   const OtExportOptions *opts,
                   const char            *path,
                   GError               **error)
{
  OtExportOptions defaults;
  OtExportFormat format;
  g_autofree char *display = NULL;

  g_return_val_if_fail (network != NULL, FALSE);
  g_return_val_if_fail (scene == NULL || ot_scene_is_finished (scene), FALSE);
  g_return_val_if_fail (path != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (!resolve_options (&opts, &defaults, path, &format, error))
    return FALSE;
  display = g_filename_display_name (path);
  if (!ot_export_check_options (opts, format, display, error))
    return FALSE;
  switch (format)
    {
    case OT_EXPORT_GEXF:
    case OT_EXPORT_GRAPHML:
      return ot_export_graph (network, scene, vp, opts, format, path, error);
    case OT_EXPORT_XLSX:
      return ot_export_xlsx (network, path, error);
    case OT_EXPORT_FTM:
      {
        g_autoptr(GFile) file = g_file_new_for_path (path);

        return ot_ftm_save (ot_network_get_dataset (network), ot_network_get_mask (network, NULL), file,
                            NULL, error);
      }
    case OT_EXPORT_AUTO:
    case OT_EXPORT_PNG:
    case OT_EXPORT_SVG:
    case OT_EXPORT_PDF:
    default:
      g_set_error (error, OT_ERROR, OT_ERROR_UNSUPPORTED,
                   _("Cannot export to “%s”: the network is written as GEXF, GraphML, XLSX or "
                     "FollowTheMoney"),
                   display);
      return FALSE;
    }
}
