"""The extraction pipeline: sentences with a trigger word, their actors and
targets, then one item per measure with the span it was read from."""

from __future__ import annotations

import bisect
import dataclasses
import datetime as dt
import re

from tracker.extract import knowledge
from tracker.extract.dates import resolve_dates
from tracker.extract.evidence import evidence_span
from tracker.extract.figures import Figure, find_figures
from tracker.extract.measures import (
    FLOWS, INSTRUMENTS, choose_figure, commodity_near, easing, is_denied_after, is_negated, is_statistic,
    removal_is_planned, status_of,
)
from tracker.extract.mentions import Mention, find_mentions
from tracker.extract.parties import Context, fallback_actor, fallback_targets, same_as_before
from tracker.extract.roles import LEFT_STOP, NOT_SUBJECT, find_roles
from tracker.extract.sentences import split_sentences
from tracker.records import ExtractedMeasure

Item = tuple[str, str, float | None, str | None]  # kind, status, value, unit

_RETALIATION = re.compile(r"retaliat|counter-?measure|hit back|reprisal", re.I)
_REPORTED_SPEECH = re.compile(r"\b(?:(?:said|says|say|argued|stated|saying|arguing)(?:\s+that)?|"
                              r"(?:added|noted|noting|adding)\s+that)\s+(?=\S)")
# "beef cuts sell for 15 dlrs a pound": a price, not a trade flow.
_PRICE_QUOTE = re.compile(r"\s+(?:for|at)\s+(?:about\s+|around\s+|up to\s+)?(?:US)?[$\d]", re.I)
_NAMED_INSTRUMENT = re.compile(r"\s+(?:\w+\s+)?(?:tariffs?|duties|duty|quotas?|levies|levy|import bans?|surcharges?)\b", re.I)
_EACH_OTHER = re.compile(r"\beach other(?:'s|’s)?\b", re.I)
# "lift the tariffs imposed on ...": the measure is described as standing.
_STANDING = re.compile(r"\s+(?:\w+\s+)?(?:imposed|levied|in place|in force|applied|already)\b", re.I)
# "exports to the U.S. will face a 15% tariff": the flow is what a measure hits.
_GOODS_FACING = re.compile(
    r"[^.;]{0,45}?\b(?:face|faces|facing|will face|are subject to|became subject to|pay|"
    r"(?:are|is|were|was|be|been)\s+(?:now\s+|also\s+)?(?:taxed|subject|hit|charged|limited|capped|restricted)|"
    r"covered by|affected by|hit by|targeted by|could not exceed|not to exceed|limited to|capped at)\b", re.I)
_OBJECT_OF_MEASURE = re.compile(r"\b(?:on|against|of|to|from|restrict\w*|curb\w*|ban\w*|limit\w*)\s+(?:\S+\s+){0,3}$", re.I)
_RESTRICTED_OBJECT = re.compile(
    r"\b(?:restrictions?|restrict\w*|curbs?|limits?|controls?|bans?|banned|taxe?s?|duties|tariffs?|levy|levies|quotas?|"
    r"tighten\w*|cut|cuts|investigat\w*|probe|probing|inquiry into)\s+(?:on\s+|into\s+)?(?:[\w-]+\s+){0,2}$", re.I)


@dataclasses.dataclass(slots=True)
class _Sentence:
    start: int
    end: int
    mentions: list[Mention]
    subject: Mention | None


def extract_from(source: str, field: str, day: dt.date | None, ignore_case: bool = False) -> list[ExtractedMeasure]:
    """Every measure in one text field, in reading order (duplicates are removed later)."""
    mentions = find_mentions(source, day, ignore_case)
    if not mentions:
        return []
    triggers = _joined(knowledge.kind_regex().finditer(source), source)
    if not triggers:
        return []
    sentences = _sentences(source, mentions)
    starts = [s.start for s in sentences]
    found: list[ExtractedMeasure] = []
    for match in triggers:
        index = bisect.bisect_right(starts, match.start()) - 1
        if index < 0:
            continue
        previous = sentences[max(0, index - 3) : index][::-1]  # nearest first
        following = sentences[index + 1] if index + 1 < len(sentences) else None
        found.extend(_read_trigger(source, field, day, match, sentences[index], previous, triggers, found, following))
    return found


@dataclasses.dataclass(frozen=True, slots=True)
class _Trigger:
    """A trigger word or phrase; same-kind words in a row ("anti-dumping and countervailing duties") are one."""

    lastgroup: str
    _start: int
    _end: int
    _text: str

    def start(self) -> int:
        return self._start

    def end(self) -> int:
        return self._end

    def span(self) -> tuple[int, int]:
        return self._start, self._end

    def group(self) -> str:
        return self._text


