/* cn_classroom.h - the classroom's HTTP server: libmicrohttpd serving the
 * embedded web app (cn_assets.h) and the class's JSON API (cn_class.h).
 *
 * What it serves: GET of an embedded file ("/" is the student's page,
 * "/teacher", "/projector" and "/brief" the others' pages), and /api/...
 * handed to cn_class_handle with the bearer token of the request.  Any
 * other path is a 404: no file outside the app is ever read.  Requests are
 * limited in size (CN_CLASSROOM_MAX_BODY bytes of body; larger ones get
 * 413 and the connection is closed), in rate (cn_class.h), in connections
 * and in time (a connection idle for 30 s is closed).  Answers carry a
 * strict Content-Security-Policy (the app's own files only), nosniff, no
 * referrer, and no caching of the API.
 *
 * Threads: libmicrohttpd runs its own pool of CN_CLASSROOM_THREADS
 * threads, which call into the class (it takes its own lock); a timer
 * thread ticks the class's countdown every 200 ms.  cn_classroom_stop
 * stops both before returning; the class is the caller's and outlives the
 * server.
 */
#ifndef CN_CLASSROOM_H
#define CN_CLASSROOM_H

#include "cn_class.h"

#define CN_CLASSROOM_MAX_BODY 8192
#define CN_CLASSROOM_THREADS 4

typedef struct cn_classroom cn_classroom;

/* Serves class c on addr:port (addr an IPv4 or IPv6 literal; port 0: any
 * free port).  CN_OK, CN_EINPUT (a bad address), CN_EIO (cannot listen:
 * msg says why), CN_ENOMEM, CN_ETHREAD. */
int cn_classroom_start(cn_class *c, const char *addr, int port, cn_classroom **out, char *msg,
                       size_t size);

/* The port it listens on. */
int cn_classroom_port(const cn_classroom *r);

/* Stops serving and frees the server (not the class).  NULL is a no-op. */
void cn_classroom_stop(cn_classroom *r);

#endif
