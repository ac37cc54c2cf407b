/* cn_whatif.h - what-if tables: per-point aggregates, paired differences
 * from the baseline, and their tables (terminal, Markdown, CSV, LaTeX
 * booktabs, HTML) with a sensitivity ranking.
 *
 * Aggregates are streaming and fixed in size: per metric a count, Welford
 * mean and sum of squared deviations, min, max and the number of ones;
 * per metric the same for the paired differences (point minus baseline,
 * replication by replication, common random numbers).  Merging batches in
 * the same order gives bit-identical aggregates, which is what makes a
 * resumed or sharded sweep equal an uninterrupted one.
 * Estimates: a binary metric is a probability with its 95% Wilson
 * interval; others a mean with a 95% t interval.  A difference is the mean
 * of the paired differences with mean +- q s.e. (q: the t quantile for
 * means, 1.96 for probabilities); it is significant when the interval
 * excludes 0.  Writers never run the model.
 */
#ifndef CN_WHATIF_H
#define CN_WHATIF_H

#include <stdio.h>

#include "cn_gsa.h"
#include "cn_metrics.h"
#include "cn_prim.h"

typedef struct {
    long n, missing, successes;
    double mean, m2, min, max;
} cn_whatif_acc;

typedef struct {
    long n;
    double mean, m2;
} cn_whatif_diff;

/* One point's aggregate over the n columns of a metrics layout. */
typedef struct {
    int n;
    cn_whatif_acc *acc;
    cn_whatif_diff *diff;
} cn_whatif_agg;

void cn_whatif_acc_add(cn_whatif_acc *a, double x);
void cn_whatif_acc_merge(cn_whatif_acc *dst, const cn_whatif_acc *src);
void cn_whatif_diff_add(cn_whatif_diff *d, double x);
void cn_whatif_diff_merge(cn_whatif_diff *dst, const cn_whatif_diff *src);

/* CN_OK or CN_ENOMEM; an empty aggregate of n columns. */
int cn_whatif_agg_init(cn_whatif_agg *g, int n);
void cn_whatif_agg_free(cn_whatif_agg *g);
void cn_whatif_agg_reset(cn_whatif_agg *g);
/* Adds rows (n_rows x g->n) and, paired with them, base (the baseline's
 * rows for the same replications; NULL: no differences). */
void cn_whatif_agg_add(cn_whatif_agg *g, const double *rows, const double *base, int n_rows);
void cn_whatif_agg_merge(cn_whatif_agg *dst, const cn_whatif_agg *src);

typedef struct {
    double est, lo, hi; /* NaN when nothing was seen */
    long n;
} cn_whatif_est;

void cn_whatif_value(const cn_whatif_acc *a, cn_metric_kind kind, cn_whatif_est *e);
/* *significant: 1 when the 95% interval excludes 0. */
void cn_whatif_delta(const cn_whatif_diff *d, cn_metric_kind kind, cn_whatif_est *e,
                     int *significant);

/* 1 when every binary column among cols (n_cols indices) has a 95% Wilson
 * interval narrower than precision. */
int cn_whatif_converged(const cn_whatif_agg *g, const cn_metrics_layout *L, const int *cols,
                        int n_cols, double precision);

/* The default table columns: each forum's adopted (and in_force for a
 * treaty forum), world.binding and world.dgc.  cols holds at least L->n. */
int cn_whatif_default_metrics(const cn_metrics_layout *L, const int *treaty_forums, int *cols);

/* What a table shows: filled by the caller (the store reads one back). */
typedef struct {
    const char *scenario;      /* scenario name */
    const char *description;
    const char *design;        /* grid, oat, sobol, list, saltelli, morris */
    const char *version;
    const char *hash;          /* hex: scenario and design */
    unsigned long seed;
    const char *generator;
    int n_factors;
    const char *const *factor_names;
    int n_points;
    const char *const *point_names;
    const char *const *labels; /* n_points x n_factors: factor values as shown ("" = as written) */
    const char *const *baseline_labels; /* n_factors: each factor's value in the scenario as
                                         * written, shown where a label is ""; NULL (or a NULL
                                         * entry): unknown, shown as "as written" */
    const double *x;           /* n_points x n_factors: factor values as numbers (NaN: none) */
    const int *point_factor;   /* oat: the factor each point varies (-1 baseline) */
    const int *done;           /* n_points: 1 when the point's results are complete */
    const int *partial;        /* n_points (may be NULL): 1 when an unfinished point has
                                * results so far (a stopped sweep): shown, marked partial,
                                * with the replications it has; never in sensitivity */
    const long *replications;  /* n_points */
    int baseline;
    int n_cols;
    const cn_metric *cols;     /* the columns shown */
    const cn_whatif_acc *acc;  /* n_points x n_cols */
    const cn_whatif_diff *diff;/* n_points x n_cols */
    /* Uncertain inputs (cn_spread.h), n_points x n_cols each, NULL when not
     * known (no per-run results, or no uncertainty): per point and column
     * the spread of the expected outcome across input groups (tau), its
     * share of the replication-level variance, and the Monte Carlo
     * standard error of the mean over input groups; NaN where not
     * identified. */
    const double *input_sd, *input_share, *mc_se;
    int input_group;           /* replications per input group; 0: the scenario draws no
                                * uncertain inputs (or unknown) */
    int prim_col;              /* > 0: column prim_col - 1 gets a scenario discovery
                                * section (cn_whatif_prim); 0: none */
    double prim_threshold;     /* with prim_col: the outcome of interest is an estimate
                                * >= this (y 1 or 0); NaN (or prim_col 0): the estimate */
    int prim_below;            /* with prim_threshold: <= it instead */
} cn_whatif_table;

