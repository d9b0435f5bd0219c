from broadcastctl.api import sign
from broadcastctl.api.signing import signed_headers


def test_sign_reproduces_the_vendors_worked_example() -> None:
    assert sign("bDqJFiq9", "7bz1lzh9", "1630468800") == "05d7a50893e22a5c4bb3216ae3396c7c"


def test_signed_headers_carry_key_timestamp_in_seconds_sign_and_json_type() -> None:
    headers = signed_headers("bDqJFiq9", "7bz1lzh9", 1630468800.9)

    assert headers == {
        "Api-Key": "bDqJFiq9",
        "Timestamp": "1630468800",
        "Sign": "05d7a50893e22a5c4bb3216ae3396c7c",
        "Content-Type": "application/json;charset=UTF-8",
    }
