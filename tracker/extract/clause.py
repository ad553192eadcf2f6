"""A missing party read from the trigger's own clause when the tree's attachments fail.

The parser is trained on web text and often hangs a subject or a prepositional phrase on
the wrong word of a long news sentence ("Washington's levy on imported steel ... doubled",
"the 10% tariff Washington put on Chinese goods"). When the tree gives a reading one party
but not the other, this module looks for the other inside the same clause only — the
predicate's phrase without its subordinate, relative and coordinated clauses, so never in
another sentence or another statement: an acting name before the trigger that is not inside
a prepositional phrase (the subject position), or a name after the trigger reached through
a preposition the kind takes ("on", "against", "to" ...). Parties read this way carry
`via="clause"`.
"""

from __future__ import annotations

from tracker.extract import tree
from tracker.extract.parties import ParsedSentence, Party, listed, unique
from tracker.extract.reading import TARGET_CASES, Reading
from tracker.extract.tree import Token, dep
from tracker.records import FLOWS

_SUBCLAUSES = frozenset({"ccomp", "advcl", "acl:relcl", "parataxis", "csubj", "list", "appos"})
_ACTING = frozenset({"name", "seat", "body", "leader", "pron", "org", "dateline"})
_FLOW_TARGET = {"purchase": ("from",), "supply": ("to", "into", "for")}


def _clause_tokens(sentence: ParsedSentence, reading: Reading) -> list[Token]:
    """Tokens of the trigger's statement: the predicate's phrase minus embedded clauses."""
    root = reading.predicate
    while dep(root) in tree.NOMINAL | {"amod", "acl", "nmod:desc"} and root.head != root and not tree.is_verb(root.head):
        root = root.head  # a participle or noun modifying a noun ("the Kremlin halted gas deliveries"): its phrase
    keep: list[Token] = []
    frontier = [root]
    while frontier:
        node = frontier.pop()
        keep.append(node)
        for child in node.children:
            if dep(child) in _SUBCLAUSES and child != reading.trigger and reading.trigger not in child.subtree:
                continue
            if dep(child) == "conj" and tree.is_verb(child) and any(dep(c).startswith("nsubj") for c in child.children) \
                    and reading.trigger not in child.subtree:
                continue
            frontier.append(child)
    return sorted(keep, key=lambda t: t.i)


def _prepositions_above(token: Token, stop: Token) -> list[str]:
    """The prepositions of the nominals between a token and the clause head ("on", "of" ...)."""
    found: list[str] = []
    current = token
    for _ in range(8):
        case = tree.case_of(current)
        if case:
            found.append(case)
        if current == stop or current.head == current:
            break
        current = current.head
    return found


def complete_from_clause(sentence: ParsedSentence, reading: Reading) -> None:
    """Fill the one missing party of a reading from its own clause (see the module docstring)."""
    if bool(reading.actors) == bool(reading.targets):
        return  # both known, or nothing to anchor a clause reading on
    if reading.restricted is not None and not reading.targets:
        return  # a ban's partner is where its goods come from or go to, named in its own phrase or not at all
    tokens = _clause_tokens(sentence, reading)
    known = {p.code for p in reading.actors + reading.targets}
    trigger = reading.trigger
    if not reading.actors:
        for token in tokens:
            if token.i >= trigger.i:
                break
            cases = _prepositions_above(token, reading.predicate)
            if cases and cases[0] not in ("by",):
                continue
            parties = [p for p in sentence.parties_at(token) if p.mention.form in _ACTING and p.code not in known]
            if parties:
                reading.actors = [_via_clause(p) for p in listed(sentence, parties)]
                return
        return
    cases_wanted: tuple[str, ...] = _FLOW_TARGET.get(reading.kind, ()) if reading.kind in FLOWS else \
        TARGET_CASES.get(reading.eased_kind or reading.kind, ("on", "against"))
    for token in tokens:
        if token.i <= trigger.i:
            continue
        parties = [p for p in sentence.parties_at(token) if p.code not in known]
        if not parties:
            continue
        cases = [c for c in _prepositions_above(token, reading.predicate) if c != "of"]  # "$30 billion of American goods"
        if (cases and cases[0] in cases_wanted) or (not cases and reading.kind not in FLOWS
                                                  and any(p.mention.form == "adj" for p in parties)):
            reading.targets = [_via_clause(p) for p in unique(listed(sentence, parties))]
            return


def _via_clause(party: Party) -> Party:
    return Party(party.code, party.mention, "clause") if party.via == "tree" else party
