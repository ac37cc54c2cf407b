/* test_cli.c - the command line, end to end: the binary named by $CN_BIN
 * (default build/cybernorms) is run through tests/cli_harness.h, its
 * stdout and stderr captured, its results written below a temporary
 * folder (mkdtemp under /tmp, removed at the end): the dispatcher and its
 * commands' arguments (cn_cli.h), run and check.  Also: every bad input of tests/bad through the
 * binary, refusing to overwrite results without --force, and failing
 * writes (a file size limit, a full tmpfs, /dev/full as standard output)
 * leaving no partial result; outputs that are inputs, links or files of
 * others never replaced; one writer per results folder; every fatal
 * signal leaving no temporary file and the previous results whole; an
 * interruption noticed inside a long replication; standard output that
 * cannot be written failing every command. */
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mount.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "cli_harness.h"
#include "cn_error.h"
#include "cn_outfile.h"

#define TINY "tests/data/cli_tiny.cfg"
#define DEFAULT_SCENARIO "scenarios/default.cfg"
#define MIN_BAD 45 /* the catalogue of bad inputs holds at least this many */

typedef struct {
    char tmp[64];          /* the temporary folder */
    int seq;               /* for unique names inside tmp */
    ch_opts opts;          /* how the binary is started (stdout_path, fsize) */
} ctx;

/* ---- helpers ----------------------------------------------------------- */

/* A new empty folder inside the temporary folder. */
static void new_dir(ctx *c, char *buf, size_t size)
{
    snprintf(buf, size, "%s/d%d", c->tmp, ++c->seq);
    assert_int_equal(mkdir(buf, 0700), 0);
}

/* The bytes of dir/name (malloc'd, NULL if absent). */
static char *read_result(const char *dir, const char *name)
{
    char path[256];
    snprintf(path, sizeof path, "%s/%s", dir, name);
    return ch_read_file(path, NULL);
}

/* Runs the binary as c->opts say, with the arguments written out. */
#define RUN(c, ...) ch_run(&(c)->opts, (const char *const[]){__VA_ARGS__, NULL})

static const char *default_scenario(void)
{
    return ch_exists(DEFAULT_SCENARIO) ? DEFAULT_SCENARIO : TINY;
}

/* ---- fixtures ---------------------------------------------------------- */

