"""Drafts read like filings, without a model: the one table of courts, facts worded as whole sentences
whatever shape they were typed in, single periods.  Drafts are rendered over the shipped corpus,
chunked in memory (`ShippedIndex`, the engine's lookup protocol without embeddings)."""

from __future__ import annotations

import re

import pytest

from bot.draft.compose import render
from bot.draft.facts import from_form, parse_facts
from bot.draft.kinds import KINDS
from bot.draft.verify import Corpus
from bot.draft.wording import as_sentence, case_number, is_sentence, tidy_punctuation
from indexers import courts


class ShippedIndex:
    """The shipped corpus, chunked but not embedded: `passages()` and `find_cite()` as the Engine has them."""

    _cache: list | None = None

    def __init__(self):
        if ShippedIndex._cache is None:
            from bot.settings import shipped_corpus_dir
            from indexers.build import chunk_all
            from indexers.load import load_corpus

            by_doc, _ = chunk_all(load_corpus((shipped_corpus_dir(),)).documents)
            ShippedIndex._cache = [p for ps in by_doc.values() for p in ps]
        self._passages = ShippedIndex._cache

    def passages(self):
        return list(self._passages)

    def find_cite(self, cite):
        c = cite.strip().lower()
        return [p for p in self._passages
                if p.cite.lower() == c or p.cite.lower().startswith(c) and p.cite[len(c):len(c) + 1] in "(. ,"]


@pytest.fixture(scope="module")
def corpus():
    return Corpus(ShippedIndex())


# ---------------------------------------------------------------- the one table of courts

COURT_CASES = [
    # as written, key, full name, short cite
    ("C.D. Cal.", "cdcal", "United States District Court for the Central District of California", "C.D. Cal."),
    ("cacd", "cdcal", "United States District Court for the Central District of California", "C.D. Cal."),
    ("CD Cal", "cdcal", "United States District Court for the Central District of California", "C.D. Cal."),
    ("the Central District of California", "cdcal",
     "United States District Court for the Central District of California", "C.D. Cal."),
    ("United States District Court for the Central District of California.", "cdcal",
     "United States District Court for the Central District of California", "C.D. Cal."),
    ("S.D. Cal.", "sdcal", "United States District Court for the Southern District of California", "S.D. Cal."),
    ("n.d. cal", "ndcal", "United States District Court for the Northern District of California", "N.D. Cal."),
    ("DISTRICT OF NEW JERSEY", "dnj", "United States District Court for the District of New Jersey", "D.N.J."),
    ("S.D.N.Y.", "sdny", "United States District Court for the Southern District of New York", "S.D.N.Y."),
    ("Superior Court of California, County of Los Angeles", "superiorcourtofcaliforniacountyoflosangeles",
     "Superior Court of California, County of Los Angeles", ""),
]


@pytest.mark.parametrize("written,key,name,cite", COURT_CASES, ids=[c[0] for c in COURT_CASES])
def test_one_table_of_courts(written, key, name, cite):
    from bot.types import court_key as bot_court_key
    from indexers.detect import court_abbrev
    from indexers.types import court_key

    assert courts.court_key(written) == court_key(written) == bot_court_key(written) == key
    assert courts.full_name(written) == name
    assert courts.short_cite(written) == cite
    if cite and " " in name:  # metadata detection reads the court from the same table
        assert court_abbrev(name.upper()) == cite


@pytest.mark.parametrize("written,key", [
    ("United States District Court for the Central District of California, Western Division", "cdcal"),
    ("C.D. Cal.", "cdcal"),
    ("DISTRICT OF NEW JERSEY", "dnj"),
    ("Superior Court of California, County of Los Angeles", None),  # not a district court
    ("", None),
])
def test_court_of_names_the_district_court_however_written(written, key):
    assert courts.court_of(written) == key


