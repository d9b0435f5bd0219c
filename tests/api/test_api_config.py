import datetime

import pytest

from broadcastctl.api import ApiConfig, parse_timezone
from broadcastctl.errors import UsageError

ENVIRONMENT = {"BROADCASTCTL_API_KEY": "key-abc", "BROADCASTCTL_API_SECRET": "secret-xyz"}


def test_from_environment_defaults_to_the_vendor_url_and_utc_plus_8() -> None:
    config = ApiConfig.from_environment(ENVIRONMENT)

    assert config.url == "https://api.itniotech.com"
    assert (config.api_key, config.api_secret) == ("key-abc", "secret-xyz")
    assert config.timezone.utcoffset(None) == datetime.timedelta(hours=8)


def test_from_environment_reads_url_and_timezone() -> None:
    config = ApiConfig.from_environment(
        ENVIRONMENT
        | {
            "BROADCASTCTL_API_URL": "https://api.example.test/v3/",
            "BROADCASTCTL_API_TIMEZONE": "-05:30",
        }
    )

    assert config.url == "https://api.example.test/v3"
    assert config.timezone.utcoffset(None) == -datetime.timedelta(hours=5, minutes=30)


@pytest.mark.parametrize("missing", ["BROADCASTCTL_API_KEY", "BROADCASTCTL_API_SECRET"])
def test_a_missing_credential_names_the_variable_to_set(missing: str) -> None:
    environ = {name: value for name, value in ENVIRONMENT.items() if name != missing}

    with pytest.raises(UsageError, match=missing):
        ApiConfig.from_environment(environ)


@pytest.mark.parametrize(
    "url", ["http://127.0.0.1:8765", "http://127.3.2.1", "http://localhost:1", "http://[::1]:80"]
)
def test_plain_http_is_allowed_to_loopback(url: str) -> None:
    assert ApiConfig(url=url, api_key="k", api_secret="s").url == url


@pytest.mark.parametrize("url", ["http://api.itniotech.com", "http://10.0.0.5:8765", "ftp://x"])
def test_plain_http_elsewhere_and_other_schemes_are_refused(url: str) -> None:
    with pytest.raises(UsageError, match="BROADCASTCTL_API_URL"):
        ApiConfig(url=url, api_key="k", api_secret="s")


def test_repr_and_str_leave_out_key_and_secret() -> None:
    config = ApiConfig.from_environment(ENVIRONMENT)

    for text in (repr(config), str(config)):
        assert "key-abc" not in text
        assert "secret-xyz" not in text
        assert "api.itniotech.com" in text


@pytest.mark.parametrize(
    ("text", "offset"),
    [("+08:00", 8 * 60), ("-0800", -8 * 60), ("Z", 0), ("UTC", 0), ("+05:45", 5 * 60 + 45)],
)
def test_parse_timezone_offsets(text: str, offset: int) -> None:
    assert parse_timezone(text).utcoffset(None) == datetime.timedelta(minutes=offset)


def test_parse_timezone_zone_names() -> None:
    moment = datetime.datetime(2024, 1, 1, tzinfo=parse_timezone("Asia/Shanghai"))
    assert moment.utcoffset() == datetime.timedelta(hours=8)


def test_parse_timezone_refuses_nonsense() -> None:
    with pytest.raises(UsageError, match="BROADCASTCTL_API_TIMEZONE"):
        parse_timezone("eight o'clock")


@pytest.mark.parametrize("bad", ["k123\n4567", "k1234567\t9", "clé-1234567"])
def test_credentials_an_http_header_cannot_carry_are_refused_without_echoing_them(bad: str) -> None:
    with pytest.raises(UsageError) as refused:
        ApiConfig.from_environment(
            {"BROADCASTCTL_API_KEY": bad, "BROADCASTCTL_API_SECRET": "secret-1234"}
        )
    assert "BROADCASTCTL_API_KEY holds a character" in str(refused.value)
    assert bad.strip() not in str(refused.value)
