/* diplomacy.c - Friedkin-Johnsen with bounded confidence (cn_diplomacy.h).
 * The cached b_ij (cn_world_refresh_ties) is recomputed only when ties
 * changed; the bounded-confidence mask depends on positions, so it is
 * applied here every round.  Synchronous: reads x, writes xnew, swaps.
 *
 * Speed (docs/performance.md).  This is the hot loop: na^2 pairs per
 * round.  Each row's sums must be added in the order j = 0, 1, ... (so
 * results stay bit-identical), which makes one row a chain of dependent
 * additions; the loop therefore updates CN_DIPLOMACY_BLOCK rows at once,
 * giving the processor independent chains, and applies the mask without
 * branches (an excluded j adds exactly 0).  The dimension is a
 * compile-time constant for d = 1..4, so the inner loops unroll.
 * Rows go in SIMD lanes (SSE2: two rows; AVX2, chosen at run time when
 * the processor has it: four): every lane performs exactly the scalar
 * operations of its own row, in the same order, without FMA, so the
 * result is the same bit for bit on every path (tests/test_diplomacy.c
 * compares with the reference loop). */
#include "cn_diplomacy.h"

#include <string.h>

#if defined(__SSE2__)
#include <emmintrin.h>
#endif

#if defined(__GNUC__)
#define CN_ALWAYS_INLINE inline __attribute__((always_inline))
#else
#define CN_ALWAYS_INLINE inline
#endif

/* The reference update of row i (any d, any epsilon). */
static void update_row(cn_world *w, int i, double eps2)
{
    const int na = w->na, d = w->d;
    const double *x = w->x;
    const double *xi = x + i * d;
    const double *b = w->base + (size_t)i * (size_t)na;
    double acc[CN_MAX_DIMS];
    double total = 0.0;
    for (int k = 0; k < d; k++)
        acc[k] = 0.0;
    for (int j = 0; j < na; j++) {
        double bij = b[j];
        if (bij <= 0.0)
            continue;
        const double *xj = x + j * d;
        double s = 0.0;
        for (int k = 0; k < d; k++) {
            double t = xi[k] - xj[k];
            s += t * t;
        }
        if (s >= eps2 && j != i)
            continue;
        total += bij;
        for (int k = 0; k < d; k++)
            acc[k] += bij * xj[k];
    }
    double r = w->stub[i];
    const double *a = w->x0 + i * d;
    double *out = w->xnew + i * d;
    for (int k = 0; k < d; k++) {
        double social = total > 0.0 ? acc[k] / total : xi[k];
        out[k] = r * a[k] + (1.0 - r) * social;
    }
}

#if defined(__SSE2__)
/* Rows in lanes: P packs of two rows (rows[0..2P-1]) updated together, d
 * a compile-time constant.  Each lane performs exactly the reference
 * loop's operations for its row, in the same order (s = ((t_0^2 + t_1^2)
 * + ...), then total += b_ij and acc_k += b_ij x_jk when b_ij > 0 and
 * s < eps2), so the results are bit-identical; an excluded j adds +0.0,
 * which changes nothing.  Requires eps2 > 0: then j == i always counts
 * (s = 0), as in the reference. */
