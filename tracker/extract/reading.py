"""What one trigger word says, read from the dependency tree of its sentence.

A trigger ("tariffs", "banned", "purchases", "lift") becomes a `Reading`: its kind, who acts
(the subject or passive agent of its clause, or the owner named inside the measure's noun
phrase), who is hit (the object, the objects of on/against/to/from, the owner of the goods),
whether the clause denies it, and its status from the words that govern it. Nothing is
guessed from neighbouring sentences here: a party the tree does not give is left empty and
the article register (`register.py`) may fill it from an explicit earlier mention.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Iterable

from tracker.extract import knowledge, lexicon, tree
from tracker.extract.figures import find_figures
from tracker.extract.goods import commodity_regex
from tracker.extract.lexicon import Hit
from tracker.extract.parties import ParsedSentence, Party, acting, listed, named, owners, premodifiers, unique
from tracker.extract.tree import Token, dep
from tracker.records import FLOWS, INSTRUMENTS, ExtractedMeasure

# Prepositions that name the target of a measure noun or of the verb that imposes it.
TARGET_CASES = {
    "tariff": ("on", "against", "from", "to", "for"),
    "quota": ("on", "against", "from", "to", "for", "into"),
    "import_ban": ("on", "against", "from", "of"),
    "export_control": ("to", "on", "against", "for", "with"),
    "sanction": ("on", "against", "to", "toward", "towards", "with", "targeting"),
    "price_cap": ("on", "of", "for"),
    "relief": ("on", "for", "to", "from", "against"),
}
@dataclasses.dataclass(slots=True)
class Reading:
    """One measure as the tree of one sentence tells it, before figures, dates and evidence."""

    kind: str
    actors: list[Party]
    targets: list[Party]
    trigger: Token
    predicate: Token
    lifted: bool = False  # a measure told as removed
    eased_kind: str | None = None  # for relief: the kind of the measure eased
    eased: Token | None = None  # for relief: the eased measure's noun ("the 145% levy")
    reference: bool = False  # an easing of "the measure", "the move": which one, the register says
    reasons: list[tuple[str, Token]] = dataclasses.field(default_factory=list)  # (relation, phrase head)
    restricted: Token | None = None  # for a ban or curb: what it restricts
    reciprocal: bool = False  # "slapped tariffs on each other's goods"
    referred: ExtractedMeasure | None = None  # the earlier measure "the cap", "these duties" refer back to


def _head(sentence: ParsedSentence, hit: Hit) -> Token:
    span = sentence.doc[hit.start : hit.end]
    return span.root


def _governs(upper: Token, lower: Token, limit: int = 4) -> bool:
    """`upper` governs `lower` within one clause: the measure's noun phrase or object."""
    current = lower
    for _ in range(limit):
        if current.head == current:
            return False
        if dep(current) in ("advcl", "parataxis", "acl:relcl", "ccomp", "csubj"):
            return False
        current = current.head
        if current == upper:
            return True
    return False


def read_sentence(sentence: ParsedSentence) -> list[Reading]:
    """Every measure one parsed sentence states, in order of their trigger words."""
    lowered = [t.text.lower() for t in sentence.doc]
    tags = [str(t.tag_) for t in sentence.doc]
    hits = [(hit, _head(sentence, hit)) for hit in lexicon.find(lowered, tags)]
    preference = lexicon.knowledge_section("preferences")
    hits = [(Hit(lexicon.Word(PREFERENCE_LOSS, "tariff", "verb"), hit.start, hit.end), token)
            if hit.word.meaning == "easing" and tree.is_verb(token) and tree.lemma(token) in preference["verbs"]
            and _loses_preference(token, preference) else (hit, token) for hit, token in hits]
    hits += _stopper_hits(sentence, {token.i for _, token in hits})
    consumed: set[int] = set()
    # A flow that a measure hits ("duties on imports"), a measure that an easing governs
    # ("lift the sanctions"), a generic retaliation carried by a named instrument
    # ("retaliate with tariffs"): the governed word is part of the governing one's reading.
    for hit, token in hits:
        for other, other_token in hits:
            if other_token == token or other_token.i in consumed:
                continue
            if (_governs(token, other_token) and _absorbs(hit, other) and not in_reason(other_token, token)) or (
                    _governs(other_token, token) and _named_instrument_wins(other, hit) and not _answered(token)):
                consumed.add(other_token.i)
    for hit, token in hits:
        for other, other_token in hits:
            if other_token != token and _in_purpose(other_token, token) and hit.word.meaning in INSTRUMENTS | {
                    "restriction"}:
                consumed.add(other_token.i)  # "sanctions to stop all Norwegian shipping": the aim, not a second measure
            if other_token != token and _named_instrument_wins(other, hit) and in_reason(other_token, token):
                consumed.add(other_token.i)  # "tariffs ... in retaliation for": the tariff is the measure
    readings: list[Reading] = []
    for hit, token in sorted(hits, key=lambda pair: pair[1].i):
        if token.i in consumed or _is_homonym(sentence, hit, token) or _in_proper_name(sentence, token):
            continue
        if hit.word.meaning in FLOWS and _scrutinised(token):
            continue
        reading = _read(sentence, hit, token, hits)
        if reading is not None:
            reading.reasons = reasons_of(reading.trigger, reading.predicate)
            if not reading.targets and reading.actors:
                reading.targets = _without(_warned(sentence, reading.trigger), reading.actors)
            if not reading.targets and reading.actors and reading.kind in INSTRUMENTS:
                reading.targets = _without(_answered_party(sentence, reading), reading.actors)
            if not reading.targets and reading.actors and reading.kind in ("import_ban", "tariff", "quota"):
                reading.targets = _without(_goods_owner(sentence), reading.actors)
            readings.append(reading)
    # A flow that a restriction restricts ("a ban on imports of ...") is that measure's object.
    restricted = {r.restricted.i for r in readings if r.restricted is not None}
    return [r for r in readings if not (r.kind in FLOWS and r.trigger.i in restricted)]


def _answered_party(sentence: ParsedSentence, reading: Reading) -> list[Party]:
    """"sanctions in retaliation for Japan's failure to honor the pact", "duties over Brazil's
    subsidies": a measure taken because of what a country did targets that country."""
    for relation, phrase in reading.reasons:
        if relation in ("in_response_to", "over"):
            found = owners(sentence, phrase)
            if found:
                return found
    return []


def _warned(sentence: ParsedSentence, token: Token) -> list[Party]:
    """"Japan warned Korea it would retaliate": the one warned is the one the threat would hit;
    "accused Brasilia of dumping shoes and threatened retaliatory steps": the one accused."""
    for ancestor in tree.governing_chain(token, 5):
        word = tree.lemma(ancestor)
        if word in lexicon.lemma_set("warning") or word in lexicon.lemma_set("status", "alleged"):
            for obj in tree.children(ancestor, "obj", "iobj"):
                found = acting(sentence, obj)
                if found:
                    return found
        if dep(ancestor) == "conj" and tree.is_verb(ancestor.head):  # "... accused X ... and threatened ..."
            for sibling in [ancestor.head, *tree.children(ancestor.head, "conj")]:
                if tree.lemma(sibling) in lexicon.lemma_set("status", "alleged") | lexicon.lemma_set("warning"):
                    for obj in tree.children(sibling, "obj"):
                        found = acting(sentence, obj)
                        if found:
                            return found
    return []


def _in_purpose(token: Token, governor: Token) -> bool:
    """`token` sits in an infinitive of purpose attached to `governor` ("sanctions to stop ...")."""
    current = token
    for _ in range(5):
        if current.head == current:
            return False
        if dep(current) in ("acl", "advcl", "xcomp") and tree.marker_of(current) == "to" and current.head == governor:
            return True
        current = current.head
    return False


def _in_proper_name(sentence: ParsedSentence, token: Token) -> bool:
    """"the General Agreement on Tariffs and Trade", "the U.S. International Trade Commission":
    a capitalised trigger word inside a capitalised name is part of the name."""
    if not token.text[:1].isupper() or token.i == 0 or token.text.isupper():
        return False
    doc = sentence.doc
    before = doc[token.i - 1]
    after = doc[token.i + 1] if token.i + 1 < len(doc) else None
    glue = ("on", "of", "and", "for", "&")
    left = before.text[:1].isupper() or (before.text in glue and token.i >= 2 and doc[token.i - 2].text[:1].isupper())
    right = after is not None and (after.text[:1].isupper() or (after.text in glue and token.i + 2 < len(doc)
                                                                 and doc[token.i + 2].text[:1].isupper()))
    return bool(left and right) or (bool(left) and before.text in glue)


