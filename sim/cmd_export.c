/* cmd_export.c - `cybernorms export DB ...`: the what-if table of a sweep's
 * results store as Markdown, CSV, LaTeX (booktabs), HTML or terminal text,
 * its per-run rows as a long-format CSV, and charts (PNG, SVG, PDF).
 *
 * Reads the store, read-only (cn_store_read_table, the runs through
 * cn_runs; nothing is written into it or beside it, so a store on a
 * read-only folder or medium can be exported), fills in the baseline's
 * factor values from the resolved scenario the store keeps
 * (cn_scenario_value), and hands the table to the writers
 * (cn_whatif_write, cn_runs_csv_*, cn_chart_*); never runs the model.
 * With --out the file is written atomically (cn_afile), else to standard
 * output; an existing file is replaced only with --force and only when
 * cybernorms wrote it, never the store itself (cn_outfile_check); every
 * chart file is written atomically too.
 */
#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cn_chart.h"
#include "cn_cli.h"
#include "cn_cmdline.h"
#include "cn_error.h"
#include "cn_outfile.h"
#include "cn_output.h"
#include "cn_prim.h"
#include "cn_runs.h"
#include "cn_scenario_value.h"
#include "cn_store.h"
#include "cn_whatif.h"

#define PROG CN_CMDLINE_PROG

const char cn_cmd_export_help[] =
    "usage: " PROG " export DB [--format md|csv|tex|html|text|long] [--out FILE]\n"
    "                         [--metrics LIST] [--chart DIR] [--force]\n"
    "\n"
    "Writes the what-if table of a sweep's results store DB (see `" PROG " help\n"
    "sweep`): one row per point, per metric (labelled with its unit) its\n"
    "estimate with a 95% interval and its paired difference from the baseline\n"
    "(* significant), notes on what they mean, then the sensitivity ranking\n"
    "(not in CSV).  tex: booktabs tables split to fit A4; needs\n"
    "\\usepackage{booktabs,graphicx}.  long: one CSV line per run (point,\n"
    "replication, factor values, every metric) for pandas or R; needs a sweep\n"
    "run with --keep-runs.\n"
    "\n"
    "options:\n"
    "  --format F      md (default; or from --out's extension), csv, tex, html, text,\n"
    "                  long\n"
    "  --out FILE      write FILE (atomically) instead of standard output\n"
    "  --force         replace FILE if it exists (only a file cybernorms wrote)\n"
    "  --metrics LIST  columns, e.g. OEWG.adopted,world.binding (default: the sweep's)\n"
    "  --prim METRIC[>=X|<=X]  scenario discovery: after the table, the PRIM\n"
    "                  box of factor values where METRIC (a column of the table)\n"
    "                  is high, at least X or at most X, with its coverage and\n"
    "                  density (numeric factors: sobol, saltelli, morris, a grid)\n"
    "  --chart DIR     also write charts into DIR, per metric: METRIC-diff (difference\n"
    "                  from the baseline with 95% intervals), METRIC-heatmap (a\n"
    "                  2-factor grid), METRIC-sobol (saltelli design: S1 and ST with\n"
    "                  their intervals), METRIC-prim (sobol, saltelli or morris\n"
    "                  design, probabilities: PRIM trade-off), each as .png, .svg\n"
    "                  and .pdf; without --format or --out only the charts are\n"
    "                  written (their names printed)\n"
    "\n"
    "The store is only read: it may be on a read-only folder or medium.\n";

static int format_from_name(const char *out, cn_whatif_format *f)
{
    const char *dot = out != NULL ? strrchr(out, '.') : NULL;
    if (dot == NULL)
        return CN_EINPUT;
    if (strcmp(dot, ".txt") == 0) {
        *f = CN_WHATIF_TEXT;
        return CN_OK;
    }
    if (strcmp(dot, ".htm") == 0) {
        *f = CN_WHATIF_HTML;
        return CN_OK;
    }
    return cn_whatif_parse_format(dot + 1, f);
}

typedef struct {
    const char *db, *out, *format, *metrics, *chart, *prim;
    cn_whatif_format fmt;
    int long_format; /* --format long */
    int table;       /* write a table (or the long CSV) */
    int help, force;
} export_args;

