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


def test_the_catalogue_kept_in_the_cache_is_the_catalogue(tmp_path, monkeypatch) -> None:
    import tomllib

    from kotacerdas import messages, resources

    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    resources._usable.cache_clear()
    messages.catalogue.cache_clear()
    try:
        fresh = messages.catalogue("en")
        (entry,) = (tmp_path / "kotacerdas" / "messages").glob("en-*.json")
        messages.catalogue.cache_clear()
        assert messages.catalogue("en") == fresh  # read back from the cache
        parsed: dict = {}
        for path in sorted((messages._HERE / "en").glob("*.toml")):
            for table, entries in tomllib.loads(path.read_text("utf-8")).items():
                parsed.setdefault(table, {}).update(entries)
        assert fresh == parsed
        entry.write_text("{not json", "utf-8")  # a damaged entry is parsed afresh
        messages.catalogue.cache_clear()
        assert messages.catalogue("en") == parsed
        stale = entry.with_name("en-0000.json")
        stale.write_text("{}", "utf-8")
        entry.unlink()
        messages.catalogue.cache_clear()
        assert messages.catalogue("en") == parsed and not stale.exists()
    finally:
        messages.catalogue.cache_clear()
        resources._usable.cache_clear()
