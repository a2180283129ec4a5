"""Clean step for the Federal Rules of Civil Procedure print (cleaner ``frcp_print``).

The shipped FRCP document is a text extraction of the official print
("Federal Rules of Civil Procedure, December 1, 2022", House Judiciary
Committee print).  The extraction carries print artifacts, which this step
repairs without changing the rules' words:

- front matter, table of contents, forms and supplemental rules are dropped
  (only Rules 1-86 of the main rules are kept);
- running heads (``FEDERAL RULES OF CIVIL PROCEDURE``, ``Rule 26``), title
  headings, footnotes and footnote markers are removed, and the paragraphs the
  page breaks split are joined again;
- stray ``# `` prefixes (lines the extractor took for headings) are removed;
- end-of-line hyphenation (``to- gether``) is undone, deciding from the
  document's own vocabulary whether the hyphen is part of the word
  (``self-executing``) or a line-break hyphen (``together``);
- spaces the line breaks left beside em dashes are removed (``examination—whether``);
- a few lines the extractor dropped (rule headings, captions, line fragments
  whose first word was a number) are restored from the official print
  (`REPAIRS`, `MISSING_HEADINGS`).

The output is regular: one line per rule heading (``Rule 26. Duty to
Disclose; General Provisions Governing Discovery``), then one paragraph per
subdivision, numbered paragraph, item and sub-item, each starting with its
label (``(c) PROTECTIVE ORDERS.``, ``(1) In General. ...``, ``(A) ...``), and the
rule's amendment-history note as its own last paragraph (``(As amended ...)``).
`indexers.chunk_frcp` parses that form.

>>> text = clean_frcp_print(_EXAMPLE)
>>> print(text)
Rule 1. Scope and Purpose
<BLANKLINE>
These rules govern the procedure in all civil actions and proceedings in the United States district courts.
<BLANKLINE>
(As amended Apr. 22, 1993, eff. Dec. 1, 1993.)
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field

from bot.errors import BadDocument
from indexers.registry import register_cleaner

_EXAMPLE = """# FEDERAL RULES OF CIVIL PROCEDURE
Effective September 16, 1938, as amended to December 1, 2022

# Rule 1. Scope and Purpose

These rules govern the procedure in all civil actions and pro- ceedings in the United

# FEDERAL RULES OF CIVIL PROCEDURE

# Rule 1

# States district courts. (As amended Apr. 22, 1993, eff. Dec. 1, 1993.)

