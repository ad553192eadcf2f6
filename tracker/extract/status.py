"""Status and negation of a measure, read from the words that govern its trigger.

The statement a trigger belongs to is the chain from the trigger up through its predicate
and the verbs and nouns that take it as object or complement ("threatened to impose
tariffs", "a plan to buy", "refused to lift"), stopping at adverbial, relative and
coordinated clauses (separate statements) and at reporting verbs ("X said ...": what X said
is the statement). Every word on the chain, its modals and its negation count; nothing
outside it does, so "saw no reason to block the sale" negates the blocking, and "after
Russia imposed tariffs" says nothing about the sanctions of the main clause.
"""

from __future__ import annotations

import dataclasses

from tracker.extract import lexicon, tree
from tracker.extract.tree import Token, dep
from tracker.records import FLOWS

_STOP = frozenset({"advcl", "parataxis", "acl:relcl", "csubj", "list", "discourse", "vocative", "appos"})
_MODALS = {"will": "announced", "shall": "announced", "'ll": "announced", "wo": "announced", "would": "threatened",
           "could": "threatened", "may": "threatened", "might": "threatened", "can": None,
           "should": "proposed", "must": "proposed", "ought": "proposed"}
# Adjectives and participles on the measure noun itself: "the proposed tariffs", "existing duties".
_ON_NOUN = {"proposed": "proposed", "planned": "announced", "threatened": "threatened", "possible": "threatened",
            "potential": "threatened", "existing": "in_force", "current": "in_force", "new": None,
            "retaliatory": None, "announced": "announced", "pending": "proposed", "mooted": "proposed",
            "prospective": "proposed", "promised": "announced", "looming": "threatened", "alleged": "alleged",
            "illegal": "alleged", "illicit": "alleged", "secret": "alleged"}


# Prepositional phrases that carry a status: "had in mind tariffs", "sanctions under consideration".
_PHRASES = {"mind": "threatened", "consideration": "proposed", "study": "proposed", "review": "proposed",
            "table": "proposed", "works": "proposed", "pipeline": "proposed", "discussion": "proposed",
            "negotiation": "proposed", "effect": "in_force", "force": "in_force", "place": "in_force"}


@dataclasses.dataclass(frozen=True, slots=True)
class Statement:
    """What the governing words say about one trigger."""

    status: str | None  # None: told as not happening (denied, refused, ruled out)
    reported: bool  # inside "X said ..."
    conditional: bool  # "... unless Tokyo opens its market"


def chain(trigger: Token) -> tuple[list[Token], bool]:
    """The trigger and its governors within one statement; whether a reporting verb frames it."""
    tokens = [trigger]
    current = trigger
    reporting = lexicon.lemma_set("status", "reporting")
    carriers = lexicon.lemma_set("status", "carriers")
    negations = lexicon.lemma_set("negation", "verbs")
    for _ in range(10):
        head = current.head
        relation = dep(current)
        if head == current or relation in _STOP:
            return tokens, False
        if relation == "conj" and tree.is_predicate(current) and tree.is_predicate(head) and tree.is_verb(current):
            return tokens, False  # "imposed tariffs and threatened sanctions": two statements
        if tree.lemma(head) in reporting and relation in ("ccomp", "parataxis", "xcomp", "obj") and tree.is_verb(head):
            return tokens, True
        if len(tokens) == 1 and tree.case_of(current) == "against" and tree.is_verb(head) and \
                tree.lemma(head) not in carriers:
            return tokens, False  # "would retaliate against tariffs imposed last week": the tariffs' own status
        if relation in ("obj", "obl", "nmod", "nsubj:pass", "acl") and tree.is_verb(head) and \
                tree.lemma(head) not in carriers and tree.lemma(head) not in negations and len(tokens) > 1:
            return tokens, False  # "a petition challenging Korea's ban": challenging says nothing of the ban
        current = head
        tokens.append(current)
    return tokens, False