def test_query_and_verify_read_court_cites_from_the_table():
    from bot.draft.verify import _LOCAL
    from bot.answering.query import find_refs

    refs = find_refs("Under N.D. Cal. L.R. 7-3 and C.D. Cal. L.R. 37-1, who writes first?")
    assert [(r.number, r.text) for r in refs] == [("7-3", "N.D. Cal. L.R. 7-3"), ("37-1", "C.D. Cal. L.R. 37-1")]
    found = [m.group("court") for m in _LOCAL.finditer("See E.D. Cal. L.R. 251 and S.D. Cal. Civ. L.R. 7-1.")]
    assert found == ["S.D. Cal."]  # (L.R. 251 has no dash: not a rule number in this grammar)
    for c in courts.COURTS:
        if c.district:
            assert courts.cite_pattern().fullmatch(c.cite)


# ---------------------------------------------------------------- sentences

SENTENCE_CASES = [
    # text, lead, subject, expected
    ("Breach of a warehousing contract and misappropriation of trade secrets", "This action arises from", "",
     "This action arises from breach of a warehousing contract and misappropriation of trade secrets."),
    ("breach of contract.", "This action arises from", "", "This action arises from breach of contract."),
    ("Plaintiff alleges that Defendant misappropriated its pricing data", "This action arises from", "",
     "Plaintiff alleges that Defendant misappropriated its pricing data."),
    ("plaintiff alleges defendant breached a supply contract.", "This action arises from", "",
     "Plaintiff alleges defendant breached a supply contract."),
    ("Acme breached a supply contract", "This action arises from", "", "Acme breached a supply contract."),
    ("Northwind's breach of its warehousing contract", "This action arises from", "",
     "This action arises from Northwind's breach of its warehousing contract."),
    ("ERISA claims for unpaid benefits", "This action arises from", "",
     "This action arises from ERISA claims for unpaid benefits."),
    ("would expose the salaries of non-party employees", "", "Disclosure of this information",
     "Disclosure of this information would expose the salaries of non-party employees."),
    ("Loss of customers to competitors.", "", "Disclosure of this information",
     "Disclosure of this information would cause loss of customers to competitors."),
    ("competitors could undercut Acme's bids", "", "Disclosure of this information",
     "Competitors could undercut Acme's bids."),
    # what the material holds, typed with no subject: the subject's material is the subject
    ("contains trade secrets", "", "Public disclosure of this material", "This material contains trade secrets."),
    ("lists the bank account numbers of eleven dispatchers", "", "Disclosure of this information",
     "This information lists the bank account numbers of eleven dispatchers."),
    ("Reveals Acme's negotiated rates.", "", "Disclosure of this information",
     "This information reveals Acme's negotiated rates."),
    ("losses of customers to competitors", "", "Disclosure of this information",  # a noun phrase, not a verb
     "Disclosure of this information would cause losses of customers to competitors."),
    ("records showing each employee's home address", "", "Disclosure of this information",  # a noun, not a verb
     "Disclosure of this information would reveal records showing each employee's home address."),
    # the issue 22 check of session 34: material typed where the harm goes, and a reason typed as a clause
    ("home addresses and medical leave records of non-party employees", "", "Disclosure of this information",
     "Disclosure of this information would reveal home addresses and medical leave records of non-party employees."),
    ("because it would reveal the negotiated prices to competitors", "", "Public disclosure of this material",
     "Public disclosure of this material would cause harm because it would reveal the negotiated prices to "
     "competitors."),
    ("competitive harm to the producing party", "", "Disclosure of this information",
     "Disclosure of this information would cause competitive harm to the producing party."),
    ("lost profits and lost customers", "", "Disclosure of this information",
     "Disclosure of this information would cause lost profits and lost customers."),
    ("fraud investigation files", "", "Disclosure of this information",
     "Disclosure of this information would reveal fraud investigation files."),
    ("Because the rates are not published, competitors could undercut the bids.", "", "Disclosure of this information",
     "Because the rates are not published, competitors could undercut the bids."),  # a sentence, left whole
    ("An order compelling production within 14 days", "", "", "An order compelling production within 14 days."),
    ("The rates are not public (see Ex. 4).", "", "", "The rates are not public (see Ex. 4)."),
    ("", "This action arises from", "", ""),
]


