/* test_runs.c - the long-format per-run CSV: the writer on known rows
 * (quoting, numbers, NaN as an empty field), the reader on a store of a
 * --keep-runs sweep (every run, in order, equal to the aggregates), and
 * `export --format long`, `--chart` and the baseline's factor values
 * end to end through the CLI. */
#include <math.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "cli_harness.h"
#include "cn_error.h"
#include "cn_runs.h"

typedef struct {
    char tmp[64];
} ctx;

static int setup(void **state)
{
    ctx *c = calloc(1, sizeof *c);
    if (c == NULL || ch_bin_usable("test_runs") != 0
        || ch_tmpdir(c->tmp, sizeof c->tmp, "runs") != 0) {
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

static void test_runs_csv_writer(void **state)
{
    (void)state;
    cn_metric m[3] = {{"F.adopted", "", CN_METRIC_BINARY, 0, 1},
                      {"F.supporters", "", CN_METRIC_COUNT, 0, 6},
                      {"world.polarisation", "", CN_METRIC_REAL, 0, 1.5}};
    const char *fn[2] = {"rate", "rule, as set"};
    cn_runs_csv c = {2, fn, 3, m};
    char *text = NULL;
    size_t len = 0;
    FILE *f = open_memstream(&text, &len);
    assert_non_null(f);
    assert_int_equal(cn_runs_csv_header(f, &c), CN_OK);
    const char *lab1[2] = {"0.15000000000000002", "majority"};
    const double v1[3] = {1.0, 4.0, 0.1 + 0.2};
    assert_int_equal(cn_runs_csv_row(f, &c, 2, "US \"and\" EU", 17, lab1, v1), CN_OK);
    const char *lab2[2] = {"2.385", ""};
    const double v2[3] = {0.0, NAN, 2.385};
    assert_int_equal(cn_runs_csv_row(f, &c, 0, "baseline", 0, lab2, v2), CN_OK);
    fclose(f);
    assert_string_equal(text,
                        "point,point_name,replication,rate,\"rule, as set\",F.adopted,"
                        "F.supporters,world.polarisation\n"
                        /* exact numbers: the double 0.1 + 0.2 needs 17 digits */
                        "2,\"US \"\"and\"\" EU\",17,0.15000000000000002,\"majority\",1,4,"
                        "0.30000000000000004\n"
                        "0,\"baseline\",0,2.385,,0,,2.385\n");
    free(text);
}

static void test_runs_store_and_export(void **state)
{
    ctx *c = *state;
    char db[160], csv[160], charts[160];
    snprintf(db, sizeof db, "%s/grid.sqlite", c->tmp);
    snprintf(csv, sizeof csv, "%s/long.csv", c->tmp);
    snprintf(charts, sizeof charts, "%s/charts", c->tmp);
    /* 7 points x 300 replications, every run kept */
    CH_ASSERT_RUN(0, NULL, "sweep", "tests/data/sw_grid.cfg", "--db", db, "--keep-runs",
                  "--quiet");
    cn_diag d;
    cn_runs_reader *r = NULL;
    assert_int_equal(cn_runs_open(db, &r, &d), CN_OK);
    int n = cn_runs_n_metrics(r);
    assert_true(n > 10);
    assert_string_equal(cn_runs_metrics(r)[0].name, "F.adopted");
    double *row = malloc((size_t)n * sizeof *row);
    assert_non_null(row);
    int p, last_p = -1, got;
    long rep, last_rep = -1, count = 0, adopted0 = 0;
    while ((got = cn_runs_next(r, &p, &rep, row)) == 1) {
        assert_true(p > last_p || (p == last_p && rep == last_rep + 1));
        if (p != last_p)
            assert_int_equal(rep, 0);
        last_p = p;
        last_rep = rep;
        count++;
        if (p == 0)
            adopted0 += row[0] == 1.0;
    }
    assert_int_equal(got, 0);
    assert_int_equal(count, 7 * 300);
    free(row);
    cn_runs_close(r);
    /* the long CSV: a header and one line per run; the baseline's P(adopted)
     * from the rows equals the table's estimate */
    CH_ASSERT_RUN(0, NULL, "export", db, "--format", "long", "--out", csv);
    size_t len = 0;
    char *text = ch_read_file(csv, &len);
    assert_non_null(text);
    assert_memory_equal(text, "point,point_name,replication,footnotes,events.incident_rate,F.adopted,",
                        68);
    assert_int_equal(ch_count(text, "\n"), 1 + 7 * 300);
    /* the baseline's factor values come from the scenario: footnotes 1, incident rate (default) */
    assert_non_null(strstr(text, "\n0,\"baseline\",0,1,"));
    assert_non_null(strstr(text, "\n6,\"6\",299,2,1,"));
    free(text);
    ch_result t = CH_RUN("export", db, "--format", "csv", "--metrics", "F.adopted");
    ch_assert_exit(&t, 0, NULL);
    char want[64];
    snprintf(want, sizeof want, "\n\"baseline\",\"1\",");
    assert_non_null(strstr(t.out, want));
    char prob[32];
    snprintf(prob, sizeof prob, ",%.6f,", adopted0 / 300.0);
    assert_non_null(strstr(t.out, prob));
    ch_result_free(&t);
    /* a store without runs: a clear error */
    char db2[160];
    snprintf(db2, sizeof db2, "%s/noruns.sqlite", c->tmp);
    CH_ASSERT_RUN(0, NULL, "sweep", "tests/data/sw_list.cfg", "--db", db2, "--quiet");
    CH_ASSERT_RUN(2, "keeps no per-run rows (run the sweep with --keep-runs", "export", db2,
                  "--format", "long");
    /* charts: per metric a difference plot and (2-factor grid) a heatmap, 3 formats each */
    ch_result ch = CH_RUN("export", db, "--chart", charts, "--metrics", "F.adopted,T.supporters");
    ch_assert_exit(&ch, 0, NULL);
    assert_int_equal(ch_count(ch.out, ".png\n"), 4);
    assert_non_null(strstr(ch.out, "/charts/F.adopted-diff.png\n"));
    assert_non_null(strstr(ch.out, "/charts/T.supporters-heatmap.png\n"));
    ch_result_free(&ch);
    assert_int_equal(ch_count_entries(charts, ".png"), 4);
    assert_int_equal(ch_count_entries(charts, ".svg"), 4);
    assert_int_equal(ch_count_entries(charts, ".pdf"), 4);
    assert_int_equal(ch_count_entries(charts, ".tmp."), 0);
    char png[256];
    snprintf(png, sizeof png, "%s/F.adopted-diff.png", charts);
    size_t plen = 0;
    char *b = ch_read_file(png, &plen);
    assert_non_null(b);
    assert_true(plen > 10000);
    assert_memory_equal(b, "\x89PNG\r\n\x1a\n", 8);
    free(b);
    CH_ASSERT_RUN(2, "--chart: expected a folder", "export", db, "--chart", "");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_runs_csv_writer),
        cmocka_unit_test(test_runs_store_and_export),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
