/* cn_game.h - one class game as a steppable engine: students hold seats
 * (states), the model plays every other state, and the game advances only
 * when the driver says so.  No I/O: the terminal game (cn_play.h) and the
 * classroom server (cn_classroom.h) are drivers over it.
 *
 * The game is replication 0 of the scenario's seed (as `run`, `narrate`
 * and `play`), run with the hooks of cn_world.h.  It stops at every
 * session of a forum in which a seated state sits (a *pause*): the chair
 * has tabled its text, nobody has voted yet.  While paused the driver may
 * read the world (cn_game_world), make moves for seats (vote, amend,
 * campaign) and inject news (an incident, a leaked draft, a shaming
 * statement) that changes the world the model's states decide in; then
 * cn_game_advance closes the session (every member votes, seated states as
 * their students chose, the others as the model draws) and runs on to the
 * next pause or to the end.  Hooks never draw from the generator, so a game
 * in which nobody moves is the model's own replication 0, and the same
 * calls in the same order give the same game (a restarted classroom
 * replays its log).
 *
 * Moves (cn_game_move) are logged by (forum, session); the debrief
 * (cn_game_debrief) replays the log in each of N replications with the
 * same seeds, next to the model alone, and scores each seated state.
 *
 * News, the mechanisms (each the model's own, docs/teaching.md):
 *   incident   cn_events_incident(victim, perpetrator or -1): the victim's
 *              side moves toward binding form by events.shock and wants an
 *              agreement more (events.urgency); when attributed, ties
 *              between the accusing and the accused sides fall by
 *              events.shame.
 *   leak       a draft from state S leaks: the current text with every
 *              open dimension at S's position.  As with a rival draft
 *              (cn_proposal.h) the chair puts it to the vote instead of its
 *              own when it draws more expected support; otherwise the text
 *              stays.
 *   shame      state A names and shames state B: ties between A's side
 *              and B's side (each with the states sharing a bloc with it)
 *              fall by events.shame, as after an attributed incident.
 *
 * Threads: the replication runs on a thread of its own that the game
 * starts, because the model's loop calls its hooks rather than returning
 * at each session.  The two threads never run at once: a baton (mutex and
 * condition variable) passes control to the replication thread in
 * cn_game_start / cn_game_advance / cn_game_free and back when it pauses
 * or ends, so everything in the game (world included) belongs to the
 * driver whenever a cn_game_* call has returned.  The game itself is not
 * safe for concurrent calls: a driver with several threads (the server)
 * serialises them with its own lock.
 */
#ifndef CN_GAME_H
#define CN_GAME_H

#include <stddef.h>

#include "cn_metrics.h"
#include "cn_scenario.h"
#include "cn_stats.h"
#include "cn_world.h"

typedef enum {
    CN_GAME_SETUP = 0, /* seats may be taken; not started */
    CN_GAME_PAUSED,    /* a session is open: moves and news are accepted */
    CN_GAME_OVER       /* the replication has ended */
} cn_game_phase;

typedef enum {
    CN_MOVE_VOTE = 0, /* vote: CN_VOTE_* (CN_VOTE_NONE: the model decides) */
    CN_MOVE_AMEND,    /* dim, value: the change of the text (after clamping) */
    CN_MOVE_CAMPAIGN, /* target listens to state with value more tie weight */
    CN_MOVE_INCIDENT, /* news: state = victim, target = perpetrator or -1 */
    CN_MOVE_LEAK,     /* news: state's draft leaked; value 1 if it was put to the vote */
    CN_MOVE_SHAME     /* news: state shames target */
} cn_move_kind;

typedef struct {
    cn_move_kind kind;
    int forum, session; /* the pause it was made in */
    int state;          /* the acting state (news: see the kinds) */
    int vote;
    int dim;
    double value;
    int target;
} cn_game_move;

/* Something that happened in the game, for a driver to show (what the
 * trace hook saw).  Texts are copied. */
typedef struct {
    cn_trace_kind kind;
    int round, forum, session, a, b;
    int yes, no, abstain;  /* CN_TRACE_VOTES */
    double text[CN_MAX_DIMS];
} cn_game_event;

typedef struct {
    double step;   /* amendment step (0.1) */
    double budget; /* campaign budget per seat for the game (3.0) */
    /* Optional observer called on the replication's thread (while the
     * driver waits) at each trace event, after the game has recorded it:
     * e.g. the narrator.  Must not draw from the generator. */
    void (*trace)(void *ctx, const cn_world *w, const cn_trace_event *ev);
    void *trace_ctx;
} cn_game_opts;

typedef struct cn_game cn_game;

/* Defaults into o. */
void cn_game_defaults(cn_game_opts *o);

/* A game of s (which must outlive it).  CN_OK, CN_ENOMEM, or CN_EINPUT
 * (bad options, unknown generator). */
int cn_game_new(const cn_scenario *s, const cn_game_opts *o, cn_game **out);

/* Ends the game (the model plays the rest if it is running) and frees it.
 * NULL is a no-op. */
void cn_game_free(cn_game *g);

/* ---- seats -------------------------------------------------------------- */

/* A student takes state i (from now on, also mid-game: the model played
 * it so far).  CN_OK, or CN_EINPUT (out of range, already seated, game
 * over). */
