"""The vendor's answer shapes, endpoint by endpoint, as its pages show them."""

from __future__ import annotations

from enum import Enum
from typing import Any

from broadcastctl.api.codes import VendorCode


class Envelope(Enum):
    CODE_NUMBER = "code-number"  # query, detail: {"code": 0, "msg": "success", "data": ...}
    CODE_STRING = "code-string"  # cancel: {"code": "0", "msg": "success", "data": null}
    STATUS = "status"  # voice files, account page: {"status": "0", "reason": "success", ...}


def vendor_answer(style: Envelope, code: int, message: str, data: Any = None) -> dict[str, Any]:
    """The JSON body; failures carry no `data`, like the vendor's failure example."""
    code = int(code)  # a VendorCode is written as its number
    if style is Envelope.STATUS:
        answer: dict[str, Any] = {"status": str(code), "reason": message}
    else:
        answer = {"code": code if style is Envelope.CODE_NUMBER else str(code), "msg": message}
    if code == VendorCode.SUCCESS:
        answer["data"] = data
    return answer
