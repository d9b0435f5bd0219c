"""Find campaign files, load them with their positions, and read the files they refer to.

This and the API client are the only modules that touch the outside world.
"""

from __future__ import annotations

import contextlib
import contextvars
import functools
import os
import stat
from collections.abc import Callable, Hashable, Iterable, Iterator, Sequence
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any, TypeVar

from broadcastctl.errors import UsageError
from broadcastctl.lint.diagnostics import Diagnostic, error, utf8, warning
from broadcastctl.lint.numberfile import NUMBER_COLUMN, read_entries
from broadcastctl.lint.registry import Group, Rule
from broadcastctl.lint.sourcemap import MappingAt, Mark, SequenceAt, key_mark
from broadcastctl.lint.yamlload import YamlProblem, decode, load_yaml
from broadcastctl.vendorfields import FILE_KEYS

YAML_NOT_MAPPING = "yaml-not-mapping"
FILE_TOO_LARGE = "file-too-large"
FILE_UNREADABLE = "file-unreadable"
FILE_REFERENCE = "file-reference"
RECALL_PARENT = "recall-parent"
# The rules this module reports, as the registry lists them (`broadcastctl.checks.registry`).
RULES = (
    Rule(YAML_NOT_MAPPING, "the top level is a mapping of fields", Group.FILE),
    Rule(
        FILE_TOO_LARGE, "campaign, number and audio files stay within their size limits", Group.FILE
    ),
    Rule(
        FILE_UNREADABLE,
        "every file can be read (no broken link, no missing permission)",
        Group.FILE,
    ),
    Rule(
        FILE_REFERENCE,
        "numberFile and audioFile name existing files inside the repository",
        Group.RULE,
    ),
    Rule(
        RECALL_PARENT,
        "a re-call's parent is described by a campaign file, so the policy can judge its numbers",
        Group.RULE,
    ),
)
# The folder below the repository's root where campaigns live unless told otherwise (the
# commands' default path): a re-call's parent is looked for there too.
CAMPAIGN_FOLDER = "campaigns"
_FILES = "files"  # the memo key of the files a pass checks
# The re-call files whose parent is being looked for, in this thread.
_RESOLVING: contextvars.ContextVar[frozenset[Path]] = contextvars.ContextVar(
    "resolving", default=frozenset()
)


MAX_CAMPAIGN_BYTES = 32 * 1024 * 1024
MAX_NUMBER_FILE_BYTES = 32 * 1024 * 1024
MAX_AUDIO_BYTES = 16 * 1024 * 1024
CAMPAIGN_SUFFIXES = (".yaml", ".yml")
POLICY_NAME = "broadcastctl.yaml"  # the policy file, never a campaign


T = TypeVar("T")

# Facts about folders (where the working directory and a folder really are, the repository
# root above a folder, the policy file that governs it) found once per lint pass: 1,000
# campaigns in one folder cost one walk up the tree, not 1,000. Outside a pass nothing is kept.
_PASS: contextvars.ContextVar[dict[Hashable, Any] | None] = contextvars.ContextVar(
    "lint_pass", default=None
)


@contextlib.contextmanager
def one_pass(files: Sequence[Path] = ()) -> Iterator[None]:
    """Within this block, facts about folders are looked up once (files may come and go; the
    working directory and a folder's place in the tree are taken as fixed while one set of
    files is checked). `files` are the pass's campaign files: a re-call's parent may be one."""
    token = _PASS.set({_FILES: tuple(files)})
    try:
        yield
    finally:
        _PASS.reset(token)


def remembered(key: Hashable, find: Callable[[], T]) -> T:
    """`find()`, computed once per key within a pass (a failure is not remembered)."""
    memo = _PASS.get()
    if memo is None:
        return find()
    if key not in memo:
        memo[key] = find()
    found: T = memo[key]
    return found


