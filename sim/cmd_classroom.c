/* cmd_classroom.c - `cybernorms classroom FILE [--port N] [--listen ADDR]
 * [--class FILE.sqlite] [--replications N] [--seed N] [--set KEY=VALUE]...`:
 * a class of students, each on their own device, plays FILE in the browser
 * (cn_class.h, cn_classroom.h).  Argument parsing, the addresses to open,
 * and waiting for Ctrl-C only. */
#define _DEFAULT_SOURCE /* getifaddrs */
#include <arpa/inet.h>
#include <errno.h>
#include <ifaddrs.h>
#include <netinet/in.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/stat.h>

#include "cn_class.h"
#include "cn_classroom.h"
#include "cn_cli.h"
#include "cn_cmdline.h"
#include "cn_error.h"

#define V "a value"
static const cn_cmdline_option options[] = {
    {"--port", V, 0},         {"--listen", V, 0}, {"--class", "a file name", 0},
    {"--replications", V, 0}, {"--seed", V, 0},   {"--set", V, 0},
    {"--help", NULL, 0},      {"-h", NULL, 1},
};
#undef V

typedef struct {
    const char *file, *listen, *class_path;
    long port;
    cn_cmdline_sets sets;
    long replications;
    int help;
} classroom_args;

static int parse_args(int argc, char **argv, classroom_args *a, cn_diag *d)
{
    cn_cmdline c;
    cn_cmdline_init(&c, "classroom", options, (int)(sizeof options / sizeof options[0]),
                    CN_CMDLINE_EQUALS, argc, argv, 1);
    cn_cmdline_arg arg;
    int rc;
    while ((rc = cn_cmdline_next_option(&c, &arg, &a->file, &a->help, d)) == CN_OK
           && arg.text != NULL) {
        const char *v = arg.text;
        if (cn_cmdline_is(&arg, "--port")) {
            rc = cn_cmdline_long_option(&c, "--port", v, 0, 65535, &a->port, d);
        } else if (cn_cmdline_is(&arg, "--listen")) {
            a->listen = v;
        } else if (cn_cmdline_is(&arg, "--class")) {
            a->class_path = v;
        } else if (cn_cmdline_is(&arg, "--replications")) {
            rc = cn_cmdline_long_option(&c, "--replications", v, 1, 1000000, &a->replications, d);
        } else if (cn_cmdline_is(&arg, "--seed")) {
            rc = cn_cmdline_sets_seed(&c, &a->sets, v, d);
        } else {
            rc = cn_cmdline_sets_add(&c, &a->sets, v, d);
        }
        if (rc != CN_OK)
            return rc;
    }
    if (rc != CN_OK || a->help)
        return rc;
    if (a->file == NULL && a->class_path == NULL)
        return cn_cmdline_error(&c, d, "a scenario FILE is needed (or --class FILE.sqlite of a "
                                       "class to resume)");
    return CN_OK;
}

/* results/NAME-class.sqlite for scenario path FILE (NAME: its base name). */
static void default_class_path(const char *file, char *buf, size_t size)
{
    if (file == NULL)
        file = "class";
    const char *base = strrchr(file, '/');
    base = base != NULL ? base + 1 : file;
    size_t n = strcspn(base, ".");
    mkdir("results", 0777);
    snprintf(buf, size, "results/%.*s-class.sqlite", (int)n, base);
}

/* The addresses students can open: the machine's IPv4 addresses when
 * listening on every interface, else the one given. */
static void print_urls(const char *listen, int port, const char *code, const char *teacher,
                       const char *viewer)
{
    char host[INET6_ADDRSTRLEN + 2];
    int any = strcmp(listen, "0.0.0.0") == 0 || strcmp(listen, "::") == 0;
    if (strchr(listen, ':') != NULL)
        snprintf(host, sizeof host, "[%s]", listen);
    else
        snprintf(host, sizeof host, "%s", any ? "127.0.0.1" : listen);
    printf("Class code: %s\n", code);
    printf("Students open: http://%s:%d/  and type the class code.\n", host, port);
    if (any) {
        struct ifaddrs *ifs;
        if (getifaddrs(&ifs) == 0) {
            for (struct ifaddrs *p = ifs; p != NULL; p = p->ifa_next) {
                if (p->ifa_addr == NULL || p->ifa_addr->sa_family != AF_INET)
                    continue;
                char a[INET_ADDRSTRLEN];
                inet_ntop(AF_INET, &((struct sockaddr_in *)(void *)p->ifa_addr)->sin_addr, a,
                          sizeof a);
                if (strncmp(a, "127.", 4) != 0)
                    printf("  on the room's network: http://%s:%d/  (%s)\n", a, port,
                           p->ifa_name);
            }
            freeifaddrs(ifs);
        }
    } else if (strcmp(listen, "127.0.0.1") == 0 || strcmp(listen, "::1") == 0) {
        printf("  (this machine only; for a room, add --listen 0.0.0.0)\n");
    }
    printf("Teacher's console (keep it secret): http://%s:%d/teacher#%s\n", host, port, teacher);
    printf("Projector: http://%s:%d/projector#%s\n", host, port, viewer);
    printf("Role briefs to print: http://%s:%d/brief#%s\n", host, port, teacher);
    printf("Stop with Ctrl-C; the class is kept in its file and resumes on the next start.\n");
    fflush(stdout);
}