static int setup(void **state)
{
    ctx *c = calloc(1, sizeof *c);
    if (c == NULL || ch_bin_usable("test_cli") != 0
        || ch_tmpdir(c->tmp, sizeof c->tmp, "cli") != 0) {
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
    free(c);
    return 0;
}

/* ---- arguments ------------------------------------------------------------ */

/* Every option of run, in both spellings; the numeric ones become --set
 * overrides in command-line order, so the last of --seed and --set
 * run.seed wins. */
static void test_cli_run_options(void **state)
{
    ctx *c = *state;
    char dir[128];
    new_dir(c, dir, sizeof dir);
    ch_result r = RUN(c, "run", TINY, "--seed", "42", "--set", "model.beta=12", "--threads=2",
                      "--replications", "3", "--out", dir, "--no-progress", "--force");
    ch_assert_exit(&r, 0, "3 replications in ");
    ch_assert_contains(r.err, " on 2 threads (");
    assert_true(r.out_len > 0); /* the table */
    ch_result_free(&r);
    char *runs = read_result(dir, "runs.csv"), *cfg = read_result(dir, "scenario.cfg");
    assert_non_null(runs);
    assert_non_null(cfg);
    ch_assert_contains(runs, "# seed: 42\n");
    ch_assert_contains(runs, "# replications: 3\n");
    ch_assert_contains(cfg, "beta = 12.0;");
    free(runs);
    free(cfg);

    const char *orders[][5] = {{"--seed", "3", "--set", "run.seed=9", "# seed: 9\n"},
                               {"--set", "run.seed=9", "--seed", "3", "# seed: 3\n"}};
    for (size_t i = 0; i < sizeof orders / sizeof orders[0]; i++) {
        r = RUN(c, "run", TINY, orders[i][0], orders[i][1], orders[i][2], orders[i][3],
                "--replications=2", "--out", dir, "--force", "--quiet");
        ch_assert_exit(&r, 0, NULL);
        assert_int_equal(r.out_len + r.err_len, 0); /* --quiet */
        ch_result_free(&r);
        runs = read_result(dir, "runs.csv");
        assert_non_null(runs);
        ch_assert_contains(runs, orders[i][4]);
        free(runs);
    }
}

/* Every misuse of the command line: exit 2, what is wrong on stderr, a
 * pointer to the help, and nothing run (a.cfg does not exist). */
static void test_cli_argument_errors(void **state)
{
    ctx *c = *state;
    struct {
        const char *argv[5];
        const char *msg;  /* part of the message */
        const char *hint; /* the help it points to */
    } cases[] = {
        {{NULL}, "usage: cybernorms run FILE", NULL},
        {{"rnu"}, "cybernorms: unknown command 'rnu'; did you mean 'run'?", "--help'."},
        {{"chek"}, "did you mean 'check'", "--help'."},
        {{"frobnicate"}, "cybernorms: unknown command 'frobnicate'\n", "--help'."},
        {{"--verison"}, "did you mean '--version'", "--help'."},
        {{"--help", "x"}, "unexpected argument 'x' after '--help'", "--help'."},
        {{"help", "rn"}, "cybernorms: help: unknown command 'rn'; did you mean 'run'?",
         "--help'."},
        {{"help", "run", "x"}, "help: unexpected argument 'x'", "--help'."},
        {{"run"}, "cybernorms: run: a scenario FILE is needed", "help run'."},
        {{"check"}, "cybernorms: check: a scenario FILE is needed", "help check'."},
        {{"run", "a.cfg", "b.cfg"}, "run: unexpected argument 'b.cfg'", "help run'."},
        {{"run", "a.cfg", "--seeed"}, "did you mean '--seed'", "help run'."},
        {{"run", "a.cfg", "--seed"}, "option '--seed' needs a value", "help run'."},
        {{"run", "a.cfg", "--seed", "x"}, "cybernorms: --seed: expected an integer",
         "help run'."},
        {{"run", "a.cfg", "--threads", "-1"}, "from 0 to 256", "help run'."},
        {{"run", "a.cfg", "--replications", "0"}, "from 1 to", "help run'."},
        {{"run", "a.cfg", "--set", "beta"}, "run: --set: expected KEY=VALUE", "help run'."},
        {{"run", "a.cfg", "--quiet=1"}, "option '--quiet' takes no value", "help run'."},
        {{"run", "a.cfg", "--out", ""}, "run: --out: expected a folder", "help run'."},
        {{"run", "a.cfg", "--uncertainty", "some"},
         "run: --uncertainty: expected none, positions or all, got 'some'", "help run'."},
        {{"check", "a.cfg", "--seed", "1"}, "check: unknown option '--seed'", "help check'."},
        {{"check", "a.cfg", "--set", "=1"}, "check: --set: expected KEY=VALUE", "help check'."},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        ch_result r = ch_run(&c->opts, cases[i].argv);
        if (r.status != 2 || strstr(r.err, cases[i].msg) == NULL
            || (cases[i].hint != NULL && strstr(r.err, cases[i].hint) == NULL)
            || r.out_len != 0)
            fail_msg("case %zu: exit %d, stderr '%s', wanted '%s' and '%s'", i, r.status, r.err,
                     cases[i].msg, cases[i].hint != NULL ? cases[i].hint : "");
        ch_result_free(&r);
    }
}

/* ---- end to end -------------------------------------------------------- */

static void test_cli_version_and_help(void **state)
{
    ctx *c = *state;
    ch_result r = RUN(c, "--version");
    assert_int_equal(r.status, 0);
    assert_non_null(strstr(r.out, "cybernorms 0.1.0"));
    ch_result_free(&r);

    const char *helps[][3] = {{"--help", NULL}, {"-h", NULL}, {"help", NULL},
                              {"help", "run", NULL}, {"run", "--help", NULL},
                              {"check", "-h", NULL}};
    for (size_t i = 0; i < sizeof helps / sizeof helps[0]; i++) {
        r = ch_run(&c->opts, helps[i]);
        assert_int_equal(r.status, 0);
        assert_non_null(strstr(r.out, "usage:"));
        assert_int_equal(r.err_len, 0);
        ch_result_free(&r);
    }
    r = RUN(c, "help", "run");
    assert_non_null(strstr(r.out, "--replications"));
    ch_result_free(&r);

    /* no command: usage on stderr, bad input */
    r = ch_run(&c->opts, (const char *[]){NULL});
    assert_int_equal(r.status, 2);
    assert_non_null(strstr(r.err, "usage:"));
    assert_int_equal(r.out_len, 0);
    ch_result_free(&r);
}

static void test_cli_unknown_command_and_option(void **state)
{
    ctx *c = *state;
    ch_result r = RUN(c, "rnu", TINY);
    assert_int_equal(r.status, 2);
    assert_non_null(strstr(r.err, "cybernorms: unknown command 'rnu'; did you mean 'run'?"));
    assert_non_null(strstr(r.err, "--help"));
    ch_result_free(&r);

    char dir[128];
    new_dir(c, dir, sizeof dir);
    r = RUN(c, "run", TINY, "--out", dir, "--replicatoins", "5");
    assert_int_equal(r.status, 2);
    assert_non_null(strstr(r.err, "did you mean '--replications'?"));
    assert_non_null(strstr(r.err, "help run"));
    assert_int_equal(ch_count_entries(dir, NULL), 0);
    ch_result_free(&r);
}

static void test_cli_bad_numbers_exit_2(void **state)
{
    ctx *c = *state;
    char dir[128];
    new_dir(c, dir, sizeof dir);
    const char *cases[][2] = {{"--threads", "abc"}, {"--threads", "-1"}, {"--threads", "2x"},
                              {"--threads", "257"}, {"--threads", ""},
                              {"--replications", "0"}, {"--replications", "1e3"},
                              {"--seed", "-4"}, {"--seed", "seven"}};
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        ch_result r = RUN(c, "run", TINY, "--out", dir, cases[i][0], cases[i][1]);
        assert_int_equal(r.status, 2);
        char want[64];
        snprintf(want, sizeof want, "cybernorms: %s: expected an integer", cases[i][0]);
        assert_non_null(strstr(r.err, want));
        ch_result_free(&r);
    }
    assert_int_equal(ch_count_entries(dir, NULL), 0);
}

static void check_results(const char *dir)
{
    const char *names[] = {"runs.csv", "summary.csv", "summary.md", "scenario.cfg"};
    char path[256];
    for (int i = 0; i < 4; i++) {
        snprintf(path, sizeof path, "%s/%s", dir, names[i]);
        struct stat sb;
        assert_int_equal(stat(path, &sb), 0);
        assert_true(sb.st_size > 0);
    }
    assert_int_equal(ch_count_entries(dir, ".tmp"), 0);
    assert_int_equal(ch_count_entries(dir, ".cybernorms"), 0); /* no lock, no journal left */
    snprintf(path, sizeof path, "%s/manifest.txt", dir);
    assert_true(ch_exists(path));
    assert_int_equal(ch_count_entries(dir, NULL), 5);
}

