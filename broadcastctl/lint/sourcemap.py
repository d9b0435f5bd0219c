"""Where each value of a loaded YAML document stands in its file, as 1-based (line, column)."""

from __future__ import annotations

from array import array
from collections.abc import Sequence
from dataclasses import dataclass, field

Mark = tuple[int, int]
Path = Sequence[str | int]


@dataclass(frozen=True, slots=True)
class ScalarAt:
    at: Mark
    plain: bool  # written without quotes, so YAML chose its type


@dataclass(slots=True)
class MappingAt:
    at: Mark
    keys: dict[str, Mark] = field(default_factory=dict)
    values: dict[str, Node] = field(default_factory=dict)


@dataclass(slots=True)
class SequenceAt:
    """Items live in flat arrays: 200,000 numbers cost a few megabytes, not 200,000 objects."""

    at: Mark
    lines: array[int] = field(default_factory=lambda: array("I"))
    columns: array[int] = field(default_factory=lambda: array("I"))
    plain: bytearray = field(default_factory=bytearray)
    collections: dict[int, MappingAt | SequenceAt] = field(default_factory=dict)

    def __len__(self) -> int:
        return len(self.lines)

    def append(self, node: Node) -> None:
        if not isinstance(node, ScalarAt):
            self.collections[len(self.lines)] = node
        self.lines.append(node.at[0])
        self.columns.append(node.at[1])
        self.plain.append(isinstance(node, ScalarAt) and node.plain)

    def item(self, index: int) -> Node:
        if index in self.collections:
            return self.collections[index]
        return ScalarAt((self.lines[index], self.columns[index]), bool(self.plain[index]))


Node = ScalarAt | MappingAt | SequenceAt


def child(node: Node, part: str | int) -> Node | None:
    if isinstance(node, MappingAt):
        return node.values.get(str(part))
    if isinstance(node, SequenceAt) and isinstance(part, int) and 0 <= part < len(node):
        return node.item(part)
    return None


def deepest(root: Node, path: Path) -> tuple[Node, int]:
    """The node at `path`, or its deepest existing ancestor, with how many parts were followed."""
    node, depth = root, 0
    for part in path:
        found = child(node, part)
        if found is None:
            break
        node, depth = found, depth + 1
    return node, depth


def value_mark(root: Node, path: Path) -> Mark:
    return deepest(root, path)[0].at


def key_mark(root: Node, path: Path) -> Mark:
    """Where the key of the last part stands; for a list item, where the item stands."""
    if not path:
        return root.at
    parent, depth = deepest(root, path[:-1])
    if depth == len(path) - 1 and isinstance(parent, MappingAt):
        mark = parent.keys.get(str(path[-1]))
        if mark is not None:
            return mark
    return value_mark(root, path)
