/* cn_sweep.h - sweep designs: the `sweep = { ... }` group of a scenario
 * (read and checked by the loader into cn_scenario.sweep, cn_sweep_spec),
 * turned into a list of points.
 *
 * A point is a list of --set overrides ("path=value", libconfig syntax for
 * the value) applied to the scenario as written; the loader validates each
 * point like a scenario with those overrides (cn_sweep_check), so every
 * path `--set` understands can be a factor.  Designs:
 *   grid   the baseline (the scenario as written), then the full factorial
 *          of the factors' levels, the first factor varying slowest;
 *   oat    the baseline, then each factor's levels one at a time;
 *   sobol  the baseline, then `samples` quasi-random points (gsl_qrng_sobol)
 *          over the factors' ranges [lo, hi] (integer factors rounded);
 *   list   named points, each with its own overrides; the baseline is the
 *          one named by `baseline` (default the first).
 * The loader refuses a malformed group ("FILE:LINE: setting 'sweep.x':
 * ...", CN_EINPUT, CN_ELIMIT beyond the CN_SWEEP_MAX_* limits of
 * cn_scenario.h), so `check` does too; cn_sweep_check finds the points
 * whose overrides the scenario refuses.  Nothing here runs the model.
 */
#ifndef CN_SWEEP_H
#define CN_SWEEP_H

#include <stdio.h>

#include "cn_error.h"
#include "cn_metrics.h"
#include "cn_scenario.h"

#define CN_SWEEP_DEFAULT_BATCH 1000L

typedef struct {
    char name[CN_SWEEP_NAME];  /* "baseline", "1", "footnotes=3", a list point's name */
    int n_sets;
    char **sets;               /* "path=value", owned */
    int *set_from;             /* n_sets: the factor each override comes from (a factor of
                                * levers: every override of its lever), -1: a list point's
                                * own or its levers', owned */
    char **labels;             /* n_factors labels, "" where the factor is at its
                                * value in the scenario (baseline; oat), owned */
    double *x;                 /* n_factors numbers, NaN where not set or not numeric */
    int factor;                /* oat: the factor varied, -1 otherwise */
    int line;                  /* where it is defined (the factor or list entry) */
} cn_sweep_point;

typedef struct cn_sweep {
    cn_sweep_design design;
    char file[512];            /* file of the sweep group */
    int line;                  /* line of the sweep group */
    int n_factors;
    const cn_sweep_factor *factors; /* the scenario's (borrowed: it must outlive the sweep) */
    int n_points;
    cn_sweep_point *points;
    int baseline;              /* index of the baseline point */
    long replications;         /* per point; 0: the scenario's run.replications */
    long batch;                /* replications per batch; 0: min(replications, 1000) */
    double precision;          /* > 0: add batches until every probability's 95%
                                * interval is narrower (0: fixed replications) */
    long max_replications;     /* cap with precision; 0: 100 x batch */
    int samples;               /* sobol; saltelli: N */
    int trajectories;          /* morris: r */
    int morris_levels;         /* morris: p */
    int n_metrics;
    char *const *metrics;      /* table columns (`metrics`), the scenario's (borrowed);
                                * 0: the default */
    const cn_scenario *s;      /* the scenario as written (borrowed) */
    /* the command's --set overrides (borrowed; cn_sweep_set_base): every
     * point is the file with these, then its own */
    const char *const *base_sets;
    int n_base_sets;
    struct cn_sweep_cache *cache; /* resolved override paths (cn_param.h), owned */
} cn_sweep;

/* The points of scenario s's sweep design.  On success *out is new
 * (cn_sweep_free; it borrows from s, which must outlive it); CN_EINPUT
 * with d when s has no `sweep` group, CN_ENOMEM. */
int cn_sweep_make(const cn_scenario *s, cn_sweep **out, cn_diag *d);

/* NULL is a no-op. */
void cn_sweep_free(cn_sweep *sw);

const char *cn_sweep_design_name(cn_sweep_design d);

/* The command's --set overrides (sets, borrowed: they must outlive sw),
 * applied before every point's own when a point is loaded. */
void cn_sweep_set_base(cn_sweep *sw, const char *const *sets, int n);

/* Checks every point of scenario s (the scenario as written: its file
 * with the base overrides) and every lever: a point whose overrides are
 * all plain settings (cn_param.h), each read and in its range, is the
 * scenario with those values written in (no file is read); any other is
 * loaded (cn_load_scenario of s->path with the base overrides and the
 * point's) and must give the same metric columns as the baseline.  With
 * run.uncertainty all, no factor or lever may set what an uncertain
 * parameter draws.  A bad override is reported at the factor or point
 * that made it: "FILE:LINE: setting 'sweep.factors.0': point '2': ...". */
int cn_sweep_check(cn_sweep *sw, const cn_scenario *s, cn_diag *d);

/* Point p's scenario, made as cn_sweep_check says: x->s is it (a copy of
 * s with plain overrides written in, or a loaded scenario).  CN_OK, or the
 * loader's status with d; cn_sweep_scenario_free either way. */
typedef struct {
    const cn_scenario *s;
    cn_scenario *loaded;
    int have_copy;
    struct cn_param_copy_s *copy;
} cn_sweep_scenario;
int cn_sweep_point_scenario(cn_sweep *sw, int p, cn_sweep_scenario *x, cn_diag *d);
void cn_sweep_scenario_free(cn_sweep_scenario *x);

/* 1 when every override of point p is a plain setting read exactly
 * (the point's scenario is made without reading the file). */
int cn_sweep_point_plain(cn_sweep *sw, int p);

/* The canonical text of the design (points, their names and overrides,
 * factor names, baseline) that identifies it in a results store. */
int cn_sweep_write(const cn_sweep *sw, FILE *f);

/* "i/N" with 0 <= i < N <= 100000.  CN_OK or CN_EINPUT. */
int cn_sweep_parse_shard(const char *text, int *i, int *n);

/* 1 if point p belongs to shard i of n (points dealt round-robin). */
int cn_sweep_shard_owns(int p, int i, int n);

/* Everything besides the scenario and the design that changes a number a
 * sweep stores: resuming with any of them different is refused. */
typedef struct {
    unsigned long seed;
    const char *generator;
    long replications;             /* per point; with precision > 0 the cap */
    long batch;
    double precision;              /* 0: a fixed number of replications */
    const char *precision_metrics; /* with precision: the columns that must converge */
    int keep_runs;                 /* every replication's row is stored too */
} cn_sweep_plan;

/* The plan as one line ("seed=... keep_runs=..."), malloc'd; NULL when
 * out of memory. */
char *cn_sweep_plan_text(const cn_sweep_plan *p);

/* The sweep's identity: FNV-1a 64 of the resolved scenario text, the
 * design text (cn_sweep_write) and the plan text, joined by "\n--\n". */
unsigned long long cn_sweep_plan_hash(const char *scenario, size_t scenario_len,
                                      const char *design, size_t design_len, const char *plan);

/* Formats a double as the shortest text that reads back to the same value,
 * always with a '.' or an exponent (so libconfig reads a float). */
char *cn_sweep_format_double(double v, char *buf, size_t size);

#endif
