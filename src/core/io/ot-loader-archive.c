/* SPDX-License-Identifier: GPL-3.0-or-later */
/* ot-loader-archive.c: a 7-zip archive holding one Eurostat Comext file
 * (the bulk files come as full_v2_YYYYMM.7z with one .dat inside; issue
 * 18, docs/trade-statistics.md "Eurostat Comext"), unpacked by libarchive
 * as it is read.  The member's first line must be a Comext header; a bulk
 * file's rows of products that are none of data/trade-products.csv's are
 * left out while unpacking (a month of every product is gigabytes, the
 * controlled minerals' lines a sliver of it), each as an empty line, so
 * that the rows kept keep their line numbers for the FILE:LINE of
 * problems and the signals' evidence.  ot-loader.c calls it. */
#include "ot-loader-private.h"

#include <archive.h>
#include <archive_entry.h>
#include <glib/gi18n-lib.h>
#include <string.h>

#define CHUNK ((gsize) 1 << 20)
/* A first line longer than this is no header. */
#define MAX_HEADER ((gsize) 1 << 20)

static const guint8 magic_7z[] = { 0x37, 0x7a, 0xbc, 0xaf, 0x27, 0x1c };

gboolean
ot_loader_is_7z (const char *data,
                 gsize       length)
{
  return length >= sizeof magic_7z && memcmp (data, magic_7z, sizeof magic_7z) == 0;
}

/* What is unpacked so far: [0, @kept) is the text handed on, [@pending,
 * @length) raw lines not yet looked at (the last one maybe cut). */
typedef struct {
  char         *out;
  gsize         size;
  gsize         kept;
  gsize         pending;
  gsize         length;
  gboolean      header_seen;
  OtTradeFormat format;
  char          separator;
  int           product_column;   /* -1: no filtering */
  guint8       *headings;         /* a bit per 4-digit heading of a product line */
  GHashTable   *codes;            /* code -> GINT_TO_POINTER (1 kept, 2 left out) */
  guint         n_left_out;       /* saturated: 4 GiB of line ends at most */
} Unpack;

static void
unpack_clear (Unpack *u)
{
  g_free (u->out);
  g_free (u->headings);
  g_clear_pointer (&u->codes, g_hash_table_unref);
}

/* The headings (first four digits) of every product line: a bulk row
 * outside them matches no line. */
static guint8 *
product_headings (void)
{
  guint8 *bits = g_new0 (guint8, 10000 / 8 + 1);

  for (guint p = 0; p < ot_trade_product_count (); p++)
    {
      const char *code = ot_trade_product_nth (p)->code;
      guint heading = 0;

      if (strlen (code) < 4)
        continue;
      for (guint i = 0; i < 4; i++)
        heading = heading * 10 + (guint) (code[i] - '0');
      bits[heading / 8] |= (guint8) (1 << (heading % 8));
    }
  return bits;
}

/* The header: which format, and where a bulk file's product codes are. */
static void
read_header (Unpack     *u,
             const char *line,
             gsize       n)
{
  g_autofree char *copy = g_strndup (line, n);
  g_auto(GStrv) names = NULL;
  const char *text = copy;

  if (n >= 3 && memcmp (text, "\xEF\xBB\xBF", 3) == 0)
    text += 3;
  u->header_seen = TRUE;
  u->format = ot_trade_detect (text, strlen (text));
  u->product_column = -1;
  if (u->format != OT_TRADE_FORMAT_COMEXT)
    return;
  u->separator = strchr (text, '\t') != NULL ? '\t' : ',';
  names = g_strsplit (text, (char[]) { u->separator, 0 }, -1);
  for (guint i = 0; names[i] != NULL; i++)
    {
      g_strstrip (names[i]);
      if (g_ascii_strcasecmp (names[i], "PRODUCT_NC") == 0 || g_ascii_strcasecmp (names[i], "\"PRODUCT_NC\"") == 0)
        u->product_column = (int) i;
    }
  if (u->product_column >= 0)
    {
      u->headings = product_headings ();
      u->codes = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
    }
}