static CN_ALWAYS_INLINE void update_lanes(cn_world *w, const int *rows, const int P, const int d,
                                          double eps2)
{
    const int na = w->na;
    const double *x = w->x;
    const double *b[4];
    __m128d xi[2][CN_MAX_DIMS], acc[2][CN_MAX_DIMS], total[2];
    const __m128d veps = _mm_set1_pd(eps2), zero = _mm_setzero_pd();
    for (int p = 0; p < P; p++) {
        int i0 = rows[2 * p], i1 = rows[2 * p + 1];
        b[2 * p] = w->base + (size_t)i0 * (size_t)na;
        b[2 * p + 1] = w->base + (size_t)i1 * (size_t)na;
        total[p] = zero;
        for (int k = 0; k < d; k++) {
            xi[p][k] = _mm_set_pd(x[i1 * d + k], x[i0 * d + k]);
            acc[p][k] = zero;
        }
    }
    for (int j = 0; j < na; j++) {
        const double *xj = x + j * d;
        __m128d xjk[CN_MAX_DIMS];
        for (int k = 0; k < d; k++)
            xjk[k] = _mm_set1_pd(xj[k]);
        for (int p = 0; p < P; p++) {
            __m128d t = _mm_sub_pd(xi[p][0], xjk[0]);
            __m128d s = _mm_mul_pd(t, t);
            for (int k = 1; k < d; k++) {
                t = _mm_sub_pd(xi[p][k], xjk[k]);
                s = _mm_add_pd(s, _mm_mul_pd(t, t));
            }
            __m128d bij = _mm_loadh_pd(_mm_load_sd(b[2 * p] + j), b[2 * p + 1] + j);
            __m128d in = _mm_and_pd(_mm_cmplt_pd(s, veps), _mm_cmpgt_pd(bij, zero));
            __m128d m = _mm_and_pd(in, bij);
            total[p] = _mm_add_pd(total[p], m);
            for (int k = 0; k < d; k++)
                acc[p][k] = _mm_add_pd(acc[p][k], _mm_mul_pd(m, xjk[k]));
        }
    }
    for (int p = 0; p < P; p++) {
        double tot[2], xv[2], av[2];
        _mm_storeu_pd(tot, total[p]);
        for (int h = 0; h < 2; h++) {
            int i = rows[2 * p + h];
            double r = w->stub[i];
            const double *a = w->x0 + i * d;
            double *out = w->xnew + i * d;
            for (int k = 0; k < d; k++) {
                _mm_storeu_pd(xv, xi[p][k]);
                _mm_storeu_pd(av, acc[p][k]);
                double social = tot[h] > 0.0 ? av[h] / tot[h] : xv[h];
                out[k] = r * a[k] + (1.0 - r) * social;
            }
        }
    }
}

/* Every moving row: blocks of 2P rows in lanes, the rest by the reference. */
static CN_ALWAYS_INLINE void update_all(cn_world *w, const int P, const int d, double eps2)
{
    int rows[4];
    int nr = 0;
    for (int i = 0; i < w->na; i++) {
        if (w->stub[i] >= 1.0) {
            memcpy(w->xnew + i * d, w->x0 + i * d, (size_t)d * sizeof(double));
            continue;
        }
        rows[nr++] = i;
        if (nr == 2 * P) {
            update_lanes(w, rows, P, d, eps2);
            nr = 0;
        }
    }
    for (int r = 0; r < nr; r++)
        update_row(w, rows[r], eps2);
}
#endif

/* CN_DIPLOMACY_NO_AVX2: leave the AVX2 path out (tests/test_diplomacy.c
 * builds this file so, to test the SSE2 path on AVX2 machines too). */
#if defined(__GNUC__) && defined(__x86_64__) && !defined(__AVX2__) && !defined(CN_DIPLOMACY_NO_AVX2)
#define CN_DIPLOMACY_AVX2 1
#include <immintrin.h>

/* The same as update_lanes with four rows per 256-bit pack (AVX2 only;
 * no FMA, so every lane still rounds exactly as the reference does). */
