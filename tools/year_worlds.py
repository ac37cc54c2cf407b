#!/usr/bin/env python3
"""year_worlds.py - the worlds of each year (scenarios/world/un193-YYYY.cfg)
and their report (docs/data.md, "Positions from evidence: report").

Imported by tools/derive_world.py, which writes the files and checks them
(--check).  For each world-year Y (the states on 1 January Y) the
estimator of tools/ideal.py is fitted to the evidence of tools/evidence.py
dated before Y; its latent positions are mapped to [0, 1] by the anchored
map; capability, salience and ratification come from derive_world.py's
state table (as in un193.cfg); stubbornness from the estimated position;
blocs and camps as they stood on 1 January Y.  Standard library only;
deterministic (the fits run in ascending years, each starting from the
previous year's solution, which used a subset of its evidence).
"""

import math

import evidence as ev
import ideal

YEARS = [2001, 2004, 2009, 2012, 2014, 2015, 2016, 2017, 2018, 2019, 2021, 2022, 2025]
DIAG_YEAR = 2018            # the world of the time-split diagnostic
POP_YEAR = 2018             # the world whose population model the earlier worlds share
# The text positions of the December 2018 resolutions on [scope, form],
# fixed from their content before the diagnostic was run (issue 11's brief).
TEXT_POS = {"A/RES/73/27": (0.75, 0.30), "A/RES/73/266": (0.20, 0.15)}

STUB_LEADER, STUB_P5_CAMP, STUB_BASE, STUB_SLOPE = 0.90, 0.85, 0.55, 0.20


def fmt(x):
    s = ("%.3f" % x).rstrip("0")
    return s + "0" if s.endswith(".") else s


def corr(x, y):
    n = len(x)
    mx, my = sum(x) / n, sum(y) / n
    sxy = sum((a - mx) * (b - my) for a, b in zip(x, y))
    sxx = sum((a - mx) ** 2 for a in x)
    syy = sum((b - my) ** 2 for b in y)
    return sxy / math.sqrt(sxx * syy) if sxx > 0 and syy > 0 else float("nan")


class YearWorld:
    """One fitted world-year."""


def fit_years(E, years=YEARS, tol=ideal.TOL):
    """Fits every world-year; returns {year: YearWorld}.

    The population model (the covariate coefficients gamma, and the map of
    each dimension to [0, 1]) is fitted once, on the world of POP_YEAR
    (evidence dated before it: the fit period of the backtest's time
    split).  The worlds before POP_YEAR keep it fixed and fit only their
    items and the states' positions on the evidence dated before their
    year: a state's own record stays time-respecting, while how
    memberships, regions and the democracy index relate to positions is a
    parameter of the fit period like every other model parameter (the
    early record alone, one vote on which only the US voted no, cannot
    estimate it: every state of 2001 sat at 0.5).  The worlds from
    POP_YEAR on are fitted whole, each warm-started from the previous."""
    out = {}
    order = [y for y in sorted(years) if y >= POP_YEAR] + [y for y in sorted(years) if y < POP_YEAR]
    prev = {True: None, False: None}   # the warm start of each chain (early, late)
    pop = None
    for year in order:
        early = year < POP_YEAR
        names, sds, rows = E.covariates(year)
        items = E.items(year)
        gamma_fixed = None
        if early:
            pos = {c: k for k, c in enumerate(pop.colnames)}
            gamma_fixed = [[pop.fit.gamma[d][pos[c]] if c in pos else 0.0 for c in names]
                           for d in range(len(ev.DIMS))]
        res = ideal.fit(len(E.codes), len(ev.DIMS), rows, sds, items, tol=tol, start=prev[early],
                        colnames=names, gamma_fixed=gamma_fixed)
        prev[early] = res
        w = YearWorld()
        w.year, w.colnames, w.items, w.fit = year, names, items, res
        w.population = POP_YEAR if year < POP_YEAR else year
        w.maps = []
        w.ideal, w.se = [], []
        for d, dim in enumerate(ev.DIMS):
            if year < POP_YEAR:
                w.maps.append(pop.maps[d])
                continue
            hi, phi, lo, plo = E.anchor_codes(dim)
            mh = sum(res.theta[E.index[c]][d] for c in hi) / len(hi)
            ml = sum(res.theta[E.index[c]][d] for c in lo) / len(lo)
            w.maps.append(ideal.anchored_map(mh, ml, phi, plo, pivot_low=(plo == 0.5)))
        for i in range(len(E.codes)):
            xs, ss = [], []
            for d in range(len(ev.DIMS)):
                x, s = ideal.apply_map(w.maps[d], res.theta[i][d], res.se[i][d])
                xs.append(round(x, 3))
                ss.append(round(s, 3))
            w.ideal.append(xs)
            w.se.append(ss)
        out[year] = w
        if year == POP_YEAR:
            pop = w
    return dict(sorted(out.items()))


