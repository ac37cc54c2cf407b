/* cn_chart.h - charts for a brief, as standalone PNG, SVG and PDF files,
 * drawn with cairo (docs/sweeps.md, "Charts").
 *
 * Why cairo: a real 2-D graphics library (anti-aliased drawing, text
 * through fontconfig and FreeType, one drawing code for raster PNG and
 * vector SVG and PDF), packaged by Debian (libcairo2-dev), callable from
 * C without a runtime.  The HTML report keeps its inline SVG (cn_svg.h).
 *
 * Every chart is 720 x 450 units (points in PDF and SVG; PNG at twice
 * that, 1440 x 900 pixels, for print), titled from the metric registry
 * by the caller, with axes on "nice" ticks (1, 2 or 5 times a power of
 * ten) and text of 12 to 17 units, readable at half an A4 width.  Files
 * are written atomically (cn_afile: a temporary file, then rename).
 * Writers never run the model and draw no random numbers.
 */
#ifndef CN_CHART_H
#define CN_CHART_H

#include "cn_gsa.h"
#include "cn_prim.h"

#define CN_CHART_WIDTH 720.0
#define CN_CHART_HEIGHT 450.0
#define CN_CHART_PNG_SCALE 2.0

typedef enum { CN_CHART_PNG = 0, CN_CHART_SVG, CN_CHART_PDF } cn_chart_format;

/* The format from path's extension (.png, .svg, .pdf); CN_OK or CN_EINPUT. */
int cn_chart_format_of(const char *path, cn_chart_format *out);

/* Nice ticks over [lo, hi] (after Heckbert 1990): a step of 1, 2 or 5 x
 * 10^k nearest (hi - lo) / (want - 1); *first and *last the outer ticks (covering
 * lo and hi).  Returns the number of ticks (0 when lo or hi is not
 * finite).  When lo == hi the range is widened around them. */
int cn_chart_ticks(double lo, double hi, int want, double *first, double *step, double *last);

/* Texts of a chart; subtitle and note may be NULL. */
typedef struct {
    const char *title;    /* e.g. the registry's label */
    const char *subtitle; /* e.g. the scenario and the design */
    const char *note;     /* a line under the plot, e.g. what the bars mean */
} cn_chart_text;

/* Difference from the baseline: one row per point (names), the estimate
 * as a dot (filled when sig[i]) with its interval as a bar, a line at 0.
 * NaN estimates are drawn as "n/a".  axis: the x axis title. */
int cn_chart_diff(const char *path, const cn_chart_text *tx, const char *axis, int n,
                  const char *const *names, const double *est, const double *lo,
                  const double *hi, const int *sig, int decimals);

/* A heatmap of a two-factor grid: z is ny rows (factor y levels) x nx
 * columns, NaN cells grey; each cell labelled with its value (decimals);
 * a colour bar titled zlabel. */
int cn_chart_heatmap(const char *path, const cn_chart_text *tx, const char *xlabel,
                     int nx, const char *const *xlevels, const char *ylabel, int ny,
                     const char *const *ylevels, const double *z, const char *zlabel,
                     int decimals);

/* Sobol indices: per factor a bar for S1 and one for ST with their
 * bootstrap intervals. */
int cn_chart_sobol(const char *path, const cn_chart_text *tx, int k, const char *const *names,
                   const cn_gsa_sobol *s);

/* PRIM's trade-off: density against coverage along the peeling
 * trajectory, the chosen box marked and its limits listed (names: k). */
int cn_chart_prim(const char *path, const cn_chart_text *tx, const cn_prim_result *r,
                  const char *const *names);

/* Frees cairo's and fontconfig's process-wide caches (fonts, patterns)
 * once no chart is being drawn, so a leak checker sees no leak; call at
 * the end of a command that drew charts.  Single-threaded. */
void cn_chart_release(void);

#endif
