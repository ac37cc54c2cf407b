/* classroom.c - the classroom's HTTP server over libmicrohttpd
 * (cn_classroom.h).
 *
 * Who owns what: the server struct is written by cn_classroom_start before
 * any thread starts and by cn_classroom_stop after they have all stopped;
 * in between, the daemon's threads and the timer only read it.  Each
 * request's buffer (struct request) belongs to the connection's thread.
 * The stop flag is atomic.  All shared state lives in the class, behind
 * its lock (cn_class.h).
 */
#include "cn_classroom.h"

#include <arpa/inet.h>
#include <errno.h>
#include <netinet/in.h>
#include <pthread.h>
#include <stdarg.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/socket.h>
#include <time.h>

#include <microhttpd.h>

#include "cn_assets.h"
#include "cn_error.h"

#define CR_TIMEOUT 30        /* seconds a connection may idle */
#define CR_CONNECTIONS 512
#define CR_TICK_NS 200000000L

struct cn_classroom {
    cn_class *c;
    struct MHD_Daemon *d;
    int port;
    pthread_t timer;
    int timer_started;
    atomic_int stop;
};

typedef struct {
    char *body;
    size_t len;
    int too_big;
    int answered;  /* a response is queued already (an early 413) */
} request;

static const char *const security_headers[][2] = {
    {"Content-Security-Policy",
     "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
     "connect-src 'self'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'"},
    {"X-Content-Type-Options", "nosniff"},
    {"Referrer-Policy", "no-referrer"},
    {"X-Frame-Options", "DENY"},
};

static enum MHD_Result respond(struct MHD_Connection *conn, int status, const char *type,
                            const void *data, size_t len, int copy, int close)
{
    /* the library takes a non-const pointer; it never writes through it */
    union {
        const void *in;
        void *out;
    } buf = {.in = data};
    struct MHD_Response *r = MHD_create_response_from_buffer(
        len, buf.out, copy ? MHD_RESPMEM_MUST_COPY : MHD_RESPMEM_PERSISTENT);
    if (r == NULL)
        return MHD_NO;
    MHD_add_response_header(r, "Content-Type", type);
    for (size_t k = 0; k < sizeof security_headers / sizeof security_headers[0]; k++)
        MHD_add_response_header(r, security_headers[k][0], security_headers[k][1]);
    MHD_add_response_header(r, "Cache-Control", "no-store");
    if (close)
        MHD_add_response_header(r, "Connection", "close");
    enum MHD_Result ret = MHD_queue_response(conn, (unsigned int)status, r);
    MHD_destroy_response(r);
    return ret;
}

static enum MHD_Result send_json(struct MHD_Connection *conn, int status, json_t *j, int close)
{
    char *text = json_dumps(j, JSON_COMPACT | JSON_REAL_PRECISION(6));
    if (text == NULL)
        return respond(conn, 500, "application/json", "{\"error\":\"out of memory\"}", 25, 0, 1);
    enum MHD_Result r = respond(conn, status, "application/json; charset=utf-8", text,
                             strlen(text), 1, close);
    free(text);
    return r;
}

static enum MHD_Result send_error(struct MHD_Connection *conn, int status, const char *msg)
{
    json_t *j = json_pack("{s:s}", "error", msg);
    enum MHD_Result r = send_json(conn, status, j, status == 413);
    json_decref(j);
    return r;
}

static const cn_asset *asset_for(const char *url)
{
    static const char *const pages[][2] = {
        {"/", "/index.html"}, {"/teacher", "/teacher.html"}, {"/projector", "/projector.html"},
        {"/brief", "/brief.html"}, {"/favicon.ico", "/favicon.svg"}};
    const char *want = url;
    for (size_t k = 0; k < sizeof pages / sizeof pages[0]; k++)
        if (strcmp(url, pages[k][0]) == 0)
            want = pages[k][1];
    for (const cn_asset *a = cn_assets; a->path != NULL; a++)
        if (strcmp(a->path, want) == 0)
            return a;
    return NULL;
}

static void client_addr(struct MHD_Connection *conn, char *buf, size_t size)
{
    const union MHD_ConnectionInfo *ci =
        MHD_get_connection_info(conn, MHD_CONNECTION_INFO_CLIENT_ADDRESS);
    snprintf(buf, size, "?");
    if (ci == NULL || ci->client_addr == NULL)
        return;
    const struct sockaddr *sa = ci->client_addr;
    if (sa->sa_family == AF_INET)
        inet_ntop(AF_INET, &((const struct sockaddr_in *)(const void *)sa)->sin_addr, buf,
                  (socklen_t)size);
    else if (sa->sa_family == AF_INET6)
        inet_ntop(AF_INET6, &((const struct sockaddr_in6 *)(const void *)sa)->sin6_addr, buf,
                  (socklen_t)size);
}

