/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "ot-writer.h"
#include "ot-atomic-file.h"
#include "ot-csv.h"
#include "ot-error.h"

#include <glib/gi18n-lib.h>

#include <math.h>
#include <stdlib.h>
#include <string.h>

/* The same digits as the printf () loops below, without printf () and
 * strtod (): at a million incidents a GEXF export writes two million
 * numbers, and the loops took a microsecond each.  For 1e-4 <= |x| <
 * 1e14 the rounding and the read-back are exact integer arithmetic on
 * 128 bits: x = M / 2^s exactly, its P-digit decimal rounded half to
 * even as glibc's printf () rounds, and that decimal reads back as x
 * when it lies strictly inside x's rounding interval (or on its edge
 * with M even, as strtod () breaks ties).  Other numbers, and compilers
 * without 128-bit integers, take the loops. */
#ifdef __SIZEOF_INT128__
typedef unsigned __int128 OtU128;

#define FAST_MIN 1e-4
#define FAST_MAX 1e14

static OtU128
pow10_u128 (guint k)
{
  static const guint64 small[] = {
    1ull, 10ull, 100ull, 1000ull, 10000ull, 100000ull, 1000000ull, 10000000ull,
    100000000ull, 1000000000ull, 10000000000ull, 100000000000ull, 1000000000000ull,
    10000000000000ull, 100000000000000ull, 1000000000000000ull, 10000000000000000ull,
    100000000000000000ull, 1000000000000000000ull, 10000000000000000000ull,
  };
  OtU128 p = 1;

  while (k >= 19)
    {
      p *= small[19];
      k -= 19;
    }
  return p * small[k];
}

/* 10^k, exact for k <= 22. */
static double
pow10_double (int k)
{
  static const double p[] = {
    1e0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11, 1e12, 1e13, 1e14, 1e15,
    1e16, 1e17, 1e18, 1e19, 1e20, 1e21, 1e22,
  };

  return p[k];
}

typedef struct {
  guint64 M;    /* |x| = M / 2^s, 2^52 <= M < 2^53 */
  int     s;
  int     X;    /* floor (log10 |x|) */
} Exact;

/* |x| >= 10^e */
static gboolean
at_least_pow10 (const Exact *x,
                int          e)
{
  if (e >= 0)
    return (OtU128) x->M >= pow10_u128 (e) << x->s;
  return (OtU128) x->M * pow10_u128 (-e) >= (OtU128) 1 << x->s;
}

static gboolean
exact_of (double  a,
          Exact  *x)
{
  int e2;
  double f;

  if (!(a >= FAST_MIN && a < FAST_MAX))
    return FALSE;
  f = frexp (a, &e2);
  x->M = (guint64) ldexp (f, 53);
  x->s = 53 - e2;
  x->X = (int) floor (log10 (a));
  /* log10 () may be one off next to a power of ten. */
  if (!at_least_pow10 (x, x->X))
    x->X--;
  else if (at_least_pow10 (x, x->X + 1))
    x->X++;
  return x->s >= 1 && x->s <= 70;
}

/* |x| rounded to @P significant digits: @m × 10^-@k. */
static void
round_digits (const Exact *x,
              int          P,
              guint64     *m,
              int         *k)
{
  OtU128 num = x->M, den = (OtU128) 1 << x->s, q, r;

  *k = P - 1 - x->X;
  if (*k >= 0)
    num *= pow10_u128 (*k);
  else
    den *= pow10_u128 (-*k);
  q = num / den;
  r = num % den;
  if (2 * r > den || (2 * r == den && (q & 1) != 0))
    q++;
  *m = (guint64) q;
}

/* Whether strtod () of @m × 10^-@k gives |x| back. */
static gboolean
reads_back (const Exact *x,
            guint64      m,
            int          k)
{
  OtU128 t = pow10_u128 (ABS (k));
  /* The midpoints to the neighbours, times 4 × 2^s: below a power of two
   * the lower neighbour is half as far. */
  OtU128 hi = 4 * (OtU128) x->M + 2;
  OtU128 lo = 4 * (OtU128) x->M - (x->M == (G_GUINT64_CONSTANT (1) << 52) ? 1 : 2);
  OtU128 d = (OtU128) m << (x->s + 2);

  if (k >= 0)
    {
      hi *= t;
      lo *= t;
    }
  else
    d *= t;
  if (d < hi && d > lo)
    return TRUE;
  return (d == hi || d == lo) && (x->M & 1) == 0;
}

