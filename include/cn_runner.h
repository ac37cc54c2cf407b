/* cn_runner.h - replications over a pthread pool, merged in order.
 *
 * DESIGN.  Replications are cut into chunks of `chunk` consecutive
 * indices.  Worker threads take the next chunk number from a shared
 * counter, run it into a chunk buffer with their own cn_world and gsl_rng
 * (seeded per replication from (seed, point, rep)), then hand the buffer
 * back.  Finished chunks are consumed strictly in chunk order, under the
 * runner's lock, by whichever thread completes the next-in-line chunk: its
 * rows go to on_rows (runs.csv) and to the statistics.  At most
 * 2 x threads chunks are in flight, so memory does not grow with the
 * number of replications, and since rows are consumed in replication
 * order the outputs are bit-identical for any thread count.
 * Ownership: the scenario and layout are shared read-only; each worker
 * owns its world, generator and buffer; the stats and callbacks are
 * touched only under the lock, except on_replication, which each worker
 * calls for its own replications (a caller that needs more than the
 * metric row, e.g. the backtest's per-state votes, keeps per-worker
 * counts there).
 */
#ifndef CN_RUNNER_H
#define CN_RUNNER_H

#include <stdatomic.h>

#include "cn_metrics.h"
#include "cn_scenario.h"
#include "cn_stats.h"
#include "cn_world.h"

typedef struct {
    long replications;
    long first;                /* index of the first replication (default 0) */
    int threads;               /* >= 1 */
    int chunk;                 /* replications per chunk; 0 = min(64, replications /
                                * (16 threads)), at least 1 */
    unsigned long seed;
    unsigned long point;       /* sweep point (0 for a plain run) */
    const char *generator;     /* GSL generator name */
    /* Called in replication order, under the lock: n rows of L->n values
     * starting at replication first_rep.  A non-zero return stops the run
     * with that status. */
    int (*on_rows)(void *ctx, long first_rep, int n, const double *rows);
    /* Called under the lock after each consumed chunk. */
    void (*on_progress)(void *ctx, long done, long total);
    /* May be NULL.  Called on the thread that ran it, without the lock,
     * after each replication that ran to its end: worker is that thread's
     * index (0 .. threads - 1), rep the replication, w its world as the
     * replication left it (the forums' last votes, ...), row its metrics.
     * What it accumulates it keeps per worker, and whatever it sums over
     * the workers must not depend on which worker ran which replication
     * (integer counts do not).  With *stop set it may have seen
     * replications beyond *done. */
    void (*on_replication)(void *ctx, int worker, long rep, const cn_world *w,
                           const double *row);
    void *ctx;
    /* May be NULL.  Once *stop is non-zero no new chunk is started and
     * the chunks in flight are abandoned within a session (cn_world.stop):
     * the run returns CN_OK with fewer replications done, every row handed
     * on a complete replication.  An atomic (lock-free, so a signal
     * handler on any thread may set it) rather than a volatile
     * sig_atomic_t, which other threads may not read without a race. */
    atomic_int *stop;
    long *done;                /* out, may be NULL: replications consumed */
} cn_runner_opts;

/* Runs the replications, adding every row to stats (in order).  CN_OK,
 * CN_ENOMEM, CN_ETHREAD, CN_EINPUT (unknown generator, threads < 1,
 * replications or first < 0, chunk < 0), or on_rows' status.  *o->done
 * (when given) is set in every case: the rows handed to on_rows and stats
 * are exactly replications first .. first + done - 1.  With threads == 1
 * everything runs on the calling thread. */
int cn_runner_run(const cn_scenario *s, const cn_metrics_layout *L,
                  const cn_runner_opts *o, cn_stats *stats);

/* Number of online cores (>= 1). */
int cn_runner_cores(void);

#endif