def _joined(matches, source: str) -> list[_Trigger]:
    joined: list[_Trigger] = []
    for match in matches:
        kind = "tariff" if match.lastgroup == "tariff_loss" else str(match.lastgroup)
        last = joined[-1] if joined else None
        if last and last.lastgroup == kind and kind != "relief" \
                and re.fullmatch(r"\s*(?:,|and|or|,\s*and|/)?\s*", source[last.end() : match.start()]):
            joined[-1] = _Trigger(kind, last.start(), match.end(), source[last.start() : match.end()])
            continue
        joined.append(_Trigger(kind, match.start(), match.end(), match.group()))
    return joined


def _sentences(source: str, mentions: list[Mention]) -> list[_Sentence]:
    result: list[_Sentence] = []
    starts = [m.start for m in mentions]
    for start, end in split_sentences(source):
        inside = mentions[bisect.bisect_left(starts, start) : bisect.bisect_left(starts, end)]
        subject = next((m for m in inside if m.acting and not NOT_SUBJECT.search(source, max(start, m.start - 30), m.start)
                        and not re.search(r"(?:\band|\bor|,)\s+(?:the\s+)?$", source[max(start, m.start - 8) : m.start])), None)
        result.append(_Sentence(start, end, inside, subject))
    return result


def _read_trigger(source: str, field: str, day: dt.date | None, match: _Trigger, sentence: _Sentence,
                  previous: list[_Sentence], triggers: list[_Trigger],
                  earlier: list[ExtractedMeasure], following: _Sentence | None = None) -> list[ExtractedMeasure]:
    """The measures one trigger word stands for, or none when it is no measure between countries."""
    kind = match.lastgroup
    t_start, t_end = match.span()
    c_start = _clause_start(source, sentence, t_start)
    if _is_non_event(source, kind, match, c_start, sentence, triggers):
        return []

    roles = find_roles(source, kind, (t_start, t_end), (c_start, sentence.end), sentence.mentions)
    if kind == "relief" and not roles.actors:
        return []  # a bare "waiver" or "exemption" needs its author beside it ("the U.S. exemption")
    ctx = Context(source, (t_start, t_end), c_start, (sentence.start, sentence.end), sentence.mentions, sentence.subject,
                  [s.subject for s in previous], previous[0].mentions if previous else [], earlier)
    actors = roles.actors or fallback_actor(ctx, roles.targets, roles.passive)
    eased = easing(source, c_start, sentence.end, (t_start, t_end)) if kind in INSTRUMENTS else None
    if kind == "export_control":
        denied = _denied_party(source, sentence.mentions + (following.mentions if following else []))
        if denied is not None and (not roles.targets or denied.end <= t_start):
            # "Russia can no longer obtain ... after Canberra banned the exports": the one left without is the target
            actors = [m for m in actors if m.code != denied.code] or _nearest_actor(source, c_start, t_start, sentence, denied)
            roles = dataclasses.replace(roles, targets=[denied])
    targets = roles.targets or fallback_targets(ctx, kind, actors, eased is not None, guessed_actor=not roles.actors)
    if kind == "quota" and _restraint_on_goods(source, match, targets):
        actors, targets = targets, actors  # the exporter restrains (gold: a VER's actor is the exporting country)
    pairs = [(a, b) for a, b in _pairs(source, sentence, t_end, actors, targets)
             if not (knowledge.is_member(b, a, day) or knowledge.is_member(a, b, day))]  # a bloc and its own member
    if not pairs:
        return []

    figures = _figures(source, kind, (t_start, t_end), c_start, sentence, previous)
    commodity = _commodity(source, (t_start, t_end), c_start, sentence.end)
    if kind in FLOWS and not _is_notable_flow(source, kind, match, commodity, figures, c_start, sentence.end):
        return []
    status = status_of(source, c_start, t_start, t_end, kind)
    items = _items(source, kind, status, (t_start, t_end), c_start, figures, eased)
    copied = same_as_before(ctx, kind, set(_unique(actors)))
    if copied is not None and copied.value is not None and copied.target in {t for _, t in pairs}:
        items = [(k, st, copied.value, copied.unit) if v is None and k == kind else (k, st, v, u)
                 for k, st, v, u in items]  # "the same lower cap" is the same figure too

    listed = _listed_rates(source, items, figures, t_end, sentence.mentions) if kind == "tariff" and eased is None else []

    when, effective = resolve_dates(source, c_start, sentence.end, day)
    points = [t_start, t_end] + [m.start for m in actors + targets] + [m.end for m in actors + targets]
    evidence = evidence_span(source, field, (sentence.start, sentence.end), c_start, points)
    found = [ExtractedMeasure(item_kind, actor, target, item_status, evidence, value, unit, commodity, when, effective)
             for item_kind, item_status, value, unit in items for actor, target in pairs]
    for rate, owners in listed:  # "... 100% from March 20, and pork 25%": one more rate, same parties
        narrowed = [(a, b) for a, b in pairs if b in owners] or (
            [(a, o) for a in dict.fromkeys(a for a, _ in pairs) for o in sorted(owners) if o != a] if owners else pairs)
        found += [ExtractedMeasure(kind, actor, target, status, evidence, rate.value, rate.unit, commodity, when, effective)
                  for actor, target in narrowed]
    return found


