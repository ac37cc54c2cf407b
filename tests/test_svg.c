/* test_svg.c - the SVG writer (cn_svg.h): escaping, the data-to-pixel
 * mapping by hand, element output, the palette, axes, and a failed
 * stream. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "cn_error.h"
#include "cn_svg.h"

static int near(double a, double b)
{
    return fabs(a - b) < 1e-12;
}

/* Runs the writer into a memory stream and returns what it wrote. */
typedef struct {
    FILE *f;
    char *buf;
    size_t len;
} mem;

static void mem_open(mem *m)
{
    m->buf = NULL;
    m->len = 0;
    m->f = open_memstream(&m->buf, &m->len);
    assert_non_null(m->f);
}

static char *mem_close(mem *m)
{
    assert_int_equal(fclose(m->f), 0);
    return m->buf;
}

static void test_svg_escape(void **state)
{
    (void)state;
    mem m;
    mem_open(&m);
    cn_svg_escape(m.f, "<a href=\"x\"> & 'b'");
    char *t = mem_close(&m);
    assert_string_equal(t, "&lt;a href=&quot;x&quot;&gt; &amp; &#39;b&#39;");
    free(t);
}

/* Plot area x 100..300 for 0..1: 0.25 -> 150.  y 50..150 (h 100) for
 * 0..2: 0.5 -> 150 - 25 = 125.  A zero span maps to the centre. */
static void test_svg_mapping_by_hand(void **state)
{
    (void)state;
    cn_svg_axes a = {.x = 100, .y = 50, .w = 200, .h = 100, .xmin = 0, .xmax = 1, .ymin = 0,
                     .ymax = 2};
    assert_true(near(cn_svg_px(&a, 0.25), 150.0));
    assert_true(near(cn_svg_px(&a, 1.0), 300.0));
    assert_true(near(cn_svg_py(&a, 0.5), 125.0));
    assert_true(near(cn_svg_py(&a, 2.0), 50.0));
    assert_true(near(cn_svg_py(&a, 0.0), 150.0));
    a.xmax = 0;
    a.ymax = 0;
    assert_true(near(cn_svg_px(&a, 7.0), 200.0));
    assert_true(near(cn_svg_py(&a, 7.0), 100.0));
}

static void test_svg_palette(void **state)
{
    (void)state;
    assert_string_equal(cn_svg_palette(0), "#0072B2");
    assert_string_equal(cn_svg_palette(1), "#D55E00");
    assert_string_equal(cn_svg_palette(7), cn_svg_palette(0));
    assert_string_equal(cn_svg_palette(-1), cn_svg_palette(1));
    for (int i = 0; i < 7; i++)
        for (int j = 0; j < i; j++)
            assert_string_not_equal(cn_svg_palette(i), cn_svg_palette(j));
}

static void test_svg_elements(void **state)
{
    (void)state;
    mem m;
    mem_open(&m);
    cn_svg_begin(m.f, 300, 200, "a & b", "c < d");
    cn_svg_rect(m.f, 10, 20, -5, -10, "#ff0000", NULL);
    cn_svg_line(m.f, 1, 2, 3, 4, "#000000", 1.5);
    cn_svg_circle(m.f, 5, 6, 7, "none", "#00ff00", 2);
    cn_svg_diamond(m.f, 10, 10, 2, "#F0E442", "#000000", 1);
    cn_svg_text(m.f, 1, 2, 18, "middle", 1, "#000000", -90, "x<y");
    cn_svg_arrow(m.f, 0, 0, 10, 0, "#000000", 1);
    cn_svg_arrow(m.f, 3, 3, 3, 3, "#111111", 1);
    assert_int_equal(cn_svg_end(m.f), CN_OK);
    char *t = mem_close(&m);
    assert_non_null(strstr(t, "<svg viewBox=\"0 0 300 200\" width=\"300\" height=\"200\""));
    assert_non_null(strstr(t, "<title>a &amp; b</title>\n<desc>c &lt; d</desc>"));
    /* a negative size is turned round */
    assert_non_null(strstr(t, "<rect x=\"5.0\" y=\"10.0\" width=\"5.0\" height=\"10.0\" "
                              "fill=\"#ff0000\"/>"));
    assert_non_null(strstr(t, "<line x1=\"1.0\" y1=\"2.0\" x2=\"3.0\" y2=\"4.0\" "
                              "stroke=\"#000000\" stroke-width=\"1.5\"/>"));
    assert_non_null(strstr(t, "<circle cx=\"5.0\" cy=\"6.0\" r=\"7.0\" fill=\"none\" "
                              "stroke=\"#00ff00\" stroke-width=\"2.0\"/>"));
    assert_non_null(strstr(t, "<polygon points=\"10.0,8.0 12.0,10.0 10.0,12.0 8.0,10.0\""));
    assert_non_null(strstr(t, "font-weight=\"bold\" transform=\"rotate(-90 1.0 2.0)\">x&lt;y"
                              "</text>"));
    /* arrow head: head 6 long, 3 wide at its base, at (10, 0) */
    assert_non_null(strstr(t, "<polygon points=\"10.0,0.0 4.0,3.0 4.0,-3.0\" fill=\"#000000\"/>"));
    /* a zero-length arrow draws no head */
    assert_null(strstr(t, "fill=\"#111111\""));
    /* inline SVG for HTML: no namespace URL, nothing external */
    assert_null(strstr(t, "http"));
    size_t n = strlen(t);
    assert_true(n > 7 && strcmp(t + n - 7, "</svg>\n") == 0);
    free(t);
}

static void test_svg_axes(void **state)
{
    (void)state;
    mem m;
    mem_open(&m);
    cn_svg_axes a = {.x = 100, .y = 50, .w = 200, .h = 100, .xmin = 0, .xmax = 1, .ymin = 0,
                     .ymax = 40};
    cn_svg_axes_draw(m.f, &a, 4, 2, "scope", "members", 10);
    char *t = mem_close(&m);
    /* x ticks 0, 0.25, 0.5, 0.75, 1; y ticks 0, 20, 40 */
    assert_non_null(strstr(t, ">0.25</text>"));
    assert_non_null(strstr(t, ">0.75</text>"));
    assert_non_null(strstr(t, ">20</text>"));
    assert_non_null(strstr(t, ">40</text>"));
    assert_non_null(strstr(t, ">scope</text>"));
    assert_non_null(strstr(t, "rotate(-90"));
    assert_non_null(strstr(t, ">members</text>"));
    free(t);
}

static void test_svg_failed_stream(void **state)
{
    (void)state;
    FILE *f = fopen("tests/test_svg.c", "r"); /* writes fail */
    assert_non_null(f);
    cn_svg_begin(f, 10, 10, "t", NULL);
    assert_int_equal(cn_svg_end(f), CN_EIO);
    fclose(f);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_svg_escape),
        cmocka_unit_test(test_svg_mapping_by_hand),
        cmocka_unit_test(test_svg_palette),
        cmocka_unit_test(test_svg_elements),
        cmocka_unit_test(test_svg_axes),
        cmocka_unit_test(test_svg_failed_stream),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