/* The folder holds one complete set: every file its manifest names, with
 * the bytes it says, and nothing of a writer left (cn_outfile_verify). */
static void expect_complete(const char *dir)
{
    cn_diag d;
    int has = 0;
    if (cn_outfile_verify(dir, &has, &d) != CN_OK)
        fail_msg("%s", d.msg);
    assert_int_equal(has, 1);
    check_results(dir);
}

/* A history scenario (an `expected` group): the table is followed by what
 * really happened; any other scenario has no such line. */
static void test_cli_run_says_what_really_happened(void **state)
{
    ctx *c = *state;
    char dir[128];
    new_dir(c, dir, sizeof dir);
    ch_result r = RUN(c, "run", "tests/data/bt_lib/bt_vote.cfg", "--out", dir, "--no-progress");
    assert_int_equal(r.status, 0);
    ch_assert_contains(r.out, "\nwhat really happened: adopted 1-2-1 (fixture) (`cybernorms "
                              "backtest tests/data/bt_lib/bt_vote.cfg`: the model's probability "
                              "of it)\n");
    ch_result_free(&r);
    r = RUN(c, "run", TINY, "--out", dir, "--force", "--no-progress");
    assert_int_equal(r.status, 0);
    assert_null(strstr(r.out, "what really happened"));
    ch_result_free(&r);
}

/* Uncertain positions (run.uncertainty, the default): the table is
 * followed by each uncertain probability's spread across plausible worlds
 * beside its Monte Carlo error; --uncertainty none draws nothing and says
 * nothing. */
static void test_cli_run_reports_input_spread(void **state)
{
    ctx *c = *state;
    char dir[128];
    new_dir(c, dir, sizeof dir);
    ch_result r = RUN(c, "run", "scenarios/history/gge-2016.cfg", "--replications", "200",
                      "--out", dir, "--no-progress");
    assert_int_equal(r.status, 0);
    ch_assert_contains(r.out, "\nuncertain inputs (the states' positions; 10 groups of 20 "
                              "replications share one draw): P across plausible worlds\n");
    ch_assert_contains(r.out, "\nGGE.adopted ");
    ch_result_free(&r);
    r = RUN(c, "run", "scenarios/history/gge-2016.cfg", "--replications", "200", "--out", dir,
            "--force", "--uncertainty", "none", "--no-progress");
    assert_int_equal(r.status, 0);
    assert_null(strstr(r.out, "uncertain inputs"));
    ch_result_free(&r);
}

static void test_cli_run_threads_identical(void **state)
{
    ctx *c = *state;
    const char *scen = default_scenario();
    char d1[128], d2[128], path[256];
    new_dir(c, d1, sizeof d1);
    new_dir(c, d2, sizeof d2);
    ch_result r1 = RUN(c, "run", scen, "--replications", "200", "--threads", "1", "--out", d1,
                       "--no-progress");
    assert_int_equal(r1.status, 0);
    ch_result r2 = RUN(c, "run", scen, "--replications", "200", "--threads", "2", "--out", d2,
                       "--no-progress");
    assert_int_equal(r2.status, 0);
    check_results(d1);
    check_results(d2);
    /* the table on stdout, the results line and the rate on stderr */
    assert_memory_equal(r1.out, r2.out, r1.out_len < r2.out_len ? r1.out_len : r2.out_len);
    assert_int_equal(r1.out_len, r2.out_len);
    assert_true(r1.out_len > 0);
    char want[256];
    snprintf(want, sizeof want, "results: %s/ (runs.csv, summary.csv, summary.md, scenario.cfg)",
             d1);
    assert_non_null(strstr(r1.err, want));
    assert_non_null(strstr(r1.err, "per second"));
    ch_result_free(&r1);
    ch_result_free(&r2);

    const char *same[] = {"runs.csv", "summary.csv", "summary.md", "scenario.cfg"};
    for (int i = 0; i < 4; i++) {
        char p2[256];
        snprintf(path, sizeof path, "%s/%s", d1, same[i]);
        snprintf(p2, sizeof p2, "%s/%s", d2, same[i]);
        if (!ch_files_equal(path, p2))
            fail_msg("%s differs between --threads 1 and --threads 2", same[i]);
    }
    /* runs.csv: header, column line, then one line per replication */
    char *runs = read_result(d1, "runs.csv");
    assert_non_null(runs);
    assert_non_null(strstr(runs, "# replications: 200"));
    assert_non_null(strstr(runs, "\nreplication,"));
    assert_non_null(strstr(runs, "\n199,"));
    assert_null(strstr(runs, "\n200,"));
    free(runs);

    /* the saved scenario.cfg reruns to the same runs.csv */
    char d3[128];
    new_dir(c, d3, sizeof d3);
    snprintf(path, sizeof path, "%s/scenario.cfg", d1);
    ch_result r3 = RUN(c, "run", path, "--out", d3, "--quiet");
    assert_int_equal(r3.status, 0);
    assert_int_equal(r3.out_len, 0);
    assert_int_equal(r3.err_len, 0);
    ch_result_free(&r3);
    char *a = read_result(d1, "summary.csv"), *b = read_result(d3, "summary.csv");
    assert_non_null(a);
    assert_non_null(b);
    /* the header names the scenario file, so compare from the column line on */
    const char *ca = strstr(a, "\nmetric,"), *cb = strstr(b, "\nmetric,");
    int same_summary = ca != NULL && cb != NULL && strcmp(ca, cb) == 0;
    free(a);
    free(b);
    assert_true(same_summary);
}

