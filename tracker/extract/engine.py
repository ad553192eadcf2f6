"""The extraction pipeline for one text field: sentences → candidates → parse → readings → measures.

1. The gazetteer finds every party mentioned (countries, capitals, leaders, agencies, firms).
2. A cheap pattern over the raw text keeps the sentences that hold a trigger form and a party;
   only those are parsed, because parsing dominates the cost.
3. Each parsed sentence is read (`reading.py`): kind, actor and target from the tree.
4. Each reading becomes measures: status from the governing words (`status.py`), the figure
   the gold rules report (`figures.py`), the commodity, dates, and the evidence span.
5. At the article's end, a reading that named one party only takes the other from the
   article (`Register.infer`), at the lowest confidence; one that named none is dropped.
"""

from __future__ import annotations

import bisect
import dataclasses
import datetime as dt
import logging
import os
import re
from typing import Any

from tracker.extract import knowledge, lexicon, tree
from tracker.extract.clause import complete_from_clause
from tracker.extract.dates import read_dates
from tracker.extract.evidence import evidence_span
from tracker.extract.figures import Figure, choose_figure, find_figures
from tracker.extract.goods import commodity_near, is_statistic, ranks_partner, strategic_regex
from tracker.extract.mentions import Mention, dateline_end, find_mentions
from tracker.extract.parsing import parse
from tracker.extract.parties import ParsedSentence, Party
from tracker.extract.reading import Reading, in_reason, read_sentence
from tracker.extract.register import Register
from tracker.extract.sentences import split_sentences
from tracker.extract.status import read_statement
from tracker.extract.tree import subtree_span
from tracker.records import FLOWS, EvidenceSpan, ExtractedMeasure, Field, kind_registry

log = logging.getLogger(__name__)


class ExtractionError(RuntimeError):
    """Reading one trigger failed; raised only in strict mode (the test suite)."""


def strict() -> bool:
    """Under tests an error while reading a trigger is raised instead of logged and skipped."""
    return os.environ.get("TRACKER_STRICT_EXTRACTION") == "1"


@dataclasses.dataclass(frozen=True, slots=True)
class PendingLink:
    """A link between two measures of this field, before the article's list is final."""

    source: ExtractedMeasure
    relation: str
    target: ExtractedMeasure
    evidence: EvidenceSpan


@dataclasses.dataclass(slots=True)
class FieldResult:
    measures: list[ExtractedMeasure]
    errors: int = 0
    links: list[PendingLink] = dataclasses.field(default_factory=list)


@dataclasses.dataclass(slots=True)
class Plan:
    """One text field before parsing: its mentions and the sentences worth parsing."""

    source: str
    field: Field
    day: dt.date | None
    article_id: str | None
    sentences: list[tuple[int, int, list[Mention]]]  # in reading order, with the mentions inside each
    mentioned: dict[str, int] = dataclasses.field(default_factory=dict)  # how often the field names each party

    @property
    def texts(self) -> list[str]:
        return [self.source[start:end] for start, end, _ in self.sentences]


def plan(source: str, field: Field, day: dt.date | None, ignore_case: bool = False,
         article_id: str | None = None) -> Plan:
    """Which sentences of a field to parse: those that may state a measure and name a party,
    and, after the first of them, those that may continue one ("the ban will be lifted")."""
    mentions = find_mentions(source, day, ignore_case)
    chosen: list[tuple[int, int, list[Mention]]] = []
    if not mentions:
        return Plan(source, field, day, article_id, chosen)
    mentioned: dict[str, int] = {}
    for mention in mentions:
        if mention.acting and mention.form != "pron":  # names, capitals, leaders: not "Russian" on goods
            mentioned[mention.code] = mentioned.get(mention.code, 0) + 1
    starts = [m.start for m in mentions]
    after_dateline = dateline_end(source)
    for start, end in split_sentences(source):
        if start < after_dateline < end:
            start = after_dateline  # "NEW DELHI/ISTANBUL, Nov. 4 — Refiners ...": the dateline is no part of the sentence
        inside = mentions[bisect.bisect_left(starts, start) : bisect.bisect_left(starts, end)]
        if source[start:end].rstrip("\"'”’ ").endswith("?"):
            continue  # a question states no measure ("Will Canada impose duties on Chinese steel?")
        if (inside or chosen) and worth_parsing(source, start, end):
            chosen.append((start, end, inside))
    return Plan(source, field, day, article_id, chosen, mentioned)


