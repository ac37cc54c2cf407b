/* outfile.c - where results may be written, so that none is ever lost
 * (cn_outfile.h).
 *
 * DESIGN.  Outputs are replaced by rename(2) only (cn_afile), so this
 * module decides what may be replaced (cn_outfile_check), who may write
 * (cn_outfile_lock_take), and how a set of files changes at once (the
 * manifest and the commit journal).  The journal is one line per file,
 * "TEMPORARY DESTINATION" (names inside the folder), written to a
 * temporary file, fsynced and renamed to CN_OUTFILE_JOURNAL: that rename
 * is the commit.  Replaying it (rename each temporary file that still
 * exists over its destination, then remove the journal) is idempotent, so
 * a writer killed at any moment leaves either the old set (no journal) or
 * a journal the next writer replays into the new set.
 *
 * Signals.  The handler is the one place that runs asynchronously.  It
 * touches only lock-free atomics, the fixed table of tracked temporary
 * paths and async-signal-safe calls (unlink, sigaction, raise).  A slot
 * of the table is claimed (0 -> 1), filled, then published (1 -> 2); the
 * handler removes published paths only.  Slots are claimed and released
 * by the thread that opens and commits files (the main thread in the
 * CLI), so a path is never rewritten while the handler may read it,
 * except in the instant a file is committed as the process is killed.
 */
#include "cn_outfile.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#define OUTFILE_PATH 4096
#define OUTFILE_HEAD 16384 /* bytes read to recognise one of our files */
#define OUTFILE_TEMPS 32   /* temporary files tracked at once */
#define OUTFILE_SET_MAX 16 /* files in one result set */
#define OUTFILE_SUFFIX ".tmp.XXXXXX"

/* ---- may this path be written? ---------------------------------------- */

/* 1 if the n bytes at h contain needle. */
static int contains(const char *h, size_t n, const char *needle)
{
    size_t k = strlen(needle);
    for (size_t i = 0; i + k <= n; i++)
        if (memcmp(h + i, needle, k) == 0)
            return 1;
    return 0;
}

static int starts(const char *h, size_t n, const char *prefix)
{
    size_t k = strlen(prefix);
    return n >= k && memcmp(h, prefix, k) == 0;
}

/* How every text file cybernorms writes begins (the first OUTFILE_HEAD
 * bytes): results and resolved scenarios ("# cybernorms ..."), the
 * summary's Markdown, the exports of a store in each format, the HTML
 * pages, the manifest. */
static int head_is_ours(const char *h, size_t n)
{
    static const char *const prefixes[] = {
        "# cybernorms ",        /* runs.csv, summary.csv, scenario.cfg, manifest */
        "# What-if: ",          /* export --format md */
        "point,runs,",          /* export --format csv */
        "% What-if tables of ", /* export --format tex */
    };
    if (n == 0)
        return 1; /* nothing to lose */
    for (size_t i = 0; i < sizeof prefixes / sizeof prefixes[0]; i++)
        if (starts(h, n, prefixes[i]))
            return 1;
    if (starts(h, n, "<!DOCTYPE html>") && contains(h, n, "cybernorms"))
        return 1; /* reports, export --format html */
    if (starts(h, n, "# ") && contains(h, n, "\n- cybernorms "))
        return 1; /* summary.md */
    const char *nl = memchr(h, '\n', n);
    size_t first = nl != NULL ? (size_t)(nl - h) : n;
    return contains(h, first, ": what-if (") && contains(h, first, "replications per point");
}

static int sqlite_magic(const char *h, size_t n)
{
    return n >= 16 && memcmp(h, "SQLite format 3", 16) == 0;
}

/* Reads the first bytes of the regular file at path into buf (size - 1
 * at most, NUL-terminated); the length, or -1.  Never blocks on a FIFO
 * and never follows a final symbolic link. */
static long read_head(const char *path, char *buf, size_t size)
{
    int fd = open(path, O_RDONLY | O_NONBLOCK | O_NOFOLLOW | O_CLOEXEC);
    if (fd < 0)
        return -1;
    struct stat sb;
    long n = 0;
    if (fstat(fd, &sb) != 0 || !S_ISREG(sb.st_mode)) {
        close(fd);
        return -1;
    }
    while ((size_t)n < size - 1) {
        ssize_t k = read(fd, buf + n, size - 1 - (size_t)n);
        if (k < 0 && errno == EINTR)
            continue;
        if (k <= 0)
            break;
        n += (long)k;
    }
    close(fd);
    buf[n] = '\0';
    return n;
}

