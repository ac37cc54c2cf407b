/* http_client.h - a minimal HTTP/1.1 client for the classroom's tests and
 * its load benchmark: one request per connection (Connection: close) to a
 * server on this machine's loopback, the whole answer read into memory,
 * its status and body split out.  Also starting the CLI's `classroom` in
 * a child process and reading the port it prints.  Header-only (static
 * inline, prefix hc_); every function is safe from any thread (no state
 * outside its arguments).  Not a general client: it reads answers with a
 * Content-Length (what libmicrohttpd sends for the classroom) or to EOF.
 */
#ifndef CN_HTTP_CLIENT_H
#define CN_HTTP_CLIENT_H

#include <arpa/inet.h>
#include <errno.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/time.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

typedef struct {
    int status;   /* HTTP status, or -1 when the connection failed */
    char *body;   /* malloc'd, NUL-terminated (may be "") */
    size_t len;
} hc_reply;

static inline void hc_free(hc_reply *r)
{
    free(r->body);
    r->body = NULL;
}

/* Sends raw bytes (a whole request, as is) and reads the answer. */
static inline hc_reply hc_raw(int port, const char *req, size_t req_len)
{
    hc_reply r = {-1, NULL, 0};
    int fd = socket(AF_INET, SOCK_STREAM, 0);
    if (fd < 0)
        return r;
    struct sockaddr_in a;
    memset(&a, 0, sizeof a);
    a.sin_family = AF_INET;
    a.sin_port = htons((unsigned short)port);
    a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    struct timeval tv = {30, 0};
    setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof tv);
    setsockopt(fd, SOL_SOCKET, SO_SNDTIMEO, &tv, sizeof tv);
    if (connect(fd, (struct sockaddr *)&a, sizeof a) != 0) {
        close(fd);
        return r;
    }
    size_t sent = 0;
    while (sent < req_len) {
        ssize_t k = send(fd, req + sent, req_len - sent, MSG_NOSIGNAL);
        if (k <= 0)
            break; /* the server may answer (413) before reading it all */
        sent += (size_t)k;
    }
    size_t cap = 8192, n = 0;
    char *buf = malloc(cap + 1);
    for (;;) {
        if (buf == NULL)
            break;
        if (n == cap) {
            char *b = realloc(buf, 2 * cap + 1);
            if (b == NULL) {
                free(buf);
                buf = NULL;
                break;
            }
            buf = b;
            cap *= 2;
        }
        ssize_t k = recv(fd, buf + n, cap - n, 0);
        if (k <= 0)
            break;
        n += (size_t)k;
    }
    close(fd);
    if (buf == NULL)
        return r;
    buf[n] = '\0';
    int status = 0;
    if (sscanf(buf, "HTTP/1.%*d %d", &status) != 1) {
        free(buf);
        return r;
    }
    char *body = strstr(buf, "\r\n\r\n");
    body = body != NULL ? body + 4 : buf + n;
    r.status = status;
    r.len = (size_t)(buf + n - body);
    r.body = malloc(r.len + 1);
    if (r.body != NULL) {
        memcpy(r.body, body, r.len);
        r.body[r.len] = '\0';
    }
    free(buf);
    return r;
}

/* A request: method, path, bearer token (NULL: none) and a body (NULL:
 * none). */
static inline hc_reply hc_request(int port, const char *method, const char *path,
                                  const char *token, const char *body)
{
    size_t blen = body != NULL ? strlen(body) : 0;
    size_t cap = strlen(path) + blen + 512;
    char *req = malloc(cap);
    if (req == NULL)
        return (hc_reply){-1, NULL, 0};
    int k = snprintf(req, cap,
                     "%s %s HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n"
                     "%s%s%s"
                     "Content-Type: application/json\r\nContent-Length: %zu\r\n\r\n",
                     method, path, token != NULL ? "Authorization: Bearer " : "",
                     token != NULL ? token : "", token != NULL ? "\r\n" : "", blen);
    if (blen > 0)
        memcpy(req + k, body, blen);
    hc_reply r = hc_raw(port, req, (size_t)k + blen);
    free(req);
    return r;
}

