/* cn_class.h - a class of students playing one game (cn_game.h) from their
 * own devices: seats and their tokens, the teacher's controls, messages,
 * news, the countdown, views for each role, role briefs, the debrief, and
 * the class file that keeps it all.  The HTTP server (cn_classroom.h) is a
 * thin layer over cn_class_handle; nothing here knows about sockets.
 *
 * Roles, each proved by an unguessable token (128 bits from getrandom,
 * 32 hex digits) sent as "Authorization: Bearer TOKEN":
 *   seat      one student: joins with the class code and a name, gets a
 *             state (chooses one, or the teacher assigns), acts only for
 *             that state, only while a session of a forum it sits in is
 *             open and not paused.  The teacher may close a seat; its token
 *             is then refused (401, "closed").
 *   teacher   sets up, assigns, starts, pauses, advances, sets the
 *             countdown, injects news, closes seats; sees everything.
 *   viewer    the projector: reads the room's view, acts on nothing.
 *
 * The API (JSON in and out; every error is a 4xx with {"error": "..."}):
 *   POST /api/join        {code, name}               -> {token, seat}
 *   GET  /api/me          seat: the student's view
 *   GET  /api/states      any role: every state, for the search
 *   POST /api/choose      seat {state}               the student's state
 *   POST /api/vote        seat {vote: support|object|abstain|pass}
 *   POST /api/amend       seat {dim, dir: up|down}
 *   POST /api/campaign    seat {state, amount}
 *   POST /api/message     seat {to: STATE | "bloc:NAME", text}
 *   GET  /api/brief/STATE seat (its own), teacher, viewer: the role brief
 *   GET  /api/teacher     teacher: seats, who has acted, the game
 *   POST /api/setup       teacher {seed, minutes, mode: choose|assign, budget}
 *   POST /api/assign      teacher {seat, state} | {mode: random} | {mode: bloc, bloc}
 *   POST /api/kick        teacher {seat}
 *   POST /api/start | /api/pause | /api/resume | /api/advance   teacher
 *   POST /api/timer       teacher {minutes}           countdown of this session
 *   POST /api/news        teacher {kind: incident|leak|shame, state, target}
 *   GET  /api/projector   teacher, viewer: the room's view
 *   GET  /api/debrief     any role once the game is over
 * States are named by code or name (cn_statename.h).
 *
 * The class file (SQLite) holds the scenario as loaded (written by
 * cn_scenario_write), what really happened, the tokens, and a log of
 * every change in order (join, choose, assign, setup, start, vote, amend,
 * campaign, message, news, pause, resume, advance, ...), one row per
 * change, each written in its own transaction before the reply.  Opening
 * a file that holds a class replays its log through the same code, so a
 * server killed at any point (kill -9 included) resumes where it was; the
 * replay gives the same game because the game is deterministic in its
 * calls (cn_game.h).  The log is also the transcript of the debrief.
 *
 * Threads: every cn_class_* call takes the class's lock, so calls may come
 * from any thread (the server's pool, its timer).  The game's replication
 * thread runs only inside a call, under the lock.  The debrief is computed
 * on a thread of its own from a copy of the log, without the lock, and
 * stored under it.
 */
#ifndef CN_CLASS_H
#define CN_CLASS_H

#include <stddef.h>

#include <jansson.h>

#include "cn_error.h"

#define CN_CLASS_TOKEN 33        /* 32 hex digits + NUL */
#define CN_CLASS_MAX_SEATS 400   /* seats in one class */
#define CN_CLASS_NAME_LEN 40     /* a student's name, in bytes */
#define CN_CLASS_MESSAGE_LEN 280 /* a message, in bytes */

typedef struct {
    long replications;  /* debrief replications (1000) */
    double rate;        /* requests per second per seat or client (20) */
    double burst;       /* bucket size (60) */
} cn_class_opts;

typedef struct cn_class cn_class;

void cn_class_defaults(cn_class_opts *o);

/* Opens the class kept in the SQLite file db_path: resumes it when the
 * file holds one (the scenario is then the file's; scenario_path and sets
 * are not read), else creates a class of the scenario at scenario_path
 * with the overrides.  *resumed (may be NULL): 1 when resumed.  CN_OK, or
 * CN_EINPUT / CN_EIO / CN_ENOMEM with d said. */
int cn_class_open(const char *db_path, const char *scenario_path, const char *const *sets,
                  int n_sets, const cn_class_opts *o, cn_class **out, int *resumed, cn_diag *d);

/* Waits for a debrief being computed, then frees.  NULL is a no-op. */
void cn_class_free(cn_class *c);

/* The class code students type, and the secret tokens of the teacher and
 * the projector (copied into buf, CN_CLASS_TOKEN bytes). */
void cn_class_code(cn_class *c, char *buf, size_t size);
void cn_class_teacher_token(cn_class *c, char *buf);
void cn_class_viewer_token(cn_class *c, char *buf);

/* Handles one API request: method "GET"/"POST", path "/api/...", token
 * (NULL: none), the body (JSON, may be empty), client (an address, for the
 * rate limit of requests without a valid token).  Returns the HTTP status
 * and sets *reply to a new JSON object (the caller json_decref's it). */
int cn_class_handle(cn_class *c, const char *method, const char *path, const char *token,
                    const char *body, size_t len, const char *client, json_t **reply);

/* The countdown: advances the open session when its time is up.  Called
 * by the server's timer a few times a second. */
void cn_class_tick(cn_class *c);

/* 1 once the debrief has been computed (tests, the server's shutdown). */
int cn_class_debrief_ready(cn_class *c);

#endif