static void test_cli_seed_changes_results(void **state)
{
    ctx *c = *state;
    char d1[128], d2[128];
    new_dir(c, d1, sizeof d1);
    new_dir(c, d2, sizeof d2);
    ch_result r = RUN(c, "run", TINY, "--out", d1, "--quiet");
    assert_int_equal(r.status, 0);
    ch_result_free(&r);
    r = RUN(c, "run", TINY, "--out", d2, "--quiet", "--seed", "2385");
    assert_int_equal(r.status, 0);
    ch_result_free(&r);
    char *a = read_result(d1, "runs.csv"), *b = read_result(d2, "runs.csv");
    assert_non_null(a);
    assert_non_null(b);
    assert_non_null(strstr(a, "# seed: 7"));       /* the fixture's seed */
    assert_non_null(strstr(b, "# seed: 2385"));
    assert_non_null(strstr(a, "# replications: 50"));
    const char *ra = strstr(a, "\nreplication,"), *rb = strstr(b, "\nreplication,");
    assert_non_null(ra);
    assert_non_null(rb);
    assert_string_not_equal(ra, rb);
    free(a);
    free(b);
}

static void test_cli_check_prints_resolved_scenario(void **state)
{
    ctx *c = *state;
    ch_result r = RUN(c, "check", TINY);
    assert_int_equal(r.status, 0);
    assert_true(r.out_len > 0);
    assert_non_null(strstr(r.out, "cli_tiny"));
    assert_non_null(strstr(r.out, "AAA"));

    /* the resolved text passes check itself and resolves to itself */
    char path[128];
    snprintf(path, sizeof path, "%s/resolved.cfg", c->tmp);
    ch_write_file(path, r.out, r.out_len);
    ch_result r2 = RUN(c, "check", path);
    assert_int_equal(r2.status, 0);
    assert_string_equal(r2.out, r.out);
    ch_result_free(&r2);

    /* an override changes the resolved output */
    ch_result r3 = RUN(c, "check", TINY, "--set", "model.beta=12.5");
    assert_int_equal(r3.status, 0);
    assert_string_not_equal(r3.out, r.out);
    assert_non_null(strstr(r3.out, "12.5"));
    ch_result_free(&r3);
    ch_result r4 = RUN(c, "check", TINY, "--set=run.seed=2385");
    assert_int_equal(r4.status, 0);
    assert_non_null(strstr(r4.out, "2385"));
    assert_null(strstr(r.out, "2385"));
    ch_result_free(&r4);
    ch_result_free(&r);
}

static void test_cli_bad_set_exit_2(void **state)
{
    ctx *c = *state;
    char dir[128];
    new_dir(c, dir, sizeof dir);
    ch_result r = RUN(c, "run", TINY, "--out", dir, "--set", "model.btea=3");
    assert_int_equal(r.status, 2);
    assert_non_null(strstr(r.err, "cybernorms: --set:1"));
    assert_int_equal(ch_count_entries(dir, NULL), 0);
    ch_result_free(&r);
    r = RUN(c, "check", TINY, "--set", "run.threads=2", "--set", "model.beta=lots");
    assert_int_equal(r.status, 2);
    assert_non_null(strstr(r.err, "--set:2"));
    assert_int_equal(r.out_len, 0);
    ch_result_free(&r);
}

/* One bad scenario: exit 2, nothing written, and on stderr the golden
 * message when given, else "FILE:" (and "FILE:LINE:" when line > 0). */
static void expect_bad(ctx *c, const char *file, int line, const char *golden)
{
    char dir[128];
    new_dir(c, dir, sizeof dir);
    const char *cmds[] = {"run", "check"};
    for (int k = 0; k < 2; k++) {
        ch_result r = k == 0 ? RUN(c, "run", file, "--out", dir, "--no-progress")
                             : RUN(c, "check", file);
        char want[600];
        if (golden != NULL)
            snprintf(want, sizeof want, "cybernorms: %s", golden);
        else if (line > 0)
            snprintf(want, sizeof want, "cybernorms: %s:%d: ", file, line);
        else
            snprintf(want, sizeof want, "cybernorms: %s:", file);
        if (r.status != 2 || strstr(r.err, want) == NULL)
            fail_msg("%s %s: exit %d, stderr '%s', wanted exit 2 and '%s'", cmds[k], file,
                     r.status, r.err, want);
        assert_int_equal(r.out_len, 0);
        ch_result_free(&r);
    }
    assert_int_equal(ch_count_entries(dir, NULL), 0);
}

static void test_cli_bad_scenarios_exit_2(void **state)
{
    ctx *c = *state;
    expect_bad(c, "tests/data/cli_bad_type.cfg", 5, NULL);
    expect_bad(c, "tests/data/cli_bad_syntax.cfg", 4, NULL);
    expect_bad(c, "tests/data/cli_no_such_file.cfg", 0, NULL);
    /* a file that opens but cannot be read, even by root */
    if (ch_exists("/proc/self/mem"))
        expect_bad(c, "/proc/self/mem", 0, "/proc/self/mem: cannot read: Input/output error");

    /* every golden file of the catalogue, in name order, each beside
     * NAME.txt holding the exact message (FILE:LINE: ...) */
    struct dirent **names = NULL;
    int n = scandir("tests/bad", &names, NULL, alphasort);
    assert_true(n > 0);
    int checked = 0;
    for (int i = 0; i < n; i++) {
        const char *nm = names[i]->d_name;
        size_t len = strlen(nm);
        char path[300], txt[300];
        if (len >= 5 && strcmp(nm + len - 4, ".cfg") == 0 && len < 240) {
            int k = snprintf(path, sizeof path, "tests/bad/%s", nm);
            memcpy(txt, path, (size_t)k - 3);
            memcpy(txt + k - 3, "txt", 4);
            char *golden = ch_read_file(txt, NULL);
            if (golden == NULL)
                fail_msg("%s has no %s", path, txt);
            golden[strcspn(golden, "\n")] = '\0';
            expect_bad(c, path, 0, golden);
            free(golden);
            checked++;
        }
        free(names[i]);
    }
    free(names);
    if (checked < MIN_BAD)
        fail_msg("only %d bad inputs in tests/bad (want at least %d)", checked, MIN_BAD);
}

