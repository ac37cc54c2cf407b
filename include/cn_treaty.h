/* cn_treaty.h - after adoption: regimes, signature, ratification, entry
 * into force, lock-in (docs/model.md, sections 9 and 10; seed 001).
 *
 * A report is done at adoption: its non-objecting members become its
 * parties.  A treaty opens for signature (supporters sign); each round
 * after adoption each signatory not yet a party ratifies with probability
 * `ratify`; it enters into force at `threshold` ratifications and its
 * parties are those that ratified.  Lock-in (regional forums): at
 * adoption, each supporter's anchor moves toward the text by `lockin`;
 * a negative `lockin` moves it toward the capability-weighted centre of
 * all states instead (the stepping-stone view).
 */
#ifndef CN_TREATY_H
#define CN_TREATY_H

#include <gsl/gsl_rng.h>

#include "cn_world.h"

/* Records forum f's adopted text: a report's parties and regime, or a
 * treaty's signatures; applies lock-in when the forum is regional. */
void cn_treaty_adopt(cn_world *w, int f);

/* One round of ratifications for forum f's treaty. */
void cn_treaty_ratify_round(cn_world *w, int f, gsl_rng *r);

/* Lock-in of forum f's supporters (called by cn_treaty_adopt). */
void cn_treaty_lockin(cn_world *w, int f);

#endif
