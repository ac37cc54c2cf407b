/* chart.c - standalone charts drawn with cairo (cn_chart.h).
 *
 * A canvas is an atomic file (cn_afile) with a cairo surface writing into
 * its stream: PNG through an image surface written at the end, SVG and
 * PDF through stream surfaces.  Drawing is in chart units (720 x 450);
 * the PNG surface is scaled by CN_CHART_PNG_SCALE.  Text uses cairo's
 * font selection ("DejaVu Sans", through fontconfig).  A failed cairo
 * status or stream aborts the file: nothing half-written is left.
 */
#include "cn_chart.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cairo-pdf.h>
#include <cairo-svg.h>
#include <cairo.h>
#include <fontconfig/fontconfig.h>

#include "cn_error.h"
#include "cn_output.h"

#define FONT "DejaVu Sans"
#define FS_TITLE 17.0
#define FS_SUB 12.5
#define FS_TEXT 13.0
#define FS_SMALL 12.0
#define PI 3.14159265358979323846

/* Okabe and Ito's colour-blind-safe palette (as cn_svg_palette). */
static const double BLUE[3] = {0.0, 0.447, 0.698};
static const double VERMILLION[3] = {0.835, 0.369, 0.0};
static const double GREY[3] = {0.45, 0.45, 0.45};
static const double INK[3] = {0.1, 0.1, 0.1};

int cn_chart_format_of(const char *path, cn_chart_format *out)
{
    const char *dot = path != NULL ? strrchr(path, '.') : NULL;
    if (dot == NULL)
        return CN_EINPUT;
    if (strcmp(dot, ".png") == 0)
        *out = CN_CHART_PNG;
    else if (strcmp(dot, ".svg") == 0)
        *out = CN_CHART_SVG;
    else if (strcmp(dot, ".pdf") == 0)
        *out = CN_CHART_PDF;
    else
        return CN_EINPUT;
    return CN_OK;
}

void cn_chart_release(void)
{
    cairo_debug_reset_static_data();
    FcFini();
}

/* ---- nice numbers ------------------------------------------------------------ */

/* The nice number nearest x: 1, 2, 5 or 10 x 10^k. */
static double nice(double x)
{
    double e = floor(log10(x)), f = x / pow(10.0, e);
    double nf = f < 1.5 ? 1.0 : f < 3.0 ? 2.0 : f < 7.0 ? 5.0 : 10.0;
    return nf * pow(10.0, e);
}

int cn_chart_ticks(double lo, double hi, int want, double *first, double *step, double *last)
{
    if (!isfinite(lo) || !isfinite(hi))
        return 0;
    if (hi < lo) {
        double t = lo;
        lo = hi;
        hi = t;
    }
    if (hi - lo < 1e-12 * (fabs(lo) + fabs(hi)) || hi == lo) {
        double pad = lo != 0.0 ? fabs(lo) * 0.1 : 1.0;
        lo -= pad;
        hi += pad;
    }
    if (want < 2)
        want = 2;
    double d = nice((hi - lo) / (want - 1));
    *step = d;
    *first = floor(lo / d) * d;
    *last = ceil(hi / d) * d;
    return (int)floor((*last - *first) / d + 0.5) + 1;
}

/* Decimals that show a tick step exactly. */
static int step_decimals(double step)
{
    int d = 0;
    while (d < 8 && fabs(step * pow(10.0, d) - floor(step * pow(10.0, d) + 0.5)) > 1e-6)
        d++;
    return d;
}

/* ---- the canvas --------------------------------------------------------------- */

typedef struct {
    cn_afile *af;
    FILE *f;
    cn_chart_format fmt;
    cairo_surface_t *surf;
    cairo_t *cr;
} canvas;

static cairo_status_t write_cb(void *closure, const unsigned char *data, unsigned int len)
{
    FILE *f = closure;
    return fwrite(data, 1, len, f) == len ? CAIRO_STATUS_SUCCESS : CAIRO_STATUS_WRITE_ERROR;
}

