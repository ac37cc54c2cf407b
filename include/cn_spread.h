/* cn_spread.h - how much of an outcome's spread is due to uncertain
 * inputs, and how much is Monte Carlo noise.
 *
 * With run.uncertainty on, consecutive replications form input groups of
 * run.input_group: the replications of a group share one draw of the
 * uncertain inputs (cn_world_draw_inputs) and differ only in the model's
 * own randomness.  For each metric column this module accumulates, in
 * replication order, the one-way random-effects decomposition
 *
 *   y_gr = mu + u_g + e_gr,   Var(u) = tau^2 (inputs), Var(e) = sigma^2 (noise)
 *
 *   sigma^2 = sum_g sum_r (y_gr - ybar_g)^2 / sum_g (n_g - 1)   (pooled within)
 *   s_b^2   = the sample variance of the group means ybar_g
 *   tau^2   = max(0, s_b^2 - sigma^2 / nbar),  nbar = mean group size
 *
 * tau is the spread of the expected outcome across plausible worlds (for
 * a 0/1 column: of the probability), the part Monte Carlo replications
 * cannot shrink; the Monte Carlo standard error of the overall mean is
 * s_b / sqrt(G) over G groups (replications in a group are not
 * independent draws of the inputs).  With one replication per group
 * sigma^2 is not identified and tau is NaN.
 * Memory is fixed by the layout; rows must come in replication order
 * (the runner's on_rows does that).  NaN values are skipped.
 */
#ifndef CN_SPREAD_H
#define CN_SPREAD_H

#include "cn_metrics.h"

typedef struct cn_spread cn_spread;

typedef struct {
    long groups;       /* input groups with at least one value */
    long n;            /* values */
    double mean;       /* overall mean */
    double mc_se;      /* Monte Carlo standard error of mean: s_b / sqrt(groups) */
    double within_sd;  /* sigma */
    double input_sd;   /* tau (NaN when not identified) */
    double input_share; /* tau^2 / (tau^2 + sigma^2) (NaN when not identified) */
} cn_spread_summary;

/* group: replications per input group (>= 1).  NULL on out of memory. */
cn_spread *cn_spread_alloc(const cn_metrics_layout *L, int group);
void cn_spread_free(cn_spread *sp);

/* Adds n rows (L->n values each) of replications first_rep,
 * first_rep + 1, ...; calls must follow replication order. */
void cn_spread_add(cn_spread *sp, long first_rep, int n, const double *rows);

/* The decomposition of column j so far (the group in progress counts). */
void cn_spread_get(const cn_spread *sp, int j, cn_spread_summary *out);

#endif
