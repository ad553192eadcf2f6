"""Who is named where: countries, blocs, capitals, agencies, leaders, firms, and the phrases
that refer back to them.

Named mentions come from the gazetteer. Referring phrases are resolved here, each to an
explicit antecedent, never to a guess: "its" and "it" to the clause's subject; "his
government", "he", "she" to the leader last named; "the administration" to the country of
the leader last named; "the government", "the ministry" to the country named in the
sentence before, or, when no country is in play, to the dateline's ("NAIROBI – The
government will ..." is Kenya); "the group", "the bloc" to the bloc last named; "the two
countries" to the pair last named together.
"""

from __future__ import annotations

import bisect
import dataclasses
import datetime as dt
import re

from tracker.extract import knowledge

# Forms that can stand for a government acting; adjectives only qualify.
ACTING = frozenset({"name", "seat", "body", "org", "leader", "pron", "dateline"})

_ANAPHOR = re.compile(
    r"(?=[itshbITSHB])"  # every alternative starts with one of these letters: most positions fail at once
    r"\b(?P<one>its|their|they|it(?!\s+(?:is|was|has been|would be|will be|seems|seemed|appears|remains|said|added|noted)\b)|the country|the nation|this country)\b"
    r"|\b(?P<leader>(?:his|her) (?:government|administration|country|ministry|officials|cabinet))\b"
    r"|(?<![\w'])(?P<person>[Hh]e|[Ss]he)\b"
    r"|\b(?P<administration>the (?:administration|federal government))\b"
    r"|\b(?P<government>the (?:[a-z]+ )?(?:government|ministry|cabinet|authorities)|(?-i:Customs)(?= (?-i:[a-z])))\b"
    r"|\b(?P<bloc>the (?:group|bloc|union))\b"
    r"|\b(?P<two>(?:the|both) (?:two )?(?:major |largest |big |biggest )?(?:economies|countries|nations|sides|governments|neighbou?rs|partners|allies))\b",
    re.IGNORECASE,
)
# A news dateline: "BEIJING, July 6 — ", "NAIROBI – ", "WASHINGTON (Reuters) - ".
_DATELINE = re.compile(r"\A\s*(?P<city>[A-Z][A-Z .'-]{1,30}?)(?:/[A-Z .'-]+)?(?:,\s*[A-Z][a-z]+\.?\s*\d{1,2})?"
                       r"\s*(?:\((?:Reuters|AP|AFP)\)\s*)?[—–-]{1,2}\s")
_GOVERNMENT_WORDS = frozenset({"economy", "trade", "commerce", "foreign", "finance", "agriculture", "farm", "industry",
                               "energy", "defence", "defense", "interior", "customs", "central", "national", "federal",
                               "japanese", "chinese", "new", "incoming", "previous"})


@dataclasses.dataclass(frozen=True, slots=True)
class Mention:
    start: int
    end: int
    code: str
    form: str  # name | adj | seat | body | org | leader | pron

    @property
    def acting(self) -> bool:
        return self.form in ACTING


def dateline_end(text: str) -> int:
    """Where the article proper starts after a dateline ("BEIJING, July 6 — "), or 0."""
    match = _DATELINE.match(text)
    return match.end() if match else 0


def dateline(text: str, day: dt.date | None) -> Mention | None:
    """The country of the city a news dateline names ("NAIROBI – ..." → KEN), if any."""
    match = _DATELINE.match(text)
    if match is None:
        return None
    city = match.group("city").strip()
    alias = knowledge.resolve(city.title(), day) or knowledge.resolve(city, day, ignore_case=True)
    if alias is None or alias.form not in ("seat", "name"):
        return None
    return Mention(match.start("city"), match.end("city"), alias.code, "dateline")


def find_mentions(text: str, day: dt.date | None, ignore_case: bool = False) -> list[Mention]:
    """Named mentions plus resolved anaphora, in text order."""
    named: list[Mention] = []
    pattern = knowledge.gazetteer_regex_ci() if ignore_case else knowledge.gazetteer_regex()
    for match in pattern.finditer(text):
        alias = knowledge.resolve(match.group(), day, ignore_case)
        if alias is not None and alias.form != "ignore":
            named.append(Mention(match.start(), match.end(), alias.code, alias.form))
    return _with_anaphora(text, named + _bodies(text, named), dateline(text, day))


# "the Philippine government", "Japanese officials", "China's commerce ministry": a demonym or
# possessive before a governing noun names a body acting for the country.
_BODY_AFTER = re.compile(r"(?:'s|’s)?\s+(?:(?:[a-z]+|[A-Z][a-z]+)\s+){0,2}?(?:government|ministry|administration|"
                         r"authorities|officials|cabinet|parliament|customs|regulators?|embassy|navy|military|"
                         r"central bank|delegation|negotiators|lawmakers|legislators|senators|senate|congress|"
                         r"leadership|junta|diplomats|envoys|trade mission|mission)\b")


