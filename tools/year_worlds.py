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


def fit_years(E, years=YEARS):
    """Fits every world-year (ascending, warm-started); returns {year: YearWorld}."""
    out = {}
    prev = None
    for year in sorted(years):
        names, sds, rows = E.covariates(year)
        items = E.items(year)
        res = ideal.fit(len(E.codes), len(ev.DIMS), rows, sds, items, start=prev, colnames=names)
        prev = res
        w = YearWorld()
        w.year, w.colnames, w.items, w.fit = year, names, items, res
        w.maps = []
        w.ideal, w.se = [], []
        for d, dim in enumerate(ev.DIMS):
            hi, phi, lo, plo = E.anchor_codes(dim)
            mh = sum(res.theta[E.index[c]][d] for c in hi) / len(hi)
            ml = sum(res.theta[E.index[c]][d] for c in lo) / len(lo)
            w.maps.append(ideal.anchored_map(mh, ml, phi, plo))
        for i in range(len(E.codes)):
            xs, ss = [], []
            for d in range(len(ev.DIMS)):
                x, s = ideal.apply_map(w.maps[d], res.theta[i][d], res.se[i][d])
                xs.append(round(x, 3))
                ss.append(round(s, 3))
            w.ideal.append(xs)
            w.se.append(ss)
        out[year] = w
    return out


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
    res = []
    for line in lines:
        while len(line) > width and ", " in line[:width] and not line.lstrip().startswith("#"):
            cut = line.rfind(", ", 0, width) + 1
            res.append(line[:cut])
            line = "      " + line[cut + 1:]
        res.append(line)
    return res


def state_evidence(E, w, i):
    """A short line: the evidence on state i in world w."""
    c = E.codes[i]
    parts = []
    obs = [(it, y) for it in w.items for (k, y) in it.obs if k == i]
    for it, y in obs:
        if it.name.startswith("vote "):
            cats = it.note.split("ordered ")[1].rstrip(")").split(" < ")
            parts.append("%s %s" % (it.name[len("vote A/RES/"):], cats[y]))
    flags = [it.name for it, y in obs if not it.name.startswith("vote ") and y == 1
             and it.fixed is None]
    parts += flags
    pseudo = [it.name.rsplit(" ", 1)[0] if it.name.startswith(("SCO 2009", "NATO"))
              else it.name for it, y in obs if it.fixed is not None]
    pseudo = sorted(set(p.replace(" " + c, "") for p in pseudo))
    parts += pseudo
    d = E.demo_at(c, w.year)
    parts.append("EIU %d %s" % (d[0], fmt(d[1])) if d else "no EIU")
    return "; ".join(parts) if parts else "no item"


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
        "# Sources: data/unga_ict_votes_2005_2018.csv (Voeten/unvotes),",
        "#   data/democracy_index_eiu_2006_2024.csv (EIU via Our World in Data),",
        "#   data/un_m49_regions.csv (UN M49), data/freedom_online_coalition_members_2017.csv,",
        "#   data/infosec_convention_and_code_of_conduct_sponsors.csv, data/form_axis_statements.csv,",
        "#   data/national_positions_intl_law_cyber_partial.csv, data/malabo_convention_",
        "#   ratifications_2023.csv, data/budapest_convention_parties_partial.csv,",
        "#   data/ncpi2020_29countries.csv (capability, salience) and the dated hand tables of",
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
    for d, dim in enumerate(ev.DIMS):
        lam, beta, mid, anchored = w.maps[d]
        out.append("# Map %s: logit x = %s + %s (theta - %s), %s." % (
            dim, fmt(lam), fmt(beta), fmt(mid),
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
        wl("  { code = \"%s\"; name = \"%s\"; group = \"%s\"; region = \"%s\";"
           % (c, s["name"], s["group"], E.region[c]))
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
