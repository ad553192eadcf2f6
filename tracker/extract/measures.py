"""Per-trigger decisions that do not depend on who acts: negation, status,
easing or removal, the figure to report, and the commodity."""

from __future__ import annotations

import functools
import re

from tracker.extract import knowledge
from tracker.extract.figures import Figure

INSTRUMENTS = frozenset({"tariff", "quota", "import_ban", "export_control", "sanction", "price_cap"})
FLOWS = frozenset({"purchase", "supply"})

_SHARE_AFTER = re.compile(r"^\s*(?:of\b|owned|stake|share|rise|increase|drop|fall|decline|jump|gain|growth|higher|lower|more|less|from a low)", re.I)
_SHARE_BEFORE = re.compile(r"(?:\b(?:rose|fell|up|down|grew|increased|decreased|dropped|slipped|owned|gained|jumped|nearly|almost)\s+(?:by\s+)?(?:about\s+)?)$", re.I)
_TO_FIGURE = re.compile(r"\b(?:to|at|of)\s+(?:about\s+|around\s+|just\s+)?$", re.I)
_RAISED_TO = re.compile(r"\b(?:was|were|been|has|have|had)\s+(?:\w+\s+)?(?:doubled|tripled|raised|increased|hiked|lifted)\s+to\s+(?:about\s+)?$", re.I)
_OLD_RATE = re.compile(r"\bfrom\s+(?:about\s+)?$", re.I)
_COST = re.compile(r"\b(?:cost\w*|lost|loss\w*|damage\w*|hurt|impact|effect)\b[^;]{0,45}$", re.I)
_INFINITIVE = re.compile(r"\b(?:to|should be|be|would|will|must)\s+(?:\w+\s+){0,1}$", re.I)
_STATISTICS = re.compile(
    r"\b(?:surplus|deficit|trade balance|market share|share of the market|totall?ed|totals|rose|fell|jumped|"
    r"increased|decreased|declined|dropped|slipped|grew|surged|amounted|accounted for|rising|falling|growing|"
    r"declining|increasing|stood at|(?:increase|rise|fall|drop|decline|growth) in|decrease|fallen|"
    r"expected to (?:rise|fall|increase|decline|grow)|forecast|year-ago|a year earlier|"
    r"(?:were|was|been|is|are) (?:worth|over|around|about|valued|estimated)|can reach|averag(?:ed|ing)|(?:total|overall) (?:exports|imports)|"
    r"(?:pct|per cent|percent|%) of (?:its|their|the country's) (?:\w+ )?(?:needs|imports|supplies|consumption|"
    r"alumina|oil|gas|crude|coal|grain|wheat|corn|rice))\b", re.I)


def is_negated(text: str, start: int, trigger_start: int) -> bool:
    """A denial, refusal or ruling-out shortly before the trigger in the same clause."""
    window = text[max(start, trigger_start - 70) : trigger_start]
    window = knowledge.cue_regex("negation", "exceptions").sub(" ", window)
    if knowledge.cue_regex("negation", "near").search(window[-40:]):
        return True
    return bool(knowledge.cue_regex("negation", "before").search(window))


_DENIED_AFTER = re.compile(
    r"^(?:\s*(?:\w+\s+)?(?:can't|cannot|can not|won't|will not|would not|did not|does not|do not|is not|are not)\b|"
    r"[^.;]{0,60}?\b(?:(?:but|and)\s+(?:\w+\s+)?(?:never|not)\b|held in reserve|not signed|never (?:imposed|implemented)|"
    r"(?:was|were|would be|will be) (?:dropped|shelved|scrapped|withdrawn|rejected|vetoed)))", re.I)


def is_denied_after(text: str, trigger_end: int, sentence_end: int) -> bool:
    """"... floated tariffs, but never imposed them": the measure never happened."""
    after = text[trigger_end:sentence_end]
    other_party = re.search(r"\b(?:but|and|while|whereas)\s+(?=(?-i:[A-Z]))|;", after)
    return bool(_DENIED_AFTER.match(after[: other_party.start()] if other_party else after))