def _bodies(text: str, named: list[Mention]) -> list[Mention]:
    found: list[Mention] = []
    for mention in named:
        if mention.form not in ("adj", "name"):
            continue
        match = _BODY_AFTER.match(text, mention.end)
        if match:
            found.append(Mention(mention.start, match.end(), mention.code, "body"))
    return found


def _with_anaphora(text: str, named: list[Mention], place: Mention | None = None) -> list[Mention]:
    if not named and place is None:
        return named
    resolved: list[Mention] = []
    plural: tuple[int, list[str]] = (-1, [])  # "its" after "the two countries" is neither of the two
    spans = {(m.start, m.end) for m in named}
    ordered = sorted(named, key=lambda m: m.start)
    starts = [m.start for m in ordered]
    for match in _ANAPHOR.finditer(text):
        if (match.start(), match.end()) in spans:
            continue  # already a name ("the bloc" in the alias table)
        window = match.start() - 600
        nearby = ordered[bisect.bisect_left(starts, window - 200) : bisect.bisect_right(starts, match.start())]
        before = [m for m in nearby if window < m.end <= match.start()]
        if resolved:
            before = sorted(before + [m for m in resolved if window < m.end <= match.start()], key=lambda m: m.start)
        if match.group("leader"):  # "her government": the country of the leader (or official) last named
            speaker = _recent_leader(text, match.start(), before) or _official(text, match.start(), before)
            if speaker is not None:
                resolved.append(Mention(match.start(), match.end(), speaker.code, "pron"))
        elif match.group("person"):  # "he said his government ...": the leader named in this or the last sentence
            leader = _recent_leader(text, match.start(), before) or _official(text, match.start(), before)
            if leader is not None:
                resolved.append(Mention(match.start(), match.end(), leader.code, "pron"))
        elif match.group("administration"):
            for prior in reversed(before):
                if prior.form in ("leader", "name", "seat") and prior.code not in ("EU", "G7"):
                    resolved.append(Mention(match.start(), match.end(), prior.code, "pron"))
                    break
        elif match.group("government"):
            found = _government(text, match, before, named, place)
            if found is not None:
                resolved.append(found)
        elif match.group("bloc"):
            for prior in reversed(before):
                if prior.code in ("EU", "G7") and match.start() - prior.end < 600:
                    resolved.append(Mention(match.start(), match.end(), prior.code, "pron"))
                    break
        elif match.group("one"):
            excluded = plural[1] if 0 <= match.start() - plural[0] < 250 else []
            if match.group("one").lower() in ("their", "they"):
                pair = _coordinated_in_sentence(text, match.start(), before)
                if pair:  # "China and India ... their purchases": both
                    resolved.extend(Mention(match.start(), match.end(), code, "pron") for code in pair)
                    continue
            subject = _sentence_subject(text, match.start(), before) or _opening_it(text, match, before)
            if subject is not None and subject.code not in excluded and (
                    match.group("one").lower() in ("it", "they") or text.startswith(" own", match.end())):
                resolved.append(Mention(match.start(), match.end(), subject.code, "pron"))
                continue
            for prior in reversed(before):
                if prior.acting and prior.code not in excluded:
                    resolved.append(Mention(match.start(), match.end(), prior.code, "pron"))
                    break
        else:
            codes = _latest_pair(text, before)
            if len(codes) == 2:
                plural = (match.end(), codes)
            for code in reversed(codes[:2]) if len(codes) == 2 else ():
                resolved.append(Mention(match.start(), match.end(), code, "pron"))
    return sorted(named + resolved, key=lambda m: (m.start, m.end))


def _sentence_bounds(text: str, position: int) -> tuple[int, int]:
    start = max(text.rfind(". ", 0, position), text.rfind("\n", 0, position)) + 1
    ends = [i for i in (text.find(". ", position), text.find("\n", position)) if i >= 0]
    return start, min(ends) if ends else len(text)


def _recent_leader(text: str, position: int, before: list[Mention]) -> Mention | None:
    """The leader named in this sentence or the one before, with no other person between."""
    start, _ = _sentence_bounds(text, position)
    previous_start, _ = _sentence_bounds(text, max(0, start - 2))
    for prior in reversed(before):
        if prior.form == "leader" and prior.start >= previous_start:
            return prior
    return None