@dataclass(frozen=True, kw_only=True)
class Numbers:
    """The numbers to call, wherever they were written, with where each one stands."""

    file: str
    values: Sequence[Any]
    lines: Sequence[int]
    columns: Sequence[int]
    pointer: str  # JSON pointer of the list in the campaign, "" when read from a numberFile
    plain: bytes | bytearray = b""  # 1 where YAML chose the item's type (unquoted)
    read_from: str = ""  # the column of a CSV numberFile the numbers come from

    def at(self, index: int) -> Mark:
        return (self.lines[index], self.columns[index])

    @functools.cached_property
    def joined(self) -> str | None:
        """The values joined by line ends when every one is text holding none, else None:
        200,000 numbers are joined (and their types looked at) once for the schema's check,
        the repeats and the policy."""
        values = self.values
        if not values or set(map(type, values)) != {str}:
            return None
        joined = "\n".join(values)
        return joined if joined.count("\n") == len(values) - 1 else None

    def item_pointer(self, index: int) -> str:
        return f"{self.pointer}/{index}" if self.pointer else ""


@dataclass(frozen=True, kw_only=True)
class Campaign:
    """One campaign file as loaded: the API fields as written, and what they refer to."""

    file: str  # as shown to the user: relative to the working directory where possible
    data: dict[str, Any]
    positions: MappingAt
    numbers: Numbers | None = None
    audio: bytes | None = None  # content of audioFile
    sources: tuple[Path, ...] = ()  # this file and the files it refers to, resolved
    parent: Campaign | None = None  # a re-call's parent, from the file that describes it

    def key_at(self, *path: str | int) -> Mark:
        return key_mark(self.positions, path)


@dataclass(frozen=True)
class Loaded:
    campaign: Campaign | None
    diagnostics: list[Diagnostic]


def find_campaign_files(paths: Iterable[str]) -> list[Path]:
    """Files named on the command line, and *.yaml / *.yml files found below named folders."""
    found: list[Path] = []
    policies: list[str] = []
    for name in paths:
        path = Path(name)
        if path.is_dir():
            found += sorted(_campaigns_below(path))
        elif path.exists() or path.is_symlink():  # a FIFO or a broken link too: loading says why
            if path.name == POLICY_NAME:
                policies.append(name)
            else:
                found.append(path)
        else:
            raise UsageError(f"{name}: no such file or folder")
    if policies and not found:  # checking nothing would pass a policy that fails campaigns
        raise UsageError(
            f"{policies[0]} is the policy file: it is checked with the campaigns it governs; "
            "name them or their folder (broadcastctl lint campaigns)"
        )
    return list(dict.fromkeys(found))


def _campaigns_below(folder: Path) -> Iterator[Path]:
    """Campaign files below `folder`. A folder that cannot be listed is yielded itself: loading
    it reports why, instead of its files being left out unnoticed."""
    unreadable: list[OSError] = []
    for root, dirs, files in os.walk(folder, onerror=unreadable.append):
        dirs[:] = sorted(d for d in dirs if not d.startswith("."))
        for name in files:
            if name.endswith(CAMPAIGN_SUFFIXES) and name != POLICY_NAME:
                yield Path(root) / name
    yield from (Path(problem.filename) for problem in unreadable)


def resolved(path: Path, *, strict: bool = False) -> Path:
    """`path.resolve(strict)`, with its folder's part found once per pass: of a file in a known
    folder only its own name is looked at again (it may be a symlink)."""
    folder, name = os.path.split(absolute(path))
    try:
        if name in ("", ".", "..") or stat.S_ISLNK(os.lstat(os.path.join(folder, name)).st_mode):
            return path.resolve(strict=strict)
    except OSError:  # missing, or not reachable: resolve says so in its own words
        return path.resolve(strict=strict)
    return remembered(("resolved", folder), lambda: Path(folder).resolve()) / name


def absolute(path: Path) -> str:
    """`str(path.absolute())`, without building Path objects (a lint pass asks for thousands)."""
    written = os.fspath(path)
    return (
        written if os.path.isabs(written) else os.path.join(remembered("cwd", os.getcwd), written)
    )


