/* replication.c - one replication: rounds of interleaved forums
 * (cn_replication.h).  Allocates nothing: everything lives in the world. */
#include "cn_replication.h"

#include <math.h>
#include <string.h>

#include "cn_campaign.h"
#include "cn_club.h"
#include "cn_decision.h"
#include "cn_diplomacy.h"
#include "cn_election.h"
#include "cn_events.h"
#include "cn_proposal.h"
#include "cn_rng.h"
#include "cn_treaty.h"

void cn_replication_session(cn_world *w, gsl_rng *r, int f)
{
    const cn_scenario *s = w->s;
    const cn_forum *fo = &s->forums[f];
    cn_forum_state *fs = &w->fs[f];
    const int d = w->d;
    int session = ++fs->sessions_held;
    int chair = cn_proposal_chair(w, f, session, r);
    fs->chair = chair;

    /* the chair's own draft: the first draft, or after a failure a bounded
     * step toward the objectors (never a jump to a rival's text) */
    double y[CN_MAX_DIMS], best[CN_MAX_DIMS];
    cn_world_decide(w, f);
    cn_decision_prepare(w, f);
    fs->draft_move = 0.0;
    if (session == 1)
        cn_proposal_draft(w, f, chair, r, fs->draft);
    else if (fs->failed_last)
        fs->draft_move = cn_proposal_concede(w, f, fs->tabled, fs->draft);
    memcpy(best, fs->draft, sizeof best);
    int tabled = -1;
    if (fo->n_rivals > 0) {
        double e_best = cn_proposal_expected_support(w, f, best);
        for (int k = 0; k < fo->n_rivals; k++) {
            if (fo->rivals[k].from_session > session)
                continue;
            cn_proposal_rival(w, f, k, y);
            double e = cn_proposal_expected_support(w, f, y);
            if (e > e_best) {
                e_best = e;
                tabled = k;
                memcpy(best, y, sizeof best);
            }
        }
    }
    memcpy(fs->text, best, (size_t)d * sizeof(double));
    fs->tabled = tabled;
    if (w->hooks != NULL && w->hooks->session != NULL) {
        w->hooks->session(w->hooks->ctx, w, f, session, fs->text);
        if (tabled < 0) /* the chair's text as amended, or as a student chair wrote it */
            memcpy(fs->draft, fs->text, (size_t)d * sizeof(double));
    }
    cn_world_trace(w, CN_TRACE_SESSION, f, session, chair, tabled, fs->text);

    /* votes */
    cn_vote_count vc;
    cn_decision_vote_forum(w, f, fs->text, r, &vc);
    int yes = vc.yes, no = vc.no, abst = vc.abstain, veto_no = vc.veto_no;
    fs->supporters = yes;
    fs->objectors = no;
    fs->abstainers = abst;
    cn_decision_release(w, f); /* adoption changes regimes; observers recompute */
    cn_world_trace(w, CN_TRACE_VOTES, f, session, -1, -1, fs->text);

    cn_decision_result res;
    cn_decision_rule(fo->rule, fs->n_members, yes, no, abst, veto_no, fo->footnotes, fo->dilution,
                     fo->council_quota, &res);
    if (res.adopted) {
        fs->adopted = 1;
        fs->done = 1;
        fs->adopted_round = w->round;
        fs->adopted_session = session;
        fs->strength = res.strength;
        fs->footnotes = res.footnotes;
        fs->failed_last = 0;
        cn_treaty_adopt(w, f);
        cn_world_trace(w, CN_TRACE_ADOPTED, f, session, -1, -1, fs->text);
    } else {
        fs->failed_last = 1;
        if (fs->sessions_held >= fo->sessions)
            fs->done = 1;
        cn_world_trace(w, CN_TRACE_FAILED, f, session, fs->done, -1, fs->text);
    }
}

/* 1 when the caller asked the replication to stop (cn_world.stop): a
 * relaxed load, a plain read on common machines, once per session. */
static int stop_asked(cn_world *w)
{
    if (w->stop == NULL || atomic_load_explicit(w->stop, memory_order_relaxed) == 0)
        return 0;
    w->stopped = 1;
    return 1;
}

