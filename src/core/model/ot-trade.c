/* SPDX-License-Identifier: GPL-3.0-or-later */
/* ot-trade.c: the trade products (data/trade-products.csv, read once from
 * the core GResource), places and the columnar table of statistical rows. */
#include "ot-trade.h"

#include <glib/gi18n-lib.h>
#include <math.h>
#include <string.h>

#include "ot-big.h"
#include "ot-csv.h"
#include "ot-data.h"

/* ---- Products ----------------------------------------------------------------------- */

typedef struct {
  GArray       *products;  /* of OtTradeProduct, strings in @strings */
  GStringChunk *strings;
  GHashTable   *by_code;   /* "nomenclature:digits" -> index + 1 */
  guint         max_digits;
} ProductTable;

static const char *const nomenclature_names[] = { "hs", "china", "us", "eu" };
static const char *const role_names[] = { "controlled", "uncontrolled", "placebo" };

static gboolean
parse_name (const char         *text,
            const char *const  *names,
            guint               n_names,
            guint              *out)
{
  for (guint i = 0; i < n_names; i++)
    if (g_ascii_strcasecmp (text, names[i]) == 0)
      {
        *out = i;
        return TRUE;
      }
  return FALSE;
}

/* The digits of @code (dots, blanks and dashes left out) into @buf;
 * FALSE when anything else is in it or it is too long. */
static gboolean
code_digits (const char *code,
             char       *buf,
             gsize       size)
{
  gsize n = 0;

  for (const char *p = code; *p; p++)
    {
      if (*p == '.' || *p == ' ' || *p == '-' || *p == '\t')
        continue;
      if (!g_ascii_isdigit (*p) || n + 1 >= size)
        return FALSE;
      buf[n++] = *p;
    }
  buf[n] = '\0';
  return n > 0;
}

static ProductTable *
load_products (void)
{
  ProductTable *table = g_new0 (ProductTable, 1);
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) bytes = ot_data_lookup ("trade-products.csv", &error);
  g_autoptr(OtCsvReader) reader = NULL;
  OtCsvRow row;
  gboolean header = TRUE;
  const char *data;
  gsize size;

  table->products = g_array_new (FALSE, TRUE, sizeof (OtTradeProduct));
  table->strings = g_string_chunk_new (4096);
  table->by_code = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  if (bytes == NULL)
    {
      g_critical ("trade-products.csv: %s", error->message);
      return table;
    }
  data = g_bytes_get_data (bytes, &size);
  reader = ot_csv_reader_new (data, size, OT_CSV_SKIP_COMMENTS);
  while (ot_csv_reader_next (reader, &row))
    {
      OtTradeProduct product = { 0 };
      char digits[16];
      guint nomenclature, role;

      if (header)
        {
          header = FALSE;
          continue;
        }
      /* The file is ours and checked by tests/test-trade.c: a bad row is a
       * programming error, not input to report. */
      if (row.error != NULL || row.n_fields < 6 ||
          !code_digits (row.fields[0], digits, sizeof digits) ||
          !parse_name (row.fields[1], nomenclature_names, G_N_ELEMENTS (nomenclature_names), &nomenclature) ||
          !ot_mineral_parse (row.fields[2], &product.mineral) ||
          !parse_name (row.fields[4], role_names, G_N_ELEMENTS (role_names), &role))
        {
          g_critical ("trade-products.csv:%u: a bad row", row.line);
          continue;
        }
      product.code = g_string_chunk_insert_const (table->strings, digits);
      product.nomenclature = nomenclature;
      product.form = g_string_chunk_insert_const (table->strings, row.fields[3]);
      product.role = role;
      product.source = g_string_chunk_insert_const (table->strings, row.fields[5]);
      g_array_append_val (table->products, product);
      g_hash_table_insert (table->by_code, g_strdup_printf ("%u:%s", nomenclature, digits),
                           GUINT_TO_POINTER (table->products->len));
      table->max_digits = MAX (table->max_digits, strlen (digits));
    }
  return table;
}

static ProductTable *
get_products (void)
{
  static gsize once;
  static ProductTable *table;

  if (g_once_init_enter (&once))
    {
      table = load_products ();
      g_once_init_leave (&once, 1);
    }
  return table;
}

guint
ot_trade_product_count (void)
{
  return get_products ()->products->len;
}

const OtTradeProduct *
ot_trade_product_nth (guint index)
{
  ProductTable *table = get_products ();

  g_return_val_if_fail (index < table->products->len, NULL);

  return &g_array_index (table->products, OtTradeProduct, index);
}