# ---------------------------------------------------------------------------
# Blocs and camps of a year.
# ---------------------------------------------------------------------------

def blocs_of_year(E, year, base_states, paris_call, leaders=("USA", "RUS")):
    codes = E.codes
    order = {c: i for i, c in enumerate(codes)}
    mem = {org: ev.member_at(spans, year) for org, spans in ev.MEMBERSHIPS.items()}
    bl = {b: ev.member_at(spans, year) for b, spans in ev.BLOC_SPANS.items()}
    by = {s["code"]: s for s in base_states}
    srt = lambda xs: sorted(set(xs), key=order.get)   # noqa: E731
    oas = [c for c in codes if by[c]["group"] == "GRULAC" and c not in bl["OAS_OUT"]]
    oas += ["USA", "CAN"]
    bud = [c for c in codes if E.budapest_year.get(c, 9999) < year]
    blocs = [
        ("EU", srt(mem["EU"]), "EU members on 1 January %d" % year),
        ("NATO", srt(mem["NATO"]), "NATO allies on 1 January %d" % year),
        ("CoE", srt(mem["CoE"]), "Council of Europe members on 1 January %d" % year),
        ("SCO", srt(mem["SCO"]), "SCO members (the Shanghai Five before June 2001)"),
        ("SCO2009", srt(ev.SCO_2009) if year > ev.SCO_2009_YEAR else [],
         "signatories of the SCO Yekaterinburg agreement, 16 June 2009"),
        ("BRICS", srt(bl["BRICS"]), "BRIC(S) members on 1 January %d" % year),
        ("CSTO", srt(mem["CSTO"]), "CSTO members on 1 January %d" % year),
        ("AU", srt(E.au_members(year)), "African Union (the OAU before July 2002); Morocco "
         "from 2017"),
        ("ASEAN", srt(mem["ASEAN"]), "ASEAN members"),
        ("OAS", srt(oas), "the GRULAC states, the US and Canada, less Cuba and (from April "
         "2019) Venezuela"),
        ("ArabLeague", srt(mem["ArabLeague"]), "Arab League members taking part (Syria "
         "suspended November 2011 - May 2023)"),
        ("G7", srt(bl["G7"]), ""),
        ("G20", srt(bl["G20"]) if year > 1999 else [], "the 19 state members"),
        ("P5", ["USA", "CHN", "RUS", "GBR", "FRA"], "permanent members of the Security Council"),
        ("Budapest", bud, "parties to the Budapest Convention before %d (BUDAPEST_YEAR)" % year),
        ("Malabo", srt(E.malabo) if year > ev.MALABO_YEAR else [],
         "the 15 ratifiers of the Malabo Convention (dated 2023)"),
        ("ParisCall", srt(c for c in paris_call if c != "USA" or year > 2021) if year > 2018 else [],
         "Paris Call state supporters (launched November 2018; the US from November 2021; "
         "LOW confidence list)"),
    ]
    west = mem["EU"] | mem["NATO"] | {"AUS", "NZL", "JPN"}
    like = srt(west)
    if year > 2018:
        infosec = srt(c for c in codes
                      if E.votes[by[c]["iso2"]]["A/RES/73/266"] == "no")
        inote = "camp: voted no on 73/266 (December 2018)"
    elif year > 2011:
        spon = set(E.sponsor[2011]) | (set(E.sponsor[2015]) if year > 2015 else set())
        infosec = srt(spon)
        inote = "camp: co-authors of the SCO codes of conduct dated before %d" % year
    else:
        infosec = srt(mem["SCO"])
        inote = "camp: SCO members (the Shanghai Five before June 2001)"
    camps = [("LikeMinded", leaders[0], like, "camp: the institutional West on 1 January %d "
              "(EU, NATO, Australia, New Zealand, Japan)" % year),
             ("InfoSec", leaders[1], infosec, inote)]
    return blocs, camps