def _scrutinised(token: Token) -> bool:
    """A flow that something scrutinises or aims to grow is no flow of note (gold convention 6)."""
    scrutiny = lexicon.lemma_set("scrutiny")
    for ancestor in tree.governing_chain(token, 3):
        if tree.lemma(ancestor) in scrutiny:
            return True
        if tree.is_predicate(ancestor) and dep(ancestor) not in ("xcomp", "acl", "amod"):
            return False
    return False


def reasons_of(trigger: Token, predicate: Token) -> list[tuple[str, Token]]:
    """The reason, response and condition phrases attached to a measure's word or its clause."""
    table = lexicon.knowledge_section("links")
    found: list[tuple[str, Token]] = []
    # The measure's object may carry the reason too: "sanctioned three refineries for buying Iranian oil".
    objects = [c for c in predicate.children if dep(c) == "obj"]
    for head in dict.fromkeys([trigger, predicate, trigger.head, *objects]):
        for child in head.children:
            if dep(child) not in ("obl", "nmod", "advcl", "acl", "obl:arg", "ccomp"):
                continue
            if head in objects and head not in (trigger, predicate) and not tree.is_verb(child):
                continue  # on the object only a clause gives a reason ("licences for exports" is no reason)
            case = tree.case_of(child) or tree.marker_of(child)
            word = tree.lemma(child)
            if word in table["response_nouns"] and case in ("in", "as", ""):
                found.append(("in_response_to", child))
            elif word in table["reason_nouns"] and case in ("as", "in", "for"):
                found.append(("over", child))
            else:
                for relation in ("condition", "in_response_to", "over"):
                    if case and case in table[relation]:
                        found.append((relation, child))
                        break
    return found


def _goods_owner(sentence: ParsedSentence) -> list[Party]:
    """The one country whose goods the sentence names, for a measure on imports that names none.

    "Argentine beef has been kept off Italian tables since the EC banned most imports": the
    imports banned are the goods the sentence is about. Only a commodity noun counts ("Italian
    tables" is no trade), and only when the sentence names one such origin.
    """
    pattern = commodity_regex()
    found: list[Party] = []
    for token in sentence.doc:
        if str(token.tag_).startswith("NN") and pattern.fullmatch(token.text):
            possessors, modifiers = premodifiers(sentence, token)
            found.extend(possessors + modifiers)
    found = unique(found)
    return found if len({p.code for p in found}) == 1 else []


def in_reason(token: Token, governor: Token) -> bool:
    """Whether `token` sits in a reason or response phrase of `governor` ("tariffs over its purchases")."""
    phrases = {phrase.i for _, phrase in reasons_of(governor, tree.predicate_of(governor))}
    current = token
    for _ in range(6):
        if current.i in phrases:
            return True
        if current == governor or current.head == current:
            return False
        current = current.head
    return False


def _absorbs(upper: Hit, lower: Hit) -> bool:
    up, low = upper.word.meaning, lower.word.meaning
    if up == low and up in INSTRUMENTS:
        return True  # "anti-dumping and countervailing duties", "tariff and non-tariff measures": one measure
    if low in FLOWS and (up in INSTRUMENTS or up in ("restriction", "relief", "easing")):
        return True
    if up == "easing" and (low in INSTRUMENTS or low == "restriction"):
        return True
    return up == "restriction" and low == "restriction"


def _distance(upper: Token, lower: Token) -> int:
    """Steps from `lower` up to `upper` in the tree (large when not an ancestor)."""
    current, steps = lower, 0
    while current != upper and current.head != current and steps < 10:
        current, steps = current.head, steps + 1
    return steps if current == upper else 99


def _answered(token: Token) -> bool:
    """"retaliate against tariffs the Reagan Administration imposed": the instrument is the one
    answered, not the answer; it is a measure of its own."""
    return tree.case_of(token) in ("against", "for", "to")


def _named_instrument_wins(generic: Hit, named_hit: Hit) -> bool:
    """"retaliate with tariffs", "retaliatory duties": the named instrument is the measure."""
    return generic.word.meaning == "sanction" and generic.word.lemma in ("retaliate", "retaliation", "hit back",
                                                                         "strike back", "fight back", "countermeasure",
                                                                         "punish", "penalty", "reprisal") \
        and named_hit.word.meaning in INSTRUMENTS - {"sanction"}


def _stopper_hits(sentence: ParsedSentence, taken: set[int]) -> list[tuple[Hit, Token]]:
    """Stopping and raising verbs count when what they govern makes them a measure.

    "suspended imports", "cut off gas deliveries" (restriction), "cut trade ties",
    "closed its airspace" (sanction), "suspend the tariffs", "cut duties" (easing),
    "raised duties to 25%" (tariff), "doubled the quota" (relief).
    """
    found: list[tuple[Hit, Token]] = []
    stoppers, raisers = lexicon.lemma_set("stoppers"), lexicon.lemma_set("raisers")
    fallers = lexicon.lemma_set("fallers")
    sanction_objects = set(lexicon.strings("restricted", "sanction"))
    preference = lexicon.knowledge_section("preferences")
    limits = lexicon.knowledge_section("limits")
    for token in sentence.doc:
        if token.i in taken:
            continue
        word = tree.lemma(token)
        if str(token.tag_) in ("JJ", "VBN") and word in limits["verbs"]:  # "will be limited to 275,000 tonnes"
            limit = _limit_verb(sentence, token, limits)
            if limit is not None:
                found.append((Hit(lexicon.Word(LIMIT + word, limit, "verb"), token.i, token.i + 1), token))
                continue
        if not tree.is_verb(token):
            limit = _limit_noun(sentence, token, limits)
            if limit is not None:
                found.append((Hit(lexicon.Word(LIMIT + word, limit, "noun"), token.i, token.i + 1), token))
            continue
        limit = _limit_verb(sentence, token, limits)
        if limit is not None:
            found.append((Hit(lexicon.Word(LIMIT + word, limit, "verb"), token.i, token.i + 1), token))
            continue
        if word in preference["verbs"] and _loses_preference(token, preference):
            found.append((Hit(lexicon.Word(PREFERENCE_LOSS, "tariff", "verb"), token.i, token.i + 1), token))
            continue
        if word in fallers:
            subjects = tree.children(token, "nsubj")
            if subjects and _meaning_of_object(sentence, subjects[0]) in INSTRUMENTS:
                found.append((Hit(lexicon.Word(word, "easing", "verb"), token.i, token.i + 1), token))
                continue
        if word in lexicon.lemma_set("licensing", "verbs") and _requires_licence(sentence, token):
            found.append((Hit(lexicon.Word(word, "restriction", "verb"), token.i, token.i + 1), token))
            continue
        if word in lexicon.lemma_set("permitting"):
            obj = tree.object_of(token)
            if obj is not None and _meaning_of_object(sentence, obj) in FLOWS:
                found.append((Hit(lexicon.Word(PERMIT + word, "relief", "verb"), token.i, token.i + 1), token))
            continue
        if word not in stoppers and word not in raisers:
            continue
        obj = tree.object_of(token)
        objects = [obj] if obj is not None else tree.children(token, "nsubj:pass")
        if not objects and str(token.tag_) in ("VBN", "JJ") and word in stoppers:
            subject, _ = tree.subject_of(token)  # "deliveries would remain suspended"
            objects = [subject] if subject is not None else []
        following = sentence.doc[token.i + 1] if token.i + 1 < len(sentence.doc) else None
        if following is not None and following.text.lower().endswith("ing") and \
                (lexicon.words().get((following.text.lower(),)) or ()) and word in stoppers:
            objects = [following]  # "will stop importing petroleum products", however it was parsed
        if not objects:
            continue
        target = objects[0]
        meaning = _meaning_of_object(sentence, target)
        if meaning is None and target == following:
            entries = lexicon.words().get((following.text.lower(),)) or ()
            meaning = next((e.meaning for e in entries if e.pos == "verb"), None)
        if word in raisers and meaning == "tariff":
            found.append((Hit(lexicon.Word(word, "tariff", "verb"), token.i, token.i + 1), token))
        elif (word in raisers and meaning == "quota") or (word in stoppers and (meaning in INSTRUMENTS or meaning == "restriction")):
            found.append((Hit(lexicon.Word(word, "easing", "verb"), token.i, token.i + 1), token))
        elif word in stoppers and meaning in FLOWS and tree.lemma(target) not in ("take", "receive", "carry"):
            # "halted gas deliveries", "stop buying" — not "stopped receiving", which someone else caused
            found.append((Hit(lexicon.Word(word, "restriction", "verb"), token.i, token.i + 1), token))
        elif word in stoppers and tree.lemma(target) in sanction_objects and tree.lemma(target) not in (
                "trade", "business", "company", "firm", "individual", "person", "entity", "bank", "official"):
            found.append((Hit(lexicon.Word(word, "sanction", "verb"), token.i, token.i + 1), token))
    return found


