/* decision.c - quantal-response votes and decision rules (cn_decision.h). */
#include "cn_decision.h"

#include <math.h>
#include <stddef.h>

double cn_decision_utility(const double *x, const double *s, const double *y, int d, double p)
{
    double u = 0.0;
    for (int k = 0; k < d; k++) {
        double t = fabs(x[k] - y[k]);
        u -= s[k] * (p == 2.0 ? t * t : (p == 1.0 ? t : pow(t, p)));
    }
    return u;
}

/* State i's salience on the issues of the text being decided (issue #12:
 * cn_world.issue_w); w->sal itself when every dimension is an issue. */
static const double *issue_salience(const cn_world *w, int i, double *buf)
{
    const double *s = w->sal + i * w->d;
    if (w->issues_all)
        return s;
    for (int k = 0; k < w->d; k++)
        buf[k] = s[k] * w->issue_w[k];
    return buf;
}

/* U_i(q_i) - pressure_i with salience s (d values) and regime weight rw. */
static double no_agreement_with(const cn_world *w, int i, const double *s, double rw)
{
    const int d = w->d, n = w->n;
    const double p = w->s->model.p;
    const double *x = w->x + i * d;
    double sq = cn_decision_utility(x, s, w->s->model.status_quo, d, p);
    double best = sq;
    for (int g = 0; g < w->n_regimes; g++) {
        if (!w->regime_in_force[g] || !w->regime_party[g * n + i])
            continue;
        double u = cn_decision_utility(x, s, w->regime_text + g * d, d, p);
        if (u > best)
            best = u;
    }
    return sq + rw * (best - sq) - w->pressure[i];
}

double cn_decision_no_agreement(const cn_world *w, int i)
{
    double sbuf[CN_MAX_DIMS];
    return no_agreement_with(w, i, issue_salience(w, i, sbuf), w->regime_weight);
}

/* State i's salience on the issues of forum fo's texts (whatever forum
 * the world is deciding). */
static const double *forum_salience(const cn_world *w, const cn_forum *fo, int i, double *buf)
{
    const double *s = w->sal + i * w->d;
    if (fo->issues == 0u)
        return s;
    for (int k = 0; k < w->d; k++)
        buf[k] = (fo->issues >> k & 1u) ? s[k] : 0.0;
    return buf;
}

/* The camps a forum's vote is fought between: the sponsor and the
 * alternative's sponsor when both are given, else the scenario's two camp
 * blocs when it has exactly two.  0 when there are no two camps. */
static int vote_camps(const cn_scenario *s, const cn_forum *fo, int *ca, int *cb)
{
    if (fo->sponsor >= 0 && fo->has_alternative && fo->alternative_sponsor >= 0) {
        *ca = fo->sponsor;
        *cb = fo->alternative_sponsor;
        return 1;
    }
    int n = 0, c[2] = {-1, -1};
    for (int b = 0; b < s->n_blocs; b++)
        if (s->blocs[b].camp) {
            if (n < 2)
                c[n] = b;
            n++;
        }
    if (n != 2)
        return 0;
    *ca = c[0];
    *cb = c[1];
    return 1;
}

/* Tie weight (beyond the base tie everybody has) and campaign weight from
 * state i to state leader. */
static double patron_weight(const cn_world *w, int i, int leader)
{
    const cn_scenario *s = w->s;
    double t = w->tie[(size_t)i * (size_t)w->na + (size_t)leader] - s->model.base_tie;
    if (t < 0.0)
        t = 0.0;
    for (int c = 0; c < s->n_campaigns; c++)
        if (s->blocs[s->campaigns[c].bloc].leader == leader)
            t += w->campaign[i * s->n_campaigns + c];
    return t;
}

/* cue_i = kappa ([i in sponsor] - [i in the rival camp]); the rival camp
 * is the alternative's sponsor, else every other camp bloc. */
