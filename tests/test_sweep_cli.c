/* test_sweep_cli.c - sweeps end to end through the binary named by $CN_BIN
 * (default build/cybernorms): a sweep killed with SIGKILL and resumed, or
 * interrupted with SIGINT and resumed, exports exactly the tables of a run
 * never interrupted; shards merged equal a single run; results do not
 * depend on the thread count; adaptive replications are deterministic;
 * bad definitions and options exit 2 with FILE:LINE messages; export
 * formats and merge errors.  Stores live in a mkdtemp folder under /tmp. */
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include <sqlite3.h>

#include "cli_harness.h"

#define GRID "tests/data/sw_grid.cfg"
#define OAT "tests/data/sw_oat.cfg"

typedef struct {
    char tmp[64];
} ctx;

/* The sweep as a task of a SLURM job array of 3. */
static ch_result run_slurm_task(const char *task, const char *const *args)
{
    char id[64];
    snprintf(id, sizeof id, "SLURM_ARRAY_TASK_ID=%s", task);
    return ch_run(&(ch_opts){.env = {id, "SLURM_ARRAY_TASK_COUNT=3"}}, args);
}

static char *db(ctx *c, const char *name)
{
    static char paths[8][160]; /* test-thread only */
    static int k;
    char *p = paths[k++ % 8];
    snprintf(p, 160, "%s/%s", c->tmp, name);
    return p;
}

/* The Markdown export of a store. */
static char *export_md(const char *store)
{
    ch_result r = CH_RUN("export", store, "--format", "md");
    ch_assert_exit(&r, 0, NULL);
    free(r.err);
    return r.out;
}

static long count_batches(const char *path)
{
    sqlite3 *h;
    long n = -1;
    if (sqlite3_open_v2(path, &h, SQLITE_OPEN_READONLY, NULL) != SQLITE_OK) {
        sqlite3_close(h);
        return -1;
    }
    sqlite3_busy_timeout(h, 1000);
    sqlite3_stmt *q;
    if (sqlite3_prepare_v2(h, "SELECT count(*) FROM batches", -1, &q, NULL) == SQLITE_OK) {
        if (sqlite3_step(q) == SQLITE_ROW)
            n = sqlite3_column_int(q, 0);
        sqlite3_finalize(q);
    }
    sqlite3_close(h);
    return n;
}

static void sleep_ms(int ms)
{
    struct timespec ts = {0, ms * 1000000L};
    nanosleep(&ts, NULL);
}

/* ---- fixtures ----------------------------------------------------------- */

static int setup(void **state)
{
    ctx *c = calloc(1, sizeof *c);
    if (c == NULL || ch_bin_usable("test_sweep_cli") != 0
        || ch_tmpdir(c->tmp, sizeof c->tmp, "sweep") != 0) {
        free(c);
        return -1;
    }
    *state = c;
    return 0;
}

static int teardown(void **state)
{
    ctx *c = *state;
    ch_remove_tree(c->tmp);
    int gone = !ch_exists(c->tmp);
    free(c);
    return gone ? 0 : -1;
}

/* ---- tests --------------------------------------------------------------- */

static void test_sweep_cli_kill9_resume_equals_uninterrupted(void **state)
{
    ctx *c = *state;
    const char *full = db(c, "full.sqlite"), *cut = db(c, "cut.sqlite");
    CH_ASSERT_RUN(0, NULL, "sweep", GRID, "--replications", "6000", "--db", full, "--quiet");
    char *want = export_md(full);
    assert_non_null(strstr(want, "6000 replications per point"));

    ch_child child;
    ch_spawn(NULL, (const char *const[]){"sweep", GRID, "--replications", "6000", "--db", cut,
                                         "--quiet", NULL},
             &child);
    /* wait for some committed batches, then kill -9 */
    for (int i = 0; i < 20000 && count_batches(cut) < 12; i++)
        sleep_ms(1);
    kill(child.pid, SIGKILL);
    ch_result r = ch_wait(&child);
    ch_result_free(&r);
    long got = count_batches(cut);
    assert_true(got >= 1);
    assert_true(got < 7 * 60); /* killed before the end */

    /* without --resume the unfinished store is not touched */
    CH_ASSERT_RUN(2, "holds an unfinished sweep", "sweep", GRID, "--replications", "6000", "--db",
                  cut, "--quiet");
    assert_int_equal(count_batches(cut), got);
    /* with other options: refused */
    CH_ASSERT_RUN(2, "holds results of another sweep design or plan", "sweep", GRID,
                  "--replications", "5000", "--db", cut, "--resume", "--quiet");

    CH_ASSERT_RUN(0, NULL, "sweep", GRID, "--replications", "6000", "--db", cut, "--resume",
                  "--quiet");
    char *have = export_md(cut);
    assert_string_equal(have, want);
    free(have);
    free(want);
}

