"""The summary of a task's call records and its views, on hand-built records: exact figures,
the callee's local hour and country from the number, Mermaid blocks, and no number shown."""

from __future__ import annotations

import json
import re

from broadcastctl.api.callrecords import CallRecord
from broadcastctl.status.summary import local_hour, place_of, summarize
from broadcastctl.status.summaryviews import VIEWS, markdown, text

NEW_YORK, LONDON, FREEPHONE = "12025550100", "442071234567", "80012345678"


def record(index: int, callee: str, time: str, reason: str = "success", key: str | None = None,
           duration: int = 0) -> CallRecord:  # fmt: skip
    answered = reason == "success"
    return CallRecord(voice_id=str(index), callee=callee, call_time=time, duration=duration,
                      answered=answered, code="", reason=reason, key=key, rang=answered,
                      task_id=None)  # fmt: skip


RECORDS = [
    record(1, NEW_YORK, "2026-12-03T01:00:00+08:00", key="1", duration=20),  # 12:00 in New York
    record(2, LONDON, "2026-12-03T18:30:00+08:00", reason="busy"),  # 10:30 in London
    record(3, NEW_YORK, "2026-12-03T01:10:00+08:00", reason='no "answer" | <b>'),
    record(4, FREEPHONE, "2026-12-03T01:10:00+08:00", duration=30),  # no zone, no country
]


def test_the_country_and_local_hour_come_from_the_number() -> None:
    assert place_of(NEW_YORK).country == "US"
    assert place_of(LONDON).zones == ("Europe/London",)
    assert place_of(FREEPHONE).country == "unknown"
    # Codes several regions share: told apart by the digits after the code.
    assert [place_of(n).country for n in ("12045551234", "16845551234", "77012345678")] == [
        "CA", "AS", "KZ",
    ]  # fmt: skip
    assert place_of("12045551234").zones == ("America/Winnipeg",)
    assert local_hour("2026-07-03T01:00:00+08:00", place_of(NEW_YORK).zones) == "13"  # EDT
    assert local_hour("2026-12-03T01:00:00+08:00", ("America/New_York", "America/Chicago")) == (
        "unknown"  # the zones disagree on the hour
    )
    assert local_hour("", ("Europe/London",)) == "unknown"


def test_the_figures() -> None:
    summary = summarize("spring", 5000001, 4, RECORDS, sms=lambda r: not r.answered)
    assert (summary.placed, summary.answered, summary.failed) == (4, 2, 2)
    assert summary.reasons == (("busy", 1), ('no "answer" | <b>', 1))
    assert {t.key: (t.calls, t.answered) for t in summary.by_hour if t.calls} == {
        "10": (1, 0),
        "12": (2, 1),
    }
    assert summary.hour_unknown == 1
    assert [(t.key, t.calls, t.answered) for t in summary.by_country] == [
        ("US", 2, 1), ("GB", 1, 0), ("unknown", 1, 1),
    ]  # fmt: skip
    assert (summary.keys, summary.sms_sent, summary.talk_seconds) == ((("1", 1),), 2, 50)


def test_text_side_by_side() -> None:
    first = summarize("spring", 5000001, 4, RECORDS)
    second = summarize("spring again", 5000002, 3, RECORDS[:2], ambiguous=2)
    assert text([first, second]) == (
        "                 spring (5000001)  spring again (5000002)\n"
        "calls placed     4                 2\n"
        "answered         2 (50.0%)         1 (50.0%)\n"
        "failed           2                 1\n"
        "keys pressed     1                 1\n"
        "SMS sent         unknown           unknown\n"
        "talk time        0h 00m 50s        0h 00m 20s\n"
        "ambiguous calls  0                 2\n"
        "\n"
        "spring (5000001):\n"
        '  failed by reason: busy 1, no "answer" | <b> 1\n'
        "  answer rate by local hour: 10h 0%, 12h 50% (1 call at a local hour that cannot be "
        "told)\n"
        "  answer rate by country: US 50% of 2, GB 0% of 1, unknown 100% of 1\n"
        "  keys pressed: 1 1\n"
        "\n"
        "spring again (5000002):\n"
        "  failed by reason: busy 1\n"
        "  answer rate by local hour: 10h 0%, 12h 100%\n"
        "  answer rate by country: GB 0% of 1, US 100% of 1\n"
        "  keys pressed: 1 1\n"
        "spring again (5000002): 2 of the calls counted are to numbers another task also called "
        "while this one was calling; the vendor's records cannot say whose they are.\n"
        "spring again (5000002): the vendor's task list counts 3 calls placed, the records 2.\n"
    )


def test_markdown_draws_mermaid_charts_and_keeps_the_vendors_text_inert() -> None:
    shown = markdown([summarize("<b>spring</b>", 5000001, 4, RECORDS)])
    assert shown.startswith(
        "|  | &lt;b&gt;spring&lt;/b&gt; \\(5000001\\) |\n| --- | --- |\n| calls placed | 4 |\n"
    )
    blocks = re.findall(r"```mermaid\n(.*?)```", shown, re.DOTALL)
    assert blocks[0] == (
        "xychart-beta\n"
        '    title "Answer rate by the callee\'s local hour"\n'
        '    x-axis ["10", "12"]\n'
        '    y-axis "answered (%)" 0 --> 100\n'
        "    bar [0, 50]\n"
    )
    assert blocks[1].splitlines()[2:5] == [
        '    x-axis ["US", "GB", "unknown"]',
        '    y-axis "answered (%)" 0 --> 100',
        "    bar [50, 0, 100]",
    ]
    assert blocks[2] == (
        "pie title Failed calls by reason\n"
        '    "busy" : 1\n'
        "    \"no 'answer' | b\" : 1\n"  # no quote to end the label early, no tag
    )
    assert blocks[3] == 'pie title Keys pressed\n    "1" : 1\n'
    assert "1 call at a local hour that cannot be told (not in the chart)." in shown


def test_json_carries_the_markdown_figures() -> None:
    summary = summarize("spring", 5000001, 4, RECORDS, sms=lambda r: not r.answered)
    task = json.loads(VIEWS["json"]([summary]))["tasks"][0]
    table = dict(
        line.strip("|").split(" | ")[:2]
        for line in markdown([summary]).split("\n\n")[0].splitlines()[2:]
    )
    table = {key.strip(): value.strip() for key, value in table.items()}
    assert table["calls placed"] == str(task["placed"])
    assert table["answered"] == f"{task['answered']} ({task['answer_rate']:.1f}%)"
    assert table["failed"] == str(task["failed"]) == str(sum(task["failed_by_reason"].values()))
    assert table["keys pressed"] == str(sum(task["keys_pressed"].values()))
    assert table["SMS sent"] == str(task["sms_sent"])
    assert table["talk time"] == "0h 00m 50s"
    assert task["talk_seconds"] == 50
    assert task["by_local_hour"] == {
        "10": {"calls": 1, "answered": 0, "rate": 0.0},
        "12": {"calls": 2, "answered": 1, "rate": 50.0},
    }
    assert task["by_country"]["GB"] == {"calls": 1, "answered": 0, "rate": 0.0}


def test_no_view_shows_a_number() -> None:
    summaries = [summarize("spring", 5000001, 4, RECORDS)]
    for view in VIEWS.values():
        shown = view(summaries)
        for number in (NEW_YORK, LONDON, FREEPHONE):
            assert number not in shown
