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
    "export_control": r"to|on|against|with|for|reaching",
    "sanction": r"on|against|to|toward|towards|of|with",
    "price_cap": r"on|of|for|from",
    "relief": r"on|against|from|of|to|for|shields|shield|spares|covers",
    "purchase": r"from|of|for",
    "supply": r"to|with|for",
}
# The preposition must govern the name: at most a few words may sit between them, and an
# infinitive "to" ("sanctions to stop all Norwegian shipping") governs nothing.
_TO_VERB = r"(?!to\s+(?!(?:the|a|an|its|their|his|her|our|most|all|some|many|several|other|certain|each|both|any|about|" \
           r"more|nearly|almost|key|major)\b|(?-i:[A-Z0-9$]))\w)"
_PREP = {kind: re.compile(_TO_VERB + r"\b(?:" + words + r")\b(?:\s+[\w.,$%'’-]+){0,6}?\s*$", re.IGNORECASE)
         for kind, words in _TARGET_PREPOSITIONS.items()}
# Words that end the stretch in which a target may be looked for.
_RIGHT_STOP = re.compile(
    r";|\s—\s|\s-\s|\b(?:but|while|though|although|whereas|because|after|before|unless|if|over|since|"
    r"which(?!\s+(?:shields|spares|covers|protects|exempts)\b)|who|"
    r"said|says|according|in retaliation|in response|despite|when|as part|and that|to try)\b|,\s+(?:and|but|a)\b",
    re.IGNORECASE,
)
# ", and the Dutch government last week published ...": a new subject with its own verb starts a new clause.
LEFT_STOP = re.compile(r";|\s—\s|\b(?:but|while|though|although|whereas|unless|if|and that)\b|"
                       r",\s+and\s+(?=the\s+(?-i:[A-Z])\w+\s+(?:government|administration|authorities)\s+(?:\w+\s+){0,2}?"
                       r"(?:has|had|have|will|would|is|was|\w+ed)\b)", re.IGNORECASE)
NOT_SUBJECT = re.compile(
    r"\b(?:on|against|to|from|with|of|in|for|at|into|than|between|toward|towards|including|like|such as|"
    r"among|via|through|by|over|about|across|within)\s+(?:the\s+|its\s+|their\s+)?"
    r"(?:(?-i:President|Prime Minister|Chancellor|Premier|King|Queen|Minister|Secretary|General|Senator)\s+)?$",
    re.IGNORECASE,
)
_PASSIVE = re.compile(
    r"\b(?:face|faces|facing|faced|subject to|taxed|pay|paid|pays|paying|grappling with|hurt by|suffering from|hit with|hit by|carry|carries|charged|"
    r"entering|built in|made in|shipped to|exports? to|entry into|exposed to)\b",
    re.IGNORECASE,
)
_BE_PASSIVE = re.compile(r"\b(?:was|were|been|be|is|are|being)\s+(?:also\s+|now\s+|formally\s+)?$", re.IGNORECASE)
_DESTINATION = re.compile(
    r"\b(?:exports?|goods|products?|shipments|sales|cars|steel|imports)\s+(?:[\w-]+\s+){0,2}(?:to|into|entering|in)\s+(?:the\s+)?$",
    re.IGNORECASE)
_MODIFIER_GAP = re.compile(
    r"^(?:\s|'s|’s|\b(?:the|a|an|its|new|additional|extra|further|retaliatory|punitive|existing|planned|"
    r"proposed|current|old|higher|lower|steep|sweeping|fresh|own|matching|up to|of up to|emergency|\d[\d.,]*|"
    r"pct|per cent|percent|%|mln|billion|bln|million|dlrs?|worth|of|economic|trade|tougher|tighter|strict|"
    r"import|export|steel|car|auto|chip|grain|oil|farm|anti-dumping|countervailing|secondary|reciprocal|"
    r"unilateral|broad|fixed|floating|long-standing|customs|punishing|penalty|special|continued|direct|indirect|"
    r"and|or|total|overall|blanket|alleged|reported|co|corp|inc|ltd|plc|\d{4}|[\w-]+ing)\b|[-,$%.])*$",
    re.IGNORECASE,
)
_CURRENCY_AFTER = re.compile(r"^\s*(?:dlrs?|dollars?|yen|crowns|francs|marks|pesos|rupees?|won|lira)\b", re.IGNORECASE)
_COORD = re.compile(r"^(?:\s*,\s*|\s+and\s+|\s+or\s+|\s*,\s+and\s+|\s*,\s+or\s+|\s+as well as\s+)(?:the\s+)?"
                    r"(?:neighbou?ring\s+|nearby\s+|also\s+)?$", re.IGNORECASE)


