/* events.c - incidents, public attribution, naming and shaming
 * (cn_events.h).
 *
 * Sides are camps (blocs with `camp` set): a state's side is itself and
 * every state sharing a camp bloc with it.  Broad blocs (the G20, the P5,
 * the Council of Europe) join adversaries and make no side.  Shaming
 * changes only ties; it updates those entries of the cached b_ij too,
 * rather than marking all of them dirty. */
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

/* 1 if state i is in some camp bloc. */
static int in_camp(const cn_world *w, int i)
{
    for (int b = 0; b < w->s->n_blocs; b++)
        if (w->s->blocs[b].camp && w->in_bloc[(size_t)b * (size_t)w->n + (size_t)i])
            return 1;
    return 0;
}

/* 1 if states i and j share a camp bloc. */
static int share_camp(const cn_world *w, int i, int j)
{
    size_t n = (size_t)w->n;
    for (int b = 0; b < w->s->n_blocs; b++)
        if (w->s->blocs[b].camp && w->in_bloc[(size_t)b * n + (size_t)i]
            && w->in_bloc[(size_t)b * n + (size_t)j])
            return 1;
    return 0;
}

void cn_events_side(const cn_world *w, int i, unsigned char *side)
{
    memset(side, 0, (size_t)w->n);
    side[i] = 1;
    for (int b = 0; b < w->s->n_blocs; b++) {
        const unsigned char *in = w->in_bloc + (size_t)b * (size_t)w->n;
        if (!w->s->blocs[b].camp || !in[i])
            continue;
        for (int j = 0; j < w->n; j++)
            side[j] |= in[j];
    }
}

double cn_events_date(const cn_world *w)
{
    const cn_calendar *c = &w->s->calendar;
    if (c->start < 0)
        return 0.0;
    return cn_calendar_month(c, w->round) / 12.0;
}

int cn_events_attributes(const cn_world *w, int i)
{
    const cn_scenario *s = w->s;
    if (s->attr_since == NULL)
        return 1;
    double since = s->attr_since[i];
    if (!(since < INFINITY))
        return 0;
    return s->calendar.start < 0 || since <= cn_events_date(w);
}

int cn_events_draw_perpetrator(const cn_world *w, gsl_rng *r)
{
    const double *off = w->s->offense;
    double total = 0.0;
    for (int i = 0; i < w->n; i++)
        total += off != NULL ? off[i] : w->cap[i];
    double u = gsl_rng_uniform(r) * total;
    if (total <= 0.0)
        return -1;
    int last = -1;
    for (int i = 0; i < w->n; i++) {
        double wt = off != NULL ? off[i] : w->cap[i];
        if (wt <= 0.0)
            continue;
        last = i;
        u -= wt;
        if (u < 0.0)
            return i;
    }
    return last;
}

int cn_events_draw_victim(cn_world *w, gsl_rng *r, int perpetrator)
{
    unsigned char *side = w->side_b;
    cn_events_side(w, perpetrator, side);
    const double *xp = w->x + perpetrator * w->d;
    double total = 0.0;
    for (int j = 0; j < w->n; j++)
        if (!side[j])
            total += w->cap[j] * distance(w->x + j * w->d, xp, w->d);
    double u = gsl_rng_uniform(r) * total;
    if (total <= 0.0)
        return -1;
    int last = -1;
    for (int j = 0; j < w->n; j++) {
        if (side[j])
            continue;
        double wt = w->cap[j] * distance(w->x + j * w->d, xp, w->d);
        if (wt <= 0.0)
            continue;
        last = j;
        u -= wt;
        if (u < 0.0)
            return j;
    }
    return last;
}

/* 1 if the scenario has a camp bloc. */
static int any_camp(const cn_scenario *s)
{
    for (int b = 0; b < s->n_blocs; b++)
        if (s->blocs[b].camp)
            return 1;
    return 0;
}

int cn_events_coalition(cn_world *w, int victim, int perpetrator, unsigned char *accusers)
{
    unsigned char *pside = w->side_b;
    memset(accusers, 0, (size_t)w->n);
    /* public attribution names an adversary: with camps, only a camp's member */
    if (victim < 0 || (any_camp(w->s) && !in_camp(w, perpetrator)))
        return 0;
    cn_events_side(w, perpetrator, pside);
    int lead = -1;
    if (!pside[victim] && cn_events_attributes(w, victim)) {
        lead = victim;
    } else {
        /* the victim's closest camp partner that attributes publicly:
         * largest tie[v][a] c_a */
        double best = 0.0;
        size_t na = (size_t)w->na;
        for (int a = 0; a < w->n; a++) {
            if (a == victim || pside[a] || !cn_events_attributes(w, a)
                || !share_camp(w, victim, a))
                continue;
            double v = w->tie[(size_t)victim * na + (size_t)a] * w->cap[a];
            if (lead < 0 || v > best) {
                best = v;
                lead = a;
            }
        }
    }
    if (lead < 0)
        return 0;
    int k = 0;
    for (int a = 0; a < w->n; a++)
        if (a == lead || (!pside[a] && cn_events_attributes(w, a) && share_camp(w, lead, a))) {
            accusers[a] = 1;
            k++;
        }
    return k;
}

