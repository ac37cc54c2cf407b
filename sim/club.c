/* club.c - a club that sets a standard and grows (cn_club.h). */
#include "cn_club.h"

#include <string.h>

#include "cn_decision.h"
#include "cn_proposal.h"
#include "cn_treaty.h"

/* The size of state i's market: the scenario's `markets`, else its
 * capability. */
static double market_of(const cn_world *w, int i)
{
    return w->s->market != NULL ? w->s->market[i] : w->cap[i];
}

/* fs->members from the club flags, in state order. */
static void list_members(cn_world *w, int f)
{
    cn_forum_state *fs = &w->fs[f];
    fs->n_members = 0;
    for (int i = 0; i < w->n; i++)
        if (fs->club[i])
            fs->members[fs->n_members++] = i;
}

/* Adds sign * bloc_tie to the ties both ways between i and every other
 * member of club f (never below 0). */
static void member_ties(cn_world *w, int f, int i, double sign)
{
    const cn_forum_state *fs = &w->fs[f];
    const double bt = sign * w->s->model.bloc_tie;
    const size_t na = (size_t)w->na;
    if (bt == 0.0)
        return;
    for (int t = 0; t < fs->n_members; t++) {
        int j = fs->members[t];
        if (j == i)
            continue;
        double *a = &w->tie[(size_t)i * na + (size_t)j], *b = &w->tie[(size_t)j * na + (size_t)i];
        *a = *a + bt > 0.0 ? *a + bt : 0.0;
        *b = *b + bt > 0.0 ? *b + bt : 0.0;
    }
    w->ties_dirty = 1;
}

void cn_club_found(cn_world *w, gsl_rng *r, int f)
{
    cn_forum_state *fs = &w->fs[f];
    int session = ++fs->sessions_held;
    int chair = cn_proposal_chair(w, f, session, r);
    fs->chair = chair;
    cn_world_decide(w, f);
    cn_proposal_draft(w, f, chair, r, fs->draft);
    memcpy(fs->text, fs->draft, (size_t)w->d * sizeof(double));
    fs->tabled = -1;
    /* the founders publish it: every founder a supporter and a party, and
     * the founders listen to each other as members do */
    memset(fs->club, 0, (size_t)w->n);
    for (int t = 0; t < fs->n_members; t++) {
        int i = fs->members[t];
        fs->vote[i] = CN_VOTE_SUPPORT;
        fs->reason[i] = CN_REASON_NONE;
        fs->club[i] = 2;
    }
    int founders = fs->n_members;
    for (int t = 0; t < founders; t++) {
        /* each pair once: i with the founders after it */
        int i = fs->members[t];
        for (int u = t + 1; u < founders; u++) {
            int j = fs->members[u];
            const size_t na = (size_t)w->na;
            w->tie[(size_t)i * na + (size_t)j] += w->s->model.bloc_tie;
            w->tie[(size_t)j * na + (size_t)i] += w->s->model.bloc_tie;
        }
    }
    w->ties_dirty = 1;
    fs->supporters = founders;
    fs->objectors = fs->abstainers = 0;
    fs->adopted = 1;
    fs->done = 1;
    fs->failed_last = 0;
    fs->adopted_round = w->round;
    fs->adopted_session = session;
    fs->strength = 1.0;
    fs->footnotes = 0;
    cn_treaty_adopt(w, f);
    cn_world_trace(w, CN_TRACE_ADOPTED, f, session, chair, -1, fs->text);
}

/* K_i: the share of state i's attention (its social weights b_ij =
 * (tie + campaign) c_j, cn_diplomacy.h) that the campaigns of the club's
 * sponsor bloc hold: sum over those campaigns of campaign_ic c_leader,
 * over sum_j b_ij.  0 without a sponsor or campaigns.  Needs base
 * refreshed (cn_world_refresh_ties). */
static double campaign_share(cn_world *w, const cn_forum *fo, int i)
{
    const cn_scenario *s = w->s;
    if (fo->sponsor < 0 || s->n_campaigns == 0)
        return 0.0;
    double k = 0.0;
    for (int c = 0; c < s->n_campaigns; c++)
        if (s->campaigns[c].bloc == fo->sponsor)
            k += w->campaign[i * s->n_campaigns + c] * w->cap[s->blocs[fo->sponsor].leader];
    if (k == 0.0)
        return 0.0;
    const double *b = w->base + (size_t)i * (size_t)w->na;
    double total = 0.0;
    for (int j = 0; j < w->na; j++)
        total += b[j];
    return total > 0.0 ? k / total : 0.0;
}

/* The club's market and size now: the world's market, the members'
 * market and the members (all states counted). */
typedef struct {
    double total, in;
    int members;
} club_sums;

