/* cn_sweep_run.h - the sweep engine: a sweep design's points run into a
 * results store, batch by batch (`cybernorms sweep` is its command).
 *
 * DESIGN.  Replications of every point are cut into batches: batch b is
 * replications b*B .. b*B + n - 1 (B from the plan).  The loop goes batch
 * by batch; for batch b it runs the baseline's batch once (its rows stay
 * in memory: B rows), then every unfinished point's batch b with the SAME
 * replication indices and the same random streams (cn_runner with point 0
 * for every point: common random numbers), adds the paired differences
 * row by row, and commits the batch's aggregate in one transaction
 * (cn_store_batch_save).  Memory is B rows twice plus one aggregate per
 * point, whatever the number of replications.  A point is finished after
 * its replications (fixed), or once every chosen probability's 95%
 * interval is narrower than the precision (or at the cap); its aggregate
 * is the merge of its batches in batch order, stored with the last batch.
 * Batches the store holds already are read back instead of run, so a
 * resumed sweep gives exactly the store of a sweep never interrupted.
 * Shards take the points p with p mod N == i (and run the baseline's rows
 * they need).
 *
 * MPI (cn_mpi.h): with opts.mpi, rank 0 runs the same loop, but every
 * batch is a unit handed to a worker (cn_sweep_run_worker on ranks > 0);
 * units come back and are committed in the order the single process
 * commits them, from the same rows, so the store is the same.
 *
 * Stopping: once *opts.stop is set, the batch in flight is dropped (a
 * single process; a resume runs it again, identically) or finished and
 * committed (MPI), every batch committed before stays, and cn_sweep_run
 * returns CN_OK with result.stopped set.
 *
 * Threads: the runner's (opts.threads); the store, the aggregates and
 * everything else here are the calling thread's, except the counts handed
 * to on_progress, which the runner's callback updates under its lock.
 * Nothing is printed.
 */
#ifndef CN_SWEEP_RUN_H
#define CN_SWEEP_RUN_H

#include <stdatomic.h>

#include "cn_error.h"
#include "cn_metrics.h"
#include "cn_mpi.h"
#include "cn_scenario.h"
#include "cn_store.h"
#include "cn_sweep.h"

/* Where a sweep stands, over the points of its shard. */
typedef struct {
    int points_done, points_total;
    long runs_done;  /* replications run or read back from the store */
    long runs_total; /* to run: shrinks as points finish before their cap */
} cn_sweep_counts;

typedef struct {
    const char *file;             /* the sweep file: point p is it loaded with p's overrides */
    const cn_scenario *s;         /* the scenario as written: seed and generator */
    const cn_scenario *baseline;  /* the baseline point, loaded */
    const cn_metrics_layout *L;   /* the baseline's columns (every point's: cn_sweep_check) */
    long replications;            /* per point; with precision > 0 the cap */
    long batch;                   /* replications per batch, 1 .. replications */
    double precision;             /* > 0: a point is finished once the 95% interval of every
                                   * probability among cols is narrower; 0: fixed */
    const int *cols;              /* with precision: the columns that must converge */
    int n_cols;
    int threads;                  /* >= 1 */
    int shard_i, shard_n;         /* this shard: points p with p mod shard_n == shard_i */
    atomic_int *stop;             /* may be NULL; see above */
    cn_mpi *mpi;                  /* rank 0 of an MPI job with workers; NULL: this process */
    /* May be NULL: the counts, whenever they change (on the runner's
     * threads under its lock, or on the calling thread). */
    void (*on_progress)(void *ctx, const cn_sweep_counts *c);
    void *ctx;
} cn_sweep_run_opts;

typedef struct {
    cn_sweep_counts counts; /* at the end */
    int stopped;            /* *stop was set: not every point is finished */
    int resumable;          /* a failure to write the store: every batch before the
                             * failing one is committed, and --resume continues */
} cn_sweep_run_result;

/* Runs sweep sw's unfinished points (of the shard) into store, which
 * cn_store_init set up for this sweep and plan (cn_store_check).  CN_OK
 * (out->stopped when interrupted), or CN_EIO (the store; d says what when
 * it was a write, and out->resumable), CN_EINPUT (a point's scenario or
 * the generator, with d), CN_ENOMEM, CN_ETHREAD, CN_EINTERNAL. */
int cn_sweep_run(cn_sweep *sw, cn_store *store, const cn_sweep_run_opts *o,
                 cn_sweep_run_result *out, cn_diag *d);

/* An MPI worker (rank > 0): runs the units rank 0 hands out (the points'
 * batches, each loaded from o->file) until released; o->stop, o->mpi and
 * the shard are not used.  CN_OK or the first failure. */
int cn_sweep_run_worker(cn_sweep *sw, const cn_sweep_run_opts *o, cn_mpi *mpi);

#endif
