#!/usr/bin/env python3
"""ideal.py - a hierarchical ordered-logit ideal-point estimator, Python 3
standard library only, deterministic (no randomness, no clock; fixed
iteration order).

Used by tools/derive_world.py to place every state of a world-year on the
dimensions of the world (scope, form, crime, law); tested on synthetic data
by tools/test_ideal.py.  The equations are documented in docs/data.md
("Positions from evidence"); keep the two in step.

The model, for states i = 1..n and dimensions d = 1..D:

  prior   theta[i][d] ~ Normal(Z[i] . gamma[d], SIGMA^2)              (SIGMA = 1)
          gamma[d][k] ~ Normal(0, prior_sd[k]^2)
  item j  eta = sum over the dimensions d the item loads on of
                sign[j][d] * exp(alpha[j][d]) * theta[i][d]
          (the sign is fixed a priori from the item's meaning; alpha, the
          log of the discrimination's magnitude, ~ Normal(0, A_SD^2))
          y in 0..K-1 ordered (K = 2 or 3), P(y <= k) = logistic(c_k - eta),
          c_0 = tau ~ Normal(0, TAU_SD^2), c_1 = tau + exp(delta),
          delta ~ Normal(0, DELTA_SD^2)
  pseudo  an item with fixed parameters (a statement observed for one
          state only: its own parameters cannot be estimated)

Fit.  The item parameters and gamma are set at the mode of their marginal
posterior (the states' positions integrated out): an EM algorithm whose
E-step represents each state's posterior by adaptive quadrature (a
degree-5 rule for the normal, the 3-point Gauss-Hermite rule in one
dimension, over the dimensions the state has observations on, centred at
the state's mode and scaled by the Cholesky factor of its Laplace
covariance; each point weighted by posterior / normal approximation), and whose M-step is one damped Newton step per item (on its
2-4 parameters, step halving until the expected log posterior does not
fall) and the exact ridge solution for gamma.  SQUAREM (Varadhan and Roland
2008, scheme S3) accelerates it; an extrapolation is kept only if the EM
step from it is shorter than the last plain EM step (the fixed-point
residual falls) and the approximate marginal log posterior falls by less
than SQUAREM_SLACK (it is no exact merit function: the quadrature moves
with the positions, so it may fall slightly near the fixed point; a large
fall marks an extrapolation into a flat, saturated region).  Converged when no
parameter moves by more than TOL in one EM step.

Why not the joint mode (states, items and gamma maximised together, as a
penalised likelihood)?  It is degenerate here: the discriminations grow
without bound while the positions shrink to their prior means (measured on
the recovery test's data: discriminations up to 340, positions' spread a
third of the truth, 34% coverage).  The marginal mode is the standard
remedy (Bock and Aitkin 1981).

Positions and standard errors.  Each state's position is the mode of its
posterior given the fitted items and gamma (a 4 x 4 damped Newton
problem, strictly concave); its standard errors are the square roots of
the diagonal of the inverse of minus the Hessian there (the Laplace
approximation), conditional on the item parameters and gamma: they leave
out the uncertainty of those (the recovery test measures the coverage).
"""

import math

SIGMA = 1.0          # residual sd of the prior: fixes the unit of the latent scale
A_SD = 1.0           # prior sd of log |discrimination| (median |a| = 1)
TAU_SD = 5.0         # prior sd of the first cutpoint (weak)
DELTA_SD = 1.5       # prior sd of the log gap between the two cutpoints
TOL = 1e-4           # convergence: largest parameter change in one EM step
MAX_ITER = 500       # SQUAREM cycles (each three EM steps)
MODE_TOL = 1e-10     # a state's final Newton iterations stop below this change
MODE_TOL_EM = 1e-6   # the same inside the EM iterations
MODE_STEPS = 50
MAX_HALVINGS = 30
MAX_STEP = 2.0       # largest change of an item parameter in one Newton step
SMALL_STEP = 0.01    # an item step shorter than this is taken without a line search
SQUAREM_SLACK = 1.0  # see the module docstring
MAX_EXTRAPOLATION = 5.0  # an extrapolation further than this from the EM step is not tried


def _sig(x):
    if x >= 0:
        return 1.0 / (1.0 + math.exp(-x))
    e = math.exp(x)
    return e / (1.0 + e)


def _log_sig(x):
    """log logistic(x), stable."""
    if x >= 0:
        return -math.log1p(math.exp(-x))
    return x - math.log1p(math.exp(x))


