"""Rules named by name: the table, and that every row resolves in the shipped corpus."""

import re

import pytest

from bot.answering.names import NAMED_RULES, named_rules, out_of_scope
from bot.answering.query import parse_question, RuleRef


def test_table_has_at_least_25_names_each_with_its_rule():
    assert len(NAMED_RULES) >= 25
    for n in NAMED_RULES:
        assert n.names and n.why and re.fullmatch(r"\d{1,2}(?:\.\d)?(?:\([a-zA-Z0-9]+\))*", n.number), n


NAMES = [
    ("does the clawback provision cover this?", "26(b)(5)(B)"),
    ("how does the safe harbor work", "11(c)(2)"),
    ("what are the proportionality factors", "26(b)(1)"),
    ("the 100-mile limit for a subpoena", "45(c)"),
    ("does the amendment relate back", "15(c)"),
    ("what goes in the meet-and-confer certification", "37(a)(1)"),
    ("is there a privilege log requirement", "26(b)(5)(A)"),
    ("excusable neglect after the deadline", "6(b)(1)(B)"),
    ("can the court set aside the entry of default", "55(c)"),
    ("can we amend once without leave", "15(a)(1)"),
    ("must we hand over drafts of our testifying expert's report", "26(b)(4)(B)"),
    ("objecting to the magistrate's nondispositive order", "72(a)"),
    ("magistrate judge denied our motion to compel. how long to object?", "72(a)"),
    ("the magistrate judge's discovery order is wrong", "72(a)"),
    ("our discovery motion was denied by the magistrate judge", "72(a)"),
    ("time to object to the report and recommendation", "72(b)"),
    ("can D file a second motion to dismiss", "12(g)(2)"),
    ("is a consulting expert deposable", "26(b)(4)(D)"),
    ("when is the rebuttal expert disclosure due", "26(a)(2)(D)"),
    ("OC keeps instructing the witness not to answer", "30(c)(2)"),
    ("can we take a remote deposition", "30(b)(4)"),
    ("they did a document dump on us", "34(b)(2)(E)"),
    ("bifurcate liability and damages", "42(b)"),
    ("deadline for objections to the subpoena", "45(d)(2)(B)"),
    ("the special master's report is wrong", "53(f)"),
    ("the special master issued a report on our privilege fight", "53(f)"),
    ("can we get a partial final judgment", "54(b)"),
    ("how do we file a bill of costs", "54(d)(1)"),
    ("fixing a clerical error in the judgment", "60(a)"),
    ("how big an injunction bond", "65(c)"),
    ("a judgment debtor exam", "69(a)(2)"),
    # a period's last day on a weekend or holiday (6(a)(1)(C)), told as the situation
    ("deadline to respond to the complaint falls on a sunday", "6(a)(1)"),
    ("our opp is due on Memorial Day", "6(a)(1)"),
    ("saturday deadline for the reply brief", "6(a)(1)"),
    ("can we take more than 10 depos without leave", "30(a)(2)(A)(i)"),
    ("OC noticed an 11th depo", "30(a)(2)(A)(i)"),
    ("OC wants to depose our client twice", "30(a)(2)(A)(ii)"),
    ("can we re-depose the CEO after the new production", "30(a)(2)(A)(ii)"),
    ("the 14 days end on a saturday", "6(a)(1)"),
    ("our reply falls on a state holiday", "6(a)(1)"),
    # discovery papers are served, not filed (5(d)(1)(A))
    ("OC just served rog responses on us. do those get filed on ECF?", "5(d)(1)"),
    ("do we file our RFA responses with the court", "5(d)(1)"),
    ("should depo transcripts be filed?", "5(d)(1)"),
    ("do discovery responses go on the docket?", "5(d)(1)"),
    ("is the 90-day service clock running", "4(m)"),
    ("we need more time to answer but the deadline was yesterday", "6(b)(1)(B)"),
    ("the deadline to respond already passed, can we get an extension?", "6(b)(1)(B)"),
    ("can we serve the motion papers on the other side by email", "5(b)(2)"),
    ("we want to cut the scandalous paragraphs about our client", "12(f)"),
    ("can we try liability first and damages later?", "42(b)"),
    ("the courthouse was closed on the last day to file", "6(a)(3)"),
    ("ECF went down an hour before our deadline", "6(a)(3)"),
    ("client says para 12 is half true, half false - how do we answer it", "8(b)(4)"),
    ("the plaintiff hasn't done anything in the case for months", "41(b)"),
    ("they pleaded fraud in vague terms with no details", "9(b)"),
    ("judgment was entered monday. can they enforce it right away?", "62(a)"),
    ("they say we improperly joined a defendant", "21"),
    ("the injunction enjoins the conduct alleged in the complaint", "65(d)(1)"),
    ("their answer skipped paragraph 9", "8(b)(6)"),
]


