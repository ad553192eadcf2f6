"""Trigger words by lemma: the families of `knowledge/triggers.toml`, inflected once at load.

An analyst writes a lemma ("ban"); the lexicon generates its inflections (bans, banned,
banning) and matches them on parsed tokens, so one entry covers every form. The kinds the
file names are checked against the one registry of measure kinds (`tracker/kinds.toml`):
a kind there without a trigger, or a trigger for an unknown kind, is an error at load time,
not a silent empty result later.
"""

from __future__ import annotations

import dataclasses
import functools
import re
from collections.abc import Iterator
from typing import Any

from tracker.extract import knowledge
from tracker.records import FLOWS, INSTRUMENTS, KINDS

FAMILIES = ("restriction", "easing")  # trigger families whose kind depends on what they govern


class LexiconError(ValueError):
    """`triggers.toml` disagrees with the kind registry or is malformed."""


@dataclasses.dataclass(frozen=True, slots=True)
class Word:
    """One trigger entry: its lemma, what it stands for, and whether it is a noun or verb."""

    lemma: str
    meaning: str  # a kind, or a family: restriction | easing
    pos: str  # noun | verb


@dataclasses.dataclass(frozen=True, slots=True)
class Hit:
    """A trigger entry found on tokens `start` .. `end - 1` of a parsed sentence."""

    word: Word
    start: int
    end: int


def token_key(form: str) -> tuple[str, ...]:
    """A form as the tokenizer splits it: words, and hyphens apart ("anti-dumping" → anti, -, dumping)."""
    return tuple(re.findall(r"[\w']+|[^\w\s]", form.lower()))


def _regular(lemma: str, pos: str) -> set[str]:
    """Regular English inflections of a one-word lemma."""
    forms = {lemma}
    if lemma.endswith(("s", "x", "z", "ch", "sh")):
        plural = lemma + "es"
    elif re.search(r"[^aeiou]y$", lemma):
        plural = lemma[:-1] + "ies"
    else:
        plural = lemma + "s"
    forms.add(plural)
    if pos == "verb":
        if lemma.endswith("e"):
            forms |= {lemma + "d", lemma[:-1] + "ing"}
        elif re.search(r"[^aeiou]y$", lemma):
            forms |= {lemma[:-1] + "ied", lemma + "ing"}
        else:
            forms |= {lemma + "ed", lemma + "ing"}
            if re.fullmatch(r"[^aeiou]*[aeiou][bdgklmnprt]", lemma):  # cap → capped, ship → shipping
                forms |= {lemma + lemma[-1] + "ed", lemma + lemma[-1] + "ing"}
    else:
        forms.add(lemma + "'s")
    return forms


def inflections(lemma: str, pos: str) -> set[str]:
    """Every surface form of a lemma: regular forms, the file's irregular ones, US/UK spellings.

    A multi-word lemma inflects its head: the last word of a noun ("price caps"), the first
    word of a verb ("cutting off").
    """
    irregular = knowledge.triggers().get("inflections", {})
    words = lemma.split()
    head = words[-1] if pos == "noun" else words[0]
    forms = _regular(head, pos) | set(irregular.get(head, ()))
    for variant in (head.replace("ise", "ize"), head.replace("our", "or"), head.replace("ence", "ense")):
        if variant != head:
            forms |= _regular(variant, pos)
    if len(words) == 1:
        return forms | set(irregular.get(lemma, ()))
    if pos == "noun":
        joined = {" ".join([*words[:-1], form]) for form in forms}
    else:
        joined = {" ".join([form, *words[1:]]) for form in forms}
    return joined | set(irregular.get(lemma, ()))