int cn_game_seat(cn_game *g, int state);

/* The student leaves: the model plays the state from now on (a vote
 * already cast this session stands).  CN_OK or CN_EINPUT (not seated). */
int cn_game_unseat(cn_game *g, int state);

/* 1 if a student holds state i. */
int cn_game_seated(const cn_game *g, int state);

/* ---- the flow ----------------------------------------------------------- */

/* Starts the game: runs to the first pause or to the end.  CN_OK,
 * CN_EINPUT (already started), CN_ETHREAD. */
int cn_game_start(cn_game *g);

/* Closes the open session and runs to the next pause or to the end.
 * CN_OK or CN_EINPUT (not paused). */
int cn_game_advance(cn_game *g);

cn_game_phase cn_game_phase_of(const cn_game *g);

/* The open session (phase PAUSED): its forum and 1-based session, and the
 * text put to the vote (amendments and leaks included). -1 / NULL
 * otherwise. */
int cn_game_forum(const cn_game *g);
int cn_game_session(const cn_game *g);
const double *cn_game_text(const cn_game *g);

/* Pauses so far (the open one included). */
int cn_game_pauses(const cn_game *g);

/* The world: valid (and frozen) while paused and once over; NULL before
 * the start.  Members' gains are those of the open session
 * (cn_decision_gain). */
const cn_world *cn_game_world(const cn_game *g);

/* 1 if state i sits in forum f in this game (after the start). */
int cn_game_member(const cn_game *g, int f, int state);

/* ---- moves (phase PAUSED, seated states that sit in the open forum) ------ */

/* Each returns CN_OK, or CN_EINPUT with a sentence for the student in msg
 * (size bytes; may be NULL) saying what is wrong. */
int cn_game_vote(cn_game *g, int state, int vote, char *msg, size_t size);
/* dir +1 (up) or -1 (down); one amendment per seat per session, open
 * dimensions only. */
int cn_game_amend(cn_game *g, int state, int dim, int dir, char *msg, size_t size);
/* amount > 0 within the seat's budget; target another state. */
int cn_game_campaign(cn_game *g, int state, int target, double amount, char *msg, size_t size);

/* The seat's vote this session (CN_VOTE_NONE: the model's), whether it has
 * amended this session, its budget left, and the sessions it sat in. */
int cn_game_seat_vote(const cn_game *g, int state);
int cn_game_seat_amended(const cn_game *g, int state);
double cn_game_seat_budget(const cn_game *g, int state);
int cn_game_seat_sessions(const cn_game *g, int state);

/* ---- news (phase PAUSED) ------------------------------------------------ */

int cn_game_incident(cn_game *g, int victim, int perpetrator, char *msg, size_t size);
/* *taken (may be NULL): 1 if the leaked draft replaced the text. */
int cn_game_leak(cn_game *g, int state, int *taken, char *msg, size_t size);
int cn_game_shame(cn_game *g, int accuser, int accused, char *msg, size_t size);

/* ---- the record --------------------------------------------------------- */

const cn_game_move *cn_game_moves(const cn_game *g, int *n);
const cn_game_event *cn_game_events(const cn_game *g, int *n);

/* The metrics row of the game (phase OVER; NULL before). */
const double *cn_game_row(const cn_game *g);
const cn_metrics_layout *cn_game_layout(const cn_game *g);

/* The scenario's description up to "Real outcome" (what happened stays
 * for the debrief) into buf. */
void cn_game_public_description(const cn_scenario *s, char *buf, size_t size);

/* ---- the debrief --------------------------------------------------------- */

/* A state's interest score of a game: over the forums, for each adopted
 * text y, u(y) - u(status quo) with the state's anchor (its briefed
 * position x0) and salience, u = -sum_k s_k |x0_k - y_k|^p.  0: nothing
 * adopted or indifferent; higher: the outcome came closer to its
 * interests. */
double cn_game_score(const cn_scenario *s, const cn_metrics_layout *L, int state,
                     const double *row);

typedef struct {
    cn_metrics_layout *L; /* the stats' layout (owned) */
    long replications;
    double *alone_row;  /* the same replication without students (L->n) */
    cn_stats *alone;    /* the model alone over the replications */
    cn_stats *with;     /* the log replayed in each of them */
    int n_seats;
    int *state;         /* seated states (ever seated, in seat order) */
    double *score_game; /* per seat: the game's score */
    double *score_same; /* the same replication without students */
    double *score_alone, *score_with; /* means over the replications */
} cn_game_debrief;

/* Computes the debrief of a game that is over, or, with g NULL, of the
 * log moves[0..n_moves) and seats states[0..n_states) (a driver that
 * copied them, to compute outside its lock).  CN_OK, CN_ENOMEM,
 * CN_EINPUT.  Free with cn_game_debrief_free. */
int cn_game_debrief_run(const cn_scenario *s, const cn_game_move *moves, int n_moves,
                        const int *states, int n_states, long replications,
                        cn_game_debrief *out);
void cn_game_debrief_free(cn_game_debrief *d);

/* States ever seated, in seat order, into out (capacity n_states of the
 * scenario); returns how many. */
int cn_game_seat_list(const cn_game *g, int *out);

#endif
