/* cn_treaty.h - after adoption: regimes, signature, ratification,
 * accession, entry into force, lock-in (docs/model.md, sections 9 and 10;
 * seed 001).
 *
 * The legal type of the text (cn_output_kind) decides what follows:
 * - report, declaration, resolution: nonbinding, done at adoption; the
 *   members that did not object are its parties;
 * - decision (Security Council, Chapter VII): binds every state at once;
 * - treaty: opens for signature at adoption (or at the forum's
 *   `signature_opens` date, if later); entry into force at `threshold`
 *   ratifications plus `force_delay` months; binding on the states that
 *   ratified (or acceded) while in force.
 * Who signs and ratifies follows the text and the state.  With g_i state
 * i's gain from the text (cn_decision_gain, in the context of the forum:
 * its issues and the treaty regime weight), theta = model.sign_threshold,
 * beta = model.beta and dt = calendar.round_months / 12 years:
 *   willing_i = logistic(beta (g_i - theta))
 *   at the opening each member and each state that may accede draws its
 *   resolve u_i ~ U[0,1) once; it is willing while u_i < willing_i (the
 *   quantal noise is a state's own, lasting reasons, not a coin tossed
 *   every round: an unwilling state does not sign by waiting);
 *   signature, willing members not yet signed: at the opening round with
 *     probability sign_open, in each later round 1 - exp(-sign_rate dt);
 *   ratification, willing signatories (from the round after signing):
 *     1 - exp(-ratify_scale ratify_i willing_i dt)   (ratify_i: per year);
 *   accession, willing states of `open_to` outside the forum, once in force:
 *     1 - exp(-accession_scale ratify_scale ratify_i willing_i dt).
 * Draws: at the opening the resolves (members in member order, then the
 * states that may accede in state order); each round one uniform per
 * willing member not yet signed (member order), then one per willing
 * signatory or acceder not yet a party (state order).
 * Lock-in (regional forums): at adoption, each supporter's anchor moves
 * toward the text by `lockin`; a negative `lockin` moves it toward the
 * capability-weighted centre of all states instead (stepping stones).
 */
#ifndef CN_TREATY_H
#define CN_TREATY_H

#include <gsl/gsl_rng.h>

#include "cn_world.h"

/* Records forum f's adopted text (fs->adopted_round set): a nonbinding
 * text's parties and regime, a decision's binding regime, a treaty's
 * opening round; applies lock-in when the forum is regional.  No draws. */
void cn_treaty_adopt(cn_world *w, int f);

/* One round of an adopted treaty of forum f (from its adoption round on):
 * signature (once open), ratification, accession, entry into force. */
void cn_treaty_round(cn_world *w, int f, gsl_rng *r);

/* logistic(beta (g - theta)): how willing state i is to join text y of
 * forum f (sets the world's decision context to f). */
double cn_treaty_willing(cn_world *w, int f, int i, const double *y);

/* Probability of an event of hazard `rate` per year within `years`:
 * 1 - exp(-rate years). */
double cn_treaty_chance(double rate, double years);

/* Lock-in of forum f's supporters (called by cn_treaty_adopt). */
void cn_treaty_lockin(cn_world *w, int f);

#endif