/* The string value of "key":"..." in a JSON text into out (no escapes
 * handled: tokens, codes, phases); 0 if absent. */
static inline int hc_json_str(const char *json, const char *key, char *out, size_t size)
{
    char pat[128];
    snprintf(pat, sizeof pat, "\"%s\":\"", key);
    const char *p = json != NULL ? strstr(json, pat) : NULL;
    if (p == NULL)
        return 0;
    p += strlen(pat);
    size_t n = strcspn(p, "\"");
    if (n >= size)
        n = size - 1;
    memcpy(out, p, n);
    out[n] = '\0';
    return 1;
}

/* The integer value of "key":N; dflt if absent. */
static inline long hc_json_int(const char *json, const char *key, long dflt)
{
    char pat[128];
    snprintf(pat, sizeof pat, "\"%s\":", key);
    const char *p = json != NULL ? strstr(json, pat) : NULL;
    if (p == NULL)
        return dflt;
    p += strlen(pat);
    char *end;
    long v = strtol(p, &end, 10);
    return end == p ? dflt : v;
}

/* Counts the occurrences of needle in hay. */
static inline int hc_count(const char *hay, const char *needle)
{
    int n = 0;
    size_t l = strlen(needle);
    for (const char *p = hay != NULL ? strstr(hay, needle) : NULL; p != NULL; p = strstr(p + l, needle))
        n++;
    return n;
}

/* A running `cybernorms classroom`: its pid, port, code and tokens. */
typedef struct {
    pid_t pid;
    FILE *out; /* the server's standard output, read until it stops */
    int port;
    char code[16];
    char teacher[40], viewer[40];
} hc_server;

/* Starts BIN classroom with args (NULL-terminated, after "classroom") in a
 * child, with its stdout read until the addresses are printed.  0 on
 * success. */
static inline int hc_server_start(const char *bin, const char *const *args, hc_server *s)
{
    int p[2];
    memset(s, 0, sizeof *s);
    if (pipe(p) != 0)
        return -1;
    pid_t pid = fork();
    if (pid < 0)
        return -1;
    if (pid == 0) {
        const char *argv[40];
        int n = 0;
        argv[n++] = bin;
        argv[n++] = "classroom";
        for (int k = 0; args[k] != NULL && n < 38; k++)
            argv[n++] = args[k];
        argv[n] = NULL;
        dup2(p[1], STDOUT_FILENO);
        close(p[0]);
        close(p[1]);
        execv(bin, (char *const *)argv);
        _exit(127);
    }
    close(p[1]);
    s->pid = pid;
    FILE *f = fdopen(p[0], "r");
    if (f == NULL)
        return -1;
    char line[512];
    int got = 0;
    while (got < 3 && fgets(line, sizeof line, f) != NULL) {
        char *t;
        if (sscanf(line, "Class code: %15s", s->code) == 1)
            got++;
        else if ((t = strstr(line, "Students open: http://127.0.0.1:")) != NULL)
            s->port = atoi(t + strlen("Students open: http://127.0.0.1:"));
        else if ((t = strstr(line, "/teacher#")) != NULL) {
            sscanf(t + 9, "%39[0-9a-f]", s->teacher);
            got++;
        } else if ((t = strstr(line, "/projector#")) != NULL) {
            sscanf(t + 11, "%39[0-9a-f]", s->viewer);
            got++;
        }
    }
    /* kept open until the server stops (the server writes little after
     * this, well within a pipe's buffer): a closed pipe would make its
     * later prints fail, and the server exit 1 for the lost output */
    s->out = f;
    return got == 3 && s->port > 0 ? 0 : -1;
}

/* Stops the server with sig and reaps it; returns its wait status. */
static inline int hc_server_stop(hc_server *s, int sig)
{
    int st = 0;
    if (s->pid > 0) {
        kill(s->pid, sig);
        waitpid(s->pid, &st, 0);
        s->pid = 0;
    }
    if (s->out != NULL) {
        fclose(s->out);
        s->out = NULL;
    }
    return st;
}

#endif
