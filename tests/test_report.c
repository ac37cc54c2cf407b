/* test_report.c - the HTML report (cn_report.h): a run folder made by the
 * binary named by $CN_BIN (tests/data/play_small.cfg, and the default
 * scenario) gives one self-contained file with its SVG charts, under 2 MB,
 * with nothing external; malformed folders are errors that write nothing.
 * Temporary folders live under /tmp (mkdtemp) and are removed. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "cli_harness.h"
#include "cn_error.h"
#include "cn_report.h"

#define SMALL "tests/data/play_small.cfg"
#define MAX_BYTES ((size_t)2 * 1024 * 1024)

typedef struct {
    char tmp[64];
    char run[128];     /* a run folder of SMALL */
} ctx;

/* The report must not reach out: no URL, no script, no external file. */
static void assert_self_contained(const char *html)
{
    assert_null(strstr(html, "http://"));
    assert_null(strstr(html, "https://"));
    assert_null(strstr(html, "<script"));
    assert_null(strstr(html, " src="));
    assert_null(strstr(html, "<link"));
    assert_null(strstr(html, "url("));
}

static int setup(void **state)
{
    ctx *c = calloc(1, sizeof *c);
    if (c == NULL || ch_tmpdir(c->tmp, sizeof c->tmp, "report") != 0) {
        free(c);
        return -1;
    }
    snprintf(c->run, sizeof c->run, "%s/run", c->tmp);
    *state = c;
    ch_result r = CH_RUN("run", SMALL, "--replications", "30", "--threads", "1", "--out", c->run,
                         "--quiet");
    int ok = r.status == 0;
    ch_result_free(&r);
    return ok ? 0 : -1;
}

static int teardown(void **state)
{
    ctx *c = *state;
    ch_remove_tree(c->tmp);
    free(c);
    return 0;
}

static void test_report_run_folder(void **state)
{
    ctx *c = *state;
    CH_ASSERT_RUN(0, NULL, "report", c->run);
    char path[256];
    snprintf(path, sizeof path, "%s/report.html", c->run);
    size_t size = 0;
    char *html = ch_read_file(path, &size);
    assert_non_null(html);
    assert_true(size > 1000 && size < MAX_BYTES);
    assert_true(strncmp(html, "<!DOCTYPE html>", 15) == 0);
    ch_assert_contains(html, "</html>\n");
    /* the plane, one support chart per forum, the probabilities, a
     * histogram per count or real metric (one forum, 2 dimensions: 9 + 2
     * in the forum, 4 in the world) */
    assert_int_equal(ch_count(html, "<svg "), 1 + 1 + 1 + 11 + 4);
    assert_int_equal(ch_count(html, "</svg>"), ch_count(html, "<svg "));
    ch_assert_contains(html, "<title>States on the policy plane, start and end of replication 0");
    ch_assert_contains(html, "<title>Club: votes per session in replication 0</title>");
    ch_assert_contains(html, ">North</text>");
    ch_assert_contains(html, ">South</text>");
    ch_assert_contains(html, ">Club.adopted</text>");
    ch_assert_contains(html, "<circle");
    ch_assert_contains(html, "30 replications, seed 5");
    /* the story of replication 0 */
    ch_assert_contains(html, "play_small: one negotiation, told");
    assert_self_contained(html);
    /* written atomically: nothing left beside it */
    assert_int_equal(ch_count_entries(c->run, ".tmp."), 0);
    free(html);
}

static void test_report_out_option(void **state)
{
    ctx *c = *state;
    char out[256];
    snprintf(out, sizeof out, "%s/elsewhere.html", c->tmp);
    CH_ASSERT_RUN(0, "elsewhere.html", "report", c->run, "--out", out);
    assert_true(ch_exists(out));
}