@dataclasses.dataclass(slots=True)
class Roles:
    actors: list[Mention]
    targets: list[Mention]
    passive: bool = False


def _usable(text: str, mention: Mention) -> bool:
    """'Australian dlrs', 'U.S. Dlrs' name a currency, not a party."""
    return not _CURRENCY_AFTER.match(text, mention.end)


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
        if _COORD.match(text[last.end : mention.start]) and not LEFT_STOP.match(text, last.end):
            group.append(mention)
            last = mention
        elif mention.start > last.end:
            break
    return group


@dataclasses.dataclass(slots=True)
class _Clues:
    """What word order offers around one trigger, before any role is decided."""

    text: str
    kind: str
    trigger: tuple[int, int]
    clause: tuple[int, int]
    left: list[Mention]
    right: list[Mention]
    right_limit: int
    targets: list[Mention]
    immediate: Mention | None
    by_agent: Mention | None
    subject: Mention | None
    passive: re.Match[str] | None
    be_passive: bool


def find_roles(text: str, kind: str, trigger: tuple[int, int], clause: tuple[int, int],
               mentions: list[Mention]) -> Roles:
    """Actors and targets for one trigger, using only mentions inside its clause."""
    clues = _clues(text, kind, trigger, clause, mentions)
    gerund_of = _gerund_agent(text, kind, trigger[0], clues.left)
    if gerund_of is not None:
        actors, targets = [gerund_of], clues.targets  # "sanctioned three Chinese refineries for buying Iranian oil"
    elif kind == "purchase":
        actors, targets = _purchase_roles(clues)
    elif kind == "supply":
        actors, targets = _supply_roles(clues)
    else:
        actors, targets = _measure_roles(clues)
    actors, targets = _refine(clues, actors, targets)
    passive = bool(clues.passive) and not clues.be_passive and kind not in ("purchase", "supply")
    return Roles(actors, targets, passive)


def _clues(text: str, kind: str, trigger: tuple[int, int], clause: tuple[int, int], mentions: list[Mention]) -> _Clues:
    t_start, t_end = trigger
    c_start, c_end = clause
    left = [m for m in mentions if c_start <= m.start and m.end <= t_start and _usable(text, m)]
    right = [m for m in mentions if t_start < m.start and m.end <= c_end and _usable(text, m)]
    stop = _RIGHT_STOP.search(text, t_end, c_end)
    right_limit = stop.start() if stop else c_end
    passive = _PASSIVE.search(text, c_start, t_start)
    be_passive = bool(_BE_PASSIVE.search(text, max(c_start, t_start - 25), t_start)) and text[t_end - 2 : t_end] == "ed"
    if be_passive and not passive:
        passive = _BE_PASSIVE.search(text, max(c_start, t_start - 25), t_start)  # "Chinese banks were sanctioned"
    return _Clues(text, kind, trigger, clause, left, right, right_limit,
                  _right_target(text, kind, t_start, t_end, right, right_limit, c_end),
                  _immediate_author(text, t_start, left), _by_agent(text, t_end, right, right_limit, kind),
                  _subject(text, left, c_start, t_start), passive, be_passive)


def _purchase_roles(c: _Clues) -> tuple[list[Mention], list[Mention]]:
    """The buyer is the subject (or the possessive, or the "by" agent); the seller follows "from"/"of"."""
    text, (t_start, t_end), targets, immediate = c.text, c.trigger, c.targets, c.immediate
    if c.by_agent:
        return [c.by_agent], targets  # "purchases made by a South Korean trade mission"
    if immediate and immediate.acting and re.match(r"\s*(?:'s|’s)", text[immediate.end :]):
        return [immediate], targets  # "New Delhi's continued imports of Russian crude"
    if c.subject:
        if not targets and immediate and immediate.acting and immediate.code != c.subject.code \
                and re.match(r"(?i)purchas|import", text[t_start:t_end]):
            targets = [immediate]  # "the Soviets ... their first U.S. grain purchases"
        return coordinated(text, c.subject, c.left, t_start), targets
    return ([immediate] if immediate else []), targets


