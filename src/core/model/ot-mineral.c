/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "ot-mineral.h"

#include <glib/gi18n-lib.h>
#include <string.h>

typedef struct {
  const char     *name;     /* canonical, lower case */
  const char     *label;    /* N_() display name */
  const char     *symbol;
  guint32         rgb;      /* 0xRRGGBB, light theme */
  guint32         rgb_dark; /* dark theme; 0: as light */
  gboolean        rare_earth;
  OtMineralFamily family;
} MineralInfo;

/* Colours (docs/views.md, "Colour", gives the reasons and the measured
 * differences; tests/test-palette.c holds them to it): Okabe & Ito's
 * colour-blind-safe set for the strategic minerals, Paul Tol's indigo for
 * indium, a near-black "ink" for graphite (near-white in the dark theme),
 * and the rare earths in three shades of one wine-to-pink family: mixed
 * (dark wine), light La-Eu (purple) and heavy Gd-Lu, Sc, Y (pink).  The
 * individual elements share their family's colour; their names stay in
 * the details, tooltips and the legend's family line. */
#define REE_MIXED 0x882255
#define REE_LIGHT 0xBB55AA
#define REE_HEAVY 0xEE99CC
#define LIGHT OT_MINERAL_FAMILY_LIGHT_RARE_EARTHS
#define HEAVY OT_MINERAL_FAMILY_HEAVY_RARE_EARTHS

/* The order is part of the format (docs/incident-format.md): never
 * reorder, only append. */
static const MineralInfo minerals[] = {
  { "antimony",            N_("Antimony"),            "Sb",  0xD55E00, 0, FALSE, OT_MINERAL_FAMILY_OWN },
  { "gallium",             N_("Gallium"),             "Ga",  0x56B4E9, 0, FALSE, OT_MINERAL_FAMILY_OWN },
  { "germanium",           N_("Germanium"),           "Ge",  0x009E73, 0, FALSE, OT_MINERAL_FAMILY_OWN },
  { "graphite",            N_("Graphite"),            "C",   0x2A2A2A, 0xDADADA, FALSE, OT_MINERAL_FAMILY_OWN },
  { "tungsten",            N_("Tungsten"),            "W",   0x0072B2, 0, FALSE, OT_MINERAL_FAMILY_OWN },
  { "tellurium",           N_("Tellurium"),           "Te",  0xF0E442, 0, FALSE, OT_MINERAL_FAMILY_OWN },
  { "bismuth",             N_("Bismuth"),             "Bi",  0x8C510A, 0, FALSE, OT_MINERAL_FAMILY_OWN },
  { "molybdenum",          N_("Molybdenum"),          "Mo",  0xE69F00, 0, FALSE, OT_MINERAL_FAMILY_OWN },
  { "indium",              N_("Indium"),              "In",  0x332288, 0x8877EE, FALSE, OT_MINERAL_FAMILY_OWN },
  { "rare earths (mixed)", N_("Rare earths (mixed)"), "REE", REE_MIXED, 0, TRUE, OT_MINERAL_FAMILY_OWN },
  { "scandium",            N_("Scandium"),            "Sc",  REE_HEAVY, 0, TRUE, HEAVY },
  { "yttrium",             N_("Yttrium"),             "Y",   REE_HEAVY, 0, TRUE, HEAVY },
  { "lanthanum",           N_("Lanthanum"),           "La",  REE_LIGHT, 0, TRUE, LIGHT },
  { "cerium",              N_("Cerium"),              "Ce",  REE_LIGHT, 0, TRUE, LIGHT },
  { "praseodymium",        N_("Praseodymium"),        "Pr",  REE_LIGHT, 0, TRUE, LIGHT },
  { "neodymium",           N_("Neodymium"),           "Nd",  REE_LIGHT, 0, TRUE, LIGHT },
  { "promethium",          N_("Promethium"),          "Pm",  REE_LIGHT, 0, TRUE, LIGHT },
  { "samarium",            N_("Samarium"),            "Sm",  REE_LIGHT, 0, TRUE, LIGHT },
  { "europium",            N_("Europium"),            "Eu",  REE_LIGHT, 0, TRUE, LIGHT },
  { "gadolinium",          N_("Gadolinium"),          "Gd",  REE_HEAVY, 0, TRUE, HEAVY },
  { "terbium",             N_("Terbium"),             "Tb",  REE_HEAVY, 0, TRUE, HEAVY },
  { "dysprosium",          N_("Dysprosium"),          "Dy",  REE_HEAVY, 0, TRUE, HEAVY },
  { "holmium",             N_("Holmium"),             "Ho",  REE_HEAVY, 0, TRUE, HEAVY },
  { "erbium",              N_("Erbium"),              "Er",  REE_HEAVY, 0, TRUE, HEAVY },
  { "thulium",             N_("Thulium"),             "Tm",  REE_HEAVY, 0, TRUE, HEAVY },
  { "ytterbium",           N_("Ytterbium"),           "Yb",  REE_HEAVY, 0, TRUE, HEAVY },
  { "lutetium",            N_("Lutetium"),            "Lu",  REE_HEAVY, 0, TRUE, HEAVY },
};

