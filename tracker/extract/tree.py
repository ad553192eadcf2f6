"""Reading a Universal Dependencies tree: clauses, subjects, agents, objects, prepositions.

The parser is trained on UD English, so its labels are UD's (nsubj, nsubj:pass, obj, obl,
nmod, nmod:poss, amod, compound, xcomp, ccomp, advcl, acl, acl:relcl, conj, case, mark ...).
These helpers answer the grammatical questions the extractor asks and nothing else; which
party is an actor or a target is decided in `roles.py`.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from tracker.extract import lexicon

Token = Any  # a spaCy Token; spaCy ships no type stubs precise enough to be worth the import

NOMINAL = frozenset({"obj", "iobj", "nsubj", "nsubj:pass", "obl", "obl:npmod", "nmod", "appos", "compound",
                     "nmod:poss", "nmod:npmod", "amod", "flat", "list", "dep", "dislocated", "vocative", "orphan"})
CLAUSAL = frozenset({"ROOT", "root", "ccomp", "xcomp", "advcl", "acl", "acl:relcl", "parataxis", "csubj",
                     "csubj:pass"})


def dep(token: Token) -> str:
    return str(token.dep_)


def children(token: Token, *deps: str) -> list[Token]:
    """Children with one of the given relations (all children when none is given)."""
    return [child for child in token.children if not deps or dep(child) in deps]


def case_of(token: Token) -> str:
    """The preposition of a nominal ("on" for "on India"), multi-word ones joined ("because of")."""
    for child in token.children:
        if dep(child) == "case":
            words = [child.text.lower()] + [f.text.lower() for f in child.children if dep(f) == "fixed"]
            return " ".join(words)
    return ""


def marker_of(token: Token) -> str:
    """The subordinating word of a clause ("if", "unless", "to", "that")."""
    for child in token.children:
        if dep(child) == "mark":
            return str(child.text.lower())
    return ""


def is_verb(token: Token) -> bool:
    return str(token.tag_).startswith("VB") or str(token.tag_) == "MD"


def is_noun(token: Token) -> bool:
    return str(token.tag_).startswith(("NN", "PRP", "CD")) or str(token.tag_) in ("JJ", "FW")


def is_predicate(token: Token) -> bool:
    """A clause's head: a verb, a copula's complement, or a clausal relation."""
    return is_verb(token) or dep(token) in CLAUSAL or any(dep(c) == "cop" for c in token.children)


def is_passive(verb: Token) -> bool:
    if any(dep(c) in ("nsubj:pass", "aux:pass") for c in verb.children):
        return True
    return str(verb.tag_) == "VBN" and dep(verb) in ("acl", "amod") and not any(dep(c) == "aux" for c in verb.children)


def lemma(token: Token) -> str:
    return lexicon.lemma(str(token.text))


def predicate_of(token: Token) -> Token:
    """The clause head that governs a nominal: "tariffs" in "imposed tariffs on X" → "imposed"."""
    seen = 0
    while not is_predicate(token) and dep(token) in NOMINAL | {"conj"} and token.head != token and seen < 12:
        token = token.head
        seen += 1
    return token


def conjuncts(token: Token) -> list[Token]:
    """The token and every token coordinated with it ("Canada, Mexico and China")."""
    found = [token]
    for child in token.children:
        if dep(child) == "conj":
            found.extend(conjuncts(child))
    return found


def subject_of(verb: Token, depth: int = 0) -> tuple[Token | None, bool]:
    """(subject, passive?) of a clause; shared and controlled subjects are followed.

    "Japan agreed to restrain exports": the subject of "restrain" is "Japan" (subject
    control); "urged Tokyo to lift the duties": "Tokyo" lifts (object control); "Canada
    imposed duties and banned imports": "banned" shares "Canada".
    """
    if depth > 6:
        return None, False
    subjects = [c for c in verb.children if dep(c) in ("nsubj", "csubj", "nsubj:pass")]
    misread = misread_subject(verb) if not subjects else None
    if misread is not None:
        return misread, False  # "the Treasury blacklisted Myanmar Economic Corporation" read as a noun phrase
    if subjects:
        # Two subjects side by side are a title and a name the parser split ("President Reagan"):
        # the name, on the right, heads it.
        subject = subjects[-1] if all(c.i < verb.i for c in subjects) else subjects[0]
        return _antecedent(subject), dep(subject) == "nsubj:pass"
    relation = dep(verb)
    head = verb.head
    if head == verb:
        return None, False
    if relation in ("obl", "nmod", "advcl", "acl", "xcomp") and (marker_of(verb) in ("of", "for") or case_of(verb) in ("of", "for")):
        if is_verb(head):
            objects = [c for c in head.children if dep(c) == "obj"]
            if objects:  # "accusing Beijing of supporting ...", "sanctioned firms for buying ...": the object does it
                return objects[0], False
        elif str(verb.tag_) == "VBG" or verb.text.lower().endswith("ing"):  # the tagger may call a gerund a noun
            return head, False  # "three Chinese refineries for buying Iranian oil": the refineries buy
    if relation == "conj" and is_predicate(head):
        return subject_of(head, depth + 1)
    if relation in ("xcomp", "advcl") and is_predicate(head):
        if relation == "xcomp" and lemma(head) in lexicon.lemma_set("object_control"):
            objects = children(head, "obj", "iobj")
            if objects:
                return objects[0], False
        return subject_of(head, depth + 1)
    if relation == "acl" and marker_of(verb) in ("to", "of", "for", "by", ""):
        # "Peru's decision to impose ...", "India signed a protocol to buy ...": the noun's owner,
        # or the subject of the clause that holds the noun
        noun = head
        for child in noun.children:
            if dep(child) == "nmod:poss":
                return child, False
        governor = noun
        for _ in range(4):
            if is_predicate(governor) and governor != noun:
                return subject_of(governor, depth + 1)
            if governor.head == governor:
                break
            governor = governor.head
        return None, False
    return None, False


def misread_subject(token: Token) -> Token | None:
    """The subject of a finite verb the parser took for a premodifier, or None.

    Trained on web text, the parser often reads a news sentence's "the Treasury blacklisted
    Myanmar Economic Corporation" or "Washington imposed 25% tariffs" as a noun phrase with
    the verb as an adjective ("blacklisted" modifying "Corporation"). A past form of a verb the
    lexicon knows, tagged as a participle or adjective, modifying a noun on its right and
    directly preceded by a name or noun (never by "the", "newly" or a possessive "'s", as in a
    true premodifier: "the blacklisted firms", nor hyphen-joined: "Chinese-made"), is read as
    the verb of that name.
    """
    if dep(token) not in ("amod", "compound") or str(token.tag_) not in ("VBN", "VBD", "JJ") or token.i == 0:
        return None
    text = token.text.lower()
    if not text.endswith("ed") or lexicon.lemma(text) == text or token.head.i <= token.i:
        return None
    before = token.doc[token.i - 1]
    if not str(before.tag_).startswith(("NNP", "NN", "PRP")) or str(before.tag_) == "PRP$" or not before.whitespace_:
        return None
    return before


def _antecedent(subject: Token) -> Token:
    """A relative pronoun subject stands for the noun its clause modifies ("sanctions that ...").

    After a comma the noun right before it is the antecedent ("Canada, which is grappling
    with ..."), whatever the parser attached the clause to.
    """
    if str(subject.tag_) in ("WDT", "WP"):
        doc = subject.doc
        before = subject.i - 1
        if before >= 1 and doc[before].text == "," and str(doc[before - 1].tag_).startswith("NNP"):
            return doc[before - 1]
        if dep(subject.head) == "acl:relcl":
            return subject.head.head
    return subject


def object_of(verb: Token) -> Token | None:
    """A verb's direct object; failing that, the nearest noun it governs on its right.

    The fallback absorbs a common parser error ("will ban imports ..." with "imports" taken
    for a complement clause) without reaching into prepositional phrases.
    """
    objects = [c for c in verb.children if dep(c) in ("obj", "iobj")]
    if objects:
        return objects[-1] if dep(objects[0]) == "iobj" and len(objects) > 1 else objects[0]
    if misread_subject(verb) is not None:
        # The noun the misread verb was taken to modify, up to the head of its phrase ("halted
        # gas deliveries": "gas" is a compound of the object, "deliveries").
        noun = verb.head
        while dep(noun) == "compound" and noun.head.i > noun.i:
            noun = noun.head
        return noun
    for child in verb.children:
        if child.i > verb.i and dep(child) in ("xcomp", "dep", "ccomp", "obl:npmod") \
                and str(child.tag_).startswith(("NN", "VBG")) and not case_of(child) and not marker_of(child):
            return child
    return None


def agent_of(verb: Token) -> Token | None:
    """The "by" phrase of a passive ("imposed by the EU")."""
    for child in verb.children:
        if dep(child) in ("obl", "obl:agent", "nmod") and case_of(child) == "by":
            return child
    return None


def prepositional(token: Token, *cases: str) -> Iterator[Token]:
    """Nominals attached to `token` by one of the prepositions ("on", "against", "from" ...)."""
    for child in token.children:
        if dep(child) in ("obl", "nmod", "obl:arg", "advcl") and case_of(child) in cases:
            yield child


_CLAUSE_EDGES = frozenset({"advcl", "acl:relcl", "ccomp", "parataxis", "csubj", "xcomp", "list"})


def phrases(token: Token, cases: tuple[str, ...], depth: int = 4,
            skip: tuple[str, ...] = ("nsubj", "nsubj:pass", "csubj")) -> list[Token]:
    """Nominals with one of the prepositions anywhere in the token's phrase, nearest first.

    Searching the whole phrase rather than the token's own children is robust to the
    parser's commonest error, a preposition attached one level too high or too low
    ("donate 70,000 tonnes of coal to Ukraine", "tariffs on $34 billion of Chinese goods").
    Other clauses are not entered.
    """
    found: list[Token] = []
    frontier = [token]
    for _ in range(depth):
        following: list[Token] = []
        for node in frontier:
            for child in node.children:
                relation = dep(child)
                if relation in _CLAUSE_EDGES or relation in skip or (relation == "conj" and is_verb(child)):
                    continue
                if relation in ("obl", "nmod", "obl:arg", "acl") and case_of(child) in cases and child not in found:
                    found.append(child)
                following.append(child)
        frontier = following
    return found


def governing_chain(token: Token, limit: int = 8) -> Iterator[Token]:
    """The token's ancestors, nearest first, stopping at the sentence root."""
    current = token
    for _ in range(limit):
        if current.head == current:
            return
        current = current.head
        yield current


def negated(token: Token) -> bool:
    """A negation particle on this very word ("not", "never", "no")."""
    particles = lexicon.lemma_set("negation", "particles")
    for child in token.children:
        if dep(child) in ("advmod", "det", "neg", "cc:preconj") and child.text.lower() in particles:
            return True
    return False


def subtree_span(token: Token) -> tuple[int, int]:
    """Character offsets (within the parsed text) of a token's subtree."""
    left, right = token.left_edge, token.right_edge
    return int(left.idx), int(right.idx + len(right.text))
