"""Read one YAML document into plain data plus a SourceMap; every YAML problem becomes a Diagnostic.

Plain scalars are typed by the YAML 1.2 core schema (what editors use), except that date-times
stay text: JSON has no date type and the API takes `sendTime` as text.

Long block lists of bare numbers (a campaign's `numberList`) take a fast path: each run of such
lines is cut out with one regular expression and the parser sees a single placeholder item in its
place, which keeps lines and columns. Anything unexpected falls back to parsing the original text.

Positions count only `\n` as a line end, as editors, GitHub and SARIF viewers do; the parser also
ends lines at U+0085, U+2028, U+2029 and a lone CR, so its marks are turned back into offsets.
"""

from __future__ import annotations

import bisect
import functools
import itertools
import operator
import re
from array import array
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from typing import Any

from ruamel.yaml import YAML
from ruamel.yaml import events as ev
from ruamel.yaml.error import MarkedYAMLError
from ruamel.yaml.reader import ReaderError

from broadcastctl.lint.diagnostics import Diagnostic, error, json_pointer
from broadcastctl.lint.registry import Group, Rule
from broadcastctl.lint.sourcemap import MappingAt, Mark, Node, ScalarAt, SequenceAt
from broadcastctl.privacy import is_phone_path, masked_at

YAML_SYNTAX = "yaml-syntax"
YAML_TAB = "yaml-tab"
YAML_ENCODING = "yaml-encoding"
YAML_EMPTY = "yaml-empty"
YAML_MULTIPLE_DOCUMENTS = "yaml-multiple-documents"
YAML_DUPLICATE_KEY = "yaml-duplicate-key"
YAML_KEY = "yaml-key"
YAML_TAG = "yaml-tag"
YAML_CHARACTER = "yaml-character"
YAML_TOO_LARGE = "yaml-too-large"
YAML_TOO_DEEP = "yaml-too-deep"
YAML_AMBIGUOUS_VALUE = "yaml-ambiguous-value"
# The rules this module reports, as the registry lists them (`broadcastctl.checks.registry`).
RULES = (
    Rule(YAML_SYNTAX, "the file is valid YAML", Group.FILE),
    Rule(YAML_TAB, "indentation uses spaces, not tabs", Group.FILE),
    Rule(YAML_ENCODING, "the file is UTF-8", Group.FILE),
    Rule(YAML_EMPTY, "the file holds a campaign", Group.FILE),
    Rule(YAML_MULTIPLE_DOCUMENTS, "one YAML document (one task) per file", Group.FILE),
    Rule(YAML_DUPLICATE_KEY, "no key is given twice", Group.FILE),
    Rule(YAML_KEY, "keys are plain names", Group.FILE),
    Rule(YAML_TAG, "no YAML tags beyond !!str, !!int and !!float", Group.FILE),
    Rule(
        YAML_CHARACTER,
        "no control character or other character that YAML does not allow",
        Group.FILE,
    ),
    Rule(
        YAML_TOO_LARGE,
        "the document, aliases expanded, and each number stay within a safe size",
        Group.FILE,
    ),
    Rule(YAML_TOO_DEEP, "nesting stays within a safe depth", Group.FILE),
    Rule(
        YAML_AMBIGUOUS_VALUE,
        "no unquoted number with a leading zero (YAML readers disagree)",
        Group.FILE,
    ),
)


try:
    from ruamel.yaml.cyaml import CParser  # type: ignore[attr-defined]
except ImportError:  # pragma: no cover - the C parser is a dependency on CPython
    CParser = None

MAX_NODES = 1_000_000  # expanded size, aliases counted each time they are used
MAX_DEPTH = 32
# Longest number literal read as a number: far beyond any field's range, far below Python's
# int/str conversion limit (4,300 digits), which would otherwise end lint with an error.
MAX_NUMBER_LENGTH = 1000
BULK_MIN_RUN = 64

