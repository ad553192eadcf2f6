"""The measures of one article so far: what a later mention refers back to.

News tells a measure over a paragraph. "Vietnam banned imports of Thai pork in March. On
Friday the farm ministry said the ban would be lifted in July." — the second sentence names
no country, but "the ban" is the ban of the first. The register keeps every measure read so
far, and completes a later reading only through an explicit reference:

- a definite or possessive measure noun ("the ban", "these duties", "its quota", "the same
  lower cap", "matching measures") takes the parties of the latest earlier measure of its kind
  that agrees with whatever party the sentence does name;
- a generic reference ("the measure", "the move") being eased or lifted takes the latest
  measure of any kind;
- a retaliation ("hit back", "in retaliation", "countermeasures") by X targets whoever last
  took a measure against X.

Parties read this way carry `via="register"`, which lowers the confidence. A reading still
missing one party at the article's end is completed from the article as a whole (`infer`,
`via="article"`, the lowest confidence); a reading with no party at all is dropped.
"""

from __future__ import annotations

import dataclasses

from tracker.extract import tree
from tracker.extract.mentions import Mention
from tracker.extract.parties import Party
from tracker.extract.reading import Reading
from tracker.extract.tree import Token, dep
from tracker.records import INSTRUMENTS, ExtractedMeasure

_DEFINITE = frozenset({"the", "this", "these", "those", "such", "that"})
_POSSESSIVE = frozenset({"its", "their", "his", "her", "our"})
_SAME = frozenset({"same", "matching", "similar", "identical", "equivalent", "fresh", "further", "additional", "new",
                   "extra", "more", "existing", "remaining", "current", "planned", "proposed", "threatened"})
_RETALIATION = frozenset({"retaliate", "retaliation", "retaliatory", "hit back", "strike back", "fight back",
                          "countermeasure", "counter-measure", "reprisal", "respond", "response", "answer", "reciprocal",
                          "counter-duty", "in kind", "tit-for-tat"})
# Families of kinds that one reference word may stand for ("the ban" for either ban).
_COMPATIBLE = {"import_ban": {"import_ban", "export_control"}, "export_control": {"export_control", "import_ban"}}


@dataclasses.dataclass(frozen=True, slots=True)
class Entry:
    kind: str
    actor: str
    target: str
    position: int
    measure: ExtractedMeasure | None = None


