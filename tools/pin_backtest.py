#!/usr/bin/env python3
"""pin_backtest.py - the history library's scores, pinned in
tests/data/backtest_pinned.csv (issue 14).

    python3 tools/pin_backtest.py --write        # after a deliberate model change
    python3 tools/pin_backtest.py --check CSV    # CSV: a backtest.csv (.ci/steps/20-backtest.sh)

--write runs `build/cybernorms backtest` at each episode's run.replications
(the command's default) and, for every scored episode, `run` at the same
replications for the spread over the replications; it writes the pinned
file.  Give the reason for a new pin, with the old and new scores, in the
commit message.

The replications are not independent: consecutive groups of
run.input_group (20) share one draw of the uncertain inputs (the states'
positions; cn_world_draw_inputs), so a mean over replications varies more
than its per-replication s.d. says.  The pins carry that: sd_* is the
effective s.d., the larger of the per-replication s.d. and
sqrt(g var(group means)) (g the group size, the variance of the means of
the N / g groups), and deff_p the design effect of P, the larger of 1 and
g var(group hit rates) / (p (1 - p)).

--check compares a backtest.csv with the pinned file and exits 1 when an
episode leaves its Monte Carlo band (the same bands as
tests/test_backtest.c, test_backtest_library_pinned):
    |P - P_pinned| <= Z sqrt(v (1/n + 1/N)),  v = q (1 - q), q = (h + 2) / (N + 4)
      (h hits of N pinned replications; n replications in CSV; Agresti-Coull
      q keeps the band open at P = 0 or 1)
    |mean - mean_pinned| <= Z sd sqrt(1/n + 1/N)   for each vote count
    |P - P_pinned| <= Z sqrt(deff_p v (1/n + 1/N))   (the P band above,
      widened by the pinned design effect)
with Z = 4.  Every pinned episode must be in CSV and every episode of CSV
pinned.
"""
import csv
import math
import os
import re
import subprocess
import sys
import tempfile

PINNED = "tests/data/backtest_pinned.csv"
BIN = "build/cybernorms"
LIBRARY = "scenarios/history"
Z = 4.0
HEADER = """\
# backtest_pinned.csv - the history library's scores, pinned (issue 14):
# per episode the replications N (its run.replications, the `cybernorms
# backtest` default), the hits (replications giving the real outcome; empty
# for a hypothetical episode) and, for a recorded vote, the mean yes/no/
# abstain counts of the first scored forum with their s.d. over the
# replications (effective: consecutive groups of run.input_group replications
# share one draw of the positions, so sd_* is the larger of the per-replication
# s.d. and sqrt(g var(group means))), and deff_p, the design effect of P (at
# least 1, g var(group hit rates) / (p (1 - p))).  tests/test_backtest.c (test_backtest_library_pinned, at
# 100 replications) and .ci/steps/20-backtest.sh (at N) fail when a score
# leaves its Monte Carlo band (tools/pin_backtest.py says how wide).
# After a deliberate model change: python3 tools/pin_backtest.py --write,
# and the reason, with the old and new scores, in the commit message.
"""
FIELDS = ["episode", "reps", "hits", "mean_yes", "mean_no", "mean_abstain",
          "sd_yes", "sd_no", "sd_abstain", "deff_p"]


def read_pinned(path=PINNED):
    with open(path) as f:
        rows = [line for line in f if not line.startswith("#")]
    return {r["episode"]: r for r in csv.DictReader(rows)}


def resolved(scenario):
    """The resolved text of a scenario (`check`)."""
    return subprocess.run([BIN, "check", scenario], check=True, capture_output=True,
                          text=True).stdout


def expected_of(text):
    """The scored forums, adopted and in_force (None: not given) and the
    input group size of a resolved history scenario."""
    m = re.search(r'\nexpected = \{\n  forums = \[([^\]]*)\];', text)
    forums = re.findall(r'"([^"]+)"', m.group(1))
    block = text[m.start():text.index("\n};", m.start())]
    flag = {}
    for key in ("adopted", "in_force"):
        f = re.search(r"\n  %s = (true|false);" % key, block)
        flag[key] = None if f is None else f.group(1) == "true"
    g = re.search(r"\n  input_group = (\d+);", text)
    return forums, flag["adopted"], flag["in_force"], int(g.group(1)) if g else 1


def sample_sd(x):
    m = sum(x) / len(x)
    return math.sqrt(sum((v - m) ** 2 for v in x) / (len(x) - 1)) if len(x) > 1 else 0.0


def group_means(x, g):
    return [sum(x[i:i + g]) / len(x[i:i + g]) for i in range(0, len(x), g)]


