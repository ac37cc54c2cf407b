/* test_report.c - the HTML report (cn_report.h): a run folder made by the
 * binary named by $CN_BIN (tests/data/play_small.cfg, and the default
 * scenario) gives one self-contained file with its SVG charts, under 2 MB,
 * with nothing external; malformed folders are errors that write nothing.
 * Temporary folders live under /tmp (mkdtemp) and are removed. */
#include <dirent.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cmocka.h>

#include "cn_error.h"
#include "cn_report.h"

#define SMALL "tests/data/play_small.cfg"
#define MAX_BYTES (2L * 1024 * 1024)

static void assert_contains(const char *hay, const char *needle)
{
    if (strstr(hay, needle) == NULL) {
        fprintf(stderr, "expected to find:\n  %s\n", needle);
        fail();
    }
}

static int count(const char *hay, const char *needle)
{
    int n = 0;
    for (const char *p = strstr(hay, needle); p != NULL; p = strstr(p + 1, needle))
        n++;
    return n;
}

static char *read_file(const char *path, long *size)
{
    FILE *f = fopen(path, "rb");
    if (f == NULL)
        return NULL;
    char *buf = NULL;
    size_t len = 0;
    FILE *m = open_memstream(&buf, &len);
    int c;
    while ((c = fgetc(f)) != EOF)
        fputc(c, m);
    fclose(m);
    fclose(f);
    if (size != NULL)
        *size = (long)len;
    return buf;
}

static void write_file(const char *path, const char *text)
{
    FILE *f = fopen(path, "w");
    assert_non_null(f);
    fputs(text, f);
    assert_int_equal(fclose(f), 0);
}

static int exists(const char *path)
{
    struct stat sb;
    return stat(path, &sb) == 0;
}

static int entries_containing(const char *dir, const char *part)
{
    DIR *d = opendir(dir);
    assert_non_null(d);
    int n = 0;
    struct dirent *e;
    while ((e = readdir(d)) != NULL)
        n += strstr(e->d_name, part) != NULL;
    closedir(d);
    return n;
}

static void remove_tree(const char *path)
{
    DIR *d = opendir(path);
    if (d != NULL) {
        struct dirent *e;
        while ((e = readdir(d)) != NULL) {
            if (strcmp(e->d_name, ".") == 0 || strcmp(e->d_name, "..") == 0)
                continue;
            char sub[1024];
            snprintf(sub, sizeof sub, "%s/%s", path, e->d_name);
            remove_tree(sub);
        }
        closedir(d);
        rmdir(path);
    } else {
        unlink(path);
    }
}

typedef struct {
    char tmp[64];
    char run[128];     /* a run folder of SMALL */
} ctx;

typedef struct {
    int status;
    char *out, *err;
} result;

static char *slurp(FILE *f)
{
    char *buf = NULL;
    size_t len = 0;
    FILE *m = open_memstream(&buf, &len);
    int c;
    rewind(f);
    while ((c = fgetc(f)) != EOF)
        fputc(c, m);
    fclose(m);
    return buf;
}

static result run_bin(const char *const *args)
{
    const char *bin = getenv("CN_BIN");
    if (bin == NULL || bin[0] == '\0')
        bin = "build/cybernorms";
    FILE *o = tmpfile(), *e = tmpfile();
    assert_non_null(o);
    assert_non_null(e);
    char *argv[16];
    int n = 0;
    argv[n++] = (char *)bin;
    for (int i = 0; args[i] != NULL && n < 15; i++)
        argv[n++] = (char *)args[i];
    argv[n] = NULL;
    fflush(stdout);
    fflush(stderr);
    pid_t pid = fork();
    assert_true(pid >= 0);
    if (pid == 0) {
        if (dup2(fileno(o), 1) < 0 || dup2(fileno(e), 2) < 0)
            _exit(120);
        execv(bin, argv);
        _exit(121);
    }
    int st;
    assert_int_equal(waitpid(pid, &st, 0), pid);
    result r = {WIFEXITED(st) ? WEXITSTATUS(st) : 200, slurp(o), slurp(e)};
    fclose(o);
    fclose(e);
    assert_int_not_equal(r.status, 121);
    return r;
}

static void result_free(result *r)
{
    free(r->out);
    free(r->err);
}


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
    if (c == NULL)
        return -1;
    snprintf(c->tmp, sizeof c->tmp, "/tmp/cn_test_report_XXXXXX");
    if (mkdtemp(c->tmp) == NULL) {
        free(c);
        return -1;
    }
    snprintf(c->run, sizeof c->run, "%s/run", c->tmp);
    *state = c;
    const char *args[] = {"run", SMALL, "--replications", "30", "--threads", "1", "--out", c->run,
                          "--quiet", NULL};
    result r = run_bin(args);
    int ok = r.status == 0;
    result_free(&r);
    return ok ? 0 : -1;
}

static int teardown(void **state)
{
    ctx *c = *state;
    remove_tree(c->tmp);
    free(c);
    return 0;
}