/* @m × 10^-@k in plain decimal, trailing zeros of the fraction dropped. */
static void
append_fixed (GString  *out,
              gboolean  negative,
              guint64   m,
              int       k)
{
  char buf[48];
  char *end = buf + sizeof buf, *p = end;

  while (k > 0 && m % 10 == 0)
    {
      m /= 10;
      k--;
    }
  for (; k < 0; k++)
    *--p = '0';
  do
    {
      *--p = '0' + m % 10;
      m /= 10;
      if (--k == 0)
        *--p = '.';
    }
  while (m > 0 || k >= 0);
  if (negative)
    *--p = '-';
  g_string_append_len (out, p, end - p);
}

/* The first of @n_digits significant digits that reads back, written as
 * fixed decimal; FALSE when @number is outside the fast path's range. */
static gboolean
append_shortest_fast (GString   *out,
                      double     number,
                      const int *digits,
                      guint      n_digits)
{
  Exact x;

  if (!exact_of (fabs (number), &x))
    return FALSE;
  for (guint i = 0; i < n_digits; i++)
    {
      guint64 m;
      int k;

      round_digits (&x, digits[i], &m, &k);
      if (reads_back (&x, m, k))
        {
          append_fixed (out, number < 0, m, k);
          return TRUE;
        }
    }
  return FALSE;
}
#endif

double
ot_writer_round_digits (double value,
                        guint  digits)
{
  char buf[G_ASCII_DTOSTR_BUF_SIZE];

  g_return_val_if_fail (digits >= 1 && digits <= 17, value);

  if (value == 0)
    return value;
#ifdef __SIZEOF_INT128__
  {
    Exact x;

    /* m < 10^17 and 10^|k| <= 10^21: one correctly rounded division or
     * product of exact doubles, as strtod () of the digits gives when m
     * < 2^53 (k >= 0, 10^k exact up to 10^22). */
    if (digits <= 15 && exact_of (fabs (value), &x))
      {
        guint64 m;
        int k;
        double r;

        round_digits (&x, (int) digits, &m, &k);
        if (k >= 0 && k <= 22)
          {
            r = (double) m / pow10_double (k);
            return value < 0 ? -r : r;
          }
      }
  }
#endif
  g_snprintf (buf, sizeof buf, "%.*g", (int) digits, value);
  return g_ascii_strtod (buf, NULL);
}

void
ot_writer_append_number (GString *out,
                         double   number)
{
  /* g_ascii_formatd() takes a literal format: the widths that can be the
   * shortest exact one (%g drops trailing zeros, so 15 digits gives "0.1"
   * and "327164.35"; 17 always reads back). */
  static const char * const formats[] = { "%.15g", "%.16g", "%.17g" };
  char buf[G_ASCII_DTOSTR_BUF_SIZE];

  g_return_if_fail (out != NULL);

#ifdef __SIZEOF_INT128__
  {
    /* %.Ng is fixed notation for these numbers (-4 <= exponent < N). */
    static const int digits[] = { 15, 16, 17 };

    if (number == 0 && !signbit (number))
      {
        g_string_append_c (out, '0');
        return;
      }
    if (append_shortest_fast (out, number, digits, G_N_ELEMENTS (digits)))
      return;
  }
#endif
  for (guint i = 0; i < G_N_ELEMENTS (formats); i++)
    {
      g_ascii_formatd (buf, sizeof buf, formats[i], number);
      if (g_ascii_strtod (buf, NULL) == number)
        break;
    }
  g_string_append (out, buf);
}

