#!/usr/bin/env python3
"""evidence.py - the dated evidence on every state's position, and what of
it a world-year may use.  Imported by tools/derive_world.py; standard
library only; deterministic.

For the world of year Y (the states as they stood on 1 January Y) every
piece of evidence must be dated before Y: an item dated in year y is used
only if y < Y, a covariate is its value at 1 January Y (the EIU index of
the latest year before Y; a membership held on that day).  The model and
the meaning of each item: docs/data.md, "Positions from evidence".

Inputs (data/, copies of the project's reference data; docs/data.md names
each source):
  unga_ict_votes_2005_2018.csv                 recorded UNGA votes
  democracy_index_eiu_2006_2024.csv            EIU Democracy Index per year
  un_m49_regions.csv                           UN M49 sub-region
  freedom_online_coalition_members_2017.csv    FOC members, join year
  infosec_convention_and_code_of_conduct_sponsors.csv   SCO codes 2011/2015,
                                               Russia's 2023 concept
  form_axis_statements.csv                     for/against a binding instrument
  national_positions_intl_law_cyber_partial.csv   published positions, year
  malabo_convention_ratifications_2023.csv     Malabo ratifiers
  budapest_convention_parties_partial.csv      Budapest parties A..K (undated)
and the hand tables below (each with its source and confidence).
"""

import csv
import os

import ideal

ROOT = os.path.normpath(os.path.join(os.path.dirname(os.path.abspath(__file__)), ".."))
DATA = os.path.join(ROOT, "data")

DIMS = ["scope", "form", "crime", "law"]
DIM_TEXT = {
    "scope": ("cybersecurity: security of systems and networks",
              "information security: also content control and sovereignty over the national information space"),
    "form": ("nonbinding norms plus existing international law",
             "a new legally binding instrument on state conduct"),
    "crime": ("against binding law on cybercrime",
              "for binding law on cybercrime (Budapest, Malabo, a UN convention)"),
    "law": ("existing international law applies in general terms only (no explicit IHL, self-defence, countermeasures)",
            "explicit application of IHL, the right of self-defence and countermeasures in cyberspace"),
}
S, F, C, L = 0, 1, 2, 3

# ---------------------------------------------------------------------------
# Hand tables (dated public facts).  Membership spans: (joined, left): a
# member on 1 January Y when joined < Y <= left (left None: still a member).
# ---------------------------------------------------------------------------

