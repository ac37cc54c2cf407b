/* whatif.c - what-if tables: aggregates of a sweep's points, paired
 * differences from the baseline, the tables in five formats and the
 * sensitivity ranking (cn_whatif.h).
 *
 * The writers build a grid of cell strings for the requested format (so
 * escaping happens once, where a cell is made) and then lay it out:
 * aligned columns on a terminal (split into blocks of metrics that fit the
 * width), pipes for Markdown, booktabs rules for LaTeX, <table> for HTML.
 * CSV has its own numeric columns.  Output depends only on the table, so
 * the same aggregates always give the same bytes.
 */
#include "cn_whatif.h"

#include <math.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include <gsl/gsl_cdf.h>
#include <gsl/gsl_multifit.h>

#include "cn_error.h"
#include "cn_gsa.h"
#include "cn_stats.h"

#define Z95 1.959963984540054
#define CN_WHATIF_NAME_MAX 160 /* a point's name and its partial mark */

/* ---- accumulators ---------------------------------------------------------- */

void cn_whatif_acc_add(cn_whatif_acc *a, double x)
{
    if (isnan(x)) {
        a->missing++;
        return;
    }
    if (a->n == 0 || x < a->min)
        a->min = x;
    if (a->n == 0 || x > a->max)
        a->max = x;
    a->n++;
    double d = x - a->mean;
    a->mean += d / (double)a->n;
    a->m2 += d * (x - a->mean);
    if (x == 1.0)
        a->successes++;
}

void cn_whatif_acc_merge(cn_whatif_acc *dst, const cn_whatif_acc *src)
{
    dst->missing += src->missing;
    if (src->n == 0)
        return;
    if (dst->n == 0) {
        long missing = dst->missing;
        *dst = *src;
        dst->missing = missing;
        return;
    }
    double na = (double)dst->n, nb = (double)src->n, n = na + nb;
    double delta = src->mean - dst->mean;
    dst->mean += delta * nb / n;
    dst->m2 += src->m2 + delta * delta * na * nb / n;
    dst->n += src->n;
    dst->successes += src->successes;
    if (src->min < dst->min)
        dst->min = src->min;
    if (src->max > dst->max)
        dst->max = src->max;
}

void cn_whatif_diff_add(cn_whatif_diff *d, double x)
{
    d->n++;
    double e = x - d->mean;
    d->mean += e / (double)d->n;
    d->m2 += e * (x - d->mean);
}

void cn_whatif_diff_merge(cn_whatif_diff *dst, const cn_whatif_diff *src)
{
    if (src->n == 0)
        return;
    if (dst->n == 0) {
        *dst = *src;
        return;
    }
    double na = (double)dst->n, nb = (double)src->n, n = na + nb;
    double delta = src->mean - dst->mean;
    dst->mean += delta * nb / n;
    dst->m2 += src->m2 + delta * delta * na * nb / n;
    dst->n += src->n;
}

int cn_whatif_agg_init(cn_whatif_agg *g, int n)
{
    g->n = n;
    g->acc = calloc((size_t)(n > 0 ? n : 1), sizeof *g->acc);
    g->diff = calloc((size_t)(n > 0 ? n : 1), sizeof *g->diff);
    if (g->acc == NULL || g->diff == NULL) {
        cn_whatif_agg_free(g);
        return CN_ENOMEM;
    }
    return CN_OK;
}

void cn_whatif_agg_free(cn_whatif_agg *g)
{
    if (g == NULL)
        return;
    free(g->acc);
    free(g->diff);
    g->acc = NULL;
    g->diff = NULL;
    g->n = 0;
}

void cn_whatif_agg_reset(cn_whatif_agg *g)
{
    memset(g->acc, 0, (size_t)g->n * sizeof *g->acc);
    memset(g->diff, 0, (size_t)g->n * sizeof *g->diff);
}

void cn_whatif_agg_add(cn_whatif_agg *g, const double *rows, const double *base, int n_rows)
{
    for (int i = 0; i < n_rows; i++) {
        const double *r = rows + (size_t)i * (size_t)g->n;
        const double *b = base != NULL ? base + (size_t)i * (size_t)g->n : NULL;
        for (int j = 0; j < g->n; j++) {
            cn_whatif_acc_add(&g->acc[j], r[j]);
            if (b != NULL && !isnan(r[j]) && !isnan(b[j]))
                cn_whatif_diff_add(&g->diff[j], r[j] - b[j]);
        }
    }
}

void cn_whatif_agg_merge(cn_whatif_agg *dst, const cn_whatif_agg *src)
{
    for (int j = 0; j < dst->n && j < src->n; j++) {
        cn_whatif_acc_merge(&dst->acc[j], &src->acc[j]);
        cn_whatif_diff_merge(&dst->diff[j], &src->diff[j]);
    }
}

/* ---- estimates ----------------------------------------------------------------- */

void cn_whatif_value(const cn_whatif_acc *a, cn_metric_kind kind, cn_whatif_est *e)
{
    e->n = a->n;
    e->est = e->lo = e->hi = NAN;
    if (a->n == 0)
        return;
    if (kind == CN_METRIC_BINARY) {
        e->est = (double)a->successes / (double)a->n;
        cn_stats_wilson(a->successes, a->n, Z95, &e->lo, &e->hi);
        return;
    }
    e->est = a->mean;
    if (a->n < 2)
        return;
    double se = sqrt(a->m2 / (double)(a->n - 1) / (double)a->n);
    double q = gsl_cdf_tdist_Pinv(0.975, (double)(a->n - 1));
    e->lo = a->mean - q * se;
    e->hi = a->mean + q * se;
}

void cn_whatif_delta(const cn_whatif_diff *d, cn_metric_kind kind, cn_whatif_est *e,
                     int *significant)
{
    e->n = d->n;
    e->est = e->lo = e->hi = NAN;
    if (significant != NULL)
        *significant = 0;
    if (d->n == 0)
        return;
    e->est = d->mean;
    if (d->n < 2)
        return;
    double se = sqrt(d->m2 / (double)(d->n - 1) / (double)d->n);
    double q = kind == CN_METRIC_BINARY ? Z95 : gsl_cdf_tdist_Pinv(0.975, (double)(d->n - 1));
    e->lo = d->mean - q * se;
    e->hi = d->mean + q * se;
    if (significant != NULL)
        *significant = e->lo > 0.0 || e->hi < 0.0;
}

int cn_whatif_converged(const cn_whatif_agg *g, const cn_metrics_layout *L, const int *cols,
                        int n_cols, double precision)
{
    for (int i = 0; i < n_cols; i++) {
        int j = cols[i];
        if (j < 0 || j >= g->n || L->m[j].kind != CN_METRIC_BINARY)
            continue;
        cn_whatif_est e;
        cn_whatif_value(&g->acc[j], CN_METRIC_BINARY, &e);
        if (e.n == 0)
            continue;
        if (!(e.hi - e.lo < precision))
            return 0;
    }
    return 1;
}

int cn_whatif_default_metrics(const cn_metrics_layout *L, const int *treaty_forums, int *cols)
{
    int n = 0;
    int n_forums = L->forum_block > 0 ? L->world_base / L->forum_block : 0;
    for (int f = 0; f < n_forums; f++) {
        cols[n++] = L->forum_base[f] + CN_FM_ADOPTED;
        if (treaty_forums != NULL && treaty_forums[f])
            cols[n++] = L->forum_base[f] + CN_FM_IN_FORCE;
    }
    cols[n++] = L->world_base + CN_WM_BINDING;
    cols[n++] = L->world_base + CN_WM_DGC;
    return n;
}

/* 1 when point p is shown partial (an unfinished point with results). */
static int is_partial(const cn_whatif_table *t, int p)
{
    return !t->done[p] && t->partial != NULL && t->partial[p];
}

/* ---- sensitivity ------------------------------------------------------------------ */

static double point_est(const cn_whatif_table *t, int p, int c)
{
    if (!t->done[p])
        return NAN;
    cn_whatif_est e;
    cn_whatif_value(&t->acc[(size_t)p * (size_t)t->n_cols + (size_t)c], t->cols[c].kind, &e);
    return e.est;
}

static void tornado(const cn_whatif_table *t, int c, double *score)
{
    double base = point_est(t, t->baseline, c);
    for (int k = 0; k < t->n_factors; k++) {
        double lo = base, hi = base;
        int seen = 0;
        for (int p = 0; p < t->n_points; p++) {
            if (t->point_factor == NULL || t->point_factor[p] != k)
                continue;
            double v = point_est(t, p, c);
            if (isnan(v))
                continue;
            if (isnan(lo) || v < lo)
                lo = v;
            if (isnan(hi) || v > hi)
                hi = v;
            seen = 1;
        }
        score[k] = seen && !isnan(lo) ? hi - lo : NAN;
    }
}

static void main_effects(const cn_whatif_table *t, int c, double *score)
{
    for (int k = 0; k < t->n_factors; k++) {
        double lo = NAN, hi = NAN;
        for (int p = 0; p < t->n_points; p++) {
            if (p == t->baseline)
                continue;
            const char *lab = t->labels[(size_t)p * (size_t)t->n_factors + (size_t)k];
            /* the first point of each level computes that level's mean */
            int first = 1;
            for (int q = 0; q < p && first; q++)
                if (q != t->baseline
                    && strcmp(t->labels[(size_t)q * (size_t)t->n_factors + (size_t)k], lab) == 0)
                    first = 0;
            if (!first)
                continue;
            double sum = 0.0;
            int m = 0, bad = 0;
            for (int q = p; q < t->n_points; q++) {
                if (q == t->baseline
                    || strcmp(t->labels[(size_t)q * (size_t)t->n_factors + (size_t)k], lab) != 0)
                    continue;
                double v = point_est(t, q, c);
                if (isnan(v))
                    bad = 1;
                sum += v;
                m++;
            }
            if (bad || m == 0) {
                lo = hi = NAN;
                break;
            }
            double mean = sum / m;
            if (isnan(lo) || mean < lo)
                lo = mean;
            if (isnan(hi) || mean > hi)
                hi = mean;
        }
        score[k] = isnan(lo) ? NAN : hi - lo;
    }
}

