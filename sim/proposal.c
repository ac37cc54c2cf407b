/* proposal.c - chairs, drafts, concessions and rival drafts (cn_proposal.h). */
#include "cn_proposal.h"

#include <gsl/gsl_randist.h>
#include <math.h>
#include <stdlib.h>

#include "cn_decision.h"

static double clamp01(double v)
{
    return v < 0.0 ? 0.0 : (v > 1.0 ? 1.0 : v);
}

int cn_proposal_chair(const cn_world *w, int f, int session, gsl_rng *r)
{
    const cn_forum *fo = &w->s->forums[f];
    const cn_forum_state *fs = &w->fs[f];
    switch (fo->chair_mode) {
    case CN_CHAIR_NAMED:
        return fo->chair;
    case CN_CHAIR_CAPABILITY: {
        double total = 0.0;
        for (int k = 0; k < fs->n_members; k++)
            total += w->cap[fs->members[k]];
        double u = gsl_rng_uniform(r) * total;
        for (int k = 0; k < fs->n_members; k++) {
            u -= w->cap[fs->members[k]];
            if (u < 0.0)
                return fs->members[k];
        }
        return fs->members[fs->n_members - 1];
    }
    case CN_CHAIR_ROTATE:
    default:
        return fs->members[(session - 1) % fs->n_members];
    }
}

/* Heapsort of n (value, weight) pairs by value, in place: no heap
 * allocation (glibc's qsort mallocs a merge buffer above 1 KiB, i.e. for
 * 64 or more speakers).  The median depends only on the values and on
 * the weights of equal values taken together, so the order of ties does
 * not matter. */
static void sift_down(double *vw, int root, int n)
{
    for (;;) {
        int child = 2 * root + 1;
        if (child >= n)
            return;
        if (child + 1 < n && vw[2 * (child + 1)] > vw[2 * child])
            child++;
        if (!(vw[2 * child] > vw[2 * root]))
            return;
        double v = vw[2 * root], wt = vw[2 * root + 1];
        vw[2 * root] = vw[2 * child];
        vw[2 * root + 1] = vw[2 * child + 1];
        vw[2 * child] = v;
        vw[2 * child + 1] = wt;
        root = child;
    }
}

static void sort_pairs(double *vw, int n)
{
    for (int k = n / 2 - 1; k >= 0; k--)
        sift_down(vw, k, n);
    for (int end = n - 1; end > 0; end--) {
        double v = vw[0], wt = vw[1];
        vw[0] = vw[2 * end];
        vw[1] = vw[2 * end + 1];
        vw[2 * end] = v;
        vw[2 * end + 1] = wt;
        sift_down(vw, 0, end);
    }
}

double cn_proposal_weighted_median(double *vw, int n)
{
    sort_pairs(vw, n);
    double total = 0.0;
    for (int k = 0; k < n; k++)
        total += vw[2 * k + 1];
    if (total <= 0.0)
        return vw[2 * ((n - 1) / 2)];
    double acc = 0.0;
    for (int k = 0; k < n; k++) {
        acc += vw[2 * k + 1];
        if (acc >= 0.5 * total)
            return vw[2 * k];
    }
    return vw[2 * (n - 1)];
}

void cn_proposal_draft(cn_world *w, int f, int chair, gsl_rng *r, double *y)
{
    const cn_forum *fo = &w->s->forums[f];
    const cn_forum_state *fs = &w->fs[f];
    const int d = w->d;
    for (int k = 0; k < d; k++) {
        if (!fo->open[k]) {
            y[k] = fo->fixed[k];
            continue;
        }
        if (fo->has_draft) { /* the real first text: no median, bias or noise */
            y[k] = fo->draft[k];
            continue;
        }
        int m = 0;
        for (int t = 0; t < fs->n_members; t++) {
            int i = fs->members[t];
            w->sp[2 * m] = w->x[i * d + k];
            w->sp[2 * m + 1] = w->cap[i] * w->sal[i * d + k];
            m++;
        }
        for (int t = 0; t < fo->n_stakeholders; t++) {
            int a = w->n + fo->stakeholders[t];
            w->sp[2 * m] = w->x[a * d + k];
            w->sp[2 * m + 1] = w->cap[a] * w->sal[a * d + k];
            m++;
        }
        double med = cn_proposal_weighted_median(w->sp, m);
        double v = (1.0 - fo->chair_bias) * med + fo->chair_bias * w->x[chair * d + k];
        if (fo->sigma > 0.0)
            v += gsl_ran_gaussian(r, fo->sigma);
        y[k] = clamp01(v);
    }
}

