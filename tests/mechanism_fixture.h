/* mechanism_fixture.h - tiny hand-built scenarios for the mechanism tests.
 *
 * A fx_scenario holds a cn_scenario and, inline, every array it points to,
 * so a test builds a 2-4 state world in a few lines without the loader and
 * frees it with one call.  fx_new fills EVERY field of the scenario
 * explicitly (it does not call cn_scenario_defaults), so a change of a
 * documented default never shifts a known answer here: the values below
 * are the defaults of docs/scenarios.md at the time of writing, and each
 * test overrides what its hand computation depends on.
 * The fx_scenario must not be copied or moved (the scenario points into it).
 * Header-only: every function is static inline.
 */
#ifndef CN_MECHANISM_FIXTURE_H
#define CN_MECHANISM_FIXTURE_H

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <gsl/gsl_rng.h>

#include "cn_scenario.h"
#include "cn_world.h"

#define FX_MAX_STATES 32
#define FX_MAX_BLOCS 6
#define FX_MAX_FORUMS 3
#define FX_MAX_CAMPAIGNS 2
#define FX_MAX_REGIMES 4
#define FX_MAX_TIES 4
#define FX_MAX_STAKEHOLDERS 2

/* Tolerance for deterministic arithmetic. */
#define FX_TOL 1e-12

/* |a - b| <= tol for doubles (cmocka 1.1.5's assert_float_equal casts to
 * float); NaN never passes.  Needs cmocka.h included before use. */
#define FX_NEAR(a, b, tol)                                                              \
    do {                                                                                \
        double fx_a_ = (a), fx_b_ = (b);                                                \
        if (!(fabs(fx_a_ - fx_b_) <= (tol)))                                            \
            fail_msg("%s = %.17g, expected %.17g (tolerance %g)", #a, fx_a_, fx_b_,      \
                     (double)(tol));                                                    \
    } while (0)

typedef struct {
    cn_scenario s;
    cn_state states[FX_MAX_STATES];
    cn_stakeholder stakeholders[FX_MAX_STAKEHOLDERS];
    cn_bloc blocs[FX_MAX_BLOCS];
    int bloc_members[FX_MAX_BLOCS][FX_MAX_STATES];
    cn_tie ties[FX_MAX_TIES];
    cn_forum forums[FX_MAX_FORUMS];
    int forum_members[FX_MAX_FORUMS][FX_MAX_STATES];
    int forum_pool[FX_MAX_FORUMS][FX_MAX_STATES];
    int forum_stakeholders[FX_MAX_FORUMS][FX_MAX_STAKEHOLDERS];
    int forum_open_to[FX_MAX_FORUMS][FX_MAX_STATES];
    cn_campaign campaigns[FX_MAX_CAMPAIGNS];
    int campaign_targets[FX_MAX_CAMPAIGNS][FX_MAX_STATES];
    cn_regime regimes[FX_MAX_REGIMES];
    int regime_parties[FX_MAX_REGIMES][FX_MAX_STATES];
} fx_scenario;

/* A scenario of n states (codes S0, S1, ...) on d dimensions.  With
 * d >= 2, dimension 0 is "scope" and 1 is "form".  Every state: ideal 0.5,
 * salience 1, capability 1, stubbornness 0.7, ratify 0.1 (per year), no
 * veto, no group.  A round is 4 months (no calendar start).  No blocs, forums, campaigns, regimes.  NULL on out of memory. */
