/* cn_output.h - result files: atomic writes, runs.csv, summaries, tables.
 *
 * Writers never draw random numbers and never run the model: they format
 * what the runner and the statistics hand them.  Every file is written to
 * a temporary file beside its destination and renamed into place on
 * commit, so a reader never sees a half-written result.  Numbers are
 * printed with fixed formats, so the same results give the same bytes.
 */
#ifndef CN_OUTPUT_H
#define CN_OUTPUT_H

#include <stdio.h>

#include "cn_metrics.h"
#include "cn_scenario.h"
#include "cn_stats.h"

#define CN_VERSION "0.1.0"

/* An atomic file: written as "<path>.tmp.XXXXXX", renamed on commit. */
typedef struct cn_afile cn_afile;

/* Writes s as one CSV field (RFC 4180): as it is, or quoted, with its
 * quotes doubled, when it holds a comma, a quote or a line break.  Shared
 * by every CSV writer (summary.csv, the sweeps' long CSV). */
void cn_output_csv_field(FILE *f, const char *s);

/* Creates the temporary file.  CN_OK or CN_EIO (errno kept). */
int cn_afile_open(const char *path, cn_afile **out);
FILE *cn_afile_stream(cn_afile *f);
/* Flushes, fsyncs, closes and renames; frees f.  On failure the temporary
 * file is removed and CN_EIO returned. */
int cn_afile_commit(cn_afile *f);
/* Closes and removes the temporary file; frees f.  NULL is a no-op. */
void cn_afile_abort(cn_afile *f);

/* The pieces of a commit, for a set of files committed together
 * (cn_outfile_commit_set).  cn_afile_sync flushes, fsyncs and closes the
 * temporary file, keeping it and f (CN_EIO with errno on failure; then
 * cn_afile_abort removes it).  cn_afile_untrack stops the fatal-signal
 * handler from removing it (once it belongs to a committed set).
 * cn_afile_rename renames it over the destination (no folder fsync: see
 * cn_output_sync_dir) and frees f; CN_EIO (errno kept, f kept) on
 * failure. */
int cn_afile_sync(cn_afile *f);
void cn_afile_untrack(cn_afile *f);
int cn_afile_rename(cn_afile *f);
const char *cn_afile_tmp_path(const cn_afile *f);
const char *cn_afile_path(const cn_afile *f);
/* Frees f, keeping its temporary file (it belongs to a committed set's
 * journal now).  NULL is a no-op. */
void cn_afile_forget(cn_afile *f);

/* fsyncs the folder holding path (best effort: makes renames durable). */
void cn_output_sync_dir(const char *path);

/* Creates dir and its parents (mode 0777 & ~umask).  CN_OK or CN_EIO. */
int cn_output_mkdirs(const char *dir);

/* What a results header records. */
typedef struct {
    const cn_scenario *s;
    const char *version;       /* CN_VERSION */
    const char *generator;     /* GSL generator name */
    unsigned long seed;
    long replications;
    unsigned long long scenario_hash; /* FNV-1a 64 of the resolved scenario text */
} cn_run_info;

/* The resolved scenario as text (malloc'd into *text, *len bytes), as
 * recorded in scenario.cfg and in a sweep's store, and hashed into the
 * results' headers.  The thread count changes no result, so it is
 * recorded as 0 (all cores): runs with different thread counts give
 * byte-identical files.  CN_OK or CN_ENOMEM (*text NULL). */
int cn_output_scenario_text(const cn_scenario *s, char **text, size_t *len);

/* FNV-1a 64-bit hash of n bytes; cn_output_hash_more continues a hash
 * (start from CN_OUTPUT_HASH_INIT) over more bytes. */
#define CN_OUTPUT_HASH_INIT 14695981039346656037ULL
unsigned long long cn_output_hash(const void *data, size_t n);
unsigned long long cn_output_hash_more(unsigned long long h, const void *data, size_t n);

/* "# key: value" lines: program version, scenario name and file, seed,
 * replications, generator, resolved-scenario hash and file name. */
int cn_output_header(FILE *f, const cn_run_info *info);

/* runs.csv: the column line ("replication," + metric names), then one line
 * per replication; NaN prints as an empty field. */
int cn_output_runs_columns(FILE *f, const cn_metrics_layout *L);
int cn_output_runs_row(FILE *f, const cn_metrics_layout *L, long rep, const double *row);

/* summary.csv: one line per metric: metric,kind,n,missing,prob,prob_lo,
 * prob_hi,mean,sd,median,p05,p95,min,max (fields that do not apply empty). */
int cn_output_summary_csv(FILE *f, const cn_run_info *info, const cn_metrics_layout *L,
                          const cn_stats *st);

/* summary.md: header, then a table per forum and one for the world. */
int cn_output_summary_md(FILE *f, const cn_run_info *info, const cn_metrics_layout *L,
                         const cn_stats *st);

/* The terminal table: per forum one line (P adopted [95% CI], P in force,
 * mean strength, median footnotes, median supporters/objectors), then the
 * world metrics.  width: terminal columns (0 = 100). */
int cn_output_table(FILE *f, const cn_run_info *info, const cn_metrics_layout *L,
                    const cn_stats *st, int width);

#endif
