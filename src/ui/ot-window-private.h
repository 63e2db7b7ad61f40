/* SPDX-License-Identifier: GPL-3.0-or-later */
/* ot-window-private.h: the window's parts, shared by ot-window.c and
 * ot-window-{filters,chart,dnd,load,sheets,history,case,merge,notes,reimport,edit,aliases,autosave,
 * views,recover,signals,store}.c.
 * Calls go one way, down this list: ot-window.c (the type, its public API
 * and actions) calls the parts, ot-window-filters.c calls
 * ot-window-chart.c, ot-window-dnd.c and ot-window-recover.c call
 * ot-window-load.c, ot-window-load.c calls ot-window-sheets.c (which
 * hands the files back through a function it is given), ot-window-case.c
 * and the application, ot-window-history.c calls ot-window-case.c and
 * ot-window-merge.c and ot-window-notes.c,
 * ot-window-case.c calls ot-window-autosave.c, which calls
 * ot-window-views.c (whose Save View… asks the window through its
 * win.add-view action); ot-window-edit.c calls only the editor, the
 * document and ot-window-store.c, which calls ot-window-case.c, the
 * application and the store dialog (and ot-window-edit.c's update only
 * through self->update_edit_actions); ot-window-aliases.c no other part, ot-window-signals.c only the signals window,
 * the table and the workspace; no part calls back up (tests/check-layering.py checks it). */
#pragma once

#include "ot-window.h"
#include "ot-filter-sidebar.h"
#include "ot-incident-table.h"
#include "ot-search-bar.h"
#include "ot-timeline.h"
#include "ot-workspace.h"
#include "ot-frame-source.h"
#include "ot-application.h"
#include "ot-document.h"
#include "ot-case-tables.h"
#include "ot-store.h"

G_BEGIN_DECLS

struct _OtWindow
{
  AdwApplicationWindow  parent_instance;

  GSettings            *settings;
  GtkApplication       *application;   /* followed (not owned): its dataset */
  /* What the analyst looks at: dataset, filter, period, view, projection,
   * selection, highlight (issue 16).  The widgets show it and ask it for
   * changes; the window keeps no copy of any of it. */
  OtWorkspace          *workspace;
  gboolean              following;   /* widgets follow the workspace: their
                                      * signals are echoes, not requests */
  OtChart              *chart;         /* the frame source's */
  gboolean              show_details;
  gboolean              details_placed;   /* its remembered width applied */
  gboolean              placing_details;  /* setting the paned's position */
  gboolean              dark;

  /* Chart updates: asked of the frame source, shown (ot-window-chart.c) */
  OtFrameSource        *frames;               /* owns the chart */
  gboolean              details_dirty;        /* show them after the update */
  guint                 pulse_source;

  /* Loading */
  GPtrArray            *load_cancellables;  /* one per load running: Cancel
                                             * cancels these, never a later one */
  guint                 n_loading;
  GQueue                sheet_picks;     /* files opened, their workbooks' sheets
                                          * being picked (ot-window-sheets.c);
                                          * the first one's now */
  guint                 progress_timeout;
  GPtrArray            *last_problems;   /* of OtProblem */
  GtkDropTarget        *drop_target;

  /* The open case (ot-window-history.c): the application's document */
  OtDocument           *document;
  GMenu                *history_section;   /* Undo …, Redo … */
  gboolean              close_confirmed;   /* Discard was chosen */
  gboolean              close_after_save;  /* Save was chosen: close once saved */
  /* The case (ot-window-case.c) */
  char                 *case_path;   /* last saved or opened; NULL: none */
  guint                 n_saving;
  /* Company Suggestions (ot-window-merge.c), while open */
  GtkWindow            *suggestions;
  GCancellable         *counting;   /* the suggestions per company, being counted */
  gboolean              count_owed; /* to count once the chart's update ends */
  guint                 count_idle;
  gboolean              restore_pending;   /* a case opened: its last view
                                            * comes back with its incidents */