static void src(const cn_whatif_table *t, int c, double *score, double *r2)
{
    int K = t->n_factors;
    for (int k = 0; k < K; k++)
        score[k] = NAN;
    int m = 0;
    for (int p = 0; p < t->n_points; p++)
        if (p != t->baseline && !isnan(point_est(t, p, c)))
            m++;
    if (m < K + 2)
        return;
    gsl_matrix *X = gsl_matrix_alloc((size_t)m, (size_t)K + 1);
    gsl_vector *y = gsl_vector_alloc((size_t)m);
    gsl_vector *b = gsl_vector_alloc((size_t)K + 1);
    gsl_matrix *cov = gsl_matrix_alloc((size_t)K + 1, (size_t)K + 1);
    gsl_multifit_linear_workspace *w = gsl_multifit_linear_alloc((size_t)m, (size_t)K + 1);
    if (X == NULL || y == NULL || b == NULL || cov == NULL || w == NULL)
        goto done;
    int i = 0;
    for (int p = 0; p < t->n_points; p++) {
        double v = point_est(t, p, c);
        if (p == t->baseline || isnan(v))
            continue;
        gsl_matrix_set(X, (size_t)i, 0, 1.0);
        for (int k = 0; k < K; k++)
            gsl_matrix_set(X, (size_t)i, (size_t)k + 1, t->x[(size_t)p * (size_t)K + (size_t)k]);
        gsl_vector_set(y, (size_t)i, v);
        i++;
    }
    double ym = 0.0, yss = 0.0;
    for (i = 0; i < m; i++)
        ym += gsl_vector_get(y, (size_t)i);
    ym /= m;
    for (i = 0; i < m; i++)
        yss += (gsl_vector_get(y, (size_t)i) - ym) * (gsl_vector_get(y, (size_t)i) - ym);
    if (!(yss > 0.0))
        goto done; /* the outcome does not move */
    double chisq;
    if (gsl_multifit_linear(X, y, b, cov, &chisq, w) != 0)
        goto done;
    if (r2 != NULL)
        *r2 = 1.0 - chisq / yss;
    double sy = sqrt(yss / (m - 1));
    for (int k = 0; k < K; k++) {
        double xm = 0.0, xss = 0.0;
        for (i = 0; i < m; i++)
            xm += gsl_matrix_get(X, (size_t)i, (size_t)k + 1);
        xm /= m;
        for (i = 0; i < m; i++) {
            double dx = gsl_matrix_get(X, (size_t)i, (size_t)k + 1) - xm;
            xss += dx * dx;
        }
        score[k] = gsl_vector_get(b, (size_t)k + 1) * sqrt(xss / (m - 1)) / sy;
    }
done:
    gsl_multifit_linear_free(w);
    gsl_matrix_free(cov);
    gsl_vector_free(b);
    gsl_vector_free(y);
    gsl_matrix_free(X);
}

/* The estimates of column c at points 1..rows (the design's rows after
 * the baseline, point 0) into y: CN_EINPUT when one is missing. */
static int design_outputs(const cn_whatif_table *t, int c, long rows, double *y)
{
    if (t->baseline != 0 || rows + 1 != t->n_points)
        return CN_EINPUT;
    for (long i = 0; i < rows; i++)
        if (isnan(y[i] = point_est(t, (int)i + 1, c)))
            return CN_EINPUT;
    return CN_OK;
}

int cn_whatif_sobol(const cn_whatif_table *t, int c, int n_boot, cn_gsa_sobol *out)
{
    int K = t->n_factors;
    for (int k = 0; k < K; k++)
        out[k] = (cn_gsa_sobol){NAN, NAN, NAN, NAN, NAN, NAN};
    if (strcmp(t->design, "saltelli") != 0 || K < 1 || (t->n_points - 1) % (K + 2) != 0)
        return CN_EINPUT;
    long n = (t->n_points - 1) / (K + 2), rows = cn_gsa_saltelli_rows(K, n);
    double *y = malloc((size_t)rows * sizeof *y);
    if (y == NULL)
        return CN_ENOMEM;
    int rc = design_outputs(t, c, rows, y);
    if (rc == CN_OK)
        rc = cn_gsa_sobol_indices(K, n, y, n_boot, t->seed, out, NULL);
    free(y);
    return rc;
}

int cn_whatif_morris(const cn_whatif_table *t, int c, cn_gsa_morris *out)
{
    int K = t->n_factors;
    for (int k = 0; k < K; k++)
        out[k] = (cn_gsa_morris){NAN, NAN, NAN, 0};
    if (strcmp(t->design, "morris") != 0 || K < 1 || (t->n_points - 1) % (K + 1) != 0)
        return CN_EINPUT;
    int r = (t->n_points - 1) / (K + 1);
    long rows = cn_gsa_morris_rows(K, r);
    double *y = malloc((size_t)rows * sizeof *y);
    double *X = malloc((size_t)rows * (size_t)K * sizeof *X);
    int rc = y != NULL && X != NULL ? design_outputs(t, c, rows, y) : CN_ENOMEM;
    /* each factor on [0, 1]: its lowest to its highest value in the design */
    for (int k = 0; k < K && rc == CN_OK; k++) {
        double lo = INFINITY, hi = -INFINITY;
        for (long i = 0; i < rows; i++) {
            double x = t->x[(size_t)(i + 1) * (size_t)K + (size_t)k];
            lo = fmin(lo, x);
            hi = fmax(hi, x);
        }
        if (!(hi > lo)) {
            rc = CN_EINPUT;
            break;
        }
        for (long i = 0; i < rows; i++)
            X[(size_t)i * (size_t)K + (size_t)k] =
                (t->x[(size_t)(i + 1) * (size_t)K + (size_t)k] - lo) / (hi - lo);
    }
    if (rc == CN_OK)
        rc = cn_gsa_morris_effects(K, r, X, y, out);
    free(X);
    free(y);
    return rc;
}

const char *cn_whatif_sensitivity(const cn_whatif_table *t, int c, double *score, double *r2)
{
    if (r2 != NULL)
        *r2 = NAN;
    if (strcmp(t->design, "oat") == 0) {
        tornado(t, c, score);
        return "tornado";
    }
    if (strcmp(t->design, "grid") == 0) {
        main_effects(t, c, score);
        return "main effects";
    }
    if (strcmp(t->design, "sobol") == 0) {
        src(t, c, score, r2);
        return "SRC";
    }
    if (strcmp(t->design, "saltelli") == 0) {
        cn_gsa_sobol *s = malloc((size_t)(t->n_factors > 0 ? t->n_factors : 1) * sizeof *s);
        if (s != NULL && cn_whatif_sobol(t, c, 0, s) == CN_OK)
            for (int k = 0; k < t->n_factors; k++)
                score[k] = s[k].st;
        else
            for (int k = 0; k < t->n_factors; k++)
                score[k] = NAN;
        free(s);
        return "Sobol";
    }
    if (strcmp(t->design, "morris") == 0) {
        cn_gsa_morris *m = malloc((size_t)(t->n_factors > 0 ? t->n_factors : 1) * sizeof *m);
        if (m != NULL && cn_whatif_morris(t, c, m) == CN_OK)
            for (int k = 0; k < t->n_factors; k++)
                score[k] = m[k].mu_star;
        else
            for (int k = 0; k < t->n_factors; k++)
                score[k] = NAN;
        free(m);
        return "Morris";
    }
    return NULL;
}

int cn_whatif_prim(const cn_whatif_table *t, int c, cn_prim_result *r)
{
    memset(r, 0, sizeof *r);
    int K = t->n_factors, n = 0;
    if (K < 1)
        return CN_EINPUT;
    double *X = malloc((size_t)t->n_points * (size_t)K * sizeof *X);
    double *y = malloc((size_t)t->n_points * sizeof *y);
    if (X == NULL || y == NULL) {
        free(X);
        free(y);
        return CN_ENOMEM;
    }
    for (int p = 0; p < t->n_points; p++) {
        double v = p == t->baseline ? NAN : point_est(t, p, c);
        int ok = !isnan(v);
        for (int k = 0; k < K && ok; k++)
            ok = !isnan(t->x[(size_t)p * (size_t)K + (size_t)k]);
        if (!ok)
            continue;
        memcpy(X + (size_t)n * (size_t)K, t->x + (size_t)p * (size_t)K, (size_t)K * sizeof *X);
        y[n++] = t->prim_col <= 0 || isnan(t->prim_threshold) ? v
                 : t->prim_below                             ? (v <= t->prim_threshold)
                                                             : (v >= t->prim_threshold);
    }
    int rc = n < 10 ? CN_EINPUT : cn_prim_find(X, y, n, K, NULL, r);
    free(X);
    free(y);
    return rc;
}

/* ---- cells ------------------------------------------------------------------------- */

typedef struct {
    int rows, cols;
    char **cell; /* rows x cols, owned */
    int *num;    /* per column: 1 = right-aligned */
} grid;

static void grid_free(grid *g)
{
    if (g->cell != NULL)
        for (int i = 0; i < g->rows * g->cols; i++)
            free(g->cell[i]);
    free(g->cell);
    free(g->num);
    g->cell = NULL;
    g->num = NULL;
}

static int grid_init(grid *g, int rows, int cols)
{
    g->rows = rows;
    g->cols = cols;
    /* at least one cell, so an empty table is still a valid allocation */
    g->cell = calloc(rows > 0 && cols > 0 ? (size_t)rows * (size_t)cols : 1, sizeof *g->cell);
    g->num = calloc(cols > 0 ? (size_t)cols : 1, sizeof *g->num);
    if (g->cell == NULL || g->num == NULL) {
        grid_free(g);
        return CN_ENOMEM;
    }
    return CN_OK;
}