static void test_cli_unwritable_out_exit_1(void **state)
{
    ctx *c = *state;
    char file[128], out[160];
    snprintf(file, sizeof file, "%s/plain", c->tmp);
    ch_write_file(file, "x", 1);
    snprintf(out, sizeof out, "%s/sub", file); /* below a regular file */
    ch_result r = RUN(c, "run", TINY, "--out", out);
    assert_int_equal(r.status, 1);
    char want[200];
    snprintf(want, sizeof want, "cybernorms: cannot create %s", out);
    assert_non_null(strstr(r.err, want));
    assert_int_equal(r.out_len, 0);
    ch_result_free(&r);
    unlink(file);
}

static void test_cli_run_refuses_overwrite_without_force(void **state)
{
    ctx *c = *state;
    char dir[128];
    new_dir(c, dir, sizeof dir);
    ch_result r = RUN(c, "run", TINY, "--out", dir, "--quiet");
    assert_int_equal(r.status, 0);
    ch_result_free(&r);
    check_results(dir);
    char *before = read_result(dir, "runs.csv");
    assert_non_null(before);

    /* a second run into the same folder: refused before it runs */
    r = RUN(c, "run", TINY, "--out", dir, "--seed", "9");
    assert_int_equal(r.status, 2);
    char want[256];
    snprintf(want, sizeof want, "cybernorms: %s/ already holds results (runs.csv); use --force",
             dir);
    if (strstr(r.err, want) == NULL)
        fail_msg("stderr '%s', wanted '%s'", r.err, want);
    assert_int_equal(r.out_len, 0);
    ch_result_free(&r);
    check_results(dir);
    char *after = read_result(dir, "runs.csv");
    assert_non_null(after);
    assert_string_equal(before, after);
    free(after);

    /* one ch_result file is enough to refuse */
    char path[256];
    snprintf(path, sizeof path, "%s/summary.md", dir);
    char other[128];
    new_dir(c, other, sizeof other);
    char lone[256];
    snprintf(lone, sizeof lone, "%s/summary.md", other);
    static const char md[] = "# tiny\n\n- cybernorms 0.1.0\n"; /* as summary.md begins */
    ch_write_file(lone, md, sizeof md - 1);
    r = RUN(c, "run", TINY, "--out", other, "--quiet");
    assert_int_equal(r.status, 2);
    assert_non_null(strstr(r.err, "(summary.md)"));
    ch_result_free(&r);
    assert_int_equal(ch_count_entries(other, NULL), 1);
    /* a file of that name that cybernorms did not write: never replaced,
     * not even with --force */
    ch_write_file(lone, "my notes\n", 9);
    r = RUN(c, "run", TINY, "--out", other, "--quiet", "--force");
    ch_assert_exit(&r, 2, "summary.md: exists and was not written by cybernorms");
    ch_result_free(&r);
    char *notes = ch_read_file(lone, NULL);
    assert_non_null(notes);
    assert_string_equal(notes, "my notes\n");
    free(notes);
    assert_int_equal(ch_count_entries(other, NULL), 1);

    /* --force replaces all four */
    r = RUN(c, "run", TINY, "--out", dir, "--seed", "9", "--force", "--quiet");
    assert_int_equal(r.status, 0);
    ch_result_free(&r);
    check_results(dir);
    after = read_result(dir, "runs.csv");
    assert_non_null(after);
    assert_non_null(strstr(after, "# seed: 9"));
    assert_string_not_equal(before, after);
    free(after);
    free(before);

    /* help mentions it */
    r = RUN(c, "help", "run");
    assert_non_null(strstr(r.out, "--force"));
    ch_result_free(&r);
}

/* A write that fails part-way (the file size limit stands for a full
 * disk: the same failing write(2), EFBIG instead of ENOSPC): exit 1, a
 * message naming the file, no ch_result file left, and with --force the
 * previous complete results are kept. */