def _requires_licence(sentence: ParsedSentence, verb: Token) -> bool:
    """"require licences for exports of chips", "require exporters to obtain licences": a licence
    demanded for a flow (the flow named in the licence's phrase or as the verb's object)."""
    nouns = lexicon.lemma_set("licensing", "nouns")
    direct = tree.children(verb, "obj", "nsubj:pass")
    clauses = [*tree.children(verb, "xcomp"), *[c for d in direct for c in tree.children(d, "acl")]]
    candidates = [*direct, *[o for clause in clauses for o in tree.children(clause, "obj")]]
    licences = [c for c in candidates if tree.lemma(c) in nouns]
    if not licences:
        return False
    flows = [*candidates, *[p for licence in licences for p in tree.phrases(licence, ("for", "on", "of"), depth=2)]]
    return any(_meaning_of_object(sentence, flow) in FLOWS or tree.lemma(flow).rstrip("s") in ("exporter", "importer")
               for flow in flows)


PREFERENCE_LOSS = "preference loss"
PERMIT = "permit:"  # marks a relief read from letting a flow in again ("permit imports of ...")
LIMIT = "limit:"  # marks a trigger read from a limit frame ("could not exceed", "a voluntary rise in exports")


def _limit_verb(sentence: ParsedSentence, verb: Token, table: dict[str, list[str]]) -> str | None:
    """quota or price_cap when a verb sets a limit on a flow or a price."""
    word = tree.lemma(verb)
    governed = [t for t in (tree.object_of(verb), *tree.children(verb, "nsubj:pass", "nsubj")) if t is not None]
    if word in table["negated"] and tree.negated(verb):
        governed = tree.children(verb, "nsubj") or governed
    elif word not in table["verbs"]:
        return None
    for noun in governed:
        if tree.lemma(noun) in table["price"]:
            return "price_cap"
        if _meaning_of_object(sentence, noun) in FLOWS:
            return "quota"
    if word in table["negated"] and _nearby_flow(sentence, verb, before=True) is not None:
        return "quota"  # "... steel exports to the U.S. could not exceed ...", however the parser hung it
    return None


def _nearby_flow(sentence: ParsedSentence, token: Token, before: bool, reach: int = 8) -> Token | None:
    """The nearest flow noun within a few words of a limit word (a fallback for odd attachments)."""
    span = range(token.i - 1, max(-1, token.i - reach - 1), -1) if before else range(token.i + 1,
                                                                                   min(len(sentence.doc), token.i + reach + 1))
    for i in span:
        candidate = sentence.doc[i]
        if str(candidate.tag_).startswith("NN") and _meaning_of_object(sentence, candidate) in FLOWS:
            return candidate
        if candidate.text in (";", ":") or str(candidate.tag_) in ("VBD", "VBZ", "VBP"):
            return None
    return None


def _read_quota_limit(sentence: ParsedSentence, hit: Hit, token: Token) -> Reading:
    """A quantity limit on a flow: who limits whose goods.

    "Japan agreed to limit its car exports to the U.S." — the exporter restrains (a voluntary
    restraint: actor the exporter, target the destination). "Indonesia limited imports of
    Thai rice" — the importer limits the origin. "Brazil's steel exports to the U.S. could not
    exceed 632,000 tonnes" — the destination limits the exporter. "a voluntary 10 pct rise in
    car exports to the EC" set by Japan — a restraint by the exporter.
    """
    flows = [t for t in token.subtree if _meaning_of_object(sentence, t) in FLOWS] if not tree.is_verb(token) \
        else [t for t in (tree.object_of(token), *tree.children(token, "nsubj:pass", "nsubj")) if t is not None
              and _meaning_of_object(sentence, t) in FLOWS]
    if not flows:
        nearby = _nearby_flow(sentence, token, before=tree.is_verb(token), reach=8 if tree.is_verb(token) else 4)
        flows = [nearby] if nearby is not None else []
    reading = Reading("quota", [], [], token, tree.predicate_of(token))
    if not flows:
        return reading
    flow = flows[0]
    exports = _meaning_of_object(sentence, flow) == "supply"
    owner_possessors, owner_modifiers = premodifiers(sentence, flow)
    owner = owner_possessors or owner_modifiers
    destination: list[Party] = []
    origin: list[Party] = []
    for phrase in tree.phrases(flow, ("to", "into"), depth=2):
        destination = named(sentence, phrase) or owners(sentence, phrase)
        if destination:
            break
    for phrase in tree.phrases(flow, ("from", "of"), depth=2):
        origin = owners(sentence, phrase)
        if origin:
            break
    if not destination:
        destination = _linear_partner(sentence, flow, ("to", "into"))
    if not owner:
        owner = _linear_owner(sentence, flow)
    governor = token if tree.is_verb(token) else tree.predicate_of(token)
    subject, passive = tree.subject_of(governor)
    limiter = acting(sentence, subject) if subject is not None and not passive and subject != flow else []
    if exports:
        if limiter:  # the exporter restrains its own exports
            reading.actors, reading.targets = limiter, _without(destination, limiter)
        else:  # the exports are limited by where they go
            reading.actors, reading.targets = destination, _without(owner or origin, destination)
    else:
        reading.actors = limiter or owner
        reading.targets = _without(origin, reading.actors)
    return reading


def _linear_partner(sentence: ParsedSentence, token: Token, cases: tuple[str, ...]) -> list[Party]:
    """"exports to the EC": the party right after the preposition that follows a flow word."""
    doc = sentence.doc
    i = token.i + 1
    if i < len(doc) and doc[i].text.lower() in cases:
        for j in range(i + 1, min(len(doc), i + 4)):
            found = sentence.parties_at(doc[j])
            if found:
                return listed(sentence, found)
            if doc[j].text.lower() not in ("the", "a", "its", "their"):
                break
    return []


def _linear_owner(sentence: ParsedSentence, token: Token) -> list[Party]:
    """"Brazil's steel exports": a party in the few words before a flow word, with no verb between."""
    doc = sentence.doc
    for j in range(token.i - 1, max(-1, token.i - 5), -1):
        if str(doc[j].tag_).startswith(("VB", "MD")) or doc[j].text in (",", ";"):
            break
        found = sentence.parties_at(doc[j])
        if found:
            return found
    return []


def _read_permit(sentence: ParsedSentence, hit: Hit, verb: Token) -> Reading:
    """"will temporarily permit imports of South African uranium": the permitting country eases
    its own ban on the origin of what it lets in (or, for exports, on their destination)."""
    reading = Reading("relief", [], [], verb, verb)
    subject, passive = tree.subject_of(verb)
    if subject is not None and not passive:
        reading.actors = acting(sentence, subject)
    obj = tree.object_of(verb)
    if obj is None:
        return reading
    exports = _meaning_of_object(sentence, obj) == "supply"
    partner = _flow_partner(sentence, "export_control" if exports else "import_ban", obj)
    reading.targets = _without(partner, reading.actors)
    reading.restricted = obj
    return reading