/* The default scenario: every state of the world, two forums. */
static void test_report_default_scenario_under_2mb(void **state)
{
    ctx *c = *state;
    char run[256], path[300];
    snprintf(run, sizeof run, "%s/default", c->tmp);
    CH_ASSERT_RUN(0, NULL, "run", "scenarios/default.cfg", "--replications", "200", "--out", run,
                  "--quiet");
    CH_ASSERT_RUN(0, NULL, "report", run);
    snprintf(path, sizeof path, "%s/report.html", run);
    size_t size = 0;
    char *html = ch_read_file(path, &size);
    assert_non_null(html);
    assert_true(size < MAX_BYTES);
    ch_assert_contains(html, "<title>OEWG: votes per session in replication 0</title>");
    ch_assert_contains(html, "<title>GGE: votes per session in replication 0</title>");
    ch_assert_contains(html, ">LikeMinded</text>");
    ch_assert_contains(html, ">InfoSec</text>");
    assert_self_contained(html);
    free(html);
}

/* A folder with the run's scenario.cfg and the given runs.csv. */
static void make_folder(ctx *c, const char *name, const char *runs, char *dir, size_t size)
{
    snprintf(dir, size, "%s/%s", c->tmp, name);
    assert_int_equal(mkdir(dir, 0700), 0);
    char src[256], dst[300];
    snprintf(src, sizeof src, "%s/scenario.cfg", c->run);
    char *cfg = ch_read_file(src, NULL);
    assert_non_null(cfg);
    snprintf(dst, sizeof dst, "%s/scenario.cfg", dir);
    ch_write_file(dst, cfg, strlen(cfg));
    free(cfg);
    if (runs != NULL) {
        snprintf(dst, sizeof dst, "%s/runs.csv", dir);
        ch_write_file(dst, runs, strlen(runs));
    }
}

static void expect_error(const char *dir, const char *msg)
{
    cn_diag d;
    assert_int_equal(cn_report_write(dir, NULL, &d), CN_EINPUT);
    if (strstr(d.msg, msg) == NULL) {
        fprintf(stderr, "message '%s' lacks '%s'\n", d.msg, msg);
        fail();
    }
    char path[300];
    snprintf(path, sizeof path, "%s/report.html", dir);
    assert_false(ch_exists(path));
    assert_int_equal(ch_count_entries(dir, ".tmp."), 0);
}

static void test_report_malformed_folders(void **state)
{
    ctx *c = *state;
    char src[256];
    snprintf(src, sizeof src, "%s/runs.csv", c->run);
    char *runs = ch_read_file(src, NULL);
    assert_non_null(runs);
    char *cols = strstr(runs, "replication,");
    assert_non_null(cols);
    size_t header_len = (size_t)(strchr(cols, '\n') - runs) + 1;
    char *header = strndup(runs, header_len);
    assert_non_null(header);
    char dir[256], text[4096];

    make_folder(c, "missing", NULL, dir, sizeof dir);
    expect_error(dir, "cannot read");

    make_folder(c, "columns", "replication,Club.adopted,Club.sesion\n0,1,1\n", dir, sizeof dir);
    expect_error(dir, "column 'Club.sesion' does not match scenario.cfg (expected 'Club.session')");

    make_folder(c, "nocolumns", "0,1,2\n", dir, sizeof dir);
    expect_error(dir, "expected the column line");

    make_folder(c, "empty", header, dir, sizeof dir);
    expect_error(dir, "no replications");

    snprintf(text, sizeof text, "%s0,abc\n", header);
    make_folder(c, "number", text, dir, sizeof dir);
    expect_error(dir, "column 'Club.adopted': not a number: 'abc'");

    snprintf(text, sizeof text, "%s0,1,1\n", header);
    make_folder(c, "fields", text, dir, sizeof dir);
    expect_error(dir, "fields, got 3");

    /* a folder without scenario.cfg */
    cn_diag d;
    snprintf(dir, sizeof dir, "%s/nothing", c->tmp);
    assert_int_equal(mkdir(dir, 0700), 0);
    assert_int_equal(cn_report_write(dir, NULL, &d), CN_EINPUT);
    ch_assert_contains(d.file, "scenario.cfg");
    /* an output that cannot be created */
    assert_int_equal(cn_report_write(c->run, "/nonexistent-dir/x/report.html", &d), CN_EIO);
    ch_assert_contains(d.msg, "cannot create");
    free(header);
    free(runs);
}