#define V "a value"
static const cn_cmdline_option options[] = {
    {"--format", V, 0}, {"--out", V, 0},     {"--metrics", V, 0},
    {"--chart", V, 0},  {"--force", NULL, 0}, {"--prim", V, 0},
    {"--help", NULL, 0}, {"-h", NULL, 0},
};
#undef V

/* CN_OK (a->help set for --help), or CN_EINPUT with d filled. */
static int parse_args(int argc, char **argv, export_args *a, cn_diag *d)
{
    memset(a, 0, sizeof *a);
    cn_cmdline c;
    cn_cmdline_init(&c, "export", options, (int)(sizeof options / sizeof options[0]),
                    CN_CMDLINE_EQUALS | CN_CMDLINE_DASH, argc, argv, 1);
    cn_cmdline_arg arg;
    int rc;
    while ((rc = cn_cmdline_next(&c, &arg, d)) == CN_OK && arg.text != NULL) {
        if (cn_cmdline_help(&arg)) {
            a->help = 1;
            return CN_OK;
        } else if (arg.option == NULL) {
            if (a->db != NULL)
                return cn_cmdline_error(&c, d, "unexpected argument '%s' (one DB only)", arg.text);
            a->db = arg.text;
        } else if (cn_cmdline_is(&arg, "--format")) {
            a->format = arg.text;
        } else if (cn_cmdline_is(&arg, "--out")) {
            a->out = arg.text;
        } else if (cn_cmdline_is(&arg, "--chart")) {
            a->chart = arg.text;
        } else if (cn_cmdline_is(&arg, "--force")) {
            a->force = 1;
        } else if (cn_cmdline_is(&arg, "--prim")) {
            a->prim = arg.text;
        } else {
            a->metrics = arg.text;
        }
    }
    if (rc != CN_OK)
        return rc;
    if (a->db == NULL)
        return cn_cmdline_error(&c, d, "a results store DB is needed (e.g. results/NAME.sqlite)");
    a->fmt = CN_WHATIF_MD;
    if (a->format != NULL && strcmp(a->format, "long") == 0) {
        a->long_format = 1;
    } else if (a->format != NULL) {
        if (cn_whatif_parse_format(a->format, &a->fmt) != CN_OK)
            return cn_cmdline_error(&c, d, "--format: expected md, csv, tex, html, text or "
                                    "long, got '%s'", a->format);
    } else if (a->out != NULL && format_from_name(a->out, &a->fmt) != CN_OK) {
        a->fmt = CN_WHATIF_MD;
    }
    if (a->out != NULL && a->out[0] == '\0')
        return cn_cmdline_error(&c, d, "--out: expected a file name");
    if (a->chart != NULL && a->chart[0] == '\0')
        return cn_cmdline_error(&c, d, "--chart: expected a folder");
    a->table = a->chart == NULL || a->format != NULL || a->out != NULL;
    return CN_OK;
}

/* ---- the baseline's factor values ------------------------------------------------ */

/* Each factor's value in the scenario as written, from the store's
 * resolved scenario and design texts (NULL when unknown). */
static char **baseline_labels(cn_store *st, int n_factors)
{
    char *design = NULL, *scen = NULL, **out = NULL;
    if (n_factors > 0 && cn_store_meta_get(st, "sweep_text", &design) == CN_OK
        && cn_store_meta_get(st, "scenario_text", &scen) == CN_OK
        && cn_scenario_value_labels(scen, design, n_factors, &out) != CN_OK)
        out = NULL;
    free(design);
    free(scen);
    return out;
}

static void free_labels(char **l, int n)
{
    cn_scenario_value_labels_free(l, n);
}

/* Factor k of point p as a label: the point's, else the baseline's. */
static const char *label_of(const cn_whatif_table *t, int p, int k)
{
    const char *lab = t->labels[(size_t)p * (size_t)t->n_factors + (size_t)k];
    if (lab[0] == '\0' && t->baseline_labels != NULL && t->baseline_labels[k] != NULL)
        return t->baseline_labels[k];
    return lab;
}

