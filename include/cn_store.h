/* cn_store.h - the results store of a sweep: one SQLite file.
 *
 * DESIGN.  The store holds the resolved scenario (text and hash), the
 * sweep's canonical text and plan (their hash), the program version, the
 * points and their factor values, the metric columns, and the results as
 * aggregates (cn_whatif_agg): one set per (point, batch) of replications,
 * committed in one transaction with the batch (journal_mode=WAL,
 * synchronous=NORMAL: a crash or kill -9 loses at most the batch in
 * flight; a power loss at most the last few), and one per finished point,
 * the ordered merge of its batches.  With --keep-runs every replication's
 * row is kept too (table runs).  Because a point's aggregate is the merge
 * of its batches in batch order, and batches are fixed ranges of
 * replication indices, an interrupted sweep resumed from the store, or
 * shards merged, give exactly the aggregates of an uninterrupted run.
 * Tables: meta(key, value), factors, metrics, points, point_values,
 * batches, batch_stats, point_stats, runs (docs/sweeps.md).
 * A store is written by one process at a time (the sweep takes a lock
 * file beside it, cn_outfile.h); readers open it read-only.  Every
 * existing store is checked when it is opened: a store whose counts do
 * not add up is refused as damaged, naming what is wrong.
 */
#ifndef CN_STORE_H
#define CN_STORE_H

#include "cn_error.h"
#include "cn_metrics.h"
#include "cn_sweep.h"
#include "cn_whatif.h"

#define CN_STORE_FORMAT "1"

typedef struct cn_store cn_store;

/* What identifies a sweep's results. */
typedef struct {
    const char *version;        /* CN_VERSION */
    const char *scenario_name;
    const char *description;
    const char *scenario_hash;  /* hex FNV-1a 64 of the resolved scenario */
    const char *sweep_hash;     /* hex FNV-1a 64 of scenario + design + plan */
    const char *scenario_text;  /* the resolved scenario */
    const char *sweep_text;     /* cn_sweep_write */
    const char *plan;           /* replications, batch, precision, ... as text */
    const char *design;
    const char *generator;
    unsigned long seed;
    const char *metrics;        /* default table columns, comma-separated */
    int keep_runs;
    const char *shard;          /* "i/N", or "" */
    const char *sweep_file;     /* the sweep file's full path (may be NULL) */
} cn_store_meta;

/* How a store is opened (cn_store_open's mode). */
enum {
    CN_STORE_WRITE = 0,  /* an existing file, to write */
    CN_STORE_CREATE = 1, /* to write, created when missing */
    CN_STORE_READ = 2    /* read-only: nothing is written, nothing created beside it;
                          * works on read-only folders and media */
};

/* Opens the store at path (a plain file name: no SQLite URI or ":memory:"
 * is interpreted).  *fresh is 1 when the store has no schema yet (never
 * for CN_STORE_READ, which refuses an empty file or database).  CN_EINPUT
 * (message in d) when the file is missing, not a store (empty, not
 * SQLite, another program's database) or damaged (what does not add up is
 * named); CN_EIO when it cannot be read.  A file refused is left exactly
 * as it was. */
int cn_store_open(const char *path, int mode, cn_store **out, int *fresh, cn_diag *d);
/* Closes; a store opened to write is left as one file (no -wal, -shm)
 * when no reader has it open. */
void cn_store_close(cn_store *st);

/* Writes the schema, meta, factors, metrics and points into a fresh store. */
int cn_store_init(cn_store *st, const cn_store_meta *m, const cn_sweep *sw,
                  const cn_metrics_layout *L, cn_diag *d);

/* The file name the store was opened with. */
const char *cn_store_path(const cn_store *st);

/* What SQLite said about the store's last failure ("database or disk is
 * full"), for messages; never NULL. */
const char *cn_store_error(const cn_store *st);

/* A meta value (malloc'd; NULL when missing). */
int cn_store_meta_get(cn_store *st, const char *key, char **value);

/* CN_OK when the store holds results of the same program version, scenario,
 * plan and shard as m; otherwise CN_EINPUT with what differs in d. */
int cn_store_check(cn_store *st, const cn_store_meta *m, cn_diag *d);

/* Points finished and total. */
int cn_store_progress(cn_store *st, int *done, int *total);

/* Whether point p is finished. */
int cn_store_point_done(cn_store *st, int p, int *done);

/* The committed aggregate of (p, batch) into part (reset first); *found 0
 * when that batch is not committed. */
int cn_store_batch_load(cn_store *st, int p, long batch, cn_whatif_agg *part, long *n,
                        int *found);

/* Commits one batch: its aggregate, rows (n x part->n, kept only when the
 * store keeps runs; may be NULL otherwise) and, when final != NULL, the
 * point's finished aggregate over total replications. */
int cn_store_batch_save(cn_store *st, int p, long batch, long first, long n,
                        const cn_whatif_agg *part, const double *rows,
                        const cn_whatif_agg *final, long total);

/* A table read back from a store, with the memory it points into. */
typedef struct cn_store_table cn_store_table;

/* Reads the table with the columns named in metrics (comma-separated;
 * NULL or "": the store's default).  Unknown metrics: CN_EINPUT with a
 * did-you-mean in d. */
int cn_store_read_table(cn_store *st, const char *metrics, cn_store_table **out, cn_diag *d);
const cn_whatif_table *cn_store_table_get(const cn_store_table *t);
void cn_store_table_free(cn_store_table *t);

/* Merges shard stores into out (replaced atomically): all must hold the
 * same version, scenario and plan.  CN_EINPUT (d says why) or CN_EIO. */
int cn_store_merge(const char *out, const char *const *in, int n_in, cn_diag *d);

#endif
