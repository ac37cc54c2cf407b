/* cn_backtest_html.h - the backtest as a self-contained HTML page.
 *
 * `cybernorms backtest` writes OUT/backtest.html beside backtest.md: the
 * same results drawn for a projector (inline SVG by cn_svg, the style of
 * cn_report; no scripts, no network):
 *   - per real episode, the model's probability of what really happened
 *     with its 95% Wilson interval, coloured by set (fit / held out), with
 *     the 0.6 line of the target;
 *   - per recorded vote, the model's mean yes / no / abstain beside the
 *     real counts;
 *   - the table of backtest.md, the hypotheticals, and the states whose
 *     most likely vote is not their real one.
 */
#ifndef CN_BACKTEST_HTML_H
#define CN_BACKTEST_HTML_H

#include <stdio.h>

#include "cn_backtest.h"

/* Writes the page for the n results r (reps_note > 0: the replications
 * per episode when --replications gave them).  CN_OK or CN_EIO. */
int cn_backtest_write_html(FILE *f, const cn_bt_result *r, int n, long reps_note);

#endif
