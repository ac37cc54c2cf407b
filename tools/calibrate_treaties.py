#!/usr/bin/env python3
"""calibrate_treaties.py - chooses the signature and ratification
parameters (issue #12; docs/backtest.md, "Treaties") by a quasi-random
search scored on the dated treaty counts of the history library that fall
before the evidence cut-off (the end of 2018).

Parameters (a Halton sequence over the box below, log scale where marked):

    model.sign_open      share of willing members that sign at the opening
    model.sign_rate      per-year hazard of signing later
    model.sign_threshold theta: the gain a state needs to be willing
    ratify_FPF, NF       per-year ratification propensity by Freedom House
                         class (Freedom in the World 2019, tools/derive_world.py):
                         one value for free and partly free states (an
                         elected legislature to pass; the Budapest record,
                         mostly free states, cannot tell the two apart),
                         another for "not free"; the United States at half
                         the first (two thirds of the Senate)
    accession            forums.CoE.accession_scale (Budapest only: the pace
                         of accession by invitation, relative to ratification)

Each point runs `cybernorms backtest FILE --set ...` on the FIT episodes
(budapest-2001, sco-2009) and reads OUT/backtest-treaties.csv and
OUT/backtest.csv.  Loss over the counts dated up to 2018-12 and the real
dates of entry into force up to then:

    loss = sum over fit counts of ln(model mean / real)^2
         + sum over fit entries into force of ((model mean date - real) / 24 months)^2
         + sum over fit episodes of -ln(max(P(real outcome), 0.01)) / 4

Counts after 2018 (Budapest 2024, Malabo 2023, the UN convention at Hanoi
2025) are never read.  Deterministic: Halton points, seeded backtests.

    python3 tools/calibrate_treaties.py --points 64 --replications 200
    python3 tools/calibrate_treaties.py --local 0.3 --points 32   # around --center

Writes results/calibration-treaties.csv and prints the best point.  Its
values become the defaults (sim/scenario.c) and RATIFY_BY_FIW
(tools/derive_world.py) by hand, recorded in docs/backtest.md.
"""

import argparse
import csv
import importlib.util
import math
import os
import subprocess
import sys
import tempfile

ROOT = os.path.normpath(os.path.join(os.path.dirname(os.path.abspath(__file__)), ".."))
FIT = ["scenarios/history/budapest-2001.cfg", "scenarios/history/sco-2009.cfg"]
EVIDENCE_END = "2018-12"

# name, low, high, log scale
BOX = [
    ("sign_open", 0.3, 0.95, False),
    ("sign_rate", 0.05, 1.5, True),
    ("sign_threshold", 0.0, 0.15, False),
    ("ratify_FPF", 0.02, 0.5, True),
    ("ratify_NF", 0.05, 3.0, True),
    ("accession", 0.01, 1.0, True),
]
CENTER = {"sign_open": 0.6, "sign_rate": 0.3, "sign_threshold": 0.05, "ratify_FPF": 0.1,
          "ratify_NF": 0.5, "accession": 0.1}


def halton(i, base):
    f, r = 1.0, 0.0
    while i > 0:
        f /= base
        r += f * (i % base)
        i //= base
    return r


def fiw_classes():
    spec = importlib.util.spec_from_file_location("dw", os.path.join(ROOT, "tools", "derive_world.py"))
    dw = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(dw)
    return {s["code"]: s["fiw"] for s in dw.parse_states()}, dw.RATIFY_SPECIAL


def point(k, local, center):
    primes = [2, 3, 5, 7, 11, 13]
    p = {}
    for j, (name, lo, hi, log) in enumerate(BOX):
        u = halton(k + 1, primes[j])
        if local is not None:
            c = center[name]
            if log:
                lo, hi = c / (1 + local), c * (1 + local)
            else:
                lo, hi = max(lo, c * (1 - local)), min(hi, c * (1 + local)) if c > 0 else hi * local
        p[name] = math.exp(math.log(lo) + u * (math.log(hi) - math.log(lo))) if log else lo + u * (hi - lo)
    return p