/* A sweep's store (tests/data/nr_sweep.cfg): the what-if table and one
 * error-bar chart per default column (Club.adopted, world.binding,
 * world.dgc). */
static void test_report_sweep_store(void **state)
{
    ctx *c = *state;
    char db[256], html_path[300];
    snprintf(db, sizeof db, "%s/grid.sqlite", c->tmp);
    CH_ASSERT_RUN(0, NULL, "sweep", "tests/data/nr_sweep.cfg", "--db", db, "--quiet");
    CH_ASSERT_RUN(0, NULL, "report", db);
    snprintf(html_path, sizeof html_path, "%s/grid-report.html", c->tmp);
    size_t size = 0;
    char *html = ch_read_file(html_path, &size);
    assert_non_null(html);
    assert_true(size < MAX_BYTES);
    assert_int_equal(ch_count(html, "<svg "), 3);
    ch_assert_contains(html, "<title>What if: Club.adopted</title>");
    ch_assert_contains(html, "<title>What if: world.dgc</title>");
    ch_assert_contains(html, "<h2>The what-if table</h2>");
    ch_assert_contains(html, ">baseline</text>");
    assert_self_contained(html);
    free(html);

    /* a file that is not a store */
    char bad[256];
    snprintf(bad, sizeof bad, "%s/not-a-store.sqlite", c->tmp);
    ch_write_file(bad, "hello\n", 6);
    CH_ASSERT_RUN(2, NULL, "report", bad);
    snprintf(html_path, sizeof html_path, "%s/not-a-store-report.html", c->tmp);
    assert_false(ch_exists(html_path));
}

static void test_report_cli_errors(void **state)
{
    ctx *c = *state;
    CH_ASSERT_RUN(2, "a RESULTS folder is needed", "report");
    CH_ASSERT_RUN(2, "did you mean '--out'?", "report", c->run, "--ot", "x.html");
    CH_ASSERT_RUN(2, NULL, "report", c->run, "--out");
    CH_ASSERT_RUN(2, NULL, "report", c->run, c->run);
    CH_ASSERT_RUN(2, "is this a run's folder?", "report", "/nonexistent-folder");
}

/* Copies run folder from to a new folder to (its four files and manifest). */
static void copy_run(const char *from, const char *to)
{
    static const char *const names[] = {"runs.csv", "summary.csv", "summary.md", "scenario.cfg",
                                        "manifest.txt"};
    assert_int_equal(mkdir(to, 0700), 0);
    for (int i = 0; i < 5; i++) {
        char a[256], b[256];
        size_t n;
        snprintf(a, sizeof a, "%s/%s", from, names[i]);
        snprintf(b, sizeof b, "%s/%s", to, names[i]);
        char *x = ch_read_file(a, &n);
        assert_non_null(x);
        ch_write_file(b, x, n);
        free(x);
    }
}

/* The report's output never replaces its inputs or someone else's file;
 * a file named with --out only with --force; its default file is its own
 * and is rewritten. */