static gboolean
lookup_prefix (ProductTable *table,
               guint         nomenclature,
               const char   *digits,
               gsize         length,
               guint        *index)
{
  char key[32];
  gpointer found;

  g_snprintf (key, sizeof key, "%u:%.*s", nomenclature, (int) length, digits);
  found = g_hash_table_lookup (table->by_code, key);
  if (found == NULL)
    return FALSE;
  *index = GPOINTER_TO_UINT (found) - 1;
  return TRUE;
}

gboolean
ot_trade_product_match (OtTradeNomenclature  nomenclature,
                        const char          *code,
                        guint               *index)
{
  ProductTable *table = get_products ();
  char digits[32];
  gsize n;

  g_return_val_if_fail (code != NULL, FALSE);
  g_return_val_if_fail (index != NULL, FALSE);

  if (!code_digits (code, digits, sizeof digits))
    return FALSE;
  n = strlen (digits);
  /* The national list's longest prefix, then the HS6 one: six digits
   * mean the same everywhere, more do not. */
  if (nomenclature != OT_TRADE_HS)
    for (gsize len = MIN (n, table->max_digits); len > 6; len--)
      if (lookup_prefix (table, nomenclature, digits, len, index))
        return TRUE;
  for (gsize len = MIN (n, 6); len >= 4; len--)
    if (lookup_prefix (table, OT_TRADE_HS, digits, len, index))
      return TRUE;
  return FALSE;
}

gboolean
ot_trade_product_find (OtTradeNomenclature  nomenclature,
                       const char          *code,
                       guint               *index)
{
  ProductTable *table = get_products ();
  char digits[32];

  g_return_val_if_fail (code != NULL, FALSE);
  g_return_val_if_fail (index != NULL, FALSE);

  return (guint) nomenclature < G_N_ELEMENTS (nomenclature_names) &&
         code_digits (code, digits, sizeof digits) &&
         lookup_prefix (table, nomenclature, digits, strlen (digits), index);
}

const char *
ot_trade_nomenclature_name (OtTradeNomenclature nomenclature)
{
  g_return_val_if_fail ((guint) nomenclature < G_N_ELEMENTS (nomenclature_names), NULL);

  return nomenclature_names[nomenclature];
}

gboolean
ot_trade_nomenclature_parse (const char          *name,
                             OtTradeNomenclature *out)
{
  guint n;

  g_return_val_if_fail (out != NULL, FALSE);

  if (name == NULL || !parse_name (name, nomenclature_names, G_N_ELEMENTS (nomenclature_names), &n))
    return FALSE;
  *out = n;
  return TRUE;
}

/* ---- Places --------------------------------------------------------------------------- */

OtTradePlace
ot_trade_place_from_country (const char *alpha2)
{
  int index = ot_country_index (alpha2);

  return index >= 0 && index < OT_TRADE_PLACE_FIRST_SPECIAL ? (OtTradePlace) index : OT_TRADE_PLACE_OTHER_ID;
}

OtTradePlaceKind
ot_trade_place_kind (OtTradePlace place)
{
  switch (place)
    {
    case OT_TRADE_PLACE_WORLD_ID:
      return OT_TRADE_PLACE_WORLD;
    case OT_TRADE_PLACE_CONFIDENTIAL_ID:
      return OT_TRADE_PLACE_CONFIDENTIAL;
    default:
      return place < ot_country_count () ? OT_TRADE_PLACE_COUNTRY : OT_TRADE_PLACE_OTHER;
    }
}

const char *
ot_trade_place_country (OtTradePlace place)
{
  return ot_trade_place_kind (place) == OT_TRADE_PLACE_COUNTRY ? ot_country_nth (place) : NULL;
}

/* ---- The table ------------------------------------------------------------------------ */

/* The columns, each an ot_big_alloc () block of @capacity rows (2 MiB
 * pages for large tables: first touching 4 KiB pages costs more than
 * filling them on a virtual machine, docs/performance.md). */
#define COLUMNS(X)                       \
  X (OtTradePlace, reporters, reporter)  \
  X (OtTradePlace, partners, partner)    \
  X (guint16, products, product)         \
  X (guint16, months, month)             \
  X (guint8, flows, flow)                \
  X (guint8, flags, flags)               \
  X (guint8, currencies, currency)       \
  X (guint8, spans, span)                \
  X (double, kgs, kg)                    \
  X (double, values, value)              \
  X (guint16, files_of, file)            \
  X (guint32, lines, line)

