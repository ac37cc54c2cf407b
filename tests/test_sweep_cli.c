/* test_sweep_cli.c - sweeps end to end through the binary named by $CN_BIN
 * (default build/cybernorms): a sweep killed with SIGKILL and resumed, or
 * interrupted with SIGINT and resumed, exports exactly the tables of a run
 * never interrupted; shards merged equal a single run; results do not
 * depend on the thread count; adaptive replications are deterministic;
 * bad definitions and options exit 2 with FILE:LINE messages; export
 * formats and merge errors.  Stores live in a mkdtemp folder under /tmp. */
#include <errno.h>
#include <fcntl.h>
#include <setjmp.h>
#include <signal.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include <cmocka.h>
#include <sqlite3.h>

#define GRID "tests/data/sw_grid.cfg"
#define OAT "tests/data/sw_oat.cfg"
#define MAX_ARGS 40

typedef struct {
    char tmp[64];
    const char *bin;
    int seq;
} ctx;

typedef struct {
    int status;
    char *out, *err;
} result;

static char *read_all(const char *path)
{
    FILE *f = fopen(path, "rb");
    if (f == NULL)
        return NULL;
    size_t cap = 4096, n = 0, k;
    char *buf = malloc(cap + 1);
    while (buf != NULL && (k = fread(buf + n, 1, cap - n, f)) > 0) {
        n += k;
        if (n == cap) {
            char *b = realloc(buf, 2 * cap + 1);
            if (b == NULL) {
                free(buf);
                buf = NULL;
                break;
            }
            buf = b;
            cap *= 2;
        }
    }
    fclose(f);
    if (buf != NULL)
        buf[n] = '\0';
    return buf;
}

/* Starts the binary with args (NULL-terminated list), stdout/stderr to files. */
static pid_t spawn(ctx *c, const char *const *args, char *out_path, char *err_path,
                   const char *env_name, const char *env_value)
{
    c->seq++;
    snprintf(out_path, 128, "%s/out%d", c->tmp, c->seq);
    snprintf(err_path, 128, "%s/err%d", c->tmp, c->seq);
    char *argv[MAX_ARGS + 2];
    int n = 0;
    argv[n++] = (char *)c->bin;
    for (; args[n - 1] != NULL && n < MAX_ARGS; n++)
        argv[n] = (char *)args[n - 1];
    argv[n] = NULL;
    pid_t pid = fork();
    if (pid == 0) {
        int o = open(out_path, O_WRONLY | O_CREAT | O_TRUNC, 0644);
        int e = open(err_path, O_WRONLY | O_CREAT | O_TRUNC, 0644);
        if (o < 0 || e < 0)
            _exit(127);
        dup2(o, 1);
        dup2(e, 2);
        close(o);
        close(e);
        if (env_name != NULL)
            setenv(env_name, env_value, 1);
        if (env_name != NULL && strcmp(env_name, "SLURM_ARRAY_TASK_ID") == 0)
            setenv("SLURM_ARRAY_TASK_COUNT", "3", 1);
        execv(argv[0], argv);
        _exit(127);
    }
    return pid;
}

static result finish(pid_t pid, const char *out_path, const char *err_path)
{
    result r = {0};
    int st;
    while (waitpid(pid, &st, 0) < 0 && errno == EINTR)
        ;
    r.status = WIFEXITED(st) ? WEXITSTATUS(st) : 128 + WTERMSIG(st);
    r.out = read_all(out_path);
    r.err = read_all(err_path);
    assert_non_null(r.out);
    assert_non_null(r.err);
    return r;
}

#define RUN(c, ...) run_args((c), NULL, NULL, (const char *const[]){__VA_ARGS__, NULL})

static result run_args(ctx *c, const char *env_name, const char *env_value,
                       const char *const *args)
{
    char o[128], e[128];
    pid_t pid = spawn(c, args, o, e, env_name, env_value);
    assert_true(pid > 0);
    return finish(pid, o, e);
}

static void result_free(result *r)
{
    free(r->out);
    free(r->err);
}