#undef LIGHT
#undef HEAVY

/* "Not given": a mid grey, apart from graphite in both themes. */
#define NOT_GIVEN_RGB 0x8F8F8F

#define N_MINERALS G_N_ELEMENTS (minerals)
#define RARE_EARTHS 9   /* index of "rare earths (mixed)" */

/* Other spellings accepted by ot_mineral_parse(). */
static const struct { const char *alias; guint8 mineral; } aliases[] = {
  { "rare earths", RARE_EARTHS },
  { "rare earth", RARE_EARTHS },
  { "rare-earths", RARE_EARTHS },
  { "rare_earths", RARE_EARTHS },
  { "rare earth elements", RARE_EARTHS },
  { "rare earths mixed", RARE_EARTHS },
  { "ree", RARE_EARTHS },
  { "wolfram", 4 },
};

/* HS 2022 six-digit codes that point to one mineral, from
 * data/README.md's hs_codes reference.  Codes shared by several minerals
 * (811292 Ga/Ge/In, 811299, 282590, 285390, 382499) and the codes goods
 * are falsely declared under (381010 solder paste, 780191 lead-antimony)
 * are left out: they do not tell which mineral it is. */
static const struct { const char *hs6; guint8 mineral; } hs_codes[] = {
  { "261710", 0 }, { "811010", 0 }, { "811020", 0 }, { "811090", 0 },
  { "282580", 0 }, { "283090", 0 },
  { "285000", 1 }, { "381800", 1 },
  { "282560", 2 }, { "282739", 2 },
  { "250410", 3 }, { "250490", 3 }, { "380110", 3 }, { "380190", 3 },
  { "681519", 3 },
  { "261100", 4 }, { "810110", 4 }, { "810194", 4 }, { "810196", 4 },
  { "810197", 4 }, { "810199", 4 }, { "284180", 4 }, { "284990", 4 },
  { "280450", 5 },
  { "810610", 6 }, { "810690", 6 },
  { "261310", 7 }, { "261390", 7 }, { "810210", 7 }, { "810294", 7 },
  { "810299", 7 },
  { "280530", RARE_EARTHS }, { "284690", RARE_EARTHS }, { "261220", RARE_EARTHS },
  { "850511", RARE_EARTHS },
  { "284610", 13 },   /* cerium compounds */
};

guint
ot_mineral_count (void)
{
  return N_MINERALS;
}

const char *
ot_mineral_name (OtMineral mineral)
{
  g_return_val_if_fail (mineral < N_MINERALS, NULL);

  return minerals[mineral].name;
}

const char *
ot_mineral_label (OtMineral mineral)
{
  g_return_val_if_fail (mineral < N_MINERALS, NULL);

  return _(minerals[mineral].label);
}

const char *
ot_mineral_symbol (OtMineral mineral)
{
  g_return_val_if_fail (mineral < N_MINERALS, NULL);

  return minerals[mineral].symbol;
}

gboolean
ot_mineral_is_rare_earth (OtMineral mineral)
{
  g_return_val_if_fail (mineral < N_MINERALS, FALSE);

  return minerals[mineral].rare_earth;
}

