"""The question pipeline, one module per step: `query` (parse and expand the question), `normalize`
and `names` (words and what practitioners call things), `retrieve` (dense and lexical search), `fuse`,
`rerank`, `decide` (answer or decline), `answer` (pick and quote the operative sentences), `verify`
(every citation and quote checked against the served index), `llm` (the optional LLM answerer) and
`engine` (the core that runs the steps).  Shared values are `bot.types`; `bot.currency` says how
current a cited text is, for every surface."""