typedef enum {
    CN_WHATIF_TEXT = 0, /* terminal */
    CN_WHATIF_MD,
    CN_WHATIF_CSV,
    CN_WHATIF_TEX,
    CN_WHATIF_HTML
} cn_whatif_format;

/* A factor value as a table shows it: text that reads entirely as a
 * finite number is printed with %.6g ("0.15000000000000002" -> "0.15",
 * "20.0" -> "20"), anything else is copied.  Returns buf. */
char *cn_whatif_clean_label(const char *label, char *buf, size_t size);

/* "text", "md", "csv", "tex", "html" -> format; CN_OK or CN_EINPUT. */
int cn_whatif_parse_format(const char *name, cn_whatif_format *out);

/* Writes the table (and, except for CSV, the sensitivity ranking).
 * Columns are headed by the metric registry's labels (cn_metrics_info)
 * and numbers printed with its decimals; each table is followed by notes
 * on what the intervals and the differences mean.  CSV keeps the metric
 * keys as column names (for pandas and R).  LaTeX: booktabs tables in
 * \small, split into several tables (the point and factor columns
 * repeated) so each fits the 345pt text width of an A4 article; needs
 * \usepackage{booktabs,array}.  width: terminal columns for
 * CN_WHATIF_TEXT (0 = 100).  CN_OK, CN_EIO or CN_ENOMEM. */
int cn_whatif_write(FILE *f, const cn_whatif_table *t, cn_whatif_format format, int width);

/* Sobol indices of column c over a saltelli design (points 1.. the rows
 * of cn_gsa_saltelli_sample, point 0 the baseline): out[k] for each
 * factor, bootstrap intervals from n_boot replicates (0: none) seeded
 * with the table's seed.  CN_OK; CN_EINPUT when the design is not a
 * complete saltelli design (an unfinished point: out NaN); CN_ENOMEM. */
int cn_whatif_sobol(const cn_whatif_table *t, int c, int n_boot, cn_gsa_sobol *out);

/* Morris elementary effects of column c over a morris design, each
 * factor scaled to [0, 1] over its lowest to its highest value in the
 * design (effects: outcome change per factor range).  As cn_whatif_sobol. */
int cn_whatif_morris(const cn_whatif_table *t, int c, cn_gsa_morris *out);

/* PRIM scenario discovery (cn_prim.h) over the finished points but the
 * baseline: inputs the factor values (every factor numeric), outcome
 * column c's estimate at each point (a probability: the box's density is
 * its mean), or with t->prim_threshold not NaN 1 where the estimate is
 * at least the threshold (t->prim_below: at most), else 0 (density: the
 * share of such points).  CN_OK with r filled (cn_prim_result_free); CN_EINPUT when
 * fewer than 10 points have numbers, a factor is not numeric, or the
 * outcome is never above 0; CN_ENOMEM. */
int cn_whatif_prim(const cn_whatif_table *t, int c, cn_prim_result *r);

/* Sensitivity of column c: per factor a score (oat: tornado swing, the
 * largest minus the smallest estimate over the factor's levels and the
 * baseline; grid: the range of the level means; sobol: the standardised
 * regression coefficient; saltelli: the total Sobol index ST; morris:
 * mu*), NaN when it cannot be computed.  Returns the method's name
 * ("tornado", "main effects", "SRC", "Sobol", "Morris", or NULL for a
 * list design); *r2 (may be NULL): sobol's R^2, else NaN. */
const char *cn_whatif_sensitivity(const cn_whatif_table *t, int c, double *score, double *r2);

#endif
