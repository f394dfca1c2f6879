"""The catalog keeps up with the code: same keys in both languages, every key used exists."""

from __future__ import annotations

import re
import string
from enum import StrEnum
from pathlib import Path

import pytest

from facilitator.domain import (
    Channel,
    CustomerType,
    Industry,
    Kind,
    Language,
    Role,
    Source,
    Step,
    Viewpoint,
)
from facilitator.followup.metrics import Direction, Frequency
from facilitator.followup.metrics import Status as MetricStatus
from facilitator.followup.milestones import Status as MilestoneStatus
from facilitator.followup.rounds import Mark
from facilitator.language.catalogs.en import EN
from facilitator.language.catalogs.fi import FI
from facilitator.language.i18n import label, t

ROOT = Path(__file__).resolve().parents[2]
SOURCES = sorted(
    [
        *(ROOT / "pages").rglob("*.py"),
        *(ROOT / "facilitator").rglob("*.py"),
        *(ROOT / "exports").rglob("*.py"),
        ROOT / "workshop_app.py",
    ]
)
CODE = {path.relative_to(ROOT).as_posix(): path.read_text(encoding="utf-8") for path in SOURCES}

_KEY = r"""["']([a-z_]+(?:\.[a-z_]+)+)["']"""
# tr("key"), words.tr(\n "key", ...), t(lang, "key"), t(lang(), "key")
_LITERAL_USES = [
    re.compile(r"\btr\(\s*" + _KEY),
    re.compile(r"\bt\(\s*[\w.]+(?:\(\))?\s*,\s*" + _KEY),
    re.compile(r"""["'](error\.[a-z_]+)["']"""),
]
# name_of("group", value), label(lang, "group", value) and choices.enum_select(label, Enum,
# "group") (or enum_radio): a key per value of the group's enum
_GROUP_USES = [
    re.compile(r"""\bname_of\(\s*["'](\w+)["']"""),
    re.compile(r"""\benum_(?:select|radio)\(\s*[^,]+,\s*\w+,\s*["'](\w+)["']"""),
    re.compile(r"""\blabel\(\s*[\w.]+(?:\(\))?\s*,\s*["'](\w+)["']"""),
]
STEP_PARTS = ("title", "phone", "console", "projector")

GROUPS: dict[str, type[StrEnum]] = {
    "language": Language,
    "role": Role,
    "role_short": Role,
    "viewpoint": Viewpoint,
    "kind": Kind,
    "kind_plural": Kind,
    "source": Source,
    "customer_type": CustomerType,
    "industry": Industry,
    "channel": Channel,
    # The follow-up (issue 17), named in its report, the console and the observer's phone
    "direction": Direction,
    "frequency": Frequency,
    "metric_status": MetricStatus,
    "milestone": MilestoneStatus,
    "mark": Mark,
}

# The field names a domain error can carry; pages show them through name_of("field", ...).
_FIELD_USES = [
    re.compile(r"""\bfield\s*=\s*["'](\w+)["']"""),
    re.compile(r"""\b_enum\(\s*\w+\s*,\s*[\w.]+\s*,\s*["'](\w+)["']\s*\)"""),
]


def _found(patterns: list[re.Pattern[str]], sources: dict[str, str]) -> set[str]:
    return {m.group(1) for p in patterns for text in sources.values() for m in p.finditer(text)}


LITERAL_KEYS = sorted(_found(_LITERAL_USES, CODE))
GROUPS_USED = sorted(_found(_GROUP_USES, CODE))
FIELDS_USED = sorted(_found(_FIELD_USES, CODE))
CATALOGS = [pytest.param(FI, id="fi"), pytest.param(EN, id="en")]


def _forms(text: str | dict[str, str]) -> list[str]:
    return list(text.values()) if isinstance(text, dict) else [text]


def _placeholders(text: str | dict[str, str]) -> set[str]:
    return {
        name
        for template in _forms(text)
        for _, name, _, _ in string.Formatter().parse(template)
        if name is not None
    }


def test_both_catalogs_have_exactly_the_same_keys() -> None:
    assert sorted(set(FI) - set(EN)) == []
    assert sorted(set(EN) - set(FI)) == []


@pytest.mark.parametrize("catalog", CATALOGS)
def test_no_catalog_text_is_empty(catalog: dict) -> None:
    empty = [key for key, text in catalog.items() if not all(f.strip() for f in _forms(text))]
    assert empty == []


PLURAL_KEYS = sorted(key for key in FI if isinstance(FI[key], dict) or isinstance(EN[key], dict))


def test_the_counting_texts_have_plural_forms() -> None:
    # Guards the two tests below: they pass vacuously if no text had plural forms.
    assert {"target.count", "projector.more", "condense.consent_line"} <= set(PLURAL_KEYS)


@pytest.mark.parametrize("key", PLURAL_KEYS)
def test_a_plural_text_has_the_same_categories_in_both_languages(key: str) -> None:
    assert isinstance(FI[key], dict)
    assert isinstance(EN[key], dict)
    assert set(FI[key]) == set(EN[key])
    assert "other" in FI[key]
    assert set(FI[key]) <= {"zero", "one", "two", "few", "many", "other"}


