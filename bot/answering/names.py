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
from functools import lru_cache
from dataclasses import dataclass


@dataclass(frozen=True)
class NamedRule:
    names: tuple[str, ...]  # regular expressions, matched case-insensitively on word boundaries
    number: str  # Fed. R. Civ. P. number
    why: str  # what the rule is, in a few words


# discovery papers by the names lawyers use: requests, responses, answers, transcripts, disclosures (not a motion)
_DISCOVERY_PAPERS = (r"(?<!compel\s)(?:discovery\s+(?:responses?|answers?|requests?|papers|materials)|"
                     r"(?:interrogator(?:y|ies)|rogs?|RFAs?|RFPs?|requests?\s+for\s+(?:production|admissions?))"
                     r"(?:\s+(?:responses?|answers?|requests?))?|depo(?:sition)?\s+transcripts?|(?:initial|expert)\s+disclosures?)")
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
    NamedRule(("draft (?:expert )?reports?", r"drafts? of (?:an |the |her |his |our |their |its )?(?:[\w-]+ ){0,2}(?:expert'?s? )?reports?"),
              "26(b)(4)(B)",
              "trial-preparation protection for draft expert reports"),
    NamedRule(("work[- ]product",), "26(b)(3)", "trial-preparation materials"),
    NamedRule(("duty to supplement", "supplement(?:al|ing)? (?:disclosures|responses|answers)"), "26(e)",
              "supplementing disclosures and responses"),
    NamedRule(("spoliation", "failure to preserve (?:esi|electronically stored information)", "lost esi"), "37(e)",
              "failure to preserve electronically stored information"),
    NamedRule(("excusable neglect",
               # more time asked for after the time has run
               r"(?:more\s+time|an?\s+extension|extend\w*\s+(?:the\s+|our\s+)?(?:time|deadline))\b[^?]{0,80}?\b(?:deadline|time|period|it)\s+"
               r"(?:already\s+|has\s+|had\s+)?(?:passed|expired|ran|run|lapsed|blew|was\s+(?:yesterday|last\s+\w+))",
               r"(?:deadline|time|period)(?:\s+to\s+\w+)?\s+(?:already\s+|has\s+|had\s+)?(?:passed|expired|ran\s+out|run\s+out|lapsed|was\s+(?:yesterday|"
               r"last\s+\w+))\b[^?]{0,80}?\b(?:more\s+time|an?\s+extension|extend)"), "6(b)(1)(B)",
              "extending time after it has expired"),
    # serving a paper (not process) by email: only on a person who consented in writing (5(b)(2)(E))
    NamedRule((r"(?<!process\s)(?<!summons\s)(?<!complaint\s)serv\w*\s+(?:(?!the\s+(?:summons|complaint)|process)\w+\s+){0,7}?by\s+e-?mail",
               r"e-?mail\s+service", r"electronic\s+service"), "5(b)(2)", "serving papers by electronic means with consent"),
    # a period's last day on a weekend or a holiday runs on to the next day that is not (6(a)(1)(C))
    NamedRule((r"(?:falls?|fell|lands?|landed|due|expires?|deadline|last\s+day|(?:days?|period|time)\s+ends?)\s+"
               r"(?:\w+\s+){0,3}?on\s+(?:a\s+|the\s+)?"
               r"(?:saturday|sunday|weekend|(?:legal\s+|federal\s+|state\s+|court\s+)?holiday|memorial\s+day|labor\s+day|"
               r"thanksgiving|christmas|new\s+year'?s(?:\s+day)?|juneteenth|independence\s+day|veterans\s+day|"
               r"columbus\s+day|MLK\s+day|presidents'?\s+day|july\s+4(?:th)?|(?:the\s+)?fourth\s+of\s+july|good\s+friday)",
               r"(?:saturday|sunday|weekend|holiday)\s+deadline"), "6(a)(1)",
              "a period's last day on a weekend or legal holiday"),
    # the clerk's office inaccessible on a period's last day (6(a)(3)): the court closed, the weather, the system down
    NamedRule((r"(?:courthouse|clerk'?s?\s+office|the\s+court)\s+(?:was\s+|is\s+|being\s+)?(?:closed|shut|inaccessible|"
               r"unreachable)", r"(?:snow\s?storm|snow|storm|hurricane|flood\w*|blizzard|wildfire|power\s+outage|earthquake)\b[^?]{0,60}?"
               r"\b(?:clos\w*|deadline|last\s+day|due)", r"(?:ECF|CM/ECF|e-?filing\s+system)\s+(?:was\s+|is\s+|went\s+)?(?:down|out|offline)"),
              "6(a)(3)", "a clerk's office inaccessible on the last day"),
    # an allegation partly true is admitted in part and denied in part (8(b)(4))
    NamedRule((r"(?:half|partly|partially|part)\s+(?:true|right|correct|accurate)\b[^?]{0,40}?\b(?:half|partly|partially|part)\s+"
               r"(?:false|wrong|untrue|inaccurate)", r"(?:admit|deny)\s+(?:only\s+)?(?:part|some)\s+of\s+(?:an?\s+|the\s+)?"
               r"(?:allegation|paragraph|para)", r"(?:allegation|paragraph|para)\s+(?:\d+\s+)?(?:is\s+)?(?:only\s+)?(?:half|partly|partially)\s+"
               r"(?:true|right|correct)"), "8(b)(4)", "denying part of an allegation"),
    NamedRule(("mailbox rule", "three extra days", "3 extra days", "additional 3 days"), "6(d)",
              "additional time after certain kinds of service"),
    NamedRule(("service deadline", "90[- ]day (?:service )?(?:deadline|limit|clock)", "90[- ]day service (?:window|period)", "time limit for service",
               "service (?:clock|window)"), "4(m)",
              "time limit for service"),
    NamedRule(("waiver of service", "waive service"), "4(d)", "waiving service"),
    NamedRule(("amend(?:ment)? as (?:a matter )?of course",), "15(a)(1)", "amending once as a matter of course"),
    NamedRule(("leave to amend", "freely give leave"), "15(a)(2)", "amendments with leave or consent"),
    NamedRule(("voluntary dismissal", "notice of dismissal", "dismiss without (?:a )?court order"), "41(a)(1)",
              "voluntary dismissal without a court order"),
    NamedRule(("involuntary dismissal", "failure to prosecute",
               # a plaintiff who has let the case sit
               r"(?:plaintiffs?|P|they|he|she|OC)\s+(?:hasn'?t|has\s+not|haven'?t|have\s+not|didn'?t|did\s+not|never)\s+(?:done|filed|moved|"
               r"pursued|prosecuted)\s+(?:anything|a\s+thing)", r"(?:sat|sitting|sits)\s+on\s+(?:the\s+|its\s+|their\s+|his\s+|her\s+)?"
               r"(?:case|claims?|suit|action)", r"(?:case|suit|action)\s+(?:has\s+)?(?:been\s+)?(?:dormant|idle|inactive|abandoned)"),
              "41(b)", "involuntary dismissal"),
    # fraud pleaded without its particulars (9(b))
    NamedRule((r"fraud\w*\b[^?]{0,60}?\b(?:in\s+general\s+terms|generally|vague\w*|conclusory|no\s+(?:who|details|specifics|particulars)|"
               r"without\s+(?:any\s+)?(?:details|specifics|particulars)|who,?\s+what)", r"(?:vague|conclusory|general)\s+(?:\w+\s+){0,2}fraud\w*"),
              "9(b)", "pleading fraud with particularity"),
    # the automatic 30-day stay of execution on a judgment (62(a))
    NamedRule((r"(?:collect\w*|execut\w*|enforc\w*)\s+(?:on\s+)?(?:the\s+|a\s+|our\s+|their\s+)?(?:money\s+)?judgment\b[^?]{0,40}?"
               r"\b(?:right\s+away|immediately|now|yet|at\s+once|how\s+soon|when)", r"(?:judgment|it)\s+(?:was\s+|is\s+)?(?:just\s+)?"
               r"entered\b[^?]{0,60}?\b(?:collect\w*|execut\w*|enforc\w*|garnish\w*|levy)", r"automatic\s+stay\s+of\s+(?:execution|the\s+judgment)"),
              "62(a)", "the automatic stay of a judgment's execution"),
    NamedRule(("waiver of (?:certain )?defenses", "waived defenses?", "consolidat(?:e|ing|ion of) (?:defenses|motions)",
               "omnibus motion rule"), "12(h)(1)", "waiving and preserving certain defenses"),
    NamedRule(("interrogatory limit", "25 interrogatories", "number of interrogatories"), "33(a)(1)",
              "number of interrogatories"),
    NamedRule(("business records option", "option to produce business records"), "33(d)",
              "option to produce business records"),
    NamedRule(("deemed admitted", "deemed admissions?"), "36(a)(3)", "time to respond to requests for admission"),
    NamedRule(("seven[- ]hour (?:limit|rule)", "7[- ]hour (?:limit|rule)", "one day of 7 hours", "deposition time limit"),
              "30(d)(1)", "duration of a deposition"),
    # a deponent already deposed in the case: leave needed to depose again (30(a)(2)(A)(ii))
    NamedRule((r"depos(?:e|ed)\s+(?:\w+\s+){0,3}?(?:twice|again|a\s+(?:second|2nd)\s+time)",
               r"(?:take|took|taking|retake|retook)\s+(?:\w+\s+){0,2}depositions?\s+again",
               r"re-?depos(?:e|ed|ing|ition)\b", r"already\s+(?:been\s+)?deposed",
               r"(?:reopen|re-?open)\w*\s+(?:\w+\s+){0,2}depositions?\b"),
              "30(a)(2)(A)(ii)", "deposing someone already deposed in the case"),
    NamedRule(("ten[- ]deposition limit", "10[- ]deposition limit", "number of depositions",
               r"(?:more\s+than|over|exceed\w*|beyond|past)\s+(?:the\s+)?(?:10|ten)\s+depos\w*", r"(?:11th|eleventh)\s+depos\w*"),
              "30(a)(2)(A)(i)", "leave needed for more than 10 depositions"),
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
    # the names of motions, devices and doctrines practitioners use for the rules below (written from each rule's
    # own subject and its title)
    NamedRule((r"set(?:ting)? aside (?:the |an |a )?(?:entry of )?default(?! judgment)",
               r"vacat\w* (?:the |an |a )?(?:entry of )?default(?! judgment)", r"lift(?:ing)? (?:the )?default(?! judgment)",
               r"undo (?:the )?default(?! judgment)"), "55(c)", "setting aside a default or a default judgment"),
    NamedRule((r"amend\w* (?:\w+ ){0,3}without (?:leave|(?:the )?court'?s? (?:permission|leave)|permission)",), "15(a)(1)",
              "amending once as a matter of course"),
    # a magistrate judge's ruling on discovery (a motion to compel, a protective order, a subpoena, sanctions) is an
    # order on a nondispositive matter: objected to under 72(a), not reviewed de novo under 72(b)
    NamedRule((r"non-?dispositive (?:pretrial )?(?:matters?|orders?|rulings?|motions?)", "clearly erroneous or contrary to law",
               r"magistrate(?: judge)?(?:'s)? (?:[\w']+ ){0,6}?(?:motions? to compel|discovery|protective orders?|"
               r"motions? to quash|privilege|sanctions)",
               r"(?:motions? to compel|discovery (?:orders?|motions?|rulings?|disputes?)|protective orders?|motions? to quash)"
               r"(?: [\w']+){0,8} (?:by|from|before|to) (?:the |our |a )?magistrate"),
              "72(a)", "objections to a magistrate judge's order on a nondispositive matter"),
    NamedRule(("recommended disposition", "report and recommendations?", "findings and recommendations?"), "72(b)",
              "a magistrate judge's recommended disposition of a dispositive matter"),
    NamedRule((r"(?:successive|second|another|new) (?:rule 12 |pre-?answer |12\(b\) )?motions? to dismiss",
               "successive (?:rule 12 )?motions?"), "12(g)(2)", "limitation on further Rule 12 motions"),
    NamedRule(("more definite statement",), "12(e)", "motion for a more definite statement"),
    NamedRule((r"motion to strike", r"strik\w* (?:\w+ ){0,4}(?:immaterial|impertinent|scandalous|redundant)",
               r"(?:scandalous|impertinent|redundant)\s+(?:\w+\s+){0,3}(?:para\w*|allegations?|material|matter|stuff|content)"), "12(f)",
              "motion to strike"),
    NamedRule(("judgment on the pleadings",), "12(c)", "motion for judgment on the pleadings"),
    NamedRule(("compulsory counterclaims?",), "13(a)", "compulsory counterclaim"),
    NamedRule(("permissive counterclaims?",), "13(b)", "permissive counterclaim"),
    NamedRule(("impleader", "implead"), "14(a)", "third-party practice by a defendant"),
    NamedRule((r"(?:required|indispensable|necessary) part(?:y|ies)",), "19(a)(1)", "required joinder of parties"),
    NamedRule(("permissive joinder",), "20(a)", "permissive joinder of parties"),
    NamedRule((r"interven\w* as of right", "intervention of right", "mandatory intervention"), "24(a)", "intervention of right"),
    NamedRule(("permissive intervention",), "24(b)", "permissive intervention"),
    NamedRule((r"class (?:action )?settlement", r"approv\w* (?:a |the )?class (?:action )?settlement"), "23(e)",
              "settlement of a class action"),
    NamedRule((r"consulting experts?", r"non-?testifying experts?"), "26(b)(4)(D)",
              "expert employed only for trial preparation"),
    NamedRule(("rebuttal experts?", "rebuttal (?:expert )?(?:reports?|disclosures?)"), "26(a)(2)(D)", "time to disclose expert testimony"),
    NamedRule(("discovery moratorium", r"early discovery", r"before the 26\(f\) conference"), "26(d)(1)",
              "timing of discovery"),
    NamedRule((r"perpetuat\w* (?:\w+ )?testimony", r"pre-?suit depositions?"), "27(a)", "depositions before an action"),
    NamedRule((r"instruct\w* (?:\w+ ){0,3}not to answer", "speaking objections?"), "30(c)(2)", "objections during a deposition"),
    NamedRule((r"remote depositions?", r"deposition by (?:video ?conference|zoom|tele(?:phone)?|phone|remote means)",
               "remote means"), "30(b)(4)", "deposition by remote means"),
    NamedRule(("deposition by written questions", "written deposition"), "31(a)", "depositions by written questions"),
    NamedRule((r"document dumps?", r"usual course of business", "as (?:they are )?kept in the usual course"), "34(b)(2)(E)",
              "producing documents and electronically stored information"),
    NamedRule(("terminating sanctions?", r"sanctions? for (?:violating|disobeying|not obeying) (?:a |the )?(?:discovery )?order"),
              "37(b)(2)(A)", "sanctions for failing to comply with a court order"),
    NamedRule((r"failure to admit", r"(?:costs?|expenses?) of proving"), "37(c)(2)", "expenses on failing to admit"),
    NamedRule((r"waive\w* (?:a |the |our |their )?(?:right to (?:a )?)?jury", "jury waiver"), "38(d)", "waiving a jury trial"),
    NamedRule((r"(?:consolidat\w*) (?:the |two |both |related )?(?:cases|actions|lawsuits)",), "42(a)", "consolidation"),
    NamedRule((r"bifurcat\w*", "separate trials?",
               r"try\w*\s+(?:the\s+)?(?:liability|damages|claims?|issues?|counterclaims?)\s+(?:\w+\s+){0,2}(?:first|separately)"),
              "42(b)", "separate trials"),
    NamedRule((r"objections? to (?:a |the |their |our )?(?:document )?subpoena",), "45(d)(2)(B)", "objections to a subpoena"),
    NamedRule(("voir dire", "jury selection", r"peremptory challenges?"), "47(a)", "selecting jurors"),
    NamedRule(("directed verdict",), "50(a)", "judgment as a matter of law in a jury trial"),
    NamedRule((r"renewed (?:motion for )?(?:judgment as a matter of law|jmol)",), "50(b)",
              "renewing the motion after the trial"),
    NamedRule((r"jury instructions?",), "51(a)", "instructions to the jury"),
    NamedRule((r"findings of fact and conclusions of law",), "52(a)", "findings and conclusions by the court"),
    NamedRule((r"special master'?s? (?:(?:just\s+|already\s+|finally\s+)?(?:issued|filed|made|entered|served)\s+(?:a\s+|an\s+|the\s+|its\s+|his\s+|her\s+)?)?"
               r"(?:orders?|rulings?|reports?|recommendations?)",), "53(f)",
              "action on a master's order, report, or recommendations"),
    NamedRule(("partial final judgment", "no just reason for delay",
               # some claims decided, the rest pending, and an appeal asked about
               r"(?:\d+|some|one|two|three|several|part)\s+of\s+(?:our|the|their|its|his|her)\s+(?:\d+\s+|\w+\s+)?claims\b[^?]{0,80}?\bappeal"),
              "54(b)", "judgment on multiple claims or parties"),
    # a party joined or dropped wrongly: never ground to dismiss the action (21)
    NamedRule((r"misjoin\w*", r"(?:improperly|wrongly|wrongfully|incorrectly)\s+joined", r"joined\s+(?:\w+\s+){0,4}?(?:improperly|wrongly|by\s+mistake)"),
              "21", "misjoinder and nonjoinder of parties"),
    # an injunction that describes what it restrains by reference to the complaint (65(d)(1)(C))
    NamedRule((r"enjoin\w*\b[^?]{0,80}?\b(?:alleged|described|set\s+out|listed)\s+in\s+the\s+complaint",
               r"(?:injunction|PI|TRO|order)\b[^?]{0,60}?\brefer\w*\s+to\s+the\s+complaint"), "65(d)(1)",
              "the contents and scope of an injunction"),
    # an allegation neither admitted nor denied (8(b)(6))
    NamedRule((r"no\s+admit,?\s+no\s+deny", r"(?:neither|never|didn'?t|did\s+not|failed\s+to)\s+admit\w*\s+(?:or|nor)\s+den(?:y|ied)",
               r"(?:skipped|ignored|didn'?t\s+(?:respond|answer)\s+to|did\s+not\s+(?:respond|answer)\s+to)\s+(?:para(?:graph)?|allegation)s?\b"),
              "8(b)(6)", "effect of failing to deny"),
    NamedRule(("bill of costs", "taxable costs", r"costs? to the prevailing party"), "54(d)(1)", "costs other than attorney's fees"),
    NamedRule((r"motion for (?:attorney'?s'? )?fees", r"(?:attorney'?s'? )?fees? motion"), "54(d)(2)", "attorney's fees"),
    NamedRule(("alter or amend (?:a |the )?judgment",), "59(e)", "motion to alter or amend a judgment"),
    NamedRule((r"clerical (?:mistakes?|errors?)",), "60(a)", "corrections based on clerical mistakes"),
    NamedRule(("supersedeas bond",), "62(b)", "stay by bond or other security"),
    NamedRule((r"(?:injunction|tro|temporary restraining order) bond", r"security for (?:an? |the )?(?:tro|temporary restraining order|injunction)"), "65(c)",
              "security for an injunction or restraining order"),
    NamedRule((r"judgment debtor exam\w*", r"post-?judgment discovery", "discovery in aid of execution"), "69(a)(2)",
              "obtaining discovery in aid of the judgment"),
    NamedRule((r"consent\w* to (?:a |the )?magistrate judge",), "73(a)", "trial by consent before a magistrate judge"),
    # discovery papers and disclosures are served, not filed, until used (5(d)(1)(A)); a motion about them is filed
    NamedRule((_DISCOVERY_PAPERS + r"[^?]{0,80}?\b(?:(?:gets?|be|are|is|were)\s+(?:e-?)?(?:filed|docketed)(?!\s+(?:\w+\s+)?motion|[^?.]{0,20}\b(?:late|untimely|timely|on\s+time)\b)|"
               r"(?:go|goes|get\s+sent)\s+(?:on|to|in)\s+(?:the\s+)?(?:court|ECF|CM/ECF|docket|clerk|judge))",
               r"(?:e-?)?(?:file|filing|send|sending|lodg(?:e|ing)|submit(?:ting)?|giv(?:e|ing))\s+(?:(?:our|their|the|my|his|her|its|"
               r"these|those|any|all)\s+)?" + _DISCOVERY_PAPERS + r"\s+(?:with|on|in|to)\s+(?:the\s+)?(?:court|ECF|CM/ECF|docket|clerk|judge)",
               r"(?:are|is|do|does|should|must|will)\s+(?:(?:the|our|their|these|those|any|all)\s+)?" + _DISCOVERY_PAPERS +
               r"\s+(?:(?:get|be)\s+)?(?:e-?)?(?:filed|docketed)"), "5(d)(1)",
              "discovery requests, responses and disclosures not filed until used"),
)

