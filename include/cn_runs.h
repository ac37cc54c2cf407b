/* cn_runs.h - per-run rows of a sweep: the long-format CSV writer, and
 * reading the rows a results store keeps (`sweep --keep-runs`).
 *
 * Long format: one line per run (point x replication), the columns
 *   point,point_name,replication,<factor names...>,<metric names...>
 * A factor value that reads as a number is written as one (else quoted
 * text, so pandas and R type each column); metric values as the
 * shortest text that reads back to the same double (binary and count
 * metrics as integers), a NaN (a metric the run does not define) as an
 * empty field, which pandas.read_csv and R's read.csv read as missing.
 * Names are quoted when they hold a comma, quote or newline.  The
 * writer is a library function: the sweep engine can stream rows to it
 * as they are made.
 */
#ifndef CN_RUNS_H
#define CN_RUNS_H

#include <stdio.h>

#include "cn_error.h"
#include "cn_metrics.h"
#include "cn_store.h"
#include "cn_whatif.h"

typedef struct {
    int n_factors;
    const char *const *factor_names;
    int n_metrics;
    const cn_metric *metrics;
} cn_runs_csv;

/* The column line.  CN_OK or CN_EIO. */
int cn_runs_csv_header(FILE *f, const cn_runs_csv *c);

/* One run: factor values as labels (n_factors), the metrics' values
 * (n_metrics).  CN_OK or CN_EIO. */
int cn_runs_csv_row(FILE *f, const cn_runs_csv *c, int point, const char *point_name, long rep,
                    const char *const *labels, const double *values);

/* Reading the runs a store keeps, in (point, replication) order. */
typedef struct cn_runs_reader cn_runs_reader;

/* Opens the store at path read-only.  CN_OK; CN_EINPUT with d filled when
 * it is not a store or keeps no runs; CN_EIO; CN_ENOMEM. */
int cn_runs_open(const char *path, cn_runs_reader **out, cn_diag *d);
/* NULL is a no-op. */
void cn_runs_close(cn_runs_reader *r);

/* The metric columns of each row, in the store's order. */
int cn_runs_n_metrics(const cn_runs_reader *r);
const cn_metric *cn_runs_metrics(const cn_runs_reader *r);

/* The next run into *point, *rep and values (cn_runs_n_metrics doubles,
 * NaN where missing).  1: a row; 0: no more; negative: -CN_EIO. */
int cn_runs_next(cn_runs_reader *r, int *point, long *rep, double *values);

/* Uncertain inputs against Monte Carlo noise from a store's kept runs:
 * per point and column of t (n_points x n_cols each; NaN where not
 * identified or the point is unfinished) the decomposition of
 * cn_spread.h over input groups of the store scenario's run.input_group
 * replications (*group, set whenever the scenario draws uncertain inputs,
 * runs kept or not; 0 when it draws none). */
typedef struct {
    double *sd, *share, *mc;
} cn_runs_spread;

/* CN_OK with s filled (cn_runs_spread_free); CN_EINPUT when there is
 * nothing to decompose (no kept runs, or run.uncertainty "none"), s
 * empty; CN_ENOMEM, CN_EIO. */
int cn_runs_input_spread(cn_store *st, const char *db, const cn_whatif_table *t, int *group,
                         cn_runs_spread *s);
void cn_runs_spread_free(cn_runs_spread *s);

#endif
