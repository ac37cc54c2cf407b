/* mpi.c - a sweep's units of work shared among MPI ranks (cn_mpi.h).
 *
 * DESIGN.  Built with -DCN_MPI (make MPI=1) this is the master/worker
 * protocol over a duplicate of MPI_COMM_WORLD; otherwise it is a stub
 * that never initialises MPI, so the ordinary build needs no MPI header.
 *
 * Protocol (all from the main thread of each rank):
 *   master -> worker  TAG_WORK  long[3] {point, first, n}
 *   master -> worker  TAG_STOP  (empty) : leave the worker loop
 *   worker -> master  TAG_DONE  double[1 + n x ncols] {status, rows...}
 *                               (just {status} when status != CN_OK)
 * A worker holds at most one unit, so the master knows which slot an
 * answer belongs to from its source alone.  Slots form a ring of
 * `window` units in commit order: head is the next to commit, tail the
 * next to generate.  A unit is handed to the first idle worker in slot
 * order (the earliest uncommitted first, so the commit never waits on a
 * unit started late); answers are parked in their slot until every
 * earlier slot is committed.  On a commit's non-zero status or a worker's
 * failure the master stops generating, drains the workers' units in
 * flight (discarding them) and releases every worker.
 * Waiting is MPI_Iprobe plus a sleep growing from 20 us to 1 ms: an idle
 * rank costs almost no CPU even when ranks outnumber cores.
 */
#include "cn_mpi.h"

#include <stdlib.h>

#ifdef CN_MPI

#include <mpi.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

#define TAG_WORK 1
#define TAG_STOP 2
#define TAG_DONE 3
#define POLL_MIN_NS 20000L
#define POLL_MAX_NS 1000000L

struct cn_mpi {
    MPI_Comm comm;
    int rank, size;
    int initialised; /* 1 when this module called MPI_Init_thread */
};

/* Whether a launcher started this process as part of an MPI job. */
static int launched_by_mpi(void)
{
    static const char *const vars[] = {
        "OMPI_COMM_WORLD_SIZE", /* Open MPI's mpirun */
        "PMIX_RANK",            /* PMIx: Open MPI >= 4 under srun --mpi=pmix */
        "PMI_RANK",             /* PMI-1/2: MPICH's hydra, srun --mpi=pmi2 */
        "PMI_SIZE",
        "MV2_COMM_WORLD_SIZE",  /* MVAPICH2 */
    };
    for (size_t i = 0; i < sizeof vars / sizeof vars[0]; i++)
        if (getenv(vars[i]) != NULL)
            return 1;
    return 0;
}

int cn_mpi_start(cn_mpi **out, int *rank, int *size)
{
    *out = NULL;
    *rank = 0;
    *size = 1;
    if (!launched_by_mpi())
        return CN_OK;
    cn_mpi *m = calloc(1, sizeof *m);
    if (m == NULL)
        return CN_ENOMEM;
    int flag = 0;
    MPI_Initialized(&flag);
    if (!flag) {
        int provided = 0;
        if (MPI_Init_thread(NULL, NULL, MPI_THREAD_FUNNELED, &provided) != MPI_SUCCESS)
            goto fail;
        m->initialised = 1;
    }
    if (MPI_Comm_dup(MPI_COMM_WORLD, &m->comm) != MPI_SUCCESS)
        goto fail;
    MPI_Comm_rank(m->comm, &m->rank);
    MPI_Comm_size(m->comm, &m->size);
    *out = m;
    *rank = m->rank;
    *size = m->size;
    return CN_OK;
fail:
    if (m->initialised)
        MPI_Finalize();
    free(m);
    return CN_EINTERNAL;
}

void cn_mpi_end(cn_mpi *m)
{
    if (m == NULL)
        return;
    MPI_Comm_free(&m->comm);
    if (m->initialised)
        MPI_Finalize();
    free(m);
}

int cn_mpi_agree(cn_mpi *m, int status, int *worst, int *who)
{
    *worst = status;
    *who = 0;
    if (m == NULL)
        return CN_OK;
    int in[2] = {status, m->rank}, res[2];
    if (MPI_Allreduce(in, res, 1, MPI_2INT, MPI_MAXLOC, m->comm) != MPI_SUCCESS)
        return CN_EINTERNAL;
    *worst = res[0];
    *who = res[1];
    return CN_OK;
}

static void nap(long *ns)
{
    struct timespec ts = {0, *ns};
    nanosleep(&ts, NULL);
    *ns = *ns * 2 > POLL_MAX_NS ? POLL_MAX_NS : *ns * 2;
}

/* Waits for a message from source with tag (MPI_ANY_* allowed). */
static int wait_message(const cn_mpi *m, int source, int tag, MPI_Status *st)
{
    long ns = POLL_MIN_NS;
    for (;;) {
        int flag = 0;
        if (MPI_Iprobe(source, tag, m->comm, &flag, st) != MPI_SUCCESS)
            return CN_EINTERNAL;
        if (flag)
            return CN_OK;
        nap(&ns);
    }
}

/* ---- worker ---------------------------------------------------------------- */