_COMPILED = tuple((re.compile(r"(?<![\w-])(?:" + "|".join(n.names) + r")(?![\w-])", re.I), n) for n in NAMED_RULES)


# a name said to be absent ("if there's no scheduling order", "without a protective order") names the situation's
# gap, not the rule asked about: the rule that applies in its absence is
_ABSENT = re.compile(r"(?:\b(?:no|without|absent|lacking)\b|\bthere(?:'s|\s+is|\s+was)\s+no\b|(?:\b(?:there|if|it)\s*"
                     r"(?:(?:'s|\s+is|\s+was)\s+not|\s+(?:is|was)n't)|\bnever\s+(?:got|had|entered|issued|set))\s+(?:a|an|any|the)?)\s*"
                     r"(?:\w+\s+)?$", re.I)


def named_rules(text: str) -> tuple[NamedRule, ...]:
    """The rules `text` names by name, in table order, each once; a name only said to be absent ("there's no
    scheduling order") names none.

    >>> [n.number for n in named_rules("when are expert disclosures due if there's no scheduling order")]
    []
    >>> [n.number for n in named_rules("can the scheduling order be changed? there's no good cause")]
    ['16(b)']
    """
    return tuple(n for n, starts in _mentions(text) if any(not _ABSENT.search(text[max(0, at - 40):at]) for at in starts))