def display_name(path: Path) -> str:
    """The path as shown: relative to the working directory where possible, and valid UTF-8
    (bytes of a name that are not UTF-8 are written as \\xNN, so JSON and SARIF stay valid)."""
    try:
        shown = resolved(path).relative_to(_cwd()).as_posix()
    except (ValueError, OSError, RuntimeError):  # RuntimeError: a symlink loop (Python < 3.13)
        shown = path.as_posix()
    return utf8(shown)


def load_campaign(path: Path) -> Loaded:
    """Read one campaign file and the files it refers to; problems become diagnostics."""
    file = display_name(path)
    refused = _campaign_link_problem(path)
    if refused is not None:
        return Loaded(None, [error(file, (1, 1), *refused)])
    raw = _read_bounded(path, MAX_CAMPAIGN_BYTES, file)
    if isinstance(raw, Diagnostic):
        return Loaded(None, [raw])
    loaded = load_yaml(raw, file)
    if loaded.data is None:
        return Loaded(None, loaded.diagnostics)
    if not isinstance(loaded.data, dict) or not isinstance(loaded.positions, MappingAt):
        return Loaded(None, [*loaded.diagnostics, _not_a_mapping(file, loaded.positions.at)])
    campaign = Campaign(
        file=file, data=loaded.data, positions=loaded.positions, sources=(resolved(path),)
    )
    campaign, problems = _resolve_references(campaign, path)
    return Loaded(campaign, loaded.diagnostics + problems)


def _campaign_link_problem(path: Path) -> tuple[str, str] | None:
    """A campaign file that is a symlink follows the rule of numberFile and audioFile: it may
    lead only to a file inside the repository (else a pull request could have lint print the
    keys of any file on the machine that runs it)."""
    try:
        target = resolved(path, strict=True)
    except FileNotFoundError:
        return None  # reading it reports that
    except (OSError, RuntimeError) as problem:  # RuntimeError: a symlink loop (Python < 3.13)
        return FILE_UNREADABLE, f"the file cannot be read: {_reason(problem)}"
    root = repository_root(path)
    if target.is_relative_to(root):
        return None
    return (
        FILE_REFERENCE,
        f"the file is a symlink that leads outside the repository ({root}); keep campaign "
        "files inside it so that every review and every deploy sees the same content",
    )


def _reason(problem: Exception) -> str:
    if isinstance(problem, OSError) and problem.strerror:
        return problem.strerror
    return str(problem)


def _not_a_mapping(file: str, at: Mark) -> Diagnostic:
    return error(
        file,
        at,
        YAML_NOT_MAPPING,
        "a campaign is a YAML mapping of the task's fields (appId: ..., taskName: ...), "
        "not a list or a single value",
    )


def _read_bounded(path: Path, limit: int, file: str) -> bytes | Diagnostic:
    """The bytes of a regular file, or why they cannot be had: too large, or unreadable.

    A FIFO would block the read forever and a device (a link to /dev/zero) never ends, so only
    regular files are opened, without blocking, and checked again once open (the path may have
    changed in between); at most `limit` + 1 bytes are read whatever the size said.
    """
    try:
        if not stat.S_ISREG(os.stat(path).st_mode):
            return _unreadable(file, _kind(path))
        descriptor = os.open(path, os.O_RDONLY | os.O_NONBLOCK | getattr(os, "O_NOCTTY", 0))
        with os.fdopen(descriptor, "rb") as handle:
            status = os.fstat(handle.fileno())
            if not stat.S_ISREG(status.st_mode):
                return _unreadable(file, "it is not a regular file")
            if status.st_size > limit:
                return _too_large(file, status.st_size, limit)
            content = handle.read(limit + 1)
    except (OSError, RuntimeError) as problem:
        return _unreadable(file, _reason(problem))
    if len(content) > limit:  # grew after fstat
        return _too_large(file, len(content), limit)
    return content


def _kind(path: Path) -> str:
    """Why a path that is not a regular file cannot be read as one."""
    if path.is_dir():
        try:
            os.listdir(path)
        except OSError as problem:
            return f"its folder cannot be listed: {problem.strerror or problem}"
        return "it is a folder"
    return "it is not a regular file (a FIFO, a socket or a device)"


