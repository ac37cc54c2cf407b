/* test_output.c - atomic files, mkdirs, the FNV-1a hash, and the exact
 * text of headers, runs.csv rows, summary.csv, summary.md and the table. */
#include <errno.h>
#include <fcntl.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "cli_harness.h"
#include "cn_error.h"
#include "cn_output.h"

/* ------------------------------------------------------------- helpers */

/* Per-test fixture of the file tests: *state is a fresh folder under
 * /tmp (malloc'd), removed with all it holds after the test. */
static int tmpdir_setup(void **state)
{
    char *d = malloc(64);
    if (d == NULL || ch_tmpdir(d, 64, "output") != 0) {
        free(d);
        return -1;
    }
    *state = d;
    return 0;
}

static int tmpdir_teardown(void **state)
{
    ch_remove_tree(*state);
    free(*state);
    return 0;
}

#define IN_TMPDIR(test) cmocka_unit_test_setup_teardown(test, tmpdir_setup, tmpdir_teardown)

/* Fails unless the file at path holds exactly text. */
static void assert_file_holds(const char *path, const char *text)
{
    char *got = ch_read_file(path, NULL);
    assert_non_null(got);
    assert_string_equal(got, text);
    free(got);
}

/* A memory stream and its buffer. */
typedef struct {
    FILE *f;
    char *buf;
    size_t size;
} memout;

static void mem_open(memout *m)
{
    m->buf = NULL;
    m->size = 0;
    m->f = open_memstream(&m->buf, &m->size);
    assert_non_null(m->f);
}

/* Closes the stream; m->buf keeps the text (caller frees). */
static void mem_close(memout *m)
{
    assert_int_equal(fclose(m->f), 0);
    m->f = NULL;
}

/* ----------------------------------------------------------- fixtures */

static cn_metric tiny_m[3] = {
    {"F.adopted", "a text was adopted", CN_METRIC_BINARY, 0, 1},
    {"F.session", "session of adoption", CN_METRIC_COUNT, 1, 10},
    {"x,y", "a real", CN_METRIC_REAL, 0, 1},
};

static cn_metrics_layout tiny_layout(void)
{
    cn_metrics_layout L;
    memset(&L, 0, sizeof L);
    L.n = 3;
    L.m = tiny_m;
    L.forum_block = 2;
    L.world_base = 3;
    return L;
}

/* A scenario with one consensus report forum "OEWG" and dims scope, form,
 * filled by hand (what the writers read). */
typedef struct {
    cn_scenario s;
    cn_forum forum[2];
} test_scenario;

static test_scenario *scenario_new(int n_forums)
{
    test_scenario *t = calloc(1, sizeof *t);
    assert_non_null(t);
    snprintf(t->s.name, sizeof t->s.name, "tiny");
    snprintf(t->s.description, sizeof t->s.description, "A tiny test scenario.");
    snprintf(t->s.path, sizeof t->s.path, "scenarios/tiny.cfg");
    t->s.n_dims = 2;
    snprintf(t->s.dims[0].name, CN_NAME_LEN, "scope");
    snprintf(t->s.dims[1].name, CN_NAME_LEN, "form");
    t->s.n_states = 12;
    t->s.n_forums = n_forums;
    t->s.forums = t->forum;
    snprintf(t->forum[0].name, CN_NAME_LEN, "OEWG");
    t->forum[0].rule = CN_RULE_CONSENSUS;
    t->forum[0].output = CN_OUTPUT_REPORT;
    t->forum[0].sessions = 4;
    snprintf(t->forum[1].name, CN_NAME_LEN, "AHC_with_a_long_name");
    t->forum[1].rule = CN_RULE_MAJORITY;
    t->forum[1].output = CN_OUTPUT_TREATY;
    t->forum[1].sessions = 3;
    return t;
}

static cn_run_info run_info(const cn_scenario *s)
{
    cn_run_info info = {s, CN_VERSION, "mt19937", 42, 4, 0x0123456789abcdefULL};
    return info;
}

static const char *expected_header =
    "# cybernorms " CN_VERSION "\n"
    "# scenario: tiny (scenarios/tiny.cfg)\n"
    "# seed: 42\n"
    "# replications: 4\n"
    "# generator: mt19937\n"
    "# scenario-hash: 0123456789abcdef\n"
    "# resolved-scenario: scenario.cfg\n";

