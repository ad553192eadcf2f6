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
    FLOWS, INSTRUMENTS, choose_figure, commodity_near, easing, is_denied_after, is_negated, is_statistic,
    removal_is_planned, status_of,
)
from tracker.extract.mentions import Mention, find_mentions
from tracker.extract.roles import _LEFT_STOP, _NOT_SUBJECT, find_roles
from tracker.extract.sentences import split_sentences
from tracker.extract.types import Evidence, ExtractedMeasure

_MAX_EVIDENCE_WORDS = 40
_RETALIATION = re.compile(r"retaliat|counter-?measure|hit back|reprisal", re.I)
_REPORTED_SPEECH = re.compile(r"\b(?:said|says|say|added|noted|argued|stated|noting|saying|adding|arguing)(?:\s+that)?\s+(?=\S)")
_NON_STATE_SUBJECT = re.compile(
    r"[^.;]{0,80}?\b(?:the|its|their)\s+(?:province|provinces|state of|city|company|firm|group|refiner|bank|union|"
    r"council|court|party|opposition|carmaker|automaker|industry)\s+(?:was|is|were|are|has|had|have|would|will|said|says|could|may)\b", re.I)
_DEFINITE = re.compile(r"\b(?:the|these|those|such)\s+(?:[\w-]+\s+){0,2}$", re.I)
_SAME_AGAIN = re.compile(r"\b(?:the same|similar|matching|likewise|as well)\b", re.I)
_EACH_OTHER = re.compile(r"\beach other(?:'s|’s)?\b", re.I)
# "retaliation against countries which ...": an explicit target that names no country.
_VAGUE_TARGET = re.compile(r"\s+(?:against|on)\s+(?!the\s+[A-Z])", re.I)
# "lift the tariffs imposed on ...": the measure is described as standing.
_STANDING = re.compile(r"\s+(?:\w+\s+)?(?:imposed|levied|in place|in force|applied|already)\b", re.I)
# "exports to the U.S. will face a 15% tariff": the flow is what a measure hits.
_GOODS_FACING = re.compile(
    r"[^.;]{0,45}?\b(?:face|faces|facing|will face|are subject to|became subject to|pay|"
    r"(?:are|is|were|was|be|been)\s+(?:now\s+|also\s+)?(?:taxed|subject|hit|charged|limited|capped|restricted)|"
    r"covered by|affected by|hit by|targeted by)\b", re.I)
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
        previous = sentences[max(0, index - 3) : index][::-1]  # nearest first
        kind = "tariff" if match.lastgroup == "tariff_loss" else match.lastgroup
        found.extend(_read_trigger(source, field, day, kind, match, sentence, previous, triggers, found))
    return found


def _sentences(source: str, mentions: list[Mention]) -> list[_Sentence]:
    result: list[_Sentence] = []
    starts = [m.start for m in mentions]
    for start, end in split_sentences(source):
        inside = mentions[bisect.bisect_left(starts, start) : bisect.bisect_left(starts, end)]
        subject = next((m for m in inside if m.acting and not _NOT_SUBJECT.search(source, max(start, m.start - 30), m.start)
                        and not re.search(r"(?:\band|\bor|,)\s+(?:the\s+)?$", source[max(start, m.start - 8) : m.start])), None)
        result.append(_Sentence(start, end, inside, subject))
    return result