_BULK_TAG = "tag:broadcastctl.invalid,2026:bulk"
# Longer numbers are left to the parser, which refuses them.
_BARE = f"[0-9]{{1,{MAX_NUMBER_LENGTH}}}+"
# Possessive quantifiers (Python 3.11+): no backtracking state is kept for each line matched.
_BULK_RUN = re.compile(
    rf"""(?:^[ ]*+- (?>{_BARE}|'[0-9]++'|"[0-9]++")[ ]*+\n){{{BULK_MIN_RUN},}}+""", re.MULTILINE
)


# Characters YAML does not allow in a stream (YAML 1.2, production [1] c-printable).
@functools.cache
def not_printable() -> re.Pattern[str]:
    """Compiled only when a file is not plain ASCII: it takes 4 ms, paid at every start before."""
    return re.compile("[^\x09\x0a\x0d\x20-\x7e\x85\xa0-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")


_PRINTABLE_ASCII = b"\t\n\r" + bytes(range(0x20, 0x7F))  # the ASCII part of c-printable
_PARSER_LINE_ENDS = re.compile("[\x85\u2028\u2029]|\r(?!\n)")
_TAB_INDENT = re.compile(r"[ ]*(?:- +)*\t+[ \t]*\S")

_NULLS = frozenset({"", "~", "null", "Null", "NULL"})
_BOOLS = {"true": True, "True": True, "TRUE": True, "false": False, "False": False, "FALSE": False}
_LEADING_ZERO = re.compile(r"[-+]?0[0-9]+\Z")
# A phone number YAML would read as another number: +447700900501 (the + dropped), 0x1234567
# (hexadecimal, called as 19088743), 0o17 (octal).
_NOT_A_NUMBER_IN_A_PHONE = re.compile(r"\+[0-9]+\Z|0x[0-9a-fA-F]+\Z|0o[0-7]+\Z")

_STR_TAG = "tag:yaml.org,2002:str"
_Note = tuple[Mark, str, str, str]  # where, rule, message, JSON pointer
_EXPLICIT_TAGS: dict[str, Callable[[str], Any]] = {
    "tag:yaml.org,2002:int": int,
    "tag:yaml.org,2002:float": float,
}
_KNOWN_TAGS = {
    None,
    "!",
    _STR_TAG,
    "tag:yaml.org,2002:map",
    "tag:yaml.org,2002:seq",
    *_EXPLICIT_TAGS,
}


class YamlProblem(Exception):
    """A problem that ends the reading of a document; carries where it stands."""

    def __init__(self, at: Mark, rule: str, message: str, pointer: str = "") -> None:
        super().__init__(message)
        self.at, self.rule, self.message, self.pointer = at, rule, message, pointer


@dataclass
class LoadedYaml:
    """What a file held: `data` is None when the document could not be read."""

    data: Any
    positions: Node
    diagnostics: list[Diagnostic] = field(default_factory=list)


def load_yaml(raw: bytes, file: str) -> LoadedYaml:
    """Read bytes of one YAML document. Never raises for bad input: problems become diagnostics."""
    try:
        text = decode(raw)
    except YamlProblem as problem:
        return _unreadable(file, problem)
    try:
        _check_characters(text)
        builder = _load_text(text)
    except YamlProblem as problem:
        return _unreadable(file, _blame_tab(text, problem))
    diagnostics = [
        error(file, at, rule, message, pointer) for at, rule, message, pointer in builder.notes
    ]
    return LoadedYaml(builder.data, builder.positions, diagnostics)


def _unreadable(file: str, problem: YamlProblem) -> LoadedYaml:
    diagnostic = error(file, problem.at, problem.rule, problem.message, problem.pointer)
    return LoadedYaml(None, ScalarAt((1, 1), False), [diagnostic])


