/* SPDX-License-Identifier: GPL-3.0-or-later */
/* ot-trade-describe.c: the trade signals in the user's words. */
#include "ot-trade-describe.h"

#include <glib/gi18n-lib.h>
#include <math.h>

#include "ot-country.h"

const char *
ot_trade_place_label (OtTradePlace place)
{
  switch (ot_trade_place_kind (place))
    {
    case OT_TRADE_PLACE_COUNTRY:
      return ot_country_display_name (ot_trade_place_country (place));
    case OT_TRADE_PLACE_WORLD:
      /* TRANSLATORS: trade statistics: the total over every partner */
      return _("World");
    case OT_TRADE_PLACE_CONFIDENTIAL:
      /* TRANSLATORS: trade statistics: partners a customs office keeps secret */
      return _("Confidential partners");
    case OT_TRADE_PLACE_OTHER:
    default:
      /* TRANSLATORS: trade statistics: free zones, bunkers, groups of countries */
      return _("Other areas");
    }
}

const char *
ot_trade_signal_kind_label (OtTradeSignalKind kind)
{
  switch (kind)
    {
    case OT_TRADE_SIGNAL_REROUTING:
      /* TRANSLATORS: a kind of trade signal: goods sent round a control through a third country */
      return _("Rerouting");
    case OT_TRADE_SIGNAL_MIRROR_GAP:
      /* TRANSLATORS: a kind of trade signal: an importer's and an exporter's records disagree */
      return _("Mirror gap");
    case OT_TRADE_SIGNAL_UNIT_VALUE:
      /* TRANSLATORS: a kind of trade signal: a price per kg far from the usual one */
      return _("Unit value");
    case OT_TRADE_SIGNAL_CODE_SWITCH:
    default:
      /* TRANSLATORS: a kind of trade signal: goods declared under a neighbouring customs code */
      return _("Code switch");
    }
}

char *
ot_trade_signal_route (const OtTradeSignal *signal)
{
  g_return_val_if_fail (signal != NULL, NULL);

  if (signal->hub != OT_TRADE_PLACE_OTHER_ID)
    return g_strdup_printf ("%s → %s → %s", ot_trade_place_label (signal->origin),
                            ot_trade_place_label (signal->hub), ot_trade_place_label (signal->destination));
  return g_strdup_printf ("%s → %s", ot_trade_place_label (signal->origin),
                          ot_trade_place_label (signal->destination));
}

const char *
ot_trade_leg_role_label (OtTradeLegRole role)
{
  switch (role)
    {
    case OT_TRADE_LEG_DIRECT:
      /* TRANSLATORS: a leg of a rerouting signal: origin → destination */
      return _("Direct");
    case OT_TRADE_LEG_TO_HUB:
      /* TRANSLATORS: a leg of a rerouting signal: origin → hub */
      return _("To the hub");
    case OT_TRADE_LEG_FROM_HUB:
      /* TRANSLATORS: a leg of a rerouting signal: hub → destination */
      return _("From the hub");
    case OT_TRADE_LEG_IMPORTER:
      return _("Importer’s records");
    case OT_TRADE_LEG_EXPORTER:
      return _("Exporter’s records");
    case OT_TRADE_LEG_PRICED:
      /* TRANSLATORS: a unit-value signal: the flow whose price per kg is off */
      return _("Priced flow");
    case OT_TRADE_LEG_CONTROLLED:
      /* TRANSLATORS: a code-switch signal: the customs codes under control */
      return _("Controlled lines");
    case OT_TRADE_LEG_NEIGHBOUR:
    default:
      /* TRANSLATORS: a code-switch signal: the neighbouring uncontrolled customs codes */
      return _("Neighbouring lines");
    }
}

static gboolean
is_import (OtTradeFlow flow)
{
  return flow == OT_TRADE_IMPORT || flow == OT_TRADE_REIMPORT;
}

char *
ot_trade_leg_route (const OtTradeLeg *leg)
{
  g_return_val_if_fail (leg != NULL, NULL);

  if (is_import (leg->flow))
    return g_strdup_printf ("%s → %s", ot_trade_place_label (leg->partner), ot_trade_place_label (leg->reporter));
  return g_strdup_printf ("%s → %s", ot_trade_place_label (leg->reporter), ot_trade_place_label (leg->partner));
}

char *
ot_trade_leg_records (const OtTradeLeg *leg)
{
  const char *reporter;

  g_return_val_if_fail (leg != NULL, NULL);

  reporter = ot_trade_place_label (leg->reporter);
  switch ((OtTradeFlow) leg->flow)
    {
    case OT_TRADE_IMPORT:
      /* TRANSLATORS: whose trade statistics a series is; %s: a country */
      return g_strdup_printf (_("imports reported by %s"), reporter);
    case OT_TRADE_REIMPORT:
      return g_strdup_printf (_("re-imports reported by %s"), reporter);
    case OT_TRADE_REEXPORT:
      return g_strdup_printf (_("re-exports reported by %s"), reporter);
    case OT_TRADE_EXPORT:
    default:
      return g_strdup_printf (_("exports reported by %s"), reporter);
    }
}