@functools.cache
def words() -> dict[tuple[str, ...], tuple[Word, ...]]:
    """Surface word sequence (lower case) → the trigger entries it may stand for."""
    table = knowledge.triggers()
    found: dict[tuple[str, ...], list[Word]] = {}
    for pos in ("noun", "verb"):
        for lemma, meaning in table["words"][pos].items():
            if meaning not in KINDS and meaning not in (*FAMILIES, "neutral"):
                raise LexiconError(f"triggers.toml [words.{pos}] {lemma!r}: unknown kind or family {meaning!r}")
            entry = Word(lemma, meaning, pos)
            for form in inflections(lemma, pos):
                found.setdefault(token_key(form), []).append(entry)
    _check_kinds(table)
    return {key: tuple(entries) for key, entries in found.items()}


def _check_kinds(table: dict[str, Any]) -> None:
    """Every registered kind is reachable from the trigger words, and nothing else is."""
    reachable = {meaning for pos in ("noun", "verb") for meaning in table["words"][pos].values()}
    reachable |= set(table.get("restricted", {})) - {"strategic_exports"}
    reachable |= set(table.get("modifiers", {}).values())
    if "easing" in reachable:
        reachable.add("relief")
    reachable -= {*FAMILIES, "neutral"}
    unknown = reachable - set(KINDS)
    if unknown:
        raise LexiconError(f"triggers.toml names kinds that tracker/kinds.toml does not define: {sorted(unknown)}")
    missing = set(KINDS) - reachable
    if missing:
        raise LexiconError(f"tracker/kinds.toml defines kinds that no trigger in triggers.toml reaches: {sorted(missing)}")
    if not INSTRUMENTS or not FLOWS:
        raise LexiconError("tracker/kinds.toml must define instrument and flow kinds")


@functools.cache
def _first_words() -> dict[str, list[tuple[str, ...]]]:
    index: dict[str, list[tuple[str, ...]]] = {}
    for key in words():
        index.setdefault(key[0], []).append(key)
    for keys in index.values():
        keys.sort(key=len, reverse=True)  # longest sequence first
    return index


@functools.cache
def _surface_forms() -> dict[str, set[str]]:
    """Raw surface forms (as written, hyphens kept) of the trigger words, by how strong a cue they are.

    measure  a measure word strong enough to parse for ("tariff", "sanctioned", "embargo")
    weak     a measure or flow word common in other senses, parsed for only beside trade words
    flow     a flow word, parsed for only beside goods or a figure
    stopper  verbs that stop, bar, limit or let in what they govern; object: what they may govern
    """
    table = knowledge.triggers()
    weak = set(table["weak"]["lemmas"])
    forms: dict[str, set[str]] = {"measure": set(), "weak": set(), "flow": set()}
    for pos in ("noun", "verb"):
        for lemma, meaning in table["words"][pos].items():
            group = "weak" if lemma in weak else "flow" if meaning in FLOWS else "measure"
            forms[group] |= inflections(lemma, pos)
    forms["measure"] -= forms["weak"] | forms["flow"]
    forms["weak"] -= forms["flow"]
    stoppers = lemma_set("stoppers") | frozenset(table["preferences"]["verbs"]) | frozenset(table["limits"]["verbs"]) \
        | frozenset(table["limits"]["negated"]) | lemma_set("permitting") | lemma_set("licensing", "verbs")
    forms["stopper"] = {form for lemma in stoppers for form in inflections(lemma, "verb")}
    forms["stopper"] |= {form for lemma in table["limits"]["nouns"] for form in inflections(lemma, "noun")}
    objects = set(table["restricted"]["sanction"]) - {"trade", "business", "company", "firm", "individual", "person",
                                                      "entity", "official", "bank", "transaction", "dealing"}
    objects |= set(table["preferences"]["objects"]) | set(table["limits"]["price"])
    objects |= set(table["restricted"]["import_ban"]) | {"export", "shipment", "sale", "delivery", "supply"}
    forms["stopper_object"] = {form for lemma in objects for form in inflections(lemma, "noun")}
    forms["stopper_object"] |= {form for lemma in ("buy", "sell", "import", "export", "deliver", "supply", "ship")
                                for form in inflections(lemma, "verb") if form.endswith("ing")}
    return forms


