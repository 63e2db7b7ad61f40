/* SPDX-License-Identifier: GPL-3.0-or-later */
/* ot-filter.h: which incidents a chart or a command looks at.
 *
 * A filter is a small value: sets of minerals, statuses, confidence
 * levels, concealment methods and declared-as labels, countries and
 * companies to include or exclude, a period, a minimum quantity, the
 * source reliability and information credibility grades, and whether
 * illustrative records show.  An
 * empty set means "all"; the parts combine with AND, the members of one
 * set with OR.  Applying it to a dataset gives a mask with one byte per
 * incident (1 = included), which the network re-aggregates without
 * touching the dataset.  The rules are in docs/filters.md. */
#pragma once

#include "ot-dataset.h"

G_BEGIN_DECLS

typedef struct _OtFilter OtFilter;

OtFilter   *ot_filter_new              (void);
OtFilter   *ot_filter_copy             (const OtFilter *filter);
void        ot_filter_free             (OtFilter       *filter);
gboolean    ot_filter_equal            (const OtFilter *a,
                                        const OtFilter *b);
/* TRUE when the filter lets every incident through. */
gboolean    ot_filter_is_empty         (const OtFilter *filter);

/* Minerals (OT_MINERAL_NONE included): none selected = all.  Selecting
 * only OT_FILTER_MINERAL_NOTHING, a value no record has, lets no record
 * through (a "None" button), until real minerals are added. */
#define OT_FILTER_MINERAL_NOTHING ((OtMineral) 0xfe)
void        ot_filter_set_mineral      (OtFilter       *filter,
                                        OtMineral       mineral,
                                        gboolean        included);
gboolean    ot_filter_has_minerals     (const OtFilter *filter);
gboolean    ot_filter_includes_mineral (const OtFilter *filter,
                                        OtMineral       mineral);
/* Statuses: none selected = all. */
void        ot_filter_set_status       (OtFilter       *filter,
                                        OtStatus        status,
                                        gboolean        included);
gboolean    ot_filter_includes_status  (const OtFilter *filter,
                                        OtStatus        status);
/* Period as Julian day numbers, both ends inclusive; 0 leaves an end
 * open.  An incident is included when the span of days its date can mean
 * overlaps the period; an undated incident is excluded by any period. */
void        ot_filter_set_period       (OtFilter       *filter,
                                        guint32         from_day,
                                        guint32         to_day);
void        ot_filter_get_period       (const OtFilter *filter,
                                        guint32        *from_day,
                                        guint32        *to_day);
/* Minimum quantity in kg; 0 for none.  When set, incidents without a
 * quantity are excluded. */
void        ot_filter_set_min_kg       (OtFilter       *filter,
                                        double          min_kg);
double      ot_filter_get_min_kg       (const OtFilter *filter);

/* The parts of a filter, for ot_filter_clear_part() (facet counts count
 * each part with that part cleared). */
typedef enum {
  OT_FILTER_MINERALS,
  OT_FILTER_STATUSES,
  OT_FILTER_CONFIDENCE,
  OT_FILTER_METHODS,
  OT_FILTER_DECLARED_AS,
  OT_FILTER_COUNTRIES,
  OT_FILTER_COMPANIES,
  OT_FILTER_PERIOD,
  OT_FILTER_MIN_KG,
  OT_FILTER_RELIABILITY,
  OT_FILTER_CREDIBILITY,
  OT_FILTER_ILLUSTRATIVE,
  OT_N_FILTER_PARTS
} OtFilterPart;

/* How a country or a company takes part in a filter. */
typedef enum {
  OT_FILTER_ANY,        /* not mentioned */
  OT_FILTER_INCLUDE,    /* the incident must involve one of the included */
  OT_FILTER_EXCLUDE,    /* the incident must involve none of the excluded */
} OtFilterMode;

void        ot_filter_clear_part       (OtFilter       *filter,
                                        OtFilterPart    part);
gboolean    ot_filter_has_part         (const OtFilter *filter,
                                        OtFilterPart    part);

/* Confidence levels: none selected = all. */
void        ot_filter_set_confidence   (OtFilter       *filter,
                                        OtConfidence    confidence,
                                        gboolean        included);
gboolean    ot_filter_includes_confidence (const OtFilter *filter,
                                        OtConfidence    confidence);
/* Translated "Low", "Medium", "High". */
const char *ot_filter_confidence_label (OtConfidence    confidence);

/* Evidence grades (the Admiralty code, docs/incident-format.md): source
 * reliability 'A'..'F' and information credibility 1..6, 0 standing for
 * "not given".  None selected = all. */
void        ot_filter_set_reliability  (OtFilter       *filter,
                                        char            grade,
                                        gboolean        included);
gboolean    ot_filter_includes_reliability (const OtFilter *filter,
                                        char            grade);
void        ot_filter_set_credibility  (OtFilter       *filter,
                                        guint           grade,
                                        gboolean        included);
gboolean    ot_filter_includes_credibility (const OtFilter *filter,
                                        guint           grade);
