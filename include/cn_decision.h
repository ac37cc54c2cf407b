/* cn_decision.h - quantal-response votes and decision rules (docs/model.md,
 * section 8).
 *
 *   U_i(y)  = - sum_d s_id |x_id - y_d|^p   (d over the issues of the forum whose
 *             text is weighed: cn_world_decide; every dimension by default)
 *   U_i(q_i) = U_i(sq) + rw max(0, max_g U_i(regime g) - U_i(sq))
 *             over the regimes g in force that i is party to; sq is the
 *             status quo point; rw = w->regime_weight (1 for treaties,
 *             model.report_regime_weight for reports: a report replaces
 *             no regime, so parties weigh their regimes less against it)
 *   gain_i  = U_i(y) - (U_i(q_i) - pressure_i)
 * Ordered quantal response, a = indifference >= 0 (the abstention
 * threshold), one uniform u per vote:
 *   P(support) = logistic(beta (gain_i - a))
 *   P(object)  = logistic(beta (-gain_i - a))
 *   P(abstain) = 1 - P(support) - P(object)   (>= 0 because a >= 0)
 *   u < P(support): support; u < 1 - P(object): abstain; else object.
 * a = 0 gives the binary logit: support with probability logistic(beta gain).
 * In a recorded vote (majority, two_thirds, council) gain_i is raised by
 * the deference b = model.vote_deference and an objection needs o =
 * model.vote_objection_cost more: P(object) = logistic(beta (-gain_i - b
 * - a - o)); P(abstain) >= 0 still, because 2a + o >= 0.
 * Rules: see cn_rule in cn_scenario.h; consensus absorbs up to
 * `footnotes` objections, each lowering strength by `dilution`.
 */
#ifndef CN_DECISION_H
#define CN_DECISION_H

#include <gsl/gsl_rng.h>

#include "cn_scenario.h"
#include "cn_world.h"

double cn_decision_utility(const double *x, const double *s, const double *y, int d, double p);

/* U_i(q_i) - pressure_i for state i. */
double cn_decision_no_agreement(const cn_world *w, int i);

/* Computes every member of forum f's no-agreement value once for the
 * session being decided (they do not change between the drafts weighed
 * and the vote) and makes cn_decision_gain use them until
 * cn_decision_release.  Same values as computing them each time. */
void cn_decision_prepare(cn_world *w, int f);
void cn_decision_release(cn_world *w, int f);

/* gain_i of text y. */
double cn_decision_gain(const cn_world *w, int i, const double *y);

/* logistic(beta gain). */
double cn_decision_p_support(double beta, double gain);

/* The parameters of one forum's vote (docs/model.md 8):
 *   beta            rationality
 *   a               abstention half-band (model.indifference)
 *   deference       b: recorded votes only (model.vote_deference)
 *   objection_cost  o: recorded votes: model.vote_objection_cost; consensus
 *                   and unanimity: model.consensus_objection_cost (breaking
 *                   consensus is costly, so only a state that finds the
 *                   text worse than no agreement does it, bar noise)
 *   cue             kappa: model.sponsor_cue, added to the gain of the
 *                   sponsor's camp and taken from the rival camp
 *   split, hedge    the band's widening by a state's bloc split and its
 *                   hedge between the camps (model.abstain_split, _hedge)
 *   discipline      consensus and unanimity: a camp member that did not
 *                   object objects with this probability when its camp's
 *                   leader objected (model.bloc_discipline) */
typedef struct {
    double beta;
    double a;
    double deference;
    double objection_cost;
    double cue;
    double split;
    double hedge;
    double discipline;
} cn_vote_params;

/* 1 for the rules decided by a recorded vote: majority, two_thirds, council. */
int cn_decision_recorded(cn_rule rule);

void cn_decision_vote_params(const cn_scenario *s, cn_rule rule, cn_vote_params *vp);

/* The ordered quantal response of one state with no cue and the bare band
 * a, g = gain + b:
 *   P(support) = logistic(beta (g - a)), P(object) = logistic(beta (-g - a - o));
 * a < 0 and o < 0 count as 0. */
void cn_decision_p_vote(const cn_vote_params *vp, double gain, double *p_support,
                        double *p_object);

/* The full vote model of forum f on text y for every member, in member
 * order (fs->members): g[t] = gain_t + b + cue_t, ps[t] = P(support),
 * po[t] = P(object) (arrays of at least n_members).  With i's band
 *   a_i = a + split h_i + hedge e_i
 * where h_i is the mean over i's blocs and UN group of 2 min(p, 1 - p),
 * p the bloc members' (in this forum) share with a negative g, and e_i =
 * 2 min(T_S, T_R) / (T_S + T_R) its tie (and campaign) weights to the two
 * camps' leaders (0 when the forum has no two camps).  Uses the caches
 * of cn_decision_prepare when forum f is prepared, else computes. */
void cn_decision_probs(const cn_world *w, int f, const double *y, const cn_vote_params *vp,
                       double *g, double *ps, double *po);

/* P(support) and P(object) of member i of forum f for text y under the
 * full model (0, 0 if i is not a member).  O(members). */
void cn_decision_p_member(const cn_world *w, int f, int i, const double *y, double *p_support,
                          double *p_object);

/* Expected supporters of y in forum f under the full model. */
double cn_decision_expected_support(const cn_world *w, int f, const double *y);

/* State i's vote on y from the bare model (cn_decision_p_vote): one
 * uniform.  CN_VOTE_SUPPORT, CN_VOTE_OBJECT or CN_VOTE_ABSTAIN. */
int cn_decision_vote(const cn_world *w, int i, const double *y, const cn_vote_params *vp,
                     gsl_rng *r);

/* Why a state objected (fs->reason, for narration). */
enum {
    CN_REASON_NONE = 0,
    CN_REASON_WORSE,    /* the text is worse for it than no agreement (or the rival text) */
    CN_REASON_CAMP,     /* it gains from the text, but its camp's line (the sponsor cue) */
    CN_REASON_BLOC,     /* it followed its camp's leader in breaking consensus */
    CN_REASON_SURPRISE, /* it gains from the text: quantal noise */
    CN_REASON_PLAYER    /* a player (hook) chose it */
};

typedef struct {
    int yes, no, abstain, veto_no;
} cn_vote_count;

/* Every member of forum f votes on y (one uniform each, then, where bloc
 * discipline applies, one more each): the full model, then the hooks'
 * overrides, then discipline.  Votes into fs->vote, reasons into
 * fs->reason, counts into out.  Needs cn_decision_prepare(w, f). */
void cn_decision_vote_forum(cn_world *w, int f, const double *y, gsl_rng *r, cn_vote_count *out);

typedef struct {
    int adopted;
    double strength;  /* 1 - dilution * footnotes (>= 0); 1 for votes */
    int footnotes;
} cn_decision_result;

/* Applies a decision rule to the counts of a vote.  veto_no: objections
 * by veto holders. */
void cn_decision_rule(cn_rule rule, int members, int yes, int no, int abstain, int veto_no,
                      int footnote_budget, double dilution, int council_quota,
                      cn_decision_result *out);

#endif
