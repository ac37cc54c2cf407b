/* prim.c - PRIM scenario discovery: peeling, the choice rule and pasting
 * (cn_prim.h; Friedman and Fisher 1999).
 *
 * Boxes are inclusive limits at case values, so "in the box" is exactly
 * "within [lo_i, hi_i] on every input"; a mask of the cases in the
 * current box is kept in step with the limits.  One workspace of n
 * doubles and n flags serves every step; the trajectory grows by
 * doubling.  No random numbers: the same data give the same boxes.
 */
#include "cn_prim.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include <gsl/gsl_sort.h>

#include "cn_error.h"

void cn_prim_defaults(cn_prim_opts *o)
{
    o->alpha = CN_PRIM_DEFAULT_ALPHA;
    o->min_support = CN_PRIM_DEFAULT_MIN_SUPPORT;
    o->paste = 1;
}

void cn_prim_result_free(cn_prim_result *r)
{
    if (r == NULL)
        return;
    free(r->lo);
    free(r->hi);
    free(r->coverage);
    free(r->density);
    free(r->support);
    free(r->count);
    free(r->box_lo);
    free(r->box_hi);
    free(r->restricted);
    memset(r, 0, sizeof *r);
}

typedef struct {
    const double *X, *y;
    long n;
    int k;
    double total;   /* sum of y */
    double *vals;   /* n: scratch */
    char *in;       /* n: case in the current box */
} work;

static double xv(const work *w, long j, int i)
{
    return w->X[(size_t)j * (size_t)w->k + (size_t)i];
}

/* 1 when case j lies within lo..hi on every input but skip. */
static int inside_but(const work *w, long j, const double *lo, const double *hi, int skip)
{
    for (int i = 0; i < w->k; i++) {
        if (i == skip)
            continue;
        double x = xv(w, j, i);
        if (x < lo[i] || x > hi[i])
            return 0;
    }
    return 1;
}

/* Grows the trajectory to hold at least need steps. */
static int reserve(cn_prim_result *r, int need, int *cap)
{
    if (need <= *cap)
        return CN_OK;
    int c = *cap > 0 ? *cap * 2 : 64;
    size_t K = (size_t)r->k;
    double *lo = realloc(r->lo, (size_t)c * K * sizeof *lo);
    if (lo != NULL)
        r->lo = lo;
    double *hi = realloc(r->hi, (size_t)c * K * sizeof *hi);
    if (hi != NULL)
        r->hi = hi;
    double *cv = realloc(r->coverage, (size_t)c * sizeof *cv);
    if (cv != NULL)
        r->coverage = cv;
    double *de = realloc(r->density, (size_t)c * sizeof *de);
    if (de != NULL)
        r->density = de;
    double *su = realloc(r->support, (size_t)c * sizeof *su);
    if (su != NULL)
        r->support = su;
    long *ct = realloc(r->count, (size_t)c * sizeof *ct);
    if (ct != NULL)
        r->count = ct;
    if (lo == NULL || hi == NULL || cv == NULL || de == NULL || su == NULL || ct == NULL)
        return CN_ENOMEM;
    *cap = c;
    return CN_OK;
}

static void record(cn_prim_result *r, const work *w, const double *lo, const double *hi,
                   long count, double sum)
{
    int s = r->n_steps++;
    size_t K = (size_t)r->k;
    memcpy(r->lo + (size_t)s * K, lo, K * sizeof *lo);
    memcpy(r->hi + (size_t)s * K, hi, K * sizeof *hi);
    r->count[s] = count;
    r->support[s] = (double)count / (double)w->n;
    r->density[s] = count > 0 ? sum / (double)count : NAN;
    r->coverage[s] = sum / w->total;
}

/* The best peel of the current box: *side 0 lower, 1 upper; returns the
 * factor (-1: none keeps min_count cases) and the cut, count and sum. */
static int best_peel(work *w, double alpha, long min_count,
                     int *side, double *cut, long *count, double *sum)
{
    int best = -1;
    double best_density = -INFINITY;
    for (int i = 0; i < w->k; i++) {
        size_t m = 0;
        for (long j = 0; j < w->n; j++)
            if (w->in[j])
                w->vals[m++] = xv(w, j, i);
        if (m < 2)
            continue;
        gsl_sort(w->vals, 1, m);
        size_t q = (size_t)ceil(alpha * (double)m);
        if (q < 1)
            q = 1;
        for (int sd = 0; sd < 2; sd++) {
            double c = sd == 0 ? w->vals[q - 1] : w->vals[m - q];
            if (sd == 0 ? w->vals[m - 1] <= c : w->vals[0] >= c)
                continue; /* the peel would remove every case */
            long cnt = 0;
            double s = 0.0;
            for (long j = 0; j < w->n; j++) {
                if (!w->in[j])
                    continue;
                double x = xv(w, j, i);
                if (sd == 0 ? x > c : x < c) {
                    cnt++;
                    s += w->y[j];
                }
            }
            if (cnt < min_count)
                continue;
            double d = s / (double)cnt;
            if (d > best_density) {
                best_density = d;
                best = i;
                *side = sd;
                *cut = c;
                *count = cnt;
                *sum = s;
            }
        }
    }
    return best;
}