def _limit_noun(sentence: ParsedSentence, noun: Token, table: dict[str, list[str]]) -> str | None:
    """"the cap" on a price is a price cap; "a voluntary 10 pct rise in car exports" a quota."""
    word = tree.lemma(noun)
    if word not in table["voluntary_nouns"] and word not in table["nouns"]:
        return None  # most tokens: checked first, since this runs for every word of a parsed sentence
    words = {t.text.lower() for t in noun.subtree}
    if word in table["voluntary_nouns"] and (words | {t.text.lower() for t in sentence.doc[max(0, noun.i - 5):noun.i]}) \
            & set(table["voluntary"]) and (any(_meaning_of_object(sentence, t) in FLOWS for t in noun.subtree)
                                           or _nearby_flow(sentence, noun, before=False, reach=4) is not None):
        return "quota"
    sentence_words = {t.text.lower() for t in sentence.doc}
    if word in table["nouns"] and str(noun.tag_).startswith("NN") and (
            sentence_words & set(table["price"]) or any(f.quantity == "per_barrel" for f in
                                                        find_figures(sentence.source, sentence.start, sentence.end))):
        return "price_cap"
    return None


def _loses_preference(verb: Token, table: dict[str, list[str]]) -> bool:
    """"ended India's eligibility for the Generalized System of Preferences": a tariff (gold README).

    Read from the words the verb governs after it, not from one attachment, because the parser
    often takes "duty" of "duty - free treatment" for the object.
    """
    subjects = {t.i for c in verb.children if dep(c).startswith("nsubj") for t in c.subtree}
    words = {t.text.lower().strip(".") for t in verb.subtree if t.i > verb.i and t.i not in subjects}
    return bool(words & set(table["objects"])) and bool(words & set(table["modifiers"]))


def _meaning_of_object(sentence: ParsedSentence, token: Token) -> str | None:
    """The kind or family a word governed by a verb stands for, if it is a trigger.

    Nouns by their noun entry ("suspended the tariffs", "halted deliveries"); gerunds by their
    verb entry ("stop buying Russian oil" restricts a purchase).
    """
    entries = lexicon.words().get((token.text.lower(),))
    if entries:
        nouns = [e for e in entries if e.pos == "noun"]
        if nouns:
            return nouns[0].meaning
        verbs = [e for e in entries if e.pos == "verb"]
        if verbs and str(token.tag_) == "VBG":
            return verbs[0].meaning
    if tree.lemma(token) in ("limit", "ceiling", "cap", "allocation"):
        return "quota"
    return None


def _is_homonym(sentence: ParsedSentence, hit: Hit, token: Token) -> bool:
    """Duty as obligation, military retaliation, a ban on driving: no trade measure."""
    lemma = hit.word.lemma
    if hit.word.meaning == "sanction" and lemma in ("retaliate", "retaliation", "retaliatory", "reprisal", "hit back",
                                                    "strike back", "fight back", "punish") \
            and knowledge.cue_regex("context", "military").search(sentence.source, sentence.start, sentence.end):
        return True  # "its forces destroyed an oil platform in retaliation": military, not trade pressure
    if lemma == "duty":
        for child in token.children:
            if dep(child) in ("nmod:poss", "amod", "det") and child.text.lower() in lexicon.strings("context", "not_customs"):
                return True
        if tree.case_of(token) in ("on", "off") and dep(token) in ("obl", "nmod"):
            return True  # "on duty"
    return False


def _read(sentence: ParsedSentence, hit: Hit, token: Token, hits: list[tuple[Hit, Token]]) -> Reading | None:
    meaning = hit.word.meaning
    if meaning == "restriction":
        return _read_restriction(sentence, hit, token)
    if meaning == "easing":
        return _read_easing(sentence, hit, token, hits)
    if meaning in FLOWS:
        return _read_flow(sentence, meaning, hit, token)
    if meaning == "quota" and hit.word.lemma.startswith(LIMIT):
        return _read_quota_limit(sentence, hit, token)
    if meaning == "relief" and hit.word.lemma.startswith(PERMIT):
        return _read_permit(sentence, hit, token)
    if meaning in INSTRUMENTS:
        kind = _modified_kind(token, meaning)
        return _read_instrument(sentence, kind, hit, token)
    return None


def _modified_kind(token: Token, kind: str) -> str:
    """"arms embargo", "visa ban", "trade sanctions", "export quota": a modifier decides."""
    modifiers = lexicon.knowledge_section("modifiers")
    for child in token.children:
        if dep(child) in ("compound", "amod") and tree.lemma(child) in modifiers:
            modified = modifiers[tree.lemma(child)]
            if kind in ("import_ban", "export_control") or (kind == "sanction" and modified == "export_control"):
                return str(modified)
    return kind


# ------------------------------------------------------------------------------------------
# Instruments: tariffs, quotas, sanctions, price caps (and bans once classified)
# ------------------------------------------------------------------------------------------

def _read_instrument(sentence: ParsedSentence, kind: str, hit: Hit, token: Token,
                     restricted: Token | None = None) -> Reading:
    if (hit.word.pos == "verb" and tree.is_verb(token)) or (dep(token) in tree.CLAUSAL and hit.word.pos == "verb"):
        actors, targets = _verb_parties(sentence, kind, token, restricted)
        predicate = token
        measure = tree.object_of(token) or next(iter(tree.children(token, "nsubj:pass")), None)
        if (not actors or not targets) and measure is not None and _meaning_of_object(sentence, measure) == kind:
            # "the 10% tariff Washington put on Chinese goods was doubled": the raised measure's own parties
            noun_actors, noun_targets, _ = _noun_parties(sentence, kind, measure)
            actors = actors or noun_actors
            targets = targets or _without(noun_targets, actors)
    else:
        actors, targets, predicate = _noun_parties(sentence, kind, token)
    reciprocal = _each_other(sentence, token, predicate)
    return Reading(kind, actors, targets, token, predicate, reciprocal=reciprocal)


def _verb_parties(sentence: ParsedSentence, kind: str, verb: Token,
                  restricted: Token | None) -> tuple[list[Party], list[Party]]:
    """"Canada sanctioned Nicaragua", "Chinese banks were sanctioned by the EU", "Japan retaliated against ..."."""
    subject, passive = tree.subject_of(verb)
    passive = passive or (str(verb.tag_) in ("VBN", "JJ") and any(
        dep(c) in ("cop", "aux", "aux:pass") and tree.lemma(c) == "be" for c in verb.children))  # "will be taxed at 50%"
    actors: list[Party] = []
    targets: list[Party] = []
    if passive:
        agent = tree.agent_of(verb)
        actors = acting(sentence, agent) if agent is not None else []
        if subject is not None:
            targets = owners(sentence, subject)
            if not actors and kind == "tariff":
                actors = _destination(sentence, subject)  # "Brazilian exports to the U.S. will be taxed at 50%"
    elif subject is not None:
        actors = acting(sentence, subject)
    if dep(verb) in ("acl",) and not passive:
        agent = tree.agent_of(verb)
        if agent is not None:
            actors = acting(sentence, agent)
            targets = targets or owners(sentence, verb.head)
    if kind == "tariff" and tree.lemma(verb) in lexicon.knowledge_section("preferences")["verbs"]:
        # whose preferences end: anyone named after the verb in its phrase
        subjects = {t.i for c in verb.children if dep(c).startswith("nsubj") for t in c.subtree}
        targets = unique([p for t in verb.subtree if t.i > verb.i and t.i not in subjects for p in sentence.parties_at(t)])
    if not targets:
        obj = tree.object_of(verb)
        objects = [obj] if obj is not None else []
        if restricted is not None:
            targets = _restricted_owners(sentence, restricted)
        elif objects:
            targets = owners(sentence, objects[0])
    if not targets:
        for child in tree.phrases(verb, TARGET_CASES.get(kind, ("on", "against"))):
            targets = owners(sentence, child)
            if targets:
                break
    return actors, _without(targets, actors)


