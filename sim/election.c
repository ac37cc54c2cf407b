/* election.c - a secret-ballot election between two candidates
 * (cn_election.h). */
#include "cn_election.h"

#include <string.h>

#include "cn_decision.h"

double cn_election_gain(const cn_world *w, int f, int i)
{
    const cn_scenario *s = w->s;
    const cn_forum *fo = &s->forums[f];
    const int d = w->d;
    double sal[CN_MAX_DIMS];
    for (int k = 0; k < d; k++)
        sal[k] = fo->issues == 0u || (fo->issues >> k & 1u) ? w->sal[i * d + k] : 0.0;
    const double *x = w->x + i * d;
    return cn_decision_utility(x, sal, w->x + fo->candidates[0] * d, d, s->model.p) -
           cn_decision_utility(x, sal, w->x + fo->candidates[1] * d, d, s->model.p);
}

void cn_election_probs(const cn_scenario *s, double g, double *p_a, double *p_b)
{
    double a = s->model.indifference < 0.0 ? 0.0 : s->model.indifference;
    *p_a = cn_decision_p_support(s->model.beta, g - a);
    *p_b = cn_decision_p_support(s->model.beta, -g - a);
}

void cn_election_session(cn_world *w, gsl_rng *r, int f)
{
    const cn_scenario *s = w->s;
    const cn_forum *fo = &s->forums[f];
    cn_forum_state *fs = &w->fs[f];
    const int d = w->d;
    const int a = fo->candidates[0], b = fo->candidates[1];
    int session = ++fs->sessions_held;
    fs->chair = -1;
    fs->tabled = -1;
    cn_world_decide(w, f);
    memcpy(fs->text, w->x + a * d, (size_t)d * sizeof(double));
    if (w->hooks != NULL && w->hooks->session != NULL) {
        /* a player sees the ballot; there is no text to amend */
        double shown[CN_MAX_DIMS];
        memcpy(shown, fs->text, sizeof shown);
        w->hooks->session(w->hooks->ctx, w, f, session, shown);
    }
    cn_world_trace(w, CN_TRACE_SESSION, f, session, -1, -1, fs->text);
    int yes = 0, no = 0, abst = 0;
    for (int t = 0; t < fs->n_members; t++) {
        int i = fs->members[t];
        double pa, pb;
        cn_election_probs(s, cn_election_gain(w, f, i), &pa, &pb);
        double u = gsl_rng_uniform(r); /* one per ballot, whatever it says */
        int v = u < pa ? CN_VOTE_SUPPORT : u < 1.0 - pb ? CN_VOTE_ABSTAIN : CN_VOTE_OBJECT;
        if (w->hooks != NULL && w->hooks->vote != NULL) {
            int o = w->hooks->vote(w->hooks->ctx, w, f, i, fs->text, v);
            if (o == CN_VOTE_SUPPORT || o == CN_VOTE_OBJECT || o == CN_VOTE_ABSTAIN)
                v = o;
        }
        fs->vote[i] = (unsigned char)v;
        fs->reason[i] = CN_REASON_NONE;
        yes += v == CN_VOTE_SUPPORT;
        no += v == CN_VOTE_OBJECT;
        abst += v == CN_VOTE_ABSTAIN;
    }
    fs->supporters = yes;
    fs->objectors = no;
    fs->abstainers = abst;
    cn_world_trace(w, CN_TRACE_VOTES, f, session, -1, -1, fs->text);
    if (yes == no) {
        fs->failed_last = 1;
        if (fs->sessions_held >= fo->sessions)
            fs->done = 1;
        cn_world_trace(w, CN_TRACE_FAILED, f, session, fs->done, -1, fs->text);
        return;
    }
    fs->elected = yes > no ? 0 : 1;
    fs->adopted = yes > no;
    fs->done = 1;
    fs->failed_last = 0;
    fs->adopted_round = w->round;
    fs->adopted_session = session;
    fs->strength = 1.0;
    fs->footnotes = 0;
    memcpy(fs->text, w->x + (fs->elected == 0 ? a : b) * d, (size_t)d * sizeof(double));
    cn_world_trace(w, CN_TRACE_ADOPTED, f, session, fo->candidates[fs->elected], -1, fs->text);
}
