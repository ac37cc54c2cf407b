/* cn_stats.h - streaming statistics over replications.
 *
 * Memory is fixed by the metrics layout, not by the number of
 * replications: per column a count, sums, min/max and a gsl_histogram
 * from which the median and the 5% and 95% quantiles are read.  Count
 * columns get one bin per integer (exact quantiles); real columns get
 * CN_STATS_BINS bins over their range (quantiles to 1/CN_STATS_BINS of the
 * range, interpolated within the bin).  Binary columns also give a
 * probability with a 95% Wilson score interval.  NaN values are counted as
 * missing and otherwise skipped.
 * Adding rows is deterministic: the same rows in the same order give
 * bit-identical results (the runner adds them in replication order).
 */
#ifndef CN_STATS_H
#define CN_STATS_H

#include "cn_metrics.h"

#define CN_STATS_BINS 2000
#define CN_STATS_MAX_COUNT_BINS 4096

typedef struct cn_stats cn_stats;

typedef struct {
    long n;          /* values seen (not NaN) */
    long missing;    /* NaN values */
    double mean, sd, min, max;
    double median, p05, p95;
    long successes;  /* binary: values equal to 1 */
    double prob, lo, hi; /* binary: successes / n and its 95% Wilson interval */
} cn_summary;

/* NULL on out of memory.  L must outlive the stats. */
cn_stats *cn_stats_alloc(const cn_metrics_layout *L);
void cn_stats_free(cn_stats *st);
void cn_stats_reset(cn_stats *st);

/* Adds one replication's row (L->n values). */
void cn_stats_add(cn_stats *st, const double *row);

/* Adds everything in src to dst (same layout). */
void cn_stats_merge(cn_stats *dst, const cn_stats *src);

long cn_stats_count(const cn_stats *st);

/* Summary of column j.  Fields that do not apply (n == 0) are NaN. */
void cn_stats_summary(const cn_stats *st, int j, cn_summary *out);

/* Wilson score interval for k successes in n trials at normal quantile z
 * (1.959964 for 95%); n == 0 gives [0, 1]. */
void cn_stats_wilson(long k, long n, double z, double *lo, double *hi);

#endif