  /* Saved views (ot-window-views.c): the document's */
  GMenu                *saved_views_menu;
  gboolean              viewport_pending;   /* set it again after the next frame */
  OtViewport            pending_viewport;

  /* Unsaved work and its recovery copy (ot-window-autosave.c) */
  gboolean              dirty;
  guint                 changes;             /* ot_window_mark_dirty () calls */
  guint                 autosaved_changes;   /* as of the last copy or save */
  guint                 autosave_source;
  guint                 autosave_interval;   /* of the running timer, s */
  guint                 n_autosaving;
  GCancellable         *autosave_cancellable;
  char                 *recovery_path;       /* FOLDER/NAME.oretrace, once written */
  int                   recovery_fd;         /* FOLDER/recovery.info, locked; -1: none */
  /* A recovery copy opened (ot-window-recover.c) */
  gboolean              recovering;          /* until its incidents land */
  char                 *recovered_name;      /* the title's, until saved */

  /* Trade Signals (ot-window-signals.c): the window, made when a dataset
   * brings statistics; the table a toast offered it for; an incident to
   * pick once the filters that hid it are reset (-1: none) */
  GtkWindow            *signals_window;
  OtTradeTable         *signals_offered;
  gint                  signals_pending;

  /* Re-import (ot-window-reimport.c): loading or comparing; NULL: idle */
  GCancellable         *reimport_cancellable;

  /* The team store whose case the window shows (ot-window-store.c,
   * issue 21); NULL: the case is no store's */
  OtStore              *store;
  char                 *store_name;        /* its display name: the title */
  OtDocument           *store_document;    /* the document its case opened as */
  GHashTable           *store_versions;    /* incident id → gint64 row version */
  gint64                store_last_change; /* the audit log's, as last read */
  gboolean              store_can_edit;    /* the role: editor or owner */
  gboolean              store_summary;     /* opened as a summary (too big to read):
                                            * the chart from the server's sums */
  char                 *store_address;     /* as opened (a password in a URL kept) */
  char                 *store_part;        /* the case is part of the store: what part
                                            * ("the 12 incidents of China → Thailand") */
  gboolean              store_hearing;     /* its listening connection being opened */
  gboolean              store_applying;    /* the store's changes going into the
                                            * document: no unsaved work */
  GCancellable         *store_cancellable; /* opening, reading changes */
  guint                 n_store_busy;      /* calls to the store running */
  GHashTable           *store_pending;     /* ids heard changed, not read yet */
  GPtrArray            *store_notices;     /* of OtStoreNotice, for the toast */
  guint                 store_refresh_source;
  GtkWindow            *store_dialog;      /* Open Team Store, while open */
  char                 *store_history_id;  /* Incident History… being read */
  /* ot-window-edit.c's: Add, Edit and Delete enabled again (the store's
   * role or connection changed); called, never calls up */
  void                (*update_edit_actions) (OtWindow *self);

  /* Template children */
  AdwToastOverlay      *toast_overlay;
  GtkStack             *main_stack;
  AdwStatusPage        *empty_page;
  GtkWidget            *view_switcher;
  GtkWidget            *projection_box;     /* Entities | Countries */
  AdwSplitButton       *open_button;
  GtkPaned             *paned;
  OtCanvas             *canvas;
  OtDetailsPane        *details;
  GtkRevealer          *progress_revealer;
  GtkProgressBar       *progress_bar;
  GtkLabel             *progress_label;
  GtkWidget            *progress_cancel;
  GtkWidget            *drop_highlight;
  GMenu                *recent_menu;