int cn_outfile_is_ours(const char *path)
{
    char *buf = malloc(OUTFILE_HEAD + 1);
    if (buf == NULL)
        return 0;
    long n = read_head(path, buf, OUTFILE_HEAD + 1);
    int ours = n >= 0 && head_is_ours(buf, (size_t)n);
    free(buf);
    return ours;
}

int cn_outfile_same(const char *a, const char *b)
{
    struct stat x, y;
    return a != NULL && b != NULL && stat(a, &x) == 0 && stat(b, &y) == 0 && x.st_dev == y.st_dev
           && x.st_ino == y.st_ino;
}

static const char *kind_of(mode_t m)
{
    if (S_ISLNK(m))
        return "a symbolic link";
    if (S_ISDIR(m))
        return "a folder";
    if (S_ISCHR(m) || S_ISBLK(m))
        return "a device";
    if (S_ISFIFO(m))
        return "a FIFO (named pipe)";
    if (S_ISSOCK(m))
        return "a socket";
    return S_ISREG(m) ? NULL : "not a regular file";
}

int cn_outfile_check(const char *path, int flags, const char *const *inputs, int n_inputs,
                     cn_diag *d)
{
    for (int i = 0; i < n_inputs; i++)
        if (inputs[i] != NULL && cn_outfile_same(path, inputs[i]))
            return cn_diag_set(d, path, 0, NULL, "is also an input of this command (the same "
                                                 "file as '%s'); not replaced: name another "
                                                 "output", inputs[i]);
    struct stat sb;
    if (lstat(path, &sb) != 0)
        return CN_OK; /* nothing there (if it cannot be reached, creating it says why) */
    const char *kind = kind_of(sb.st_mode);
    if (kind != NULL)
        return cn_diag_set(d, path, 0, NULL, "is %s, not a file cybernorms wrote; not "
                                             "replaced: name a new file, or one cybernorms "
                                             "wrote", kind);
    char *buf = malloc(OUTFILE_HEAD + 1);
    if (buf == NULL)
        return CN_ENOMEM;
    long n = read_head(path, buf, OUTFILE_HEAD + 1);
    int ours = n >= 0 && (head_is_ours(buf, (size_t)n)
                          || ((flags & CN_OUTFILE_STORE) && sqlite_magic(buf, (size_t)n)));
    free(buf);
    if (!ours)
        return cn_diag_set(d, path, 0, NULL, "exists and was not written by cybernorms (it does "
                                             "not begin as cybernorms' files do); not replaced: "
                                             "move it away or name another output");
    if (!(flags & CN_OUTFILE_FORCE))
        return cn_diag_set(d, path, 0, NULL, "already exists; use --force to replace it, or "
                                             "name another output");
    return CN_OK;
}

/* ---- one writer at a time ----------------------------------------------- */

struct cn_outfile_lock {
    int fd;
    char *path;
};

/* The pid written in a lock file, or 0 when it holds none (yet). */
static long holder_pid(int fd)
{
    for (int tries = 0; tries < 5; tries++) {
        char buf[32];
        ssize_t k = pread(fd, buf, sizeof buf - 1, 0);
        if (k > 0) {
            buf[k] = '\0';
            long pid = strtol(buf, NULL, 10);
            if (pid > 0)
                return pid;
        }
        /* the holder may be between locking and writing its pid */
        struct timespec nap = {0, 20 * 1000 * 1000};
        nanosleep(&nap, NULL);
    }
    return 0;
}