@pytest.mark.parametrize("text", [
    "can a motion to compel interrogatory answers be filed before we meet and confer",  # the motion is filed
    "when is the discovery motion filed",
    "discovery responses served late - sanctions?",
])
def test_discovery_papers_named_as_filed_only_when_they_are(text):
    assert "5(d)(1)" not in [n.number for n in named_rules(parse_question(text).search)]


@pytest.mark.parametrize("text,number", NAMES)
def test_names_imply_their_rule(text, number):
    q = parse_question(text)
    assert [r.number for r in q.refs if r.implied] == [number]
    assert not q.named  # implied, not named by number: never reported as missing


def test_a_numbered_rule_is_not_implied_twice():
    q = parse_question("Rule 26(f) discovery plan")
    assert [(r.number, r.implied) for r in q.refs] == [("26(f)", False)]


def test_no_name_no_rule():
    assert named_rules("who has the burden on the law enforcement privilege?") == ()
    # a weekday named as when something happened is no deadline on a weekend
    assert named_rules("we met and conferred on a sunday, does that count?") == ()
    # (a reviewer's probes of session 43's names) a deposition put off again, money redeposited, a day's second
    # deposition, a deposition on a weekend: no deponent deposed twice, no deadline
    for text in ("opposing counsel cancelled the deposition again - sanctions?", "the funds were redeposited",
                 "our second deposition of the day ran long", "the depo ends on a saturday"):
        assert named_rules(text) == (), text


def test_every_named_rule_is_in_the_shipped_corpus(engine):
    idx = engine.index()
    for n in NAMED_RULES:
        assert idx.resolve(RuleRef("federal", n.number, n.why)), n.number