def read(plan: Plan, docs: list[Any]) -> FieldResult:
    """Every measure of a planned field, from its parsed sentences in reading order."""
    result = FieldResult([])
    source, field, day, article_id = plan.source, plan.field, plan.day, plan.article_id
    register = Register()
    unresolved: list[tuple[ParsedSentence, Reading]] = []
    for (start, end, inside), doc in zip(plan.sentences, docs, strict=True):
        sentence = ParsedSentence(source, start, end, doc, inside)
        try:
            readings = read_sentence(sentence)
        except Exception as exc:  # one bad sentence must not lose the article
            _failed(result, article_id, source[start:end], exc)
            continue
        for reading in readings:
            complete_from_clause(sentence, reading)
        _complete_from_siblings(readings)
        produced: list[tuple[Reading, list[ExtractedMeasure]]] = []
        # Complete readings first, so that an incomplete one may refer to a measure of the same
        # sentence ("would retaliate against tariffs the Reagan Administration imposed").
        for reading in sorted(readings, key=lambda r: not (r.actors and r.targets)):
            try:
                answered = register.answered(reading)
                register.complete(reading, sentence.offset(reading.trigger))
                measures = _measures(sentence, reading, field, day)
            except Exception as exc:
                _failed(result, article_id, reading.trigger.text, exc)
                continue
            if answered is not None:
                result.links += [PendingLink(m, "in_response_to", answered, m.evidence) for m in measures]
            produced.append((reading, measures))
            for measure in measures:
                register.note(measure)
            if not measures:
                register.hold(reading, sentence.offset(reading.trigger))
                if bool(reading.actors) != bool(reading.targets):
                    unresolved.append((sentence, reading))
        produced.sort(key=lambda pair: pair[0].trigger.i)
        for _, measures in produced:
            result.measures.extend(measures)
        result.links += _sentence_links(sentence, field, produced)
    _infer_counterparts(result, register, unresolved, plan, day)
    return result


def _infer_counterparts(result: FieldResult, register: Register, unresolved: list[tuple[ParsedSentence, Reading]],
                        plan: Plan, day: dt.date | None) -> None:
    """Readings that named one party get the other from the whole article (`Register.infer`)."""
    if not unresolved:
        return
    added: list[ExtractedMeasure] = []
    for sentence, reading in unresolved:
        try:
            if register.infer(reading, sentence.offset(reading.trigger), plan.mentioned):
                measures = _measures(sentence, reading, plan.field, day)
                for measure in measures:
                    register.note(measure)  # what later inferences see: never the reverse of it unasked
                added += measures
        except Exception as exc:
            _failed(result, plan.article_id, reading.trigger.text, exc)  # logged with its article, like any trigger
    if added:
        result.measures = sorted(result.measures + added, key=lambda m: m.evidence.start)


def extract_planned(plans: list[Plan]) -> list[FieldResult]:
    """Read many planned fields with one parse of all their sentences (parsing in batches is
    several times faster than sentence by sentence)."""
    docs = iter(parse([text for p in plans for text in p.texts]))
    return [read(p, [next(docs) for _ in p.sentences]) for p in plans]


def extract_from(source: str, field: Field, day: dt.date | None, ignore_case: bool = False,
                 article_id: str | None = None) -> FieldResult:
    """Every measure in one text field, in reading order (duplicates are removed later)."""
    return extract_planned([plan(source, field, day, ignore_case, article_id)])[0]


_ON_IMPORTS = frozenset({"tariff", "import_ban", "quota"})


def _complete_from_siblings(readings: list[Reading]) -> None:
    """A measure told twice in one sentence ("will cut the tariff ... by 10 points, to 10%,
    lowering the overall duty on Chinese goods to 47%"): a reading missing a party takes it
    from another reading of the same kind by the same actor."""
    for reading in readings:
        if reading.actors and not reading.targets:
            kind = reading.eased_kind or reading.kind
            codes = {p.code for p in reading.actors}
            for other in readings:
                if other is not reading and other.targets and (other.eased_kind or other.kind) == kind \
                        and other.kind == reading.kind and codes & {p.code for p in other.actors}:
                    reading.targets = [p for p in other.targets if p.code not in codes]
                    break
            else:
                # "will impose duties on pork imported from the EU": the flow the measure falls on,
                # read apart by the parser, names its partner (imports for a measure on imports).
                flow = "supply" if kind == "export_control" else "purchase" if kind in _ON_IMPORTS else None
                for other in readings:
                    if other.kind == flow and other.targets and codes & {p.code for p in other.actors}:
                        reading.targets = [p for p in other.targets if p.code not in codes]
                        break