int cn_mpi_worker(cn_mpi *m, int ncols, long max_rows, cn_mpi_run_fn run, void *ctx)
{
    if (m == NULL || ncols < 1 || max_rows < 1 || run == NULL)
        return CN_EINPUT;
    size_t cap = 1 + (size_t)max_rows * (size_t)ncols;
    double *buf = malloc(cap * sizeof *buf);
    int first_failure = buf == NULL ? CN_ENOMEM : CN_OK;
    for (;;) {
        MPI_Status st;
        if (wait_message(m, 0, MPI_ANY_TAG, &st) != CN_OK) {
            first_failure = CN_EINTERNAL;
            break;
        }
        if (st.MPI_TAG == TAG_STOP) {
            MPI_Recv(NULL, 0, MPI_BYTE, 0, TAG_STOP, m->comm, MPI_STATUS_IGNORE);
            break;
        }
        long w[3];
        if (st.MPI_TAG != TAG_WORK
            || MPI_Recv(w, 3, MPI_LONG, 0, TAG_WORK, m->comm, MPI_STATUS_IGNORE) != MPI_SUCCESS) {
            first_failure = CN_EINTERNAL; /* a protocol error: the master has gone wrong */
            break;
        }
        int rc = first_failure;
        if (rc == CN_OK && (w[2] < 1 || w[2] > max_rows || w[0] < 0 || w[0] > 0x7fffffffL))
            rc = CN_EINTERNAL;
        if (rc == CN_OK)
            rc = run(ctx, (int)w[0], w[1], w[2], buf + 1);
        int count = 1;
        if (rc == CN_OK) {
            count = 1 + (int)(w[2] * ncols);
        } else {
            if (first_failure == CN_OK)
                first_failure = rc;
            if (buf == NULL) {
                double status = (double)rc;
                MPI_Send(&status, 1, MPI_DOUBLE, 0, TAG_DONE, m->comm);
                continue;
            }
        }
        buf[0] = (double)rc;
        if (MPI_Send(buf, count, MPI_DOUBLE, 0, TAG_DONE, m->comm) != MPI_SUCCESS) {
            first_failure = CN_EINTERNAL;
            break;
        }
    }
    free(buf);
    return first_failure;
}

/* ---- master ---------------------------------------------------------------- */

enum { SLOT_PENDING = 0, SLOT_ASSIGNED, SLOT_READY };

typedef struct {
    cn_mpi_unit u;
    int state;
    double *buf; /* 1 + max_rows x ncols; allocated when first needed */
} slot;

typedef struct {
    const cn_mpi *m;
    const cn_mpi_master_opts *o;
    int window, workers;
    slot *slots;
    long head, tail;   /* sequence numbers: next commit, next generated */
    long *busy;        /* per rank: the slot it computes, -1 idle */
    int n_busy;
    size_t cap;        /* doubles per slot buffer */
} master;

static slot *slot_at(master *ms, long seq)
{
    return &ms->slots[seq % ms->window];
}

/* Hands pending slots to idle workers, earliest first. */
static int assign(master *ms, int *progressed)
{
    long seq = ms->head;
    for (int w = 1; w < ms->m->size; w++) {
        if (ms->busy[w] >= 0)
            continue;
        while (seq < ms->tail && slot_at(ms, seq)->state != SLOT_PENDING)
            seq++;
        if (seq >= ms->tail)
            return CN_OK;
        slot *s = slot_at(ms, seq);
        if (s->buf == NULL && (s->buf = malloc(ms->cap * sizeof *s->buf)) == NULL)
            return CN_ENOMEM;
        long msg[3] = {s->u.point, s->u.first, s->u.n};
        if (MPI_Send(msg, 3, MPI_LONG, w, TAG_WORK, ms->m->comm) != MPI_SUCCESS)
            return CN_EINTERNAL;
        s->state = SLOT_ASSIGNED;
        ms->busy[w] = seq;
        ms->n_busy++;
        *progressed = 1;
    }
    return CN_OK;
}

/* Receives one worker's answer; *failed: its status when not CN_OK. */
static int receive(master *ms, int keep, int *failed, int *rank)
{
    MPI_Status st;
    *failed = CN_OK;
    if (wait_message(ms->m, MPI_ANY_SOURCE, TAG_DONE, &st) != CN_OK)
        return CN_EINTERNAL;
    int w = st.MPI_SOURCE, count = 0;
    *rank = w;
    if (w < 1 || w >= ms->m->size || ms->busy[w] < 0)
        return CN_EINTERNAL;
    slot *s = slot_at(ms, ms->busy[w]);
    MPI_Get_count(&st, MPI_DOUBLE, &count);
    if (count < 1 || (size_t)count > ms->cap)
        return CN_EINTERNAL;
    if (MPI_Recv(s->buf, count, MPI_DOUBLE, w, TAG_DONE, ms->m->comm, MPI_STATUS_IGNORE)
        != MPI_SUCCESS)
        return CN_EINTERNAL;
    ms->busy[w] = -1;
    ms->n_busy--;
    int status = (int)s->buf[0];
    if (status != CN_OK) {
        *failed = status;
        return CN_OK;
    }
    if ((long)count != 1 + s->u.n * ms->o->ncols)
        return CN_EINTERNAL;
    if (keep)
        s->state = SLOT_READY;
    return CN_OK;
}

