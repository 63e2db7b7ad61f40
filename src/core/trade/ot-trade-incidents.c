/* SPDX-License-Identifier: GPL-3.0-or-later */
/* ot-trade-incidents.c: the incidents a trade signal bears on. */
#include "ot-trade-incidents.h"

#include <string.h>

static OtMineral
mixed_rare_earths (void)
{
  static gsize once = 0;
  static OtMineral mixed = OT_MINERAL_NONE;

  if (g_once_init_enter (&once))
    {
      ot_mineral_parse ("rare earths (mixed)", &mixed);
      g_once_init_leave (&once, 1);
    }
  return mixed;
}

static gboolean
same_mineral (OtMineral a,
              OtMineral b)
{
  OtMineral mixed = mixed_rare_earths ();

  if (a == b)
    return a != OT_MINERAL_NONE;
  if (a == OT_MINERAL_NONE || b == OT_MINERAL_NONE)
    return FALSE;
  return (a == mixed && ot_mineral_is_rare_earth (b)) || (b == mixed && ot_mineral_is_rare_earth (a));
}

static gboolean
is_place (OtCountry    country,
          OtTradePlace place)
{
  const char *alpha2 = ot_trade_place_country (place);

  return alpha2 != NULL && OT_COUNTRY_IS_SET (country) && strcmp (country.code, alpha2) == 0;
}

/* The route's countries, the stops and where it happened included. */
static gboolean
route_touches (const OtIncident *incident,
               OtTradePlace      place)
{
  if (is_place (incident->origin, place) || is_place (incident->destination, place)
      || is_place (incident->event_country, place))
    return TRUE;
  for (guint i = 0; i < incident->n_via; i++)
    if (is_place (incident->via[i].country, place))
      return TRUE;
  return FALSE;
}

gboolean
ot_trade_signal_touches (const OtTradeSignal *signal,
                         const OtIncident    *incident)
{
  g_return_val_if_fail (signal != NULL, FALSE);
  g_return_val_if_fail (incident != NULL, FALSE);

  if (!same_mineral (signal->mineral, incident->mineral))
    return FALSE;
  if (signal->hub != OT_TRADE_PLACE_OTHER_ID)
    return route_touches (incident, signal->hub);
  return route_touches (incident, signal->origin) && route_touches (incident, signal->destination);
}

static int
compare_by_date (gconstpointer a,
                 gconstpointer b,
                 gpointer      data)
{
  OtDataset *dataset = data;
  const OtIncident *x = ot_dataset_get_incident (dataset, *(const guint *) a);
  const OtIncident *y = ot_dataset_get_incident (dataset, *(const guint *) b);
  guint32 dx = ot_date_first_day (&x->date), dy = ot_date_first_day (&y->date);

  if (dx != dy)
    return dx == 0 ? 1 : dy == 0 ? -1 : dx < dy ? -1 : 1;
  return g_strcmp0 (x->id, y->id);
}

GArray *
ot_trade_signal_incidents (const OtTradeSignal *signal,
                           OtDataset           *dataset)
{
  GArray *out;
  guint n;

  g_return_val_if_fail (signal != NULL, NULL);
  g_return_val_if_fail (OT_IS_DATASET (dataset), NULL);

  out = g_array_new (FALSE, FALSE, sizeof (guint));
  n = ot_dataset_get_n_incidents (dataset);
  for (guint i = 0; i < n; i++)
    if (ot_trade_signal_touches (signal, ot_dataset_get_incident (dataset, i)))
      g_array_append_val (out, i);
  g_array_sort_with_data (out, compare_by_date, dataset);
  return out;
}