def obs_terms(y, k_cats, eta, cuts):
    """Log-likelihood of one ordered observation and its derivatives.

    Returns (L, gv, hv) where gv and hv are the gradient and Hessian of L
    with respect to v = (eta, c_0, .., c_{K-2}) (lists of length K and K x K).
    """
    nv = k_cats
    gv = [0.0] * nv
    hv = [[0.0] * nv for _ in range(nv)]
    has_u = y < k_cats - 1      # upper bound u = c_y - eta
    has_l = y > 0               # lower bound l = c_{y-1} - eta
    if has_u and not has_l:
        u = cuts[y] - eta
        L = _log_sig(u)
        lu = 1.0 - _sig(u)
        luu = -_sig(u) * (1.0 - _sig(u))
        lll = lul = ll = 0.0
    elif has_l and not has_u:
        lo = cuts[y - 1] - eta
        L = _log_sig(-lo)
        ll = -_sig(lo)
        lll = -_sig(lo) * (1.0 - _sig(lo))
        lu = luu = lul = 0.0
    else:
        u = cuts[y] - eta
        lo = cuts[y - 1] - eta
        fu, fl = _sig(u), _sig(lo)
        dens = fu - fl
        if dens < 1e-300:
            dens = 1e-300
        L = math.log(dens)
        pu, pl = fu * (1.0 - fu), fl * (1.0 - fl)
        lu = pu / dens
        ll = -pl / dens
        luu = pu * (1.0 - 2.0 * fu) / dens - lu * lu
        lll = -pl * (1.0 - 2.0 * fl) / dens - ll * ll
        lul = pu * pl / dens / dens
    # u = c_y - eta, l = c_{y-1} - eta: d/d eta = -1, d/d c_y = +1 (u), d/d c_{y-1} = +1 (l)
    du = [0.0] * nv
    dl = [0.0] * nv
    if has_u:
        du[0] = -1.0
        du[1 + y] = 1.0
    if has_l:
        dl[0] = -1.0
        dl[y] = 1.0
    for a in range(nv):
        gv[a] = lu * du[a] + ll * dl[a]
        for b in range(nv):
            hv[a][b] = (luu * du[a] * du[b] + lll * dl[a] * dl[b]
                        + lul * (du[a] * dl[b] + dl[a] * du[b]))
    return L, gv, hv


def obs_loglik(y, k_cats, eta, cuts):
    if y == 0:
        return _log_sig(cuts[0] - eta)
    if y == k_cats - 1:
        return _log_sig(eta - cuts[k_cats - 2])
    d = _sig(cuts[y] - eta) - _sig(cuts[y - 1] - eta)
    return math.log(max(d, 1e-300))


# ---------------------------------------------------------------------------
# Small dense linear algebra (lists of lists).
# ---------------------------------------------------------------------------

def cholesky(a):
    """Lower-triangular L with L L' = a, or None if a is not positive definite."""
    n = len(a)
    low = [[0.0] * n for _ in range(n)]
    for i in range(n):
        li = low[i]
        ai = a[i]
        for j in range(i + 1):
            lj = low[j]
            s = ai[j] - sum([x * y for x, y in zip(li[:j], lj[:j])])
            if i == j:
                if s <= 0.0:
                    return None
                li[i] = math.sqrt(s)
            else:
                li[j] = s / lj[j]
    return low


def chol_solve(low, b):
    n = len(low)
    z = [0.0] * n
    for i in range(n):
        z[i] = (b[i] - sum(low[i][k] * z[k] for k in range(i))) / low[i][i]
    x = [0.0] * n
    for i in range(n - 1, -1, -1):
        x[i] = (z[i] - sum(low[k][i] * x[k] for k in range(i + 1, n))) / low[i][i]
    return x


def chol_inverse(low):
    n = len(low)
    cols = []
    for j in range(n):
        e = [0.0] * n
        e[j] = 1.0
        cols.append(chol_solve(low, e))
    return [[cols[j][i] for j in range(n)] for i in range(n)]


def damped_step(neg_hess, grad, max_step=None):
    """Solves (neg_hess + lam I) step = grad with the smallest lam in
    0, 1e-6, 1e-5, ... that makes the matrix positive definite; with
    max_step, a step longer than that (largest component) is scaled down
    to it."""
    n = len(grad)
    lam = 0.0
    while True:
        m = [[neg_hess[i][j] + (lam if i == j else 0.0) for j in range(n)] for i in range(n)]
        low = cholesky(m)
        if low is not None:
            step = chol_solve(low, grad)
            break
        lam = 1e-6 if lam == 0.0 else lam * 10.0
        if lam > 1e12:
            return [0.0] * n
    if max_step is not None:
        big = max(abs(v) for v in step) if step else 0.0
        if big > max_step:
            step = [v * max_step / big for v in step]
    return step


# ---------------------------------------------------------------------------
# The model.
# ---------------------------------------------------------------------------

