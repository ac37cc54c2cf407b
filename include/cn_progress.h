/* cn_progress.h - a progress bar on a terminal: done/total, rate, ETA.
 *
 * Drawn only when enabled (the CLI enables it when stderr is a TTY);
 * redrawn at most every 100 ms.  Not thread-safe: the runner calls it
 * from under its own lock.
 */
#ifndef CN_PROGRESS_H
#define CN_PROGRESS_H

#include <stdio.h>

typedef struct cn_progress cn_progress;

/* label: a short word ("runs"); NULL on out of memory. */
cn_progress *cn_progress_start(FILE *out, const char *label, long total, int enabled);
void cn_progress_update(cn_progress *p, long done);
/* Draws the final state and a newline (if enabled); frees.  NULL ok. */
void cn_progress_finish(cn_progress *p);

/* Formats seconds as "1h02m", "3m05s", "12.3s" into buf. */
char *cn_progress_format_eta(double seconds, char *buf, int size);

#endif