/* --------------------------------------------------------------- hash */

static void test_output_hash_known_values(void **state)
{
    (void)state;
    assert_true(cn_output_hash("", 0) == 0xcbf29ce484222325ULL);
    assert_true(cn_output_hash("a", 1) == 0xaf63dc4c8601ec8cULL);
    assert_true(cn_output_hash("foobar", 6) == 0x85944171f73967e8ULL);
    /* n bytes, not up to a NUL */
    assert_true(cn_output_hash("ab", 1) == 0xaf63dc4c8601ec8cULL);
}

/* -------------------------------------------------------------- header */

static void test_output_header_lines(void **state)
{
    (void)state;
    test_scenario *t = scenario_new(1);
    cn_run_info info = run_info(&t->s);
    memout m;
    mem_open(&m);
    assert_int_equal(cn_output_header(m.f, &info), CN_OK);
    mem_close(&m);
    assert_string_equal(m.buf, expected_header);
    free(m.buf);

    t->s.path[0] = '\0'; /* no file: no parentheses */
    mem_open(&m);
    assert_int_equal(cn_output_header(m.f, &info), CN_OK);
    mem_close(&m);
    assert_non_null(strstr(m.buf, "# scenario: tiny\n"));
    free(m.buf);
    free(t);
}

/* ------------------------------------------------------------ runs.csv */

static void test_output_runs_rows(void **state)
{
    (void)state;
    cn_metrics_layout L = tiny_layout();
    memout m;
    mem_open(&m);
    assert_int_equal(cn_output_runs_columns(m.f, &L), CN_OK);
    const double r0[] = {1, 3, 0.25};
    const double r1[] = {0, NAN, NAN};
    const double r2[] = {-0.0, 10, -1e-9};     /* negative zeros print as 0 */
    const double r3[] = {1, 2, 0.1234565001}; /* rounds to 6 decimals */
    assert_int_equal(cn_output_runs_row(m.f, &L, 0, r0), CN_OK);
    assert_int_equal(cn_output_runs_row(m.f, &L, 1, r1), CN_OK);
    assert_int_equal(cn_output_runs_row(m.f, &L, 2, r2), CN_OK);
    assert_int_equal(cn_output_runs_row(m.f, &L, 12345678901L, r3), CN_OK);
    mem_close(&m);
    assert_string_equal(m.buf, "replication,F.adopted,F.session,\"x,y\"\n"
                               "0,1,3,0.250000\n"
                               "1,0,,\n"
                               "2,0,10,0.000000\n"
                               "12345678901,1,2,0.123457\n");
    free(m.buf);
}

/* --------------------------------------------------------- summary.csv */

static void test_output_summary_csv_lines(void **state)
{
    (void)state;
    test_scenario *t = scenario_new(1);
    cn_run_info info = run_info(&t->s);
    cn_metrics_layout L = tiny_layout();
    cn_stats *st = cn_stats_alloc(&L);
    assert_non_null(st);
    const double rows[4][3] = {{1, 1, NAN}, {1, 2, NAN}, {0, 2, NAN}, {1, NAN, NAN}};
    for (int i = 0; i < 4; i++)
        cn_stats_add(st, rows[i]);
    memout m;
    mem_open(&m);
    assert_int_equal(cn_output_summary_csv(m.f, &info, &L, st), CN_OK);
    mem_close(&m);
    /* Checked by hand:
     * adopted 1,1,0,1: p = 0.75, Wilson(3, 4) = [0.300642, 0.954413],
     *   s.d. sqrt(0.75 * 0.25 * 4 / 3) = 0.5, median k = 2 -> 1, p05 k = 1 -> 0;
     * session 1,2,2 (one missing): mean 5/3, s.d. sqrt(1/3) = 0.577350,
     *   median k = 2 -> 2, p05 k = 1 -> 1, p95 k = 3 -> 2;
     * x,y: nothing seen. */
    char expected[4096];
    snprintf(expected, sizeof expected, "%s%s", expected_header,
             "metric,kind,n,missing,prob,prob_lo,prob_hi,mean,sd,median,p05,p95,min,max\n"
             "F.adopted,binary,4,0,0.750000,0.300642,0.954413,0.750000,0.500000,1.000000,"
             "0.000000,1.000000,0.000000,1.000000\n"
             "F.session,count,3,1,,,,1.666667,0.577350,2.000000,1.000000,2.000000,"
             "1.000000,2.000000\n"
             "\"x,y\",real,0,4,,,,,,,,,,\n");
    assert_string_equal(m.buf, expected);
    free(m.buf);
    cn_stats_free(st);
    free(t);
}

