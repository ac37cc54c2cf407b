/* cn_score.h - proper scores of probability forecasts against what
 * happened: the Brier score, the log score, skill against a base-rate
 * forecaster, and a calibration table.
 *
 * An event is a yes/no question about history ("did the 2016-17 GGE adopt
 * a report?") with the model's probability p and the real outcome o.
 *   Brier       B = mean (p - o)^2                  (0 best, lower better)
 *   log score   L = mean ln(o ? p : 1 - p), p clamped to [eps, 1 - eps]
 *   base rate   b = the share of o = 1 among the reference events (the
 *               fit set: a time-respecting forecaster knows only the past)
 *   skill       BSS = 1 - B / B_base, B_base = mean (b - o)^2 over the same
 *               events (> 0: better than always saying b; NaN if B_base = 0)
 * The calibration table puts events into `bins` equal bins of p and gives
 * per bin the count, the mean p and the observed share of o = 1.
 * Pure functions: no allocation, no state.
 */
#ifndef CN_SCORE_H
#define CN_SCORE_H

#define CN_SCORE_EPS 1e-3 /* log score: p is clamped to [eps, 1 - eps] */
#define CN_SCORE_MAX_BINS 20

typedef struct {
    double p;   /* forecast probability of o = 1 */
    int o;      /* what happened: 0 or 1 */
    int kind;   /* event kind (e.g. adopted, in force): base rates are per kind */
    int fit;    /* 1: in the fit set (before the cut-off year) */
} cn_score_event;

typedef struct {
    int n;              /* events scored */
    double brier;       /* B */
    double brier_base;  /* B of the base-rate forecaster */
    double skill;       /* BSS */
    double log_score;   /* L */
    double log_base;    /* L of the base-rate forecaster */
} cn_score_summary;

/* Base rate of kind k among the fit events (NaN if there are none). */
double cn_score_base_rate(const cn_score_event *e, int n, int kind);

/* Scores the events with select(e) true: select 0 = all, 1 = fit set,
 * 2 = held out.  The base-rate forecaster uses each event kind's rate in
 * the fit set (0.5 for a kind with no fit event). */
void cn_score_summarise(const cn_score_event *e, int n, int select, cn_score_summary *out);

typedef struct {
    int bins;
    int count[CN_SCORE_MAX_BINS];
    double mean_p[CN_SCORE_MAX_BINS];   /* NaN for an empty bin */
    double observed[CN_SCORE_MAX_BINS]; /* share of o = 1, NaN for an empty bin */
} cn_score_calibration;

/* The calibration table of the events with select (as above) over `bins`
 * equal bins of [0, 1] (p = 1 falls in the last); bins in 1..20. */
void cn_score_calibrate(const cn_score_event *e, int n, int select, int bins,
                        cn_score_calibration *out);

#endif