static void test_sweep_cli_sigint_resume(void **state)
{
    ctx *c = *state;
    const char *full = db(c, "full2.sqlite"), *cut = db(c, "int.sqlite");
    CH_ASSERT_RUN(0, NULL, "sweep", OAT, "--replications", "4000", "--db", full, "--threads", "2",
                  "--quiet", "--keep-runs");
    char *want = export_md(full);

    ch_child child;
    ch_spawn(NULL, (const char *const[]){"sweep", OAT, "--replications", "4000", "--db", cut,
                                         "--keep-runs", NULL},
             &child);
    for (int i = 0; i < 20000 && count_batches(cut) < 3; i++)
        sleep_ms(1);
    kill(child.pid, SIGINT);
    ch_result r = ch_wait(&child);
    if (r.status == 130) {
        ch_assert_exit(&r, 130, "interrupted: every finished batch is saved");
        assert_non_null(strstr(r.err, "--resume --replications 4000"));
        assert_non_null(strstr(r.err, "--keep-runs"));
    } else {
        ch_assert_exit(&r, 0, NULL); /* it finished before the signal */
    }
    ch_result_free(&r);
    CH_ASSERT_RUN(0, NULL, "sweep", OAT, "--replications", "4000", "--db", cut, "--keep-runs",
                  "--resume", "--quiet");
    char *have = export_md(cut);
    assert_string_equal(have, want);
    free(have);
    free(want);
    /* every replication kept once */
    sqlite3 *h;
    assert_int_equal(sqlite3_open(cut, &h), SQLITE_OK);
    sqlite3_stmt *q;
    assert_int_equal(sqlite3_prepare_v2(h, "SELECT count(*) FROM runs", -1, &q, NULL), SQLITE_OK);
    assert_int_equal(sqlite3_step(q), SQLITE_ROW);
    assert_int_equal(sqlite3_column_int(q, 0), 7 * 4000);
    sqlite3_finalize(q);
    sqlite3_close(h);
}

static void test_sweep_cli_shards_merge_and_threads(void **state)
{
    ctx *c = *state;
    const char *one = db(c, "one.sqlite");
    CH_ASSERT_RUN(0, NULL, "sweep", GRID, "--db", one, "--quiet", "--threads", "1");
    char *want = export_md(one);
    /* two threads: the same bytes */
    const char *two = db(c, "two.sqlite");
    CH_ASSERT_RUN(0, NULL, "sweep", GRID, "--db", two, "--quiet", "--threads", "2");
    char *t2 = export_md(two);
    assert_string_equal(t2, want);
    free(t2);
    /* three shards, one of them from the SLURM variables */
    char s0[160], s1[160], s2[160];
    snprintf(s0, sizeof s0, "%s/s0.sqlite", c->tmp);
    snprintf(s1, sizeof s1, "%s/s1.sqlite", c->tmp);
    snprintf(s2, sizeof s2, "%s/s2.sqlite", c->tmp);
    CH_ASSERT_RUN(0, NULL, "sweep", GRID, "--db", s0, "--quiet", "--shard", "0/3");
    ch_result r =
        run_slurm_task("1", (const char *const[]){"sweep", GRID, "--db", s1, "--quiet", NULL});
    ch_assert_exit(&r, 0, NULL);
    ch_result_free(&r);
    CH_ASSERT_RUN(0, NULL, "sweep", GRID, "--db", s2, "--quiet", "--shard", "2/3");
    CH_ASSERT_RUN(0, "incomplete sweep: 2 of 7 points finished", "export", s1, "--format", "csv");
    const char *merged = db(c, "merged.sqlite");
    r = CH_RUN("merge", merged, s0, s1, s2);
    ch_assert_exit(&r, 0, "3 stores merged; 7 of 7 points finished");
    ch_result_free(&r);
    char *m = export_md(merged);
    assert_string_equal(m, want);
    free(m);
    /* merge errors; an existing OUT is replaced only with --force */
    CH_ASSERT_RUN(2, "already exists (a results store)", "merge", merged, one);
    char *kept = export_md(merged);
    assert_string_equal(kept, want);
    free(kept);
    CH_ASSERT_RUN(0, NULL, "merge", "--force", merged, one);
    CH_ASSERT_RUN(2, "the output is also an input", "merge", merged, merged);
    CH_ASSERT_RUN(2, "expected OUT and at least one store", "merge", merged);
    CH_ASSERT_RUN(2, "unknown option '--x'", "merge", merged, "--x");
    const char *oat = db(c, "oat.sqlite");
    CH_ASSERT_RUN(0, NULL, "sweep", OAT, "--db", oat, "--quiet");
    CH_ASSERT_RUN(2, "not shards of the same sweep", "merge", db(c, "mm.sqlite"), one, oat);
    free(want);
}

