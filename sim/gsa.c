/* gsa.c - global sensitivity: Saltelli designs and Sobol indices with
 * bootstrap intervals, Morris trajectories and elementary effects
 * (cn_gsa.h; equations and references there and in docs/sweeps.md).
 *
 * Every random draw goes through a gsl_rng passed in (Morris) or one
 * seeded here from the caller's seed (bootstrap), so the same inputs give
 * the same indices, bit for bit.  The estimators are one pass over the
 * rows; a bootstrap replicate resamples row indices on the fly and keeps
 * only sums, so memory is 2 k n_boot doubles for the replicates.
 */
#include "cn_gsa.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include <gsl/gsl_qrng.h>
#include <gsl/gsl_randist.h>
#include <gsl/gsl_sort.h>
#include <gsl/gsl_statistics_double.h>

#include "cn_error.h"

long cn_gsa_saltelli_rows(int k, long n)
{
    return (long)(k + 2) * n;
}

int cn_gsa_saltelli_sample(int k, long n, double *X)
{
    if (k < 1 || k > CN_GSA_MAX_SOBOL_FACTORS || n < 2)
        return CN_EINPUT;
    gsl_qrng *q = gsl_qrng_alloc(gsl_qrng_sobol, (unsigned)(2 * k));
    if (q == NULL)
        return CN_ENOMEM;
    double u[2 * CN_GSA_MAX_SOBOL_FACTORS];
    size_t K = (size_t)k;
    gsl_qrng_get(q, u); /* the first point (the corner or centre) is skipped */
    for (long j = 0; j < n; j++) {
        gsl_qrng_get(q, u);
        double *a = X + (size_t)j * K;
        double *b = X + ((size_t)n + (size_t)j) * K;
        memcpy(a, u, K * sizeof *u);
        memcpy(b, u + K, K * sizeof *u);
        for (size_t i = 0; i < K; i++) {
            double *ab = X + ((2 + i) * (size_t)n + (size_t)j) * K;
            memcpy(ab, a, K * sizeof *ab);
            ab[i] = b[i];
        }
    }
    gsl_qrng_free(q);
    return CN_OK;
}

void cn_gsa_scale(double *X, long rows, int k, const double *lo, const double *hi)
{
    for (long j = 0; j < rows; j++)
        for (int i = 0; i < k; i++) {
            double *x = &X[(size_t)j * (size_t)k + (size_t)i];
            *x = lo[i] + *x * (hi[i] - lo[i]);
        }
}

/* S_i and ST_i over the rows 0..n-1 (rng NULL) or over n rows drawn with
 * replacement from rng (a bootstrap replicate); returns V.  Outputs are
 * centred on the mean of A and B first (as SALib does), which keeps the
 * product f_B (f_ABi - f_A) from carrying the mean's square as noise. */
static double estimate(int k, long n, const double *y, double centre, gsl_rng *rng, double *s1,
                       double *st)
{
    const double *fa = y, *fb = y + n;
    double sum = 0.0, sum2 = 0.0;
    for (int i = 0; i < k; i++)
        s1[i] = st[i] = 0.0;
    for (long t = 0; t < n; t++) {
        long j = rng != NULL ? (long)gsl_rng_uniform_int(rng, (unsigned long)n) : t;
        double a = fa[j] - centre, b = fb[j] - centre;
        sum += a + b;
        sum2 += a * a + b * b;
        for (int i = 0; i < k; i++) {
            double ab = y[(size_t)(2 + i) * (size_t)n + (size_t)j] - centre;
            s1[i] += b * (ab - a);
            st[i] += (a - ab) * (a - ab);
        }
    }
    double m = sum / (2.0 * (double)n);
    double v = (sum2 - 2.0 * (double)n * m * m) / (2.0 * (double)n - 1.0);
    for (int i = 0; i < k; i++) {
        s1[i] = v > 0.0 ? s1[i] / (double)n / v : NAN;
        st[i] = v > 0.0 ? st[i] / (2.0 * (double)n) / v : NAN;
    }
    return v;
}