/* Escapes s for the format into a new string. */
static char *escape(const char *s, cn_whatif_format fmt)
{
    size_t n = strlen(s), cap = n * 16 + 1;
    char *o = malloc(cap), *p = o;
    if (o == NULL)
        return NULL;
    for (; *s != '\0'; s++) {
        const char *r = NULL;
        char one[2] = {*s, '\0'};
        if (fmt == CN_WHATIF_TEX) {
            switch (*s) {
            case '\\': r = "\\textbackslash{}"; break;
            case '&': r = "\\&"; break;
            case '%': r = "\\%"; break;
            case '$': r = "\\$"; break;
            case '#': r = "\\#"; break;
            case '_': r = "\\_"; break;
            case '{': r = "\\{"; break;
            case '}': r = "\\}"; break;
            case '~': r = "\\textasciitilde{}"; break;
            case '^': r = "\\textasciicircum{}"; break;
            default: break;
            }
        } else if (fmt == CN_WHATIF_HTML) {
            switch (*s) {
            case '&': r = "&amp;"; break;
            case '<': r = "&lt;"; break;
            case '>': r = "&gt;"; break;
            case '"': r = "&quot;"; break;
            default: break;
            }
        } else if (fmt == CN_WHATIF_MD) {
            if (*s == '|')
                r = "\\|";
        }
        if (r == NULL)
            r = one;
        size_t k = strlen(r);
        memcpy(p, r, k);
        p += k;
    }
    *p = '\0';
    return o;
}

static int set_cell(grid *g, int r, int c, cn_whatif_format fmt, const char *text)
{
    char *e = escape(text, fmt);
    if (e == NULL)
        return CN_ENOMEM;
    free(g->cell[(size_t)r * (size_t)g->cols + (size_t)c]);
    g->cell[(size_t)r * (size_t)g->cols + (size_t)c] = e;
    return CN_OK;
}

/* A cell already in the format's syntax. */
static int set_raw(grid *g, int r, int c, const char *fmt, ...)
{
    char buf[512];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(buf, sizeof buf, fmt, ap);
    va_end(ap);
    size_t n = strlen(buf) + 1;
    char *e = malloc(n);
    if (e == NULL)
        return CN_ENOMEM;
    memcpy(e, buf, n);
    free(g->cell[(size_t)r * (size_t)g->cols + (size_t)c]);
    g->cell[(size_t)r * (size_t)g->cols + (size_t)c] = e;
    return CN_OK;
}

static const char *pm(cn_whatif_format fmt)
{
    switch (fmt) {
    case CN_WHATIF_TEX: return "$\\pm$";
    case CN_WHATIF_HTML: return "&plusmn;";
    default: return "\xc2\xb1"; /* U+00B1 */
    }
}

static const char *star(cn_whatif_format fmt)
{
    switch (fmt) {
    case CN_WHATIF_TEX: return "$^{*}$";
    case CN_WHATIF_MD: return " \\*";
    default: return " *";
    }
}

static const char *delta_name(cn_whatif_format fmt)
{
    switch (fmt) {
    case CN_WHATIF_TEX: return "$\\Delta$";
    case CN_WHATIF_HTML: return "&Delta;";
    default: return "\xce\x94"; /* U+0394 */
    }
}

/* Splits a label into two lines: after its ": " when it has one (the
 * forum, then the measure), else at the space nearest its middle (with
 * no space, after a '/', '_' or '.').  Labels of 10 characters or fewer
 * stay on one line (b empty). */
static void split_label(const char *label, char *a, char *b, size_t size)
{
    size_t n = strlen(label), best = 0;
    snprintf(a, size, "%s", label);
    b[0] = '\0';
    if (n <= 10)
        return;
    const char *colon = strstr(label, ": ");
    if (colon != NULL && colon[2] != '\0') {
        best = (size_t)(colon - label) + 1;
    } else {
        for (size_t i = 1; i + 1 < n; i++)
            if (label[i] == ' '
                && (best == 0 || (i > n / 2 ? i - n / 2 : n / 2 - i)
                                     < (best > n / 2 ? best - n / 2 : n / 2 - best)))
                best = i;
    }
    if (best == 0) {
        /* no space: after a '/', '_' or '.' nearest the middle, which stays on line one */
        size_t cut = 0;
        for (size_t i = 1; i + 1 < n; i++)
            if (strchr("/_.", label[i]) != NULL
                && (cut == 0 || (i > n / 2 ? i - n / 2 : n / 2 - i)
                                    < (cut > n / 2 ? cut - n / 2 : n / 2 - cut)))
                cut = i;
        if (cut > 0) {
            snprintf(a, size, "%.*s", (int)cut + 1, label);
            snprintf(b, size, "%s", label + cut + 1);
        }
        return;
    }
    snprintf(a, size, "%.*s", (int)best, label);
    snprintf(b, size, "%s", label + best + 1);
}

static int value_cell(grid *g, int r, int c, const cn_whatif_acc *a, cn_metric_kind kind,
                      int d)
{
    cn_whatif_est e;
    cn_whatif_value(a, kind, &e);
    if (isnan(e.est))
        return set_raw(g, r, c, "-");
    if (isnan(e.lo))
        return set_raw(g, r, c, "%.*f", d, e.est);
    return set_raw(g, r, c, "%.*f [%.*f, %.*f]", d, e.est, d, e.lo, d, e.hi);
}

static int delta_cell(grid *g, int r, int c, const cn_whatif_diff *df, cn_metric_kind kind,
                      cn_whatif_format fmt, int d)
{
    cn_whatif_est e;
    int sig;
    cn_whatif_delta(df, kind, &e, &sig);
    if (isnan(e.est))
        return set_raw(g, r, c, "-");
    if (fabs(e.est) < 0.5 * pow(10.0, -d))
        e.est = 0.0; /* no "-0.000" */
    if (isnan(e.lo))
        return set_raw(g, r, c, "%+.*f", d, e.est + 0.0);
    double half = (e.hi - e.lo) / 2.0;
    const char *strong = sig && fmt == CN_WHATIF_HTML ? "<strong>" : "";
    const char *strong_end = sig && fmt == CN_WHATIF_HTML ? "</strong>" : "";
    return set_raw(g, r, c, "%s%+.*f %s %.*f%s%s", strong, d, e.est + 0.0, pm(fmt), d, half,
                   sig ? star(fmt) : "", strong_end);
}

/* ---- labels ---------------------------------------------------------------------- */

static char *clean_number(const char *label, char *buf, size_t size, int digits)
{
    char *end = (char *)label;
    double v = strtod(label, &end);
    int number = label[0] != '\0' && end != label && isfinite(v);
    while (number && *end == ' ')
        end++;
    if (number && *end == '\0' && strchr(label, 'x') == NULL && strchr(label, 'X') == NULL)
        snprintf(buf, size, "%.*g", digits, v + 0.0);
    else
        snprintf(buf, size, "%s", label);
    return buf;
}

char *cn_whatif_clean_label(const char *label, char *buf, size_t size)
{
    return clean_number(label, buf, size, 6);
}

/* Factor k of point p as shown: its label, or the scenario's value where
 * the point leaves the factor as written; digits: 6 in tables, 15 in CSV
 * (exact but without binary noise).  Unknown: "as written" ("" in CSV). */
static const char *factor_text(const cn_whatif_table *t, int p, int k, char *buf, size_t size,
                               int digits)
{
    const char *lab = t->labels[(size_t)p * (size_t)t->n_factors + (size_t)k];
    if (lab[0] == '\0') {
        if (t->baseline_labels != NULL && t->baseline_labels[k] != NULL)
            lab = t->baseline_labels[k];
        else
            lab = digits > 6 ? "" : "as written";
    }
    return clean_number(lab, buf, size, digits);
}

/* The header of metric column j: the registry's label; in LaTeX two
 * lines (a tabular in the cell) so a long label does not widen its column. */
static int header_text(grid *g, int c, cn_whatif_format fmt, const char *label, char align)
{
    if (fmt != CN_WHATIF_TEX)
        return set_cell(g, 0, c, fmt, label);
    char a[256], b[256];
    split_label(label, a, b, sizeof a);
    if (b[0] == '\0')
        return set_cell(g, 0, c, fmt, a);
    char *ea = escape(a, fmt), *eb = escape(b, fmt);
    int rc = ea != NULL && eb != NULL
                 ? set_raw(g, 0, c, "\\begin{tabular}[b]{@{}%c@{}}%s\\\\ %s\\end{tabular}", align, ea, eb)
                 : CN_ENOMEM;
    free(ea);
    free(eb);
    return rc;
}

static int header_cell(grid *g, int c, cn_whatif_format fmt, const cn_metric *m)
{
    cn_metric_info mi;
    cn_metrics_info(m->name, m->kind, &mi);
    return header_text(g, c, fmt, mi.label, 'r');
}

/* Rows that are shown: complete points (and the baseline first). */
static int shown_points(const cn_whatif_table *t, int *order)
{
    int n = 0;
    if (t->done[t->baseline] || is_partial(t, t->baseline))
        order[n++] = t->baseline;
    for (int p = 0; p < t->n_points; p++)
        if (p != t->baseline && (t->done[p] || is_partial(t, p)))
            order[n++] = p;
    return n;
}

/* The what-if table: point, factors, runs, then per metric value and delta. */
static int build_main(const cn_whatif_table *t, cn_whatif_format fmt, grid *g)
{
    int *order = malloc((size_t)(t->n_points > 0 ? t->n_points : 1) * sizeof *order);
    if (order == NULL)
        return CN_ENOMEM;
    int n = shown_points(t, order);
    int cols = 2 + t->n_factors + 2 * t->n_cols;
    int rc = grid_init(g, n + 1, cols);
    if (rc != CN_OK) {
        free(order);
        return rc;
    }
    rc = set_cell(g, 0, 0, fmt, "point");
    for (int k = 0; k < t->n_factors && rc == CN_OK; k++)
        rc = header_text(g, 1 + k, fmt, t->factor_names[k], 'l');
    int c0 = 1 + t->n_factors;
    if (rc == CN_OK)
        rc = set_cell(g, 0, c0, fmt, "runs");
    g->num[c0] = 1;
    for (int j = 0; j < t->n_cols && rc == CN_OK; j++) {
        rc = header_cell(g, c0 + 1 + 2 * j, fmt, &t->cols[j]);
        if (rc == CN_OK)
            rc = set_raw(g, 0, c0 + 2 + 2 * j, "%s", delta_name(fmt));
        g->num[c0 + 1 + 2 * j] = g->num[c0 + 2 + 2 * j] = 1;
    }
    for (int i = 0; i < n && rc == CN_OK; i++) {
        int p = order[i], r = i + 1;
        char name[CN_WHATIF_NAME_MAX];
        snprintf(name, sizeof name, "%s%s", t->point_names[p],
                 is_partial(t, p) ? " (partial)" : "");
        rc = set_cell(g, r, 0, fmt, name);
        for (int k = 0; k < t->n_factors && rc == CN_OK; k++) {
            char buf[512];
            rc = set_cell(g, r, 1 + k, fmt, factor_text(t, p, k, buf, sizeof buf, 6));
        }
        if (rc == CN_OK)
            rc = set_raw(g, r, c0, "%ld", t->replications[p]);
        for (int j = 0; j < t->n_cols && rc == CN_OK; j++) {
            size_t at = (size_t)p * (size_t)t->n_cols + (size_t)j;
            cn_metric_info mi;
            cn_metrics_info(t->cols[j].name, t->cols[j].kind, &mi);
            rc = value_cell(g, r, c0 + 1 + 2 * j, &t->acc[at], t->cols[j].kind, mi.decimals);
            if (rc != CN_OK)
                break;
            if (p == t->baseline)
                rc = set_raw(g, r, c0 + 2 + 2 * j, "baseline");
            else
                rc = delta_cell(g, r, c0 + 2 + 2 * j, &t->diff[at], t->cols[j].kind, fmt,
                                mi.delta_decimals);
        }
    }
    free(order);
    if (rc != CN_OK)
        grid_free(g);
    return rc;
}

