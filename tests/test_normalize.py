"""Normalize step: questions as associates type them (table tests, no model)."""

import pytest

from bot.answering.normalize import Speller, expand
from bot.answering.query import parse_question

EXPAND = [
    # abbreviations
    ("joint stip for an MTC", "joint stipulation for an motion to compel"),
    ("the exhibit shows his full DOB and SSN unredacted", "the exhibit shows his full date of birth and social-security number not redacted"),
    ("is the PO enough", "is the protective order enough"),
    ("AEO docs", "attorneys' eyes only documents"),
    ("ESI format", "electronically stored information format"),
    ("rogs and RFPs", "interrogatories and requests for production"),
    ("govt priv claim", "government privilege claim"),
    ("non-party subpoena", "nonparty subpoena"),
    ("third-party subpoena", "nonparty subpoena"),
    ("3rd party docs", "nonparty documents"),
    ("third-party complaint", "third-party complaint"),  # Rule 14's words
    ("3rd-party defendant", "third-party defendant"),
    ("MJ denied our MTC, objections to the DJ?", "magistrate judge denied our motion to compel, objections to the district judge?"),
    ("a DJ action on the patent", "a DJ action on the patent"),  # a declaratory judgment, not the judge
    ("objecting to the R&R", "objecting to the recommended disposition"),
    ("a discovery order, not an R&R", "a discovery order, not an R&R"),  # what it is not is no search word
    ("no personal jx over D", "no personal jurisdiction over defendant"),
    ("D's distributor; P rested", "defendant's distributor; plaintiff rested"),
    ("verdict for P or D. then", "verdict for plaintiff or defendant. then"),
    ("π's counsel and the Δs", "plaintiff's counsel and the defendants"),
    ("joined defs", "joined defendants"),
    ("C.D. Cal. and 26(b)(4)(D)", "C.D. Cal. and 26(b)(4)(D)"),
    # words that only look like shorthand (a terms line an admin or a model wrote is read with this table too)
    ("a D. Mass. case; Judge John D. Early; Jean P. Rosenbluth", "a D. Mass. case; Judge John D. Early; Jean P. Rosenbluth"),
    ("Regulation D offering; Subpart D; tier D", "Regulation D offering; Subpart D; tier D"),
    ("HR records and 3 hrs", "HR records and 3 hours"),
    ("sui juris; no personal juris", "sui juris; no personal jurisdiction"),
    ("a $5 mil claim; Mil. R. Evid. 403; our MILs", "a $5 mil claim; Mil. R. Evid. 403; our motion in limine"),
    ("cert. denied; petition for cert; class cert", "cert. denied; petition for cert; class certification"),
    ("the Sol. Gen. said; the SOL ran", "the Sol. Gen. said; the statute of limitations ran"),
    ("mail it to PO Box 12; the PO says", "mail it to PO Box 12; the protective order says"),
    ("write to info@firm.com for info", "write to info@firm.com for information"),
    ("a third-party suit; a third party action", "a third-party suit; a third party action (action)"),
    ("bring in a third party", "bring in a nonparty"),
    ("Fed R Civ P 26 or Fed. R. App. P. 4", "Fed R Civ P 26 or Fed. R. App. P. 4"),  # letters of a court's or a rule's name
    ("Exhibit D, ex. P, plan B, P&G, D-1", "Exhibit D, ex. P, plan B, P&G, D-1"),  # labels and names
    ("a PI case", "a PI case"),  # a personal injury case: left alone
    ("our PI motion, the PI hearing", "our preliminary injunction motion, the preliminary injunction hearing"),
    ("LE priv", "law enforcement privilege"),
    ("3P def; a 3P witness", "third-party def; a nonparty witness"),
    # possessives of abbreviations are written out too
    ("OC's expert, the MJ's order, def's IME", "opposing counsel's expert, the magistrate judge's order, defendant's mental or physical examination"),
    ("the PO's terms, pl's claim, pltfs", "the protective order's terms, plaintiff's claim, plaintiffs"),
    ("conf docs at the pretrial conf", "confidential documents at the pretrial conference"),
    ("class cert, a cert of service, a cert petition", "class certification, a certificate of service, a cert petition"),
    ("decls for the sched order; case mgmt", "declarations for the scheduling order; case management"),
    ("para 5 and paras 30-35", "paragraph 5 and paragraphs 30-35"),
    ("an SDT to the PMK", "an subpoena to produce documents to the organization's designated witness"),
    ("3 wks after the opp", "3 weeks after the opposition"),
    # rule shorthand
    ("R. 26 disclosures", "Rule 26 disclosures"),
    ("r26(b)(1) scope", "Rule 26(b)(1) scope"),
    ("a 30b6 depo", "a 30(b)(6) deposition"),
    ("12b6 motion", "12(b)(6) motion"),
    ("before the 26f conference; a 59e motion", "before the 26(f) conference; a 59(e) motion"),
    ("the 2d Cir., a 3d party, $5b, Exhibit 12b", "the 2d Cir., a nonparty, $5b, Exhibit 12b"),
    ("L.R. 37-1 letter", "L.R. 37-1 letter (local rule)"),  # a local rule is left as cited, its words added
    ("Fed. R. Civ. P. 26", "Fed. R. Civ. P. 26"),
    # chatty lead-ins
    ("hey, quick q: who signs the stip?", "who signs the stipulation?"),
    ("ok so what does rule 1 say", "what does rule 1 say"),
    # lower case and ordinary words are untouched
    ("the order says so", "the order says so"),
    ("what's the good cause standard", "what's the good cause standard"),
]


