/* cn_play.h - role-play in the terminal: students take states, the model
 * plays the rest.
 *
 * A driver over the game engine (cn_game.h): one replication (replication
 * 0 of the seed, as `run` and `narrate`).  Each session of a forum a
 * student's state sits in, the student sees the draft, their own position
 * and the likely coalition, and types commands (one per line):
 *   support | object | abstain   cast the state's vote (ends the turn);
 *                                also 'vote yes|no|abstain', 'yes', 'no'
 *   pass                         let the model vote for the state
 *   amend DIM up|down            move the text by `step` on an open
 *                                dimension (one amendment per session)
 *   campaign STATE [AMOUNT]      spend campaign budget: STATE (a code or a
 *                                name, e.g. 'campaign South Africa 1')
 *                                listens to you with AMOUNT more tie weight
 *                                (default 1)
 *   who | show | help | quit     list members' likely votes, show the
 *                                screen again, list commands, leave (the
 *                                model plays the state from then on)
 * Several students take turns (hot seat).  Bad input re-prompts; end of
 * input hands every remaining decision to the model, so piped input can
 * script a whole game.  The story between turns is told by the narrator
 * (cn_narrate.h), without what really happened (the scenario's
 * description is cut at "Real outcome", cn_game_public_description);
 * everything is wrapped to `width` columns.
 *
 * The debrief compares the game with the model alone: the same replication
 * without students ("same luck"), the scenario's odds over `replications`
 * replications (cn_runner_run), and the odds with the students' recorded
 * choices replayed in every one of those replications (same seeds):
 * did their diplomacy change the odds?  It ends with each student's score
 * (cn_game_score) and, for a history scenario, what really happened.
 */
#ifndef CN_PLAY_H
#define CN_PLAY_H

#include <stdio.h>

#include "cn_scenario.h"

#define CN_PLAY_MAX_STUDENTS 8

typedef struct {
    int n_students;
    int students[CN_PLAY_MAX_STUDENTS]; /* state indices, distinct */
    double step;          /* amendment step (0.1) */
    double budget;        /* campaign budget per student for the game (3.0) */
    long replications;    /* debrief: replications without / with replayed choices (1000) */
    int threads;          /* >= 1; unused: the debrief replays on one thread so that its
                           * figures are the same on any machine */
    int width;            /* wrap output at this column; 0: do not wrap */
    char real[512];       /* debrief: what really happened ("": not known) */
} cn_play_opts;

/* Defaults into o (no students). */
void cn_play_defaults(cn_play_opts *o);

/* Plays scenario s with commands from in, writing to out; echo: repeat
 * each line read after its prompt (for piped input, so transcripts read
 * well).  CN_OK, CN_ENOMEM, CN_EIO (a write failed), CN_ETHREAD, or
 * CN_EINPUT (no students, a student out of range or twice, unknown
 * generator). */
int cn_play_run(const cn_scenario *s, const cn_play_opts *o, FILE *in, FILE *out, int echo);

#endif
