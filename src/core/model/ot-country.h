/* SPDX-License-Identifier: GPL-3.0-or-later */
/* ot-country.h: ISO 3166-1 countries with a representative point, from the
 * Natural Earth derived table in data/countries.csv (compiled into the
 * core GResource). Countries are stored as upper-case alpha-2 codes. */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* A country code: two upper-case ASCII letters and a NUL; "" is none. */
typedef struct { char code[3]; } OtCountry;

#define OT_COUNTRY_IS_SET(c) ((c).code[0] != '\0')

/* Alpha-2, alpha-3, English name or common alias, case-insensitive. */
gboolean     ot_country_parse        (const char *text,
                                      OtCountry  *out);
gboolean     ot_country_is_known     (const char *alpha2);
const char  *ot_country_name         (const char *alpha2);   /* English */
const char  *ot_country_display_name (const char *alpha2);   /* localised via iso-codes */
const char  *ot_country_alpha3       (const char *alpha2);
int          ot_country_numeric      (const char *alpha2);   /* -1 if none */
gboolean     ot_country_point        (const char *alpha2,
                                      double     *lat,
                                      double     *lon);
guint        ot_country_count        (void);
const char  *ot_country_nth          (guint       index);    /* alpha-2 */
/* The index ot_country_nth () takes for @alpha2; -1 if none. */
int          ot_country_index        (const char *alpha2);

G_END_DECLS
