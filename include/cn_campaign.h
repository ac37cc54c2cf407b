/* cn_campaign.h - bloc campaigns for the undecided (docs/model.md,
 * section 6; seed 004).
 *
 * A campaign's bloc spends `budget` per round from `start` to `stop`
 * (trade, development aid, capacity building): the budget is split
 * equally over its targets, and each target's tie to the bloc's leader
 * grows by its share.  Campaign ties decay by `campaign_decay` per round.
 * Targets: `undecided` = states in no camp bloc and not in the campaigning
 * bloc; `region` = states of a UN regional group outside the bloc;
 * `list` = the states named.
 */
#ifndef CN_CAMPAIGN_H
#define CN_CAMPAIGN_H

#include "cn_world.h"

/* Decays campaign ties and adds this round's spending. */
void cn_campaign_round(cn_world *w);

/* Writes campaign c's target states to out (capacity n); returns how many. */
int cn_campaign_targets(const cn_world *w, int c, int *out);

#endif
