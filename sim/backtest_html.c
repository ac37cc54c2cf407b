/* backtest_html.c - the backtest as an HTML page (cn_backtest_html.h). */
#include "cn_backtest_html.h"

#include <math.h>

#include "cn_output.h"
#include "cn_report.h"
#include "cn_svg.h"
#include "cn_world.h"

#define BH_FONT 18.0
#define BH_TARGET 0.6          /* the bar: P(real outcome) >= 0.6 */
#define BH_FIT "#0072B2"       /* cn_svg_palette(0) */
#define BH_HELD "#D55E00"      /* cn_svg_palette(1) */
#define BH_REAL "#555555"

static int is_real(const cn_bt_result *e)
{
    return !e->ex.hypothetical && !isnan(e->p);
}

/* One row per real episode: P with its 95% interval against the 0.6 line. */
static void chart_p(FILE *f, const cn_bt_result *r, int n)
{
    int rows = 0;
    for (int k = 0; k < n; k++)
        rows += is_real(&r[k]);
    if (rows == 0)
        return;
    const double row_h = 40, W = 1000, H = 120 + row_h * rows;
    cn_svg_axes a = {.x = 300, .y = 40, .w = 620, .h = row_h * rows, .xmin = 0, .xmax = 1,
                     .ymin = 0, .ymax = rows};
    cn_svg_begin(f, W, H, "The model's probability of what really happened, per episode",
                 "Dots: P(real outcome); whiskers: 95% Wilson interval; blue: fit episodes, "
                 "orange: held out of the fit; red line: the target 0.6.");
    cn_svg_axes_draw(f, &a, 10, 0, "P(real outcome) with 95% interval", NULL, BH_FONT);
    double x6 = cn_svg_px(&a, BH_TARGET);
    cn_svg_line(f, x6, a.y, x6, a.y + a.h, "#CC0000", 2.0);
    int row = 0;
    char buf[96];
    for (int k = 0; k < n; k++) {
        const cn_bt_result *e = &r[k];
        if (!is_real(e))
            continue;
        const char *col = e->ex.held_out ? BH_HELD : BH_FIT;
        double yc = a.y + (row + 0.5) * row_h;
        snprintf(buf, sizeof buf, "%s%s", e->name, e->ex.held_out ? " (held out)" : "");
        cn_svg_text(f, a.x - 10, yc + BH_FONT * 0.35, BH_FONT, "end", 0, "#000000", 0, buf);
        cn_svg_line(f, cn_svg_px(&a, e->lo), yc, cn_svg_px(&a, e->hi), yc, col, 3.0);
        cn_svg_line(f, cn_svg_px(&a, e->lo), yc - 8, cn_svg_px(&a, e->lo), yc + 8, col, 3.0);
        cn_svg_line(f, cn_svg_px(&a, e->hi), yc - 8, cn_svg_px(&a, e->hi), yc + 8, col, 3.0);
        cn_svg_circle(f, cn_svg_px(&a, e->p), yc, 7, col, "#000000", 1.0);
        snprintf(buf, sizeof buf, "%.2f", e->p);
        if (e->hi > 0.85)
            cn_svg_text(f, cn_svg_px(&a, e->lo) - 10, yc + BH_FONT * 0.35, BH_FONT, "end", 1,
                        "#000000", 0, buf);
        else
            cn_svg_text(f, cn_svg_px(&a, e->hi) + 10, yc + BH_FONT * 0.35, BH_FONT, "start", 1,
                        "#000000", 0, buf);
        row++;
    }
    cn_svg_end(f);
}