def _noun_parties(sentence: ParsedSentence, kind: str, noun: Token) -> tuple[list[Party], list[Party], Token]:
    """"India's 50% tariff on ...", "Washington imposed duties on ...", "Indian goods face 25% U.S. duties"."""
    own_actor, own_other = _noun_owners(sentence, noun)
    targets: list[Party] = []
    for child in tree.phrases(noun, TARGET_CASES.get(kind, ("on", "against"))):
        targets = _restricted_owners(sentence, child)
        if targets:
            break
    verb_actor: list[Party] = []
    head = noun
    while dep(head) == "conj" and not tree.is_predicate(head.head):
        head = head.head  # "tariffs and quotas on ..." share the first noun's role
    relation = dep(head)
    predicate = tree.predicate_of(noun)
    if relation in ("nmod", "compound") and head.head != head and not tree.is_predicate(head.head) \
            and tree.case_of(head) not in ("from",) and not lexicon.words().get((head.head.text.lower(),)):
        # "the threat of sanctions", "a list of tariffs", "sanctions bill": the outer noun carries the role
        outer = head.head
        relation = dep(outer)
        predicate = tree.predicate_of(outer)
        if not own_actor:
            own_actor, more = _noun_owners(sentence, outer)
            own_other = own_other or more
        head = outer
    if predicate != head and tree.is_predicate(predicate):
        subject, passive = tree.subject_of(predicate)
        word = tree.lemma(predicate)
        top = head
        while top.head != predicate and top.head != top and dep(top) in tree.NOMINAL | {"conj"}:
            top = top.head
        if dep(top) in ("appos", "obl:unmarked", "nmod:unmarked", "obl:npmod", "dep") and word in lexicon.role_words("patient"):
            relation = "obj"  # "now face 40% U.S. duties" with the rate taken for the object
        if tree.case_of(head) in ("against", "for") and word in _ANSWERING:
            if subject is not None and not passive:
                targets = targets or acting(sentence, subject)  # "Japan would retaliate against tariffs the U.S. imposed"
        elif relation in ("obj", "obl", "xcomp", "obl:arg", "iobj") and subject is not None and not passive:
            if word in lexicon.role_words("patient") or _is_patient(predicate):
                # "Pretoria faces sanctions from Denmark": the source of what is faced acts
                sources = unique([p for source in [*tree.prepositional(predicate, "from"),
                                                   *tree.prepositional(head, "from")] for p in acting(sentence, source)])
                if sources and {p.code for p in targets} <= {p.code for p in sources}:
                    targets = []  # the "from" phrase was taken for an origin of goods
                targets = targets or owners(sentence, subject)  # "Indian goods face 25% U.S. duties"
                verb_actor = _destination(sentence, subject) or sources  # "... shipped to China will carry a 34% tariff"
            else:
                verb_actor = acting(sentence, subject)
                if word in lexicon.lemma_set("hitting"):
                    objects = tree.children(predicate, "obj")
                    if objects and objects[0] != head:
                        targets = targets or owners(sentence, objects[0])  # "hit China with tariffs"
        elif relation in ("obj", "obl") and passive:
            agent = tree.agent_of(predicate)
            if agent is not None:
                verb_actor = acting(sentence, agent)
            if subject is not None and word in lexicon.role_words("patient") | lexicon.lemma_set("hitting"):
                targets = targets or owners(sentence, subject)  # "Canada was hit with tariffs"
        elif relation == "nsubj:pass":
            agent = tree.agent_of(predicate)
            if agent is not None:
                verb_actor = acting(sentence, agent)
        elif relation == "nsubj" and word in lexicon.role_words("hitting_subject"):
            objects = tree.children(predicate, "obj")
            if objects:
                targets = targets or owners(sentence, objects[0])  # "the duties hit Chinese steel"
        if not targets and relation in ("obj", "nsubj:pass", "obl"):
            for child in tree.phrases(predicate, TARGET_CASES.get(kind, ("on", "against"))):
                targets = owners(sentence, child)
                if targets:
                    break
    for child in tree.children(noun, "acl", "acl:relcl"):
        # "tariffs (that) Washington imposed on ...", "sanctions imposed by the EU on ..."
        sub, sub_passive = tree.subject_of(child)
        if dep(child) == "acl" or sub_passive:
            agent = tree.agent_of(child)
            if agent is not None and not verb_actor:
                verb_actor = acting(sentence, agent)
        elif sub is not None and not verb_actor and sub.i != noun.i:
            verb_actor = acting(sentence, sub)
        if not targets:
            for grand in tree.phrases(child, TARGET_CASES.get(kind, ("on", "against"))):
                targets = owners(sentence, grand)
                if targets:
                    break
    for child in noun.children:
        misread = tree.misread_subject(child)
        if misread is not None and tree.lemma(child) in _IMPOSING | lexicon.lemma_set("status", "carriers"):
            verb_actor = acting(sentence, misread) or verb_actor  # "Washington imposed 25% tariffs" read as a noun phrase
    actors = own_actor or verb_actor
    if own_actor and verb_actor and {p.code for p in own_actor} != {p.code for p in verb_actor} \
            and not any(_possessive(p, noun) for p in own_actor):
        if tree.lemma(predicate) in _IMPOSING:
            actors = verb_actor  # "Canada imposed Iran sanctions": the verb's subject acts
            targets = targets or own_actor
        else:
            targets = targets or verb_actor  # "Thailand has an EC quota": the subject holds what the EC set
    if not targets and own_other:
        targets = own_other
    return actors, _without(targets, actors), predicate


# Verbs whose subject answers a measure named in their "against"/"for" phrase.
_ANSWERING = frozenset({"retaliate", "respond", "react", "protest", "hit", "strike", "fight", "complain", "appeal"})

_IMPOSING = frozenset({"impose", "slap", "levy", "introduce", "apply", "put", "place", "adopt", "enact", "announce",
                       "approve", "extend", "maintain", "keep", "reimpose", "order", "set", "unveil", "expand"})


def _noun_owners(sentence: ParsedSentence, noun: Token) -> tuple[list[Party], list[Party]]:
    """(author, other) named inside a measure's noun phrase.

    "India's tariffs", "U.S. duties", "the EU's countervailing duties": the author.
    "Iran sanctions" (a country name compounded): the country sanctioned when someone else acts.
    """
    possessors, modifiers = premodifiers(sentence, noun)
    for child in noun.children:
        if dep(child) == "nmod:poss" and not sentence.parties_at(child):
            possessors.extend(acting(sentence, child))  # "China's commerce ministry's levies"
    return unique(possessors + modifiers), []


def _possessive(party: Party, noun: Token) -> bool:
    return any(dep(child) == "nmod:poss" and child.idx <= party.start - 0 for child in noun.children) and \
        party.mention.form in ("name", "seat", "body", "pron", "leader", "org")


def _is_patient(verb: Token) -> bool:
    """"became subject to", "were taxed at": the subject undergoes the measure."""
    return any(dep(c) == "cop" for c in verb.children) or tree.lemma(verb) in ("subject", "exposed", "liable")


def _each_other(sentence: ParsedSentence, token: Token, predicate: Token) -> bool:
    window = sentence.doc[predicate.left_edge.i : predicate.right_edge.i + 1].text.lower()
    return "each other" in window or "one another" in window


def _destination(sentence: ParsedSentence, goods: Token) -> list[Party]:
    """Where goods go, when they face a measure: the country they enter imposes it.

    "Indian goods entering the United States", "every American product shipped to China",
    "exports to the U.S." — the destination is the measure's author.
    """
    for member in tree.conjuncts(goods):
        for child in member.children:
            relation = dep(child)
            if relation in ("acl", "amod") and tree.lemma(child) in lexicon.role_words("entering"):
                for obj in tree.children(child, "obj"):
                    found = named(sentence, obj)
                    if found:
                        return found
                for place in tree.phrases(child, ("to", "into", "for", "in")):
                    found = named(sentence, place)
                    if found:
                        return found
            elif relation in ("nmod", "obl") and tree.case_of(child) in ("to", "into"):
                found = named(sentence, child)
                if found:
                    return found
    return []


def _restricted_owners(sentence: ParsedSentence, token: Token) -> list[Party]:
    """Whose goods a measure hits: the goods' owner, or where a flow comes from or goes to."""
    found = owners(sentence, token)
    if found:
        return found
    for child in token.children:
        if dep(child) in ("nmod", "acl") and tree.case_of(child) in ("from", "to", "into", "of", "in"):
            found = owners(sentence, child)
            if found:
                return found
    return []


def _without(targets: list[Party], actors: list[Party]) -> list[Party]:
    codes = {p.code for p in actors}
    return [p for p in targets if p.code not in codes]


