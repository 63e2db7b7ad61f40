/* SPDX-License-Identifier: GPL-3.0-or-later */
/* ot-loader-text.c: what a file's text must be before any reader sees it
 * (no NUL byte, UTF-8, not UTF-16 or UTF-32, not empty, not a web page),
 * checked over the whole file (ot-loader.c) or, for trade statistics read
 * a piece at a time, over its start and then piece by piece with the
 * same errors (ot-loader-trade.c).  It calls ot-loader-record.c (for
 * ot_loader_report ()) only. */
#include "ot-loader-private.h"

#include <errno.h>
#include <glib/gi18n-lib.h>
#include <string.h>
#include <unistd.h>

/* g_utf8_validate_len(), but ASCII (nearly all of an incident file) is
 * passed over eight bytes at a time; only the runs of bytes >= 0x80
 * between ASCII ones, which hold whole characters when the text is
 * valid, go to GLib. */
static gboolean
utf8_validate_fast (const char  *data,
                    gsize        length,
                    const char **bad)
{
  const guint8 *p = (const guint8 *) data;
  const guint8 *end = p + length;

  while (p < end)
    {
      const guint8 *run;

      while (end - p >= 8)
        {
          guint64 word;

          memcpy (&word, p, 8);
          if (word & G_GUINT64_CONSTANT (0x8080808080808080))
            break;
          p += 8;
        }
      while (p < end && *p < 0x80)
        p++;
      run = p;
      while (p < end && *p >= 0x80)
        p++;
      if (p > run && !g_utf8_validate_len ((const char *) run, p - run, bad))
        return FALSE;
    }
  return TRUE;
}

/* The NUL and UTF-8 checks of one stretch of a file. */
typedef struct {
  const char *data;
  gsize       length;
  const char *nul;     /* the first NUL byte, or NULL */
  const char *bad;     /* the first byte that is not UTF-8, or NULL */
} TextScan;

static gpointer
scan_text (gpointer user_data)
{
  TextScan *scan = user_data;

  scan->nul = memchr (scan->data, '\0', scan->length);
  if (utf8_validate_fast (scan->data, scan->length, &scan->bad))
    scan->bad = NULL;
  return NULL;
}

/* scan_text() of the whole of @data, a large one in two halves at once:
 * cut at an ASCII byte (a character boundary), each half's first NUL or
 * bad byte is the file's when the half before it has none. */
static void
scan_file_text (const char *data,
                gsize       length,
                TextScan   *result)
{
  TextScan second = { 0 };
  GThread *thread = NULL;
  gsize half = length / 2;

  *result = (TextScan) { data, length, NULL, NULL };
  if (length >= OT_LOADER_PARALLEL_FILE_BYTES && g_get_num_processors () > 1)
    {
      while (half < length / 2 + 64 && (guint8) data[half] >= 0x80)
        half++;
      if ((guint8) data[half] < 0x80)
        {
          result->length = half;
          second = (TextScan) { data + half, length - half, NULL, NULL };
          thread = g_thread_new ("oretrace-check", scan_text, &second);
        }
    }
  scan_text (result);
  if (thread == NULL)
    return;
  g_thread_join (thread);
  if (result->nul == NULL)
    result->nul = second.nul;
  if (result->bad == NULL)
    result->bad = second.bad;
  result->length = length;
}

static void
report_nul (OtDataset  *dataset,
            const char *name,
            gsize       offset)
{
  ot_loader_report (dataset, name, 0, OT_SEVERITY_ERROR,
                    _("not a text file (NUL byte at offset %lu); "
                      "expected CSV, JSON or JSON Lines in UTF-8"),
                    (unsigned long) offset);
}

static void
report_not_utf8 (OtDataset  *dataset,
                 const char *name,
                 guint       line,
                 guint8      byte)
{
  ot_loader_report (dataset, name, line, OT_SEVERITY_ERROR,
                    _("not UTF-8 text (invalid byte 0x%02x); save the file as UTF-8"), byte);
}

