/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "ot-country.h"
#include "ot-csv.h"
#include "ot-data.h"

#include <glib/gi18n-lib.h>
#include <stdlib.h>
#include <string.h>

/* Debian's iso-codes gettext domain for ISO 3166-1 names. */
#define ISO_3166_DOMAIN "iso_3166-1"

typedef struct {
  char    alpha2[3];
  char    alpha3[4];
  int     numeric;
  char   *name;
  double  lat;
  double  lon;
} Country;

typedef struct {
  GArray     *countries;   /* of Country, in file order */
  GHashTable *by_alpha2;   /* alpha2 -> index + 1 */
  GHashTable *by_key;      /* folded alpha2/alpha3/name/alias -> index + 1 */
} CountryTable;

/* Common names that are neither the code nor the table's English name.
 * Names differing only in case, accents or a leading "the" need no entry. */
static const struct { const char *alias; const char *alpha2; } aliases[] = {
  { "USA", "US" }, { "U.S.", "US" }, { "U.S.A.", "US" }, { "United States of America", "US" },
  { "America", "US" },
  { "UK", "GB" }, { "U.K.", "GB" }, { "Great Britain", "GB" }, { "Britain", "GB" },
  { "Viet Nam", "VN" }, { "Socialist Republic of Viet Nam", "VN" },
  { "Korea, Republic of", "KR" }, { "Republic of Korea", "KR" }, { "ROK", "KR" },
  { "Korea, Democratic People's Republic of", "KP" }, { "DPRK", "KP" },
  { "Turkey", "TR" }, { "Turkiye", "TR" },
  { "Russia", "RU" },
  { "Iran, Islamic Republic of", "IR" },
  { "Lao People's Democratic Republic", "LA" }, { "Lao PDR", "LA" },
  { "Taiwan, Province of China", "TW" }, { "Chinese Taipei", "TW" },
  { "Hong Kong SAR", "HK" }, { "Hong Kong, China", "HK" }, { "Hongkong", "HK" },
  { "Macau", "MO" }, { "Macao SAR", "MO" }, { "Macau SAR", "MO" },
  { "Czech Republic", "CZ" },
  { "Syrian Arab Republic", "SY" },
  { "Bolivia, Plurinational State of", "BO" },
  { "Venezuela, Bolivarian Republic of", "VE" },
  { "Tanzania, United Republic of", "TZ" },
  { "Moldova, Republic of", "MD" },
  { "Burma", "MM" },
  { "Ivory Coast", "CI" },
  { "Holland", "NL" },
  { "UAE", "AE" }, { "Emirates", "AE" },
  { "PRC", "CN" }, { "People's Republic of China", "CN" }, { "Mainland China", "CN" },
  { "Swaziland", "SZ" },
  { "Macedonia", "MK" },
  { "Cape Verde", "CV" },
  { "East Timor", "TL" },
  { "DR Congo", "CD" }, { "DRC", "CD" }, { "Democratic Republic of the Congo", "CD" },
  { "Congo-Kinshasa", "CD" }, { "Congo-Brazzaville", "CG" }, { "Republic of the Congo", "CG" },
  { "Palestine", "PS" },
  { "Vatican", "VA" }, { "Vatican City", "VA" }, { "Holy See", "VA" },
  { "Brunei", "BN" },
  { "Micronesia", "FM" },
};

/* Case, accents, blanks and a leading "the" do not matter:
 * " the  Côte D'IVOIRE" and "cote d'ivoire" give the same key. */
static char *
fold_key (const char *text)
{
  g_autofree char *decomposed = NULL;
  g_autofree char *folded = NULL;
  GString *key;
  const char *p;
  gboolean space = FALSE;

  if (!g_utf8_validate (text, -1, NULL))
    return NULL;

  decomposed = g_utf8_normalize (text, -1, G_NORMALIZE_NFD);
  folded = g_utf8_casefold (decomposed, -1);
  key = g_string_sized_new (strlen (folded));

  for (p = folded; *p; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);

      if (g_unichar_type (c) == G_UNICODE_NON_SPACING_MARK)
        continue;
      if (g_unichar_isspace (c))
        {
          space = key->len > 0;
          continue;
        }
      if (space)
        g_string_append_c (key, ' ');
      space = FALSE;
      g_string_append_unichar (key, c);
    }

  if (g_str_has_prefix (key->str, "the "))
    g_string_erase (key, 0, 4);

  return g_string_free (key, FALSE);
}

