"""The YAML loader: values typed as editors type them, positions exact, problems as diagnostics."""

from __future__ import annotations

import random
import re
import tracemalloc

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from broadcastctl.lint import yamlload
from broadcastctl.lint.sourcemap import MappingAt, SequenceAt, key_mark, value_mark
from broadcastctl.lint.yamlload import load_yaml


def load(text: str) -> yamlload.LoadedYaml:
    return load_yaml(text.encode(), "f.yaml")


def exact(raw: bytes, monkeypatch: pytest.MonkeyPatch) -> yamlload.LoadedYaml:
    """The same file read without the fast path for number lists."""
    with monkeypatch.context() as patch:
        patch.setattr(yamlload, "_BULK_RUN", re.compile(r"(?!)"))
        return load_yaml(raw, "f.yaml")


def test_plain_scalars_follow_the_yaml_1_2_core_schema() -> None:
    loaded = load(
        "a: 12\nb: 1.5\nc: true\nd: yes\ne: ~\nf: 0x1F\ng: 0o17\nh: '12'\ni: .inf\nj: text\n"
    )
    assert loaded.data == {
        "a": 12, "b": 1.5, "c": True, "d": "yes", "e": None, "f": 31, "g": 15,
        "h": "12", "i": float("inf"), "j": "text",
    }  # fmt: skip


def test_date_times_and_clock_times_stay_text() -> None:
    loaded = load("sendTime: 2027-01-11 09:30:00\nday: 2027-01-11\nstrTime: 10:00\n")
    assert loaded.data == {
        "sendTime": "2027-01-11 09:30:00",
        "day": "2027-01-11",
        "strTime": "10:00",
    }
    assert loaded.diagnostics == []


def test_positions_of_keys_values_and_items_are_one_based() -> None:
    loaded = load("# comment\nappId: app\nnumberList:\n  - 123\n  - '456'\nwin:\n  - a: 1\n")
    root = loaded.positions
    assert isinstance(root, MappingAt)
    assert key_mark(root, ["appId"]) == (2, 1)
    assert value_mark(root, ["appId"]) == (2, 8)
    assert value_mark(root, ["numberList", 1]) == (5, 5)
    assert value_mark(root, ["win", 0, "a"]) == (7, 8)
    assert value_mark(root, ["win", 0, "missing"]) == (7, 5)  # the mapping that lacks it


def test_plain_and_quoted_items_are_told_apart() -> None:
    node = load("l:\n  - 123\n  - '456'\n").positions
    assert isinstance(node, MappingAt)
    items = node.values["l"]
    assert isinstance(items, SequenceAt)
    assert list(items.plain) == [1, 0]


def test_a_leading_zero_is_reported_because_yaml_readers_disagree_on_it() -> None:
    loaded = load("displayNum: 0123\nok: '0123'\n")
    assert loaded.data["displayNum"] == 123
    [diagnostic] = loaded.diagnostics
    assert (diagnostic.line, diagnostic.column, diagnostic.rule) == (1, 13, "yaml-ambiguous-value")
    assert diagnostic.pointer == "/displayNum"


def test_a_byte_order_mark_and_windows_line_ends_are_accepted() -> None:
    loaded = load_yaml(b"\xef\xbb\xbfa: 1\r\nb: 2\r\n", "f.yaml")
    assert loaded.data == {"a": 1, "b": 2}
    assert value_mark(loaded.positions, ["b"]) == (2, 4)


def test_duplicate_keys_keep_the_first_value_and_name_both_lines() -> None:
    loaded = load("a: 1\nb: 2\na: 3\n")
    assert loaded.data == {"a": 1, "b": 2}
    [diagnostic] = loaded.diagnostics
    assert (diagnostic.line, diagnostic.rule) == (3, "yaml-duplicate-key")
    assert "first on line 1" in diagnostic.message


def test_a_tab_in_the_indentation_is_named_as_the_cause() -> None:
    [diagnostic] = load("a:\n  b: 1\n\tc: 2\n").diagnostics
    assert (diagnostic.line, diagnostic.column, diagnostic.rule) == (3, 1, "yaml-tab")


def test_a_tab_inside_a_quoted_continuation_line_is_fine() -> None:
    loaded = load('text: "hello\n\tworld"\n')
    assert loaded.diagnostics == []
    assert loaded.data == {"text": "hello world"}


def test_anchors_and_aliases_are_read() -> None:
    loaded = load("a: &x [1, 2]\nb: *x\n")
    assert loaded.data == {"a": [1, 2], "b": [1, 2]}


def test_an_alias_bomb_stops_early_with_little_memory() -> None:
    lines = ["a0: &a0 [x, x, x, x, x, x, x, x, x, x]"]
    lines += [f"a{i}: &a{i} [{', '.join([f'*a{i - 1}'] * 10)}]" for i in range(1, 12)]
    tracemalloc.start()
    try:
        loaded = load("\n".join(lines) + "\n")
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert loaded.data is None
    assert loaded.diagnostics[0].rule == "yaml-too-large"
    assert peak < 20 * 2**20


def test_an_unknown_alias_is_a_diagnostic() -> None:
    [diagnostic] = load("a: *nowhere\n").diagnostics
    assert diagnostic.rule == "yaml-syntax"
    assert "no anchor" in diagnostic.message