struct _OtTradeTable {
  gatomicrefcount  ref;
  guint            n_rows;
  guint            capacity;
#define DECLARE_COLUMN(type, column, field) type *column;
  COLUMNS (DECLARE_COLUMN)
#undef DECLARE_COLUMN
  GPtrArray       *files;       /* NULL-terminated, of char* */
};

/* Room for @n rows at least (doubling). */
static void
reserve (OtTradeTable *self,
         guint         n)
{
  guint capacity;

  if (n <= self->capacity)
    return;
  capacity = MAX (MAX (n, 256), self->capacity < G_MAXUINT / 2 ? self->capacity * 2 : G_MAXUINT);
#define GROW_COLUMN(type, column, field) \
  self->column = ot_big_realloc (self->column, (gsize) capacity * sizeof (type));
  COLUMNS (GROW_COLUMN)
#undef GROW_COLUMN
  self->capacity = capacity;
}

OtTradeTable *
ot_trade_table_new (void)
{
  OtTradeTable *self = g_new0 (OtTradeTable, 1);

  g_atomic_ref_count_init (&self->ref);
  reserve (self, 1);
  self->files = g_ptr_array_new_with_free_func (g_free);
  g_ptr_array_add (self->files, NULL);
  return self;
}

OtTradeTable *
ot_trade_table_ref (OtTradeTable *self)
{
  g_return_val_if_fail (self != NULL, NULL);

  g_atomic_ref_count_inc (&self->ref);
  return self;
}

void
ot_trade_table_unref (OtTradeTable *self)
{
  g_return_if_fail (self != NULL);

  if (!g_atomic_ref_count_dec (&self->ref))
    return;
#define FREE_COLUMN(type, column, field) ot_big_free (self->column);
  COLUMNS (FREE_COLUMN)
#undef FREE_COLUMN
  g_ptr_array_unref (self->files);
  g_free (self);
}

guint16
ot_trade_table_add_file (OtTradeTable *self,
                         const char   *name)
{
  g_return_val_if_fail (self != NULL, 0);
  g_return_val_if_fail (name != NULL, 0);

  /* The last slot is the terminating NULL. */
  self->files->pdata[self->files->len - 1] = g_strdup (name);
  g_ptr_array_add (self->files, NULL);
  return (guint16) (self->files->len - 2);
}

void
ot_trade_table_append (OtTradeTable     *self,
                       const OtTradeRow *row)
{
  g_return_if_fail (self != NULL);
  g_return_if_fail (row != NULL);

  ot_trade_table_append_rows (self, row, 1);
}

void
ot_trade_table_append_rows (OtTradeTable     *self,
                            const OtTradeRow *rows,
                            guint             n)
{
  guint start;

  g_return_if_fail (self != NULL);
  g_return_if_fail (rows != NULL || n == 0);

  start = self->n_rows;
  reserve (self, start + n);
#define FILL_COLUMN(type, column, field)             \
  G_STMT_START {                                     \
    type *out = self->column + start;                \
    for (guint i = 0; i < n; i++)                    \
      out[i] = rows[i].field;                        \
  } G_STMT_END;
  COLUMNS (FILL_COLUMN)
#undef FILL_COLUMN
  self->n_rows = start + n;
}

void
ot_trade_table_absorb (OtTradeTable *self,
                       OtTradeTable *other)
{
  g_autofree guint16 *file_map = NULL;
  guint n_files = other->files->len - 1;
  guint start;

  g_return_if_fail (self != NULL);
  g_return_if_fail (other != NULL);

  /* A file we have already (a piece of one file read by another
   * thread) keeps its entry; the others are added. */
  file_map = g_new (guint16, MAX (n_files, 1));
  for (guint i = 0; i < n_files; i++)
    {
      guint j = 0;

      while (j + 1 < self->files->len && strcmp (self->files->pdata[j], other->files->pdata[i]) != 0)
        j++;
      file_map[i] = j + 1 < self->files->len ? (guint16) j
                                             : ot_trade_table_add_file (self, other->files->pdata[i]);
    }
  start = self->n_rows;
  reserve (self, start + other->n_rows);
#define APPEND_COLUMN(type, column, field) \
  memcpy (self->column + start, other->column, (gsize) other->n_rows * sizeof (type));
  COLUMNS (APPEND_COLUMN)
#undef APPEND_COLUMN
  self->n_rows = start + other->n_rows;
  for (guint i = start; i < self->n_rows; i++)
    self->files_of[i] = self->files_of[i] < n_files ? file_map[self->files_of[i]] : self->files_of[i];
}