def _supply_roles(c: _Clues) -> tuple[list[Mention], list[Mention]]:
    """The seller is the "by" agent, the origin after "from", the adjective or the subject; the buyer follows "to"."""
    text, (t_start, t_end), targets = c.text, c.trigger, c.targets
    if c.by_agent:
        receivers = [m for m in c.left if m.acting and m.code != c.by_agent.code]
        return [c.by_agent], targets or receivers[-1:]  # "drones supplied by Iran": the nearest subject received them
    origin = _origin(text, t_start, t_end, c.right)
    if origin is not None:
        onward = [m for m in c.right if m.start >= origin.end and m.code != origin.code]
        return [origin], _right_target(text, c.kind, origin.end, origin.end, onward, c.right_limit, c.clause[1])
    if c.immediate and c.immediate is not c.subject:
        actors = [c.immediate]  # "a Japanese food aid programme", "Danish pigmeat exports"
        targets = targets or ([c.subject] if c.subject else [])
    else:
        actors = coordinated(text, c.subject, c.left, t_start) if c.subject else []
    if not targets:
        targets = [m for m in c.right if m.start - t_end <= 5 and m.acting][:1]  # "supply Russia with ..."
    return actors, targets


def _measure_roles(c: _Clues) -> tuple[list[Mention], list[Mention]]:
    """Tariffs, bans, controls, sanctions, caps and reliefs: author beside the noun, else agent, else subject."""
    text, (t_start, _), (c_start, c_end), targets = c.text, c.trigger, c.clause, c.targets
    immediate, by_agent, subject, left = c.immediate, c.by_agent, c.subject, c.left
    actors: list[Mention] = []
    possessive = bool(immediate and re.match(r"\s*(?:'s|’s)", text[immediate.end :]))
    if immediate and not possessive and _SANCTIONS_LABEL.match(text, c.trigger[1]) and (subject or by_agent) \
            and (by_agent or subject).code != immediate.code:  # type: ignore[union-attr]
        actors = [by_agent or subject]  # type: ignore[list-item]  # "Congress passed the South African sanctions bill"
        targets = targets or [immediate]
    elif immediate and by_agent and not possessive and immediate.code != by_agent.code:
        actors = [by_agent]  # "the South African sanctions law, enacted by the U.S."
        targets = targets or [immediate]
    elif immediate:
        actors = [immediate]  # "British retaliation", "India's 50% tariff", "the 50% U.S. levy"
    elif by_agent:
        actors = coordinated(text, by_agent, c.right, c_end)
    elif not subject and (left_agent := _left_agent(text, left, c_start)):
        actors = [left_agent]
    elif c.passive and not targets:
        destination = [m for m in left if _DESTINATION.search(text, max(c_start, m.start - 50), m.start)]
        source = [m for m in left + c.right if m.acting and m not in destination
                  and re.search(r"\bfrom\s+(?:the\s+)?$", text[max(c_start, m.start - 12) : m.start])]
        actors = destination[:1] or source[:1]  # "Indian goods entering the United States became subject to ..."
    elif subject:
        actors = coordinated(text, subject, left, t_start)
    if c.passive and not targets:
        owners = [m for m in left if m not in actors and m.code not in {a.code for a in actors}]
        targets = coordinated(text, owners[0], left, t_start) if owners else []
    if not targets and not c.passive:
        owners = [m for m in left if m.form == "adj" and immediate is not m and subject is not m
                  and m.start > (subject.end if subject else c_start) and not governs(text, m)]
        owners += [m for m in left if m not in owners and re.search(
            r"(?i)\b(?:imports?|goods|products)\s+from\s+(?:the\s+)?$", text[max(c_start, m.start - 25) : m.start])]
        targets = coordinated(text, owners[0], left, t_start) if owners else []
    return actors, targets


def _refine(c: _Clues, actors: list[Mention], targets: list[Mention]) -> tuple[list[Mention], list[Mention]]:
    """Last readings that hold for every kind: destination as actor, goods inside the trigger, "urged X to"."""
    text, kind, (t_start, t_end), c_start = c.text, c.kind, c.trigger, c.clause[0]
    if not actors and kind in MEASURES:
        entering = [m for m in c.right if m.acting
                    and re.search(r"\b(?:entering|into|enter)\s+(?:the\s+)?$", text[max(t_end, m.start - 12) : m.start])]
        actors = entering[:1]  # "duty on Canadian hogs entering the U.S."
    if not targets and kind in ("import_ban", "export_control"):
        inside = [m for m in c.right if m.end <= t_end and m.form == "adj" and m.code not in {a.code for a in actors}]
        targets = inside[:1]  # "phase out Russian gas imports"
    urged = _URGED.search(text, max(c_start, t_start - 90), t_start)
    if urged and kind in MEASURES and t_start - urged.end() <= 25:
        persuaded = [m for m in c.left if urged.start() <= m.start < urged.end() and m.acting]
        actors = persuaded[:1] or actors  # "Tamura urged Yeutter to lift ...": Yeutter would lift
    actor_codes = {m.code for m in actors}
    return actors, [m for m in targets if m.code not in actor_codes]


