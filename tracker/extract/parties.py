"""Who acts and who is hit when the clause itself does not say: the discourse around it.

Order of preference, from the text nearest the measure outwards: a name right after
the measure noun, the sentence subject, the government already acting on this target,
the latest actor, then the subject of the sentences before.
"""

from __future__ import annotations

import dataclasses
import re

from tracker.extract.measures import FLOWS, INSTRUMENTS
from tracker.extract.mentions import Mention
from tracker.records import ExtractedMeasure

_NEARBY = 400  # characters back in which an earlier measure still frames this one
_RETALIATION = re.compile(r"retaliat|counter-?measure|hit back|reprisal", re.I)
_ANSWERING = re.compile(r"\b(?:respond\w*|retaliat\w*|hit back|answer\w*|in kind|tit-for-tat|counter-?measures?)\b", re.I)
_NON_STATE_SUBJECT = re.compile(
    r"[^.;]{0,80}?\b(?:the|its|their)\s+(?:province|provinces|state of|city|company|firm|group|refiner|bank|union|"
    r"council|court|party|opposition|carmaker|automaker|industry)\s+(?:was|is|were|are|has|had|have|would|will|said|says|could|may)\b",
    re.I)
_DEFINITE = re.compile(r"\b(?:the|these|those|such)\s+(?:[\w-]+\s+){0,2}$", re.I)
_SAME_AGAIN = re.compile(r"\b(?:the same|similar|matching|likewise|as well)\b", re.I)
# "retaliation against countries which ...": an explicit target that names no country.
_VAGUE_TARGET = re.compile(r"\s+(?:against|on)\s+(?!the\s+[A-Z])", re.I)
_HIT = re.compile(r"\b(?:on|against|to|with|toward|towards|at|of|if|unless|and|warned|warns|warning|told|tells|"
                  r"threatened|threatens|accused|accuses|urged|urges)\s+(?:the\s+)?$", re.I)
# "supporting Moscow's war effort through supplies of ...": who a supply helps.
_BENEFICIARY = re.compile(r"\b(?:support\w*|help\w*|aid\w*|arm\w*|back\w*|fuel\w*|suppl\w*)\s+(?:the\s+)?$", re.I)


# An adjective qualifying goods names whose goods they are ("Russian crude", "Japanese seafood").
_GOODS = re.compile(r"\s+(?:[\w-]+\s+)?(?:crude|oil|gas|coal|goods|products|imports|exports|seafood|beef|meat|pork|poultry|grain|"
                    r"wheat|rice|steel|cars|wine|fish|diamonds|gold|timber|textiles)\b", re.I)


@dataclasses.dataclass(frozen=True, slots=True)
class Context:
    """What surrounds one trigger: its sentence, the sentences before, the measures found so far."""

    source: str
    trigger: tuple[int, int]
    clause_start: int
    sentence: tuple[int, int]
    mentions: list[Mention]
    subject: Mention | None
    previous_subjects: list[Mention | None]
    previous_mentions: list[Mention]
    earlier: list[ExtractedMeasure]


def _stand_in(ctx: Context, code: str) -> Mention:
    return Mention(ctx.trigger[0], ctx.trigger[1], code, "pron")


def _recent(ctx: Context) -> list[ExtractedMeasure]:
    return [m for m in ctx.earlier if m.evidence.end >= ctx.sentence[0] - _NEARBY and m.kind not in FLOWS]


def fallback_actor(ctx: Context, targets: list[Mention], passive: bool) -> list[Mention]:
    """The government of the surrounding discourse when the clause names none."""
    source, (_, t_end) = ctx.source, ctx.trigger
    target_codes = {m.code for m in targets}
    if _NON_STATE_SUBJECT.match(source, ctx.sentence[0]):
        return []  # "the province was ready to ...": someone other than a government acts
    for mention in ctx.mentions:
        if t_end <= mention.start <= t_end + 25 and mention.acting and mention.code not in target_codes \
                and re.fullmatch(r"\s*(?:that\s+|which\s+)?(?:the\s+)?", source[t_end : mention.start]):
            return [mention]  # "the levy Washington applies"
    subject = ctx.subject
    if subject and subject.end <= t_end and subject.code not in target_codes and not passive:
        return [subject]
    for mention in ctx.mentions:  # "..., Washington said."
        if mention.start > t_end and mention.acting and mention.code not in target_codes \
                and re.match(r"\s+(?:said|says|announced|confirmed)\b", source[mention.end : mention.end + 12]):
            return [mention]
    recent = _recent(ctx)
    for measure in reversed(recent):  # the one already acting on this target
        if measure.target in target_codes and measure.actor not in target_codes:
            return [_stand_in(ctx, measure.actor)]
    if recent and recent[-1].actor not in target_codes:
        return [_stand_in(ctx, recent[-1].actor)]
    if passive:
        return []  # "Russia faces sanctions": only an actor already in play may be assumed
    for earlier_subject in ctx.previous_subjects:
        if earlier_subject and earlier_subject.code not in target_codes:
            return [earlier_subject]
    return []