void
ot_trade_table_truncate (OtTradeTable *self,
                         guint         n_rows,
                         guint         n_files)
{
  g_return_if_fail (self != NULL);
  g_return_if_fail (n_rows <= self->n_rows && n_files < self->files->len);

  self->n_rows = n_rows;
  /* Slot @n_files becomes the terminating NULL. */
  g_ptr_array_set_size (self->files, n_files + 1);
  g_clear_pointer (&self->files->pdata[n_files], g_free);
}

guint
ot_trade_table_get_n_rows (OtTradeTable *self)
{
  g_return_val_if_fail (self != NULL, 0);

  return self->n_rows;
}

void
ot_trade_table_get_row (OtTradeTable *self,
                        guint         index,
                        OtTradeRow   *out)
{
  g_return_if_fail (self != NULL);
  g_return_if_fail (index < self->n_rows);
  g_return_if_fail (out != NULL);

#define GET_FIELD(type, column, field) out->field = self->column[index];
  COLUMNS (GET_FIELD)
#undef GET_FIELD
}

const char * const *
ot_trade_table_get_files (OtTradeTable *self)
{
  g_return_val_if_fail (self != NULL, NULL);

  return (const char * const *) self->files->pdata;
}

const OtTradePlace *
ot_trade_table_get_reporters (OtTradeTable *self)
{
  return self->reporters;
}

const OtTradePlace *
ot_trade_table_get_partners (OtTradeTable *self)
{
  return self->partners;
}

const guint16 *
ot_trade_table_get_products (OtTradeTable *self)
{
  return self->products;
}

const guint16 *
ot_trade_table_get_months (OtTradeTable *self)
{
  return self->months;
}

const guint8 *
ot_trade_table_get_flows (OtTradeTable *self)
{
  return self->flows;
}

const guint8 *
ot_trade_table_get_flags (OtTradeTable *self)
{
  return self->flags;
}

const double *
ot_trade_table_get_kgs (OtTradeTable *self)
{
  return self->kgs;
}

const double *
ot_trade_table_get_values (OtTradeTable *self)
{
  return self->values;
}

const guint8 *
ot_trade_table_get_currencies (OtTradeTable *self)
{
  return self->currencies;
}

const guint8 *
ot_trade_table_get_spans (OtTradeTable *self)
{
  return self->spans;
}

const guint16 *
ot_trade_table_get_file_indices (OtTradeTable *self)
{
  return self->files_of;
}

guint
ot_trade_table_count_generated (OtTradeTable *self)
{
  guint n_files, n = 0;
  g_autofree gboolean *generated = NULL;
  gboolean any = FALSE;

  g_return_val_if_fail (self != NULL, 0);

  n_files = self->files->len - 1;
  generated = g_new0 (gboolean, MAX (n_files, 1));
  for (guint f = 0; f < n_files; f++)
    {
      g_autofree char *base = g_path_get_basename (self->files->pdata[f]);
      g_autofree char *folded = g_ascii_strdown (base, -1);

      generated[f] = strstr (folded, "generated") != NULL;
      any = any || generated[f];
    }
  if (!any)
    return 0;
  for (guint i = 0; i < self->n_rows; i++)
    {
      guint16 f = self->files_of[i];

      n += f < n_files && generated[f];
    }
  return n;
}

char *
ot_trade_table_describe_generated (OtTradeTable *self)
{
  guint n;

  g_return_val_if_fail (self != NULL, NULL);

  n = ot_trade_table_count_generated (self);
  if (n == 0)
    return NULL;
  if (n == ot_trade_table_get_n_rows (self))
    /* TRANSLATORS: said of trade statistics a generator made up (tests,
     * demonstrations) wherever they are shown */
    return g_strdup (_("generated, not real statistics"));
  return g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%'u row generated, not real statistics",
                                       "%'u rows generated, not real statistics", n), n);
}

gboolean
ot_trade_table_get_period (OtTradeTable *self,
                           guint16      *first,
                           guint16      *last)
{
  const guint16 *months;
  const guint8 *spans;
  guint16 lo = G_MAXUINT16, hi = 0;

  g_return_val_if_fail (self != NULL, FALSE);

  months = self->months;
  spans = self->spans;
  for (guint i = 0; i < self->n_rows; i++)
    {
      lo = MIN (lo, months[i]);
      hi = MAX (hi, months[i] + MAX (spans[i], 1) - 1);
    }
  if (self->n_rows == 0)
    return FALSE;
  if (first)
    *first = lo;
  if (last)
    *last = hi;
  return TRUE;
}