__attribute__((target("avx2"))) static CN_ALWAYS_INLINE void
update_lanes4(cn_world *w, const int *rows, const int P, const int d, double eps2)
{
    const int na = w->na;
    const double *x = w->x;
    const double *b[8];
    __m256d xi[2][CN_MAX_DIMS], acc[2][CN_MAX_DIMS], total[2];
    const __m256d veps = _mm256_set1_pd(eps2), zero = _mm256_setzero_pd();
    for (int p = 0; p < P; p++) {
        const int *rw = rows + 4 * p;
        for (int h = 0; h < 4; h++)
            b[4 * p + h] = w->base + (size_t)rw[h] * (size_t)na;
        total[p] = zero;
        for (int k = 0; k < d; k++) {
            xi[p][k] = _mm256_set_pd(x[rw[3] * d + k], x[rw[2] * d + k], x[rw[1] * d + k],
                                     x[rw[0] * d + k]);
            acc[p][k] = zero;
        }
    }
    for (int j = 0; j < na; j++) {
        const double *xj = x + j * d;
        __m256d xjk[CN_MAX_DIMS];
        for (int k = 0; k < d; k++)
            xjk[k] = _mm256_set1_pd(xj[k]);
        for (int p = 0; p < P; p++) {
            __m256d t = _mm256_sub_pd(xi[p][0], xjk[0]);
            __m256d s = _mm256_mul_pd(t, t);
            for (int k = 1; k < d; k++) {
                t = _mm256_sub_pd(xi[p][k], xjk[k]);
                s = _mm256_add_pd(s, _mm256_mul_pd(t, t));
            }
            __m256d bij = _mm256_set_pd(b[4 * p + 3][j], b[4 * p + 2][j], b[4 * p + 1][j],
                                        b[4 * p][j]);
            __m256d in = _mm256_and_pd(_mm256_cmp_pd(s, veps, _CMP_LT_OQ),
                                       _mm256_cmp_pd(bij, zero, _CMP_GT_OQ));
            __m256d m = _mm256_and_pd(in, bij);
            total[p] = _mm256_add_pd(total[p], m);
            for (int k = 0; k < d; k++)
                acc[p][k] = _mm256_add_pd(acc[p][k], _mm256_mul_pd(m, xjk[k]));
        }
    }
    /* The finishing loop repeats update_row's last lines on purpose: a
     * shared out-of-line helper called from this AVX2 function measured
     * about 35% slower for the whole default scenario (10,000 replications,
     * one thread: 3,250/s against 5,000/s). */
    for (int p = 0; p < P; p++) {
        double tot[4], xv[4], av[4];
        _mm256_storeu_pd(tot, total[p]);
        for (int h = 0; h < 4; h++) {
            int i = rows[4 * p + h];
            double r = w->stub[i];
            const double *a = w->x0 + i * d;
            double *out = w->xnew + i * d;
            for (int k = 0; k < d; k++) {
                _mm256_storeu_pd(xv, xi[p][k]);
                _mm256_storeu_pd(av, acc[p][k]);
                double social = tot[h] > 0.0 ? av[h] / tot[h] : xv[h];
                out[k] = r * a[k] + (1.0 - r) * social;
            }
        }
    }
}

/* Every moving row, in blocks of 4P rows in AVX2 lanes. */
__attribute__((target("avx2"))) static CN_ALWAYS_INLINE void
update_all4(cn_world *w, const int P, const int d, double eps2)
{
    int rows[8];
    int nr = 0;
    for (int i = 0; i < w->na; i++) {
        if (w->stub[i] >= 1.0) {
            memcpy(w->xnew + i * d, w->x0 + i * d, (size_t)d * sizeof(double));
            continue;
        }
        rows[nr++] = i;
        if (nr == 4 * P) {
            update_lanes4(w, rows, P, d, eps2);
            nr = 0;
        }
    }
    /* the rest in blocks of four, the last row repeated to fill a block
     * (a repeated lane computes and stores the same values again) */
    for (int r = 0; r < nr; r += 4) {
        int blk[4];
        for (int h = 0; h < 4; h++)
            blk[h] = rows[r + h < nr ? r + h : nr - 1];
        update_lanes4(w, blk, 1, d, eps2);
    }
}

__attribute__((target("avx2"))) static void update_all_avx2(cn_world *w, double eps2)
{
    switch (w->d) {
    case 1:
        update_all4(w, 2, 1, eps2);
        break;
    case 2:
        update_all4(w, 2, 2, eps2);
        break;
    case 3:
        update_all4(w, 1, 3, eps2);
        break;
    default:
        update_all4(w, 1, 4, eps2);
        break;
    }
}
#endif

void cn_diplomacy_round(cn_world *w)
{
    cn_world_refresh_ties(w);
    const double eps2 = w->s->model.epsilon * w->s->model.epsilon;
    const int d = w->d;
#if defined(CN_DIPLOMACY_AVX2)
    if (eps2 > 0.0 && d <= 4 && __builtin_cpu_supports("avx2")) {
        update_all_avx2(w, eps2);
        goto swap;
    }
#endif
#if defined(__SSE2__)
    if (eps2 > 0.0 && d <= 4) {
        switch (d) {
        case 1:
            update_all(w, 2, 1, eps2);
            break;
        case 2:
            update_all(w, 2, 2, eps2);
            break;
        case 3:
            update_all(w, 2, 3, eps2);
            break;
        default:
            update_all(w, 2, 4, eps2);
            break;
        }
        goto swap;
    }
#endif
    for (int i = 0; i < w->na; i++) {
        if (w->stub[i] >= 1.0)
            memcpy(w->xnew + i * d, w->x0 + i * d, (size_t)d * sizeof(double));
        else
            update_row(w, i, eps2);
    }
#if defined(__SSE2__)
swap:;
#endif
    double *t = w->x;
    w->x = w->xnew;
    w->xnew = t;
}