static void expect(result *r, int status, const char *in_err)
{
    if (r->status != status || (in_err != NULL && strstr(r->err, in_err) == NULL))
        fail_msg("exit %d (expected %d); stderr:\n%s\nexpected in it: %s", r->status, status,
                 r->err, in_err != NULL ? in_err : "-");
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
static char *export_md(ctx *c, const char *store)
{
    result r = RUN(c, "export", store, "--format", "md");
    expect(&r, 0, NULL);
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
    if (c == NULL)
        return -1;
    const char *bin = getenv("CN_BIN");
    c->bin = bin != NULL ? bin : "build/cybernorms";
    if (access(c->bin, X_OK) != 0) {
        fprintf(stderr, "test_sweep_cli: no executable %s (set CN_BIN)\n", c->bin);
        free(c);
        return -1;
    }
    snprintf(c->tmp, sizeof c->tmp, "/tmp/cn_test_sweep_XXXXXX");
    if (mkdtemp(c->tmp) == NULL) {
        free(c);
        return -1;
    }
    *state = c;
    return 0;
}

static int teardown(void **state)
{
    ctx *c = *state;
    char cmd[128];
    snprintf(cmd, sizeof cmd, "rm -rf '%s'", c->tmp);
    int rc = system(cmd);
    free(c);
    return rc == 0 ? 0 : -1;
}

/* ---- tests --------------------------------------------------------------- */

static void test_sweep_cli_kill9_resume_equals_uninterrupted(void **state)
{
    ctx *c = *state;
    const char *full = db(c, "full.sqlite"), *cut = db(c, "cut.sqlite");
    result r = RUN(c, "sweep", GRID, "--replications", "6000", "--db", full, "--quiet");
    expect(&r, 0, NULL);
    result_free(&r);
    char *want = export_md(c, full);
    assert_non_null(strstr(want, "6000 replications per point"));

    char o[128], e[128];
    const char *args[] = {"sweep", GRID, "--replications", "6000", "--db", cut, "--quiet", NULL};
    pid_t pid = spawn(c, args, o, e, NULL, NULL);
    /* wait for some committed batches, then kill -9 */
    for (int i = 0; i < 20000 && count_batches(cut) < 12; i++)
        sleep_ms(1);
    kill(pid, SIGKILL);
    r = finish(pid, o, e);
    result_free(&r);
    long got = count_batches(cut);
    assert_true(got >= 1);
    assert_true(got < 7 * 60); /* killed before the end */

    /* without --resume the unfinished store is not touched */
    r = RUN(c, "sweep", GRID, "--replications", "6000", "--db", cut, "--quiet");
    expect(&r, 2, "holds an unfinished sweep");
    result_free(&r);
    assert_int_equal(count_batches(cut), got);
    /* with other options: refused */
    r = RUN(c, "sweep", GRID, "--replications", "5000", "--db", cut, "--resume", "--quiet");
    expect(&r, 2, "holds results of another sweep design or plan");
    result_free(&r);

    r = RUN(c, "sweep", GRID, "--replications", "6000", "--db", cut, "--resume", "--quiet");
    expect(&r, 0, NULL);
    result_free(&r);
    char *have = export_md(c, cut);
    assert_string_equal(have, want);
    free(have);
    free(want);
}

static void test_sweep_cli_sigint_resume(void **state)
{
    ctx *c = *state;
    const char *full = db(c, "full2.sqlite"), *cut = db(c, "int.sqlite");
    result r = RUN(c, "sweep", OAT, "--replications", "4000", "--db", full, "--threads", "2",
                   "--quiet", "--keep-runs");
    expect(&r, 0, NULL);
    result_free(&r);
    char *want = export_md(c, full);

    char o[128], e[128];
    const char *args[] = {"sweep", OAT, "--replications", "4000", "--db", cut, "--keep-runs", NULL};
    pid_t pid = spawn(c, args, o, e, NULL, NULL);
    for (int i = 0; i < 20000 && count_batches(cut) < 3; i++)
        sleep_ms(1);
    kill(pid, SIGINT);
    r = finish(pid, o, e);
    if (r.status == 130) {
        expect(&r, 130, "interrupted: every finished batch is saved");
        assert_non_null(strstr(r.err, "--resume --replications 4000"));
        assert_non_null(strstr(r.err, "--keep-runs"));
    } else {
        expect(&r, 0, NULL); /* it finished before the signal */
    }
    result_free(&r);
    r = RUN(c, "sweep", OAT, "--replications", "4000", "--db", cut, "--keep-runs", "--resume",
            "--quiet");
    expect(&r, 0, NULL);
    result_free(&r);
    char *have = export_md(c, cut);
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
    result r = RUN(c, "sweep", GRID, "--db", one, "--quiet", "--threads", "1");
    expect(&r, 0, NULL);
    result_free(&r);
    char *want = export_md(c, one);
    /* two threads: the same bytes */
    const char *two = db(c, "two.sqlite");
    r = RUN(c, "sweep", GRID, "--db", two, "--quiet", "--threads", "2");
    expect(&r, 0, NULL);
    result_free(&r);
    char *t2 = export_md(c, two);
    assert_string_equal(t2, want);
    free(t2);
    /* three shards, one of them from the SLURM variables */
    char s0[160], s1[160], s2[160];
    snprintf(s0, sizeof s0, "%s/s0.sqlite", c->tmp);
    snprintf(s1, sizeof s1, "%s/s1.sqlite", c->tmp);
    snprintf(s2, sizeof s2, "%s/s2.sqlite", c->tmp);
    r = RUN(c, "sweep", GRID, "--db", s0, "--quiet", "--shard", "0/3");
    expect(&r, 0, NULL);
    result_free(&r);
    r = run_args(c, "SLURM_ARRAY_TASK_ID", "1",
                 (const char *const[]){"sweep", GRID, "--db", s1, "--quiet", NULL});
    expect(&r, 0, NULL);
    result_free(&r);
    r = RUN(c, "sweep", GRID, "--db", s2, "--quiet", "--shard", "2/3");
    expect(&r, 0, NULL);
    result_free(&r);
    r = RUN(c, "export", s1, "--format", "csv");
    expect(&r, 0, "incomplete sweep: 2 of 7 points finished");
    result_free(&r);
    const char *merged = db(c, "merged.sqlite");
    r = RUN(c, "merge", merged, s0, s1, s2);
    expect(&r, 0, "3 stores merged; 7 of 7 points finished");
    result_free(&r);
    char *m = export_md(c, merged);
    assert_string_equal(m, want);
    free(m);
    /* merge errors */
    r = RUN(c, "merge", merged, one);
    expect(&r, 0, NULL);
    result_free(&r);
    r = RUN(c, "merge", merged, merged);
    expect(&r, 2, "the output is also an input");
    result_free(&r);
    r = RUN(c, "merge", merged);
    expect(&r, 2, "expected OUT and at least one store");
    result_free(&r);
    r = RUN(c, "merge", merged, "--x");
    expect(&r, 2, "unknown option '--x'");
    result_free(&r);
    const char *oat = db(c, "oat.sqlite");
    r = RUN(c, "sweep", OAT, "--db", oat, "--quiet");
    expect(&r, 0, NULL);
    result_free(&r);
    r = RUN(c, "merge", db(c, "mm.sqlite"), one, oat);
    expect(&r, 2, "not shards of the same sweep");
    result_free(&r);
    free(want);
}

static void test_sweep_cli_precision_deterministic(void **state)
{
    ctx *c = *state;
    const char *a = db(c, "pa.sqlite"), *b = db(c, "pb.sqlite");
    result r = RUN(c, "sweep", OAT, "--precision", "0.06", "--max-replications", "2000", "--db",
                   a, "--quiet", "--threads", "2");
    expect(&r, 0, NULL);
    result_free(&r);
    r = RUN(c, "sweep", OAT, "--precision", "0.06", "--max-replications", "2000", "--db", b,
            "--quiet", "--threads", "1");
    expect(&r, 0, NULL);
    result_free(&r);
    char *x = export_md(c, a), *y = export_md(c, b);
    assert_string_equal(x, y);
    free(y);
    /* every point: a multiple of the batch (250), and either the cap or narrow intervals */
    r = RUN(c, "export", a, "--format", "csv", "--metrics", "F.adopted,T.in_force");
    expect(&r, 0, NULL);
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
    result_free(&r);
    free(x);
}

static void test_sweep_cli_bad_input(void **state)
{
    ctx *c = *state;
    const char *x = db(c, "bad.sqlite");
    result r = RUN(c, "sweep", "tests/data/sw_bad_level.cfg", "--db", x);
    expect(&r, 2, "tests/data/sw_bad_level.cfg:7: setting 'sweep.factors.1': point '2': "
                  "forums.F.footnotes=-1");
    result_free(&r);
    r = RUN(c, "sweep", "tests/data/sw_zero.cfg", "--db", x);
    expect(&r, 2, "tests/data/sw_zero.cfg:6: setting 'sweep.factors.0.levels': expected at "
                  "least one level (a sweep with zero points)");
    result_free(&r);
    r = RUN(c, "sweep", "tests/data/sw_base.cfg", "--db", x);
    expect(&r, 2, "setting 'sweep': missing");
    result_free(&r);
    r = RUN(c, "sweep", "tests/data/none.cfg");
    expect(&r, 2, "cannot read");
    result_free(&r);
    r = RUN(c, "sweep", GRID, "--replicatons", "3");
    expect(&r, 2, "unknown option '--replicatons'; did you mean '--replications'?");
    result_free(&r);
    r = RUN(c, "sweep", GRID, "--replications", "0");
    expect(&r, 2, "--replications: expected an integer");
    result_free(&r);
    r = RUN(c, "sweep", GRID, "--precision", "2");
    expect(&r, 2, "--precision: expected a 95% interval width");
    result_free(&r);
    r = RUN(c, "sweep", GRID, "--max-replications", "20");
    expect(&r, 2, "--max-replications caps a sweep with --precision");
    result_free(&r);
    r = RUN(c, "sweep", GRID, "--shard", "3/3");
    expect(&r, 2, "--shard: expected i/N");
    result_free(&r);
    r = run_args(c, "SLURM_ARRAY_TASK_ID", "7", (const char *const[]){"sweep", GRID, NULL});
    expect(&r, 2, "not a task of the array");
    result_free(&r);
    r = RUN(c, "sweep", GRID, "--metrics", "F.adoptd", "--db", x);
    expect(&r, 2, "--metrics: unknown metric 'F.adoptd' (did you mean 'F.adopted'?)");
    result_free(&r);
    r = RUN(c, "sweep", GRID, "--threads");
    expect(&r, 2, "option '--threads' needs a value");
    result_free(&r);
    r = RUN(c, "sweep", GRID, GRID);
    expect(&r, 2, "one FILE only");
    result_free(&r);
    r = RUN(c, "sweep");
    expect(&r, 2, "a scenario FILE with a sweep group is needed");
    result_free(&r);
    r = RUN(c, "sweep", "--help");
    expect(&r, 0, NULL);
    assert_non_null(strstr(r.out, "--resume"));
    result_free(&r);
    r = RUN(c, "help", "export");
    expect(&r, 0, NULL);
    assert_non_null(strstr(r.out, "booktabs"));
    result_free(&r);
}

static void test_sweep_cli_dry_run_and_export(void **state)
{
    ctx *c = *state;
    const char *x = db(c, "dry.sqlite");
    result r = RUN(c, "sweep", GRID, "--dry-run", "--db", x);
    expect(&r, 0, NULL);
    assert_non_null(strstr(r.out, "grid design, 7 points, 300 replications per point (batches of 100)"));
    assert_non_null(strstr(r.out, "  6         forums.F.footnotes=2 events.incident_rate=1.0\n"));
    assert_non_null(strstr(r.out, "2100 runs; estimated time"));
    assert_int_equal(access(x, F_OK), -1); /* a dry run writes nothing */
    result_free(&r);
    r = RUN(c, "sweep", GRID, "--dry-run", "--shard", "1/2");
    expect(&r, 0, NULL);
    assert_non_null(strstr(r.out, "(shard 1/2: 3 of them)"));
    result_free(&r);

    /* a sweep prints its table; export in every format */
    const char *s = db(c, "list.sqlite");
    r = RUN(c, "sweep", "tests/data/sw_list.cfg", "--db", s, "--no-progress");
    expect(&r, 0, "other formats: cybernorms export");
    assert_non_null(strstr(r.out, "sw_base: what-if (list design), 200 replications per point"));
    assert_non_null(strstr(r.out, "status quo"));
    result_free(&r);
    /* a finished store is replaced by a new run */
    r = RUN(c, "sweep", "tests/data/sw_list.cfg", "--db", s, "--quiet");
    expect(&r, 0, NULL);
    assert_string_equal(r.out, "");
    result_free(&r);
    r = RUN(c, "export", s, "--format", "tex");
    expect(&r, 0, NULL);
    assert_non_null(strstr(r.out, "\\toprule"));
    result_free(&r);
    r = RUN(c, "export", s, "--format", "html", "--metrics", "T.adopted");
    expect(&r, 0, NULL);
    assert_non_null(strstr(r.out, "<th>T.adopted</th>"));
    result_free(&r);
    char out[160];
    snprintf(out, sizeof out, "%s/table.csv", c->tmp);
    r = RUN(c, "export", s, "--out", out);
    expect(&r, 0, NULL);
    result_free(&r);
    char *csv = read_all(out);
    assert_non_null(csv);
    assert_memory_equal(csv, "point,runs,F.adopted,", 21); /* format from the extension */
    free(csv);
    r = RUN(c, "export", s, "--format", "pdf");
    expect(&r, 2, "--format: expected md, csv, tex, html or text");
    result_free(&r);
    r = RUN(c, "export", s, "--metrics", "nope");
    expect(&r, 2, "unknown metric 'nope'");
    result_free(&r);
    r = RUN(c, "export", db(c, "none.sqlite"));
    expect(&r, 2, "cannot open the store");
    result_free(&r);
    r = RUN(c, "export");
    expect(&r, 2, "a results store DB is needed");
    result_free(&r);
    r = RUN(c, "export", s, "--frmat", "md");
    expect(&r, 2, "did you mean '--format'?");
    result_free(&r);
    r = RUN(c, "export", "tests/data/sw_base.cfg");
    expect(&r, 2, "not a results store");
    result_free(&r);
    /* sobol: the SRC ranking is named */
    const char *so = db(c, "sobol.sqlite");
    r = RUN(c, "sweep", "tests/data/sw_sobol.cfg", "--db", so, "--quiet");
    expect(&r, 0, NULL);
    result_free(&r);
    r = RUN(c, "export", so, "--format", "text");
    expect(&r, 0, NULL);
    assert_non_null(strstr(r.out, "standardised regression coefficients (SRC)"));
    result_free(&r);
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
