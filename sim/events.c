/* events.c - incidents, attribution, naming and shaming (cn_events.h).
 * Shaming changes only the ties between the two sides; it updates those
 * entries of the cached b_ij too, rather than marking all of them dirty. */
#include "cn_events.h"

#include <gsl/gsl_randist.h>
#include <math.h>
#include <string.h>

static double distance(const double *a, const double *b, int d)
{
    double s = 0.0;
    for (int k = 0; k < d; k++)
        s += (a[k] - b[k]) * (a[k] - b[k]);
    return sqrt(s);
}

/* side[j] = 1 for i and every state sharing a bloc with i. */
static void mark_side(const cn_world *w, int i, unsigned char *side)
{
    memset(side, 0, (size_t)w->n);
    side[i] = 1;
    for (int b = 0; b < w->s->n_blocs; b++) {
        const unsigned char *in = w->in_bloc + (size_t)b * (size_t)w->n;
        if (!in[i])
            continue;
        for (int j = 0; j < w->n; j++)
            side[j] |= in[j];
    }
}

int cn_events_draw_victim(const cn_world *w, gsl_rng *r)
{
    double total = 0.0;
    for (int i = 0; i < w->n; i++)
        total += w->cap[i];
    double u = gsl_rng_uniform(r) * total;
    for (int i = 0; i < w->n; i++) {
        u -= w->cap[i];
        if (u < 0.0)
            return i;
    }
    return w->n - 1;
}

int cn_events_draw_perpetrator(cn_world *w, gsl_rng *r, int victim)
{
    mark_side(w, victim, w->side_a);
    const double *xv = w->x + victim * w->d;
    double total = 0.0;
    for (int j = 0; j < w->n; j++)
        if (!w->side_a[j])
            total += w->cap[j] * distance(w->x + j * w->d, xv, w->d);
    if (total <= 0.0)
        return -1;
    double u = gsl_rng_uniform(r) * total;
    int last = -1;
    for (int j = 0; j < w->n; j++) {
        if (w->side_a[j])
            continue;
        double wt = w->cap[j] * distance(w->x + j * w->d, xv, w->d);
        if (wt <= 0.0)
            continue;
        last = j;
        u -= wt;
        if (u < 0.0)
            return j;
    }
    return last;
}

void cn_events_incident(cn_world *w, int victim, int perpetrator)
{
    const cn_events_params *e = &w->s->events;
    int fd = w->s->dim_form, d = w->d;
    unsigned char *acc = w->side_a, *accused = w->side_b;
    mark_side(w, victim, acc);
    w->incidents++;
    for (int i = 0; i < w->n; i++) {
        if (!acc[i])
            continue;
        if (fd >= 0)
            w->x[i * d + fd] += e->shock * (1.0 - w->x[i * d + fd]);
        w->pressure[i] += e->urgency;
    }
    if (perpetrator < 0)
        return;
    w->attributions++;
    mark_side(w, perpetrator, accused);
    for (int j = 0; j < w->n; j++)
        if (acc[j])
            accused[j] = 0;
    double keep = 1.0 - e->shame;
    size_t na = (size_t)w->na;
    /* the accused side as a list (w->si, capacity >= n): each tie between
     * the sides is multiplied once, whatever the order */
    int *list = w->si, k = 0;
    for (int j = 0; j < w->n; j++)
        if (accused[j])
            list[k++] = j;
    /* When the cached b_ij are otherwise up to date, the changed ones are
     * refreshed here (b_ij = tie_ij c_j, as cn_world_refresh_ties computes
     * them; the campaign leaders' columns it recomputes on every call), so
     * an incident does not force a recompute of all na*na of them. */
    int update_base = !w->ties_dirty;
    for (int i = 0; i < w->n; i++) {
        if (!acc[i])
            continue;
        size_t ii = (size_t)i;
        for (int t = 0; t < k; t++) {
            size_t j = (size_t)list[t];
            w->tie[ii * na + j] *= keep;
            w->tie[j * na + ii] *= keep;
            if (update_base) {
                w->base[ii * na + j] = w->tie[ii * na + j] * w->cap[j];
                w->base[j * na + ii] = w->tie[j * na + ii] * w->cap[ii];
            }
        }
    }
}

void cn_events_round(cn_world *w, gsl_rng *r)
{
    const cn_events_params *e = &w->s->events;
    double keep = 1.0 - e->pressure_decay;
    for (int i = 0; i < w->n; i++)
        w->pressure[i] *= keep;
    if (e->incident_rate <= 0.0)
        return;
    unsigned int k = gsl_ran_poisson(r, e->incident_rate);
    for (unsigned int m = 0; m < k; m++) {
        int victim = cn_events_draw_victim(w, r);
        int perpetrator = -1;
        if (gsl_rng_uniform(r) < e->attribution)
            perpetrator = cn_events_draw_perpetrator(w, r, victim);
        cn_events_incident(w, victim, perpetrator);
        cn_world_trace(w, CN_TRACE_INCIDENT, -1, 0, victim, perpetrator, NULL);
    }
}
