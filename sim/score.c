/* score.c - proper scores and calibration of forecasts (cn_score.h). */
#include "cn_score.h"

#include <math.h>

static int selected(const cn_score_event *e, int select)
{
    return select == 0 || (select == 1 && e->fit) || (select == 2 && !e->fit);
}

static double clamp_p(double p)
{
    return p < CN_SCORE_EPS ? CN_SCORE_EPS : (p > 1.0 - CN_SCORE_EPS ? 1.0 - CN_SCORE_EPS : p);
}

double cn_score_base_rate(const cn_score_event *e, int n, int kind)
{
    int k = 0, yes = 0;
    for (int i = 0; i < n; i++)
        if (e[i].fit && e[i].kind == kind) {
            k++;
            yes += e[i].o != 0;
        }
    return k > 0 ? (double)yes / k : NAN;
}

void cn_score_summarise(const cn_score_event *e, int n, int select, cn_score_summary *out)
{
    double b = 0.0, bb = 0.0, l = 0.0, lb = 0.0;
    int k = 0;
    for (int i = 0; i < n; i++) {
        if (!selected(&e[i], select))
            continue;
        double base = cn_score_base_rate(e, n, e[i].kind);
        if (isnan(base))
            base = 0.5;
        double o = e[i].o ? 1.0 : 0.0;
        b += (e[i].p - o) * (e[i].p - o);
        bb += (base - o) * (base - o);
        l += log(e[i].o ? clamp_p(e[i].p) : 1.0 - clamp_p(e[i].p));
        lb += log(e[i].o ? clamp_p(base) : 1.0 - clamp_p(base));
        k++;
    }
    out->n = k;
    out->brier = k > 0 ? b / k : NAN;
    out->brier_base = k > 0 ? bb / k : NAN;
    out->skill = k > 0 && bb > 0.0 ? 1.0 - b / bb : NAN;
    out->log_score = k > 0 ? l / k : NAN;
    out->log_base = k > 0 ? lb / k : NAN;
}

void cn_score_calibrate(const cn_score_event *e, int n, int select, int bins,
                        cn_score_calibration *out)
{
    if (bins < 1)
        bins = 1;
    if (bins > CN_SCORE_MAX_BINS)
        bins = CN_SCORE_MAX_BINS;
    out->bins = bins;
    double sp[CN_SCORE_MAX_BINS] = {0}, so[CN_SCORE_MAX_BINS] = {0};
    for (int k = 0; k < bins; k++)
        out->count[k] = 0;
    for (int i = 0; i < n; i++) {
        if (!selected(&e[i], select))
            continue;
        int k = (int)(e[i].p * bins);
        if (k >= bins)
            k = bins - 1;
        if (k < 0)
            k = 0;
        out->count[k]++;
        sp[k] += e[i].p;
        so[k] += e[i].o ? 1.0 : 0.0;
    }
    for (int k = 0; k < bins; k++) {
        out->mean_p[k] = out->count[k] > 0 ? sp[k] / out->count[k] : NAN;
        out->observed[k] = out->count[k] > 0 ? so[k] / out->count[k] : NAN;
    }
}