@pytest.mark.parametrize("typed,expanded", EXPAND)
def test_expand(typed, expanded):
    assert expand(typed) == expanded


LAY = [
    ("do we have to update our answers", "supplement"),
    ("we missed the deadline", "failed"),
    ("the discovery cutoff", "time"),
    ("dismissed sua sponte", "on its own"),
    ("we impleaded the supplier", "third-party"),
    ("boilerplate objections", "specificity"),
    ("the errata sheet", "changes in form or substance"),
    ("can plaintiff drop the case", "dismiss"),
    ("is there a cap on depos", "limit"),
    ("what does L.R. 37-1 require", "local rule"),
    ("sealing under LR 79-5", "local rule"),
    ("the judgment has a typo in the defendant's name", "clerical mistake"),
    ("judge entered judgment with a math error in it", "clerical mistake"),
    ("the damages were miscalculated in the judgment", "clerical mistake"),
    ("how do we get out of a default judgment", "set aside"),
    ("how do we undo the default", "set aside"),
    ("client wants to get out from under the judgment", "set aside"),
    ("the judgment has a mathematical error", "clerical mistake"),
    ("the judgment has a typo in the date", "clerical mistake"),
    ("undoing a default judgment", "set aside"),
    ("client deleted the texts", "lost preserved"),
    ("they shredded the files", "lost preserved"),
    ("can we vacate the default", "set aside"),
    ("they never served us, can we get the case kicked", "dismiss"),
    ("can we ask the judge to toss the complaint", "dismiss"),
    ("how long to ask for a do-over trial", "new trial"),
    ("who pays for the court reporter at a depo", "costs expense"),
    ("can we videotape the depo", "audiovisual recording"),
    ("we want a videographer at the deposition", "audiovisual recording"),
    ("can we make them pay our fees for the motion", "costs expense"),
    ("can we get those paragraphs about his divorce taken out of the complaint", "strike"),
    ("a default was entered against us yesterday, how do we get rid of it", "set aside"),
    ("they never disclosed the expert, can we keep her out at trial", "not allowed to use"),
    ("can we get their undisclosed witness barred from testifying", "not allowed to use"),
    ("can the court refer the case to a master without letting us weigh in", "opportunity to be heard"),
    ("the judge adopted the report without hearing from us", "opportunity to be heard"),
    ("can we serve the motion on them by email if they never agreed", "consent"),
    ("something new happened after we filed - can we add it to the complaint?", "supplemental pleading"),
    ("can we add events that occurred since the complaint was filed", "supplemental pleading"),
    ("the surety won't pay on the bond. do we need a separate suit?", "independent action"),
    ("the surety won't pay on the bond", "security provider"),
    ("paragraph 12 is half right, half wrong", "part true deny admit"),
    ("our client wants to join the pending case because it affects her land", "intervene"),
    ("our client has no idea whether the invoice arrived", "lacks knowledge or information"),
    ("we served our objections late. did we lose them?", "waived"),
    ("they won't say if they're holding anything back", "withheld"),
    ("their only response was a general objection", "specificity"),
    ("we have a discovery fight with the other side over custodians", "dispute"),
    ("they breached the protective order by emailing our confidential files to their client", "violation"),
    # ... though the question also speaks of a claim, damages or customers (a reviewer's probes, session 47)
    ("the other side breached the protective order - do we have a claim for sanctions or contempt?", "violation"),
    ("opposing counsel breached the protective order and leaked our customer data, can we get damages?", "violation"),
    ("can we serve the defendant abroad by email", "foreign country"),
    ("serving the defendant in Japan through the Hague Convention", "foreign country"),
    ("the witness moved to germany; can we depose her there", "foreign country"),
]


@pytest.mark.parametrize("typed,added", LAY)
def test_lay_words_are_added_beside_the_users(typed, added):
    out = expand(typed)
    assert out.startswith(typed) and added in out