def _read_trigger(source: str, field: str, day: dt.date | None, kind: str, match: re.Match[str],
                  sentence: _Sentence, previous: list[_Sentence], triggers: list[re.Match[str]],
                  earlier: list[ExtractedMeasure]) -> list[ExtractedMeasure]:
    t_start, t_end = match.span()
    if source[sentence.start : sentence.end].rstrip("\"'”’ ").endswith("?"):
        return []
    c_start = sentence.start
    for stop in _LEFT_STOP.finditer(source, sentence.start, t_start):
        c_start = stop.end()
    reported = None
    for reported in _REPORTED_SPEECH.finditer(source, c_start, t_start):
        pass
    if reported and any(reported.end() <= m.start < t_start and m.acting for m in sentence.mentions):
        c_start = reported.end()  # "Trump said the bloc would buy ...": the bloc buys
    if _not_a_measure(source, kind, match, c_start, sentence.end):
        return []
    if is_negated(source, c_start, t_start) or is_denied_after(source, t_end, sentence.end):
        return []
    if kind in FLOWS and (_is_object_of_measure(source, c_start, t_start, triggers)
                          or _GOODS_FACING.match(source, t_end, min(sentence.end, t_end + 60))):
        return []

    status = status_of(source, c_start, t_start, t_end, kind)
    roles = find_roles(source, kind, (t_start, t_end), (c_start, sentence.end), sentence.mentions)
    actors, targets = roles.actors, roles.targets
    if kind == "relief" and not roles.actors:
        return []  # a bare "waiver" or "exemption" needs its author beside it ("the U.S. exemption")
    guessed_actor = not actors
    if not actors:
        actors = _fallback_actor(source, t_end, sentence, previous, targets, earlier, passive=roles.passive)
    if kind in FLOWS and not targets:
        targets = [m for m in sentence.mentions if c_start <= m.start < t_start
                   and _BENEFICIARY.search(source, max(c_start, m.start - 25), m.start)][:1]
    actor_codes = {m.code for m in actors}
    if not targets and kind in INSTRUMENTS and _DEFINITE.search(source, max(c_start, t_start - 30), t_start):
        # "Reagan imposed the tariff in 1983": the tariff already introduced, on the same target
        precedent = [m.target for m in earlier if m.actor in actor_codes and m.target not in actor_codes
                     and (m.kind == kind or m.kind == "relief")]
        targets = [Mention(t_start, t_end, precedent[-1], "pron")] if precedent else []
    if not targets and kind in INSTRUMENTS and _SAME_AGAIN.search(source, c_start, sentence.end):
        precedent = [m.target for m in earlier if m.kind == kind and m.target not in actor_codes]
        targets = [Mention(t_start, t_end, precedent[-1], "pron")] if precedent else []  # "the same lower cap"
    if not targets and kind == "price_cap":
        nearby = sentence.mentions + (previous[0].mentions if previous else [])
        capped = [m for m in nearby if m.form == "adj" and m.code not in actor_codes]
        targets = capped[:1]  # the cap is on "Russian cargoes" wherever the clause (or the one before) puts them
    relief = easing(source, c_start, sentence.end, (t_start, t_end)) if kind in INSTRUMENTS else None
    if not targets and (kind == "sanction" or relief) and not _VAGUE_TARGET.match(source, t_end):
        retaliating = _RETALIATION.match(source, t_start)
        aggressors = [m.actor for m in earlier if m.target in actor_codes and m.actor not in actor_codes] if retaliating else []
        others = [m for m in sentence.mentions if m.code not in actor_codes]
        continuing = [m.target for m in earlier if m.actor in actor_codes and m.kind in INSTRUMENTS]
        if aggressors:
            targets = [Mention(t_start, t_end, aggressors[-1], "pron")]
        elif continuing:
            targets = [Mention(t_start, t_end, continuing[-1], "pron")]  # "its own sanctions": the same target
        elif retaliating and not others:
            opponents = [m.actor for m in earlier if m.actor not in actor_codes and m.kind in INSTRUMENTS]
            targets = [Mention(t_start, t_end, opponents[-1], "pron")] if opponents else []
        elif others and not guessed_actor:
            targets = [min(others, key=lambda m: abs(m.start - t_start))]  # too weak when the actor is guessed too
    named_here = {m.code for m in sentence.mentions}
    if not (actor_codes & named_here or {m.code for m in targets} & named_here):
        return []  # both parties guessed from elsewhere: too weak to report
    reciprocal = _EACH_OTHER.search(source, t_end, min(sentence.end, t_end + 40))
    if reciprocal and len(actor_codes) == 2:
        pairs = [(a, b) for a in actor_codes for b in actor_codes if a != b]
    else:
        targets = [m for m in targets if m.code not in actor_codes]
        if not actors or not targets:
            return []
        pairs = [(a, b) for a in _unique(actors) for b in _unique(targets) if a != b]

    figures = find_figures(source, c_start, sentence.end)
    if kind == "price_cap" and not any(f.quantity == "per_barrel" for f in figures) and previous:
        # "The cap, agreed by ..." after "A $60-a-barrel ceiling ...": the price was given just before
        earlier_figures = find_figures(source, previous[-1].start if len(previous) < 2 else previous[1].start, sentence.start)
        figures = [f for f in earlier_figures if f.quantity == "per_barrel"][-1:] or figures
        if figures and figures[0].quantity == "per_barrel":
            figures = [dataclasses.replace(figures[0], start=t_end, end=t_end)]
    found_commodities = [commodity_near(source, t_end, sentence.end), commodity_near(source, max(c_start, t_start - 40), t_start),
                         commodity_near(source, t_start, t_end)]
    commodity = next((c for c in found_commodities if c not in (None, "goods")), None) or next(
        (c for c in found_commodities if c), None)
    # Goods in general count only when a country commits to buy them ("to buy more U.S. goods").
    notable = commodity not in (None, "goods") or any(f.value for f in figures if f.quantity in ("money", "volume")) \
        or (commodity == "goods" and kind == "purchase" and re.match(r"(?i)buy|purchas", match.group()))
    if kind in FLOWS and (is_statistic(source, (t_start, t_end), c_start, sentence.end) or not notable):
        return []

    items: list[tuple[str, str, float | None, str | None]] = []  # kind, status, value, unit
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
            if _STANDING.match(source, t_end) and figure is not None and figure.start > t_end \
                    and not re.search(r"\bto\s+(?:about\s+)?$", source[max(0, figure.start - 12) : figure.start]):
                figure = None  # "lift the tariffs imposed on 300 mln dlrs": the sum is the tariff's
            own = _own_figure(source, (t_start, t_end), figures, figure)
            if figure is not None and own is None and _own_figure(source, (t_start, t_end), figures, None) is figure:
                own, figure = figure, None  # "the 100 pct tariffs ... could be modified": 100 is the tariff's
            items.append(("relief", status if status != "in_force" else "announced", *_value(figure)))
            if own is not None:
                items.append((kind, "in_force", *_value(own)))
            elif _STANDING.match(source, t_end):
                standing = [f for f in figures if f is not figure and t_end <= f.start <= t_end + 60
                            and not re.search(r"\b(?:to|from)\s+(?:about\s+)?$", source[max(0, f.start - 12) : f.start])]
                items.append((kind, "in_force", *_value(choose_figure(source, kind, (t_start, t_end), standing))))

    when, effective = resolve_dates(source, c_start, sentence.end, day)
    evidence = _evidence(source, field, sentence, c_start, [t_start, t_end] + [m.start for m in actors + targets]
                         + [m.end for m in actors + targets])
    if not pairs:
        return []
    measures: list[ExtractedMeasure] = []
    for item_kind, item_status, value, unit in items:
        for actor, target in sorted(pairs, key=lambda pair: [m.code for m in actors].index(pair[0])):
            if True:
                measures.append(ExtractedMeasure(item_kind, actor, target, item_status, evidence, value, unit,
                                                 commodity, when, effective))
    return measures


