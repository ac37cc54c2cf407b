#!/usr/bin/env python3
"""derive_votes.py - writes the history scenarios of the recorded General
Assembly votes of the evidence (scenarios/history/ga-*.cfg), each on the
world of its own year, with its real votes and the previous vote of the
same series (the backtest's baseline "vote as last time").

Reproducible: same inputs, same output, byte for byte (no randomness, no
clock, no network).  Standard library only.

    python3 tools/derive_votes.py            # writes the files below
    python3 tools/derive_votes.py --check    # exit 1 if any is out of date

Inputs
  data/unga_ict_votes_2005_2018.csv  recorded votes (Voeten UNGA voting data,
                                     unvotes): one column per resolution,
                                     yes / no / abstain, empty = absent
  scenarios/world/un193-YYYY.cfg     the worlds of each year (which exist)
  tools/derive_world.py              the 193 states (alpha-3 and alpha-2
                                     codes, in the worlds' order)

Rules (docs/data.md, "GA votes"; docs/backtest.md), fixed before any run:
  - world: the latest world-year <= the vote's year among the files
    scenarios/world/un193-YYYY.cfg; the world of year Y uses only evidence
    dated before Y, so no vote is in the evidence of its own world;
  - members: the states present and voting (an absent state cannot be
    predicted and does not count under the majority rule);
  - the text is the sponsor's draft, fixed by a closed agenda (not
    negotiated) at a position set from its content: Russia's series
    "Developments in the field of information and telecommunications in
    the context of international security", sponsored by the InfoSec camp,
    carries the content of what each text does: 60/45 ... 63/37 (before
    any GGE report: they ask for views and a group of experts, in the
    series' information-security framing) scope 0.6, form 0.2; 71/28
    (welcomes the 2015 GGE report, calls on states to be guided by it and
    creates the 2016-17 group) the 2015 report's content, scope 0.35, form
    0.25, as in gge-2014.cfg's draft; 73/27 (Russia's own list of norms
    with the SCO code's language; fixed in advance) scope 0.75, form 0.30;
    the US-led 73/266 (fixed in advance) scope 0.20, form 0.15, sponsored
    by the LikeMinded camp.  In December 2018 both were on the table: each
    is the other's `alternative`;
  - previous: the preceding vote in the file (the same series before 2018;
    both December 2018 votes follow 71/28);
  - held out: a vote from CN_BT_CUTOFF_YEAR (2018) on (the backtest's time
    split by the calendar's start year, sim/backtest.c).
"""

import argparse
import csv
import glob
import os
import re
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import derive_world  # noqa: E402  (the 193 states; fmt, wrap_long)

ROOT = os.path.normpath(os.path.join(os.path.dirname(os.path.abspath(__file__)), ".."))
VOTES_CSV = os.path.join(ROOT, "data", "unga_ict_votes_2005_2018.csv")
WORLD_GLOB = os.path.join(ROOT, "scenarios", "world", "un193-*.cfg")
HISTORY = os.path.join(ROOT, "scenarios", "history")

CUTOFF_YEAR = 2018  # CN_BT_CUTOFF_YEAR (include/cn_backtest.h)
REPLICATIONS = 400

# The texts on [scope, form], fixed in advance from their content (not
# tuned on any backtest).
TEXT_INFOSEC = (0.75, 0.30)  # 73/27: information security, Russia's norms list on the
                             # road to a binding instrument, itself nonbinding
TEXT_EARLY = (0.60, 0.20)    # 60/45 .. 63/37: views and a group of experts, framed as
                             # information security
TEXT_GGE2015 = (0.35, 0.25)  # 71/28: the 2015 GGE report it welcomes (gge-2014.cfg's draft)
TEXT_LIKEMINDED = (0.20, 0.15)  # 73/266: cybersecurity, the GGE reports, nonbinding
SPONSOR_INFOSEC, SPONSOR_LIKEMINDED = "InfoSec", "LikeMinded"

RUSSIAN_DOC = [
    "Russia's resolution \"Developments in the field of information and",
    "telecommunications in the context of international security\", tabled every",
    "year since 1998 (sponsor: the InfoSec camp).",
]