@pytest.mark.parametrize("text,lead,subject,expected", SENTENCE_CASES, ids=range(len(SENTENCE_CASES)))
def test_facts_become_whole_sentences(text, lead, subject, expected):
    assert as_sentence(text, lead=lead, subject=subject, names=("Northwind", "Acme")) == expected


@pytest.mark.parametrize("text,sentence", [
    ("Claims related to the sale of a boat", False), ("Doe alleges Acme breached", True),
    ("These records show pay rates and hours", True), ("wage-and-hour claims under the FLSA", False),
    ("Plaintiff claims that Acme lied", True), ("would reveal salaries", False),
])
def test_sentence_or_phrase(text, sentence):
    assert is_sentence(text) is sentence


@pytest.mark.parametrize("text,expected", [
    ("pending in the C.D. Cal..", "pending in the C.D. Cal."), ("*Id.*.", "*Id.*"), ("Inc.**.", "Inc.**"),
    ("wait...", "wait..."), ("A ( ) B , C .", "A B, C."), ("No. 2:25-cv-1.", "No. 2:25-cv-1."),
])
def test_single_periods(text, expected):
    assert tidy_punctuation(text) == expected


@pytest.mark.parametrize("text", ["2:26-cv-04417", "Case No. 2:26-cv-04417", "No. 2:26-cv-04417", "no.2:26-cv-04417"])
def test_case_number_without_prefix(text):
    assert case_number(text) == "2:26-cv-04417"


# ---------------------------------------------------------------- every kind, facts in every shape

# The fields each kind states as sentences or names, and the shapes a user types them in.
SHAPES = {
    "noun phrase": "breach of a warehousing contract and misappropriation of trade secrets",
    "sentence": "Plaintiff alleges that Defendant breached a warehousing contract.",
    "lower case": "plaintiff alleges that defendant breached a warehousing contract",
    "trailing period": "Breach of a warehousing contract.",
    "missing": "",
}
HARMS = {
    "noun phrase": "loss of customers to competitors",
    "sentence": "Competitors could undercut the bids.",
    "lower case": "competitors could undercut the bids",
    "trailing period": "would expose the salaries of employees.",
    "missing": "",
}
COURT_SHAPES = {"noun phrase": "C.D. Cal.", "sentence": "United States District Court for the Central District of "
                "California.", "lower case": "central district of california", "trailing period": "C.D. Cal.",
                "missing": ""}
ABBREVIATIONS = {"v", "id", "e.g", "i.e", "inc", "no", "cal", "civ", "p", "r", "fed", "l", "ex", "co", "corp"}
COURT_FULL = "United States District Court for the Central District of California"


def _facts(kind: str, shape: str) -> dict:
    text, harm, court = SHAPES[shape], HARMS[shape], COURT_SHAPES[shape]
    case = {"case_name": "Bayline Storage LLC v. Harbor Freight Lines, Inc.", "case_number": "Case No. 2:26-cv-04417",
            "court": court}
    if kind == "good-cause":
        return {**case, "nature_of_case": text, "parties": ["Bayline Storage LLC | Plaintiff"],
                "categories": [{"name": "customer lists.", "harm": harm}]}
    if kind == "meet-and-confer":
        return {**case, "moving_party": "Bayline Storage LLC", "opposing_party": "Harbor Freight Lines, Inc.",
                "issues": [{"request": "Request for Production No. 4.", "response": text, "position": text,
                            "order_sought": harm or "", "authority": ""}]}
    if kind == "joint-stipulation":
        return {**case, "moving_party": "Bayline Storage LLC", "responding_party": "Harbor Freight Lines, Inc.",
                "requests": [{"title": "Request for Production No. 4.", "request_text": "All logs.",
                              "response_text": "Objection.", "moving_contentions": text,
                              "responding_contentions": harm}]}
    return {**case, "applicant": "Bayline Storage LLC", "filing": "Plaintiff's Motion to Compel.",
            "motion_type": "non-dispositive", "declarant": "Dana Whitfield",
            "documents": [{"document": "Exhibit 3.", "reason": harm}], "designating_party_conference": text}