# ------------------------------------------------------------------------------------------
# Restrictions: the kind follows what is restricted
# ------------------------------------------------------------------------------------------

def _restricted_object(sentence: ParsedSentence, token: Token, as_verb: bool) -> Token | None:
    """What a ban or curb applies to: its object, the nominal after "on", or its compound modifier.

    For a noun the phrase after "on"/"of"/"against" is looked for on the noun first and then on
    the verb that takes the noun ("wanted a ban on imports of ..." with "on imports" hung on
    "wanted"), since the parser often attaches it one level too high.
    """
    if as_verb:
        following = sentence.doc[token.i + 1] if token.i + 1 < len(sentence.doc) else None
        if following is not None and str(following.tag_) == "VBG" and \
                _meaning_of_object(sentence, following) in FLOWS:
            return following  # "stopped delivering gas to Austria"
        objects = tree.children(token, "nsubj:pass")
        obj = tree.object_of(token)
        if obj is not None:
            return obj
        if dep(token) in ("amod", "acl") and str(token.tag_) in ("VBN", "VBD"):
            return token.head  # "the Kremlin halted gas deliveries" read as a modifier
        if objects:
            return objects[0]
        for child in tree.prepositional(token, "from", "on"):
            return child
        return None
    for child in tree.phrases(token, ("on", "of", "against", "to"), depth=2):
        return child
    if dep(token) in ("obj", "nsubj:pass"):
        for child in tree.prepositional(token.head, "on", "against"):
            return child
    for child in token.children:
        if dep(child) in ("compound", "amod") and str(child.tag_).startswith("NN"):
            return child
    return None


def _foreign_exports(sentence: ParsedSentence, token: Token, exports: Token) -> bool:
    """Whether restricted exports belong to another country than the one restricting them."""
    possessors, modifiers = premodifiers(sentence, exports)
    owners_ = possessors or modifiers
    if not owners_:
        return False
    subject, passive = tree.subject_of(tree.predicate_of(token))
    restricting = acting(sentence, subject) if subject is not None and not passive else []
    return bool(restricting) and not ({p.code for p in owners_} & {p.code for p in restricting})


def _is_goods(sentence: ParsedSentence, token: Token) -> bool:
    """A noun that names goods: a commodity of the knowledge table, or goods qualified by a country."""
    phrase = " ".join(t.text for t in sentence.doc[token.left_edge.i : token.i + 1])
    if commodity_regex().search(phrase):
        return True
    possessors, modifiers = premodifiers(sentence, token)
    return bool(possessors or modifiers) and tree.lemma(token) not in lexicon.lemma_set("not_goods")


def classify_restriction(sentence: ParsedSentence, token: Token, restricted: Token | None) -> str | None:
    """import_ban, export_control or sanction for a ban, embargo, curb or halt (None: nothing traded)."""
    modified = _modified_kind(token, "import_ban")
    if modified != "import_ban":
        return modified
    if restricted is None:
        return "sanction" if tree.lemma(token) in ("embargo",) else "import_ban"
    lemma = tree.lemma(restricted)
    restricted_table = lexicon.knowledge_section("restricted")
    meaning = _meaning_of_object(sentence, restricted)
    if meaning == "purchase" or lemma in restricted_table["import_ban"]:
        return "import_ban"
    if meaning == "supply" and _foreign_exports(sentence, token, restricted):
        return "import_ban"  # "restrictions on U.S. textile exports to Europe" by the Community: it keeps them out
    if meaning == "supply" or lemma in restricted_table["export_control"] or lemma in restricted_table["strategic_exports"]:
        return "export_control"
    if any(str(c.text).lower() in ("bound", "destined", "headed") for c in restricted.children):
        return "export_control"  # "goods bound for Myanmar"
    if sentence.parties_at(restricted) and not [c for c in restricted.children if dep(c) == "case"]:
        return "sanction"  # "banned Huawei", "barred the Russian airline"
    if lemma in restricted_table["sanction"]:
        return "sanction"
    if any(tree.case_of(c) in ("to", "into") for c in restricted.children):
        return "export_control"  # "banned shipments to Iran"
    if _is_goods(sentence, restricted):
        return "import_ban"  # "banned Lebanese fruit": goods named by their origin
    return None  # "block a membership bid", "the suspension of interest payments": nothing traded


def _activity(verb: Token) -> Token | None:
    """What a ban keeps someone from doing: "barred U.S. suppliers from selling diluents to PDVSA"."""
    activities = lexicon.knowledge_section("activities")
    trade = set(activities["buying"]) | set(activities["selling"])
    for child in verb.children:
        if dep(child) in ("advcl", "xcomp", "obl", "ccomp", "acl") and str(child.tag_) == "VBG" \
                and (tree.marker_of(child) == "from" or tree.case_of(child) == "from") and tree.lemma(child) in trade:
            return child
    return None


def _read_barred_activity(sentence: ParsedSentence, hit: Hit, verb: Token, activity: Token) -> Reading:
    """A ban on doing something: who may no longer do it, and with whom.

    Barring one's own firms from selling or doing business with a country is an export
    control on that country ("prohibited Toshiba Machine from doing any business with the
    Soviet bloc"); barring a foreign party from buying is one on that party's country;
    from buying from a country, an import ban on it.
    """
    reading = _read_instrument(sentence, "export_control", hit, verb)
    barred_token = tree.object_of(verb) or next(iter(tree.children(verb, "nsubj:pass")), None)
    barred = acting(sentence, barred_token) if barred_token is not None else []
    word = tree.lemma(activity)
    buying = word in lexicon.knowledge_section("activities")["buying"]
    partners: list[Party] = []
    for phrase in tree.phrases(activity, ("to", "with", "into", "from", "for"), depth=3):
        partners = named(sentence, phrase) or owners(sentence, phrase)
        if partners:
            break
    if not partners:
        obj = tree.object_of(activity)
        partners = owners(sentence, obj) if obj is not None else []
    if not reading.actors and barred and partners and {p.code for p in barred} != {p.code for p in partners}:
        reading.actors = barred  # "U.S. suppliers will be barred from selling to PDVSA": a country bars its own firms
    own = {p.code for p in reading.actors}
    foreign = [p for p in barred if p.code not in own]
    if buying and not foreign:
        reading.kind = "import_ban"
        reading.targets = _without(partners, reading.actors)
    elif foreign:
        reading.kind = "import_ban" if buying and not partners else "export_control"
        reading.targets = foreign
    else:
        reading.targets = _without(partners, reading.actors)
    return reading


def _read_restriction(sentence: ParsedSentence, hit: Hit, token: Token) -> Reading | None:
    as_verb = hit.word.pos == "verb" and tree.is_verb(token)
    if as_verb and hit.word.lemma in ("bar", "ban", "prohibit", "forbid", "block", "restrict", "stop"):
        activity = _activity(token)
        if activity is not None:
            return _read_barred_activity(sentence, hit, token, activity)
    restricted = _restricted_object(sentence, token, as_verb)
    kind = classify_restriction(sentence, token, restricted)
    if kind is None:
        return None
    reading = _read_instrument(sentence, kind, hit, token, restricted if as_verb else None)
    reading.restricted = restricted
    if kind in ("import_ban", "export_control") and restricted is not None:
        flow_targets = _flow_partner(sentence, kind, restricted)
        if flow_targets:
            reading.targets = _without(flow_targets, reading.actors)
    if kind == "sanction" and restricted is not None and as_verb and not reading.targets:
        reading.targets = _without(owners(sentence, restricted), reading.actors)
    return reading


def _flow_partner(sentence: ParsedSentence, kind: str, restricted: Token) -> list[Party]:
    """For a banned import, where it comes from; for a banned export, where it goes."""
    if kind == "export_control":
        for child in restricted.children:
            if dep(child) in ("nmod", "obl", "acl") and tree.case_of(child) in ("to", "into", "for"):
                found = named(sentence, child) or owners(sentence, child)
                if found:
                    return found
        for head in (restricted, restricted.head):
            for child in tree.prepositional(head, "to", "into", "for"):
                found = named(sentence, child) or owners(sentence, child)
                if found:
                    return found
        return []
    for child in restricted.children:
        if dep(child) in ("nmod", "obl", "acl") and tree.case_of(child) in ("from", "of"):
            found = owners(sentence, child)
            if found:
                return found
    for child in tree.prepositional(restricted.head, "from"):
        found = owners(sentence, child)
        if found:
            return found
    return owners(sentence, restricted)