class Item:
    """A measurement item.

    loads: list of (dimension index, sign +1/-1); k_cats: 2 or 3;
    obs: list of (state index, y); fixed: None (parameters estimated) or a
    dict {"a": [magnitudes per loading], "cuts": [c_0(, c_1)]}.
    """

    def __init__(self, name, loads, k_cats, obs, fixed=None, note=""):
        self.name = name
        self.loads = list(loads)
        self.k = k_cats
        self.obs = list(obs)
        self.fixed = fixed
        self.note = note
        if fixed is None:
            self.alpha = [0.0] * len(self.loads)
            self.tau = 0.0
            self.delta = 0.0
        else:
            self.alpha = [math.log(a) for a in fixed["a"]]
            self.tau = fixed["cuts"][0]
            self.delta = math.log(fixed["cuts"][1] - fixed["cuts"][0]) if k_cats == 3 else 0.0

    def disc(self):
        return [s * math.exp(al) for (_, s), al in zip(self.loads, self.alpha)]

    def cuts(self):
        if self.k == 2:
            return [self.tau]
        return [self.tau, self.tau + math.exp(self.delta)]

    def nparams(self):
        return len(self.loads) + (1 if self.k == 2 else 2)

    def get_params(self):
        return self.alpha + [self.tau] + ([self.delta] if self.k == 3 else [])

    def set_params(self, p):
        nl = len(self.loads)
        self.alpha = list(p[:nl])
        self.tau = p[nl]
        if self.k == 3:
            self.delta = p[nl + 1]

    def log_prior(self):
        if self.fixed is not None:
            return 0.0
        lp = -0.5 * sum(a * a for a in self.alpha) / (A_SD * A_SD)
        lp -= 0.5 * self.tau * self.tau / (TAU_SD * TAU_SD)
        if self.k == 3:
            lp -= 0.5 * self.delta * self.delta / (DELTA_SD * DELTA_SD)
        return lp



def _obs_scalars(y, k_cats, eta, cuts):
    """(L, d L/d eta, d2 L/d eta2, d L/d c_y, d L/d c_{y-1}, d2/d eta d c_y,
    d2/d eta d c_{y-1}, d2/d c_y2, d2/d c_{y-1}2, d2/d c_y d c_{y-1})
    of one ordered observation (terms of absent cutpoints are 0)."""
    has_u = y < k_cats - 1
    has_l = y > 0
    if has_u and not has_l:
        u = cuts[y] - eta
        fu = _sig(u)
        L = _log_sig(u)
        lu, luu = 1.0 - fu, -fu * (1.0 - fu)
        ll = lll = lul = 0.0
    elif has_l and not has_u:
        lo = cuts[y - 1] - eta
        fl = _sig(lo)
        L = _log_sig(-lo)
        ll, lll = -fl, -fl * (1.0 - fl)
        lu = luu = lul = 0.0
    else:
        fu, fl = _sig(cuts[y] - eta), _sig(cuts[y - 1] - eta)
        dens = max(fu - fl, 1e-150)
        L = math.log(dens)
        pu, pl = fu * (1.0 - fu), fl * (1.0 - fl)
        lu, ll = pu / dens, -pl / dens
        luu = pu * (1.0 - 2.0 * fu) / dens - lu * lu
        lll = -pl * (1.0 - 2.0 * fl) / dens - ll * ll
        lul = pu * pl / (dens * dens)
    return (L, -(lu + ll), luu + lll + 2.0 * lul, lu, ll,
            -(luu + lul), -(lll + lul), luu, lll, lul)



class Fit:
    """Result of fit(): theta, se, cov (latent scale, per state), gamma,
    items (fitted in place), post_mean and post_sd (from the quadrature),
    and the convergence record: converged, iterations, em_steps,
    max_change, log_marginal."""


def quad_rule(m):
    """A fully symmetric degree-5 rule for the m-dimensional standard normal
    (Stroud 1971; exact for every polynomial of degree <= 5; m <= 4 so that
    no weight is negative): the centre (weight 2/(m+2)), the points
    +-sqrt(m+2) e_k (weight (4-m)/(2(m+2)^2), zero for m = 4) and
    +-sqrt((m+2)/2) (e_k +- e_l) (weight 1/(m+2)^2): 3, 9, 19, 25 points
    for m = 1..4; for m = 1 it is the 3-point Gauss-Hermite rule.  (A
    14-point degree-5 rule for m = 3 exists, but its corners lie 3.9 sd
    out, where the weight posterior / normal is unstable.)
    Returns [(node, log weight)]."""
    if not 1 <= m <= 4:
        raise ValueError("quad_rule: 1 <= m <= 4")
    rule = []
    rule.append((tuple([0.0] * m), math.log(2.0 / (m + 2))))
    w1 = (4.0 - m) / (2.0 * (m + 2) ** 2)
    if w1 > 0.0:
        r1 = math.sqrt(m + 2.0)
        for k in range(m):
            for sg in (1.0, -1.0):
                z = [0.0] * m
                z[k] = sg * r1
                rule.append((tuple(z), math.log(w1)))
    r2 = math.sqrt((m + 2.0) / 2.0)
    w2 = 1.0 / (m + 2) ** 2
    for k in range(m):
        for l in range(k + 1, m):
            for s1 in (1.0, -1.0):
                for s2 in (1.0, -1.0):
                    z = [0.0] * m
                    z[k], z[l] = s1 * r2, s2 * r2
                    rule.append((tuple(z), math.log(w2)))
    return rule


