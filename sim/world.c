/* world.c - per-thread replication workspace (cn_world.h).
 *
 * Everything a replication touches is allocated here once; cn_world_reset
 * only copies and clears.  Also draws the membership of forums that draw
 * their seats (a GGE of `draw` seats: the veto holders in the pool, the
 * always-in seats, then seats shared among UN regional groups in
 * proportion to their size in the pool, largest remainder first, each
 * filled by a capability-weighted draw without replacement).
 */
#include "cn_world.h"

#include "cn_param.h"
#include "cn_rng.h"

#include <gsl/gsl_randist.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#define CN_GROUPS 6
static const char *const group_names[CN_GROUPS] = {"African", "APG", "EEG", "GRULAC", "WEOG", ""};

static int group_of(const cn_state *st)
{
    for (int g = 0; g < CN_GROUPS - 1; g++)
        if (strcmp(st->group, group_names[g]) == 0)
            return g;
    return CN_GROUPS - 1;
}

static void *xcalloc(size_t n, size_t size, int *ok)
{
    void *p = calloc(n > 0 ? n : 1, size);
    if (p == NULL)
        *ok = 0;
    return p;
}

/* Ties at the start of a replication: see cn_diplomacy.h. */
static void initial_ties(cn_world *w)
{
    const cn_scenario *s = w->s;
    const cn_model_params *m = &s->model;
    int n = w->n, na = w->na;
    for (int i = 0; i < na; i++) {
        for (int j = 0; j < na; j++) {
            double t;
            if (i == j)
                t = m->self_tie;
            else if (j >= n)
                t = i < n ? s->stakeholders[j - n].reach : 0.0;
            else {
                t = m->base_tie;
                if (i < n)
                    for (int b = 0; b < s->n_blocs; b++)
                        if (w->in_bloc[b * n + i] && w->in_bloc[b * n + j])
                            t += m->bloc_tie;
            }
            w->tie0[i * na + j] = t;
        }
    }
    for (int k = 0; k < s->n_ties; k++) {
        const cn_tie *t = &s->ties[k];
        w->tie0[t->from * na + t->to] += t->weight;
        if (t->mutual)
            w->tie0[t->to * na + t->from] += t->weight;
    }
}

/* Uncertain parameters drawn (run.uncertainty all): w->s becomes a
 * private copy of s's arrays they set; draw[] holds the values.  CN_OK or
 * CN_ENOMEM. */
static int own_scenario(cn_world *w, const cn_scenario *s)
{
    if (s->run.uncertainty != CN_UNC_ALL || s->n_uncertain == 0)
        return CN_OK;
    unsigned regions = 0;
    for (int u = 0; u < s->n_uncertain; u++)
        for (int k = 0; k < s->uncertain[u].n_params; k++) {
            const cn_param *p = &s->uncertain[u].params[k];
            regions |= cn_param_regions(p);
            w->n_draw++;
            for (int t = 0; t < p->n; t++) {
                size_t off = p->t[t].off;
                int region = p->t[t].region;
                w->reties |= (region == CN_REGION_ROOT
                              && (off == offsetof(cn_scenario, model.self_tie)
                                  || off == offsetof(cn_scenario, model.base_tie)
                                  || off == offsetof(cn_scenario, model.bloc_tie)))
                             || (region == CN_REGION_STAKEHOLDERS
                                 && off == offsetof(cn_stakeholder, reach));
            }
        }
    w->own = malloc(sizeof *w->own);
    w->draw = calloc((size_t)w->n_draw, sizeof *w->draw);
    if (w->own == NULL || w->draw == NULL || cn_param_copy_init(w->own, s, regions) != CN_OK) {
        free(w->own);
        w->own = NULL;
        return CN_ENOMEM;
    }
    for (int k = 0; k < w->n_draw; k++)
        w->draw[k] = NAN;
    w->s = &w->own->s;
    return CN_OK;
}