# ---------------------------------------------------------------------------
# Rendering.
# ---------------------------------------------------------------------------

def wrap(lines, width=100):
    """Breaks long member lists after a comma (only those: other lines may
    hold strings with commas)."""
    res = []
    for line in lines:
        member_list = line.lstrip().startswith("members = [")
        while member_list and len(line) > width and ", " in line[:width]:
            cut = line.rfind(", ", 0, width) + 1
            res.append(line[:cut])
            line = "      " + line[cut + 1:]
        res.append(line)
    return res


def state_evidence(E, w, i):
    """A short line: the evidence on state i in world w (votes as letters in
    the order of the header: y yes, a abstain, n no, . absent)."""
    c = E.codes[i]
    parts = []
    votes = [it for it in w.items if it.name.startswith("vote ")]
    if votes:
        letters = ""
        for it in votes:
            ys = [y for k, y in it.obs if k == i]
            if not ys:
                letters += "."
            else:
                cats = it.note.split("ordered ")[1].rstrip(")").split(" < ")
                letters += cats[ys[0]][0]
        parts.append("votes " + letters)
    obs = [(it, y) for it in w.items if not it.name.startswith("vote ")
           for (k, y) in it.obs if k == i]
    parts += [it.name for it, y in obs if it.fixed is None and y == 1]
    pseudo = sorted(set(it.name.replace(" " + c, "").replace(" (scope)", "").replace(" (form)", "")
                        .replace(" (crime)", "") for it, y in obs if it.fixed is not None))
    parts += pseudo
    d = E.demo_at(c, w.year)
    parts.append("EIU %d %s" % (d[0], fmt(d[1])) if d else "no EIU")
    return "; ".join(parts)