void
ot_writer_append_decimal (GString *out,
                          double   number)
{
  /* The shortest mantissa that reads back, as %.Ne gives it, then its
   * digits placed around the decimal point. */
  static const char * const formats[] = {
    "%.0e", "%.1e", "%.2e", "%.3e", "%.4e", "%.5e", "%.6e", "%.7e", "%.8e",
    "%.9e", "%.10e", "%.11e", "%.12e", "%.13e", "%.14e", "%.15e", "%.16e",
  };
  char buf[G_ASCII_DTOSTR_BUF_SIZE];
  char digits[24];
  const char *p;
  gsize n = 0;
  int exponent;

  g_return_if_fail (out != NULL);

  if (!isfinite (number))
    {
      ot_writer_append_number (out, number);
      return;
    }
  if (number == 0)
    {
      g_string_append_c (out, '0');
      return;
    }
#ifdef __SIZEOF_INT128__
  {
    static const int widths[] = { 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17 };

    if (append_shortest_fast (out, number, widths, G_N_ELEMENTS (widths)))
      return;
  }
#endif
  for (guint i = 0; i < G_N_ELEMENTS (formats); i++)
    {
      g_ascii_formatd (buf, sizeof buf, formats[i], number);
      if (g_ascii_strtod (buf, NULL) == number)
        break;
    }
  p = buf;
  if (*p == '-')
    {
      g_string_append_c (out, '-');
      p++;
    }
  for (; *p != 'e'; p++)
    if (g_ascii_isdigit (*p) && n + 1 < sizeof digits)
      digits[n++] = *p;
  exponent = atoi (p + 1);
  while (n > 1 && digits[n - 1] == '0')
    n--;
  digits[n] = '\0';

  /* digits = d1 d2 … dn, the number d1.d2…dn × 10^exponent. */
  if (exponent < 0)
    {
      g_string_append (out, "0.");
      for (int i = -1; i > exponent; i--)
        g_string_append_c (out, '0');
      g_string_append (out, digits);
    }
  else if ((gsize) exponent + 1 >= n)
    {
      g_string_append (out, digits);
      for (gsize i = n; i < (gsize) exponent + 1; i++)
        g_string_append_c (out, '0');
    }
  else
    {
      g_string_append_len (out, digits, exponent + 1);
      g_string_append_c (out, '.');
      g_string_append (out, digits + exponent + 1);
    }
}

/* The text of each standard column; NULL when not given.  Numbers and
 * dates are formatted into @scratch. */
static const char *
column_text (const OtIncident *incident,
             OtColumn          column,
             GString          *scratch)
{
  g_string_truncate (scratch, 0);

  switch (column)
    {
    case OT_COLUMN_ID: return incident->id;
    case OT_COLUMN_DATE:
      {
        g_autofree char *date = ot_date_to_string (&incident->date);
        g_string_append (scratch, date);
        return scratch->len ? scratch->str : NULL;
      }
    case OT_COLUMN_MINERAL:
      return incident->mineral != OT_MINERAL_NONE ? ot_mineral_name (incident->mineral) : NULL;
    case OT_COLUMN_FORM:
      return incident->form != OT_FORM_UNKNOWN ? ot_form_name (incident->form) : NULL;
    case OT_COLUMN_HS_CODE: return incident->hs_code;
    case OT_COLUMN_QUANTITY:
      if (isnan (incident->quantity_kg))
        return NULL;
      ot_writer_append_decimal (scratch, incident->quantity_kg);
      return scratch->str;
    case OT_COLUMN_UNIT: return isnan (incident->quantity_kg) ? NULL : "kg";
    case OT_COLUMN_VALUE:
      if (isnan (incident->value))
        return NULL;
      ot_writer_append_decimal (scratch, incident->value);
      return scratch->str;
    case OT_COLUMN_CURRENCY: return incident->currency;
    case OT_COLUMN_DECLARED_AS: return incident->declared_as;
    case OT_COLUMN_CONCEALMENT: return incident->concealment;
    case OT_COLUMN_ORIGIN: return OT_COUNTRY_IS_SET (incident->origin) ? incident->origin.code : NULL;
    case OT_COLUMN_EXPORTER: return incident->exporter;
    case OT_COLUMN_VIA:
      for (guint i = 0; i < incident->n_via; i++)
        {
          if (i > 0)
            g_string_append (scratch, "; ");
          g_string_append (scratch, incident->via[i].country.code);
          if (incident->via[i].port)
            g_string_append_printf (scratch, ":%s", incident->via[i].port);
        }
      return scratch->len ? scratch->str : NULL;
    case OT_COLUMN_DESTINATION:
      return OT_COUNTRY_IS_SET (incident->destination) ? incident->destination.code : NULL;
    case OT_COLUMN_CONSIGNEE: return incident->consignee;
    case OT_COLUMN_STATUS: return ot_status_name (incident->status);
    case OT_COLUMN_CONFIDENCE: return ot_confidence_name (incident->confidence);
    case OT_COLUMN_RELIABILITY:
      if (!incident->reliability)
        return NULL;
      g_string_append_c (scratch, incident->reliability);
      return scratch->str;
    case OT_COLUMN_CREDIBILITY:
      if (!incident->credibility)
        return NULL;
      g_string_append_printf (scratch, "%u", incident->credibility);
      return scratch->str;
    case OT_COLUMN_EVENT_COUNTRY:
      return OT_COUNTRY_IS_SET (incident->event_country) ? incident->event_country.code : NULL;
    case OT_COLUMN_EVENT_PLACE: return incident->event_place;
    case OT_COLUMN_AUTHORITY: return incident->authority;
    case OT_COLUMN_CASE_REF: return incident->case_ref;
    case OT_COLUMN_ILLUSTRATIVE: return incident->illustrative ? "true" : "false";
    case OT_COLUMN_SOURCE: return incident->source;
    case OT_COLUMN_SOURCE_URL: return incident->source_url;
    case OT_COLUMN_NOTES: return incident->notes;
    case OT_N_COLUMNS:
    default:
      g_return_val_if_reached (NULL);
    }
}

