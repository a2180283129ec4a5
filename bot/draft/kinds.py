"""The kinds of drafts the bot writes and the facts each one takes, as data.

Slack and Teams forms are generated from `KINDS`, the CLI validates facts files
against it, and the templates in ``prompts/drafts/<kind>.md.j2`` receive the
same field names.  A missing required fact becomes a visible bracketed
placeholder built from the field's `placeholder` (``{name}`` is filled from the
item, e.g. the category's name).

>>> KINDS["good-cause"].field("categories").item_fields[1].placeholder
'SPECIFIC HARM FROM DISCLOSING {name}'
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Field:
    """One fact a draft takes.

    `repeated` fields take a list; when `item_fields` is set each item is a
    mapping of those fields (in a one-line form: the item fields separated by
    ``|``, one item per line).  `placeholder` is the text shown in brackets
    when a required value is missing (default: the label in capitals).  `shape`
    says how the value is worded in the draft, whatever form the user typed it in.
    """

    name: str
    label: str
    required: bool = True
    multiline: bool = False
    help: str = ""
    repeated: bool = False
    item_fields: tuple["Field", ...] = ()
    placeholder: str = ""
    choices: tuple[str, ...] = ()
    # How the fact is written into the draft (bot.draft.wording): "court" (named in full from the table of
    # courts), "case-number", or "sentence" (whole sentences: a noun phrase gets `lead`, a verb phrase
    # such as "would expose ..." gets `subject`).
    shape: str = ""
    lead: str = ""
    subject: str = ""

    @property
    def placeholder_text(self) -> str:
        return self.placeholder or self.label.upper()

    def item_field(self, name: str) -> "Field":
        for f in self.item_fields:
            if f.name == name:
                return f
        raise KeyError(name)


@dataclass(frozen=True)
class DraftKind:
    """A kind of draft: its name (``good-cause``), a title for people and its fields in form order.

    `form` says what a lawyer does with it, and so how a Word export lays it out: ``section`` (a part to paste
    into another filing: pleading paper, no caption), ``pleading`` (a standalone filing: pleading paper, each
    document in it opening with the court's caption) or ``letter`` (letterhead, no pleading lines).
    """

    name: str
    title: str
    fields: tuple[Field, ...]
    description: str = ""
    form: str = "section"
    # Elements every draft of this kind must contain: (what, regular expression, case-insensitive,
    # multiline).  Checked on LLM-polished drafts and in the tests.
    elements: tuple[tuple[str, str], ...] = ()

    @property
    def title_in_any_court(self) -> str:
        """The title without the number of a local rule ("Application to file under seal" for "... (L.R.
        79-5.2.2)"): a draft for a case in another court than the one whose rules the templates follow."""
        import re

        return " ".join(re.sub(r"\s*\((?:C\.D\. Cal\. )?L\.R\. [^)]*\)", "", self.title).split())

    def missing_elements(self, text: str) -> list[str]:
        """The required elements `text` lacks (by name)."""
        import re

        return [name for name, rx in self.elements if not re.search(rx, text, re.I | re.M)]

    def field(self, name: str) -> Field:
        for f in self.fields:
            if f.name == name:
                return f
        raise KeyError(name)

    @property
    def field_names(self) -> tuple[str, ...]:
        return tuple(f.name for f in self.fields)

    @property
    def template(self) -> str:
        """File name of the kind's template under ``prompts/drafts/``."""
        return f"{self.name}.md.j2"


_CASE = (
    Field("case_name", "Case name", help="As captioned, e.g. Rivera v. Northwind Logistics, Inc."),
    Field("case_number", "Case number", help="e.g. 2:25-cv-01234-ABC-DEF", shape="case-number"),
    Field("court", "Court", help="e.g. C.D. Cal., or United States District Court for the Central District of "
                                 "California", shape="court"),
    Field("judge", "Assigned magistrate judge", required=False,
          help="The judge who hears discovery matters, e.g. Hon. Jane Doe, United States Magistrate Judge"),
)

# Who files: the caption's attorney block (C.D. Cal. L.R. 11-3.8) or the letterhead.  Missing parts print as
# placeholders; the settings' RULEBOT_COUNSEL is the default when the facts name no counsel.
COUNSEL = Field(
    "counsel", "Counsel (attorney block)", required=False, repeated=True, multiline=True,
    item_fields=(Field("name", "Name", placeholder="ATTORNEY NAME"),
                 Field("bar_number", "State Bar number", placeholder="STATE BAR NO."),
                 Field("firm", "Firm", required=False),
                 Field("address", "Address", multiline=True, placeholder="OFFICE ADDRESS",
                       help="Street, suite, city, state and ZIP, e.g. 350 South Grand Avenue, Suite 2100, "
                            "Los Angeles, California 90071"),
                 Field("phone", "Telephone", placeholder="TELEPHONE"),
                 Field("email", "Email", placeholder="EMAIL ADDRESS")),
    help="One per line: name | State Bar number | firm | address | telephone | email "
         "(default: the settings' RULEBOT_COUNSEL)")
COUNSEL_FOR = Field("counsel_for", "Attorneys for", required=False,
                     help="The party counsel represent, e.g. Plaintiff Maria Rivera (default: the party filing)")

GOOD_CAUSE = DraftKind(
    name="good-cause",
    title="Good cause statement (stipulated protective order)",
    description="The GOOD CAUSE STATEMENT section of a stipulated protective order.",
    elements=(
        ("the GOOD CAUSE STATEMENT heading", r"^\W*GOOD CAUSE STATEMENT\W*$"),
        ("the specific harm for each category", r"specific harm or prejudice"),
        ("Rule 26(c)(1) as the standard", r"26\(c\)\(1\)"),
        ("designations only in good faith", r"good faith"),
        ("no designations for tactical reasons", r"tactical"),
        ("the order does not authorize filing under seal", r"does not (?:by itself )?authorize[^.]{0,60}under seal"),
        ("the sealing rule and the judges' procedures govern", r"file[^.]{0,40}under seal must comply"),
        ("designation disputes go through the L.R. 37 procedure", r"joint stipulation"),
    ),
    fields=_CASE + (
        Field("nature_of_case", "Nature of the case", multiline=True,
              placeholder="BRIEF DESCRIPTION OF THE CLAIMS AND DEFENSES IN THIS ACTION",
              shape="sentence", lead="This action arises from",
              help="One or two sentences: who sues whom for what, e.g. 'Plaintiff alleges that Defendant "
                   "misappropriated its customer pricing data.'"),
        Field("parties", "Parties", repeated=True,
              item_fields=(Field("name", "Name"), Field("role", "Role", required=False, help="e.g. Plaintiff")),
              placeholder="NAMES OF THE PARTIES",
              help="One per line: name | role, e.g. Northwind Logistics, Inc. | Defendant"),
        Field("categories", "Categories of confidential information", repeated=True, multiline=True,
              item_fields=(
                  Field("name", "Category", placeholder="CATEGORY OF CONFIDENTIAL INFORMATION",
                        help="e.g. employee personnel files"),
                  Field("harm", "Specific harm from disclosure", multiline=True,
                        placeholder="SPECIFIC HARM FROM DISCLOSING {name}",
                        shape="sentence", subject="Disclosure of this information",
                        help="The specific harm or prejudice disclosure would cause in this case, "
                             "e.g. 'would expose the home addresses and medical leave of non-party employees'"),
              ),
              placeholder="CATEGORIES OF CONFIDENTIAL INFORMATION LIKELY TO BE PRODUCED, EACH WITH THE SPECIFIC "
                          "HARM ITS DISCLOSURE WOULD CAUSE",
              help="One per line: category | specific harm from disclosure"),
        Field("third_parties", "Third parties whose information may be produced", required=False, repeated=True,
              help="One per line, e.g. Northwind's customers"),
    ),
)

MEET_AND_CONFER = DraftKind(
    name="meet-and-confer",
    title="Meet-and-confer letter (L.R. 37-1)",
    description="Letter requesting a pre-filing conference of counsel on a discovery dispute.",
    form="letter",
    elements=(
        ("a request for a conference of counsel", r"conference of counsel"),
        ("each issue and request in dispute", r"^#+ Issue \d"),
        ("the moving party's position on each", r"position"),
        ("the terms of the order sought", r"order to be sought|order sought"),
        ("conference within ten days", r"ten \(10\) days|\b10 days|ten days"),
    ),
    fields=_CASE[:3] + (
        Field("date", "Date of the letter", help="e.g. March 3, 2026"),
        Field("sender_name", "Your name (counsel for the moving party)"),
        Field("sender_firm", "Your firm", required=False),
        Field("moving_party", "Party you represent (moving party)"),
        Field("recipient_name", "Opposing counsel's name"),
        Field("recipient_firm", "Opposing counsel's firm", required=False),
        Field("recipient_address", "Opposing counsel's address", required=False, multiline=True),
        Field("recipient_email", "Opposing counsel's email", required=False),
        Field("opposing_party", "Party opposing counsel represents"),
        Field("issues", "Issues in dispute", repeated=True, multiline=True,
              item_fields=(
                  Field("request", "Discovery request", placeholder="DISCOVERY REQUEST IN DISPUTE",
                        help="e.g. Request for Production No. 4"),
                  Field("response", "Response or objection", required=False, multiline=True, shape="sentence",
                        help="The response or objection given, if any"),
                  Field("position", "Your position", multiline=True, shape="sentence",
                        placeholder="MOVING PARTY'S POSITION ON {request}"),
                  Field("authority", "Authority for your position", required=False,
                        help="Pin cites, e.g. Fed. R. Civ. P. 26(b)(1); each is checked against the corpus"),
                  Field("order_sought", "Order sought", multiline=True, shape="sentence",
                        placeholder="TERMS OF THE ORDER SOUGHT ON {request}"),
              ),
              placeholder="EACH ISSUE AND DISCOVERY REQUEST IN DISPUTE",
              help="One per line: request | response | position | authority | order sought"),
        Field("availability", "Times you can confer", required=False, repeated=True,
              help="One per line, e.g. March 5, 2026, 10:00 a.m. to noon"),
        COUNSEL,
    ),
)

JOINT_STIPULATION = DraftKind(
    name="joint-stipulation",
    title="Joint stipulation (L.R. 37-2) skeleton",
    description="Skeleton of the joint stipulation that presents a discovery dispute to the Court.",
    form="pleading",
    elements=(
        ("the discovery cut-off date", r"discovery cut-off"),
        ("the pretrial conference date", r"pretrial conference"),
        ("the trial date", r"^\|\s*Trial\s*\|"),
        ("a table of contents", r"TABLE OF CONTENTS"),
        ("each request quoted verbatim", r"^> "),
        ("each party's contentions and authorities", r"contentions and authorities"),
    ),
    fields=_CASE + (
        Field("moving_party", "Moving party"),
        Field("responding_party", "Responding party"),
        Field("motion_title", "Title of the motion", required=False,
              help="e.g. Motion to Compel Further Responses to Requests for Production"),
        Field("discovery_cutoff", "Discovery cut-off date"),
        Field("pretrial_conference", "Pretrial conference date"),
        Field("trial_date", "Trial date"),
        Field("conference_date", "Date of the pre-filing conference of counsel"),
        Field("requests", "Requests in dispute", repeated=True, multiline=True,
              item_fields=(
                  Field("title", "Request", placeholder="TITLE OF THE REQUEST IN DISPUTE",
                        help="e.g. Request for Production No. 4"),
                  Field("request_text", "Request, verbatim", multiline=True,
                        placeholder="TEXT OF {title}, QUOTED VERBATIM"),
                  Field("response_text", "Response, verbatim", multiline=True,
                        placeholder="RESPONSE TO {title}, QUOTED VERBATIM"),
                  Field("moving_contentions", "Moving party's contentions", multiline=True, shape="sentence",
                        placeholder="MOVING PARTY'S CONTENTIONS AND AUTHORITIES ON {title}"),
                  Field("moving_authorities", "Moving party's authorities", required=False),
                  Field("responding_contentions", "Responding party's contentions", multiline=True, shape="sentence",
                        placeholder="RESPONDING PARTY'S CONTENTIONS AND AUTHORITIES ON {title}"),
                  Field("responding_authorities", "Responding party's authorities", required=False),
              ),
              placeholder="EACH DISPUTED REQUEST, WITH THE REQUEST AND RESPONSE QUOTED VERBATIM",
              help="One per line: request | request text | response text | moving contentions | "
                   "moving authorities | responding contentions | responding authorities"),
        COUNSEL, COUNSEL_FOR,
    ),
)

SEALING_APPLICATION = DraftKind(
    name="sealing-application",
    title="Application to file under seal (L.R. 79-5.2.2)",
    description="Application for leave to file documents under seal, with the declaration's showing and a "
                "proposed order listing each document.",
    form="pleading",
    elements=(
        ("the legal standard", r"strong presumption of access"),
        ("the declaration", r"^#+ Declaration of"),
        ("a proposed order", r"\[PROPOSED\] ORDER"),
        ("a table of each document or portion", r"^\|\s*No\.\s*\|\s*Document"),
    ),
    fields=_CASE + (
        Field("applicant", "Party filing the application"),
        Field("filing", "Filing the sealed material accompanies", placeholder="FILING THAT THE SEALED MATERIAL ACCOMPANIES",
              help="e.g. Plaintiff's Motion to Compel (Dkt. 41)"),
        Field("motion_type", "Is that filing dispositive?", choices=("non-dispositive", "dispositive"),
              placeholder="WHETHER THE UNDERLYING FILING IS DISPOSITIVE OR NON-DISPOSITIVE",
              help="non-dispositive (good cause standard) or dispositive (compelling reasons standard)"),
        Field("declarant", "Declarant (attorney signing the declaration)"),
        Field("documents", "Documents or portions to be sealed", repeated=True, multiline=True,
              item_fields=(
                  Field("document", "Document", placeholder="DOCUMENT TO BE SEALED",
                        help="e.g. Exhibit 4 to the Declaration of J. Lee"),
                  Field("portion", "Portion", required=False, help="e.g. page 3, lines 4-12; or 'entire document'"),
                  Field("designated_by", "Designated confidential by", required=False,
                        help="The party that designated it under the protective order, if any"),
                  Field("reason", "Specific harm from public disclosure", multiline=True,
                        placeholder="SPECIFIC HARM FROM PUBLIC DISCLOSURE OF {document}",
                        shape="sentence", subject="Public disclosure of this material"),
              ),
              placeholder="EACH DOCUMENT OR PORTION TO BE SEALED",
              help="One per line: document | portion | designated by | specific harm from public disclosure"),
        Field("designating_party_conference", "Conference with the designating party", required=False,
              multiline=True, shape="sentence",
              help="When another party designated the material: when you conferred with it and what it said"),
        COUNSEL, COUNSEL_FOR,
    ),
)

KINDS: dict[str, DraftKind] = {k.name: k for k in (GOOD_CAUSE, MEET_AND_CONFER, JOINT_STIPULATION,
                                                   SEALING_APPLICATION)}