static int master_loop(master *ms, int *exit_status)
{
    const cn_mpi_master_opts *o = ms->o;
    int ended = 0, stopping = 0, rc = CN_OK;
    for (;;) {
        int progressed = 0;
        /* generate, in commit order */
        while (!ended && !stopping && ms->tail - ms->head < ms->window) {
            slot *s = slot_at(ms, ms->tail);
            int r = o->next(o->ctx, &s->u);
            if (r == CN_MPI_WAIT) {
                if (ms->tail == ms->head)
                    return CN_EINTERNAL; /* waiting on nothing */
                break;
            }
            if (r != CN_MPI_UNIT) {
                ended = 1;
                break;
            }
            if (s->u.compute && (s->u.n < 1 || s->u.n > o->max_rows))
                return CN_EINTERNAL;
            s->state = s->u.compute ? SLOT_PENDING : SLOT_READY;
            ms->tail++;
            progressed = 1;
        }
        if (!stopping && (rc = assign(ms, &progressed)) != CN_OK)
            return rc;
        /* commit, in order */
        while (!stopping && ms->head < ms->tail && slot_at(ms, ms->head)->state == SLOT_READY) {
            slot *s = slot_at(ms, ms->head);
            int ex = o->commit(o->ctx, &s->u, s->u.compute ? s->buf + 1 : NULL);
            ms->head++;
            progressed = 1;
            if (ex != 0) {
                *exit_status = ex;
                stopping = 1;
            }
        }
        if (progressed)
            continue;
        if (ms->n_busy == 0) {
            if (stopping || (ended && ms->head == ms->tail))
                return CN_OK;
            return CN_EINTERNAL; /* nothing runs, yet nothing can be committed */
        }
        int failed, rank;
        if ((rc = receive(ms, !stopping, &failed, &rank)) != CN_OK)
            return rc;
        if (failed != CN_OK && !stopping) {
            if (o->failed != NULL)
                o->failed(o->ctx, rank, failed);
            else
                fprintf(stderr, "cybernorms: sweep: rank %d failed: %s\n", rank,
                        cn_strerror(failed));
            *exit_status = 1;
            stopping = 1;
        }
    }
}

int cn_mpi_master(cn_mpi *m, const cn_mpi_master_opts *o, int *exit_status)
{
    *exit_status = 1;
    if (m == NULL || o == NULL || o->ncols < 1 || o->max_rows < 1 || o->next == NULL
        || o->commit == NULL || m->rank != 0 || m->size < 2)
        return CN_EINPUT;
    *exit_status = 0;
    master ms;
    memset(&ms, 0, sizeof ms);
    ms.m = m;
    ms.o = o;
    ms.workers = m->size - 1;
    ms.window = o->window > 0 ? o->window : 2 * ms.workers + 2;
    ms.cap = 1 + (size_t)o->max_rows * (size_t)o->ncols;
    ms.slots = calloc((size_t)ms.window, sizeof *ms.slots);
    ms.busy = malloc((size_t)m->size * sizeof *ms.busy);
    int rc = CN_ENOMEM;
    if (ms.slots != NULL && ms.busy != NULL) {
        for (int w = 0; w < m->size; w++)
            ms.busy[w] = -1;
        rc = master_loop(&ms, exit_status);
    }
    /* drain what is still in flight (after an internal error), then release */
    while (rc != CN_OK && ms.busy != NULL && ms.n_busy > 0) {
        int failed, rank;
        if (receive(&ms, 0, &failed, &rank) != CN_OK)
            break;
    }
    for (int w = 1; w < m->size; w++)
        MPI_Send(NULL, 0, MPI_BYTE, w, TAG_STOP, m->comm);
    if (ms.slots != NULL)
        for (int i = 0; i < ms.window; i++)
            free(ms.slots[i].buf);
    free(ms.slots);
    free(ms.busy);
    if (rc != CN_OK && *exit_status == 0)
        *exit_status = 1;
    return rc;
}

#else /* !CN_MPI: the ordinary build never joins an MPI job */

int cn_mpi_start(cn_mpi **out, int *rank, int *size)
{
    *out = NULL;
    *rank = 0;
    *size = 1;
    return CN_OK;
}

void cn_mpi_end(cn_mpi *m)
{
    (void)m;
}

int cn_mpi_agree(cn_mpi *m, int status, int *worst, int *who)
{
    (void)m;
    *worst = status;
    *who = 0;
    return CN_OK;
}

int cn_mpi_master(cn_mpi *m, const cn_mpi_master_opts *o, int *exit_status)
{
    (void)m;
    (void)o;
    *exit_status = 1;
    return CN_EINPUT;
}

int cn_mpi_worker(cn_mpi *m, int ncols, long max_rows, cn_mpi_run_fn run, void *ctx)
{
    (void)m;
    (void)ncols;
    (void)max_rows;
    (void)run;
    (void)ctx;
    return CN_EINPUT;
}

#endif