/* ---- long format ---------------------------------------------------------------------- */

static int write_long(FILE *f, const char *db, const cn_whatif_table *t, cn_diag *d)
{
    cn_runs_reader *r = NULL;
    int rc = cn_runs_open(db, &r, d);
    if (rc != CN_OK)
        return rc;
    int n = cn_runs_n_metrics(r);
    double *row = malloc((size_t)(n > 0 ? n : 1) * sizeof *row);
    const char **labels = malloc((size_t)(t->n_factors > 0 ? t->n_factors : 1) * sizeof *labels);
    if (row == NULL || labels == NULL) {
        free(row);
        free(labels);
        cn_runs_close(r);
        return CN_ENOMEM;
    }
    cn_runs_csv c = {t->n_factors, t->factor_names, n, cn_runs_metrics(r)};
    rc = cn_runs_csv_header(f, &c);
    int p, got;
    long rep;
    while (rc == CN_OK && (got = cn_runs_next(r, &p, &rep, row)) != 0) {
        if (got < 0 || p < 0 || p >= t->n_points) {
            rc = CN_EIO;
            break;
        }
        for (int k = 0; k < t->n_factors; k++)
            labels[k] = label_of(t, p, k);
        rc = cn_runs_csv_row(f, &c, p, t->point_names[p], rep, labels, row);
    }
    free(row);
    free(labels);
    cn_runs_close(r);
    return rc;
}

/* ---- charts ------------------------------------------------------------------------------ */

/* A point's name on a chart: its factor values for grid and sobol points
 * ("West budget=20, InfoSec budget=0"), else its name. */
static void point_title(const cn_whatif_table *t, int p, char *buf, size_t size)
{
    int by_values = strcmp(t->design, "grid") == 0 || strcmp(t->design, "sobol") == 0;
    if (!by_values || t->n_factors == 0 || p == t->baseline) {
        snprintf(buf, size, "%s", t->point_names[p]);
        return;
    }
    size_t k = 0;
    buf[0] = '\0';
    for (int q = 0; q < t->n_factors && k < size; q++) {
        char v[128];
        cn_whatif_clean_label(label_of(t, p, q), v, sizeof v);
        k += (size_t)snprintf(buf + k, size - k, "%s%s=%s", q > 0 ? ", " : "", t->factor_names[q], v);
    }
}

/* DIR/METRIC-KIND.EXT with the metric's name made safe for a file name. */
static void chart_path(char *buf, size_t size, const char *dir, const char *metric,
                       const char *kind, const char *ext)
{
    char m[96];
    size_t i = 0;
    for (; metric[i] != '\0' && i + 1 < sizeof m; i++) {
        char ch = metric[i];
        int ok = (ch >= 'a' && ch <= 'z') || (ch >= 'A' && ch <= 'Z') || (ch >= '0' && ch <= '9')
                 || ch == '.' || ch == '-' || ch == '_';
        m[i] = ok ? ch : '_';
    }
    m[i] = '\0';
    snprintf(buf, size, "%s/%s-%s.%s", dir, m, kind, ext);
}

static const char *const chart_ext[] = {"png", "svg", "pdf"};

