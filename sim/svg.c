/* svg.c - a small SVG writer for the HTML report (cn_svg.h): one element
 * per call, escaped text, fixed number formats so the same chart gives
 * the same bytes. */
#include "cn_svg.h"

#include <math.h>

#include "cn_error.h"

const char *cn_svg_palette(int i)
{
    static const char *const okabe_ito[] = {"#0072B2", "#D55E00", "#009E73", "#CC79A7",
                                            "#E69F00", "#56B4E9", "#000000"};
    if (i < 0)
        i = -i;
    return okabe_ito[i % 7];
}

void cn_svg_escape(FILE *f, const char *text)
{
    for (const char *p = text; *p != '\0'; p++) {
        switch (*p) {
        case '&': fputs("&amp;", f); break;
        case '<': fputs("&lt;", f); break;
        case '>': fputs("&gt;", f); break;
        case '"': fputs("&quot;", f); break;
        case '\'': fputs("&#39;", f); break;
        default: fputc(*p, f); break;
        }
    }
}

void cn_svg_begin(FILE *f, double w, double h, const char *title, const char *desc)
{
    fprintf(f, "<svg viewBox=\"0 0 %.0f %.0f\" "
               "width=\"%.0f\" height=\"%.0f\" role=\"img\" "
               "font-family=\"DejaVu Sans, Verdana, Arial, sans-serif\">\n<title>",
            w, h, w, h);
    cn_svg_escape(f, title);
    fputs("</title>\n", f);
    if (desc != NULL) {
        fputs("<desc>", f);
        cn_svg_escape(f, desc);
        fputs("</desc>\n", f);
    }
    fprintf(f, "<rect x=\"0\" y=\"0\" width=\"%.0f\" height=\"%.0f\" fill=\"#ffffff\"/>\n", w, h);
}

int cn_svg_end(FILE *f)
{
    fputs("</svg>\n", f);
    return ferror(f) ? CN_EIO : CN_OK;
}

static void paint(FILE *f, const char *fill, const char *stroke, double width)
{
    fprintf(f, " fill=\"%s\"", fill != NULL ? fill : "none");
    if (stroke != NULL)
        fprintf(f, " stroke=\"%s\" stroke-width=\"%.1f\"", stroke, width);
}

void cn_svg_rect(FILE *f, double x, double y, double w, double h, const char *fill,
                 const char *stroke)
{
    if (w < 0) {
        x += w;
        w = -w;
    }
    if (h < 0) {
        y += h;
        h = -h;
    }
    fprintf(f, "<rect x=\"%.1f\" y=\"%.1f\" width=\"%.1f\" height=\"%.1f\"", x, y, w, h);
    paint(f, fill, stroke, 1.0);
    fputs("/>\n", f);
}

void cn_svg_line(FILE *f, double x1, double y1, double x2, double y2, const char *stroke,
                 double width)
{
    fprintf(f, "<line x1=\"%.1f\" y1=\"%.1f\" x2=\"%.1f\" y2=\"%.1f\" stroke=\"%s\" "
               "stroke-width=\"%.1f\"/>\n", x1, y1, x2, y2, stroke, width);
}

void cn_svg_circle(FILE *f, double cx, double cy, double r, const char *fill,
                   const char *stroke, double width)
{
    fprintf(f, "<circle cx=\"%.1f\" cy=\"%.1f\" r=\"%.1f\"", cx, cy, r);
    paint(f, fill, stroke, width);
    fputs("/>\n", f);
}

void cn_svg_circle_titled(FILE *f, double cx, double cy, double r, const char *fill,
                          const char *stroke, double width, const char *title)
{
    fprintf(f, "<circle cx=\"%.1f\" cy=\"%.1f\" r=\"%.1f\"", cx, cy, r);
    paint(f, fill, stroke, width);
    fputs("><title>", f);
    cn_svg_escape(f, title);
    fputs("</title></circle>\n", f);
}

void cn_svg_diamond(FILE *f, double cx, double cy, double r, const char *fill,
                    const char *stroke, double width)
{
    fprintf(f, "<polygon points=\"%.1f,%.1f %.1f,%.1f %.1f,%.1f %.1f,%.1f\"", cx, cy - r,
            cx + r, cy, cx, cy + r, cx - r, cy);
    paint(f, fill, stroke, width);
    fputs("/>\n", f);
}