@pytest.mark.parametrize(
    ("text", "rule"),
    [
        ("", "yaml-empty"),
        ("# only a comment\n", "yaml-empty"),
        ("~\n", "yaml-empty"),
        ("a: 1\n---\nb: 2\n", "yaml-multiple-documents"),
        ("a: [1, 2\n", "yaml-syntax"),
        ("a: !!binary aGk=\n", "yaml-tag"),
        ("a: !custom x\n", "yaml-tag"),
        ("a: !!int twelve\n", "yaml-tag"),
        ("? [1, 2]\n: x\n", "yaml-key"),
        ("a: " + "[" * 40 + "]" * 40 + "\n", "yaml-too-deep"),
    ],
)
def test_unreadable_documents_become_one_diagnostic(text: str, rule: str) -> None:
    loaded = load(text)
    assert loaded.data is None
    assert [d.rule for d in loaded.diagnostics] == [rule]


def test_bytes_that_are_not_utf8_are_reported_where_they_stand() -> None:
    [diagnostic] = load_yaml(b"a: 1\nb: ca\xff\n", "f.yaml").diagnostics
    assert (diagnostic.line, diagnostic.column, diagnostic.rule) == (2, 6, "yaml-encoding")


def _number_list_file(rng: random.Random) -> bytes:
    """A campaign-like file mixing every way a long list of numbers can be written."""
    indent = rng.choice(["", "  ", "    "])
    lines = ["appId: x", "numberList:"]
    for _ in range(rng.randrange(60, 400)):
        number = str(rng.randrange(10**6, 10**12))
        lines.append(
            indent
            + "- "
            + rng.choice([number, f"'{number}'", f'"{number}"', "0" + number, number + "  "])
        )
        if rng.random() < 0.01:
            lines.append(rng.choice(["", f"{indent}# a comment", f"{indent}- [nested]"]))
    if rng.random() < 0.4:  # a block scalar whose lines look like list items
        lines += ["text: |"] + [f"  - {rng.randrange(10**7, 10**8)}" for _ in range(70)]
    if rng.random() < 0.3:  # a list of lists
        lines += ["other:"] + [f"  - - {rng.randrange(10**7, 10**8)}" for _ in range(70)]
    if rng.random() < 0.2:  # broken YAML after the numbers
        lines += ["bad: ["] + [f"  - {rng.randrange(10**7, 10**8)}" for _ in range(70)]
    return ("\n".join(lines) + rng.choice(["", "\n"])).encode()


@pytest.mark.parametrize("seed", range(40))
def test_the_fast_path_reads_exactly_what_the_parser_reads(
    seed: int, monkeypatch: pytest.MonkeyPatch
) -> None:
    raw = _number_list_file(random.Random(seed))
    fast, slow = load_yaml(raw, "f.yaml"), exact(raw, monkeypatch)
    assert fast.data == slow.data
    assert fast.diagnostics == slow.diagnostics
    assert repr(fast.positions) == repr(slow.positions)


def test_the_fast_path_is_taken_for_a_long_list(monkeypatch: pytest.MonkeyPatch) -> None:
    text = "numberList:\n" + "".join(f"  - {8490000000 + i}\n" for i in range(1000))
    cut, runs = yamlload._cut_bulk_runs(text)
    assert len(runs) == 1
    assert len(runs[0].values) == 1000
    assert cut.count("\n") == text.count("\n")  # lines keep their numbers
    assert load(text).data == exact(text.encode(), monkeypatch).data


def test_line_starts_are_where_each_line_begins() -> None:
    """The starts are summed in C for a 200,000-line file; they are where each line begins."""
    rng = random.Random(2026)
    for _ in range(2000):
        text = "".join(rng.choice("ab\n\n ") for _ in range(rng.randint(0, 30)))
        expected = [0, *(found.end() for found in re.finditer("\n", text))]
        assert yamlload.Lines(text).starts() == expected, repr(text)


def test_a_few_places_are_found_alike_without_the_table_of_line_starts() -> None:
    """The first lookups count line ends instead of building the table (the end of a
    200,000-line document needs one): they give what the table gives, past the end too."""
    rng = random.Random(2027)
    for _ in range(2000):
        text = "".join(rng.choice("ab\n\n ") for _ in range(rng.randint(0, 30)))
        indexes = [rng.randint(0, len(text) + 2) for _ in range(8)]
        counted = yamlload.Lines(text)
        tabled = yamlload.Lines(text)
        tabled.starts()
        assert [counted.at(i) for i in indexes] == [tabled.at(i) for i in indexes], repr(text)


def _verdicts_agree(text: str) -> None:
    refused = yamlload.not_printable().search(text) is not None
    try:
        yamlload._check_characters(text)
    except yamlload.YamlProblem:
        assert refused
    else:
        assert not refused


def test_the_character_check_of_each_ascii_character_is_the_patterns() -> None:
    """An ASCII file is checked by deleting the allowed bytes; the verdict is the pattern's."""
    for code in range(128):
        _verdicts_agree(f"appId: a{chr(code)}b\n")


@given(st.text(alphabet=st.characters(max_codepoint=0x300), max_size=40))
@settings(max_examples=300, deadline=None)
def test_the_character_check_agrees_with_the_pattern_on_any_text(text: str) -> None:
    _verdicts_agree(text)