def decode(raw: bytes) -> str:
    """UTF-8 text with line ends as `\\n`; a byte that is not UTF-8 is reported where it stands."""
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as problem:
        before = raw[: problem.start]
        line = before.count(b"\n") + 1
        column = len(before[before.rfind(b"\n") + 1 :].decode("utf-8-sig")) + 1
        raise YamlProblem(
            (line, column),
            YAML_ENCODING,
            f"byte 0x{raw[problem.start]:02x} is not UTF-8; save the file as UTF-8",
        ) from problem
    return text.replace("\r\n", "\n") if "\r" in text else text  # a pass, not a copy


def _check_characters(text: str) -> None:
    if text.isascii() and not text.encode("ascii").translate(None, _PRINTABLE_ASCII):
        return  # the usual file, in one pass over its bytes (the pattern takes eight times as long)
    found = not_printable().search(text)
    if found is not None:
        raise YamlProblem(
            Lines(text).at(found.start()),
            YAML_CHARACTER,
            f"the character U+{ord(found.group()):04X} is not allowed in YAML; remove it "
            "(inside double quotes an escape such as \\x1b or \\u00ad stands for it)",
        )


class Lines:
    """1-based (line, column) of a character offset in a text, counting only `\\n` as a line end.

    An offset at or past the end of the text stays on its last line, so that a problem found at
    the end of a file never points below it.
    """

    def __init__(self, text: str) -> None:
        self.text = text
        self.exact = _PARSER_LINE_ENDS.search(text) is None  # the parser's marks agree with ours
        self.last = max(1, text.count("\n") + (not text.endswith("\n")))
        self._starts: list[int] | None = None
        self._looked_up = 0  # lookups made without the table of line starts

    def at(self, index: int, line: int | None = None, column: int = 0) -> Mark:
        """Where `index` stands; `line` and `column` (0-based) are the parser's, used if exact."""
        if self.exact and line is not None and line < self.last:
            return (line + 1, column + 1)
        if self._starts is None and self._looked_up < _LOOKUPS_WITHOUT_STARTS:
            self._looked_up += 1
            number, start = self._line_of(index)
        else:
            starts = self.starts()
            number = min(bisect.bisect_right(starts, index), self.last)
            start = starts[number - 1]
        end = self.text.find("\n", start)
        width = (len(self.text) if end < 0 else end) - start
        return (number, min(index - start, width) + 1)

    def _line_of(self, index: int) -> tuple[int, int]:
        """The line of `index` (at most the last) and where it starts, as `starts` would give
        them, by counting line ends in C: the table of a 200,000-line file costs 30 ms, which a
        few lookups (the end of the document, on its last line) need not pay."""
        text, number, cut = self.text, self.text.count("\n", 0, index) + 1, index
        while number > self.last:  # past the last line end: back to the last line
            cut = text.rfind("\n", 0, cut)
            number -= 1
        return number, text.rfind("\n", 0, cut) + 1

    def starts(self) -> list[int]:
        if self._starts is None:
            # each line starts after the lengths of those before it and their line ends, summed
            # in C: a file of 200,000 numbers has as many lines
            lengths = map(len, self.text.split("\n")[:-1])
            ends = map(operator.add, itertools.accumulate(lengths), itertools.count(1))
            self._starts = [0, *ends]
        return self._starts


# Lookups made by counting line ends before the table of line starts is built: each counts
# up to the whole text, the table costs about as much as a few of them.
_LOOKUPS_WITHOUT_STARTS = 4


def _blame_tab(text: str, problem: YamlProblem) -> YamlProblem:
    """A tab in the indentation is the usual cause of a syntax error; say so when there is one."""
    if problem.rule != YAML_SYNTAX:
        return problem
    lines = text.split("\n")[: problem.at[0]]
    for number in range(len(lines), 0, -1):
        if _TAB_INDENT.match(lines[number - 1]):
            return YamlProblem(
                (number, lines[number - 1].index("\t") + 1),
                YAML_TAB,
                "a tab is used for indentation; YAML allows only spaces there — indent with spaces",
            )
    return problem


