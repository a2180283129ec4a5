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
  (`REPAIRS`).

The output is regular: one line per rule heading (``Rule 26. Duty to
Disclose; General Provisions Governing Discovery``), then one paragraph per
subdivision, numbered paragraph, item and sub-item, each starting with its
label (``(c) PROTECTIVE ORDERS.``, ``(1) In General. ...``, ``(A) ...``), and the
rule's amendment-history note as its own last paragraph (``(As amended ...)``).
`indexers.chunk_frcp` parses that form.

>>> print(render(clean_rules(_EXAMPLE, titles=RULE_TITLES[:1], repairs=())).strip())
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

from indexers.errors import BadDocument
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

# Text the extraction lost, restored from the official print: (text as it
# stands after line joining and hyphenation repair, text as printed).  The
# extraction dropped some lines: rule headings (Rules 12, 30, 31, 34, 50),
# the second line of wrapped subdivision captions, and lines whose first word
# was a number.  Each entry must match exactly once, or the cleaner fails
# loudly (so that a changed source is noticed).  Diagnostics: `diagnose()`.
REPAIRS: tuple[tuple[str, str], ...] = (
    # Rule 4(i): second line of the caption.
    ("(i) SERVING THE UNITED STATES AND ITS AGENCIES, CORPORA- (1) United States.",
     "(i) SERVING THE UNITED STATES AND ITS AGENCIES, CORPORATIONS, OFFICERS, OR EMPLOYEES.\n(1) United States."),
    # Rule 5(b)(3): end of the line (it began with a number).
    ("(3) Using Court Facilities. [Abrogated (Apr. 26, 2018, eff. Dec. (c) SERVING NUMEROUS DEFENDANTS.",
     "(3) Using Court Facilities. [Abrogated (Apr. 26, 2018, eff. Dec. 1, 2018.)]\n(c) SERVING NUMEROUS DEFENDANTS."),
    # Rule 5.2(b)(6): end of the line (it began with a number).
    ("under 28 U.S.C. §§ 2241, (c) LIMITATIONS ON REMOTE ACCESS",
     "under 28 U.S.C. §§ 2241, 2254, or 2255.\n(c) LIMITATIONS ON REMOTE ACCESS"),
    # Rule 6(a)(6)(A) (as in force on Dec. 1, 2022, before Juneteenth was added) and 6(b)(2).
    ("‘‘Legal holiday’’ means: (B) any day declared",
     "‘‘Legal holiday’’ means:\n(A) the day set aside by statute for observing New Year’s Day, Martin Luther King "
     "Jr.’s Birthday, Washington’s Birthday, Memorial Day, Independence Day, Labor Day, Columbus Day, "
     "Veterans’ Day, Thanksgiving Day, or Christmas Day;\n(B) any day declared"),
    ("A court must not extend the time to act under (c) MOTIONS, NOTICES OF HEARING, AND AFFIDAVITS.",
     "A court must not extend the time to act under Rules 50(b) and (d), 52(b), 59(b), (d), and (e), and 60(b)."
     "\n(c) MOTIONS, NOTICES OF HEARING, AND AFFIDAVITS."),
    # Rule 7(a)(4)-(7).
    ("(3) an answer to a counterclaim designated as a counterclaim; (b) MOTIONS AND OTHER PAPERS.",
     "(3) an answer to a counterclaim designated as a counterclaim;\n(4) an answer to a crossclaim;\n"
     "(5) a third-party complaint;\n(6) an answer to a third-party complaint; and\n"
     "(7) if the court orders one, a reply to an answer.\n(b) MOTIONS AND OTHER PAPERS."),
    # Rule 8(c)(1): the list of affirmative defenses; 8(d): caption.
    ("any avoidance or affirmative defense, including: (2) Mistaken Designation.",
     "any avoidance or affirmative defense, including:\n(A) accord and satisfaction;\n(B) arbitration and award;"
     "\n(C) assumption of risk;\n(D) contributory negligence;\n(E) duress;\n(F) estoppel;"
     "\n(G) failure of consideration;\n(H) fraud;\n(I) illegality;\n(J) injury by fellow servant;\n(K) laches;"
     "\n(L) license;\n(M) payment;\n(N) release;\n(O) res judicata;\n(P) statute of frauds;"
     "\n(Q) statute of limitations; and\n(R) waiver.\n(2) Mistaken Designation."),
    ("(d) PLEADING TO BE CONCISE AND DIRECT; ALTERNATIVE STATE- (1) In General.",
     "(d) PLEADING TO BE CONCISE AND DIRECT; ALTERNATIVE STATEMENTS; INCONSISTENCY.\n(1) In General."),
    # Rule 11(c)(5)(A): end of the line (it began with a number).
    ("(A) against a represented party for violating Rule (B) on its own,",
     "(A) against a represented party for violating Rule 11(b)(2); or\n(B) on its own,"),
    # Rule 12: heading; 12(h)(1).
    ("(a) TIME TO SERVE A RESPONSIVE PLEADING.",
     "Rule 12. Defenses and Objections: When and How Presented; Motion for Judgment on the Pleadings; "
     "Consolidating Motions; Waiving Defenses; Pretrial Hearing\n(a) TIME TO SERVE A RESPONSIVE PLEADING."),
    ("(1) When Some Are Waived. A party waives any defense listed (A) omitting",
     "(1) When Some Are Waived. A party waives any defense listed in Rule 12(b)(2)–(5) by:\n(A) omitting"),
    # Rule 16(b)(3)(B)(i), 16(c) caption.
    ("(i) modify the timing of disclosures under Rules 26(a) (ii) modify",
     "(i) modify the timing of disclosures under Rules 26(a) and 26(e)(1);\n(ii) modify"),
    ("(c) ATTENDANCE AND MATTERS FOR CONSIDERATION AT A PRETRIAL (1) Attendance.",
     "(c) ATTENDANCE AND MATTERS FOR CONSIDERATION AT A PRETRIAL CONFERENCE.\n(1) Attendance."),
    # Rule 17(b)(3): the line began with a number's item label and was lost, leaving its last words behind.
    ("(2) for a corporation, by the law under which it was organized; and court is located, except that:",
     "(2) for a corporation, by the law under which it was organized; and\n(3) for all other parties, by the law of "
     "the state where the court is located, except that:"),
    # Rule 17(c)(1): the list of representatives.
    ("may sue or defend on behalf of a minor or an incompetent person: (2) Without a Representative.",
     "may sue or defend on behalf of a minor or an incompetent person:\n(A) a general guardian;\n(B) a committee;"
     "\n(C) a conservator; or\n(D) a like fiduciary.\n(2) Without a Representative."),
    # Rule 16(f)(1): words lost and moved around a line that began with a number.
    ("the court may issue including those authorized by Rule any 37(b)(2)(A)(ii)–(vii), if a party",
     "the court may issue any just orders, including those authorized by Rule 37(b)(2)(A)(ii)–(vii), if a party"),
    # Rule 19(d).
    ("(d) EXCEPTION FOR CLASS ACTIONS. This rule is subject to Rule",
     "(d) EXCEPTION FOR CLASS ACTIONS. This rule is subject to Rule 23."),
    # Rule 26(a)(2)(D)(i), 26(b)(3)(A)(i), 26(d)(2)(A)(i)-(ii), 26(g) caption.
    ("the disclosures must be made: the case to be ready for trial; or",
     "the disclosures must be made:\n(i) at least 90 days before the date set for trial or for the case to be ready "
     "for trial; or"),
    ("(i) they are otherwise discoverable under Rule (ii) the party shows",
     "(i) they are otherwise discoverable under Rule 26(b)(1); and\n(ii) the party shows"),
    ("a request under Rule 34 may be delivered: party that has been served.",
     "a request under Rule 34 may be delivered:\n(i) to that party by any other party, and\n(ii) by that party to "
     "any plaintiff or to any other party that has been served."),
    ("at the Rule 16(b) conference. (1) Signature Required; Effect of Signature.",
     "at the Rule 16(b) conference.\n(g) SIGNING DISCLOSURES AND DISCOVERY REQUESTS, RESPONSES, AND OBJECTIONS."
     "\n(1) Signature Required; Effect of Signature."),
    # Rules 30 and 31: headings and the (a) captions; 30(c) and 30(f) captions.
    ("(1) Without Leave. A party may, by oral questions,",
     "Rule 30. Depositions by Oral Examination\n(a) WHEN A DEPOSITION MAY BE TAKEN.\n"
     "(1) Without Leave. A party may, by oral questions,"),
    ("(c) EXAMINATION AND CROSS-EXAMINATION; RECORD OF THE EXAM- (1) Examination",
     "(c) EXAMINATION AND CROSS-EXAMINATION; RECORD OF THE EXAMINATION; OBJECTIONS; WRITTEN QUESTIONS."
     "\n(1) Examination"),
    ("(f) CERTIFICATION AND DELIVERY; EXHIBITS; COPIES OF THE TRAN- (1) Certification",
     "(f) CERTIFICATION AND DELIVERY; EXHIBITS; COPIES OF THE TRANSCRIPT OR RECORDING; FILING.\n(1) Certification"),
    ("(1) Without Leave. A party may, by written questions,",
     "Rule 31. Depositions by Written Questions\n(a) WHEN A DEPOSITION MAY BE TAKEN.\n"
     "(1) Without Leave. A party may, by written questions,"),
    # Rule 34: heading.
    ("(a) IN GENERAL. A party may serve on any other party a request",
     "Rule 34. Producing Documents, Electronically Stored Information, and Tangible Things, or Entering onto "
     "Land, for Inspection and Other Purposes\n(a) IN GENERAL. A party may serve on any other party a request"),
    # Rule 37(c): caption.
    ("unless the failure was substantially justified or other circumstances make an award of expenses unjust. "
     "(1) Failure to Disclose or Supplement.",
     "unless the failure was substantially justified or other circumstances make an award of expenses unjust."
     "\n(c) FAILURE TO DISCLOSE, TO SUPPLEMENT AN EARLIER RESPONSE, OR TO ADMIT.\n"
     "(1) Failure to Disclose or Supplement."),
    # Rule 38(b): first line.
    ("is preserved to the parties inviolate. demand a jury trial by:",
     "is preserved to the parties inviolate.\n(b) DEMAND. On any issue triable of right by a jury, a party may "
     "demand a jury trial by:"),
    # Rule 44(a)(1)(B)(i): the first line of the item.
    ("The certificate must be made under seal: political subdivision where the record is kept; or",
     "The certificate must be made under seal:\n(i) by a judge of a court of record in the district or "
     "political subdivision where the record is kept; or"),
    # Rule 45(d): caption.
    ("(d) PROTECTING A PERSON SUBJECT TO A SUBPOENA; ENFORCE- (1)",
     "(d) PROTECTING A PERSON SUBJECT TO A SUBPOENA; ENFORCEMENT.\n(1)"),
    # Rule 50: first line of the heading; 50(c) caption.
    ("tion for a New Trial; Conditional Ruling (a) JUDGMENT AS A MATTER OF LAW.",
     "Rule 50. Judgment as a Matter of Law in a Jury Trial; Related Motion for a New Trial; Conditional Ruling"
     "\n(a) JUDGMENT AS A MATTER OF LAW."),
    ("(c) GRANTING THE RENEWED MOTION; CONDITIONAL RULING ON A (1)",
     "(c) GRANTING THE RENEWED MOTION; CONDITIONAL RULING ON A MOTION FOR A NEW TRIAL.\n(1)"),
    # Rule 51(c)(2)(A): end of the line.
    ("(A) a party objects at the opportunity provided under (B) a party was not informed",
     "(A) a party objects at the opportunity provided under Rule 51(b)(2); or\n(B) a party was not informed"),
    # Rule 53(f): caption.
    ("(f) ACTION ON THE MASTER’S ORDER, REPORT, OR RECOMMENDA- (1)",
     "(f) ACTION ON THE MASTER’S ORDER, REPORT, OR RECOMMENDATIONS.\n(1)"),
    # Rule 53(g)(2): the two items.
    ("(2) Payment. The compensation must be paid either: the court’s control.",
     "(2) Payment. The compensation must be paid either:\n(A) by a party or parties; or\n(B) from a fund or "
     "subject matter of the action within the court’s control."),
    # Rule 64(b): the bulleted list of remedies.
    ("regardless of whether state procedure requires an independent action: Rule 65.",
     "regardless of whether state procedure requires an independent action:\n• arrest;\n• attachment;"
     "\n• garnishment;\n• replevin;\n• sequestration; and\n• other corresponding or equivalent remedies.\nRule 65."),
    # Rule 65(d): caption; 65(f): end of the line, lost before the heading of Rule 65.1.
    ("(d) CONTENTS AND SCOPE OF EVERY INJUNCTION AND RESTRAINING (1)",
     "(d) CONTENTS AND SCOPE OF EVERY INJUNCTION AND RESTRAINING ORDER.\n(1)"),
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
_HASHES = re.compile(r"^(?:#+\s*)+")


def rule_lines(raw: str) -> list[str]:
    """The lines of Rules 1-86, without running heads, title headings, footnotes or `# ` prefixes."""
    starts = [m.start() for m in _START.finditer(raw)]
    if not starts:
        raise BadDocument("FRCP print: cannot find the heading 'Rule 1. Scope and Purpose'; "
                          "check that the document is the FRCP text extraction")
    begin = starts[-1]
    end_m = _END.search(raw, begin)
    body = raw[begin:end_m.start() if end_m else len(raw)]
    lines = [_HASHES.sub("", ln).strip() for ln in body.splitlines()]
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
_BREAK = re.compile(r"(?<![A-Za-z])([A-Za-z]++)-[ \n]+([A-Za-z]++)")
_SUSPENDED = {"and", "or", "to", "nor"}


def vocabulary(raw: str) -> Counter:
    """Lower-cased words and hyphenated compounds as printed whole (not across a line break)."""
    unbroken = _BREAK.sub(" ", re.sub(r"(?m)^(?:#+[ \t]*)+", "", raw))
    return Counter(_WORD.findall(unbroken.lower()))


def rejoin_hyphenation(text: str, vocab: Counter) -> str:
    """``to- gether`` -> ``together``; ``self- executing`` -> ``self-executing`` when printed so elsewhere.

    >>> v = Counter({"together": 2, "self-executing": 1, "state-court": 1, "declaratory": 1, "judgment": 3})
    >>> rejoin_hyphenation("to- gether, self- executing, federal- or state-court, declaratory- judgment", v)
    'together, self-executing, federal- or state-court, declaratory-judgment'
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
        if min(len(a), len(b)) >= 4 and vocab.get(a.lower(), 0) > 0 and vocab.get(b.lower(), 0) > 0:
            return f"{a}-{b}"  # "declaratory- judgment": two words of the document, a compound
        return a + b

    return _BREAK.sub(fix, text)


def _close_dashes(text: str) -> str:
    """Remove the spaces and line breaks printed beside em dashes (``duplicate— federal`` -> ``duplicate—federal``)."""
    parts = text.split("—")
    last = len(parts) - 1
    return "—".join(p.strip(" \n") if 0 < i < last else (p.rstrip(" \n") if i == 0 else p.lstrip(" \n"))
                    for i, p in enumerate(parts))


def join_lines(lines: list[str], vocab: Counter) -> str:
    """One string with the lines kept apart by newlines, hyphenation and dash spacing repaired."""
    text = "\n".join(lines)
    text = rejoin_hyphenation(text, vocab)
    text = _close_dashes(text)
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


def split_rules(text: str, titles=RULE_TITLES) -> list[Rule]:
    """Cut the joined text at each rule heading, in the order the rules are printed."""
    found: list[tuple[int, int, str, str]] = []  # (start, body start, number, title)
    pos = 0
    for number, title in titles:
        pat = re.compile(rf"(?:^|(?<=\n)|(?<=\. )){_words_pattern(f'Rule {number}. {title}')}[ \n]*")
        m = pat.search(text, pos)
        if m is None:
            raise BadDocument(f"FRCP print: cannot find the heading of Rule {number} ({title}); "
                              "review indexers/clean_frcp.py REPAIRS")
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
_AFTER_PUNCT = re.compile(r"(?:[.;:—][\]’”)]*|[;,][ \n]+(?:and|or))[ \n]*$")
_REF_LIST = re.compile(r"\)\s*,\s*(?:and\s+|or\s+)?$")  # "Rule 30(c), (e), and (f)": a list of references
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
            if rejected is not None and body[:m.start()].endswith("\n"):
                rejected.append(_context(body, m))
            continue
        rest = body[m.end():m.end() + 80].lstrip(" \n")
        level = outline.accept(m.group(1), rest[:60])
        if level is not None:
            cuts.append((m.start(), level, m.group(1)))
        elif rejected is not None:
            if not _REF_LIST.search(body[max(0, m.start() - 12):m.start()]):
                rejected.append(_context(body, m))
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


def _context(body: str, m: re.Match) -> str:
    return _flat(f"{body[max(0, m.start() - 50):m.start()]}»{m.group(0)}«{body[m.end():m.end() + 30]}")


# Forms printed inside a rule (the Rule 4 waiver forms): not rule text, dropped.
_FORMS = re.compile(r"\bRULE 4 NOTICE OF A LAWSUIT AND REQUEST TO WAIVE SERVICE OF\b")


# --- the cleaner ------------------------------------------------------------------------

def clean_rules(raw: str, titles=RULE_TITLES, repairs=REPAIRS) -> list[tuple[Rule, list[Unit]]]:
    """Parse the print into rules and their outline units (the cleaner's work, structured)."""
    vocab = vocabulary(raw)
    text = apply_repairs(join_lines(rule_lines(raw), vocab), repairs)
    out = []
    for rule in split_rules(text, titles):
        rule.body, rule.note = split_note(rule.body)
        rule.body = _FORMS.split(rule.body, maxsplit=1)[0].rstrip()
        out.append((rule, outline_units(rule.body)))
    return out


_UNIT_END = re.compile(r"(?:[.;:—]|[.;,] (?:and|or)|\.\)\]?|\.\]|\.’’)$")


def diagnose(rules: list[tuple[Rule, list[Unit]]]) -> dict[str, list[str]]:
    """Signs of text the extraction lost, by rule number: labels out of sequence, units cut mid-sentence."""
    out: dict[str, list[str]] = {}
    for rule, units in rules:
        found: list[str] = []
        outline_units(rule.body, found)
        found = [f"label out of sequence: …{x}…" for x in found]
        for i, u in enumerate(units):
            nxt = units[i + 1] if i + 1 < len(units) else None
            leads_in = nxt is not None and nxt.level > u.level
            if not _UNIT_END.search(u.text) and not leads_in:
                found.append(f"unit ends mid-sentence: …{u.text[-70:]}")
            elif u.text.endswith(":") and not leads_in:
                found.append(f"unit announces a list that does not follow: …{u.text[-70:]}")
            elif re.search(r"[;,](?: and| or)?$", u.text) and u.level > 0 and (nxt is None or nxt.level == 0):
                found.append(f"list ends without its last item: …{u.text[-70:]}")
            elif re.match(r"\(\w+\) [a-z][^.]*; (?:and|or) [^;]*:$", u.text):
                # "(2) for a corporation, ...; and court is located, except that:": an item that ends the list
                # ("; and") runs on into the lead-in of a lost item
                found.append(f"item runs on past its list's last conjunction: …{u.text[-70:]}")
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
