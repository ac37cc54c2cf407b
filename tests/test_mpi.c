/* test_mpi.c - the MPI work sharing of sweeps (sim/mpi.c, cn_mpi.h).
 *
 * In the ordinary build (make test) and in the MPI build run without a
 * launcher, cn_mpi never joins a job: start answers "single process",
 * agree passes the status through, master and worker refuse.  Under
 * mpirun with 2 or more ranks (.ci/steps/45-mpi.sh:
 * `mpirun -np 3 build/mpi/tests/test_mpi`), rank 0 runs the protocol
 * tests as master while the other ranks serve as workers, one worker
 * session per master test (each master test calls cn_mpi_master exactly
 * once, first thing): units come back in commit order with the right
 * rows whatever order the workers finish in, WAIT is honoured, and a
 * worker's failure or a commit's stop ends the run cleanly.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <cmocka.h>

#include "cn_error.h"
#include "cn_mpi.h"

#define NCOLS 3
#define MAXROWS 5
#define FAIL_POINT 1007  /* the worker's run fails on this point */
#define MASTER_TESTS 4   /* master tests: each is one worker session */

static cn_mpi *job;      /* set in main before the tests; read-only after */

/* The value a worker computes for replication rep, column j of point p. */
static double cell(int p, long rep, int j)
{
    return (double)p * 1e6 + (double)rep * 10.0 + j;
}

static int worker_run(void *ctx, int point, long first, long n, double *rows)
{
    (void)ctx;
    if (point == FAIL_POINT)
        return CN_ENOMEM;
    /* uneven work, so answers arrive out of order */
    struct timespec ts = {0, (long)(point % 4) * 2000000L};
    nanosleep(&ts, NULL);
    for (long i = 0; i < n; i++)
        for (int j = 0; j < NCOLS; j++)
            rows[i * NCOLS + j] = cell(point, first + i, j);
    return CN_OK;
}

typedef struct {
    int total;       /* units to generate */
    int generated, committed;
    int fail_at;     /* point offset: units have point base + k */
    int base;
    int serial;      /* 1: WAIT until the previous unit is committed */
    int stop_at;     /* commit returns 130 at this unit (-1: never) */
    int bad_rows;    /* rows that did not match */
} plan;

static int plan_next(void *ctx, cn_mpi_unit *u)
{
    plan *pl = ctx;
    if (pl->generated >= pl->total)
        return CN_MPI_END;
    if (pl->serial && pl->committed < pl->generated)
        return CN_MPI_WAIT;
    int k = pl->generated++;
    memset(u, 0, sizeof *u);
    u->point = pl->base + k;
    u->first = 100L * k;
    u->n = 1 + k % MAXROWS;
    u->compute = k % 3 != 2; /* some units are commit-only */
    u->kind = k;
    u->batch = k;
    return CN_MPI_UNIT;
}

static int plan_commit(void *ctx, const cn_mpi_unit *u, const double *rows)
{
    plan *pl = ctx;
    if (u->kind != pl->committed)
        pl->bad_rows++; /* out of order */
    pl->committed++;
    if (u->compute) {
        if (rows == NULL)
            pl->bad_rows++;
        for (long i = 0; rows != NULL && i < u->n; i++)
            for (int j = 0; j < NCOLS; j++)
                if (rows[i * NCOLS + j] != cell(u->point, u->first + i, j))
                    pl->bad_rows++;
    } else if (rows != NULL) {
        pl->bad_rows++;
    }
    return u->kind == pl->stop_at ? 130 : 0;
}

static int run_master(plan *pl, int window, int *exit_status)
{
    cn_mpi_master_opts o = {
        .ncols = NCOLS,
        .max_rows = MAXROWS,
        .window = window,
        .next = plan_next,
        .commit = plan_commit,
        .ctx = pl,
    };
    return cn_mpi_master(job, &o, exit_status);
}

/* ---- every build, no launcher ------------------------------------------- */

static void test_mpi_single_process_without_launcher(void **state)
{
    (void)state;
    cn_mpi *m = (cn_mpi *)&m; /* not NULL: start must overwrite it */
    int rank = -1, size = -1;
    unsetenv("OMPI_COMM_WORLD_SIZE");
    unsetenv("PMIX_RANK");
    unsetenv("PMI_RANK");
    unsetenv("PMI_SIZE");
    unsetenv("MV2_COMM_WORLD_SIZE");
    assert_int_equal(cn_mpi_start(&m, &rank, &size), CN_OK);
    assert_null(m);
    assert_int_equal(rank, 0);
    assert_int_equal(size, 1);
    cn_mpi_end(NULL); /* a no-op */
}