char *
ot_trade_products_label (const guint16 *products,
                         guint          n_products)
{
  GString *out = g_string_new (NULL);

  for (guint i = 0; i < n_products; i++)
    {
      g_autofree char *code = ot_trade_signal_product_code (products[i]);

      if (i > 0)
        g_string_append (out, ", ");
      g_string_append (out, code);
    }
  return g_string_free (out, FALSE);
}

char *
ot_trade_control_label (const OtControl *control)
{
  g_autofree char *date = NULL;

  if (control == NULL)
    return NULL;
  date = ot_date_to_display (&control->effective);
  return g_strdup_printf ("%s · %s", control->id, date);
}

char *
ot_trade_month_label (guint16 month)
{
  OtDate date = { OT_TRADE_MONTH_YEAR (month), OT_TRADE_MONTH_MONTH (month), 0, OT_DATE_MONTH };

  return ot_date_to_display (&date);
}

char *
ot_trade_kg_label (double kg)
{
  if (!isfinite (kg))
    return g_strdup ("—");
  if (fabs (kg) < 1000)
    /* TRANSLATORS: a quantity in kilograms */
    return g_strdup_printf (_("%'.0f kg"), kg);
  if (fabs (kg) < 100000)
    /* TRANSLATORS: a quantity in tonnes, one decimal */
    return g_strdup_printf (_("%'.1f t"), kg / 1000);
  /* TRANSLATORS: a quantity in whole tonnes */
  return g_strdup_printf (_("%'.0f t"), kg / 1000);
}

const char *
ot_trade_currency_symbol (OtTradeCurrency currency)
{
  switch (currency)
    {
    case OT_TRADE_EUR:
      return "€";
    case OT_TRADE_CNY:
      return "CN¥";
    case OT_TRADE_USD:
    default:
      return "US$";
    }
}

char *
ot_trade_value_label (double          value,
                      OtTradeCurrency currency)
{
  const char *symbol = ot_trade_currency_symbol (currency);

  if (!isfinite (value))
    return g_strdup ("—");
  if (fabs (value) >= 1e9)
    /* TRANSLATORS: billions of a currency: "1.2 bn US$" */
    return g_strdup_printf (_("%'.1f bn %s"), value / 1e9, symbol);
  if (fabs (value) >= 1e6)
    /* TRANSLATORS: millions of a currency: "1.2 M US$" */
    return g_strdup_printf (_("%'.1f M %s"), value / 1e6, symbol);
  /* TRANSLATORS: an amount of a currency: "35,000 US$" */
  return g_strdup_printf (_("%'.0f %s"), value, symbol);
}

char *
ot_trade_signed_label (double number,
                       int    digits)
{
  g_autofree char *plain = NULL;
  const char *sign;

  if (!isfinite (number))
    return g_strdup ("—");
  plain = g_strdup_printf ("%'.*f", digits, fabs (number));
  /* Rounded to nothing: no sign. */
  if (fabs (number) < 0.5 * pow (10, -digits))
    sign = "";
  else
    sign = number < 0 ? "−" : "+";
  return g_strconcat (sign, plain, NULL);
}

char *
ot_trade_leg_numbers (const OtTradeLeg *leg)
{
  g_autofree char *before = NULL;
  g_autofree char *after = NULL;
  g_autofree char *change = NULL;
  g_autofree char *t = NULL;

  g_return_val_if_fail (leg != NULL, NULL);

  if (leg->n_before == 0 || leg->n_after == 0)
    return NULL;
  before = ot_trade_kg_label (leg->kg_before);
  after = ot_trade_kg_label (leg->kg_after);
  change = ot_trade_signed_label (leg->change, 2);
  t = ot_trade_signed_label (leg->t, 1);
  /* TRANSLATORS: a leg of a trade signal: mean quantity a month before →
   * after the control, the change of the log series, Welch's t */
  return g_strdup_printf (_("%s → %s a month · change %s · t = %s"), before, after, change, t);
}

char *
ot_trade_signal_score_label (const OtTradeSignal *signal,
                             double               threshold)
{
  g_autofree char *score = NULL;
  g_autofree char *limit = NULL;

  g_return_val_if_fail (signal != NULL, NULL);

  score = g_strdup_printf ("%.1f", signal->score);
  if (signal->flagged)
    /* TRANSLATORS: a trade signal's score, at or above the threshold */
    return g_strdup_printf (_("Score %s · flagged"), score);
  limit = g_strdup_printf ("%.1f", threshold);
  /* TRANSLATORS: a trade signal's score and the threshold it did not reach */
  return g_strdup_printf (_("Score %s · below %s"), score, limit);
}