def _sentence_links(sentence: ParsedSentence, field: Field,
                    produced: list[tuple[Reading, list[ExtractedMeasure]]]) -> list[PendingLink]:
    """Measures linked by a reason, response or condition phrase of the same sentence."""
    links: list[PendingLink] = []
    for reading, measures in produced:
        for relation, phrase in reading.reasons:
            inside = {t.i for t in phrase.subtree}
            for other, others in produced:
                if other is reading or not others or other.trigger.i not in inside:
                    continue
                start, end = sentence.offset(phrase.left_edge), sentence.offset(phrase.right_edge) + len(phrase.right_edge.text)
                span = EvidenceSpan(field, start, end, sentence.source[start:end])
                links += [PendingLink(m, relation, others[0], span) for m in measures]
    return links


_BUYING_GOODS = re.compile(r"\b(?:buy|buys|buying|bought|purchas\w*)\b[^.;]{0,60}?\b(?:goods|products)\b", re.IGNORECASE)


def worth_parsing(source: str, start: int, end: int) -> bool:
    """Whether a sentence may state a measure: the cheap filter before the costly parse.

    A strong measure word is enough. A word common in other senses ("control", "tax",
    "sale") counts only beside a trade word. A flow needs goods or a money or volume figure
    (a flow without either is not notable, gold convention 6) and is not a trade statistic.
    A stopping, barring, limiting or permitting verb needs something it could apply to.
    """
    groups = lexicon.patterns()
    if groups["measure"].search(source, start, end):
        return True
    trade = groups["trade"]
    if groups["flow"].search(source, start, end) or groups["weak"].search(source, start, end):
        if groups["flow"].search(source, start, end) and is_statistic(source, (start, start), start, end) \
                and not strategic_regex().search(source, start, end):
            return False  # "exports rose 5%": a statistic, not a deal
        goods = strategic_regex().search(source, start, end)
        if goods or (trade.search(source, start, end) and any(
                f.value for f in find_figures(source, start, end) if f.quantity in ("money", "volume"))):
            return True
        if _BUYING_GOODS.search(source, start, end):
            return True  # "an assurance to buy Indian goods": a commitment to buy is notable without a figure
    return bool(groups["stopper"].search(source, start, end) and groups["stopper_object"].search(source, start, end))


def _failed(result: FieldResult, article_id: str | None, where: str, exc: Exception) -> None:
    result.errors += 1
    log.error("extraction failed in article %s at %r: %s", article_id or "?", where[:80], exc, exc_info=True)
    if strict():
        raise ExtractionError(f"article {article_id or '?'} at {where[:80]!r}: {exc}") from exc


def _measures(sentence: ParsedSentence, reading: Reading, field: Field, day: dt.date | None,
              standing: bool = False) -> list[ExtractedMeasure]:
    source = sentence.source
    pairs = _pairs(reading, day)
    if not pairs:
        return []
    kind = reading.kind
    if standing:
        status = "in_force"  # a measure whose easing was refused stands
    else:
        statement = read_statement(reading.trigger, reading.predicate, reading.eased_kind or kind)
        if statement.status is None:
            return _refused_easing(sentence, reading, field, day)
        status = statement.status
    trigger = (sentence.offset(reading.trigger), sentence.offset(reading.trigger) + len(reading.trigger.text))
    clause = _clause(sentence, reading)
    figures = find_figures(source, *clause)
    commodity = _commodity(source, trigger, clause)
    if kind in FLOWS and not _notable(source, kind, trigger, commodity, figures, clause):
        return []
    if kind == "relief" and reading.lifted and reading.eased_kind and status == "in_force":
        kind, status = reading.eased_kind, "lifted"
    preferences = kind_registry()[kind].figures
    figure = choose_figure(source, kind, trigger, figures, preferences, relief_target=kind == "relief")
    value, unit = (figure.value, figure.unit) if figure is not None else (None, None)
    if figure is None and reading.referred is not None and reading.referred.kind == kind and kind != "relief":
        value, unit = reading.referred.value, reading.referred.unit  # a reference to a measure carries its figure
    if kind in FLOWS and unit != "percent" and len({b.code for _, b in pairs}) > 1:
        value, unit = None, None  # a total over several partners is no partner's figure (gold rules)
    dates = read_dates(source, clause[0], clause[1], day, future=status in ("announced", "threatened", "proposed"))
    if status == "in_force" and day is not None and dates.effective is not None and dates.effective.start > day:
        status = "announced"  # "the duties apply from Aug. 6" in a July article: not yet in force
    if status == "lifted" and dates.lifted is None:
        dates = dataclasses.replace(dates, lifted=dates.announced)
    points = [trigger[0], trigger[1]] + [p.start for a, b in pairs for p in (a, b)] + [p.end for a, b in pairs for p in (a, b)]
    evidence = evidence_span(source, field, (sentence.start, sentence.end), clause[0], points)
    found = [ExtractedMeasure(kind, actor.code, target.code, status, evidence, value, unit, commodity, dates=dates,
                              confidence=_confidence(actor, target))
             for actor, target in pairs]
    if kind == "tariff" and figure is not None and figure.quantity == "percent":
        for rate, owners_ in _listed_rates(sentence, figure):
            item_pairs = [(a, b) for a, b in pairs if b.code in owners_] or (
                [(a, Party(code, a.mention, "tree")) for a in dict.fromkeys(a for a, _ in pairs) for code in sorted(owners_)
                 if code != a.code] if owners_ else pairs)
            found += [ExtractedMeasure(kind, a.code, b.code, status, evidence, rate.value, rate.unit, commodity,
                                       dates=dates, confidence=_confidence(a, b)) for a, b in item_pairs]
    old_rate = _standing_rate(sentence, reading, figures, figure) if kind == "relief" else None
    if old_rate is not None and reading.eased_kind:
        # "the 145% levy ... will fall to 30%": the measure eased still stands at its own rate (gold convention 3)
        found += [ExtractedMeasure(reading.eased_kind, actor.code, target.code, "in_force", evidence, old_rate.value,
                                   old_rate.unit, commodity, dates=dataclasses.replace(dates, effective=None),
                                   confidence=_confidence(actor, target)) for actor, target in pairs]
    return found