@lru_cache(maxsize=256)
def _mentions(text: str) -> tuple[tuple[NamedRule, tuple[int, ...]], ...]:
    """Each rule `text` names by name, in table order, with where each mention starts (cached: a question's text is
    read by `named_rules` and `names_after` several times over)."""
    return tuple((n, starts) for rx, n in _COMPILED if (starts := tuple(m.start() for m in rx.finditer(text))))


def names_after(text: str, before: re.Pattern[str]) -> frozenset[str]:
    """The numbers of the rules `text` names by name only just after what `before` matches (the words before a rule
    named only to compare, indexers.grammar.COMPARED_RULE, or only proposed, bot.answering.query.PROPOSED): "14 days to
    object like an R&R, right?" names Rule 72(b) to compare.

    >>> from indexers.grammar import COMPARED_RULE
    >>> sorted(names_after("master report - 14 days to object like a report and recommendation?", COMPARED_RULE))
    ['72(b)']
    >>> sorted(names_after("14 days to object to a report and recommendation?", COMPARED_RULE))
    []
    """
    return frozenset(n.number for n, starts in _mentions(text) if all(before.search(text[max(0, at - 60):at]) for at in starts))


# using a deposition already taken "at a hearing or trial" (32(a)(1)), and objections to it (32(b), (d))
_USING_A_DEPOSITION = (r"\btrial\b|\bhearing\b|\bus(?:e|ed|ing)\b|\bplay|\bread\b|\bcase[- ]in[- ]chief|\bimpeach|"
                       r"\badmissib|\bevidence|\bobject|\bwaive|\bsummary\s+judgment|\bSJ\b|\bdead\b|\bdied\b|"
                       r"\bunavailab|\bexcerpt|\btranscript|\bdisqualif|\bofficer|\breporter|\bintroduc|\boffer")


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
    # counterclaims and crossclaims: a defending party's own claim against the one suing it or a coparty
    "13": re.compile(r"\bcounter-?\s?claim|\bcross-?\s?claim|\bcounter-?\s?su|\bco-?part(?:y|ies)|\bco-?defendant|"
                     r"\bset-?\s?off|\brecoup|\bcompulsory|\bsue\s+(?:\w+\s+){0,2}back\b|\bour\s+own\s+claims?\b|"
                     r"\bclaims?\s+(?:\w+\s+){0,3}(?:against|vs?\.?)\s+(?:the\s+)?(?:plaintiffs?|pl|P|them|him|her)\b|"
                     r"\bco-?defs?\b|\b(?:other|another)\s+defendants?\b|\bopposing\s+part|"
                     r"\bsame\s+(?:transaction|occurrence|deal|contract|facts)\b", re.I),
    # third-party practice: a defendant bringing in a nonparty who owes it all or part of the claim
    "14": re.compile(r"\b(?:third|3rd)[- ]?part|\b3P\b|\bimplead|\bindemni|\bcontribution\b|\bTPC\b|\bnon-?part(?:y|ies)|"
                     r"\b(?:bring|brought|drag|pull|rope)\w*\s+(?:\w+\s+){0,4}in(?:to)?\b|\bliable\s+to\s+(?:us|our|the\s+defend)", re.I),
    # judgment as a matter of law (and its renewal after the verdict): no legally sufficient evidence
    "50": re.compile(r"\bJMOL\b|\bJNOV\b|\bnotwithstanding\s+the\s+verdict|\bas\s+a\s+matter\s+of\s+law\b|"
                     r"\bdirected\s+verdict|\brenew|(?:\b|in)sufficien|\bno\s+reasonable\s+jury|\bevidence\b|\brests?\b",
                     re.I),
    # waiver of service: asking a defendant to waive service, and the costs of refusing
    "4(d)": re.compile(r"\bwaiv|\bcosts?\s+of\s+(?:formal\s+)?serv|\bexpenses?\s+of\s+serv|\bnotice\s+and\s+request|"
                       r"\baccept\w*\s+service|\bprocess\s+server|\bsign\w*\s+(?:and\s+return\s+)?the\s+form", re.I),
    # an involuntary dismissal: a plaintiff who does not prosecute or disobeys the rules or an order
    "41(b)": re.compile(r"\bprosecut|\bcomply|\bcomplied|\bcompliance|\bobey|\bdisobe|\bignor|\bviolat|\border|"
                        r"\binvoluntar|\babandon|\binactiv|\bsat\s+on\b|\bnothing\b|\bmerits\b|\bwith\s+prejudice|"
                        r"\bfollow|\bdisregard|\bdelay|\bmiss(?:ed|es|ing)\b|\bdormant|\bsilent|\bidle\b|\binaction|"
                        r"\bhasn'?t\s+done|\bshow(?:ed)?\s+up", re.I),
    "32": re.compile(_USING_A_DEPOSITION, re.I),  # (above)
    # ... and 32(d), objections waived unless made in time: Rule 32's own subjects, and its waivers (to the notice, the
    # officer, the taking, the transcript; competence, relevance, materiality)
    "32(d)": re.compile(_USING_A_DEPOSITION + r"|\bnotice|\berror|\birregular|\bdefect|\bwrong\b|\bmistak|"
                        r"\bform\s+of\s+(?:the\s+|a\s+)?questions?|\bleading\b|\bpreserv|\braise\b|\btoo\s+late|"
                        r"\bcompeten|\brelevan|\bmaterial", re.I),
    "27": re.compile(r"\bperpetuat|\bbefore\s+(?:suit|(?:an?\s+)?action|filing|we\s+(?:sue|file))|\bpending\s+appeal|"
                     r"\bcan'?t\s+sue|\bnot\s+(?:yet\s+)?(?:filed|sued)", re.I),
    "71.1": re.compile(r"\bcondemn|\beminent\s+domain|\btaking\b", re.I),
    "65.1": re.compile(r"\bsurety|\bbond\b", re.I),
    "81": re.compile(r"\bremov|\bstate\s+court|\bapplicab|\bapply\b|\bapplies\b", re.I),
    # a magistrate judge's recommended disposition of a dispositive matter (a motion to dismiss, for summary judgment
    # or an injunction, a prisoner's petition), reviewed de novo; a ruling on discovery is 72(a)'s
    "72(b)": re.compile(r"(?<!non-)(?<!not )\bdispositive\b|\brecommend|\bR&R|\bF&R|\breport\b|\bprisoner|\bhabeas|"
                        r"\bdismiss|\bsummary\s+judgment|\bSJ\b|\bMSJ\b|\bMTD\b|\binjunct|\bdefault\s+judgment", re.I),
    # a challenge to a statute's constitutionality: notice to and intervention by an attorney general (5.1)
    "5.1": re.compile(r"\b(?:un)?constitution|\bstatutes?\b|\bact\s+of\s+congress|\battorneys?\s+general|\bAG\b|"
                      r"\bsolicitor\s+general|\bvalidity", re.I),
    # computing a period stated in hours (6(a)(2)); days, weekends and holidays are 6(a)(1)'s
    "6(a)(2)": re.compile(r"\bhours?\b|\bhrs?\b|\d+\s*-?\s*(?:h|hrs?|hours?)\b|\bovernight\b", re.I),
    # the time to respond to an amended pleading (15(a)(3)); to the original complaint it is 12(a)'s
    "15(a)(3)": re.compile(r"\bamend|\bFAC\b|\bSAC\b|\bTAC\b|\bnew\s+(?:complaint|pleading|answer)|\bsupplement", re.I),
    # an objection that material cited on summary judgment could not be presented in admissible form (56(c)(2)):
    # not discovery's relevance, which does not turn on admissibility (26(b)(1))
    "56(c)(2)": re.compile(r"\bsummary\b|\bSJ\b|\bMSJ|\bPSJ\b|\bgenuine|\bdisput\w*\s+(?:\w+\s+){0,2}facts?\b|"
                           r"\bfacts?\s+(?:\w+\s+){0,2}disput|\baffidavit|\bdeclaration|\bstatements?\s+of\s+(?:\w+\s+){0,2}facts\b|"
                           r"\bS?SUF\b|\bsham\b|\bcited\s+material|\bsupport(?:ing)?\s+(?:\w+\s+){0,2}facts?\b|\b56\b|\badmissible\s+form|"
                           r"\bpresented\s+in\s+a\s+form", re.I),
    # a party's failure to attend its own deposition or to answer interrogatories or a request for inspection at
    # all (37(d)): not discovery served and answered
    "37(d)": re.compile(r"\bfail|\bdid\s?n[o'’]?t\b|\bnever\b|\bno\s+(?:response|responses|answers?|show|objections?)\b|\bignor|"
                        r"\bnot\s+(?:respond|answer|appear|attend|show|serv)|\bsanction|\bmiss|\bblew\b|\bblown\b|\bno-?show|"
                        r"\bshow(?:ed|s)?\s+up|\bappear|\battend|\brefus|\bwon'?t\b|\bhasn'?t\b|\bhaven'?t\b|\bsilen|"
                        r"\bnothing\b|\bghost|\bunanswered|\bskip|\boverdue|\blate\b|\bpast\s+due|\bwithout\s+(?:a\s+)?(?:response|answer)|"
                        r"\bpending\s+(?:a\s+)?(?:motion\s+for\s+(?:a\s+)?)?protective|\bexcuse|\bcancel|\bwalk", re.I),
    # three days added to a period after service by mail and like means (6(d)): a question of time, not of how to serve
    "6(d)": re.compile(r"\bdays?\b|\bextra\b|\badd(?:ed|s|itional)?\b|\bmore\s+time|\bdeadlines?\b|\bdue\b|\bhow\s+long|\bwhen\b|"
                       r"\bcount|\bcalculat|\bcomput|\bperiods?\b|\btime\b|\bmail(?:box|ed|ing)?\b|\blate\b|\btimely|\buntimely|\bweeks?\b|"
                       r"\bdates?\b", re.I),
    # a third-party defendant bringing in a nonparty of its own (14(a)(5)): not the defendant's first impleader
    "14(a)(5)": re.compile(r"\bthird-?\s?party\s+defendants?\b|\b(?:3P|TP)\s+(?:def|defendant)s?\b|\bfourth[- ]part|"
                           r"\bimpleaded\s+(?:party|defendant|sub\w*)\b|\bin\s+turn\b|\bits\s+own\s+(?:third|impleader)", re.I),
    # the records the clerk keeps (79: the civil docket, its entries, indexes, copies of judgments): not whether a paper
    # is filed at all (5(d))
    "79": re.compile(r"\bclerk|\bentr(?:y|ies)\b|\bentered\b|\bmarked\b|\bfile\s+numbers?\b|\bchronolog|\bcivil\s+docket\b|"
                     r"\bindex\w*|\brecords?\b|\bkeep|\bkept\b|\bbooks?\b|\bjudgments?\b|\bverdicts?\b|\borders?\b", re.I),
    # the clerk's office, its hours and what the clerk may do without the court (77(c)): not the entry of default
    # itself or setting it aside (55(a), 55(c))
    "77(c)": re.compile(r"\bclerk'?s?\s+office\b|\bhours\b|\bholidays?\b|\bopen\b|\b(?:can|may|could)\s+(?:the\s+)?clerk\b|"
                        r"\bclerk\s+(?:can|may|could|is\s+able|is\s+allowed|is\s+authori[sz]ed)\b|"
                        r"\bwithout\s+(?:a\s+|the\s+)?(?:judge|court)\b|\bissue\s+(?:a\s+)?(?:process|summons)\b|"
                        r"\brescind|\bsuspend|\bclerk'?s\s+action", re.I),
    # a deposition taken in a foreign country (28(b)): not serving process abroad (4(f)), nor one already taken and
    # used at trial (32(a)(4))
    "28(b)": re.compile(r"^(?!.*\b(?:play(?:s|ing|ed)?|(?:us(?:e|ing)|read(?:ing)?)\s+(?:\w+\s+){0,4}(?:at|in|during)\s+(?:the\s+)?"
                        r"(?:trial|hearing))\b).*?(?:\bdepos|\bdepo\b|\btestimony|\btestif|\bletters?\s+(?:of\s+request|rogatory)|\bcommission|"
                        r"\bwitness|\bexamin|\bevidence\s+convention)", re.I | re.S),
    # who may not be the officer before whom a deposition is taken (28(c)): not who may be deposed
    "28(c)": re.compile(r"\bofficers?\b|\breporters?\b|\bstenograph|\bnotar|\bbefore\s+whom\b|\bdisqualif|\brelat(?:ed|ives?)\b|"
                        r"\bfinancial\w*\s+interest|\binterested\b|\bswear|\boaths?\b|\badminister|\bpreside|\bvideographer|\brecord(?:s|ed|ing)?\s+"
                        r"(?:the\s+)?(?:depo|deposition|testimony)|\bemploy(?:ee|ees|ed|s)\s+(?:of|by)\b", re.I),
}
# the United States, its agencies, officers and employees as a party: their own times and service (12(a)(2)-(3) 60
# days, 4(i) serving the United States, 15(c)(2) relating back against it, 55(d) default judgment against it)
# (capitals only where the letters are also words: "us", "va"; not "U.S. District Court", where every case is)
_UNITED_STATES = re.compile(r"\bunited\s+states\b(?!\s+(?:district|magistrate|court))|"
                            r"(?-i:\bU\.?\s?S\.?)(?!\s*(?:C\b|Dist|Court|Magistrate|Marshal))(?=\s|$|[,;:?])|(?-i:\bUSA\b)|"
                            r"\bgov(?:ernmen)?t?'?s?\b|\bfeds\b|\bfederal\s+(?:agenc\w+|officers?|employees?|government|defendants?|"
                            r"officials?)\b|\bagenc(?:y|ies)\b|\bofficial\s+capacity|\bindividual\s+capacity|(?-i:\bAUSA\b|\bUSAO\b)|"
                            r"\bU\.?S\.?\s+attorney|\battorney\s+general\b|\bFTCA\b|\bBivens\b|"
                            r"(?-i:\b(?:CBP|DHS|IRS|VA|FBI|DOJ|EPA|SEC|FDA|ICE|USPS)\b)|\bpostal\b", re.I)
