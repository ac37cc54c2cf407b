/* cn_proposal.h - who chairs, what the chair drafts (docs/model.md,
 * section 7).
 *
 * Draft on each open dimension k:
 *   m_k = weighted median of members' (and speaking stakeholders') x_ik,
 *         weights c_i s_ik
 *   y_k = clamp((1 - chair_bias) m_k + chair_bias x_chair,k + N(0, sigma))
 * Closed dimensions take their fixed value.  After a failed session the
 * text moves toward the objectors' weighted centre o (weights c_i s_ik):
 *   y_k <- y_k + concession (o_k - y_k).
 * Rival drafts (a bloc's text) compete with the chair's; the chair tables
 * the one with most expected support, sum_i P(i supports) with P the
 * ordered quantal response of cn_decision.h: logistic(beta (gain_i - a)).
 */
#ifndef CN_PROPOSAL_H
#define CN_PROPOSAL_H

#include <gsl/gsl_rng.h>

#include "cn_world.h"

/* Chair of forum f's session (1-based): rotate through members, a
 * capability-weighted draw, or the named state. */
int cn_proposal_chair(const cn_world *w, int f, int session, gsl_rng *r);

/* Weighted median of n (value, weight) pairs held interleaved in vw
 * (sorted in place): the smallest value whose cumulative weight reaches
 * half the total.  n >= 1; all weights zero gives the plain lower median. */
double cn_proposal_weighted_median(double *vw, int n);

/* The chair's fresh draft into y (d values). */
void cn_proposal_draft(cn_world *w, int f, int chair, gsl_rng *r, double *y);

/* Moves y toward the weighted centre of the members who objected at the
 * forum's last decision (or did not support, if none objected). */
void cn_proposal_concede(const cn_world *w, int f, double *y);

/* Rival draft k of forum f into y: its text, or the bloc's
 * capability-weighted centre; closed dimensions fixed. */
void cn_proposal_rival(const cn_world *w, int f, int k, double *y);

/* Expected number of supporters of text y among forum f's members. */
double cn_proposal_expected_support(const cn_world *w, int f, const double *y);

#endif
