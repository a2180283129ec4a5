"""What drafting and review tell the user, in one place, worded for a lawyer.

Each is a format string; the names in braces are filled by the step that uses it.
"""

# verify: citations that cannot be checked against the corpus
CASE_NOT_IN_CORPUS = "{cite}: this decision is not in the corpus, so the citation cannot be verified."
SOURCE_NOT_IN_CORPUS = "{cite} is not in the corpus, so the citation cannot be verified."
PIN_NOT_IN_CORPUS = "{cite}: the corpus has {title} but no passage at {pin}."
LOCAL_RULE_NOT_IN_CORPUS = ("{cite} is not in the corpus, so it cannot be cited as verified authority; state the "
                            "requirement in words or have an admin add the court's Local Rules.")
LOCAL_RULE_AS_CITED = ("{cite}: not in the corpus; cited as {where} cites {it}. Check the current text before "
                       "filing, or have an admin add the court's Local Rules.")
QUOTE_OF_UNINDEXED_RULE = ("The quotation \"{quote}\" is attributed to {cite}, whose text is not in the corpus, so it "
                           "cannot be checked; quote the rule only once an admin has added the court's Local Rules.")
ID_WITHOUT_ANTECEDENT = "'Id.' does not follow any citation."
REFERS_TO_UNVERIFIED = "{short} refers to an unverified citation ({cite})."
SHORT_FORM_WITHOUT_FULL = "{short}: a short form with no full citation to a decision in the corpus."
MISQUOTE = "The quotation \"{quote}\" is not found verbatim in {cite}."
VERIFIED = "{cite} is in the corpus."
# currency: a cited text that predates a later amendment (bot/currency.py words the warning)
CITATION_PREDATES = "{cite} ({as_of}): {warning}."

# authority: what a template asked for and the corpus could not give
TEMPLATE_QUOTE_MISSING = ("The template quotes {ref}, but the indexed {ref} {where}: \"{words}\". The quotation was "
                          "left out; fix the template or the corpus.")
TEMPLATE_CITE_MISSING = "The template cites {ref}, which is not in the corpus; the citation was left out."
RULE_OF_ANOTHER_COURT = ("{rules} {verb} of the {of}, which does not govern in the {court}: the draft states the "
                         "requirement in words and leaves [{placeholder}] for this court's own rule. Find that rule in "
                         "the court's Local Rules, check its text and cite it.")
RULE_IN_WORDS = ("{rules} {verb} not in the corpus, so the draft states the requirement in words instead of citing "
                 "the rule. Have an admin add the court's Local Rules (rulebot corpus add ...), then redraft to cite it.")

# compose
TEMPLATE_BROKEN = "The template for '{kind}' ({template}) cannot be used: {detail}. Fix the template under prompts/drafts/."
OTHER_COURT = ("The template follows the Central District of California's Local Rules (L.R. 37, 79-5); check that it "
               "fits the local rules of {court}.")

# llm polish
LLM_FAILED = "The LLM could not polish the draft ({error}); this is the template draft."
LLM_REJECTED = "The LLM's polished version was not used because {why}. This is the template draft."
LLM_USED = ("Polished by the LLM; every element, fact and citation was checked against the template draft and the "
            "corpus.")

# docx: the firm's Word template
DOCX_TEMPLATE_MISSING = ("The Word template {path} does not exist. Check --template or RULEBOT_DOCX_TEMPLATE, or leave "
                         "both unset for the default pleading-paper layout.")
DOCX_TEMPLATE_UNREADABLE = ("The Word template {path} cannot be opened ({error}). Save it from Word as a .docx "
                            "document (not .dotx or .doc) with a paragraph holding {{{{ draft }}}}.")
DOCX_TEMPLATE_TOO_LARGE = "The Word template {path} is larger than {mb} MB; is it the right file?"
