/* campaign.c - bloc campaigns for the undecided (cn_campaign.h).
 * Campaign weights live in w->campaign; cn_world_refresh_ties brings their
 * columns of the cached b_ij up to date on every call, so a campaign round
 * does not mark the ties dirty (which would recompute all na*na of them). */
#include "cn_campaign.h"

#include <string.h>

int cn_campaign_targets(const cn_world *w, int c, int *out)
{
    const cn_scenario *s = w->s;
    const cn_campaign *cp = &s->campaigns[c];
    const unsigned char *own = w->in_bloc + (size_t)cp->bloc * (size_t)w->n;
    int k = 0;
    switch (cp->target) {
    case CN_TARGET_LIST:
        for (int t = 0; t < cp->n_targets; t++)
            out[k++] = cp->targets[t];
        break;
    case CN_TARGET_REGION:
        for (int i = 0; i < w->n; i++)
            if (!own[i] && strcmp(s->states[i].group, cp->region) == 0)
                out[k++] = i;
        break;
    case CN_TARGET_UNDECIDED:
    default:
        for (int i = 0; i < w->n; i++) {
            if (own[i])
                continue;
            int camp = 0;
            for (int b = 0; b < s->n_blocs && !camp; b++)
                camp = s->blocs[b].camp && w->in_bloc[(size_t)b * (size_t)w->n + (size_t)i];
            if (!camp)
                out[k++] = i;
        }
        break;
    }
    return k;
}

void cn_campaign_round(cn_world *w)
{
    const cn_scenario *s = w->s;
    int nc = s->n_campaigns;
    if (nc == 0)
        return;
    double keep = 1.0 - s->model.campaign_decay;
    if (keep != 1.0)
        for (int t = 0; t < w->n * nc; t++)
            w->campaign[t] *= keep;
    for (int c = 0; c < nc; c++) {
        const cn_campaign *cp = &s->campaigns[c];
        if (w->round < cp->start || (cp->stop > 0 && w->round > cp->stop) || cp->budget <= 0.0)
            continue;
        int k = cn_campaign_targets(w, c, w->si);
        if (k == 0)
            continue;
        int leader = s->blocs[cp->bloc].leader;
        double share = cp->budget / k;
        for (int t = 0; t < k; t++)
            if (w->si[t] != leader)
                w->campaign[w->si[t] * nc + c] += share;
    }
}
