/* decision.c - quantal-response votes and decision rules (cn_decision.h). */
#include "cn_decision.h"

#include <math.h>

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

double cn_decision_no_agreement(const cn_world *w, int i)
{
    const int d = w->d, n = w->n;
    const double p = w->s->model.p;
    double sbuf[CN_MAX_DIMS];
    const double *x = w->x + i * d, *s = issue_salience(w, i, sbuf);
    double sq = cn_decision_utility(x, s, w->s->model.status_quo, d, p);
    double best = sq;
    for (int g = 0; g < w->n_regimes; g++) {
        if (!w->regime_in_force[g] || !w->regime_party[g * n + i])
            continue;
        double u = cn_decision_utility(x, s, w->regime_text + g * d, d, p);
        if (u > best)
            best = u;
    }
    return sq + w->regime_weight * (best - sq) - w->pressure[i];
}

void cn_decision_prepare(cn_world *w, int f)
{
    const cn_forum_state *fs = &w->fs[f];
    for (int t = 0; t < fs->n_members; t++) {
        int i = fs->members[t];
        w->na_ok[i] = 0;
        w->na_value[i] = cn_decision_no_agreement(w, i);
        w->na_ok[i] = 1;
    }
}

void cn_decision_release(cn_world *w, int f)
{
    const cn_forum_state *fs = &w->fs[f];
    for (int t = 0; t < fs->n_members; t++)
        w->na_ok[fs->members[t]] = 0;
}

double cn_decision_gain(const cn_world *w, int i, const double *y)
{
    const int d = w->d;
    double sbuf[CN_MAX_DIMS];
    double u = cn_decision_utility(w->x + i * d, issue_salience(w, i, sbuf), y, d, w->s->model.p);
    return u - (w->na_ok[i] ? w->na_value[i] : cn_decision_no_agreement(w, i));
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
    vp->beta = s->model.beta;
    vp->a = s->model.indifference;
    vp->deference = 0.0;
    vp->objection_cost = 0.0;
    if (cn_decision_recorded(rule)) {
        vp->deference = s->model.vote_deference;
        vp->objection_cost = s->model.vote_objection_cost;
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
    }
    if (out->adopted)
        out->strength = 1.0;
}