static inline fx_scenario *fx_new(int n, int d)
{
    fx_scenario *f = calloc(1, sizeof *f);
    if (f == NULL || n < 1 || n > FX_MAX_STATES || d < 1 || d > CN_MAX_DIMS) {
        free(f);
        return NULL;
    }
    cn_scenario *s = &f->s;
    snprintf(s->name, sizeof s->name, "fixture");
    s->n_dims = d;
    for (int k = 0; k < d; k++)
        snprintf(s->dims[k].name, sizeof s->dims[k].name, "d%d", k);
    s->dim_scope = -1;
    s->dim_form = -1;
    if (d >= 2) {
        snprintf(s->dims[0].name, sizeof s->dims[0].name, "scope");
        snprintf(s->dims[1].name, sizeof s->dims[1].name, "form");
        s->dim_scope = 0;
        s->dim_form = 1;
    }
    s->n_states = n;
    s->states = f->states;
    for (int i = 0; i < n; i++) {
        cn_state *st = &f->states[i];
        snprintf(st->code, sizeof st->code, "S%d", i);
        snprintf(st->name, sizeof st->name, "State %d", i);
        for (int k = 0; k < d; k++) {
            st->ideal[k] = 0.5;
            st->salience[k] = 1.0;
        }
        st->capability = 1.0;
        st->stubbornness = 0.7;
        st->ratify = 0.1;
        st->veto = 0;
    }
    s->stakeholders = f->stakeholders;
    s->blocs = f->blocs;
    s->ties = f->ties;
    s->forums = f->forums;
    s->campaigns = f->campaigns;
    s->regimes = f->regimes;
    s->poles[0] = -1;
    s->poles[1] = -1;

    s->events.incident_rate = 0.0; /* default 0.3: tests switch incidents on */
    s->events.attribution = 0.4;
    s->events.shock = 0.05;
    s->events.urgency = 0.02;
    s->events.pressure_decay = 0.2;
    s->events.shame = 0.2;
    s->events.audience = 0.0;
    s->offense = NULL;    /* no record: capability stands in, every state attributes */
    s->attr_since = NULL;
    s->events.n_script = 0;
    s->events.script = NULL;

    cn_model_params *m = &s->model;
    m->p = 2.0;
    m->beta = 20.0;
    m->indifference = 0.005;
    m->epsilon = 0.5;
    m->self_tie = 1.0;
    m->base_tie = 0.05;
    m->bloc_tie = 1.0;
    m->campaign_decay = 0.1;
    for (int k = 0; k < CN_MAX_DIMS; k++)
        m->status_quo[k] = 0.5;
    m->lockin = 0.2;
    m->incompatible = 0.3;
    m->dgc_form = 0.0;
    m->dgc_scope = 0.35;
    m->dgc_coverage = 2.0 / 3.0;
    m->sign_threshold = 0.05;
    m->sign_open = 0.6;
    m->sign_rate = 0.3;

    s->calendar.start = -1;
    s->calendar.round_months = 4;
    s->calendar.end = -1;

    s->forum_defaults.sessions = 6;
    s->forum_defaults.footnotes = 0;
    s->forum_defaults.ratification_sessions = 12;
    s->forum_defaults.council_quota = 9;
    s->forum_defaults.dilution = 0.1;
    s->forum_defaults.chair_bias = 0.2;
    s->forum_defaults.sigma = 0.03;
    s->forum_defaults.concession = 0.3;
    s->forum_defaults.chair_step = 3.0; /* larger than any move in [0,1]^8: no bound */

    s->run.seed = 1;
    s->run.replications = 1;
    s->run.threads = 1;
    snprintf(s->run.generator, sizeof s->run.generator, "mt19937");
    return f;
}

static inline void fx_free(fx_scenario *f)
{
    free(f);
}

/* Sets state i's ideal (d values), capability and stubbornness. */
static inline void fx_state(fx_scenario *f, int i, const double *ideal, double cap, double stub)
{
    cn_state *st = &f->states[i];
    for (int k = 0; k < f->s.n_dims; k++)
        st->ideal[k] = ideal[k];
    st->capability = cap;
    st->stubbornness = stub;
}

static inline void fx_group(fx_scenario *f, int i, const char *group)
{
    snprintf(f->states[i].group, sizeof f->states[i].group, "%s", group);
}

/* Adds a bloc of k members (leader = a state index); returns its index. */
static inline int fx_bloc(fx_scenario *f, const char *name, const int *members, int k, int leader,
                   int camp)
{
    int b = f->s.n_blocs++;
    cn_bloc *bl = &f->blocs[b];
    snprintf(bl->name, sizeof bl->name, "%s", name);
    bl->leader = leader;
    bl->camp = camp;
    bl->n_members = k;
    bl->members = f->bloc_members[b];
    memcpy(bl->members, members, (size_t)k * sizeof(int));
    return b;
}

/* Adds an explicit tie; returns its index. */
static inline int fx_tie(fx_scenario *f, int from, int to, double weight, int mutual)
{
    int t = f->s.n_ties++;
    f->ties[t].from = from;
    f->ties[t].to = to;
    f->ties[t].weight = weight;
    f->ties[t].mutual = mutual;
    return t;
}

/* Adds a stakeholder (stubbornness 1); returns its index. */
static inline int fx_stakeholder(fx_scenario *f, const char *name, const double *ideal, double cap,
                          double reach)
{
    int a = f->s.n_stakeholders++;
    cn_stakeholder *sh = &f->stakeholders[a];
    snprintf(sh->name, sizeof sh->name, "%s", name);
    for (int k = 0; k < f->s.n_dims; k++) {
        sh->ideal[k] = ideal[k];
        sh->salience[k] = 1.0;
    }
    sh->capability = cap;
    sh->stubbornness = 1.0;
    sh->reach = reach;
    return a;
}