static int canvas_open(canvas *c, const char *path)
{
    memset(c, 0, sizeof *c);
    if (cn_chart_format_of(path, &c->fmt) != CN_OK)
        return CN_EINPUT;
    if (cn_afile_open(path, &c->af) != CN_OK)
        return CN_EIO;
    c->f = cn_afile_stream(c->af);
    switch (c->fmt) {
    case CN_CHART_PNG:
        c->surf = cairo_image_surface_create(CAIRO_FORMAT_ARGB32,
                                             (int)(CN_CHART_WIDTH * CN_CHART_PNG_SCALE),
                                             (int)(CN_CHART_HEIGHT * CN_CHART_PNG_SCALE));
        break;
    case CN_CHART_SVG:
        c->surf = cairo_svg_surface_create_for_stream(write_cb, c->f, CN_CHART_WIDTH, CN_CHART_HEIGHT);
        break;
    default:
        c->surf = cairo_pdf_surface_create_for_stream(write_cb, c->f, CN_CHART_WIDTH, CN_CHART_HEIGHT);
        break;
    }
    c->cr = cairo_create(c->surf);
    if (cairo_status(c->cr) != CAIRO_STATUS_SUCCESS) {
        cairo_destroy(c->cr);
        cairo_surface_destroy(c->surf);
        cn_afile_abort(c->af);
        return CN_ENOMEM;
    }
    if (c->fmt == CN_CHART_PNG)
        cairo_scale(c->cr, CN_CHART_PNG_SCALE, CN_CHART_PNG_SCALE);
    cairo_set_source_rgb(c->cr, 1, 1, 1);
    cairo_paint(c->cr);
    cairo_select_font_face(c->cr, FONT, CAIRO_FONT_SLANT_NORMAL, CAIRO_FONT_WEIGHT_NORMAL);
    return CN_OK;
}

static int canvas_close(canvas *c)
{
    int ok = cairo_status(c->cr) == CAIRO_STATUS_SUCCESS;
    cairo_destroy(c->cr);
    if (ok && c->fmt == CN_CHART_PNG)
        ok = cairo_surface_write_to_png_stream(c->surf, write_cb, c->f) == CAIRO_STATUS_SUCCESS;
    cairo_surface_finish(c->surf);
    ok = ok && cairo_surface_status(c->surf) == CAIRO_STATUS_SUCCESS;
    cairo_surface_destroy(c->surf);
    if (!ok) {
        cn_afile_abort(c->af);
        return CN_EIO;
    }
    return cn_afile_commit(c->af);
}

/* ---- drawing helpers ---------------------------------------------------------- */

static void rgb(cairo_t *cr, const double *c)
{
    cairo_set_source_rgb(cr, c[0], c[1], c[2]);
}

static double text_width(cairo_t *cr, double size, int bold, const char *s)
{
    cairo_select_font_face(cr, FONT, CAIRO_FONT_SLANT_NORMAL,
                           bold ? CAIRO_FONT_WEIGHT_BOLD : CAIRO_FONT_WEIGHT_NORMAL);
    cairo_set_font_size(cr, size);
    cairo_text_extents_t e;
    cairo_text_extents(cr, s, &e);
    return e.x_advance;
}

/* Text at (x, y) (the baseline), align 0 left, 0.5 centre, 1 right. */
static void text(cairo_t *cr, double x, double y, double size, int bold, double align,
                 const double *colour, const char *s)
{
    double w = text_width(cr, size, bold, s);
    rgb(cr, colour);
    cairo_move_to(cr, x - align * w, y);
    cairo_show_text(cr, s);
}

/* s cut (with "...") to at most max_w wide, into buf. */
static const char *fit(cairo_t *cr, double size, const char *s, double max_w, char *buf,
                       size_t cap)
{
    snprintf(buf, cap, "%s", s);
    size_t n = strlen(buf);
    while (n > 4 && text_width(cr, size, 0, buf) > max_w) {
        n--;
        while (n > 0 && ((unsigned char)buf[n] & 0xC0) == 0x80)
            n--; /* not inside a UTF-8 character */
        memcpy(buf + n, "...", 4);
    }
    return buf;
}