static double sponsor_cue(const cn_world *w, const cn_forum *fo, int i, double kappa)
{
    const cn_scenario *s = w->s;
    if (fo->sponsor < 0 || kappa == 0.0)
        return 0.0;
    double c = w->in_bloc[fo->sponsor * w->n + i] ? kappa : 0.0;
    if (fo->has_alternative && fo->alternative_sponsor >= 0) {
        if (w->in_bloc[fo->alternative_sponsor * w->n + i])
            c -= kappa;
    } else if (s->blocs[fo->sponsor].camp) {
        for (int b = 0; b < s->n_blocs; b++)
            if (b != fo->sponsor && s->blocs[b].camp && w->in_bloc[b * w->n + i]) {
                c -= kappa;
                break;
            }
    }
    return c;
}

/* e_i: state i's hedge between the forum's two camps' leaders (0 for a
 * camp member or when there are no two camps). */
static double hedge_of(const cn_world *w, const cn_forum *fo, int i)
{
    int ca = -1, cb = -1;
    if (!vote_camps(w->s, fo, &ca, &cb))
        return 0.0;
    int la = w->s->blocs[ca].leader, lb = w->s->blocs[cb].leader;
    if (la < 0 || lb < 0 || w->in_bloc[ca * w->n + i] || w->in_bloc[cb * w->n + i])
        return 0.0;
    double ta = patron_weight(w, i, la), tb = patron_weight(w, i, lb);
    return ta + tb > 0.0 ? 2.0 * (ta < tb ? ta : tb) / (ta + tb) : 0.0;
}

void cn_decision_prepare(cn_world *w, int f)
{
    const cn_scenario *s = w->s;
    const cn_forum *fo = &s->forums[f];
    const cn_forum_state *fs = &w->fs[f];
    const int d = w->d;
    const double p = s->model.p;
    for (int t = 0; t < fs->n_members; t++) {
        int i = fs->members[t];
        w->na_ok[i] = 0;
        w->na_value[i] = cn_decision_no_agreement(w, i);
        w->na_ok[i] = 1;
        double sbuf[CN_MAX_DIMS];
        w->alt_value[i] = fo->has_alternative
                              ? cn_decision_utility(w->x + i * d, issue_salience(w, i, sbuf),
                                                    fo->alternative, d, p)
                              : 0.0;
        w->vcue[i] = cn_decision_recorded(fo->rule) ? sponsor_cue(w, fo, i, s->model.sponsor_cue)
                                                    : 0.0;
        w->vhedge[i] = hedge_of(w, fo, i);
    }
    w->vote_forum = f;
}

void cn_decision_release(cn_world *w, int f)
{
    const cn_forum_state *fs = &w->fs[f];
    for (int t = 0; t < fs->n_members; t++)
        w->na_ok[fs->members[t]] = 0;
    w->vote_forum = -1;
}

double cn_decision_gain(const cn_world *w, int i, const double *y)
{
    const int d = w->d;
    double sbuf[CN_MAX_DIMS];
    const double *sal = issue_salience(w, i, sbuf);
    double u = cn_decision_utility(w->x + i * d, sal, y, d, w->s->model.p);
    double g = u - (w->na_ok[i] ? w->na_value[i] : cn_decision_no_agreement(w, i));
    if (w->vote_forum >= 0 && w->na_ok[i] && w->s->forums[w->vote_forum].has_alternative) {
        double lambda = w->s->model.rival_weight;
        g = (1.0 - lambda) * g + lambda * (u - w->alt_value[i]);
    }
    return g;
}

double cn_decision_p_support(double beta, double gain)
{
    double z = beta * gain;
    if (z >= 0.0)
        return 1.0 / (1.0 + exp(-z));
    double e = exp(z);
    return e / (1.0 + e);
}

int cn_decision_recorded(cn_rule rule)
{
    return rule == CN_RULE_MAJORITY || rule == CN_RULE_TWO_THIRDS || rule == CN_RULE_COUNCIL;
}