/* Whether a bulk row (without its line end) is one the readers want: its
 * product code is a product line's (or not a plain code: the reader
 * counts those, or reports the row). */
static gboolean
keep_row (Unpack     *u,
          const char *line,
          gsize       n)
{
  const char *field = line, *end = line + n, *p;
  gpointer known;
  guint heading = 0;
  char code[32];
  gsize len;
  guint index;

  if (u->product_column < 0 || memchr (line, '"', n) != NULL)
    return TRUE;
  for (int c = 0; c < u->product_column; c++)
    {
      field = memchr (field, u->separator, end - field);
      if (field == NULL)
        return TRUE;   /* short: the reader says so */
      field++;
    }
  p = memchr (field, u->separator, end - field);
  len = (p != NULL ? p : end) - field;
  if (len < 4 || len >= sizeof code)
    return TRUE;
  for (gsize i = 0; i < len; i++)
    if (!g_ascii_isdigit (field[i]))
      return TRUE;
  for (guint i = 0; i < 4; i++)
    heading = heading * 10 + (guint) (field[i] - '0');
  if (!(u->headings[heading / 8] & (1 << (heading % 8))))
    return FALSE;
  memcpy (code, field, len);
  code[len] = '\0';
  known = g_hash_table_lookup (u->codes, code);
  if (known == NULL)
    {
      known = GINT_TO_POINTER (ot_trade_product_match (OT_TRADE_EU, code, &index) ? 1 : 2);
      g_hash_table_insert (u->codes, g_strdup (code), known);
    }
  return GPOINTER_TO_INT (known) == 1;
}

/* Looks at the complete lines pending: each kept is moved down to the
 * text, each left out becomes its line end alone.  FALSE when the first
 * line is no Comext header. */
static gboolean
take_lines (Unpack   *u,
            gboolean  at_end)
{
  for (;;)
    {
      const char *start = u->out + u->pending;
      const char *nl = memchr (start, '\n', u->length - u->pending);
      gsize n, with_end;

      if (nl == NULL && !(at_end && u->pending < u->length))
        break;
      n = nl != NULL ? (gsize) (nl - start) : u->length - u->pending;
      with_end = nl != NULL ? n + 1 : n;
      if (!u->header_seen)
        {
          read_header (u, start, n > 0 && start[n - 1] == '\r' ? n - 1 : n);
          if (u->format != OT_TRADE_FORMAT_COMEXT && u->format != OT_TRADE_FORMAT_COMEXT_SDMX)
            return FALSE;
        }
      else if (!keep_row (u, start, n > 0 && start[n - 1] == '\r' ? n - 1 : n))
        {
          if (u->n_left_out < G_MAXUINT)
            u->n_left_out++;
          u->pending += with_end;
          if (nl != NULL)
            u->out[u->kept++] = '\n';
          continue;
        }
      if (u->kept != u->pending)
        memmove (u->out + u->kept, start, with_end);
      u->kept += with_end;
      u->pending += with_end;
    }
  /* The line cut at the chunk's end goes down to the text. */
  if (u->kept != u->pending)
    memmove (u->out + u->kept, u->out + u->pending, u->length - u->pending);
  u->length = u->kept + (u->length - u->pending);
  u->pending = u->kept;
  if (!u->header_seen && u->length > MAX_HEADER)
    {
      u->header_seen = TRUE;
      u->format = OT_TRADE_FORMAT_NONE;
      return FALSE;
    }
  return TRUE;
}

static void
report_archive (OtLoadContext  *context,
                const char     *name,
                struct archive *a)
{
  const char *why = archive_error_string (a);

  ot_loader_report (context->record.dataset, name, 0, OT_SEVERITY_ERROR,
                    _("cannot unpack the 7-zip archive: %s"), why != NULL ? why : _("it is damaged"));
}

/* A member's name for messages. */
static char *
member_name (struct archive_entry *entry)
{
  const char *path = archive_entry_pathname (entry);

  return g_utf8_make_valid (path != NULL ? path : "?", -1);
}