/* ------------------------------------------------- summary.md and table */

/* Stats for the real layout of a scenario, from hand-made rows. */
static cn_stats *scenario_stats(const cn_metrics_layout *L, int n_forums, long reps)
{
    cn_stats *st = cn_stats_alloc(L);
    assert_non_null(st);
    double *row = calloc((size_t)L->n, sizeof *row);
    assert_non_null(row);
    for (long i = 0; i < reps; i++) {
        for (int j = 0; j < L->n; j++)
            row[j] = NAN;
        for (int f = 0; f < n_forums; f++) {
            double *b = row + L->forum_base[f];
            int adopted = i % 4 != 3; /* 3 of 4 */
            b[CN_FM_ADOPTED] = adopted;
            b[CN_FM_SESSION] = adopted ? 1 + (double)(i % 3) : NAN;
            b[CN_FM_STRENGTH] = adopted ? 0.5 + 0.1 * (double)(i % 2) : NAN;
            b[CN_FM_FOOTNOTES] = adopted ? (double)(i % 2) : NAN;
            b[CN_FM_SUPPORTERS] = 9;
            b[CN_FM_OBJECTORS] = adopted ? 0 : 3;
            b[CN_FM_ABSTAINERS] = 0;
            b[CN_FM_PARTIES] = adopted ? 9 : 0;
            b[CN_FM_IN_FORCE] = adopted;
            b[CN_FM_TEXT] = 0.25;
            b[CN_FM_TEXT + 1] = 0.75;
        }
        double *w = row + L->world_base;
        w[CN_WM_POLARISATION] = 0.4;
        w[CN_WM_FRAGMENTATION] = (double)(i % 2);
        w[CN_WM_BINDING] = 0;
        w[CN_WM_DGC] = 0;
        w[CN_WM_INCIDENTS] = (double)(i % 5);
        w[CN_WM_ATTRIBUTIONS] = 1;
        cn_stats_add(st, row);
    }
    free(row);
    return st;
}

static void test_output_summary_md_content(void **state)
{
    (void)state;
    test_scenario *t = scenario_new(1);
    cn_run_info info = run_info(&t->s);
    cn_metrics_layout L;
    assert_int_equal(cn_metrics_layout_init(&t->s, &L), CN_OK);
    cn_stats *st = scenario_stats(&L, 1, 4); /* adopted 1,1,1,0 */
    memout m;
    mem_open(&m);
    assert_int_equal(cn_output_summary_md(m.f, &info, &L, st), CN_OK);
    mem_close(&m);
    const char *want[] = {
        ("# tiny\n\nA tiny test scenario.\n\n- cybernorms " CN_VERSION "\n"),
        "- seed: 42\n",
        "- replications: 4\n",
        "- generator: mt19937\n",
        "- scenario hash: `0123456789abcdef`\n",
        ("\n## OEWG (consensus, report)\n\n"
         "| metric | P or mean | 95% CI | median | 5-95% range |\n"),
        /* Wilson(3, 4) = [0.301, 0.954] */
        "| `adopted` a text was adopted | 0.750 | [0.301, 0.954] | | |\n",
        /* sessions 1,2,3: mean 2, s.d. 1, CI 2 -+ 1.96/sqrt(3) */
        "| `session` session of adoption (n = 3) | 2.000 | [0.868, 3.132] | 2 | 1 .. 3 |\n",
        ("| `text.form` text on form (adopted, else last draft) | 0.750 | [0.750, 0.750] | "
         "0.750 | 0.750 .. 0.750 |\n"),
        "\n## World\n\n",
        "| `dgc` Digital Geneva Convention reached (binding, in force, broad, cybersecurity "
        "scope) | 0.000 | [0.000, 0.490] | | |\n",
    };
    for (size_t i = 0; i < sizeof want / sizeof want[0]; i++)
        if (strstr(m.buf, want[i]) == NULL)
            fail_msg("summary.md lacks:\n%s\n--- got:\n%s", want[i], m.buf);
    assert_true(strncmp(m.buf, "# tiny\n", 7) == 0);
    free(m.buf);
    cn_stats_free(st);
    cn_metrics_layout_free(&L);
    free(t);
}