int cn_cmd_classroom(int argc, char **argv)
{
    classroom_args a;
    memset(&a, 0, sizeof a);
    a.port = 8080;
    a.listen = "127.0.0.1";
    cn_diag d;
    cn_diag_clear(&d);
    if (parse_args(argc, argv, &a, &d) != CN_OK)
        return cn_cmdline_usage("classroom", &d);
    if (a.help) {
        fputs(cn_cmd_classroom_help, stdout);
        return 0;
    }
    char path[1024];
    if (a.class_path != NULL)
        snprintf(path, sizeof path, "%s", a.class_path);
    else
        default_class_path(a.file, path, sizeof path);
    cn_class_opts co;
    cn_class_defaults(&co);
    if (a.replications > 0)
        co.replications = a.replications;
    cn_class *c = NULL;
    int resumed = 0;
    int rc = cn_class_open(path, a.file, a.sets.v, a.sets.n, &co, &c, &resumed, &d);
    if (rc != CN_OK)
        return cn_cmdline_fail("classroom", rc, &d);
    if (resumed)
        printf("Resuming the class kept in %s (for a new class: --class NEW.sqlite).\n", path);
    else
        printf("A new class of %s, kept in %s.\n", a.file, path);
    /* signals go to this thread only: blocked before any thread starts;
     * a closed terminal or pipe must not stop the class */
    sigset_t set;
    cn_cmdline_stop_block(&set);
    cn_classroom *r = NULL;
    char msg[256];
    rc = cn_classroom_start(c, a.listen, (int)a.port, &r, msg, sizeof msg);
    if (rc != CN_OK) {
        cn_cmdline_say("classroom: %s", rc == CN_EINPUT || rc == CN_EIO ? msg : cn_strerror(rc));
        cn_class_free(c);
        return rc == CN_EINPUT ? 2 : 1;
    }
    char code[16], teacher[CN_CLASS_TOKEN], viewer[CN_CLASS_TOKEN];
    cn_class_code(c, code, sizeof code);
    cn_class_teacher_token(c, teacher);
    cn_class_viewer_token(c, viewer);
    print_urls(a.listen, cn_classroom_port(r), code, teacher, viewer);
    int sig = cn_cmdline_stop_wait(&set);
    printf("\nStopping (signal %d); the class is kept in %s.\n", sig, path);
    cn_classroom_stop(r);
    cn_class_free(c);
    return 0;
}

const char cn_cmd_classroom_help[] =
    "usage: cybernorms classroom FILE [--port N] [--listen ADDR] [--class FILE.sqlite]\n"
    "                            [--replications N] [--seed N] [--set KEY=VALUE]...\n"
    "\n"
    "A class plays scenario FILE in the browser: every student on their own\n"
    "device (phone or laptop) plays a state, the model plays every other one.\n"
    "Prints the address students open (with the class code), the teacher's\n"
    "secret console (set up, assign states, start, pause, advance, countdown,\n"
    "inject news, see who has acted, the debrief), the projector's view and\n"
    "the role briefs to print.  Everything is kept in the class file, one\n"
    "transaction per move: stop the server (or lose it) and start it again\n"
    "with the same --class to resume where the class was.\n"
    "\n"
    "options:\n"
    "  --port N             port (default 8080; 0: any free port)\n"
    "  --listen ADDR        address to listen on (default 127.0.0.1: this machine\n"
    "                       only; 0.0.0.0 for the room's network)\n"
    "  --class FILE.sqlite  the class file (default results/NAME-class.sqlite);\n"
    "                       an existing class in it is resumed\n"
    "  --replications N     replications of the debrief (default 1000)\n"
    "  --seed N             master seed (run.seed; the teacher can change it)\n"
    "  --set KEY=VALUE      override a setting (repeatable)\n"
    "See docs/teaching.md for a 90-minute plan.\n";