/* The difference plot of column c in every format. */
static int chart_diff(const cn_whatif_table *t, int c, const char *dir, const char *subtitle,
                      int *written)
{
    int P = t->n_points, n = 0, rc = CN_OK;
    char **names = calloc((size_t)P, sizeof *names);
    double *est = calloc((size_t)P, sizeof *est), *lo = calloc((size_t)P, sizeof *lo),
           *hi = calloc((size_t)P, sizeof *hi);
    int *sig = calloc((size_t)P, sizeof *sig);
    if (names == NULL || est == NULL || lo == NULL || hi == NULL || sig == NULL) {
        rc = CN_ENOMEM;
        goto done;
    }
    for (int p = 0; p < P && rc == CN_OK; p++) {
        if (p == t->baseline || !t->done[p])
            continue;
        names[n] = malloc(256);
        if (names[n] == NULL) {
            rc = CN_ENOMEM;
            break;
        }
        point_title(t, p, names[n], 256);
        cn_whatif_est e;
        cn_whatif_delta(&t->diff[(size_t)p * (size_t)t->n_cols + (size_t)c], t->cols[c].kind, &e,
                        &sig[n]);
        est[n] = e.est;
        lo[n] = e.lo;
        hi[n] = e.hi;
        n++;
    }
    if (rc != CN_OK || n == 0)
        goto done;
    cn_metric_info mi;
    cn_metrics_info(t->cols[c].name, t->cols[c].kind, &mi);
    char title[256], axis[256];
    snprintf(title, sizeof title, "%s: difference from the baseline", mi.label);
    snprintf(axis, sizeof axis, "difference from the baseline%s%s%s", mi.unit[0] ? " (" : "",
             mi.unit, mi.unit[0] ? ")" : "");
    cn_chart_text tx = {title, subtitle,
                        "Dots: mean paired difference (common random numbers); bars: 95% "
                        "interval; filled: the interval excludes 0."};
    for (int e = 0; e < 3 && rc == CN_OK; e++) {
        char path[4096];
        chart_path(path, sizeof path, dir, t->cols[c].name, "diff", chart_ext[e]);
        rc = cn_chart_diff(path, &tx, axis, n, (const char *const *)names, est, lo, hi, sig,
                           mi.delta_decimals);
        if (rc == CN_OK && e == 0) {
            printf("%s\n", path);
            (*written)++;
        }
    }
done:
    if (names != NULL)
        for (int i = 0; i < P; i++)
            free(names[i]);
    free(names);
    free(est);
    free(lo);
    free(hi);
    free(sig);
    return rc;
}

/* Index of label among the first n of levels, appending it when new. */
static int level_index(const char **levels, int *n, const char *label)
{
    for (int i = 0; i < *n; i++)
        if (strcmp(levels[i], label) == 0)
            return i;
    levels[*n] = label;
    return (*n)++;
}

/* A 2-factor grid's heatmap of column c (estimates at each cell). */
static int chart_heatmap(const cn_whatif_table *t, int c, const char *dir, const char *subtitle,
                         int *written)
{
    int P = t->n_points, nx = 0, ny = 0, rc = CN_OK;
    const char **xl = calloc((size_t)P, sizeof *xl), **yl = calloc((size_t)P, sizeof *yl);
    double *z = malloc((size_t)P * (size_t)P * sizeof *z);
    char(*clean)[64] = calloc((size_t)P * 2, sizeof *clean);
    if (xl == NULL || yl == NULL || z == NULL || clean == NULL) {
        rc = CN_ENOMEM;
        goto done;
    }
    for (int p = 0; p < P; p++) {
        if (p == t->baseline)
            continue;
        cn_whatif_clean_label(label_of(t, p, 0), clean[2 * p], sizeof clean[0]);
        cn_whatif_clean_label(label_of(t, p, 1), clean[2 * p + 1], sizeof clean[0]);
        level_index(yl, &ny, clean[2 * p]);
        level_index(xl, &nx, clean[2 * p + 1]);
    }
    for (int i = 0; i < nx * ny; i++)
        z[i] = NAN;
    for (int p = 0; p < P; p++) {
        if (p == t->baseline || !t->done[p])
            continue;
        int j = level_index(yl, &ny, clean[2 * p]), i = level_index(xl, &nx, clean[2 * p + 1]);
        cn_whatif_est e;
        cn_whatif_value(&t->acc[(size_t)p * (size_t)t->n_cols + (size_t)c], t->cols[c].kind, &e);
        z[(size_t)j * (size_t)nx + (size_t)i] = e.est;
    }
    cn_metric_info mi;
    cn_metrics_info(t->cols[c].name, t->cols[c].kind, &mi);
    cn_chart_text tx = {mi.label, subtitle,
                        mi.probability ? "Cells: the probability at each combination of levels."
                                       : "Cells: the mean over replications at each combination "
                                         "of levels."};
    for (int e = 0; e < 3 && rc == CN_OK; e++) {
        char path[4096];
        chart_path(path, sizeof path, dir, t->cols[c].name, "heatmap", chart_ext[e]);
        rc = cn_chart_heatmap(path, &tx, t->factor_names[1], nx, xl, t->factor_names[0], ny, yl,
                              z, mi.probability ? "probability" : mi.unit, mi.decimals);
        if (rc == CN_OK && e == 0) {
            printf("%s\n", path);
            (*written)++;
        }
    }
done:
    free(xl);
    free(yl);
    free(z);
    free(clean);
    return rc;
}