class _Fitter:
    def __init__(self, n, ndim, zrows, prior_sd, items, quad=None):
        self.n, self.ndim, self.zrows, self.prior_sd = n, ndim, zrows, prior_sd
        self.p = len(prior_sd)
        self.items = items
        self.free = [it for it in items if it.fixed is None and it.obs]
        self.theta = [[0.0] * ndim for _ in range(n)]
        self.cov = [None] * n
        self.gamma = [[0.0] * self.p for _ in range(ndim)]
        self.by_state = [[] for _ in range(n)]
        for j, it in enumerate(items):
            for i, y in it.obs:
                self.by_state[i].append((j, y))
        self.active = [sorted({d for j, _ in self.by_state[i] for d, _ in items[j].loads})
                       for i in range(n)]
        # quad: None, the degree-5 rules; otherwise {m: rule} replacing them
        # (the comparisons of tools/test_ideal.py --exact)
        self.grids = {m: quad_rule(m) for m in range(1, ndim + 1)}
        if quad:
            self.grids.update(quad)
        self.points = [None] * n
        self.gamma_free = True
        self.logmarg = 0.0
        self.em_steps = 0
        p = self.p
        inv_s2 = 1.0 / (SIGMA * SIGMA)
        ztz = [[0.0] * p for _ in range(p)]
        for row in zrows:
            for a in range(p):
                if row[a] != 0.0:
                    for b in range(p):
                        ztz[a][b] += row[a] * row[b] * inv_s2
        for a in range(p):
            ztz[a][a] += 1.0 / (prior_sd[a] * prior_sd[a])
        self.ztz_low = cholesky(ztz) if p else None

    # -- the parameter vector (free items, then gamma) -------------------
    def get_x(self):
        x = []
        for it in self.free:
            x.extend(it.get_params())
        for d in range(self.ndim):
            x.extend(self.gamma[d])
        return x

    def set_x(self, x):
        k = 0
        for it in self.free:
            m = it.nparams()
            it.set_params(x[k:k + m])
            k += m
        for d in range(self.ndim):
            self.gamma[d] = list(x[k:k + self.p])
            k += self.p

    # -- one state -------------------------------------------------------
    def prior_mean(self, i):
        zi = self.zrows[i]
        return [sum(zi[k] * self.gamma[d][k] for k in range(self.p)) for d in range(self.ndim)]

    def make_terms(self):
        """Per state, its observations at the current item parameters:
        (K, y, ((dimension, discrimination), ..), cutpoints)."""
        items = self.items
        per_item = [(it.k, tuple((d, a) for (d, _), a in zip(it.loads, it.disc())), it.cuts())
                    for it in items]
        return [[(per_item[j][0], y, per_item[j][1], per_item[j][2]) for j, y in self.by_state[i]]
                for i in range(self.n)]

    def state_obj(self, i, th, mu, cache):
        """Log posterior of state i at th (up to a constant)."""
        lp = 0.0
        for d in range(self.ndim):
            lp -= (th[d] - mu[d]) ** 2
        lp *= 0.5 / (SIGMA * SIGMA)
        exp, log1p = math.exp, math.log1p
        for k, y, da, cuts in cache[i]:
            eta = 0.0
            for d, a in da:
                eta += a * th[d]
            if k == 2:
                x = eta - cuts[0]
                if not y:
                    x = -x
                lp += -log1p(exp(-x)) if x >= 0.0 else x - log1p(exp(x))
            else:
                lp += obs_loglik(y, k, eta, cuts)
        return lp

    def state_grad_hess(self, i, th, mu, cache):
        nd = self.ndim
        inv_s2 = 1.0 / (SIGMA * SIGMA)
        g = [-(th[d] - mu[d]) * inv_s2 for d in range(nd)]
        h = [[(-inv_s2 if a == b else 0.0) for b in range(nd)] for a in range(nd)]
        for k, y, da, cuts in cache[i]:
            eta = 0.0
            for d, a in da:
                eta += a * th[d]
            if k == 2:
                sx = _sig(eta - cuts[0])
                le = (1.0 - sx) if y else -sx
                lee = -sx * (1.0 - sx)
            else:
                sc = _obs_scalars(y, k, eta, cuts)
                le, lee = sc[1], sc[2]
            for d, a in da:
                g[d] += le * a
                for d2, a2 in da:
                    h[d][d2] += lee * a * a2
        return g, h

    def state_mode(self, i, cache, tol):
        """Newton to the mode of state i's posterior (from its last
        position; the log posterior is strictly concave in it: a step is
        halved until the log posterior does not fall) to a change below tol,
        then its Laplace covariance.  tol None (inside the EM iterations):
        one Newton step, the covariance from the Hessian where it started
        (at the fixed point both are exact).  Dimensions without
        observations are exactly their prior: mode = prior mean, variance
        SIGMA^2, independent of the others."""
        mu = self.prior_mean(i)
        act = self.active[i]
        th = list(mu)
        for d in act:
            th[d] = self.theta[i][d]
        s2 = SIGMA * SIGMA
        cov = [[(s2 if a == b else 0.0) for b in range(self.ndim)] for a in range(self.ndim)]
        if act:
            for _ in range(MODE_STEPS if tol is not None else 1):
                g, h = self.state_grad_hess(i, th, mu, cache)
                low = cholesky([[-h[a][b] for b in act] for a in act])
                step = chol_solve(low, [g[a] for a in act])
                f0 = self.state_obj(i, th, mu, cache)
                t = 1.0
                cand = th
                for _ in range(MAX_HALVINGS):
                    cand = list(th)
                    for r, d in enumerate(act):
                        cand[d] += t * step[r]
                    if self.state_obj(i, cand, mu, cache) >= f0 - 1e-12:
                        break
                    t *= 0.5
                else:
                    cand = th
                change = max(abs(cand[d] - th[d]) for d in act)
                th = cand
                if tol is None or change < tol:
                    break
            if tol is not None:
                _, h = self.state_grad_hess(i, th, mu, cache)
                low = cholesky([[-h[a][b] for b in act] for a in act])
            sub = chol_inverse(low)
            for r, a in enumerate(act):
                for c, b in enumerate(act):
                    cov[a][b] = sub[r][c]
        self.theta[i] = th
        self.cov[i] = cov
        return mu

    def state_points(self, i, mu, cache):
        """Adaptive quadrature of state i's posterior: (weights, one column
        of point coordinates per dimension), and the log of its marginal
        likelihood (the integral of prior x likelihood)."""
        act = self.active[i]
        th0 = self.theta[i]
        nd = self.ndim
        if not act:
            return ([1.0], [[th0[d]] for d in range(nd)]), 0.0
        cv = self.cov[i]
        m = len(act)
        low = cholesky([[cv[a][b] for b in act] for a in act])
        logdet = sum(math.log(low[r][r]) for r in range(m))
        rule = self.grids[m]
        cols = [[th0[d]] * len(rule) for d in range(nd)]
        for r, da in enumerate(act):
            lr = low[r][:r + 1]
            t0 = th0[da]
            cols[da] = [t0 + sum([a * b for a, b in zip(lr, zs)]) for zs, _ in rule]
        # log weight: rule weight + z'z/2 + log prior + log likelihood
        logw = [lw + 0.5 * sum([z * z for z in zs]) for zs, lw in rule]
        inv2 = 0.5 / (SIGMA * SIGMA)
        for d in act:
            md = mu[d]
            logw = [v - inv2 * (t - md) ** 2 for v, t in zip(logw, cols[d])]
        exp, log1p = math.exp, math.log1p
        for k, y, da, cuts in cache[i]:
            if len(da) == 1:
                d, a = da[0]
                etas = [a * t for t in cols[d]]
            else:
                (d1, a1), (d2, a2) = da[0], da[1]
                etas = [a1 * t1 + a2 * t2 for t1, t2 in zip(cols[d1], cols[d2])]
            if k == 2:
                c0 = cuts[0]
                if y:
                    xs = [e - c0 for e in etas]
                else:
                    xs = [c0 - e for e in etas]
                logw = [v + (-log1p(exp(-x)) if x >= 0.0 else x - log1p(exp(x)))
                        for v, x in zip(logw, xs)]
            else:
                logw = [v + obs_loglik(y, k, e, cuts) for v, e in zip(logw, etas)]
        top = max(logw)
        w = [exp(x - top) for x in logw]
        tot = sum(w)
        return ([x / tot for x in w], cols), top + math.log(tot) + logdet

    # -- E-step and M-step -----------------------------------------------
    def estep(self, tol=None):
        """Modes, covariances and quadrature points of every state at the
        current parameters; returns the approximate log marginal posterior.
        tol: see state_mode."""
        cache = self.make_terms()
        total = 0.0
        for i in range(self.n):
            mu = self.state_mode(i, cache, tol)
            self.points[i], lm = self.state_points(i, mu, cache)
            total += lm
        for it in self.items:
            total += it.log_prior()
        for d in range(self.ndim):
            total -= 0.5 * sum(self.gamma[d][k] ** 2 / self.prior_sd[k] ** 2 for k in range(self.p))
        self.logmarg = total
        return total

    def item_data(self, it):
        """The item's observations with their states' quadrature points:
        (y, weights, coordinates on each loaded dimension)."""
        dims_l = [d for d, _ in it.loads]
        out = []
        for i, y in it.obs:
            wts, cols = self.points[i]
            out.append((y, wts, [cols[d] for d in dims_l]))
        return out

    def mstep(self):
        for it in self.free:
            flat = self.item_data(it)
            p0 = it.get_params()
            f0, g, h = _item_q(it, p0, flat, True)
            step = damped_step([[-x for x in row] for row in h], g, MAX_STEP)
            if max(abs(v) for v in step) < SMALL_STEP:
                # an ascent direction (the damped Hessian is negative
                # definite) this short raises the objective: no check
                it.set_params([a + b for a, b in zip(p0, step)])
                continue
            t = 1.0
            cand = p0
            for _ in range(MAX_HALVINGS):
                cand = [p0[a] + t * step[a] for a in range(len(p0))]
                if _item_q(it, cand, flat, False)[0] >= f0 - 1e-12:
                    break
                t *= 0.5
            else:
                cand = p0
            it.set_params(cand)

    def gamma_step(self):
        """A Newton step for gamma on the marginal log posterior (items held
        fixed).  With m_i, V_i the posterior mean and covariance of
        theta[i] (from the quadrature points), the gradient is
        sum_i Z_i (x) (m_i - Z_i gamma) / sigma^2 - Lambda gamma and the
        Hessian -sum_i (Z_i Z_i') (x) (I / sigma^2 - V_i / sigma^4) - Lambda
        (Louis' identity; negative definite because a log-concave
        likelihood can only shrink the prior's variance).  Its fixed point
        is the EM fixed point (m_i regressed on Z); where the positions are
        poorly measured it converges much faster than the EM update."""
        p, nd = self.p, self.ndim
        inv_s2 = 1.0 / (SIGMA * SIGMA)
        dim = p * nd
        grad = [0.0] * dim
        neg_h = [[0.0] * dim for _ in range(dim)]
        for d in range(nd):
            for k in range(p):
                grad[d * p + k] = -self.gamma[d][k] / (self.prior_sd[k] ** 2)
                neg_h[d * p + k][d * p + k] = 1.0 / (self.prior_sd[k] ** 2)
        for i in range(self.n):
            zi = self.zrows[i]
            nz = [k for k in range(p) if zi[k] != 0.0]
            wts, cols = self.points[i]
            mu = self.prior_mean(i)
            act = self.active[i]
            dev = {}
            for d in range(nd):
                col = cols[d]
                m = sum([w * t for w, t in zip(wts, col)])
                r = (m - mu[d]) * inv_s2
                for k in nz:
                    grad[d * p + k] += zi[k] * r
                if d in act:
                    dev[d] = [w * (t - m) for w, t in zip(wts, col)], [t - m for t in col]
            for d in act:
                wd = dev[d][0]
                for e in act:
                    if e < d:
                        continue
                    v = sum([a * b for a, b in zip(wd, dev[e][1])])
                    c = (inv_s2 if d == e else 0.0) - v * inv_s2 * inv_s2
                    for k in nz:
                        zc = zi[k] * c
                        row = neg_h[d * p + k]
                        row2 = neg_h[e * p + k] if e != d else None
                        for k2 in nz:
                            row[e * p + k2] += zc * zi[k2]
                            if row2 is not None:
                                row2[d * p + k2] += zc * zi[k2]
        step = damped_step(neg_h, grad)
        for d in range(nd):
            self.gamma[d] = [self.gamma[d][k] + step[d * p + k] for k in range(p)]

    def em_map(self, x):
        """One EM step from parameters x: returns (F(x), log marginal at x)."""
        self.set_x(x)
        lm = self.estep(MODE_TOL_EM)
        self.mstep()
        if self.p and self.gamma_free:
            self.estep(MODE_TOL_EM)
            self.gamma_step()
        self.em_steps += 1
        return self.get_x(), lm


