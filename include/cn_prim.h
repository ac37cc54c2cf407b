/* cn_prim.h - PRIM scenario discovery (Friedman and Fisher 1999): a box
 * of inputs where an outcome of interest is likely, with its coverage and
 * density (docs/sweeps.md, "Scenario discovery").
 *
 * Data: n cases of k input values X (row-major) and an outcome y per
 * case (1/0 for "the outcome of interest happened", or any real: the box
 * mean is what PRIM raises).  A box is [lo_i, hi_i] per input, inclusive;
 * the first box holds every case.  For a box:
 *   support  = cases in the box / n
 *   density  = mean of y in the box
 *   coverage = sum of y in the box / sum of y over all cases
 * Peeling: of the 2k candidate boxes that remove, from one side of one
 * input, the cases at or beyond its alpha-quantile among the cases in
 * the box (at least one case; ties go together), take the one with the
 * highest density; repeat while the support stays >= min_support.  The
 * boxes met form the peeling trajectory.
 * Choice (documented rule): on the trajectory, the box with the largest
 * coverage x density (ties: the earlier, wider box).  Peeling trades
 * coverage for density; the product is highest where a peel starts to
 * cut away more cases of interest than it gains in purity, which is the
 * knee of the trade-off curve an analyst would pick by eye.
 * Pasting: the chosen box is then widened, one side of one input at a
 * time, by the nearest ceil(alpha x cases in the box) cases outside that
 * side (and inside the box on every other input), while a widening
 * raises the density; the best such widening is taken each time.
 * Deterministic: no random numbers; ties between candidates go to the
 * lower input index, lower side first.
 */
#ifndef CN_PRIM_H
#define CN_PRIM_H

#define CN_PRIM_DEFAULT_ALPHA 0.05
#define CN_PRIM_DEFAULT_MIN_SUPPORT 0.05

typedef struct {
    double alpha;         /* peeling and pasting fraction, (0, 0.5) */
    double min_support;   /* smallest support peeled to, (0, 1) */
    int paste;            /* 1: paste the chosen box */
} cn_prim_opts;

void cn_prim_defaults(cn_prim_opts *o);

typedef struct {
    int k;
    int n_steps;                          /* boxes on the trajectory (step 0: all cases) */
    double *lo, *hi;                      /* n_steps x k */
    double *coverage, *density, *support; /* n_steps */
    long *count;                          /* n_steps: cases in the box */
    int chosen;                           /* the step the rule chose */
    double *box_lo, *box_hi;              /* k: the chosen box after pasting */
    int *restricted;                      /* k: 1 where the box limits the input */
    double box_coverage, box_density, box_support; /* of the chosen, pasted box */
    long n_box;
    double mean_all;                      /* density of all the cases */
} cn_prim_result;

/* Runs PRIM.  o NULL: the defaults.  On success r owns arrays
 * (cn_prim_result_free).  CN_OK; CN_EINPUT for n < 2, k < 1, options out
 * of range, a NaN input or outcome, or outcomes that sum to 0 or less;
 * CN_ENOMEM. */
int cn_prim_find(const double *X, const double *y, long n, int k, const cn_prim_opts *o,
                 cn_prim_result *r);

/* NULL and a zeroed result are no-ops. */
void cn_prim_result_free(cn_prim_result *r);

#endif