cn_world *cn_world_alloc(const cn_scenario *s)
{
    cn_world *w = calloc(1, sizeof *w);
    if (w == NULL)
        return NULL;
    int ok = 1;
    w->s = s;
    if (own_scenario(w, s) != CN_OK)
        ok = 0;
    w->n = s->n_states;
    w->na = s->n_states + s->n_stakeholders;
    w->d = s->n_dims;
    size_t n = (size_t)w->n, na = (size_t)w->na, d = (size_t)w->d;
    w->x = xcalloc(na * d, sizeof *w->x, &ok);
    w->x0 = xcalloc(na * d, sizeof *w->x0, &ok);
    w->sal = xcalloc(na * d, sizeof *w->sal, &ok);
    w->cap = xcalloc(na, sizeof *w->cap, &ok);
    w->stub = xcalloc(na, sizeof *w->stub, &ok);
    w->pressure = xcalloc(n, sizeof *w->pressure, &ok);
    w->tie = xcalloc(na * na, sizeof *w->tie, &ok);
    w->tie0 = xcalloc(na * na, sizeof *w->tie0, &ok);
    w->campaign = xcalloc(n * (size_t)s->n_campaigns, sizeof *w->campaign, &ok);
    w->base = xcalloc(na * na, sizeof *w->base, &ok);
    w->xnew = xcalloc(na * d, sizeof *w->xnew, &ok);
    w->in_bloc = xcalloc((size_t)s->n_blocs * n, 1, &ok);
    w->side_a = xcalloc(n, 1, &ok);
    w->side_b = xcalloc(n, 1, &ok);
    w->accusers = xcalloc(n, 1, &ok);
    w->regime_cap = s->n_regimes + s->n_forums;
    size_t rc = (size_t)w->regime_cap;
    w->regime_text = xcalloc(rc * d, sizeof *w->regime_text, &ok);
    w->regime_binding = xcalloc(rc, 1, &ok);
    w->regime_in_force = xcalloc(rc, 1, &ok);
    w->regime_party = xcalloc(rc * n, 1, &ok);
    w->forum_regime = xcalloc((size_t)s->n_forums, sizeof *w->forum_regime, &ok);
    w->fs = xcalloc((size_t)s->n_forums, sizeof *w->fs, &ok);
    /* pairs for a weighted median (2 na doubles), then as much again as
     * merge scratch, so a stable sort there needs no heap */
    w->sp = xcalloc(4 * na, sizeof *w->sp, &ok);
    w->sw = xcalloc(na, sizeof *w->sw, &ok);
    w->si = xcalloc(na > rc ? na : rc, sizeof *w->si, &ok);
    w->sflag = xcalloc(na, 1, &ok);
    w->na_value = xcalloc(n, sizeof *w->na_value, &ok);
    w->na_ok = xcalloc(n, 1, &ok);
    w->alt_value = xcalloc(n, sizeof *w->alt_value, &ok);
    w->vcue = xcalloc(n, sizeof *w->vcue, &ok);
    w->vhedge = xcalloc(n, sizeof *w->vhedge, &ok);
    w->group_of = xcalloc(n, sizeof *w->group_of, &ok);
    w->vote_forum = -1;
    w->z_input = xcalloc(n * d, sizeof *w->z_input, &ok);
    w->input_gid = -1;
    {
        const gsl_rng_type *t = cn_rng_type(s->run.generator);
        w->ri = gsl_rng_alloc(t != NULL ? t : gsl_rng_mt19937);
        if (w->ri == NULL)
            ok = 0;
    }
    if (!ok)
        goto fail;
    for (int f = 0; f < s->n_forums; f++) {
        cn_forum_state *fs = &w->fs[f];
        fs->members = xcalloc(n, sizeof *fs->members, &ok);
        fs->vote = xcalloc(n, 1, &ok);
        fs->reason = xcalloc(n, 1, &ok);
        fs->objector_weight = xcalloc(n, sizeof *fs->objector_weight, &ok);
        fs->signed_ = xcalloc(n, sizeof *fs->signed_, &ok);
        fs->ratified = xcalloc(n, sizeof *fs->ratified, &ok);
        fs->accede = xcalloc(n, 1, &ok);
        fs->resolve = xcalloc(n, sizeof *fs->resolve, &ok);
        if (s->forums[f].rule == CN_RULE_CLUB)
            fs->club = xcalloc(n, 1, &ok);
        if (!ok)
            goto fail;
    }
    for (int b = 0; b < s->n_blocs; b++)
        for (int k = 0; k < s->blocs[b].n_members; k++)
            w->in_bloc[(size_t)b * n + (size_t)s->blocs[b].members[k]] = 1;
    for (int i = 0; i < w->n; i++)
        w->group_of[i] = group_of(&s->states[i]);
    initial_ties(w);
    return w;
fail:
    cn_world_free(w);
    return NULL;
}

