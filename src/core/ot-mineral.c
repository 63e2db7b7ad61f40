/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "ot-mineral.h"

#include <glib/gi18n-lib.h>
#include <string.h>

typedef struct {
  const char *name;     /* canonical, lower case */
  const char *label;    /* N_() display name */
  const char *symbol;
  guint32     rgb;      /* 0xRRGGBB */
  gboolean    rare_earth;
} MineralInfo;

/* The order is part of the format (docs/incident-format.md): never
 * reorder, only append.  Colours: Okabe-Ito and Paul Tol's qualitative
 * sets for the strategic minerals; the rare earths share two families,
 * purple for the light elements (La-Eu) and wine for the heavy ones
 * (Gd-Lu, Sc, Y), each shade a little lighter than the one before. */
static const MineralInfo minerals[] = {
  { "antimony",            N_("Antimony"),            "Sb",  0xD55E00, FALSE },
  { "gallium",             N_("Gallium"),             "Ga",  0x56B4E9, FALSE },
  { "germanium",           N_("Germanium"),           "Ge",  0x009E73, FALSE },
  { "graphite",            N_("Graphite"),            "C",   0x7F7F7F, FALSE },
  { "tungsten",            N_("Tungsten"),            "W",   0x0072B2, FALSE },
  { "tellurium",           N_("Tellurium"),           "Te",  0xDDCC77, FALSE },
  { "bismuth",             N_("Bismuth"),             "Bi",  0xCC79A7, FALSE },
  { "molybdenum",          N_("Molybdenum"),          "Mo",  0xE69F00, FALSE },
  { "indium",              N_("Indium"),              "In",  0x332288, FALSE },
  { "rare earths (mixed)", N_("Rare earths (mixed)"), "REE", 0x882255, TRUE },
  { "scandium",            N_("Scandium"),            "Sc",  0x9A3A6A, TRUE },
  { "yttrium",             N_("Yttrium"),             "Y",   0xA34A75, TRUE },
  { "lanthanum",           N_("Lanthanum"),           "La",  0x7B2E86, TRUE },
  { "cerium",              N_("Cerium"),              "Ce",  0x863C91, TRUE },
  { "praseodymium",        N_("Praseodymium"),        "Pr",  0x924A9C, TRUE },
  { "neodymium",           N_("Neodymium"),           "Nd",  0xAA4499, TRUE },
  { "promethium",          N_("Promethium"),          "Pm",  0xB55DA6, TRUE },
  { "samarium",            N_("Samarium"),            "Sm",  0xC076B3, TRUE },
  { "europium",            N_("Europium"),            "Eu",  0xCB8FC0, TRUE },
  { "gadolinium",          N_("Gadolinium"),          "Gd",  0xAD5A82, TRUE },
  { "terbium",             N_("Terbium"),             "Tb",  0xB66A8F, TRUE },
  { "dysprosium",          N_("Dysprosium"),          "Dy",  0xBF7A9C, TRUE },
  { "holmium",             N_("Holmium"),             "Ho",  0xC78AA9, TRUE },
  { "erbium",              N_("Erbium"),              "Er",  0xCF9AB5, TRUE },
  { "thulium",             N_("Thulium"),             "Tm",  0xD6A9C0, TRUE },
  { "ytterbium",           N_("Ytterbium"),           "Yb",  0xDDB8CB, TRUE },
  { "lutetium",            N_("Lutetium"),            "Lu",  0xE3C6D5, TRUE },
};

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

void
ot_mineral_color (OtMineral  mineral,
                  double    *r,
                  double    *g,
                  double    *b)
{
  guint32 rgb = 0x999999;   /* OT_MINERAL_NONE and anything unknown */

  if (mineral < N_MINERALS)
    rgb = minerals[mineral].rgb;

  if (r)
    *r = ((rgb >> 16) & 0xff) / 255.0;
  if (g)
    *g = ((rgb >> 8) & 0xff) / 255.0;
  if (b)
    *b = (rgb & 0xff) / 255.0;
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