def render_year(E, w, base_states, blocs, camps):
    year = w.year
    res = w.fit
    by = {s["code"]: s for s in base_states}
    leaders = {cmp[1] for cmp in camps}
    camp_of = {}
    for name, _, members, _ in camps:
        for c in members:
            camp_of[c] = name
    used = [it for it in w.items if it.fixed is None]
    npseudo = len(w.items) - len(used)
    out = [
        "# scenarios/world/un193-%d.cfg - the 193 UN member states as they stood on "
        "1 January %d." % (year, year),
        "# Generated by tools/derive_world.py (tools/evidence.py, tools/ideal.py); do not "
        "edit by hand.",
        "# Evidence cut-off: only evidence dated %d or earlier (items dated before %d;" % (year - 1, year),
        "#   covariates as on 1 January %d: the EIU index of the latest edition before %d,"
        % (year, year),
        "#   memberships held that day).",
        "# Sources (data/, each named in docs/data.md): unga_ict_votes_2005_2018.csv,",
        "#   democracy_index_eiu_2006_2024.csv, un_m49_regions.csv,",
        "#   freedom_online_coalition_members_2017.csv,",
        "#   infosec_convention_and_code_of_conduct_sponsors.csv, form_axis_statements.csv,",
        "#   national_positions_intl_law_cyber_partial.csv,",
        "#   malabo_convention_ratifications_2023.csv, budapest_convention_parties_partial.csv,",
        "#   ncpi2020_29countries.csv (capability, salience); the dated hand tables of",
        "#   tools/evidence.py and tools/derive_world.py (each with source and confidence).",
        "# Method: docs/data.md, \"Positions from evidence\": a hierarchical ordered-logit",
        "#   ideal-point model, item parameters and covariate coefficients at their",
        "#   marginal posterior mode, each state at its posterior mode with Laplace",
        "#   standard errors (ideal_se), mapped to [0, 1] by the anchored map.",
        "# Fit: %s after %d SQUAREM cycles (%d EM steps), last change %.1e; %d estimated"
        % ("converged" if res.converged else "NOT CONVERGED", res.iterations, res.em_steps,
           res.max_change, len(used)),
        "#   items, %d one-state statements (fixed parameters), %d covariates."
        % (npseudo, len(w.colnames)),
        "# Items: %s." % ", ".join(it.name for it in used) if used else "# Items: none.",
    ]
    out = out[:-1] + wrap_comment(out[-1])
    votes = [it.name[len("vote A/RES/"):] for it in w.items if it.name.startswith("vote ")]
    if votes:
        out.append("# Per state below: its evidence; votes in the order %s." % " ".join(votes))
    for d, dim in enumerate(ev.DIMS):
        lam, beta, mid, anchored = w.maps[d]
        out.append("# Map %s: logit x = %s + %s (theta %s %s), %s." % (
            dim, fmt(lam), fmt(beta), "-" if mid >= 0 else "+", fmt(abs(mid)),
            "anchored" if anchored else "slope capped (the evidence does not separate "
            "the anchors)"))
    out += ["# Capability, salience, ratify, veto: as in un193.cfg (docs/data.md);",
            "#   stubbornness = %s + %s * max(|2 scope - 1|, |2 form - 1|), camp leaders %s,"
            % (fmt(STUB_BASE), fmt(STUB_SLOPE), fmt(STUB_LEADER)),
            "#   other P5 members of a camp %s." % fmt(STUB_P5_CAMP),
            "# Include into a scenario with:  @include \"../world/un193-%d.cfg\"" % year,
            ""]
    wl = out.append
    wl("world_dimensions = (")
    for d, dim in enumerate(ev.DIMS):
        lo, hi = ev.DIM_TEXT[dim]
        wl("  { name = \"%s\"; low = \"%s\";" % (dim, lo))
        wl("    high = \"%s\"; }%s" % (hi, "," if d < len(ev.DIMS) - 1 else ""))
    wl(");")
    wl("")
    wl("states = (")
    n = len(E.codes)
    for i, c in enumerate(E.codes):
        s = by[c]
        x, se = w.ideal[i], w.se[i]
        if c in leaders:
            stub = STUB_LEADER
        elif c in ("USA", "CHN", "RUS", "GBR", "FRA") and c in camp_of:
            stub = STUB_P5_CAMP
        else:
            stub = round(STUB_BASE + STUB_SLOPE * max(abs(2 * x[0] - 1), abs(2 * x[1] - 1)), 3)
        sal = fmt(s["sal"])
        wl("  # %s: %s" % (c, state_evidence(E, w, i)))
        wl("  { code = \"%s\"; name = \"%s\"; group = \"%s\";" % (c, s["name"], s["group"]))
        wl("    region = \"%s\";" % E.region[c])
        wl("    ideal = [%s]; ideal_se = [%s];" % (", ".join(fmt(v) for v in x),
                                                   ", ".join(fmt(v) for v in se)))
        wl("    salience = [%s, %s, %s, %s]; capability = %s; stubbornness = %s;"
           % (sal, sal, sal, sal, fmt(s["cap"]), fmt(stub)))
        wl("    ratify = %s; veto = %s; }%s" % (fmt(s["ratify"]), "true" if s["veto"] else "false",
                                              "," if i < n - 1 else ""))
    wl(");")
    wl("")
    wl("blocs = (")
    allb = [(name, members, note, None, False) for name, members, note in blocs if members]
    allb += [(name, members, note, leader, True) for name, leader, members, note in camps if members]
    for k, (name, members, note, leader, camp) in enumerate(allb):
        if note:
            wl("  # %s" % note)
        extra = ""
        if leader and leader in members:
            extra += " leader = \"%s\";" % leader
        if camp:
            extra += " camp = true;"
        wl("  { name = \"%s\";%s" % (name, extra))
        wl("    members = [%s]; }%s" % (", ".join("\"%s\"" % m for m in members),
                                        "," if k < len(allb) - 1 else ""))
    wl(");")
    return "\n".join(wrap(out)) + "\n"