# Institutional memberships used as covariates of the prior and for the
# blocs of each world-year.  Sources: the organisations' own member lists
# (europa.eu, nato.int, coe.int, odkb-csto.org, sectsco.org, ALBA-TCP,
# Arab League, asean.org); year of accession.  Confidence HIGH unless noted.
MEMBERSHIPS = {
    "EU": [("BEL FRA DEU ITA LUX NLD", 1958, None), ("DNK IRL", 1973, None),
           ("GBR", 1973, 2020), ("GRC", 1981, None), ("PRT ESP", 1986, None),
           ("AUT FIN SWE", 1995, None),
           ("CYP CZE EST HUN LVA LTU MLT POL SVK SVN", 2004, None),
           ("BGR ROU", 2007, None), ("HRV", 2013, None)],
    "NATO": [("BEL CAN DNK FRA ISL ITA LUX NLD NOR PRT GBR USA", 1949, None),
             ("GRC TUR", 1952, None), ("DEU", 1955, None), ("ESP", 1982, None),
             ("CZE HUN POL", 1999, None), ("BGR EST LVA LTU ROU SVK SVN", 2004, None),
             ("ALB HRV", 2009, None), ("MNE", 2017, None), ("MKD", 2020, None),
             ("FIN", 2023, None), ("SWE", 2024, None)],
    # Council of Europe; Russia expelled 16 March 2022.  Accession years:
    # medium confidence for a few (a year off possible: DEU 1950/51).
    "CoE": [("BEL DNK FRA IRL ITA LUX NLD NOR SWE GBR GRC TUR", 1949, None),
            ("ISL DEU", 1950, None), ("AUT", 1956, None), ("CYP", 1961, None),
            ("CHE", 1963, None), ("MLT", 1965, None), ("PRT", 1976, None),
            ("ESP", 1977, None), ("LIE", 1978, None), ("SMR", 1988, None),
            ("FIN", 1989, None), ("HUN", 1990, None), ("POL", 1991, None),
            ("BGR", 1992, None), ("EST LTU SVN CZE SVK ROU", 1993, None),
            ("AND", 1994, None), ("LVA ALB MDA MKD UKR", 1995, None),
            ("HRV", 1996, None), ("RUS", 1996, 2022), ("GEO", 1999, None),
            ("ARM AZE", 2001, None), ("BIH", 2002, None), ("SRB", 2003, None),
            ("MCO", 2004, None), ("MNE", 2007, None)],
    # Collective Security Treaty Organization (charter of 7 October 2002);
    # Uzbekistan 2006-2012.
    "CSTO": [("ARM BLR KAZ KGZ RUS TJK", 2002, None), ("UZB", 2006, 2012)],
    # Shanghai Cooperation Organisation (15 June 2001); its forerunner the
    # Shanghai Five (1996) counted for the five founders.
    "SCO": [("CHN KAZ KGZ RUS TJK", 1996, None), ("UZB", 2001, None),
            ("IND PAK", 2017, None), ("IRN", 2023, None), ("BLR", 2024, None)],
    # ALBA-TCP; MEDIUM confidence for the years of the later entries and
    # exits (Honduras left January 2010, Ecuador August 2018, Bolivia left
    # November 2019 and rejoined November 2020).
    "ALBA": [("VEN CUB", 2004, None), ("BOL", 2006, 2019), ("BOL", 2020, None),
             ("NIC", 2007, None), ("DMA", 2008, None), ("HND", 2008, 2010),
             ("ECU", 2009, 2018), ("ATG VCT", 2009, None), ("LCA", 2013, None),
             ("GRD KNA", 2014, None)],
    # League of Arab States; Syria suspended November 2011 - May 2023.
    "ArabLeague": [("EGY IRQ JOR LBN SAU YEM", 1945, None), ("SYR", 1945, 2011),
                   ("SYR", 2023, None), ("LBY", 1953, None), ("SDN", 1956, None),
                   ("MAR TUN", 1958, None), ("KWT", 1961, None), ("DZA", 1962, None),
                   ("BHR OMN QAT ARE", 1971, None), ("MRT", 1973, None), ("SOM", 1974, None),
                   ("DJI", 1977, None), ("COM", 1993, None)],
    "ASEAN": [("IDN MYS PHL SGP THA", 1967, None), ("BRN", 1984, None), ("VNM", 1995, None),
              ("LAO MMR", 1997, None), ("KHM", 1999, None)],
    # US mutual-defence treaty partners outside NATO (Japan 1951, Korea
    # 1953, Australia 1951 ANZUS, Philippines 1951, Thailand 1954 Manila
    # Pact) and the Compact of Free Association states (1986, Palau 1994).
    # New Zealand left out: the US suspended its ANZUS obligations in 1986.
    "USally": [("AUS JPN PHL", 1951, None), ("KOR", 1953, None), ("THA", 1954, None),
               ("MHL FSM", 1986, None), ("PLW", 1994, None)],
    # Five Eyes (UKUSA agreement): US and UK 1946, Canada 1948, Australia and
    # New Zealand 1956.
    "FiveEyes": [("USA GBR", 1946, None), ("CAN", 1948, None), ("AUS NZL", 1956, None)],
}

# Blocs of the world files that are not covariates (dated the same way).
BLOC_SPANS = {
    # BRIC from its first summit (June 2009), South Africa December 2010;
    # Egypt, Ethiopia, Iran, the UAE from 1 January 2024 (Saudi Arabia left
    # out: it never confirmed).
    "BRICS": [("BRA RUS IND CHN", 2009, None), ("ZAF", 2010, None),
              ("EGY ETH IRN ARE", 2024, None)],
    "G7": [("USA GBR FRA DEU ITA JPN CAN", 1976, None)],
    "G20": [("ARG AUS BRA CAN CHN FRA DEU IND IDN ITA JPN KOR MEX RUS SAU ZAF TUR GBR USA",
             1999, None)],
    # OAS: Cuba not participating since 1962; Venezuela's withdrawal took
    # effect April 2019 (medium confidence).
    "OAS_OUT": [("CUB", 1962, None), ("VEN", 2019, None)],
}

