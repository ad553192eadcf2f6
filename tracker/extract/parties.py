"""Which country a word of a parsed sentence names: mentions placed on the tree.

The gazetteer finds mentions in the raw text (names, demonyms, capitals, leaders, agencies,
companies, resolved pronouns). Here each mention is pinned to the token that heads it, so
that the roles can ask the tree "who owns these goods?" or "is the subject a country?".
"""

from __future__ import annotations

import dataclasses
import re
from typing import Any

from tracker.extract import lexicon, tree
from tracker.extract.mentions import Mention
from tracker.extract.tree import Token, dep

# "US$20 billion", "HK$3": a currency, never a country.
_CURRENCY = re.compile(r"\s*(?:\$|dlrs?\b|dollars?\b)", re.IGNORECASE)
# Relations through which a modifier names whose something is ("Russian oil", "India's tariffs").
_OWNING = ("amod", "compound", "nmod:poss", "flat", "nmod:npmod", "det", "nummod")
# Prepositions through which a nominal names whose goods they are ("imports from Iran").
_ORIGIN_CASES = ("from", "of", "in")


_VIA = {"pron": "pronoun", "dateline": "dateline"}


@dataclasses.dataclass(frozen=True, slots=True)
class Party:
    """A country (or bloc) taking part in a measure, and the mention it was read from."""

    code: str
    mention: Mention
    via: str = "tree"  # tree | clause | pronoun | register | dateline — how sure the reading is

    @property
    def start(self) -> int:
        return self.mention.start

    @property
    def end(self) -> int:
        return self.mention.end


@dataclasses.dataclass(slots=True)
class ParsedSentence:
    """One parsed sentence of an article and the mentions pinned to its tokens."""

    source: str
    start: int
    end: int
    doc: Any
    mentions: list[Mention]
    by_token: dict[int, list[Mention]] = dataclasses.field(default_factory=dict)

    def __post_init__(self) -> None:
        for mention in self.mentions:
            if _CURRENCY.match(self.source, mention.end) and mention.form in ("name", "adj"):
                continue  # "US$", "Australian dollars"
            token = self.head_token(mention.start - self.start, mention.end - self.start)
            if token is not None:
                self.by_token.setdefault(token.i, []).append(mention)
        self._rebind_pronouns()

    def _rebind_pronouns(self) -> None:
        """Resolve "its" and "it" within the sentence by its clauses, which the text alone cannot.

        A possessive belongs to its clause's subject ("after the United States refused to exempt
        it from its tariff": the tariff is the United States'); an object pronoun never means
        its own clause's subject ("exempt it": not the United States, but India named before).
        """
        for index, mentions in list(self.by_token.items()):
            if not mentions or any(m.form != "pron" for m in mentions):
                continue
            token = self.doc[index]
            word = token.text.lower()
            subject_codes = self._clause_subject_codes(token)
            if not subject_codes:
                continue
            mention = mentions[0]
            if word in ("its", "their") and _in_reason_phrase(token):
                continue  # "tariffs on India over its purchases": the pressured party's, not the subject's
            if word in ("its", "their") and dep(token) == "nmod:poss" and mention.code not in subject_codes:
                self.by_token[index] = [dataclasses.replace(mention, code=code) for code in subject_codes]
            elif word in ("it", "them") and dep(token) in ("obj", "iobj", "obl") and mention.code in subject_codes:
                earlier = [m for m in self.mentions if m.end <= mention.start and m.acting and m.form != "pron"
                           and m.code not in subject_codes]
                if earlier:
                    self.by_token[index] = [dataclasses.replace(mention, code=earlier[-1].code)]
                else:
                    del self.by_token[index]

    def _clause_subject_codes(self, token: Token) -> list[str]:
        for ancestor in tree.governing_chain(token, 6):
            if tree.is_predicate(ancestor):
                subject, passive = tree.subject_of(ancestor)
                if subject is None or passive:
                    return []
                codes = [m.code for m in self.by_token.get(subject.i, []) if m.form != "pron"]
                if not codes:
                    codes = [p.code for p in _named_in_core(self, subject)]
                return list(dict.fromkeys(codes))
        return []

    def head_token(self, start: int, end: int) -> Token | None:
        """The token that heads the character span [start, end) of this sentence."""
        inside = [t for t in self.doc if t.idx < end and t.idx + len(t.text) > start]
        if not inside:
            return None
        indices = {t.i for t in inside}
        for token in inside:
            if token.head.i not in indices or token.head == token:
                return token
        return inside[-1]

    def parties_at(self, token: Token) -> list[Party]:
        """The parties a token itself names (two for "the two countries")."""
        return [Party(m.code, m, _VIA.get(m.form, "tree")) for m in self.by_token.get(token.i, [])]

    def offset(self, token: Token) -> int:
        return self.start + int(token.idx)