/* Longest line of s. */
static int longest_line(const char *s)
{
    int best = 0, cur = 0;
    for (; *s != '\0'; s++) {
        if (*s == '\n') {
            cur = 0;
            continue;
        }
        if (++cur > best)
            best = cur;
    }
    return best;
}

static void test_output_table_content(void **state)
{
    (void)state;
    test_scenario *t = scenario_new(2);
    cn_run_info info = run_info(&t->s);
    cn_metrics_layout L;
    assert_int_equal(cn_metrics_layout_init(&t->s, &L), CN_OK);
    cn_stats *st = scenario_stats(&L, 2, 8);
    memout m;
    mem_open(&m);
    assert_int_equal(cn_output_table(m.f, &info, &L, st, 0), CN_OK);
    mem_close(&m);
    if (getenv("CN_SHOW_TABLE") != NULL)
        fputs(m.buf, stderr);
    /* Wilson(6, 8) = [0.409, 0.929] */
    const char *want[] = {"tiny: 8 replications, seed 42\n",
                          "forum", "rule/output", "P(adopted) [95% CI]",
                          "OEWG", "consensus/report", "0.750 [0.409, 0.929]",
                          "AHC_with_a_long_name", "majority/treaty",
                          "9/0",
                          "\nworld\n", "polarisation", "mean 0.400",
                          "P(DGC)", "0.000 [0.000, 0.324]", "incidents"};
    for (size_t i = 0; i < sizeof want / sizeof want[0]; i++)
        if (strstr(m.buf, want[i]) == NULL)
            fail_msg("table lacks '%s'; got:\n%s", want[i], m.buf);
    assert_true(longest_line(m.buf) <= 100);
    free(m.buf);

    /* A narrow terminal drops columns (rule/output first) to fit. */
    mem_open(&m);
    assert_int_equal(cn_output_table(m.f, &info, &L, st, 60), CN_OK);
    mem_close(&m);
    if (getenv("CN_SHOW_TABLE") != NULL)
        fputs(m.buf, stderr);
    assert_null(strstr(m.buf, "rule/output"));
    assert_non_null(strstr(m.buf, "0.750 [0.409, 0.929]"));
    assert_true(longest_line(m.buf) <= 60);
    free(m.buf);

    cn_stats_free(st);
    cn_metrics_layout_free(&L);
    free(t);
}

/* Every writer reports a failing stream (a full disk). */
static void test_output_writers_report_stream_errors(void **state)
{
    (void)state;
    test_scenario *t = scenario_new(1);
    cn_run_info info = run_info(&t->s);
    cn_metrics_layout L;
    assert_int_equal(cn_metrics_layout_init(&t->s, &L), CN_OK);
    cn_stats *st = scenario_stats(&L, 1, 4);
    double *row = calloc((size_t)L.n, sizeof *row);
    assert_non_null(row);
    for (int w = 0; w < 6; w++) {
        FILE *f = fopen("/dev/full", "w");
        if (f == NULL)
            skip();
        setvbuf(f, NULL, _IONBF, 0);
        int rc;
        switch (w) {
        case 0: rc = cn_output_header(f, &info); break;
        case 1: rc = cn_output_runs_columns(f, &L); break;
        case 2: rc = cn_output_runs_row(f, &L, 0, row); break;
        case 3: rc = cn_output_summary_csv(f, &info, &L, st); break;
        case 4: rc = cn_output_summary_md(f, &info, &L, st); break;
        default: rc = cn_output_table(f, &info, &L, st, 80); break;
        }
        assert_int_equal(rc, CN_EIO);
        fclose(f);
    }
    free(row);
    cn_stats_free(st);
    cn_metrics_layout_free(&L);
    free(t);
}

/* -------------------------------------------------------- atomic files */

