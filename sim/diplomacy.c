/* diplomacy.c - Friedkin-Johnsen with bounded confidence (cn_diplomacy.h).
 * The cached b_ij (cn_world_refresh_ties) is recomputed only when ties
 * changed; the bounded-confidence mask depends on positions, so it is
 * applied here every round.  Synchronous: reads x, writes xnew, swaps. */
#include "cn_diplomacy.h"

#include <string.h>

void cn_diplomacy_round(cn_world *w)
{
    cn_world_refresh_ties(w);
    const int na = w->na, d = w->d;
    const double eps2 = w->s->model.epsilon * w->s->model.epsilon;
    const double *x = w->x;
    double acc[CN_MAX_DIMS];
    for (int i = 0; i < na; i++) {
        const double *xi = x + i * d;
        double *out = w->xnew + i * d;
        double r = w->stub[i];
        if (r >= 1.0) {
            /* holds its anchor: x_i = x0_i */
            memcpy(out, w->x0 + i * d, (size_t)d * sizeof(double));
            continue;
        }
        const double *b = w->base + (size_t)i * (size_t)na;
        double total = 0.0;
        for (int k = 0; k < d; k++)
            acc[k] = 0.0;
        for (int j = 0; j < na; j++) {
            double bij = b[j];
            if (bij <= 0.0)
                continue;
            const double *xj = x + j * d;
            double s = 0.0;
            for (int k = 0; k < d; k++) {
                double t = xi[k] - xj[k];
                s += t * t;
            }
            if (s >= eps2 && j != i)
                continue;
            total += bij;
            for (int k = 0; k < d; k++)
                acc[k] += bij * xj[k];
        }
        const double *a = w->x0 + i * d;
        for (int k = 0; k < d; k++) {
            double social = total > 0.0 ? acc[k] / total : xi[k];
            out[k] = r * a[k] + (1.0 - r) * social;
        }
    }
    double *t = w->x;
    w->x = w->xnew;
    w->xnew = t;
}