# The SCO Yekaterinburg agreement on cooperation in ensuring international
# information security, signed 16 June 2009 (binding; information-security
# scope; covers "information crime"): DOMAIN.md, high confidence.
SCO_2009 = ["CHN", "RUS", "KAZ", "KGZ", "TJK", "UZB"]
SCO_2009_YEAR = 2009

# NATO Wales Summit Declaration, 5 September 2014, para. 72: international
# law, including international humanitarian law and the UN Charter, applies
# in cyberspace; a cyber attack may lead to invoking Article 5 (collective
# self-defence), case by case.  Endorsed by the 28 allies of 2014.
NATO_WALES_YEAR = 2014

# Statements on the application of IHL, self-defence and countermeasures
# in cyberspace made before the positions of the data file (which start in
# 2019), each a public, dated document (HIGH confidence on who said what and
# when):  1 = explicit application, 0 = rejects it.
LAW_STATEMENTS = [
    ("USA", 2012, 1, "Harold Koh, State Department Legal Adviser, 'International Law in "
     "Cyberspace', USCYBERCOM legal conference, 18 September 2012"),
    ("USA", 2016, 1, "Brian Egan, State Department Legal Adviser, Berkeley, 10 November 2016"),
    ("USA", 2017, 1, "Michele Markoff, explanation of position at the end of the 2016-17 "
     "GGE, June 2017"),
    ("CUB", 2017, 0, "Miguel Rodriguez, Cuba, declaration at the final session of the "
     "2016-17 GGE, 23 June 2017: rejects self-defence, countermeasures and IHL language"),
    ("AUS", 2017, 1, "Australia's International Cyber Engagement Strategy, October 2017, "
     "annex on international law"),
    ("GBR", 2018, 1, "Jeremy Wright, Attorney General, 'Cyber and International Law in the "
     "21st Century', Chatham House, 23 May 2018"),
]

# Statements on a new legally binding instrument on state conduct made
# before those of the data file (which start in 2020), each a public, dated
# document: 1 = for a binding instrument, 0 = against (nonbinding norms and
# existing law).  "EU" = every EU member on 1 January of the next year
# (a collective position of the Council).
FORM_STATEMENTS = [
    ("USA", 2011, 0, "high", "International Strategy for Cyberspace, May 2011: norms 'do not "
     "require a reinvention of customary international law'"),
    ("RUS", 2011, 1, "high", "Convention on International Information Security (concept), "
     "Russian MFA, presented at Yekaterinburg, September 2011"),
    ("EU", 2015, 0, "medium-high (recollection of the text)", "Council conclusions on cyber "
     "diplomacy, 10 February 2015: the EU 'does not call for the creation of new international "
     "legal instruments for cyber issues'"),
]

# Content of the positions in national_positions_intl_law_cyber_partial.csv
# (the file lists who published, not what they say): 1 = explicit
# application of IHL, self-defence and countermeasures, 0 = rejects or
# withholds it.  From the published texts; confidence per row.  States of
# the file not listed here (Iran 2020, Kazakhstan and Kenya 2021) are not
# used: their content could not be coded with confidence.  The AU and EU
# rows are not states.
LAW_CONTENT = {
    "AUS": (1, "high"), "BRA": (1, "medium: affirms IHL and self-defence, questions "
                              "collective countermeasures"),
    "CHN": (0, "high: the law of armed conflict 'to be handled with prudence'; no "
               "countermeasures"),
    "CZE": (1, "high"), "EST": (1, "high"), "FIN": (1, "high"), "FRA": (1, "high"),
    "DEU": (1, "high"), "ISR": (1, "high"), "JPN": (1, "high"), "NZL": (1, "high"),
    "CAN": (1, "high"), "NLD": (1, "high"), "CRI": (1, "medium"),
}
# Undated rows of that file: the year assumed (as late as the source allows,
# so that a row is never used before it existed).
LAW_UNDATED = {
    "NZL": (2021, "listed without a year in a CCDCOE revision that lists Japan's 2021 position"),
    "CRI": (2023, "the part of the source read shows no year; Costa Rica's position is of 2023"),
}

