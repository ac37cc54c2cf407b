#!/usr/bin/env python3
"""calibrate.py - chooses the model's default parameters by a quasi-random
search scored on the history library's FIT set (docs/backtest.md).

Drives the binary: for each point of a Halton sequence over the parameter
box of the chosen group it runs

    cybernorms backtest scenarios/history --replications R --quiet --out TMP
               --set model.beta=... --set ...

reads TMP/backtest.csv and scores the point on the fit set only: the
episodes whose calendar starts before the cut-off year (2018: the time
split of cn_backtest.h; hypothetical episodes are never scored):

    loss = - sum over the fit set's yes/no events (adopted?, in force?) of
               ln(p if it happened else 1 - p), p clamped to [0.001, 0.999]
           - sum over the fit set's recorded votes of n_voters x the mean log
               likelihood of each state's real vote

i.e. the negative log score, a proper score: a point is better when it
gives what happened more probability.  Held-out episodes (2018 on) are
reported beside the fit, never used to choose.  Deterministic: the Halton
sequence has no randomness and every backtest is seeded by its scenario,
so the same inputs give the same table.

    python3 tools/calibrate.py                    # 48 points, 100 replications
    python3 tools/calibrate.py --group consensus --points 64
    python3 tools/calibrate.py --local 0.3        # refine: +-30% around the defaults
    python3 tools/calibrate.py --bin build/cybernorms --out results/calibration.csv
    python3 tools/calibrate.py --group votes --all-votes   # the forward vote model

Groups: core (every forum's drafting and persuasion), consensus (objection
cost and bloc discipline), joint (the two together), votes (the
recorded-vote parameters).  Writes
results/calibration.csv (one line per point: parameters, loss, the fit and
held-out Brier scores and log scores) and prints the best point.  Its
values become the defaults (sim/schema.c) by hand, with the run that chose
them recorded in docs/backtest.md.
"""

import argparse
import csv
import math
import os
import subprocess
import sys
import tempfile

ROOT = os.path.normpath(os.path.join(os.path.dirname(os.path.abspath(__file__)), ".."))

# name, low, high, log scale
CORE = [
    ("model.beta", 5.0, 200.0, True),
    ("model.indifference", 0.0, 0.08, False),
    ("forum_defaults.concession", 0.1, 0.9, False),
    ("forum_defaults.chair_bias", 0.0, 0.4, False),
    ("forum_defaults.chair_step", 0.03, 0.4, True),
    ("model.bloc_tie", 0.2, 2.0, False),
    ("model.epsilon", 0.2, 1.0, False),
]
# --group consensus: what makes a consensus body fail (docs/model.md, 8)
CONSENSUS = [
    ("model.consensus_objection_cost", 0.0, 0.15, False),
    ("model.bloc_discipline", 0.0, 1.0, False),
    ("model.beta", 5.0, 200.0, True),
]
# --group votes: the parameters of recorded votes only (docs/model.md,
# section 8); they change no consensus or unanimity episode
VOTES = [
    ("model.vote_deference", 0.0, 0.15, False),
    ("model.vote_objection_cost", 0.0, 0.1, False),
    ("model.sponsor_cue", 0.0, 0.3, False),
    ("model.abstain_split", 0.0, 0.1, False),
    ("model.abstain_hedge", 0.0, 0.1, False),
]
# --group joint: core and consensus together (the drafting and the
# objection cost answer the same question: how far from a member's
# position can a consensus text be and pass?)
JOINT = CORE + [p for p in CONSENSUS if p[0] != "model.beta"]
GROUPS = {"core": CORE, "consensus": CONSENSUS, "votes": VOTES, "joint": JOINT}
PARAMS = CORE
PRIMES = [2, 3, 5, 7, 11, 13, 17, 19, 23, 29, 31]
P_CLAMP = 0.001


def halton(index, base):
    f, r = 1.0, 0.0
    while index > 0:
        f /= base
        r += f * (index % base)
        index //= base
    return r


def current_defaults(binary):
    """The binary's defaults of PARAMS, read from `check scenarios/default.cfg`
    (the first occurrence of each name: the model and forum_defaults groups)."""
    out = subprocess.run([binary, "check", "scenarios/default.cfg"], check=True, cwd=ROOT,
                         capture_output=True, text=True).stdout
    vals = {}
    for line in out.splitlines():
        key, sep, rest = line.strip().partition(" = ")
        if sep and rest.endswith(";"):
            for name, _, _, _ in PARAMS:
                if name.split(".")[1] == key and name not in vals:
                    try:
                        vals[name] = float(rest[:-1])
                    except ValueError:
                        pass
    return vals


def local_box(centre, r):
    """PARAMS narrowed to centre * [1 - r, 1 + r] (log scale: centre / (1 + r)
    .. centre * (1 + r)), clipped to the global box."""
    box = []
    for name, lo, hi, log in PARAMS:
        c = centre[name]
        a, b = (c / (1.0 + r), c * (1.0 + r)) if log else (c * (1.0 - r), c * (1.0 + r))
        box.append((name, max(lo, a), min(hi, b), log))
    return box