/* A recorded vote: model mean beside the real count, for yes, no, abstain. */
static void chart_vote(FILE *f, const cn_bt_result *e)
{
    const double W = 760, H = 380;
    const double model[3] = {e->mean_yes, e->mean_no, e->mean_abstain};
    const int real[3] = {e->ex.yes, e->ex.no, e->ex.abstain};
    const char *const what[3] = {"yes", "no", "abstain"};
    double top = 0.0;
    for (int j = 0; j < 3; j++) {
        if (model[j] > top)
            top = model[j];
        if (real[j] > top)
            top = real[j];
    }
    /* a round step (1, 2 or 5 times a power of ten) giving about 5 ticks,
     * and room above the tallest bar for its label */
    double raw = (top > 0.0 ? top * 1.12 : 1.0) / 5.0, mag = pow(10.0, floor(log10(raw)));
    double step = raw <= mag ? mag : (raw <= 2 * mag ? 2 * mag : (raw <= 5 * mag ? 5 * mag : 10 * mag));
    int ticks = (int)ceil((top > 0.0 ? top * 1.12 : 1.0) / step);
    top = step * ticks;
    cn_svg_axes a = {.x = 90, .y = 50, .w = 620, .h = 250, .xmin = 0, .xmax = 3, .ymin = 0,
                     .ymax = top};
    char title[160];
    snprintf(title, sizeof title, "%s: the model's mean vote beside the real vote", e->name);
    cn_svg_begin(f, W, H, title, "Blue: the model's mean count over the replications; grey: "
                                 "the real count.");
    cn_svg_axes_draw(f, &a, 0, ticks, NULL, "states", BH_FONT);
    cn_svg_text(f, a.x, 30, BH_FONT, "start", 1, "#000000", 0, e->name);
    char buf[32];
    for (int j = 0; j < 3; j++) {
        double x0 = cn_svg_px(&a, j + 0.15), bw = (cn_svg_px(&a, 1) - cn_svg_px(&a, 0)) * 0.33;
        double ym = cn_svg_py(&a, model[j]), yr = cn_svg_py(&a, real[j]);
        cn_svg_rect(f, x0, ym, bw, a.y + a.h - ym, BH_FIT, NULL);
        cn_svg_rect(f, x0 + bw, yr, bw, a.y + a.h - yr, BH_REAL, NULL);
        snprintf(buf, sizeof buf, "%.1f", model[j]);
        cn_svg_text(f, x0 + bw / 2, ym - 6, BH_FONT * 0.9, "middle", 1, "#000000", 0, buf);
        snprintf(buf, sizeof buf, "%d", real[j]);
        cn_svg_text(f, x0 + 1.5 * bw, yr - 6, BH_FONT * 0.9, "middle", 1, "#000000", 0, buf);
        cn_svg_text(f, x0 + bw, a.y + a.h + 1.5 * BH_FONT, BH_FONT, "middle", 0, "#000000", 0,
                    what[j]);
    }
    cn_svg_rect(f, a.x, H - 34, 18, 18, BH_FIT, NULL);
    cn_svg_text(f, a.x + 26, H - 19, BH_FONT, "start", 0, "#000000", 0, "model (mean)");
    cn_svg_rect(f, a.x + 220, H - 34, 18, 18, BH_REAL, NULL);
    cn_svg_text(f, a.x + 246, H - 19, BH_FONT, "start", 0, "#000000", 0, "real");
    cn_svg_end(f);
}

static const char *vote_name(int v)
{
    return v == CN_VOTE_SUPPORT ? "yes" : (v == CN_VOTE_OBJECT ? "no" : "abstain");
}

/* The states whose modal model vote is not their real one, by (real, model). */
static void mismatches(FILE *f, const cn_bt_result *e)
{
    fputs("<ul>\n", f);
    for (int real = CN_VOTE_SUPPORT; real <= CN_VOTE_ABSTAIN; real++)
        for (int model = CN_VOTE_SUPPORT; model <= CN_VOTE_ABSTAIN; model++) {
            int cnt = 0;
            for (int t = 0; t < e->n_voters && e->vote_rows != NULL; t++) {
                const cn_bt_vote_row *v = &e->vote_rows[t];
                if (real == model || v->real != real || v->modal != model)
                    continue;
                if (cnt++ == 0)
                    fprintf(f, "<li>real %s, model %s: ", vote_name(real), vote_name(model));
                else
                    fputs(", ", f);
                cn_svg_escape(f, v->code);
            }
            if (cnt > 0)
                fprintf(f, " (%d)</li>\n", cnt);
        }
    fputs("</ul>\n", f);
}

static void table(FILE *f, const cn_bt_result *r, int n)
{
    fputs("<table style=\"font-size:.7em\"><tr><th>episode</th><th>set</th><th>real outcome</th>"
          "<th>P [95% CI]</th><th>P(adopted)</th><th>P(in force)</th><th>votes (model vs "
          "real)</th><th>match</th><th>parties</th></tr>\n",
          f);
    for (int k = 0; k < n; k++) {
        const cn_bt_result *e = &r[k];
        char real[128];
        cn_backtest_real_outcome(&e->ex, real, sizeof real);
        fputs("<tr><td>", f);
        cn_svg_escape(f, e->name);
        fprintf(f, "%s</td><td>%s</td><td>", e->ex.in_sample ? " (in-sample)" : "",
                e->ex.hypothetical ? "none" : (e->ex.held_out ? "held out" : "fit"));
        cn_svg_escape(f, real);
        if (isnan(e->p))
            fputs("</td><td>-</td>", f);
        else
            fprintf(f, "</td><td%s>%.3f [%.3f, %.3f]</td>",
                    e->p >= BH_TARGET ? "" : " style=\"background:#ffd6d6\"", e->p, e->lo, e->hi);
        fprintf(f, "<td>%.3f</td><td>%.3f</td>", e->p_adopted, e->p_in_force);
        if (e->ex.has_votes)
            fprintf(f, "<td>%.1f/%.1f/%.1f vs %d/%d/%d</td>", e->mean_yes, e->mean_no,
                    e->mean_abstain, e->ex.yes, e->ex.no, e->ex.abstain);
        else
            fputs("<td>-</td>", f);
        if (e->n_voters > 0)
            fprintf(f, "<td>%.3f (%d/%d)</td>", e->match, e->n_match, e->n_voters);
        else
            fputs("<td>-</td>", f);
        if (e->ex.has_parties)
            fprintf(f, "<td>%.1f vs %d</td></tr>\n", e->mean_parties, e->ex.parties);
        else
            fprintf(f, "<td>%.1f</td></tr>\n", e->mean_parties);
    }
    fputs("</table>\n", f);
}