void cn_world_free(cn_world *w)
{
    if (w == NULL)
        return;
    if (w->fs != NULL)
        for (int f = 0; f < w->s->n_forums; f++) {
            free(w->fs[f].members);
            free(w->fs[f].vote);
            free(w->fs[f].reason);
            free(w->fs[f].objector_weight);
            free(w->fs[f].signed_);
            free(w->fs[f].ratified);
            free(w->fs[f].accede);
            free(w->fs[f].resolve);
            free(w->fs[f].club);
        }
    free(w->fs);
    free(w->x);
    free(w->x0);
    free(w->sal);
    free(w->cap);
    free(w->stub);
    free(w->pressure);
    free(w->tie);
    free(w->tie0);
    free(w->campaign);
    free(w->base);
    free(w->xnew);
    free(w->in_bloc);
    free(w->side_a);
    free(w->side_b);
    free(w->accusers);
    free(w->regime_text);
    free(w->regime_binding);
    free(w->regime_in_force);
    free(w->regime_party);
    free(w->forum_regime);
    free(w->sp);
    free(w->sw);
    free(w->si);
    free(w->sflag);
    free(w->na_value);
    free(w->na_ok);
    free(w->alt_value);
    free(w->vcue);
    free(w->vhedge);
    free(w->group_of);
    free(w->z_input);
    if (w->ri != NULL)
        gsl_rng_free(w->ri);
    cn_param_copy_free(w->own);
    free(w->own);
    free(w->draw);
    free(w);
}

/* One draw of uncertain parameter u from r (discrete and ensemble: the
 * index of a value or row in *row; others: -1). */
static double draw_uncertain(const cn_uncertain *u, gsl_rng *r, int *row)
{
    *row = -1;
    switch (u->dist) {
    case CN_DIST_UNIFORM: return gsl_ran_flat(r, u->min, u->max);
    case CN_DIST_NORMAL: return u->mean + gsl_ran_gaussian(r, u->sd);
    case CN_DIST_LOGNORMAL: return gsl_ran_lognormal(r, log(u->median), u->sdlog);
    case CN_DIST_BETA: return u->min + (u->max - u->min) * gsl_ran_beta(r, u->a, u->b);
    case CN_DIST_TRIANGULAR: {
        /* inverse distribution function */
        double x = gsl_rng_uniform(r), span = u->max - u->min, c = (u->mode - u->min) / span;
        return x < c ? u->min + sqrt(x * span * (u->mode - u->min))
                     : u->max - sqrt((1.0 - x) * span * (u->max - u->mode));
    }
    case CN_DIST_DISCRETE: {
        double total = 0.0;
        for (int i = 0; i < u->n_values; i++)
            total += u->weights != NULL ? u->weights[i] : 1.0;
        double x = gsl_rng_uniform(r) * total, c = 0.0;
        *row = u->n_values - 1;
        for (int i = 0; i < u->n_values; i++) {
            c += u->weights != NULL ? u->weights[i] : 1.0;
            if (x < c) {
                *row = i;
                break;
            }
        }
        return u->values[*row];
    }
    default: *row = (int)gsl_rng_uniform_int(r, (unsigned long)u->n_values); return NAN;
    }
}

/* The uncertain parameters' draws of this input group, in order, from
 * the input stream (after the positions' draws), written into the
 * world's copy of the scenario. */
static void draw_parameters(cn_world *w)
{
    cn_scenario *own = &w->own->s;
    int k = 0;
    for (int u = 0; u < own->n_uncertain; u++) {
        const cn_uncertain *un = &own->uncertain[u];
        int row;
        double v = draw_uncertain(un, w->ri, &row);
        for (int j = 0; j < un->n_params; j++, k++) {
            double x = un->dist == CN_DIST_ENSEMBLE
                           ? un->values[(size_t)row * (size_t)un->n_paths + (size_t)j]
                           : v;
            cn_param_write(own, &un->params[j], x);
            w->draw[k] = cn_param_clamp(&un->params[j], x);
        }
    }
    if (w->reties)
        initial_ties(w);
}