# Dates of the rows of form_axis_statements.csv, keyed by (iso3, coding,
# a fragment of the source).  Undated rows get the latest year the source
# allows (the EU Cyber Direct atlas pages: 2023), so they are never used
# before they existed.
FORM_DATES = [
    ("JPN", "form_low", "eucyberdirect", 2023, "atlas page, undated: assumed 2023"),
    ("PER", "form_high", "eucyberdirect", 2022,
     "'after the 3rd OEWG session': the 2021-25 OEWG's third session, July 2022 (assumed)"),
    ("CHN", "form_high", "eucyberdirect", 2023, "atlas page, undated: assumed 2023"),
    ("USA", "form_low", "eucyberdirect", 2023, "atlas page, undated: assumed 2023"),
    ("CAN", "form_low", "National_position_of_Canada_(2022)", 2022, "national position, April 2022"),
    ("USA", "form_low", "dig.watch/updates/russia", 2023, "reaction to Russia's concept, May 2023"),
    ("CHE", "form_low", "dig.watch/updates/russia", 2023, "reaction to Russia's concept, May 2023"),
    ("CAN", "form_low", "dig.watch/updates/russia", 2023, "reaction to Russia's concept, May 2023"),
    ("GBR", "form_low", "dig.watch/updates/russia", 2023, "reaction to Russia's concept, May 2023"),
    ("MKD", "poa_cosponsor", "eucyberdirect", 2020, "co-sponsor of the 2020 PoA proposal"),
    ("FRA", "poa_cosponsor", "dig.watch/updates/france", 2020, "PoA proposal, October 2020"),
    ("EGY", "poa_cosponsor", "dig.watch/updates/france", 2020, "PoA proposal, October 2020"),
]

# Malabo: the data file dates no single ratification; each is one of the
# 15 that brought the Convention into force on 8 June 2023 (the 15th,
# Mauritania, on 9 May 2023), so each is dated 2023 at the latest; the
# earliest year is unknown, so 2023 is assumed (used from the 2024 world).
MALABO_YEAR = 2023

# Recorded General Assembly votes (data/unga_ict_votes_2005_2018.csv): the
# year of the vote and the direction.  All are on the two ICT series:
# Russia's "Developments in the field of information and telecommunications
# in the context of international security" (60/45 .. 73/27: opposing it
# means low scope and low form) and the US-led 73/266 (opposing it means
# high scope and high form).  Ordered yes < abstain < no.
VOTES = [
    ("A/RES/60/45", 2005, -1), ("A/RES/61/54", 2006, -1), ("A/RES/62/17", 2007, -1),
    ("A/RES/63/37", 2008, -1), ("A/RES/71/28", 2016, -1), ("A/RES/73/27", 2018, -1),
    ("A/RES/73/266", 2018, +1),
]

# Fixed parameters of the pseudo-items (statements observed for one state
# only): discrimination 1, cutpoint 0 on the latent scale.
PSEUDO = {"a": [1.0], "cuts": [0.0]}

# Anchors of the map from the latent scale to [0, 1] (docs/data.md): the
# mean latent position of a named group of states maps to a target.  The
# groups are definitions of the scale's meaning, fixed in advance, each by
# an act before 2018 except the law anchors (2018-2021); in a world before
# a group's defining act its members' positions come from the other
# evidence only.  "ALL" = the mean of the 193.
ANCHORS = {
    "scope": (("CHN", "RUS", "TJK", "UZB"), 0.85,
              ("AUT", "CAN", "CZE", "EST", "FRA", "GHA", "IRL", "KEN", "MDV", "MEX", "MNG",
               "NLD", "SWE", "GBR", "USA"), 0.15,
              "high: the co-authors of the 2011 SCO code of conduct; low: the 15 founding "
              "members of the Freedom Online Coalition (2011)"),
    "form": (tuple(SCO_2009), 0.85, "US+EU2015", 0.15,
             "high: the six signatories of the binding SCO agreement of 2009; low: the US "
             "(2011) and the 28 EU members of 2015, on record against a new binding "
             "instrument"),
    "crime": (("ALB", "HRV", "EST", "HUN", "LTU"), 0.85, "ALL", 0.5,
              "high: the five ratifiers that brought the Budapest Convention into force "
              "(2004); the mean of all 193 states maps to 0.5 (no state is on record "
              "against binding cybercrime law)"),
    "law": (("USA", "GBR", "NLD", "FRA", "EST"), 0.85, ("CUB", "CHN"), 0.15,
            "high: the first five explicit national positions (2012-2019); low: the two "
            "on record against (Cuba 2017, China 2021)"),
}