def _item_q(it, params, flat, want_derivs):
    """Expected log posterior of one item over the quadrature points (flat),
    and its gradient and Hessian in the item's parameters."""
    old = it.get_params()
    it.set_params(params)
    nl = len(it.loads)
    npar = it.nparams()
    disc, cuts = it.disc(), it.cuts()
    q = it.log_prior()
    g = [0.0] * npar
    h = [[0.0] * npar for _ in range(npar)]
    if want_derivs:
        for l in range(nl):
            g[l] -= it.alpha[l] / (A_SD * A_SD)
            h[l][l] -= 1.0 / (A_SD * A_SD)
        g[nl] -= it.tau / (TAU_SD * TAU_SD)
        h[nl][nl] -= 1.0 / (TAU_SD * TAU_SD)
        if it.k == 3:
            g[nl + 1] -= it.delta / (DELTA_SD * DELTA_SD)
            h[nl + 1][nl + 1] -= 1.0 / (DELTA_SD * DELTA_SD)
    it.set_params(old)
    if it.k == 2:
        # binary item: x = eta - c_0, eta = sum_l a_l t_l
        c0 = cuts[0]
        gl_ = [0.0] * nl
        hll = [[0.0] * nl for _ in range(nl)]
        hlc = [0.0] * nl
        gc = hcc = 0.0
        exp, log1p = math.exp, math.log1p
        a1 = disc[0]
        a2 = disc[1] if nl > 1 else 0.0
        for y, wts, tcols in flat:
            t1s = tcols[0]
            t2s = tcols[1] if nl > 1 else t1s
            for pi, w in enumerate(wts):
                m1 = a1 * t1s[pi]
                m2 = a2 * t2s[pi] if nl > 1 else 0.0
                x = m1 + m2 - c0
                if x >= 0.0:
                    e = exp(-x)
                    sx = 1.0 / (1.0 + e)
                    lp = -log1p(e)             # log sigma(x)
                    ln = lp - x                # log sigma(-x)
                else:
                    e = exp(x)
                    sx = e / (1.0 + e)
                    ln = -log1p(e)
                    lp = ln + x
                if y:
                    q += w * lp
                    ge = 1.0 - sx
                else:
                    q += w * ln
                    ge = -sx
                if want_derivs:
                    wgee = -w * sx * (1.0 - sx)
                    wge = w * ge
                    gc -= wge
                    hcc += wgee
                    gl_[0] += wge * m1
                    hll[0][0] += wgee * m1 * m1 + wge * m1
                    hlc[0] -= wgee * m1
                    if nl > 1:
                        gl_[1] += wge * m2
                        hll[1][1] += wgee * m2 * m2 + wge * m2
                        hll[0][1] += wgee * m1 * m2
                        hlc[1] -= wgee * m2
        if want_derivs:
            for l in range(nl):
                g[l] += gl_[l]
                h[l][nl] += hlc[l]
                h[nl][l] += hlc[l]
                for l2 in range(nl):
                    h[l][l2] += hll[min(l, l2)][max(l, l2)]
            g[nl] += gc
            h[nl][nl] += hcc
        return q, g, h
    # ordered item, K = 3: c_0 = tau, c_1 = tau + exp(delta)
    ed = math.exp(params[nl + 1])
    c0, c1 = cuts
    a1 = disc[0]
    a2 = disc[1] if nl > 1 else 0.0
    gl_ = [0.0] * nl
    hll = [[0.0] * nl for _ in range(nl)]
    hlt = [0.0] * nl
    hld = [0.0] * nl
    gt = gd = htt = htd = hdd = 0.0
    exp, log1p, log = math.exp, math.log1p, math.log
    for y, wts, tcols in flat:
        t1s = tcols[0]
        t2s = tcols[1] if nl > 1 else t1s
        for pi, w in enumerate(wts):
            m1 = a1 * t1s[pi]
            m2 = a2 * t2s[pi] if nl > 1 else 0.0
            eta = m1 + m2
            if y == 0:
                u = c0 - eta
                fu = _sig(u)
                L = -log1p(exp(-u)) if u >= 0.0 else u - log1p(exp(u))
                lu, luu = 1.0 - fu, -fu * (1.0 - fu)
                ge, gee = -lu, luu
                g0, g1, h00, h01, h11, he0, he1 = lu, 0.0, luu, 0.0, 0.0, -luu, 0.0
            elif y == 2:
                lo = c1 - eta
                fl = _sig(lo)
                L = -log1p(exp(lo)) if lo <= 0.0 else -lo - log1p(exp(-lo))
                ll, lll = -fl, -fl * (1.0 - fl)
                ge, gee = -ll, lll
                g0, g1, h00, h01, h11, he0, he1 = 0.0, ll, 0.0, 0.0, lll, 0.0, -lll
            else:
                fu, fl = _sig(c1 - eta), _sig(c0 - eta)
                dens = max(fu - fl, 1e-150)
                L = log(dens)
                pu, pl = fu * (1.0 - fu), fl * (1.0 - fl)
                lu, ll = pu / dens, -pl / dens
                luu = pu * (1.0 - 2.0 * fu) / dens - lu * lu
                lll = -pl * (1.0 - 2.0 * fl) / dens - ll * ll
                lul = pu * pl / (dens * dens)
                ge, gee = -(lu + ll), luu + lll + 2.0 * lul
                g0, g1, h00, h01, h11 = ll, lu, lll, lul, luu
                he0, he1 = -(lll + lul), -(luu + lul)
            q += w * L
            if not want_derivs:
                continue
            wge, wgee = w * ge, w * gee
            gl_[0] += wge * m1
            hll[0][0] += wgee * m1 * m1 + wge * m1
            hlt[0] += w * (he0 + he1) * m1
            hld[0] += w * he1 * ed * m1
            if nl > 1:
                gl_[1] += wge * m2
                hll[1][1] += wgee * m2 * m2 + wge * m2
                hll[0][1] += wgee * m1 * m2
                hlt[1] += w * (he0 + he1) * m2
                hld[1] += w * he1 * ed * m2
            gt += w * (g0 + g1)
            gd += w * g1 * ed
            htt += w * (h00 + 2.0 * h01 + h11)
            htd += w * (h01 + h11) * ed
            hdd += w * (h11 * ed * ed + g1 * ed)
    if want_derivs:
        for l in range(nl):
            g[l] += gl_[l]
            h[l][nl] += hlt[l]
            h[nl][l] += hlt[l]
            h[l][nl + 1] += hld[l]
            h[nl + 1][l] += hld[l]
            for l2 in range(nl):
                h[l][l2] += hll[min(l, l2)][max(l, l2)]
        g[nl] += gt
        g[nl + 1] += gd
        h[nl][nl] += htt
        h[nl][nl + 1] += htd
        h[nl + 1][nl] += htd
        h[nl + 1][nl + 1] += hdd
    return q, g, h