void cn_world_draw_inputs(cn_world *w, uint64_t seed, long group)
{
    const cn_scenario *s = w->s;
    if (s->run.uncertainty == CN_UNC_NONE) {
        w->inputs_on = 0;
        return;
    }
    w->inputs_on = 1;
    if (w->input_gid == group)
        return;
    cn_rng_seed(w->ri, seed, CN_RNG_INPUT_POINT, (uint64_t)group);
    for (int i = 0; i < w->n * w->d; i++)
        w->z_input[i] = gsl_ran_ugaussian(w->ri);
    w->input_gid = group;
    if (w->own != NULL)
        draw_parameters(w);
}

void cn_world_trace(const cn_world *w, cn_trace_kind kind, int forum, int session, int a, int b,
                    const double *text)
{
    if (w->hooks == NULL || w->hooks->trace == NULL)
        return;
    cn_trace_event ev = {kind, w->round, forum, session, a, b, text};
    w->hooks->trace(w->hooks->ctx, w, &ev);
}

void cn_world_decide(cn_world *w, int f)
{
    const cn_scenario *s = w->s;
    const cn_forum *fo = &s->forums[f];
    w->regime_weight = cn_output_binding(fo->output) ? s->model.treaty_regime_weight
                                                     : s->model.report_regime_weight;
    w->issues_all = fo->issues == 0u;
    for (int k = 0; k < w->d; k++)
        w->issue_w[k] = w->issues_all || (fo->issues >> k & 1u) ? 1.0 : 0.0;
}

int cn_world_share_bloc(const cn_world *w, int i, int j)
{
    for (int b = 0; b < w->s->n_blocs; b++)
        if (w->in_bloc[b * w->n + i] && w->in_bloc[b * w->n + j])
            return 1;
    return 0;
}

/* base[t][L] = (tie[t][L] + sum of campaign weight toward L) * cap[L] for
 * every campaign leader L and state t: the campaigns of leader L added in
 * campaign order, as a full recompute adds them. */
static void refresh_campaign_columns(cn_world *w)
{
    const cn_scenario *s = w->s;
    const int na = w->na, nc = s->n_campaigns;
    for (int c = 0; c < nc; c++) {
        int leader = s->blocs[s->campaigns[c].bloc].leader;
        int first = 1; /* the first campaign of this leader does the column */
        for (int e = 0; e < c && first; e++)
            first = s->blocs[s->campaigns[e].bloc].leader != leader;
        if (!first)
            continue;
        for (int t = 0; t < w->n; t++) {
            double v = w->tie[(size_t)t * (size_t)na + (size_t)leader];
            for (int e = c; e < nc; e++)
                if (s->blocs[s->campaigns[e].bloc].leader == leader)
                    v += w->campaign[t * nc + e];
            w->base[(size_t)t * (size_t)na + (size_t)leader] = v * w->cap[leader];
        }
    }
}

/* The campaign columns are cheap (n per campaign leader) and are brought up
 * to date on every call, so a campaign round need not mark the ties dirty;
 * the na*na product tie * cap is recomputed only when ties_dirty.  The
 * values are those of base = (tie + campaign) * cap computed in full. */
void cn_world_refresh_ties(cn_world *w)
{
    if (w->ties_dirty) {
        const int na = w->na;
        for (int i = 0; i < na; i++) {
            const double *tr = w->tie + (size_t)i * (size_t)na;
            double *row = w->base + (size_t)i * (size_t)na;
            for (int j = 0; j < na; j++)
                row[j] = tr[j] * w->cap[j];
        }
        w->ties_dirty = 0;
    }
    refresh_campaign_columns(w);
}

/* Capability-weighted draw without replacement of one state among those
 * with avail[i] set (and, when group >= 0, in UN group `group`, by
 * group_of_state[]); -1 if none. */
static int draw_one(const cn_world *w, gsl_rng *r, const unsigned char *avail,
                    const int *group_of_state, int group)
{
    double total = 0.0;
    for (int i = 0; i < w->n; i++)
        if (avail[i] && (group < 0 || group_of_state[i] == group))
            total += w->cap[i];
    if (total <= 0.0)
        return -1;
    double u = gsl_rng_uniform(r) * total;
    int last = -1;
    for (int i = 0; i < w->n; i++) {
        if (!avail[i] || (group >= 0 && group_of_state[i] != group))
            continue;
        last = i;
        u -= w->cap[i];
        if (u < 0.0)
            return i;
    }
    return last;
}