_PERSON_NOUN = re.compile(r"\s+(?:[a-z]+\s+){0,2}(?:official|officials|minister|ministers|diplomat|diplomats|negotiator|"
                          r"negotiators|spokesman|spokeswoman|spokesperson|envoy|ambassador|president|premier|"
                          r"leader|secretary|representative|delegate|lawmaker|senator)\b")


def _official(text: str, position: int, before: list[Mention]) -> Mention | None:
    """"A Brazilian trade official said his government ...": the official's country, same sentence."""
    start, _ = _sentence_bounds(text, position)
    for prior in reversed(before):
        if prior.start >= start and prior.form == "adj" and _PERSON_NOUN.match(text, prior.end):
            return prior
    return None


def _government(text: str, match: re.Match[str], before: list[Mention], named: list[Mention],
                place: Mention | None) -> Mention | None:
    """"the government", "the trade ministry": the country named in the sentence before, or the dateline's."""
    words = match.group("government").lower().split()
    if len(words) == 3 and words[1] not in _GOVERNMENT_WORDS:
        return None  # "the Japanese government" is named by its adjective; "the puppet government" is no reference
    if len(words) == 3 and words[1] in ("japanese", "chinese"):
        return None
    start, _end = _sentence_bounds(text, match.start())
    if any(m.acting and start <= m.start < match.start() and not (m.start <= match.start() < m.end) for m in named):
        return None  # another country is in play before it in this very sentence
    previous_start, _ = _sentence_bounds(text, max(0, start - 2))
    previous = {prior.code for prior in before if prior.acting and prior.start >= previous_start and prior.form != "leader"}
    if len(previous) == 1:
        return Mention(match.start(), match.end(), previous.pop(), "pron")
    if place is not None:
        return Mention(match.start(), match.end(), place.code, "dateline")
    return None


def _coordinated_in_sentence(text: str, position: int, before: list[Mention]) -> list[str]:
    """Codes named together ("China and India", "Canada, Mexico and China") earlier in this sentence."""
    start, _ = _sentence_bounds(text, position)
    inside = [m for m in before if m.start >= start and m.acting]
    best: list[str] = []
    run: list[Mention] = []
    for mention in inside:
        if run and re.fullmatch(r"\s*(?:,|and|,\s*and|&)\s*(?:the\s+)?", text[run[-1].end : mention.start]):
            run.append(mention)
        else:
            run = [mention]
        codes = list(dict.fromkeys(m.code for m in run))
        if len(codes) >= 2:
            best = codes
    return best


def _sentence_subject(text: str, position: int, before: list[Mention]) -> Mention | None:
    """'it' and 'its own' point back to the government the sentence is about, not the latest name."""
    sentence_start = max(text.rfind(". ", 0, position), text.rfind("\n", 0, position)) + 1
    for mention in before:
        if mention.start >= sentence_start and mention.acting and mention.form != "leader":
            return mention
    return None


_AFTER_PREPOSITION = re.compile(r"\b(?:on|against|to|from|with|of|in|for|at|into|than|by|over|about)\s+(?:the\s+)?$", re.I)


_SENTENCE_END = re.compile(r"(?<=[a-z0-9)”\"’'])[.!?]\s+|\n")


def _opening_it(text: str, match: re.Match[str], before: list[Mention]) -> Mention | None:
    """A sentence that opens with "It" continues the previous sentence's subject, not its latest name."""
    if match.group() not in ("It", "Its") or (text[max(0, match.start() - 2) : match.start()] not in (". ", "\n") \
            and match.start() != 0):
        return None
    window = max(0, match.start() - 600)
    ends = [m.end() for m in _SENTENCE_END.finditer(text, window, match.start() - 2)]
    sentence_start = ends[-1] if ends else window
    for mention in before:
        if mention.start >= sentence_start and mention.acting and mention.form != "leader":
            return None if _AFTER_PREPOSITION.search(text, max(sentence_start, mention.start - 12), mention.start) else mention
    return None


def _latest_pair(text: str, before: list[Mention]) -> list[str]:
    """'the two countries': the latest two named together ("India and China"), else the latest two."""
    pairs = [(first, second) for first, second in zip(reversed(before[:-1]), reversed(before[1:]), strict=True)
             if first.code != second.code and re.fullmatch(r"\s*(?:,|and|,\s*and|&)\s*(?:the\s+)?", text[first.end : second.start])]
    for first, second in pairs:  # country names over capitals: "Canada and Mexico" before "Ottawa and Beijing"
        if first.form == second.form == "name":
            return [second.code, first.code]
    for first, second in pairs:
        return [second.code, first.code]
    codes: list[str] = []
    for prior in reversed(before):
        if prior.code not in codes:
            codes.append(prior.code)
        if len(codes) == 2:
            break
    return codes