# ", and pork and aquatic products 25%", ", with Canadian energy products charged a lower 10%",
# ", and 9 pct on Taiwanese ones": a verb-less list item giving the same measure another rate.
_LIST_ITEM = re.compile(
    r"^[^;:()]*?(?:,\s*|;\s*)(?:and|with|while|plus|but)\s+(?P<goods>(?:(?!(?:rose|fell|rise|fall|grew|was|were|has|had|"
    r"have|is|are|will|would|said|says|imports|exports|trade|up|down|from)\b)[\w'’-]+\s+){0,6}?)"
    r"(?:(?:are|is|will be|were|charged|taxed|facing|face|at|a|an|lower|higher|reduced|rate of|of|just|only)\s+)*$", re.I)
_GOODS_AFTER = re.compile(r"\s+(?:on|for)\s+(?P<goods>(?:the\s+)?(?:[\w'’-]+\s+){0,3}?[\w'’-]+)(?=\s*(?:[,;.]|$|\s+(?:and|from|to)\b))",
                          re.I)


def _listed_rates(sentence: ParsedSentence, anchor: Figure) -> list[tuple[Figure, set[str]]]:
    """Further percent rates listed after the measure's own one, each with the goods' owners named in its item."""
    source = sentence.source
    found: list[tuple[Figure, set[str]]] = []
    last = anchor.end
    for fig in find_figures(source, anchor.end, sentence.end):
        if fig.quantity != "percent" or fig.value is None:
            continue
        item = _LIST_ITEM.match(source[last : fig.start])
        if item is None or fig.value == anchor.value:
            break
        g_start, g_end = last + item.start("goods"), last + item.end("goods")
        if g_start == g_end:  # the goods follow the rate: ", and 9 pct on Taiwanese ones"
            after = _GOODS_AFTER.match(source, fig.end)
            if after is None:
                break
            g_start, g_end = after.span("goods")
        found.append((fig, {m.code for m in sentence.mentions if g_start <= m.start and m.end <= g_end
                            and m.form == "adj"}))
        last = fig.end
    return found


# How sure a reading of a party is, by how it was read (see records.ExtractedMeasure.confidence).
_CONFIDENCE = {"tree": 1.0, "clause": 0.9, "pronoun": 0.8, "register": 0.7, "dateline": 0.6, "article": 0.5}


def _confidence(actor: Party, target: Party) -> float:
    return min(_CONFIDENCE.get(actor.via, 0.5), _CONFIDENCE.get(target.via, 0.5))