def owners(sentence: ParsedSentence, token: Token, depth: int = 0) -> list[Party]:
    """Whose a noun phrase is: the country it names, or the one its modifiers name.

    "Nicaragua" → NIC; "Russian oil" → RUS; "India's imports" → IND; "imports from Iran" → IRN;
    "Venezuelan state oil company PDVSA" → VEN; "818 categories of Chinese imports" → CHN.
    Coordinated phrases give every owner ("Nicaragua, Romania and Paraguay").
    """
    if depth > 3:
        return []
    found: list[Party] = []
    for member in tree.conjuncts(token):
        own = sentence.parties_at(member)
        if not own:
            for child in member.children:
                if dep(child) in _OWNING:
                    own.extend(p for m in tree.conjuncts(child) for p in sentence.parties_at(m))
        if not own:
            for child in member.children:
                if dep(child) in ("nmod", "obl") and tree.case_of(child) in _ORIGIN_CASES:
                    own.extend(owners(sentence, child, depth + 1))
        if not own and depth < 2:
            for child in member.children:
                if dep(child) in ("compound", "amod") and not sentence.parties_at(child):
                    own.extend(owners(sentence, child, depth + 1))
        found.extend(own)
    if not found and depth == 0:
        found = _anywhere_inside(sentence, token)
    return listed(sentence, unique(found)) if depth == 0 else unique(found)


_EXCEPT = frozenset({"except", "excluding", "other", "besides", "apart", "but", "outside"})


def _anywhere_inside(sentence: ParsedSentence, token: Token) -> list[Party]:
    """Every country named anywhere in the phrase, when its structure names none directly.

    "on 443 individuals and 33 entities, including most of Russia's banking sector",
    "on C$30 billion (about US$21 billion) of American goods", "cars built in China":
    the parser's attachments inside long phrases are the least reliable, and any country
    the phrase names is whose the phrase is. Relative and adverbial clauses are left out,
    and so is whatever follows "except" or "other than".
    """
    found: list[Party] = []
    aside: list[Party] = []  # what an apposition names ("most of it through refiners X and Y") comes last
    frontier = [(token, False)]
    while frontier:
        node, in_apposition = frontier.pop(0)
        if node.text.lower() in _EXCEPT and node != token:
            continue
        (aside if in_apposition else found).extend(sentence.parties_at(node))
        for child in node.children:
            if dep(child) in ("acl:relcl", "advcl", "parataxis", "ccomp", "csubj") or child.text.lower() in _EXCEPT:
                continue
            frontier.append((child, in_apposition or dep(child) == "appos"))
    return found or aside


_LIST_GLUE = frozenset({",", "and", "or", "the", "&", "as", "well", "neighbouring", "neighboring", "nearby"})


