"""Orders are cut at their headings and paragraphs, with the publisher's wrapper removed."""

from pathlib import Path

from bot.settings import shipped_corpus_dir
from indexers.chunk import chunk_document, split_sentences
from indexers.clean import clean_document
from indexers.load import load_file

ORDERS = shipped_corpus_dir() / "orders"


def _passages(name):
    doc = load_file(ORDERS / name)
    return chunk_document(doc, clean_document(doc))


def test_al_otro_lado_sections_and_pin_cites():
    ps = _passages("al-otro-lado-v-wolf-2020.md")
    sections = {p.section for p in ps}
    assert {"§ I", "§ II.A", "§ II.B", "§ II.C", "§ II.D", "§ III", "§ IV"} <= sections
    burden = [p for p in ps if "have the burden of establishing that the privilege applies" in p.text]
    assert [p.cite for p in burden] == ["Al Otro Lado, Inc. v. Wolf, No. 3:17-cv-2366 (S.D. Cal. June 26, 2020), § II.A"]
    sealing = [p for p in ps if "particularized showing" in p.text]
    assert sealing and all(p.section == "§ III" for p in sealing)


def test_casetext_wrapper_is_not_indexed():
    text = " ".join(p.text for p in _passages("al-otro-lado-v-wolf-2020.md"))
    for junk in ("From Casetext", "Summaries of", "Case details", "Citing Cases", "Silverton Mountain Guides"):
        assert junk not in text


def test_segal_order_paragraph_cites_and_unknowns():
    ps = _passages("cdcal-segal-protective-order.md")
    assert all(p.section.startswith("¶ ") for p in ps)
    assert all("unknown" in p.cite for p in ps)
    hit = [p for p in ps if 'preceded by the heading "GOOD CAUSE STATEMENT."' in p.text]
    assert len(hit) == 1 and hit[0].judge == "Suzanne H. Segal"
    assert not any(p.text.rstrip().endswith("(") for p in ps)


def test_no_passage_crosses_a_heading():
    for p in _passages("al-otro-lado-v-wolf-2020.md"):
        for heading in ("II. THE PRIVILEGE DISPUTE", "III. MOTION TO SEAL", "IV. CONCLUSION"):
            assert heading not in p.text


SENTENCES = [
    ("See Kamakana v. City, 447 F.3d 1172 (9th Cir. 2006). The Court agrees.", 2),
    ("Dkt. No. 463 at 15. When Defendants requested it, this dispute ensued.", 2),
    ("The Court GRANTS the motion. IT IS SO ORDERED.", 2),
]


def test_sentence_split_keeps_legal_abbreviations():
    for text, n in SENTENCES:
        assert len(split_sentences(text)) == n, split_sentences(text)
