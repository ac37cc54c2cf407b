/* cn_narrate.h - one replication told in plain English (or Markdown).
 *
 * A narrator is a trace hook (cn_world.h): it observes a replication and
 * writes, session by session, the incidents and attributions, who chairs,
 * the text put to the vote in words, rival drafts, who supports, objects
 * and abstains and why, footnotes, adoption or failure, signatures,
 * ratifications, entry into force, and at the end how positions moved.
 * It never draws from the replication's generator and never changes the
 * world, so a narrated replication is the same replication `run` counts.
 *
 * Numbers become words by cn_narrate_words (docs/teaching.md, "From
 * numbers to words"): five bands over [0, 1] named from the dimension's
 * low and high descriptions (the part before a colon):
 *   [0, 0.15)     "<low>"
 *   [0.15, 0.35)  "mostly <low>, with light language on <high>"
 *   [0.35, 0.65]  "balanced between <low> and <high>"
 *   (0.65, 0.85]  "mostly <high>, with light language on <low>"
 *   (0.85, 1]     "<high>"
 * A dimension without descriptions is named "low <name>" / "high <name>".
 */
#ifndef CN_NARRATE_H
#define CN_NARRATE_H

#include <stddef.h>
#include <stdio.h>

#include "cn_error.h"
#include "cn_metrics.h"
#include "cn_scenario.h"
#include "cn_stats.h"
#include "cn_world.h"

typedef enum { CN_NARRATE_TEXT = 0, CN_NARRATE_MD } cn_narrate_format;

/* Appends printf-style to buf (size), keeping it NUL-terminated; nothing
 * when buf is full (narration and the classroom's texts). */
void cn_narrate_cat(char *buf, size_t size, const char *fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 3, 4)))
#endif
    ;

/* The short label of a dimension's end (high = 0: low, 1: high) into buf:
 * its description up to the first colon, else "low NAME" / "high NAME". */
void cn_narrate_label(const cn_dimension *dim, int high, char *buf, size_t size);

/* Words for value v on dimension dim (the bands above) into buf. */
void cn_narrate_words(const cn_dimension *dim, double v, char *buf, size_t size);

/* A whole text in words: "scope 0.21 (mostly ...); form 0.32 (...)". */
void cn_narrate_text(const cn_scenario *s, const double *y, char *buf, size_t size);

/* The dimension on which state i is furthest from text y, weighted by
 * salience: argmax_k s_ik |x_ik - y_k|^p (its largest utility loss);
 * the first such dimension on ties. */
int cn_narrate_sticking_point(const cn_world *w, int i, const double *y);

/* Sorts the state indices idx[0..n) by capability in w, largest first;
 * ties keep their order. */
void cn_narrate_by_capability(const cn_world *w, int *idx, int n);

typedef struct cn_narrator cn_narrator;

/* A narrator writing to out (not owned) for scenario s; forum: index of
 * the only forum to tell (-1: all).  NULL on out of memory. */
cn_narrator *cn_narrator_alloc(const cn_scenario *s, FILE *out, cn_narrate_format fmt,
                               int forum);
void cn_narrator_free(cn_narrator *nr);

/* The trace hook; ctx is a cn_narrator. */
void cn_narrator_trace(void *ctx, const cn_world *w, const cn_trace_event *ev);

/* CN_OK, or CN_EIO once a write has failed. */
int cn_narrator_status(const cn_narrator *nr);

/* Replays replications first .. first + n - 1 of s on one world with
 * hooks (NULL: none), each seeded as `run` seeds it (s->run.seed, sweep
 * point 0, the replication's index), so a replay without hooks gives
 * run's rows.  Each row is added to st and the last copied to row (L->n
 * values); either may be NULL.  CN_OK, CN_ENOMEM, or CN_EINPUT for an
 * unknown generator (then no hook has been called). */
int cn_narrate_replay(const cn_scenario *s, const cn_metrics_layout *L, const cn_hooks *hooks,
                      long first, long n, cn_stats *st, double *row);

/* Tells replication rep of s (seed s->run.seed, sweep point 0: the same
 * random stream as `run`) to out.  CN_OK, CN_ENOMEM, CN_EIO, or CN_EINPUT
 * for an unknown generator. */
int cn_narrate_run(const cn_scenario *s, long rep, cn_narrate_format fmt, int forum, FILE *out);

/* Loads a scenario with overrides; on failure prints "cybernorms: " and
 * the diagnostic to err and returns the status (for the commands). */
int cn_narrate_load(const char *path, const char *const *sets, int n_sets, cn_scenario **out,
                    FILE *err);

#endif