_RESTRAINT = re.compile(r"voluntary|export", re.I)


def _restraint_on_goods(source: str, match: _Trigger, targets: list[Mention]) -> bool:
    """'voluntary export restraints on Japanese cars': the owner of the goods restrains, not the one who asks."""
    if not _RESTRAINT.search(match.group()) or not targets or targets[0].start < match.end():
        return False
    first = targets[0]
    return first.form == "adj" and bool(re.fullmatch(r"\s+on\s+(?:the\s+|its\s+|their\s+)?", source[match.end() : first.start]))


# ", and pork and aquatic products 25%", ", with Canadian energy products charged a lower 10%",
# ", and 20 pct on Korean ones": a verb-less list item giving the same measure a second rate for other goods.
_LIST_ITEM = re.compile(
    r"^[^;:()]*?(?:,\s*|;\s*)(?:and|with|while|plus|but)\s+(?P<goods>(?:(?!(?:rose|fell|rise|fall|grew|was|were|has|had|have|"
    r"is|are|will|would|said|says|imports|exports|trade)\b)[\w'’-]+\s+){0,6}?)"
    r"(?:(?:are|is|will be|were|charged|taxed|facing|face|at|a|an|lower|higher|reduced|rate of|of|just|only)\s+)*$", re.I)
_GOODS_AFTER = re.compile(r"\s+(?:on|for)\s+(?P<goods>(?:the\s+)?(?:[\w'’-]+\s+){0,3}?[\w'’-]+)(?=\s*(?:[,;.]|$|\s+(?:and|from|to)\b))",
                          re.I)


def _listed_rates(source: str, items: list[Item], figures: list[Figure], t_end: int,
                  mentions: list[Mention]) -> list[tuple[Figure, set[str]]]:
    """Further percent rates listed after the measure's own one, each with the goods' owners named in its item."""
    if len(items) != 1 or items[0][3] != "percent":
        return []
    anchor = next((f for f in figures if f.quantity == "percent" and f.value == items[0][2]), None)
    if anchor is None:
        return []
    found: list[tuple[Figure, set[str]]] = []
    last = max(anchor.end, t_end)
    for fig in figures:
        if fig.start < last or fig.quantity != "percent" or fig.value is None:
            continue
        item = _LIST_ITEM.match(source[last : fig.start])
        if item is None or fig.value == items[0][2]:
            break
        g_start, g_end = last + item.start("goods"), last + item.end("goods")
        if g_start == g_end:  # the goods follow the rate: ", and 20 pct on Korean ones"
            after = _GOODS_AFTER.match(source, fig.end)
            if after is None:
                break
            g_start, g_end = after.span("goods")
        found.append((fig, {m.code for m in mentions if g_start <= m.start and m.end <= g_end and m.form == "adj"}))
        last = fig.end
    return found


def _denied_party(source: str, mentions: list[Mention]) -> Mention | None:
    """The party an export control keeps goods from when it is named by what it can no longer get."""
    cue = knowledge.cue_regex("context", "denied_access")
    for mention in mentions:
        after = source[mention.end : mention.end + 60].lstrip()  # a fresh string: the cue's word boundary looks behind
        if source[mention.start : mention.end].lower() in ("its", "their"):
            after = "'s " + after  # "curbing its access to" reads as "China's access to"
        if (mention.acting or mention.form == "adj") and cue.match(after):
            return mention
    return None


def _nearest_actor(source: str, c_start: int, t_start: int, sentence: _Sentence, denied: Mention) -> list[Mention]:
    """The acting name nearest before the trigger, other than the one denied ("after Canberra banned ...")."""
    before = [m for m in sentence.mentions if c_start <= m.start and m.end <= t_start and m.acting and m.code != denied.code]
    return before[-1:]