def status_of(text: str, start: int, trigger_start: int, trigger_end: int, kind: str) -> str:
    """The first status cue family that the clause around the trigger shows."""
    before = text[max(start, trigger_start - 90) : trigger_start]
    after = text[trigger_end : trigger_end + 40]
    for status in knowledge.status_order():
        cue = knowledge.cue_regex("status", status)
        if cue.search(before) or (status in ("alleged", "in_force") and cue.search(after)):
            if status == "alleged" and kind not in FLOWS:
                continue
            return "reported" if status == "in_force" and kind in FLOWS else status
    return "reported" if kind in FLOWS else "in_force"


# After the measure noun, an easing verb must be its predicate: "be lifted", "will fall to", "to lapse".
_PREDICATE = re.compile(r"(?:\b(?:be|been|is|are|was|were|being|will|would|to|could|may|should|has|have|had)\s+(?:\w+\s+){0,2}|^\s*)$", re.I)


_PURPOSE = re.compile(r"\b(?:bid|order|effort|efforts|attempt|aim|aimed at|move|designed|intended|seeking|seeks|so as)\s+to\s+$", re.I)


def easing(text: str, start: int, end: int, trigger: tuple[int, int]) -> tuple[str, re.Match[str]] | None:
    """('removal'|'easing', cue) when the measure is being lifted or eased."""
    t_start, t_end = trigger
    before_from = max(start, t_start - 45)
    after_to = min(end, t_end + 60)
    found: list[tuple[int, str, re.Match[str]]] = []
    for family in ("removal", "easing"):
        cue = knowledge.cue_regex("relief", family)
        for match in cue.finditer(text, before_from, t_start):
            found.append((t_start - match.end(), family, match))
        for match in cue.finditer(text, t_end, after_to):
            gap = text[t_end : match.start()]
            if not _PREDICATE.search(gap) or _PURPOSE.search(gap):
                break  # "sanctions ... in a bid to end its rule": the verb governs something else
            if re.search(r";|\b(?:but|while|and then)\b", gap) or (
                    re.search(r",|\b(?:which|that|who)\b", gap)
                    and not re.search(r"\b(?:will|would|is to|are to|shall)\s+(?:also\s+|then\s+)?$", gap)):
                break  # "..., lifted when the row was settled" describes the past; "..., will drop to 15%" eases
            if re.match(r"\s+(?:\w+\s+){0,2}?trad(?:e|ing)\s+(?:ties|links|relations)", text[match.end():]):
                continue  # "until September to cut trade ties": a measure of its own, not an easing
            found.append((match.start() - t_end + 15, family, match))
    if not found or re.search(r"\bre-?impos|\brestor", text[before_from:t_start], re.I):
        return None
    _, family, match = min(found, key=lambda item: item[0])
    return family, match


# "hoped the United States could lift ...", "discuss the removal of ...": the lifting is only in prospect.
_PROSPECT = re.compile(
    r"\b(?:could|can|might|hope[sd]?|hoping|discuss(?:es|ed|ing)?|talks (?:on|about)|negotiat\w+|"
    r"ask(?:s|ed|ing)?|press(?:es|ed|ing)? for|call(?:s|ed|ing)? for|demand(?:s|ed|ing)?)\b"
    r"(?:\s+(?:the|a|an|for|to|on|about|its|their|U\.S\.|\w+ing|soon|now|quickly|eventually|also|be able to))*\s*$", re.I)


def removal_is_planned(text: str, start: int, cue: re.Match[str], status: str) -> bool:
    if status in ("threatened", "proposed", "announced"):
        return True
    if _PROSPECT.search(text[max(start, cue.start() - 60) : cue.start()]):
        return True
    if cue.group().lower().startswith("laps"):
        return False  # "allowed the controls to lapse" reports them gone
    return bool(_INFINITIVE.search(text[max(start, cue.start() - 20) : cue.start()]))