def listed(sentence: ParsedSentence, parties: list[Party]) -> list[Party]:
    """The parties plus those listed right after them ("from Canada, the European Community,
    Argentina and Australia"), read from the word sequence because the parser often hangs
    the later items of a long list anywhere."""
    if not parties:
        return parties
    found = list(parties)
    last = max(p.end for p in parties) - sentence.start
    tokens = [t for t in sentence.doc if t.idx >= last]
    for token in tokens:
        if token.idx < last:
            continue
        text = token.text.lower()
        own = sentence.parties_at(token)
        if own:
            found.extend(own)
            last = max(m.end for m in sentence.by_token.get(token.i, [])) - sentence.start
            continue
        if text in _LIST_GLUE or any(token.idx < m.end - sentence.start and m.start - sentence.start <= token.idx
                                      for ms in sentence.by_token.values() for m in ms):
            continue
        break
    return unique(found)


def premodifiers(sentence: ParsedSentence, noun: Token) -> tuple[list[Party], list[Party]]:
    """(possessors, modifiers) named before a noun inside its phrase: "their first U.S. grain purchases".

    Read left to right rather than from the attachments, because the parser often hangs a
    possessive on the wrong premodifier; a country followed by "'s" or a possessive pronoun
    owns the noun, any other country before it modifies it.
    """
    possessors: list[Party] = []
    modifiers: list[Party] = []
    for token in sentence.doc[noun.left_edge.i : noun.i]:
        parties = sentence.parties_at(token)
        if not parties or not _inside_premodifiers(token, noun):
            continue
        following = sentence.doc[token.i + 1] if token.i + 1 < len(sentence.doc) else None
        if str(token.tag_) == "PRP$" or (following is not None and following.text in ("'s", "’s", "'")):
            possessors.extend(parties)
        else:
            modifiers.extend(parties)
    return unique(possessors), unique(modifiers)


def _inside_premodifiers(token: Token, noun: Token) -> bool:
    """No preposition or clause lies between the token and the noun it modifies."""
    current = token
    for _ in range(6):
        if current == noun:
            return True
        if dep(current) in ("acl", "acl:relcl", "advcl", "ccomp") or any(dep(c) == "case" and c.text not in ("'s", "’s", "'")
                                                                          for c in current.children):
            return False
        if current.head == current:
            return False
        current = current.head
    return False


def named(sentence: ParsedSentence, token: Token) -> list[Party]:
    """The parties a nominal names itself or by apposition, coordinated ones included."""
    found: list[Party] = []
    for member in tree.conjuncts(token):
        own = sentence.parties_at(member)
        if not own:
            for child in member.children:
                if dep(child) in ("flat", "appos", "compound", "nmod:poss", "amod") and sentence.parties_at(child) \
                        and _is_organisation_head(member):
                    own.extend(sentence.parties_at(child))
        found.extend(own)
    return listed(sentence, unique(found))


# A noun naming a body that acts for its country: "China's commerce ministry", "the Japanese
# government", "Russian officials", "U.S. suppliers" (firms).
_ACTING_NOUNS = frozenset(["members", "member", "party", "government", "administration", "ministry", "ministries", "department", "cabinet", "parliament", "congress", "senate", "authorities", "authority", "regulators", "regulator", "officials", "official", "minister", "ministers", "president", "premier", "leader", "leaders", "customs", "state", "states", "country", "countries", "nation", "side", "bloc", "union", "commission", "council", "treasury", "agency", "agencies", "lawmakers", "legislators", "mission", "delegation", "embassy", "firm", "firms", "company", "companies", "refiners", "refiner", "refinery", "refineries", "supplier", "suppliers", "exporter", "exporters", "importer", "importers", "buyers", "buyer", "traders", "trader", "producers", "producer", "bank", "banks", "navy", "army", "military", "court", "regime", "junta", "crushers", "utility", "utilities", "mills"])


def _is_organisation_head(token: Token) -> bool:
    return str(token.text).lower() in _ACTING_NOUNS or str(token.tag_) in ("NNP", "NNPS")