# The votes, in the order of the file (each one's `previous` is the one
# before it, but 73/266's, which follows 71/28 as 73/27 does).  month: the
# month of the plenary vote (the day where the record in the repository
# gives it).
VOTES = [
    {"res": "A/RES/60/45", "name": "ga-60-45", "year": 2005, "month": 12, "day": 8,
     "sponsor": SPONSOR_INFOSEC, "text": TEXT_EARLY, "doc": RUSSIAN_DOC},
    {"res": "A/RES/61/54", "name": "ga-61-54", "year": 2006, "month": 12, "day": None,
     "sponsor": SPONSOR_INFOSEC, "text": TEXT_EARLY, "doc": RUSSIAN_DOC},
    {"res": "A/RES/62/17", "name": "ga-62-17", "year": 2007, "month": 12, "day": None,
     "sponsor": SPONSOR_INFOSEC, "text": TEXT_EARLY, "doc": RUSSIAN_DOC},
    {"res": "A/RES/63/37", "name": "ga-63-37", "year": 2008, "month": 12, "day": None,
     "sponsor": SPONSOR_INFOSEC, "text": TEXT_EARLY, "doc": RUSSIAN_DOC},
    {"res": "A/RES/71/28", "name": "ga-71-28", "year": 2016, "month": 12, "day": None,
     "sponsor": SPONSOR_INFOSEC, "text": TEXT_GGE2015, "doc": RUSSIAN_DOC},
    {"res": "A/RES/73/27", "name": "ga-73-27", "year": 2018, "month": 12, "day": 5,
     "sponsor": SPONSOR_INFOSEC, "text": TEXT_INFOSEC,
     "alternative": ("A/RES/73/266", TEXT_LIKEMINDED, SPONSOR_LIKEMINDED),
     "title": "creates the OEWG",
     "doc": [
         "Russia's resolution in its series \"Developments in the field of",
         "information and telecommunications in the context of international",
         "security\", which set out a list of norms (the 2015 GGE norms plus language",
         "from the SCO code of conduct on the information space) and created the",
         "Open-Ended Working Group (sponsor: the InfoSec camp).  The US-led 73/266 was",
         "on the table the same month: its alternative.",
     ]},
    {"res": "A/RES/73/266", "name": "ga-73-266", "year": 2018, "month": 12, "day": 22,
     "sponsor": SPONSOR_LIKEMINDED, "text": TEXT_LIKEMINDED, "previous": "A/RES/71/28",
     "alternative": ("A/RES/73/27", TEXT_INFOSEC, SPONSOR_INFOSEC),
     "title": "creates the 2019-21 GGE",
     "doc": [
         "The US-led resolution \"Advancing responsible State behaviour in cyberspace",
         "in the context of international security\", which created the sixth GGE on",
         "the basis of the 2010, 2013 and 2015 reports (sponsor: the LikeMinded",
         "camp).  Russia's 73/27 was on the table the same month: its alternative.",
         "Previous vote: 71/28, the last recorded vote of the file before December",
         "2018 (the US-led series had none; each state's vote on the text the",
         "GA last voted on).",
     ]},
]
MONTHS = ["January", "February", "March", "April", "May", "June", "July", "August",
          "September", "October", "November", "December"]


def fail(msg):
    sys.stderr.write("derive_votes: %s\n" % msg)
    sys.exit(2)


def world_years():
    years = []
    for path in glob.glob(WORLD_GLOB):
        m = re.fullmatch(r"un193-(\d{4})\.cfg", os.path.basename(path))
        if m:
            years.append(int(m.group(1)))
    return sorted(years)


def world_of(year, years):
    before = [y for y in years if y <= year]
    if not before:
        fail("no world of a year <= %d in scenarios/world" % year)
    return before[-1]


def read_votes(states):
    """{resolution: {alpha-3: vote}} (absent states left out), and the
    resolutions in the file's order."""
    by_iso2 = {s["iso2"]: s["code"] for s in states}
    with open(VOTES_CSV, newline="", encoding="utf-8") as fh:
        reader = csv.DictReader(fh)
        cols = [c for c in reader.fieldnames if c.startswith("A/RES/")]
        out = {c: {} for c in cols}
        for row in reader:
            code = by_iso2.get(row["iso2"])
            if code is None:
                fail("%s: unknown alpha-2 code %r" % (VOTES_CSV, row["iso2"]))
            for c in cols:
                v = row[c].strip()
                if v not in ("", "yes", "no", "abstain"):
                    fail("%s: %s, %s: unknown vote %r" % (VOTES_CSV, row["iso2"], c, v))
                if v:
                    out[c][code] = v
    return out, cols


def quoted(codes):
    return ", ".join("\"%s\"" % c for c in codes)


def by_vote(states, votes):
    """The codes voting yes, no and abstain, in the worlds' order."""
    return {k: [s["code"] for s in states if votes.get(s["code"]) == k]
            for k in ("yes", "no", "abstain")}


def count_text(c):
    return "%d-%d-%d" % (len(c["yes"]), len(c["no"]), len(c["abstain"]))