def sets_for(p, classes, special):
    s = ["model.sign_open=%.6g" % p["sign_open"], "model.sign_rate=%.6g" % p["sign_rate"],
         "model.sign_threshold=%.6g" % p["sign_threshold"]]
    for code, fiw in sorted(classes.items()):
        v = p["ratify_FPF"] / 2 if code in special else p["ratify_" + ("NF" if fiw == "NF" else "FPF")]
        s.append("states.%s.ratify=%.6g" % (code, v))
    return s


def run(bin_, path, sets, reps, extra):
    with tempfile.TemporaryDirectory() as out:
        cmd = [bin_, "backtest", path, "--replications", str(reps), "--quiet", "--out", out]
        for s in sets + extra:
            cmd += ["--set", s]
        subprocess.run(cmd, check=True, cwd=ROOT, stdout=subprocess.DEVNULL)
        with open(os.path.join(out, "backtest-treaties.csv")) as f:
            counts = list(csv.DictReader(f))
        with open(os.path.join(out, "backtest.csv")) as f:
            ep = list(csv.DictReader(f))[0]
    return counts, ep


def months(d):
    y, m = d.split("-")
    return 12 * int(y) + int(m) - 1


def score(bin_, p, classes, special, reps):
    loss, detail = 0.0, []
    sets = sets_for(p, classes, special)
    for path in FIT:
        extra = ["forums.CoE.accession_scale=%.6g" % p["accession"]] if "budapest" in path else []
        counts, ep = run(bin_, path, sets, reps, extra)
        for c in counts:
            if c["date"] > EVIDENCE_END:
                continue
            m, r = float(c["model_mean"]), float(c["real"])
            loss += math.log(max(m, 0.1) / r) ** 2
            detail.append("%s %s %s %.1f/%d" % (ep["episode"][:4], c["date"], c["count"][:3], m, r))
        if ep["real_force_date"] and ep["real_force_date"] <= EVIDENCE_END:
            if ep["mean_force_date"]:
                err = (months(ep["mean_force_date"]) - months(ep["real_force_date"])) / 24.0
            else:
                err = 5.0
            loss += err * err
            detail.append("force %s vs %s" % (ep["mean_force_date"] or "never", ep["real_force_date"]))
        loss += -math.log(max(float(ep["p"]), 0.01)) / 4
        detail.append("P %.2f" % float(ep["p"]))
    return loss, detail


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--bin", default=os.path.join(ROOT, "build", "cybernorms"))
    ap.add_argument("--points", type=int, default=64)
    ap.add_argument("--replications", type=int, default=200)
    ap.add_argument("--local", type=float, default=None)
    ap.add_argument("--center", default=None, help="name=value,... (default: CENTER)")
    ap.add_argument("--out", default=os.path.join(ROOT, "results", "calibration-treaties.csv"))
    a = ap.parse_args()
    center = dict(CENTER)
    if a.center:
        for kv in a.center.split(","):
            k, v = kv.split("=")
            center[k] = float(v)
    classes, special = fiw_classes()
    rows, best = [], None
    for k in range(-1, a.points):
        p = dict(center) if k < 0 else point(k, a.local, center)
        loss, detail = score(a.bin, p, classes, special, a.replications)
        rows.append(dict(p, point=k, loss=loss, detail="; ".join(detail)))
        if best is None or loss < best[0]:
            best = (loss, k, p, detail)
        print("%3d %.3f %s | %s" % (k, loss, " ".join("%s=%.3g" % (n, p[n]) for n, *_ in BOX),
                                    "; ".join(detail)), flush=True)
    os.makedirs(os.path.dirname(a.out), exist_ok=True)
    with open(a.out, "w", newline="") as f:
        w = csv.DictWriter(f, fieldnames=["point", "loss"] + [n for n, *_ in BOX] + ["detail"])
        w.writeheader()
        for r in rows:
            w.writerow({k: r[k] for k in w.fieldnames})
    loss, k, p, detail = best
    print("best: point %d, loss %.3f: %s" % (k, loss, ", ".join("%s=%.4g" % (n, p[n]) for n, *_ in BOX)))
    print("      " + "; ".join(detail))
    return 0


if __name__ == "__main__":
    sys.exit(main())