static void titles(cairo_t *cr, const cn_chart_text *tx)
{
    char buf[256];
    text(cr, 20, 30, FS_TITLE, 1, 0, INK, fit(cr, FS_TITLE, tx->title, CN_CHART_WIDTH - 40, buf,
                                              sizeof buf));
    if (tx->subtitle != NULL)
        text(cr, 20, 50, FS_SUB, 0, 0, GREY,
             fit(cr, FS_SUB, tx->subtitle, CN_CHART_WIDTH - 40, buf, sizeof buf));
    if (tx->note != NULL)
        text(cr, 20, CN_CHART_HEIGHT - 12, FS_SMALL, 0, 0, GREY,
             fit(cr, FS_SMALL, tx->note, CN_CHART_WIDTH - 40, buf, sizeof buf));
}

typedef struct {
    double x, y, w, h;       /* plot area */
    double x0, x1, y0, y1;   /* data range */
} frame;

static double px(const frame *a, double v)
{
    return a->x + (v - a->x0) / (a->x1 - a->x0) * a->w;
}

static double py(const frame *a, double v)
{
    return a->y + a->h - (v - a->y0) / (a->y1 - a->y0) * a->h;
}

/* A numeric axis with grid lines: horizontal (x) or vertical (y). */
static void axis(cairo_t *cr, const frame *a, int horizontal, double first, double step,
                 int n, const char *label)
{
    int dec = step_decimals(step);
    cairo_set_line_width(cr, 0.6);
    for (int i = 0; i < n; i++) {
        double v = first + i * step;
        char b[48];
        snprintf(b, sizeof b, "%.*f", dec, fabs(v) < step * 1e-9 ? 0.0 : v);
        cairo_set_source_rgb(cr, 0.88, 0.88, 0.88);
        if (horizontal) {
            double x = px(a, v);
            cairo_move_to(cr, x, a->y);
            cairo_line_to(cr, x, a->y + a->h);
            cairo_stroke(cr);
            text(cr, x, a->y + a->h + 17, FS_SMALL, 0, 0.5, INK, b);
        } else {
            double y = py(a, v);
            cairo_move_to(cr, a->x, y);
            cairo_line_to(cr, a->x + a->w, y);
            cairo_stroke(cr);
            text(cr, a->x - 6, y + 4, FS_SMALL, 0, 1, INK, b);
        }
    }
    if (label == NULL)
        return;
    if (horizontal) {
        text(cr, a->x + a->w / 2, a->y + a->h + 37, FS_TEXT, 0, 0.5, INK, label);
    } else {
        cairo_save(cr);
        cairo_translate(cr, a->x - 52, a->y + a->h / 2);
        cairo_rotate(cr, -PI / 2);
        text(cr, 0, 0, FS_TEXT, 0, 0.5, INK, label);
        cairo_restore(cr);
    }
}

static void box_outline(cairo_t *cr, const frame *a)
{
    cairo_set_source_rgb(cr, 0.3, 0.3, 0.3);
    cairo_set_line_width(cr, 0.8);
    cairo_rectangle(cr, a->x, a->y, a->w, a->h);
    cairo_stroke(cr);
}

/* ---- difference from the baseline -------------------------------------------- */

