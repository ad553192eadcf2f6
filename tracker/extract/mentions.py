"""Who is named where: countries, blocs, capitals, agencies, leaders, and the
phrases that refer back to them ("its", "the two major economies")."""

from __future__ import annotations

import dataclasses
import datetime as dt
import re

from tracker.extract import knowledge

# Forms that can stand for a government acting; adjectives only qualify.
ACTING = frozenset({"name", "seat", "body", "org", "leader", "pron"})

_ANAPHOR = re.compile(
    r"\b(?P<one>its|it(?!\s+(?:is|was|has been|would be|will be|seems|seemed|appears|remains|said|added|noted)\b)|the country|the government|the nation|this country)\b"
    r"|\b(?P<leader>(?:his|her) (?:government|administration|country))\b"
    r"|\b(?P<two>(?:the|both) (?:two )?(?:major |largest |big |biggest )?(?:economies|countries|nations|sides|governments|neighbou?rs|partners|allies))\b",
    re.IGNORECASE,
)


@dataclasses.dataclass(frozen=True, slots=True)
class Mention:
    start: int
    end: int
    code: str
    form: str  # name | adj | seat | body | org | leader | pron

    @property
    def acting(self) -> bool:
        return self.form in ACTING


def find_mentions(text: str, day: dt.date | None, ignore_case: bool = False) -> list[Mention]:
    """Named mentions plus resolved anaphora, in text order."""
    named: list[Mention] = []
    pattern = knowledge.gazetteer_regex_ci() if ignore_case else knowledge.gazetteer_regex()
    for match in pattern.finditer(text):
        alias = knowledge.resolve(match.group(), day, ignore_case)
        if alias is not None and alias.form != "ignore":
            named.append(Mention(match.start(), match.end(), alias.code, alias.form))
    return _with_anaphora(text, named)


def _with_anaphora(text: str, named: list[Mention]) -> list[Mention]:
    if not named:
        return named
    resolved: list[Mention] = []
    plural: tuple[int, list[str]] = (-1, [])  # "its" after "the two countries" is neither of the two
    index = 0
    for match in _ANAPHOR.finditer(text):
        while index < len(named) and named[index].start < match.start():
            index += 1
        before = [m for m in named[:index] if m.end <= match.start() and match.start() - m.end < 600]
        if match.group("leader"):  # "her government": the country of the leader last named
            for prior in reversed(before):
                if prior.form == "leader":
                    resolved.append(Mention(match.start(), match.end(), prior.code, "pron"))
                    break
        elif match.group("one"):
            excluded = plural[1] if 0 <= match.start() - plural[0] < 250 else []
            subject = _sentence_subject(text, match.start(), before) or _opening_it(text, match, before)
            if subject is not None and subject.code not in excluded and (
                    match.group("one").lower() == "it" or text.startswith(" own", match.end())):
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
    if match.group() not in ("It", "Its") or text[max(0, match.start() - 2) : match.start()] not in (". ", "\n") \
            and match.start() != 0:
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
    pairs = [(first, second) for first, second in zip(reversed(before[:-1]), reversed(before[1:]))
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
