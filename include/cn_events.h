/* cn_events.h - major incidents, public attribution, naming and shaming
 * (docs/model.md, section 4; seeds 002 and 003).
 *
 * Each round K ~ Poisson(incident_rate) incidents arrive.  An incident has
 * a victim (capability-weighted draw).  The victim's side (the victim and
 * every state sharing a bloc with it) moves toward binding form by `shock`
 * (x_form += shock (1 - x_form)) and its pressure for an agreement rises
 * by `urgency`.  With probability `attribution` the incident is publicly
 * attributed to a perpetrator, drawn among states off the victim's side
 * with weight c_j * ||x_j - x_victim||; then every tie between the
 * accusing side and the accused side (the perpetrator and states sharing a
 * bloc with it, less the accusers) is multiplied by 1 - `shame`.
 * Pressure decays by `pressure_decay` at the start of each round.
 */
#ifndef CN_EVENTS_H
#define CN_EVENTS_H

#include <gsl/gsl_rng.h>

#include "cn_world.h"

/* One round of events: decay pressure, draw and apply incidents. */
void cn_events_round(cn_world *w, gsl_rng *r);

/* Capability-weighted draw of a victim among states. */
int cn_events_draw_victim(const cn_world *w, gsl_rng *r);

/* Draw of a perpetrator off the victim's side (weight c_j * distance);
 * -1 when no state qualifies. */
int cn_events_draw_perpetrator(cn_world *w, gsl_rng *r, int victim);

/* Applies an incident's effects (deterministic); perpetrator -1: not
 * attributed. */
void cn_events_incident(cn_world *w, int victim, int perpetrator);

#endif