def _load_text(text: str) -> _Builder:
    fast_text, runs = _cut_bulk_runs(text)
    if runs:
        try:
            builder = _Builder(runs, Lines(fast_text))
            builder.consume(_events(fast_text))
            if builder.bulk_seen == len(runs):
                return builder
        except (MarkedYAMLError, ReaderError, YamlProblem):
            pass  # the exact reading below reports the problem where it really stands
    builder = _Builder([], Lines(text))
    builder.consume(_events(text))
    return builder


@dataclass(frozen=True)
class _BulkRun:
    """Lines of bare number items cut out of the text: where they started, what they held."""

    first_line: int  # 1-based
    column: int  # 1-based column of each value
    values: list[int | str]
    plain: bytearray
    ambiguous: list[tuple[int, str]]  # unquoted numbers with a leading zero: index, as written


def _cut_bulk_runs(text: str) -> tuple[str, list[_BulkRun]]:
    if len(text) < BULK_MIN_RUN * 8 or "\r" in text:
        return text, []
    runs: list[_BulkRun] = []
    pieces: list[str] = []
    done = 0
    for match in _BULK_RUN.finditer(text):
        block = match.group()
        indent = block[: block.index("-")]
        if ("\n" + block).count(f"\n{indent}- ") != block.count("\n"):
            continue  # items of lists at different depths: leave them to the parser
        runs.append(_read_run(block, indent, text.count("\n", 0, match.start()) + 1))
        placeholder = f"{indent}- !<{_BULK_TAG}> {len(runs) - 1}\n" + "\n" * (
            len(runs[-1].values) - 1
        )
        pieces += [text[done : match.start()], placeholder]
        done = match.end()
    pieces.append(text[done:])
    return "".join(pieces), runs


def _read_run(block: str, indent: str, first_line: int) -> _BulkRun:
    """Values of a block whose every line is `<indent>- <digits>`, optionally quoted."""
    body = block.replace(f"{indent}- ", "").replace(" ", "")
    count = body.count("\n")
    column = len(indent) + 3
    quote = body[0]
    if quote in "'\"" and body.count(quote) == 2 * count:  # all quoted alike: one split
        values: list[int | str] = list(body.replace(quote, "").split("\n")[:-1])
        return _BulkRun(first_line, column, values, bytearray(count), [])
    items = body.split("\n")[:-1]
    if "'" not in body and '"' not in body:
        plain = bytearray(b"\1") * len(items)
        ambiguous = _leading_zeros(items, plain) if "\n0" in f"\n{body}" else []
        return _BulkRun(first_line, column, list(map(int, items)), plain, ambiguous)
    plain = bytearray(item[0] not in "'\"" for item in items)
    values = [int(item) if bare else item[1:-1] for item, bare in zip(items, plain, strict=True)]
    return _BulkRun(first_line, column, values, plain, _leading_zeros(items, plain))


def _leading_zeros(items: list[str], plain: bytearray) -> list[tuple[int, str]]:
    return [
        (i, item) for i, item in enumerate(items) if plain[i] and item[0] == "0" and len(item) > 1
    ]


def _events(text: str) -> Iterator[Any]:
    if CParser is not None:
        parser = CParser(text)
        while True:
            event = parser.get_event()
            yield event
            if isinstance(event, ev.StreamEndEvent):
                return
    yield from YAML(typ="safe", pure=True).parse(text)


@dataclass
class _Mapping:
    """A mapping being read: its data, its positions, and the key waiting for its value."""

    value: dict[str, Any]
    node: MappingAt
    path: list[str | int]
    anchor: str | None
    weight: int = 1
    key: str | None = None
    drop_value: bool = False  # the waiting key repeats an earlier one


@dataclass
class _Sequence:
    value: list[Any]
    node: SequenceAt
    path: list[str | int]
    anchor: str | None
    weight: int = 1