/* Input uncertainty against Monte Carlo noise: per finished point and
 * column, "input sd" (tau; for a probability, of the probability) with
 * its share of the variance, and the 95% Monte Carlo half-width over
 * input groups. */
static int build_spread(const cn_whatif_table *t, cn_whatif_format fmt, grid *g)
{
    int *order = malloc((size_t)(t->n_points > 0 ? t->n_points : 1) * sizeof *order);
    if (order == NULL)
        return CN_ENOMEM;
    int n = shown_points(t, order);
    if (n == 0) { /* nothing to show */
        free(order);
        return CN_OK;
    }
    int rc = grid_init(g, n + 1, 1 + 2 * t->n_cols);
    if (rc == CN_OK)
        rc = set_cell(g, 0, 0, fmt, "point");
    for (int j = 0; j < t->n_cols && rc == CN_OK; j++) {
        cn_metric_info mi;
        cn_metrics_info(t->cols[j].name, t->cols[j].kind, &mi);
        char h[256];
        snprintf(h, sizeof h, "%s: inputs sd (share)", mi.label);
        rc = header_text(g, 1 + 2 * j, fmt, h, 'r');
        if (rc == CN_OK)
            rc = header_text(g, 2 + 2 * j, fmt, "MC +/-", 'r');
        g->num[1 + 2 * j] = g->num[2 + 2 * j] = 1;
    }
    for (int i = 0; i < n && rc == CN_OK; i++) {
        int p = order[i];
        char name[CN_WHATIF_NAME_MAX];
        snprintf(name, sizeof name, "%s%s", t->point_names[p],
                 is_partial(t, p) ? " (partial)" : "");
        rc = set_cell(g, i + 1, 0, fmt, name);
        for (int j = 0; j < t->n_cols && rc == CN_OK; j++) {
            size_t at = (size_t)p * (size_t)t->n_cols + (size_t)j;
            cn_metric_info mi;
            cn_metrics_info(t->cols[j].name, t->cols[j].kind, &mi);
            int d = mi.delta_decimals;
            double sd = t->input_sd[at], sh = t->input_share[at], mc = t->mc_se[at];
            rc = isnan(sd) ? set_raw(g, i + 1, 1 + 2 * j, "-")
                           : set_raw(g, i + 1, 1 + 2 * j, "%.*f (%.0f%s)", d, sd, 100.0 * sh,
                                     fmt == CN_WHATIF_TEX ? "\\%" : "%");
            if (rc == CN_OK)
                rc = isnan(mc) ? set_raw(g, i + 1, 2 + 2 * j, "-")
                               : set_raw(g, i + 1, 2 + 2 * j, "%.*f", d, Z95 * mc);
        }
    }
    free(order);
    if (rc != CN_OK)
        grid_free(g);
    return rc;
}

/* Rank of s[k] by magnitude among s[0..K-1] (NaN skipped; ties share). */
static int rank_of(const double *s, int K, int k)
{
    int rank = 1;
    for (int q = 0; q < K; q++)
        if (!isnan(s[q]) && fabs(s[q]) > fabs(s[k]))
            rank++;
    return rank;
}

/* An index with its interval: "0.123 [0.050, 0.201]" (no interval when
 * NaN), then " (rank)" when rank > 0. */
static int index_cell(grid *g, int r, int c, double v, double lo, double hi, int rank)
{
    char rk[16] = "";
    if (isnan(v))
        return set_raw(g, r, c, "-");
    if (rank > 0)
        snprintf(rk, sizeof rk, " (%d)", rank);
    if (isnan(lo) || isnan(hi))
        return set_raw(g, r, c, "%.3f%s", v, rk);
    return set_raw(g, r, c, "%.3f [%.3f, %.3f]%s", v, lo, hi, rk);
}

/* Global sensitivity (saltelli: Sobol S1 and ST with bootstrap 95%
 * intervals; morris: mu* and sigma): factors x 2 rows x metrics, the
 * rank by ST or mu*. */
static int build_gsa(const cn_whatif_table *t, cn_whatif_format fmt, grid *g, int sobol)
{
    int K = t->n_factors;
    size_t cells = (size_t)K * (size_t)t->n_cols;
    cn_gsa_sobol *s = sobol ? malloc(cells * sizeof *s) : NULL;
    cn_gsa_morris *m = sobol ? NULL : malloc(cells * sizeof *m);
    double *score = malloc(cells * sizeof *score);
    int rc = (sobol ? s != NULL : m != NULL) && score != NULL ? CN_OK : CN_ENOMEM;
    for (int j = 0; j < t->n_cols && rc == CN_OK; j++) {
        int r = sobol ? cn_whatif_sobol(t, j, CN_GSA_DEFAULT_BOOT, s + (size_t)j * (size_t)K)
                      : cn_whatif_morris(t, j, m + (size_t)j * (size_t)K);
        if (r == CN_ENOMEM)
            rc = r;
        for (int k = 0; k < K; k++)
            score[(size_t)j * (size_t)K + (size_t)k] =
                sobol ? s[(size_t)j * (size_t)K + (size_t)k].st
                      : m[(size_t)j * (size_t)K + (size_t)k].mu_star;
    }
    if (rc == CN_OK)
        rc = grid_init(g, 1 + 2 * K, 2 + t->n_cols);
    if (rc == CN_OK)
        rc = set_cell(g, 0, 0, fmt, "factor");
    if (rc == CN_OK)
        rc = set_cell(g, 0, 1, fmt, sobol ? "index" : "measure");
    for (int j = 0; j < t->n_cols && rc == CN_OK; j++) {
        rc = header_cell(g, 2 + j, fmt, &t->cols[j]);
        g->num[2 + j] = 1;
    }
    static const char *const sob[2] = {"S1 (first order)", "ST (total)"};
    static const char *const mor[2] = {"mu* (mean |effect|)", "sigma (sd of effects)"};
    for (int k = 0; k < K && rc == CN_OK; k++) {
        for (int h = 0; h < 2 && rc == CN_OK; h++) {
            int row = 1 + 2 * k + h;
            rc = set_cell(g, row, 0, fmt, h == 0 ? t->factor_names[k] : "");
            if (rc == CN_OK)
                rc = set_cell(g, row, 1, fmt, sobol ? sob[h] : mor[h]);
            for (int j = 0; j < t->n_cols && rc == CN_OK; j++) {
                size_t at = (size_t)j * (size_t)K + (size_t)k;
                int rank = 0;
                if ((sobol && h == 1) || (!sobol && h == 0))
                    rank = isnan(score[at]) ? 0 : rank_of(score + (size_t)j * (size_t)K, K, k);
                if (sobol)
                    rc = h == 0 ? index_cell(g, row, 2 + j, s[at].s1, s[at].s1_lo, s[at].s1_hi, 0)
                                : index_cell(g, row, 2 + j, s[at].st, s[at].st_lo, s[at].st_hi,
                                             rank);
                else
                    rc = index_cell(g, row, 2 + j, h == 0 ? m[at].mu_star : m[at].sigma, NAN, NAN,
                                    rank);
            }
        }
    }
    if (rc != CN_OK)
        grid_free(g);
    free(s);
    free(m);
    free(score);
    return rc;
}

/* Scenario discovery on column t->prim_col - 1: the chosen box, a row per
 * factor (its limits in the box, its range over the points; "-" where
 * the box does not limit it), and a sentence on the box into intro. */