static void
add_key (CountryTable *table,
         const char   *text,
         guint         index)
{
  char *key = fold_key (text);

  if (key == NULL)
    return;
  /* The first owner of a key keeps it (codes before names). */
  if (g_hash_table_contains (table->by_key, key))
    g_free (key);
  else
    g_hash_table_insert (table->by_key, key, GUINT_TO_POINTER (index + 1));
}

static void
add_row (CountryTable *table,
         const OtCsvRow *row)
{
  Country c = { 0 };

  if (row->error != NULL || row->n_fields < 6 ||
      strlen (row->fields[0]) != 2 || strlen (row->fields[1]) != 3)
    {
      g_warning ("countries.csv:%u: malformed row skipped", row->line);
      return;
    }

  memcpy (c.alpha2, row->fields[0], 3);
  memcpy (c.alpha3, row->fields[1], 4);
  c.numeric = row->fields[2][0] ? (int) strtol (row->fields[2], NULL, 10) : -1;
  c.name = g_strdup (row->fields[3]);
  c.lat = g_ascii_strtod (row->fields[4], NULL);
  c.lon = g_ascii_strtod (row->fields[5], NULL);

  g_array_append_val (table->countries, c);
  g_hash_table_insert (table->by_alpha2, g_strdup (c.alpha2),
                       GUINT_TO_POINTER (table->countries->len));
}

static CountryTable *
load_table (void)
{
  CountryTable *table = g_new0 (CountryTable, 1);
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) bytes = NULL;
  g_autoptr(OtCsvReader) reader = NULL;
  OtCsvRow row;
  gsize size;
  const char *data;
  gboolean header = TRUE;

  table->countries = g_array_new (FALSE, TRUE, sizeof (Country));
  table->by_alpha2 = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  table->by_key = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);

  bind_textdomain_codeset (ISO_3166_DOMAIN, "UTF-8");

  bytes = ot_data_lookup ("countries.csv", &error);
  if (bytes == NULL)
    {
      g_critical ("Cannot read the country table: %s", error->message);
      return table;
    }

  data = g_bytes_get_data (bytes, &size);
  reader = ot_csv_reader_new (data, size, OT_CSV_SKIP_COMMENTS);
  while (ot_csv_reader_next (reader, &row))
    {
      if (header)
        header = FALSE;
      else
        add_row (table, &row);
    }

  /* Keys: codes first, then names, then aliases. */
  for (guint i = 0; i < table->countries->len; i++)
    {
      Country *c = &g_array_index (table->countries, Country, i);
      add_key (table, c->alpha2, i);
      add_key (table, c->alpha3, i);
    }
  for (guint i = 0; i < table->countries->len; i++)
    add_key (table, g_array_index (table->countries, Country, i).name, i);
  for (guint i = 0; i < G_N_ELEMENTS (aliases); i++)
    {
      gpointer index = g_hash_table_lookup (table->by_alpha2, aliases[i].alpha2);
      if (index != NULL)
        add_key (table, aliases[i].alias, GPOINTER_TO_UINT (index) - 1);
    }

  return table;
}

static CountryTable *
get_table (void)
{
  static CountryTable *table;

  if (g_once_init_enter (&table))
    g_once_init_leave (&table, load_table ());

  return table;
}

static const Country *
lookup (const char *alpha2)
{
  CountryTable *table;
  gpointer index;

  if (alpha2 == NULL)
    return NULL;

  table = get_table ();
  index = g_hash_table_lookup (table->by_alpha2, alpha2);
  if (index == NULL)
    return NULL;
  return &g_array_index (table->countries, Country, GPOINTER_TO_UINT (index) - 1);
}