const char *
ot_writer_column_text_in (const OtIncident *incident,
                          OtColumn          column,
                          GString          *scratch)
{
  g_return_val_if_fail (incident != NULL, NULL);
  g_return_val_if_fail (column < OT_N_COLUMNS, NULL);
  g_return_val_if_fail (scratch != NULL, NULL);

  return column_text (incident, column, scratch);
}

char *
ot_writer_column_text (const OtIncident *incident,
                       OtColumn          column)
{
  g_autoptr(GString) scratch = g_string_new (NULL);

  g_return_val_if_fail (incident != NULL, NULL);
  g_return_val_if_fail (column < OT_N_COLUMNS, NULL);

  return g_strdup (column_text (incident, column, scratch));
}

typedef void (*FieldWriter) (GString    *out,
                             const char *text);

/* The extra columns of a CSV, after the standard ones, with an index from
 * key to position so that a record is written in time linear in its
 * columns (a scan of the incident's extras per column was quadratic:
 * 100,000 extra columns took seconds a row). */
typedef struct {
  const char * const *keys;
  guint               n_keys;
  GHashTable         *index;    /* key → position + 1 */
  const char        **values;   /* one record's values, by position */
} ExtraColumns;

static void
extra_columns_init (ExtraColumns       *cols,
                    const char * const *keys)
{
  cols->keys = keys;
  cols->n_keys = keys ? g_strv_length ((char **) keys) : 0;
  cols->index = NULL;
  cols->values = NULL;
  if (cols->n_keys == 0)
    return;
  cols->index = g_hash_table_new (g_str_hash, g_str_equal);
  cols->values = g_new0 (const char *, cols->n_keys);
  for (guint i = 0; i < cols->n_keys; i++)
    g_hash_table_insert (cols->index, (gpointer) keys[i], GUINT_TO_POINTER (i + 1));
}

static void
extra_columns_clear (ExtraColumns *cols)
{
  g_clear_pointer (&cols->index, g_hash_table_unref);
  g_clear_pointer (&cols->values, g_free);
}

static void
append_csv_header (GString            *out,
                   const ExtraColumns *cols,
                   FieldWriter         write_field)
{
  for (guint c = 0; c < OT_N_COLUMNS; c++)
    {
      if (c > 0)
        g_string_append_c (out, ',');
      g_string_append (out, ot_column_name (c));
    }
  for (guint i = 0; i < cols->n_keys; i++)
    {
      g_string_append_c (out, ',');
      write_field (out, cols->keys[i]);
    }
  g_string_append_c (out, '\n');
}

void
ot_writer_csv_header (GString            *out,
                      const char * const *extra_keys)
{
  ExtraColumns cols;

  g_return_if_fail (out != NULL);

  extra_columns_init (&cols, extra_keys);
  append_csv_header (out, &cols, ot_csv_append_field);
  extra_columns_clear (&cols);
}