def wrap_comment(line, width=100):
    """Breaks a long '# ...' line after a comma."""
    res = []
    while len(line) > width and ", " in line[:width]:
        cut = line.rfind(", ", 0, width) + 1
        res.append(line[:cut])
        line = "#   " + line[cut + 1:]
    res.append(line)
    return res


# ---------------------------------------------------------------------------
# The report (docs/data.md, spliced between markers; --report prints it).
# ---------------------------------------------------------------------------

def auc(pos, neg):
    """P(a random member of pos scores above a random member of neg), ties 1/2."""
    if not pos or not neg:
        return float("nan")
    s = 0.0
    for a in pos:
        for b in neg:
            s += 1.0 if a > b else (0.5 if a == b else 0.0)
    return s / (len(pos) * len(neg))


def best_threshold(pos, neg):
    """Best accuracy of one threshold on the score (pos above it), and the
    threshold (mid-point between neighbours)."""
    vals = sorted(set(pos) | set(neg))
    cands = [vals[0] - 1e-9] + [(a + b) / 2.0 for a, b in zip(vals, vals[1:])] + [vals[-1] + 1e-9]
    n = len(pos) + len(neg)
    best = (-1.0, 0.0)
    for t in cands:
        acc = (sum(1 for v in pos if v > t) + sum(1 for v in neg if v <= t)) / n
        if acc > best[0] + 1e-12:
            best = (acc, t)
    return best


def fit_ordered(xs, ys):
    """Ordered logit yes (0) < abstain (1) < no (2) on one score x with a
    positive slope (opposition grows with x): the item machinery of
    ideal.py on fixed points (weak priors of ideal.py on the slope's log
    and the cutpoints).  Returns (slope, c0, c1, probabilities per state)."""
    it = ideal.Item("diag", [(0, 1)], 3, [])
    flat = [(y, [1.0], [[x]]) for x, y in zip(xs, ys)]
    for _ in range(200):
        p0 = it.get_params()
        f0, g, h = ideal._item_q(it, p0, flat, True)
        step = ideal.damped_step([[-v for v in row] for row in h], g, 2.0)
        t = 1.0
        while t > 1e-9:
            cand = [a + t * b for a, b in zip(p0, step)]
            if ideal._item_q(it, cand, flat, False)[0] >= f0 - 1e-12:
                break
            t *= 0.5
        it.set_params(cand)
        if max(abs(a - b) for a, b in zip(cand, p0)) < 1e-10:
            break
    a = it.disc()[0]
    c0, c1 = it.cuts()
    probs = []
    for x in xs:
        p_le0 = ideal._sig(c0 - a * x)
        p_le1 = ideal._sig(c1 - a * x)
        probs.append((p_le0, p_le1 - p_le0, 1.0 - p_le1))
    return a, c0, c1, probs