def _standing_rate(sentence: ParsedSentence, reading: Reading, figures: list[Figure], new: Figure | None) -> Figure | None:
    """The rate written on the eased measure's own noun ("the 145% levy", "Beijing's 125% duty")."""
    if reading.eased is None:
        return None
    noun = reading.eased
    start = sentence.offset(noun.left_edge)
    end = sentence.offset(noun)
    own = [f for f in figures if start <= f.start and f.end <= end and f is not new and f.quantity == "percent"]
    if own:
        return own[-1]
    if new is not None:  # "will lower the duty ... to 15% from 75%": the rate it had
        for f in figures:
            if f.start >= new.end and f.quantity == "percent" and f.value and \
                    sentence.source[max(0, f.start - 6) : f.start].rstrip().lower().endswith("from"):
                return f
    return None


def _refused_easing(sentence: ParsedSentence, reading: Reading, field: Field,
                    day: dt.date | None) -> list[ExtractedMeasure]:
    """"refused to exempt it from its 25 percent tariff": no relief, and the measure stands."""
    if reading.kind != "relief" or reading.eased is None or not reading.eased_kind:
        return []
    measure = Reading(reading.eased_kind, reading.actors, reading.targets, reading.eased, reading.eased)
    return _measures(sentence, measure, field, day, standing=True)


def _pairs(reading: Reading, day: dt.date | None) -> list[tuple[Party, Party]]:
    """(actor, target) pairs; "each other's goods" pairs the actors both ways; a bloc and its own member never."""
    if reading.reciprocal and len(reading.actors) >= 2 and not reading.targets:
        found = [(a, b) for a in reading.actors for b in reading.actors if a.code != b.code]
    else:
        found = [(a, b) for a in reading.actors for b in reading.targets if a.code != b.code]
    return [(a, b) for a, b in found
            if not (knowledge.is_member(b.code, a.code, day) or knowledge.is_member(a.code, b.code, day))]


def _clause(sentence: ParsedSentence, reading: Reading) -> tuple[int, int]:
    """Article offsets of the statement the trigger belongs to (its predicate's subtree)."""
    start, end = subtree_span(reading.predicate)
    t_start, t_end = subtree_span(reading.trigger)
    if reading.kind in FLOWS and reading.trigger is not reading.predicate and in_reason(reading.trigger, reading.predicate):
        # "tariffs on India over its purchases of Russian arms": the flow is its own statement, the phrase
        return sentence.start + t_start, sentence.start + t_end
    if not tree.is_verb(reading.predicate) and not any(tree.dep(c) == "cop" for c in reading.predicate.children):
        return sentence.start, sentence.start + max(end, t_end)  # a verbless fragment: the parse split the clause
    return sentence.start + min(start, t_start), sentence.start + max(end, t_end)


def _commodity(source: str, trigger: tuple[int, int], clause: tuple[int, int]) -> str | None:
    """What is traded or restricted: after the trigger first (up to a reason), then before it, then inside it."""
    end = clause[1]
    reason = knowledge.cue_regex("context", "reason").search(source, trigger[1], end)
    if reason:
        end = reason.start()
    found = [commodity_near(source, trigger[1], end), commodity_near(source, max(clause[0], trigger[0] - 40), trigger[0]),
             commodity_near(source, trigger[0], trigger[1])]
    return next((c for c in found if c not in (None, "goods")), None) or next((c for c in found if c), None)


def _aggregate_noun(source: str, trigger: tuple[int, int]) -> bool:
    """"imports", "exports", "sales" as nouns: with only a figure they total a trade, not a deal."""
    word = source[trigger[0] : trigger[1]].lower()
    return word in ("imports", "exports", "sales", "shipments", "purchases", "supplies", "deliveries")


def _notable(source: str, kind: str, trigger: tuple[int, int], commodity: str | None, figures: list[Figure],
             clause: tuple[int, int]) -> bool:
    """Gold convention 6: strategic goods, a figure, or a commitment to buy; never trade statistics."""
    strategic = commodity in lexicon.strings("notable", "commodities")
    quantified = any(f.value for f in figures if f.quantity in ("money", "volume"))
    if is_statistic(source, trigger, *clause) and not (strategic and quantified):
        return False  # a trade statistic; but "India's imports from Russia ran at 909,000 b/d" is a flow of oil
    if ranks_partner(source, trigger, clause[0]):
        return strategic and commodity != "food"
    if strategic:
        return True
    if any(f.value for f in figures if f.quantity in ("money", "volume")):
        # a deal with a figure is notable; a bare "imports worth 5.7 billion dlrs" is a trade total
        return not _aggregate_noun(source, trigger)
    word = source[trigger[0] : trigger[1]].lower()
    return commodity == "goods" and kind == "purchase" and word.startswith(("buy", "bought", "purchas"))
