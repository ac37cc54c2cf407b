/* cn_decision.h - quantal-response votes and decision rules (MODEL.md 4.4).
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

/* The parameters of one forum's vote: beta, the abstention threshold a
 * (model.indifference) and, in a recorded vote only, the deference b and
 * the objection cost o (model.vote_deference, model.vote_objection_cost;
 * 0 in consensus and unanimity forums, where every member is pivotal). */
typedef struct {
    double beta;
    double a;
    double deference;
    double objection_cost;
} cn_vote_params;

/* 1 for the rules decided by a recorded vote: majority, two_thirds, council. */
int cn_decision_recorded(cn_rule rule);

void cn_decision_vote_params(const cn_scenario *s, cn_rule rule, cn_vote_params *vp);

/* The ordered quantal response, g = gain + b:
 *   P(support) = logistic(beta (g - a)), P(object) = logistic(beta (-g - a - o));
 * a < 0 and o < 0 count as 0. */
void cn_decision_p_vote(const cn_vote_params *vp, double gain, double *p_support,
                        double *p_object);

/* State i's vote on y: CN_VOTE_SUPPORT, CN_VOTE_OBJECT or CN_VOTE_ABSTAIN. */
int cn_decision_vote(const cn_world *w, int i, const double *y, const cn_vote_params *vp,
                     gsl_rng *r);

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