# ------------------------------------------------------------------------------------------
# Easing: relief, or the measure lifted
# ------------------------------------------------------------------------------------------

def _read_easing(sentence: ParsedSentence, hit: Hit, token: Token, hits: list[tuple[Hit, Token]]) -> Reading | None:
    """"lift the sanctions on X", "cut duties to 10%", "an exemption for Canadian goods"."""
    governed = [(other, t) for other, t in hits if t != token and _governs(token, t)
                and (other.word.meaning in INSTRUMENTS or other.word.meaning == "restriction")]
    if not governed and hit.word.pos == "verb":
        # "to scrap tariffs" with "scrap" taken for a compound: the measure right after the verb
        governed = [(other, t) for other, t in hits if 0 < t.i - token.i <= 3
                    and (other.word.meaning in INSTRUMENTS or other.word.meaning == "restriction")][:1]
    if governed:
        # The measure nearest up the tree is the one eased; coordinated or compounded ones
        # ("the anti-dumping and countervailing duties") share what their phrases name.
        governed.sort(key=lambda pair: (_distance(token, pair[1]), -pair[1].i))
        other, measure = governed[0]
        inner = _read(sentence, other, measure, hits)
        if inner is None:
            return None
        actors, targets = list(inner.actors), list(inner.targets)
        for more, more_token in governed[1:]:
            extra = _read(sentence, more, more_token, hits)
            if extra is not None and extra.kind == inner.kind:
                actors = actors or extra.actors
                targets = targets or extra.targets
        if hit.word.pos == "verb" and tree.is_verb(token):
            subject, passive = tree.subject_of(token)
            if subject is not None and not passive:
                mover = acting(sentence, subject)
                if mover and not actors:
                    actors = mover
            elif passive:
                agent = tree.agent_of(token)
                if agent is not None and not actors:
                    actors = acting(sentence, agent)
            if not targets:
                for child in tree.prepositional(token, *TARGET_CASES["relief"]):
                    targets = owners(sentence, child)
                    if targets:
                        break
        if not actors and not tree.is_verb(token):
            actors = _noun_owners(sentence, token)[0] or _granter(sentence, token)  # "the U.S. exemption"
        removal = hit.word.lemma in lexicon.role_words("removal") and not _partial(sentence, token, measure)
        beneficiary = _beneficiary_of_easing(sentence, token)
        if beneficiary:
            targets = beneficiary  # "Egypt secured a waiver from U.S. sanctions on Iranian gas": Egypt benefits
        return Reading("relief", actors, _without(targets, actors), token, tree.predicate_of(token),
                       lifted=removal, eased_kind=inner.kind, eased=measure)
    if hit.word.pos == "verb" and hit.word.lemma not in ("exempt", "waive", "spare", "exclude"):
        objects = [o for o in (tree.object_of(token),) if o is not None] or tree.children(token, "nsubj:pass")
        if objects and tree.lemma(objects[0]) in lexicon.lemma_set("references"):
            # "the measure would be lifted", "scrap the move": an earlier measure, named by the register
            subject, passive = tree.subject_of(token)
            actors = acting(sentence, subject) if subject is not None and not passive else []
            return Reading("relief", actors, [], token, tree.predicate_of(token), lifted=hit.word.lemma in lexicon.role_words("removal"),
                           reference=True)
        return None  # "lifted" with no measure to lift
    # An easing noun on its own: "the U.S. exemption for CUSMA-compliant imports", "a waiver from U.S. sanctions"
    if not _trade_context(token, hits):
        return None  # "an exemption from social security contributions" eases no trade measure
    reading = _read_instrument(sentence, "relief", hit, token)
    if not reading.targets:
        for child in tree.prepositional(token, "for", "to"):
            reading.targets = _without(owners(sentence, child), reading.actors)
            if reading.targets:
                break
    return reading


def _trade_context(token: Token, hits: list[tuple[Hit, Token]]) -> bool:
    """An easing noun eases a trade measure when its phrase names one or a trade flow."""
    inside = {t.i for t in token.subtree} | {t.i for t in token.head.subtree}
    return any(t.i in inside and t != token and (h.word.meaning in INSTRUMENTS | FLOWS | {"restriction"})
               for h, t in hits) or str(token.text).lower().startswith("general")


def _partial(sentence: ParsedSentence, easing: Token, measure: Token) -> bool:
    """"lifted 51 mln dlrs of the sanctions": a sum between the verb and the measure lifts part of it."""
    if not easing.i < measure.i:
        return False
    start = sentence.offset(sentence.doc[easing.i + 1])
    end = sentence.offset(measure)
    return any(f.quantity == "money" and f.value for f in find_figures(sentence.source, start, end))


def _granter(sentence: ParsedSentence, token: Token) -> list[Party]:
    """Who grants an easing noun: "Washington granted Iraq a waiver"."""
    head = token.head
    if dep(token) in ("obj", "iobj") and tree.lemma(head) in lexicon.role_words("granting"):
        subject, passive = tree.subject_of(head)
        if subject is not None and not passive:
            return acting(sentence, subject)
    return []


def _beneficiary_of_easing(sentence: ParsedSentence, token: Token) -> list[Party]:
    """Who an exemption, waiver or licence is for, when the text names them apart from the measure."""
    if tree.is_verb(token):
        if tree.lemma(token) in ("exempt", "spare", "excuse", "waive", "exclude"):
            obj = tree.object_of(token)  # "exempt India from the tariff"
            if obj is not None and not _meaning_of_object(sentence, obj):
                return acting(sentence, obj) or owners(sentence, obj)
        return []
    for child in tree.phrases(token, ("for", "to"), depth=1):
        found = named(sentence, child) or owners(sentence, child)
        if found:
            return found
    head = token.head
    word = tree.lemma(head)
    if dep(token) in ("obj", "nsubj:pass") and word in lexicon.role_words("obtaining"):
        subject, passive = tree.subject_of(head)
        if subject is not None and not passive:
            return acting(sentence, subject)
    if word in lexicon.role_words("granting"):
        for receiver in tree.children(head, "iobj", "obj"):
            if receiver != token and receiver.i < token.i:  # "granted Iraq a waiver"
                return acting(sentence, receiver) or owners(sentence, receiver)
        if dep(token) == "nsubj:pass":
            return []
        subject, passive = tree.subject_of(head)
        if passive and subject is not None and subject != token:
            return acting(sentence, subject)  # "Iraq was granted a waiver"
    return []


# ------------------------------------------------------------------------------------------
# Flows: purchases and supplies
# ------------------------------------------------------------------------------------------

_LOOSE_FLOW_VERBS = frozenset({"take", "receive", "carry", "send", "provide", "deliver", "ship", "transport", "ferry"})


def _moves_goods(sentence: ParsedSentence, verb: Token) -> bool:
    """"have taken the bulk of Russia's seaborne crude": a loose verb is a flow only when what
    it takes is a commodity (not "take action", "took effect")."""
    obj = tree.object_of(verb) or next(iter(tree.children(verb, "nsubj:pass")), None)  # "shells were shipped"
    if obj is None:  # the parser may hang the goods elsewhere: read the few words after the verb
        text = " ".join(t.text for t in verb.doc[verb.i + 1 : verb.i + 5])
    else:  # "took about 1.7 million barrels per day of Russian crude": anywhere in the object's phrase
        text = " ".join(t.text for t in obj.subtree if not any(
            dep(a) in ("acl:relcl", "advcl", "appos") for a in tree.governing_chain(t, 3) if a.i != obj.i and obj in a.subtree))
        # "took 1.2 million barrels per day of Russian crude": the goods hung on the verb's "of" phrase
        text += " " + " ".join(t.text for phrase in tree.phrases(verb, ("of",), depth=2) for t in phrase.subtree)
    return bool(commodity_regex().search(text))


def _trades_no_goods(token: Token) -> bool:
    """"buying one quarter of the shares", "purchased dollars": no goods move between countries."""
    not_goods = lexicon.lemma_set("not_goods")
    obj = tree.object_of(token) if tree.is_verb(token) else next(iter(tree.phrases(token, ("of",), depth=1)), None)
    if obj is None:
        return False
    heads = [obj] + [c for c in obj.children if dep(c) == "nmod" and tree.case_of(c) == "of"]
    return any(tree.lemma(h) in not_goods for h in heads) and not any(
        commodity_regex().search(h.text) for h in heads)