# A passage of a rule that governs one device counts less when the question is not about that device.
SCOPE = [
    # experts' disclosures and discovery from experts, only when the question is about an expert
    ("26(a)(2)(B)", "they never disclosed a witness and now list him for trial, can we keep him out", True),
    ("26(a)(2)(B)", "what has to be in our retained expert's report", False),
    ("26(b)(4)(D)", "can OC depose the consultant we hired but won't call at trial", False),
    ("26(b)(4)(A)", "can we depose their witness before trial", True),
    # the United States as a party: its own times and service
    ("12(a)(2)", "how long does a defendant have to answer after being served", True),
    ("12(a)(2)", "we sued a federal agency, when is the government's answer due", False),
    ("4(i)(1)", "how do we serve the US attorney when suing the IRS", False),
    ("4(i)(1)", "how do we serve a corporation", True),
    ("12(a)(1)", "how long does a defendant have to answer after being served", False),
    ("12(a)(2)", "they served us yesterday, when is our answer due?", True),
    ("12(a)(2)", "in E.D. Va., when is our answer due", True),
    ("12(a)(2)", "we filed in the U.S. District Court, when is the answer due", True),
    ("26(a)(2)(B)", "they never disclosed the doc until trial, can we keep it out?", True),
    ("45(c)(1)", "can we subpoena a nonparty to a depo 300 miles away?", False),
    ("45(e)(2)(B)", "we inadvertently produced a privileged email", True),
    # making a person attend, and how far: a subpoena's subject even when the word is not used
    ("45(c)(1)", "she is a former employee now in Texas - can we make her come to Los Angeles for her depo?", False),
    ("45(c)(1)", "can we force the witness's old boss to travel across the country to testify?", False),
    ("45(c)(1)", "how many interrogatories may a party serve?", True),
    # Rule 32 governs using a deposition already taken at a hearing or trial, and objections to it
    ("32(a)(4)", "witness lives 300 miles away - can we make her come to our office for her depo?", True),
    ("32(a)(4)", "the witness now lives 300 miles away; can we play her video depo at trial?", False),
    ("32(d)(3)(B)", "did we waive an objection to the form of a question at the depo?", False),
    ("27(a)(1)", "witness is dying and we cant sue yet - how do we lock in her testimony?", False),
    ("27(a)(1)", "how long is a deposition?", True),
    # a counterclaim or crossclaim is a defending party's own claim; a plaintiff adding a claim is amending (15)
    ("13(a)(1)", "we want to add a claim that arose after we filed", True),
    ("13(a)(1)", "do we have to assert our breach claim against P as a counterclaim now?", False),
    ("13(g)", "can we cross-claim against our co-defendant?", False),
    ("13(a)(1)", "client has its own breach claim vs P from the same supply deal, do we lose it if we wait?", False),
    ("13(g)", "can we assert a claim vs our co-def in this case", False),
    # third-party practice: bringing in a nonparty who owes the defendant all or part of the claim
    ("14(a)(1)", "do we need leave to file an amended complaint after they answered", True),
    ("14(a)(1)", "we want to bring the subcontractor in since they're really liable", False),
    ("14(a)(1)", "deadline to implead the supplier?", False),
    ("14(a)(1)", "do we need leave to file a 3rd-party complaint?", False),
    # judgment as a matter of law: a verdict without legally sufficient evidence behind it
    ("50(b)", "how many days to file a motion for new trial after the jury verdict", True),
    ("50(b)", "deadline to renew our JMOL after the verdict", False),
    ("50(b)", "the verdict was legally insufficient, can we still move for JNOV?", False),
    # waiver of service, and an involuntary dismissal for not prosecuting or not obeying
    ("4(d)(1)", "we were served by mail, do we get extra days", True),
    ("4(d)(1)", "they refused to waive service, can we get our costs of service?", False),
    ("41(b)", "can we move to dismiss for failure to join a necessary party", True),
    ("41(b)", "plaintiff has done nothing for a year, can we get the case dismissed for failure to prosecute?", False),
    ("41(b)", "plaintiff keeps missing deadlines, can we get the case tossed?", False),
    ("4(d)(1)", "they refused to sign and return the form, can we make them pay the process server?", False),
    # an attorney general's intervention in a challenge to a statute's constitutionality
    ("5.1(c)", "client wants to intervene in a pending case, is there a deadline", True),
    ("5.1(c)", "we're challenging a state statute as unconstitutional, when can the AG intervene?", False),
    ("5.1(a)", "we argue the federal law is unconstitutional - who must we notify?", False),
    ("6(a)(2)", "we have 48hrs to respond to the TRO", False),
    # a period stated in hours, and the time to respond to an amended pleading
    ("6(a)(2)", "deadline to respond to the complaint falls on a sunday", True),
    ("6(a)(2)", "the TRO order gives them 48 hours to respond, how do we count", False),
    ("15(a)(3)", "deadline to respond to the complaint falls on a sunday", True),
    ("15(a)(3)", "P filed a FAC, when is our response due?", False),
    ("15(a)(3)", "they amended the complaint, when do we respond?", False),
    ("28(c)", "can we depose a party's attorney", True),  # who may be deposed is not who may take it
    ("56(c)(2)", "26(b)(1): OC objects that the docs we want would not be admissible at trial", True),
    ("28(b)(1)", "serving a D in Japan through the Hague Convention - is the 90-day clock running?", True),
    ("28(b)(1)", "can we depose a witness in Japan under the Hague Evidence Convention", False),
    ("28(b)(1)", "key witness was deposed but has since moved to germany. can we play his depo at trial", True),
    ("77(c)(2)", "clerk entered default against our client, no judgment yet. do we need a 60(b) motion to undo it?", True),
    ("77(c)(2)", "can the clerk enter a default judgment without the judge", False),
    ("79(a)(2)", "they served their interrogatory answers yesterday, do those go on the docket?", True),
    ("79(a)(2)", "when is the judgment entered on the civil docket", False),
    ("6(d)", "can we serve the motion papers on OC by email if they never agreed to it", True),
    ("6(d)", "served by mail - do we get extra days to respond?", False),
    ("14(a)(5)", "D wants to bring in the subcontractor. deadline to do it without leave?", True),
    ("14(a)(5)", "the third-party defendant wants to implead its own supplier", False),
    ("37(d)(1)", "OC just served rog responses on us. do those get filed on ECF?", True),
    ("37(d)(1)", "their 30(b)(6) witness never showed up for the depo", False),
    ("37(d)(1)", "they ignored our rogs entirely, can we get sanctions?", False),
    ("56(c)(2)", "their MSJ relies on a hearsay email - can we object?", False),
    ("56(c)(2)", "can we object to the declaration they cite to support a fact as inadmissible", False),
    ("28(c)", "can the court reporter be OC's paralegal", False),
    ("28(c)", "is a notary related to the plaintiff disqualified", False),
    # objections to a deposition that are waived unless made in time (32(d)): to the notice among them
    ("32(d)(1)", "the notice for tomorrow's deposition lists the wrong city. too late to complain?", False),
    ("32(d)(3)", "OC keeps asking leading questions at the depo, do we have to object now?", False),
    ("32(d)(1)", "how many depositions can each side take without leave?", True),
    ("32(a)(4)", "the notice for tomorrow's deposition lists the wrong city. too late to complain?", True),
]