/* Draws forum f's seats into fs->members (see the top comment). */
static void draw_members(cn_world *w, int f, gsl_rng *r)
{
    const cn_forum *fo = &w->s->forums[f];
    cn_forum_state *fs = &w->fs[f];
    unsigned char *avail = w->sflag; /* in pool and not seated */
    unsigned char *seated = w->side_a;
    int *group = w->si; /* UN group of each state (scratch, capacity >= n) */
    for (int i = 0; i < w->n; i++)
        group[i] = group_of(&w->s->states[i]);
    memset(avail, 0, (size_t)w->n);
    memset(seated, 0, (size_t)w->n);
    for (int k = 0; k < fo->n_pool; k++)
        avail[fo->pool[k]] = 1;
    fs->n_members = 0;
    for (int k = 0; k < fo->n_members; k++) {
        int i = fo->members[k];
        if (!seated[i]) {
            seated[i] = 1;
            avail[i] = 0;
            fs->members[fs->n_members++] = i;
        }
    }
    for (int i = 0; i < w->n && fs->n_members < fo->draw_size; i++)
        if (avail[i] && w->s->states[i].veto) {
            seated[i] = 1;
            avail[i] = 0;
            fs->members[fs->n_members++] = i;
        }
    int open = fo->draw_size - fs->n_members;
    if (open <= 0)
        goto order;
    /* seats per group, by largest remainder over the groups' pool sizes */
    int size[CN_GROUPS] = {0}, seats[CN_GROUPS] = {0};
    int total = 0;
    for (int i = 0; i < w->n; i++)
        if (avail[i]) {
            size[group[i]]++;
            total++;
        }
    if (total == 0)
        goto order;
    double rem[CN_GROUPS];
    int given = 0;
    for (int g = 0; g < CN_GROUPS; g++) {
        double q = (double)open * size[g] / total;
        seats[g] = (int)floor(q);
        rem[g] = q - seats[g];
        given += seats[g];
    }
    while (given < open) {
        int best = -1;
        for (int g = 0; g < CN_GROUPS; g++)
            if (size[g] > seats[g] && (best < 0 || rem[g] > rem[best]))
                best = g;
        if (best < 0)
            break;
        seats[best]++;
        rem[best] = -1.0;
        given++;
    }
    for (int g = 0; g < CN_GROUPS; g++)
        for (int k = 0; k < seats[g]; k++) {
            int i = draw_one(w, r, avail, group, g);
            if (i < 0)
                break;
            avail[i] = 0;
            seated[i] = 1;
            fs->members[fs->n_members++] = i;
        }
    while (fs->n_members < fo->draw_size) {
        int i = draw_one(w, r, avail, group, -1);
        if (i < 0)
            break;
        avail[i] = 0;
        seated[i] = 1;
        fs->members[fs->n_members++] = i;
    }
order:
    /* members in state order, so rotation and output do not depend on draw order */
    fs->n_members = 0;
    for (int i = 0; i < w->n; i++)
        if (seated[i])
            fs->members[fs->n_members++] = i;
}

/* Forum f's state at the start of a replication (its seats drawn with r
 * where it draws them). */
static void reset_forum(cn_world *w, int f, gsl_rng *r)
{
    const cn_scenario *s = w->s;
    const int n = w->n, d = w->d;
    const cn_forum *fo = &s->forums[f];
    cn_forum_state *fs = &w->fs[f];
    w->forum_regime[f] = -1;
    if (fo->draw_size > 0)
        draw_members(w, f, r);
    else {
        fs->n_members = fo->n_members;
        memcpy(fs->members, fo->members, (size_t)fo->n_members * sizeof(int));
    }
    fs->n_speakers = fo->n_stakeholders;
    fs->active = 0;
    fs->sessions_held = 0;
    fs->done = 0;
    fs->adopted = 0;
    fs->adopted_round = 0;
    fs->adopted_session = 0;
    fs->failed_last = 0;
    for (int k = 0; k < d; k++)
        fs->text[k] = fo->open[k] ? s->model.status_quo[k] : fo->fixed[k];
    memcpy(fs->draft, fs->text, sizeof fs->draft);
    fs->draft_move = 0.0;
    fs->tabled = -1;
    fs->strength = 0.0;
    fs->footnotes = 0;
    fs->supporters = fs->objectors = fs->abstainers = 0;
    memset(fs->vote, 0, (size_t)n);
    memset(fs->reason, 0, (size_t)n);
    memset(fs->signed_, 0, (size_t)n * sizeof *fs->signed_);
    memset(fs->ratified, 0, (size_t)n * sizeof *fs->ratified);
    memset(fs->accede, 0, (size_t)n);
    memset(fs->resolve, 0, (size_t)n * sizeof *fs->resolve);
    for (int k = 0; k < fo->n_open_to; k++)
        fs->accede[fo->open_to[k]] = 1;
    for (int t = 0; t < fs->n_members; t++)
        fs->accede[fs->members[t]] = 0;
    fs->n_signed = fs->n_ratified = 0;
    fs->opens_round = 0;
    fs->force_round = 0;
    fs->in_force = 0;
    fs->in_force_round = 0;
    fs->last_round = fo->start - 1 + fo->sessions;
    fs->chair = -1;
    fs->elected = -1;
    if (fs->club != NULL)
        memset(fs->club, 0, (size_t)n);
    fs->n_joined = fs->n_left = 0;
}