static void test_report_never_clobbers(void **state)
{
    ctx *c = *state;
    char path[256], copy[256];
    snprintf(path, sizeof path, "%s/runs.csv", c->run);
    char *runs = ch_read_file(path, NULL);
    assert_non_null(runs);
    CH_ASSERT_RUN(2, "runs.csv: is also an input of this command", "report", c->run, "--out",
                  path, "--force");
    char *after = ch_read_file(path, NULL);
    assert_string_equal(after, runs);
    free(after);
    free(runs);
    snprintf(copy, sizeof copy, "%s/mine.cfg", c->tmp);
    ch_write_file(copy, "name = \"mine\";\n", 15);
    CH_ASSERT_RUN(2, "was not written by cybernorms", "report", c->run, "--out", copy, "--force");
    if (ch_exists("/dev/full"))
        CH_ASSERT_RUN(2, "is a device", "report", c->run, "--out", "/dev/full", "--force");
    snprintf(copy, sizeof copy, "%s/named.html", c->tmp);
    CH_ASSERT_RUN(0, NULL, "report", c->run, "--out", copy);
    CH_ASSERT_RUN(2, "already exists; use --force", "report", c->run, "--out", copy);
    CH_ASSERT_RUN(0, NULL, "report", c->run, "--out", copy, "--force");
    CH_ASSERT_RUN(0, NULL, "report", c->run);
    CH_ASSERT_RUN(0, NULL, "report", c->run); /* its own default file */
}

/* A folder that does not hold one complete set (a file edited after the
 * run) is refused; a replacement a dead run left half done is finished
 * first, then reported. */
static void test_report_checks_the_result_set(void **state)
{
    ctx *c = *state;
    char mixed[160], path[256], html[256];
    snprintf(mixed, sizeof mixed, "%s/mixed", c->tmp);
    copy_run(c->run, mixed);
    snprintf(path, sizeof path, "%s/runs.csv", mixed);
    FILE *f = fopen(path, "ab");
    assert_non_null(f);
    fputs("30,1,1,1\n", f);
    fclose(f);
    CH_ASSERT_RUN(2, "runs.csv does not match the results manifest", "report", mixed);
    snprintf(html, sizeof html, "%s/report.html", mixed);
    assert_false(ch_exists(html));

    char half[160], tmp[256];
    snprintf(half, sizeof half, "%s/half", c->tmp);
    copy_run(c->run, half);
    snprintf(path, sizeof path, "%s/runs.csv", half);
    snprintf(tmp, sizeof tmp, "%s/runs.csv.tmp.Ab12Cd", half);
    assert_int_equal(rename(path, tmp), 0);
    snprintf(path, sizeof path, "%s/.cybernorms-commit", half);
    ch_write_file(path, "runs.csv.tmp.Ab12Cd runs.csv\n", 29);
    CH_ASSERT_RUN(0, NULL, "report", half);
    snprintf(path, sizeof path, "%s/runs.csv", half);
    assert_true(ch_exists(path));
    assert_int_equal(ch_count_entries(half, ".tmp."), 0);
    assert_int_equal(ch_count_entries(half, ".cybernorms"), 0);
}

/* An incomplete store (one shard of two) is reported, and said to be
 * incomplete, as export says. */
static void test_report_incomplete_store(void **state)
{
    ctx *c = *state;
    char db[256], html[300];
    snprintf(db, sizeof db, "%s/half.sqlite", c->tmp);
    CH_ASSERT_RUN(0, NULL, "sweep", "tests/data/nr_sweep.cfg", "--db", db, "--shard", "0/2",
                  "--quiet");
    ch_result r = CH_RUN("report", db);
    ch_assert_exit(&r, 0, "incomplete sweep: ");
    ch_assert_contains(r.err, "points finished");
    ch_result_free(&r);
    snprintf(html, sizeof html, "%s/half-report.html", c->tmp);
    char *text = ch_read_file(html, NULL);
    assert_non_null(text);
    ch_assert_contains(text, "Incomplete: ");
    free(text);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_report_run_folder),
        cmocka_unit_test(test_report_out_option),
        cmocka_unit_test(test_report_default_scenario_under_2mb),
        cmocka_unit_test(test_report_malformed_folders),
        cmocka_unit_test(test_report_sweep_store),
        cmocka_unit_test(test_report_cli_errors),
        cmocka_unit_test(test_report_never_clobbers),
        cmocka_unit_test(test_report_checks_the_result_set),
        cmocka_unit_test(test_report_incomplete_store),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
