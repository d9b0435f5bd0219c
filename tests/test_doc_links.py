"""The documents' links land: every link from the README or docs/ to a heading of a markdown file
in the repository (`#anchor`, `file.md#anchor`) names a heading that file has, as GitHub makes
its anchors; and every policy file they show is one lint takes without a word."""

from __future__ import annotations

import datetime as dt
import functools
import re
from pathlib import Path

import pytest

from broadcastctl.policy.policyfile import load_policy

ROOT = Path(__file__).resolve().parent.parent
DOCUMENTS = (ROOT / "README.md", *sorted((ROOT / "docs").glob("*.md")))
LINK = re.compile(r"\]\(([^)\s]*?)#([^)\s]+)\)")
FENCE = re.compile(r"^\s*(```|~~~)")


def _outside_code(text: str) -> list[str]:
    """The lines outside fenced code blocks (a `# comment` in a YAML example is no heading)."""
    lines, fenced = [], False
    for line in text.splitlines():
        if FENCE.match(line):
            fenced = not fenced
        elif not fenced:
            lines.append(line)
    return lines


def _slug(heading: str) -> str:
    """GitHub's anchor for a heading: its text as shown, lower case, without punctuation but
    hyphens and underscores, spaces made hyphens."""
    shown = re.sub(r"\[([^\]]*)\]\([^)]*\)", r"\1", heading)  # a link shows its text
    shown = shown.replace("`", "").strip().lower()
    return re.sub(r"[^\w\- ]", "", shown).replace(" ", "-")


@functools.cache
def anchors(document: Path) -> frozenset[str]:
    """The anchors of a document's headings (each document read once, however many links
    point into it)."""
    found: set[str] = set()
    seen: dict[str, int] = {}
    for line in _outside_code(document.read_text()):
        heading = re.match(r"^#{1,6}\s+(.+?)\s*#*\s*$", line)
        if heading is None:
            continue
        slug = _slug(heading.group(1))
        count = seen.get(slug, 0)
        seen[slug] = count + 1
        found.add(slug if count == 0 else f"{slug}-{count}")
    return frozenset(found)


def test_the_slug_is_githubs() -> None:
    assert _slug("Voice files (source 1)") == "voice-files-source-1"
    assert _slug("`broadcastctl results`") == "broadcastctl-results"
    assert _slug("Policy: the people called") == "policy-the-people-called"
    assert _slug("Plan and deploy") == "plan-and-deploy"


def test_a_heading_twice_gets_a_numbered_anchor(tmp_path: Path) -> None:
    page = tmp_path / "page.md"
    page.write_text("# Top\n\n## Usage\n\n```yaml\n# not a heading\n```\n\n## Usage\n")
    assert anchors(page) == {"top", "usage", "usage-1"}


@pytest.mark.parametrize("document", DOCUMENTS, ids=lambda path: path.name)
def test_every_anchor_linked_to_is_a_heading(document: Path) -> None:
    broken = []
    for line in _outside_code(document.read_text()):
        for target, anchor in LINK.findall(line):
            if target.startswith(("http://", "https://")):
                continue
            if target and not target.endswith(".md"):
                continue
            page = (document.parent / target).resolve() if target else document
            if not page.is_file() or anchor not in anchors(page):
                broken.append(f"{target}#{anchor}")
    assert broken == []


def _policy_examples() -> list[tuple[str, str]]:
    examples = []
    for document in DOCUMENTS:
        blocks = re.findall(r"```yaml\n(# broadcastctl\.yaml\n.*?)```", document.read_text(), re.S)
        examples += [(document.name, block) for block in blocks]
    return examples


def test_the_documents_show_policy_files() -> None:
    assert {name for name, _ in _policy_examples()} >= {"README.md", "lint.md"}


@pytest.mark.parametrize(("document", "policy"), _policy_examples())
def test_every_policy_file_shown_is_taken_as_it_stands(
    document: str, policy: str, tmp_path: Path
) -> None:
    (tmp_path / "broadcastctl.yaml").write_text(policy)
    for named in re.findall(r"do-not-call/[\w.-]+", policy):  # the lists it names, dated today
        (tmp_path / named).parent.mkdir(exist_ok=True)
        (tmp_path / named).write_text(f"# exported: {dt.date.today():%Y-%m-%d}\n")
    loaded = load_policy(tmp_path / "broadcastctl.yaml")
    assert [d.message for d in loaded.diagnostics] == [], document