static void test_sweep_cli_precision_deterministic(void **state)
{
    ctx *c = *state;
    const char *a = db(c, "pa.sqlite"), *b = db(c, "pb.sqlite");
    CH_ASSERT_RUN(0, NULL, "sweep", OAT, "--precision", "0.06", "--max-replications", "2000",
                  "--db", a, "--quiet", "--threads", "2");
    CH_ASSERT_RUN(0, NULL, "sweep", OAT, "--precision", "0.06", "--max-replications", "2000",
                  "--db", b, "--quiet", "--threads", "1");
    char *x = export_md(a), *y = export_md(b);
    assert_string_equal(x, y);
    free(y);
    /* every point: a multiple of the batch (250), and either the cap or narrow intervals */
    ch_result r = CH_RUN("export", a, "--format", "csv", "--metrics", "F.adopted,T.in_force");
    ch_assert_exit(&r, 0, NULL);
    char *line = strchr(r.out, '\n');
    int points = 0;
    while (line != NULL && line[1] != '\0') {
        char *p = line + 1;
        line = strchr(p, '\n');
        /* "name","label","label","label",runs,F,lo,hi,d,dlo,dhi,sig,T,lo,hi,... */
        char *f = p;
        for (int k = 0; k < 4; k++)
            f = strchr(f, ',') + 1;
        long runs = strtol(f, &f, 10);
        double v[14];
        for (int k = 0; k < 14; k++) {
            f++;
            v[k] = strtod(f, &f);
        }
        assert_int_equal(runs % 250, 0);
        int narrow = v[2] - v[1] < 0.06 && v[9] - v[8] < 0.06;
        assert_true(runs == 2000 || narrow);
        points++;
    }
    assert_int_equal(points, 7);
    ch_result_free(&r);
    free(x);
}

static void test_sweep_cli_bad_input(void **state)
{
    ctx *c = *state;
    const char *x = db(c, "bad.sqlite");
    CH_ASSERT_RUN(2,
                  "tests/data/sw_bad_level.cfg:7: setting 'sweep.factors.1': point '2': "
                  "forums.F.footnotes=-1",
                  "sweep", "tests/data/sw_bad_level.cfg", "--db", x);
    CH_ASSERT_RUN(2,
                  "tests/data/sw_zero.cfg:6: setting 'sweep.factors.0.levels': expected at "
                  "least one level (a sweep with zero points)",
                  "sweep", "tests/data/sw_zero.cfg", "--db", x);
    CH_ASSERT_RUN(2, "setting 'sweep': missing", "sweep", "tests/data/sw_base.cfg", "--db", x);
    CH_ASSERT_RUN(2, "cannot read", "sweep", "tests/data/none.cfg");
    CH_ASSERT_RUN(2, "unknown option '--replicatons'; did you mean '--replications'?", "sweep",
                  GRID, "--replicatons", "3");
    CH_ASSERT_RUN(2, "--replications: expected an integer", "sweep", GRID, "--replications", "0");
    CH_ASSERT_RUN(2, "--precision: expected a 95% interval width", "sweep", GRID, "--precision",
                  "2");
    CH_ASSERT_RUN(2, "--max-replications caps a sweep with --precision", "sweep", GRID,
                  "--max-replications", "20");
    CH_ASSERT_RUN(2, "--shard: expected i/N", "sweep", GRID, "--shard", "3/3");
    ch_result r = run_slurm_task("7", (const char *const[]){"sweep", GRID, NULL});
    ch_assert_exit(&r, 2, "not a task of the array");
    ch_result_free(&r);
    CH_ASSERT_RUN(2, "--metrics: unknown metric 'F.adoptd' (did you mean 'F.adopted'?)", "sweep",
                  GRID, "--metrics", "F.adoptd", "--db", x);
    CH_ASSERT_RUN(2, "option '--threads' needs a value", "sweep", GRID, "--threads");
    CH_ASSERT_RUN(2, "one FILE only", "sweep", GRID, GRID);
    CH_ASSERT_RUN(2, "a scenario FILE with a sweep group is needed", "sweep");
    r = CH_RUN("sweep", "--help");
    ch_assert_exit(&r, 0, NULL);
    assert_non_null(strstr(r.out, "--resume"));
    ch_result_free(&r);
    r = CH_RUN("help", "export");
    ch_assert_exit(&r, 0, NULL);
    assert_non_null(strstr(r.out, "booktabs"));
    ch_result_free(&r);
}