/* Adds a forum with fixed membership (k members; k = 0: every state):
 * consensus, report, all dimensions open, chair rotating, sessions,
 * footnotes, dilution, chair_bias, sigma, concession, chair_step, ratification
 * sessions and council quota from forum_defaults, threshold = half the
 * members rounded up.  Returns its index. */
static inline int fx_forum(fx_scenario *f, const char *name, const int *members, int k)
{
    const cn_forum_defaults *fd = &f->s.forum_defaults;
    int g = f->s.n_forums++;
    cn_forum *fo = &f->forums[g];
    memset(fo, 0, sizeof *fo);
    snprintf(fo->name, sizeof fo->name, "%s", name);
    fo->rule = CN_RULE_CONSENSUS;
    fo->output = CN_OUTPUT_REPORT;
    fo->members = f->forum_members[g];
    if (k == 0) {
        for (int i = 0; i < f->s.n_states; i++)
            fo->members[i] = i;
        k = f->s.n_states;
    } else
        memcpy(fo->members, members, (size_t)k * sizeof(int));
    fo->n_members = k;
    fo->draw_size = 0;
    fo->pool = f->forum_pool[g];
    fo->n_pool = f->s.n_states;
    for (int i = 0; i < f->s.n_states; i++)
        fo->pool[i] = i;
    fo->start = 1;
    fo->sessions = fd->sessions;
    fo->footnotes = fd->footnotes;
    fo->dilution = fd->dilution;
    fo->chair_mode = CN_CHAIR_ROTATE;
    fo->chair = -1;
    fo->sponsor = -1;
    fo->alternative_sponsor = -1;
    fo->chair_bias = fd->chair_bias;
    fo->sigma = fd->sigma;
    fo->concession = fd->concession;
    fo->chair_step = fd->chair_step;
    for (int d = 0; d < CN_MAX_DIMS; d++) {
        fo->open[d] = 1;
        fo->fixed[d] = 0.0;
    }
    fo->threshold = (k + 1) / 2;
    fo->ratification_sessions = fd->ratification_sessions;
    fo->council_quota = fd->council_quota;
    fo->ratify_scale = 1.0;
    fo->issues = 0u;
    fo->signature_opens = -1;
    fo->force_delay = 0;
    fo->n_open_to = 0;
    fo->open_to = f->forum_open_to[g];
    fo->accession_scale = 1.0;
    fo->regional = 0;
    fo->n_stakeholders = 0;
    fo->stakeholders = f->forum_stakeholders[g];
    fo->n_rivals = 0;
    return g;
}

/* Adds a campaign by bloc b (budget, targets: mode; region or list);
 * runs from round 1 to the end.  Returns its index. */
static inline int fx_campaign(fx_scenario *f, const char *name, int bloc, double budget,
                       cn_target_mode mode, const char *region, const int *targets, int k)
{
    int c = f->s.n_campaigns++;
    cn_campaign *cp = &f->campaigns[c];
    snprintf(cp->name, sizeof cp->name, "%s", name);
    cp->bloc = bloc;
    cp->budget = budget;
    cp->target = mode;
    snprintf(cp->region, sizeof cp->region, "%s", region != NULL ? region : "");
    cp->targets = f->campaign_targets[c];
    cp->n_targets = k;
    if (k > 0)
        memcpy(cp->targets, targets, (size_t)k * sizeof(int));
    cp->start = 1;
    cp->stop = 0;
    return c;
}

/* Adds a pre-existing regime; returns its index. */
static inline int fx_regime(fx_scenario *f, const char *name, const double *text, int binding,
                     const int *parties, int k)
{
    int g = f->s.n_regimes++;
    cn_regime *rg = &f->regimes[g];
    snprintf(rg->name, sizeof rg->name, "%s", name);
    for (int d = 0; d < f->s.n_dims; d++)
        rg->text[d] = text[d];
    rg->binding = binding;
    rg->n_parties = k;
    rg->parties = f->regime_parties[g];
    memcpy(rg->parties, parties, (size_t)k * sizeof(int));
    return g;
}

/* A generator for tests: mt19937 seeded with seed.  NULL on failure. */
static inline gsl_rng *fx_rng(unsigned long seed)
{
    gsl_rng *r = gsl_rng_alloc(gsl_rng_mt19937);
    if (r != NULL)
        gsl_rng_set(r, seed);
    return r;
}

/* Allocates and resets a world for f (reset draws with a fixed seed). */
static inline cn_world *fx_world(fx_scenario *f)
{
    cn_world *w = cn_world_alloc(&f->s);
    if (w == NULL)
        return NULL;
    gsl_rng *r = fx_rng(12345);
    if (r == NULL) {
        cn_world_free(w);
        return NULL;
    }
    cn_world_reset(w, r);
    gsl_rng_free(r);
    return w;
}

#endif
