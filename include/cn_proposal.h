/* cn_proposal.h - who chairs, what the chair drafts (docs/model.md,
 * section 7).
 *
 * Draft on each open dimension k:
 *   m_k = weighted median of members' (and speaking stakeholders') x_ik,
 *         weights c_i s_ik
 *   y_k = clamp((1 - chair_bias) m_k + chair_bias x_chair,k + N(0, sigma))
 * Closed dimensions take their fixed value; a forum with a `draft` (its
 * real first text) starts from it instead (no median, bias or noise).
 * After a failed session the chair's own draft (kept apart from any rival
 * text put to the vote) moves toward the objectors' weighted centre o
 * (weights c_i s_ik; if a rival was voted on, the members' probabilities
 * of objecting to the draft times c_i s_ik), by at most chair_step:
 *   delta = concession (o - y) on open dimensions
 *   y <- y + delta min(1, chair_step / ||delta||).
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

/* The chair's first draft into y (d values): the forum's `draft`, else the
 * biased, noisy weighted median (draws one normal per open dimension when
 * sigma > 0 and there is no `draft`). */
void cn_proposal_draft(cn_world *w, int f, int chair, gsl_rng *r, double *y);

/* Moves the chair's draft y toward the members who object to it, by at
 * most the forum's chair_step; returns the distance moved.  tabled: the
 * text voted on at the forum's last decision (-1: this draft, whose
 * objectors, or abstainers if none objected, are the target; a rival's
 * index: the members expected to object to y).  Needs the members'
 * no-agreement values of this session (cn_decision_prepare) for tabled
 * >= 0; draws nothing. */
double cn_proposal_concede(const cn_world *w, int f, int tabled, double *y);

/* Rival draft k of forum f into y: its text, or the bloc's
 * capability-weighted centre; closed dimensions fixed. */
void cn_proposal_rival(const cn_world *w, int f, int k, double *y);

/* Expected number of supporters of text y among forum f's members. */
double cn_proposal_expected_support(const cn_world *w, int f, const double *y);

#endif
