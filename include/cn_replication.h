/* cn_replication.h - one replication: rounds of interleaved forums.
 *
 * Each round: events (cn_events), campaigns (cn_campaign), diplomacy
 * (cn_diplomacy), then every forum sitting that round runs one session:
 * chair and draft (cn_proposal), votes and the decision rule
 * (cn_decision), and after adoption signature, ratification, entry into
 * force and lock-in (cn_treaty).  At the end the metrics row is filled.
 */
#ifndef CN_REPLICATION_H
#define CN_REPLICATION_H

#include <stdint.h>

#include <gsl/gsl_rng.h>

#include "cn_metrics.h"
#include "cn_world.h"

/* Runs one replication on w (cn_world_reset is called here) with r,
 * writing L->n values to row.  Allocates nothing.  When w->stop is set
 * and becomes non-zero, it returns at the next session with w->stopped
 * set and row unfinished. */
void cn_replication_run(cn_world *w, gsl_rng *r, const cn_metrics_layout *L, double *row);

/* Replication rep of sweep point `point` under `seed`: seeds r from
 * (seed, point, rep), draws the uncertain inputs of its input group
 * (rep / run.input_group; cn_world_draw_inputs) and runs it.  Every
 * caller that runs replications goes through here. */
void cn_replication_run_at(cn_world *w, gsl_rng *r, uint64_t seed, uint64_t point, uint64_t rep,
                           const cn_metrics_layout *L, double *row);

/* One session of forum f in the current round (exposed for tests). */
void cn_replication_session(cn_world *w, gsl_rng *r, int f);

/* Fills row from the world at the end of a replication. */
void cn_replication_metrics(const cn_world *w, const cn_metrics_layout *L, double *row);

#endif