def _right_target(text: str, kind: str, t_start: int, t_end: int, right: list[Mention], limit: int,
                  c_end: int) -> list[Mention]:
    prep = _PREP[kind]
    if kind == "sanction" and text[t_start:t_end].lower().startswith("retaliat"):
        prep = _RETALIATION_PREP  # "in retaliation for Japan's failure"
    for mention in right:
        if mention.start > limit or mention.start - t_end > 110:
            break
        between = text[t_start : mention.start]  # the trigger may end in its preposition ("imports from")
        if re.search(r"\bby\s+(?:the\s+)?$", between) or (kind == "sanction" and _FROM_AGENT.match(text[t_end : mention.start])):
            continue
        if re.search(r"\b(?:other than|except|excluding|apart from|outside|beyond)\s+(?:the\s+)?$", between):
            return []  # "exports to countries other than the U.S." names who is spared
        if kind != "supply" and re.search(r"\bfrom\s+$", between) and re.match(r"\s+to\s+(?:the\s+)?[A-Z]", text[mention.end : mention.end + 20]):
            return []  # "buyers from Tokyo to Washington" spans a range, names no partner
        if prep.search(between) or (kind == "supply" and not text[t_end : mention.start].strip()) or (
                kind == "purchase" and mention.form in ("adj", "name") and _PLAIN_OBJECT.match(text[t_end : mention.start])):
            return coordinated(text, mention, right, c_end)
    return []


# "buying U.S.-made supercomputers", "buy more Russian oil": the origin follows the verb.
_PLAIN_OBJECT = re.compile(r"^\s+(?:(?:more|the|large|larger|discounted|cheap|additional|volumes|amounts|\S*\d\S*|mln|million|billion|bln|tonnes|tons|barrels|worth|of|dlrs)\s+){0,5}$",
                           re.IGNORECASE)
_RETALIATION_PREP = re.compile(_TO_VERB + r"\b(?:on|against|to|toward|towards|of|with|for)\b(?:\s+[\w.,$%'’-]+){0,6}?\s*$", re.IGNORECASE)
# "retaliation from the EC": right after a sanction noun, "from" names who retaliates.
_FROM_AGENT = re.compile(r"^\s+from\s+(?:the\s+)?$", re.IGNORECASE)


def _immediate_author(text: str, t_start: int, left: list[Mention]) -> Mention | None:
    """'U.S. tariffs', 'India's 50% tariff', 'the 50% U.S. levy': the author sits next to the noun."""
    for mention in reversed(left):
        if t_start - mention.end > 45:
            return None
        if _MODIFIER_GAP.match(text[mention.end : t_start]):
            return mention
        return None
    return None


def _gerund_agent(text: str, kind: str, t_start: int, left: list[Mention]) -> Mention | None:
    """'... X for buying', '... X over supplying': the one named just before does the buying."""
    if kind not in ("purchase", "supply") or not re.search(r"\b(?:for|over|after)\s+$", text[max(0, t_start - 8) : t_start]):
        return None
    return left[-1] if left and t_start - left[-1].end < 60 else None


def _origin(text: str, t_start: int, t_end: int, right: list[Mention]) -> Mention | None:
    """'shipped from X', 'travelled from X': where a supply comes from."""
    for mention in right:
        if mention.start - t_end > 25:
            break
        if re.search(r"\bfrom\s+(?:the\s+)?$", text[t_start : mention.start]):
            return mention
    return None


# "by Norway", "by President Reagan", "by Prime Minister Kishida": the agent, a title allowed before a leader.
_BY_TITLED = re.compile(r"\bby\s+(?:the\s+)?(?:(?-i:[A-Z][a-z]+)\s+){0,2}$")