@pytest.mark.parametrize("typed,not_added", [
    ("they clawed back a privileged email, do we have to delete our copies", "lost preserved"),  # 26(b)(5)(B)
    ("must we destroy confidential documents at the end of the case under the PO", "lost preserved"),
    ("what goes in the cap table", "limit"),
    ("the complaint is in all caps", "limit"),
    ("how do we get out of the deposition", "set aside"),  # quashed or protected against, not set aside
    ("can the court lift the stay", "set aside"),
    ("we miscalculated the deadline to answer", "clerical mistake"),  # excusable neglect (6(b)), not 60(a)
    ("can the court of appeals reverse the judgment", "set aside"),
    ("how do we get rid of the deposition notice", "set aside"),  # no default or judgment undone
    ("the witness got kicked off the jury", "dismiss"),
    ("can we get the privileged paragraphs redacted", "strike"),
    ("which allegations do we answer in a complaint removed from state court", "strike"),
    ("OC got kicked out of the deposition", "dismiss"),
    ("how do we keep our CEO out of a deposition", "not allowed to use"),
    ("we have another trial that week, can we get a continuance", "new trial"),
    ("we paid $500 for the transcript", "costs expense"),  # what was paid, not who pays
    ("who pays the filing fee", "costs expense"),  # a fee, not a cost borne
    ("opposing counsel wants to do the deposition over zoom video", "audiovisual recording"),  # remote means
    ("how do we keep the trade secrets out of the public record", "not allowed to use"),  # sealing
    ("can we keep the exhibit out of the file, it is confidential", "not allowed to use"),
    ("how do we fight the subpoena", "dispute"),  # quashed (45(d)(3)), not a dispute between counsel
    ("statute of limitations for breach of contract", "violation"),
    # a breach claim, a supplier's breach, a deal breached: a contract's breach, not an order violated (session 47)
    ("our client has a breach claim against the supplier under that deal", "violation"),
    ("the supplier breached the supply agreement", "violation"),
    ("the parties agreed to a protective order", "consent"),
    ("the parties agreed to extend the deadline", "consent"),
    ("can we join a party to the pending case", "intervene"),  # joinder (19, 20), not intervention
    ("what is the capital of Australia?", "foreign country"),  # a country named, nothing to serve or take there
    ("asylum seekers turned back at the border to mexico", "foreign country"),  # Al Otro Lado's subject
])
def test_lay_words_are_added_only_for_their_sense(typed, not_added):
    assert not_added not in expand(typed)


def test_the_question_as_typed_is_kept():
    q = parse_question("joint stip re the PO?")
    assert q.text == "joint stip re the PO?"
    assert "stipulation" in q.query and "protective order" in q.query


SPELL = [
    ("privelege", "privilege"),
    ("statment", "statement"),
    ("privilege", "privilege"),  # known words stay
    ("stipualtion", "stipulation"),  # swapped letters
    ("fee", "fee"),  # short words are never changed
    ("zzzzzzzz", "zzzzzzzz"),  # nothing near: unchanged
    ("factory", "factory"),  # an everyday word is not a typo ("factors")
    ("besides", "besides"),  # ("resides")
    ("thinks", "thinks"),  # ("things", far more common)
    ("judgement", "judgment"),  # a British spelling, written the rules' way
    ("recieve", "receive"),  # a listed misspelling
    ("privilegee", "privilege"),  # a letter too many
]


@pytest.mark.parametrize("typed,fixed", SPELL)
def test_speller(typed, fixed):
    sp = Speller.from_texts(["The privilege applies. A statement of good cause. The stipulation is filed.",
                             "Factors the court weighs. The person resides here. Such things. A judgment. Each party may receive."])
    assert sp.correct(typed) == fixed


def test_a_known_word_written_solid_with_its_prefix_is_hyphenated_not_corrected():
    sp = Speller.from_texts(["A pre-filing conference. The refiling of the action. A retained expert. Filing."])
    assert sp.correct_word("prefiling") == "pre-filing"  # not "refiling", one letter away
    assert sp.correct_word("nonretained") == "non-retained"
    assert sp.correct_word("prezzzzz") == "prezzzzz"  # the rest no word of the corpus: left alone


def test_speller_leaves_words_whose_stem_the_index_knows():
    sp = Speller(["confer"], known_stem=lambda w: w == "conferring")
    assert sp.correct_word("conferring") == "conferring"


@pytest.mark.parametrize("typed, label", [
    ("what's the deadline under LR 37", "L.R. 37"),  # "(time)" is added after it: no subdivision of it
    ("how many days before the hearing must the joint stip be filed under LR 37", "L.R. 37"),
    ("what does L.R. 37-1 require", "L.R. 37-1"),
])
def test_a_local_rule_at_the_end_keeps_its_number_when_words_are_added(typed, label):
    assert [r.label() for r in parse_question(typed).refs] == [label]
