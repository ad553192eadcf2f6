"""Who acts and who is targeted, read from word order around a trigger.

Heuristics, not parsing: the subject is the first acting name of the clause;
the target follows a preposition that the kind governs ("tariffs ON India",
"exports TO Russia", "bought FROM Canada") or is the owner of the goods in a
passive ("Indian goods now face ..."). Adjectives right before a measure noun
name its author ("Chinese tariffs", "India's 50% tariff").
"""

from __future__ import annotations

import dataclasses
import re

from tracker.extract.mentions import Mention

MEASURES = frozenset({"tariff", "quota", "import_ban", "export_control", "sanction", "price_cap", "relief"})

_TARGET_PREPOSITIONS = {
    "tariff": r"on|against|from|of|to",
    "quota": r"on|against|from|of|to|into",
    "import_ban": r"on|against|from|of",
    "export_control": r"to|on|against|with|for",
    "sanction": r"on|against|to|toward|towards",
    "price_cap": r"on|of|for",
    "relief": r"on|against|from|of|to|for",
    "purchase": r"from|of|for",
    "supply": r"to|with|for",
}
_PREP = {kind: re.compile(r"\b(?:" + words + r")\b", re.IGNORECASE) for kind, words in _TARGET_PREPOSITIONS.items()}
# Words that end the stretch in which a target may be looked for.
_RIGHT_STOP = re.compile(
    r";|\s—\s|\s-\s|\b(?:but|while|though|although|whereas|because|after|before|unless|if|over|since|which|who|"
    r"said|says|according|in retaliation|in response|despite|when|as part)\b|,\s+(?:and|but|the|a)\b",
    re.IGNORECASE,
)
_LEFT_STOP = re.compile(r";|\s—\s|\b(?:but|while|though|although|whereas|unless|if)\b", re.IGNORECASE)
_NOT_SUBJECT = re.compile(
    r"\b(?:on|against|to|from|with|of|in|for|at|into|than|between|toward|towards|including|like|such as|"
    r"among|via|through|by|over|about|across|within)\s+(?:the\s+|its\s+|their\s+)?$",
    re.IGNORECASE,
)
_PASSIVE = re.compile(
    r"\b(?:face|faces|facing|faced|subject to|taxed|pay|paid|pays|hit with|hit by|carry|carries|charged|"
    r"entering|built in|made in|shipped to|exports? to|entry into|exposed to)\b",
    re.IGNORECASE,
)
_DESTINATION = re.compile(r"\b(?:to|into|entering|in)\s+(?:the\s+)?$", re.IGNORECASE)
_MODIFIER_GAP = re.compile(
    r"^(?:\s|'s|’s|\b(?:the|a|an|its|new|additional|extra|further|retaliatory|punitive|existing|planned|"
    r"proposed|current|old|higher|lower|steep|sweeping|fresh|own|matching|up to|of up to|emergency|\d[\d.,]*|"
    r"pct|per cent|percent|%|mln|billion|bln|million|dlrs?|worth|of|economic|trade|tougher|tighter|strict|"
    r"import|export|steel|car|auto|chip|grain|oil|farm|anti-dumping|countervailing|secondary|reciprocal|"
    r"unilateral|broad|fixed|floating|long-standing|customs|punishing|penalty|special|\d{4}|[\w-]+ing)\b|[-,$])*$",
    re.IGNORECASE,
)
_CURRENCY_AFTER = re.compile(r"^\s*(?:dlrs?|dollars?|yen|crowns|francs|marks|pesos|rupees?|won|lira)\b", re.IGNORECASE)
_COORD = re.compile(r"^(?:\s*,\s*|\s+and\s+|\s+or\s+|\s*,\s+and\s+|\s*,\s+or\s+|\s+as well as\s+)(?:the\s+)?$", re.IGNORECASE)


@dataclasses.dataclass(slots=True)
class Roles:
    actors: list[Mention]
    targets: list[Mention]
    passive: bool = False


def _usable(text: str, mention: Mention) -> bool:
    return not (mention.form == "adj" and _CURRENCY_AFTER.match(text, mention.end))


def coordinated(text: str, first: Mention, pool: list[Mention], stop: int) -> list[Mention]:
    """`first` plus mentions joined to it by commas and "and"/"or" ("Nicaragua, Romania and Paraguay")."""
    group = [first]
    last = first
    for mention in pool:
        if mention is first:
            continue
        if mention.start == first.start and mention.end == first.end:
            group.append(mention)  # "the two major economies" stands for two countries at once
            continue
        if mention.start < last.end:
            continue
        if mention.start > stop:
            break
        if _COORD.match(text[last.end : mention.start]):
            group.append(mention)
            last = mention
        elif mention.start > last.end:
            break
    return group