static enum MHD_Result handler(void *cls, struct MHD_Connection *conn, const char *url,
                               const char *method, const char *version, const char *upload,
                               size_t *upload_size, void **con_cls)
{
    cn_classroom *r = cls;
    (void)version;
    request *rq = *con_cls;
    if (rq == NULL) {
        rq = calloc(1, sizeof *rq);
        if (rq == NULL)
            return MHD_NO;
        *con_cls = rq;
        /* a body announced too large is refused before it is read */
        const char *cl = MHD_lookup_connection_value(conn, MHD_HEADER_KIND, "Content-Length");
        if (cl != NULL && strtoull(cl, NULL, 10) > CN_CLASSROOM_MAX_BODY) {
            rq->too_big = 1;
            rq->answered = 1;
            return send_error(conn, 413, "The request is too large.");
        }
        return MHD_YES;
    }
    if (*upload_size > 0) {
        if (rq->answered) {
            *upload_size = 0; /* the answer is queued: what follows is dropped */
            return MHD_YES;
        }
        if (!rq->too_big && rq->len + *upload_size <= CN_CLASSROOM_MAX_BODY) {
            char *b = realloc(rq->body, rq->len + *upload_size + 1);
            if (b == NULL)
                return MHD_NO;
            rq->body = b;
            memcpy(rq->body + rq->len, upload, *upload_size);
            rq->len += *upload_size;
            rq->body[rq->len] = '\0';
        } else {
            rq->too_big = 1;
        }
        *upload_size = 0;
        return MHD_YES;
    }
    if (rq->answered)
        return MHD_YES;
    if (rq->too_big)
        return send_error(conn, 413, "The request is too large.");
    if (strncmp(url, "/api/", 5) != 0) {
        if (strcmp(method, "GET") != 0 && strcmp(method, "HEAD") != 0)
            return send_error(conn, 405, "Only GET for the app's files.");
        const cn_asset *a = asset_for(url);
        if (a == NULL)
            return send_error(conn, 404, "Not found.");
        return respond(conn, 200, a->type, a->data, a->size, 0, 0);
    }
    const char *auth = MHD_lookup_connection_value(conn, MHD_HEADER_KIND, "Authorization");
    const char *token = NULL;
    if (auth != NULL && strncasecmp(auth, "Bearer ", 7) == 0)
        token = auth + 7;
    char addr[64];
    client_addr(conn, addr, sizeof addr);
    json_t *reply = NULL;
    int status = cn_class_handle(r->c, method, url, token, rq->body, rq->len, addr, &reply);
    enum MHD_Result ret = send_json(conn, status, reply, 0);
    json_decref(reply);
    return ret;
}

static void completed(void *cls, struct MHD_Connection *conn, void **con_cls,
                      enum MHD_RequestTerminationCode toe)
{
    (void)cls;
    (void)conn;
    (void)toe;
    request *rq = *con_cls;
    if (rq != NULL) {
        free(rq->body);
        free(rq);
        *con_cls = NULL;
    }
}

static void *timer_main(void *arg)
{
    cn_classroom *r = arg;
    struct timespec ts = {0, CR_TICK_NS};
    while (!atomic_load(&r->stop)) {
        nanosleep(&ts, NULL);
        cn_class_tick(r->c);
    }
    return NULL;
}

static void quiet_log(void *cls, const char *fmt, va_list ap)
{
    (void)cls;
    (void)fmt;
    (void)ap;
}

int cn_classroom_start(cn_class *c, const char *addr, int port, cn_classroom **out, char *msg,
                       size_t size)
{
    *out = NULL;
    struct sockaddr_storage ss;
    memset(&ss, 0, sizeof ss);
    unsigned int flags = MHD_USE_INTERNAL_POLLING_THREAD | MHD_USE_AUTO;
    if (port < 0 || port > 65535) {
        snprintf(msg, size, "port %d: from 0 to 65535", port);
        return CN_EINPUT;
    }
    struct sockaddr_in *s4 = (struct sockaddr_in *)(void *)&ss;
    struct sockaddr_in6 *s6 = (struct sockaddr_in6 *)(void *)&ss;
    if (inet_pton(AF_INET, addr, &s4->sin_addr) == 1) {
        s4->sin_family = AF_INET;
        s4->sin_port = htons((uint16_t)port);
    } else if (inet_pton(AF_INET6, addr, &s6->sin6_addr) == 1) {
        s6->sin6_family = AF_INET6;
        s6->sin6_port = htons((uint16_t)port);
        flags |= MHD_USE_IPv6;
    } else {
        snprintf(msg, size, "'%s' is not an IP address (e.g. 127.0.0.1, 0.0.0.0, ::1)", addr);
        return CN_EINPUT;
    }
    cn_classroom *r = calloc(1, sizeof *r);
    if (r == NULL)
        return CN_ENOMEM;
    r->c = c;
    atomic_init(&r->stop, 0);
    r->d = MHD_start_daemon(
        flags, (uint16_t)port, NULL, NULL, handler, r, MHD_OPTION_SOCK_ADDR, &ss,
        MHD_OPTION_THREAD_POOL_SIZE, (unsigned int)CN_CLASSROOM_THREADS,
        MHD_OPTION_CONNECTION_LIMIT, (unsigned int)CR_CONNECTIONS,
        MHD_OPTION_CONNECTION_TIMEOUT, (unsigned int)CR_TIMEOUT,
        MHD_OPTION_CONNECTION_MEMORY_LIMIT, (size_t)32768, MHD_OPTION_NOTIFY_COMPLETED,
        completed, NULL, MHD_OPTION_EXTERNAL_LOGGER, quiet_log, NULL, MHD_OPTION_END);
    if (r->d == NULL) {
        snprintf(msg, size, "cannot listen on %s port %d (in use, or not this machine's "
                 "address)", addr, port);
        free(r);
        return CN_EIO;
    }
    const union MHD_DaemonInfo *di = MHD_get_daemon_info(r->d, MHD_DAEMON_INFO_BIND_PORT);
    r->port = di != NULL ? di->port : port;
    if (pthread_create(&r->timer, NULL, timer_main, r) != 0) {
        MHD_stop_daemon(r->d);
        free(r);
        return CN_ETHREAD;
    }
    r->timer_started = 1;
    *out = r;
    return CN_OK;
}

int cn_classroom_port(const cn_classroom *r)
{
    return r->port;
}

void cn_classroom_stop(cn_classroom *r)
{
    if (r == NULL)
        return;
    atomic_store(&r->stop, 1);
    if (r->timer_started)
        pthread_join(r->timer, NULL);
    MHD_stop_daemon(r->d);
    free(r);
}