static int build_prim(const cn_whatif_table *t, cn_whatif_format fmt, grid *g, char *intro,
                      size_t size)
{
    int c = t->prim_col - 1, K = t->n_factors;
    cn_prim_result r;
    cn_metric_info mi;
    cn_metrics_info(t->cols[c].name, t->cols[c].kind, &mi);
    int rc = cn_whatif_prim(t, c, &r);
    char what[400];
    if (isnan(t->prim_threshold))
        snprintf(what, sizeof what, "%s (the outcome: its estimate at each point)", mi.label);
    else
        snprintf(what, sizeof what, "%s %s %g (the outcome: 1 at a point whose estimate is at "
                 "%s %g, else 0)", mi.label, t->prim_below ? "<=" : ">=", t->prim_threshold,
                 t->prim_below ? "most" : "least", t->prim_threshold);
    if (rc == CN_EINPUT) {
        snprintf(intro, size, "Scenario discovery (PRIM) on %s: not possible here (it needs at "
                 "least 10 finished points with numeric factor values, and the outcome at "
                 "some point).", what);
        return CN_OK;
    }
    if (rc != CN_OK)
        return rc;
    snprintf(intro, size, "Scenario discovery (PRIM, Friedman and Fisher 1999) on %s: the box "
             "of factor values below holds %ld of the %ld points (support %.2f); the mean "
             "outcome in it (density) is %.3f against %.3f over all the points, and it holds "
             "%.0f%% of the outcome's total over the points (coverage). Peeling alpha %.2f, "
             "the box with the largest coverage x density on the trajectory, then pasted.",
             what, r.n_box, r.count[0], r.box_support, r.box_density, r.mean_all,
             100.0 * r.box_coverage, CN_PRIM_DEFAULT_ALPHA);
    rc = grid_init(g, 1 + K, 3);
    if (rc == CN_OK)
        rc = set_cell(g, 0, 0, fmt, "factor");
    if (rc == CN_OK)
        rc = set_cell(g, 0, 1, fmt, "box");
    if (rc == CN_OK)
        rc = set_cell(g, 0, 2, fmt, "over the points");
    for (int k = 0; k < K && rc == CN_OK; k++) {
        double lo = INFINITY, hi = -INFINITY;
        for (int p = 0; p < t->n_points; p++) {
            double x = t->x[(size_t)p * (size_t)K + (size_t)k];
            if (p != t->baseline && t->done[p] && !isnan(x)) {
                lo = fmin(lo, x);
                hi = fmax(hi, x);
            }
        }
        rc = set_cell(g, 1 + k, 0, fmt, t->factor_names[k]);
        if (rc == CN_OK)
            rc = r.restricted[k] ? set_raw(g, 1 + k, 1, "%.4g to %.4g", r.box_lo[k], r.box_hi[k])
                                 : set_raw(g, 1 + k, 1, "-");
        if (rc == CN_OK)
            rc = set_raw(g, 1 + k, 2, "%.4g to %.4g", lo, hi);
    }
    if (rc != CN_OK)
        grid_free(g);
    cn_prim_result_free(&r);
    return rc;
}

/* Sensitivity: factors x metrics, "score (rank)"; sobol adds an R^2 row;
 * saltelli and morris: build_gsa. */
static int build_sens(const cn_whatif_table *t, cn_whatif_format fmt, grid *g,
                      const char **method)
{
    int K = t->n_factors;
    *method = NULL;
    if (K == 0 || t->n_cols == 0)
        return CN_OK;
    double *score = malloc((size_t)K * (size_t)t->n_cols * sizeof *score);
    double *r2 = malloc((size_t)t->n_cols * sizeof *r2);
    if (score == NULL || r2 == NULL) {
        free(score);
        free(r2);
        return CN_ENOMEM;
    }
    for (int j = 0; j < t->n_cols; j++)
        *method = cn_whatif_sensitivity(t, j, score + (size_t)j * (size_t)K, &r2[j]);
    int rc = CN_OK;
    if (*method == NULL)
        goto done;
    if (strcmp(*method, "Sobol") == 0 || strcmp(*method, "Morris") == 0) {
        rc = build_gsa(t, fmt, g, strcmp(*method, "Sobol") == 0);
        goto done;
    }
    int sobol = strcmp(*method, "SRC") == 0;
    rc = grid_init(g, 1 + K + sobol, 1 + t->n_cols);
    if (rc != CN_OK)
        goto done;
    rc = set_cell(g, 0, 0, fmt, "factor");
    for (int j = 0; j < t->n_cols && rc == CN_OK; j++) {
        rc = header_cell(g, 1 + j, fmt, &t->cols[j]);
        g->num[1 + j] = 1;
    }
    for (int k = 0; k < K && rc == CN_OK; k++) {
        rc = set_cell(g, 1 + k, 0, fmt, t->factor_names[k]);
        for (int j = 0; j < t->n_cols && rc == CN_OK; j++) {
            const double *s = score + (size_t)j * (size_t)K;
            cn_metric_info mi;
            cn_metrics_info(t->cols[j].name, t->cols[j].kind, &mi);
            int d = sobol ? 3 : mi.delta_decimals; /* SRC has no unit */
            if (isnan(s[k])) {
                rc = set_raw(g, 1 + k, 1 + j, "-");
                continue;
            }
            /* rank by magnitude; ties share a rank; no rank for no effect */
            int rank = 1;
            for (int q = 0; q < K; q++)
                if (!isnan(s[q]) && fabs(s[q]) > fabs(s[k]))
                    rank++;
            if (s[k] == 0.0)
                rc = set_raw(g, 1 + k, 1 + j, sobol ? "%+.*f" : "%.*f", d, 0.0);
            else
                rc = set_raw(g, 1 + k, 1 + j, sobol ? "%+.*f (%d)" : "%.*f (%d)", d, s[k], rank);
        }
    }
    if (sobol && rc == CN_OK) {
        rc = set_raw(g, 1 + K, 0, "R%s", fmt == CN_WHATIF_TEX ? "$^2$" : fmt == CN_WHATIF_HTML ? "<sup>2</sup>" : "\xc2\xb2");
        for (int j = 0; j < t->n_cols && rc == CN_OK; j++)
            rc = isnan(r2[j]) ? set_raw(g, 1 + K, 1 + j, "-")
                              : set_raw(g, 1 + K, 1 + j, "%.3f", r2[j]);
    }
    if (rc != CN_OK)
        grid_free(g);
done:
    free(score);
    free(r2);
    return rc;
}

/* ---- layouts ------------------------------------------------------------------------ */

/* Display width of UTF-8 text. */
static int dwidth(const char *s)
{
    int w = 0;
    for (; *s != '\0'; s++)
        if (((unsigned char)*s & 0xC0) != 0x80)
            w++;
    return w;
}

static void pad(FILE *f, const char *s, int width, int right)
{
    int n = width - dwidth(s);
    if (right)
        fprintf(f, "%*s%s", n > 0 ? n : 0, "", s);
    else
        fprintf(f, "%s%*s", s, n > 0 ? n : 0, "");
}

/* Terminal: the fixed columns (0 .. fixed-1) repeat in every block; the
 * other columns go in groups of `group` to blocks that fit width. */
static void render_text(FILE *f, const grid *g, int fixed, int group, int width)
{
    int *w = calloc((size_t)g->cols, sizeof *w);
    if (w == NULL)
        return;
    for (int c = 0; c < g->cols; c++)
        for (int r = 0; r < g->rows; r++) {
            int k = dwidth(g->cell[(size_t)r * (size_t)g->cols + (size_t)c]);
            if (k > w[c])
                w[c] = k;
        }
    int fixed_w = 0;
    for (int c = 0; c < fixed; c++)
        fixed_w += w[c] + 2;
    int c = fixed;
    do {
        int end = c, used = fixed_w;
        while (end < g->cols) {
            int gw = 0;
            for (int k = end; k < end + group && k < g->cols; k++)
                gw += w[k] + 2;
            if (end > c && used + gw > width)
                break;
            used += gw;
            end += group;
        }
        if (end > g->cols)
            end = g->cols;
        for (int r = 0; r < g->rows; r++) {
            int first = 1;
            for (int k = 0; k < g->cols; k++) {
                if (k >= fixed && (k < c || k >= end))
                    continue;
                if (!first)
                    fputs("  ", f);
                first = 0;
                int last = k == end - 1 || (end == fixed && k == fixed - 1);
                const char *s = g->cell[(size_t)r * (size_t)g->cols + (size_t)k];
                if (last && !g->num[k])
                    fputs(s, f);
                else
                    pad(f, s, w[k], g->num[k]);
            }
            fputc('\n', f);
            if (r == 0) {
                int total = 0;
                for (int k = 0; k < g->cols; k++)
                    if (k < fixed || (k >= c && k < end))
                        total += w[k] + 2;
                for (int k = 0; k < total - 2; k++)
                    fputc('-', f);
                fputc('\n', f);
            }
        }
        c = end;
        if (c < g->cols)
            fputc('\n', f);
    } while (c < g->cols);
    free(w);
}

static void render_md(FILE *f, const grid *g)
{
    for (int r = 0; r < g->rows; r++) {
        fputc('|', f);
        for (int c = 0; c < g->cols; c++)
            fprintf(f, " %s |", g->cell[(size_t)r * (size_t)g->cols + (size_t)c]);
        fputc('\n', f);
        if (r == 0) {
            fputc('|', f);
            for (int c = 0; c < g->cols; c++)
                fputs(g->num[c] ? "---:|" : "---|", f);
            fputc('\n', f);
        }
    }
}

/* LaTeX width of a column, in pt at \small (9pt Computer Modern), from
 * the same table as terminal text: per character class (digits 4.5pt,
 * lower case 4.6, upper case 6.8, space 3.0, punctuation 2.6, other 7.0),
 * 3% to spare, plus the column separation (\tabcolsep 4pt each side).
 * A header counts by its longer line. */
#define TEX_COLSEP 8.0
#define TEX_TEXTWIDTH 345.0 /* an A4 article at 10pt */

static double tex_text_width(const char *s)
{
    double w = 0.0;
    for (const unsigned char *p = (const unsigned char *)s; *p != '\0'; p++) {
        unsigned char ch = *p;
        if ((ch & 0xC0) == 0x80)
            continue; /* inside a UTF-8 character: counted at its first byte */
        if (ch >= '0' && ch <= '9')
            w += 4.5;
        else if (ch >= 'a' && ch <= 'z')
            w += ch == 'm' || ch == 'w' ? 6.8 : ch == 'i' || ch == 'l' || ch == 'j' || ch == 't' ? 2.6 : 4.6;
        else if (ch >= 'A' && ch <= 'Z')
            w += 6.8;
        else if (ch == ' ')
            w += 3.0;
        else if (strchr(".,:;[]()'!|", ch) != NULL)
            w += 2.6;
        else
            w += 7.0; /* + - = * / _ % and non-ASCII (plus-minus, Delta) */
    }
    return w * 1.03;
}

static double tex_col_width(const grid *meas, int c)
{
    double w = 0.0;
    for (int r = 0; r < meas->rows; r++) {
        const char *cell = meas->cell[(size_t)r * (size_t)meas->cols + (size_t)c];
        double k = tex_text_width(cell);
        if (r == 0) {
            char a[256], b[256];
            split_label(cell, a, b, sizeof a);
            double ka = tex_text_width(a), kb = tex_text_width(b);
            k = ka > kb ? ka : kb;
        }
        if (k > w)
            w = k;
    }
    return w + TEX_COLSEP;
}

/* One booktabs table per block of columns: the fixed columns (0 ..
 * fixed-1) in every block, the others in groups of `group` while the
 * block fits the text width.  caption heads the first block; notes (may
 * be NULL) go under the last.  A block that cannot fit even with one
 * group is scaled to the width (\resizebox, the last resort). */
