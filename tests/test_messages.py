"""Every diagnostic code speaks both languages, with the same placeholders in each."""

from __future__ import annotations

import string

import pytest

from kotacerdas.diagnostics import CODES
from kotacerdas.messages import LANGUAGES, catalogue


def placeholders(text: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(text) if name}


@pytest.mark.parametrize("code", sorted(CODES))
def test_code_has_message_and_hint_in_every_language(code: str) -> None:
    entries = [catalogue(lang)["codes"].get(code) for lang in LANGUAGES]
    assert all(entries), f"{code} lacks a message in one language"
    for part in ("message", "hint"):
        texts = [entry[part] for entry in entries]
        assert all(t.strip() for t in texts), (code, part)
        assert placeholders(texts[0]) == placeholders(texts[1]), (code, part)


def test_languages_have_the_same_tables_and_keys() -> None:
    indonesian, english = (catalogue(lang) for lang in LANGUAGES)
    assert indonesian.keys() == english.keys()
    for table in indonesian:
        assert indonesian[table].keys() == english[table].keys(), table


def test_no_message_without_a_code() -> None:
    for lang in LANGUAGES:
        assert set(catalogue(lang)["codes"]) <= set(CODES), lang