def spreads(scenario, reps, tmp):
    """From `run` at `reps` replications: the hits, the design effect of P
    and, for the first scored forum, the mean and effective s.d. of its
    supporters, objectors and abstainers."""
    out = os.path.join(tmp, os.path.basename(scenario))
    subprocess.run([BIN, "run", scenario, "--out", out, "--replications", str(reps),
                    "--quiet", "--force", "--threads", "2"], check=True)
    forums, adopted, in_force, g = expected_of(resolved(scenario))
    with open(os.path.join(out, "runs.csv")) as f:
        rows = list(csv.DictReader(line for line in f if not line.startswith("#")))
    rows.sort(key=lambda r: int(r["replication"]))
    hit = []
    for r in rows:
        h = 1.0
        for fo in forums:
            if adopted is not None and (float(r[fo + ".adopted"]) > 0.5) != adopted:
                h = 0.0
            if in_force is not None and (float(r[fo + ".in_force"]) > 0.5) != in_force:
                h = 0.0
        hit.append(h)
    p = sum(hit) / len(hit)
    deff = 1.0
    if 0.0 < p < 1.0 and len(hit) >= 2 * g:
        deff = max(1.0, g * sample_sd(group_means(hit, g)) ** 2 / (p * (1.0 - p)))
    counts = []
    for col in ("supporters", "objectors", "abstainers"):
        x = [float(r[forums[0] + "." + col]) for r in rows]
        sd = sample_sd(x)
        if len(x) >= 2 * g:
            sd = max(sd, math.sqrt(g) * sample_sd(group_means(x, g)))
        counts.append((sum(x) / len(x), sd))
    return int(round(sum(hit))), deff, counts


def write():
    with tempfile.TemporaryDirectory() as tmp:
        subprocess.run([BIN, "backtest", LIBRARY, "--out", tmp, "--quiet", "--threads", "2"],
                       check=True)
        with open(os.path.join(tmp, "backtest.csv")) as f:
            episodes = list(csv.DictReader(f))
        rows = []
        for e in episodes:
            reps = int(e["reps"])
            row = {"episode": e["episode"], "reps": reps,
                   "hits": "" if e["p"] == "" else round(float(e["p"]) * reps)}
            if e["p"] == "":
                rows.append(row)
                continue
            hits, deff, sds = spreads(e["file"], reps, tmp)
            if hits != row["hits"]:
                sys.exit("run and backtest disagree on %s's hits: %d, %d"
                         % (e["episode"], hits, row["hits"]))
            row["deff_p"] = "%.3f" % deff
            if e["real_yes"] != "":
                for k, name in enumerate(("yes", "no", "abstain")):
                    mean = float(e["mean_" + name])
                    # backtest.csv rounds to 2 decimals: half a unit, and a
                    # hair for the binary fractions (10.625 prints 10.62)
                    if abs(sds[k][0] - mean) > 0.005 + 1e-9:
                        sys.exit("run and backtest disagree on %s's mean %s" % (e["episode"], name))
                    row["mean_" + name] = e["mean_" + name]
                    row["sd_" + name] = "%.4f" % sds[k][1]
            rows.append(row)
    with open(PINNED, "w", newline="") as f:
        f.write(HEADER)
        w = csv.DictWriter(f, FIELDS, lineterminator="\n")
        w.writeheader()
        w.writerows(rows)
    print("wrote %s: %d episodes" % (PINNED, len(rows)))


def check(path):
    pinned = read_pinned()
    with open(path) as f:
        got = {e["episode"]: e for e in csv.DictReader(f)}
    bad = []
    for name in sorted(set(pinned) | set(got)):
        if name not in got or name not in pinned:
            bad.append("%s: %s" % (name, "missing" if name not in got else "not pinned"))
            continue
        p, e = pinned[name], got[name]
        N, n = int(p["reps"]), int(e["reps"])
        if p["hits"] == "":
            if e["p"] != "":
                bad.append("%s: hypothetical, but scored" % name)
            continue
        h = int(p["hits"])
        q = (h + 2.0) / (N + 4.0)
        deff = float(p["deff_p"]) if p.get("deff_p") else 1.0
        band = Z * math.sqrt(deff * q * (1 - q) * (1.0 / n + 1.0 / N))
        dp = float(e["p"]) - h / N
        status = "ok" if abs(dp) <= band else "OUT"
        print("%-18s P %.4f pinned %.4f band +-%.4f %s" % (name, float(e["p"]), h / N, band,
                                                            status))
        if status != "ok":
            bad.append("%s: P %.4f, pinned %.4f (band %.4f)" % (name, float(e["p"]), h / N, band))
        for v in ("yes", "no", "abstain"):
            if p["mean_" + v] == "":
                continue
            band = Z * float(p["sd_" + v]) * math.sqrt(1.0 / n + 1.0 / N)
            d = float(e["mean_" + v]) - float(p["mean_" + v])
            print("%-18s   %-7s %8.2f pinned %8.2f band +-%.2f %s" % (
                "", v, float(e["mean_" + v]), float(p["mean_" + v]), band,
                "ok" if abs(d) <= band else "OUT"))
            if abs(d) > band:
                bad.append("%s: mean %s %s, pinned %s (band %.2f)" % (
                    name, v, e["mean_" + v], p["mean_" + v], band))
    if bad:
        print("backtest outside the pinned Monte Carlo bands (tests/data/backtest_pinned.csv):")
        for b in bad:
            print("  " + b)
        sys.exit(1)
    print("backtest: %d episodes within their pinned bands" % len(pinned))


if __name__ == "__main__":
    if len(sys.argv) == 2 and sys.argv[1] == "--write":
        write()
    elif len(sys.argv) == 3 and sys.argv[1] == "--check":
        check(sys.argv[2])
    else:
        sys.exit(__doc__)