guint32
ot_mineral_rgb (OtMineral mineral,
                gboolean  dark)
{
  if (mineral >= N_MINERALS)
    return NOT_GIVEN_RGB;   /* OT_MINERAL_NONE and anything unknown */
  if (dark && minerals[mineral].rgb_dark != 0)
    return minerals[mineral].rgb_dark;
  return minerals[mineral].rgb;
}

void
ot_mineral_color_for_theme (OtMineral  mineral,
                            gboolean   dark,
                            double    *r,
                            double    *g,
                            double    *b)
{
  guint32 rgb = ot_mineral_rgb (mineral, dark);

  if (r)
    *r = ((rgb >> 16) & 0xff) / 255.0;
  if (g)
    *g = ((rgb >> 8) & 0xff) / 255.0;
  if (b)
    *b = (rgb & 0xff) / 255.0;
}

void
ot_mineral_color (OtMineral  mineral,
                  double    *r,
                  double    *g,
                  double    *b)
{
  ot_mineral_color_for_theme (mineral, FALSE, r, g, b);
}

OtMineralFamily
ot_mineral_family (OtMineral mineral)
{
  if (mineral >= N_MINERALS)
    return OT_MINERAL_FAMILY_OWN;
  return minerals[mineral].family;
}

const char *
ot_mineral_family_label (OtMineralFamily family)
{
  switch (family)
    {
    case OT_MINERAL_FAMILY_LIGHT_RARE_EARTHS:
      return _("Light rare earths");
    case OT_MINERAL_FAMILY_HEAVY_RARE_EARTHS:
      return _("Heavy rare earths");
    case OT_MINERAL_FAMILY_OWN:
    default:
      return NULL;
    }
}

/* Digits of an HS code with its dots and blanks removed; NULL when it
 * holds anything else or fewer than six digits. */
static char *
normalize_hs (const char *text)
{
  GString *digits = g_string_new (NULL);

  for (const char *p = text; *p; p++)
    {
      if (g_ascii_isdigit (*p))
        g_string_append_c (digits, *p);
      else if (*p != '.' && *p != ' ')
        return (g_string_free (digits, TRUE), NULL);
    }

  if (digits->len < 6)
    return (g_string_free (digits, TRUE), NULL);

  return g_string_free (digits, FALSE);
}

gboolean
ot_mineral_from_hs_code (const char *hs_code,
                         OtMineral  *out)
{
  g_autofree char *digits = NULL;

  g_return_val_if_fail (out != NULL, FALSE);

  if (hs_code == NULL || (digits = normalize_hs (hs_code)) == NULL)
    return FALSE;

  for (guint i = 0; i < G_N_ELEMENTS (hs_codes); i++)
    {
      if (strncmp (digits, hs_codes[i].hs6, 6) == 0)
        {
          *out = hs_codes[i].mineral;
          return TRUE;
        }
    }
  return FALSE;
}

gboolean
ot_mineral_parse (const char *text,
                  OtMineral  *out)
{
  char folded[64];
  gsize n = 0;

  g_return_val_if_fail (out != NULL, FALSE);

  if (text == NULL)
    return FALSE;

  /* Lower-cased and trimmed, without allocating: this runs per row. */
  while (g_ascii_isspace (*text))
    text++;
  for (; *text && n < sizeof folded - 1; text++)
    folded[n++] = g_ascii_tolower (*text);
  if (*text != '\0')
    return FALSE;   /* longer than any name */
  while (n > 0 && g_ascii_isspace (folded[n - 1]))
    n--;
  folded[n] = '\0';
  if (n == 0)
    return FALSE;

  for (guint i = 0; i < N_MINERALS; i++)
    {
      if (strcmp (folded, minerals[i].name) == 0 ||
          g_ascii_strcasecmp (folded, minerals[i].symbol) == 0)
        {
          *out = i;
          return TRUE;
        }
    }

  for (guint i = 0; i < G_N_ELEMENTS (aliases); i++)
    {
      if (strcmp (folded, aliases[i].alias) == 0)
        {
          *out = aliases[i].mineral;
          return TRUE;
        }
    }

  if (g_ascii_isdigit (folded[0]))
    return ot_mineral_from_hs_code (folded, out);

  return FALSE;
}