/* Illustrative records (made-up examples, not reported facts) pass
 * unless hidden; a new filter shows them. */
void        ot_filter_set_show_illustrative (OtFilter  *filter,
                                        gboolean        show);
gboolean    ot_filter_get_show_illustrative (const OtFilter *filter);
/* Translated "A (reliable)" … "Not given" for a sidebar row; @grade as
 * above. */
char       *ot_filter_reliability_label (char           grade);
char       *ot_filter_credibility_label (guint          grade);

/* Labels are compared by their key: blanks trimmed, inner runs of blanks
 * made one space, case-folded.  Returns a new string ("" for NULL). */
char       *ot_filter_label_key        (const char     *text);
/* Concealment methods of a record: @concealment split on ';', blanks
 * trimmed, empty parts dropped, as written (not folded). */
GStrv       ot_filter_split_methods    (const char     *concealment);

/* Concealment methods: the incident passes when one of its methods is
 * selected.  None selected = all (records without a method too). */
void        ot_filter_set_method       (OtFilter       *filter,
                                        const char     *method,
                                        gboolean        included);
gboolean    ot_filter_includes_method  (const OtFilter *filter,
                                        const char     *method);
/* Declared-as labels (the whole declared_as text, by key). */
void        ot_filter_set_declared_as  (OtFilter       *filter,
                                        const char     *label,
                                        gboolean        included);
gboolean    ot_filter_includes_declared_as (const OtFilter *filter,
                                        const char     *label);

/* Countries, by alpha-2 code, looked for in origin, every via hop,
 * destination and event country. */
void        ot_filter_set_country      (OtFilter       *filter,
                                        const char     *alpha2,
                                        OtFilterMode    mode);
OtFilterMode ot_filter_get_country     (const OtFilter *filter,
                                        const char     *alpha2);
/* Companies, by key, looked for in exporter and consignee. */
void        ot_filter_set_company      (OtFilter       *filter,
                                        const char     *name,
                                        OtFilterMode    mode);
OtFilterMode ot_filter_get_company     (const OtFilter *filter,
                                        const char     *name);

/* A short text of the active parts for captions and exports, e.g.
 * "Antimony, Gallium · Seized · 2024-01 – 2024-06 · ≥ 100 kg"
 * (translated, dates as ot_date_to_display() writes them and numbers in
 * the user's locale); NULL when the
 * filter lets everything through. */
char       *ot_filter_describe         (const OtFilter *filter);
/* The same for some parts only (OT_FILTER_PART_BIT()s), e.g. those a
 * caption does not already spell out; NULL when none of them is active. */
#define OT_FILTER_PART_BIT(part) (1u << (part))
#define OT_FILTER_ALL_PARTS ((1u << OT_N_FILTER_PARTS) - 1)
char       *ot_filter_describe_parts   (const OtFilter *filter,
                                        guint           parts);

gboolean    ot_filter_matches          (const OtFilter   *filter,
                                        const OtIncident *incident);
/* One byte per incident of @dataset, 1 when included; free with g_free.
 * @filter may be NULL (everything).  @n_included may be NULL. */
guint8     *ot_filter_apply            (const OtFilter *filter,
                                        OtDataset      *dataset,
                                        guint          *n_included);
/* The indices of a mask's included incidents, ascending (a new array;
 * @n_included sizes it and may be 0). */
GArray         *ot_mask_to_indices     (const guint8     *mask,
                                        guint             n_incidents,
                                        guint             n_included);

/* From command-line words (--mineral, --status, --from, --to), each
 * possibly NULL; dates as in the incident format ("2024", "2024-07",
 * "2024-07-15"): --from takes the first day of its date, --to the last. */
OtFilter   *ot_filter_new_from_strings (const char * const *minerals,
                                        const char * const *statuses,
                                        const char         *from,
                                        const char         *to,
                                        GError            **error);

/* Adds the evidence parts from command-line words: --reliability and
 * --credibility (each item one grade or a comma-separated list of them,
 * "none" for not given; NULL for none) and --no-illustrative. */
gboolean    ot_filter_parse_evidence   (OtFilter           *filter,
                                        const char * const *reliabilities,
                                        const char * const *credibilities,
                                        gboolean            hide_illustrative,
                                        GError            **error);

/* The filter as JSON text, for a case's saved views (the shape is in
 * docs/case-file.md, "saved_views"): only the parts that hold something,
 * the period included.  Never NULL. */
char       *ot_filter_to_json          (const OtFilter *filter);
/* Back from that text: keys it does not know are skipped; NULL and
 * @error (OT_ERROR_INVALID, OT_ERROR_TOO_LARGE) for text that is not a
 * JSON object or holds a value its key does not allow. */
OtFilter   *ot_filter_from_json        (const char     *json,
                                        GError        **error);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (OtFilter, ot_filter_free)

/* A boxed type, for properties: copied with ot_filter_copy (). */
#define OT_TYPE_FILTER     (ot_filter_get_type ())
GType ot_filter_get_type     (void) G_GNUC_CONST;

G_END_DECLS