def diagnostic(E, w):
    """The time-split check: the world of DIAG_YEAR (evidence before it)
    against the December 2018 votes.  Returns Markdown lines."""
    by_iso = {s["code"]: s["iso2"] for s in E.states}
    out = []
    names = ["yes", "abstain", "no"]
    res_list = ["A/RES/73/27", "A/RES/73/266"]
    rival = {"A/RES/73/27": "A/RES/73/266", "A/RES/73/266": "A/RES/73/27"}
    out.append("Positions of the world of %d (evidence dated %d or earlier) against the "
               "recorded votes of December 2018, which that world never saw. Text positions "
               "fixed from content before the check: 73/27 at scope %s, form %s; 73/266 at "
               "scope %s, form %s. Absent states are left out."
               % (w.year, w.year - 1, fmt(TEXT_POS["A/RES/73/27"][0]), fmt(TEXT_POS["A/RES/73/27"][1]),
                  fmt(TEXT_POS["A/RES/73/266"][0]), fmt(TEXT_POS["A/RES/73/266"][1])))
    out.append("")
    out.append("| vote | real yes / abstain / no | mean scope (yes / abstain / no) | mean form "
               "(yes / abstain / no) | AUC of scope, no vs rest | AUC of form, no vs rest | "
               "best one-threshold accuracy on scope, no vs rest (majority share) |")
    out.append("|---|---|---|---|---|---|---|")
    for res in res_list:
        sign = -1.0 if res == "A/RES/73/27" else 1.0   # 73/27 no = low scope
        rows = [(i, E.votes[by_iso[c]][res]) for i, c in enumerate(E.codes) if E.votes[by_iso[c]][res]]
        cnt = {k: sum(1 for _, v in rows if v == k) for k in names}
        means = []
        for d in (0, 1):
            means.append(" / ".join(
                fmt(sum(w.ideal[i][d] for i, v in rows if v == k) / cnt[k]) if cnt[k] else "-"
                for k in names))
        aucs = []
        for d in (0, 1):
            pos = [sign * w.ideal[i][d] for i, v in rows if v == "no"]
            neg = [sign * w.ideal[i][d] for i, v in rows if v != "no"]
            aucs.append(auc(pos, neg))
        pos = [sign * w.ideal[i][0] for i, v in rows if v == "no"]
        neg = [sign * w.ideal[i][0] for i, v in rows if v != "no"]
        acc, thr = best_threshold(pos, neg)
        maj = max(len(pos), len(neg)) / (len(pos) + len(neg))
        out.append("| %s | %d / %d / %d | %s | %s | %.3f | %.3f | %.3f at scope %s %s (%.3f) |"
                   % (res[6:], cnt["yes"], cnt["abstain"], cnt["no"], means[0], means[1],
                      aucs[0], aucs[1], acc, "<" if sign < 0 else ">", fmt(abs(thr)), maj))
    out.append("")
    out.append("An ordered logit (yes < abstain < no) fitted to each vote on one score computed "
               "from the positions alone (its slope, positive, and two cutpoints are the only "
               "parameters; the estimator's coefficients are untouched): A, the distance "
               "from the text; B, the squared distance from the text minus the squared "
               "distance from the rival text of the same month. Modal match: the share of "
               "states whose most likely vote is their real vote (abstainers included).")
    out.append("")
    out.append("| vote | score | slope | modal match | modal yes / abstain / no | expected yes / "
               "abstain / no | log-likelihood (counts only) | abstainers matched |")
    out.append("|---|---|---|---|---|---|---|---|")
    for res in res_list:
        t, r = TEXT_POS[res], TEXT_POS[rival[res]]
        rows = [(i, names.index(E.votes[by_iso[c]][res])) for i, c in enumerate(E.codes)
                if E.votes[by_iso[c]][res]]
        ys = [y for _, y in rows]
        n = len(ys)
        base = sum(math.log(ys.count(y) / n) for y in ys)
        for label in ("A", "B"):
            xs = []
            for i, _ in rows:
                p = w.ideal[i]
                dt = (p[0] - t[0]) ** 2 + (p[1] - t[1]) ** 2
                dr = (p[0] - r[0]) ** 2 + (p[1] - r[1]) ** 2
                xs.append(math.sqrt(dt) if label == "A" else dt - dr)
            a, c0, c1, probs = fit_ordered(xs, ys)
            modal = [max(range(3), key=lambda k: pr[k]) for pr in probs]
            match = sum(1 for m, y in zip(modal, ys) if m == y) / n
            ll = sum(math.log(max(pr[y], 1e-300)) for pr, y in zip(probs, ys))
            exp_c = [sum(pr[k] for pr in probs) for k in range(3)]
            abst = sum(1 for m, y in zip(modal, ys) if y == 1 and m == 1)
            out.append("| %s | %s | %s | %.3f | %s | %s | %.1f (%.1f) | %d of %d |"
                       % (res[6:], label, fmt(a), match,
                          " / ".join(str(modal.count(k)) for k in range(3)),
                          " / ".join("%.1f" % v for v in exp_c), ll, base, abst, ys.count(1)))
    return out


