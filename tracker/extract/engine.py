"""The extraction pipeline: sentences with a trigger word, their actors and
targets, then one item per measure with the span it was read from."""

from __future__ import annotations

import bisect
import dataclasses
import datetime as dt
import re

from tracker.extract import knowledge
from tracker.extract.dates import resolve_dates
from tracker.extract.figures import find_figures
from tracker.extract.measures import (
    FLOWS, INSTRUMENTS, choose_figure, commodity_near, easing, is_negated, is_statistic,
    removal_is_planned, status_of,
)
from tracker.extract.mentions import Mention, find_mentions
from tracker.extract.roles import _LEFT_STOP, _NOT_SUBJECT, find_roles
from tracker.extract.sentences import split_sentences
from tracker.extract.types import Evidence, ExtractedMeasure

_MAX_EVIDENCE_WORDS = 40
# "supporting Moscow's war effort through supplies of ...": who a supply helps.
_BENEFICIARY = re.compile(r"\b(?:support\w*|help\w*|aid\w*|arm\w*|back\w*|fuel\w*|suppl\w*)\s+(?:the\s+)?$", re.I)
_OBJECT_OF_MEASURE = re.compile(r"\b(?:on|against|of|to|from|restrict\w*|curb\w*|ban\w*|limit\w*)\s+(?:\S+\s+){0,3}$", re.I)


@dataclasses.dataclass(slots=True)
class _Sentence:
    start: int
    end: int
    mentions: list[Mention]
    subject: Mention | None


def extract_from(source: str, field: str, day: dt.date | None, ignore_case: bool = False) -> list[ExtractedMeasure]:
    mentions = find_mentions(source, day, ignore_case)
    if not mentions:
        return []
    triggers = list(knowledge.kind_regex().finditer(source))
    if not triggers:
        return []
    sentences = _sentences(source, mentions)
    starts = [s.start for s in sentences]
    found: list[ExtractedMeasure] = []
    for match in triggers:
        index = bisect.bisect_right(starts, match.start()) - 1
        if index < 0:
            continue
        sentence = sentences[index]
        previous = sentences[index - 1] if index > 0 else None
        kind = "tariff" if match.lastgroup == "tariff_loss" else match.lastgroup
        found.extend(_read_trigger(source, field, day, kind, match, sentence, previous, triggers))
    return found


def _sentences(source: str, mentions: list[Mention]) -> list[_Sentence]:
    result: list[_Sentence] = []
    starts = [m.start for m in mentions]
    for start, end in split_sentences(source):
        inside = mentions[bisect.bisect_left(starts, start) : bisect.bisect_left(starts, end)]
        subject = next((m for m in inside if m.acting and not _NOT_SUBJECT.search(source, max(start, m.start - 30), m.start)), None)
        result.append(_Sentence(start, end, inside, subject))
    return result


