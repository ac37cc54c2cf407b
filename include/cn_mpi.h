/* cn_mpi.h - a sweep's units of work shared among MPI ranks.
 *
 * DESIGN.  Rank 0 is the master: it asks its caller for units in the
 * order the single-process sweep would commit them (next), hands those
 * that need computing to whichever worker is free (dynamic scheduling),
 * and gives every unit back to the caller strictly in that order
 * (commit), with the rows a worker computed.  Workers (ranks 1..K-1) only
 * run replications: a unit is (point, first, n) and the answer is its
 * n x ncols rows, exactly what the single-process run computes for the
 * same replications (the runner gives the same bytes whatever the
 * threads).  Since the master commits in the same order from the same
 * rows, everything it derives and stores is what one process stores.
 * At most `window` units are generated ahead of the commit: memory is
 * window rows buffers, whatever the number of replications.  The caller
 * may answer next with WAIT when the unit depends on a commit not made
 * yet (with at least one unit outstanding).
 * All MPI calls are made from the calling (main) thread
 * (MPI_THREAD_FUNNELED); waits poll with short sleeps, so an idle rank
 * does not spin on an oversubscribed machine.
 * Without CN_MPI (the ordinary build) nothing here needs MPI: cn_mpi_start
 * always answers "not under MPI" and the rest is never reached.
 */
#ifndef CN_MPI_H
#define CN_MPI_H

#include "cn_error.h"

typedef struct cn_mpi cn_mpi;

/* A unit of work, in commit order. */
typedef struct {
    int point;    /* the sweep point whose scenario runs */
    long first;   /* replications first .. first + n - 1 */
    long n;
    int compute;  /* 1: a worker computes the rows; 0: commit only */
    int kind;     /* the caller's: what the unit is for */
    long batch;   /* the caller's: which batch */
} cn_mpi_unit;

enum { CN_MPI_UNIT = 0, CN_MPI_WAIT, CN_MPI_END };

typedef struct {
    int ncols;      /* values per row */
    long max_rows;  /* the largest n of any unit */
    int window;     /* units ahead of the commit; 0: 2 x workers + 2 */
    /* The next unit in commit order into *u: CN_MPI_UNIT, CN_MPI_WAIT or
     * CN_MPI_END (nothing more; not asked again). */
    int (*next)(void *ctx, cn_mpi_unit *u);
    /* Called in commit order with the unit's rows (NULL when not
     * computed); a non-zero return (an exit status) stops the sweep. */
    int (*commit)(void *ctx, const cn_mpi_unit *u, const double *rows);
    /* May be NULL: told of a worker's failure (its rank and status), once;
     * the sweep then stops with exit status 1.  NULL: said on stderr. */
    void (*failed)(void *ctx, int rank, int status);
    void *ctx;
} cn_mpi_master_opts;

/* Runs replications first .. first + n - 1 of the point into rows. */
typedef int (*cn_mpi_run_fn)(void *ctx, int point, long first, long n, double *rows);

/* Joins the MPI job when the process was launched by mpirun/mpiexec or
 * srun (Open MPI, PMI or PMIx variables in the environment); otherwise,
 * and always without CN_MPI, *out = NULL, *rank = 0, *size = 1 and MPI
 * is not initialised.  CN_OK or CN_EINTERNAL (MPI could not start). */
int cn_mpi_start(cn_mpi **out, int *rank, int *size);

/* Leaves the job (MPI_Finalize).  NULL is a no-op. */
void cn_mpi_end(cn_mpi *m);

/* Collective over all ranks: *worst is the largest status any rank
 * passed, *who the lowest rank that passed it.  With m NULL: status, 0. */
int cn_mpi_agree(cn_mpi *m, int status, int *worst, int *who);

/* Rank 0: runs the units of o over the workers and commits them in
 * order, then releases the workers.  *exit_status is 0, the non-zero
 * status a commit returned, or 1 when a worker failed (o->failed).
 * CN_OK, CN_ENOMEM, CN_EINPUT (bad options) or CN_EINTERNAL. */
int cn_mpi_master(cn_mpi *m, const cn_mpi_master_opts *o, int *exit_status);

/* Ranks > 0: computes units with run until the master releases it.
 * CN_OK, or the first failure (also reported to the master). */
int cn_mpi_worker(cn_mpi *m, int ncols, long max_rows, cn_mpi_run_fn run, void *ctx);

#endif
