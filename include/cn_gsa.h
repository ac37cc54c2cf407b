/* cn_gsa.h - global sensitivity analysis: Sobol indices from a Saltelli
 * design, and Morris elementary effects (docs/sweeps.md, "Global
 * sensitivity").
 *
 * The module knows nothing of the model: it makes designs on the unit
 * hypercube [0, 1]^k (cn_gsa_scale maps them to factor ranges), and turns
 * the outputs y of those design rows, computed by the caller, into
 * indices.  Nothing here runs the model, prints or allocates per row.
 *
 * Sobol indices (variance-based).  A Saltelli design of base size N is
 * (k + 2) N rows: N rows of a matrix A, N of B, then for each factor i
 * the N rows of A_B^(i), A with column i taken from B.  A and B are the
 * first and last k coordinates of N points of a 2k-dimensional Sobol
 * sequence (gsl_qrng_sobol, at most 40 dimensions: k <= 20), the first
 * point of the sequence skipped.  With f_A, f_B, f_ABi the outputs and
 * V the variance of the 2N outputs of A and B:
 *   first order (Saltelli et al. 2010, eq. b in table 2)
 *     S_i  = (1/N) sum_j f_B(j) (f_ABi(j) - f_A(j)) / V
 *   total (Jansen 1999)
 *     ST_i = (1/2N) sum_j (f_A(j) - f_ABi(j))^2 / V
 * (outputs centred on the mean of the 2N outputs of A and B first).
 * Confidence intervals: n_boot bootstrap replicates resample the N rows
 * j with replacement (the same j in A, B and every A_B^(i)), drawn from
 * a gsl_rng mt19937 seeded with seed; the interval is the 2.5% and 97.5%
 * percentiles of the replicates (GSL's gsl_stats_quantile_from_sorted_data).
 *
 * Morris screening (Morris 1991).  r trajectories on a p-level grid
 * {0, 1/(p-1), ..., 1} (p even), step Delta = p / (2 (p - 1)): each
 * trajectory is k + 1 rows, starting from a random grid point and moving
 * one factor at a time, in a random order, by +Delta or -Delta.  The
 * elementary effect of the factor moved between rows t and t + 1 is
 * EE = (y(t+1) - y(t)) / (x_i(t+1) - x_i(t)); per factor over the r
 * trajectories: mu (mean EE), mu* (mean |EE|, Campolongo et al. 2007:
 * effects of opposite sign do not cancel) and sigma (standard deviation
 * of EE: non-linearity or interactions).
 */
#ifndef CN_GSA_H
#define CN_GSA_H

#include <gsl/gsl_rng.h>

#define CN_GSA_MAX_SOBOL_FACTORS 20 /* 2k dimensions of gsl_qrng_sobol (40) */
#define CN_GSA_DEFAULT_BOOT 1000
#define CN_GSA_DEFAULT_LEVELS 4

/* Rows of a Saltelli design of base size n for k factors: (k + 2) n. */
long cn_gsa_saltelli_rows(int k, long n);

/* Fills X ((k + 2) n rows of k columns, row-major) with the Saltelli
 * design on [0, 1]^k in the order A, B, A_B^(1), ..., A_B^(k).
 * CN_OK; CN_EINPUT when k < 1, k > CN_GSA_MAX_SOBOL_FACTORS or n < 2;
 * CN_ENOMEM. */
int cn_gsa_saltelli_sample(int k, long n, double *X);

/* Maps rows of [0, 1]^k to [lo_i, hi_i]: x = lo + u (hi - lo). */
void cn_gsa_scale(double *X, long rows, int k, const double *lo, const double *hi);

typedef struct {
    double s1, s1_lo, s1_hi; /* first order, bootstrap 95% interval */
    double st, st_lo, st_hi; /* total, bootstrap 95% interval */
} cn_gsa_sobol;

/* Indices from the outputs y of the design rows (same order as X).
 * n_boot bootstrap replicates (0: no intervals, they are NaN) from a
 * generator seeded with seed.  When the outputs do not vary (V = 0) the
 * indices are NaN.  *var (may be NULL): V.  CN_OK, CN_EINPUT (k, n,
 * n_boot < 0, or a NaN output) or CN_ENOMEM. */
int cn_gsa_sobol_indices(int k, long n, const double *y, int n_boot, unsigned long seed,
                         cn_gsa_sobol *out, double *var);

/* Rows of a Morris design: r (k + 1). */
long cn_gsa_morris_rows(int k, int r);

/* Fills X (r (k + 1) rows of k columns) with r trajectories on a p-level
 * grid drawn from rng.  CN_OK; CN_EINPUT when k < 1, r < 2, or p is odd
 * or < 2; CN_ENOMEM. */
int cn_gsa_morris_sample(int k, int r, int p, gsl_rng *rng, double *X);

typedef struct {
    double mu, mu_star, sigma; /* sigma NaN with fewer than 2 effects */
    int n;                     /* elementary effects seen */
} cn_gsa_morris;

/* Elementary effects of the design X (r trajectories of k + 1 rows, as
 * made by cn_gsa_morris_sample, possibly scaled) with outputs y.
 * CN_OK; CN_EINPUT when a step of a trajectory does not move exactly one
 * factor, or an output is NaN. */
int cn_gsa_morris_effects(int k, int r, const double *X, const double *y, cn_gsa_morris *out);

#endif