static void test_mpi_agree_alone_passes_the_status(void **state)
{
    (void)state;
    int worst = -1, who = -1;
    assert_int_equal(cn_mpi_agree(NULL, 2, &worst, &who), CN_OK);
    assert_int_equal(worst, 2);
    assert_int_equal(who, 0);
}

static void test_mpi_master_and_worker_refuse_without_a_job(void **state)
{
    (void)state;
    plan pl = {.total = 3, .stop_at = -1};
    cn_mpi_master_opts o = {.ncols = NCOLS, .max_rows = MAXROWS, .next = plan_next,
                            .commit = plan_commit, .ctx = &pl};
    int ex = 0;
    assert_int_equal(cn_mpi_master(NULL, &o, &ex), CN_EINPUT);
    assert_int_not_equal(ex, 0);
    assert_int_equal(cn_mpi_worker(NULL, NCOLS, MAXROWS, worker_run, NULL), CN_EINPUT);
    assert_int_equal(pl.generated, 0);
}

/* ---- under mpirun: rank 0 ----------------------------------------------- */

static void test_mpi_units_commit_in_order(void **state)
{
    (void)state;
    plan pl = {.total = 40, .stop_at = -1};
    int ex = -1;
    assert_int_equal(run_master(&pl, 3, &ex), CN_OK); /* a small ring: it wraps */
    assert_int_equal(ex, 0);
    assert_int_equal(pl.committed, 40);
    assert_int_equal(pl.bad_rows, 0);
}

static void test_mpi_wait_until_committed(void **state)
{
    (void)state;
    plan pl = {.total = 12, .serial = 1, .stop_at = -1};
    int ex = -1;
    assert_int_equal(run_master(&pl, 0, &ex), CN_OK);
    assert_int_equal(ex, 0);
    assert_int_equal(pl.committed, 12);
    assert_int_equal(pl.bad_rows, 0);
}

static void test_mpi_worker_failure_stops(void **state)
{
    (void)state;
    plan pl = {.total = 30, .base = FAIL_POINT - 7, .stop_at = -1}; /* unit 7 fails */
    int ex = -1;
    assert_int_equal(run_master(&pl, 0, &ex), CN_OK);
    assert_int_equal(ex, 1);
    assert_in_range(pl.committed, 0, 7); /* nothing at or after the failed unit */
    assert_int_equal(pl.bad_rows, 0);
}

static void test_mpi_commit_status_stops(void **state)
{
    (void)state;
    plan pl = {.total = 30, .stop_at = 5};
    int ex = -1;
    assert_int_equal(run_master(&pl, 0, &ex), CN_OK);
    assert_int_equal(ex, 130);
    assert_int_equal(pl.committed, 6);
    assert_int_equal(pl.bad_rows, 0);
}

int main(void)
{
    const struct CMUnitTest alone[] = {
        cmocka_unit_test(test_mpi_single_process_without_launcher),
        cmocka_unit_test(test_mpi_agree_alone_passes_the_status),
        cmocka_unit_test(test_mpi_master_and_worker_refuse_without_a_job),
    };
    const struct CMUnitTest master[] = {
        cmocka_unit_test(test_mpi_units_commit_in_order),
        cmocka_unit_test(test_mpi_wait_until_committed),
        cmocka_unit_test(test_mpi_worker_failure_stops),
        cmocka_unit_test(test_mpi_commit_status_stops),
    };
    _Static_assert(sizeof master / sizeof master[0] == MASTER_TESTS, "one session per test");
    int rank = 0, size = 1;
    if (cn_mpi_start(&job, &rank, &size) != CN_OK)
        return 1;
    if (job == NULL || size < 2) {
        cn_mpi_end(job);
        return cmocka_run_group_tests(alone, NULL, NULL);
    }
    int failed = 0;
    if (rank == 0) {
        failed = cmocka_run_group_tests(master, NULL, NULL);
    } else {
        for (int t = 0; t < MASTER_TESTS; t++)
            cn_mpi_worker(job, NCOLS, MAXROWS, worker_run, NULL);
    }
    int worst = 0, who = 0;
    cn_mpi_agree(job, failed, &worst, &who);
    cn_mpi_end(job);
    return worst != 0;
}