/* Weighted centre o of the members who object to the chair's draft y
 * into o (open dimensions only); 0 if there is no one to move toward.
 * tabled < 0: the draft was voted on, so the members who objected (the
 * abstainers if none did), weights c_i s_ik.  tabled >= 0: a rival was
 * voted on instead and says nothing about the draft, so every member
 * weighted by its probability of objecting to y, P_i(object) c_i s_ik. */
static int objectors_centre(const cn_world *w, int f, int tabled, const double *y, double *o)
{
    const cn_forum *fo = &w->s->forums[f];
    const cn_forum_state *fs = &w->fs[f];
    const int d = w->d;
    double *pw = w->sw; /* per member: its weight before salience (capacity na >= n) */
    int want = CN_VOTE_OBJECT;
    if (tabled >= 0) {
        cn_vote_params vp;
        cn_decision_vote_params(w->s, fo->rule, &vp);
        for (int t = 0; t < fs->n_members; t++) {
            int i = fs->members[t];
            double ps, po;
            cn_decision_p_vote(&vp, cn_decision_gain(w, i, y), &ps, &po);
            pw[t] = po * w->cap[i];
        }
    } else {
        int any = 0;
        for (int t = 0; t < fs->n_members && !any; t++)
            any = fs->vote[fs->members[t]] == CN_VOTE_OBJECT;
        if (!any)
            want = CN_VOTE_ABSTAIN;
        for (int t = 0; t < fs->n_members; t++) {
            int i = fs->members[t];
            pw[t] = fs->vote[i] == want ? w->cap[i] : 0.0;
        }
    }
    int found = 0;
    for (int k = 0; k < d; k++) {
        o[k] = y[k];
        if (!fo->open[k])
            continue;
        double num = 0.0, den = 0.0;
        for (int t = 0; t < fs->n_members; t++) {
            int i = fs->members[t];
            double wt = pw[t] * w->sal[i * d + k];
            num += wt * w->x[i * d + k];
            den += wt;
        }
        if (den > 0.0) {
            o[k] = num / den;
            found = 1;
        }
    }
    return found;
}

double cn_proposal_concede(const cn_world *w, int f, int tabled, double *y)
{
    const cn_forum *fo = &w->s->forums[f];
    const int d = w->d;
    double o[CN_MAX_DIMS], step[CN_MAX_DIMS];
    if (!objectors_centre(w, f, tabled, y, o))
        return 0.0;
    double len2 = 0.0;
    for (int k = 0; k < d; k++) {
        step[k] = fo->open[k] ? fo->concession * (o[k] - y[k]) : 0.0;
        len2 += step[k] * step[k];
    }
    double len = sqrt(len2);
    double scale = len > fo->chair_step ? fo->chair_step / len : 1.0;
    double moved2 = 0.0;
    for (int k = 0; k < d; k++) {
        double v = clamp01(y[k] + scale * step[k]);
        moved2 += (v - y[k]) * (v - y[k]);
        y[k] = v;
    }
    return sqrt(moved2);
}

void cn_proposal_rival(const cn_world *w, int f, int k, double *y)
{
    const cn_forum *fo = &w->s->forums[f];
    const cn_rival *rv = &fo->rivals[k];
    const cn_bloc *b = &w->s->blocs[rv->bloc];
    const int d = w->d;
    for (int j = 0; j < d; j++) {
        if (!fo->open[j]) {
            y[j] = fo->fixed[j];
            continue;
        }
        if (rv->has_text) {
            y[j] = rv->text[j];
            continue;
        }
        double num = 0.0, den = 0.0;
        for (int t = 0; t < b->n_members; t++) {
            int i = b->members[t];
            num += w->cap[i] * w->x[i * d + j];
            den += w->cap[i];
        }
        y[j] = den > 0.0 ? num / den : w->s->model.status_quo[j];
    }
}

double cn_proposal_expected_support(const cn_world *w, int f, const double *y)
{
    return cn_decision_expected_support(w, f, y);
}