/* Sobol indices of column c (a saltelli design): S1 and ST bars. */
static int chart_sobol(const cn_whatif_table *t, int c, const char *dir, const char *subtitle,
                       int *written)
{
    cn_gsa_sobol *s = malloc((size_t)t->n_factors * sizeof *s);
    if (s == NULL)
        return CN_ENOMEM;
    int rc = cn_whatif_sobol(t, c, CN_GSA_DEFAULT_BOOT, s);
    if (rc != CN_OK) {
        free(s);
        return rc == CN_EINPUT ? CN_OK : rc; /* an unfinished or constant design: no chart */
    }
    int any = 0;
    for (int k = 0; k < t->n_factors; k++)
        any |= !isnan(s[k].st);
    cn_metric_info mi;
    cn_metrics_info(t->cols[c].name, t->cols[c].kind, &mi);
    char title[256];
    snprintf(title, sizeof title, "Sobol indices: %s", mi.label);
    cn_chart_text tx = {title, subtitle,
                        "S1: the share of the variance a factor explains alone; ST: with its "
                        "interactions. Bars: 95% bootstrap intervals."};
    for (int e = 0; e < 3 && rc == CN_OK && any; e++) {
        char path[4096];
        chart_path(path, sizeof path, dir, t->cols[c].name, "sobol", chart_ext[e]);
        rc = cn_chart_sobol(path, &tx, t->n_factors, t->factor_names, s);
        if (rc == CN_OK && e == 0) {
            printf("%s\n", path);
            (*written)++;
        }
    }
    free(s);
    return rc;
}

/* PRIM over a sobol design's points: inputs the factor values, outcome
 * the probability of column c at each point. */
static int chart_prim(const cn_whatif_table *t, int c, const char *dir, const char *subtitle,
                      int *written)
{
    int K = t->n_factors, n = 0, rc = CN_OK;
    double *X = malloc((size_t)t->n_points * (size_t)K * sizeof *X);
    double *y = malloc((size_t)t->n_points * sizeof *y);
    if (X == NULL || y == NULL) {
        free(X);
        free(y);
        return CN_ENOMEM;
    }
    for (int p = 0; p < t->n_points; p++) {
        if (p == t->baseline || !t->done[p])
            continue;
        cn_whatif_est e;
        cn_whatif_value(&t->acc[(size_t)p * (size_t)t->n_cols + (size_t)c], t->cols[c].kind, &e);
        int ok = !isnan(e.est);
        for (int k = 0; k < K && ok; k++)
            ok = !isnan(t->x[(size_t)p * (size_t)K + (size_t)k]);
        if (!ok)
            continue;
        memcpy(X + (size_t)n * (size_t)K, t->x + (size_t)p * (size_t)K, (size_t)K * sizeof *X);
        y[n++] = e.est;
    }
    cn_prim_result r;
    if (n < 10 || cn_prim_find(X, y, n, K, NULL, &r) != CN_OK) {
        free(X);
        free(y);
        return CN_OK; /* too few points, or the outcome never happens: no chart */
    }
    cn_metric_info mi;
    cn_metrics_info(t->cols[c].name, t->cols[c].kind, &mi);
    char title[256];
    snprintf(title, sizeof title, "Scenario discovery (PRIM): where %s is high", mi.label);
    cn_chart_text tx = {title, subtitle,
                        "Peeling trajectory (alpha 0.05) over the design's points; density: mean "
                        "probability in the box."};
    for (int e = 0; e < 3 && rc == CN_OK; e++) {
        char path[4096];
        chart_path(path, sizeof path, dir, t->cols[c].name, "prim", chart_ext[e]);
        rc = cn_chart_prim(path, &tx, &r, t->factor_names);
        if (rc == CN_OK && e == 0) {
            printf("%s\n", path);
            (*written)++;
        }
    }
    cn_prim_result_free(&r);
    free(X);
    free(y);
    return rc;
}

