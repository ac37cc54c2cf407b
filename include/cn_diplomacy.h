/* cn_diplomacy.h - opinion dynamics between rounds (docs/model.md,
 * section 5).
 *
 * Friedkin-Johnsen with bounded confidence, synchronous:
 *   x_i <- r_i x0_i + (1 - r_i) sum_j W_ij x_j
 *   W_ij = b_ij [||x_i - x_j|| < epsilon] / sum_k b_ik [||x_i - x_k|| < epsilon]
 *   b_ij = (tie_ij + campaign weight toward j) * c_j
 * j = i always counts (self_tie), so a row is never empty.  Actors include
 * the stakeholders: states listen to them (their reach), they vote nowhere.
 */
#ifndef CN_DIPLOMACY_H
#define CN_DIPLOMACY_H

#include "cn_world.h"

/* One synchronous update of every actor's position. */
void cn_diplomacy_round(cn_world *w);

#endif