void cn_svg_arrow(FILE *f, double x1, double y1, double x2, double y2, const char *stroke,
                  double width)
{
    double dx = x2 - x1, dy = y2 - y1, len = sqrt(dx * dx + dy * dy);
    cn_svg_line(f, x1, y1, x2, y2, stroke, width);
    if (len < 1e-9)
        return;
    double ux = dx / len, uy = dy / len, head = 4.0 + 2.0 * width;
    double bx = x2 - head * ux, by = y2 - head * uy;
    fprintf(f, "<polygon points=\"%.1f,%.1f %.1f,%.1f %.1f,%.1f\" fill=\"%s\"/>\n", x2, y2,
            bx - 0.5 * head * uy, by + 0.5 * head * ux, bx + 0.5 * head * uy,
            by - 0.5 * head * ux, stroke);
}

void cn_svg_text(FILE *f, double x, double y, double size, const char *anchor, int bold,
                 const char *fill, double rotate, const char *text)
{
    fprintf(f, "<text x=\"%.1f\" y=\"%.1f\" font-size=\"%.0f\" text-anchor=\"%s\" fill=\"%s\"",
            x, y, size, anchor, fill);
    if (bold)
        fputs(" font-weight=\"bold\"", f);
    if (rotate != 0.0)
        fprintf(f, " transform=\"rotate(%.0f %.1f %.1f)\"", rotate, x, y);
    fputc('>', f);
    cn_svg_escape(f, text);
    fputs("</text>\n", f);
}

void cn_svg_label(FILE *f, double x, double y, double size, int bold, const char *text)
{
    fprintf(f, "<text x=\"%.1f\" y=\"%.1f\" font-size=\"%.0f\" fill=\"#000000\" "
               "stroke=\"#ffffff\" stroke-width=\"3\" paint-order=\"stroke\"%s>",
            x, y, size, bold ? " font-weight=\"bold\"" : "");
    cn_svg_escape(f, text);
    fputs("</text>\n", f);
}

double cn_svg_px(const cn_svg_axes *a, double x)
{
    double span = a->xmax - a->xmin;
    return a->x + (span > 0 ? (x - a->xmin) / span : 0.5) * a->w;
}

double cn_svg_py(const cn_svg_axes *a, double y)
{
    double span = a->ymax - a->ymin;
    return a->y + a->h - (span > 0 ? (y - a->ymin) / span : 0.5) * a->h;
}

/* A tick label: integers without decimals, else up to 3 significant digits. */
static void tick_label(double v, char *buf, size_t size)
{
    if (fabs(v - floor(v + 0.5)) < 1e-9 * (1.0 + fabs(v)))
        snprintf(buf, size, "%.0f", v);
    else
        snprintf(buf, size, "%.3g", v);
}

void cn_svg_axes_draw(FILE *f, const cn_svg_axes *a, int nx, int ny, const char *xlabel,
                      const char *ylabel, double fs)
{
    char buf[32];
    for (int t = 0; t <= nx && nx > 0; t++) {
        double v = a->xmin + (a->xmax - a->xmin) * t / nx;
        double px = cn_svg_px(a, v);
        cn_svg_line(f, px, a->y, px, a->y + a->h, "#dddddd", 1.0);
        tick_label(v, buf, sizeof buf);
        cn_svg_text(f, px, a->y + a->h + fs * 1.2, fs, "middle", 0, "#000000", 0.0, buf);
    }
    for (int t = 0; t <= ny && ny > 0; t++) {
        double v = a->ymin + (a->ymax - a->ymin) * t / ny;
        double py = cn_svg_py(a, v);
        cn_svg_line(f, a->x, py, a->x + a->w, py, "#dddddd", 1.0);
        tick_label(v, buf, sizeof buf);
        cn_svg_text(f, a->x - fs * 0.4, py + fs * 0.35, fs, "end", 0, "#000000", 0.0, buf);
    }
    fprintf(f, "<rect x=\"%.1f\" y=\"%.1f\" width=\"%.1f\" height=\"%.1f\" fill=\"none\" "
               "stroke=\"#000000\" stroke-width=\"1.5\"/>\n", a->x, a->y, a->w, a->h);
    if (xlabel != NULL)
        cn_svg_text(f, a->x + a->w / 2, a->y + a->h + fs * 2.6, fs, "middle", 1, "#000000", 0.0,
                    xlabel);
    if (ylabel != NULL)
        cn_svg_text(f, a->x - fs * 2.9, a->y + a->h / 2, fs, "middle", 1, "#000000", -90.0,
                    ylabel);
}