static void test_cli_full_disk_leaves_no_partial_results(void **state)
{
    ctx *c = *state;
    char dir[128];
    new_dir(c, dir, sizeof dir);
    /* ThreadSanitizer's runtime maps files of its own and dies under such
     * a limit: then test_cli_full_tmpfs covers this */
    c->opts.fsize = 16 * 1024; /* runs.csv of 2000 replications is larger */
    char probe[128];
    new_dir(c, probe, sizeof probe);
    ch_result r = RUN(c, "run", TINY, "--out", probe, "--replications", "2", "--threads", "2",
                      "--quiet");
    int usable = r.status == 0;
    ch_result_free(&r);
    ch_remove_tree(probe);
    if (!usable) {
        c->opts.fsize = 0;
        print_message("test_cli_full_disk: the binary cannot start under a file size limit "
                      "(a sanitizer runtime); skipped\n");
        return;
    }
    r = RUN(c, "run", TINY, "--out", dir, "--replications", "2000", "--no-progress");
    c->opts.fsize = 0;
    if (r.status != 1 || strstr(r.err, "cannot write") == NULL
        || strstr(r.err, "runs.csv: File too large (no results were replaced; free some space, "
                         "then run again)") == NULL)
        fail_msg("exit %d, stderr '%s'", r.status, r.err);
    assert_int_equal(r.out_len, 0);
    ch_result_free(&r);
    assert_int_equal(ch_count_entries(dir, NULL), 0);

    /* complete earlier results survive a failed --force run */
    r = RUN(c, "run", TINY, "--out", dir, "--quiet");
    assert_int_equal(r.status, 0);
    ch_result_free(&r);
    char *before = read_result(dir, "summary.csv");
    assert_non_null(before);
    c->opts.fsize = 16 * 1024;
    r = RUN(c, "run", TINY, "--out", dir, "--replications", "2000", "--force", "--quiet");
    c->opts.fsize = 0;
    assert_int_equal(r.status, 1);
    ch_result_free(&r);
    check_results(dir);
    char *after = read_result(dir, "summary.csv");
    assert_non_null(after);
    assert_string_equal(before, after);
    free(before);
    free(after);
    expect_complete(dir);
}

/* A real full disk where one can be made: a 64 KiB tmpfs (needs root and
 * mount(2); skipped with a note otherwise). */
static void test_cli_full_tmpfs(void **state)
{
    ctx *c = *state;
    char mnt[128], dir[192];
    new_dir(c, mnt, sizeof mnt);
    if (mount("tmpfs", mnt, "tmpfs", 0, "size=64k") != 0) {
        print_message("test_cli_full_tmpfs: no tmpfs (%s): covered by the file size limit\n",
                      strerror(errno));
        return;
    }
    snprintf(dir, sizeof dir, "%s/out", mnt);
    ch_result r = RUN(c, "run", TINY, "--out", dir, "--replications", "5000", "--no-progress");
    int status = r.status;
    int has_msg = strstr(r.err, "No space left on device") != NULL;
    int left = ch_count_entries(dir, NULL);
    char err[512];
    snprintf(err, sizeof err, "%s", r.err);
    ch_result_free(&r);
    umount(mnt);
    if (status != 1 || !has_msg || left != 0)
        fail_msg("exit %d, %d files left, stderr '%s'", status, left, err);
}

/* Standard output on a full device: check fails, run keeps its results
 * but says the table was not printed; both exit 1. */
static void test_cli_stdout_full(void **state)
{
    ctx *c = *state;
    if (!ch_exists("/dev/full"))
        return;
    c->opts.stdout_path = "/dev/full";
    ch_result r = RUN(c, "check", TINY);
    c->opts.stdout_path = NULL;
    assert_int_equal(r.status, 1);
    assert_non_null(strstr(r.err, "cannot write the resolved scenario: No space left on device"));
    ch_result_free(&r);
    char dir[128];
    new_dir(c, dir, sizeof dir);
    c->opts.stdout_path = "/dev/full";
    r = RUN(c, "run", TINY, "--out", dir, "--no-progress");
    c->opts.stdout_path = NULL;
    assert_int_equal(r.status, 1);
    assert_non_null(strstr(r.err, "but the summary table could not be printed: No space left"));
    ch_result_free(&r);
    check_results(dir);
}

/* Waits until the run writing into dir is under way: its four temporary
 * files exist (fails after 1500 naps of 20 ms). */
static void wait_under_way(const char *dir)
{
    struct timespec nap = {0, 20 * 1000 * 1000};
    int waited = 0;
    while (ch_count_entries(dir, ".tmp.") < 4 && waited < 1500) {
        nanosleep(&nap, NULL);
        waited++;
    }
    assert_true(waited < 1500);
}

static void test_cli_sigint_leaves_nothing(void **state)
{
    ctx *c = *state;
    char dir[128];
    new_dir(c, dir, sizeof dir);
    ch_child child;
    ch_spawn(&c->opts, (const char *[]){"run", TINY, "--replications", "10000000", "--threads",
                                         "2", "--out", dir, NULL},
             &child);
    wait_under_way(dir);
    nanosleep(&(struct timespec){0, 20 * 1000 * 1000}, NULL);
    assert_int_equal(kill(child.pid, SIGINT), 0);
    ch_result r = ch_wait(&child);
    if (r.status != 130)
        fail_msg("exit %d after SIGINT, stderr '%s'", r.status, r.err);
    assert_non_null(strstr(r.err, "interrupted: no results written"));
    assert_int_equal(ch_count_entries(dir, NULL), 0);
    ch_result_free(&r);
}

static void test_cli_sigterm_leaves_nothing(void **state)
{
    ctx *c = *state;
    char dir[128];
    new_dir(c, dir, sizeof dir);
    ch_child child;
    ch_spawn(&c->opts, (const char *[]){"run", TINY, "--replications", "10000000", "--threads",
                                         "1", "--out", dir, "--quiet", NULL},
             &child);
    wait_under_way(dir);
    assert_int_equal(kill(child.pid, SIGTERM), 0);
    ch_result r = ch_wait(&child);
    assert_int_equal(r.status, 128 + SIGTERM);
    assert_int_equal(ch_count_entries(dir, NULL), 0);
    ch_result_free(&r);
}

/* Outputs never replace an input (whatever its name), a link or a file
 * cybernorms did not write. */
