"""Campaign files become the request bodies the vendor's create call takes."""

from __future__ import annotations

import base64
from pathlib import Path

from broadcastctl.lint.campaigns import load_campaign
from broadcastctl.plan.bodies import DesiredTask, to_payload
from broadcastctl.vendorfields import DEPENDS_ON, is_on

BASE = """appId: app-1
taskName: spring promo
source: 3
text: Hello
lan: EN
loopCount: 1
maxCalls: 60
"""


def payload(tmp_path: Path, text: str) -> DesiredTask:
    (tmp_path / ".git").mkdir(exist_ok=True)
    path = tmp_path / "c.yaml"
    path.write_text(text)
    loaded = load_campaign(path)
    assert loaded.campaign is not None
    return to_payload(loaded.campaign)


def test_numbers_are_text_sent_once_in_their_first_order(tmp_path: Path) -> None:
    task = payload(tmp_path, BASE + "numberList: [12025550102, '12025550101', 12025550102]\n")
    assert task.body["numberList"] == ["12025550102", "12025550101"]
    assert task.number_count == 2


def test_a_number_file_becomes_the_number_list(tmp_path: Path) -> None:
    (tmp_path / "n.csv").write_text("phone\n12025550101\n12025550102\n")
    task = payload(tmp_path, BASE + "numberFile: n.csv\n")
    assert task.body["numberList"] == ["12025550101", "12025550102"]
    assert "numberFile" not in task.body


def test_an_audio_file_becomes_base64(tmp_path: Path) -> None:
    (tmp_path / "a.mp3").write_bytes(b"ID3\x04rest")
    text = BASE.replace("source: 3\ntext: Hello\nlan: EN\n", "source: 2\nuploadName: a.mp3\n")
    task = payload(tmp_path, text + "audioFile: a.mp3\nnumberList: [12025550101]\n")
    assert base64.b64decode(task.body["baseFile"]) == b"ID3\x04rest"
    assert "audioFile" not in task.body


def test_line_breaks_in_base_file_are_removed(tmp_path: Path) -> None:
    text = BASE.replace("source: 3\ntext: Hello\nlan: EN\n", "source: 2\nuploadName: a.mp3\n")
    task = payload(tmp_path, text + "baseFile: |\n  SUQz\n  BAA=\nnumberList: [12025550101]\n")
    assert task.body["baseFile"] == "SUQzBAA="


def test_fields_their_switch_turns_off_are_sent_empty(tmp_path: Path) -> None:
    task = payload(
        tmp_path,
        BASE + "voiceFileId: x\nhangUpSms: 0\nsenderId: Shop\nnumberList: [12025550101]\n",
    )
    assert task.body["voiceFileId"] == ""  # never the value the file gave while off
    assert task.body["senderId"] == ""
    assert task.body["hangUpSms"] == 0
    off = {name: task.body[name] for name in DEPENDS_ON if not is_on(task.body, name)}
    assert sorted(off) == sorted(set(DEPENDS_ON) - {"text", "lan"})  # source 3 uses those
    assert set(off.values()) <= {"", 0}


def test_values_take_the_api_types(tmp_path: Path) -> None:
    sms = (
        "hangUpSms: 1\nsmsAppId: 12345\nsmsContent: hi\nfeedbackPush: 1\nfeedbackValue: 1\n"
        "successPush: 0\nfailedPush: 0\nringPush: 0\ndisplayNum: 1008122211\n"
    )
    task = payload(
        tmp_path,
        BASE.replace("loopCount: 1", "loopCount: 2.0") + sms + "numberList: [12025550101]\n",
    )
    assert task.body["feedbackValue"] == "1"
    assert task.body["displayNum"] == "1008122211"
    assert task.body["loopCount"] == 2
    assert isinstance(task.body["loopCount"], int)