int cn_outfile_lock_take(const char *path, const char *what, cn_outfile_lock **out, cn_diag *d)
{
    *out = NULL;
    /* A holder removes the lock file before it lets go, so a file locked
     * here may already be gone from its name: then it is locked again. */
    for (int tries = 0; tries < 10; tries++) {
        int fd = open(path, O_RDWR | O_CREAT | O_NOFOLLOW | O_CLOEXEC, 0666);
        if (fd < 0) {
            int e = errno;
            cn_diag_set(d, NULL, 0, NULL, "cannot create the lock file %s: %s", path,
                        strerror(e));
            errno = e;
            return CN_EIO;
        }
        if (flock(fd, LOCK_EX | LOCK_NB) != 0) {
            int e = errno;
            if (e == EWOULDBLOCK || e == EAGAIN) {
                long pid = holder_pid(fd);
                close(fd);
                char who[48] = "";
                if (pid > 0)
                    snprintf(who, sizeof who, " (pid %ld)", pid);
                return cn_diag_set(d, NULL, 0, NULL, "%s is being written by another cybernorms "
                                                     "process%s; wait until it has finished, "
                                                     "then try again", what, who);
            }
            close(fd);
            cn_diag_set(d, NULL, 0, NULL, "cannot lock %s: %s", path, strerror(e));
            errno = e;
            return CN_EIO;
        }
        struct stat a, b;
        if (fstat(fd, &a) == 0 && stat(path, &b) == 0 && a.st_dev == b.st_dev
            && a.st_ino == b.st_ino) {
            cn_outfile_lock *l = calloc(1, sizeof *l);
            size_t n = strlen(path) + 1;
            char *p = malloc(n);
            char pid[32];
            int k = snprintf(pid, sizeof pid, "%ld\n", (long)getpid());
            if (l == NULL || p == NULL || ftruncate(fd, 0) != 0
                || write(fd, pid, (size_t)k) != (ssize_t)k) {
                int e = errno;
                free(l);
                free(p);
                unlink(path);
                close(fd);
                cn_diag_set(d, NULL, 0, NULL, "cannot write the lock file %s: %s", path,
                            strerror(e));
                return CN_EIO;
            }
            memcpy(p, path, n);
            l->fd = fd;
            l->path = p;
            *out = l;
            return CN_OK;
        }
        close(fd);
    }
    cn_diag_set(d, NULL, 0, NULL, "cannot lock %s: the lock file keeps being replaced", path);
    return CN_EIO;
}

void cn_outfile_lock_release(cn_outfile_lock *l)
{
    if (l == NULL)
        return;
    unlink(l->path); /* while still held: see cn_outfile_lock_take */
    close(l->fd);
    free(l->path);
    free(l);
}

/* ---- result sets ------------------------------------------------------------ */

static const char *base_name(const char *path)
{
    const char *s = strrchr(path, '/');
    return s != NULL ? s + 1 : path;
}

/* dir + "/" + name into buf; 0, or -1 (ENAMETOOLONG) when it does not fit. */
static int join(char *buf, size_t size, const char *dir, const char *name)
{
    int k = snprintf(buf, size, "%s/%s", dir, name);
    if (k < 0 || (size_t)k >= size) {
        errno = ENAMETOOLONG;
        return -1;
    }
    return 0;
}

/* Size and FNV-1a hash of the file at path; CN_OK or CN_EIO (errno). */
static int hash_file(const char *path, long long *size, unsigned long long *hash)
{
    int fd = open(path, O_RDONLY | O_CLOEXEC);
    if (fd < 0)
        return CN_EIO;
    char buf[16384];
    unsigned long long h = CN_OUTPUT_HASH_INIT;
    long long n = 0;
    for (;;) {
        ssize_t k = read(fd, buf, sizeof buf);
        if (k < 0 && errno == EINTR)
            continue;
        if (k < 0) {
            int e = errno;
            close(fd);
            errno = e;
            return CN_EIO;
        }
        if (k == 0)
            break;
        h = cn_output_hash_more(h, buf, (size_t)k);
        n += k;
    }
    close(fd);
    *size = n;
    *hash = h;
    return CN_OK;
}

/* Removes every file of the set; they are all set to NULL. */
static void abort_all(cn_afile **files, int n)
{
    for (int i = 0; i < n; i++) {
        cn_afile_abort(files[i]);
        files[i] = NULL;
    }
}

