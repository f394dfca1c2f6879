"""Metric suggestions belong to their phase: its behaviours, its theme, then the industry."""

from __future__ import annotations

import pytest

from facilitator.domain import CustomerType, Industry, Language
from facilitator.steps.presets import PRESETS
from facilitator.steps.suggestions import PhaseText, Theme, metric_suggestions, phase_theme

FI, EN = Language.FI, Language.EN
RETAIL, CONSUMER = Industry.RETAIL, CustomerType.CONSUMER


def _whats(metrics: list[tuple[str, str, str, str]]) -> list[str]:
    return [m[0] for m in metrics]


@pytest.mark.parametrize(
    ("behaviour", "language", "target"),
    [
        ("Tervehdi asiakasta 10 sekunnissa katsekontaktilla", FI, "enintään 10 s, 90 %"),
        ("Vastaa chattiin 2 minuutissa", FI, "enintään 2 min, 90 %"),
        ("Soita takaisin 24 h kuluessa", FI, "enintään 24 h, 90 %"),
        ("Greet the customer within 10 seconds with eye contact", EN, "within 10 s in 90%"),
        ("Reply to e-mail within 3 working days", EN, "within 3 working days in 90%"),
    ],
)
def test_a_time_in_a_fixed_behaviour_is_the_first_suggestions_measure_and_target(
    behaviour: str, language: Language, target: str
) -> None:
    phase = PhaseText("Huomiointi", "", ((behaviour, True),))

    first = metric_suggestions(phase, RETAIL, CONSUMER, language)[0]

    assert behaviour in first[0]
    assert first[1].startswith(target)


def test_a_behaviour_left_to_judgement_gives_no_metric_of_its_own() -> None:
    phase = PhaseText("Noticing", "", (("Smile within 5 seconds when it fits", False),))

    suggested = metric_suggestions(phase, RETAIL, CONSUMER, EN)

    assert not any("5 seconds" in m[0] or "5 s" in m[1] for m in suggested)


def test_no_suggestion_contradicts_the_time_a_fixed_behaviour_states() -> None:
    # Retail's own greeting metric says 30 seconds; the model says 10.
    phase = PhaseText("Noticing", "", (("Greet every customer within 10 seconds", True),))
    plain = PhaseText("Noticing")

    timed = metric_suggestions(phase, RETAIL, CONSUMER, EN)

    assert "Customer acknowledged within 30 seconds" in _whats(
        metric_suggestions(plain, RETAIL, CONSUMER, EN)
    )
    assert not any("30" in " ".join(m) for m in timed)


@pytest.mark.parametrize(
    ("phase", "theme"),
    [
        (PhaseText("Huomiointi"), Theme.NOTICING),
        (PhaseText("Vahvistaminen"), Theme.CONFIRMING),
        (PhaseText("Kiittäminen"), Theme.CLOSING),
        (PhaseText("Jatkosta sopiminen"), Theme.CONFIRMING),
        (PhaseText("Agreeing on next steps"), Theme.CONFIRMING),
        (PhaseText("Asking for feedback"), Theme.FOLLOW_UP),
        (
            PhaseText("Vaihe 3", "Asiakas saa kertoa asiansa loppuun ja tulee kuulluksi"),
            Theme.LISTENING,
        ),
        (PhaseText("Step B", "", (("Ask which room the item is for", True),)), Theme.ASKING),
        (PhaseText("Step C"), None),
        (PhaseText("Basket and heart"), None),  # "ask" and "hear" only where a word starts
    ],
)
def test_a_phase_theme_is_read_from_its_name_then_target_state_then_behaviours(
    phase: PhaseText, theme: Theme | None
) -> None:
    assert phase_theme(phase) == theme


@pytest.mark.parametrize("language", list(Language))
@pytest.mark.parametrize("preset", list(PRESETS))
def test_every_phase_of_every_preset_has_a_theme(preset: str, language: Language) -> None:
    assert all(phase_theme(PhaseText(name)) for name in PRESETS[preset][language])


@pytest.mark.parametrize("language", list(Language))
def test_two_phases_of_different_themes_get_different_suggestions(language: Language) -> None:
    noticing, confirming = (PhaseText(n) for n in PRESETS["themes"][language][0:5:4])

    first = set(_whats(metric_suggestions(noticing, RETAIL, CONSUMER, language)))
    second = set(_whats(metric_suggestions(confirming, RETAIL, CONSUMER, language)))

    assert not first & second


def test_a_metric_the_workshop_has_is_not_suggested_again() -> None:
    phase = PhaseText("Confirming")
    suggested = metric_suggestions(phase, RETAIL, CONSUMER, EN)

    again = metric_suggestions(phase, RETAIL, CONSUMER, EN, taken=[suggested[0][0].upper()])

    assert suggested[0][0] not in _whats(again)
    assert _whats(again) == _whats(suggested)[1:]


@pytest.mark.parametrize("language", list(Language))
@pytest.mark.parametrize("industry", list(Industry))
def test_phases_of_one_theme_never_share_a_metric(industry: Industry, language: Language) -> None:
    # Three phases all about noticing: each still gets metrics of its own.
    phases = [PhaseText(n) for n in ("Greeting", "Welcome", "First contact")]

    # As the console adds them: phase by phase, each time with the metrics the table has.
    chosen: list[list[tuple[str, str, str, str]]] = []
    for phase in phases:
        taken = [w for metrics in chosen for w in _whats(metrics)]
        suggested = metric_suggestions(
            phase, industry, CustomerType.BUSINESS, language, taken=taken
        )
        chosen.append(suggested[:3])

    whats = [w for metrics in chosen for w in _whats(metrics)]
    # The last has the fewest left, yet at least the one that names the phase.
    assert all(metrics for metrics in chosen)
    assert any("First contact" in w for w in _whats(chosen[2]))
    assert len(whats) == len({w.casefold() for w in whats})


@pytest.mark.parametrize("customer_type", list(CustomerType))
@pytest.mark.parametrize("industry", list(Industry))
def test_the_suggestions_say_as_much_in_finnish_as_in_english(
    industry: Industry, customer_type: CustomerType
) -> None:
    for fi_name, en_name in zip(PRESETS["themes"][FI], PRESETS["themes"][EN], strict=True):
        fi = metric_suggestions(PhaseText(fi_name), industry, customer_type, FI)
        en = metric_suggestions(PhaseText(en_name), industry, customer_type, EN)
        assert len(fi) == len(en)
        assert all(all(part.strip() for part in m) for m in fi + en)