@pytest.mark.parametrize("key", PLURAL_KEYS)
def test_a_plural_text_names_its_count_n_in_some_form(key: str) -> None:
    # t() chooses the form by the param `n`: a plural text counting anything else is never chosen.
    assert "n" in _placeholders(FI[key]) | _placeholders(EN[key])


@pytest.mark.parametrize(
    ("lang", "n", "expected"),
    [
        ("fi", 1, "1 ehdotus"),
        ("fi", 2, "2 ehdotusta"),
        ("fi", 0, "0 ehdotusta"),
        ("en", 1, "1 proposal"),
        ("en", 2, "2 proposals"),
        ("en", 0, "0 proposals"),
    ],
)
def test_t_chooses_the_plural_form_by_n(lang: str, n: int, expected: str) -> None:
    assert t(lang, "target.count", n=n) == expected


@pytest.mark.parametrize(
    ("lang", "expected"), [("fi", "1\xa0234 ehdotusta"), ("en", "1,234 proposals")]
)
def test_t_writes_a_count_as_the_language_writes_numbers(lang: str, expected: str) -> None:
    assert t(lang, "target.count", n=1234) == expected


def test_a_plural_text_without_its_count_takes_the_other_form() -> None:
    assert t("en", "target.count") == EN["target.count"]["other"]


@pytest.mark.parametrize("key", sorted(set(FI) & set(EN)))
def test_a_key_has_the_same_placeholders_in_finnish_and_english(key: str) -> None:
    assert _placeholders(FI[key]) == _placeholders(EN[key])


def test_the_scan_finds_the_keys_the_pages_and_services_use() -> None:
    # Guards the scan itself: if the patterns stopped matching, every test below would pass.
    assert len(LITERAL_KEYS) > 80
    assert {"home.tagline", "console.import_done", "error.login_failed", "nav.console"} <= set(
        LITERAL_KEYS
    )
    assert {"role", "viewpoint", "kind", "kind_plural", "industry", "channel"} <= set(GROUPS_USED)
    assert {"title", "text", "role", "channels", "column"} <= set(FIELDS_USED)


@pytest.mark.parametrize("catalog", CATALOGS)
@pytest.mark.parametrize("key", LITERAL_KEYS)
def test_every_key_written_in_the_code_exists(catalog: dict[str, str], key: str) -> None:
    assert key in catalog


@pytest.mark.parametrize("catalog", CATALOGS)
@pytest.mark.parametrize("part", STEP_PARTS)
@pytest.mark.parametrize("step", list(Step))
def test_every_step_has_a_title_and_a_text_for_each_screen(
    catalog: dict[str, str], step: Step, part: str
) -> None:
    assert f"step.{step.value}.{part}" in catalog


def test_the_code_builds_step_keys_only_for_the_known_screens() -> None:
    built = _found([re.compile(r"""f["']step\.\{[^}]+\}\.(\w+)["']""")], CODE)
    assert built
    assert built <= set(STEP_PARTS)


@pytest.mark.parametrize("group", GROUPS_USED)
def test_every_label_group_used_in_the_code_is_known_here(group: str) -> None:
    # A new group must be added to GROUPS so that its enum's keys are checked too.
    assert group in GROUPS or group == "field"


@pytest.mark.parametrize("catalog", CATALOGS)
@pytest.mark.parametrize(
    "key",
    sorted(f"{group}.{value.value}" for group, enum in GROUPS.items() for value in enum),
)
def test_every_enum_value_has_a_label(catalog: dict[str, str], key: str) -> None:
    assert key in catalog


@pytest.mark.parametrize("catalog", CATALOGS)
@pytest.mark.parametrize("viewpoint", list(Viewpoint))
def test_every_viewpoint_has_a_help_text(catalog: dict[str, str], viewpoint: Viewpoint) -> None:
    assert f"viewpoint.{viewpoint.value}.help" in catalog


@pytest.mark.parametrize("catalog", CATALOGS)
@pytest.mark.parametrize("field", FIELDS_USED)
def test_every_field_an_error_can_name_has_a_label(catalog: dict[str, str], field: str) -> None:
    assert f"field.{field}" in catalog


@pytest.mark.parametrize(
    ("lang", "expected"),
    [("fi", "Odota 12 sekuntia"), ("en", "wait 12 seconds"), (Language.EN, "wait 12 seconds")],
)
def test_t_fills_in_the_params_in_the_chosen_language(lang: str, expected: str) -> None:
    assert expected in t(lang, "error.too_many_attempts", seconds=12)


def test_t_falls_back_to_finnish_for_an_unknown_language() -> None:
    assert t("sv", "nav.console") == FI["nav.console"]


def test_t_shows_the_key_itself_when_it_is_missing() -> None:
    assert t("en", "no.such.key") == "no.such.key"


def test_t_survives_a_missing_param() -> None:
    assert t("en", "error.too_long", field="Title") == EN["error.too_long"]


def test_label_names_an_enum_value() -> None:
    assert label("en", "role", Role.FRONTLINE) == EN["role.frontline"]
    assert label("fi", "channel", "chat") == FI["channel.chat"]