static void test_cli_run_never_replaces_inputs_or_links(void **state)
{
    ctx *c = *state;
    char dir[128], path[256], link_to[256];
    new_dir(c, dir, sizeof dir);
    ch_result r = RUN(c, "run", TINY, "--out", dir, "--quiet");
    ch_assert_exit(&r, 0, NULL);
    ch_result_free(&r);
    char *before = read_result(dir, "scenario.cfg");
    assert_non_null(before);
    /* the saved scenario rerun into its own folder: it is an input */
    snprintf(path, sizeof path, "%s/./scenario.cfg", dir);
    r = RUN(c, "run", path, "--out", dir, "--force", "--quiet");
    ch_assert_exit(&r, 2, "scenario.cfg: is also an input of this command");
    ch_result_free(&r);
    char *after = read_result(dir, "scenario.cfg");
    assert_non_null(after);
    assert_string_equal(before, after);
    free(after);
    free(before);
    expect_complete(dir);
    /* a result file that is a link to something else: left alone */
    snprintf(link_to, sizeof link_to, "%s/precious.txt", c->tmp);
    ch_write_file(link_to, "precious\n", 9);
    snprintf(path, sizeof path, "%s/summary.md", dir);
    assert_int_equal(unlink(path), 0);
    assert_int_equal(symlink(link_to, path), 0);
    r = RUN(c, "run", TINY, "--out", dir, "--force", "--quiet");
    ch_assert_exit(&r, 2, "summary.md: is a symbolic link");
    ch_result_free(&r);
    char *kept = ch_read_file(link_to, NULL);
    assert_non_null(kept);
    assert_string_equal(kept, "precious\n");
    free(kept);
    struct stat sb;
    assert_int_equal(lstat(path, &sb), 0);
    assert_true(S_ISLNK(sb.st_mode));
    unlink(link_to);
}

/* A new folder holding the results of a first run of TINY; returns the
 * bytes of its file `name` (malloc'd). */
static char *first_results(ctx *c, char *dir, size_t size, const char *name)
{
    new_dir(c, dir, size);
    ch_result r = RUN(c, "run", TINY, "--out", dir, "--quiet");
    ch_assert_exit(&r, 0, NULL);
    ch_result_free(&r);
    char *old = read_result(dir, name);
    assert_non_null(old);
    return old;
}

/* Two runs into one folder: the second is refused while the first runs
 * (naming its pid, not advising --resume, even with --force); the first's
 * previous complete results are never lost, its new ones complete. */
static void test_cli_two_runs_one_folder(void **state)
{
    ctx *c = *state;
    char dir[128];
    char *old = first_results(c, dir, sizeof dir, "runs.csv");
    ch_result r;
    ch_child a;
    ch_spawn(&c->opts, (const char *[]){"run", TINY, "--replications", "10000000", "--threads",
                                         "1", "--out", dir, "--force", "--quiet", NULL},
             &a);
    wait_under_way(dir);
    char want[64];
    snprintf(want, sizeof want, "(pid %ld); wait until it has finished", (long)a.pid);
    const char *second[][8] = {{"run", TINY, "--out", dir, "--quiet", NULL},
                               {"run", TINY, "--out", dir, "--force", "--quiet", NULL}};
    for (int k = 0; k < 2; k++) {
        r = ch_run(&c->opts, second[k]);
        ch_assert_exit(&r, 2, "/ is being written by another cybernorms process");
        ch_assert_contains(r.err, want);
        assert_null(strstr(r.err, "--resume"));
        ch_result_free(&r);
    }
    /* the first one, interrupted: the old results are all still there */
    assert_int_equal(kill(a.pid, SIGINT), 0);
    r = ch_wait(&a);
    ch_assert_exit(&r, 130, "interrupted: no results written");
    ch_result_free(&r);
    expect_complete(dir);
    char *now = read_result(dir, "runs.csv");
    assert_non_null(now);
    assert_string_equal(now, old);
    free(now);
    free(old);
    /* and the folder is free again */
    r = RUN(c, "run", TINY, "--out", dir, "--force", "--seed", "11", "--quiet");
    ch_assert_exit(&r, 0, NULL);
    ch_result_free(&r);
    expect_complete(dir);
}

/* Every fatal signal a run can catch: no temporary file, no lock left, the
 * previous results whole.  PIPE and XFSZ sent from outside are left to a
 * write that fails (none does here): the run goes on until TERM. */
static void test_cli_every_signal_leaves_nothing(void **state)
{
    ctx *c = *state;
    char dir[128];
    char *old = first_results(c, dir, sizeof dir, "summary.csv");
    ch_result r;
    const int sigs[][3] = {{SIGHUP, 0}, {SIGQUIT, 0}, {SIGINT, 0}, {SIGTERM, 0},
                           {SIGPIPE, SIGXFSZ, SIGTERM}};
    for (size_t i = 0; i < sizeof sigs / sizeof sigs[0]; i++) {
        ch_child a;
        ch_spawn(&c->opts, (const char *[]){"run", TINY, "--replications", "10000000", "--out",
                                             dir, "--force", "--no-progress", NULL},
                 &a);
        wait_under_way(dir);
        int last = 0;
        for (int k = 0; k < 3 && sigs[i][k] != 0; k++) {
            assert_int_equal(kill(a.pid, sigs[i][k]), 0);
            last = sigs[i][k];
            nanosleep(&(struct timespec){0, 50 * 1000 * 1000}, NULL);
        }
        r = ch_wait(&a);
        if (r.status != 128 + last || strstr(r.err, "interrupted: no results written") == NULL)
            fail_msg("signal %d: exit %d (signal %d), stderr '%s'", sigs[i][0], r.status, r.sig,
                     r.err);
        ch_result_free(&r);
        expect_complete(dir);
        char *now = read_result(dir, "summary.csv");
        assert_non_null(now);
        assert_string_equal(now, old);
        free(now);
    }
    free(old);
}