void cn_world_reset(cn_world *w, gsl_rng *r)
{
    const cn_scenario *s = w->s;
    int n = w->n, d = w->d;
    w->round = 0;
    w->incidents = 0;
    w->attributions = 0;
    memset(w->accusers, 0, (size_t)n);
    for (int i = 0; i < n; i++) {
        const cn_state *st = &s->states[i];
        if (w->inputs_on)
            for (int k = 0; k < d; k++) {
                double v = st->ideal[k] + st->ideal_se[k] * w->z_input[i * d + k];
                w->x0[i * d + k] = v < 0.0 ? 0.0 : (v > 1.0 ? 1.0 : v);
            }
        else
            memcpy(w->x0 + i * d, st->ideal, (size_t)d * sizeof(double));
        memcpy(w->sal + i * d, st->salience, (size_t)d * sizeof(double));
        w->cap[i] = st->capability;
        w->stub[i] = st->stubbornness;
    }
    for (int k = 0; k < s->n_stakeholders; k++) {
        const cn_stakeholder *sh = &s->stakeholders[k];
        int a = n + k;
        memcpy(w->x0 + a * d, sh->ideal, (size_t)d * sizeof(double));
        memcpy(w->sal + a * d, sh->salience, (size_t)d * sizeof(double));
        w->cap[a] = sh->capability;
        w->stub[a] = sh->stubbornness;
    }
    memcpy(w->x, w->x0, (size_t)w->na * (size_t)d * sizeof(double));
    memset(w->pressure, 0, (size_t)n * sizeof *w->pressure);
    /* ties from tie0, and in the same pass the cached b_ij = tie_ij c_j
     * (no campaign weight yet), so the first round need not recompute it */
    size_t na = (size_t)w->na;
    for (size_t i = 0; i < na; i++) {
        const double *t0 = w->tie0 + i * na;
        double *t = w->tie + i * na, *b = w->base + i * na;
        for (size_t j = 0; j < na; j++) {
            t[j] = t0[j];
            b[j] = t0[j] * w->cap[j];
        }
    }
    memset(w->campaign, 0, (size_t)n * (size_t)s->n_campaigns * sizeof *w->campaign);
    w->ties_dirty = 0;

    memset(w->regime_party, 0, (size_t)w->regime_cap * (size_t)n);
    memset(w->regime_in_force, 0, (size_t)w->regime_cap);
    memset(w->regime_binding, 0, (size_t)w->regime_cap);
    for (int g = 0; g < s->n_regimes; g++) {
        const cn_regime *rg = &s->regimes[g];
        memcpy(w->regime_text + g * d, rg->text, (size_t)d * sizeof(double));
        w->regime_binding[g] = (unsigned char)rg->binding;
        w->regime_in_force[g] = 1;
        for (int k = 0; k < rg->n_parties; k++)
            w->regime_party[g * n + rg->parties[k]] = 1;
    }
    w->n_regimes = s->n_regimes;
    w->regime_weight = 1.0;
    w->issues_all = 1;
    for (int k = 0; k < CN_MAX_DIMS; k++)
        w->issue_w[k] = 1.0;
    memset(w->na_ok, 0, (size_t)n);
    w->vote_forum = -1;

    for (int f = 0; f < s->n_forums; f++)
        reset_forum(w, f, r);
}