void cn_replication_run(cn_world *w, gsl_rng *r, const cn_metrics_layout *L, double *row)
{
    const cn_scenario *s = w->s;
    w->stopped = 0;
    cn_world_reset(w, r);
    int rounds = cn_scenario_rounds(s);
    for (int round = 1; round <= rounds; round++) {
        if (stop_asked(w))
            return; /* row unfinished: not a result */
        w->round = round;
        cn_world_trace(w, CN_TRACE_ROUND, -1, 0, -1, -1, NULL);
        cn_events_round(w, r);
        cn_campaign_round(w);
        cn_diplomacy_round(w);
        for (int f = 0; f < s->n_forums; f++) {
            const cn_forum *fo = &s->forums[f];
            cn_forum_state *fs = &w->fs[f];
            fs->active = !fs->done && round >= fo->start && fs->n_members > 0;
            if (fs->active && stop_asked(w))
                return;
            if (fs->active) {
                if (fo->rule == CN_RULE_ELECTION)
                    cn_election_session(w, r, f);
                else if (fo->rule == CN_RULE_CLUB)
                    cn_club_found(w, r, f);
                else
                    cn_replication_session(w, r, f);
            }
            if (fo->output == CN_OUTPUT_TREATY && fs->adopted)
                cn_treaty_round(w, f, r);
            if (fo->rule == CN_RULE_CLUB && fs->adopted)
                cn_club_round(w, f, r);
        }
    }
    cn_world_trace(w, CN_TRACE_END, -1, 0, -1, -1, NULL);
    cn_replication_metrics(w, L, row);
}

void cn_replication_run_at(cn_world *w, gsl_rng *r, uint64_t seed, uint64_t point, uint64_t rep,
                           const cn_metrics_layout *L, double *row)
{
    cn_rng_seed(r, seed, point, rep);
    int g = w->s->run.input_group > 0 ? w->s->run.input_group : 1;
    cn_world_draw_inputs(w, seed, (long)(rep / (uint64_t)g));
    cn_replication_run(w, r, L, row);
}

static double distance(const double *a, const double *b, int d)
{
    double t = 0.0;
    for (int k = 0; k < d; k++)
        t += (a[k] - b[k]) * (a[k] - b[k]);
    return sqrt(t);
}

/* Capability-weighted centre of bloc b's members into c; 0 if empty. */
static int bloc_centre(const cn_world *w, int b, double *c)
{
    const int d = w->d;
    double den = 0.0;
    for (int k = 0; k < d; k++)
        c[k] = 0.0;
    for (int i = 0; i < w->n; i++) {
        if (!w->in_bloc[b * w->n + i])
            continue;
        den += w->cap[i];
        for (int k = 0; k < d; k++)
            c[k] += w->cap[i] * w->x[i * d + k];
    }
    if (den <= 0.0)
        return 0;
    for (int k = 0; k < d; k++)
        c[k] /= den;
    return 1;
}

/* 1 when state i is in no camp bloc (an undecided state). */
static int undecided(const cn_world *w, int i)
{
    for (int b = 0; b < w->s->n_blocs; b++)
        if (w->s->blocs[b].camp && w->in_bloc[b * w->n + i])
            return 0;
    return 1;
}

/* Undecided states standing behind forum f at the end (cn_metrics.h). */
static int undecided_behind(const cn_world *w, int f)
{
    const cn_forum *fo = &w->s->forums[f];
    const cn_forum_state *fs = &w->fs[f];
    const int g = w->forum_regime[f];
    int c = 0;
    for (int i = 0; i < w->n; i++) {
        int behind;
        if (fo->rule == CN_RULE_CLUB)
            behind = fs->club[i] != 0;
        else if (fo->rule == CN_RULE_ELECTION)
            behind = fs->vote[i] == CN_VOTE_SUPPORT;
        else if (fo->output == CN_OUTPUT_TREATY)
            behind = fs->in_force && fs->ratified[i];
        else
            behind = fs->adopted && g >= 0 && w->regime_party[(size_t)g * (size_t)w->n + (size_t)i];
        c += behind && undecided(w, i);
    }
    return c;
}

/* The route columns of a scenario with a club (cn_metrics.h). */
static void route_metrics(const cn_world *w, const cn_metrics_layout *L, double *row)
{
    for (int f = 0; f < w->s->n_forums; f++) {
        if (L->undecided_col[f] >= 0)
            row[L->undecided_col[f]] = undecided_behind(w, f);
        if (L->club_col[f] >= 0) {
            double *c = row + L->club_col[f];
            c[CN_CM_JOINED] = w->fs[f].n_joined;
            c[CN_CM_LEFT] = w->fs[f].n_left;
            c[CN_CM_MARKET] = w->fs[f].adopted ? cn_club_market_share(w, f) : 0.0;
        }
    }
}