def _read_flow(sentence: ParsedSentence, kind: str, hit: Hit, token: Token) -> Reading | None:
    if hit.word.lemma in _LOOSE_FLOW_VERBS and hit.word.pos == "verb" and not _moves_goods(sentence, token):
        return None
    if _trades_no_goods(token):
        return None
    if hit.word.pos == "verb" and (tree.is_verb(token) or dep(token) in ("acl", "amod") or tree.children(token, "obj")):
        # a word with a direct object is a verb whatever its tag ("of supplying Moscow with shells")
        actors, targets = _flow_verb_parties(sentence, kind, token)
        predicate = token
    else:
        actors, targets, predicate = _flow_noun_parties(sentence, kind, token)
    return Reading(kind, actors, _without(targets, actors), token, predicate)


def _flow_verb_parties(sentence: ParsedSentence, kind: str, verb: Token) -> tuple[list[Party], list[Party]]:
    subject, passive = tree.subject_of(verb)
    mover: list[Party] = []
    if passive or (dep(verb) in ("acl", "amod") and str(verb.tag_) == "VBN"):  # "drones supplied by Iran"
        agent = tree.agent_of(verb)
        mover = acting(sentence, agent) if agent is not None else []
    elif subject is not None:
        mover = acting(sentence, subject)
    objects = tree.children(verb, "obj", "iobj") or [o for o in (tree.object_of(verb),) if o is not None]
    partner: list[Party] = []
    if kind == "purchase":
        for child in tree.phrases(verb, ("from",)):
            partner = named(sentence, child) or owners(sentence, child)
            if partner:
                break
        if not partner and objects:
            partner = _goods_origin(sentence, objects[0])
        if not partner:  # "bought 310 mln dlrs worth of U.S. wheat", "to buy 12 million tons of U.S. soybeans"
            for child in tree.phrases(verb, ("of",), depth=3):
                partner = owners(sentence, child)
                if partner:
                    break
        return mover, partner
    for child in tree.phrases(verb, ("to", "into")):
        partner = named(sentence, child) or owners(sentence, child)
        if partner:
            break
    if not partner:
        for obj in objects:
            if sentence.parties_at(obj) or named(sentence, obj):  # "supply Russia with missiles", "sold India oil"
                partner = named(sentence, obj) or sentence.parties_at(obj)
                break
    if not partner and dep(verb) in ("acl", "amod"):
        # "drones supplied by Iran" inside "Russia launched drones supplied by Iran": the clause's subject receives
        clause = tree.predicate_of(verb.head)
        receiver, _ = tree.subject_of(clause) if clause != verb.head else (None, False)
        if receiver is not None:
            partner = acting(sentence, receiver)
    if not partner:
        partner = _beneficiary(sentence, verb)
    if not mover:
        for child in tree.phrases(verb, ("from",)):
            mover = owners(sentence, child)
            if mover:
                break
    return mover, partner


def _range(sentence: ParsedSentence, phrase: Token) -> bool:
    """"from Tokyo to Washington": a from-phrase followed at once by a to-phrase is a span."""
    if tree.case_of(phrase) != "from":
        return False
    end = phrase.right_edge.i
    doc = sentence.doc
    return end + 2 < len(doc) and doc[end + 1].text.lower() == "to" and bool(sentence.parties_at(doc[end + 2]))


def _goods_origin(sentence: ParsedSentence, goods: Token) -> list[Party]:
    """"Russian crude", "U.S. soybeans", "Iran's oil", "oil from Iraq": where goods come from."""
    for child in goods.children:
        if dep(child) in ("nmod", "acl") and tree.case_of(child) == "from":
            found = named(sentence, child) or owners(sentence, child)
            if found:
                return found
        if dep(child) == "acl" and str(child.tag_) == "VBN":  # "pork imported from the EU", "oil shipped from Iraq"
            for phrase in tree.prepositional(child, "from"):
                found = named(sentence, phrase) or owners(sentence, phrase)
                if found:
                    return found
    return owners(sentence, goods)


def _beneficiary(sentence: ParsedSentence, token: Token) -> list[Party]:
    """Whom a supply helps: "supporting Moscow's war effort through supplies of ...".

    The helping word may govern the supply or sit beside it in the same clause (the parser
    often hangs "supporting" on the effort it supports), so the clause is searched.
    """
    clause = tree.predicate_of(token)
    for ancestor in tree.governing_chain(token, 4):
        clause = ancestor if tree.is_predicate(ancestor) else clause
        if tree.lemma(ancestor) in lexicon.role_words("benefiting"):
            for child in tree.children(ancestor, "obj"):
                found = owners(sentence, child)
                if found:
                    return found
    for helper in clause.subtree:
        if tree.lemma(helper) not in lexicon.role_words("benefiting") or helper == token:
            continue
        helped = tree.object_of(helper) if tree.is_verb(helper) and dep(helper) != "amod" else helper.head
        if helped is not None and helped != token:
            found = owners(sentence, helped)
            if found:
                return found
    return []


def _flow_noun_parties(sentence: ParsedSentence, kind: str, noun: Token) -> tuple[list[Party], list[Party], Token]:
    """"India's imports of Russian crude", "Soviet arms sales to India", "their first U.S. grain purchases".

    A possessor is the one who buys (or sells); an adjective or compound country is the buyer
    only when the goods' origin is named elsewhere ("Indian purchases of Russian oil"), and
    otherwise, beside a buyer, the origin ("their U.S. grain purchases").
    """
    possessor, modifier = premodifiers(sentence, noun)
    partner: list[Party] = []
    goods_owner: list[Party] = []
    partner_cases = ("from",) if kind == "purchase" else ("to", "for", "into")
    for child in tree.phrases(noun, partner_cases, depth=3):
        if _range(sentence, child):
            break  # "buyers from Tokyo to Washington" spans a range and names no partner
        partner = named(sentence, child) or owners(sentence, child)
        if partner:
            break
    for child in tree.phrases(noun, ("of", "for") if kind == "purchase" else ("of",), depth=1):
        goods_owner = owners(sentence, child)
        if goods_owner:
            break
    predicate = tree.predicate_of(noun)
    subject_party: list[Party] = []
    if any(dep(c) == "cop" for c in noun.children):
        subject, _ = tree.subject_of(noun)  # "Refiners in India are the biggest customers for Russian oil"
        if subject is not None:
            subject_party = acting(sentence, subject)
            if kind == "purchase" and not possessor:
                possessor = subject_party
    if predicate != noun and tree.is_predicate(predicate) and dep(noun) in ("obj", "obl", "nsubj:pass", "conj", "xcomp", "nmod"):
        subject, passive = tree.subject_of(predicate)
        accused = tree.object_of(predicate) if tree.lemma(predicate) in lexicon.lemma_set("status", "alleged") else None
        if accused is not None and acting(sentence, accused):
            subject_party = acting(sentence, accused)  # "accusing Beijing of ... supplies": the accused supplies
        elif subject is not None and not passive:
            subject_party = acting(sentence, subject)
    receiving = tree.lemma(predicate) in lexicon.role_words("receiving")
    if kind == "purchase":
        origin = partner or goods_owner
        buyer = possessor or (modifier if origin else []) or subject_party
        if not buyer and modifier and len(modifier) == 1:
            buyer = modifier
        seller = origin or [p for p in modifier if p not in buyer]
        return unique(buyer), _without(unique(seller), buyer), predicate
    # supply: the seller owns the goods or the noun; the buyer follows "to" or receives
    seller = unique(possessor or modifier or goods_owner)
    if not seller and predicate != noun and not receiving:
        seller = subject_party
    receiver = partner
    if not receiver and receiving:
        receiver = subject_party  # "China takes around 90% of Iran's crude exports"
    if not receiver:
        receiver = _beneficiary(sentence, noun)
    return seller, _without(receiver, seller), predicate


def parties_of(readings: Iterable[Reading]) -> set[str]:
    return {p.code for r in readings for p in r.actors + r.targets}
