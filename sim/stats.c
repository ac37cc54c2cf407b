/* stats.c - streaming statistics over replications (cn_stats.h).
 *
 * Per column: n, missing, a running mean and sum of squared deviations
 * (Welford 1962; merged with the pairwise formula of Chan, Golub and
 * LeVeque 1979), min, max, successes, and a gsl_histogram.  Everything is
 * allocated in cn_stats_alloc; cn_stats_add allocates nothing, and memory
 * depends on the layout only, never on the number of rows.
 *
 * Histograms.
 *   COUNT and BINARY columns: one bin per integer, bin i = [lo+i-0.5,
 *   lo+i+0.5), when hi-lo+1 <= CN_STATS_MAX_COUNT_BINS ("exact" columns).
 *   A wider COUNT column falls back to CN_STATS_BINS equal bins over
 *   [lo-0.5, hi+0.5].  (BINARY columns are integers in {0, 1}: two exact
 *   bins give exact quantiles where 2000 bins over [0, 1] would not.)
 *   REAL columns: CN_STATS_BINS equal bins over [lo, hi].
 *   A value outside the histogram's range is clamped into the end bin.
 *
 * Quantiles.  Let n be the number of values, c_i the count of bin i and
 * C_i = c_0 + ... + c_i.
 *   Exact columns: the q-quantile is the value of the first bin with
 *   C_i >= k, where k = max(1, ceil(q n)): the k-th smallest value (the
 *   inverse of the empirical distribution function, Hyndman and Fan's
 *   type 1).  E.g. 1,2,2,3,9: median k = 3 -> 2; p05 k = 1 -> 1;
 *   p95 k = 5 -> 9.  For an even n the median is the lower middle value.
 *   Binned columns: values are taken as spread uniformly inside their bin,
 *   and the q-quantile is the point where that piecewise-linear cumulative
 *   count reaches t = q n: in the first bin i with C_i >= t (and c_i > 0),
 *   x = a_i + (t - C_{i-1}) / c_i * (b_i - a_i) for bin [a_i, b_i).
 *   The result is then clamped to [min, max] of the values seen, and for a
 *   fallback COUNT column rounded to the nearest integer.
 */
#include "cn_stats.h"

#include <math.h>
#include <stdlib.h>

#include <gsl/gsl_histogram.h>

/* Normal quantile for a two-sided 95% interval. */
#define CN_STATS_Z95 1.959964

typedef struct {
    long n, missing, successes;
    double mean, m2;       /* running mean and sum of squared deviations */
    double min, max;
    int exact;             /* 1: one bin per integer */
    double clamp_hi;       /* a value inside the last bin, for clamping */
    gsl_histogram *h;
} cn_column;

struct cn_stats {
    const cn_metrics_layout *L;
    long rows;
    cn_column *col;
};

static void column_reset(cn_column *c)
{
    c->n = 0;
    c->missing = 0;
    c->successes = 0;
    c->mean = 0.0;
    c->m2 = 0.0;
    c->min = INFINITY;
    c->max = -INFINITY;
    gsl_histogram_reset(c->h);
}

/* Allocates the histogram of column c for metric m; 0 or -1 (no memory). */
static int column_init(cn_column *c, const cn_metric *m)
{
    double lo = m->lo, hi = m->hi;
    if (!(hi >= lo)) /* an empty or reversed range: keep one unit */
        hi = lo + 1.0;
    size_t bins;
    c->exact = 0;
    if (m->kind == CN_METRIC_REAL) {
        bins = CN_STATS_BINS;
        if (hi == lo)
            hi = lo + 1.0;
    } else {
        lo = floor(lo + 0.5);
        hi = floor(hi + 0.5);
        double span = hi - lo + 1.0;
        if (span <= CN_STATS_MAX_COUNT_BINS) {
            bins = (size_t)span;
            c->exact = 1;
        } else {
            bins = CN_STATS_BINS;
        }
        lo -= 0.5;
        hi += 0.5;
    }
    c->h = gsl_histogram_alloc(bins);
    if (c->h == NULL)
        return -1;
    if (c->exact) {
        /* Integer edges: lo + i - 0.5 exactly, whatever the bin count. */
        for (size_t i = 0; i <= bins; i++)
            c->h->range[i] = lo + (double)i;
    } else {
        gsl_histogram_set_ranges_uniform(c->h, lo, hi);
    }
    c->clamp_hi = 0.5 * (c->h->range[bins - 1] + c->h->range[bins]);
    column_reset(c);
    return 0;
}

cn_stats *cn_stats_alloc(const cn_metrics_layout *L)
{
    cn_stats *st = calloc(1, sizeof *st);
    if (st == NULL)
        return NULL;
    st->L = L;
    st->col = calloc(L->n > 0 ? (size_t)L->n : 1, sizeof *st->col);
    if (st->col == NULL)
        goto fail;
    for (int j = 0; j < L->n; j++)
        if (column_init(&st->col[j], &L->m[j]) != 0)
            goto fail;
    return st;
fail:
    cn_stats_free(st);
    return NULL;
}

void cn_stats_free(cn_stats *st)
{
    if (st == NULL)
        return;
    if (st->col != NULL)
        for (int j = 0; j < st->L->n; j++)
            if (st->col[j].h != NULL)
                gsl_histogram_free(st->col[j].h);
    free(st->col);
    free(st);
}