def _alternation(forms: set[str]) -> re.Pattern[str]:
    """One case-blind pattern for many forms, factored as a prefix tree so it stays fast."""
    lowered = {form.lower() for form in forms}
    return re.compile(r"(?<![\w-])(?:" + knowledge.trie_pattern(lowered) + r")(?![\w-])", re.IGNORECASE)


@functools.cache
def patterns() -> dict[str, re.Pattern[str]]:
    """One pattern per group of surface forms (see `_surface_forms`), and the trade-context cue."""
    found = {group: _alternation(forms) for group, forms in _surface_forms().items()}
    found["trade"] = re.compile(r"(?<![\w-])(?:" + knowledge.triggers()["weak"]["trade"] + r")(?![\w-])", re.IGNORECASE)
    return found


@functools.cache
def prefilter() -> re.Pattern[str]:
    """Any trigger form in raw text (measure or flow words, and the verbs that change measures)."""
    groups = _surface_forms()
    return _alternation(groups["measure"] | groups["weak"] | groups["flow"] | groups["stopper"])


def find(lowered: list[str], tags: list[str]) -> Iterator[Hit]:
    """Trigger entries on a token sequence (lower-cased texts with their tags), longest first.

    The tag chooses between a noun and a verb reading ("ban" the noun or the verb); an
    adjective or participle reads as either ("proposed sanctions", "anti-dumping").
    """
    index = _first_words()
    table = words()
    i = 0
    while i < len(lowered):
        matched = False
        for key in index.get(lowered[i], ()):
            if tuple(lowered[i : i + len(key)]) != key:
                continue
            head = i + len(key) - 1
            if head + 1 < len(lowered) and lowered[head + 1] in ("-", "–") and key[-1] not in ("-",):
                continue  # "duty - free", "sanctions - busting": the word is half of a compound modifier
            if i > 0 and lowered[i - 1] in ("-", "–") and len(key) == 1:
                continue  # "anti - dumping" is read whole, "non - tariff" is no tariff
            entries = table[key]
            tag = tags[head] if any(e.pos == "noun" for e in entries) else tags[i]
            if any(e.pos == "noun" for e in entries) and _after_determiner(lowered, tags, i):
                tag = "NN"  # "a ban", "a European Union ban": a determiner makes a noun whatever the tagger says
            elif any(e.pos == "verb" for e in entries) and i > 0 and (lowered[i - 1] in _VERB_CONTEXT
                                                                       or tags[i - 1] == "MD"):
                tag = "VB"  # "agreed to scrap tariffs", "will ban": an infinitive or a modal makes a verb
            elif any(e.pos == "verb" for e in entries) and i > 0 and lowered[i].endswith("ing") \
                    and lowered[i - 1] in _GERUND_CONTEXT:
                tag = "VBG"  # "accused Minsk of supplying Moscow", "sanctioned for buying": a gerund is a verb
            entry = _choose(entries, tag)
            if entry is None and len(key) > 1:
                entry = entries[0]  # "export controls": a phrase is evidence enough, whatever the tag
            if entry is not None:
                yield Hit(entry, i, i + len(key))
                i += len(key)
                matched = True
                break
        if not matched:
            i += 1


_GERUND_CONTEXT = frozenset({"of", "for", "by", "from", "after", "before", "without", "against", "while", "on",
                             "over", "in"})
_NOUN_CONTEXT = frozenset({"a", "an", "the", "its", "their", "his", "her", "our", "this", "these", "those", "new",
                           "any", "no", "such", "further", "fresh", "additional", "'s", "’s"})


_VERB_CONTEXT = frozenset({"to", "will", "would", "could", "may", "might", "must", "shall", "should", "wo", "ca",
                           "not", "n't"})