void cn_replication_metrics(const cn_world *w, const cn_metrics_layout *L, double *row)
{
    const cn_scenario *s = w->s;
    const cn_model_params *m = &s->model;
    const int d = w->d;
    int binding = 0, dgc = 0;
    for (int f = 0; f < s->n_forums; f++) {
        const cn_forum *fo = &s->forums[f];
        const cn_forum_state *fs = &w->fs[f];
        double *o = row + L->forum_base[f];
        /* legal status (issue #12): a treaty binds its parties while in
         * force; a Council decision binds every state from adoption (its
         * n_ratified is n, in_force set at adoption); the others bind nobody */
        int treaty = fo->output == CN_OUTPUT_TREATY;
        int binds = cn_output_binding(fo->output) && fs->adopted && fs->in_force;
        int bound = binds ? fs->n_ratified : 0;
        o[CN_FM_ADOPTED] = fs->adopted;
        o[CN_FM_SESSION] = fs->adopted ? fs->adopted_session : NAN;
        o[CN_FM_STRENGTH] = fs->adopted ? fs->strength : NAN;
        o[CN_FM_FOOTNOTES] = fs->adopted ? fs->footnotes : NAN;
        o[CN_FM_SUPPORTERS] = fs->supporters;
        o[CN_FM_OBJECTORS] = fs->objectors;
        o[CN_FM_ABSTAINERS] = fs->abstainers;
        if (cn_output_binding(fo->output))
            o[CN_FM_PARTIES] = fs->n_ratified;
        else if (fo->rule == CN_RULE_CLUB)
            o[CN_FM_PARTIES] = fs->adopted ? fs->n_members : 0; /* its members now */
        else if (fo->rule == CN_RULE_ELECTION)
            o[CN_FM_PARTIES] = 0; /* an election has no parties */
        else
            o[CN_FM_PARTIES] = fs->adopted ? fs->supporters + fs->abstainers : 0;
        o[CN_FM_IN_FORCE] = treaty ? fs->in_force : fs->adopted;
        o[CN_FM_SIGNATORIES] = treaty ? fs->n_signed : NAN;
        o[CN_FM_BOUND] = bound;
        for (int k = 0; k < d; k++)
            o[CN_FM_TEXT + k] = fs->text[k];
        if (binds) {
            binding = 1;
            /* the Digital Geneva Convention: binding by legal status, on at
             * least dgc_coverage of the states, cybersecurity-scoped, and
             * (content) at least dgc_form obligation-like (default 0) */
            if ((s->dim_form < 0 || fs->text[s->dim_form] >= m->dgc_form) && s->dim_scope >= 0 &&
                fs->text[s->dim_scope] <= m->dgc_scope && bound >= m->dgc_coverage * w->n)
                dgc = 1;
        }
    }
    double *o = row + L->world_base;
    double pol = NAN;
    if (s->poles[0] >= 0 && s->poles[1] >= 0) {
        double a[CN_MAX_DIMS], b[CN_MAX_DIMS];
        if (bloc_centre(w, s->poles[0], a) && bloc_centre(w, s->poles[1], b))
            pol = distance(a, b, d);
    }
    o[CN_WM_POLARISATION] = pol;
    /* greedy clustering of regimes in force: a regime joins the first
     * cluster whose founding text is within `incompatible` of its own */
    int clusters = 0;
    int *founder = w->si;
    for (int g = 0; g < w->n_regimes; g++) {
        if (!w->regime_in_force[g])
            continue;
        int joined = 0;
        for (int c = 0; c < clusters && !joined; c++)
            joined = distance(w->regime_text + g * d, w->regime_text + founder[c] * d, d) <=
                     m->incompatible;
        if (!joined)
            founder[clusters++] = g;
    }
    o[CN_WM_FRAGMENTATION] = clusters;
    o[CN_WM_BINDING] = binding;
    o[CN_WM_DGC] = dgc;
    o[CN_WM_INCIDENTS] = w->incidents;
    o[CN_WM_ATTRIBUTIONS] = w->attributions;
    route_metrics(w, L, row);
    for (int k = 0; k < L->n_inputs; k++)
        row[L->input_col + k] = k < w->n_draw ? w->draw[k] : NAN;
}
