"""The addresses phones and the projector open, and the QR code that carries them."""

from __future__ import annotations

import pytest

from facilitator.room.links import join_link, projector_link, public_base_url, qr_svg


def test_the_join_link_carries_the_code_as_a_query_parameter() -> None:
    assert join_link("http://10.0.0.5:8501", "ACD347") == "http://10.0.0.5:8501/?code=ACD347"


def test_the_projector_link_opens_the_projector_page() -> None:
    assert projector_link("https://kohtaamo.example", "ACD347") == (
        "https://kohtaamo.example/projector?code=ACD347"
    )


def test_a_code_is_escaped_in_a_link() -> None:
    assert join_link("http://h", "A&B C") == "http://h/?code=A%26B+C"


def test_a_configured_public_url_wins_without_its_trailing_slash(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("KOHTAAMO_PUBLIC_URL", "  https://kohtaamo.example/ ")
    assert public_base_url(8501) == "https://kohtaamo.example"


def test_without_a_configured_url_the_base_is_this_machine_and_port(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.delenv("KOHTAAMO_PUBLIC_URL", raising=False)
    monkeypatch.setattr("facilitator.room.links.lan_address", lambda: "192.168.1.20")
    assert public_base_url(8502) == "http://192.168.1.20:8502"


def test_the_qr_code_is_an_inline_svg() -> None:
    svg = qr_svg("http://10.0.0.5:8501/?code=ACD347")
    assert svg.startswith("<svg")
    assert svg.rstrip().endswith("</svg>")
