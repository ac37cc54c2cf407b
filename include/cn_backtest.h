/* cn_backtest.h - runs the history scenarios against what really happened.
 *
 * A history scenario (scenarios/history/) carries, besides the model's
 * settings, a top-level group `expected` with the real outcome, read and
 * checked by the loader into cn_scenario.expected (cn_expected):
 *
 *   expected = {
 *     forum = "GA";            # or forums = ["A", "B"]; default: every forum
 *     adopted = true;          # each scored forum adopted (or not)
 *     in_force = true;         # optional: report adopted / treaty in force
 *     parties = 15;            # optional: real parties (reported, not scored)
 *     yes = 119; no = 46; abstain = 14;          # optional: a recorded vote
 *     yes_states = [...]; no_states = [...]; abstain_states = [...];
 *     previous = "A/RES/71/28"; # optional: the earlier vote of the baseline
 *     previous_yes_states = [...]; previous_no_states = [...];
 *     previous_abstain_states = [...];  # each state's vote on it
 *     held_out = true;         # optional: kept out of the calibration fit
 *     in_sample = true;        # optional: the world data were derived from it
 *     hypothetical = true;     # optional: never happened; nothing is scored
 *     note = "...";            # optional: one line for the table
 *     # treaties (issue #12): counts at real dates, each a group or a list
 *     # of groups; a date needs the scenario's calendar
 *     signatories_at = { date = "2025-10"; signatories = 72; };
 *     parties_at = ( { date = "2018-12"; parties = 63; },
 *                    { date = "2024-06"; parties = 75; } );
 *     in_force_date = "2004-07"; # optional: the real entry into force
 *   };
 *
 * The real outcome of one replication is the conjunction, over the scored
 * forums, of `adopted` and (when given) `in_force` matching.  Votes are read
 * from the world (cn_world.fs[f].vote) after each replication of the first
 * scored forum; a state's most likely vote is its modal vote over the
 * replications.  A dated count is the model's signatories (or parties:
 * ratifications and accessions) of the first scored forum by the end of
 * the round holding the date, mean over the replications in which it was
 * adopted, against the real number; it is "fit" when
 * the date is at most CN_EXPECTED_EVIDENCE_END (the end of 2018: the evidence
 * rule of the project), else held out, whatever the episode's own set (the
 * signature and ratification parameters have their own fit: counts to
 * 2018 only).
 *
 * Replications run on a pool of threads; each replication is seeded from
 * (scenario seed, 0, replication) and every accumulator is an integer sum,
 * so results do not depend on the thread count.
 */
#ifndef CN_BACKTEST_H
#define CN_BACKTEST_H

#include <stdio.h>

#include "cn_error.h"
#include "cn_scenario.h"
#include "cn_score.h"

#define CN_BT_TOLERANCE 0.3 /* a dated count is met within 30% of the real one */

/* The baseline forecaster of a recorded vote, "vote as last time"
 * (cn_backtest_baseline): each state repeats its vote on
 * `expected.previous` with this probability, each other vote (1 - it) / 2. */
#define CN_BT_BASELINE_P 0.9

/* The time split of the calibration (docs/backtest.md): an episode whose
 * scenario calendar starts in this year or later is held out, one that
 * starts before it is in the fit set; an episode without a calendar keeps
 * its `expected.held_out`.  2018: the project's evidence rule (nothing
 * after 2018 is fitted). */
#define CN_BT_CUTOFF_YEAR 2018

/* Event kinds of the proper scores (cn_score.h): each scored episode asks
 * "adopted?" and, where the record says, "in force?". */
enum { CN_BT_EVENT_ADOPTED = 0, CN_BT_EVENT_IN_FORCE, CN_BT_EVENT_KINDS };

/* One state's vote in a recorded-vote episode: its real vote and how
 * often the model gave each vote over the replications. */
typedef struct {
    char code[8];
    unsigned char real;           /* CN_VOTE_* */
    unsigned char modal;          /* CN_VOTE_* (ties: support, object, abstain) */
    long count[3];                /* support, object, abstain */
} cn_bt_vote_row;

#define CN_BT_BLOCKERS 5

/* A state that objected in the last session of a failed replication. */
typedef struct {
    char code[8];
    long count;                   /* failed replications it objected in at the end */
} cn_bt_blocker;