void cn_decision_vote_params(const cn_scenario *s, cn_rule rule, cn_vote_params *vp)
{
    const cn_model_params *m = &s->model;
    vp->beta = m->beta;
    vp->a = m->indifference;
    vp->deference = 0.0;
    vp->objection_cost = m->consensus_objection_cost;
    vp->cue = m->sponsor_cue;
    vp->split = m->abstain_split;
    vp->hedge = m->abstain_hedge;
    vp->discipline = m->bloc_discipline;
    if (cn_decision_recorded(rule)) {
        vp->deference = m->vote_deference;
        vp->objection_cost = m->vote_objection_cost;
        vp->discipline = 0.0;
    }
}

void cn_decision_p_vote(const cn_vote_params *vp, double gain, double *p_support,
                        double *p_object)
{
    double a = vp->a < 0.0 ? 0.0 : vp->a;
    double o = vp->objection_cost < 0.0 ? 0.0 : vp->objection_cost;
    double g = gain + vp->deference;
    *p_support = cn_decision_p_support(vp->beta, g - a);
    *p_object = cn_decision_p_support(vp->beta, -g - a - o);
}

/* h_t for every member into h (member order), from the signs of g: for
 * each bloc and UN group, the members' share with a negative g; h_t the
 * mean of 2 min(p, 1 - p) over the member's blocs and group. */
static void bloc_split(const cn_world *w, int f, const double *g, double *h)
{
    const cn_scenario *s = w->s;
    const cn_forum_state *fs = &w->fs[f];
    const int n = w->n, m = fs->n_members, nb = s->n_blocs;
    double cnt[2 * (CN_MAX_BLOCS + 6)] = {0.0};
    const int slots = nb + 6;
    for (int t = 0; t < m; t++) {
        int i = fs->members[t];
        double neg = g[t] < 0.0 ? 1.0 : 0.0;
        for (int b = 0; b < nb; b++)
            if (w->in_bloc[b * n + i]) {
                cnt[2 * b] += neg;
                cnt[2 * b + 1] += 1.0;
            }
        int k = nb + w->group_of[i];
        cnt[2 * k] += neg;
        cnt[2 * k + 1] += 1.0;
    }
    for (int k = 0; k < slots; k++) {
        double p = cnt[2 * k + 1] > 0.0 ? cnt[2 * k] / cnt[2 * k + 1] : 0.0;
        cnt[2 * k] = 2.0 * (p < 1.0 - p ? p : 1.0 - p);
    }
    for (int t = 0; t < m; t++) {
        int i = fs->members[t], k = 0;
        double sum = 0.0;
        for (int b = 0; b < nb; b++)
            if (w->in_bloc[b * n + i]) {
                sum += cnt[2 * b];
                k++;
            }
        if (w->group_of[i] < 5) {
            sum += cnt[2 * (nb + w->group_of[i])];
            k++;
        }
        h[t] = k > 0 ? sum / k : 0.0;
    }
}

/* The per-state terms of the forum's vote, from the prepared caches when
 * forum f is the prepared one, else computed. */
static void member_terms(const cn_world *w, int f, int i, const double *y, double *gain,
                         double *cue, double *hedge)
{
    const cn_scenario *s = w->s;
    const cn_forum *fo = &s->forums[f];
    const int d = w->d;
    if (w->vote_forum == f && w->na_ok[i]) {
        *gain = cn_decision_gain(w, i, y);
        *cue = w->vcue[i];
        *hedge = w->vhedge[i];
        return;
    }
    double sbuf[CN_MAX_DIMS];
    const double *sal = forum_salience(w, fo, i, sbuf);
    double rw = cn_output_binding(fo->output) ? s->model.treaty_regime_weight
                                              : s->model.report_regime_weight;
    double u = cn_decision_utility(w->x + i * d, sal, y, d, s->model.p);
    double g = u - no_agreement_with(w, i, sal, rw);
    if (fo->has_alternative) {
        double lambda = s->model.rival_weight;
        double ua = cn_decision_utility(w->x + i * d, sal, fo->alternative, d, s->model.p);
        g = (1.0 - lambda) * g + lambda * (u - ua);
    }
    *gain = g;
    *cue = cn_decision_recorded(fo->rule) ? sponsor_cue(w, fo, i, s->model.sponsor_cue) : 0.0;
    *hedge = hedge_of(w, fo, i);
}

