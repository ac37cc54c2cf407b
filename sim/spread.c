/* spread.c - input uncertainty against Monte Carlo noise (cn_spread.h).
 *
 * Per column: the open group's count, sum and sum of squares, and over
 * the closed groups the count, the running mean and M2 of the group means
 * (Welford), the pooled within-group sum of squares and its degrees of
 * freedom, and the total count.  A summary closes the open group into a
 * copy, so it can be read at any time. */
#include "cn_spread.h"

#include <math.h>
#include <stdlib.h>

typedef struct {
    long gid;            /* open group, -1: none */
    long gn;             /* values in the open group */
    double gsum, gss;    /* sum and sum of squares of the open group (around its first value) */
    double gshift;       /* the open group's first value (for a stable sum of squares) */
    long groups;         /* closed groups */
    double bmean, bm2;   /* Welford over closed group means */
    double wss;          /* pooled within-group sum of squares */
    long wdf;            /* its degrees of freedom */
    long n;              /* values in closed groups */
    double sum;          /* their sum */
} column;

struct cn_spread {
    int ncol;
    int group;
    column *c;
};

cn_spread *cn_spread_alloc(const cn_metrics_layout *L, int group)
{
    cn_spread *sp = calloc(1, sizeof *sp);
    if (sp == NULL)
        return NULL;
    sp->ncol = L->n;
    sp->group = group > 0 ? group : 1;
    sp->c = calloc((size_t)(L->n > 0 ? L->n : 1), sizeof *sp->c);
    if (sp->c == NULL) {
        free(sp);
        return NULL;
    }
    for (int j = 0; j < L->n; j++)
        sp->c[j].gid = -1;
    return sp;
}

void cn_spread_free(cn_spread *sp)
{
    if (sp == NULL)
        return;
    free(sp->c);
    free(sp);
}

/* Moves the open group of c into the closed totals. */
static void close_group(column *c)
{
    if (c->gn == 0)
        return;
    double m = c->gsum / (double)c->gn;
    /* sum of squares around the group mean from the shifted sums */
    double d = m - c->gshift;
    c->wss += c->gss - (double)c->gn * d * d;
    c->wdf += c->gn - 1;
    c->groups++;
    double delta = m - c->bmean;
    c->bmean += delta / (double)c->groups;
    c->bm2 += delta * (m - c->bmean);
    c->n += c->gn;
    c->sum += c->gsum;
    c->gn = 0;
    c->gsum = c->gss = 0.0;
}

void cn_spread_add(cn_spread *sp, long first_rep, int n, const double *rows)
{
    for (int k = 0; k < n; k++) {
        long gid = (first_rep + k) / sp->group;
        const double *row = rows + (size_t)k * (size_t)sp->ncol;
        for (int j = 0; j < sp->ncol; j++) {
            column *c = &sp->c[j];
            double y = row[j];
            if (gid != c->gid) {
                close_group(c);
                c->gid = gid;
            }
            if (isnan(y))
                continue;
            if (c->gn == 0)
                c->gshift = y;
            double t = y - c->gshift;
            c->gn++;
            c->gsum += y;
            c->gss += t * t;
        }
    }
}

void cn_spread_get(const cn_spread *sp, int j, cn_spread_summary *out)
{
    column c = sp->c[j];
    close_group(&c);
    out->groups = c.groups;
    out->n = c.n;
    out->mean = c.n > 0 ? c.sum / (double)c.n : NAN;
    double sb2 = c.groups > 1 ? c.bm2 / (double)(c.groups - 1) : NAN;
    out->mc_se = c.groups > 1 ? sqrt(sb2 / (double)c.groups) : NAN;
    double sw2 = c.wdf > 0 ? c.wss / (double)c.wdf : NAN;
    if (sw2 < 0.0)
        sw2 = 0.0;
    out->within_sd = sqrt(sw2);
    if (c.groups > 1 && c.wdf > 0) {
        double nbar = (double)c.n / (double)c.groups;
        double tau2 = sb2 - sw2 / nbar;
        if (tau2 < 0.0)
            tau2 = 0.0;
        out->input_sd = sqrt(tau2);
        out->input_share = tau2 + sw2 > 0.0 ? tau2 / (tau2 + sw2) : 0.0;
    } else {
        out->input_sd = NAN;
        out->input_share = NAN;
    }
}