def _unreadable(file: str, reason: str) -> Diagnostic:
    return error(file, (1, 1), FILE_UNREADABLE, f"the file cannot be read: {reason}")


def _too_large(file: str, size: int, limit: int) -> Diagnostic:
    message = f"the file is {size / 2**20:.1f} MiB; the limit is {limit // 2**20} MiB"
    return error(file, (1, 1), FILE_TOO_LARGE, message)


def _resolve_references(campaign: Campaign, path: Path) -> tuple[Campaign, list[Diagnostic]]:
    problems: list[Diagnostic] = []
    root = repository_root(path)
    targets = {
        key: target
        for key in FILE_KEYS
        if isinstance(campaign.data.get(key), str)
        and (target := _reference(campaign, path, root, key, problems)) is not None
    }
    references = {key: display_name(target) for key, target in targets.items()}
    numbers = _inline_numbers(campaign)
    if "numberFile" in targets:
        numbers = _numbers_from_file(targets["numberFile"], references["numberFile"], problems)
    parent = None
    if numbers is None and isinstance(campaign.data.get("recallOf"), str):
        numbers, parent = _recall_numbers(campaign, path, root, problems)
    audio = None
    if "audioFile" in targets:
        content = _read_bounded(targets["audioFile"], MAX_AUDIO_BYTES, references["audioFile"])
        audio = _unless_problem(content, problems)
    sources = (*campaign.sources, *targets.values())
    resolved = replace(campaign, numbers=numbers, audio=audio, sources=sources, parent=parent)
    return resolved, problems


def _recall_numbers(
    campaign: Campaign, path: Path, root: Path, problems: list[Diagnostic]
) -> tuple[Numbers | None, Campaign | None]:
    """A re-call's numbers, for the policy: its parent's, from the campaign file whose taskName
    is recallOf (and that file); a warning with the way forward when no file lint can find
    describes it."""
    parent = str(campaign.data["recallOf"])
    found = _parent_file(parent, path, root)
    if found is not None and found.numbers is not None:
        return found.numbers, found
    folder = display_name(root / CAMPAIGN_FOLDER)
    if found is None:
        why = (
            f"no campaign file describes {parent!r} (looked in this file's folder, the files "
            f"linted and {folder}/)"
        )
    else:
        why = f"{found.file}, which describes {parent!r}, names no numbers of its own"
    problems.append(
        warning(
            campaign.file,
            campaign.key_at("recallOf"),
            RECALL_PARENT,
            f"{why}: the do-not-call lists and calling rules cannot judge the numbers this "
            "re-call calls again. If the parent's file is elsewhere, lint it with this one; if "
            "the parent was made elsewhere (in the vendor's console), check its numbers against "
            f"the lists before deploying (`broadcastctl results {parent}` lists them)",
            "/recallOf",
        )
    )
    return None, found


def _parent_file(parent: str, path: Path, root: Path) -> Campaign | None:
    """The campaign file whose taskName is `parent`: in the re-call's own folder, among the
    files the pass checks, or below the repository's campaign folder, in that order."""
    own = sorted([*path.parent.glob("*.yaml"), *path.parent.glob("*.yml")])
    linted = list((_PASS.get() or {}).get(_FILES, ()))
    below = remembered(("campaigns below", root), lambda: _below(root / CAMPAIGN_FOLDER))
    busy = _RESOLVING.get() | {resolved(path)}
    token = _RESOLVING.set(busy)  # re-calls of each other must not look for each other forever
    try:
        for other in dict.fromkeys(resolved(candidate) for candidate in (*own, *linted, *below)):
            if other in busy:
                continue
            text = remembered(("campaign text", other), functools.partial(_text_of, other))
            if parent not in text:  # cheap: most files are not the parent
                continue
            found = load_campaign(other).campaign
            if found is not None and found.data.get("taskName") == parent:
                return found
    finally:
        _RESOLVING.reset(token)
    return None


def _below(folder: Path) -> list[Path]:
    return sorted(_campaigns_below(folder)) if folder.is_dir() else []