def find_roles(text: str, kind: str, trigger: tuple[int, int], clause: tuple[int, int],
               mentions: list[Mention]) -> Roles:
    """Actors and targets for one trigger, using only mentions inside its clause."""
    t_start, t_end = trigger
    c_start, c_end = clause
    left = [m for m in mentions if c_start <= m.start and m.end <= t_start and _usable(text, m)]
    right = [m for m in mentions if t_end <= m.start and m.end <= c_end and _usable(text, m)]

    stop = _RIGHT_STOP.search(text, t_end, c_end)
    right_limit = stop.start() if stop else c_end
    targets = _right_target(text, kind, t_end, right, right_limit)

    actors: list[Mention] = []
    immediate = _immediate_author(text, t_start, left)
    by_agent = _by_agent(text, t_end, right, right_limit)
    subject = _subject(text, left, c_start)
    passive = _PASSIVE.search(text, c_start, t_start)

    if kind == "purchase":
        if subject:
            actors = coordinated(text, subject, left, t_start)
            if not targets and immediate and immediate.code != subject.code:
                targets = [immediate]
        elif immediate:
            actors = [immediate]
    elif kind == "supply":
        actors = coordinated(text, subject, left, t_start) if subject else ([immediate] if immediate else [])
        if not targets:
            direct = [m for m in right if m.start - t_end <= 5 and m.acting]
            targets = direct[:1]
    else:
        if immediate and immediate.acting or immediate and not subject:
            actors = [immediate]
        elif by_agent:
            actors = coordinated(text, by_agent, right, c_end)
        elif passive and not targets:
            destination = [m for m in left if m.end <= passive.start()
                           and _DESTINATION.search(text, max(c_start, m.start - 12), m.start)]
            source = [m for m in right if m.acting and re.search(r"\bfrom\s+(?:the\s+)?$", text[t_end : m.start])]
            actors = destination[:1] or source[:1]
        elif subject:
            actors = coordinated(text, subject, left, t_start)
        if passive and not targets:
            owners = [m for m in left if m.end <= passive.start() and m not in actors]
            targets = owners[:1]
        if not targets and not passive:
            owners = [m for m in left if m.form == "adj" and immediate is not m and subject is not m
                      and m.start > (subject.end if subject else c_start)]
            targets = owners[:1]
    actor_codes = {m.code for m in actors}
    targets = [m for m in targets if m.code not in actor_codes]
    return Roles(actors, targets, bool(passive) and kind not in ('purchase', 'supply'))


def _right_target(text: str, kind: str, t_end: int, right: list[Mention], limit: int) -> list[Mention]:
    prep = _PREP[kind]
    for mention in right:
        if mention.start > limit or mention.start - t_end > 110:
            break
        between = text[t_end : mention.start]
        if re.search(r"\bby\s+(?:the\s+)?$", between):
            continue
        if prep.search(between) or (kind == "supply" and not between.strip()):
            return coordinated(text, mention, right, limit)
    return []


def _immediate_author(text: str, t_start: int, left: list[Mention]) -> Mention | None:
    """'U.S. tariffs', 'India's 50% tariff', 'the 50% U.S. levy': the author sits next to the noun."""
    for mention in reversed(left):
        if t_start - mention.end > 45:
            return None
        if _MODIFIER_GAP.match(text[mention.end : t_start]):
            return mention
        return None
    return None


def _by_agent(text: str, t_end: int, right: list[Mention], limit: int) -> Mention | None:
    for mention in right:
        if mention.start > limit + 40:
            break
        if mention.acting and re.search(r"\bby\s+(?:the\s+)?$", text[max(t_end, mention.start - 10) : mention.start]):
            return mention
    return None


_ACCUSED = re.compile(r"\b(?:accus\w*|alleg\w*(?: that)?|blam\w*)\s+(?:the\s+)?$", re.IGNORECASE)


def _subject(text: str, left: list[Mention], c_start: int) -> Mention | None:
    """The first acting name of the clause; after "accusing X of", X is the one acting."""
    for mention in left:
        if _ACCUSED.search(text, max(c_start, mention.start - 20), mention.start):
            return mention
    for mention in left:
        if not mention.acting and not re.match(r"\s*(?:'s|’s|government|officials?|authorities|ministry|"
                                                 r"parliament|president|prime minister|leader|firms?|companies|"
                                                 r"exporters|importers|buyers|refiners|state|trade mission|customs)\b",
                                                 text[mention.end : mention.end + 20]):
            continue
        if _NOT_SUBJECT.search(text, max(c_start, mention.start - 30), mention.start):
            continue
        return mention
    return None