def _clause_start(source: str, sentence: _Sentence, t_start: int) -> int:
    """Where the trigger's clause begins: after "but", "while" ...; after "X said" when a party follows."""
    c_start = sentence.start
    for stop in LEFT_STOP.finditer(source, sentence.start, t_start):
        c_start = stop.end()
    reported = None
    for reported in _REPORTED_SPEECH.finditer(source, c_start, t_start):
        pass
    if reported and any(reported.end() <= m.start < t_start and m.acting for m in sentence.mentions):
        c_start = reported.end()  # "Trump said the bloc would buy ...": the bloc buys
    return c_start


def _is_non_event(source: str, kind: str, match: _Trigger, c_start: int, sentence: _Sentence,
                  triggers: list[_Trigger]) -> bool:
    """Questions, homonyms, denials, and flows that are only the object of a measure."""
    t_start, t_end = match.span()
    if source[sentence.start : sentence.end].rstrip("\"'”’ ").endswith("?"):
        return True
    if _is_homonym(source, kind, match, c_start, sentence.end):
        return True
    if is_negated(source, c_start, t_start) or is_denied_after(source, t_end, sentence.end):
        return True
    if kind == "quota" and knowledge.cue_regex("context", "cartel").search(source, sentence.start, sentence.end):
        return True  # "OPEC-assigned quota": a producers' output quota, not a trade measure
    if kind == "supply" and knowledge.cue_regex("context", "ambition").search(source, max(c_start, t_start - 60), t_start):
        return True  # "wants to increase its steel exports to the U.S.": an aim, not a flow
    if kind in FLOWS and knowledge.cue_regex("context", "wished_flow").search(source, max(c_start, t_start - 60), t_start):
        return True  # "press Seoul to open its market to U.S. chip sales", "would curb rice sales": not a flow
    return kind in FLOWS and (_is_object_of_measure(source, c_start, t_start, triggers)
                              or bool(_GOODS_FACING.match(source, t_end, min(sentence.end, t_end + 60)))
                              or bool(_PRICE_QUOTE.match(source, t_end)))


def _is_homonym(source: str, kind: str, match: _Trigger, c_start: int, s_end: int) -> bool:
    """Military retaliation, duty as obligation."""
    word = match.group().lower()
    if kind == "sanction" and _RETALIATION.match(word):
        if _NAMED_INSTRUMENT.match(source, match.end()):
            return True  # "retaliatory tariffs": the tariff is the measure (gold convention 2)
        return bool(knowledge.cue_regex("context", "military").search(source, c_start, s_end))
    if word == "duty":
        before = source[max(0, match.start() - 12) : match.start()].split()
        return bool(before) and before[-1].lower() in knowledge.triggers()["context"]["not_customs"]
    return False


def _is_object_of_measure(source: str, c_start: int, t_start: int, triggers: list[_Trigger]) -> bool:
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


def _pairs(source: str, sentence: _Sentence, t_end: int, actors: list[Mention],
           targets: list[Mention]) -> list[tuple[str, str]]:
    """(actor, target) codes; "each other's" pairs two actors both ways. At least one party must be named here."""
    actor_codes, target_codes = _unique(actors), _unique(targets)
    named_here = {m.code for m in sentence.mentions}
    if not (set(actor_codes) & named_here or set(target_codes) & named_here):
        return []  # both parties guessed from elsewhere: too weak to report
    if len(actor_codes) == 2 and _EACH_OTHER.search(source, t_end, min(sentence.end, t_end + 40)):
        return [(a, b) for a in actor_codes for b in actor_codes if a != b]
    return [(a, b) for a in actor_codes for b in target_codes if b not in actor_codes]


def _unique(mentions: list[Mention]) -> list[str]:
    codes: list[str] = []
    for mention in mentions:
        if mention.code not in codes:
            codes.append(mention.code)
    return codes


def _figures(source: str, kind: str, trigger: tuple[int, int], c_start: int, sentence: _Sentence,
             previous: list[_Sentence]) -> list[Figure]:
    figures = find_figures(source, c_start, sentence.end)
    if kind == "price_cap" and previous and not any(f.quantity == "per_barrel" for f in figures):
        # "The cap, agreed by ..." after "A $60-a-barrel ceiling ...": the price was given just before
        earliest = previous[min(1, len(previous) - 1)]
        prices = [f for f in find_figures(source, earliest.start, sentence.start) if f.quantity == "per_barrel"]
        if prices:
            return [dataclasses.replace(prices[-1], start=trigger[1], end=trigger[1])]
    return figures