gboolean
ot_loader_check_text (OtDataset  *dataset,
                      const char *name,
                      const char *data,
                      gsize       length)
{
  const char *bad;
  TextScan scan;
  gsize i = 0;

  if (length > OT_LOADER_MAX_FILE_SIZE)
    {
      ot_loader_report (dataset, name, 0, OT_SEVERITY_ERROR,
                        _("file is too large (%lu bytes; the limit is %u MiB)"),
                        (unsigned long) length, (guint) (OT_LOADER_MAX_FILE_SIZE >> 20));
      return FALSE;
    }

  if (length >= 3 && memcmp (data, "\xEF\xBB\xBF", 3) == 0)
    i = 3;
  while (i < length && g_ascii_isspace (data[i]))
    i++;
  if (i == length)
    {
      ot_loader_report (dataset, name, 0, OT_SEVERITY_ERROR, _("file is empty"));
      return FALSE;
    }

  /* Before UTF-16: a UTF-32 LE mark starts with the UTF-16 LE one. */
  if (length >= 4 && (memcmp (data, "\xFF\xFE\0\0", 4) == 0 ||
                      memcmp (data, "\0\0\xFE\xFF", 4) == 0))
    {
      ot_loader_report (dataset, name, 0, OT_SEVERITY_ERROR,
                        _("the file is UTF-32 text (it starts with a UTF-32 byte order mark); "
                          "save it as UTF-8"));
      return FALSE;
    }
  if (length >= 2 && (((guint8) data[0] == 0xFF && (guint8) data[1] == 0xFE) ||
                      ((guint8) data[0] == 0xFE && (guint8) data[1] == 0xFF)))
    {
      ot_loader_report (dataset, name, 0, OT_SEVERITY_ERROR,
                        _("the file is UTF-16 text (it starts with a UTF-16 byte order mark); "
                          "save it as UTF-8"));
      return FALSE;
    }

  scan_file_text (data, length, &scan);
  if (scan.nul != NULL)
    {
      report_nul (dataset, name, (gsize) (scan.nul - data));
      return FALSE;
    }

  if ((bad = scan.bad) != NULL)
    {
      guint line = 1;
      for (const char *p = data; p < bad; p++)
        line += *p == '\n';
      report_not_utf8 (dataset, name, line, (guint8) *bad);
      return FALSE;
    }
  return TRUE;
}

gboolean
ot_loader_head_plain (const char *data,
                      gsize       length)
{
  TextScan scan = { data, length, NULL, NULL };
  gsize i = 0;

  if ((length >= 4 && (memcmp (data, "\xFF\xFE\0\0", 4) == 0 || memcmp (data, "\0\0\xFE\xFF", 4) == 0)) ||
      (length >= 2 && (((guint8) data[0] == 0xFF && (guint8) data[1] == 0xFE) ||
                       ((guint8) data[0] == 0xFE && (guint8) data[1] == 0xFF))))
    return FALSE;
  scan_text (&scan);
  if (scan.nul != NULL || scan.bad != NULL)
    return FALSE;
  if (length >= 3 && memcmp (data, "\xEF\xBB\xBF", 3) == 0)
    i = 3;
  while (i < length && g_ascii_isspace (data[i]))
    i++;
  return i < length && !ot_loader_is_html (data + i, length - i);
}

/* The first NUL byte of the file open as @fd from @offset on, or -1;
 * with @lines_to, the line ends before that offset counted instead
 * (into *@lines). */
static gssize
scan_fd (int     fd,
         gsize   offset,
         gsize   lines_to,
         guint  *lines)
{
  g_autofree char *buf = g_malloc (1024 * 1024);
  gsize pos = offset;

  for (;;)
    {
      gssize n = pread (fd, buf, 1024 * 1024, (off_t) pos);
      const char *nul;

      if (n < 0 && errno == EINTR)
        continue;
      if (n <= 0)
        return -1;
      if (lines != NULL)
        {
          gsize upto = MIN ((gsize) n, lines_to - pos);

          for (gsize i = 0; i < upto; i++)
            *lines += buf[i] == '\n';
          if (pos + upto >= lines_to)
            return 0;
        }
      else if ((nul = memchr (buf, '\0', (gsize) n)) != NULL)
        return (gssize) (pos + (gsize) (nul - buf));
      pos += (gsize) n;
    }
}

gboolean
ot_loader_check_stretch (OtDataset  *dataset,
                         const char *name,
                         int         fd,
                         const char *data,
                         gsize       length,
                         gsize       offset)
{
  TextScan scan = { data, length, NULL, NULL };
  gssize nul;
  guint line = 1;

  scan_text (&scan);
  if (scan.nul != NULL)
    {
      report_nul (dataset, name, offset + (gsize) (scan.nul - data));
      return FALSE;
    }
  if (scan.bad == NULL)
    return TRUE;
  /* As for a whole file: a NUL byte further on is what is said. */
  if ((nul = scan_fd (fd, offset + length, 0, NULL)) >= 0)
    {
      report_nul (dataset, name, (gsize) nul);
      return FALSE;
    }
  scan_fd (fd, 0, offset + (gsize) (scan.bad - data), &line);
  report_not_utf8 (dataset, name, line, (guint8) *scan.bad);
  return FALSE;
}

gboolean
ot_loader_is_html (const char *data,
                   gsize       length)
{
  static const char *const starts[] = { "<!doctype html", "<html", "<head", "<body" };

  for (guint i = 0; i < G_N_ELEMENTS (starts); i++)
    if (length >= strlen (starts[i]) && g_ascii_strncasecmp (data, starts[i], strlen (starts[i])) == 0)
      return TRUE;
  return FALSE;
}