def choose_figure(text: str, kind: str, trigger: tuple[int, int], figures: list[Figure],
                  relief_target: bool = False) -> Figure | None:
    """The one figure the gold rules report for this kind, nearest to the trigger."""
    if kind in ("import_ban", "export_control"):
        return None
    t_start, t_end = trigger

    def distance(fig: Figure) -> int:
        return t_start - fig.end if fig.end <= t_start else fig.start - t_end + 8

    reach = 260 if kind == "price_cap" else 120  # a cap's price often closes a long sentence

    def usable(fig: Figure) -> bool:
        if distance(fig) > reach:
            return False
        if fig.quantity == "percent" and "point" in text[fig.start : fig.end] and kind != "relief":
            return False  # "by 10 percentage points" is a change, not a rate
        if fig.quantity == "percent" and kind != "quota":
            if _SHARE_AFTER.match(text, fig.end) or _SHARE_BEFORE.search(text[max(0, fig.start - 30) : fig.start]):
                return False
        return True

    candidates = [fig for fig in figures if usable(fig)
                  and not (fig.quantity == "money" and _COST.search(text[max(0, fig.start - 50) : fig.start]))]
    if kind == "sanction":  # a sum of sanctions sits beside the word, not anywhere in the clause
        candidates = [fig for fig in candidates if distance(fig) <= 40]
    if kind == "tariff":  # "up from five pct" is the old rate
        candidates = [fig for fig in candidates if not _OLD_RATE.search(text[max(0, fig.start - 12) : fig.start])]
        raised = [fig for fig in candidates if fig.start > t_end and fig.quantity == "percent"
                  and _RAISED_TO.search(text[max(t_end, fig.start - 40) : fig.start])]
        if raised:
            return raised[0]  # "the 10% tariff ... was doubled to 20%": the rate now
    if relief_target:
        lowered = [fig for fig in candidates if _TO_FIGURE.search(text[max(0, fig.start - 20) : fig.start])
                   and (fig.start > t_end or re.search(r"\b(?:lower\w*|cut|reduc\w*)\s+to\s+$", text[max(0, fig.start - 20) : fig.start]))]
        if lowered:
            return min(lowered, key=distance)
    preferences = {
        "tariff": ("percent", "money"),
        "quota": ("volume", "percent"),
        "sanction": ("money",),
        "price_cap": ("per_barrel",),
        "purchase": ("volume", "money"),
        "supply": ("volume", "money"),
        "relief": ("percent", "money"),
    }[kind]
    for quantity in preferences:
        matching = [fig for fig in candidates if fig.quantity == quantity]
        if matching:
            return min(matching, key=distance)
    return None


@functools.lru_cache(maxsize=1)
def _commodity_regex() -> re.Pattern[str]:
    groups = []
    for index, (name, fragment) in enumerate(knowledge.triggers()["commodities"].items()):
        groups.append(f"(?P<c{index}>{fragment})")
    return re.compile(r"\b(?:" + "|".join(groups) + r")\b", re.IGNORECASE)


def commodity_near(text: str, start: int, end: int) -> str | None:
    names = list(knowledge.triggers()["commodities"])
    match = _commodity_regex().search(text, start, end)
    if not match or match.lastgroup is None:
        return None
    return names[int(match.lastgroup[1:])]


_POLICY_AIM = re.compile(r"\b(?:reduce|reducing|cut|cutting|narrow|narrowing|trim|shrink|defuse|ease|easing|correct)\b[^.;]{0,30}$", re.I)


def is_statistic(text: str, trigger: tuple[int, int], start: int, end: int) -> bool:
    """Trade figures reported as statistics ("exports rose 5%") rather than a deal or flow of note."""
    for match in _STATISTICS.finditer(text, max(start, trigger[0] - 60), min(end, trigger[1] + 60)):
        if not _POLICY_AIM.search(text, max(start, match.start() - 45), match.start()):
            return True
    return False