def fit(n, dims, zrows, prior_sd, items, tol=TOL, max_iter=MAX_ITER, start=None,
        colnames=None, quad=None, gamma_fixed=None):
    """Fits the model.  zrows: n rows of covariate values (the same columns
    for every dimension); prior_sd: prior sd of each covariate's
    coefficient; items: list of Item (free items' parameters are fitted in
    place); start: optional starting point, a previous Fit (its items'
    parameters by name, its gamma by covariate name (colnames), its
    positions); without it everything starts at 0.  gamma_fixed: optional
    covariate coefficients held fixed (a list per dimension, in colnames'
    order): the population model of another fit, so that only the items
    and the states' positions are fitted.  Returns a Fit."""
    f = _Fitter(n, dims, zrows, prior_sd, items, quad)
    if start is not None:
        old = {it.name: it.get_params() for it in start.items if it.fixed is None}
        for it in f.free:
            if it.name in old and len(old[it.name]) == it.nparams():
                it.set_params(list(old[it.name]))
        if colnames is not None and start.colnames is not None:
            pos = {c: k for k, c in enumerate(start.colnames)}
            for d in range(dims):
                f.gamma[d] = [start.gamma[d][pos[c]] if c in pos else 0.0 for c in colnames]
        f.theta = [list(t) for t in start.theta]
    if gamma_fixed is not None:
        f.gamma = [list(g) for g in gamma_fixed]
        f.gamma_free = False
    x0 = f.get_x()
    converged = False
    change = float("inf")
    iters = 0
    history = []
    for iters in range(1, max_iter + 1):
        x1, l0 = f.em_map(x0)
        r = [a - b for a, b in zip(x1, x0)]
        change = max((abs(v) for v in r), default=0.0)
        if change < tol:
            x0 = x1
            converged = True
            break
        x2, _ = f.em_map(x1)
        v = [a - 2.0 * b + c for a, b, c in zip(x2, x1, x0)]
        rr = math.sqrt(sum(t * t for t in r))
        vv = math.sqrt(sum(t * t for t in v))
        alpha = -rr / vv if vv > 0.0 else -1.0
        alpha = min(alpha, -1.0)
        xs = [a - 2.0 * alpha * b + alpha * alpha * c for a, b, c in zip(x0, r, v)]
        snap = [list(t) for t in f.theta]
        ok = max(abs(a - b) for a, b in zip(xs, x2)) < MAX_EXTRAPOLATION
        if ok:
            try:
                x3, l3 = f.em_map(xs)       # stabilising EM step from the extrapolation
                ok = (l3 >= l0 - SQUAREM_SLACK
                      and math.sqrt(sum((a - b) ** 2 for a, b in zip(x3, xs)))
                      < math.sqrt(sum((a - b) ** 2 for a, b in zip(x2, x1))))
            except (OverflowError, ValueError):
                ok = False
        if ok:
            x0 = x3
        else:
            f.theta = snap
            x0 = x2
        history.append((iters, change, ok))
    f.set_x(x0)
    f.estep(MODE_TOL)
    res = Fit()
    res.theta = [list(t) for t in f.theta]
    res.cov = f.cov
    res.se = [[math.sqrt(f.cov[i][d][d]) for d in range(dims)] for i in range(n)]
    res.gamma = f.gamma
    res.colnames = colnames
    res.items = items
    res.converged = converged
    res.iterations = iters
    res.em_steps = f.em_steps
    res.max_change = change
    res.log_marginal = f.logmarg
    res.history = history
    res.prior_mean = [f.prior_mean(i) for i in range(n)]
    res.active = f.active
    res.post_mean, res.post_sd = [], []
    for i in range(n):
        wts, cols = f.points[i]
        m = [sum(w * t for w, t in zip(wts, cols[d])) for d in range(dims)]
        var = [sum(w * (t - m[d]) ** 2 for w, t in zip(wts, cols[d])) for d in range(dims)]
        res.post_mean.append(m)
        res.post_sd.append([math.sqrt(var[d]) if d in f.active[i] else SIGMA for d in range(dims)])
    return res