# Prior standard deviations of the regression coefficients (latent units).
PRIOR_SD_DEMO = 1.0
PRIOR_SD_MEMBER = 1.0
PRIOR_SD_REGION = 0.5
DEMO_CENTRE, DEMO_SCALE = 5.0, 2.5    # z = (EIU score - 5) / 2.5


def fail(msg):
    raise SystemExit("evidence: %s" % msg)


def _dated(item, year):
    """Marks an item with the year of its latest evidence."""
    item.date = year
    return item


def member_at(spans, year):
    """The set of codes that are members on 1 January year."""
    out = set()
    for codes, joined, left in spans:
        if joined < year and (left is None or year <= left):
            out.update(codes.split())
    return out


def _rows(name):
    with open(os.path.join(DATA, name), newline="", encoding="utf-8") as fh:
        return list(csv.DictReader(fh))


class Evidence:
    """Everything read once: the data files and the hand tables, checked."""

    def __init__(self, states, votes_by_iso2, budapest_year):
        self.states = states
        self.codes = [s["code"] for s in states]
        self.index = {c: i for i, c in enumerate(self.codes)}
        cset = set(self.codes)
        self.votes = votes_by_iso2
        self.budapest_year = budapest_year
        for spans in list(MEMBERSHIPS.values()) + list(BLOC_SPANS.values()):
            for codes, _, _ in spans:
                for c in codes.split():
                    if c not in cset:
                        fail("unknown code %s in a membership table" % c)

        self.demo = {}
        for r in _rows("democracy_index_eiu_2006_2024.csv"):
            if r["Code"] in cset:
                self.demo.setdefault(r["Code"], {})[int(r["Year"])] = float(r["Democracy score"])

        self.region = {}
        for r in _rows("un_m49_regions.csv"):
            c = r["ISO-alpha3 code"]
            if c in cset:
                if c in self.region and self.region[c] != r["UN Region"]:
                    fail("two M49 regions for %s" % c)
                self.region[c] = r["UN Region"]
        missing = [c for c in self.codes if c not in self.region]
        if missing:
            fail("no M49 region for %s" % ", ".join(missing))
        self.regions = sorted(set(self.region.values()))

        self.foc = {}
        for r in _rows("freedom_online_coalition_members_2017.csv"):
            self.foc[r["iso3"]] = int(r["joined"])

        self.sponsor = {}
        for r in _rows("infosec_convention_and_code_of_conduct_sponsors.csv"):
            self.sponsor.setdefault(int(r["year"]), []).append(r["iso3"])
        if sorted(self.sponsor) != [2011, 2015, 2023]:
            fail("sponsors file: expected the years 2011, 2015, 2023")

        self.form_stmts = []     # (code, year, y (1 high form), kind, note)
        for r in _rows("form_axis_statements.csv"):
            hit = [fd for fd in FORM_DATES
                   if fd[0] == r["iso3"] and fd[1] == r["coding"] and fd[2] in r["source"]]
            if len(hit) != 1:
                fail("form_axis_statements.csv: no single date for %s %s" % (r["iso3"], r["coding"]))
            y = 1 if r["coding"] == "form_high" else 0
            kind = "poa" if r["coding"] == "poa_cosponsor" else "stmt"
            self.form_stmts.append((r["iso3"], hit[0][3], y, kind, hit[0][4]))

        for who, year, y, _, src in FORM_STATEMENTS:
            codes = sorted(member_at(MEMBERSHIPS["EU"], year + 1)) if who == "EU" else [who]
            for c in codes:
                self.form_stmts.append((c, year, y, "coll" if who == "EU" else "stmt", src))

        self.law = []            # (code, year, y, source)
        for code, year, y, src in LAW_STATEMENTS:
            self.law.append((code, year, y, src))
        seen = set()
        for r in _rows("national_positions_intl_law_cyber_partial.csv"):
            c = r["iso3"]
            if c not in cset or c not in LAW_CONTENT:
                continue
            if r["year"].strip():
                year = int(r["year"])
            elif c in LAW_UNDATED:
                year = LAW_UNDATED[c][0]
            else:
                fail("national positions: undated row for %s" % c)
            if (c, year) in seen:
                continue
            seen.add((c, year))
            self.law.append((c, year, LAW_CONTENT[c][0], r["source"]))

        self.malabo = []
        for r in _rows("malabo_convention_ratifications_2023.csv"):
            if "8 June 2023" not in r["value"]:
                fail("malabo: row %s is not one of the 15 of 8 June 2023" % r["iso3"])
            self.malabo.append(r["iso3"])
        if len(self.malabo) != 15:
            fail("malabo: expected 15 ratifications")

        for r in _rows("budapest_convention_parties_partial.csv"):
            if r["iso3"] not in budapest_year:
                fail("Budapest party %s (data file) has no year in BUDAPEST_YEAR" % r["iso3"])

    # -- covariates -------------------------------------------------------
    def demo_at(self, code, year):
        """(EIU year, score) of the latest edition before year, or None."""
        ys = [y for y in self.demo.get(code, {}) if y < year]
        if not ys:
            return None
        y = max(ys)
        return y, self.demo[code][y]

    def covariates(self, year):
        """Column names, prior sds and one row per state for the world of
        year: the EIU index (and a missing indicator) only once an edition
        before year exists; memberships on 1 January year; M49 regions."""
        names, sds = [], []
        any_demo = any(self.demo_at(c, year) for c in self.codes)
        if any_demo:
            names += ["democracy", "democracy missing"]
            sds += [PRIOR_SD_DEMO, PRIOR_SD_DEMO]
        mem = {}
        for org, spans in MEMBERSHIPS.items():
            m = member_at(spans, year)
            if m:
                mem[org] = m
                names.append(org)
                sds.append(PRIOR_SD_MEMBER)
        for r in self.regions:
            names.append("region " + r)
            sds.append(PRIOR_SD_REGION)
        rows = []
        for c in self.codes:
            row = []
            if any_demo:
                d = self.demo_at(c, year)
                row += [0.0, 1.0] if d is None else [(d[1] - DEMO_CENTRE) / DEMO_SCALE, 0.0]
            for org in mem:
                row.append(1.0 if c in mem[org] else 0.0)
            for r in self.regions:
                row.append(1.0 if self.region[c] == r else 0.0)
            rows.append(row)
        return names, sds, rows

    # -- items ------------------------------------------------------------
    def items(self, year):
        """The measurement items dated before year (ideal.Item list; each
        carries its date in .date, checked here to be before year)."""
        out = self._items(year)
        for it in out:
            if not it.date < year:
                fail("item %s dated %d used in the world of %d" % (it.name, it.date, year))
        return out

    def _items(self, year):
        idx = self.index
        out = []
        code_iso2 = {s["code"]: s["iso2"] for s in self.states}
        ordered = {"yes": 0, "abstain": 1, "no": 2}
        for res, vyear, sign in VOTES:
            if vyear >= year:
                continue
            raw = [(idx[c], ordered[self.votes[code_iso2[c]][res]]) for c in self.codes
                   if self.votes[code_iso2[c]][res]]
            cats = sorted({y for _, y in raw})
            remap = {y: k for k, y in enumerate(cats)}
            obs = [(i, remap[y]) for i, y in raw]
            out.append(_dated(ideal.Item("vote " + res, [(S, sign), (F, sign)], len(cats), obs,
                                         note="recorded vote %d (%s; ordered %s)"
                                         % (vyear, "opposing it: high scope and form" if sign > 0
                                            else "opposing it: low scope and form",
                                            " < ".join(["yes", "abstain", "no"][c] for c in cats))),
                              vyear))
        if min(self.foc.values()) < year:
            obs = [(idx[c], 1 if self.foc.get(c, 9999) < year else 0) for c in self.codes]
            out.append(_dated(ideal.Item("FOC member", [(S, -1)], 2, obs,
                                         note="Freedom Online Coalition member (joined before "
                                         "%d; 2017 list)" % year),
                              max(y for y in self.foc.values() if y < year)))
        for syear, name, loads in ((2011, "SCO code 2011 co-author", [(S, 1)]),
                                   (2015, "SCO code 2015 co-author", [(S, 1)]),
                                   (2023, "2023 concept co-author", [(S, 1), (F, 1)])):
            if syear < year:
                spon = set(self.sponsor[syear])
                obs = [(idx[c], 1 if c in spon else 0) for c in self.codes]
                out.append(_dated(ideal.Item(name, loads, 2, obs, note="co-author, %d" % syear),
                                  syear))
        if min(self.budapest_year.values()) < year:
            obs = [(idx[c], 1 if self.budapest_year.get(c, 9999) < year else 0)
                   for c in self.codes]
            out.append(_dated(ideal.Item("Budapest party", [(C, 1), (S, -1)], 2, obs,
                                         note="party to the Budapest Convention before %d" % year),
                              max(y for y in self.budapest_year.values() if y < year)))
        if MALABO_YEAR < year:
            au = self.au_members(year)
            obs = [(idx[c], 1 if c in self.malabo else 0) for c in self.codes if c in au]
            out.append(_dated(ideal.Item("Malabo ratifier", [(C, 1)], 2, obs,
                                         note="AU members; ratified the Malabo Convention by 2023"),
                              MALABO_YEAR))
        # pseudo-items: one state each, fixed parameters
        if SCO_2009_YEAR < year:
            for c in SCO_2009:
                for dim, what in ((S, "scope"), (F, "form"), (C, "crime")):
                    out.append(_dated(ideal.Item("SCO 2009 agreement (%s) %s" % (what, c),
                                                 [(dim, 1)], 2, [(idx[c], 1)], fixed=PSEUDO),
                                      SCO_2009_YEAR))
        if NATO_WALES_YEAR < year:
            for c in sorted(member_at(MEMBERSHIPS["NATO"], NATO_WALES_YEAR)):
                out.append(_dated(ideal.Item("NATO Wales 2014 %s" % c, [(L, 1)], 2, [(idx[c], 1)],
                                             fixed=PSEUDO), NATO_WALES_YEAR))
        for kind in ("stmt", "coll", "poa"):
            latest = {}
            for c, y0, yv, k, _ in self.form_stmts:
                if k == kind and y0 < year and (c not in latest or y0 >= latest[c][0]):
                    latest[c] = (y0, yv)
            for c in sorted(latest):
                out.append(_dated(ideal.Item("form %s %s %d" % (kind, c, latest[c][0]), [(F, 1)], 2,
                                             [(idx[c], latest[c][1])], fixed=PSEUDO),
                                  latest[c][0]))
        latest = {}
        for c, y0, yv, _ in self.law:
            if y0 < year and (c not in latest or y0 >= latest[c][0]):
                latest[c] = (y0, yv)
        for c in sorted(latest):
            out.append(_dated(ideal.Item("law position %s %d" % (c, latest[c][0]), [(L, 1)], 2,
                                         [(idx[c], latest[c][1])], fixed=PSEUDO), latest[c][0]))
        return out

    def au_members(self, year):
        """African Union (OAU before July 2002): every African-group state,
        Morocco from 2017 (it left the OAU in 1984)."""
        return {s["code"] for s in self.states if s["group"] == "African"
                and (s["code"] != "MAR" or year > 2017)}

    def anchor_codes(self, dim):
        hi, phi, lo, plo, _ = ANCHORS[dim]
        if lo == "ALL":
            lo = self.codes
        elif lo == "US+EU2015":
            lo = ["USA"] + sorted(member_at(MEMBERSHIPS["EU"], 2016))
        return hi, phi, lo, plo
