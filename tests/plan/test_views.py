"""The plan's views: a long text change shows where it differs, and markdown shows every value
from a file or from the vendor as written."""

from __future__ import annotations

from broadcastctl.output.markdown import markdown_code, markdown_text
from broadcastctl.output.style import Style
from broadcastctl.plan.model import Action, Change, Kind, Plan
from broadcastctl.plan.views import view_markdown, view_text

LONG = (
    "Hello from Acme Outdoor. Our spring range arrives on the eighth of March in every store, "
    "with tents, stoves and boots for the whole family."
)


def one(action: Action) -> Plan:
    return Plan(actions=(action,), campaigns_fingerprint="sha256:a", remote_fingerprint="sha256:b")


def update(*changes: Change, task_name: str = "spring", file: str = "c/spring.yaml") -> Plan:
    return one(
        Action(
            kind=Kind.UPDATE,
            task_name=task_name,
            file=file,
            job_id=5000001,
            status=0,
            numbers=2,
            changes=changes,
        )
    )


def test_a_text_appended_to_a_long_text_shows_what_was_added() -> None:
    text = view_text(update(Change("text", LONG, LONG + " See you soon.")), Style(False))
    [line] = [line for line in text.splitlines() if "text:" in line]
    assert "See you soon." in line
    old, new = line.split(" → ")
    assert old != new.replace("See you soon.", "")  # not two identical cut-off texts


def test_a_word_changed_in_the_middle_of_a_long_text_is_shown_with_its_context() -> None:
    changed = LONG.replace("eighth of March", "ninth of March")
    for view in (view_text(update(Change("text", LONG, changed)), Style(False)),
                 view_markdown(update(Change("text", LONG, changed)))):  # fmt: skip
        assert "eighth" in view
        assert "ninth" in view
        assert "arrives on the" in view  # the words before, for context


def test_markdown_escapes_html_and_formatting_from_files_and_the_vendor() -> None:
    plan = update(
        Change("text", "<script>alert(1)</script>", "**bold** [link](http://x) `code`"),
        task_name="<b>bold</b> | _x_",
        file="c/a`b|<i>.yaml",
    )
    view = view_markdown(plan)
    for raw in ("<b>", "<script>", "**bold**", "[link](", "_x_", "| _x_"):
        assert raw not in view
    assert "| ``c/a`b\\|<i>.yaml`` |" in view  # a code span: shown as written, HTML included
    assert "&lt;b&gt;bold&lt;/b&gt; \\| \\_x\\_" in view
    assert "&lt;script&gt;" in view


def test_markdown_text_and_code_keep_to_one_line_and_one_cell() -> None:
    assert markdown_text("a\nb|c") == "a b\\|c"
    assert markdown_code("a`b|c") == "``a`b\\|c``"
    assert markdown_code("`x`") == "`` `x` ``"


def test_two_changes_far_apart_in_a_long_text_are_both_shown() -> None:
    changed = LONG.replace("eighth", "ninth").replace("boots", "shoes")
    text = view_text(update(Change("smsContent", LONG, changed)), Style(False))
    for word in ("eighth", "boots", "ninth", "shoes"):
        assert word in text


def test_orphans_are_counted_as_waiting_or_calling() -> None:
    orphans = tuple(
        Action(kind=Kind.ORPHANED, task_name=name, file=None, job_id=job, status=status)
        for name, job, status in (("a", 1, 0), ("b", 2, 1), ("c", 3, 1))
    )
    plan = Plan(actions=orphans, campaigns_fingerprint="sha256:a", remote_fingerprint="sha256:b")
    assert "Plan: 3 orphaned (1 waiting, 2 calling; their campaigns gone)," in view_text(
        plan, Style(False)
    )