static void
append_csv_record (GString            *out,
                   const OtIncident   *incident,
                   ExtraColumns       *cols,
                   GString            *scratch,
                   FieldWriter         write_field)
{
  for (guint c = 0; c < OT_N_COLUMNS; c++)
    {
      if (c > 0)
        g_string_append_c (out, ',');
      write_field (out, column_text (incident, c, scratch));
    }
  if (cols->n_keys == 0)
    {
      g_string_append_c (out, '\n');
      return;
    }
  /* The first value of a key wins, as a scan from the start found it. */
  for (guint j = 0; j < incident->n_extras; j++)
    {
      guint pos = GPOINTER_TO_UINT (g_hash_table_lookup (cols->index, incident->extras[j].key));

      if (pos > 0 && cols->values[pos - 1] == NULL)
        cols->values[pos - 1] = incident->extras[j].value;
    }
  for (guint i = 0; i < cols->n_keys; i++)
    {
      g_string_append_c (out, ',');
      write_field (out, cols->values[i]);
    }
  for (guint j = 0; j < incident->n_extras; j++)
    {
      guint pos = GPOINTER_TO_UINT (g_hash_table_lookup (cols->index, incident->extras[j].key));

      if (pos > 0)
        cols->values[pos - 1] = NULL;
    }
  g_string_append_c (out, '\n');
}

void
ot_writer_csv_record (GString            *out,
                      const OtIncident   *incident,
                      const char * const *extra_keys)
{
  g_autoptr(GString) scratch = g_string_new (NULL);
  ExtraColumns cols;

  g_return_if_fail (out != NULL);
  g_return_if_fail (incident != NULL);

  extra_columns_init (&cols, extra_keys);
  append_csv_record (out, incident, &cols, scratch, ot_csv_append_field);
  extra_columns_clear (&cols);
}

/* A number as the writer prints them ("-12.5", "1e+06"): safe to leave. */
static gboolean
is_plain_number (const char *text)
{
  char *end = NULL;
  double value = g_ascii_strtod (text, &end);

  return end != text && *end == '\0' && isfinite (value);
}

void
ot_writer_csv_safe_field (GString    *out,
                          const char *text)
{
  g_return_if_fail (out != NULL);

  if (text == NULL)
    return;
  if (strchr ("=+-@\t\r", text[0]) != NULL && text[0] != '\0' && !is_plain_number (text))
    {
      g_string_append (out, "\"'");
      for (const char *p = text; *p; p++)
        {
          if (*p == '"')
            g_string_append_c (out, '"');
          g_string_append_c (out, *p);
        }
      g_string_append_c (out, '"');
      return;
    }
  ot_csv_append_field (out, text);
}

static void
append_json_string (GString    *out,
                    const char *text)
{
  g_string_append_c (out, '"');
  for (const char *p = text; *p; p++)
    {
      switch (*p)
        {
        case '"': g_string_append (out, "\\\""); break;
        case '\\': g_string_append (out, "\\\\"); break;
        case '\n': g_string_append (out, "\\n"); break;
        case '\r': g_string_append (out, "\\r"); break;
        case '\t': g_string_append (out, "\\t"); break;
        default:
          if ((guchar) *p < 0x20)
            g_string_append_printf (out, "\\u%04x", (guchar) *p);
          else
            g_string_append_c (out, *p);
        }
    }
  g_string_append_c (out, '"');
}

static void
begin_member (GString    *out,
              gboolean   *first,
              gboolean    pretty,
              const char *key)
{
  g_string_append (out, *first ? "" : ",");
  g_string_append (out, pretty ? "\n    " : *first ? "" : " ");
  *first = FALSE;
  append_json_string (out, key);
  g_string_append (out, ": ");
}

static void
append_json_indent (GString *out,
                    guint    level)
{
  g_string_append_c (out, '\n');
  for (guint i = 0; i < level; i++)
    g_string_append (out, "  ");
}