def _commodity(source: str, trigger: tuple[int, int], c_start: int, s_end: int) -> str | None:
    """What is traded or restricted: after the trigger first, then before it, then inside it."""
    t_start, t_end = trigger
    reason = knowledge.cue_regex("context", "reason").search(source, t_end, s_end)
    if reason:
        s_end = reason.start()
    found = [commodity_near(source, t_end, s_end), commodity_near(source, max(c_start, t_start - 40), t_start),
             commodity_near(source, t_start, t_end)]
    return next((c for c in found if c not in (None, "goods")), None) or next((c for c in found if c), None)


def _is_notable_flow(source: str, kind: str, match: _Trigger, commodity: str | None, figures: list[Figure],
                     c_start: int, s_end: int) -> bool:
    """Gold convention 6: strategic goods, a figure, or a commitment to buy; never trade statistics."""
    if is_statistic(source, match.span(), c_start, s_end):
        return False
    if knowledge.cue_regex("context", "statistic").search(source, max(c_start, match.start() - 25), match.start()):
        # "the largest buyer of U.S. farm products": a ranking, notable only for strategic goods
        return commodity not in (None, "goods", "food")
    if commodity not in (None, "goods") or any(f.value for f in figures if f.quantity in ("money", "volume")):
        return True
    # Goods in general count only when a country commits to buy them ("to buy more U.S. goods").
    return commodity == "goods" and kind == "purchase" and bool(re.match(r"(?i)buy|purchas", match.group()))


def _items(source: str, kind: str, status: str, trigger: tuple[int, int], c_start: int, figures: list[Figure],
           eased: tuple[str, re.Match[str]] | None) -> list[Item]:
    """The measure itself, or its removal, or a relief plus the measure it eases (gold convention 3)."""
    if eased is None:
        return [(kind, status, *_value(choose_figure(source, kind, trigger, figures)))]
    family, cue = eased
    partial = [f for f in figures if f.quantity == "money" and cue.end() <= f.start and f.end <= trigger[0]]
    if family == "removal" and partial:  # "lifted 51 mln dlrs of the sanctions": a partial easing
        return [("relief", status, *_value(partial[0]))]
    if family == "removal" and not removal_is_planned(source, c_start, cue, status):
        return [(kind, "lifted", *_value(choose_figure(source, kind, trigger, figures)))]
    t_start, t_end = trigger
    new_level = choose_figure(source, "relief", trigger, figures, relief_target=True)
    if _STANDING.match(source, t_end) and new_level is not None and new_level.start > t_end \
            and not re.search(r"\bto\s+(?:about\s+)?$", source[max(0, new_level.start - 12) : new_level.start]):
        new_level = None  # "lift the tariffs imposed on 300 mln dlrs": the sum is the tariff's
    own = _own_figure(source, trigger, figures, new_level)
    if new_level is not None and own is None and _own_figure(source, trigger, figures, None) is new_level \
            and not re.search(r"\bto\s+(?:about\s+)?$", source[max(0, new_level.start - 12) : new_level.start]):
        own, new_level = new_level, None  # "the 100 pct tariffs ... could be modified": 100 is the tariff's
    items: list[Item] = [("relief", status if status != "in_force" else "announced", *_value(new_level))]
    if own is not None:
        items.append((kind, "in_force", *_value(own)))
    elif _STANDING.match(source, t_end):
        standing = [f for f in figures if f is not new_level and t_end <= f.start <= t_end + 60
                    and not re.search(r"\b(?:to|from)\s+(?:about\s+)?$", source[max(0, f.start - 12) : f.start])]
        items.append((kind, "in_force", *_value(choose_figure(source, kind, trigger, standing))))
    return items


def _own_figure(source: str, trigger: tuple[int, int], figures: list[Figure], new_level: Figure | None) -> Figure | None:
    """The rate a measure had before easing: attached to its noun ("the 145% levy") or "from 57%"."""
    for fig in figures:
        if fig is new_level or fig.value is None or fig.quantity != "percent":
            continue
        if fig.end <= trigger[0] and trigger[0] - fig.end <= 25:
            return fig
        if new_level is not None and fig.start > new_level.end and re.search(r"\bfrom\s+$", source[fig.start - 6 : fig.start]):
            return fig
    return None


def _value(figure: Figure | None) -> tuple[float | None, str | None]:
    if figure is None or figure.value is None:
        return None, None
    return figure.value, figure.unit