void cn_decision_probs(const cn_world *w, int f, const double *y, const cn_vote_params *vp,
                       double *g, double *ps, double *po)
{
    const cn_forum_state *fs = &w->fs[f];
    const int m = fs->n_members;
    double a = vp->a < 0.0 ? 0.0 : vp->a;
    double o = vp->objection_cost < 0.0 ? 0.0 : vp->objection_cost;
    double hedge[CN_MAX_STATES], h[CN_MAX_STATES];
    for (int t = 0; t < m; t++) {
        double gain, cue;
        member_terms(w, f, fs->members[t], y, &gain, &cue, &hedge[t]);
        g[t] = gain + vp->deference + cue;
    }
    if (vp->split > 0.0)
        bloc_split(w, f, g, h);
    else
        for (int t = 0; t < m; t++)
            h[t] = 0.0; /* no split term */
    for (int t = 0; t < m; t++) {
        double band = a + vp->hedge * hedge[t] + (vp->split > 0.0 ? vp->split * h[t] : 0.0);
        ps[t] = cn_decision_p_support(vp->beta, g[t] - band);
        po[t] = cn_decision_p_support(vp->beta, -g[t] - band - o);
    }
}

void cn_decision_p_member(const cn_world *w, int f, int i, const double *y, double *p_support,
                          double *p_object)
{
    double g[CN_MAX_STATES], ps[CN_MAX_STATES], po[CN_MAX_STATES];
    cn_vote_params vp;
    cn_decision_vote_params(w->s, w->s->forums[f].rule, &vp);
    cn_decision_probs(w, f, y, &vp, g, ps, po);
    const cn_forum_state *fs = &w->fs[f];
    *p_support = *p_object = 0.0;
    for (int t = 0; t < fs->n_members; t++)
        if (fs->members[t] == i) {
            *p_support = ps[t];
            *p_object = po[t];
        }
}

double cn_decision_expected_support(const cn_world *w, int f, const double *y)
{
    double g[CN_MAX_STATES], ps[CN_MAX_STATES], po[CN_MAX_STATES];
    cn_vote_params vp;
    cn_decision_vote_params(w->s, w->s->forums[f].rule, &vp);
    cn_decision_probs(w, f, y, &vp, g, ps, po);
    double e = 0.0;
    for (int t = 0; t < w->fs[f].n_members; t++)
        e += ps[t];
    return e;
}

/* The camp bloc (camp = true) that state i belongs to, -1 if none (the
 * first in scenario order). */
static int camp_of(const cn_world *w, int i)
{
    for (int b = 0; b < w->s->n_blocs; b++)
        if (w->s->blocs[b].camp && w->in_bloc[b * w->n + i])
            return b;
    return -1;
}