def _after_determiner(lowered: list[str], tags: list[str], i: int) -> bool:
    """A determiner opens the phrase that ends at token i, past adjectives and names.

    "a European Union ban" is a noun; "the European Union bans imports" is a verb: after
    "the", a proper name may be the subject, so only "a", possessives and the like decide
    across names. A past form ("banned") is read as the verb it almost always is.
    """
    if tags[i] in ("VBD", "VBN"):
        return False
    j = i - 1
    names = False
    while j >= 0 and i - j <= 5:
        if lowered[j] in _NOUN_CONTEXT:
            return not (names and lowered[j] in ("the", "this", "these", "those"))
        if not tags[j].startswith(("JJ", "NN", "CD", "HYPH", "VBN", "POS")) and lowered[j] not in ("-", "$"):
            return False
        names = names or tags[j].startswith("NNP")
        j -= 1
    return False


def _choose(entries: tuple[Word, ...], tag: str) -> Word | None:
    nouns = [e for e in entries if e.pos == "noun"]
    verbs = [e for e in entries if e.pos == "verb"]
    if tag.startswith("NN"):
        return nouns[0] if nouns else None
    if tag.startswith("VB") or tag == "MD":
        return verbs[0] if verbs else None
    if tag.startswith("JJ"):
        return (nouns or verbs)[0] if nouns or verbs else None
    return None


def lemma_set(section: str, key: str = "lemmas") -> frozenset[str]:
    """A list of lemmas from one section of triggers.toml, as a set."""
    return _lemma_set(section, key)


@functools.cache
def _lemma_set(section: str, key: str) -> frozenset[str]:
    value = knowledge.triggers()[section][key]
    return frozenset(value)


_WORD = re.compile(r"[a-z]+(?:-[a-z]+)?")


@functools.cache
def lemma_of_form() -> dict[str, str]:
    """Any inflected form of any single-word lemma the file names → its lemma.

    The parser here has no lemmatizer: lemmas come from the lexicon's own inflection rules,
    so any word the file lists (a trigger, a cue, a role verb) is recognised in every form.
    Regular-expression sections ([context], [commodities]) are not lemma lists and are skipped.
    """
    table = knowledge.triggers()
    lemmas: set[tuple[str, str]] = set()
    for pos in ("noun", "verb"):
        lemmas |= {(lemma, pos) for lemma in table["words"][pos] if " " not in lemma}
    for name, section in table.items():
        if name in ("words", "context", "commodities", "inflections", "modifiers") or not isinstance(section, dict):
            continue
        for values in section.values():
            if isinstance(values, list):
                for value in values:
                    if isinstance(value, str) and _WORD.fullmatch(value):
                        lemmas |= {(value, "verb"), (value, "noun")}
    lemmas |= {(lemma, "noun") for lemma in table["modifiers"]}
    forms: dict[str, str] = {}
    for lemma, pos in sorted(lemmas):
        for form in inflections(lemma, pos):
            forms.setdefault(form.lower(), lemma)
    for lemma in ("be", "have", "do"):
        forms.setdefault(lemma, lemma)
    forms.update({"is": "be", "are": "be", "was": "be", "were": "be", "been": "be", "being": "be", "am": "be",
                  "'s": "be", "has": "have", "had": "have", "having": "have", "does": "do", "did": "do",
                  "wo": "will", "ca": "can", "'ll": "will", "'d": "would", "n't": "not"})
    return forms


def role_words(key: str) -> frozenset[str]:
    """Lemmas of one list of the [roles] section."""
    return lemma_set("roles", key)


def lemma(text: str) -> str:
    """The lexicon's lemma of one token text, or the text lower-cased when it names none."""
    lowered = text.lower()
    return lemma_of_form().get(lowered, lowered)


def strings(section: str, key: str) -> tuple[str, ...]:
    """A list of strings from one section of triggers.toml."""
    return tuple(knowledge.triggers()[section][key])


def knowledge_section(section: str) -> dict[str, Any]:
    """One whole section of triggers.toml (read-only by convention)."""
    return dict(knowledge.triggers()[section])
