"""The names lawyers use instead of rule numbers, mapped to the rules they name.

"The clawback provision", "the safe harbor", "the 100-mile limit": associates
name a rule by what it does.  This table is written from ordinary federal
practice (each row gives the rule it names and a word on why); it is not fit to
any evaluation question.  A name found in a question adds the rule as an
*implied* reference: the rule's passage is lifted in retrieval like a rule the
question numbers, but an implied rule the corpus lacks is never reported as
missing (the user did not name it).

>>> [r.number for r in named_rules("does the clawback provision cover inadvertent production?")]
['26(b)(5)(B)']
"""

from __future__ import annotations

import re
from dataclasses import dataclass


@dataclass(frozen=True)
class NamedRule:
    names: tuple[str, ...]  # regular expressions, matched case-insensitively on word boundaries
    number: str  # Fed. R. Civ. P. number
    why: str  # what the rule is, in a few words


NAMED_RULES: tuple[NamedRule, ...] = (
    NamedRule(("claw-?back (?:provision|rule|procedure)", "claw ?back",
               r"inadvertent(?:ly)? (?:produc\w*|disclos\w*)", r"(?:produc\w*|disclos\w*) (?:\w+ ){0,3}by (?:mistake|accident)"),
              "26(b)(5)(B)",
              "information produced subject to a privilege claim: notify, return, sequester or destroy"),
    NamedRule(("protective orders?",), "26(c)(1)", "protective orders in discovery"),
    NamedRule(("privilege log", r"priv(?:ilege)? log"), "26(b)(5)(A)", "claiming privilege for information withheld"),
    NamedRule(("safe harbor",), "11(c)(2)", "Rule 11 motion served 21 days before filing"),
    NamedRule(("proportionality(?: factors| requirement| standard)?", "proportional to the needs of the case",
               "scope of discovery"), "26(b)(1)", "scope of discovery and proportionality"),
    NamedRule(("100-? ?mile (?:limit|rule|radius)", "hundred-? ?mile (?:limit|rule)", "geographic(?:al)? limits?"),
              "45(c)", "place of compliance for subpoenas"),
    NamedRule(("relation back", "relates? back", "relation-back"), "15(c)", "relation back of amendments"),
    NamedRule(("meet[- ]and[- ]confer certification", "good[- ]faith certification"), "37(a)(1)",
              "certification of conferring before a motion to compel"),
    NamedRule(("discovery (?:planning )?conference", "26\\(f\\) conference", "discovery plan"), "26(f)",
              "conference of the parties; planning for discovery"),
    NamedRule(("initial disclosures?",), "26(a)(1)", "initial disclosures"),
    NamedRule(("expert reports?", "retained expert", "written report"), "26(a)(2)(B)", "expert witness written report"),
    NamedRule(("draft (?:expert )?reports?", "drafts? of (?:an |the |her |his )?(?:expert )?report"), "26(b)(4)(B)",
              "trial-preparation protection for draft expert reports"),
    NamedRule(("work[- ]product",), "26(b)(3)", "trial-preparation materials"),
    NamedRule(("duty to supplement", "supplement(?:al|ing)? (?:disclosures|responses|answers)"), "26(e)",
              "supplementing disclosures and responses"),
    NamedRule(("spoliation", "failure to preserve (?:esi|electronically stored information)", "lost esi"), "37(e)",
              "failure to preserve electronically stored information"),
    NamedRule(("excusable neglect",), "6(b)(1)(B)", "extending time after it has expired"),
    NamedRule(("mailbox rule", "three extra days", "3 extra days", "additional 3 days"), "6(d)",
              "additional time after certain kinds of service"),
    NamedRule(("service deadline", "90[- ]day (?:service )?(?:deadline|limit)", "time limit for service"), "4(m)",
              "time limit for service"),
    NamedRule(("waiver of service", "waive service"), "4(d)", "waiving service"),
    NamedRule(("amend(?:ment)? as (?:a matter )?of course",), "15(a)(1)", "amending once as a matter of course"),
    NamedRule(("leave to amend", "freely give leave"), "15(a)(2)", "amendments with leave or consent"),
    NamedRule(("voluntary dismissal", "notice of dismissal", "dismiss without (?:a )?court order"), "41(a)(1)",
              "voluntary dismissal without a court order"),
    NamedRule(("involuntary dismissal", "failure to prosecute"), "41(b)", "involuntary dismissal"),
    NamedRule(("waiver of (?:certain )?defenses", "waived defenses?", "consolidat(?:e|ing|ion of) (?:defenses|motions)",
               "omnibus motion rule"), "12(h)(1)", "waiving and preserving certain defenses"),
    NamedRule(("interrogatory limit", "25 interrogatories", "number of interrogatories"), "33(a)(1)",
              "number of interrogatories"),
    NamedRule(("business records option", "option to produce business records"), "33(d)",
              "option to produce business records"),
    NamedRule(("deemed admitted", "deemed admissions?"), "36(a)(3)", "time to respond to requests for admission"),
    NamedRule(("seven[- ]hour (?:limit|rule)", "7[- ]hour (?:limit|rule)", "one day of 7 hours", "deposition time limit"),
              "30(d)(1)", "duration of a deposition"),
    NamedRule(("ten[- ]deposition limit", "10[- ]deposition limit", "number of depositions"), "30(a)(2)(A)(i)",
              "leave needed for more than 10 depositions"),
    NamedRule(("corporate (?:representative|designee) deposition", "organizational deposition", "30\\(b\\)\\(6\\)"),
              "30(b)(6)", "notice or subpoena directed to an organization"),
    NamedRule(("(?:independent )?medical exam(?:ination)?", "ime", "mental exam(?:ination)?", "physical exam(?:ination)?"),
              "35(a)", "physical and mental examinations"),
    NamedRule(("offer of judgment",), "68", "offer of judgment"),
    NamedRule(("default judgment",), "55(b)", "default judgment"),
    NamedRule(("summary judgment standard", "no genuine dispute"), "56(a)", "summary judgment"),
    NamedRule(("facts unavailable to the nonmovant", "56\\(d\\) (?:motion|declaration|request)"), "56(d)",
              "when facts are unavailable to the nonmovant"),
    NamedRule(("temporary restraining order", "tro"), "65(b)", "temporary restraining order"),
    NamedRule(("preliminary injunction",), "65(a)", "preliminary injunction"),
    NamedRule(("relief from (?:a |the )?judgment", "60\\(b\\) motion"), "60(b)", "relief from a judgment or order"),
    NamedRule(("new trial",), "59", "new trial; altering or amending a judgment"),
    NamedRule(("jury demand", "demand (?:for )?a jury"), "38(b)", "demand for a jury trial"),
    NamedRule(("scheduling order",), "16(b)", "scheduling order"),
    NamedRule(("privacy (?:protection|redaction)s?", "redact(?:ed|ion|ions)? (?:of )?(?:social security|personal identifiers)"),
              "5.2(a)", "privacy protection for filings"),
    NamedRule(("just, speedy,? and inexpensive", "construction (?:and|&) purpose", "how the rules are construed"), "1",
              "scope and purpose of the rules"),
    NamedRule(("undue burden (?:on|to) (?:a |the )?(?:subpoenaed|nonparty|subpoena)",), "45(d)(1)",
              "avoiding undue burden on a person subject to a subpoena"),
    NamedRule(("motion to quash", "quash(?:ing)? (?:a |the )?subpoena"), "45(d)(3)", "quashing or modifying a subpoena"),
    NamedRule(("class certification", "certify a class"), "23(c)(1)", "certification order"),
)