def read_statement(trigger: Token, predicate: Token, kind: str) -> Statement:
    """Status (or None when denied) of the measure whose trigger is `trigger`."""
    tokens, reported = chain(trigger)
    if predicate not in tokens:
        tokens.append(predicate)
    if _denied(tokens):
        return Statement(None, reported, False)
    found: list[str] = ["proposed"] if any(_lobbied_against(token) for token in tokens) else []
    conditional = False
    cues = {status: lexicon.lemma_set("status", status) for status in ("alleged", "threatened", "proposed",
                                                                         "announced", "in_force")}
    for position, token in enumerate(tokens):
        word = tree.lemma(token)
        if word == "set" and not tree.children(token, "xcomp"):
            pass  # "has set a quota" is done; only "is set to impose" announces
        elif word == "call" and not any(tree.case_of(c) in ("for", "on") or dep(c) == "xcomp" for c in token.children):
            pass  # "what it called its largest package" names; only "called for" proposes
        elif position > 0 or tree.is_verb(token):
            for status, lemmas in cues.items():
                if word in lemmas and not (status == "in_force" and position > 2):
                    found.append(status)
                    break
        if tree.is_verb(token) and tree.marker_of(token) == "to" and any(
                dep(c) in ("aux", "cop") and c.text.lower() in ("is", "are", "was", "were") for c in token.children):
            found.append("announced")  # "the tariffs are to be imposed on ..."
        for child in token.children:
            relation = dep(child)
            if relation == "aux" and child.text.lower() in _MODALS:
                if position == 0 and word in lexicon.lemma_set("limits", "negated"):
                    continue  # "could not exceed 632,000 tonnes" states a limit in force
                modal = _MODALS[child.text.lower()]
                if child.text.lower() == "would":
                    modal = "announced" if reported else "threatened"
                if modal:
                    found.append(modal)
            elif relation in ("amod", "advmod") and position <= 1:
                cue = _ON_NOUN.get(child.text.lower())
                if cue:
                    found.append(cue)
                elif tree.lemma(child) in cues["alleged"]:
                    found.append("alleged")
            elif relation == "advcl" and tree.marker_of(child) in lexicon.lemma_set("status", "conditional"):
                conditional = True
            elif relation in ("obl", "nmod") and tree.case_of(child) in ("in", "under", "on") and position <= 2:
                # "had in mind", "under consideration", "on the table", "in the works"
                phrase = _PHRASES.get(tree.lemma(child))
                if phrase:
                    found.append(phrase)
        if tree.marker_of(token) in ("if", "unless") and position > 0:
            break  # the trigger sits inside a condition: what governs the condition is another statement
    if kind in FLOWS and any(tree.lemma(a) in cues["alleged"] for a in tree.governing_chain(trigger, 6)):
        found.append("alleged")  # "accusing Beijing of supporting Moscow through supplies of ...": whatever lies between
    status = _resolve(found, conditional, kind, predicate, reported)
    return Statement(status, reported, conditional)


def _resolve(found: list[str], conditional: bool, kind: str, predicate: Token, reported: bool) -> str:
    flow = kind in FLOWS
    if "alleged" in found and flow:
        return "alleged"
    if conditional or "threatened" in found:
        return "threatened"
    if "proposed" in found:
        return "proposed"
    if "announced" in found:
        return "announced"
    if flow:
        return "reported"
    return "in_force"


def _denied(tokens: list[Token]) -> bool:
    """A negation on the chain: "not", "never", "no plans to", "refused to", "ruled out"."""
    verbs = lexicon.lemma_set("negation", "verbs")
    nouns = lexicon.lemma_set("negation", "nouns")
    frames = lexicon.lemma_set("limits", "negated")
    for position, token in enumerate(tokens):
        if tree.negated(token) and not _negation_excepted(token) and not (position == 0 and tree.lemma(token) in frames):
            return True  # ("could not exceed 632,000 tonnes" is a limit, its "not" part of the frame)
        word = tree.lemma(token)
        below = tokens[position - 1] if position > 0 else None
        if position > 0 and word in verbs and _verbal(token) and below is not None \
                and dep(below) in ("xcomp", "obj", "ccomp", "csubj", "nsubj:pass", "advcl"):
            # "refused to lift", "vetoed the sanctions", "averted a ban" — the denial governs the measure
            if dep(below) == "advcl" and tree.marker_of(below) not in ("from", ""):
                continue
            if word == "rule" and not any(c.text.lower() == "out" for c in token.children):
                continue
            if word in ("stop", "drop", "scrap") and position > 2:
                continue
            return True
        if position > 0 and word in nouns and tree.negated(token):
            return True
    return False


def _verbal(token: Token) -> bool:
    """A verb, or a past form the tagger took for a noun ("the United States and Britain vetoed ...")."""
    text = token.text.lower()
    return tree.is_verb(token) or (text.endswith("ed") and lexicon.lemma(text) != text)


def _lobbied_against(token: Token) -> bool:
    """"persuade the EC not to impose duties": a negated verb that is what someone is urged to do."""
    return tree.negated(token) and dep(token) == "xcomp" and tree.lemma(token.head) in lexicon.lemma_set("negation", "lobbying")


def _negation_excepted(token: Token) -> bool:
    """"not only", "not yet" (still planned), "no longer" (a change, not a denial), "urged not to"."""
    if _lobbied_against(token):
        return True
    for child in token.children:
        if dep(child) in ("advmod", "det") and child.text.lower() in ("not", "no", "never"):
            following = child.nbor(1) if child.i + 1 < len(child.doc) else None
            if following is not None and following.text.lower() in ("only", "yet", "longer", "least", "more"):
                return True
    return False