# ---------------------------------------------------------------------------
# The map from the latent scale to [0, 1].
# ---------------------------------------------------------------------------

BETA_MAX = 1.0   # steepest map: one latent unit (SIGMA) spans at most 0.25 at the centre


def anchored_map(m_high, m_low, p_high, p_low, beta_max=BETA_MAX, pivot_low=False):
    """logit x = lam + beta (theta - m): the anchor means m_high and m_low
    map to p_high and p_low when they lie at least
    (logit p_high - logit p_low) / beta_max apart; closer (or reversed), the
    slope is beta_max and the mid-point of the anchors maps to the mid-point
    of their targets on the logit scale (pivot_low: the low anchor keeps its
    target instead, for a low anchor that is the centre of the scale).
    Returns (lam, beta, m, anchored?)."""
    lh = math.log(p_high / (1.0 - p_high))
    ll = math.log(p_low / (1.0 - p_low))
    m_mid = 0.5 * (m_high + m_low)
    lam_mid = 0.5 * (lh + ll)
    sep = m_high - m_low
    if sep > (lh - ll) / beta_max:
        return lam_mid, (lh - ll) / sep, m_mid, True
    if pivot_low:
        return ll, beta_max, m_low, False
    return lam_mid, beta_max, m_mid, False


def apply_map(mp, theta, se):
    lam_mid, beta, m_mid, _ = mp
    x = _sig(lam_mid + beta * (theta - m_mid))
    return x, beta * x * (1.0 - x) * se