def render(v, states, votes, years):
    res, year = v["res"], v["year"]
    wy = world_of(year, years)
    real = votes[res]
    counts = by_vote(states, real)
    members = [s["code"] for s in states if s["code"] in real]
    prev = v.get("previous", v.get("prev_in_file"))
    held = year >= CUTOFF_YEAR
    date = ("%d %s %d" % (v["day"], MONTHS[v["month"] - 1][:3], year) if v["day"]
            else "%s %d" % (MONTHS[v["month"] - 1], year))
    title = "UN General Assembly vote on %s%s, %s." % (
        res, " (%s)" % v["title"] if "title" in v else "", date)
    named = []
    for k in ("no", "abstain"):
        if counts[k] and len(counts[k]) <= 3:
            named.append("%s: %s" % (k, ", ".join(counts[k])))
    out = [
        "# scenarios/history/%s.cfg - %s" % (v["name"], title),
        "# Generated by tools/derive_votes.py (members and real votes from",
        "# data/unga_ict_votes_2005_2018.csv); do not edit by hand.",
        "#",
        "# %s, %s:" % (res, date),
    ] + ["# " + l for l in v["doc"]] + [
        "# Adopted %s (recorded vote%s)." % (count_text(counts),
                                             "; " + "; ".join(named) if named else ""),
        "#",
        "# World: un193-%d.cfg, the latest world-year up to %d (evidence dated" % (wy, year),
        "#   before %d only: this vote is not in it); the scenario keeps its" % wy,
        "#   dimensions scope and form (docs/scenarios.md, \"world_dimensions\").",
        "# Members: the %d states present and voting (the %d absent cannot be"
        % (len(members), len(states) - len(members)),
        "#   predicted and do not count under the majority rule).",
        "# Text: the sponsor's draft, fixed by a closed agenda (not negotiated), at",
        "#   scope %s, form %s, set from what the text does (the rule of"
        % (derive_world.fmt(v["text"][0]), derive_world.fmt(v["text"][1])),
        "#   tools/derive_votes.py; docs/data.md, \"GA votes\"); sponsor: the %s camp."
        % v["sponsor"],
    ]
    if "alternative" in v:
        ares, atext, asp = v["alternative"]
        out += ["# Alternative: %s, on the table the same month, scope %s, form %s"
                % (ares, derive_world.fmt(atext[0]), derive_world.fmt(atext[1])),
                "#   (sponsor: the %s camp)." % asp]
    out += [
        "# Baseline: %s." % ("each state's vote on %s, the previous vote (expected.previous)"
                            % prev if prev else "none (the first vote of the file)"),
        "# Calibration: %s" % ("HELD OUT (a vote of %d or later: the time split)." % CUTOFF_YEAR
                              if held else "fit set (a vote before %d)." % CUTOFF_YEAR),
        "",
        "name = \"%s\";" % v["name"],
        "description = \"%s Real: adopted %s.\";" % (title, count_text(counts)),
        "",
        "@include \"../world/un193-%d.cfg\"" % wy,
        "",
        "dimensions = ( { name = \"scope\"; }, { name = \"form\"; } );",
        "calendar = { start = \"%d-%02d\"; round_months = 1; };" % (year, v["month"]),
        "run = { seed = %d; replications = %d; };" % (year, REPLICATIONS),
        "",
        "forums = (",
        "  { name = \"GA\"; rule = \"majority\"; output = \"resolution\"; sessions = 1;",
        "    closed = { scope = %s; form = %s; };"
        % (derive_world.fmt(v["text"][0]), derive_world.fmt(v["text"][1])),
        "    sponsor = \"%s\";" % v["sponsor"],
    ]
    if "alternative" in v:
        ares, atext, asp = v["alternative"]
        out.append("    alternative = { text = [%s, %s]; sponsor = \"%s\"; };  # %s"
                   % (derive_world.fmt(atext[0]), derive_world.fmt(atext[1]), asp, ares))
    out += [
        "    members = [%s]; }" % quoted(members),
        ");",
        "",
        "expected = {",
        "  forum = \"GA\";",
        "  adopted = true;",
        "  yes = %d; no = %d; abstain = %d;" % tuple(len(counts[k]) for k in ("yes", "no", "abstain")),
        "  held_out = %s;" % ("true" if held else "false"),
        "  in_sample = false;  # the world of %d uses evidence dated before %d only" % (wy, wy),
    ]
    for k in ("yes", "no", "abstain"):
        out.append("  %s_states = [%s];" % (k, quoted(counts[k])))
    if prev:
        pc = by_vote(states, votes[prev])
        out.append("  previous = \"%s\";  # adopted %s" % (prev, count_text(pc)))
        for k in ("yes", "no", "abstain"):
            out.append("  previous_%s_states = [%s];" % (k, quoted(pc[k])))
    out += [
        "  source = \"Voeten UNGA voting data (unvotes), %s\";" % res,
        "};",
    ]
    return "\n".join(derive_world.wrap_long(out)) + "\n"


def outputs():
    states = derive_world.parse_states()
    votes, cols = read_votes(states)
    names = [v["res"] for v in VOTES]
    if names != cols:
        fail("%s: resolutions %s, expected %s" % (VOTES_CSV, cols, names))
    years = world_years()
    files = {}
    for k, v in enumerate(VOTES):
        v = dict(v)
        if "previous" not in v and k > 0:
            v["prev_in_file"] = VOTES[k - 1]["res"]
        files[os.path.join(HISTORY, v["name"] + ".cfg")] = render(v, states, votes, years)
    return files


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--check", action="store_true",
                    help="exit 1 if a generated file is out of date")
    args = ap.parse_args()
    return derive_world.sync_files(outputs(), args.check, "derive_votes", say=True)

if __name__ == "__main__":
    sys.exit(main())