def _prose(markdown: str) -> str:
    """The draft as plain prose (no Markdown marks, table rows or block quotes)."""
    lines = [ln for ln in markdown.splitlines() if not ln.lstrip().startswith(("|", ">"))]
    return re.sub(r"[*#_]", "", "\n".join(lines))


@pytest.mark.parametrize("kind", list(KINDS))
@pytest.mark.parametrize("shape", list(SHAPES))
def test_every_kind_states_facts_as_sentences(corpus, kind, shape):
    d = render(kind, parse_facts(kind, _facts(kind, shape)), corpus)
    prose = _prose(d.text)
    # single periods, no empty clauses, no "Case No. Case No."
    assert not re.search(r"(?<!\.)\.\.(?!\.)", prose), re.findall(r".{30}\.\..{10}", prose)
    assert not re.search(r"\(\s*\)|\s[,.;](?=\s)|,\s*,|\bthe the\b|Case No\. (?:Case )?No\.", prose, re.I)
    # the court named in full; every fact given appears as (part of) a sentence that starts with a capital
    if shape != "missing":
        assert COURT_FULL in d.text and "C.D. Cal.." not in d.text
        assert "C.D. Cal. " not in re.sub(r"C\.D\. Cal\. L\.R\.", "", prose)  # the court in words, but in a citation
    for m in re.finditer(r"(\S+)\.\s+([a-z]\S*)", " ".join(prose.split())):  # no sentence starts in lower case
        assert m.group(1).lower().strip("*(") in ABBREVIATIONS or m.group(2) in ("id.",), m.group(0)
    if shape == "noun phrase" and kind == "good-cause":
        assert ("This action arises from breach of a warehousing contract and misappropriation of trade secrets."
                in d.text)
        assert "Disclosure of this information would cause loss of customers to competitors." in d.text
    if shape == "trailing period" and kind == "good-cause":
        assert "**Customer lists.** Disclosure of this information would expose the salaries of employees." in d.text
    if shape == "missing":
        assert "[COURT]" in d.text and "COURT" in d.missing


def test_issue_example_reads_like_a_filing(corpus):
    facts = {"case_name": "Bayline Storage LLC v. Harbor Freight Lines, Inc.", "case_number": "2:26-cv-04417",
             "court": "C.D. Cal.", "nature_of_case": "Breach of a warehousing contract and misappropriation of trade "
             "secrets concerning Bayline's customer list"}
    d = render("good-cause", parse_facts("good-cause", facts), corpus)
    assert ("is pending in the United States District Court for the Central District of California. "
            "The parties are") in d.text
    assert ("This action arises from breach of a warehousing contract and misappropriation of trade secrets "
            "concerning Bayline's customer list.") in d.text
    assert not any("check that it fits the local rules" in n for n in d.notes)
    other = render("good-cause", parse_facts("good-cause", {**facts, "court": "D.N.J."}), corpus)
    assert "the United States District Court for the District of New Jersey" in other.text
    assert any("District of New Jersey" in n for n in other.notes)


def test_one_line_items_split_in_files_as_in_forms():
    f = parse_facts("good-cause", {"parties": ["Jane Doe | Plaintiff", {"name": "Acme Corp.", "role": "Defendant"}]})
    assert f.get("parties") == ({"name": "Jane Doe", "role": "Plaintiff"}, {"name": "Acme Corp.", "role": "Defendant"})
    assert from_form("good-cause", {"parties": "Jane Doe | Plaintiff"}).get("parties") == f.get("parties")[:1]