char *
ot_loader_unpack_7z (OtLoadContext *context,
                     const char    *name,
                     const char    *data,
                     gsize          length,
                     gsize         *out_length)
{
  OtDataset *dataset = context->record.dataset;
  struct archive *a = archive_read_new ();
  struct archive_entry *entry = NULL;
  g_autofree char *member = NULL;
  Unpack u = { 0 };
  char *result = NULL;
  gboolean comext = TRUE;
  int rc;

  archive_read_support_format_7zip (a);
  if (archive_read_open_memory (a, data, length) != ARCHIVE_OK)
    {
      report_archive (context, name, a);
      goto out;
    }
  /* The one file: folders in it are passed over. */
  while ((rc = archive_read_next_header (a, &entry)) == ARCHIVE_OK && archive_entry_filetype (entry) != AE_IFREG)
    ;
  if (rc == ARCHIVE_EOF)
    {
      ot_loader_report (dataset, name, 0, OT_SEVERITY_ERROR, _("the 7-zip archive holds no file"));
      goto out;
    }
  if (rc != ARCHIVE_OK)
    {
      report_archive (context, name, a);
      goto out;
    }
  member = member_name (entry);

  u.size = CHUNK * 2;
  u.out = g_malloc (u.size + 1);
  for (;;)
    {
      la_ssize_t n;

      if (u.size - u.length < CHUNK)
        {
          if (u.length > OT_LOADER_MAX_FILE_SIZE)
            {
              ot_loader_report (dataset, name, 0, OT_SEVERITY_ERROR,
                                _("the file unpacks to more than %u MiB, the limit"),
                                (guint) (OT_LOADER_MAX_FILE_SIZE >> 20));
              goto out;
            }
          u.size = MAX (u.size * 2, u.length + CHUNK);
          u.out = g_realloc (u.out, u.size + 1);
        }
      n = archive_read_data (a, u.out + u.length, CHUNK);
      if (n < 0)
        {
          report_archive (context, name, a);
          goto out;
        }
      if (n == 0)
        break;
      u.length += (gsize) n;
      if (!(comext = take_lines (&u, FALSE)))
        break;
      /* The first half of the file's progress: the archive read. */
      if (!ot_load_context_tick (context, (gsize) archive_filter_bytes (a, -1), length * 2))
        goto out;
    }
  /* The last line, when no line end closes it. */
  if (comext)
    comext = take_lines (&u, TRUE) && u.header_seen;
  if (!comext)
    {
      ot_loader_report (dataset, name, 0, OT_SEVERITY_ERROR,
                        _("“%s” in the 7-zip archive is not a Eurostat Comext file: Oretrace reads 7-zip "
                          "archives of Comext files (extract any other file first)"), member);
      goto out;
    }
  /* One file only: which of several was meant is the user's to say. */
  while ((rc = archive_read_next_header (a, &entry)) == ARCHIVE_OK && archive_entry_filetype (entry) != AE_IFREG)
    ;
  if (rc == ARCHIVE_OK)
    {
      g_autofree char *second = member_name (entry);

      ot_loader_report (dataset, name, 0, OT_SEVERITY_ERROR,
                        _("the 7-zip archive holds more than one file (“%s”, “%s”…): Oretrace reads an "
                          "archive of one Eurostat Comext file; extract the one you want first"),
                        member, second);
      goto out;
    }
  if (rc != ARCHIVE_EOF)
    {
      report_archive (context, name, a);
      goto out;
    }
  if (u.n_left_out > 0)
    ot_loader_report (dataset, name, 0, OT_SEVERITY_WARNING,
                      g_dngettext (GETTEXT_PACKAGE,
                                   "%'u row of “%s” is of a product that is none of the controlled minerals' "
                                   "lines; left out while unpacking",
                                   "%'u rows of “%s” are of products that are none of the controlled minerals' "
                                   "lines; left out while unpacking",
                                   u.n_left_out),
                      u.n_left_out, member);
  u.out[u.length] = '\0';
  *out_length = u.length;
  result = g_steal_pointer (&u.out);

out:
  archive_read_free (a);
  unpack_clear (&u);
  return result;
}