static void test_report_run_folder(void **state)
{
    ctx *c = *state;
    const char *args[] = {"report", c->run, NULL};
    result r = run_bin(args);
    assert_int_equal(r.status, 0);
    result_free(&r);
    char path[256];
    snprintf(path, sizeof path, "%s/report.html", c->run);
    long size = 0;
    char *html = read_file(path, &size);
    assert_non_null(html);
    assert_true(size > 1000 && size < MAX_BYTES);
    assert_true(strncmp(html, "<!DOCTYPE html>", 15) == 0);
    assert_contains(html, "</html>\n");
    /* the plane, one support chart per forum, the probabilities, a
     * histogram per count or real metric (one forum, 2 dimensions: 7 + 2
     * in the forum, 4 in the world) */
    assert_int_equal(count(html, "<svg "), 1 + 1 + 1 + 9 + 4);
    assert_int_equal(count(html, "</svg>"), count(html, "<svg "));
    assert_contains(html, "<title>States on the policy plane, start and end of replication 0");
    assert_contains(html, "<title>Club: votes per session in replication 0</title>");
    assert_contains(html, ">North</text>");
    assert_contains(html, ">South</text>");
    assert_contains(html, ">Club.adopted</text>");
    assert_contains(html, "<circle");
    assert_contains(html, "30 replications, seed 5");
    /* the story of replication 0 */
    assert_contains(html, "play_small: one negotiation, told");
    assert_self_contained(html);
    /* written atomically: nothing left beside it */
    assert_int_equal(entries_containing(c->run, ".tmp."), 0);
    free(html);
}

static void test_report_out_option(void **state)
{
    ctx *c = *state;
    char out[256];
    snprintf(out, sizeof out, "%s/elsewhere.html", c->tmp);
    const char *args[] = {"report", c->run, "--out", out, NULL};
    result r = run_bin(args);
    assert_int_equal(r.status, 0);
    assert_contains(r.err, "elsewhere.html");
    result_free(&r);
    assert_true(exists(out));
}

/* The default scenario: every state of the world, two forums. */
static void test_report_default_scenario_under_2mb(void **state)
{
    ctx *c = *state;
    char run[256], path[300];
    snprintf(run, sizeof run, "%s/default", c->tmp);
    const char *args[] = {"run", "scenarios/default.cfg", "--replications", "200", "--out", run,
                          "--quiet", NULL};
    result r = run_bin(args);
    assert_int_equal(r.status, 0);
    result_free(&r);
    const char *rep[] = {"report", run, NULL};
    r = run_bin(rep);
    assert_int_equal(r.status, 0);
    result_free(&r);
    snprintf(path, sizeof path, "%s/report.html", run);
    long size = 0;
    char *html = read_file(path, &size);
    assert_non_null(html);
    assert_true(size < MAX_BYTES);
    assert_contains(html, "<title>OEWG: votes per session in replication 0</title>");
    assert_contains(html, "<title>GGE: votes per session in replication 0</title>");
    assert_contains(html, ">LikeMinded</text>");
    assert_contains(html, ">InfoSec</text>");
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
    char *cfg = read_file(src, NULL);
    assert_non_null(cfg);
    snprintf(dst, sizeof dst, "%s/scenario.cfg", dir);
    write_file(dst, cfg);
    free(cfg);
    if (runs != NULL) {
        snprintf(dst, sizeof dst, "%s/runs.csv", dir);
        write_file(dst, runs);
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
    assert_false(exists(path));
    assert_int_equal(entries_containing(dir, ".tmp."), 0);
}

static void test_report_malformed_folders(void **state)
{
    ctx *c = *state;
    char src[256];
    snprintf(src, sizeof src, "%s/runs.csv", c->run);
    char *runs = read_file(src, NULL);
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
    assert_contains(d.file, "scenario.cfg");
    /* an output that cannot be created */
    assert_int_equal(cn_report_write(c->run, "/nonexistent-dir/x/report.html", &d), CN_EIO);
    assert_contains(d.msg, "cannot create");
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
    const char *sweep[] = {"sweep", "tests/data/nr_sweep.cfg", "--db", db, "--quiet", NULL};
    result r = run_bin(sweep);
    assert_int_equal(r.status, 0);
    result_free(&r);
    const char *rep[] = {"report", db, NULL};
    r = run_bin(rep);
    assert_int_equal(r.status, 0);
    result_free(&r);
    snprintf(html_path, sizeof html_path, "%s/grid-report.html", c->tmp);
    long size = 0;
    char *html = read_file(html_path, &size);
    assert_non_null(html);
    assert_true(size < MAX_BYTES);
    assert_int_equal(count(html, "<svg "), 3);
    assert_contains(html, "<title>What if: Club.adopted</title>");
    assert_contains(html, "<title>What if: world.dgc</title>");
    assert_contains(html, "<h2>The what-if table</h2>");
    assert_contains(html, ">baseline</text>");
    assert_self_contained(html);
    free(html);

    /* a file that is not a store */
    char bad[256];
    snprintf(bad, sizeof bad, "%s/not-a-store.sqlite", c->tmp);
    write_file(bad, "hello\n");
    const char *rb[] = {"report", bad, NULL};
    r = run_bin(rb);
    assert_int_equal(r.status, 2);
    result_free(&r);
    snprintf(html_path, sizeof html_path, "%s/not-a-store-report.html", c->tmp);
    assert_false(exists(html_path));
}

static void test_report_cli_errors(void **state)
{
    ctx *c = *state;
    const char *none[] = {"report", NULL};
    result r = run_bin(none);
    assert_int_equal(r.status, 2);
    assert_contains(r.err, "a RESULTS folder is needed");
    result_free(&r);

    const char *opt[] = {"report", c->run, "--ot", "x.html", NULL};
    r = run_bin(opt);
    assert_int_equal(r.status, 2);
    assert_contains(r.err, "did you mean '--out'?");
    result_free(&r);

    const char *noval[] = {"report", c->run, "--out", NULL};
    r = run_bin(noval);
    assert_int_equal(r.status, 2);
    result_free(&r);

    const char *two[] = {"report", c->run, c->run, NULL};
    r = run_bin(two);
    assert_int_equal(r.status, 2);
    result_free(&r);

    const char *missing[] = {"report", "/nonexistent-folder", NULL};
    r = run_bin(missing);
    assert_int_equal(r.status, 2);
    assert_contains(r.err, "is this a run's folder?");
    result_free(&r);
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
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
