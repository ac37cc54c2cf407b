#!/usr/bin/env bash
# 32-whatifs.sh - every shipped what-if (scenarios/whatif/*.cfg) answers
# with a column that moves (issue #12): each sweep runs at a few hundred
# replications per point (common random numbers, so differences from the
# baseline are paired), and a metric column "moves" when some point's
# paired difference from the baseline exceeds Monte Carlo noise: |delta|
# above z times its standard error (from the table's 95% interval), z the
# two-sided Bonferroni critical value over the sweep's points at 5%.  Per
# what-if it prints the moving columns and flags constant columns (the same
# mean at every point) and columns pinned near 0 or 1 (every point within
# 0.01 of the same end: such a metric cannot answer the question at these
# settings); it fails when a what-if has no moving column.
#   WHATIF_REPS=N   replications per point (default 300)
set -euo pipefail
command -v python3 >/dev/null || { DEBIAN_FRONTEND=noninteractive apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq python3; }
make -s build/cybernorms
reps=${WHATIF_REPS:-300}
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
for f in scenarios/whatif/*.cfg; do
  name=$(basename "$f" .cfg)
  build/cybernorms sweep "$f" --replications "$reps" --threads 2 --db "$tmp/$name.sqlite" --quiet
  build/cybernorms export "$tmp/$name.sqlite" --format csv > "$tmp/$name.csv"
done
python3 - "$tmp" scenarios/whatif/*.cfg <<'PY'
import csv, os, statistics, sys

tmp, files = sys.argv[1], sys.argv[2:]
failed = []
for f in files:
    name = os.path.basename(f)[:-4]
    rows = list(csv.DictReader(open(os.path.join(tmp, name + ".csv"))))
    metrics = [c[:-len(".significant")] for c in rows[0] if c.endswith(".significant")]
    points = [r for r in rows if r["point"] != "baseline"]
    # two-sided 5%, Bonferroni over the points compared with the baseline
    z = statistics.NormalDist().inv_cdf(1 - 0.025 / max(1, len(points)))
    moving, flags = [], []
    for m in metrics:
        means = [float(r[m]) for r in rows if r[m] != ""]
        best = 0.0  # largest |delta| / its standard error
        for r in points:
            if r[m + ".delta"] == "":
                continue
            d = float(r[m + ".delta"])
            se = (float(r[m + ".delta_hi"]) - float(r[m + ".delta_lo"])) / (2 * 1.959963984540054)
            ratio = abs(d) / se if se > 0 else (float("inf") if d != 0 else 0.0)
            best = max(best, ratio)
        if best > z:
            moving.append("%s (%.3f..%.3f)" % (m, min(means), max(means)))
        if means and max(means) - min(means) < 1e-12:
            flags.append("%s constant at %.3f" % (m, means[0]))
        elif means and (max(means) <= 0.01 or min(means) >= 0.99) and \
                all(0.0 <= float(r[m + ".lo"]) and float(r[m + ".hi"]) <= 1.0 for r in rows):
            flags.append("%s pinned near %d" % (m, 0 if max(means) <= 0.01 else 1))
    print("%s (%d points, z %.2f): moving: %s" % (name, len(points), z,
                                                 "; ".join(moving) if moving else "NONE"))
    for fl in flags:
        print("  flag: " + fl)
    if not moving:
        failed.append(name)
if failed:
    sys.exit("what-ifs with no column that moves beyond Monte Carlo noise: " + ", ".join(failed))
PY