int cn_outfile_set_prepare(const char *dir, cn_afile **files, int n, int *failed, cn_diag *d)
{
    if (failed != NULL)
        *failed = -1;
    if (n < 1 || n > OUTFILE_SET_MAX) {
        abort_all(files, n > 0 ? n : 0);
        cn_diag_set(d, NULL, 0, NULL, "a result set of %d files", n);
        errno = EINVAL;
        return CN_EINTERNAL;
    }
    long long size[OUTFILE_SET_MAX];
    unsigned long long hash[OUTFILE_SET_MAX];
    cn_afile *man = NULL, *jr = NULL;
    char path[OUTFILE_PATH];
    int bad = -1, e = 0;
    const char *bad_path = NULL;
    /* 1. every file complete and on disk */
    for (int i = 0; i < n && bad < 0; i++)
        if (cn_afile_sync(files[i]) != CN_OK
            || hash_file(cn_afile_tmp_path(files[i]), &size[i], &hash[i]) != CN_OK) {
            bad = i;
            e = errno;
            bad_path = cn_afile_path(files[i]);
        }
    /* 2. the manifest, after them */
    if (bad < 0) {
        if (join(path, sizeof path, dir, CN_OUTFILE_MANIFEST) != 0
            || cn_afile_open(path, &man) != CN_OK) {
            bad = n;
            e = errno;
        } else {
            FILE *m = cn_afile_stream(man);
            fputs("# cybernorms results manifest: the files of one complete set (name, bytes, "
                  "FNV-1a 64 hash)\n# written after them; a file that does not match its line "
                  "is not part of this set\n", m);
            for (int i = 0; i < n; i++)
                fprintf(m, "%s %lld %016llx\n", base_name(cn_afile_path(files[i])), size[i],
                        hash[i]);
            if (cn_afile_sync(man) != CN_OK) {
                bad = n;
                e = errno;
            }
        }
        if (bad == n)
            bad_path = man != NULL ? cn_afile_path(man) : CN_OUTFILE_MANIFEST;
    }
    /* 3. the journal: its rename is the commit */
    if (bad < 0) {
        if (join(path, sizeof path, dir, CN_OUTFILE_JOURNAL) != 0
            || cn_afile_open(path, &jr) != CN_OK) {
            bad = n;
            e = errno;
            bad_path = path;
        } else {
            FILE *j = cn_afile_stream(jr);
            for (int i = 0; i <= n; i++) {
                cn_afile *f = i < n ? files[i] : man;
                fprintf(j, "%s %s\n", base_name(cn_afile_tmp_path(f)), base_name(cn_afile_path(f)));
            }
            /* from here on the files belong to the new set: a signal must
             * not remove them */
            for (int i = 0; i < n; i++)
                cn_afile_untrack(files[i]);
            cn_afile_untrack(man);
            if (cn_afile_commit(jr) != CN_OK) {
                bad = n;
                e = errno;
                bad_path = path;
            }
            jr = NULL;
        }
    }
    if (bad >= 0) {
        /* said before the files (which bad_path may point into) are freed */
        cn_diag_set(d, NULL, 0, NULL, "cannot write %s: %s", bad_path != NULL ? bad_path : dir,
                    strerror(e));
        cn_afile_abort(jr);
        cn_afile_abort(man);
        abort_all(files, n);
        if (failed != NULL)
            *failed = bad;
        errno = e;
        return CN_EIO;
    }
    for (int i = 0; i < n; i++) {
        cn_afile_forget(files[i]);
        files[i] = NULL;
    }
    cn_afile_forget(man);
    return CN_OK;
}

/* 1 if name is a plain file name (no folder part, not . or ..). */
static int plain_name(const char *name)
{
    return name[0] != '\0' && strchr(name, '/') == NULL && strcmp(name, ".") != 0
           && strcmp(name, "..") != 0;
}

/* Replays dir's journal, if any: renames each temporary file that still
 * exists over its destination, then removes the journal. */
static int replay_journal(const char *dir, cn_diag *d)
{
    char jpath[OUTFILE_PATH];
    if (join(jpath, sizeof jpath, dir, CN_OUTFILE_JOURNAL) != 0) {
        cn_diag_set(d, NULL, 0, NULL, "%s: folder name too long", dir);
        return CN_EIO;
    }
    FILE *j = fopen(jpath, "r");
    if (j == NULL) {
        if (errno == ENOENT)
            return CN_OK;
        int e = errno;
        cn_diag_set(d, NULL, 0, NULL, "cannot read %s: %s", jpath, strerror(e));
        errno = e;
        return CN_EIO;
    }
    char line[1024];
    int rc = CN_OK, ln = 0;
    while (rc == CN_OK && fgets(line, sizeof line, j) != NULL) {
        ln++;
        char tmp[512], dst[512], from[OUTFILE_PATH], to[OUTFILE_PATH];
        if (sscanf(line, "%511s %511s", tmp, dst) != 2 || !plain_name(tmp) || !plain_name(dst)
            || strncmp(tmp, dst, strlen(dst)) != 0 || strncmp(tmp + strlen(dst), ".tmp.", 5) != 0) {
            cn_diag_set(d, NULL, 0, NULL, "%s:%d: not a line of a commit journal; check the "
                                          "folder's files, then remove it", jpath, ln);
            rc = CN_EIO;
            break;
        }
        struct stat sb;
        if (join(from, sizeof from, dir, tmp) != 0 || join(to, sizeof to, dir, dst) != 0
            || (lstat(from, &sb) == 0 && rename(from, to) != 0)) {
            int e = errno;
            cn_diag_set(d, NULL, 0, NULL, "cannot move %s/%s into place: %s", dir, tmp,
                        strerror(e));
            rc = CN_EIO;
        }
    }
    fclose(j);
    if (rc != CN_OK)
        return rc;
    cn_output_sync_dir(jpath);
    if (unlink(jpath) != 0 && errno != ENOENT) {
        int e = errno;
        cn_diag_set(d, NULL, 0, NULL, "cannot remove %s: %s", jpath, strerror(e));
        return CN_EIO;
    }
    cn_output_sync_dir(jpath);
    return CN_OK;
}