def _left_agent(text: str, left: list[Mention], c_start: int) -> Mention | None:
    """'The boycott, proposed by Norway, ... cuts ties': the agent named earlier in the clause."""
    for mention in left:
        if mention.acting and _BY_TITLED.search(text[max(c_start, mention.start - 40) : mention.start]):
            return mention
    return None


def _by_agent(text: str, t_end: int, right: list[Mention], limit: int, kind: str = "") -> Mention | None:
    for mention in right:
        if mention.start > limit:
            break
        if mention.start - t_end > 55:
            break
        if mention.acting and kind == "sanction" and _FROM_AGENT.match(text[t_end : mention.start]):
            return mention
        if acts(text, mention) and re.search(r"\bby\s+(?:the\s+|an?\s+)?$", text[max(t_end, mention.start - 10) : mention.start]):
            return mention
    return None


# "refiners in India", "buyers from Japan": the place names who acts.
_TRADERS_IN = re.compile(r"\b(?:refiners|buyers|importers|traders|firms|companies|exporters|producers|mills)\s+(?:in|from)\s+(?:the\s+)?$",
                         re.IGNORECASE)
# "Tamura urged Yeutter to lift ...": the one urged would act, not the one urging.
_URGED = re.compile(r"\b(?:urged|urging|urges|asked|asking|asks|called on|calling on|pressed|pressing|told|force|forced|forcing|"
                    r"persuade|persuading|convince|convincing)\s+(?:the\s+)?[\w.' -]{2,40}?\s+to\b",
                    re.IGNORECASE)
# "members of Britain's ruling Conservative Party": the possessive names who acts.
_GOVERNING_BODY = re.compile(r"(?:'s|’s)\s+(?:\w+\s+){0,2}(?:party|parliament|government|cabinet|ministry|senate|congress|legislators|lawmakers|mps)\b",
                             re.IGNORECASE)
# "X has accused Japan of dumping, and has threatened to retaliate": the second verb is X's again.
_BACK_TO_SUBJECT = re.compile(r",?\s+and\s+(?:has|have|had|is|was|will|would|then|also|later|now)\b", re.IGNORECASE)
_ACCUSED = re.compile(r"\b(?:accus\w*|alleg\w*(?: that)?|blam\w*)\s+(?:the\s+)?$", re.IGNORECASE)


_SANCTIONS_LABEL = re.compile(r"\s+(?:law|laws|bill|act|legislation|regime|policy|programme|program)\b", re.IGNORECASE)
_ACTING_NOUN = re.compile(r"\s*(?:'s|’s|government|officials?|authorities|ministry|parliament|president|"
                          r"prime minister|leader|firms?|companies|exporters|importers|buyers|refiners|state|"
                          r"trade mission|customs|navy|military|army)\b")


def acts(text: str, mention: Mention) -> bool:
    """A name, or an adjective heading a government or trader noun ("the Dutch government")."""
    return mention.acting or bool(_ACTING_NOUN.match(text, mention.end, mention.end + 20))


def governs(text: str, mention: Mention) -> bool:
    """'the Dutch government' acts; 'American companies' are acted upon."""
    return bool(re.match(r"\s*(?:government|officials?|authorities|ministry|parliament|president|prime minister|leader|state)\b",
                         text[mention.end : mention.end + 20]))


def _subject(text: str, left: list[Mention], c_start: int, t_start: int | None = None) -> Mention | None:
    """The first acting name of the clause; after "accusing X of", X is the one acting
    (unless "..., and has threatened" returns to the accuser); in "X, which ...", X is the
    subject of the relative clause."""
    for mention in left:
        if _ACCUSED.search(text, max(c_start, mention.start - 20), mention.start):
            if t_start is not None and _BACK_TO_SUBJECT.search(text, mention.end, t_start):
                break
            return mention
    for mention in reversed(left):
        if acts(text, mention) and re.match(r"\s*,\s*(?:which|who)\b", text[mention.end : mention.end + 12]):
            return mention
    opening = left[0] if left and re.match(r"\s*In\s+(?:the\s+)?$", text[c_start : left[0].start]) \
        and text.startswith(",", left[0].end) else None
    for mention in left:
        if not acts(text, mention):
            continue
        if NOT_SUBJECT.search(text, max(c_start, mention.start - 30), mention.start) and not _TRADERS_IN.search(
                text, max(c_start, mention.start - 30), mention.start) and not _GOVERNING_BODY.match(text, mention.end):
            continue
        return mention
    return opening
