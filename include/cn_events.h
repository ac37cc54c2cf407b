/* cn_events.h - major incidents, public attribution, naming and shaming
 * (docs/model.md, section 4; seeds 002, 003 and 004).
 *
 * A state's side is itself and every state sharing a camp bloc with it
 * (`camp = true`: LikeMinded and InfoSec in the UN world).
 *
 * Each round, after pressure decays by `pressure_decay`, the scripted
 * events of the round (`events.script`) happen, then K ~
 * Poisson(incident_rate) incidents arrive.  An incident has
 *   - a perpetrator p, drawn with weight offense_p (the scenario's
 *     `attribution.offense`: NCPI 2020 offensive capability x intent, and
 *     the public record for states the index does not score; without the
 *     list, capability c_p stands in);
 *   - a victim v off p's side, drawn with weight c_v ||x_v - x_p||;
 *   - with probability `attribution`, a public attribution, if a state
 *     that attributes publicly at the round's date (`attribution.
 *     attributors`, the scenario's `calendar`) can lead it:
 *     the victim itself, else the victim's closest partner (largest
 *     tie[v][a] c_a among states sharing a bloc with v) that attributes
 *     and is off p's side.  The lead's camp partners that attribute and
 *     are off p's side join it: the coalition of accusers.
 * Effects: the victim's side moves toward binding form by `shock`
 * (x_form += shock (1 - x_form)); the victim's side and the accusers gain
 * `urgency` of pressure for an agreement.  An attribution cuts every tie
 * between the accusers and the accused (p and its camp, less accusers and
 * victims), both ways, by the share `shame` (naming and shaming between
 * the camps, answered in kind: seed 004), and the ties from the audience
 * (states in no camp and not hit) to the accused by audience * shame.
 * Draws: per incident three uniforms (perpetrator, victim, attribution),
 * whatever happens; scripted events draw nothing.
 */
#ifndef CN_EVENTS_H
#define CN_EVENTS_H

#include <gsl/gsl_rng.h>

#include "cn_world.h"

/* One round of events: decay pressure, scripted events, random incidents. */
void cn_events_round(cn_world *w, gsl_rng *r);

/* side[j] = 1 for state i and every state sharing a camp bloc with it. */
void cn_events_side(const cn_world *w, int i, unsigned char *side);

/* Decimal year of the current round (its calendar month / 12), 0 when
 * the scenario has no calendar start (undated). */
double cn_events_date(const cn_world *w);

/* 1 if state i attributes incidents publicly in the current round. */
int cn_events_attributes(const cn_world *w, int i);

/* Perpetrator drawn by offense weight (capability without a list); -1 if
 * every weight is 0.  One uniform. */
int cn_events_draw_perpetrator(const cn_world *w, gsl_rng *r);

/* Victim off the perpetrator's side, weight c_v * distance to it; -1 when
 * none qualifies.  One uniform.  Uses w->side_b. */
int cn_events_draw_victim(cn_world *w, gsl_rng *r, int perpetrator);

/* The coalition that would attribute an incident on victim by perpetrator
 * now, into accusers (n flags); returns its size (0: nobody can lead).
 * Deterministic.  Uses w->side_b. */
int cn_events_coalition(cn_world *w, int victim, int perpetrator, unsigned char *accusers);

/* Applies an incident on victim (-1: no incident, an attribution
 * statement only), attributed to perpetrator by the states flagged in
 * accusers (NULL or none flagged: not attributed).  Deterministic. */
void cn_events_apply(cn_world *w, int victim, int perpetrator, const unsigned char *accusers);

/* An incident on victim by perpetrator (-1: not attributed), attributed
 * by its coalition now if there is one.  Deterministic. */
void cn_events_incident(cn_world *w, int victim, int perpetrator);

#endif