static void test_output_afile_commit(void **state)
{
    const char *dir = *state;
    char path[256];
    snprintf(path, sizeof path, "%s/runs.csv", dir);
    cn_afile *f = NULL;
    assert_int_equal(cn_afile_open(path, &f), CN_OK);
    assert_non_null(f);
    assert_int_equal(ch_count_entries(dir, NULL), 1); /* only the temp file so far */
    assert_int_equal(ch_count_entries(dir, ".tmp."), 1);
    assert_int_equal(access(path, F_OK), -1);
    fputs("hello, world\n", cn_afile_stream(f));
    assert_int_equal(cn_afile_commit(f), CN_OK);
    assert_int_equal(ch_count_entries(dir, NULL), 1);
    assert_int_equal(ch_count_entries(dir, ".tmp."), 0);
    assert_file_holds(path, "hello, world\n");
    /* mode 0666 & ~umask, not mkstemp's 0600 */
    mode_t mask = umask(022);
    umask(mask);
    struct stat sb;
    assert_int_equal(stat(path, &sb), 0);
    assert_int_equal(sb.st_mode & 0777, 0666 & ~mask);

    /* A second commit replaces the file whole. */
    assert_int_equal(cn_afile_open(path, &f), CN_OK);
    fputs("second\n", cn_afile_stream(f));
    assert_int_equal(cn_afile_commit(f), CN_OK);
    assert_file_holds(path, "second\n");
    assert_int_equal(ch_count_entries(dir, NULL), 1);
}

static void test_output_afile_abort(void **state)
{
    const char *dir = *state;
    char path[256];
    snprintf(path, sizeof path, "%s/summary.csv", dir);
    cn_afile *f = NULL;
    assert_int_equal(cn_afile_open(path, &f), CN_OK);
    fputs("partial", cn_afile_stream(f));
    cn_afile_abort(f);
    assert_int_equal(ch_count_entries(dir, NULL), 0);
    cn_afile_abort(NULL); /* no-op */
    assert_int_equal(cn_afile_commit(NULL), CN_EIO);
}

static void test_output_afile_missing_folder(void **state)
{
    const char *dir = *state;
    char path[256];
    snprintf(path, sizeof path, "%s/no/such/folder/runs.csv", dir);
    cn_afile *f = (cn_afile *)&f; /* must be reset to NULL */
    errno = 0;
    assert_int_equal(cn_afile_open(path, &f), CN_EIO);
    assert_int_equal(errno, ENOENT);
    assert_null(f);
}

/* A full disk: the stream's descriptor is pointed at /dev/full, so the
 * data cannot be written; commit fails and leaves nothing behind. */
static void test_output_afile_commit_write_error(void **state)
{
    const char *dir = *state;
    char path[256];
    snprintf(path, sizeof path, "%s/runs.csv", dir);
    int full = open("/dev/full", O_WRONLY);
    if (full < 0)
        skip();
    cn_afile *f = NULL;
    assert_int_equal(cn_afile_open(path, &f), CN_OK);
    FILE *s = cn_afile_stream(f);
    assert_int_equal(dup2(full, fileno(s)), fileno(s));
    close(full);
    fputs("data that will not fit\n", s);
    errno = 0;
    assert_int_equal(cn_afile_commit(f), CN_EIO);
    assert_int_equal(errno, ENOSPC);
    assert_int_equal(ch_count_entries(dir, NULL), 0);
}

/* The stream's error flag is already set (its descriptor was closed under
 * it): commit must notice, fail and remove the temporary file. */
static void test_output_afile_commit_after_ferror(void **state)
{
    const char *dir = *state;
    char path[256];
    snprintf(path, sizeof path, "%s/runs.csv", dir);
    cn_afile *f = NULL;
    assert_int_equal(cn_afile_open(path, &f), CN_OK);
    FILE *s = cn_afile_stream(f);
    close(fileno(s));
    fputs("lost", s);
    assert_int_not_equal(fflush(s), 0);
    assert_true(ferror(s));
    assert_int_equal(cn_afile_commit(f), CN_EIO);
    assert_int_equal(ch_count_entries(dir, NULL), 0);
}

/* rename fails (the destination is a folder that is not empty): CN_EIO,
 * the temporary file is removed and the folder untouched. */
