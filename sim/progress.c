/* progress.c - a progress bar on a terminal (cn_progress.h).
 *
 *   [##########..........]  4200/10000 runs  3512/s  ETA 1.7s
 *
 * Redrawn in place ("\r") at most every CN_PROGRESS_INTERVAL seconds of
 * CLOCK_MONOTONIC time, and always when done reaches total.  A disabled
 * bar writes nothing.  Not thread-safe: one caller at a time (the runner
 * calls it under its lock).
 */
#include "cn_progress.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#define CN_PROGRESS_INTERVAL 0.1 /* seconds between redraws */
#define CN_PROGRESS_BAR 30       /* characters inside the brackets */

struct cn_progress {
    FILE *out;
    char label[32];
    long total, done;
    int enabled;
    int drawn;          /* 1 after the first draw */
    int last_len;       /* length of the last line, to blank leftovers */
    double t0, t_draw;  /* start and last draw, seconds */
};

static double now_seconds(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + 1e-9 * (double)ts.tv_nsec;
}

cn_progress *cn_progress_start(FILE *out, const char *label, long total, int enabled)
{
    cn_progress *p = calloc(1, sizeof *p);
    if (p == NULL)
        return NULL;
    p->out = out;
    snprintf(p->label, sizeof p->label, "%s", label != NULL ? label : "");
    p->total = total > 0 ? total : 0;
    p->enabled = enabled && out != NULL;
    p->t0 = now_seconds();
    return p;
}

char *cn_progress_format_eta(double seconds, char *buf, int size)
{
    if (buf == NULL || size <= 0)
        return buf;
    if (!(seconds >= 0.0) || seconds > 1e9) { /* NaN, negative, absurd */
        snprintf(buf, (size_t)size, "--");
        return buf;
    }
    if (seconds < 59.95) {
        snprintf(buf, (size_t)size, "%.1fs", seconds);
        return buf;
    }
    long s = (long)(seconds + 0.5);
    if (s < 3600) {
        snprintf(buf, (size_t)size, "%ldm%02lds", s / 60, s % 60);
        return buf;
    }
    long m = (s + 30) / 60;
    snprintf(buf, (size_t)size, "%ldh%02ldm", m / 60, m % 60);
    return buf;
}

/* Draws the line for p->done; final: elapsed time instead of the ETA. */
static void draw(cn_progress *p, double t, int final)
{
    char line[256], eta[32], rate[32];
    double elapsed = t - p->t0;
    double frac = p->total > 0 ? (double)p->done / (double)p->total : 1.0;
    if (frac > 1.0)
        frac = 1.0;
    if (frac < 0.0)
        frac = 0.0;
    int fill = (int)(frac * CN_PROGRESS_BAR);
    char bar[CN_PROGRESS_BAR + 1];
    memset(bar, '#', (size_t)fill);
    memset(bar + fill, '.', (size_t)(CN_PROGRESS_BAR - fill));
    bar[CN_PROGRESS_BAR] = '\0';

    if (elapsed > 0.0 && p->done > 0)
        snprintf(rate, sizeof rate, "%.0f/s", (double)p->done / elapsed);
    else
        snprintf(rate, sizeof rate, "-/s");
    if (final) {
        cn_progress_format_eta(elapsed, eta, sizeof eta);
        snprintf(line, sizeof line, "\r[%s]  %ld/%ld %s  %s  in %s", bar, p->done, p->total,
                 p->label, rate, eta);
    } else {
        double left = p->done > 0 ? elapsed * (double)(p->total - p->done) / (double)p->done
                                  : NAN;
        cn_progress_format_eta(left, eta, sizeof eta);
        snprintf(line, sizeof line, "\r[%s]  %ld/%ld %s  %s  ETA %s", bar, p->done, p->total,
                 p->label, rate, eta);
    }
    int len = (int)strlen(line);
    /* Blank what a longer previous line left behind. */
    int pad = p->last_len > len ? p->last_len - len : 0;
    fprintf(p->out, "%s%*s", line, pad, "");
    fflush(p->out);
    p->last_len = len;
    p->drawn = 1;
    p->t_draw = t;
}

void cn_progress_update(cn_progress *p, long done)
{
    if (p == NULL)
        return;
    p->done = done;
    if (!p->enabled)
        return;
    double t = now_seconds();
    if (p->drawn && t - p->t_draw < CN_PROGRESS_INTERVAL && done < p->total)
        return;
    draw(p, t, 0);
}

void cn_progress_finish(cn_progress *p)
{
    if (p == NULL)
        return;
    if (p->enabled) {
        draw(p, now_seconds(), 1);
        fputc('\n', p->out);
        fflush(p->out);
    }
    free(p);
}
