/* treaty.c - regimes, signature, ratification, entry into force, lock-in
 * (cn_treaty.h). */
#include "cn_treaty.h"

#include <string.h>

/* Claims forum f's regime slot and fills its text. */
static int regime_slot(cn_world *w, int f)
{
    int g = w->forum_regime[f];
    if (g < 0) {
        g = w->n_regimes++;
        w->forum_regime[f] = g;
    }
    memcpy(w->regime_text + g * w->d, w->fs[f].text, (size_t)w->d * sizeof(double));
    memset(w->regime_party + (size_t)g * (size_t)w->n, 0, (size_t)w->n);
    return g;
}

void cn_treaty_lockin(cn_world *w, int f)
{
    const cn_forum_state *fs = &w->fs[f];
    double l = w->s->model.lockin;
    const int d = w->d;
    double target[CN_MAX_DIMS];
    if (l >= 0.0)
        memcpy(target, fs->text, (size_t)d * sizeof(double));
    else {
        double den = 0.0;
        for (int k = 0; k < d; k++)
            target[k] = 0.0;
        for (int i = 0; i < w->n; i++) {
            den += w->cap[i];
            for (int k = 0; k < d; k++)
                target[k] += w->cap[i] * w->x[i * d + k];
        }
        for (int k = 0; k < d; k++)
            target[k] /= den;
        l = -l;
    }
    for (int t = 0; t < fs->n_members; t++) {
        int i = fs->members[t];
        if (fs->vote[i] != CN_VOTE_SUPPORT)
            continue;
        for (int k = 0; k < d; k++)
            w->x0[i * d + k] += l * (target[k] - w->x0[i * d + k]);
    }
}

void cn_treaty_adopt(cn_world *w, int f)
{
    const cn_forum *fo = &w->s->forums[f];
    cn_forum_state *fs = &w->fs[f];
    if (fo->output == CN_OUTPUT_REPORT) {
        int g = regime_slot(w, f);
        w->regime_binding[g] = 0;
        w->regime_in_force[g] = 1;
        for (int t = 0; t < fs->n_members; t++) {
            int i = fs->members[t];
            if (fs->vote[i] != CN_VOTE_OBJECT)
                w->regime_party[g * w->n + i] = 1;
        }
    } else if (fo->output == CN_OUTPUT_TREATY) {
        fs->n_signed = 0;
        for (int t = 0; t < fs->n_members; t++) {
            int i = fs->members[t];
            if (fs->vote[i] == CN_VOTE_SUPPORT) {
                fs->signed_[i] = 1;
                fs->n_signed++;
            }
        }
        fs->last_round = fs->adopted_round + fo->ratification_sessions;
    }
    if (fo->output == CN_OUTPUT_RESOLUTION) {
        /* binding on every state at once: all are parties, nobody ratifies */
        int g = regime_slot(w, f);
        w->regime_binding[g] = 1;
        w->regime_in_force[g] = 1;
        memset(w->regime_party + (size_t)g * (size_t)w->n, 1, (size_t)w->n);
        fs->n_ratified = w->n;
        fs->in_force = 1;
        fs->in_force_round = fs->adopted_round;
        fs->last_round = fs->adopted_round;
    }
    if (fo->regional && w->s->model.lockin != 0.0)
        cn_treaty_lockin(w, f);
}

void cn_treaty_ratify_round(cn_world *w, int f, gsl_rng *r)
{
    const cn_forum *fo = &w->s->forums[f];
    cn_forum_state *fs = &w->fs[f];
    const cn_scenario *s = w->s;
    /* the treaty's pace; a forum built without the loader (zeroed) ratifies
     * at the states' own propensities */
    const double scale = fo->ratify_scale > 0.0 ? fo->ratify_scale : 1.0;
    for (int i = 0; i < w->n; i++) {
        if (!fs->signed_[i] || fs->ratified[i])
            continue;
        double p = scale * s->states[i].ratify;
        if (gsl_rng_uniform(r) < (p < 1.0 ? p : 1.0)) {
            fs->ratified[i] = 1;
            fs->n_ratified++;
            cn_world_trace(w, CN_TRACE_RATIFIED, f, fs->sessions_held, i, -1, NULL);
        }
    }
    if (!fs->in_force && fs->n_ratified >= fo->threshold) {
        fs->in_force = 1;
        fs->in_force_round = w->round;
        cn_world_trace(w, CN_TRACE_IN_FORCE, f, fs->sessions_held, -1, -1, fs->text);
    }
    if (fs->in_force) {
        int g = regime_slot(w, f);
        w->regime_binding[g] = 1;
        w->regime_in_force[g] = 1;
        for (int i = 0; i < w->n; i++)
            if (fs->ratified[i])
                w->regime_party[g * w->n + i] = 1;
    }
}