@pytest.mark.parametrize("section,question,scoped_out", SCOPE)
def test_scoped_rules_count_less_off_their_subject(section, question, scoped_out):
    assert out_of_scope(section, question) is scoped_out


# A case's initials ("AOL" for Al Otro Lado) name it only where the question is plainly about the case: as a court's
# name, as the subject it opens with, or beside a word only that document uses. A company of the same initials is not
# the case.
INITIALS = [
    ("AOL - did the court let CBP claw back the SENTRI email?", True),
    ("did the AOL court seal the social media posts?", True),
    ("who bears the burden on a motion to seal per AOL", True),
    ("AOL: is the privilege qualified or absolute?", True),
    ("AOL ppt exhibit - outcome of the clawback?", True),
    ("aol what did the declarations have to show", True),
    ("AOL sent us a subpoena response with privileged documents in it", False),
    ("AOL emails from 2005 - are they ESI we must preserve", False),
    ("can we subpoena AOL for the subscriber records", False),
    ("can we subpoena AOL Inc. for the subscriber records", False),
    ("we found the emails in the AOL account, are they ESI", False),
    ("AOL objects to our subpoena as unduly burdensome", False),
    ("AOL filed a motion to quash in the wrong district?", False),
    ("client used an AOL account for work email, do we have to preserve it", False),
    ("OC wants our old AOL emails, do we have to produce them", False),
]


@pytest.mark.parametrize("question,named", INITIALS)
def test_a_cases_initials_name_it_only_beside_the_case(engine, question, named):
    idx = engine.index()
    docs = {idx.passages[i].doc_id for i in idx._named_rows(engine._prepared(question))}
    assert ("al-otro-lado-v-wolf-2020-06-26" in docs) is named
