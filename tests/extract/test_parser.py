"""The parser ships inside the package: trained here, with its accuracy and licence beside it."""

from __future__ import annotations

import socket

import pytest

from tracker.extract import parsing


def test_the_package_holds_the_trained_pipeline_with_its_accuracy_and_licence() -> None:
    folder = parsing.MODEL_DIR
    for name in ("config.cfg", "meta.json", "parser/model", "tagger/model", "tok2vec/model", "training-config.cfg",
                 "LICENSE.txt", "ATTRIBUTION.md", "training.json"):
        assert (folder / name).is_file(), name
    assert "Attribution-ShareAlike 4.0" in (folder / "LICENSE.txt").read_text(encoding="utf-8")
    measured = parsing.accuracy()
    assert measured["treebank"].startswith("UD_English-EWT")
    for split in ("dev", "test"):
        # Labelled attachment on the treebank's held-out splits, as `make model` measured it.
        assert measured["accuracy"][split]["dep_las"] >= 0.78, split
        assert measured["accuracy"][split]["tag_acc"] >= 0.92, split


def test_loading_and_parsing_touch_no_network(monkeypatch: pytest.MonkeyPatch) -> None:
    def refuse(*args: object, **kwargs: object) -> None:
        raise AssertionError("the parser tried to open a network connection")

    monkeypatch.setattr(socket.socket, "connect", refuse)
    parsing.pipeline.cache_clear()
    [doc] = parsing.parse(["Japan will ban imports of Russian coal."])
    root = next(token for token in doc if token.dep_ == "ROOT")
    assert root.text == "ban"
    assert {t.text: t.dep_ for t in root.children}.items() >= {"Japan": "nsubj", "imports": "obj"}.items()


def test_wire_capitals_after_us_are_lowered_for_the_parser_only() -> None:
    text = "the U.S. Will impose duties"
    assert parsing.for_parser(text) == "the U.S. will impose duties"
    assert len(parsing.for_parser(text)) == len(text)  # offsets into the article are unchanged
