#!/usr/bin/env python3
"""pin_backtest.py - the history library's scores, pinned in
tests/data/backtest_pinned.csv (issue 14).

    python3 tools/pin_backtest.py --write        # after a deliberate model change
    python3 tools/pin_backtest.py --check CSV    # CSV: a backtest.csv (.ci/steps/20-backtest.sh)

--write runs `build/cybernorms backtest` at each episode's run.replications
(the command's default) and, for every episode with a recorded vote, `run`
at the same replications for the s.d. of the vote counts over the
replications; it writes the pinned file.  Give the reason for a new pin,
with the old and new scores, in the commit message.

--check compares a backtest.csv with the pinned file and exits 1 when an
episode leaves its Monte Carlo band (the same bands as
tests/test_backtest.c, test_backtest_library_pinned):
    |P - P_pinned| <= Z sqrt(v (1/n + 1/N)),  v = q (1 - q), q = (h + 2) / (N + 4)
      (h hits of N pinned replications; n replications in CSV; Agresti-Coull
      q keeps the band open at P = 0 or 1)
    |mean - mean_pinned| <= Z sd sqrt(1/n + 1/N)   for each vote count
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
# replications.  tests/test_backtest.c (test_backtest_library_pinned, at
# 100 replications) and .ci/steps/20-backtest.sh (at N) fail when a score
# leaves its Monte Carlo band (tools/pin_backtest.py says how wide).
# After a deliberate model change: python3 tools/pin_backtest.py --write,
# and the reason, with the old and new scores, in the commit message.
"""
FIELDS = ["episode", "reps", "hits", "mean_yes", "mean_no", "mean_abstain",
          "sd_yes", "sd_no", "sd_abstain"]


def read_pinned(path=PINNED):
    with open(path) as f:
        rows = [line for line in f if not line.startswith("#")]
    return {r["episode"]: r for r in csv.DictReader(rows)}


def scored_forum(scenario):
    """The first scored forum of a history scenario (from its resolved text)."""
    out = subprocess.run([BIN, "check", scenario], check=True, capture_output=True,
                         text=True).stdout
    m = re.search(r'\nexpected = \{\n  forums = \["([^"]+)"', out)
    return m.group(1)


def vote_sds(scenario, reps, tmp):
    """The s.d. of the first scored forum's supporters, objectors and
    abstainers over `reps` replications of `run`, and their means."""
    out = os.path.join(tmp, os.path.basename(scenario))
    subprocess.run([BIN, "run", scenario, "--out", out, "--replications", str(reps),
                    "--quiet", "--force", "--threads", "2"], check=True)
    forum = scored_forum(scenario)
    with open(os.path.join(out, "runs.csv")) as f:
        rows = list(csv.DictReader(line for line in f if not line.startswith("#")))
    res = []
    for col in ("supporters", "objectors", "abstainers"):
        x = [float(r[forum + "." + col]) for r in rows]
        m = sum(x) / len(x)
        sd = math.sqrt(sum((v - m) ** 2 for v in x) / (len(x) - 1))
        res.append((m, sd))
    return res


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
            if e["real_yes"] != "":
                sds = vote_sds(e["file"], reps, tmp)
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
        band = Z * math.sqrt(q * (1 - q) * (1.0 / n + 1.0 / N))
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