class _Builder:
    """Turns parser events into data, positions and notes, bounding size and depth."""

    def __init__(self, runs: list[_BulkRun], lines: Lines) -> None:
        self.runs = runs
        self.lines = lines
        self.bulk_seen = 0
        self.data: Any = None
        self.positions: Node = ScalarAt((1, 1), False)
        self.notes: list[_Note] = []
        self.anchors: dict[str, tuple[Any, Node, int]] = {}
        self.stack: list[_Mapping | _Sequence] = []
        self.documents = 0
        self.weight = 0  # values in the document, aliases counted each time they are used
        self.aliased = False

    def consume(self, events: Iterator[Any]) -> None:
        scalar, on_scalar, on = ev.ScalarEvent, self._on_scalar, self._on
        try:
            for event in events:
                if type(event) is scalar:  # most events: straight to their handler
                    on_scalar(event)
                else:
                    on(event)
        except MarkedYAMLError as problem:
            raise _syntax_problem(problem, self.lines) from problem
        except ReaderError as problem:  # the check before parsing should leave none
            at = self.lines.at(problem.position)
            raise YamlProblem(at, YAML_CHARACTER, f"YAML cannot read this: {problem}") from None
        if self.documents == 0 or (self.data is None and isinstance(self.positions, ScalarAt)):
            raise YamlProblem((1, 1), YAML_EMPTY, _EMPTY_MESSAGE)

    def _on(self, event: Any) -> None:
        if isinstance(event, ev.ScalarEvent):
            self._on_scalar(event)
        elif isinstance(event, ev.MappingStartEvent | ev.SequenceStartEvent):
            self._open(event)
        elif isinstance(event, ev.MappingEndEvent | ev.SequenceEndEvent):
            frame = self.stack.pop()
            self._remember(frame.anchor, frame.value, frame.node, frame.weight)
            # Its items are counted already: only the collection itself is new.
            self._add(frame.value, frame.node, frame.weight, self._mark(event), new=1)
        elif isinstance(event, ev.AliasEvent):
            self._on_alias(event)
        elif isinstance(event, ev.DocumentStartEvent):
            self._start_document(event)

    def _mark(self, event: Any) -> Mark:
        mark = event.start_mark
        return self.lines.at(mark.index, mark.line, mark.column)

    def _start_document(self, event: Any) -> None:
        self.documents += 1
        if self.documents > 1:
            raise YamlProblem(
                self._mark(event),
                YAML_MULTIPLE_DOCUMENTS,
                "a second YAML document starts here; a campaign file holds one task — "
                "move it to a file of its own",
            )

    def _open(self, event: Any) -> None:
        at = self._mark(event)
        _check_tag(event.tag, at)
        path = self._child_path()
        if len(path) >= MAX_DEPTH:
            raise YamlProblem(at, YAML_TOO_DEEP, f"nesting deeper than {MAX_DEPTH} levels")
        if isinstance(event, ev.MappingStartEvent):
            self.stack.append(_Mapping({}, MappingAt(at), path, event.anchor))
        else:
            self.stack.append(_Sequence([], SequenceAt(at), path, event.anchor))

    def _on_scalar(self, event: Any) -> None:
        # The commonest event: its tag (a property in ruamel.yaml) is read once, and its mark
        # taken as Lines.at would give it, without the calls.
        tag, mark, lines = event.tag, event.start_mark, self.lines
        if lines.exact and mark.line < lines.last:
            at = (mark.line + 1, mark.column + 1)
        else:
            at = lines.at(mark.index, mark.line, mark.column)
        if tag == _BULK_TAG:
            self._add_bulk(self.runs[int(event.value)])
            return
        frame = self.stack[-1] if self.stack else None
        if isinstance(frame, _Mapping) and frame.key is None:
            self._set_key(frame, str(event.value), at)
            return
        plain = tag is None and not event.style
        value = self._scalar_value(event, tag, plain, at)
        if isinstance(frame, _Sequence) and event.anchor is None:  # a list item, as _add adds it
            frame.value.append(value)
            frame.node.lines.append(at[0])
            frame.node.columns.append(at[1])
            frame.node.plain.append(plain)
            self._grow(frame, 1, at, 1)
            return
        node = ScalarAt(at, plain)
        if event.anchor is not None:
            self._remember(event.anchor, value, node, 1)
        self._add(value, node, 1, at)

    def _scalar_value(self, event: Any, tag: str | None, plain: bool, at: Mark) -> Any:
        if plain or tag in _EXPLICIT_TAGS:
            _check_length(event.value, at)
        if plain:
            if _NOT_A_NUMBER_IN_A_PHONE.match(event.value) and is_phone_path(self._child_path()):
                # YAML reads +447700900501 as a number and drops the '+', and 0x1234567 as
                # 19088743; a phone number keeps what was written, so it meets the same rule as
                # "+447700900501" or "0x1234567" in quotes, and its message shows what was written.
                return event.value
            if _LEADING_ZERO.match(event.value):
                self.notes.append(_leading_zero_note(event.value, at, self._child_path()))
            return resolve_plain(event.value)
        if tag in (None, "!", _STR_TAG):
            return event.value
        _check_tag(tag, at)
        try:
            return _EXPLICIT_TAGS[tag](event.value)
        except ValueError as problem:
            value = masked_at(self._child_path(), event.value)
            message = f"'{value}' cannot be read as {tag}"
            raise YamlProblem(at, YAML_TAG, message) from problem

    def _set_key(self, frame: _Mapping, key: str, at: Mark) -> None:
        frame.key, frame.drop_value = key, key in frame.node.keys
        if frame.drop_value:
            first = frame.node.keys[key][0]
            message = (
                f"`{key}` is given twice (first on line {first}); YAML keeps only one — "
                "remove one of them"
            )
            self.notes.append((at, YAML_DUPLICATE_KEY, message, json_pointer([*frame.path, key])))
        else:
            frame.node.keys[key] = at

    def _on_alias(self, event: Any) -> None:
        at = self._mark(event)
        if event.anchor not in self.anchors:
            raise YamlProblem(at, YAML_SYNTAX, f"the alias *{event.anchor} has no anchor before it")
        value, node, weight = self.anchors[event.anchor]
        self.aliased = True
        self._add(value, node, weight, at)

    def _add_bulk(self, run: _BulkRun) -> None:
        self.bulk_seen += 1
        frame = self.stack[-1]
        if not isinstance(frame, _Sequence):
            raise YamlProblem((run.first_line, run.column), YAML_SYNTAX, "unexpected list")
        start = len(frame.value)
        for index, text in run.ambiguous:
            at = (run.first_line + index, run.column)
            self.notes.append(_leading_zero_note(text, at, [*frame.path, start + index]))
        frame.value.extend(run.values)
        frame.node.lines.extend(range(run.first_line, run.first_line + len(run.values)))
        frame.node.columns.extend(array("I", [run.column]) * len(run.values))
        frame.node.plain.extend(run.plain)
        self._grow(frame, len(run.values), (run.first_line, run.column), len(run.values))

    def _add(self, value: Any, node: Node, weight: int, at: Mark, new: int | None = None) -> None:
        if not self.stack:
            self.data, self.positions = value, node
            return
        frame = self.stack[-1]
        if isinstance(frame, _Sequence):
            frame.value.append(value)
            frame.node.append(node)
        elif frame.key is not None:
            if not frame.drop_value:
                frame.value[frame.key] = value
                frame.node.values[frame.key] = node
            frame.key = None
        else:
            raise YamlProblem(node.at, YAML_KEY, _COMPLEX_KEY_MESSAGE)
        self._grow(frame, weight, at, weight if new is None else new)

    def _grow(self, frame: _Mapping | _Sequence, weight: int, at: Mark, new: int) -> None:
        frame.weight += weight
        self.weight += new
        if self.weight > MAX_NODES:
            raise YamlProblem(at, YAML_TOO_LARGE, self._too_large_message())

    def _too_large_message(self) -> str:
        if self.aliased:
            return (
                f"the document expands to more than {MAX_NODES:,} values, counting the values "
                "of an alias each time it is used; a campaign never needs that many — "
                "remove the aliases"
            )
        return (
            f"the document holds more than {MAX_NODES:,} values; a task takes at most "
            "200,000 numbers — split the campaign into several files"
        )

    def _remember(self, anchor: str | None, value: Any, node: Node, weight: int) -> None:
        if anchor is not None:
            self.anchors[anchor] = (value, node, weight)

    def _child_path(self) -> list[str | int]:
        if not self.stack:
            return []
        frame = self.stack[-1]
        if isinstance(frame, _Sequence):
            return [*frame.path, len(frame.value)]
        return [*frame.path, frame.key or ""]