int cn_gsa_sobol_indices(int k, long n, const double *y, int n_boot, unsigned long seed,
                         cn_gsa_sobol *out, double *var)
{
    if (k < 1 || k > CN_GSA_MAX_SOBOL_FACTORS || n < 2 || n_boot < 0)
        return CN_EINPUT;
    long rows = cn_gsa_saltelli_rows(k, n);
    int constant = 1;
    double centre = 0.0;
    for (long j = 0; j < rows; j++) {
        if (isnan(y[j]))
            return CN_EINPUT;
        constant &= y[j] == y[0];
        if (j < 2 * n)
            centre += y[j];
    }
    centre /= 2.0 * (double)n;
    double s1[CN_GSA_MAX_SOBOL_FACTORS], st[CN_GSA_MAX_SOBOL_FACTORS];
    double v = constant ? 0.0 : estimate(k, n, y, centre, NULL, s1, st);
    if (constant)
        for (int i = 0; i < k; i++)
            s1[i] = st[i] = NAN;
    if (var != NULL)
        *var = v;
    for (int i = 0; i < k; i++) {
        out[i].s1 = s1[i];
        out[i].st = st[i];
        out[i].s1_lo = out[i].s1_hi = out[i].st_lo = out[i].st_hi = NAN;
    }
    if (n_boot == 0 || !(v > 0.0))
        return CN_OK;
    double *rep = malloc((size_t)2 * (size_t)k * (size_t)n_boot * sizeof *rep);
    gsl_rng *rng = gsl_rng_alloc(gsl_rng_mt19937);
    if (rep == NULL || rng == NULL) {
        free(rep);
        gsl_rng_free(rng);
        return CN_ENOMEM;
    }
    gsl_rng_set(rng, seed);
    /* rep[(2i) n_boot + b]: S_i of replicate b; rep[(2i+1) n_boot + b]: ST_i */
    int valid = 0;
    for (int b = 0; b < n_boot; b++) {
        double bv = estimate(k, n, y, centre, rng, s1, st);
        if (!(bv > 0.0))
            continue; /* a resample without variation says nothing */
        for (int i = 0; i < k; i++) {
            rep[(size_t)(2 * i) * (size_t)n_boot + (size_t)valid] = s1[i];
            rep[(size_t)(2 * i + 1) * (size_t)n_boot + (size_t)valid] = st[i];
        }
        valid++;
    }
    for (int i = 0; valid > 1 && i < k; i++) {
        double *a = rep + (size_t)(2 * i) * (size_t)n_boot;
        double *c = rep + (size_t)(2 * i + 1) * (size_t)n_boot;
        gsl_sort(a, 1, (size_t)valid);
        gsl_sort(c, 1, (size_t)valid);
        out[i].s1_lo = gsl_stats_quantile_from_sorted_data(a, 1, (size_t)valid, 0.025);
        out[i].s1_hi = gsl_stats_quantile_from_sorted_data(a, 1, (size_t)valid, 0.975);
        out[i].st_lo = gsl_stats_quantile_from_sorted_data(c, 1, (size_t)valid, 0.025);
        out[i].st_hi = gsl_stats_quantile_from_sorted_data(c, 1, (size_t)valid, 0.975);
    }
    free(rep);
    gsl_rng_free(rng);
    return CN_OK;
}

long cn_gsa_morris_rows(int k, int r)
{
    return (long)r * (long)(k + 1);
}

int cn_gsa_morris_sample(int k, int r, int p, gsl_rng *rng, double *X)
{
    if (k < 1 || r < 2 || p < 2 || p % 2 != 0)
        return CN_EINPUT;
    int *order = malloc((size_t)k * sizeof *order);
    if (order == NULL)
        return CN_ENOMEM;
    double step = (double)p / (2.0 * (double)(p - 1));
    size_t K = (size_t)k;
    for (int t = 0; t < r; t++) {
        double *x = X + (size_t)t * (K + 1) * K;
        /* start: per factor a direction and a level from which the step stays
         * on the grid (levels 0 .. p/2-1 go up, p/2 .. p-1 go down) */
        for (int i = 0; i < k; i++) {
            int up = (int)gsl_rng_uniform_int(rng, 2);
            int level = (int)gsl_rng_uniform_int(rng, (unsigned long)(p / 2));
            if (!up)
                level += p / 2;
            x[i] = (double)level / (double)(p - 1);
            order[i] = i;
        }
        gsl_ran_shuffle(rng, order, K, sizeof *order);
        for (int s = 0; s < k; s++) {
            const double *prev = x + (size_t)s * K;
            double *next = x + (size_t)(s + 1) * K;
            memcpy(next, prev, K * sizeof *next);
            int i = order[s];
            /* the start level says the direction */
            next[i] = x[i] < 0.5 ? prev[i] + step : prev[i] - step;
        }
    }
    free(order);
    return CN_OK;
}

int cn_gsa_morris_effects(int k, int r, const double *X, const double *y, cn_gsa_morris *out)
{
    if (k < 1 || r < 1)
        return CN_EINPUT;
    size_t K = (size_t)k;
    /* Welford over the effects of each factor */
    double *m2 = calloc(K, sizeof *m2);
    if (m2 == NULL)
        return CN_ENOMEM;
    for (int i = 0; i < k; i++)
        out[i] = (cn_gsa_morris){0.0, 0.0, NAN, 0};
    int rc = CN_OK;
    for (int t = 0; t < r && rc == CN_OK; t++) {
        for (int s = 0; s < k; s++) {
            size_t row = (size_t)t * (K + 1) + (size_t)s;
            const double *a = X + row * K, *b = a + K;
            int moved = -1, count = 0;
            for (int i = 0; i < k; i++)
                if (a[i] != b[i]) {
                    moved = i;
                    count++;
                }
            if (count != 1 || isnan(y[row]) || isnan(y[row + 1])) {
                rc = CN_EINPUT;
                break;
            }
            double ee = (y[row + 1] - y[row]) / (b[moved] - a[moved]);
            cn_gsa_morris *o = &out[moved];
            o->n++;
            double d = ee - o->mu;
            o->mu += d / o->n;
            m2[moved] += d * (ee - o->mu);
            o->mu_star += (fabs(ee) - o->mu_star) / o->n;
        }
    }
    for (int i = 0; i < k; i++)
        out[i].sigma = out[i].n > 1 ? sqrt(m2[i] / (out[i].n - 1)) : NAN;
    free(m2);
    return rc;
}
