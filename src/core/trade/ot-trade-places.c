/* SPDX-License-Identifier: GPL-3.0-or-later */
/* ot-trade-places.c: data/trade-places.csv, read once from the core
 * GResource into arrays indexed by code, so that a reader looks up a
 * code without hashing (ten million rows, two places each). */
#include "ot-trade-places.h"

#include <stdlib.h>
#include <string.h>

#include "ot-csv.h"
#include "ot-data.h"

#define NO_PLACE G_MAXUINT16   /* an OtTradePlace no code maps to */
#define M49_CODES 1000
#define CENSUS_CODES 10000

typedef struct {
  OtTradePlace m49[M49_CODES];
  OtTradePlace census[CENSUS_CODES];
  OtTradePlace census_world;
  GHashTable  *alpha3;         /* "THA" -> place + 1 */
} PlaceTable;

/* world, confidential, other, or an alpha-2 country */
static gboolean
parse_place (const char   *text,
             OtTradePlace *place)
{
  if (strcmp (text, "world") == 0)
    *place = OT_TRADE_PLACE_WORLD_ID;
  else if (strcmp (text, "confidential") == 0)
    *place = OT_TRADE_PLACE_CONFIDENTIAL_ID;
  else if (strcmp (text, "other") == 0)
    *place = OT_TRADE_PLACE_OTHER_ID;
  else if (ot_country_index (text) >= 0)
    *place = ot_trade_place_from_country (text);
  else
    return FALSE;
  return TRUE;
}

static gboolean
parse_code (const char *text,
            guint       limit,
            guint      *code)
{
  char *end;
  unsigned long n;

  if (!g_ascii_isdigit (text[0]))
    return FALSE;
  n = strtoul (text, &end, 10);
  if (*end != '\0' || n >= limit)
    return FALSE;
  *code = (guint) n;
  return TRUE;
}

static void
add_row (const OtCsvRow *row,
         gpointer        data)
{
  PlaceTable *table = data;
  OtTradePlace place;
  guint code;

  /* The file is ours and checked by tests/test-trade-load.c: a bad row is
   * a programming error, not input to report. */
  if (row->error != NULL || row->n_fields < 5 || !parse_place (row->fields[2], &place))
    {
      g_critical ("trade-places.csv:%u: a bad row", row->line);
      return;
    }
  if (strcmp (row->fields[0], "m49") == 0 && parse_code (row->fields[1], M49_CODES, &code))
    table->m49[code] = place;
  else if (strcmp (row->fields[0], "census") == 0 && strcmp (row->fields[1], "-") == 0)
    table->census_world = place;
  else if (strcmp (row->fields[0], "census") == 0 && strlen (row->fields[1]) == 4 &&
           parse_code (row->fields[1], CENSUS_CODES, &code))
    table->census[code] = place;
  else
    g_critical ("trade-places.csv:%u: a bad row", row->line);
}

static PlaceTable *
load_table (void)
{
  PlaceTable *table = g_new (PlaceTable, 1);

  for (guint i = 0; i < M49_CODES; i++)
    table->m49[i] = NO_PLACE;
  for (guint i = 0; i < CENSUS_CODES; i++)
    table->census[i] = NO_PLACE;
  table->census_world = NO_PLACE;
  table->alpha3 = g_hash_table_new (g_str_hash, g_str_equal);
  for (guint i = 0; i < ot_country_count () && i < OT_TRADE_PLACE_FIRST_SPECIAL; i++)
    {
      const char *alpha3 = ot_country_alpha3 (ot_country_nth (i));

      if (alpha3 != NULL && alpha3[0] != '\0')
        g_hash_table_insert (table->alpha3, (gpointer) alpha3, GUINT_TO_POINTER (i + 1));
    }
  g_hash_table_insert (table->alpha3, (gpointer) "WLD", GUINT_TO_POINTER (OT_TRADE_PLACE_WORLD_ID + 1));
  ot_data_foreach_row ("trade-places.csv", add_row, table);
  return table;
}

static PlaceTable *
get_table (void)
{
  static PlaceTable *table;

  if (g_once_init_enter (&table))
    g_once_init_leave (&table, load_table ());
  return table;
}

gboolean
ot_trade_place_from_m49 (guint         code,
                         OtTradePlace *place)
{
  PlaceTable *table = get_table ();

  g_return_val_if_fail (place != NULL, FALSE);

  if (code >= M49_CODES || table->m49[code] == NO_PLACE)
    return FALSE;
  *place = table->m49[code];
  return TRUE;
}

gboolean
ot_trade_place_from_census (const char   *code,
                            OtTradePlace *place)
{
  PlaceTable *table = get_table ();
  guint n;

  g_return_val_if_fail (code != NULL, FALSE);
  g_return_val_if_fail (place != NULL, FALSE);

  if (strcmp (code, "-") == 0)
    *place = table->census_world;
  else if (strlen (code) == 4 && parse_code (code, CENSUS_CODES, &n))
    *place = table->census[n];
  else
    return FALSE;
  return *place != NO_PLACE;
}

gboolean
ot_trade_place_from_alpha3 (const char   *code,
                            OtTradePlace *place)
{
  char upper[4];
  gpointer found;

  g_return_val_if_fail (code != NULL, FALSE);
  g_return_val_if_fail (place != NULL, FALSE);

  if (strlen (code) != 3)
    return FALSE;
  for (guint i = 0; i < 3; i++)
    upper[i] = g_ascii_toupper (code[i]);
  upper[3] = '\0';
  found = g_hash_table_lookup (get_table ()->alpha3, upper);
  if (found == NULL)
    return FALSE;
  *place = (OtTradePlace) (GPOINTER_TO_UINT (found) - 1);
  return TRUE;
}

gboolean
ot_trade_place_from_key (const char   *key,
                         OtTradePlace *place)
{
  int index;

  g_return_val_if_fail (key != NULL, FALSE);
  g_return_val_if_fail (place != NULL, FALSE);

  if (strcmp (key, "world") == 0)
    *place = OT_TRADE_PLACE_WORLD_ID;
  else if (strcmp (key, "confidential") == 0)
    *place = OT_TRADE_PLACE_CONFIDENTIAL_ID;
  else if (strcmp (key, "other") == 0)
    *place = OT_TRADE_PLACE_OTHER_ID;
  else if ((index = ot_country_index (key)) >= 0 && index < OT_TRADE_PLACE_FIRST_SPECIAL)
    *place = (OtTradePlace) index;
  else
    return FALSE;
  return TRUE;
}

const char *
ot_trade_place_key (OtTradePlace place)
{
  switch (ot_trade_place_kind (place))
    {
    case OT_TRADE_PLACE_COUNTRY:
      return ot_trade_place_country (place);
    case OT_TRADE_PLACE_WORLD:
      return "world";
    case OT_TRADE_PLACE_CONFIDENTIAL:
      return "confidential";
    case OT_TRADE_PLACE_OTHER:
    default:
      return "other";
    }
}