  /* Filters, timeline, search, table (ot-window-filters.c) */
  AdwFlap              *flap;
  OtFilterSidebar      *sidebar;
  OtTimeline           *timeline;
  OtSearchBar          *search_bar;
  OtIncidentTable      *table;
  OtDataset            *shown_dataset;   /* the workspace's, as last followed */
  gboolean              centre_pending;  /* centre this mark after the update */
  OtHitKind             centre_kind;
  guint                 centre_id;
  GtkListBox           *recent_list;        /* on the empty page */
  GtkRevealer          *store_banner;       /* read-only, connection lost */
  GtkLabel             *store_banner_label;
};

/* Whether the view on screen offers @capability (its class says). */
static inline gboolean
view_can (OtWindow           *self,
          OtViewCapabilities  capability)
{
  return (ot_view_kind_get_capabilities (ot_workspace_get_view (self->workspace)) & capability) != 0;
}

/* Whether the case's incidents may be edited: always, unless it is a
 * team store's and the role only reads or the connection is lost (not
 * while it is first being opened: edits go through the other one). */
static inline gboolean
window_may_edit (OtWindow *self)
{
  return self->store == NULL ||
         (self->store_can_edit && (self->store_hearing || ot_store_get_online (self->store)));
}

/* Whether the case is the window's own (no team store's): what only a
 * case file keeps (merges, re-imports, saved views, undo) is offered. */
static inline gboolean
window_case_is_local (OtWindow *self)
{
  return self->store == NULL;
}

/* Whether files are loading (ot-window-load.c keeps the count), or a
 * workbook's sheet is being picked before they do. */
static inline gboolean
window_loading (OtWindow *self)
{
  return self->n_loading > 0 || !g_queue_is_empty (&self->sheet_picks);
}

/* ot-window-dnd.c */
void ot_window_init_dnd        (OtWindow *self);

/* ot-window-chart.c */
/* Connects the window to its frame source's updates. */
void ot_window_chart_init      (OtWindow *self);
/* Asks the frame source for a frame (handing it the timeline's play
 * period and measure): @changes says what changed, see
 * ot_frame_source_request (). */
void ot_window_request_frame   (OtWindow      *self,
                                OtFrameChange  changes);
void ot_window_chart_dispose   (OtWindow *self);
/* The table's rows follow a selection made on the chart (its incidents). */
void ot_window_sync_table      (OtWindow  *self,
                                OtHitKind  kind,
                                guint      id);

/* ot-window-filters.c */
void ot_window_filters_class_init      (GtkWidgetClass *widget_class);
/* Connects the sidebar, the timeline, the table and the window to the
 * workspace's notifications. */
void ot_window_filters_init            (OtWindow       *self);
void ot_window_filters_dispose         (OtWindow  *self);

/* ot-window-load.c */
void ot_window_init_recent     (OtWindow *self);
void ot_window_show_problems   (OtWindow *self);
void ot_window_cancel_load     (OtWindow *self);
void ot_window_load_finalize   (OtWindow *self);
/* Loads @files into the application's dataset, with progress, Cancel and
 * the report toast (ot_window_open_files() without the checks). */
void ot_window_load_files      (OtWindow  *self,
                                GFile    **files,
                                guint      n_files);

/* ot-window-sheets.c (issue 19) */
typedef void (*OtSheetsPicked) (OtWindow  *self,
                                GFile    **files,
                                guint      n_files);
/* Asks, for each workbook of several sheets among @files, which sheet to
 * read, then hands @then the files with those sheets named (FILE#SHEET),
 * less the workbooks whose choice was cancelled; nothing when the load is
 * cancelled meanwhile.  Files opened while a choice is pending wait for
 * it, so that they load in the order opened. */
void ot_window_pick_sheets     (OtWindow       *self,
                                GFile         **files,
                                guint           n_files,
                                OtSheetsPicked  then);
/* The dialog asking now, or NULL. */
GtkWindow *ot_window_sheets_dialog (OtWindow     *self);

/* ot-window-case.c */
void ot_window_save_case       (OtWindow *self);
void ot_window_save_case_as    (OtWindow *self);
/* The case file Save writes to and the title names (NULL: none). */
void ot_window_set_case_path   (OtWindow   *self,
                                const char *path);
