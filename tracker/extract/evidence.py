"""The span a measure was read from: the sentence, or its clause when the sentence is long."""

from __future__ import annotations

from tracker.records import EvidenceSpan

MAX_EVIDENCE_WORDS = 40


def evidence_span(source: str, field: str, sentence: tuple[int, int], clause_start: int, points: list[int]) -> EvidenceSpan:
    """Prefer the whole sentence; trim a long one to the clause around `points` (trigger first,
    then the parties' spans), then to a word window around them."""
    start, end = sentence
    if len(source[start:end].split()) > MAX_EVIDENCE_WORDS:
        low, high = min(points), max(points)
        start = max(clause_start if clause_start <= low else sentence[0], _boundary_before(source, sentence[0], low))
        end = _boundary_after(source, high, sentence[1])
        while start < end and source[start] in " ,;:—-":
            start += 1
        if len(source[start:end].split()) > MAX_EVIDENCE_WORDS:
            if len(source[low:high].split()) > MAX_EVIDENCE_WORDS - 4:
                low, high = points[0], points[1]  # parties too far apart: centre on the trigger itself
                start, end = sentence
            start, end = _word_window(source, start, end, low, high)
    return EvidenceSpan(field, start, end, source[start:end])  # type: ignore[arg-type]


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


def _word_window(source: str, start: int, end: int, low: int, high: int) -> tuple[int, int]:
    """At most MAX_EVIDENCE_WORDS words, centred on what the measure was read from."""
    budget = MAX_EVIDENCE_WORDS - len(source[low:high].split())
    left = max(0, budget // 2)
    new_start = low
    for _ in range(left):
        previous = source.rfind(" ", start, new_start - 1)
        if previous < 0:
            new_start = start
            break
        new_start = previous + 1
    new_end = high
    for _ in range(max(0, budget - left)):
        following = source.find(" ", new_end + 1, end)
        if following < 0:
            new_end = end
            break
        new_end = following
    return new_start, max(new_end, high)
