/* treaty.c - regimes, signature, ratification, accession, entry into
 * force, lock-in (cn_treaty.h). */
#include "cn_treaty.h"

#include <math.h>
#include <string.h>

#include "cn_decision.h"

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

/* A nonbinding text's regime: in force at adoption, its parties the
 * members that did not object. */
static void adopt_nonbinding(cn_world *w, int f)
{
    const cn_forum_state *fs = &w->fs[f];
    int g = regime_slot(w, f);
    w->regime_binding[g] = 0;
    w->regime_in_force[g] = 1;
    for (int t = 0; t < fs->n_members; t++) {
        int i = fs->members[t];
        if (fs->vote[i] != CN_VOTE_OBJECT)
            w->regime_party[g * w->n + i] = 1;
    }
}

void cn_treaty_adopt(cn_world *w, int f)
{
    const cn_scenario *s = w->s;
    const cn_forum *fo = &s->forums[f];
    cn_forum_state *fs = &w->fs[f];
    switch (fo->output) {
    case CN_OUTPUT_TREATY:
        fs->n_signed = 0;
        fs->opens_round = fs->adopted_round;
        if (fo->signature_opens >= 0 && s->calendar.start >= 0) {
            int r = cn_calendar_round(&s->calendar, fo->signature_opens);
            if (r > fs->opens_round)
                fs->opens_round = r;
        }
        break;
    case CN_OUTPUT_DECISION: {
        /* binding on every state at once: all are parties, nobody ratifies */
        int g = regime_slot(w, f);
        w->regime_binding[g] = 1;
        w->regime_in_force[g] = 1;
        memset(w->regime_party + (size_t)g * (size_t)w->n, 1, (size_t)w->n);
        fs->n_ratified = w->n;
        fs->in_force = 1;
        fs->in_force_round = fs->adopted_round;
        break;
    }
    case CN_OUTPUT_REPORT:
    case CN_OUTPUT_DECLARATION:
    case CN_OUTPUT_RESOLUTION:
        adopt_nonbinding(w, f);
        break;
    }
    if (fo->regional && s->model.lockin != 0.0)
        cn_treaty_lockin(w, f);
}

double cn_treaty_chance(double rate, double years)
{
    return rate > 0.0 ? -expm1(-rate * years) : 0.0;
}

/* willing_i in the decision context already set (cn_world_decide). */
static double willing(const cn_world *w, int i, const double *y)
{
    const cn_model_params *m = &w->s->model;
    return cn_decision_p_support(m->beta, cn_decision_gain(w, i, y) - m->sign_threshold);
}

double cn_treaty_willing(cn_world *w, int f, int i, const double *y)
{
    cn_world_decide(w, f);
    return willing(w, i, y);
}

/* The opening: each member (in member order), then each state that may
 * accede (in state order), draws its resolve u_i, once. */
static void draw_resolve(cn_world *w, int f, gsl_rng *r)
{
    cn_forum_state *fs = &w->fs[f];
    for (int t = 0; t < fs->n_members; t++)
        fs->resolve[fs->members[t]] = gsl_rng_uniform(r);
    for (int i = 0; i < w->n; i++)
        if (fs->accede[i])
            fs->resolve[i] = gsl_rng_uniform(r);
}

/* Signature by the willing members not yet signed (u_i < willing_i): at
 * the opening round with probability sign_open, later 1 - exp(-sign_rate
 * dt).  One uniform per willing member. */
static void sign_round(cn_world *w, int f, gsl_rng *r, int opening, double dt)
{
    const cn_model_params *m = &w->s->model;
    cn_forum_state *fs = &w->fs[f];
    const double p = opening ? m->sign_open : cn_treaty_chance(m->sign_rate, dt);
    if (opening)
        draw_resolve(w, f, r);
    for (int t = 0; t < fs->n_members; t++) {
        int i = fs->members[t];
        if (fs->signed_[i] || fs->resolve[i] >= willing(w, i, fs->text))
            continue;
        if (gsl_rng_uniform(r) < p) {
            fs->signed_[i] = w->round;
            fs->n_signed++;
            if (!opening)
                cn_world_trace(w, CN_TRACE_SIGNED, f, fs->sessions_held, i, -1, NULL);
        }
    }
    if (opening)
        cn_world_trace(w, CN_TRACE_OPENED, f, fs->sessions_held, -1, -1, fs->text);
}

/* Ratification by the willing signatories of earlier rounds, then (in
 * force) accession by the willing states that may accede; the hazard
 * grows with willing_i. */
static void ratify_round(cn_world *w, int f, gsl_rng *r, double dt)
{
    const cn_scenario *s = w->s;
    const cn_forum *fo = &s->forums[f];
    cn_forum_state *fs = &w->fs[f];
    const int in_force = fs->in_force;
    for (int i = 0; i < w->n; i++) {
        int member = fs->signed_[i] != 0 && fs->signed_[i] < w->round;
        int acceder = in_force && fs->accede[i];
        if (fs->ratified[i] || (!member && !acceder))
            continue;
        double wi = willing(w, i, fs->text);
        if (fs->resolve[i] >= wi)
            continue;
        double rate = fo->ratify_scale * s->states[i].ratify * (member ? 1.0 : fo->accession_scale);
        double p = cn_treaty_chance(rate * wi, dt);
        if (gsl_rng_uniform(r) < p) {
            fs->ratified[i] = w->round;
            fs->n_ratified++;
            cn_world_trace(w, CN_TRACE_RATIFIED, f, fs->sessions_held, i, !member, NULL);
        }
    }
}

void cn_treaty_round(cn_world *w, int f, gsl_rng *r)
{
    const cn_scenario *s = w->s;
    const cn_forum *fo = &s->forums[f];
    cn_forum_state *fs = &w->fs[f];
    if (!fs->adopted || fs->opens_round == 0 || w->round < fs->opens_round)
        return;
    const double dt = cn_calendar_years(&s->calendar);
    cn_world_decide(w, f);
    sign_round(w, f, r, w->round == fs->opens_round, dt);
    ratify_round(w, f, r, dt);
    if (!fs->in_force && fs->force_round == 0 && fs->n_ratified >= fo->threshold) {
        const int rm = s->calendar.round_months;
        fs->force_round = w->round + (fo->force_delay + rm - 1) / rm;
    }
    if (!fs->in_force && fs->force_round > 0 && w->round >= fs->force_round) {
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
