/* cn_svg.h - a small SVG writer for the HTML report.
 *
 * Why not a plotting library: Debian has none that a C program can embed
 * without a runtime (gnuplot and matplotlib are separate programs with
 * their own dependencies; JavaScript chart libraries would need a
 * browser to draw and a network or a vendored copy).  Inline SVG is text,
 * renders in every browser, and keeps the report one self-contained file.
 *
 * Primitives write one element each to a stream; text is XML-escaped.
 * Coordinates are pixels with one decimal.  Errors are the stream's:
 * check with cn_svg_end (or ferror).  A cn_svg_axes maps data to pixels
 * for a plot area and draws the frame, grid, ticks and labels.
 */
#ifndef CN_SVG_H
#define CN_SVG_H

#include <stdio.h>

/* A colour-blind-safe palette (Okabe and Ito): colour i mod 7. */
const char *cn_svg_palette(int i);

/* Writes text with &, <, >, " and ' escaped. */
void cn_svg_escape(FILE *f, const char *text);

/* <svg ...> (for inline use in HTML: no xmlns) with a viewBox of w x h, a <title> and an optional <desc>. */
void cn_svg_begin(FILE *f, double w, double h, const char *title, const char *desc);
/* </svg>; CN_OK, or CN_EIO if the stream has failed. */
int cn_svg_end(FILE *f);

/* fill/stroke: a colour or "none"; stroke NULL: no stroke. */
void cn_svg_rect(FILE *f, double x, double y, double w, double h, const char *fill,
                 const char *stroke);
void cn_svg_line(FILE *f, double x1, double y1, double x2, double y2, const char *stroke,
                 double width);
void cn_svg_circle(FILE *f, double cx, double cy, double r, const char *fill,
                   const char *stroke, double width);
/* A circle with a title (shown on hover). */
void cn_svg_circle_titled(FILE *f, double cx, double cy, double r, const char *fill,
                          const char *stroke, double width, const char *title);
/* A diamond (a square turned 45 degrees) of half-diagonal r. */
void cn_svg_diamond(FILE *f, double cx, double cy, double r, const char *fill,
                    const char *stroke, double width);
/* An arrow from (x1, y1) to (x2, y2) with a small head. */
void cn_svg_arrow(FILE *f, double x1, double y1, double x2, double y2, const char *stroke,
                  double width);
/* anchor: "start", "middle" or "end"; bold: 0/1; rotate: degrees about (x, y). */
void cn_svg_text(FILE *f, double x, double y, double size, const char *anchor, int bold,
                 const char *fill, double rotate, const char *text);

/* Text with a white halo (readable over points and lines), anchor "start". */
void cn_svg_label(FILE *f, double x, double y, double size, int bold, const char *text);

typedef struct {
    double x, y, w, h;          /* plot area in pixels */
    double xmin, xmax, ymin, ymax;
} cn_svg_axes;

double cn_svg_px(const cn_svg_axes *a, double x);
double cn_svg_py(const cn_svg_axes *a, double y);

/* Frame, light grid and tick labels (nx, ny intervals; 0: none on that
 * axis), axis titles (NULL: none), font size fs. */
void cn_svg_axes_draw(FILE *f, const cn_svg_axes *a, int nx, int ny, const char *xlabel,
                      const char *ylabel, double fs);

#endif