@dataclasses.dataclass(slots=True)
class Register:
    """Every measure of the article read so far, in reading order."""

    entries: list[Entry] = dataclasses.field(default_factory=list)
    # Readings that named one party only, kept so that a later reference naming the other
    # completes them ("Reagan imposed the sanctions on April 17. The sanctions were levied on
    # certain Japanese television sets.").
    held: list[tuple[str, str, str, int]] = dataclasses.field(default_factory=list)

    def __bool__(self) -> bool:
        return bool(self.entries)

    def note(self, measure: ExtractedMeasure) -> None:
        self.entries.append(Entry(measure.kind, measure.actor, measure.target, measure.evidence.start, measure))

    def hold(self, reading: Reading, position: int) -> None:
        """Keep a reading that names one party only, for a later reference to complete."""
        if bool(reading.actors) != bool(reading.targets) and len(reading.actors + reading.targets) == 1:
            actor = reading.actors[0].code if reading.actors else ""
            target = reading.targets[0].code if reading.targets else ""
            self.held.append((reading.eased_kind or reading.kind, actor, target, position))

    def answered(self, reading: Reading) -> ExtractedMeasure | None:
        """For a retaliation by X, the latest earlier measure taken against X (what it answers)."""
        if not _retaliates(reading) or not reading.actors:
            return None
        actors = {p.code for p in reading.actors}
        targets = {p.code for p in reading.targets}
        for entry in reversed(self.entries):
            if entry.target in actors and entry.actor not in actors and entry.kind in INSTRUMENTS \
                    and (not targets or entry.actor in targets):
                return entry.measure
        return None

    def complete(self, reading: Reading, position: int) -> None:
        """Fill a reading's missing party from an explicit reference to an earlier measure."""
        if reading.actors and reading.targets:
            return
        answered = self.answered(reading)
        if answered is not None and not reading.targets:
            reading.targets = [_stand_in(reading, answered.actor)]
            return
        if reading.targets and not reading.actors:
            # "Goods from Chile and Peru now face U.S. tariffs. Imports from both neighbours are taxed
            # at 10%": a later sentence on the same targets continues the measure taken on them.
            targets = {p.code for p in reading.targets}
            for entry in reversed(self.entries):
                if entry.kind == (reading.eased_kind or reading.kind) and entry.target in targets:
                    reading.actors = [_stand_in(reading, entry.actor)]
                    return
        if not reading.actors and reading.targets and _continues(reading):
            # "Two small Chinese banks were also sanctioned": the same government, another target
            for entry in self.entries:  # the article's first actor of this kind: whose story it is
                if entry.kind == reading.kind and entry.actor not in {p.code for p in reading.targets}:
                    reading.actors = [_stand_in(reading, entry.actor)]
                    return
        if not _refers_back(reading):
            return
        kind = reading.eased_kind or reading.kind
        generic = reading.kind == "relief" and reading.eased_kind is None
        copying = _copies(reading)  # "Britain announced matching measures": another actor, the same target
        for entry in reversed(self.entries):
            if entry.position >= position:
                continue
            if not generic and entry.kind not in _COMPATIBLE.get(kind, {kind}):
                continue
            if generic and entry.kind not in INSTRUMENTS:
                continue
            if reading.actors and entry.actor not in {p.code for p in reading.actors} and not copying:
                continue
            if copying and reading.actors and entry.target in {p.code for p in reading.actors}:
                continue
            if reading.targets and entry.target not in {p.code for p in reading.targets}:
                continue
            if not reading.actors:
                reading.actors = [_stand_in(reading, entry.actor)]
            if not reading.targets:
                reading.targets = [_stand_in(reading, entry.target)]
            if entry.kind == reading.kind:
                reading.referred = entry.measure  # "The cap, agreed by the G7, ...": the same measure, its figure too
            if reading.eased_kind is None and reading.kind == "relief":
                reading.eased_kind = entry.kind
            if kind in _COMPATIBLE and reading.kind == kind:
                reading.kind = entry.kind  # "the ban" is whichever ban it refers to
            return
        if generic:
            return
        # No complete measure to refer to: the latest earlier mention of the kind that named
        # only the other party ("Reagan imposed the sanctions ..." then "The sanctions were
        # levied on Japanese television sets") and this reference complete each other.
        for held_kind, actor, target, at in reversed(self.held):
            if at >= position or held_kind not in _COMPATIBLE.get(kind, {kind}):
                continue
            if not reading.actors and actor and not target and actor not in {p.code for p in reading.targets}:
                reading.actors = [_stand_in(reading, actor)]
            elif not reading.targets and target and not actor and target not in {p.code for p in reading.actors}:
                reading.targets = [_stand_in(reading, target)]
            return


    def infer(self, reading: Reading, position: int, mentioned: dict[str, int]) -> bool:
        """At the article's end, give a reading that named one party only its counterpart.

        News often names the pair once and then tells the measures with one side only ("Indian
        goods became subject to a 25% duty", "China will also curb exports of graphite"). When no
        explicit reference completed the reading, the counterpart is, in order: the other side of
        the nearest measure of the article (before or after) with the party in the same role,
        preferring the same kind; otherwise the country the article names most, when it clearly
        dominates. Parties found this way carry `via="article"`, the lowest confidence.
        """
        if bool(reading.actors) == bool(reading.targets):
            return False
        if any(p.via not in ("tree", "clause") for p in (reading.actors or reading.targets)):
            return False  # a party itself read from a pronoun or the register is too weak to build on
        kind = reading.eased_kind or reading.kind
        known = {p.code for p in (reading.actors or reading.targets)}
        role_actor = bool(reading.actors)

        def fits(entry: Entry) -> str | None:
            own, other = (entry.actor, entry.target) if role_actor else (entry.target, entry.actor)
            return other if own in known and other not in known else None

        ranked = sorted(
            (entry for entry in self.entries if fits(entry) and entry.kind in INSTRUMENTS | {kind}),
            key=lambda e: (e.kind not in _COMPATIBLE.get(kind, {kind}), abs(e.position - position)),
        )
        if ranked:
            counterpart = fits(ranked[0])
        else:
            counterpart = _dominant(mentioned, known)
            if counterpart is not None and not self._may_face(reading, counterpart, known, role_actor):
                return False
        if counterpart is None:
            return False
        party = _stand_in(reading, counterpart, "article")
        if role_actor:
            reading.targets = [party]
        else:
            reading.actors = [party]
        return True


    def _may_face(self, reading: Reading, counterpart: str, known: set[str], role_actor: bool) -> bool:
        """Whether the article's main country may stand as the counterpart of a reading.

        Only for a party the tree itself gave, and never the reverse of a measure the article
        already tells between the two (a story of US tariffs on India does not make an Indian
        tariff on the US out of "Indian goods became subject to a 25% duty").
        """
        if any(p.via != "tree" for p in (reading.actors or reading.targets)):
            return False
        if _retaliates(reading):
            return True  # a retaliation is the reverse of what it answers
        actor, target = (known, {counterpart}) if role_actor else ({counterpart}, known)
        return not any(e.actor in target and e.target in actor and e.kind in INSTRUMENTS for e in self.entries)