void cn_decision_vote_forum(cn_world *w, int f, const double *y, gsl_rng *r, cn_vote_count *out)
{
    const cn_scenario *s = w->s;
    const cn_forum *fo = &s->forums[f];
    cn_forum_state *fs = &w->fs[f];
    const int m = fs->n_members;
    cn_vote_params vp;
    cn_decision_vote_params(s, fo->rule, &vp);
    double g[CN_MAX_STATES], ps[CN_MAX_STATES], po[CN_MAX_STATES];
    cn_decision_probs(w, f, y, &vp, g, ps, po);
    for (int t = 0; t < m; t++) {
        int i = fs->members[t];
        /* one draw per vote, whatever the outcome, so streams stay aligned */
        double u = gsl_rng_uniform(r);
        int v = u < ps[t] ? CN_VOTE_SUPPORT : u < 1.0 - po[t] ? CN_VOTE_ABSTAIN : CN_VOTE_OBJECT;
        unsigned char why = CN_REASON_NONE;
        if (v == CN_VOTE_OBJECT) {
            double cue = w->vote_forum == f ? w->vcue[i] : 0.0;
            why = g[t] - cue - vp.deference < 0.0 ? CN_REASON_WORSE
                  : g[t] - vp.deference < 0.0     ? CN_REASON_CAMP
                                                  : CN_REASON_SURPRISE;
        }
        if (w->hooks != NULL && w->hooks->vote != NULL) {
            int o = w->hooks->vote(w->hooks->ctx, w, f, i, y, v);
            if (o == CN_VOTE_SUPPORT || o == CN_VOTE_OBJECT || o == CN_VOTE_ABSTAIN) {
                v = o;
                why = CN_REASON_PLAYER;
            }
        }
        fs->vote[i] = (unsigned char)v;
        fs->reason[i] = v == CN_VOTE_OBJECT ? why : CN_REASON_NONE;
    }
    /* bloc discipline: after every first vote, one more draw per member */
    if (vp.discipline > 0.0)
        for (int t = 0; t < m; t++) {
            int i = fs->members[t];
            double u = gsl_rng_uniform(r);
            if (fs->vote[i] == CN_VOTE_OBJECT || fs->reason[i] == CN_REASON_PLAYER)
                continue;
            int c = camp_of(w, i);
            if (c < 0)
                continue;
            int leader = s->blocs[c].leader;
            if (leader == i || leader < 0 || fs->vote[leader] != CN_VOTE_OBJECT)
                continue;
            if (u < vp.discipline) {
                fs->vote[i] = CN_VOTE_OBJECT;
                fs->reason[i] = CN_REASON_BLOC;
            }
        }
    cn_vote_count c = {0, 0, 0, 0};
    for (int t = 0; t < m; t++) {
        int i = fs->members[t];
        if (fs->vote[i] == CN_VOTE_SUPPORT)
            c.yes++;
        else if (fs->vote[i] == CN_VOTE_OBJECT) {
            c.no++;
            if (s->states[i].veto)
                c.veto_no++;
        } else
            c.abstain++;
    }
    *out = c;
}

int cn_decision_vote(const cn_world *w, int i, const double *y, const cn_vote_params *vp,
                     gsl_rng *r)
{
    double g = cn_decision_gain(w, i, y);
    /* one draw per vote, whatever the outcome, so streams stay aligned */
    double u = gsl_rng_uniform(r);
    double ps, po;
    cn_decision_p_vote(vp, g, &ps, &po);
    if (u < ps)
        return CN_VOTE_SUPPORT;
    if (u < 1.0 - po)
        return CN_VOTE_ABSTAIN;
    return CN_VOTE_OBJECT;
}

void cn_decision_rule(cn_rule rule, int members, int yes, int no, int abstain, int veto_no,
                      int footnote_budget, double dilution, int council_quota,
                      cn_decision_result *out)
{
    (void)abstain;
    out->adopted = 0;
    out->strength = 0.0;
    out->footnotes = 0;
    switch (rule) {
    case CN_RULE_CONSENSUS:
        if (no <= footnote_budget && yes > 0) {
            out->adopted = 1;
            out->footnotes = no;
            out->strength = 1.0 - dilution * no;
            if (out->strength < 0.0)
                out->strength = 0.0;
        }
        return;
    case CN_RULE_UNANIMITY:
        out->adopted = yes == members && members > 0;
        break;
    case CN_RULE_MAJORITY:
        out->adopted = yes > no;
        break;
    case CN_RULE_TWO_THIRDS:
        out->adopted = yes > 0 && 3 * yes >= 2 * (yes + no);
        break;
    case CN_RULE_COUNCIL:
        out->adopted = yes >= council_quota && veto_no == 0;
        break;
    case CN_RULE_ELECTION: /* the first candidate elected (cn_election.h) */
        out->adopted = yes > no;
        break;
    case CN_RULE_CLUB: /* no vote: the founders publish (cn_club.h) */
        out->adopted = members > 0;
        break;
    }
    if (out->adopted)
        out->strength = 1.0;
}