/* Before @files load: the path of a lone case file (the window's case
 * once it opened as a new document), or NULL. */
char *ot_window_case_opening   (OtWindow  *self,
                                GFile    **files,
                                guint      n_files);
void ot_window_case_finalize   (OtWindow *self);
/* The title: the case's name, and whether it has unsaved changes. */
void ot_window_update_title    (OtWindow *self);
/* Follows the workspace's dataset: a case opened, or unsaved work. */
void ot_window_case_init       (OtWindow *self);
/* A lone case file at @path starts loading: its last view comes back with
 * its incidents.  Returns the case Save is to write to: @path, or NULL
 * for a recovery copy being recovered. */
const char *ot_window_case_loading (OtWindow   *self,
                                    const char *path);

/* ot-window-autosave.c */
/* Something of the window's case changed (the document's commands, data
 * loaded that is not the opened case): it is unsaved work until saved,
 * and recovery copies are written meanwhile. */
void ot_window_mark_dirty      (OtWindow   *self);
/* Saved or opened as it is: nothing unsaved, the recovery copy deleted. */
void ot_window_autosave_clean  (OtWindow   *self);
/* Writes the recovery copy now (the timer's tick). */
void ot_window_autosave_now    (OtWindow   *self);
/* The window takes over a recovery copy and its locked recovery.info. */
void ot_window_autosave_adopt  (OtWindow   *self,
                                const char *path,
                                int         fd);
void ot_window_autosave_init   (OtWindow   *self);
/* A clean close: the recovery copy is deleted. */
void ot_window_autosave_finalize (OtWindow *self);
/* The folder of recovery copies (one folder each), recovery.info beside
 * a copy, and a copy deleted with its .info and folder. */
char *ot_window_recovery_dir       (void);
char *ot_window_recovery_info_path (const char *case_path);
void  ot_window_delete_recovery_copy (const char *case_path);
/* The case's name as titles show it ("Untitled case" when none). */
char *ot_window_dup_case_name      (OtWindow   *self);

/* ot-window-views.c */
#define OT_LAST_VIEW_NAME "Last view"
void ot_window_views_class_init (GtkWidgetClass *widget_class);
void ot_window_views_init      (OtWindow     *self);
/* The document's saved views changed (or it is another document): the
 * Views submenu follows. */
void ot_window_views_changed   (OtWindow     *self);
/* Appends the screen as the view @name to @tables (replacing one). */
void ot_window_capture_view    (OtWindow     *self,
                                OtCaseTables *tables,
                                const char   *name);
/* The document's tables with the screen as "Last view", for a save. */
OtCaseTables *ot_window_views_for_save (OtWindow *self);
/* The screen saved in the document as the view @name (a command: undone
 * with Ctrl+Z), a view deleted from it, a view back on screen (FALSE and
 * @error when there is none of that name or it cannot be read). */
gboolean ot_window_views_add     (OtWindow    *self,
                                  const char  *name,
                                  GError     **error);
gboolean ot_window_views_remove  (OtWindow    *self,
                                  const char  *name,
                                  GError     **error);
gboolean ot_window_views_restore (OtWindow    *self,
                                  const char  *name,
                                  GError     **error);
/* "Last view", when the case has one, back on screen (or a toast). */
void ot_window_restore_last_view (OtWindow   *self);

/* ot-window-recover.c */
/* Offers the newest recovery copy no running window holds, if any. */
void ot_window_offer_recovery  (OtWindow   *self);

/* ot-window-reimport.c */
/* Re-import File…: asks for the updated file, then as below. */
void ot_window_reimport        (OtWindow *self);
/* Loads @file, compares it with the case, shows the preview; Apply
 * makes it one command. */
void ot_window_reimport_file   (OtWindow *self,
                                GFile    *file);