def fallback_targets(ctx: Context, kind: str, actors: list[Mention], eased: bool, guessed_actor: bool) -> list[Mention]:
    """Targets implied by discourse: beneficiaries, earlier measures, the capped commodity, the opponent."""
    source, (t_start, t_end) = ctx.source, ctx.trigger
    actor_codes = {m.code for m in actors}
    if kind in FLOWS:
        return [m for m in ctx.mentions if ctx.clause_start <= m.start < t_start
                and _BENEFICIARY.search(source, max(ctx.clause_start, m.start - 25), m.start)][:1]
    if kind in INSTRUMENTS and _DEFINITE.search(source, max(ctx.clause_start, t_start - 30), t_start):
        # "Reagan imposed the tariff in 1983": the tariff already introduced, on the same target
        precedent = [m.target for m in ctx.earlier if m.actor in actor_codes and m.target not in actor_codes
                     and m.kind in (kind, "relief")]
        if precedent:
            return [_stand_in(ctx, precedent[-1])]
    precedent_measure = same_as_before(ctx, kind, actor_codes)
    if precedent_measure is not None:
        return [_stand_in(ctx, precedent_measure.target)]  # "the same lower cap", "matching measures"
    if kind == "price_cap":
        capped = [m for m in ctx.mentions + ctx.previous_mentions if m.form == "adj" and m.code not in actor_codes]
        if capped:
            return capped[:1]  # the cap is on "Russian cargoes" wherever the clause (or the one before) puts them
    if kind == "import_ban":
        owners = [m for m in ctx.mentions if m.form == "adj" and m.code not in actor_codes and _GOODS.match(source, m.end)]
        if owners:
            return owners[:1]  # "Russian crude has been shut out since the EU banned most seaborne imports"
    if (kind == "sanction" or eased) and not _VAGUE_TARGET.match(source, t_end):
        return _opponent(ctx, actor_codes, guessed_actor)
    if kind in INSTRUMENTS and _ANSWERING.search(source, max(ctx.clause_start, t_start - 40), t_start):
        # "her government would respond with tariffs": aimed at whoever struck first
        aggressors = [m.actor for m in ctx.earlier if m.target in actor_codes and m.actor not in actor_codes]
        return [_stand_in(ctx, aggressors[-1])] if aggressors else []
    return []


def same_as_before(ctx: Context, kind: str, actor_codes: set[str]) -> ExtractedMeasure | None:
    """The earlier measure a "the same ..." or "matching ..." clause copies, if any."""
    if kind not in INSTRUMENTS or not _SAME_AGAIN.search(ctx.source, ctx.clause_start, ctx.sentence[1]):
        return None
    precedent = [m for m in ctx.earlier if m.kind == kind and m.target not in actor_codes]
    return precedent[-1] if precedent else None


def _opponent(ctx: Context, actor_codes: set[str], guessed_actor: bool) -> list[Mention]:
    """Retaliation hits whoever hit first; otherwise the party the actor already targets."""
    retaliating = bool(_RETALIATION.match(ctx.source, ctx.trigger[0]))
    # Only names that look hit, not co-actors: adjectives ("Japanese goods") or after on/against/to/with.
    others = [m for m in ctx.mentions if m.code not in actor_codes
              and (m.form == "adj" or _HIT.search(ctx.source, max(ctx.sentence[0], m.start - 15), m.start)
                   or (m is ctx.subject and m.end <= ctx.clause_start))]  # "Poland says U.S. sanctions cost it ..."
    if retaliating:
        aggressors = [m.actor for m in ctx.earlier if m.target in actor_codes and m.actor not in actor_codes]
        if aggressors:
            return [_stand_in(ctx, aggressors[-1])]
    continuing = [m.target for m in ctx.earlier if m.actor in actor_codes and m.kind in INSTRUMENTS]
    if continuing:
        return [_stand_in(ctx, continuing[-1])]  # "its own sanctions": the same target
    if retaliating and not others:
        opponents = [m.actor for m in ctx.earlier if m.actor not in actor_codes and m.kind in INSTRUMENTS]
        return [_stand_in(ctx, opponents[-1])] if opponents else []
    if others and not guessed_actor:  # too weak when the actor is guessed too
        return [min(others, key=lambda m: abs(m.start - ctx.trigger[0]))]
    return []
