/* SPDX-License-Identifier: GPL-3.0-or-later */
/* ot-incident.h: one reported movement (or attempted movement) of a
 * controlled mineral.  Incidents live inside an OtDataset, which owns every
 * string they point to; they are plain structs, read-only once added. */
#pragma once

#include <glib.h>
#include "ot-country.h"
#include "ot-mineral.h"

G_BEGIN_DECLS

typedef enum {
  OT_DATE_NONE,
  OT_DATE_YEAR,
  OT_DATE_MONTH,
  OT_DATE_DAY,
} OtDatePrecision;

/* A date with the precision it was given in: a year-only record is not
 * 1 January.  month/day are 0 when not given. */
typedef struct {
  gint16 year;
  guint8 month;
  guint8 day;
  guint8 precision;   /* OtDatePrecision */
} OtDate;

typedef enum {
  OT_STATUS_REPORTED,
  OT_STATUS_ALLEGED,
  OT_STATUS_INVESTIGATED,
  OT_STATUS_DETAINED,
  OT_STATUS_SEIZED,
  OT_STATUS_CHARGED,
  OT_STATUS_CONVICTED,
  OT_STATUS_ACQUITTED,
  OT_STATUS_DISMISSED,
  OT_N_STATUS
} OtStatus;

typedef enum {
  OT_CONFIDENCE_LOW,
  OT_CONFIDENCE_MEDIUM,
  OT_CONFIDENCE_HIGH,
  OT_N_CONFIDENCE
} OtConfidence;

typedef enum {
  OT_FORM_UNKNOWN,
  OT_FORM_ORE,
  OT_FORM_CONCENTRATE,
  OT_FORM_OXIDE,
  OT_FORM_METAL,
  OT_FORM_ALLOY,
  OT_FORM_MAGNET,
  OT_FORM_COMPOUND,
  OT_FORM_SCRAP,
  OT_FORM_TECHNOLOGY,
  OT_N_FORMS
} OtForm;

/* One transshipment stop: a country, optionally a named port or city. */
typedef struct {
  OtCountry   country;
  const char *port;      /* NULL when only the country is given */
} OtHop;

typedef struct {
  const char   *key;
  const char   *value;
} OtExtra;

typedef struct {
  const char   *id;
  OtDate        date;
  OtMineral     mineral;
  guint8        form;            /* OtForm */
  guint8        status;          /* OtStatus */
  guint8        confidence;      /* OtConfidence */
  char          reliability;     /* 'A'..'F', or 0 */
  guint8        credibility;     /* 1..6, or 0 */
  gboolean      illustrative;
  const char   *hs_code;
  double        quantity_kg;     /* NAN when not given */
  double        value;           /* NAN when not given */
  const char   *currency;
  const char   *declared_as;
  const char   *concealment;     /* as given; methods split by ';' */
  OtCountry     origin;
  const char   *exporter;
  const OtHop  *via;
  guint         n_via;
  OtCountry     destination;
  const char   *consignee;
  OtCountry     event_country;
  const char   *event_place;
  const char   *authority;
  const char   *case_ref;
  const char   *source;
  const char   *source_url;
  const char   *notes;
  const OtExtra *extras;         /* unknown columns, kept */
  guint         n_extras;
  const char   *file;            /* where it was read from */
  const char   *sheet;           /* and its sheet, for a workbook's row (issue 19);
                                  * NULL for a text file (not kept by case files) */
  guint         line;            /* the line, or the sheet's row */
} OtIncident;

/* Julian day numbers of the first and last day the date can mean
 * (a year-precision date spans the year); 0 for OT_DATE_NONE. */
guint32      ot_date_first_day   (const OtDate *date);
guint32      ot_date_last_day    (const OtDate *date);
/* ISO form at its precision: "2024", "2024-07", "2024-07-15"; "" if none. */
char        *ot_date_to_string   (const OtDate *date);
/* For people: a day as the locale writes dates (LC_TIME's %x), a month in
 * the translated month-and-year pattern, a year as is; the ISO form under
 * the C/POSIX locale, whose %x ("05/14/25") would be ambiguous. */
char        *ot_date_to_display  (const OtDate *date);
gboolean     ot_date_parse       (const char   *text,
                                  OtDate       *out,
                                  GError      **error);

const char  *ot_status_name      (OtStatus     status);   /* "seized" */
const char  *ot_status_label     (OtStatus     status);   /* translated */
gboolean     ot_status_parse     (const char  *text, OtStatus *out);
/* Seized, charged, convicted, detained: an authority acted on goods. */
gboolean     ot_status_is_confirmed (OtStatus  status);

const char  *ot_confidence_name  (OtConfidence confidence);
gboolean     ot_confidence_parse (const char  *text, OtConfidence *out);

const char  *ot_form_name        (OtForm       form);
const char  *ot_form_label       (OtForm       form);   /* translated */
gboolean     ot_form_parse       (const char  *text, OtForm *out);

gboolean     ot_incident_has_quantity (const OtIncident *incident);

G_END_DECLS