def _not_a_measure(source: str, kind: str, match: re.Match[str], c_start: int, s_end: int) -> bool:
    """Homonyms: military retaliation, duty as obligation."""
    word = match.group().lower()
    if kind == "sanction" and _RETALIATION.match(word):
        return bool(knowledge.cue_regex("context", "military").search(source, c_start, s_end))
    if word == "duty":
        before = source[max(0, match.start() - 12) : match.start()].split()
        return bool(before) and before[-1].lower() in knowledge.triggers()["context"]["not_customs"]
    return False


def _own_figure(source: str, trigger: tuple[int, int], figures: list, new_level) -> object | None:
    """The rate a measure had before easing: attached to its noun ("the 145% levy") or "from 57%"."""
    for fig in figures:
        if fig is new_level or fig.value is None or fig.quantity != "percent":
            continue
        if fig.end <= trigger[0] and trigger[0] - fig.end <= 25:
            return fig
        if new_level is not None and fig.start > new_level.end and re.search(r"\bfrom\s+$", source[fig.start - 6 : fig.start]):
            return fig
    return None


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


_RESTRICTED_OBJECT = re.compile(
    r"\b(?:restrictions?|restrict\w*|curbs?|limits?|controls?|bans?|banned|taxe?s?|duties|tariffs?|levy|levies|quotas?|"
    r"tighten\w*|cut|cuts|investigat\w*|probe|probing|inquiry into)\s+(?:on\s+|into\s+)?(?:[\w-]+\s+){0,2}$", re.I)


def _is_object_of_measure(source: str, c_start: int, t_start: int, triggers: list[re.Match[str]]) -> bool:
    """'duties on imports of Japanese goods': the imports are what the measure hits, not a purchase."""
    if _RESTRICTED_OBJECT.search(source, max(c_start, t_start - 50), t_start):
        return True
    for other in triggers:
        if other.lastgroup in FLOWS or other.start() >= t_start:
            continue
        if other.start() >= c_start and t_start - other.end() < 80:
            between = source[other.end() : t_start]
            if t_start - other.end() < 25 or re.match(r"\s+(?:on|against|of|covering)\b", between) \
                    or _OBJECT_OF_MEASURE.search(source[max(other.end(), t_start - 40) : t_start]):
                return True
    return False


def _fallback_actor(source: str, t_end: int, sentence: _Sentence, previous: list[_Sentence],
                    targets: list[Mention], found: list[ExtractedMeasure], passive: bool = False) -> list[Mention]:
    """The government of the surrounding discourse when the clause names none: the one
    right after the measure noun, the sentence subject, the latest actor, the latest subject."""
    target_codes = {m.code for m in targets}
    if _NON_STATE_SUBJECT.match(source, sentence.start):
        return []  # "the province was ready to ...": someone other than a government acts
    for mention in sentence.mentions:
        if t_end <= mention.start <= t_end + 25 and mention.acting and mention.code not in target_codes \
                and re.fullmatch(r"\s*(?:that\s+|which\s+)?(?:the\s+)?", source[t_end : mention.start]):
            return [mention]  # "the levy Washington applies"
    subject = sentence.subject
    if subject and subject.end <= t_end and subject.code not in target_codes and not passive:
        return [subject]
    for measure in reversed(found):  # the one already acting on this target
        if measure.evidence.end >= sentence.start - 400 and measure.kind not in FLOWS \
                and measure.target in target_codes and measure.actor not in target_codes:
            return [Mention(t_end, t_end, measure.actor, "pron")]
    for measure in reversed(found):
        if measure.evidence.end >= sentence.start - 400 and measure.kind not in FLOWS:
            if measure.actor not in target_codes:
                return [Mention(t_end, t_end, measure.actor, "pron")]
            break
    if passive:
        return []  # "Russia faces sanctions": only an actor already in play may be assumed
    for earlier in previous:
        if earlier.subject and earlier.subject.code not in target_codes:
            return [earlier.subject]
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
