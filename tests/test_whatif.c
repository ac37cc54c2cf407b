/* test_whatif.c - what-if aggregates (known answers by hand), paired
 * differences, precision, merges in batch order, the five table formats
 * and the three sensitivity methods. */
#include <math.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "cn_error.h"
#include "cn_whatif.h"

#include <gsl/gsl_rng.h>

#define assert_near(a, b, tol)                                                        \
    do {                                                                              \
        double a_ = (a), b_ = (b);                                                    \
        if (!(fabs(a_ - b_) <= (tol)))                                                \
            fail_msg("%s = %.17g, expected %.17g", #a, a_, b_);                       \
    } while (0)

static void test_whatif_acc_known_values(void **state)
{
    (void)state;
    cn_whatif_acc a = {0};
    const double x[] = {1.0, 2.0, NAN, 3.0, 4.0};
    for (int i = 0; i < 5; i++)
        cn_whatif_acc_add(&a, x[i]);
    assert_int_equal(a.n, 4);
    assert_int_equal(a.missing, 1);
    assert_int_equal(a.successes, 1); /* the one value equal to 1 */
    assert_near(a.mean, 2.5, 1e-15);
    assert_near(a.m2, 5.0, 1e-14); /* sum of squared deviations */
    assert_near(a.min, 1.0, 0);
    assert_near(a.max, 4.0, 0);
    /* mean 2.5, sd sqrt(5/3) = 1.2909944, se 0.6454972, t(3, .975) = 3.1824463 */
    cn_whatif_est e;
    cn_whatif_value(&a, CN_METRIC_REAL, &e);
    assert_near(e.est, 2.5, 1e-15);
    assert_near(e.lo, 2.5 - 3.182446305284263 * 0.6454972243679028, 1e-9);
    assert_near(e.hi, 2.5 + 3.182446305284263 * 0.6454972243679028, 1e-9);
    assert_int_equal(e.n, 4);
    /* binary: 3 of 4, Wilson [0.3006418, 0.9544127] */
    cn_whatif_acc b = {0};
    const double y[] = {1, 0, 1, 1};
    for (int i = 0; i < 4; i++)
        cn_whatif_acc_add(&b, y[i]);
    cn_whatif_value(&b, CN_METRIC_BINARY, &e);
    assert_near(e.est, 0.75, 0);
    assert_near(e.lo, 0.3006418, 1e-6);
    assert_near(e.hi, 0.9544127, 1e-6);
    /* empty, single value */
    cn_whatif_acc z = {0};
    cn_whatif_value(&z, CN_METRIC_REAL, &e);
    assert_true(isnan(e.est) && isnan(e.lo));
    cn_whatif_acc_add(&z, 2.385);
    cn_whatif_value(&z, CN_METRIC_REAL, &e);
    assert_near(e.est, 2.385, 0);
    assert_true(isnan(e.lo));
}

static void test_whatif_merge_equals_sequence(void **state)
{
    (void)state;
    cn_whatif_acc all = {0}, p1 = {0}, p2 = {0}, m = {0};
    for (int i = 0; i < 100; i++) {
        double x = sin(i * 0.7) * 3.0 + (i % 7 == 0 ? NAN : 0.0);
        cn_whatif_acc_add(&all, x);
        cn_whatif_acc_add(i < 37 ? &p1 : &p2, x);
    }
    cn_whatif_acc_merge(&m, &p1); /* into an empty one: a copy */
    cn_whatif_acc_merge(&m, &p2);
    assert_int_equal(m.n, all.n);
    assert_int_equal(m.missing, all.missing);
    assert_near(m.mean, all.mean, 1e-13);
    assert_near(m.m2, all.m2, 1e-11);
    assert_near(m.min, all.min, 0);
    assert_near(m.max, all.max, 0);
    cn_whatif_acc empty = {0};
    cn_whatif_acc_merge(&m, &empty);
    assert_int_equal(m.n, all.n);
    /* differences */
    cn_whatif_diff d = {0}, d1 = {0}, d2 = {0}, dm = {0};
    for (int i = 0; i < 50; i++) {
        cn_whatif_diff_add(&d, i * 0.1);
        cn_whatif_diff_add(i < 20 ? &d1 : &d2, i * 0.1);
    }
    cn_whatif_diff_merge(&dm, &d1);
    cn_whatif_diff_merge(&dm, &d2);
    cn_whatif_diff_merge(&dm, &(cn_whatif_diff){0});
    assert_int_equal(dm.n, 50);
    assert_near(dm.mean, d.mean, 1e-13);
    assert_near(dm.m2, d.m2, 1e-11);
}

static void test_whatif_agg_paired(void **state)
{
    (void)state;
    cn_whatif_agg g;
    assert_int_equal(cn_whatif_agg_init(&g, 2), CN_OK);
    /* column 0 binary, column 1 real; 4 replications */
    const double rows[] = {1, 2.0, 1, 3.0, 0, NAN, 1, 5.0};
    const double base[] = {0, 1.0, 1, 1.0, 0, 1.0, 0, NAN};
    cn_whatif_agg_add(&g, rows, base, 4);
    assert_int_equal(g.acc[0].successes, 3);
    assert_int_equal(g.diff[0].n, 4);
    assert_near(g.diff[0].mean, 0.5, 1e-15); /* diffs 1, 0, 0, 1 */
    assert_int_equal(g.diff[1].n, 2);         /* pairs with a NaN are skipped */
    assert_near(g.diff[1].mean, 1.5, 1e-15);  /* 1, 2 */
    cn_whatif_est e;
    int sig = -1;
    cn_whatif_delta(&g.diff[0], CN_METRIC_BINARY, &e, &sig);
    /* mean 0.5, sd sqrt(1/3), se 0.288675, 1.96 se = 0.565793 */
    assert_near(e.lo, 0.5 - 1.959963984540054 * 0.28867513459481287, 1e-12);
    assert_int_equal(sig, 0);
    cn_whatif_diff strong = {0};
    for (int i = 0; i < 10; i++)
        cn_whatif_diff_add(&strong, 1.0 + 0.01 * i);
    cn_whatif_delta(&strong, CN_METRIC_REAL, &e, &sig);
    assert_int_equal(sig, 1);
    cn_whatif_diff one = {0};
    cn_whatif_diff_add(&one, 3.0);
    cn_whatif_delta(&one, CN_METRIC_REAL, &e, &sig);
    assert_near(e.est, 3.0, 0);
    assert_true(isnan(e.lo));
    assert_int_equal(sig, 0);
    cn_whatif_delta(&(cn_whatif_diff){0}, CN_METRIC_REAL, &e, NULL);
    assert_true(isnan(e.est));
    /* merge and reset */
    cn_whatif_agg h;
    assert_int_equal(cn_whatif_agg_init(&h, 2), CN_OK);
    cn_whatif_agg_merge(&h, &g);
    assert_int_equal(h.acc[1].n, 3);
    cn_whatif_agg_reset(&h);
    assert_int_equal(h.acc[1].n, 0);
    cn_whatif_agg_add(&h, rows, NULL, 4);
    assert_int_equal(h.diff[0].n, 0);
    cn_whatif_agg_free(&h);
    cn_whatif_agg_free(&g);
    cn_whatif_agg_free(NULL);
}

static void test_whatif_converged_and_defaults(void **state)
{
    (void)state;
    cn_metric m[3] = {{.name = "F.adopted", .kind = CN_METRIC_BINARY},
                      {.name = "x", .kind = CN_METRIC_REAL},
                      {.name = "world.binding", .kind = CN_METRIC_BINARY}};
    cn_metrics_layout L = {.n = 3, .m = m};
    cn_whatif_agg g;
    assert_int_equal(cn_whatif_agg_init(&g, 3), CN_OK);
    int cols[] = {0, 1, 2};
    double row[3] = {1, 7.0, 0};
    for (int i = 0; i < 100; i++) {
        row[0] = i % 2;
        cn_whatif_agg_add(&g, row, NULL, 1);
    }
    /* p = 0.5, n = 100: Wilson width 0.1923; column 2 all zeros: width 0.037 */
    assert_false(cn_whatif_converged(&g, &L, cols, 3, 0.19));
    assert_true(cn_whatif_converged(&g, &L, cols, 3, 0.20));
    int only2[] = {2};
    assert_true(cn_whatif_converged(&g, &L, only2, 1, 0.04));
    assert_false(cn_whatif_converged(&g, &L, only2, 1, 0.03));
    cn_whatif_agg_free(&g);

    /* default columns: two forums of 11 columns (D = 2), world after */
    cn_metric big[28];
    memset(big, 0, sizeof big);
    cn_metrics_layout M = {.n = 28, .m = big, .forum_block = 11, .world_base = 22};
    M.forum_base[0] = 0;
    M.forum_base[1] = 11;
    int out[28], treaty[2] = {0, 1};
    int n = cn_whatif_default_metrics(&M, treaty, out);
    assert_int_equal(n, 5);
    assert_int_equal(out[0], 0 + 0);            /* F0.adopted */
    assert_int_equal(out[1], 11 + 0);           /* F1.adopted */
    assert_int_equal(out[2], 11 + 8);           /* F1.in_force (a treaty) */
    assert_int_equal(out[3], 22 + 2);           /* world.binding */
    assert_int_equal(out[4], 22 + 3);           /* world.dgc */
    assert_int_equal(cn_whatif_default_metrics(&M, NULL, out), 4);
}

/* A 2-factor oat table of 5 points and 2 columns, filled by hand. */
typedef struct {
    cn_whatif_table t;
    const char *fn[2], *pn[5], *lab[10];
    double x[10];
    int pf[5], done[5];
    long reps[5];
    cn_metric cols[2];
    cn_whatif_acc acc[10];
    cn_whatif_diff diff[10];
} fixture;

static void fixture_init(fixture *f, const char *design)
{
    memset(f, 0, sizeof *f);
    f->fn[0] = "foot_notes";
    f->fn[1] = "rate";
    const char *pn[5] = {"baseline", "a<1", "a=9", "r=0.1", "r=2"};
    const char *lab[10] = {"", "", "1", "", "9", "", "", "0.1", "", "2"};
    const double x[10] = {NAN, NAN, 1, NAN, 9, NAN, NAN, 0.1, NAN, 2};
    const int pf[5] = {-1, 0, 0, 1, 1};
    /* column 0 (binary): successes out of 100; column 1 (real) mean */
    const long succ[5] = {50, 40, 90, 50, 55};
    const double mean[5] = {1.0, 1.5, 0.5, 1.0, 3.0};
    for (int p = 0; p < 5; p++) {
        f->pn[p] = pn[p];
        f->pf[p] = pf[p];
        f->done[p] = 1;
        f->reps[p] = 100;
        f->acc[p * 2] = (cn_whatif_acc){.n = 100, .successes = succ[p], .mean = succ[p] / 100.0,
                                        .m2 = 25.0, .max = 1};
        f->acc[p * 2 + 1] = (cn_whatif_acc){.n = 100, .mean = mean[p], .m2 = 99.0, .max = 5};
        double dp = (succ[p] - succ[0]) / 100.0, dm = mean[p] - mean[0];
        f->diff[p * 2] = (cn_whatif_diff){.n = 100, .mean = dp, .m2 = p == 0 ? 0 : 9.9};
        f->diff[p * 2 + 1] = (cn_whatif_diff){.n = 100, .mean = dm, .m2 = p == 0 ? 0 : 9.9};
    }
    for (int i = 0; i < 10; i++) {
        f->lab[i] = lab[i];
        f->x[i] = x[i];
    }
    snprintf(f->cols[0].name, sizeof f->cols[0].name, "F.adopted");
    f->cols[0].kind = CN_METRIC_BINARY;
    snprintf(f->cols[1].name, sizeof f->cols[1].name, "world.polarisation");
    f->cols[1].kind = CN_METRIC_REAL;
    f->t = (cn_whatif_table){
        .scenario = "demo_1", .description = "A <demo> & test.", .design = design,
        .version = "0.1.0", .hash = "00ff", .seed = 7, .generator = "mt19937",
        .n_factors = 2, .factor_names = f->fn, .n_points = 5, .point_names = f->pn,
        .labels = f->lab, .x = f->x, .point_factor = f->pf, .done = f->done,
        .replications = f->reps, .baseline = 0, .n_cols = 2, .cols = f->cols, .acc = f->acc,
        .diff = f->diff,
    };
}

static int ch_count_str(const char *hay, const char *needle)
{
    int n = 0;
    for (const char *p = hay; (p = strstr(p, needle)) != NULL; p++)
        n++;
    return n;
}

static char *render(const cn_whatif_table *t, cn_whatif_format fmt, int width)
{
    char *text = NULL;
    size_t len = 0;
    FILE *m = open_memstream(&text, &len);
    assert_non_null(m);
    assert_int_equal(cn_whatif_write(m, t, fmt, width), CN_OK);
    fclose(m);
    return text;
}

static void test_whatif_formats(void **state)
{
    (void)state;
    fixture f;
    fixture_init(&f, "oat");
    char *csv = render(&f.t, CN_WHATIF_CSV, 0);
    const char *head = "point,foot_notes,rate,runs,F.adopted,F.adopted.lo,F.adopted.hi,F.adopted.delta,"
                       "F.adopted.delta_lo,F.adopted.delta_hi,F.adopted.significant,"
                       "world.polarisation,world.polarisation.lo,world.polarisation.hi,"
                       "world.polarisation.delta,world.polarisation.delta_lo,"
                       "world.polarisation.delta_hi,world.polarisation.significant,finished\n";
    assert_memory_equal(csv, head, strlen(head));
    assert_non_null(strstr(csv, "\n\"baseline\",\"\",\"\",100,0.500000,"));
    /* a=9: +0.40, s.e. sqrt(9.9/99/100) = 0.0316; significant */
    assert_non_null(strstr(csv, "\n\"a=9\",\"9\",\"\",100,0.900000,"));
    assert_non_null(strstr(csv, ",0.400000,0.338020,0.461980,1,"));
    free(csv);

    char *md = render(&f.t, CN_WHATIF_MD, 0);
    assert_non_null(strstr(md, "# What-if: demo_1\n"));
    /* headers from the metric registry, with units */
    assert_non_null(strstr(md, "| point | foot_notes | rate | runs | F: P(adopted) | \xce\x94 | "
                               "polarisation (distance) | \xce\x94 |"));
    assert_non_null(strstr(md, "|---|---|---|---:|---:|---:|---:|---:|\n"));
    /* no baseline values known: "as written" */
    assert_non_null(strstr(md, "| baseline | as written | as written | 100 | 0.500 [0.404, 0.596] | baseline |"));
    /* notes under the table: intervals, delta, factor values, the metric keys */
    assert_non_null(strstr(md, "- Intervals: a probability with its 95% Wilson interval"));
    assert_non_null(strstr(md, "Monte Carlo noise (a finite number of replications) only"));
    assert_non_null(strstr(md, "- \xce\x94: the point minus the baseline, the mean of the "
                               "differences taken replication by replication on common random "
                               "numbers"));
    assert_non_null(strstr(md, "Columns (names for --metrics): `F.adopted`, `world.polarisation`."));
    assert_null(strstr(md, "Conditional")); /* no metric is missing anywhere */
    assert_non_null(strstr(md, "+0.400 \xc2\xb1 0.062 \\*"));
    assert_non_null(strstr(md, "Method: tornado"));
    /* tornado: foot_notes swings F.adopted 0.4 .. 0.9 = 0.500, rate 0.50 .. 0.55 */
    assert_non_null(strstr(md, "| foot_notes | 0.500 (1) | 1.000 (2) |"));
    assert_non_null(strstr(md, "| rate | 0.050 (2) | 2.000 (1) |"));
    free(md);

    char *tex = render(&f.t, CN_WHATIF_TEX, 0);
    /* two metrics do not fit 345pt: two tables, the point and factor columns in each */
    assert_int_equal(ch_count_str(tex, "\\begin{tabular}{lllrrr}\n\\toprule\n"), 2);
    assert_non_null(strstr(tex, "\\caption[]{What-if: demo\\_1 (continued, 2 of 2)}"));
    assert_int_equal(ch_count_str(tex, "\\textit{Notes.}"), 1); /* under the last block */
    assert_non_null(strstr(tex, "point & foot\\_notes & rate & runs & \\begin{tabular}[b]{@{}r@{}}F:\\\\ "
                                "P(adopted)\\end{tabular} & $\\Delta$ \\\\"));
    /* a long label in two lines */
    assert_non_null(strstr(tex, "runs & \\begin{tabular}[b]{@{}r@{}}polarisation\\\\ (distance)"
                                "\\end{tabular} & $\\Delta$ \\\\"));
    assert_non_null(strstr(tex, "\\textit{Notes.} Intervals: a probability with its 95\\% Wilson"));
    assert_non_null(strstr(tex, "$\\pm$ 0.062$^{*}$"));
    assert_non_null(strstr(tex, "\\midrule\n"));
    assert_non_null(strstr(tex, "\\bottomrule\n\\end{tabular}"));
    assert_non_null(strstr(tex, "What-if: demo\\_1."));
    assert_non_null(strstr(tex, "a<1")); /* < needs no escape in LaTeX text */
    free(tex);

    char *html = render(&f.t, CN_WHATIF_HTML, 0);
    assert_non_null(strstr(html, "<!DOCTYPE html>"));
    assert_non_null(strstr(html, "<p>A &lt;demo&gt; &amp; test.</p>"));
    assert_non_null(strstr(html, "<td>a&lt;1</td>"));
    assert_non_null(strstr(html, "<strong>+0.400 &plusmn; 0.062 *</strong>"));
    assert_non_null(strstr(html, "</table>\n"));
    assert_non_null(strstr(html, "<th>F: P(adopted)</th>"));
    assert_non_null(strstr(html, "<ul class=\"notes\">\n<li>Intervals:"));
    free(html);

    /* terminal: narrow width splits the metrics into blocks */
    char *wide = render(&f.t, CN_WHATIF_TEXT, 200);
    char *narrow = render(&f.t, CN_WHATIF_TEXT, 60);
    assert_non_null(strstr(wide, "demo_1: what-if (oat design), 100 replications per point"));
    const char *hdr = "point     foot_notes  rate        runs";
    assert_non_null(strstr(wide, hdr));
    int blocks_wide = 0, blocks_narrow = 0;
    for (const char *p = wide; (p = strstr(p, hdr)) != NULL; p++)
        blocks_wide++;
    for (const char *p = narrow; (p = strstr(p, hdr)) != NULL; p++)
        blocks_narrow++;
    assert_int_equal(blocks_wide, 1);
    assert_int_equal(blocks_narrow, 2);
    free(wide);
    free(narrow);

    /* an unfinished point is left out and said so */
    f.done[3] = 0;
    char *part = render(&f.t, CN_WHATIF_MD, 0);
    assert_null(strstr(part, "| r=0.1 |"));
    assert_non_null(strstr(part, "Incomplete: 4 of 5 points finished"));
    free(part);

    cn_whatif_format fm;
    assert_int_equal(cn_whatif_parse_format("tex", &fm), CN_OK);
    assert_int_equal(fm, CN_WHATIF_TEX);
    assert_int_equal(cn_whatif_parse_format("pdf", &fm), CN_EINPUT);
    assert_int_equal(cn_whatif_parse_format(NULL, &fm), CN_EINPUT);
}

static void test_whatif_sensitivity_methods(void **state)
{
    (void)state;
    fixture f;
    fixture_init(&f, "oat");
    double s[2], r2;
    assert_string_equal(cn_whatif_sensitivity(&f.t, 1, s, &r2), "tornado");
    assert_near(s[0], 1.0, 1e-12); /* 0.5 .. 1.5 */
    assert_near(s[1], 2.0, 1e-12); /* 1.0 .. 3.0 */
    assert_true(isnan(r2));

    /* grid: points 1..4 as a 2 x 2 grid; factor 0 levels "1","9"; factor 1 "0.1","2" */
    fixture_init(&f, "grid");
    const char *lab[10] = {"", "", "1", "0.1", "1", "2", "9", "0.1", "9", "2"};
    for (int i = 0; i < 10; i++)
        f.lab[i] = lab[i];
    assert_string_equal(cn_whatif_sensitivity(&f.t, 1, s, NULL), "main effects");
    /* means: (1.5 + 0.5)/2 = 1.0 vs (1.0 + 3.0)/2 = 2.0 -> 1.0;
     * level 0.1: (1.5 + 1.0)/2 = 1.25, level 2: (0.5 + 3.0)/2 = 1.75 -> 0.5 */
    assert_near(s[0], 1.0, 1e-12);
    assert_near(s[1], 0.5, 1e-12);

    /* sobol: y = 2 x0 exactly over 4 points; x1 unrelated */
    fixture_init(&f, "sobol");
    const double x[10] = {NAN, NAN, 0.0, 1.0, 1.0, 0.0, 2.0, 1.0, 3.0, 0.0};
    const double y[5] = {9.0, 0.0, 2.0, 4.0, 6.0};
    for (int i = 0; i < 10; i++)
        f.x[i] = x[i];
    for (int p = 0; p < 5; p++)
        f.acc[p * 2 + 1].mean = y[p];
    assert_string_equal(cn_whatif_sensitivity(&f.t, 1, s, &r2), "SRC");
    assert_near(s[0], 1.0, 1e-9);
    assert_near(s[1], 0.0, 1e-9);
    assert_near(r2, 1.0, 1e-9);
    /* too few points for a regression */
    f.done[4] = 0;
    assert_string_equal(cn_whatif_sensitivity(&f.t, 1, s, &r2), "SRC");
    assert_true(isnan(s[0]));
    char *md = render(&f.t, CN_WHATIF_MD, 0);
    assert_non_null(strstr(md, "standardised regression coefficients (SRC)"));
    assert_non_null(strstr(md, "| R\xc2\xb2 |"));
    free(md);

    fixture_init(&f, "list");
    assert_null(cn_whatif_sensitivity(&f.t, 0, s, NULL));
    char *md2 = render(&f.t, CN_WHATIF_MD, 0);
    assert_null(strstr(md2, "Sensitivity"));
    free(md2);
}


/* A table of a design made by hand: points 1..rows the design's rows X
 * (k columns), point 0 the baseline, one real column whose estimate at
 * each point is y. */
typedef struct {
    cn_whatif_table t;
    const char **fn, **pn, **lab;
    double *x;
    int *done;
    long *reps;
    cn_metric col;
    cn_whatif_acc *acc;
    cn_whatif_diff *diff;
} design_table;

static void design_table_init(design_table *d, const char *design, int k, long rows,
                              const double *X, const double *y)
{
    static const char *const names[] = {"x1", "x2", "x3", "x4"};
    memset(d, 0, sizeof *d);
    int n = (int)rows + 1;
    d->fn = calloc((size_t)k, sizeof *d->fn);
    d->pn = calloc((size_t)n, sizeof *d->pn);
    d->lab = calloc((size_t)n * (size_t)k, sizeof *d->lab);
    d->x = calloc((size_t)n * (size_t)k, sizeof *d->x);
    d->done = calloc((size_t)n, sizeof *d->done);
    d->reps = calloc((size_t)n, sizeof *d->reps);
    d->acc = calloc((size_t)n, sizeof *d->acc);
    d->diff = calloc((size_t)n, sizeof *d->diff);
    assert_true(d->fn && d->pn && d->lab && d->x && d->done && d->reps && d->acc && d->diff);
    for (int j = 0; j < k; j++)
        d->fn[j] = names[j];
    for (int p = 0; p < n; p++) {
        d->pn[p] = p == 0 ? "baseline" : "p";
        d->done[p] = 1;
        d->reps[p] = 10;
        d->acc[p] = (cn_whatif_acc){.n = 10, .mean = p == 0 ? 0.0 : y[p - 1], .m2 = 1.0};
        d->diff[p] = (cn_whatif_diff){.n = 10};
        for (int j = 0; j < k; j++) {
            d->lab[(size_t)p * (size_t)k + (size_t)j] = "";
            d->x[(size_t)p * (size_t)k + (size_t)j] =
                p == 0 ? NAN : X[(size_t)(p - 1) * (size_t)k + (size_t)j];
        }
    }
    snprintf(d->col.name, sizeof d->col.name, "world.polarisation");
    d->col.kind = CN_METRIC_REAL;
    d->t = (cn_whatif_table){
        .scenario = "gsa", .design = design, .version = "0", .hash = "0", .seed = 5,
        .generator = "mt19937", .n_factors = k, .factor_names = d->fn, .n_points = n,
        .point_names = d->pn, .labels = d->lab, .x = d->x, .done = d->done,
        .replications = d->reps, .baseline = 0, .n_cols = 1, .cols = &d->col, .acc = d->acc,
        .diff = d->diff, .prim_threshold = NAN,
    };
}

static void design_table_free(design_table *d)
{
    free(d->fn);
    free(d->pn);
    free(d->lab);
    free(d->x);
    free(d->done);
    free(d->reps);
    free(d->acc);
    free(d->diff);
}

/* Sobol indices over a saltelli table: the Ishigami function at the
 * points of the design (scaled to [-pi, pi]) gives the indices the
 * estimator gives on the same outputs, near the analytic ones
 * (S1 0.314, 0.442, 0; ST 0.558, 0.442, 0.244); the table shows S1 and
 * ST with intervals; an unfinished point leaves them out. */
static void test_whatif_sobol_and_morris(void **state)
{
    (void)state;
    enum { K = 3, N = 4096 };
    long rows = cn_gsa_saltelli_rows(K, N);
    double *X = malloc((size_t)rows * K * sizeof *X), *y = malloc((size_t)rows * sizeof *y);
    assert_non_null(X);
    assert_non_null(y);
    assert_int_equal(cn_gsa_saltelli_sample(K, N, X), CN_OK);
    for (long i = 0; i < rows; i++) {
        double *x = X + i * K;
        for (int j = 0; j < K; j++)
            x[j] = -3.14159265358979323846 + 2.0 * 3.14159265358979323846 * x[j];
        y[i] = sin(x[0]) + 7.0 * sin(x[1]) * sin(x[1]) + 0.1 * pow(x[2], 4) * sin(x[0]);
    }
    design_table d;
    design_table_init(&d, "saltelli", K, rows, X, y);
    cn_gsa_sobol s[K], want[K];
    assert_int_equal(cn_whatif_sobol(&d.t, 0, 0, s), CN_OK);
    assert_int_equal(cn_gsa_sobol_indices(K, N, y, 0, 5, want, NULL), CN_OK);
    const double s1[K] = {0.3139, 0.4424, 0.0}, st[K] = {0.5576, 0.4424, 0.2437};
    for (int j = 0; j < K; j++) {
        assert_true(s[j].s1 == want[j].s1 && s[j].st == want[j].st);
        assert_true(fabs(s[j].s1 - s1[j]) < 0.03 && fabs(s[j].st - st[j]) < 0.03);
    }
    double score[K];
    assert_string_equal(cn_whatif_sensitivity(&d.t, 0, score, NULL), "Sobol");
    assert_true(score[0] == s[0].st);
    char *txt = render(&d.t, CN_WHATIF_TEXT, 200);
    assert_non_null(strstr(txt, "S1 (first order)"));
    assert_non_null(strstr(txt, "ST (total)"));
    assert_non_null(strstr(txt, "Jansen"));
    free(txt);
    d.done[7] = 0;
    assert_int_equal(cn_whatif_sobol(&d.t, 0, 0, s), CN_EINPUT);
    assert_true(isnan(s[0].s1));
    design_table_free(&d);
    free(X);
    free(y);

    /* Morris: y = 3 x1 + x2^2 on x1 in [0, 2], x2 in [0, 1], x3 unused:
     * per factor range, x1's effects are all 6 (sigma 0), x3's 0 */
    enum { R = 8, P = 4 };
    long mrows = cn_gsa_morris_rows(K, R);
    double *MX = malloc((size_t)mrows * K * sizeof *MX), *my = malloc((size_t)mrows * sizeof *my);
    gsl_rng *rng = gsl_rng_alloc(gsl_rng_mt19937);
    assert_int_equal(cn_gsa_morris_sample(K, R, P, rng, MX), CN_OK);
    gsl_rng_free(rng);
    for (long i = 0; i < mrows; i++) {
        MX[i * K] *= 2.0;
        my[i] = 3.0 * MX[i * K] + MX[i * K + 1] * MX[i * K + 1];
    }
    design_table_init(&d, "morris", K, mrows, MX, my);
    cn_gsa_morris m[K];
    assert_int_equal(cn_whatif_morris(&d.t, 0, m), CN_OK);
    assert_near(m[0].mu_star, 6.0, 1e-9);
    assert_near(m[0].sigma, 0.0, 1e-9);
    assert_true(m[1].mu_star > 0.5 && m[1].mu_star < 1.5);
    assert_near(m[2].mu_star, 0.0, 1e-12);
    txt = render(&d.t, CN_WHATIF_TEXT, 200);
    assert_non_null(strstr(txt, "mu* (mean |effect|)"));
    assert_non_null(strstr(txt, "6.000 (1)"));
    free(txt);
    design_table_free(&d);
    free(MX);
    free(my);
}

/* PRIM over a table's points: a 12 x 12 grid on [0, 1]^2 whose outcome
 * is at least 0.5 exactly where x1 > 0.6 and x2 < 0.4: the box found is
 * that corner, shown in the table's scenario discovery section. */
static void test_whatif_prim(void **state)
{
    (void)state;
    enum { G = 12 };
    double X[G * G * 2], y[G * G];
    for (int i = 0; i < G; i++)
        for (int j = 0; j < G; j++) {
            double a = (i + 0.5) / G, b = (j + 0.5) / G;
            X[(i * G + j) * 2] = a;
            X[(i * G + j) * 2 + 1] = b;
            y[i * G + j] = a > 0.6 && b < 0.4 ? 0.8 : 0.1;
        }
    design_table d;
    design_table_init(&d, "sobol", 2, G * G, X, y);
    d.t.prim_col = 1;
    d.t.prim_threshold = 0.5;
    cn_prim_result r;
    assert_int_equal(cn_whatif_prim(&d.t, 0, &r), CN_OK);
    assert_true(r.box_lo[0] > 0.55 && r.box_lo[0] < 0.65 && r.box_hi[1] > 0.35
                && r.box_hi[1] < 0.45);
    assert_near(r.box_density, 1.0, 1e-12);
    assert_near(r.box_coverage, 1.0, 1e-12);
    cn_prim_result_free(&r);
    char *txt = render(&d.t, CN_WHATIF_TEXT, 200);
    assert_non_null(strstr(txt, "Scenario discovery (PRIM"));
    assert_non_null(strstr(txt, ">= 0.5"));
    free(txt);
    /* at most a threshold: the other points */
    d.t.prim_below = 1;
    d.t.prim_threshold = 0.2;
    assert_int_equal(cn_whatif_prim(&d.t, 0, &r), CN_OK);
    assert_true(r.mean_all > 0.8 && r.mean_all < 0.9); /* 1 - 0.4 x 0.4 of the area, about */
    cn_prim_result_free(&r);
    txt = render(&d.t, CN_WHATIF_TEXT, 200);
    assert_non_null(strstr(txt, "<= 0.2 (the outcome: 1 at a point whose estimate is at most"));
    free(txt);
    d.t.prim_below = 0;
    /* no point reaches the threshold: said, no table */
    d.t.prim_threshold = 0.9;
    assert_int_equal(cn_whatif_prim(&d.t, 0, &r), CN_EINPUT);
    txt = render(&d.t, CN_WHATIF_TEXT, 200);
    assert_non_null(strstr(txt, "not possible here"));
    free(txt);
    design_table_free(&d);
}

/* The input spread table (given per point and column) and the note on
 * constant columns. */
static void test_whatif_spread_and_constant(void **state)
{
    (void)state;
    fixture f;
    fixture_init(&f, "oat");
    double sd[10], share[10], mc[10];
    for (int i = 0; i < 10; i++) {
        sd[i] = 0.125;
        share[i] = 0.4;
        mc[i] = 0.01;
    }
    sd[3] = NAN; /* not identified */
    f.t.input_share = share;
    f.t.mc_se = mc;
    /* uncertain inputs but no kept runs: the note says what is missing */
    f.t.input_group = 20;
    char *txt = render(&f.t, CN_WHATIF_TEXT, 200);
    assert_non_null(strstr(txt, "the replications of an input group (20) share one draw"));
    assert_null(strstr(txt, "Uncertain inputs against"));
    free(txt);
    f.t.input_sd = sd;
    txt = render(&f.t, CN_WHATIF_TEXT, 200);
    assert_non_null(strstr(txt, "input groups of 20 replications"));
    assert_non_null(strstr(txt, "0.125 (40%)"));
    assert_non_null(strstr(txt, "0.020")); /* 1.96 x 0.01 */
    assert_null(strstr(txt, "Constant:"));
    free(txt);
    char *tex = render(&f.t, CN_WHATIF_TEX, 0);
    assert_non_null(strstr(tex, "Uncertain inputs"));
    assert_non_null(strstr(tex, "40\\%"));
    free(tex);
    /* column 1 the same in every replication of every point */
    for (int p = 0; p < 5; p++)
        f.acc[p * 2 + 1] = (cn_whatif_acc){.n = 100, .mean = 2.0, .min = 2.0, .max = 2.0};
    txt = render(&f.t, CN_WHATIF_MD, 0);
    assert_non_null(strstr(txt, "Constant: polarisation (distance) (2). This column has the same "
                                "value"));
    free(txt);
}

/* Brief-ready tables: counts as counts, clean factor values, the
 * baseline's values, the conditional-difference note, a wide table split
 * into LaTeX blocks that each fit 345pt. */
static void test_whatif_brief_ready(void **state)
{
    (void)state;
    char buf[64];
    assert_string_equal(cn_whatif_clean_label("0.15000000000000002", buf, sizeof buf), "0.15");
    assert_string_equal(cn_whatif_clean_label("20.0", buf, sizeof buf), "20");
    assert_string_equal(cn_whatif_clean_label("1e-07", buf, sizeof buf), "1e-07");
    assert_string_equal(cn_whatif_clean_label("majority", buf, sizeof buf), "majority");
    assert_string_equal(cn_whatif_clean_label("[USA, RUS]", buf, sizeof buf), "[USA, RUS]");
    assert_string_equal(cn_whatif_clean_label("0x10", buf, sizeof buf), "0x10");
    assert_string_equal(cn_whatif_clean_label("", buf, sizeof buf), "");

    fixture f;
    fixture_init(&f, "oat");
    f.lab[4] = "0.15000000000000002"; /* point a=9's foot_notes */
    const char *base[2] = {"3", "0.3"};
    f.t.baseline_labels = base;
    /* column 0: a count of states; column 1: defined only where adopted */
    snprintf(f.cols[0].name, sizeof f.cols[0].name, "GA.supporters");
    f.cols[0].kind = CN_METRIC_COUNT;
    for (int p = 0; p < 5; p++) {
        f.acc[p * 2] = (cn_whatif_acc){.n = 100, .mean = 134.55 + p, .m2 = 3500.0, .max = 150};
        f.diff[p * 2] = (cn_whatif_diff){.n = 100, .mean = p, .m2 = p == 0 ? 0 : 99.0};
    }
    snprintf(f.cols[1].name, sizeof f.cols[1].name, "GA.session");
    f.cols[1].kind = CN_METRIC_COUNT;
    f.acc[3].missing = 12;
    char *md = render(&f.t, CN_WHATIF_MD, 0);
    assert_non_null(strstr(md, "| point | foot_notes | rate | runs | GA: supporters (states) | "
                               "\xce\x94 | GA: session of adoption (session) | \xce\x94 |"));
    /* 134.55 [133.37, 135.73] as whole states; the difference with one decimal */
    assert_non_null(strstr(md, "| baseline | 3 | 0.3 | 100 | 135 [133, 136] | baseline |"));
    assert_non_null(strstr(md, "| a=9 | 0.15 | 0.3 | 100 | 137 [135, 138] | +2.0 \xc2\xb1 0.2 \\* |"));
    /* the factor a point leaves as written shows the scenario's value */
    assert_non_null(strstr(md, "| r=2 | 3 | 2 | 100 |"));
    assert_null(strstr(md, "0.15000000000000002"));
    assert_non_null(strstr(md, "- Conditional \xce\x94: GA: session of adoption (session). This "
                               "metric exist"));
    assert_non_null(strstr(md, "the replications where both the point and the baseline adopted"));
    assert_non_null(strstr(md, "- Counts of states are shown in whole states"));
    assert_non_null(strstr(md, "the baseline (and a factor a point leaves as written) shows the "
                               "scenario's own value"));
    free(md);
    char *csv = render(&f.t, CN_WHATIF_CSV, 0);
    assert_non_null(strstr(csv, "\n\"baseline\",\"3\",\"0.3\",100,"));
    assert_non_null(strstr(csv, "\n\"a=9\",\"0.15\",\"0.3\",100,"));
    free(csv);

    /* 2 metrics fit one block at a narrow width?  No: blocks of at most 345pt.
     * With six metrics the table splits in three or more blocks. */
    fixture w;
    fixture_init(&w, "oat");
    cn_metric cols[6];
    cn_whatif_acc acc[30];
    cn_whatif_diff diff[30];
    for (int j = 0; j < 6; j++) {
        cols[j] = f.cols[j % 2];
        snprintf(cols[j].name, sizeof cols[j].name, "F%d.adopted", j);
        cols[j].kind = CN_METRIC_BINARY;
        for (int p = 0; p < 5; p++) {
            acc[p * 6 + j] = w.acc[p * 2];
            diff[p * 6 + j] = w.diff[p * 2];
        }
    }
    w.t.n_cols = 6;
    w.t.cols = cols;
    w.t.acc = acc;
    w.t.diff = diff;
    char *tex = render(&w.t, CN_WHATIF_TEX, 0);
    int blocks = ch_count_str(tex, "\\toprule");
    assert_true(blocks >= 3 + 1); /* 3 or more for the table, 1 or more for the sensitivity */
    assert_int_equal(ch_count_str(tex, "\\resizebox"), 0);
    assert_non_null(strstr(tex, "% Needs \\usepackage{booktabs,graphicx}"));
    free(tex);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_whatif_acc_known_values),
        cmocka_unit_test(test_whatif_merge_equals_sequence),
        cmocka_unit_test(test_whatif_agg_paired),
        cmocka_unit_test(test_whatif_converged_and_defaults),
        cmocka_unit_test(test_whatif_formats),
        cmocka_unit_test(test_whatif_sensitivity_methods),
        cmocka_unit_test(test_whatif_sobol_and_morris),
        cmocka_unit_test(test_whatif_prim),
        cmocka_unit_test(test_whatif_spread_and_constant),
        cmocka_unit_test(test_whatif_brief_ready),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