/* tie[i][j] and tie[j][i] *= keep, with the cached b_ij (b_ij = tie_ij c_j,
 * as cn_world_refresh_ties computes them; the campaign leaders' columns it
 * recomputes on every call) refreshed when they are otherwise up to date,
 * so an incident does not force a recompute of all na*na of them. */
static void cut_tie(cn_world *w, int i, int j, double keep_ij, double keep_ji)
{
    size_t na = (size_t)w->na, ii = (size_t)i, jj = (size_t)j;
    w->tie[ii * na + jj] *= keep_ij;
    w->tie[jj * na + ii] *= keep_ji;
    if (!w->ties_dirty) {
        w->base[ii * na + jj] = w->tie[ii * na + jj] * w->cap[j];
        w->base[jj * na + ii] = w->tie[jj * na + ii] * w->cap[i];
    }
}

void cn_events_apply(cn_world *w, int victim, int perpetrator, const unsigned char *accusers)
{
    const cn_events_params *e = &w->s->events;
    int fd = w->s->dim_form, d = w->d, n = w->n;
    unsigned char *vside = w->side_a, *accused = w->side_b;
    if (victim >= 0) {
        cn_events_side(w, victim, vside);
        w->incidents++;
    } else {
        memset(vside, 0, (size_t)n);
    }
    int any = 0;
    if (accusers != NULL)
        for (int i = 0; i < n && !any; i++)
            any = accusers[i];
    for (int i = 0; i < n; i++) {
        if (vside[i] && fd >= 0 && victim >= 0)
            w->x[i * d + fd] += e->shock * (1.0 - w->x[i * d + fd]);
        if (vside[i] || (accusers != NULL && accusers[i]))
            w->pressure[i] += e->urgency;
    }
    if (!any || accusers == NULL)
        return;
    w->attributions++;
    /* the accused: the perpetrator and its camp, less accusers and victims */
    cn_events_side(w, perpetrator, accused);
    for (int j = 0; j < n; j++)
        if (accusers[j] || vside[j])
            accused[j] = 0;
    accused[perpetrator] = 1;
    /* the accused side as a list (w->si, capacity >= n): each tie between
     * the sides is multiplied once, whatever the order */
    int *list = w->si, k = 0;
    for (int j = 0; j < n; j++)
        if (accused[j])
            list[k++] = j;
    double keep = 1.0 - e->shame, heard = 1.0 - e->audience * e->shame;
    for (int i = 0; i < n; i++) {
        if (accused[i])
            continue;
        if (accusers[i]) {
            for (int t = 0; t < k; t++)
                cut_tie(w, i, list[t], keep, keep);
        } else if (heard < 1.0 && !vside[i] && !in_camp(w, i)) {
            /* the audience, states in no camp, listen less to the accused */
            for (int t = 0; t < k; t++)
                cut_tie(w, i, list[t], heard, 1.0);
        }
    }
}

void cn_events_incident(cn_world *w, int victim, int perpetrator)
{
    if (perpetrator < 0) {
        cn_events_apply(w, victim, -1, NULL);
        return;
    }
    unsigned char *acc = w->accusers;
    if (cn_events_coalition(w, victim, perpetrator, acc) == 0) {
        cn_events_apply(w, victim, -1, NULL);
        return;
    }
    cn_events_apply(w, victim, perpetrator, acc);
}

/* The scripted events of this round, in the scenario's order. */
static void scripted(cn_world *w)
{
    const cn_scenario *s = w->s;
    for (int k = 0; k < s->events.n_script; k++) {
        const cn_script_event *x = &s->events.script[k];
        if (x->round != w->round)
            continue;
        memset(w->accusers, 0, (size_t)w->n);
        for (int t = 0; t < x->n_attributors; t++)
            w->accusers[x->attributors[t]] = 1;
        int victim = x->kind == CN_EVENT_INCIDENT ? x->victim : -1;
        cn_events_apply(w, victim, x->perpetrator, w->accusers);
        cn_world_trace(w, CN_TRACE_INCIDENT, -1, x->kind == CN_EVENT_INCIDENT ? 1 : 2,
                       x->victim, x->n_attributors > 0 ? x->perpetrator : -1, NULL);
    }
}

void cn_events_round(cn_world *w, gsl_rng *r)
{
    const cn_events_params *e = &w->s->events;
    double keep = 1.0 - e->pressure_decay;
    for (int i = 0; i < w->n; i++)
        w->pressure[i] *= keep;
    if (w->s->events.n_script > 0)
        scripted(w);
    if (e->incident_rate <= 0.0)
        return;
    unsigned int k = gsl_ran_poisson(r, e->incident_rate);
    for (unsigned int m = 0; m < k; m++) {
        /* three uniforms per incident, whatever happens */
        int perpetrator = cn_events_draw_perpetrator(w, r);
        int victim = perpetrator >= 0 ? cn_events_draw_victim(w, r, perpetrator) : -1;
        if (perpetrator < 0)
            (void)gsl_rng_uniform(r);
        int attributed = gsl_rng_uniform(r) < e->attribution;
        if (victim < 0)
            continue; /* nobody to hit: no incident */
        int named = attributed && cn_events_coalition(w, victim, perpetrator, w->accusers) > 0;
        cn_events_apply(w, victim, perpetrator, named ? w->accusers : NULL);
        cn_world_trace(w, CN_TRACE_INCIDENT, -1, 0, victim, named ? perpetrator : -1, NULL);
    }
}