def largest_se(E, w, k=10):
    """The k states with the largest mean SE over scope, form and crime, and why."""
    by_iso = {s["code"]: s["iso2"] for s in E.states}
    votes = [it for it in w.items if it.name.startswith("vote ")]
    rows = []
    for i, c in enumerate(E.codes):
        m = sum(w.se[i][:3]) / 3.0
        rows.append((-m, c, i))
    rows.sort()
    out = ["| state | SE scope / form / crime / law | why |", "|---|---|---|"]
    names, _, zrows = E.covariates(w.year)
    mem_cols = [k for k, nm in enumerate(names) if not nm.startswith(("region", "democracy"))]
    for neg, c, i in rows[:k]:
        why = []
        absent = [it.name[len("vote A/RES/"):] for it in votes
                  if not any(s == i for s, _ in it.obs)]
        if absent:
            why.append("absent on %d of %d votes" % (len(absent), len(votes)))
        if E.demo_at(c, w.year) is None:
            why.append("no EIU index")
        mems = [names[kk] for kk in mem_cols if zrows[i][kk] == 1.0]
        why.append("memberships: %s" % (", ".join(mems) if mems else "none of the covariates"))
        why.append("region %s" % E.region[c])
        out.append("| %s %s | %s | %s |" % (c, by_iso[c], " / ".join(fmt(v) for v in w.se[i]),
                                            "; ".join(why)))
    return out


def report(E, worlds):
    """The report of every world-year (Markdown lines)."""
    out = []
    out.append("| world | evidence up to | items: estimated + one-state | covariates | fit: cycles "
               "(EM steps) | distinct positions: 4-D / scope-form | corr(scope, form) | mean SE "
               "scope / form / crime / law | map anchored (scope form crime law) |")
    out.append("|---|---|---|---|---|---|---|---|---|")
    for year in sorted(worlds):
        w = worlds[year]
        res = w.fit
        free = [it for it in w.items if it.fixed is None]
        sc = [x[0] for x in w.ideal]
        fo = [x[1] for x in w.ideal]
        r = corr(sc, fo)
        n = len(w.ideal)
        out.append("| %d | %d | %d + %d | %d | %s %d (%d) | %d / %d | %s | %s | %s |"
                   % (year, year - 1, len(free), len(w.items) - len(free), len(w.colnames),
                      "converged" if res.converged else "NOT converged", res.iterations,
                      res.em_steps, len(set(tuple(x) for x in w.ideal)),
                      len(set((x[0], x[1]) for x in w.ideal)),
                      "-" if r != r else "%.3f" % r,
                      " / ".join(fmt(sum(s[d] for s in w.se) / n) for d in range(4)),
                      " ".join("yes" if m[3] else "no" for m in w.maps)))
    out.append("")
    last = worlds[max(worlds)]
    ref = worlds.get(2019, last)
    out.append("Fitted items of the world of %d (discrimination per loaded dimension; cutpoints):"
               % ref.year)
    out.append("")
    out.append("| item | observed | discrimination | cutpoints |")
    out.append("|---|---|---|---|")
    for it in ref.items:
        if it.fixed is None:
            out.append("| %s | %d | %s | %s |" % (
                it.name, len(it.obs),
                ", ".join("%s %s" % (ev.DIMS[d], fmt(a)) for (d, _), a in zip(it.loads, it.disc())),
                ", ".join(fmt(c) for c in it.cuts())))
    out.append("")
    # what separates scope and form
    gap = sorted(((ref.ideal[i][0] - ref.ideal[i][1], c) for i, c in enumerate(E.codes)))
    out.append("States furthest apart on the two axes in the world of %d: form above scope: %s; "
               "scope above form: %s."
               % (ref.year,
                  ", ".join("%s (%s / %s)" % (c, fmt(ref.ideal[E.index[c]][0]), fmt(ref.ideal[E.index[c]][1]))
                            for _, c in gap[:6]),
                  ", ".join("%s (%s / %s)" % (c, fmt(ref.ideal[E.index[c]][0]), fmt(ref.ideal[E.index[c]][1]))
                            for _, c in gap[-6:][::-1])))
    out.append("")
    out.append("### Time-split check (the world of %d against the December 2018 votes)" % DIAG_YEAR)
    out.append("")
    out += diagnostic(E, worlds[DIAG_YEAR])
    out.append("")
    out.append("### Largest standard errors (the world of %d)" % ref.year)
    out.append("")
    out += largest_se(E, ref)
    return out
