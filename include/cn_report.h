/* cn_report.h - a self-contained HTML report of a run, for the classroom.
 *
 * Input: a run's folder as `cybernorms run` writes it (runs.csv and the
 * resolved scenario.cfg; summary files are not needed).  Output: one HTML
 * file, written atomically (cn_afile), with inline SVG charts drawn by
 * cn_svg (no scripts, no network, no external files):
 *   - the states on the first two dimensions (scope x form), coloured by
 *     camp, at the start and at the end of replication 0 (re-run from
 *     scenario.cfg with a trace hook: the same replication as runs.csv's
 *     first row), with the texts the forums adopted;
 *   - support, abstentions and objections per session in replication 0;
 *   - the probability of every yes/no outcome with its 95% Wilson
 *     interval as an error bar, and the distribution of every other
 *     outcome, over all replications of runs.csv;
 *   - the narration of replication 0 (cn_narrate.h).
 * A sweep's store (cn_store.h) gets its own report: the what-if table and
 * per column the points' estimates with their 95% intervals as error bars.
 * Large fonts and high contrast, for a projector.  Memory does not grow
 * with the number of replications (histograms are streamed).
 */
#ifndef CN_REPORT_H
#define CN_REPORT_H

#include <stdio.h>

#include "cn_error.h"

/* Writes the report of run folder dir to out (NULL: dir/report.html).
 * CN_OK; CN_EINPUT with d filled (missing or malformed runs.csv or
 * scenario.cfg, columns that do not match the scenario, files that do not
 * match the folder's manifest: cn_outfile_verify); CN_ENOMEM; CN_EIO
 * (d names the file). */
int cn_report_write(const char *dir, const char *out, cn_diag *d);

/* Writes the what-if report of a sweep's store (cn_store.h, opened
 * read-only) to out (NULL: the store's path without its extension +
 * "-report.html"): the what-if table, and per column every point's
 * estimate with its 95% interval as an error bar against the baseline; an
 * incomplete store is marked so.  *done and *total (when not NULL) get
 * the points finished and all.  CN_OK; CN_EINPUT with d filled (not a
 * store, no results); CN_ENOMEM; CN_EIO. */
int cn_report_write_store(const char *db, const char *out, int *done, int *total, cn_diag *d);

/* The reports' style sheet (large fonts, high contrast), shared by every
 * HTML page cybernorms writes. */
extern const char cn_report_css[];

/* <!DOCTYPE html> .. <body>: the head of every cybernorms page, titled
 * "NAME: KIND" (escaped), with cn_report_css. */
void cn_report_html_begin(FILE *f, const char *name, const char *kind);

#endif