/* Widens lo/hi (count, sum) while a paste raises the density. */
static void paste(work *w, double *lo, double *hi, double alpha, long *count, double *sum)
{
    for (;;) {
        double cur = *sum / (double)*count, best_d = cur;
        int best = -1, best_side = 0;
        double best_edge = 0.0, best_s = 0.0;
        long best_c = 0;
        long q = (long)ceil(alpha * (double)*count);
        if (q < 1)
            q = 1;
        for (int i = 0; i < w->k; i++)
            for (int sd = 0; sd < 2; sd++) {
                size_t m = 0;
                for (long j = 0; j < w->n; j++) {
                    double x = xv(w, j, i);
                    if ((sd == 0 ? x < lo[i] : x > hi[i]) && inside_but(w, j, lo, hi, i))
                        w->vals[m++] = x;
                }
                if (m == 0)
                    continue;
                gsl_sort(w->vals, 1, m);
                size_t take = (size_t)q < m ? (size_t)q : m;
                double edge = sd == 0 ? w->vals[m - take] : w->vals[take - 1];
                long c = *count;
                double s = *sum;
                for (long j = 0; j < w->n; j++) {
                    double x = xv(w, j, i);
                    int added = sd == 0 ? x >= edge && x < lo[i] : x <= edge && x > hi[i];
                    if (added && inside_but(w, j, lo, hi, i)) {
                        c++;
                        s += w->y[j];
                    }
                }
                double d = s / (double)c;
                if (d > best_d) {
                    best_d = d;
                    best = i;
                    best_side = sd;
                    best_edge = edge;
                    best_c = c;
                    best_s = s;
                }
            }
        if (best < 0)
            return;
        if (best_side == 0)
            lo[best] = best_edge;
        else
            hi[best] = best_edge;
        *count = best_c;
        *sum = best_s;
    }
}

int cn_prim_find(const double *X, const double *y, long n, int k, const cn_prim_opts *o,
                 cn_prim_result *r)
{
    memset(r, 0, sizeof *r);
    cn_prim_opts def;
    if (o == NULL) {
        cn_prim_defaults(&def);
        o = &def;
    }
    if (n < 2 || k < 1 || !(o->alpha > 0.0 && o->alpha < 0.5)
        || !(o->min_support > 0.0 && o->min_support < 1.0))
        return CN_EINPUT;
    double total = 0.0;
    for (long j = 0; j < n; j++) {
        if (isnan(y[j]))
            return CN_EINPUT;
        total += y[j];
        for (int i = 0; i < k; i++)
            if (isnan(X[(size_t)j * (size_t)k + (size_t)i]))
                return CN_EINPUT;
    }
    if (!(total > 0.0))
        return CN_EINPUT;
    work w = {X, y, n, k, total, malloc((size_t)n * sizeof(double)), malloc((size_t)n)};
    size_t K = (size_t)k;
    double *lo = malloc(K * sizeof *lo), *hi = malloc(K * sizeof *hi);
    r->k = k;
    r->box_lo = malloc(K * sizeof *r->box_lo);
    r->box_hi = malloc(K * sizeof *r->box_hi);
    r->restricted = calloc(K, sizeof *r->restricted);
    int cap = 0, rc = CN_ENOMEM;
    if (w.vals == NULL || w.in == NULL || lo == NULL || hi == NULL || r->box_lo == NULL
        || r->box_hi == NULL || r->restricted == NULL || reserve(r, 1, &cap) != CN_OK)
        goto fail;
    for (int i = 0; i < k; i++) {
        lo[i] = hi[i] = X[i];
        for (long j = 1; j < n; j++) {
            double x = X[(size_t)j * K + (size_t)i];
            lo[i] = x < lo[i] ? x : lo[i];
            hi[i] = x > hi[i] ? x : hi[i];
        }
    }
    memset(w.in, 1, (size_t)n);
    record(r, &w, lo, hi, n, total);
    r->mean_all = total / (double)n;
    long min_count = (long)ceil(o->min_support * (double)n);
    for (;;) {
        int side = 0;
        double cut = 0.0, sum = 0.0;
        long count = 0;
        int i = best_peel(&w, o->alpha, min_count, &side, &cut, &count, &sum);
        if (i < 0)
            break;
        double nlo = INFINITY, nhi = -INFINITY;
        for (long j = 0; j < n; j++) {
            if (!w.in[j])
                continue;
            double x = X[(size_t)j * K + (size_t)i];
            if (side == 0 ? x <= cut : x >= cut) {
                w.in[j] = 0;
                continue;
            }
            nlo = x < nlo ? x : nlo;
            nhi = x > nhi ? x : nhi;
        }
        lo[i] = nlo;
        hi[i] = nhi;
        if (reserve(r, r->n_steps + 1, &cap) != CN_OK)
            goto fail;
        record(r, &w, lo, hi, count, sum);
    }
    /* the choice rule */
    r->chosen = 0;
    for (int s = 1; s < r->n_steps; s++)
        if (r->coverage[s] * r->density[s] > r->coverage[r->chosen] * r->density[r->chosen])
            r->chosen = s;
    memcpy(r->box_lo, r->lo + (size_t)r->chosen * K, K * sizeof *lo);
    memcpy(r->box_hi, r->hi + (size_t)r->chosen * K, K * sizeof *hi);
    long count = 0;
    double sum = 0.0;
    for (long j = 0; j < n; j++)
        if (inside_but(&w, j, r->box_lo, r->box_hi, -1)) {
            count++;
            sum += y[j];
        }
    if (o->paste)
        paste(&w, r->box_lo, r->box_hi, o->alpha, &count, &sum);
    r->n_box = count;
    r->box_support = (double)count / (double)n;
    r->box_density = sum / (double)count;
    r->box_coverage = sum / total;
    for (int i = 0; i < k; i++)
        r->restricted[i] = r->box_lo[i] > r->lo[i] || r->box_hi[i] < r->hi[i];
    rc = CN_OK;
fail:
    free(w.vals);
    free(w.in);
    free(lo);
    free(hi);
    if (rc != CN_OK)
        cn_prim_result_free(r);
    return rc;
}