static void test_sweep_cli_dry_run_and_export(void **state)
{
    ctx *c = *state;
    const char *x = db(c, "dry.sqlite");
    ch_result r = CH_RUN("sweep", GRID, "--dry-run", "--db", x);
    ch_assert_exit(&r, 0, NULL);
    assert_non_null(
        strstr(r.out, "grid design, 7 points, 300 replications per point (batches of 100)"));
    assert_non_null(strstr(r.out, "  6         forums.F.footnotes=2 events.incident_rate=1.0\n"));
    assert_non_null(strstr(r.out, "2100 runs; estimated time"));
    assert_int_equal(access(x, F_OK), -1); /* a dry run writes nothing */
    ch_result_free(&r);
    r = CH_RUN("sweep", GRID, "--dry-run", "--shard", "1/2");
    ch_assert_exit(&r, 0, NULL);
    assert_non_null(strstr(r.out, "(shard 1/2: 3 of them)"));
    ch_result_free(&r);

    /* a sweep prints its table; export in every format */
    const char *s = db(c, "list.sqlite");
    r = CH_RUN("sweep", "tests/data/sw_list.cfg", "--db", s, "--no-progress");
    ch_assert_exit(&r, 0, "other formats: cybernorms export");
    assert_non_null(strstr(r.out, "sw_base: what-if (list design), 200 replications per point"));
    assert_non_null(strstr(r.out, "status quo"));
    ch_result_free(&r);
    /* a finished store is replaced by a new run */
    r = CH_RUN("sweep", "tests/data/sw_list.cfg", "--db", s, "--quiet");
    ch_assert_exit(&r, 0, NULL);
    assert_string_equal(r.out, "");
    ch_result_free(&r);
    r = CH_RUN("export", s, "--format", "tex");
    ch_assert_exit(&r, 0, NULL);
    assert_non_null(strstr(r.out, "\\toprule"));
    ch_result_free(&r);
    r = CH_RUN("export", s, "--format", "html", "--metrics", "T.adopted");
    ch_assert_exit(&r, 0, NULL);
    assert_non_null(strstr(r.out, "<th>T.adopted</th>"));
    ch_result_free(&r);
    char out[160];
    snprintf(out, sizeof out, "%s/table.csv", c->tmp);
    CH_ASSERT_RUN(0, NULL, "export", s, "--out", out);
    char *csv = ch_read_file(out, NULL);
    assert_non_null(csv);
    assert_memory_equal(csv, "point,runs,F.adopted,", 21); /* format from the extension */
    free(csv);
    CH_ASSERT_RUN(2, "--format: expected md, csv, tex, html or text", "export", s, "--format",
                  "pdf");
    CH_ASSERT_RUN(2, "unknown metric 'nope'", "export", s, "--metrics", "nope");
    CH_ASSERT_RUN(2, "cannot open the store", "export", db(c, "none.sqlite"));
    CH_ASSERT_RUN(2, "a results store DB is needed", "export");
    CH_ASSERT_RUN(2, "did you mean '--format'?", "export", s, "--frmat", "md");
    CH_ASSERT_RUN(2, "not a results store", "export", "tests/data/sw_base.cfg");
    /* sobol: the SRC ranking is named */
    const char *so = db(c, "sobol.sqlite");
    CH_ASSERT_RUN(0, NULL, "sweep", "tests/data/sw_sobol.cfg", "--db", so, "--quiet");
    r = CH_RUN("export", so, "--format", "text");
    ch_assert_exit(&r, 0, NULL);
    assert_non_null(strstr(r.out, "standardised regression coefficients (SRC)"));
    ch_result_free(&r);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_sweep_cli_kill9_resume_equals_uninterrupted),
        cmocka_unit_test(test_sweep_cli_sigint_resume),
        cmocka_unit_test(test_sweep_cli_shards_merge_and_threads),
        cmocka_unit_test(test_sweep_cli_precision_deterministic),
        cmocka_unit_test(test_sweep_cli_bad_input),
        cmocka_unit_test(test_sweep_cli_dry_run_and_export),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