static int write_charts(const cn_whatif_table *t, const char *dir)
{
    if (cn_output_mkdirs(dir) != CN_OK) {
        fprintf(stderr, PROG ": cannot create %s: %s\n", dir, strerror(errno));
        return CN_EIO;
    }
    long lo, hi = 0;
    lo = -1;
    for (int p = 0; p < t->n_points; p++)
        if (t->done[p]) {
            hi = t->replications[p] > hi ? t->replications[p] : hi;
            lo = lo < 0 || t->replications[p] < lo ? t->replications[p] : lo;
        }
    char subtitle[256];
    if (lo == hi)
        snprintf(subtitle, sizeof subtitle, "%s, %s design, %ld replications per point, seed %lu",
                 t->scenario, t->design, hi, t->seed);
    else
        snprintf(subtitle, sizeof subtitle, "%s, %s design, %ld to %ld replications per point, "
                 "seed %lu", t->scenario, t->design, lo, hi, t->seed);
    int rc = CN_OK, written = 0;
    int grid2 = strcmp(t->design, "grid") == 0 && t->n_factors == 2;
    int sobol = (strcmp(t->design, "sobol") == 0 || strcmp(t->design, "saltelli") == 0
                 || strcmp(t->design, "morris") == 0)
                && t->n_factors > 0;
    int saltelli = strcmp(t->design, "saltelli") == 0 && t->n_factors > 0;
    for (int c = 0; c < t->n_cols && rc == CN_OK; c++) {
        rc = chart_diff(t, c, dir, subtitle, &written);
        if (rc == CN_OK && grid2)
            rc = chart_heatmap(t, c, dir, subtitle, &written);
        if (rc == CN_OK && saltelli)
            rc = chart_sobol(t, c, dir, subtitle, &written);
        if (rc == CN_OK && sobol && t->cols[c].kind == CN_METRIC_BINARY)
            rc = chart_prim(t, c, dir, subtitle, &written);
    }
    cn_chart_release();
    if (rc != CN_OK)
        fprintf(stderr, PROG ": cannot write the charts in %s: %s\n", dir, cn_strerror(rc));
    else if (written == 0)
        fprintf(stderr, PROG ": no chart: no finished point besides the baseline\n");
    return rc;
}

/* The table (or the long CSV) to standard output or --out, atomically:
 * the exit status (0, 1 a write failed, 2 bad input). */
static int write_table(const export_args *a, const cn_whatif_table *view)
{
    cn_diag d;
    cn_diag_clear(&d);
    cn_afile *af = NULL;
    FILE *f = stdout;
    if (a->out != NULL) {
        errno = 0;
        if (cn_afile_open(a->out, &af) != CN_OK) {
            fprintf(stderr, PROG ": cannot create %s: %s\n", a->out, strerror(errno));
            return 1;
        }
        f = cn_afile_stream(af);
    }
    errno = 0;
    int rc = a->long_format ? write_long(f, a->db, view, &d) : cn_whatif_write(f, view, a->fmt, 0);
    if (a->out != NULL) {
        if (rc == CN_OK)
            rc = cn_afile_commit(af);
        else
            cn_afile_abort(af);
    } else if (rc == CN_OK && fflush(stdout) != 0) {
        rc = CN_EIO;
    }
    if (rc == CN_EINPUT)
        return cn_cmdline_fail(NULL, rc, &d);
    if (rc != CN_OK) {
        int e = errno;
        fprintf(stderr, PROG ": cannot write %s: %s\n", a->out != NULL ? a->out : "the table",
                rc == CN_EIO && e != 0 ? strerror(e) : cn_strerror(rc));
        return 1;
    }
    return 0;
}

/* --prim METRIC, METRIC>=X or METRIC<=X into the table's scenario
 * discovery settings: 0, or 2 with the message printed. */