def _dominant(mentioned: dict[str, int], known: set[str]) -> str | None:
    """The country an article names most (at least twice, and more than any other), other than `known`."""
    counts = sorted(((n, code) for code, n in mentioned.items() if code not in known), reverse=True)
    if not counts or counts[0][0] < 2 or (len(counts) > 1 and counts[1][0] == counts[0][0]):
        return None
    return counts[0][1]


def _stand_in(reading: Reading, code: str, via: str = "register") -> Party:
    token = reading.trigger
    start = int(token.idx)
    return Party(code, Mention(start, start + len(token.text), code, via), via)


def _refers_back(reading: Reading) -> bool:
    """A definite, possessive or "same/fresh" measure noun, or an easing of one, or of "the measure"."""
    noun = reading.eased if reading.eased is not None else reading.trigger
    if reading.kind == "relief" and reading.eased_kind is None and reading.eased is None and reading.reference:
        return True
    for child in noun.children:
        word = child.text.lower()
        if dep(child) in ("det", "det:predet") and word in _DEFINITE:
            return True
        if dep(child) == "nmod:poss" and word in _POSSESSIVE:
            return True
        if dep(child) in ("amod", "advmod") and word in _SAME:
            return True
        if dep(child) == "nmod:poss" and child.text.lower().endswith(("year", "month", "season")):
            return True  # "this year's ceiling"
    return False


_COPYING = frozenset({"same", "matching", "similar", "identical", "equivalent", "parallel"})
_CONTINUING = frozenset({"also", "too", "likewise", "similarly", "further"})


def _copies(reading: Reading) -> bool:
    """"matching measures", "the same lower cap": a measure like an earlier one, by whoever acts now."""
    noun = reading.eased if reading.eased is not None else reading.trigger
    near = list(noun.children) + [c for child in noun.children if dep(child) in ("obl", "nmod") for c in child.children]
    return any(c.text.lower() in _COPYING for c in near)


def _continues(reading: Reading) -> bool:
    """"were also sanctioned": a passive measure that continues the latest one of its kind."""
    token = reading.trigger
    if not tree.is_verb(token) or not tree.is_passive(token) or tree.agent_of(token) is not None:
        return False
    return any(c.text.lower() in _CONTINUING for c in token.children)


def _retaliates(reading: Reading) -> bool:
    token: Token = reading.trigger
    words = {token.text.lower(), tree.lemma(token)}
    words |= {c.text.lower() for c in token.children if dep(c) in ("amod", "compound", "advmod")}
    for ancestor in [token, *tree.governing_chain(token, 3)]:
        words.add(tree.lemma(ancestor))
        if any(c.text.lower() == "back" for c in ancestor.children):
            words.add(f"{tree.lemma(ancestor)} back")  # "hit back", "strike back"
        words |= {c.text.lower() for c in ancestor.children if dep(c) in ("obl", "advmod", "advcl")}
    return bool(words & _RETALIATION)
