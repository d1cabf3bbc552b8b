"""The webhook signature, event keys, and events as the core's inputs."""

from __future__ import annotations

import hashlib

from bot.domain import intake
from handlers.zalo.chat import to_input
from handlers.zalo.webhook import event_key, event_time, signature, signature_ok

RAW = b'{"app_id":"1","event_name":"user_send_text","timestamp":"1795795200000"}'


def test_signature_is_sha256_of_app_body_timestamp_key() -> None:
    want = hashlib.sha256(b"1" + RAW + b"1795795200000" + b"key").hexdigest()
    assert signature("1", RAW, "1795795200000", "key") == want


def test_signature_accepts_mac_prefix_or_not_in_any_case() -> None:
    digest = signature("1", RAW, "1795795200000", "key")
    for header in (
        f"mac={digest}",
        digest,
        digest.upper(),
        f"MAC={digest.upper()}",
        f" mac={digest} ",
    ):
        assert signature_ok("1", RAW, "1795795200000", "key", header), header


def test_signature_refuses_other_key_body_or_timestamp() -> None:
    digest = signature("1", RAW, "1795795200000", "key")
    assert not signature_ok("1", RAW, "1795795200000", "other", digest)
    assert not signature_ok("1", RAW + b" ", "1795795200000", "key", digest)
    assert not signature_ok("1", RAW, "1795795200001", "key", digest)
    assert not signature_ok("2", RAW, "1795795200000", "key", digest)
    assert not signature_ok("1", RAW, "1795795200000", "key", "")


def test_event_time_and_keys() -> None:
    assert event_time("0") is not None and event_time("x") is None
    assert event_key({"message": {"msg_id": "m1"}}) == "m1"
    follow = {"event_name": "follow", "oa_id": "oa", "follower": {"id": "u"}, "timestamp": "5"}
    assert event_key(follow) == "follow:oa:u:5"


def test_events_as_intake_inputs() -> None:
    location = {
        "attachments": [{"payload": {"coordinates": {"latitude": "20.5", "longitude": "106.1"}}}]
    }
    assert to_input("user_send_location", location) == intake.LocationInput(20.5, 106.1)
    image = {"attachments": [{"payload": {"url": "https://x/1.jpg"}}]}
    assert to_input("user_send_image", image) == intake.PhotoInput("https://x/1.jpg", 0)
    file = {
        "attachments": [
            {"payload": {"url": "https://x/f", "name": "a", "type": "pdf", "size": "12"}}
        ]
    }
    assert to_input("user_send_file", file) == intake.DocumentInput("https://x/f", "a.pdf", "", 12)
    assert to_input("user_send_sticker", {}) == intake.UnsupportedInput("sticker")
