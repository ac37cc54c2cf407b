/* cn_club.h - a club that sets a standard and grows: the standards and
 * regulation route (rule "club"; docs/model.md section 15; seed 004).
 *
 * A forum with rule = "club" has no vote.  In its first session its
 * founders (`members`) publish their standard: the text is drafted as any
 * first draft (the forum's `draft`, else the founders' weighted median,
 * cn_proposal.h) and adopted at once, every founder a party; the standard
 * is a nonbinding regime (cn_treaty_adopt).  From then on, every round
 * (after the forum sessions of the round, as a treaty's round), every
 * state that is not a founder weighs belonging to the club:
 *
 *   J_i = g_i(y) + club_market M_i + club_size N_i / n + club_campaign K_i
 *     g_i(y)  its gain from the standard y over no agreement (cn_decision.h,
 *             on the club's issues): its position against the club's text
 *     M_i     the members' share of the world economy, i left out:
 *             sum_{j member, j != i} m_j / sum_j m_j, m = cn_scenario.market
 *             (GDP; capability when the scenario has no `markets`): the
 *             market access a member gains
 *     N_i     the members other than i (n: the states): the club's size
 *     K_i     the campaign weight the club's sponsor bloc (`sponsor`)
 *             spends on i (cn_campaign.h; 0 without a sponsor)
 *   willing_i = logistic(beta (J_i - club_threshold))
 *   outside:  joins with probability 1 - exp(-club_rate willing_i dt)
 *   a member: leaves with probability 1 - exp(-club_rate (1 - willing_i) dt)
 *
 * (dt = calendar.round_months / 12 years; founders never leave.)  A
 * club whose sponsor is a camp bloc admits nobody from a rival camp (a
 * camp bloc the state shares with no sponsor member: seed 004, the camps
 * contest the undecided): for them willing_i = 0.  All
 * states weigh the membership at the start of the round; one uniform per
 * state that is not a founder, in state order, whether it moves or not.
 * A member listens to the other members as to a bloc partner: joining
 * adds model.bloc_tie to the ties both ways between the joiner and each
 * member, leaving takes it off (never below 0), so diplomacy carries the
 * club's positions to its members.  The standard's regime counts its
 * members as parties.  Nothing is allocated.
 */
#ifndef CN_CLUB_H
#define CN_CLUB_H

#include <gsl/gsl_rng.h>

#include "cn_world.h"

/* The club's founding session (forum f, in its start round): the
 * standard is drafted (the draws of a first draft: a capability chair,
 * the drafting noise) and adopted by the founders. */
void cn_club_found(cn_world *w, gsl_rng *r, int f);

/* The pull J_i of belonging to club f for state i, given the current
 * membership (i left out of M_i and N_i).  Sets the world's decision
 * context to f. */
double cn_club_pull(cn_world *w, int f, int i);

/* 1 when club f admits state i (not in a rival camp of its sponsor). */
int cn_club_admits(const cn_world *w, int f, int i);

/* logistic(beta (J_i - club_threshold)). */
double cn_club_willing(cn_world *w, int f, int i);

/* One round of an adopted club f: joining and leaving (see above). */
void cn_club_round(cn_world *w, int f, gsl_rng *r);

/* Undecided members of club f now: members in no camp bloc. */
int cn_club_undecided(const cn_world *w, int f);

/* The members' share of the world economy (market, else capability). */
double cn_club_market_share(const cn_world *w, int f);

#endif