int cn_outfile_set_finish(const char *dir, cn_diag *d)
{
    return replay_journal(dir, d);
}

int cn_outfile_commit_set(const char *dir, cn_afile **files, int n, int *failed, cn_diag *d)
{
    int rc = cn_outfile_set_prepare(dir, files, n, failed, d);
    return rc == CN_OK ? cn_outfile_set_finish(dir, d) : rc;
}

/* 1 if entry is name + ".tmp." + six characters of mkstemp's alphabet. */
static int stale_temp_of(const char *entry, const char *name)
{
    size_t n = strlen(name), k = sizeof OUTFILE_SUFFIX - 1;
    if (strlen(entry) != n + k || strncmp(entry, name, n) != 0
        || strncmp(entry + n, ".tmp.", 5) != 0)
        return 0;
    for (const char *p = entry + n + 5; *p != '\0'; p++)
        if (!((*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') || (*p >= '0' && *p <= '9')))
            return 0;
    return 1;
}

int cn_outfile_recover(const char *dir, const char *const *names, int n, cn_diag *d)
{
    int rc = replay_journal(dir, d);
    if (rc != CN_OK)
        return rc;
    DIR *dh = opendir(dir);
    if (dh == NULL)
        return CN_OK; /* nothing to clean (writing there will say what is wrong) */
    struct dirent *e;
    while ((e = readdir(dh)) != NULL) {
        int stale = stale_temp_of(e->d_name, CN_OUTFILE_MANIFEST)
                    || stale_temp_of(e->d_name, CN_OUTFILE_JOURNAL);
        for (int i = 0; i < n && !stale; i++)
            stale = stale_temp_of(e->d_name, names[i]);
        char path[OUTFILE_PATH];
        if (stale && join(path, sizeof path, dir, e->d_name) == 0)
            (void)unlink(path); /* best effort: a leftover, not a result */
    }
    closedir(dh);
    return CN_OK;
}

int cn_outfile_verify(const char *dir, int *has_manifest, cn_diag *d)
{
    *has_manifest = 0;
    char path[OUTFILE_PATH];
    struct stat sb;
    if (join(path, sizeof path, dir, CN_OUTFILE_JOURNAL) != 0)
        return cn_diag_set(d, dir, 0, NULL, "folder name too long");
    if (lstat(path, &sb) == 0)
        return cn_diag_set(d, NULL, 0, NULL, "%s/: a replacement of these results was "
                                             "interrupted (%s is left): the next `cybernorms "
                                             "run` into this folder completes it", dir,
                           CN_OUTFILE_JOURNAL);
    if (join(path, sizeof path, dir, CN_OUTFILE_MANIFEST) != 0)
        return cn_diag_set(d, dir, 0, NULL, "folder name too long");
    FILE *m = fopen(path, "r");
    if (m == NULL)
        return CN_OK; /* results of a version without manifests */
    *has_manifest = 1;
    char line[1024];
    int rc = CN_OK, ln = 0;
    while (rc == CN_OK && fgets(line, sizeof line, m) != NULL) {
        ln++;
        if (line[0] == '#')
            continue;
        /* "NAME SIZE HASH" */
        char name[512], file[OUTFILE_PATH], *end = NULL;
        long long want_size = -1, size;
        unsigned long long want_hash = 0, hash;
        size_t k = strcspn(line, " ");
        if (k > 0 && k < sizeof name && line[k] == ' ') {
            memcpy(name, line, k);
            name[k] = '\0';
            errno = 0;
            want_size = strtoll(line + k + 1, &end, 10);
            if (errno == 0 && end != line + k + 1 && *end == ' ')
                want_hash = strtoull(end + 1, &end, 16);
            else
                want_size = -1;
        }
        if (want_size < 0 || errno != 0 || end == NULL || (*end != '\n' && *end != '\0')
            || !plain_name(name)) {
            rc = cn_diag_set(d, path, ln, NULL, "not a line of a results manifest");
            break;
        }
        const char *why = NULL;
        char buf[96];
        if (join(file, sizeof file, dir, name) != 0 || hash_file(file, &size, &hash) != CN_OK) {
            why = "it is missing";
        } else if (size != want_size) {
            snprintf(buf, sizeof buf, "%lld bytes, the manifest says %lld", size, want_size);
            why = buf;
        } else if (hash != want_hash) {
            why = "its contents differ";
        }
        if (why != NULL)
            rc = cn_diag_set(d, NULL, 0, NULL, "%s/%s does not match the results manifest (%s): "
                                               "the folder does not hold one complete set of "
                                               "results; run again with --force to replace them",
                             dir, name, why);
    }
    fclose(m);
    return rc;
}

/* ---- signals ------------------------------------------------------------------ */

/* Written only by the signal handler (stop_signal) and by the main thread
 * before threads start or between runs; read anywhere: lock-free atomics. */
_Static_assert(ATOMIC_INT_LOCK_FREE == 2, "atomic_int must be lock-free for the signal handler");
static atomic_int stop_signal;
static atomic_int graceful;
/* The tracked temporary files: slot state 0 free, 1 being filled, 2 live. */
static atomic_int temp_state[OUTFILE_TEMPS];
static char temp_path[OUTFILE_TEMPS][OUTFILE_PATH];

static const int fatal_signals[] = {SIGHUP, SIGINT, SIGQUIT, SIGTERM, SIGPIPE, SIGXFSZ};

int cn_outfile_temp_track(const char *path)
{
    size_t n = strlen(path);
    if (n >= OUTFILE_PATH)
        return -1;
    for (int i = 0; i < OUTFILE_TEMPS; i++) {
        int free_slot = 0;
        if (atomic_compare_exchange_strong(&temp_state[i], &free_slot, 1)) {
            memcpy(temp_path[i], path, n + 1);
            atomic_store(&temp_state[i], 2);
            return i;
        }
    }
    return -1;
}

void cn_outfile_temp_untrack(int slot)
{
    if (slot >= 0 && slot < OUTFILE_TEMPS)
        atomic_store(&temp_state[slot], 0);
}

static void on_fatal(int signo)
{
    int saved = errno;
    if (atomic_load(&graceful)) {
        if (signo == SIGPIPE || signo == SIGXFSZ) {
            errno = saved; /* the write that failed reports it (EPIPE, EFBIG) */
            return;
        }
        int none = 0;
        if (atomic_compare_exchange_strong(&stop_signal, &none, signo)) {
            errno = saved; /* the command stops at its next check */
            return;
        }
    }
    for (int i = 0; i < OUTFILE_TEMPS; i++)
        if (atomic_load(&temp_state[i]) == 2)
            (void)unlink(temp_path[i]);
    struct sigaction sa = {0};
    sa.sa_handler = SIG_DFL;
    sigemptyset(&sa.sa_mask);
    (void)sigaction(signo, &sa, NULL);
    (void)raise(signo); /* delivered, with the default action, once this returns */
    errno = saved;
}

int cn_outfile_signals_install(void)
{
    for (size_t i = 0; i < sizeof fatal_signals / sizeof fatal_signals[0]; i++) {
        struct sigaction old, sa = {0};
        if (sigaction(fatal_signals[i], NULL, &old) != 0)
            return CN_EIO;
        if (old.sa_handler == SIG_IGN)
            continue; /* ignored by whoever started us (nohup): left so */
        sa.sa_handler = on_fatal;
        sigemptyset(&sa.sa_mask);
        sa.sa_flags = SA_RESTART;
        if (sigaction(fatal_signals[i], &sa, NULL) != 0)
            return CN_EIO;
    }
    return CN_OK;
}

void cn_outfile_graceful(int on)
{
    if (on)
        atomic_store(&stop_signal, 0);
    atomic_store(&graceful, on != 0);
}

atomic_int *cn_outfile_stop_flag(void)
{
    return &stop_signal;
}
