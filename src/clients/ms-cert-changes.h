/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "ms-cert-audit.h"

G_BEGIN_DECLS

/* Renewing and deleting exceptions.  Each program's files change in one
 * transaction (MsFileSet: read everything first, back up, stage, rename,
 * roll back on failure), refused before anything is written when the
 * program holds them: Thunderbird open on a profile, Evolution running
 * (both rewrite their lists from memory when they close). */

/* One change: @exception goes, and @der, when given, takes its place for
 * the same host (and port).  With @keep_old the old one stays too (an
 * Evolution exception still needed on another port of the same host). */
typedef struct {
  MsCertException *exception;
  GBytes *der;
  gboolean keep_old;
} MsCertEdit;

void        ms_cert_edit_free (MsCertEdit *edit);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (MsCertEdit, ms_cert_edit_free)

/* What happened in one program. */
typedef struct {
  MsCertProgram program;
  GError *error;            /* NULL: done; an MS_CERT_EXCEPTIONS_ERROR otherwise, and nothing changed */
  guint replaced;           /* exceptions renewed */
  guint removed;            /* exceptions deleted */
  GPtrArray *written;       /* char*: files created or replaced */
  GPtrArray *deleted_files; /* char*: files removed */
  GPtrArray *backups;       /* char*: copies of what was there */
  char *diff;               /* with dry_run: the change, as `diff -u` shows it */
} MsCertOutcome;

void        ms_cert_outcome_free (MsCertOutcome *outcome);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (MsCertOutcome, ms_cert_outcome_free)

/* A row that was not renewed, and why (an MS_CERT_EXCEPTIONS_ERROR). */
typedef struct {
  MsCertAuditRow *row;      /* NULL when the fingerprint given matched no row */
  GError *reason;
} MsCertRefusal;

void        ms_cert_refusal_free (MsCertRefusal *refusal);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (MsCertRefusal, ms_cert_refusal_free)

/* The rows of @rows to renew, given @accepted ("HOST:PORT=SHA256", as
 * --accept-fingerprint writes them).  Nothing is chosen unless its
 * fingerprint is given and is the one the server presents, and never a
 * row ms_cert_audit_row_can_renew() refuses.  Every row left out that
 * needed renewing, or that a fingerprint was given for, goes to @refusals
 * (MsCertRefusal*) with its reason.  FALSE with MS_SPEC_ERROR when an
 * accepted fingerprint cannot be read. */
GPtrArray  *ms_cert_renewal_select (GPtrArray *rows, const char *const *accepted, GPtrArray *refusals,
                                    GError **error);

/* The changes that renew @chosen (rows of @all, which tells whether an
 * Evolution exception is still needed on another port). */
GPtrArray  *ms_cert_edits_for_renewal (GPtrArray *chosen, GPtrArray *all);
/* The changes that delete @exceptions. */
GPtrArray  *ms_cert_edits_for_removal (GPtrArray *exceptions);

/* Applies @edits (MsCertEdit*), one transaction per program, and returns
 * an MsCertOutcome* per program touched.  With @dry_run, only the diff.
 * Blocking. */
GPtrArray  *ms_cert_changes_apply        (GPtrArray *edits, const MsCertStores *stores, gboolean dry_run,
                                          GCancellable *cancellable);
void        ms_cert_changes_apply_async  (GPtrArray *edits, const MsCertStores *stores, gboolean dry_run,
                                          GCancellable *cancellable, GAsyncReadyCallback callback,
                                          gpointer user_data);
GPtrArray  *ms_cert_changes_apply_finish (GAsyncResult *result, GError **error);

G_END_DECLS
