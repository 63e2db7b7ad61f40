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
  g_autofree char *display = NULL;
  const char *dot;

  g_return_val_if_fail (path != NULL, FALSE);
  g_return_val_if_fail (format != NULL, FALSE);

  base = g_path_get_basename (path);
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
  else
    {
      display = g_filename_display_name (path);
      if (dot == NULL)
        g_set_error (error, OT_ERROR, OT_ERROR_UNSUPPORTED,
                     _("Cannot export to “%s”: the name has no extension; "
                       "use .png, .svg, .pdf, .gexf, .graphml or .xlsx"), display);
      else
        g_set_error (error, OT_ERROR, OT_ERROR_UNSUPPORTED,
                     _("Cannot export to “%s”: unknown extension “%s”; "
                       "use .png, .svg, .pdf, .gexf, .graphml or .xlsx"), display, dot);
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

/* A prefix for every id of one export: "ot-" and 12 hex digits of a hash
 * of the chart, the time and a random number, so that two exports (also
 * of the same chart) inlined in one page, or pasted into one Inkscape
 * document, never share an id. */
static char *
svg_id_prefix (const OtScene *scene)
{
  g_autoptr(GChecksum) sum = g_checksum_new (G_CHECKSUM_SHA256);
  gint64 now = g_get_real_time ();
  guint32 noise[2] = { g_random_int (), g_random_int () };
  guint n[3] = { scene->nodes->len, scene->edges->len, scene->legend->len };

  if (scene->title != NULL)
    g_checksum_update (sum, (const guchar *) scene->title, -1);
  if (scene->source != NULL)
    g_checksum_update (sum, (const guchar *) scene->source, -1);
  g_checksum_update (sum, (const guchar *) n, sizeof n);
  g_checksum_update (sum, (const guchar *) &now, sizeof now);
  g_checksum_update (sum, (const guchar *) noise, sizeof noise);
  return g_strdup_printf ("ot-%.12s-", g_checksum_get_string (sum));
}

/* The SVG's <title> (also the root's accessible name), <desc> and
 * <metadata>: the text of the chart for readers, search and screen
 * readers, and its provenance as RDF with Dublin Core terms (see
 * docs/rendering.md). */
static char *
svg_metadata (const OtScene *scene,
              const char    *prefix,
              const char    *lang)
{
  GString *out = g_string_new ("\n");
  GString *desc = g_string_new (NULL);
  g_autofree char *title = NULL;
  g_autofree char *escaped = NULL;
  g_autofree char *subtitle = NULL;
  g_autofree char *source = NULL;
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();
  g_autofree char *date = g_date_time_format (now, "%Y-%m-%dT%H:%M:%SZ");

  /* Not g_markup_escape_text (): it writes a control character as a
   * character reference, which XML 1.0 forbids all the same. */
  title = ot_text_escape_xml (scene->title != NULL ? scene->title : "Oretrace", -1);
  g_string_append_printf (out, "<title id=\"%stitle\">%s</title>\n", prefix, title);

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
  escaped = ot_text_escape_xml (desc->str, -1);
  g_string_append_printf (out, "<desc id=\"%sdesc\">%s</desc>\n", prefix, escaped);
  g_string_free (desc, TRUE);

  g_string_append_printf (out, "<metadata id=\"%smetadata\">"
                          "<rdf:RDF xmlns:rdf=\"http://www.w3.org/1999/02/22-rdf-syntax-ns#\" "
                          "xmlns:dc=\"http://purl.org/dc/elements/1.1/\">"
                          "<rdf:Description rdf:about=\"\">\n"
                          "<dc:title>%s</dc:title>\n", prefix, title);
  if (scene->subtitle != NULL)
    {
      subtitle = ot_text_escape_xml (scene->subtitle, -1);
      g_string_append_printf (out, "<dc:description>%s</dc:description>\n", subtitle);
    }
  if (scene->source != NULL)
    {
      source = ot_text_escape_xml (scene->source, -1);
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
render_svg (const OtScene         *scene,
            const OtViewport      *vp,
            const OtRenderOptions *ropts,
            const OtExportOptions *opts,
            OtAtomicFile          *sink)
{
  g_autofree char *prefix = svg_id_prefix (scene);
  g_autofree char *lang = svg_language ();
  g_autofree char *meta = svg_metadata (scene, prefix, lang);
  g_autofree char *root = g_strdup_printf (" lang=\"%s\" xml:lang=\"%s\" role=\"img\" "
                                           "aria-labelledby=\"%stitle %sdesc\"",
                                           lang, lang, prefix, prefix);
  OtSvgWriterOptions options = { prefix, root, meta, opts->svg_text };
  OtSvgWriter *svg = ot_svg_writer_new_full (vp->width, vp->height, &options, svg_write, sink);
  OtPainter dc = OT_PAINTER_SVG (svg);
  gboolean ok;

  ot_render_scene_painter (&dc, scene, vp, ropts);
  ok = ot_svg_writer_finish (svg);
  ot_svg_writer_free (svg);
  return ok ? CAIRO_STATUS_SUCCESS : CAIRO_STATUS_WRITE_ERROR;
}

/* Drawing ------------------------------------------------------------------ */

static cairo_status_t
draw_page (cairo_surface_t       *surface,
           double                 scale,
           const OtScene         *scene,
           const OtViewport      *vp,
           const OtRenderOptions *ropts)
{
  cairo_t *cr = cairo_create (surface);
  cairo_status_t status;

  cairo_scale (cr, scale, scale);
  ot_render_scene (cr, scene, vp, ropts);
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
pdf_set_metadata (cairo_surface_t *surface,
                  const OtScene   *scene)
{
  g_autoptr(GDateTime) now = export_time ();
  g_autofree char *date = g_date_time_format (now, "%Y-%m-%dT%H:%M:%SZ");

  cairo_pdf_surface_set_metadata (surface, CAIRO_PDF_METADATA_TITLE,
                                  scene->title != NULL ? scene->title : "Oretrace");
  if (scene->subtitle != NULL)
    cairo_pdf_surface_set_metadata (surface, CAIRO_PDF_METADATA_SUBJECT, scene->subtitle);
  cairo_pdf_surface_set_metadata (surface, CAIRO_PDF_METADATA_CREATOR,
                                  "Oretrace " PACKAGE_VERSION);
  if (date != NULL)
    cairo_pdf_surface_set_metadata (surface, CAIRO_PDF_METADATA_CREATE_DATE, date);
}

/* libpng rather than cairo_surface_write_to_png_stream (): the same
 * pixels, plus the resolution (pHYs: a 300 dpi export reads as 300 dpi),
 * sRGB and the chart's text. */
static cairo_status_t
write_png (cairo_surface_t       *image,
           const OtScene         *scene,
           const OtExportOptions *opts,
           OtAtomicFile          *sink)
{
  g_autoptr(GDateTime) now = export_time ();
  OtPngInfo info = { 0 };

  info.dpi = opts->scale * 96.0;
  info.title = scene->title != NULL ? scene->title : "Oretrace";
  info.description = scene->subtitle;
  info.source = scene->source;
  info.software = "Oretrace " PACKAGE_VERSION;
  info.created = now;
  return ot_png_write (image, &info, sink_write, sink)
    ? CAIRO_STATUS_SUCCESS : CAIRO_STATUS_WRITE_ERROR;
}

static cairo_status_t
render_to_sink (const OtScene         *scene,
                const OtViewport      *vp,
                const OtRenderOptions *ropts,
                const OtExportOptions *opts,
                OtExportFormat         format,
                OtAtomicFile          *sink)
{
  cairo_surface_t *surface = NULL;
  cairo_status_t status;
  double w = vp->width, h = vp->height;

  switch (format)
    {
    case OT_EXPORT_PNG:
      surface = cairo_image_surface_create (CAIRO_FORMAT_ARGB32,
                                            (int) ceil (w * opts->scale),
                                            (int) ceil (h * opts->scale));
      status = cairo_surface_status (surface);
      if (status == CAIRO_STATUS_SUCCESS)
        status = draw_page (surface, opts->scale, scene, vp, ropts);
      if (status == CAIRO_STATUS_SUCCESS)
        status = write_png (surface, scene, opts, sink);
      break;
    case OT_EXPORT_SVG:
      return render_svg (scene, vp, ropts, opts, sink);
    case OT_EXPORT_PDF:
    case OT_EXPORT_AUTO:
    default:
      /* The page is width × height points, as documented: one logical px
       * of the layout is one point, so the chart is the same drawing as a
       * PNG of the same size, only its unit is the point. */
      surface = cairo_pdf_surface_create_for_stream (sink_write, sink, w, h);
      pdf_set_metadata (surface, scene);
      status = draw_page (surface, 1.0, scene, vp, ropts);
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

gboolean
ot_export_scene (const OtScene         *scene,
                 const OtViewport      *vp,
                 const OtExportOptions *opts,
                 const char            *path,
                 GError               **error)
{
  OtExportOptions defaults;
  OtExportFormat format;
  OtRenderOptions ropts;
  OtViewport page;
  g_autofree char *display = NULL;
  g_autoptr(OtAtomicFile) sink = NULL;
  cairo_status_t status;

  g_return_val_if_fail (scene != NULL && ot_scene_is_finished (scene), FALSE);
  g_return_val_if_fail (path != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

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

  ot_render_options_init (&ropts);
  ropts.exact = TRUE;
  ropts.transparent = opts->transparent;
  ropts.top_n = opts->top_n;
  ropts.detail = opts->detail;
  ot_export_page_viewport (scene, vp, &ropts, opts->width, opts->height, &page);
  status = render_to_sink (scene, &page, &ropts, opts, format, sink);
  if (status != CAIRO_STATUS_SUCCESS && !ot_atomic_file_failed (sink))
    {
      g_set_error (error, OT_ERROR, OT_ERROR_FAILED, _("Cannot draw “%s”: %s"),
                   display, cairo_status_to_string (status));
      return FALSE;   /* sink discarded: @path untouched */
    }
  return ot_atomic_file_commit (sink, NULL, error);
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
    case OT_EXPORT_AUTO:
    case OT_EXPORT_PNG:
    case OT_EXPORT_SVG:
    case OT_EXPORT_PDF:
    default:
      g_set_error (error, OT_ERROR, OT_ERROR_UNSUPPORTED,
                   _("Cannot export to “%s”: the network is written as GEXF, GraphML or XLSX"),
                   display);
      return FALSE;
    }
}