def _check_tag(tag: str | None, at: Mark) -> None:
    if tag not in _KNOWN_TAGS:
        raise YamlProblem(
            at,
            YAML_TAG,
            f"the tag {tag} is not supported in a campaign; remove it "
            "(quote the value if it must stay text)",
        )


def _check_length(text: str, at: Mark) -> None:
    """A number literal longer than any field takes is refused before it is converted."""
    if len(text) > MAX_NUMBER_LENGTH and text.lstrip("+-")[:1].isdigit():
        raise YamlProblem(
            at,
            YAML_TOO_LARGE,
            f"this number is written with {len(text):,} characters; the limit is "
            f"{MAX_NUMBER_LENGTH:,}, far more than any field takes",
        )


def _leading_zero_note(text: str, at: Mark, path: list[str | int]) -> _Note:
    written, read = masked_at(path, text), masked_at(path, str(int(text)))
    message = (
        f"{written} is read as the number {read}, without its leading zero (YAML 1.1 tools read "
        f"an octal number); quote it ('{written}') if the zero matters, or drop the zero"
    )
    return (at, YAML_AMBIGUOUS_VALUE, message, json_pointer(path))


_COMPLEX_KEY_MESSAGE = "a key must be a plain name such as taskName, not a list or a mapping"
_EMPTY_MESSAGE = (
    "the file holds no campaign; write the task's fields as a YAML mapping "
    "(appId, taskName, numberList, source, loopCount, maxCalls, ...)"
)