static void render_tex(FILE *f, const grid *g, const grid *meas, int fixed, int group,
                       const char *caption, const char *short_caption, const char *notes)
{
    double *w = calloc((size_t)g->cols, sizeof *w);
    if (w == NULL)
        return;
    double fixed_w = 0.0;
    for (int c = 0; c < g->cols; c++) {
        w[c] = tex_col_width(meas, c);
        if (c < fixed)
            fixed_w += w[c];
    }
    int n_blocks = 0;
    for (int c = fixed, pass = 0; pass < 2; pass++, c = fixed) {
        int block = 0;
        do {
            int end = c;
            double used = fixed_w;
            while (end < g->cols) {
                double gw = 0.0;
                for (int k = end; k < end + group && k < g->cols; k++)
                    gw += w[k];
                if (end > c && used + gw > TEX_TEXTWIDTH)
                    break;
                used += gw;
                end += group;
            }
            if (end > g->cols)
                end = g->cols;
            int ncols = fixed + (end - c);
            block++;
            if (pass == 1) {
                /* \small; \footnotesize (8/9 of the width) when that does not
                 * fit; scaled to the width only when neither does */
                int smaller = used > TEX_TEXTWIDTH;
                int scale = smaller && (used - TEX_COLSEP * ncols) * 8.0 / 9.0
                                               + TEX_COLSEP * ncols > TEX_TEXTWIDTH;
                fprintf(f, "\\begin{table}[htbp]\n\\centering\n\\%s\n"
                           "\\setlength{\\tabcolsep}{4pt}\n", smaller ? "footnotesize" : "small");
                if (block == 1)
                    fprintf(f, "\\caption{%s}\n", caption);
                else
                    fprintf(f, "\\caption[]{%s (continued, %d of %d)}\n", short_caption, block,
                            n_blocks);
                if (scale)
                    fputs("\\resizebox{\\linewidth}{!}{%\n", f);
                fputs("\\begin{tabular}{", f);
                for (int k = 0; k < g->cols; k++)
                    if (k < fixed || (k >= c && k < end))
                        fputc(g->num[k] ? 'r' : 'l', f);
                fputs("}\n\\toprule\n", f);
                for (int r = 0; r < g->rows; r++) {
                    int first = 1;
                    for (int k = 0; k < g->cols; k++) {
                        if (k >= fixed && (k < c || k >= end))
                            continue;
                        fprintf(f, "%s%s", first ? "" : " & ",
                                g->cell[(size_t)r * (size_t)g->cols + (size_t)k]);
                        first = 0;
                    }
                    fputs(" \\\\\n", f);
                    if (r == 0)
                        fputs("\\midrule\n", f);
                }
                fputs("\\bottomrule\n\\end{tabular}\n", f);
                if (scale)
                    fputs("}\n", f);
                if (end >= g->cols && notes != NULL)
                    fprintf(f, "\\par\\smallskip\n\\begin{minipage}{\\linewidth}\\footnotesize\\raggedright\n%s\n\\end{minipage}\n", notes);
                fputs("\\end{table}\n", f);
            }
            c = end;
        } while (c < g->cols);
        n_blocks = block;
    }
    free(w);
}

static void render_html(FILE *f, const grid *g)
{
    fputs("<table>\n<thead>\n<tr>", f);
    for (int c = 0; c < g->cols; c++)
        fprintf(f, "<th>%s</th>", g->cell[c]);
    fputs("</tr>\n</thead>\n<tbody>\n", f);
    for (int r = 1; r < g->rows; r++) {
        fputs("<tr>", f);
        for (int c = 0; c < g->cols; c++)
            fprintf(f, "<td%s>%s</td>", g->num[c] ? " class=\"num\"" : "",
                    g->cell[(size_t)r * (size_t)g->cols + (size_t)c]);
        fputs("</tr>\n", f);
    }
    fputs("</tbody>\n</table>\n", f);
}

/* ---- the document -------------------------------------------------------------------- */

int cn_whatif_parse_format(const char *name, cn_whatif_format *out)
{
    static const char *const names[] = {"text", "md", "csv", "tex", "html"};
    for (int i = 0; i < 5; i++)
        if (name != NULL && strcmp(name, names[i]) == 0) {
            *out = (cn_whatif_format)i;
            return CN_OK;
        }
    return CN_EINPUT;
}

static long max_reps(const cn_whatif_table *t, long *min)
{
    long hi = 0, lo = -1;
    for (int p = 0; p < t->n_points; p++) {
        if (!t->done[p] && !is_partial(t, p))
            continue;
        if (t->replications[p] > hi)
            hi = t->replications[p];
        if (lo < 0 || t->replications[p] < lo)
            lo = t->replications[p];
    }
    *min = lo < 0 ? 0 : lo;
    return hi;
}

static const char *method_text(const char *method)
{
    if (method == NULL)
        return "";
    if (strcmp(method, "tornado") == 0)
        return "tornado (one factor at a time): the swing of each outcome, the largest "
               "minus the smallest estimate over the factor's levels and the baseline";
    if (strcmp(method, "main effects") == 0)
        return "main effects: the range of the outcome's mean over the grid at each level "
               "of the factor";
    if (strcmp(method, "Sobol") == 0)
        return "Sobol indices (Saltelli design, Saltelli 2010 first-order and Jansen total "
               "estimators) of each outcome's estimate at the design's points: S1, the share of "
               "its variance the factor explains alone; ST, with all its interactions; "
               "ST much above S1 means interactions; [95% bootstrap interval], (rank by ST)";
    if (strcmp(method, "Morris") == 0)
        return "Morris elementary effects (screening): the change of each outcome's estimate "
               "when the factor moves one grid step, per the factor's range in the design; mu*, "
               "the mean absolute effect (importance, rank); sigma, their standard deviation "
               "(non-linearity or interactions)";
    return "standardised regression coefficients (SRC): least-squares regression of each "
           "outcome's estimates on the factor values, coefficient times sd(factor)/sd(outcome); "
           "R^2 says how much of the variation a linear model explains";
}

static int write_csv(FILE *f, const cn_whatif_table *t)
{
    fputs("point", f);
    for (int k = 0; k < t->n_factors; k++)
        fprintf(f, ",%s", t->factor_names[k]);
    fputs(",runs", f);
    for (int j = 0; j < t->n_cols; j++) {
        const char *m = t->cols[j].name;
        fprintf(f, ",%s,%s.lo,%s.hi,%s.delta,%s.delta_lo,%s.delta_hi,%s.significant", m, m, m, m,
                m, m, m);
    }
    fputs(",finished\n", f);
    int *order = malloc((size_t)(t->n_points > 0 ? t->n_points : 1) * sizeof *order);
    if (order == NULL)
        return CN_ENOMEM;
    int n = shown_points(t, order);
    for (int i = 0; i < n; i++) {
        int p = order[i];
        /* quote every text field: names may hold commas */
        fputc('"', f);
        for (const char *s = t->point_names[p]; *s != '\0'; s++)
            fprintf(f, *s == '"' ? "\"\"" : "%c", *s);
        fputc('"', f);
        for (int k = 0; k < t->n_factors; k++) {
            char buf[512];
            fputs(",\"", f);
            for (const char *s = factor_text(t, p, k, buf, sizeof buf, 15); *s != '\0'; s++)
                fprintf(f, *s == '"' ? "\"\"" : "%c", *s);
            fputc('"', f);
        }
        fprintf(f, ",%ld", t->replications[p]);
        for (int j = 0; j < t->n_cols; j++) {
            size_t at = (size_t)p * (size_t)t->n_cols + (size_t)j;
            cn_whatif_est v, d;
            int sig = 0;
            cn_whatif_value(&t->acc[at], t->cols[j].kind, &v);
            if (p == t->baseline)
                d.est = d.lo = d.hi = NAN;
            else
                cn_whatif_delta(&t->diff[at], t->cols[j].kind, &d, &sig);
            double vals[6] = {v.est, v.lo, v.hi, d.est, d.lo, d.hi};
            for (int q = 0; q < 6; q++) {
                if (isnan(vals[q]))
                    fputc(',', f);
                else
                    fprintf(f, ",%.6f", vals[q] + 0.0);
            }
            fputs(p == t->baseline || isnan(d.lo) ? "," : sig ? ",1" : ",0", f);
        }
        fputs(t->done[p] ? ",1\n" : ",0\n", f); /* 0: partial (a stopped sweep) */
    }
    free(order);
    return ferror(f) ? CN_EIO : CN_OK;
}

/* ---- notes under a table ------------------------------------------------------------ */

typedef struct {
    char *buf;
    size_t len, cap;
    int failed;
} sbuf;

#if defined(__GNUC__)
__attribute__((format(printf, 2, 3)))
#endif
static void sb_printf(sbuf *b, const char *fmt, ...)
{
    if (b->failed)
        return;
    for (;;) {
        va_list ap;
        va_start(ap, fmt);
        int n = vsnprintf(b->buf != NULL ? b->buf + b->len : NULL, b->buf != NULL ? b->cap - b->len : 0, fmt, ap);
        va_end(ap);
        if (n < 0) {
            b->failed = 1;
            return;
        }
        if (b->buf != NULL && b->len + (size_t)n < b->cap) {
            b->len += (size_t)n;
            return;
        }
        size_t cap = (b->cap > 0 ? b->cap * 2 : 1024) + (size_t)n;
        char *nb = realloc(b->buf, cap);
        if (nb == NULL) {
            b->failed = 1;
            return;
        }
        b->buf = nb;
        b->cap = cap;
    }
}

static void sb_escaped(sbuf *b, const char *text, cn_whatif_format fmt)
{
    char *e = escape(text, fmt);
    if (e == NULL) {
        b->failed = 1;
        return;
    }
    sb_printf(b, "%s", e);
    free(e);
}

/* Per format: how a note starts and ends, and the symbols. */
static void note_begin(sbuf *b, cn_whatif_format fmt)
{
    sb_printf(b, "%s", fmt == CN_WHATIF_MD ? "- " : fmt == CN_WHATIF_HTML ? "<li>" : "");
}