void
ot_writer_append_json (GString  *out,
                       JsonNode *node,
                       guint     level)
{
  g_return_if_fail (out != NULL);

  if (node == NULL || JSON_NODE_HOLDS_NULL (node))
    {
      g_string_append (out, "null");
      return;
    }
  switch (json_node_get_node_type (node))
    {
    case JSON_NODE_OBJECT:
      {
        JsonObject *object = json_node_get_object (node);
        /* In the order the members were added (json-glib 1.6's
         * JsonObjectIter has no order). */
        g_autoptr(GList) names = json_object_get_members (object);
        gboolean first = TRUE;

        g_string_append_c (out, '{');
        for (GList *l = names; l != NULL; l = l->next)
          {
            g_string_append (out, first ? "" : ",");
            first = FALSE;
            append_json_indent (out, level + 1);
            append_json_string (out, l->data);
            g_string_append (out, " : ");
            ot_writer_append_json (out, json_object_get_member (object, l->data), level + 1);
          }
        if (!first)
          append_json_indent (out, level);
        g_string_append_c (out, '}');
        break;
      }
    case JSON_NODE_ARRAY:
      {
        JsonArray *array = json_node_get_array (node);
        guint n = json_array_get_length (array);

        g_string_append_c (out, '[');
        for (guint i = 0; i < n; i++)
          {
            g_string_append (out, i > 0 ? "," : "");
            append_json_indent (out, level + 1);
            ot_writer_append_json (out, json_array_get_element (array, i), level + 1);
          }
        if (n > 0)
          append_json_indent (out, level);
        g_string_append_c (out, ']');
        break;
      }
    case JSON_NODE_VALUE:
      switch (json_node_get_value_type (node))
        {
        case G_TYPE_INT64:
          g_string_append_printf (out, "%" G_GINT64_FORMAT, json_node_get_int (node));
          break;
        case G_TYPE_DOUBLE:
          {
            double value = json_node_get_double (node);

            gsize start = out->len;

            /* JSON has no infinity or NaN. */
            if (!isfinite (value))
              {
                g_string_append (out, "null");
                break;
              }
            ot_writer_append_number (out, value);
            /* A double stays a double to readers ("5600.0", as json-glib
             * wrote it and docs/network.md shows). */
            if (strpbrk (out->str + start, ".eE") == NULL)
              g_string_append (out, ".0");
            break;
          }
        case G_TYPE_BOOLEAN:
          g_string_append (out, json_node_get_boolean (node) ? "true" : "false");
          break;
        case G_TYPE_STRING:
          append_json_string (out, json_node_get_string (node));
          break;
        default:
          g_string_append (out, "null");
          break;
        }
      break;
    case JSON_NODE_NULL:
    default:
      g_string_append (out, "null");
      break;
    }
}

void
ot_writer_json_record (GString          *out,
                       const OtIncident *incident,
                       gboolean          pretty)
{
  g_autoptr(GString) scratch = g_string_new (NULL);
  gboolean first = TRUE;

  g_return_if_fail (out != NULL);
  g_return_if_fail (incident != NULL);

  g_string_append_c (out, '{');
  for (guint c = 0; c < OT_N_COLUMNS; c++)
    {
      const char *text;

      if (c == OT_COLUMN_UNIT)
        continue;   /* written with the quantity, below */
      text = column_text (incident, c, scratch);
      if (text == NULL)
        continue;

      begin_member (out, &first, pretty, ot_column_name (c));
      if (c == OT_COLUMN_QUANTITY || c == OT_COLUMN_VALUE || c == OT_COLUMN_CREDIBILITY)
        g_string_append (out, text);
      else if (c == OT_COLUMN_ILLUSTRATIVE)
        g_string_append (out, incident->illustrative ? "true" : "false");
      else if (c == OT_COLUMN_VIA)
        {
          g_string_append_c (out, '[');
          for (guint i = 0; i < incident->n_via; i++)
            {
              g_autofree char *hop = incident->via[i].port
                ? g_strdup_printf ("%s:%s", incident->via[i].country.code, incident->via[i].port)
                : g_strdup (incident->via[i].country.code);
              if (i > 0)
                g_string_append (out, ", ");
              append_json_string (out, hop);
            }
          g_string_append_c (out, ']');
        }
      else
        append_json_string (out, text);

      if (c == OT_COLUMN_QUANTITY)
        {
          begin_member (out, &first, pretty, "unit");
          append_json_string (out, "kg");
        }
    }
  for (guint i = 0; i < incident->n_extras; i++)
    {
      begin_member (out, &first, pretty, incident->extras[i].key);
      append_json_string (out, incident->extras[i].value);
    }
  g_string_append (out, pretty ? "\n  }" : "}");
}