_COMPILED = tuple((re.compile(r"(?<![\w-])(?:" + "|".join(n.names) + r")(?![\w-])", re.I), n) for n in NAMED_RULES)


def named_rules(text: str) -> tuple[NamedRule, ...]:
    """The rules `text` names by name, in table order, each once."""
    return tuple(n for rx, n in _COMPILED if rx.search(text))


# Rules that govern one special kind of proceeding or device: their passages answer a question only when it is
# about that device (a subpoena to a nonparty is Rule 45's; party discovery is Rules 26-37's).  Written from
# what each rule governs; a passage of one of these rules counts less in the answer when the question does not
# name its subject.
SCOPED_RULES: dict[str, re.Pattern[str]] = {
    # a subpoena's subject: a nonparty (a former employee too), and making a person attend, and how far from home
    "45": re.compile(r"\bsubpoena|\bnon-?part(?:y|ies)|\bthird[- ]part(?:y|ies)|\bwitness|\bformer\s+employees?\b|"
                     r"\b(?:compel|force|make)\w*\s+(?:\w+\s+){0,3}(?:to\s+)?(?:attend|appear|testify|travel|come|show\s+up)\b|"
                     r"\btravel\w*\b|\d+\s*(?:mi\b|miles?\b)", re.I),
    "31": re.compile(r"\bwritten\s+questions?\b|\bwritten\s+depo", re.I),
    # using a deposition already taken "at a hearing or trial" (32(a)(1)), and objections to it (32(b), (d))
    "32": re.compile(r"\btrial\b|\bhearing\b|\bus(?:e|ed|ing)\b|\bplay|\bread\b|\bcase[- ]in[- ]chief|\bimpeach|"
                     r"\badmissib|\bevidence|\bobject|\bwaive|\bsummary\s+judgment|\bSJ\b|\bdead\b|\bdied\b|"
                     r"\bunavailab|\bexcerpt|\btranscript|\bdisqualif|\bofficer|\breporter|\bintroduc|\boffer", re.I),
    "27": re.compile(r"\bperpetuat|\bbefore\s+(?:suit|(?:an?\s+)?action|filing|we\s+(?:sue|file))|\bpending\s+appeal|"
                     r"\bcan'?t\s+sue|\bnot\s+(?:yet\s+)?(?:filed|sued)", re.I),
    "71.1": re.compile(r"\bcondemn|\beminent\s+domain|\btaking\b", re.I),
    "65.1": re.compile(r"\bsurety|\bbond\b", re.I),
    "81": re.compile(r"\bremov|\bstate\s+court|\bapplicab|\bapply\b|\bapplies\b", re.I),
}


def out_of_scope(rule_section: str, question: str) -> bool:
    """The passage `rule_section` (``45(e)(2)(B)``) belongs to a scoped rule whose subject the question does not name.

    >>> out_of_scope("45(e)(2)(B)", "we inadvertently produced a privileged email"), out_of_scope("45(c)(1)", "subpoena a witness")
    (True, False)
    >>> out_of_scope("45(c)(1)", "she lives 300 mi away: can we compel her to travel that far for a depo?")
    False
    """
    m = re.match(r"\d+(?:\.\d+)?", rule_section)
    rx = SCOPED_RULES.get(m.group(0)) if m else None
    return bool(rx) and not rx.search(question)