int cn_chart_diff(const char *path, const cn_chart_text *tx, const char *axis_label, int n,
                  const char *const *names, const double *est, const double *lo,
                  const double *hi, const int *sig, int decimals)
{
    if (n < 1)
        return CN_EINPUT;
    canvas c;
    int rc = canvas_open(&c, path);
    if (rc != CN_OK)
        return rc;
    cairo_t *cr = c.cr;
    titles(cr, tx);
    double vmin = 0.0, vmax = 0.0, lw = 0.0;
    for (int i = 0; i < n; i++) {
        const double v[3] = {est[i], lo[i], hi[i]};
        for (int q = 0; q < 3; q++)
            if (isfinite(v[q])) {
                vmin = v[q] < vmin ? v[q] : vmin;
                vmax = v[q] > vmax ? v[q] : vmax;
            }
        double w = text_width(cr, FS_TEXT, 0, names[i]);
        lw = w > lw ? w : lw;
    }
    if (lw > 260)
        lw = 260;
    double first = 0.0, step = 1.0, last = 1.0;
    int nt = cn_chart_ticks(vmin, vmax, 6, &first, &step, &last);
    frame a = {lw + 30, 70, CN_CHART_WIDTH - lw - 30 - 30, CN_CHART_HEIGHT - 70 - 70, first, last, 0, 1};
    axis(cr, &a, 1, first, step, nt, axis_label);
    /* zero */
    cairo_set_source_rgb(cr, 0.2, 0.2, 0.2);
    cairo_set_line_width(cr, 1.2);
    double dash[] = {5.0, 3.0};
    cairo_set_dash(cr, dash, 2, 0);
    cairo_move_to(cr, px(&a, 0.0), a.y);
    cairo_line_to(cr, px(&a, 0.0), a.y + a.h);
    cairo_stroke(cr);
    cairo_set_dash(cr, NULL, 0, 0);
    double rh = a.h / n, fs = rh < 16 ? (rh < 10 ? 8.0 : rh - 4) : FS_TEXT;
    for (int i = 0; i < n; i++) {
        double y = a.y + (i + 0.5) * rh;
        char buf[256];
        text(cr, a.x - 8, y + fs * 0.35, fs, 0, 1, INK, fit(cr, fs, names[i], lw, buf, sizeof buf));
        if (!isfinite(est[i])) {
            text(cr, px(&a, 0.0) + 6, y + 4, FS_SMALL, 0, 0, GREY, "n/a");
            continue;
        }
        if (isfinite(lo[i]) && isfinite(hi[i])) {
            rgb(cr, BLUE);
            cairo_set_line_width(cr, 2.2);
            cairo_move_to(cr, px(&a, lo[i]), y);
            cairo_line_to(cr, px(&a, hi[i]), y);
            cairo_stroke(cr);
            for (int e = 0; e < 2; e++) {
                double x = px(&a, e == 0 ? lo[i] : hi[i]);
                cairo_move_to(cr, x, y - 4);
                cairo_line_to(cr, x, y + 4);
                cairo_stroke(cr);
            }
        }
        double r = rh < 12 ? 3.0 : 5.0;
        cairo_arc(cr, px(&a, est[i]), y, r, 0, 2 * PI);
        if (sig[i]) {
            rgb(cr, BLUE);
            cairo_fill_preserve(cr);
        } else {
            cairo_set_source_rgb(cr, 1, 1, 1);
            cairo_fill_preserve(cr);
        }
        rgb(cr, BLUE);
        cairo_set_line_width(cr, 1.6);
        cairo_stroke(cr);
        if (rh >= 14) {
            char v[48];
            snprintf(v, sizeof v, "%+.*f", decimals, fabs(est[i]) < 0.5 * pow(10, -decimals) ? 0.0 : est[i]);
            double xr = isfinite(hi[i]) ? px(&a, hi[i]) : px(&a, est[i]);
            if (xr + 50 < a.x + a.w)
                text(cr, xr + 6, y - 4, FS_SMALL - 1, 0, 0, GREY, v);
        }
    }
    box_outline(cr, &a);
    return canvas_close(&c);
}

/* ---- heatmap -------------------------------------------------------------------- */

/* A sequential colour (viridis-like) for t in [0, 1]. */
static void ramp(double t, double *out)
{
    static const double stops[5][3] = {{0.267, 0.005, 0.329}, {0.231, 0.322, 0.545},
                                       {0.129, 0.569, 0.549}, {0.369, 0.788, 0.384},
                                       {0.993, 0.906, 0.144}};
    t = t < 0 ? 0 : t > 1 ? 1 : t;
    double s = t * 4.0;
    int i = (int)floor(s);
    if (i >= 4)
        i = 3;
    double u = s - i;
    for (int k = 0; k < 3; k++)
        out[k] = stops[i][k] + u * (stops[i + 1][k] - stops[i][k]);
}