static club_sums sums_of(cn_world *w, int f)
{
    cn_world_refresh_ties(w); /* the campaign shares read base */
    const cn_forum_state *fs = &w->fs[f];
    club_sums c = {0.0, 0.0, 0};
    for (int j = 0; j < w->n; j++) {
        double m = market_of(w, j);
        c.total += m;
        if (fs->club[j]) {
            c.in += m;
            c.members++;
        }
    }
    return c;
}

/* J_i from the sums (i taken out of them when a member). */
static double pull_with(cn_world *w, int f, int i, const club_sums *c)
{
    const cn_scenario *s = w->s;
    const cn_forum *fo = &s->forums[f];
    const cn_forum_state *fs = &w->fs[f];
    const cn_model_params *m = &s->model;
    cn_world_decide(w, f);
    double g = cn_decision_gain(w, i, fs->text);
    double in = c->in, others = c->members;
    if (fs->club[i]) {
        in -= market_of(w, i);
        others -= 1.0;
    }
    double share = c->total > 0.0 ? in / c->total : 0.0;
    double k = campaign_share(w, fo, i);
    return g + m->club_market * share + m->club_size * others / (double)w->n +
           m->club_campaign * k;
}

double cn_club_pull(cn_world *w, int f, int i)
{
    club_sums c = sums_of(w, f);
    return pull_with(w, f, i, &c);
}

/* logistic(beta (J_i - club_threshold)) from the sums. */
static double willing_with(cn_world *w, int f, int i, const club_sums *c)
{
    const cn_model_params *m = &w->s->model;
    return cn_decision_p_support(m->beta, pull_with(w, f, i, c) - m->club_threshold);
}

int cn_club_admits(const cn_world *w, int f, int i)
{
    const cn_scenario *s = w->s;
    int sp = s->forums[f].sponsor;
    if (sp < 0 || !s->blocs[sp].camp)
        return 1;
    for (int b = 0; b < s->n_blocs; b++)
        if (b != sp && s->blocs[b].camp && w->in_bloc[b * w->n + i] && !w->in_bloc[sp * w->n + i])
            return 0;
    return 1;
}

double cn_club_willing(cn_world *w, int f, int i)
{
    club_sums c = sums_of(w, f);
    return willing_with(w, f, i, &c);
}

void cn_club_round(cn_world *w, int f, gsl_rng *r)
{
    const cn_scenario *s = w->s;
    cn_forum_state *fs = &w->fs[f];
    if (!fs->adopted)
        return;
    const double dt = cn_calendar_years(&s->calendar);
    const double rate = s->model.club_rate;
    double *willing = w->sw; /* scratch, capacity na >= n */
    /* everybody weighs the membership at the start of the round */
    const club_sums c = sums_of(w, f);
    for (int i = 0; i < w->n; i++)
        willing[i] = fs->club[i] == 2       ? 1.0
                     : cn_club_admits(w, f, i) ? willing_with(w, f, i, &c)
                                             : 0.0;
    const int g = w->forum_regime[f];
    for (int i = 0; i < w->n; i++) {
        if (fs->club[i] == 2)
            continue;
        double u = gsl_rng_uniform(r); /* one per state, whatever happens */
        if (fs->club[i] == 0 && u < cn_treaty_chance(rate * willing[i], dt)) {
            member_ties(w, f, i, 1.0);
            fs->club[i] = 1;
            fs->vote[i] = CN_VOTE_SUPPORT;
            fs->n_joined++;
            list_members(w, f);
            if (g >= 0)
                w->regime_party[(size_t)g * (size_t)w->n + (size_t)i] = 1;
            cn_world_trace(w, CN_TRACE_JOINED, f, fs->sessions_held, i, 1, NULL);
        } else if (fs->club[i] == 1 && u < cn_treaty_chance(rate * (1.0 - willing[i]), dt)) {
            member_ties(w, f, i, -1.0);
            fs->club[i] = 0;
            fs->vote[i] = CN_VOTE_NONE;
            fs->n_left++;
            list_members(w, f);
            if (g >= 0)
                w->regime_party[(size_t)g * (size_t)w->n + (size_t)i] = 0;
            cn_world_trace(w, CN_TRACE_JOINED, f, fs->sessions_held, i, 0, NULL);
        }
    }
}

int cn_club_undecided(const cn_world *w, int f)
{
    const cn_scenario *s = w->s;
    const cn_forum_state *fs = &w->fs[f];
    int u = 0;
    for (int t = 0; t < fs->n_members; t++) {
        int i = fs->members[t], camp = 0;
        for (int b = 0; b < s->n_blocs && !camp; b++)
            camp = s->blocs[b].camp && w->in_bloc[b * w->n + i];
        u += !camp;
    }
    return u;
}

double cn_club_market_share(const cn_world *w, int f)
{
    const cn_forum_state *fs = &w->fs[f];
    double total = 0.0, in = 0.0;
    for (int i = 0; i < w->n; i++) {
        total += market_of(w, i);
        if (fs->club[i])
            in += market_of(w, i);
    }
    return total > 0.0 ? in / total : 0.0;
}
