/* test_sweep_cli.c - sweeps end to end through the binary named by $CN_BIN
 * (default build/cybernorms): a sweep killed with SIGKILL and resumed, or
 * interrupted with SIGINT and resumed, exports exactly the tables of a run
 * never interrupted; shards merged equal a single run; results do not
 * depend on the thread count; adaptive replications are deterministic;
 * bad definitions and options exit 2 with FILE:LINE messages; export
 * formats and merge errors; one sweep per store at a time; stores of
 * another sweep file, damaged stores, foreign and empty files refused and
 * left unchanged; stores read on read-only folders leaving nothing behind;
 * store names that are plain file names; a full disk saying how to
 * resume.  Stores live in a mkdtemp folder under /tmp. */
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mount.h>
#include <time.h>
#include <unistd.h>

#include <sqlite3.h>

#include "cli_harness.h"

#define GRID "tests/data/sw_grid.cfg"
#define OAT "tests/data/sw_oat.cfg"
#define LIST "tests/data/sw_list.cfg"

typedef struct {
    char tmp[64];
    char mounted[160]; /* a read-only bind mount to undo, also after a failure */
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
    if (c->mounted[0] != '\0')
        umount(c->mounted);
    char ro[128];
    snprintf(ro, sizeof ro, "%s/rosrc", c->tmp);
    chmod(ro, 0755); /* (ignored when it is not there) */
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
        /* the stopped store shows what it has: points with batches, marked partial */
        ch_result e = CH_RUN("export", cut, "--format", "text");
        ch_assert_exit(&e, 0, "incomplete sweep: ");
        assert_non_null(strstr(e.err, "partial (resume it with"));
        assert_non_null(strstr(e.out, " (partial) "));
        assert_non_null(strstr(e.out, "marked (partial) show the replications run so far"));
        ch_result_free(&e);
        e = CH_RUN("export", cut, "--format", "csv");
        ch_assert_exit(&e, 0, NULL);
        assert_non_null(strstr(e.out, ",0\n")); /* finished = 0 */
        ch_result_free(&e);
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

/* The rows of a dry run's point table (after the "point  overrides" line). */
static char *dry_run_points(const char *file)
{
    ch_result r = CH_RUN("sweep", file, "--dry-run");
    ch_assert_exit(&r, 0, NULL);
    char *table = strstr(r.out, "  point ");
    assert_non_null(table);
    char *copy = strdup(table);
    assert_non_null(copy);
    char *end = strstr(copy, "\n\n");
    if (end != NULL)
        *end = '\0';
    ch_result_free(&r);
    return copy;
}

/* `sweep` is read once, by the loader (issue 14): `check` refuses a bad
 * design as `sweep` does; --set reaches the group; a run's scenario.cfg
 * holds it, and sweeping that file gives the same points. */
static void test_sweep_cli_group_read_once(void **state)
{
    ctx *c = *state;
    const char *want = "tests/bad/sweep_unknown_design.cfg:8: setting 'sweep.design': unknown "
                       "design 'nonsense_oat' (expected grid, oat, sobol, list, saltelli or morris)";
    CH_ASSERT_RUN(2, want, "check", "tests/bad/sweep_unknown_design.cfg");
    CH_ASSERT_RUN(2, want, "sweep", "tests/bad/sweep_unknown_design.cfg", "--db", db(c, "u.sqlite"));
    ch_result r = CH_RUN("check", OAT, "--set", "sweep.replications=7");
    ch_assert_exit(&r, 0, NULL);
    ch_assert_contains(r.out, "\nsweep = {\n  design = \"oat\";\n");
    ch_assert_contains(r.out, "\n  replications = 7;\n");
    ch_result_free(&r);
    CH_ASSERT_RUN(2, "--set:1: setting 'sweep.design': unknown design 'lst' (did you mean 'list'?)",
                  "check", OAT, "--set", "sweep.design=lst");

    char run[160], saved[200];
    snprintf(run, sizeof run, "%s/run", c->tmp);
    snprintf(saved, sizeof saved, "%s/scenario.cfg", run);
    CH_ASSERT_RUN(0, NULL, "run", OAT, "--out", run, "--replications", "20", "--quiet");
    char *a = dry_run_points(OAT), *b = dry_run_points(saved);
    assert_string_equal(a, b);
    ch_assert_contains(a, "rule=two_thirds  forums.T.rule=\"two_thirds\"");
    free(a);
    free(b);
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
    assert_non_null(strstr(r.out, "<th>T: P(adopted)</th>")); /* the registry's label */
    ch_result_free(&r);
    char out[160];
    snprintf(out, sizeof out, "%s/table.csv", c->tmp);
    CH_ASSERT_RUN(0, NULL, "export", s, "--out", out);
    char *csv = ch_read_file(out, NULL);
    assert_non_null(csv);
    assert_memory_equal(csv, "point,runs,F.adopted,", 21); /* format from the extension */
    free(csv);
    CH_ASSERT_RUN(2, "--format: expected md, csv, tex, html, text or long", "export", s, "--format",
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

/* The numbers of a long-format CSV (the header's columns by name): per
 * row the point, the replication and the columns asked for. */
typedef struct {
    int point;
    long rep;
    double v[4];
} long_row;

static int csv_column(const char *header, const char *name)
{
    int k = 0;
    size_t n = strlen(name);
    for (const char *h = header; *h != '\0' && *h != '\n'; k++) {
        if (strncmp(h, name, n) == 0 && (h[n] == ',' || h[n] == '\n'))
            return k;
        h += strcspn(h, ",\n");
        if (*h == ',')
            h++;
    }
    return -1;
}

static long_row *read_long(const char *csv, const char *const *names, int n_names, int *n_rows)
{
    int col[4];
    for (int j = 0; j < n_names; j++) {
        col[j] = csv_column(csv, names[j]);
        if (col[j] < 0)
            fail_msg("no column '%s' in the long export", names[j]);
    }
    int cap = 0, n = 0;
    long_row *rows = NULL;
    for (const char *line = strchr(csv, '\n'); line != NULL && line[1] != '\0';
         line = strchr(line + 1, '\n')) {
        if (n == cap) {
            cap = cap > 0 ? 2 * cap : 256;
            rows = realloc(rows, (size_t)cap * sizeof *rows);
            assert_non_null(rows);
        }
        long_row *r = &rows[n++];
        const char *f = line + 1;
        for (int k = 0; *f != '\0' && *f != '\n'; k++) {
            if (k == 0)
                r->point = atoi(f);
            if (k == 2)
                r->rep = atol(f);
            for (int j = 0; j < n_names; j++)
                if (k == col[j])
                    r->v[j] = strtod(f, NULL);
            f += strcspn(f, ",\n");
            if (*f == ',')
                f++;
        }
    }
    *n_rows = n;
    return rows;
}

/* Levers (a factor of levers, a bloc override, a states.* override) and
 * uncertain parameters from a sweep file, end to end: the draws are the
 * input.* columns, one per input group of 10 replications, the same at
 * every point (common random numbers) and inside their support; the
 * West's bloc lever reaches its members (the treaty comes into force far
 * more often); a factor that sets what an uncertain parameter draws is
 * refused. */
static void test_sweep_cli_levers_and_uncertain(void **state)
{
    ctx *c = *state;
    const char *s = db(c, "levers.sqlite");
    ch_result r = CH_RUN("sweep", "tests/data/sw_levers.cfg", "--dry-run");
    ch_assert_exit(&r, 0, NULL);
    assert_non_null(strstr(r.out, "grid design, 7 points"));
    assert_non_null(strstr(r.out, "blocs.West.ideal.form=0.9 forums.T.threshold=2 "
                                  "forums.F.footnotes=2"));
    assert_non_null(strstr(r.out, "states.*.stubbornness=0.2 forums.F.footnotes=0"));
    ch_result_free(&r);
    CH_ASSERT_RUN(0, NULL, "sweep", "tests/data/sw_levers.cfg", "--db", s, "--quiet");
    /* (the file's keep_runs = true keeps the runs) */
    r = CH_RUN("export", s, "--format", "long");
    ch_assert_exit(&r, 0, NULL);
    const char *names[] = {"input.model.beta", "input.East_scope", "T.in_force"};
    int n = 0;
    long_row *rows = read_long(r.out, names, 3, &n);
    assert_int_equal(n, 7 * 200);
    double beta_of_rep[200], lo = 1e9, hi = -1e9, in_force[7] = {0};
    for (int i = 0; i < n; i++) {
        const long_row *w = &rows[i];
        assert_true(w->rep >= 0 && w->rep < 200 && w->point >= 0 && w->point < 7);
        assert_true(w->v[0] >= 4.0 && w->v[0] <= 16.0);
        assert_true(w->v[1] > 0.5 && w->v[1] < 1.0);
        if (w->point == 0)
            beta_of_rep[w->rep] = w->v[0];
        in_force[w->point] += w->v[2] / 200.0;
    }
    for (int i = 0; i < n; i++) {
        const long_row *w = &rows[i];
        assert_true(w->v[0] == beta_of_rep[w->rep]); /* the same draw at every point */
        assert_true(w->v[0] == beta_of_rep[w->rep / 10 * 10]); /* one per input group */
        lo = w->v[0] < lo ? w->v[0] : lo;
        hi = w->v[0] > hi ? w->v[0] : hi;
    }
    assert_true(hi - lo > 4.0); /* 20 groups spread over [4, 16] */
    /* points 3 and 4: "west binding" (the West at form 0.9, threshold 2) */
    assert_true(in_force[3] > in_force[1] + 0.3 && in_force[4] > in_force[2] + 0.3);
    free(rows);
    ch_result_free(&r);
    r = CH_RUN("export", s, "--format", "text");
    ch_assert_exit(&r, 0, NULL);
    assert_non_null(strstr(r.out, "west binding"));
    /* the kept runs give the inputs' spread apart from Monte Carlo noise */
    assert_non_null(strstr(r.out, "Uncertain inputs against Monte Carlo noise"));
    assert_non_null(strstr(r.out, "input groups of 10 replications"));
    ch_result_free(&r);
    CH_ASSERT_RUN(2,
                  "tests/data/sw_levers.cfg:55: setting 'sweep.factors.1': point '1': "
                  "model.beta=5.0 sets what uncertain parameter 'model.beta' draws",
                  "sweep", "tests/data/sw_levers.cfg", "--dry-run", "--set",
                  "sweep.factors.1.path=\"model.beta\"", "--set",
                  "sweep.factors.1.levels=[5.0, 6.0]");
}

/* saltelli and morris designs end to end: the export names Sobol S1/ST
 * and Morris mu* and sigma, a saltelli store gives Sobol bar charts, --prim
 * adds scenario discovery (and refuses a metric not in the table). */
static void test_sweep_cli_gsa_designs(void **state)
{
    ctx *c = *state;
    const char *sa = db(c, "saltelli.sqlite"), *mo = db(c, "morris.sqlite");
    ch_result r = CH_RUN("sweep", "tests/data/sw_saltelli.cfg", "--dry-run");
    ch_assert_exit(&r, 0, NULL);
    assert_non_null(strstr(r.out, "saltelli design, 81 points"));
    ch_result_free(&r);
    CH_ASSERT_RUN(0, NULL, "sweep", "tests/data/sw_saltelli.cfg", "--db", sa, "--quiet");
    CH_ASSERT_RUN(0, NULL, "sweep", "tests/data/sw_morris.cfg", "--db", mo, "--quiet");
    r = CH_RUN("export", sa, "--format", "text", "--prim", "T.in_force>=0.3");
    ch_assert_exit(&r, 0, NULL);
    assert_non_null(strstr(r.out, "Sobol indices (Saltelli design"));
    assert_non_null(strstr(r.out, "ST (total)"));
    assert_non_null(strstr(r.out, "Scenario discovery (PRIM"));
    ch_result_free(&r);
    r = CH_RUN("export", mo, "--format", "md");
    ch_assert_exit(&r, 0, NULL);
    assert_non_null(strstr(r.out, "Morris elementary effects"));
    assert_non_null(strstr(r.out, "sigma (sd of effects)"));
    ch_result_free(&r);
    char dir[160], png[200];
    snprintf(dir, sizeof dir, "%s/charts", c->tmp);
    r = CH_RUN("export", sa, "--chart", dir);
    ch_assert_exit(&r, 0, NULL);
    snprintf(png, sizeof png, "%s/T.in_force-sobol.png", dir);
    assert_non_null(strstr(r.out, png));
    size_t len = 0;
    char *img = ch_read_file(png, &len);
    assert_non_null(img);
    assert_true(len > 1000 && memcmp(img, "\x89PNG", 4) == 0);
    free(img);
    ch_result_free(&r);
    CH_ASSERT_RUN(2, "--prim: 'world.dgc' is not a column of the table", "export", sa, "--prim",
                  "world.dgc");
    CH_ASSERT_RUN(2, "--prim: expected METRIC, METRIC>=NUMBER or METRIC<=NUMBER", "export", sa, "--prim",
                  "T.in_force>=x");
}

/* --seed and --set on sweep: the file's own seed gives the same tables,
 * another seed or a --set other ones; an interrupted sweep says to
 * resume with them. */
static void test_sweep_cli_set_and_seed(void **state)
{
    ctx *c = *state;
    const char *a = db(c, "seed-a.sqlite"), *b = db(c, "seed-b.sqlite");
    const char *x = db(c, "seed-x.sqlite"), *y = db(c, "seed-y.sqlite");
    CH_ASSERT_RUN(0, NULL, "sweep", GRID, "--db", a, "--quiet");
    CH_ASSERT_RUN(0, NULL, "sweep", GRID, "--db", b, "--quiet", "--seed", "11");
    CH_ASSERT_RUN(0, NULL, "sweep", GRID, "--db", x, "--quiet", "--seed", "12");
    CH_ASSERT_RUN(0, NULL, "sweep", GRID, "--db", y, "--quiet", "--set", "model.beta=2");
    char *ta = export_md(a), *tb = export_md(b), *tx = export_md(x), *ty = export_md(y);
    assert_string_equal(ta, tb);
    assert_true(strcmp(ta, tx) != 0);
    assert_true(strcmp(ta, ty) != 0);
    assert_non_null(strstr(tx, "seed 12"));
    free(ta);
    free(tb);
    free(tx);
    free(ty);
    CH_ASSERT_RUN(2, "--seed", "sweep", GRID, "--seed", "-3", "--dry-run");
    CH_ASSERT_RUN(2, "--set:1", "sweep", GRID, "--set", "model.bta=2", "--dry-run");
}

/* Runs sql on the store at path (a test's own edit of it). */
static void edit_store(const char *path, const char *sql)
{
    sqlite3 *h;
    assert_int_equal(sqlite3_open_v2(path, &h, SQLITE_OPEN_READWRITE, NULL), SQLITE_OK);
    char *err = NULL;
    if (sqlite3_exec(h, sql, NULL, NULL, &err) != SQLITE_OK)
        fail_msg("%s: %s", sql, err != NULL ? err : "?");
    sqlite3_close(h);
}

/* Copies file a to b. */
static void copy_file(const char *a, const char *b)
{
    size_t n;
    char *x = ch_read_file(a, &n);
    assert_non_null(x);
    ch_write_file(b, x, n);
    free(x);
}

/* Two sweeps into one store: the second is refused while the first runs,
 * naming its pid and not advising --resume (also with --resume); the
 * first one's batches are kept, and once it is gone the store is free. */
static void test_sweep_cli_one_sweep_per_store(void **state)
{
    ctx *c = *state;
    const char *st = db(c, "busy.sqlite");
    ch_child a;
    ch_spawn(NULL, (const char *const[]){"sweep", GRID, "--replications", "200000", "--db", st,
                                         "--threads", "1", "--quiet", NULL},
             &a);
    for (int i = 0; i < 20000 && count_batches(st) < 2; i++)
        sleep_ms(1);
    char want[64];
    snprintf(want, sizeof want, "(pid %ld); wait until it has finished", (long)a.pid);
    const char *second[][10] = {
        {"sweep", GRID, "--replications", "200000", "--db", st, "--quiet", NULL},
        {"sweep", GRID, "--replications", "200000", "--db", st, "--resume", "--quiet", NULL}};
    for (int k = 0; k < 2; k++) {
        ch_result r = ch_run(NULL, second[k]);
        ch_assert_exit(&r, 2, "busy.sqlite is being written by another cybernorms process");
        ch_assert_contains(r.err, want);
        assert_null(strstr(r.err, "continue it with --resume"));
        ch_result_free(&r);
    }
    kill(a.pid, SIGINT);
    ch_result r = ch_wait(&a);
    ch_assert_exit(&r, 130, "interrupted: every finished batch is saved");
    ch_result_free(&r);
    assert_true(count_batches(st) >= 2);
    char lock[200];
    snprintf(lock, sizeof lock, "%s.lock", st);
    assert_false(ch_exists(lock));
    /* free: the next sweep gets past the lock to the store itself */
    CH_ASSERT_RUN(2, "holds an unfinished sweep", "sweep", GRID, "--replications", "200000",
                  "--db", st, "--quiet");
    assert_false(ch_exists(lock));
}

/* The default store is results/<scenario name>.sqlite: a second sweep file
 * whose scenario has the same name does not replace the first's results. */
static void test_sweep_cli_default_store_of_another_file(void **state)
{
    ctx *c = *state;
    char a[160], b[160], f[200], g[200], store[200];
    snprintf(a, sizeof a, "%s/a", c->tmp);
    snprintf(b, sizeof b, "%s/b", c->tmp);
    assert_int_equal(mkdir(a, 0700), 0);
    assert_int_equal(mkdir(b, 0700), 0);
    const char *dirs[] = {a, b};
    for (int k = 0; k < 2; k++) {
        snprintf(f, sizeof f, "%s/sw_base.cfg", dirs[k]);
        copy_file("tests/data/sw_base.cfg", f);
        snprintf(f, sizeof f, "%s/sw_list.cfg", dirs[k]);
        copy_file(LIST, f);
    }
    snprintf(f, sizeof f, "%s/sw_list.cfg", a);
    snprintf(g, sizeof g, "%s/sw_list.cfg", b);
    ch_opts o = {.cwd = c->tmp};
    ch_result r = ch_run(&o, (const char *const[]){"sweep", f, "--quiet", NULL});
    ch_assert_exit(&r, 0, NULL);
    ch_result_free(&r);
    snprintf(store, sizeof store, "%s/results/sw_base.sqlite", c->tmp);
    char *want = export_md(store);
    r = ch_run(&o, (const char *const[]){"sweep", g, "--quiet", NULL});
    ch_assert_exit(&r, 2, "holds the sweep of ");
    ch_assert_contains(r.err, "their scenarios have the same name");
    ch_assert_contains(r.err, "--db PATH");
    ch_result_free(&r);
    char *have = export_md(store);
    assert_string_equal(have, want);
    free(have);
    /* the same file again replaces its own finished store */
    r = ch_run(&o, (const char *const[]){"sweep", f, "--quiet", NULL});
    ch_assert_exit(&r, 0, NULL);
    ch_result_free(&r);
    free(want);
}

/* Store names are file names: "file:..." and ":memory:" are files too,
 * and the export command printed at the end works. */
static void test_sweep_cli_store_names_are_plain(void **state)
{
    ctx *c = *state;
    char list[200], base[200], path[200];
    snprintf(list, sizeof list, "%s/sw_list.cfg", c->tmp);
    snprintf(base, sizeof base, "%s/sw_base.cfg", c->tmp);
    copy_file(LIST, list);
    copy_file("tests/data/sw_base.cfg", base);
    ch_opts o = {.cwd = c->tmp};
    const char *names[] = {"file::memory:", ":memory:", "file:real.sqlite", "a?b#c%d.sqlite"};
    for (size_t i = 0; i < sizeof names / sizeof names[0]; i++) {
        ch_result r = ch_run(&o, (const char *const[]){"sweep", "sw_list.cfg", "--db", names[i],
                                                       "--replications", "40", "--no-progress",
                                                       NULL});
        ch_assert_exit(&r, 0, "other formats: cybernorms export");
        ch_result_free(&r);
        snprintf(path, sizeof path, "%s/%s", c->tmp, names[i]);
        if (!ch_exists(path))
            fail_msg("--db %s: no file of that name", names[i]);
        r = ch_run(&o, (const char *const[]){"export", names[i], "--format", "csv", NULL});
        ch_assert_exit(&r, 0, NULL);
        ch_assert_contains(r.out, "point,runs,");
        ch_result_free(&r);
        unlink(path);
    }
}

/* Resuming with anything that changes the results is refused: another
 * --keep-runs, --replications or --shard. */
static void test_sweep_cli_resume_refuses_other_options(void **state)
{
    ctx *c = *state;
    const char *st = db(c, "part.sqlite");
    CH_ASSERT_RUN(0, NULL, "sweep", GRID, "--db", st, "--shard", "0/3", "--quiet");
    CH_ASSERT_RUN(2, "another sweep design or plan", "sweep", GRID, "--db", st, "--shard", "0/3",
                  "--resume", "--keep-runs", "--quiet");
    CH_ASSERT_RUN(2, "another sweep design or plan", "sweep", GRID, "--db", st, "--shard", "0/3",
                  "--resume", "--replications", "301", "--quiet");
    CH_ASSERT_RUN(2, "another shard (--shard) (0/3, now 1/3)", "sweep", GRID, "--db", st,
                  "--shard", "1/3", "--resume", "--quiet");
    CH_ASSERT_RUN(2, "another shard (--shard) (0/3, now none)", "sweep", GRID, "--db", st,
                  "--resume", "--quiet");
    CH_ASSERT_RUN(0, "incomplete sweep: 3 of 7 points finished", "export", st);
}

/* Stores that are not what they should be: named, refused, unchanged. */
static void test_sweep_cli_damaged_and_foreign_stores(void **state)
{
    ctx *c = *state;
    const char *good = db(c, "good.sqlite");
    CH_ASSERT_RUN(0, NULL, "sweep", LIST, "--db", good, "--quiet");
    /* n = -5: refused, not shown as a probability */
    const char *neg = db(c, "neg.sqlite");
    copy_file(good, neg);
    edit_store(neg, "UPDATE point_stats SET n = -5 WHERE point = 1 AND metric = 0");
    CH_ASSERT_RUN(2, "damaged store: the statistics of finished point 1 do not add up", "export",
                  neg);
    CH_ASSERT_RUN(2, "damaged store", "report", neg, "--out", db(c, "neg.html"));
    /* a finished point's batches deleted (batches of 100): refused, also
     * for resuming */
    const char *cut = db(c, "cut.sqlite");
    CH_ASSERT_RUN(0, NULL, "sweep", GRID, "--db", cut, "--quiet");
    edit_store(cut, "DELETE FROM batch_stats WHERE point = 2 AND batch = 1;"
                    "DELETE FROM batches WHERE point = 2 AND batch = 1");
    CH_ASSERT_RUN(2, "point 2 is recorded as finished with 300 replications, but its batches "
                     "hold 200 (batch rows deleted or edited?)", "export", cut);
    CH_ASSERT_RUN(2, "damaged store", "sweep", GRID, "--db", cut, "--resume", "--quiet");
    /* an edited batch row */
    const char *ed = db(c, "edited.sqlite");
    copy_file(good, ed);
    edit_store(ed, "UPDATE batch_stats SET successes = n + 7 WHERE point = 0 AND batch = 0 AND "
                   "metric = 3");
    CH_ASSERT_RUN(2, "batch 0 of point 0: its statistics do not add up", "export", ed);
    /* cut short on disk: damaged, not "not a store" */
    const char *half = db(c, "half.sqlite");
    size_t n;
    char *bytes = ch_read_file(good, &n);
    assert_non_null(bytes);
    ch_write_file(half, bytes, n / 2);
    free(bytes);
    CH_ASSERT_RUN(2, "damaged store", "export", half);

    /* another program's SQLite file and an empty file: refused, and left
     * exactly as they were (no switch to WAL, no database made) */
    const char *foreign = db(c, "foreign.sqlite");
    sqlite3 *h;
    assert_int_equal(sqlite3_open(foreign, &h), SQLITE_OK);
    assert_int_equal(sqlite3_exec(h, "CREATE TABLE t(a); INSERT INTO t VALUES(1)", NULL, NULL,
                                  NULL),
                     SQLITE_OK);
    sqlite3_close(h);
    const char *empty = db(c, "empty.sqlite");
    ch_write_file(empty, "", 0);
    const char *files[] = {foreign, empty};
    const char *why[] = {"not a results store of cybernorms",
                         "not a results store (an empty file)"};
    for (int k = 0; k < 2; k++) {
        size_t n0, n1;
        char *before = ch_read_file(files[k], &n0);
        assert_non_null(before);
        CH_ASSERT_RUN(2, why[k], "export", files[k]);
        CH_ASSERT_RUN(2, NULL, "report", files[k], "--out", db(c, "x.html"));
        CH_ASSERT_RUN(2, NULL, "merge", db(c, "m.sqlite"), files[k]);
        if (k == 0)
            CH_ASSERT_RUN(2, why[k], "sweep", LIST, "--db", files[k], "--quiet");
        char *after = ch_read_file(files[k], &n1);
        assert_non_null(after);
        assert_int_equal(n0, n1);
        assert_memory_equal(before, after, n0);
        free(before);
        free(after);
        char side[200];
        snprintf(side, sizeof side, "%s-wal", files[k]);
        assert_false(ch_exists(side));
        snprintf(side, sizeof side, "%s-shm", files[k]);
        assert_false(ch_exists(side));
    }
    CH_ASSERT_RUN(2, "not a results store (not an SQLite database)", "export", GRID);
}

/* Outputs of export, report and merge never replace the store itself, a
 * link, a device or someone else's file, and their own only with
 * --force; `merge c0 c1` with OUT forgotten does not destroy c0. */
static void test_sweep_cli_outputs_never_clobber(void **state)
{
    ctx *c = *state;
    const char *a = db(c, "a.sqlite");
    CH_ASSERT_RUN(0, NULL, "sweep", LIST, "--db", a, "--quiet");
    char *want = export_md(a);
    char dot[200];
    snprintf(dot, sizeof dot, "%s/./a.sqlite", c->tmp);
    CH_ASSERT_RUN(2, "is also an input of this command", "export", a, "--out", a);
    CH_ASSERT_RUN(2, "is also an input of this command", "export", a, "--out", dot, "--force");
    CH_ASSERT_RUN(2, "is also an input of this command", "report", a, "--out", dot, "--force");
    char *have = export_md(a);
    assert_string_equal(have, want);
    free(have);
    /* someone else's file, even with --force; a link */
    const char *notes = db(c, "notes.md");
    ch_write_file(notes, "my notes\n", 9);
    CH_ASSERT_RUN(2, "was not written by cybernorms", "export", a, "--out", notes, "--force");
    const char *lnk = db(c, "link.md");
    assert_int_equal(symlink(notes, lnk), 0);
    CH_ASSERT_RUN(2, "is a symbolic link", "export", a, "--out", lnk, "--force");
    char *kept = ch_read_file(notes, NULL);
    assert_string_equal(kept, "my notes\n");
    free(kept);
    struct stat sb;
    if (lstat("/dev/stdout", &sb) == 0 && S_ISLNK(sb.st_mode))
        CH_ASSERT_RUN(2, "is a symbolic link", "export", a, "--out", "/dev/stdout", "--force");
    if (stat("/dev/full", &sb) == 0 && S_ISCHR(sb.st_mode)) {
        CH_ASSERT_RUN(2, "is a device", "export", a, "--out", "/dev/full", "--force");
        assert_int_equal(stat("/dev/full", &sb), 0);
        assert_true(S_ISCHR(sb.st_mode)); /* still a device, also when root */
    }
    /* its own: only with --force */
    const char *t = db(c, "t.md");
    CH_ASSERT_RUN(0, NULL, "export", a, "--out", t);
    CH_ASSERT_RUN(2, "already exists; use --force", "export", a, "--out", t);
    CH_ASSERT_RUN(0, NULL, "export", a, "--out", t, "--force", "--format", "tex");
    /* merge with OUT forgotten: c0 is kept */
    const char *s0 = db(c, "c0.sqlite"), *s1 = db(c, "c1.sqlite");
    CH_ASSERT_RUN(0, NULL, "sweep", GRID, "--db", s0, "--shard", "0/2", "--quiet");
    CH_ASSERT_RUN(0, NULL, "sweep", GRID, "--db", s1, "--shard", "1/2", "--quiet");
    char *c0 = export_md(s0);
    CH_ASSERT_RUN(2, "merge writes its first name, OUT", "merge", s0, s1);
    char s0dot[200];
    snprintf(s0dot, sizeof s0dot, "%s/./c0.sqlite", c->tmp);
    CH_ASSERT_RUN(2, "the output is also an input", "merge", s0, s1, s0dot);
    char *c0_after = export_md(s0);
    assert_string_equal(c0, c0_after);
    free(c0_after);
    free(c0);
    char hard[200];
    snprintf(hard, sizeof hard, "%s/c0-link.sqlite", c->tmp);
    assert_int_equal(link(s0, hard), 0);
    CH_ASSERT_RUN(2, "the output is also an input", "merge", "--force", hard, s0, s1);
    CH_ASSERT_RUN(2, "not written by cybernorms", "merge", "--force", notes, s0, s1);
    CH_ASSERT_RUN(0, "2 stores merged; 7 of 7 points finished", "merge", db(c, "all.sqlite"), s0,
                  s1);
    free(want);
    /* standard output on a full device */
    if (ch_exists("/dev/full")) {
        ch_result r = ch_run(&(ch_opts){.stdout_path = "/dev/full"},
                             (const char *const[]){"export", a, NULL});
        ch_assert_exit(&r, 1, "No space left on device");
        ch_result_free(&r);
    }
}

/* Entries of dir, as one string, for "nothing was left behind". */
static char *listing(const char *dir)
{
    struct dirent **names = NULL;
    int n = scandir(dir, &names, NULL, alphasort);
    size_t cap = 64, len = 0;
    char *out = calloc(1, cap);
    assert_non_null(out);
    for (int i = 0; i < n; i++) {
        size_t k = strlen(names[i]->d_name);
        if (len + k + 2 >= cap) {
            cap = 2 * (len + k + 2);
            out = realloc(out, cap);
            assert_non_null(out);
        }
        memcpy(out + len, names[i]->d_name, k);
        len += k;
        out[len++] = ' ';
        out[len] = '\0';
        free(names[i]);
    }
    free(names);
    return out;
}

/* Export and report of stores in a folder nobody may write (one at rest,
 * one left in WAL mode): they work and leave nothing behind.  As root the
 * folder is also a read-only bind mount where the system allows one, and
 * the commands run as `nobody` on a folder without write permission. */
static void test_sweep_cli_read_only_stores(void **state)
{
    ctx *c = *state;
    char src[160], ro[160], out[160];
    snprintf(src, sizeof src, "%s/rosrc", c->tmp);
    snprintf(ro, sizeof ro, "%s/ro", c->tmp);
    snprintf(out, sizeof out, "%s/roout", c->tmp);
    assert_int_equal(mkdir(src, 0755), 0);
    assert_int_equal(mkdir(ro, 0755), 0);
    assert_int_equal(mkdir(out, 0777), 0);
    assert_int_equal(chmod(out, 0777), 0);
    char rest[200], wal[200];
    snprintf(rest, sizeof rest, "%s/rest.sqlite", src);
    snprintf(wal, sizeof wal, "%s/wal.sqlite", src);
    CH_ASSERT_RUN(0, NULL, "sweep", LIST, "--db", rest, "--quiet");
    char *want = export_md(rest);
    copy_file(rest, wal);
    edit_store(wal, "PRAGMA journal_mode=WAL"); /* as a sweep killed at the end leaves it */
    assert_int_equal(chmod(rest, 0644), 0);
    assert_int_equal(chmod(wal, 0644), 0);
    /* and one killed in the middle: its write-ahead log holds batches, and
     * without a -shm beside it cannot be read where nothing can be made */
    {
        char logged[200], side[220], from[220];
        snprintf(logged, sizeof logged, "%s/log.sqlite", src);
        sqlite3 *h;
        assert_int_equal(sqlite3_open(wal, &h), SQLITE_OK);
        assert_int_equal(sqlite3_exec(h, "PRAGMA wal_autocheckpoint=0; INSERT INTO meta "
                                         "VALUES('note', 'a batch in the log')", NULL, NULL, NULL),
                         SQLITE_OK);
        copy_file(wal, logged);
        snprintf(from, sizeof from, "%s-wal", wal);
        snprintf(side, sizeof side, "%s-wal", logged);
        copy_file(from, side);
        sqlite3_close(h);
        assert_int_equal(chmod(logged, 0644), 0);
        assert_int_equal(chmod(side, 0644), 0);
    }
    char *before = listing(src);
    int mounted = 0, as_nobody = geteuid() == 0;
    if (as_nobody) {
        if (mount(src, ro, NULL, MS_BIND, NULL) == 0) {
            snprintf(c->mounted, sizeof c->mounted, "%s", ro);
            if (mount(NULL, ro, NULL, MS_BIND | MS_REMOUNT | MS_RDONLY, NULL) == 0) {
                mounted = 1;
            } else {
                umount(ro);
                c->mounted[0] = '\0';
            }
        }
        if (!mounted)
            print_message("test_sweep_cli_read_only_stores: no read-only bind mount here "
                          "(%s): a folder without write permission, as the user nobody\n",
                          strerror(errno));
        assert_int_equal(chmod(c->tmp, 0755), 0); /* nobody may reach the stores */
    } else {
        print_message("test_sweep_cli_read_only_stores: not root: a folder without write "
                      "permission only\n");
    }
    assert_int_equal(chmod(src, 0555), 0);
    /* pass 0: a read-only mount as root (or, not root, the chmod'ed folder);
     * pass 1: the chmod'ed folder as nobody */
    for (int pass = 0; pass < 2; pass++) {
        ch_opts o = {.uid = 0};
        const char *dir = src;
        if (pass == 0 && as_nobody && !mounted)
            continue;
        if (pass == 0 && mounted)
            dir = ro;
        if (pass == 1) {
            if (!as_nobody)
                break;
            o.uid = 65534;
        }
        const char *names[] = {"rest.sqlite", "wal.sqlite"};
        for (int k = 0; k < 2; k++) {
            char path[200], html[200];
            snprintf(path, sizeof path, "%s/%s", dir, names[k]);
            ch_result r = ch_run(&o, (const char *const[]){"export", path, "--format", "md",
                                                           NULL});
            ch_assert_exit(&r, 0, NULL);
            assert_string_equal(r.out, want);
            ch_result_free(&r);
            snprintf(html, sizeof html, "%s/%s-%d.html", out, names[k], pass);
            r = ch_run(&o, (const char *const[]){"report", path, "--out", html, NULL});
            ch_assert_exit(&r, 0, NULL);
            ch_result_free(&r);
            assert_true(ch_exists(html));
        }
        char logged[200];
        snprintf(logged, sizeof logged, "%s/log.sqlite", dir);
        ch_result r = ch_run(&o, (const char *const[]){"export", logged, NULL});
        ch_assert_exit(&r, 2, "cannot read the store here: it has a write-ahead log");
        ch_result_free(&r);
        char *after = listing(src);
        assert_string_equal(after, before);
        free(after);
    }
    if (mounted) {
        umount(ro);
        c->mounted[0] = '\0';
    }
    assert_int_equal(chmod(src, 0755), 0);
    assert_int_equal(chmod(c->tmp, 0700), 0);
    free(before);
    free(want);
}

/* A full disk in the middle of a sweep (a file size limit: EFBIG): exit 1,
 * the reason, and the command that continues it, which then finishes. */
static void test_sweep_cli_full_disk_says_how_to_resume(void **state)
{
    ctx *c = *state;
    const char *st = db(c, "fulldisk.sqlite");
    const char *probe = db(c, "probe.sqlite");
    ch_opts lim = {.fsize = 1024 * 1024}; /* a few batches of kept runs fit */
    ch_result r = ch_run(&lim, (const char *const[]){"sweep", LIST, "--db", probe,
                                                    "--replications", "20", "--quiet", NULL});
    int usable = r.status == 0;
    ch_result_free(&r);
    if (!usable) {
        print_message("test_sweep_cli_full_disk: the binary cannot start under a file size "
                      "limit (a sanitizer runtime); skipped\n");
        return;
    }
    r = ch_run(&lim, (const char *const[]){"sweep", OAT, "--db", st, "--replications", "4000",
                                           "--keep-runs", "--quiet", NULL});
    if (r.status != 1 || strstr(r.err, "cannot write") == NULL
        || strstr(r.err, "every batch before this one is saved") == NULL
        || strstr(r.err, "to continue: cybernorms sweep tests/data/sw_oat.cfg --resume "
                         "--replications 4000 --keep-runs --db") == NULL)
        fail_msg("exit %d, stderr '%s'", r.status, r.err);
    ch_result_free(&r);
    assert_true(count_batches(st) >= 1);
    CH_ASSERT_RUN(0, NULL, "sweep", OAT, "--db", st, "--replications", "4000", "--keep-runs",
                  "--resume", "--quiet");
    CH_ASSERT_RUN(0, NULL, "export", st);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_sweep_cli_kill9_resume_equals_uninterrupted),
        cmocka_unit_test(test_sweep_cli_sigint_resume),
        cmocka_unit_test(test_sweep_cli_shards_merge_and_threads),
        cmocka_unit_test(test_sweep_cli_precision_deterministic),
        cmocka_unit_test(test_sweep_cli_bad_input),
        cmocka_unit_test(test_sweep_cli_group_read_once),
        cmocka_unit_test(test_sweep_cli_dry_run_and_export),
        cmocka_unit_test(test_sweep_cli_levers_and_uncertain),
        cmocka_unit_test(test_sweep_cli_set_and_seed),
        cmocka_unit_test(test_sweep_cli_gsa_designs),
        cmocka_unit_test(test_sweep_cli_one_sweep_per_store),
        cmocka_unit_test(test_sweep_cli_default_store_of_another_file),
        cmocka_unit_test(test_sweep_cli_store_names_are_plain),
        cmocka_unit_test(test_sweep_cli_resume_refuses_other_options),
        cmocka_unit_test(test_sweep_cli_damaged_and_foreign_stores),
        cmocka_unit_test(test_sweep_cli_outputs_never_clobber),
        cmocka_unit_test(test_sweep_cli_read_only_stores),
        cmocka_unit_test(test_sweep_cli_full_disk_says_how_to_resume),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