void cn_stats_reset(cn_stats *st)
{
    st->rows = 0;
    for (int j = 0; j < st->L->n; j++)
        column_reset(&st->col[j]);
}

void cn_stats_add(cn_stats *st, const double *row)
{
    st->rows++;
    for (int j = 0; j < st->L->n; j++) {
        cn_column *c = &st->col[j];
        double x = row[j];
        if (isnan(x)) {
            c->missing++;
            continue;
        }
        c->n++;
        double d = x - c->mean;
        c->mean += d / (double)c->n;
        c->m2 += d * (x - c->mean);
        if (x < c->min)
            c->min = x;
        if (x > c->max)
            c->max = x;
        if (x == 1.0)
            c->successes++;
        const size_t nb = c->h->n;
        if (x < c->h->range[0])
            x = c->h->range[0];
        else if (x >= c->h->range[nb])
            x = c->clamp_hi;
        gsl_histogram_increment(c->h, x);
    }
}

void cn_stats_merge(cn_stats *dst, const cn_stats *src)
{
    dst->rows += src->rows;
    for (int j = 0; j < dst->L->n; j++) {
        cn_column *a = &dst->col[j];
        const cn_column *b = &src->col[j];
        a->missing += b->missing;
        if (b->n == 0)
            continue;
        if (a->n == 0) {
            a->mean = b->mean;
            a->m2 = b->m2;
        } else {
            double na = (double)a->n, nb = (double)b->n, n = na + nb;
            double d = b->mean - a->mean;
            a->mean += d * nb / n;
            a->m2 += b->m2 + d * d * na * nb / n;
        }
        a->n += b->n;
        a->successes += b->successes;
        if (b->min < a->min)
            a->min = b->min;
        if (b->max > a->max)
            a->max = b->max;
        gsl_histogram_add(a->h, b->h);
    }
}

long cn_stats_count(const cn_stats *st)
{
    return st->rows;
}

void cn_stats_wilson(long k, long n, double z, double *lo, double *hi)
{
    if (n <= 0) {
        *lo = 0.0;
        *hi = 1.0;
        return;
    }
    double nn = (double)n, p = (double)k / nn, z2 = z * z;
    double denom = 1.0 + z2 / nn;
    double centre = (p + z2 / (2.0 * nn)) / denom;
    double half = z / denom * sqrt(p * (1.0 - p) / nn + z2 / (4.0 * nn * nn));
    *lo = centre - half < 0.0 ? 0.0 : centre - half;
    *hi = centre + half > 1.0 ? 1.0 : centre + half;
}

/* The q-quantile of column c (n > 0), as defined at the top of the file. */
static double column_quantile(const cn_column *c, double q, int count_kind)
{
    const gsl_histogram *h = c->h;
    const double n = (double)c->n;
    double x;
    if (c->exact) {
        /* The small tolerance keeps q n = 2.0000000000000004 at k = 2. */
        double k = ceil(q * n - 1e-9);
        if (k < 1.0)
            k = 1.0;
        double cum = 0.0;
        size_t i = 0;
        for (; i < h->n; i++) {
            cum += h->bin[i];
            if (cum >= k)
                break;
        }
        if (i == h->n)
            i = h->n - 1;
        x = 0.5 * (h->range[i] + h->range[i + 1]);
    } else {
        double t = q * n, cum = 0.0;
        size_t i = 0;
        for (; i < h->n; i++) {
            if (h->bin[i] > 0.0 && cum + h->bin[i] >= t)
                break;
            cum += h->bin[i];
        }
        if (i == h->n) {
            x = h->range[h->n];
        } else {
            double frac = (t - cum) / h->bin[i];
            if (frac < 0.0)
                frac = 0.0;
            x = h->range[i] + frac * (h->range[i + 1] - h->range[i]);
        }
    }
    if (x < c->min)
        x = c->min;
    if (x > c->max)
        x = c->max;
    if (count_kind && !c->exact)
        x = floor(x + 0.5);
    return x;
}

void cn_stats_summary(const cn_stats *st, int j, cn_summary *out)
{
    const cn_column *c = &st->col[j];
    const cn_metric_kind kind = st->L->m[j].kind;
    out->n = c->n;
    out->missing = c->missing;
    out->successes = c->successes;
    out->mean = out->sd = out->min = out->max = NAN;
    out->median = out->p05 = out->p95 = NAN;
    out->prob = out->lo = out->hi = NAN;
    if (c->n == 0)
        return;
    out->mean = c->mean;
    if (c->n >= 2)
        out->sd = sqrt(c->m2 / (double)(c->n - 1));
    out->min = c->min;
    out->max = c->max;
    const int count_kind = kind != CN_METRIC_REAL;
    out->median = column_quantile(c, 0.50, count_kind);
    out->p05 = column_quantile(c, 0.05, count_kind);
    out->p95 = column_quantile(c, 0.95, count_kind);
    if (kind == CN_METRIC_BINARY) {
        out->prob = (double)c->successes / (double)c->n;
        cn_stats_wilson(c->successes, c->n, CN_STATS_Z95, &out->lo, &out->hi);
    }
}