static int set_prim(const char *prim, cn_whatif_table *view)
{
    view->prim_threshold = NAN;
    if (prim == NULL)
        return 0;
    char name[128];
    const char *ge = strstr(prim, ">=");
    if (ge == NULL && (ge = strstr(prim, "<=")) != NULL)
        view->prim_below = 1;
    snprintf(name, sizeof name, "%.*s", ge != NULL ? (int)(ge - prim) : 127, prim);
    char *end = NULL;
    if (ge != NULL)
        view->prim_threshold = strtod(ge + 2, &end);
    if (ge != NULL && (end == ge + 2 || *end != '\0' || !isfinite(view->prim_threshold))) {
        fprintf(stderr, PROG ": --prim: expected METRIC, METRIC>=NUMBER or METRIC<=NUMBER, got "
                        "'%s'\n", prim);
        return 2;
    }
    for (int j = 0; j < view->n_cols && view->prim_col == 0; j++)
        if (strcmp(view->cols[j].name, name) == 0)
            view->prim_col = j + 1;
    if (view->prim_col == 0) {
        fprintf(stderr, PROG ": --prim: '%s' is not a column of the table (add it with "
                        "--metrics)\n", name);
        return 2;
    }
    return 0;
}

int cn_cmd_export(int argc, char **argv)
{
    export_args a;
    cn_diag d;
    if (parse_args(argc, argv, &a, &d) != CN_OK)
        return cn_cmdline_usage("export", &d);
    if (a.help) {
        fputs(cn_cmd_export_help, stdout);
        return 0; /* main checks standard output (main.c) */
    }
    const char *db = a.db, *out = a.out;
    cn_diag_clear(&d);
    if (out != NULL) {
        /* never the store (or its log) itself, a device, a link or a file
         * cybernorms did not write; an existing one only with --force */
        char wal[CN_DIAG_FILE + 8], shm[CN_DIAG_FILE + 8];
        snprintf(wal, sizeof wal, "%s-wal", db);
        snprintf(shm, sizeof shm, "%s-shm", db);
        const char *inputs[] = {db, wal, shm};
        int rc = cn_outfile_check(out, a.force ? CN_OUTFILE_FORCE : 0, inputs, 3, &d);
        if (rc != CN_OK)
            return cn_cmdline_fail(NULL, rc, &d);
    }
    cn_store *st = NULL;
    int rc = cn_store_open(db, CN_STORE_READ, &st, NULL, &d);
    if (rc != CN_OK)
        return cn_cmdline_fail(NULL, rc, &d);
    cn_store_table *t = NULL;
    rc = cn_store_read_table(st, a.metrics, &t, &d);
    if (rc != CN_OK) {
        cn_store_close(st);
        return cn_cmdline_fail(NULL, rc, &d);
    }
    cn_whatif_table view = *cn_store_table_get(t);
    if (set_prim(a.prim, &view) != 0) {
        cn_store_table_free(t);
        cn_store_close(st);
        return 2;
    }
    cn_runs_spread spread;
    int group = 0;
    if (cn_runs_input_spread(st, db, &view, &group, &spread) == CN_OK) {
        view.input_sd = spread.sd;
        view.input_share = spread.share;
        view.mc_se = spread.mc;
    }
    view.input_group = group; /* known from the scenario, runs kept or not */
    char **base = baseline_labels(st, view.n_factors);
    view.baseline_labels = (const char *const *)base;
    int ex = 0;
    if (a.table)
        ex = write_table(&a, &view);
    if (ex == 0 && a.chart != NULL && write_charts(&view, a.chart) != CN_OK)
        ex = 1;
    if (ex == 0 && a.chart != NULL && fflush(stdout) != 0)
        ex = 1;
    int done = 0, partial = 0;
    for (int p = 0; p < view.n_points; p++) {
        done += view.done[p];
        partial += !view.done[p] && view.partial != NULL && view.partial[p];
    }
    if (ex == 0 && done < view.n_points)
        fprintf(stderr, PROG ": %s: incomplete sweep: %d of %d points finished, %d partial "
                        "(resume it with `" PROG " sweep FILE --resume`, or merge the other "
                        "shards)\n",
                db, done, view.n_points, partial);
    free_labels(base, view.n_factors);
    cn_runs_spread_free(&spread);
    cn_store_table_free(t);
    cn_store_close(st);
    return ex;
}