int cn_chart_heatmap(const char *path, const cn_chart_text *tx, const char *xlabel, int nx,
                     const char *const *xlevels, const char *ylabel, int ny,
                     const char *const *ylevels, const double *z, const char *zlabel,
                     int decimals)
{
    if (nx < 1 || ny < 1)
        return CN_EINPUT;
    canvas c;
    int rc = canvas_open(&c, path);
    if (rc != CN_OK)
        return rc;
    cairo_t *cr = c.cr;
    titles(cr, tx);
    double zmin = INFINITY, zmax = -INFINITY, lw = 0.0;
    for (int i = 0; i < nx * ny; i++)
        if (isfinite(z[i])) {
            zmin = z[i] < zmin ? z[i] : zmin;
            zmax = z[i] > zmax ? z[i] : zmax;
        }
    for (int j = 0; j < ny; j++) {
        double w = text_width(cr, FS_TEXT, 0, ylevels[j]);
        lw = w > lw ? w : lw;
    }
    if (lw > 160)
        lw = 160;
    frame a = {lw + 60, 70, CN_CHART_WIDTH - lw - 60 - 130, CN_CHART_HEIGHT - 70 - 75, 0, nx, 0, ny};
    double cw = a.w / nx, ch = a.h / ny;
    for (int j = 0; j < ny; j++)
        for (int i = 0; i < nx; i++) {
            double v = z[(size_t)j * (size_t)nx + (size_t)i], col[3];
            double x = a.x + i * cw, y = a.y + (ny - 1 - j) * ch; /* first level at the bottom */
            if (isfinite(v))
                ramp(zmax > zmin ? (v - zmin) / (zmax - zmin) : 0.5, col);
            else
                col[0] = col[1] = col[2] = 0.85;
            rgb(cr, col);
            cairo_rectangle(cr, x, y, cw, ch);
            cairo_fill(cr);
            cairo_set_source_rgb(cr, 1, 1, 1);
            cairo_set_line_width(cr, 1.5);
            cairo_rectangle(cr, x, y, cw, ch);
            cairo_stroke(cr);
            char b[48];
            if (isfinite(v))
                snprintf(b, sizeof b, "%.*f", decimals, v);
            else
                snprintf(b, sizeof b, "n/a");
            double lum = 0.299 * col[0] + 0.587 * col[1] + 0.114 * col[2];
            const double white[3] = {1, 1, 1};
            double fs = ch < 30 || cw < 60 ? FS_SMALL : FS_TEXT + 1;
            text(cr, x + cw / 2, y + ch / 2 + fs * 0.35, fs, 1, 0.5, lum < 0.5 ? white : INK, b);
        }
    char buf[128];
    for (int i = 0; i < nx; i++)
        text(cr, a.x + (i + 0.5) * cw, a.y + a.h + 17, FS_SMALL, 0, 0.5, INK,
             fit(cr, FS_SMALL, xlevels[i], cw - 4, buf, sizeof buf));
    for (int j = 0; j < ny; j++)
        text(cr, a.x - 8, a.y + (ny - 1 - j + 0.5) * ch + 4, FS_SMALL, 0, 1, INK,
             fit(cr, FS_SMALL, ylevels[j], lw, buf, sizeof buf));
    text(cr, a.x + a.w / 2, a.y + a.h + 37, FS_TEXT, 0, 0.5, INK, xlabel);
    cairo_save(cr);
    cairo_translate(cr, a.x - lw - 22, a.y + a.h / 2);
    cairo_rotate(cr, -PI / 2);
    text(cr, 0, 0, FS_TEXT, 0, 0.5, INK, ylabel);
    cairo_restore(cr);
    /* colour bar */
    if (isfinite(zmin)) {
        double bx = a.x + a.w + 30, bw = 18;
        for (int s = 0; s < 100; s++) {
            double col[3];
            ramp(s / 99.0, col);
            rgb(cr, col);
            cairo_rectangle(cr, bx, a.y + a.h - (s + 1) * a.h / 100.0, bw, a.h / 100.0 + 0.5);
            cairo_fill(cr);
        }
        frame bar = {bx, a.y, bw, a.h, 0, 1, zmin, zmax > zmin ? zmax : zmin + 1};
        double first = 0.0, step = 1.0, last = 1.0;
        int nt = cn_chart_ticks(bar.y0, bar.y1, 5, &first, &step, &last);
        int dec = step_decimals(step);
        for (int i = 0; i < nt; i++) {
            double v = first + i * step;
            if (v < bar.y0 - 1e-12 || v > bar.y1 + 1e-12)
                continue;
            char b[48];
            snprintf(b, sizeof b, "%.*f", dec, v);
            double y = py(&bar, v);
            cairo_set_source_rgb(cr, 0.2, 0.2, 0.2);
            cairo_set_line_width(cr, 1);
            cairo_move_to(cr, bx + bw, y);
            cairo_line_to(cr, bx + bw + 4, y);
            cairo_stroke(cr);
            text(cr, bx + bw + 7, y + 4, FS_SMALL, 0, 0, INK, b);
        }
        text(cr, bx, a.y - 8, FS_SMALL, 0, 0, INK,
             fit(cr, FS_SMALL, zlabel, CN_CHART_WIDTH - bx - 4, buf, sizeof buf));
    }
    return canvas_close(&c);
}

