/* cn_election.h - a secret-ballot election between two candidates (rule
 * "election"; docs/model.md section 14; seed 004: placing experts at the
 * head of the standards bodies).
 *
 * A forum with rule = "election" and candidates = [A, B] elects the head
 * of an organisation between the candidates of states A and B.  Each
 * member i votes for the candidate whose state's current position it
 * prefers, on the forum's issues (U as in cn_decision.h, salience on the
 * issues only):
 *
 *   g_i = U_i(x_A) - U_i(x_B)
 *   P_i(A) = logistic(beta (g_i - a))       a = model.indifference
 *   P_i(B) = logistic(beta (-g_i - a))
 *   P_i(abstain) = 1 - P_i(A) - P_i(B)      (a blank ballot; >= 0 as a >= 0)
 *
 * One uniform u per member, in member order: u < P(A) votes A, u < 1 -
 * P(B) abstains, else B.  The ballot is secret, so nothing of what a
 * recorded vote says weighs (no deference, objection cost, sponsor cue,
 * bloc split or hedge: cn_decision.h), and nothing follows the vote (no
 * regime, no lock-in).  The world keeps each ballot (fs->vote: support =
 * A, object = B; the hooks may cast a student's), but narration, the
 * backtest and the tables report the totals only.
 *
 * The count: yes = votes for A, no = votes for B, abstain = blank.  A is
 * elected (the forum's `adopted`) when yes > no, B when no > yes (a
 * majority of the votes cast for a candidate); a tie is another ballot in
 * the next session while sessions remain.  The forum's text is the
 * elected candidate's position (A's while nobody is).
 */
#ifndef CN_ELECTION_H
#define CN_ELECTION_H

#include <gsl/gsl_rng.h>

#include "cn_world.h"

/* g_i of member i in election f: U_i(x_A) - U_i(x_B) on f's issues. */
double cn_election_gain(const cn_world *w, int f, int i);

/* P(A) and P(B) at gain g (beta, a = model.indifference < 0 counted 0). */
void cn_election_probs(const cn_scenario *s, double g, double *p_a, double *p_b);

/* One ballot of election f in the current round. */
void cn_election_session(cn_world *w, gsl_rng *r, int f);

#endif