static void test_output_afile_rename_error(void **state)
{
    const char *dir = *state;
    char path[256], inner[300];
    snprintf(path, sizeof path, "%s/target", dir);
    snprintf(inner, sizeof inner, "%s/keep", path);
    assert_int_equal(mkdir(path, 0777), 0);
    ch_write_file(inner, "", 0);
    cn_afile *f = NULL;
    assert_int_equal(cn_afile_open(path, &f), CN_OK);
    fputs("text\n", cn_afile_stream(f));
    assert_int_equal(cn_afile_commit(f), CN_EIO);
    assert_int_equal(ch_count_entries(dir, NULL), 1); /* just target/ */
    assert_int_equal(ch_count_entries(dir, ".tmp."), 0);
    assert_int_equal(access(inner, F_OK), 0);
}

/* ------------------------------------------------------------- mkdirs */

static void test_output_mkdirs(void **state)
{
    const char *dir = *state;
    char path[256], file[256], below[300];
    snprintf(path, sizeof path, "%s/a/b//c/", dir);
    assert_int_equal(cn_output_mkdirs(path), CN_OK);
    struct stat sb;
    snprintf(path, sizeof path, "%s/a/b/c", dir);
    assert_int_equal(stat(path, &sb), 0);
    assert_true(S_ISDIR(sb.st_mode));
    assert_int_equal(cn_output_mkdirs(path), CN_OK); /* exists: fine */

    /* A component that is a file. */
    snprintf(file, sizeof file, "%s/a/plain", dir);
    ch_write_file(file, "", 0);
    snprintf(below, sizeof below, "%s/sub", file);
    errno = 0;
    assert_int_equal(cn_output_mkdirs(below), CN_EIO);
    assert_int_equal(errno, ENOTDIR);
    assert_int_equal(cn_output_mkdirs(file), CN_EIO); /* the path itself */
    assert_int_equal(cn_output_mkdirs(""), CN_EIO);

    /* Relative paths work too. */
    char cwd[512];
    assert_non_null(getcwd(cwd, sizeof cwd));
    assert_int_equal(chdir(dir), 0);
    assert_int_equal(cn_output_mkdirs("rel/x"), CN_OK);
    assert_int_equal(stat("rel/x", &sb), 0);
    assert_int_equal(chdir(cwd), 0);
}

/* The resolved scenario text records threads as 0 whatever the run's
 * thread count, so its hash does not depend on it; the rest is the
 * scenario writer's output (a setting that does matter, the seed, shows). */
static void test_output_scenario_text_threads_zero(void **state)
{
    (void)state;
    cn_scenario s;
    cn_scenario_defaults(&s);
    snprintf(s.name, sizeof s.name, "%s", "t");
    char *a = NULL, *b = NULL;
    size_t na = 0, nb = 0;
    s.run.threads = 1;
    assert_int_equal(cn_output_scenario_text(&s, &a, &na), CN_OK);
    s.run.threads = 7;
    assert_int_equal(cn_output_scenario_text(&s, &b, &nb), CN_OK);
    assert_int_equal(s.run.threads, 7); /* the scenario itself is untouched */
    assert_true(na > 0 && na == nb && memcmp(a, b, na) == 0);
    assert_non_null(strstr(a, "threads = 0;"));
    assert_null(strstr(a, "threads = 7;"));
    free(b);
    s.run.seed = 12345;
    assert_int_equal(cn_output_scenario_text(&s, &b, &nb), CN_OK);
    assert_true(na != nb || memcmp(a, b, na) != 0);
    assert_non_null(strstr(b, "seed = 12345"));
    free(a);
    free(b);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_output_hash_known_values),
        cmocka_unit_test(test_output_scenario_text_threads_zero),
        cmocka_unit_test(test_output_header_lines),
        cmocka_unit_test(test_output_runs_rows),
        cmocka_unit_test(test_output_summary_csv_lines),
        cmocka_unit_test(test_output_summary_md_content),
        cmocka_unit_test(test_output_table_content),
        cmocka_unit_test(test_output_writers_report_stream_errors),
        IN_TMPDIR(test_output_afile_commit),
        IN_TMPDIR(test_output_afile_abort),
        IN_TMPDIR(test_output_afile_missing_folder),
        IN_TMPDIR(test_output_afile_commit_write_error),
        IN_TMPDIR(test_output_afile_commit_after_ferror),
        IN_TMPDIR(test_output_afile_rename_error),
        IN_TMPDIR(test_output_mkdirs),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