/* ---- Sobol indices --------------------------------------------------------------- */

static void legend(cairo_t *cr, double x, double y, const double *colour, const char *label)
{
    rgb(cr, colour);
    cairo_rectangle(cr, x, y - 10, 14, 12);
    cairo_fill(cr);
    text(cr, x + 20, y, FS_SMALL, 0, 0, INK, label);
}

static void whisker(cairo_t *cr, double x, double ylo, double yhi)
{
    cairo_set_source_rgb(cr, 0.15, 0.15, 0.15);
    cairo_set_line_width(cr, 1.3);
    cairo_move_to(cr, x, ylo);
    cairo_line_to(cr, x, yhi);
    cairo_move_to(cr, x - 4, ylo);
    cairo_line_to(cr, x + 4, ylo);
    cairo_move_to(cr, x - 4, yhi);
    cairo_line_to(cr, x + 4, yhi);
    cairo_stroke(cr);
}

int cn_chart_sobol(const char *path, const cn_chart_text *tx, int k, const char *const *names,
                   const cn_gsa_sobol *s)
{
    if (k < 1)
        return CN_EINPUT;
    canvas c;
    int rc = canvas_open(&c, path);
    if (rc != CN_OK)
        return rc;
    cairo_t *cr = c.cr;
    titles(cr, tx);
    double vmin = 0.0, vmax = 1.0;
    for (int i = 0; i < k; i++) {
        const double v[6] = {s[i].s1, s[i].s1_lo, s[i].s1_hi, s[i].st, s[i].st_lo, s[i].st_hi};
        for (int q = 0; q < 6; q++)
            if (isfinite(v[q])) {
                vmin = v[q] < vmin ? v[q] : vmin;
                vmax = v[q] > vmax ? v[q] : vmax;
            }
    }
    double first = 0.0, step = 1.0, last = 1.0;
    int nt = cn_chart_ticks(vmin, vmax, 6, &first, &step, &last);
    frame a = {80, 75, CN_CHART_WIDTH - 80 - 30, CN_CHART_HEIGHT - 75 - 75, 0, k, first, last};
    axis(cr, &a, 0, first, step, nt, "index");
    double slot = a.w / k, bw = slot * 0.3 < 40 ? slot * 0.3 : 40;
    char buf[128];
    for (int i = 0; i < k; i++) {
        double cx = a.x + (i + 0.5) * slot;
        const double val[2] = {s[i].s1, s[i].st}, vlo[2] = {s[i].s1_lo, s[i].st_lo},
                     vhi[2] = {s[i].s1_hi, s[i].st_hi};
        for (int b = 0; b < 2; b++) {
            double x = cx + (b == 0 ? -bw - 2 : 2);
            if (!isfinite(val[b]))
                continue;
            rgb(cr, b == 0 ? BLUE : VERMILLION);
            double y0 = py(&a, 0.0), y1 = py(&a, val[b]);
            cairo_rectangle(cr, x, y1 < y0 ? y1 : y0, bw, fabs(y0 - y1));
            cairo_fill(cr);
            if (isfinite(vlo[b]) && isfinite(vhi[b]))
                whisker(cr, x + bw / 2, py(&a, vlo[b]), py(&a, vhi[b]));
        }
        text(cr, cx, a.y + a.h + 17, FS_SMALL, 0, 0.5, INK,
             fit(cr, FS_SMALL, names[i], slot - 4, buf, sizeof buf));
    }
    cairo_set_source_rgb(cr, 0.2, 0.2, 0.2);
    cairo_set_line_width(cr, 1);
    cairo_move_to(cr, a.x, py(&a, 0.0));
    cairo_line_to(cr, a.x + a.w, py(&a, 0.0));
    cairo_stroke(cr);
    box_outline(cr, &a);
    legend(cr, a.x + a.w - 250, a.y - 8, BLUE, "first order S1");
    legend(cr, a.x + a.w - 125, a.y - 8, VERMILLION, "total ST");
    return canvas_close(&c);
}