static void note_end(sbuf *b, cn_whatif_format fmt)
{
    sb_printf(b, "%s", fmt == CN_WHATIF_HTML ? "</li>\n" : fmt == CN_WHATIF_TEX ? "\\par\n" : "\n");
}

/* The notes under the what-if table: what the intervals and the
 * differences mean, which differences are conditional, how counts are
 * rounded, where factor values come from, the metric keys. */
/* A note naming the columns with the same value in every replication of
 * every point shown (order: the n shown points). */
static void note_constant(sbuf *b, const cn_whatif_table *t, cn_whatif_format fmt,
                          const int *order, int n)
{
    int n_const = 0;
    for (int j = 0; j < t->n_cols && n > 0; j++) {
        const cn_whatif_acc *a0 = &t->acc[(size_t)order[0] * (size_t)t->n_cols + (size_t)j];
        int same = a0->n > 0;
        for (int i = 0; i < n && same; i++) {
            const cn_whatif_acc *a = &t->acc[(size_t)order[i] * (size_t)t->n_cols + (size_t)j];
            same = a->n == 0 || (a->min == a->max && a->min == a0->min);
        }
        if (!same)
            continue;
        cn_metric_info mi;
        cn_metrics_info(t->cols[j].name, t->cols[j].kind, &mi);
        if (n_const++ == 0) {
            note_begin(b, fmt);
            sb_printf(b, "Constant: ");
        } else {
            sb_printf(b, "; ");
        }
        sb_escaped(b, mi.label, fmt);
        sb_printf(b, " (%g)", a0->min);
    }
    if (n_const > 0) {
        sb_printf(b, ". %s the same value in every replication of every point shown: nothing "
                     "in the design moves %s.", n_const == 1 ? "This column has" : "These "
                     "columns have", n_const == 1 ? "it" : "them");
        note_end(b, fmt);
    }
}

/* What the intervals measure: with the inputs' table, without it though
 * the scenario draws uncertain inputs, or with no uncertain inputs. */
static void note_intervals(sbuf *b, const cn_whatif_table *t, const char *pct)
{
    if (t->input_sd != NULL)
        sb_printf(b, "Intervals: a probability with its 95%s Wilson interval, or a mean with its "
                      "95%s t interval, over the point's replications, taken as independent; the "
                      "inputs are uncertain here (drawn once per input group), so the Monte "
                      "Carlo interval over input groups and the spread due to the inputs are "
                      "given apart in the table of uncertain inputs.", pct, pct);
    else if (t->input_group > 0)
        sb_printf(b, "Intervals: a probability with its 95%s Wilson interval, or a mean with its "
                      "95%s t interval, over the point's replications, taken as independent; "
                      "the replications of an input group (%d) share one draw of the uncertain "
                      "inputs, so the interval understates Monte Carlo noise and does not give "
                      "the spread due to the inputs: keep the runs (--keep-runs) for both.",
                  pct, pct, t->input_group);
    else
        sb_printf(b, "Intervals: a probability with its 95%s Wilson interval, or a mean with its "
                      "95%s t interval, over the point's replications. They measure Monte Carlo "
                      "noise (a finite number of replications) only, not uncertainty about the "
                      "model's parameters or inputs.", pct, pct);
}

static char *table_notes(const cn_whatif_table *t, cn_whatif_format fmt)
{
    sbuf b = {0};
    const char *pct = fmt == CN_WHATIF_TEX ? "\\%" : "%";
    const char *D = delta_name(fmt);
    if (fmt == CN_WHATIF_HTML)
        sb_printf(&b, "<ul class=\"notes\">\n");
    if (fmt == CN_WHATIF_TEX)
        sb_printf(&b, "\\textit{Notes.} ");
    note_begin(&b, fmt);
    note_intervals(&b, t, pct);
    note_end(&b, fmt);
    note_begin(&b, fmt);
    sb_printf(&b, "%s: the point minus the baseline, the mean of the differences taken "
                  "replication by replication on common random numbers (replication k of every "
                  "point draws the same random stream), %s the half-width of its 95%s interval; "
                  "%s marks a difference whose interval excludes 0.", D, pm(fmt), pct,
              fmt == CN_WHATIF_MD ? "\\*" : fmt == CN_WHATIF_TEX ? "$^{*}$" : "*");
    note_end(&b, fmt);
    int *order = malloc((size_t)(t->n_points > 0 ? t->n_points : 1) * sizeof *order);
    if (order == NULL) {
        free(b.buf);
        return NULL;
    }
    int n = shown_points(t, order), n_cond = 0, n_states = 0;
    note_constant(&b, t, fmt, order, n);
    for (int j = 0; j < t->n_cols; j++) {
        cn_metric_info mi;
        cn_metrics_info(t->cols[j].name, t->cols[j].kind, &mi);
        int cond = 0;
        for (int i = 0; i < n && !cond; i++)
            cond = t->acc[(size_t)order[i] * (size_t)t->n_cols + (size_t)j].missing > 0;
        if (cond) {
            if (n_cond == 0) {
                note_begin(&b, fmt);
                sb_printf(&b, "Conditional %s: ", D);
            } else {
                sb_printf(&b, "; ");
            }
            sb_escaped(&b, mi.label, fmt);
            n_cond++;
        }
        n_states += mi.decimals == 0;
    }
    free(order);
    if (n_cond > 0) {
        sb_printf(&b, ". %s exist only in replications where a text was adopted: the value is "
                      "the mean over those replications, and %s is over the replications where "
                      "both the point and the baseline adopted, so it can differ from the "
                      "difference of the two values.", n_cond == 1 ? "This metric" : "These metrics", D);
        note_end(&b, fmt);
    }
    if (n_states > 0) {
        note_begin(&b, fmt);
        sb_printf(&b, "Counts of states are shown in whole states; their %s, a mean of "
                      "differences, with one decimal.", D);
        note_end(&b, fmt);
    }
    if (t->n_factors > 0) {
        note_begin(&b, fmt);
        if (t->baseline_labels != NULL)
            sb_printf(&b, "Factor values: as set at each point; the baseline (and a factor a "
                          "point leaves as written) shows the scenario's own value.");
        else
            sb_printf(&b, "Factor values: as set at each point; \"as written\": the scenario's "
                          "own value.");
        note_end(&b, fmt);
    }
    if (t->n_cols > 0) {
        note_begin(&b, fmt);
        sb_printf(&b, "Columns (names for --metrics): ");
        for (int j = 0; j < t->n_cols; j++) {
            sb_printf(&b, "%s", j > 0 ? ", " : "");
            if (fmt == CN_WHATIF_MD)
                sb_printf(&b, "`%s`", t->cols[j].name);
            else
                sb_escaped(&b, t->cols[j].name, fmt);
        }
        sb_printf(&b, ".");
        note_end(&b, fmt);
    }
    if (fmt == CN_WHATIF_HTML)
        sb_printf(&b, "</ul>\n");
    if (b.failed) {
        free(b.buf);
        return NULL;
    }
    return b.buf;
}

/* What every format of the table shows: the tables (as text too, for
 * TeX, whose blocks their widths size), the notes and the intro lines. */
typedef struct {
    grid main, sens, mmain, msens, prim, mprim, spread, mspread;
    char prim_intro[1024];        /* the scenario discovery sentence ("": none) */
    char spread_intro[1024];      /* what the input spread table says ("": none) */
    const char *method, *mmethod; /* the sensitivity method (NULL: none) */
    int sens_fixed;               /* leading columns of the sensitivity table */
    char *notes;
    char reps[96], intro[512], missing[256];
    int fixed;                    /* leading columns repeated in every block */
} whatif_doc;

static void doc_free(whatif_doc *w)
{
    free(w->notes);
    grid_free(&w->main);
    grid_free(&w->sens);
    grid_free(&w->mmain);
    grid_free(&w->msens);
    grid_free(&w->prim);
    grid_free(&w->mprim);
    grid_free(&w->spread);
    grid_free(&w->mspread);
}

static int doc_build(const cn_whatif_table *t, cn_whatif_format fmt, whatif_doc *w)
{
    int rc = build_main(t, fmt, &w->main);
    if (rc == CN_OK)
        rc = build_sens(t, fmt, &w->sens, &w->method);
    if (rc == CN_OK && fmt == CN_WHATIF_TEX) {
        /* the same tables as terminal text: their widths size the LaTeX blocks */
        rc = build_main(t, CN_WHATIF_TEXT, &w->mmain);
        if (rc == CN_OK)
            rc = build_sens(t, CN_WHATIF_TEXT, &w->msens, &w->mmethod);
    }
    if (rc == CN_OK && t->input_sd != NULL && t->input_share != NULL && t->mc_se != NULL) {
        rc = build_spread(t, fmt, &w->spread);
        if (rc == CN_OK && fmt == CN_WHATIF_TEX)
            rc = build_spread(t, CN_WHATIF_TEXT, &w->mspread);
        if (rc == CN_OK)
            snprintf(w->spread_intro, sizeof w->spread_intro,
                     "Uncertain inputs against Monte Carlo noise (per-run results; input groups of "
                     "%d replications share one draw of the uncertain inputs): inputs sd, the "
                     "standard deviation of the expected outcome across the drawn inputs (for a "
                     "probability, of the probability; one-way random effects over input "
                     "groups), with its share of the variance of single replications; MC +/-, "
                     "the half-width of the 95%% Monte Carlo interval of the mean over input "
                     "groups (replications of a group are not independent: this is the honest "
                     "Monte Carlo interval when inputs are uncertain). More replications shrink "
                     "MC +/-, never the inputs sd.",
                     t->input_group);
    }
    if (rc == CN_OK && t->prim_col > 0 && t->prim_col <= t->n_cols) {
        rc = build_prim(t, fmt, &w->prim, w->prim_intro, sizeof w->prim_intro);
        if (rc == CN_OK && fmt == CN_WHATIF_TEX && w->prim.rows > 0)
            rc = build_prim(t, CN_WHATIF_TEXT, &w->mprim, w->prim_intro, sizeof w->prim_intro);
    }
    if (rc == CN_OK && (w->notes = table_notes(t, fmt)) == NULL)
        rc = CN_ENOMEM;
    if (rc != CN_OK)
        return rc;
    long lo, hi = max_reps(t, &lo);
    int done = 0;
    for (int p = 0; p < t->n_points; p++)
        done += t->done[p];
    if (lo == hi)
        snprintf(w->reps, sizeof w->reps, "%ld replications per point", hi);
    else
        snprintf(w->reps, sizeof w->reps, "%ld to %ld replications per point", lo, hi);
    snprintf(w->intro, sizeof w->intro, "%s design, %d point%s, %s, seed %lu (%s).", t->design,
             t->n_points, t->n_points == 1 ? "" : "s", w->reps, t->seed, t->generator);
    int partial = 0;
    for (int p = 0; p < t->n_points; p++)
        partial += is_partial(t, p);
    if (done < t->n_points && partial > 0)
        snprintf(w->missing, sizeof w->missing,
                 "Incomplete: %d of %d points finished; %d marked (partial) show the "
                 "replications run so far (runs), and are left out of the sensitivity%s.",
                 done, t->n_points, partial,
                 done + partial < t->n_points ? "; the others are not shown" : "");
    else if (done < t->n_points)
        snprintf(w->missing, sizeof w->missing, "Incomplete: %d of %d points finished; the "
                                                "others are not shown.", done, t->n_points);
    w->fixed = 2 + t->n_factors;
    w->sens_fixed = w->method != NULL
                            && (strcmp(w->method, "Sobol") == 0 || strcmp(w->method, "Morris") == 0)
                        ? 2
                        : 1;
    return CN_OK;
}