def acting(sentence: ParsedSentence, token: Token, depth: int = 0) -> list[Party]:
    """Who a subject or agent stands for: a country, or a body whose modifiers name one.

    "Canada" → CAN; "China's commerce ministry" → CHN; "U.S. refiners" → USA; "members of
    Britain's ruling party" → GBR; "refiners in India" → IND; "the state oil company" with no
    country → nobody.
    """
    found: list[Party] = []
    for member in tree.conjuncts(token):
        own = sentence.parties_at(member)
        if not own:
            own = _named_in_core(sentence, member)  # "U.S. Commerce Secretary Malcolm Baldrige"
        if not own and _is_organisation_head(member):
            possessors, modifiers = premodifiers(sentence, member)
            own.extend(possessors + modifiers)
            if not own:
                for child in member.children:
                    if dep(child) in _OWNING:
                        own.extend(sentence.parties_at(child))
            if not own and depth < 2:
                for child in member.children:
                    if (dep(child) in ("nmod", "acl") and tree.case_of(child) in ("of", "in", "from", "at")) or (
                            dep(child) == "acl" and str(child.text).lower() in _LOCATED):
                        place = child if dep(child) == "nmod" else next(iter(tree.phrases(child, ("in", "at"))), None)
                        if place is not None:
                            own.extend(acting(sentence, place, depth + 1))
        if not own and _is_organisation_head(member) and depth == 0:
            own.extend(_located_by_frame(sentence, member))  # "In Turkey, the state refinery has bought ..."
        found.extend(own)
    if depth == 0 and found and any(p.mention.form != "pron" for p in found):
        return listed(sentence, unique(found))  # "by the Group of Seven, the EU and Australia"
    return unique(found)


def _located_by_frame(sentence: ParsedSentence, subject: Token) -> list[Party]:
    """A country given by a locative frame of the subject's clause ("In Turkey, ...")."""
    head = subject.head
    for child in head.children:
        if dep(child) in ("obl", "nmod") and tree.case_of(child) == "in" and child.i < subject.i:
            found = [p for p in sentence.parties_at(child) if p.mention.form in ("name", "seat")]
            if found:
                return found
    return []


_CORE = frozenset({"flat", "appos", "compound", "nmod:poss", "amod", "det", "flat:name"})
_STRONG = frozenset({"name", "leader", "body", "org", "seat", "pron", "dateline"})


def _named_in_core(sentence: ParsedSentence, token: Token) -> list[Party]:
    """A name, leader, body or firm inside a name-like phrase ("U.S. Commerce Secretary Malcolm
    Baldrige", "Prime Minister Narendra Modi"): those words act; a bare adjective does not."""
    found: list[Party] = []
    frontier = [token]
    while frontier:
        node = frontier.pop()
        for child in node.children:
            if dep(child) in _CORE:
                found.extend(p for p in sentence.parties_at(child) if p.mention.form in _STRONG)
                frontier.append(child)
    return found


# "five trading firms registered in Liberia", "a refinery based in Gujarat, India".
_LOCATED = frozenset({"registered", "based", "located", "headquartered", "incorporated", "domiciled", "flagged",
                      "operating", "listed"})


_RANK = {"tree": 0, "clause": 1, "pronoun": 2, "register": 3, "dateline": 4}


def unique(parties: list[Party]) -> list[Party]:
    """One party per country, in first-seen order, read the surest way it was read."""
    best: dict[str, Party] = {}
    for party in parties:
        held = best.get(party.code)
        if held is None or _RANK.get(party.via, 9) < _RANK.get(held.via, 9):
            best[party.code] = party
    return list(best.values())


def _in_reason_phrase(token: Token) -> bool:
    """Whether a possessive heads into a reason or response phrase ("over its purchases", "for their support").

    A measure is taken over what its target did, so such a possessive does not belong to
    the clause's subject; it keeps the antecedent the text gives it.
    """
    noun = token.head
    if dep(noun) not in ("obl", "nmod", "obl:arg"):
        return False
    case = tree.case_of(noun)
    return bool(case) and case in (lexicon.strings("links", "over") + lexicon.strings("links", "in_response_to"))