/* ---- PRIM trade-off -------------------------------------------------------------- */

int cn_chart_prim(const char *path, const cn_chart_text *tx, const cn_prim_result *r,
                  const char *const *names)
{
    if (r->n_steps < 1)
        return CN_EINPUT;
    canvas c;
    int rc = canvas_open(&c, path);
    if (rc != CN_OK)
        return rc;
    cairo_t *cr = c.cr;
    titles(cr, tx);
    double dmin = r->box_density;
    double dmax = dmin;
    for (int s = 0; s < r->n_steps; s++) {
        dmin = r->density[s] < dmin ? r->density[s] : dmin;
        dmax = r->density[s] > dmax ? r->density[s] : dmax;
    }
    double yf = 0, ys = 1, yl = 1, xf = 0, xs = 1, xl = 1;
    int ny = cn_chart_ticks(dmin, dmax, 6, &yf, &ys, &yl);
    int nx = cn_chart_ticks(0.0, 1.0, 6, &xf, &xs, &xl);
    frame a = {80, 70, CN_CHART_WIDTH - 80 - 250, CN_CHART_HEIGHT - 70 - 75, xf, xl, yf, yl};
    axis(cr, &a, 1, xf, xs, nx, "coverage (share of the cases of interest in the box)");
    axis(cr, &a, 0, yf, ys, ny, "density");
    rgb(cr, BLUE);
    cairo_set_line_width(cr, 1.5);
    for (int s = 0; s < r->n_steps; s++) {
        double x = px(&a, r->coverage[s]), y = py(&a, r->density[s]);
        if (s == 0)
            cairo_move_to(cr, x, y);
        else
            cairo_line_to(cr, x, y);
    }
    cairo_stroke(cr);
    for (int s = 0; s < r->n_steps; s++) {
        cairo_arc(cr, px(&a, r->coverage[s]), py(&a, r->density[s]), 2.5, 0, 2 * PI);
        cairo_fill(cr);
    }
    double bx = px(&a, r->box_coverage), by = py(&a, r->box_density);
    rgb(cr, VERMILLION);
    cairo_arc(cr, bx, by, 6, 0, 2 * PI);
    cairo_fill(cr);
    box_outline(cr, &a);
    /* the box */
    double tx0 = a.x + a.w + 16, ty = a.y + 10;
    char line[256], buf[256];
    text(cr, tx0, ty, FS_TEXT, 1, 0, VERMILLION, "chosen box");
    ty += 20;
    snprintf(line, sizeof line, "coverage %.2f, density %.2f", r->box_coverage, r->box_density);
    text(cr, tx0, ty, FS_SMALL, 0, 0, INK, line);
    ty += 17;
    snprintf(line, sizeof line, "%ld cases (support %.2f)", r->n_box, r->box_support);
    text(cr, tx0, ty, FS_SMALL, 0, 0, INK, line);
    ty += 22;
    int shown = 0;
    for (int i = 0; i < r->k && ty < a.y + a.h; i++) {
        if (!r->restricted[i])
            continue;
        snprintf(line, sizeof line, "%s: %.3g to %.3g", names[i], r->box_lo[i], r->box_hi[i]);
        text(cr, tx0, ty, FS_SMALL, 0, 0, INK, fit(cr, FS_SMALL, line, CN_CHART_WIDTH - tx0 - 8, buf,
                                                    sizeof buf));
        ty += 17;
        shown++;
    }
    if (shown == 0)
        text(cr, tx0, ty, FS_SMALL, 0, 0, GREY, "no input restricted");
    return canvas_close(&c);
}
