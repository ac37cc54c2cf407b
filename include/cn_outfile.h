/* cn_outfile.h - where results may be written, so that none is ever lost.
 *
 * Four guards around the files cybernorms writes (docs/robustness.md):
 *  - cn_outfile_check: an output may replace only a regular file that
 *    cybernorms itself wrote (recognised by how its text begins, or an
 *    SQLite file where a store is written), never one of the command's
 *    inputs (compared by device and inode, not by name), never a folder, a
 *    device, a FIFO, a socket or a symbolic link, and an existing file only
 *    when the user said --force.
 *  - cn_outfile_lock_take: one writer at a time per results folder or
 *    store: an advisory lock (flock) on a lock file that holds the writer's
 *    pid, kept for the whole run or sweep; a second writer is refused with a
 *    message naming the holder.
 *  - result sets (cn_outfile_commit_set): the files of a run are written
 *    and fsynced as temporary files; a manifest (each file's name, size and
 *    hash) is written after them; then a commit journal, renamed into place
 *    and fsynced, is the moment the new set replaces the old one: a crash
 *    before it leaves the old set untouched, a crash after it leaves the new
 *    set complete in temporary files that the next writer of the folder
 *    (cn_outfile_recover) renames into place.  Files are renamed over the
 *    old ones, never unlinked first.  cn_outfile_verify tells a reader
 *    whether a folder holds one complete set.
 *  - fatal signals (cn_outfile_signals_install, once in main): HUP, INT,
 *    QUIT, TERM, PIPE and XFSZ remove every temporary file still open
 *    (cn_outfile_temp_track, done by cn_afile_open) before the process ends
 *    the way the signal would have ended it.  A run or a sweep may instead
 *    ask to be told of the first interruption (cn_outfile_graceful): it
 *    polls cn_outfile_stop_flag() and cleans up itself; PIPE and XFSZ are
 *    then left to the failing write (EPIPE, EFBIG), which reports them.
 *
 * Threads: everything here is for the main thread, except that the stop
 * flag may be read anywhere and the signal handler may run on any thread.
 */
#ifndef CN_OUTFILE_H
#define CN_OUTFILE_H

#include <stdatomic.h>

#include "cn_error.h"
#include "cn_output.h"

#define CN_OUTFILE_MANIFEST "manifest.txt"      /* a result set's manifest */
#define CN_OUTFILE_JOURNAL ".cybernorms-commit" /* a commit under way */
#define CN_OUTFILE_LOCK ".cybernorms.lock"      /* a results folder's lock file */

/* ---- may this path be written? ---------------------------------------- */

enum {
    CN_OUTFILE_FORCE = 1, /* the user said --force: an existing file of ours may go */
    CN_OUTFILE_STORE = 2  /* the output is an SQLite store: an SQLite file counts as
                           * ours here (the caller checks that it is a store) */
};

/* CN_OK when path may be written as an output: nothing is there, or a
 * regular file cybernorms wrote (and flags has CN_OUTFILE_FORCE), which is
 * none of inputs[0 .. n_inputs - 1] (NULL entries are skipped).  Else
 * CN_EINPUT with d saying what is there and what to do. */
int cn_outfile_check(const char *path, int flags, const char *const *inputs, int n_inputs,
                     cn_diag *d);

/* 1 when the file at path begins as one of cybernorms' text outputs do
 * (results, summaries, resolved scenarios, exports, reports, manifests),
 * or is empty; 0 otherwise or when it cannot be read. */
int cn_outfile_is_ours(const char *path);

/* 1 when paths a and b name the same file (device and inode); 0 when not,
 * or when either does not exist. */
int cn_outfile_same(const char *a, const char *b);

/* ---- one writer at a time ----------------------------------------------- */

typedef struct cn_outfile_lock cn_outfile_lock;

/* Creates and locks path (exclusive, without waiting) and writes this
 * process's pid into it.  what names the thing being written in messages
 * ("results/x/", "results/x.sqlite").  CN_EINPUT (d: who holds it, "wait
 * for it to finish") when another process holds it; CN_EIO (d, errno)
 * when the lock file cannot be made. */
int cn_outfile_lock_take(const char *path, const char *what, cn_outfile_lock **out, cn_diag *d);

/* Removes the lock file and releases the lock; NULL is a no-op. */
void cn_outfile_lock_release(cn_outfile_lock *l);

/* ---- result sets ------------------------------------------------------------ */

/* The files of one set, committed together.  Every file must live in dir;
 * on return (either way) the files are consumed and set to NULL.
 * Phase 1 (cn_outfile_set_prepare): fsyncs each file, writes the manifest
 * and the journal: from then on the new set is the folder's set.  Phase 2
 * (cn_outfile_set_finish): renames each file, the manifest last, into
 * place and removes the journal.  cn_outfile_commit_set does both.  On a
 * failure in phase 1 the temporary files are removed (the old set stays),
 * *failed (when not NULL) names the file that failed (index, or n for the
 * manifest), d says why (errno kept) and CN_EIO is returned. */
int cn_outfile_commit_set(const char *dir, cn_afile **files, int n, int *failed, cn_diag *d);
int cn_outfile_set_prepare(const char *dir, cn_afile **files, int n, int *failed, cn_diag *d);
int cn_outfile_set_finish(const char *dir, cn_diag *d);

/* For the writer of dir, holding its lock: finishes a commit a dead
 * writer left (its journal), then removes temporary files of names[0 ..
 * n - 1], of the manifest and of the journal ("NAME.tmp.XXXXXX") that a
 * dead writer left.  CN_OK, or CN_EIO with d. */
int cn_outfile_recover(const char *dir, const char *const *names, int n, cn_diag *d);

/* For a reader of dir: CN_OK when dir holds one complete set (every file
 * the manifest names, with its size and hash), *has_manifest 1; CN_OK and
 * *has_manifest 0 when there is no manifest (results of an older
 * version); CN_EINPUT with d when a commit was interrupted or a file does
 * not match. */
int cn_outfile_verify(const char *dir, int *has_manifest, cn_diag *d);

/* ---- signals ------------------------------------------------------------------ */

/* Installs the fatal-signal handler for HUP, INT, QUIT, TERM, PIPE and
 * XFSZ, leaving alone any of them ignored when the program started (as
 * under nohup).  Once, in main, before any thread.  CN_OK or CN_EIO. */
int cn_outfile_signals_install(void);

/* on = 1: the first HUP, INT, QUIT or TERM only sets the stop flag (to
 * the signal's number; a second one ends the process), and PIPE and XFSZ
 * are left to the failing write.  on = 0: every one ends the process. */
void cn_outfile_graceful(int on);

/* The stop flag: 0, or the number of the signal that asked to stop. */
atomic_int *cn_outfile_stop_flag(void);

/* Tracks a temporary file for the signal handler: returns a slot (-1 when
 * every slot is taken: then the file is not removed on a signal).
 * cn_outfile_temp_untrack(-1) is a no-op. */
int cn_outfile_temp_track(const char *path);
void cn_outfile_temp_untrack(int slot);

#endif