void ot_window_reimport_dispose (OtWindow *self);

/* ot-window-history.c */
void ot_window_history_class_init (GtkWidgetClass *widget_class);
void ot_window_history_init    (OtWindow      *self);
/* Follows @application's document (and the next ones). */
void ot_window_history_follow  (OtWindow      *self,
                                OtApplication *application);
void ot_window_history_dispose (OtWindow      *self);

/* ot-window-notes.c (issue 17): pins and notes */
void ot_window_notes_class_init (GtkWidgetClass *widget_class);
/* Win.show-notes and the canvas's drops; after the settings exist. */
void ot_window_notes_init      (OtWindow         *self);
/* The document's @changes (pins, annotations) go to the frame source and
 * the details pane; called by ot-window-history.c. */
void ot_window_notes_follow    (OtWindow         *self,
                                OtDocumentChange  changes);
/* Re-layout: the pins forgotten (one command) and a fresh layout. */
void ot_window_notes_relayout  (OtWindow         *self);

/* ot-window-trade.c (issue 18): Show Trade Statistics (win.show-trade,
 * GSettings "show-trade") handed to the frame source; after the
 * settings exist. */
void ot_window_trade_init      (OtWindow         *self);

/* ot-window-edit.c */
/* Follows the table's and the details pane's selection (Edit and Delete
 * are enabled when they have something to work on); Delete in the table. */
void ot_window_edit_init         (OtWindow *self);
void ot_window_add_incident      (OtWindow *self);
void ot_window_edit_incident     (OtWindow *self);
/* Asks first, naming how many. */
void ot_window_delete_incidents  (OtWindow *self);
/* ot-window-aliases.c: the document's alias commands (win.split-entity;
 * the Merge dialog and suggestions join it) */
void ot_window_aliases_class_init (GtkWidgetClass *widget_class);
/* ot-window-merge.c */
void ot_window_merge_class_init (GtkWidgetClass *widget_class);
void ot_window_merge_init      (OtWindow *self);
/* Closes the suggestions (of a document the window no longer shows). */
void ot_window_merge_close     (OtWindow *self);
/* Follows self->document (just set): the suggestions per company. */
void ot_window_merge_follow    (OtWindow *self);

/* ot-window-chart.c: the projection switch offered where it applies (not in
 * the flow diagram, nor for a summary), with a tooltip saying why. */
void ot_window_sync_projection (OtWindow *self);

/* ot-window-store.c (issue 21): a team store's case in the window */
void ot_window_store_class_init (GtkWidgetClass *widget_class);
/* Opens the store at @address: the keyring's password (none typed), a
 * connection, its case as the application's new document, its changes
 * followed.  Never blocks; errors show in the connection dialog. */
void ot_window_open_store      (OtWindow     *self,
                                const char   *address);
/* Saves an edit made in the window to the store (the incident's version
 * read with it), and into the document once saved: @incident replaces
 * @dataset's incident @index, or is added (@index -1). */
void ot_window_store_save      (OtWindow          *self,
                                OtDataset         *dataset,
                                const OtIncident  *incident,
                                gint               index);
/* Deletes @dataset's incidents @indices in the store, then in the document. */
void ot_window_store_delete    (OtWindow          *self,
                                OtDataset         *dataset,
                                GArray            *indices);
gboolean ot_window_store_is_busy (OtWindow        *self);
/* Follows @application's document: one that is no store's leaves it. */
void ot_window_store_follow    (OtWindow          *self,
                                OtApplication     *application);
void ot_window_store_dispose   (OtWindow          *self);

/* ot-window-signals.c (issue 18): Trade Signals… */
void ot_window_signals_class_init (GtkWidgetClass *widget_class);
/* Follows the workspace's dataset; after the frame source exists. */
void ot_window_signals_init       (OtWindow       *self);
void ot_window_signals_dispose    (OtWindow       *self);

G_END_DECLS