# APPENDIX OF FORMS
"""

# Rules 1-86 as titled in the print.  Used to find each rule's heading (which
# the extraction often wraps over two lines) and to name the rules whose
# heading line the extraction lost.  Abrogated rules (74-76, 84) have no text.
RULE_TITLES: tuple[tuple[str, str], ...] = (
    ("1", "Scope and Purpose"),
    ("2", "One Form of Action"),
    ("3", "Commencing an Action"),
    ("4", "Summons"),
    ("4.1", "Serving Other Process"),
    ("5", "Serving and Filing Pleadings and Other Papers"),
    ("5.1", "Constitutional Challenge to a Statute—Notice, Certification, and Intervention"),
    ("5.2", "Privacy Protection For Filings Made with the Court"),
    ("6", "Computing and Extending Time; Time for Motion Papers"),
    ("7", "Pleadings Allowed; Form of Motions and Other Papers"),
    ("7.1", "Disclosure Statement"),
    ("8", "General Rules of Pleading"),
    ("9", "Pleading Special Matters"),
    ("10", "Form of Pleadings"),
    ("11", "Signing Pleadings, Motions, and Other Papers; Representations to the Court; Sanctions"),
    ("12", "Defenses and Objections: When and How Presented; Motion for Judgment on the Pleadings; "
           "Consolidating Motions; Waiving Defenses; Pretrial Hearing"),
    ("13", "Counterclaim and Crossclaim"),
    ("14", "Third-Party Practice"),
    ("15", "Amended and Supplemental Pleadings"),
    ("16", "Pretrial Conferences; Scheduling; Management"),
    ("17", "Plaintiff and Defendant; Capacity; Public Officers"),
    ("18", "Joinder of Claims"),
    ("19", "Required Joinder of Parties"),
    ("20", "Permissive Joinder of Parties"),
    ("21", "Misjoinder and Nonjoinder of Parties"),
    ("22", "Interpleader"),
    ("23", "Class Actions"),
    ("23.1", "Derivative Actions"),
    ("23.2", "Actions Relating to Unincorporated Associations"),
    ("24", "Intervention"),
    ("25", "Substitution of Parties"),
    ("26", "Duty to Disclose; General Provisions Governing Discovery"),
    ("27", "Depositions to Perpetuate Testimony"),
    ("28", "Persons Before Whom Depositions May Be Taken"),
    ("29", "Stipulations About Discovery Procedure"),
    ("30", "Depositions by Oral Examination"),
    ("31", "Depositions by Written Questions"),
    ("32", "Using Depositions in Court Proceedings"),
    ("33", "Interrogatories to Parties"),
    ("34", "Producing Documents, Electronically Stored Information, and Tangible Things, or Entering onto "
           "Land, for Inspection and Other Purposes"),
    ("35", "Physical and Mental Examinations"),
    ("36", "Requests for Admission"),
    ("37", "Failure to Make Disclosures or to Cooperate in Discovery; Sanctions"),
    ("38", "Right to a Jury Trial; Demand"),
    ("39", "Trial by Jury or by the Court"),
    ("40", "Scheduling Cases for Trial"),
    ("41", "Dismissal of Actions"),
    ("42", "Consolidation; Separate Trials"),
    ("43", "Taking Testimony"),
    ("44", "Proving an Official Record"),
    ("44.1", "Determining Foreign Law"),
    ("45", "Subpoena"),
    ("46", "Objecting to a Ruling or Order"),
    ("47", "Selecting Jurors"),
    ("48", "Number of Jurors; Verdict; Polling"),
    ("49", "Special Verdict; General Verdict and Questions"),
    ("50", "Judgment as a Matter of Law in a Jury Trial; Related Motion for a New Trial; Conditional Ruling"),
    ("51", "Instructions to the Jury; Objections; Preserving a Claim of Error"),
    ("52", "Findings and Conclusions by the Court; Judgment on Partial Findings"),
    ("53", "Masters"),
    ("54", "Judgment; Costs"),
    ("55", "Default; Default Judgment"),
    ("56", "Summary Judgment"),
    ("57", "Declaratory Judgment"),
    ("58", "Entering Judgment"),
    ("59", "New Trial; Altering or Amending a Judgment"),
    ("60", "Relief from a Judgment or Order"),
    ("61", "Harmless Error"),
    ("62", "Stay of Proceedings to Enforce a Judgment"),
    ("62.1", "Indicative Ruling on a Motion for Relief That is Barred by a Pending Appeal"),
    ("63", "Judge’s Inability to Proceed"),
    ("64", "Seizing a Person or Property"),
    ("65", "Injunctions and Restraining Orders"),
    ("65.1", "Proceedings Against a Security Provider"),
    ("66", "Receivers"),
    ("67", "Deposit into Court"),
    ("68", "Offer of Judgment"),
    ("69", "Execution"),
    ("70", "Enforcing a Judgment for a Specific Act"),
    ("71", "Enforcing Relief For or Against a Nonparty"),
    ("71.1", "Condemning Real or Personal Property"),
    ("72", "Magistrate Judges: Pretrial Order"),
    ("73", "Magistrate Judges: Trial by Consent; Appeal"),
    ("77", "Conducting Business; Clerk’s Authority; Notice of an Order or Judgment"),
    ("78", "Hearing Motions; Submission on Briefs"),
    ("79", "Records Kept by the Clerk"),
    ("80", "Stenographic Transcript as Evidence"),
    ("81", "Applicability of the Rules in General; Removed Actions"),
    ("82", "Jurisdiction and Venue Unaffected"),
    ("83", "Rules by District Courts; Judge’s Directives"),
    ("85", "Title"),
    ("86", "Effective Dates"),
)

# Rules whose heading line the extraction lost: the words their text begins
# with (after line joining and hyphenation repair).  The heading is put back
# in front of them.
MISSING_HEADINGS: dict[str, str] = {
    "12": "(a) TIME TO SERVE A RESPONSIVE PLEADING.",
    "30": "(a) WHEN A DEPOSITION MAY BE TAKEN. (1) Without Leave. A party may, by oral questions,",
    "31": "(a) WHEN A DEPOSITION MAY BE TAKEN. (1) Without Leave. A party may, by written questions,",
    "34": "(a) IN GENERAL. A party may serve on any other party a request",
    "50": "(a) JUDGMENT AS A MATTER OF LAW.",
}

# Text the extraction lost or garbled, restored from the official print:
# (text as extracted after line joining, text as printed).  Each entry must
# match exactly once or the cleaner fails loudly (so a changed source is noticed).
REPAIRS: tuple[tuple[str, str], ...] = (
    # Rules 30(a) and 31(a): the caption line was lost with the rule heading.
    ("(1) Without Leave. A party may, by oral questions,",
     "(a) WHEN A DEPOSITION MAY BE TAKEN.\n(1) Without Leave. A party may, by oral questions,"),
    ("(1) Without Leave. A party may, by written questions,",
     "(a) WHEN A DEPOSITION MAY BE TAKEN.\n(1) Without Leave. A party may, by written questions,"),
    # Rule 65(f): the end of the line was lost before the heading of Rule 65.1.
    ("This rule applies to copyright-im- Rule 65.1.",
     "This rule applies to copyright-impoundment proceedings.\nRule 65.1."),
)


# --- step 1: keep the rules' lines only -----------------------------------------------------

_START = re.compile(r"^(?:#+\s*)*Rule 1\. Scope and Purpose\s*$", re.M)
_END = re.compile(r"^(?:#+\s*)*(?:APPENDIX OF FORMS|SUPPLEMENTAL RULES FOR)\b", re.M)
_RUNNING_TITLE = "FEDERAL RULES OF CIVIL PROCEDURE"
_RUNNING_RULE = re.compile(r"^Rule \d+(?:\.\d+)?$")
_TITLE_HEADING = re.compile(r"^TITLE [IVXL]+\. [A-Z ,;:’'—\-]+$")
_FOOTNOTE = re.compile(r"^\d{1,2} [A-Z][a-z]+ ")


def rule_lines(raw: str) -> list[str]:
    """The lines of Rules 1-86, without running heads, title headings, footnotes or `# ` prefixes."""
    starts = [m.start() for m in _START.finditer(raw)]
    if not starts:
        raise BadDocument("FRCP print: cannot find the heading 'Rule 1. Scope and Purpose'; "
                          "check that the document is the FRCP text extraction")
    begin = starts[-1]
    end_m = _END.search(raw, begin)
    body = raw[begin:end_m.start() if end_m else len(raw)]
    lines = [re.sub(r"^(?:#+\s*)+", "", ln).strip() for ln in body.splitlines()]
    lines = [ln for ln in lines if ln]
    keep: list[str] = []
    for i, ln in enumerate(lines):
        if ln == _RUNNING_TITLE or _TITLE_HEADING.match(ln) or _FOOTNOTE.match(ln):
            continue
        if _RUNNING_RULE.match(ln):
            near = lines[max(0, i - 1):i] + lines[i + 1:i + 2]
            if _RUNNING_TITLE in near or (i + 1 < len(lines) and lines[i + 1].startswith(ln + ". ")):
                continue
        keep.append(ln)
    return keep


# --- step 2: join lines, undo hyphenation -----------------------------------------------

_WORD = re.compile(r"[A-Za-z]+(?:-[A-Za-z]+)*")
_BREAK = re.compile(r"\b([A-Za-z]+)-[ \n]+([A-Za-z]+)")
_SUSPENDED = {"and", "or", "to", "nor"}


def vocabulary(raw: str) -> Counter:
    """Lower-cased words and hyphenated compounds as printed whole (not across a line break)."""
    unbroken = _BREAK.sub(" ", raw)
    counts: Counter = Counter()
    for w in _WORD.findall(unbroken):
        w = w.lower()
        counts[w] += 1
        if "-" in w:
            for part in w.split("-"):
                counts[part] += 0  # make parts known without counting them as whole words
    return counts


def rejoin_hyphenation(text: str, vocab: Counter) -> str:
    """``to- gether`` -> ``together``; ``self- executing`` -> ``self-executing`` when printed so elsewhere.

    >>> v = Counter({"together": 2, "self-executing": 1, "state-court": 1})
    >>> rejoin_hyphenation("to- gether, self- executing, federal- or state-court", v)
    'together, self-executing, federal- or state-court'
    """
    def fix(m: re.Match) -> str:
        a, b = m.group(1), m.group(2)
        joined, hyph = (a + b).lower(), f"{a}-{b}".lower()
        if b[0].isupper() and not a.isupper():  # "copyright-im- Rule 65.1": not a word break
            return m.group(0)
        if vocab.get(hyph, 0) > vocab.get(joined, 0):
            return f"{a}-{b}"
        if joined in vocab and vocab[joined] > 0:
            return a + b
        if b.lower() in _SUSPENDED:  # "federal- or state-court": a suspended hyphen
            return f"{a}- {b}"
        return a + b

    return _BREAK.sub(fix, text)


def join_lines(lines: list[str], vocab: Counter) -> str:
    """One string with the lines kept apart by newlines, hyphenation and dash spacing repaired."""
    text = "\n".join(lines)
    text = rejoin_hyphenation(text, vocab)
    text = re.sub(r"[ \n]*—[ \n]*", "—", text)
    text = re.sub(r"(?<=\d),\d(?= [a-z])", ",", text)  # footnote marker: "2 U.S.C. § 118,1 the"
    return text


def apply_repairs(text: str, repairs=REPAIRS) -> str:
    """Restore text the extraction lost (see `REPAIRS`); each repair must apply exactly once."""
    for old, new in repairs:
        pat = re.compile(r"\s+".join(re.escape(w) for w in old.split()))
        found = pat.findall(text)
        if len(found) != 1:
            raise BadDocument(f"FRCP print: repair {old[:60]!r} matched {len(found)} times; "
                              "the source text changed, review indexers/clean_frcp.py REPAIRS")
        text = pat.sub(lambda _m: new, text)
    return text


# --- step 3: split into rules -------------------------------------------------------------

def _words_pattern(s: str) -> str:
    return r"\s+".join(re.escape(w) for w in s.split())


@dataclass
class Rule:
    number: str
    title: str
    body: str  # text after the heading, newlines = source line breaks
    note: str = ""  # the amendment-history note, "(As amended ...)"

    @property
    def heading(self) -> str:
        return f"Rule {self.number}. {self.title}"


def split_rules(text: str, titles=RULE_TITLES, missing=None) -> list[Rule]:
    """Cut the joined text at each rule heading, in the order the rules are printed."""
    missing = MISSING_HEADINGS if missing is None else missing
    found: list[tuple[int, int, str, str]] = []  # (start, body start, number, title)
    pos = 0
    for number, title in titles:
        pat = re.compile(rf"(?:^|(?<=\n)|(?<=\. )){_words_pattern(f'Rule {number}. {title}')}[ \n]*")
        m = pat.search(text, pos)
        if m is None and number in missing:
            m = re.compile(_words_pattern(missing[number])).search(text, pos)
            if m is not None:
                found.append((m.start(), m.start(), number, title))
                pos = m.start()
                continue
        if m is None:
            raise BadDocument(f"FRCP print: cannot find the heading of Rule {number} ({title}); "
                              "review indexers/clean_frcp.py MISSING_HEADINGS")
        found.append((m.start(), m.end(), number, title))
        pos = m.end()
    rules = []
    for i, (start, body_start, number, title) in enumerate(found):
        end = found[i + 1][0] if i + 1 < len(found) else len(text)
        rules.append(Rule(number, title, text[body_start:end].strip()))
    return rules


_NOTE = re.compile(r"\((?:As amended|As added|Amended|Added)\b")


def split_note(body: str) -> tuple[str, str]:
    """Separate the amendment-history note ``(As amended ...)`` (parentheses balanced) from the rule text."""
    starts = [m.start() for m in _NOTE.finditer(body)]
    if not starts:
        return body, ""
    start = starts[0]
    depth = 0
    for i in range(start, len(body)):
        if body[i] == "(":
            depth += 1
        elif body[i] == ")":
            depth -= 1
            if depth == 0:
                note = body[start:i + 1]
                rest = (body[:start] + " " + body[i + 1:]).strip()
                return rest, " ".join(note.split())
    return body, ""


# --- step 4: find the structure (subdivisions, paragraphs, items, sub-items) ------------

ROMANS = ("i", "ii", "iii", "iv", "v", "vi", "vii", "viii", "ix", "x", "xi", "xii", "xiii", "xiv", "xv",
          "xvi", "xvii", "xviii", "xix", "xx")
LEVEL_NAMES = ("subdivision", "paragraph", "item", "sub-item")
_CAPS_CAPTION = re.compile(r"[A-Z][A-Z’'\-,]*[ \n]+[A-Z(’'][A-Z’'\-,:;)]*|[A-Z][A-Z’'\-]+\.")


def _successor(level: int, label: str) -> str:
    if level == 0:
        return chr(ord(label) + 1)
    if level == 1:
        return str(int(label) + 1)
    if level == 2:
        return chr(ord(label) + 1)
    i = ROMANS.index(label)
    return ROMANS[i + 1] if i + 1 < len(ROMANS) else ""


_FIRST = ("a", "1", "A", "i")


def _kinds(label: str) -> list[int]:
    if label.isdigit():
        return [1]
    if label.isupper() and len(label) == 1:
        return [2]
    kinds = []
    if len(label) == 1 and label.islower():
        kinds.append(0)
    if label in ROMANS:
        kinds.append(3)
    return kinds


@dataclass
class Outline:
    """Where we are in a rule's outline: the current label at each level.

    A label is accepted only where the outline expects it: the next label of a
    level already open, or the first label of the next level down.  That tells
    structural labels from cross-references (``Rule 4(e), (f), or (h)``) and
    settles ``(i)``: subdivision after ``(h)``, or first sub-item.

    >>> o = Outline()
    >>> [o.accept(x, rest) for x, rest in [("a", "IN GENERAL."), ("1", "x"), ("A", "x"), ("i", "x"), ("ii", "x"), ("B", "x"), ("b", "X")]]
    [0, 1, 2, 3, 3, 2, 0]
    >>> o.accept("d", "skipped") is None
    True
    """

    labels: list = field(default_factory=lambda: [None, None, None, None])

    def candidates(self, label: str) -> list[int]:
        out = []
        for k in _kinds(label):
            cur = self.labels[k]
            if cur is not None:
                if _successor(k, cur) == label:
                    out.append(k)
            elif label == _FIRST[k]:
                deeper_open = any(self.labels[j] is not None for j in range(k + 1, 4))
                if k == 3 and self.labels[2] is None:
                    continue
                if not deeper_open:
                    out.append(k)
        return out

    def accept(self, label: str, rest: str = "") -> int | None:
        """The level `label` opens, or None when it is not expected here (nothing changes)."""
        cands = self.candidates(label)
        if not cands:
            return None
        if len(cands) > 1:  # "(i)": subdivision if a capitalised caption follows, else sub-item
            level = 0 if _CAPS_CAPTION.match(rest) else 3
        else:
            level = cands[0]
        self.labels[level] = label
        for j in range(level + 1, 4):
            self.labels[j] = None
        return level


_LABEL = re.compile(r"(?<![^\s])\(([a-z]{1,5}|\d{1,2}|[A-Z])\)(?=[ \n(])")
_AFTER_PUNCT = re.compile(r"(?:[.;:—]|[;,][ \n]+(?:and|or))[ \n]*$")
_REF_WORDS = {"rule", "rules", "subdivision", "subdivisions", "paragraph", "paragraphs", "and", "or",
              "under", "in", "by", "to", "of", "see", "item", "items", "clause"}


@dataclass(frozen=True)
class Unit:
    level: int  # -1 = text before the first label (rule introduction)
    label: str
    text: str


def _plausible_start(text: str, pos: int) -> bool:
    """Could a label at `pos` begin a new outline unit (after punctuation or at a line start)?"""
    before = text[max(0, pos - 20):pos]
    if not before.strip():
        return True
    if _AFTER_PUNCT.search(before):
        return True
    if before.endswith("\n"):  # line start after text cut without punctuation (extraction losses)
        prev = before.rstrip()
        word = re.findall(r"[A-Za-z]+$", prev)
        if prev[-1:].isdigit() or prev[-1:] in "),(" or (word and word[0].lower() in _REF_WORDS):
            return False
        return True
    return False


def outline_units(body: str, rejected: list[str] | None = None) -> list[Unit]:
    """Cut a rule's body at its structural labels; each unit's text starts with its label.

    Labels that look like the start of a unit but do not fit the outline are
    listed in `rejected` (when given): they usually mean the extraction lost a line.
    """
    outline = Outline()
    cuts: list[tuple[int, int, str]] = []
    for m in _LABEL.finditer(body):
        if not _plausible_start(body, m.start()):
            continue
        rest = body[m.end():].lstrip(" \n")
        level = outline.accept(m.group(1), rest[:60])
        if level is not None:
            cuts.append((m.start(), level, m.group(1)))
        elif rejected is not None:
            rejected.append(_flat(body[max(0, m.start() - 50):m.end() + 30]))
    units = []
    head = body[:cuts[0][0]] if cuts else body
    if head.strip():
        units.append(Unit(-1, "", _flat(head)))
    for i, (start, level, label) in enumerate(cuts):
        end = cuts[i + 1][0] if i + 1 < len(cuts) else len(body)
        units.append(Unit(level, label, _flat(body[start:end])))
    return units


def _flat(s: str) -> str:
    return " ".join(s.split())


# --- the cleaner ------------------------------------------------------------------------

def clean_rules(raw: str) -> list[tuple[Rule, list[Unit]]]:
    """Parse the print into rules and their outline units (the cleaner's work, structured)."""
    vocab = vocabulary(raw)
    text = apply_repairs(join_lines(rule_lines(raw), vocab))
    out = []
    for rule in split_rules(text):
        rule.body, rule.note = split_note(rule.body)
        out.append((rule, outline_units(rule.body)))
    return out


_UNIT_END = re.compile(r"(?:[.;:—]|[.;,] (?:and|or)|\.\)|\.\]|\.’’)$")


def diagnose(rules: list[tuple[Rule, list[Unit]]]) -> dict[str, list[str]]:
    """Signs of text the extraction lost, by rule number: labels out of sequence, units cut mid-sentence."""
    out: dict[str, list[str]] = {}
    for rule, units in rules:
        found: list[str] = []
        outline_units(rule.body, found)
        found = [f"label out of sequence: …{x}…" for x in found]
        for u in units:
            if not _UNIT_END.search(u.text):
                found.append(f"unit ends mid-sentence: …{u.text[-70:]}")
        if found:
            out[rule.number] = found
    return out


def render(rules: list[tuple[Rule, list[Unit]]]) -> str:
    parts = []
    for rule, units in rules:
        block = [rule.heading] + [u.text for u in units]
        if rule.note:
            block.append(rule.note)
        parts.append("\n\n".join(block))
    return "\n\n\n".join(parts) + "\n"


@register_cleaner("frcp_print")
def clean_frcp_print(raw: str) -> str:
    """Clean text of FRCP Rules 1-86: one heading line per rule, one paragraph per outline unit."""
    return render(clean_rules(raw))