/* Ctrl-C inside a replication that takes seconds (1000 states on 8
 * dimensions in 16 forums of 200 unanimity sessions): noticed within a
 * second, not at the end of the replication. */
static void test_cli_interrupt_inside_a_long_replication(void **state)
{
    ctx *c = *state;
    char scen[128], dir[128];
    snprintf(scen, sizeof scen, "%s/long.cfg", c->tmp);
    FILE *f = fopen(scen, "w");
    assert_non_null(f);
    fputs("name = \"long_replication\";\nrun = { seed = 3; };\ndimensions = (", f);
    for (int k = 0; k < 8; k++)
        fprintf(f, "%s{ name = \"d%d\"; }", k > 0 ? ", " : "", k);
    fputs(");\nstates = (\n", f);
    for (int i = 0; i < 1000; i++) {
        fprintf(f, "%s  { code = \"S%03d\"; ideal = [", i > 0 ? ",\n" : "", i);
        for (int k = 0; k < 8; k++)
            fprintf(f, "%s%.3f", k > 0 ? ", " : "", (double)((i * (37 + 10 * k)) % 1000) / 1000.0);
        fputs("]; }", f);
    }
    fputs("\n);\nforums = (\n", f);
    for (int k = 0; k < 16; k++)
        fprintf(f, "%s  { name = \"F%d\"; members = \"all\"; sessions = 200; rule = "
                   "\"unanimity\"; }", k > 0 ? ",\n" : "", k);
    fputs("\n);\n", f);
    assert_int_equal(fclose(f), 0);
    new_dir(c, dir, sizeof dir);
    ch_child a;
    ch_spawn(&c->opts, (const char *[]){"run", scen, "--replications", "1000", "--threads", "2",
                                         "--out", dir, "--no-progress", NULL},
             &a);
    wait_under_way(dir);
    nanosleep(&(struct timespec){0, 300 * 1000 * 1000}, NULL);
    struct timespec t0, t1;
    clock_gettime(CLOCK_MONOTONIC, &t0);
    assert_int_equal(kill(a.pid, SIGINT), 0);
    ch_result r = ch_wait(&a);
    clock_gettime(CLOCK_MONOTONIC, &t1);
    double took = (double)(t1.tv_sec - t0.tv_sec) + (double)(t1.tv_nsec - t0.tv_nsec) * 1e-9;
    print_message("test_cli_interrupt_inside_a_long_replication: stopped %.3f s after SIGINT\n",
                  took);
    ch_assert_exit(&r, 130, "interrupted: no results written");
    ch_result_free(&r);
    assert_int_equal(ch_count_entries(dir, NULL), 0);
    if (took >= 1.0)
        fail_msg("SIGINT took %.3f s to stop the run (at most 1 s)", took);
    unlink(scen);
}

/* Standard output that cannot be written fails every command (exit 1,
 * said), not only the ones that check their own printing. */
static void test_cli_stdout_full_fails_every_command(void **state)
{
    ctx *c = *state;
    if (!ch_exists("/dev/full"))
        return;
    char out[128];
    new_dir(c, out, sizeof out);
    const char *cmds[][8] = {{"--version", NULL},
                             {"help", "run", NULL},
                             {"backtest", "tests/data/bt_lib", "--out", out, "--replications",
                              "20", NULL}};
    c->opts.stdout_path = "/dev/full";
    for (size_t i = 0; i < sizeof cmds / sizeof cmds[0]; i++) {
        ch_result r = ch_run(&c->opts, cmds[i]);
        if (r.status != 1
            || strstr(r.err, "cannot write to standard output: No space left on device") == NULL)
            fail_msg("%s: exit %d, stderr '%s'", cmds[i][0], r.status, r.err);
        ch_result_free(&r);
    }
    c->opts.stdout_path = NULL;
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_cli_run_options),
        cmocka_unit_test(test_cli_argument_errors),
        cmocka_unit_test(test_cli_run_says_what_really_happened),
        cmocka_unit_test(test_cli_version_and_help),
        cmocka_unit_test(test_cli_unknown_command_and_option),
        cmocka_unit_test(test_cli_bad_numbers_exit_2),
        cmocka_unit_test(test_cli_run_reports_input_spread),
        cmocka_unit_test(test_cli_run_threads_identical),
        cmocka_unit_test(test_cli_seed_changes_results),
        cmocka_unit_test(test_cli_check_prints_resolved_scenario),
        cmocka_unit_test(test_cli_bad_set_exit_2),
        cmocka_unit_test(test_cli_bad_scenarios_exit_2),
        cmocka_unit_test(test_cli_unwritable_out_exit_1),
        cmocka_unit_test(test_cli_run_refuses_overwrite_without_force),
        cmocka_unit_test(test_cli_full_disk_leaves_no_partial_results),
        cmocka_unit_test(test_cli_full_tmpfs),
        cmocka_unit_test(test_cli_stdout_full),
        cmocka_unit_test(test_cli_sigint_leaves_nothing),
        cmocka_unit_test(test_cli_sigterm_leaves_nothing),
        cmocka_unit_test(test_cli_run_never_replaces_inputs_or_links),
        cmocka_unit_test(test_cli_two_runs_one_folder),
        cmocka_unit_test(test_cli_every_signal_leaves_nothing),
        cmocka_unit_test(test_cli_interrupt_inside_a_long_replication),
        cmocka_unit_test(test_cli_stdout_full_fails_every_command),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
