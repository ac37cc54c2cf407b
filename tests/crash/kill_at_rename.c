/* kill_at_rename.c - an LD_PRELOAD shim for tests/test_crash.c: the
 * process kills itself (SIGKILL, as kill -9) just before its n-th call of
 * rename(2), n from CN_KILL_AT_RENAME, so a crash lands exactly between
 * two steps of a commit.  Built by .ci/steps/25-crash.sh; not part of the
 * program. */
#define _GNU_SOURCE
#include <dlfcn.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>

int rename(const char *from, const char *to)
{
    static int calls;
    static int (*real)(const char *, const char *);
    if (real == NULL)
        *(void **)&real = dlsym(RTLD_NEXT, "rename");
    const char *at = getenv("CN_KILL_AT_RENAME");
    if (at != NULL && ++calls == atoi(at))
        raise(SIGKILL);
    return real(from, to);
}
