"""Edits of plan files the tool makes itself, as text in, text out.

Each edit splices the new value into the text, so comments, key order, quoting, line
endings and indentation stay as the user wrote them; nothing here writes to disk.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date

from kotacerdas.dates import PlanDay, iso
from kotacerdas.errors import WorkflowError
from kotacerdas.source import yaml_scalar
from kotacerdas.source_document import Document, Part, Scalar, ScalarInfo
from kotacerdas.source_splice import append_mapping, set_value
from kotacerdas.stages import IMPLEMENTATION, LAST, stage
from kotacerdas.yaml_spans import SpliceError


def close_stage(manifest_text: str, number: int, on: PlanDay, file: str) -> str:
    """The manifest with stage ``number`` closed on ``on`` and the next one started."""
    log = ("tahapan", stage(number).slug)
    changes = [((*log, "status"), "selesai"), ((*log, "ditutup"), iso(on))]
    if number < LAST:
        changes.append((("tahapan", stage(number + 1).slug, "status"), "berjalan"))
    return _apply(manifest_text, changes, file)


def open_implementation(manifest_text: str, on: PlanDay, file: str) -> str:
    """The manifest with stage 5 opened on ``on`` (it is never closed)."""
    log = ("tahapan", IMPLEMENTATION.slug)
    return _apply(manifest_text, [((*log, "status"), "berjalan"), ((*log, "dibuka"), iso(on))],
                  file)


def write_indicator_ids(text: str, ids: Sequence[tuple[tuple[Part, ...], str]], file: str,
                        after: Sequence[str]) -> str:
    """The text with ``id: <id>`` added to each indicator mapping at the paths given
    (after the keys ``after`` names that it holds, as the model orders its fields)."""
    document = Document(text, _plain)
    try:
        for path, ident in ids:
            document.set_scalar((*path, "id"), ident, after)
        return document.text()
    except SpliceError as problem:
        raise WorkflowError.about("KC705", detail=problem.where, file=file) from None


def _plain(value: Scalar, info: ScalarInfo | None, flow: bool) -> str:
    return str(value)


def set_seal(commitment_text: str, seal: str, file: str) -> str:
    """The commitment file with ``komitmen.segel`` set to ``seal``."""
    return _apply(commitment_text, [(("komitmen", "segel"), seal)], file)


def add_seal_history(commitment_text: str, on: date, reason: str, seal: str,
                     file: str) -> str:
    """The commitment file with a new entry in ``komitmen.riwayat_segel``."""
    fields = [("tanggal", on.isoformat()), ("alasan", yaml_scalar(reason)), ("segel", seal)]
    try:
        return append_mapping(commitment_text, ("komitmen", "riwayat_segel"), fields)
    except SpliceError as problem:
        raise WorkflowError.about("KC705", detail=problem.where, file=file) from None


def _apply(text: str, changes: Sequence[tuple[tuple[str, ...], str]], file: str) -> str:
    try:
        for path, value in changes:
            text = set_value(text, path, value)
    except SpliceError as problem:
        raise WorkflowError.about("KC705", detail=problem.where, file=file) from None
    return text