int cn_backtest_write_html(FILE *f, const cn_bt_result *r, int n, long reps_note)
{
    cn_report_html_begin(f, "backtest", "cybernorms");
    fputs("<h1>The history library against what really happened</h1>\n", f);
    int real = 0, ok = 0;
    for (int k = 0; k < n; k++)
        if (is_real(&r[k])) {
            real++;
            ok += r[k].p >= BH_TARGET;
        }
    fprintf(f, "<p class=\"lead\">%d real episode%s: the model gives what really happened a "
               "probability of at least %.1f in %d of them.</p>\n",
            real, real == 1 ? "" : "s", BH_TARGET, ok);
    fputs("<p class=\"note\">", f);
    if (reps_note > 0)
        fprintf(f, "%ld replications per episode. ", reps_note);
    fputs("Fit: used to choose the default parameters; held out: not (docs/backtest.md). "
          "Made by cybernorms " CN_VERSION "; this file needs no network.</p>\n",
          f);
    fputs("<h2>How likely the model finds what happened</h2>\n", f);
    chart_p(f, r, n);
    for (int k = 0; k < n; k++) {
        const cn_bt_result *e = &r[k];
        if (!e->ex.has_votes)
            continue;
        fputs("<h2>Recorded vote: ", f);
        cn_svg_escape(f, e->name);
        fputs("</h2>\n", f);
        chart_vote(f, e);
        if (e->n_voters > 0) {
            fprintf(f, "<p>%d of %d states' most likely vote in the model is their real vote; "
                       "the mean log-likelihood of the real votes is %.3f per state (a "
                       "uniform guess: %.3f).",
                    e->n_match, e->n_voters, e->vote_loglik, log(1.0 / 3.0));
            if (!isnan(e->base_match)) {
                fputs(" Voting as on ", f);
                cn_svg_escape(f, e->ex.previous);
                fprintf(f, " would match %.3f of them, log-likelihood %.3f.", e->base_match,
                        e->base_loglik);
            }
            fputs(" The others:</p>\n", f);
            mismatches(f, e);
        }
    }
    int blocked = 0;
    for (int k = 0; k < n; k++) {
        const cn_bt_result *e = &r[k];
        if (!e->consensus || e->failed == 0 || e->n_blockers == 0)
            continue;
        if (blocked++ == 0)
            fputs("<h2>Who blocks when consensus fails</h2>\n<p>In the replications in which a "
                  "consensus forum adopted nothing, the states that objected in its last "
                  "session, with the share of those replications.</p>\n<ul>\n",
                  f);
        fputs("<li><b>", f);
        cn_svg_escape(f, e->name);
        fprintf(f, "</b> (nothing adopted in %ld of %ld): ", e->failed, e->reps);
        for (int b = 0; b < e->n_blockers; b++) {
            fputs(b ? ", " : "", f);
            cn_svg_escape(f, e->blockers[b].code);
            fprintf(f, " %.2f", (double)e->blockers[b].count / (double)e->failed);
        }
        fputs("</li>\n", f);
    }
    if (blocked > 0)
        fputs("</ul>\n", f);
    fputs("<h2>Every episode</h2>\n", f);
    table(f, r, n);
    int notes = 0;
    for (int k = 0; k < n; k++)
        if (r[k].ex.note[0] != '\0') {
            fputs(notes++ == 0 ? "<ul class=\"note\">\n<li>" : "<li>", f);
            cn_svg_escape(f, r[k].name);
            fputs(": ", f);
            cn_svg_escape(f, r[k].ex.note);
            fputs("</li>\n", f);
        }
    if (notes > 0)
        fputs("</ul>\n", f);
    fputs("</body>\n</html>\n", f);
    return ferror(f) ? CN_EIO : CN_OK;
}