/* Every extra key in the dataset, in order of first use. */
static GStrv
collect_extra_keys (OtDataset *dataset)
{
  g_autoptr(GHashTable) seen = g_hash_table_new (g_str_hash, g_str_equal);
  g_autoptr(GStrvBuilder) keys = g_strv_builder_new ();

  for (guint i = 0; i < ot_dataset_get_n_incidents (dataset); i++)
    {
      const OtIncident *incident = ot_dataset_get_incident (dataset, i);
      for (guint j = 0; j < incident->n_extras; j++)
        if (g_hash_table_add (seen, (gpointer) incident->extras[j].key))
          g_strv_builder_add (keys, incident->extras[j].key);
    }
  return g_strv_builder_end (keys);
}

/* Where the text goes: kept whole in @out, or handed to @file in pieces
 * of FLUSH_SIZE. */
#define FLUSH_SIZE (256 * 1024)

typedef struct {
  GString      *out;
  OtAtomicFile *file;
  GCancellable *cancellable;
} Output;

/* FALSE once writing should stop: a write failed or the caller cancelled
 * (ot_atomic_file_commit() then says which). */
static gboolean
output_flush (Output   *o,
              gboolean  force)
{
  if (o->file == NULL || (!force && o->out->len < FLUSH_SIZE))
    return TRUE;
  ot_atomic_file_write (o->file, o->out->str, o->out->len, NULL);
  g_string_truncate (o->out, 0);
  return !ot_atomic_file_failed (o->file) && !g_cancellable_is_cancelled (o->cancellable);
}

/* The incidents whose @mask byte is set (@mask NULL: all) in @format;
 * @safe: spreadsheet-safe CSV fields. */
static void
write_dataset (OtDataset    *dataset,
               OtFormat      format,
               const guint8 *mask,
               gboolean      safe,
               Output       *o)
{
  g_autoptr(GString) scratch = g_string_new (NULL);
  g_auto(GStrv) extra_keys = NULL;
  ExtraColumns cols = { NULL, 0, NULL, NULL };
  guint n = ot_dataset_get_n_incidents (dataset);
  gboolean first = TRUE;

  if (format == OT_FORMAT_JSON)
    g_string_append (o->out, "{\"incidents\": [");
  else if (format != OT_FORMAT_JSONL)
    {
      extra_keys = collect_extra_keys (dataset);
      extra_columns_init (&cols, (const char * const *) extra_keys);
      append_csv_header (o->out, &cols, safe ? ot_writer_csv_safe_field : ot_csv_append_field);
    }
  for (guint i = 0; i < n && output_flush (o, FALSE); i++)
    {
      const OtIncident *incident = ot_dataset_get_incident (dataset, i);

      if (mask != NULL && !mask[i])
        continue;
      switch (format)
        {
        case OT_FORMAT_JSON:
          g_string_append (o->out, first ? "\n  " : ",\n  ");
          ot_writer_json_record (o->out, incident, TRUE);
          break;
        case OT_FORMAT_JSONL:
          ot_writer_json_record (o->out, incident, FALSE);
          g_string_append_c (o->out, '\n');
          break;
        case OT_FORMAT_CSV:
        case OT_FORMAT_UNKNOWN:
        default:
          append_csv_record (o->out, incident, &cols, scratch,
                             safe ? ot_writer_csv_safe_field : ot_csv_append_field);
          break;
        }
      first = FALSE;
    }
  if (format == OT_FORMAT_JSON)
    g_string_append (o->out, "\n]}\n");
  extra_columns_clear (&cols);
  output_flush (o, TRUE);
}

GBytes *
ot_writer_to_bytes (OtDataset *dataset,
                    OtFormat   format)
{
  Output o = { NULL, NULL, NULL };

  g_return_val_if_fail (OT_IS_DATASET (dataset), NULL);

  o.out = g_string_new (NULL);
  write_dataset (dataset, format, NULL, FALSE, &o);
  return g_string_free_to_bytes (o.out);
}