def point(k, params=None):
    vals = []
    for j, (name, lo, hi, log) in enumerate(params or PARAMS):
        u = halton(k + 1, PRIMES[j])
        v = math.exp(math.log(lo) + u * (math.log(hi) - math.log(lo))) if log else lo + u * (hi - lo)
        vals.append((name, round(v, 4)))
    return vals


def run_backtest(binary, hist, reps, sets, threads):
    with tempfile.TemporaryDirectory() as tmp:
        cmd = [binary, "backtest", hist, "--replications", str(reps), "--quiet", "--out", tmp]
        if threads:
            cmd += ["--threads", str(threads)]
        for name, v in sets:
            cmd += ["--set", "%s=%s" % (name, repr(float(v)))]
        subprocess.run(cmd, check=True, cwd=ROOT)
        with open(os.path.join(tmp, "backtest.csv"), newline="") as fh:
            return list(csv.DictReader(fh))


def events(rows, which):
    """(p, happened) of every yes/no event of the rows in set `which`
    ("fit" or "held out"): adopted? and, where the record says, in force?"""
    out = []
    for r in rows:
        if r["set"] != which:
            continue
        if r.get("real_adopted", "") != "":
            out.append((float(r["p_adopted"]), r["real_adopted"] == "1"))
        if r.get("real_in_force", "") != "":
            out.append((float(r["p_in_force"]), r["real_in_force"] == "1"))
    return out


def log_score(ev):
    return sum(math.log(min(max(p if o else 1.0 - p, P_CLAMP), 1.0 - P_CLAMP)) for p, o in ev)


def brier(ev):
    return sum((p - o) ** 2 for p, o in ev) / len(ev) if ev else float("nan")


def vote_loglik(rows, which):
    """The recorded votes of set `which`: sum over states of the log
    likelihood of their real votes (n_voters x the mean)."""
    t = 0.0
    for r in rows:
        if r["set"] == which and r["vote_loglik"] != "":
            t += float(r["vote_loglik"]) * int(r["n_voters"])
    return t


ALL_VOTES = False   # --all-votes


def score(rows):
    fit, held = events(rows, "fit"), events(rows, "held out")
    loss = -log_score(fit) - vote_loglik(rows, "fit")
    if ALL_VOTES:
        loss -= vote_loglik(rows, "held out")
    return loss, brier(fit), brier(held), -log_score(held) - vote_loglik(rows, "held out")


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--bin", default=os.path.join(ROOT, "build", "cybernorms"))
    ap.add_argument("--history", default="scenarios/history")
    ap.add_argument("--points", type=int, default=48)
    ap.add_argument("--replications", type=int, default=100)
    ap.add_argument("--threads", type=int, default=0)
    ap.add_argument("--out", default=os.path.join(ROOT, "results", "calibration.csv"))
    ap.add_argument("--local", type=float, default=0.0, metavar="R",
                    help="search the box of +-R (relative) around the current defaults")
    ap.add_argument("--group", choices=sorted(GROUPS), default="core",
                    help="which parameters to search (default core)")
    ap.add_argument("--all-votes", action="store_true",
                    help="the loss also counts the recorded votes of the held-out set (the "
                         "December 2018 votes: the only split votes of the record; for the "
                         "vote parameters of the forward model, docs/backtest.md)")
    args = ap.parse_args()
    global PARAMS, ALL_VOTES
    ALL_VOTES = args.all_votes
    PARAMS = GROUPS[args.group]
    results = []
    params = local_box(current_defaults(args.bin), args.local) if args.local > 0 else PARAMS
    # point 0: the current defaults (no --set)
    candidates = [[]] + [point(k, params) for k in range(args.points)]
    for k, sets in enumerate(candidates):
        rows = run_backtest(args.bin, args.history, args.replications, sets, args.threads)
        loss, b_fit, b_held, loss_held = score(rows)
        results.append((loss, k, sets, b_fit, b_held, loss_held))
        sys.stderr.write("%3d loss %8.3f  Brier fit %.4f held out %.4f (held-out loss %.3f)  %s\n"
                         % (k, loss, b_fit, b_held, loss_held,
                            " ".join("%s=%g" % (n.split(".")[-1], v) for n, v in sets) or "defaults"))
    os.makedirs(os.path.dirname(args.out), exist_ok=True)
    tmp = args.out + ".tmp"
    with open(tmp, "w", newline="") as fh:
        w = csv.writer(fh)
        w.writerow(["point"] + [n for n, _, _, _ in PARAMS]
                   + ["loss", "brier_fit", "brier_held_out", "loss_held_out"])
        for loss, k, sets, b_fit, b_held, loss_held in results:
            d = dict(sets)
            w.writerow([k] + [d.get(n, "default") for n, _, _, _ in PARAMS]
                       + ["%.4f" % loss, "%.4f" % b_fit, "%.4f" % b_held, "%.4f" % loss_held])
    os.replace(tmp, args.out)
    best = min(results, key=lambda t: (t[0], t[1]))
    print("best point %d: loss %.3f, Brier fit %.4f, held out %.4f (held-out loss %.3f)"
          % (best[1], best[0], best[3], best[4], best[5]))
    for n, v in best[2]:
        print("  --set %s=%g" % (n, v))
    return 0


if __name__ == "__main__":
    sys.exit(main())