typedef struct {
    char name[64];
    char path[512];
    cn_expected ex;               /* a copy of the scenario's, owned: cn_backtest_result_free */
    long reps;
    long hits;                    /* replications matching the real outcome */
    double p, lo, hi;             /* hits / reps and its 95% Wilson interval over reps / deff
                                   * effective replications (NaN if hypothetical) */
    double deff;                  /* design effect of p (>= 1): input groups share one draw */
    double p_adopted, p_in_force; /* every scored forum adopted / in force */
    double mean_yes, mean_no, mean_abstain, mean_parties; /* first scored forum */
    int n_voters;                 /* states with a listed real vote */
    int n_match;                  /* ... whose modal model vote equals it */
    double match;                 /* n_match / n_voters (NaN if none) */
    double vote_loglik;           /* mean over the n_voters of ln((c + 1/2) / (reps + 3/2)),
                                   * c: replications giving the real vote (NaN if none):
                                   * a proper score; a uniform guess gets ln(1/3) */
    cn_bt_vote_row *vote_rows;    /* n_voters rows, in the world's state order; owned */
    double base_match;            /* the baseline "vote as on ex.previous" (NaN: no previous):
                                   * share of the n_voters whose baseline modal vote is real */
    double base_loglik;           /* its mean log-likelihood per state (cn_backtest_baseline) */
    int consensus;                /* the first scored forum decides by consensus or unanimity */
    long failed;                  /* replications in which it adopted nothing */
    int n_blockers;               /* the most frequent last objectors of those, at most
                                   * CN_BT_BLOCKERS, most frequent first (ties: state order) */
    cn_bt_blocker blockers[CN_BT_BLOCKERS];
    double seconds;               /* wall time of the episode */
    int year;                     /* the year its calendar starts (-1: no calendar) */
    double brier;                 /* mean Brier score of its events (NaN: none scored) */
    /* dated counts (ex.counts) and the entry into force (ex.force_date) */
    double count_mean[CN_EXPECTED_MAX_COUNTS];   /* model mean at the date, over the replications in
                                            * which the first scored forum adopted (NaN: none) */
    double count_within[CN_EXPECTED_MAX_COUNTS]; /* share of those within the tolerance */
    double p_force_by;            /* P(in force by the end of the real date's round) */
    double mean_force_month;      /* mean month of entry into force, where in force (NaN: never) */
} cn_bt_result;

/* The real outcome in words ("adopted, in force", "not adopted",
 * "adopted 119-46-14", "hypothetical") into buf. */
void cn_backtest_real_outcome(const cn_expected *ex, char *buf, size_t size);

/* What really happened in scenario s, in words with its note ("not
 * adopted", "adopted 119-46-14 (note)") into buf: 1; 0 (buf "") when s has
 * no `expected` group or the episode is hypothetical. */
int cn_backtest_real_text(const cn_scenario *s, char *buf, size_t size);

/* Runs reps replications of s (threads >= 1) and scores them against ex.
 * out->ex is left untouched (the caller fills it).  CN_OK, CN_ENOMEM,
 * CN_ETHREAD, CN_EINPUT (unknown generator, reps < 1). */
int cn_backtest_episode(const cn_scenario *s, const cn_expected *ex, long reps, int threads,
                        cn_bt_result *out);

/* The baseline "vote as last time" of a recorded vote over n states:
 * prev[i] and real[i] are CN_VOTE_* (CN_VOTE_NONE: not listed).  A state
 * listed in real is scored; one that voted `prev` then is forecast to
 * repeat it with probability CN_BT_BASELINE_P and to give each other vote
 * with (1 - CN_BT_BASELINE_P) / 2 (modal: prev); one absent then gets the
 * previous vote's shares, each smoothed as the model's are, (count + 1/2) /
 * (voters + 3/2), so that a vote nobody gave then costs a finite log
 * (modal: the previous vote's most frequent, ties support, object,
 * abstain).  *match: share of the scored states whose modal vote is their
 * real vote; *loglik: mean log-probability of the real vote.  Returns the
 * states scored; 0 (both NaN) when none is or nobody voted in prev. */
int cn_backtest_baseline(const unsigned char *prev, const unsigned char *real, int n,
                         double *match, double *loglik);

/* Loads path (with the overrides) and runs it against its `expected`
 * group (CN_EINPUT with diag when it has none).  reps 0: the scenario's
 * run.replications.  On failure out holds nothing to free. */
int cn_backtest_file(const char *path, const char *const *sets, int n_sets, long reps,
                     int threads, cn_bt_result *out, cn_diag *diag);

void cn_backtest_result_free(cn_bt_result *r);

/* The .cfg files of dir, sorted by name, as a NULL-terminated array of
 * "dir/name" strings (free with cn_backtest_list_free); when dir names a
 * regular file ending in .cfg, that file alone.  CN_EIO when dir cannot be
 * read, CN_EINPUT (diag) when it holds no scenario or is another file. */
int cn_backtest_list(const char *dir, char ***out, int *n, cn_diag *diag);
void cn_backtest_list_free(char **list);

/* The episodes' yes/no events for the proper scores: per scored episode
 * "adopted?" (p: P(every scored forum adopted)) and, when the record gives
 * it, "in force?" (p: P(in force)), marked fit or held out by the episode's
 * set.  Writes at most cap events to ev; returns how many there are. */
int cn_backtest_events(const cn_bt_result *r, int n, cn_score_event *ev, int cap);

/* Writers: the Markdown table (with the totals of the fit and held-out
 * sets) and the CSV (one line per episode).  CN_OK or CN_EIO. */
int cn_backtest_write_md(FILE *f, const cn_bt_result *r, int n, long reps_note);
int cn_backtest_write_csv(FILE *f, const cn_bt_result *r, int n);

/* The per-state votes of every recorded-vote episode, one line per state:
 * episode, state, real vote, the model's share of each vote, its modal
 * vote and whether that matches.  CN_OK or CN_EIO. */
int cn_backtest_write_votes_csv(FILE *f, const cn_bt_result *r, int n);

/* The dated treaty counts of every episode, one line per count: episode,
 * set, date, what, real, model mean, relative error, within tolerance,
 * share of replications within it.  CN_OK or CN_EIO. */
int cn_backtest_write_treaties_csv(FILE *f, const cn_bt_result *r, int n);

#endif