def _read_trigger(source: str, field: str, day: dt.date | None, kind: str, match: re.Match[str],
                  sentence: _Sentence, previous: _Sentence | None, triggers: list[re.Match[str]]) -> list[ExtractedMeasure]:
    t_start, t_end = match.span()
    if source[sentence.start : sentence.end].rstrip("\"'”’ ").endswith("?"):
        return []
    c_start = sentence.start
    for stop in _LEFT_STOP.finditer(source, sentence.start, t_start):
        c_start = stop.end()
    if is_negated(source, c_start, t_start):
        return []
    if kind in FLOWS and _is_object_of_measure(source, c_start, t_start, triggers):
        return []

    status = status_of(source, c_start, t_start, t_end, kind)
    roles = find_roles(source, kind, (t_start, t_end), (c_start, sentence.end), sentence.mentions)
    actors, targets = roles.actors, roles.targets
    if not actors and not roles.passive:
        actors = _fallback_actor(source, t_end, sentence, previous, targets)
    if kind in FLOWS and not targets:
        targets = [m for m in sentence.mentions if c_start <= m.start < t_start
                   and _BENEFICIARY.search(source, max(c_start, m.start - 25), m.start)][:1]
    actor_codes = {m.code for m in actors}
    if not targets and kind in ("sanction", "relief"):
        others = [m for m in sentence.mentions if m.code not in actor_codes]
        if others:
            targets = [min(others, key=lambda m: abs(m.start - t_start))]
    targets = [m for m in targets if m.code not in actor_codes]
    if not actors or not targets:
        return []

    figures = find_figures(source, c_start, sentence.end)
    commodity = commodity_near(source, max(c_start, t_start - 40), sentence.end)
    if kind in FLOWS and (is_statistic(source, c_start, sentence.end)
                          or not (commodity or any(f.value for f in figures if f.quantity in ("money", "volume")))):
        return []

    items: list[tuple[str, str, float | None, str | None]] = []  # kind, status, value, unit
    relief = easing(source, c_start, sentence.end, (t_start, t_end)) if kind in INSTRUMENTS else None
    if relief is None:
        figure = choose_figure(source, kind, (t_start, t_end), figures)
        items.append((kind, status, *_value(figure)))
    else:
        family, cue = relief
        if family == "removal" and not removal_is_planned(source, c_start, cue, status):
            figure = choose_figure(source, kind, (t_start, t_end), figures)
            items.append((kind, "lifted", *_value(figure)))
        else:
            figure = choose_figure(source, "relief", (t_start, t_end), figures, relief_target=True)
            items.append(("relief", status if status != "in_force" else "announced", *_value(figure)))
            own = choose_figure(source, kind, (t_start, t_end), [f for f in figures if f.end <= t_start])
            if own is not None and own is not figure and own.value is not None:
                items.append((kind, "in_force", *_value(own)))

    when, effective = resolve_dates(source, c_start, sentence.end, day)
    evidence = _evidence(source, field, sentence, c_start, [t_start, t_end] + [m.start for m in actors + targets]
                         + [m.end for m in actors + targets])
    measures: list[ExtractedMeasure] = []
    for item_kind, item_status, value, unit in items:
        for actor in _unique(actors):
            for target in _unique(targets):
                if actor == target:
                    continue
                measures.append(ExtractedMeasure(item_kind, actor, target, item_status, evidence, value, unit,
                                                 commodity, when, effective))
    return measures


def _value(figure) -> tuple[float | None, str | None]:
    if figure is None or figure.value is None:
        return None, None
    return figure.value, figure.unit


def _unique(mentions: list[Mention]) -> list[str]:
    codes: list[str] = []
    for mention in mentions:
        if mention.code not in codes:
            codes.append(mention.code)
    return codes


def _is_object_of_measure(source: str, c_start: int, t_start: int, triggers: list[re.Match[str]]) -> bool:
    """'duties on imports of Japanese goods': the imports are what the measure hits, not a purchase."""
    for other in triggers:
        if other.lastgroup in FLOWS or other.start() >= t_start:
            continue
        if other.start() >= c_start and t_start - other.end() < 60:
            return bool(_OBJECT_OF_MEASURE.search(source[max(other.end(), t_start - 40) : t_start])) or t_start - other.end() < 25
    return False


def _fallback_actor(source: str, t_end: int, sentence: _Sentence, previous: _Sentence | None,
                    targets: list[Mention]) -> list[Mention]:
    """The government of the surrounding discourse when the clause names none."""
    target_codes = {m.code for m in targets}
    for mention in sentence.mentions:
        if mention.start >= t_end and mention.acting and mention.code not in target_codes \
                and not _NOT_SUBJECT.search(source, max(sentence.start, mention.start - 30), mention.start):
            return [mention]
    if previous and previous.subject and previous.subject.code not in target_codes:
        return [previous.subject]
    return []


def _evidence(source: str, field: str, sentence: _Sentence, c_start: int, points: list[int]) -> Evidence:
    start, end = sentence.start, sentence.end
    if len(source[start:end].split()) > _MAX_EVIDENCE_WORDS:
        low, high = min(points), max(points)
        start = max(c_start if c_start <= low else sentence.start, _boundary_before(source, sentence.start, low))
        end = _boundary_after(source, high, sentence.end)
        while start < end and source[start] in " ,;:—-":
            start += 1
    return Evidence(field, start, end, source[start:end])  # type: ignore[arg-type]


def _boundary_before(source: str, floor: int, position: int) -> int:
    cut = max(source.rfind(",", floor, position), source.rfind(";", floor, position))
    if cut < 0 or len(source[cut:position].split()) < 4:
        return floor
    return cut + 1


def _boundary_after(source: str, position: int, ceiling: int) -> int:
    for index in range(position, ceiling):
        if source[index] in ",;" and len(source[position:index].split()) >= 3:
            return index
    return ceiling