/* fold_key() for short ASCII text, into @buf without allocating: the
 * loaders' hot path (codes such as "TH" or "tha").  FALSE when @text
 * needs the full treatment. */
static gboolean
fold_ascii (const char *text,
            char       *buf,
            gsize       size)
{
  gsize n = 0;
  gboolean space = FALSE;

  for (const char *p = text; *p; p++)
    {
      if ((guchar) *p >= 0x80 || n + 2 >= size)
        return FALSE;
      if (g_ascii_isspace (*p))
        {
          space = n > 0;
          continue;
        }
      if (space)
        buf[n++] = ' ';
      space = FALSE;
      buf[n++] = g_ascii_tolower (*p);
    }
  buf[n] = '\0';
  /* A leading "the " is for fold_key() to drop. */
  return !(n > 4 && memcmp (buf, "the ", 4) == 0);
}

gboolean
ot_country_parse (const char *text,
                  OtCountry  *out)
{
  g_autofree char *key = NULL;
  char buf[48];
  const char *folded;
  CountryTable *table;
  gpointer index;

  g_return_val_if_fail (out != NULL, FALSE);

  if (text == NULL)
    return FALSE;
  if (fold_ascii (text, buf, sizeof buf))
    folded = buf;
  else if ((folded = key = fold_key (text)) == NULL)
    return FALSE;
  if (folded[0] == '\0')
    return FALSE;

  table = get_table ();
  index = g_hash_table_lookup (table->by_key, folded);
  if (index == NULL)
    return FALSE;

  memcpy (out->code, g_array_index (table->countries, Country,
                                    GPOINTER_TO_UINT (index) - 1).alpha2, 3);
  return TRUE;
}

gboolean
ot_country_is_known (const char *alpha2)
{
  return lookup (alpha2) != NULL;
}

const char *
ot_country_name (const char *alpha2)
{
  const Country *c = lookup (alpha2);

  return c ? c->name : NULL;
}

/* English names too long for a chart label, with the short form news
 * agencies use; only where iso-codes has no common name of its own. */
static const struct { const char *alpha2; const char *label; } short_names[] = {
  { "CD", "DR Congo" },
  { "RU", "Russia" },
};

const char *
ot_country_display_name (const char *alpha2)
{
  const Country *c = lookup (alpha2);
  const char *name;

  if (c == NULL)
    return NULL;
  name = g_dgettext (ISO_3166_DOMAIN, c->name);
  if (name == c->name)   /* not translated: English */
    for (guint i = 0; i < G_N_ELEMENTS (short_names); i++)
      if (strcmp (short_names[i].alpha2, c->alpha2) == 0)
        return short_names[i].label;
  return name;
}

const char *
ot_country_alpha3 (const char *alpha2)
{
  const Country *c = lookup (alpha2);

  return c ? c->alpha3 : NULL;
}

int
ot_country_numeric (const char *alpha2)
{
  const Country *c = lookup (alpha2);

  return c ? c->numeric : -1;
}

gboolean
ot_country_point (const char *alpha2,
                  double     *lat,
                  double     *lon)
{
  const Country *c = lookup (alpha2);

  if (c == NULL)
    return FALSE;
  if (lat)
    *lat = c->lat;
  if (lon)
    *lon = c->lon;
  return TRUE;
}

int
ot_country_index (const char *alpha2)
{
  gpointer index;

  if (alpha2 == NULL)
    return -1;
  index = g_hash_table_lookup (get_table ()->by_alpha2, alpha2);
  return index != NULL ? (int) GPOINTER_TO_UINT (index) - 1 : -1;
}

guint
ot_country_count (void)
{
  return get_table ()->countries->len;
}

const char *
ot_country_nth (guint index)
{
  CountryTable *table = get_table ();

  g_return_val_if_fail (index < table->countries->len, NULL);

  return g_array_index (table->countries, Country, index).alpha2;
}