def resolve_plain(text: str) -> Any:
    """The value of an untagged plain scalar under the YAML 1.2 core schema, date-times as text."""
    if text in _NULLS:
        return None
    if text in _BOOLS:
        return _BOOLS[text]
    for pattern, convert in _PLAIN_NUMBERS:
        if pattern.match(text):
            return convert(text)
    return text


_PLAIN_NUMBERS: list[tuple[re.Pattern[str], Callable[[str], Any]]] = [
    (re.compile(r"[-+]?[0-9]+\Z"), int),
    (re.compile(r"0o[0-7]+\Z"), lambda text: int(text[2:], 8)),
    (re.compile(r"0x[0-9a-fA-F]+\Z"), lambda text: int(text[2:], 16)),
    (re.compile(r"[-+]?(?:\.[0-9]+|[0-9]+(?:\.[0-9]*)?)(?:[eE][-+]?[0-9]+)?\Z"), float),
    (re.compile(r"[-+]?\.(?:inf|Inf|INF)\Z"), lambda text: float(text.replace(".", ""))),
    (re.compile(r"\.(?:nan|NaN|NAN)\Z"), lambda _: float("nan")),
]


def _syntax_problem(problem: MarkedYAMLError, lines: Lines) -> YamlProblem:
    mark = problem.problem_mark or problem.context_mark
    at = lines.at(mark.index, mark.line, mark.column) if mark is not None else (1, 1)
    message = f"YAML syntax error: {problem.problem or problem.context}"
    context = problem.context_mark
    if problem.problem and problem.context and context is not None:
        message += (
            f" ({problem.context.removeprefix('while ')}, which starts on line "
            f"{lines.at(context.index, context.line, context.column)[0]})"
        )
    return YamlProblem(at, YAML_SYNTAX, message)