def _text_of(path: Path) -> str:
    try:
        return path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError, ValueError):
        return ""


def _unless_problem(content: bytes | Diagnostic, problems: list[Diagnostic]) -> bytes | None:
    if isinstance(content, Diagnostic):
        problems.append(content)
        return None
    return content


def _inline_numbers(campaign: Campaign) -> Numbers | None:
    values = campaign.data.get("numberList")
    node = campaign.positions.values.get("numberList")
    if not isinstance(values, list) or not isinstance(node, SequenceAt):
        return None
    return Numbers(
        file=campaign.file,
        values=values,
        lines=node.lines,
        columns=node.columns,
        pointer="/numberList",
        plain=node.plain,
    )


def repository_root(path: Path) -> Path:
    """The nearest folder holding `.git` above where `path` is written (a symlink's own folder,
    not its target's); else the working directory, if above it; else the path's folder."""
    written = os.path.dirname(absolute(path))
    return remembered(("root", written), lambda: _root_above(written))


def _root_above(written: str) -> Path:
    start = Path(written).resolve()
    for folder in (start, *start.parents):
        if (folder / ".git").exists():
            return folder
    cwd = _cwd()
    return cwd if start.is_relative_to(cwd) else start


def _cwd() -> Path:
    """The working directory, resolved."""
    cwd = os.getcwd()
    return remembered(("cwd", cwd), lambda: Path(cwd).resolve())


def _reference(
    campaign: Campaign, path: Path, root: Path, key: str, problems: list[Diagnostic]
) -> Path | None:
    """The file a key names, if it is a relative path to a file inside the repository."""
    written = str(campaign.data[key])
    at = campaign.positions.values[key].at
    problem = _reference_problem(written, path, root)
    if problem:
        problems.append(error(campaign.file, at, FILE_REFERENCE, problem, f"/{key}"))
        return None
    return (path.parent / written).resolve()


def _reference_problem(written: str, path: Path, root: Path) -> str | None:
    if Path(written).is_absolute() or written.startswith("~"):
        return f"'{written}' is an absolute path; write it relative to this campaign file"
    try:
        target = (path.parent / written).resolve()
    except (OSError, RuntimeError) as problem:  # RuntimeError: a symlink loop (Python < 3.13)
        return f"'{written}' cannot be followed: {_reason(problem)}"
    if not target.is_relative_to(root):
        return (
            f"'{written}' leads outside the repository ({root}); keep referenced files inside it "
            "so that every review and every deploy sees the same content"
        )
    return _target_problem(written, target)


def _target_problem(written: str, target: Path) -> str | None:
    """Why the file a key names is not a file that can be read, if it is not."""
    try:
        found = os.stat(target)
    except FileNotFoundError:
        return f"'{written}' does not exist (looked for {display_name(target)})"
    except OSError as problem:  # a name over NAME_MAX or PATH_MAX, a folder that is a file
        return f"'{_shortened(written)}' cannot be looked up: {_reason(problem)}"
    if not stat.S_ISREG(found.st_mode):
        return f"'{written}' is not a file"
    return None


def _shortened(written: str) -> str:
    """A path as quoted in a message: a long one by its start and end."""
    return written if len(written) <= 100 else f"{written[:60]}…{written[-30:]}"


def _numbers_from_file(path: Path, file: str, problems: list[Diagnostic]) -> Numbers | None:
    raw = _unless_problem(_read_bounded(path, MAX_NUMBER_FILE_BYTES, file), problems)
    if raw is None:
        return None
    try:
        text = decode(raw)
    except YamlProblem as problem:
        problems.append(error(file, problem.at, problem.rule, problem.message))
        return None
    entries = read_entries(text, csv=path.suffix.lower() == ".csv")
    if entries.wrong_column is not None:
        line, why = entries.wrong_column
        problems.append(error(file, (line, 1), NUMBER_COLUMN, why))
        return None
    return Numbers(
        file=file,
        values=entries.values,
        lines=entries.lines,
        columns=entries.columns,
        pointer="",
        read_from=entries.read_from,
    )
