/* SPDX-License-Identifier: GPL-3.0-or-later */
/* ot-hubs.c: the hub table, read once from the core GResource. */
#include "ot-hubs.h"

#include <stdlib.h>
#include <string.h>

#include "ot-csv.h"
#include "ot-data.h"

typedef struct {
  char   country[3];
  char  *key;        /* case-folded name or alias */
  double lat, lon;
} HubKey;

static GArray *hub_keys;   /* of HubKey */
static guint   n_hubs;

static char *
fold (const char *text)
{
  g_autofree char *folded = g_utf8_casefold (text, -1);
  g_auto(GStrv) words = g_strsplit_set (g_strstrip (folded), " \t", -1);
  g_autoptr(GString) out = g_string_new (NULL);

  for (guint i = 0; words[i]; i++)
    if (*words[i])
      g_string_append_printf (out, "%s%s", out->len ? " " : "", words[i]);
  return g_string_free (g_steal_pointer (&out), FALSE);
}

static void
add_key (const char *country,
         const char *name,
         double      lat,
         double      lon)
{
  HubKey k = { { 0 } };

  g_strlcpy (k.country, country, sizeof k.country);
  k.key = fold (name);
  k.lat = lat;
  k.lon = lon;
  if (*k.key)
    g_array_append_val (hub_keys, k);
  else
    g_free (k.key);
}

static void
load_table (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) bytes = ot_data_lookup ("hubs.csv", &error);
  g_autoptr(OtCsvReader) reader = NULL;
  OtCsvRow row;
  gboolean header = TRUE;
  gsize size;
  const char *data;

  hub_keys = g_array_new (FALSE, FALSE, sizeof (HubKey));
  if (bytes == NULL)
    {
      g_critical ("Cannot read the hub table: %s", error->message);
      return;
    }
  data = g_bytes_get_data (bytes, &size);
  reader = ot_csv_reader_new (data, size, OT_CSV_SKIP_COMMENTS);
  /* id,country,name,aliases,kind,lat,lon,unlocode */
  while (ot_csv_reader_next (reader, &row))
    {
      g_auto(GStrv) aliases = NULL;
      double lat, lon;

      if (header || row.error || row.n_fields < 7)
        {
          header = FALSE;
          continue;
        }
      lat = g_ascii_strtod (row.fields[5], NULL);
      lon = g_ascii_strtod (row.fields[6], NULL);
      add_key (row.fields[1], row.fields[2], lat, lon);
      aliases = g_strsplit (row.fields[3], ";", -1);
      for (guint a = 0; aliases[a]; a++)
        add_key (row.fields[1], aliases[a], lat, lon);
      n_hubs++;
    }
}

static void
ensure_table (void)
{
  static gsize once = 0;

  if (g_once_init_enter (&once))
    {
      load_table ();
      g_once_init_leave (&once, 1);
    }
}

guint
ot_hub_count (void)
{
  ensure_table ();
  return n_hubs;
}

gboolean
ot_hub_lookup (const char *alpha2,
               const char *name,
               double     *lat,
               double     *lon)
{
  g_autofree char *folded = NULL;
  const HubKey *best = NULL;
  gsize best_len = 0;

  g_return_val_if_fail (lat != NULL && lon != NULL, FALSE);

  if (alpha2 == NULL || name == NULL)
    return FALSE;
  ensure_table ();
  folded = fold (name);
  for (guint i = 0; i < hub_keys->len; i++)
    {
      const HubKey *k = &g_array_index (hub_keys, HubKey, i);
      gsize len = strlen (k->key);

      if (strcmp (k->country, alpha2) != 0)
        continue;
      if (strcmp (k->key, folded) == 0)
        {
          best = k;
          break;
        }
      /* A prefix that ends at a word boundary. */
      if (len > best_len && strncmp (k->key, folded, len) == 0 &&
          (folded[len] == ' ' || folded[len] == ',' || folded[len] == '-'))
        {
          best = k;
          best_len = len;
        }
    }
  if (best == NULL)
    return FALSE;
  *lat = best->lat;
  *lon = best->lon;
  return TRUE;
}