/* Through the atomic writer: on any failure @file is left as it was. */
static gboolean
save (OtDataset     *dataset,
      OtFormat       format,
      const guint8  *mask,
      gboolean       safe,
      GFile         *file,
      GCancellable  *cancellable,
      GError       **error)
{
  g_autoptr(GString) out = g_string_new (NULL);
  g_autoptr(OtAtomicFile) atomic = NULL;
  const char *path = g_file_peek_path (file);
  Output o = { out, NULL, cancellable };

  if (path == NULL)
    {
      g_autofree char *uri = g_file_get_uri (file);

      g_set_error (error, OT_ERROR, OT_ERROR_UNSUPPORTED,
                   _("Cannot write “%s”: only local files can be written"), uri);
      return FALSE;
    }
  if (g_cancellable_set_error_if_cancelled (cancellable, error))
    return FALSE;
  atomic = ot_atomic_file_new (path, error);
  if (atomic == NULL)
    return FALSE;
  o.file = atomic;
  write_dataset (dataset, format, mask, safe, &o);
  return ot_atomic_file_commit (atomic, cancellable, error);
}

gboolean
ot_writer_save (OtDataset     *dataset,
                OtFormat       format,
                GFile         *file,
                GCancellable  *cancellable,
                GError       **error)
{
  g_return_val_if_fail (OT_IS_DATASET (dataset), FALSE);
  g_return_val_if_fail (G_IS_FILE (file), FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  return save (dataset, format, NULL, FALSE, file, cancellable, error);
}

GBytes *
ot_writer_csv_filtered (OtDataset    *dataset,
                        const guint8 *mask)
{
  Output o = { NULL, NULL, NULL };

  g_return_val_if_fail (OT_IS_DATASET (dataset), NULL);

  o.out = g_string_new (NULL);
  write_dataset (dataset, OT_FORMAT_CSV, mask, TRUE, &o);
  return g_string_free_to_bytes (o.out);
}

gboolean
ot_writer_write_csv_filtered (OtDataset     *dataset,
                              const guint8  *mask,
                              GFile         *file,
                              GCancellable  *cancellable,
                              GError       **error)
{
  g_return_val_if_fail (OT_IS_DATASET (dataset), FALSE);
  g_return_val_if_fail (G_IS_FILE (file), FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  return save (dataset, OT_FORMAT_CSV, mask, TRUE, file, cancellable, error);
}

/* In a worker thread ------------------------------------------------------- */

typedef struct {
  OtDataset *dataset;
  guint8    *mask;
  GFile     *file;
} CsvJob;

static void
csv_job_free (CsvJob *job)
{
  g_clear_object (&job->dataset);
  g_clear_pointer (&job->mask, g_free);
  g_clear_object (&job->file);
  g_free (job);
}

static void
write_csv_filtered_thread (GTask        *task,
                           gpointer      source_object,
                           gpointer      task_data,
                           GCancellable *cancellable)
{
  CsvJob *job = task_data;
  GError *error = NULL;

  if (ot_writer_write_csv_filtered (job->dataset, job->mask, job->file, cancellable, &error))
    g_task_return_boolean (task, TRUE);
  else
    g_task_return_error (task, error);
}

void
ot_writer_write_csv_filtered_async (OtDataset           *dataset,
                                    const guint8        *mask,
                                    GFile               *file,
                                    GCancellable        *cancellable,
                                    GAsyncReadyCallback  callback,
                                    gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  CsvJob *job;

  g_return_if_fail (OT_IS_DATASET (dataset));
  g_return_if_fail (G_IS_FILE (file));

  job = g_new0 (CsvJob, 1);
  job->dataset = g_object_ref (dataset);
  if (mask != NULL)
    job->mask = g_memdup2 (mask, MAX (ot_dataset_get_n_incidents (dataset), 1));
  job->file = g_object_ref (file);
  task = g_task_new (NULL, cancellable, callback, user_data);
  g_task_set_source_tag (task, ot_writer_write_csv_filtered_async);
  g_task_set_task_data (task, job, (GDestroyNotify) csv_job_free);
  g_task_run_in_thread (task, write_csv_filtered_thread);
}

gboolean
ot_writer_write_csv_filtered_finish (GAsyncResult  *result,
                                     GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, NULL), FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}