SCOPED_RULES.update({key: _UNITED_STATES for key in ("12(a)(2)", "12(a)(3)", "4(i)", "15(c)(2)", "55(d)")})
# experts: their disclosures and reports (26(a)(2)) and discovery from them (26(b)(4)); a fact witness never disclosed
# is 26(a)(1)'s and 37(c)(1)'s
_EXPERTS = re.compile(r"\bexperts?\b|\bopinions?\b|\bexpert'?s?\s+reports?\b|\bwritten\s+reports?\b|\bretained\b|"
                      r"\bconsultants?\b|\bconsulting\b|\btreating\b|\bphysicians?\b|\bdoctors?\b|\bspecialists?\b|"
                      r"\bengineers?\b|\baccountants?\b|\beconomists?\b|\bdamages\s+models?\b|\bdraft\s+reports?\b|\b702\b|"
                      r"\bDaubert\b", re.I)
SCOPED_RULES.update({key: _EXPERTS for key in ("26(a)(2)", "26(b)(4)")})


def out_of_scope(rule_section: str, question: str) -> bool:
    """The passage `rule_section` (``45(e)(2)(B)``) belongs to a scoped rule whose subject the question does not name.

    >>> out_of_scope("45(e)(2)(B)", "we inadvertently produced a privileged email"), out_of_scope("45(c)(1)", "subpoena a witness")
    (True, False)
    >>> out_of_scope("45(c)(1)", "she lives 300 mi away: can we compel her to travel that far for a depo?")
    False
    >>> out_of_scope("72(b)(3)", "magistrate judge denied our motion to compel"), out_of_scope("72(b)(3)", "objecting to the R&R")
    (True, False)
    >>> out_of_scope("72(a)", "magistrate judge denied our motion to compel"), out_of_scope("72(b)(1)", "a non-dispositive order")
    (False, True)
    """
    key = scope_key(rule_section)
    return bool(key) and not SCOPED_RULES[key].search(question)


def scope_key(rule_section: str) -> str | None:
    """The scoped rule or subdivision (a key of SCOPED_RULES) the passage `rule_section` belongs to, if any.

    >>> scope_key("45(e)(2)(B)"), scope_key("72(b)(3)"), scope_key("72(a)"), scope_key("26(c)(1)"), scope_key("12(a)(2)")
    ('45', '72(b)', None, None, '12(a)(2)')
    >>> scope_key("12(a)(1)"), scope_key("4(i)(2)"), scope_key("4(d)(3)")
    (None, '4(i)', '4(d)')
    """
    m = re.match(r"\d+(?:\.\d+)?((?:\([a-zA-Z0-9]+\))*)", rule_section)
    if not m:
        return None
    parts = re.findall(r"\([a-zA-Z0-9]+\)", m.group(1))
    rule = m.group(0)[:len(m.group(0)) - len(m.group(1))]
    # the narrowest scoped level first ("12(a)(2)" before "12")
    return next((key for n in range(len(parts), -1, -1) if (key := rule + "".join(parts[:n])) in SCOPED_RULES), None)