static void write_text_doc(FILE *f, const cn_whatif_table *t, const whatif_doc *w, int width)
{
    fprintf(f, "%s: what-if (%s design), %s\n\n", t->scenario, t->design, w->reps);
    render_text(f, &w->main, w->fixed, 2, width);
    fprintf(f, "\n%s", w->notes);
    if (w->missing[0] != '\0')
        fprintf(f, "%s\n", w->missing);
    if (w->spread.rows > 0) {
        fprintf(f, "\n%s\n\n", w->spread_intro);
        render_text(f, &w->spread, 1, 2, width);
    }
    if (w->method != NULL) {
        fprintf(f, "\nsensitivity: %s\n\n", method_text(w->method));
        render_text(f, &w->sens, w->sens_fixed, 1, width);
    }
    if (w->prim_intro[0] != '\0')
        fprintf(f, "\n%s\n", w->prim_intro);
    if (w->prim.rows > 0) {
        fputc('\n', f);
        render_text(f, &w->prim, 1, 1, width);
    }
}

static void write_md_doc(FILE *f, const cn_whatif_table *t, const whatif_doc *w)
{
    fprintf(f, "# What-if: %s\n\n", t->scenario);
    if (t->description != NULL && t->description[0] != '\0')
        fprintf(f, "%s\n\n", t->description);
    fprintf(f, "%s\n\n", w->intro);
    if (w->missing[0] != '\0')
        fprintf(f, "%s\n\n", w->missing);
    render_md(f, &w->main);
    fprintf(f, "\nNotes:\n\n%s", w->notes);
    if (w->spread.rows > 0) {
        fprintf(f, "\n## Uncertain inputs\n\n%s\n\n", w->spread_intro);
        render_md(f, &w->spread);
    }
    if (w->method != NULL) {
        fprintf(f, "\n## Sensitivity\n\nMethod: %s. Rank in parentheses.\n\n",
                method_text(w->method));
        render_md(f, &w->sens);
    }
    if (w->prim_intro[0] != '\0')
        fprintf(f, "\n## Scenario discovery\n\n%s\n\n", w->prim_intro);
    if (w->prim.rows > 0)
        render_md(f, &w->prim);
    fprintf(f, "\n<!-- cybernorms %s, scenario and design hash %s -->\n", t->version, t->hash);
}

static int write_tex_doc(FILE *f, const cn_whatif_table *t, const whatif_doc *w)
{
    char *name = escape(t->scenario, CN_WHATIF_TEX);
    char *in = escape(w->intro, CN_WHATIF_TEX);
    char *ms = escape(w->missing, CN_WHATIF_TEX);
    char *mt = w->method != NULL ? escape(method_text(w->method), CN_WHATIF_TEX) : NULL;
    int rc = CN_OK;
    if (name == NULL || in == NULL || ms == NULL || (w->method != NULL && mt == NULL)) {
        rc = CN_ENOMEM;
        goto done;
    }
    fprintf(f, "%% What-if tables of %s, written by cybernorms %s (hash %s).\n"
               "%% Needs \\usepackage{booktabs,graphicx}; sized for an A4 article (345pt).\n",
            t->scenario, t->version, t->hash);
    char cap[4096], short_cap[512];
    snprintf(cap, sizeof cap, "What-if: %s. %s%s%s", name, in, ms[0] != '\0' ? " " : "", ms);
    snprintf(short_cap, sizeof short_cap, "What-if: %s", name);
    render_tex(f, &w->main, &w->mmain, w->fixed, 2, cap, short_cap, w->notes);
    if (w->spread.rows > 0) {
        char *si = escape(w->spread_intro, CN_WHATIF_TEX);
        if (si == NULL) {
            rc = CN_ENOMEM;
            goto done;
        }
        snprintf(cap, sizeof cap, "%s", si);
        snprintf(short_cap, sizeof short_cap, "Uncertain inputs, %s", name);
        render_tex(f, &w->spread, &w->mspread, 1, 2, cap, short_cap, NULL);
        free(si);
    }
    if (w->method != NULL) {
        snprintf(cap, sizeof cap, "Sensitivity of %s. Method: %s. Rank in parentheses.", name,
                 mt);
        snprintf(short_cap, sizeof short_cap, "Sensitivity of %s", name);
        render_tex(f, &w->sens, &w->msens, w->sens_fixed, 1, cap, short_cap, NULL);
    }
    if (w->prim.rows > 0) {
        char *pi = escape(w->prim_intro, CN_WHATIF_TEX);
        if (pi == NULL) {
            rc = CN_ENOMEM;
            goto done;
        }
        snprintf(cap, sizeof cap, "%s", pi);
        snprintf(short_cap, sizeof short_cap, "Scenario discovery, %s", name);
        render_tex(f, &w->prim, &w->mprim, 1, 1, cap, short_cap, NULL);
        free(pi);
    }
done:
    free(name);
    free(in);
    free(ms);
    free(mt);
    return rc;
}

static int write_html_doc(FILE *f, const cn_whatif_table *t, const whatif_doc *w)
{
    char *name = escape(t->scenario, CN_WHATIF_HTML);
    char *desc = escape(t->description != NULL ? t->description : "", CN_WHATIF_HTML);
    char *in = escape(w->intro, CN_WHATIF_HTML);
    char *mt = w->method != NULL ? escape(method_text(w->method), CN_WHATIF_HTML) : NULL;
    int rc = CN_OK;
    if (name == NULL || desc == NULL || in == NULL || (w->method != NULL && mt == NULL)) {
        rc = CN_ENOMEM;
        goto done;
    }
    fprintf(f, "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n"
               "<title>What-if: %s</title>\n<style>\n"
               "body { font-family: sans-serif; margin: 2em; }\n"
               "table { border-collapse: collapse; margin: 1em 0; }\n"
               "th, td { padding: 0.2em 0.6em; border-bottom: 1px solid #ccc; }\n"
               "td.num { text-align: right; font-variant-numeric: tabular-nums; }\n"
               "ul.notes { font-size: 0.85em; color: #333; max-width: 60em; }\n"
               "</style>\n</head>\n<body>\n<h1>What-if: %s</h1>\n",
            name, name);
    if (desc[0] != '\0')
        fprintf(f, "<p>%s</p>\n", desc);
    fprintf(f, "<p>%s</p>\n", in);
    if (w->missing[0] != '\0')
        fprintf(f, "<p>%s</p>\n", w->missing);
    render_html(f, &w->main);
    fputs(w->notes, f);
    if (w->spread.rows > 0) {
        char *si = escape(w->spread_intro, CN_WHATIF_HTML);
        if (si == NULL) {
            rc = CN_ENOMEM;
            goto done;
        }
        fprintf(f, "<h2>Uncertain inputs</h2>\n<p>%s</p>\n", si);
        free(si);
        render_html(f, &w->spread);
    }
    if (w->method != NULL) {
        fprintf(f, "<h2>Sensitivity</h2>\n<p>Method: %s. Rank in parentheses.</p>\n", mt);
        render_html(f, &w->sens);
    }
    if (w->prim_intro[0] != '\0') {
        char *pi = escape(w->prim_intro, CN_WHATIF_HTML);
        if (pi == NULL) {
            rc = CN_ENOMEM;
            goto done;
        }
        fprintf(f, "<h2>Scenario discovery</h2>\n<p>%s</p>\n", pi);
        free(pi);
    }
    if (w->prim.rows > 0)
        render_html(f, &w->prim);
    fprintf(f, "<p><small>cybernorms %s, scenario and design hash %s</small></p>\n"
               "</body>\n</html>\n", t->version, t->hash);
done:
    free(name);
    free(desc);
    free(in);
    free(mt);
    return rc;
}

int cn_whatif_write(FILE *f, const cn_whatif_table *t, cn_whatif_format fmt, int width)
{
    if (fmt == CN_WHATIF_CSV)
        return write_csv(f, t);
    if (fmt != CN_WHATIF_TEXT && fmt != CN_WHATIF_MD && fmt != CN_WHATIF_TEX
        && fmt != CN_WHATIF_HTML)
        return CN_EINPUT;
    whatif_doc w;
    memset(&w, 0, sizeof w);
    int rc = doc_build(t, fmt, &w);
    if (rc == CN_OK) {
        if (fmt == CN_WHATIF_TEXT)
            write_text_doc(f, t, &w, width > 0 ? width : 100);
        else if (fmt == CN_WHATIF_MD)
            write_md_doc(f, t, &w);
        else if (fmt == CN_WHATIF_TEX)
            rc = write_tex_doc(f, t, &w);
        else
            rc = write_html_doc(f, t, &w);
    }
    doc_free(&w);
    if (rc == CN_OK && ferror(f))
        rc = CN_EIO;
    return rc;
}
