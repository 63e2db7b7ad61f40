/* SPDX-License-Identifier: GPL-3.0-or-later */
/* ot-cli.h: the headless commands (--check, --summary, --export).  They
 * need no display; the application adds their options to its own so that
 * `oretrace --help` lists them all. */
#pragma once

#include <glib.h>
#include <json-glib/json-glib.h>

#include "ot-document.h"
#include "ot-filter.h"

G_BEGIN_DECLS

typedef struct {
  gboolean   check;
  gboolean   summary;
  gboolean   signals;      /* --signals: the trade statistics' signals (issue 18) */
  gboolean   json;
  char      *projection;   /* entities | countries */
  char      *export_path;  /* OUT.png | OUT.svg | OUT.pdf */
  char      *view;         /* network | map | flow */
  int        width;
  int        height;
  char     **minerals;
  char     **statuses;
  char      *from;
  char      *to;
  char     **reliabilities; /* --reliability A,B (repeatable) */
  char     **credibilities; /* --credibility 1,2 (repeatable) */
  gboolean   no_illustrative;
  char      *title;
  double     dpi;          /* PNG: 96 is one pixel per point */
  gboolean   transparent;  /* PNG: no background */
  gboolean   dark;         /* the dark theme */
  gboolean   no_notes;     /* a case's notes not drawn */
  gboolean   no_trade;     /* trade statistics not drawn (issue 18) */
  char      *svg_text;     /* SVG: text | paths */
  int        top;          /* the N most important flows; 0: the budget */
  char      *init_store;   /* --init-store ADDRESS */
  char      *upload_case;  /* --upload-case ADDRESS FILE… */
  char      *save_store;   /* --save-store ADDRESS OUT */
  gboolean   replace;      /* with --upload-case: replace the store's case */
  char     **files;        /* the remaining arguments */
} OtCliOptions;

/* Option entries that store into @options; valid as long as it is. */
GOptionEntry *ot_cli_option_entries (OtCliOptions *options);
/* TRUE when the options ask for a headless command. */
gboolean      ot_cli_wants_command  (const OtCliOptions *options);
/* The filter of --mineral, --status, --from, --to, --reliability,
 * --credibility and --no-illustrative; NULL with @error set when one of
 * them is wrong. */
OtFilter     *ot_cli_build_filter   (const OtCliOptions *options,
                                     GError            **error);
/* Runs the headless command; returns the process exit status. */
int           ot_cli_run            (const OtCliOptions *options);
void          ot_cli_options_clear  (OtCliOptions *options);

/* One line on stdout (or stderr): @format's text with every control,
 * invisible or bidi character and every line break escaped
 * (ot_text_escape_terminal ()), then a line feed (one final line feed
 * of @format's text is not escaped: it is that one).  All text the
 * commands print goes through these. */
void          ot_cli_print_line     (const char *format,
                                     ...) G_GNUC_PRINTF (1, 2);
void          ot_cli_printerr_line  (const char *format,
                                     ...) G_GNUC_PRINTF (1, 2);

/* When @filter (not empty) lets none of @dataset's @n_incidents through
 * (@n_included is 0), prints one line on stderr, "No incident matches the
 * filters: Gallium · 1990 – 1991 (0 of 47 incidents)", with @nothing_written
 * saying that no file was written, and returns TRUE. */
gboolean      ot_cli_report_no_match (const OtFilter *filter,
                                      guint           n_incidents,
                                      guint           n_included,
                                      gboolean        nothing_written);

/* The commands, one per file. */
/* The files of @options opened as the window opens them: a case's
 * aliases (and its other tables) apply; NULL and @error when none could
 * be read at all (ot-cli-output.c). */
OtDocument   *ot_cli_load_document  (const OtCliOptions *options,
                                     GError            **error);

/* The trade statistics @dataset holds (ot-cli-trade.c): their rows, and
 * for --check and --summary their months and rows per mineral and
 * reporter, as text lines or as the "trade" member of the JSON (null
 * without statistics). */
guint         ot_cli_trade_rows     (OtDataset          *dataset);
void          ot_cli_print_trade    (OtDataset          *dataset);
void          ot_cli_trade_json     (JsonBuilder        *builder,
                                     OtDataset          *dataset);

int           ot_cli_check          (const OtCliOptions *options);
int           ot_cli_summary        (const OtCliOptions *options);
int           ot_cli_signals        (const OtCliOptions *options);
int           ot_cli_export         (const OtCliOptions *options);
/* --export of a file named *.ftm.json: FollowTheMoney entities (ot-cli-ftm.c). */
gboolean      ot_cli_is_ftm_path    (const char         *path);
int           ot_cli_export_ftm     (const OtCliOptions *options);
/* --init-store, --upload-case, --save-store: a team store (ot-cli-store.c). */
int           ot_cli_store          (const OtCliOptions *options);

G_END_DECLS
