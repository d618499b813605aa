"""Writing the books: into a folder of their own, atomically, never through a symlink.

A build writes only into a folder that holds nothing else of the plan's or the user's: not
the plan folder or a folder around it, nothing inside a stage folder or ``.kotacerdas/``,
and no folder with files in it that no build made. The output folder keeps a record
(``RECORD``) of the books the last build wrote, each with the SHA-256 of its bytes, so
that a book the outline no longer has is removed rather than left behind, stale. A book
is removed only while it still holds exactly what was written; nothing the record does not
name is ever removed. Beside the books a writer may keep files in a folder of its own
(``gambar/`` for the charts of the Markdown books): one level deep, never a symlink.
"""

from __future__ import annotations

import hashlib
import os
import re
import stat
from dataclasses import dataclass, field
from pathlib import Path

from kotacerdas.errors import build_problem, output_problem
from kotacerdas.messages import Phrase
from kotacerdas.source import write_atomic
from kotacerdas.stages import STAGES

#: The books the last build wrote, one per line: ``<sha256>  <name>``, as sha256sum writes
#: them. A record of an earlier release holds the names alone.
RECORD = ".kotacerdas-buku"
_TOOL_FOLDER = ".kotacerdas"
_RECORD_LINE = re.compile(r"([0-9a-f]{64})  (.+)")
_NO_FOLLOW = getattr(os, "O_NOFOLLOW", 0)


@dataclass
class OutputFolder:
    """The folder the books go to, and what this build wrote there (name -> SHA-256)."""

    path: Path
    written: dict[str, str] = field(default_factory=dict)

    def create(self, folders: tuple[str, ...] = ()) -> None:
        """Make the folder (and its parents) if it is not there yet, and its ``folders``;
        a symlink or a file in the place of one is refused (KC619) before anything is
        written."""
        try:
            self.path.mkdir(parents=True, exist_ok=True)
        except OSError as failure:
            raise output_problem(str(self.path), failure) from None
        for folder in folders:
            _claim_folder(self.path / folder)

    def write(self, name: str, content: str | bytes) -> Path:
        """Write ``name`` in the folder (or in a folder of it: ``gambar/x.svg``), text (as
        UTF-8) or bytes; a symlink already at that name is replaced, not followed."""
        data = content.encode("utf-8") if isinstance(content, str) else content
        _write(self.path, name, data)
        self.written[name] = _digest(data)
        return self.path / name

    def remove_stale(self, formats: tuple[str, ...], folders: tuple[str, ...] = ()) -> list[str]:
        """Remove the books in ``formats`` and the files in ``folders`` (those of the same
        writers) an earlier build wrote and this one did not, and record what the folder now
        holds. Returns the names removed.

        Books in other formats are kept (building only Markdown leaves the HTML alone), so
        is a book changed since it was written, and so is every file the record does not
        name. A folder left empty is removed.
        """
        earlier = _recorded(self.path)
        stale = [name for name in earlier if name not in self.written
                 and (name.rpartition(".")[2] in formats or name.partition("/")[0] in folders)]
        removed = [name for name in stale if _remove_unchanged(self.path / name, earlier[name])]
        for folder in sorted({name.partition("/")[0] for name in removed if "/" in name}):
            _remove_if_empty(self.path / folder)
        kept = {name: digest for name, digest in earlier.items() if name not in stale}
        self._record(kept)
        return removed

    def record_written(self) -> None:
        """Add what this build wrote to the record, when the build stops half-way: a book
        written is always one the next build may remove. Best effort: the build is
        failing already."""
        try:
            self._record(_recorded(self.path))
        except Exception:  # noqa: BLE001  # the error that stopped the build is the one to tell
            pass

    def _record(self, earlier: dict[str, str | None]) -> None:
        kept = {**earlier, **self.written}
        record = "".join(_record_line(name, kept[name]) for name in sorted(kept))
        _write(self.path, RECORD, record.encode("utf-8"))


def claim(out: Path, root: Path) -> OutputFolder:
    """The output folder ``out`` for the plan at ``root``, checked before anything is written.

    A symlink or a file is refused with KC619; the plan folder, a folder that holds it,
    a folder inside a stage folder or ``.kotacerdas/``, and a folder with files in it but
    no record of a build, with KC624.
    """
    if out.is_symlink():
        raise build_problem("KC619", str(out), path=str(out), target=os.readlink(out))
    if out.exists() and not out.is_dir():
        raise build_problem("KC619", str(out), path=str(out), target="")
    reason = _refusal(out.resolve(), root.resolve()) or _foreign(out)
    if reason:
        raise build_problem("KC624", str(out), path=str(out), reason=reason)
    return OutputFolder(out)


def _refusal(out: Path, plan: Path) -> Phrase | None:
    """Why ``out`` may not hold the books of the plan at ``plan`` (both resolved), if so."""
    if out == plan:
        return Phrase("output_refused", "plan_folder")
    if plan.is_relative_to(out):
        return Phrase("output_refused", "holds_plan")
    for folder in [stage.folder for stage in STAGES] + [_TOOL_FOLDER]:
        if out.is_relative_to(plan / folder):
            return Phrase("output_refused", "inside", {"folder": f"{folder}/"})
    return None


def _foreign(out: Path) -> Phrase | None:
    """A reason to refuse ``out`` when it holds files but no record of a build."""
    try:
        holds_files = out.is_dir() and any(out.iterdir())
    except OSError:
        return None  # writing into it will fail, and say why
    if holds_files and not _is_regular(out / RECORD):
        return Phrase("output_refused", "not_ours", {"record": RECORD})
    return None


def _write(out: Path, name: str, data: bytes) -> None:
    target = out / name
    if not _plain_name(name) and name != RECORD:
        raise build_problem("KC619", name, path=name, target=str(target.parent))
    if target.parent != out:
        _claim_folder(target.parent)
    try:
        write_atomic(target, data)
    except OSError as failure:
        raise output_problem(str(target), failure) from None


def _claim_folder(folder: Path) -> None:
    """Make a folder of the output folder, refusing (KC619) a symlink or a file there."""
    if folder.is_symlink() or (folder.exists() and not folder.is_dir()):
        target = os.readlink(folder) if folder.is_symlink() else ""
        raise build_problem("KC619", str(folder), path=str(folder), target=target)
    try:
        folder.mkdir(exist_ok=True)
    except OSError as failure:
        raise output_problem(str(folder), failure) from None


def _remove_if_empty(folder: Path) -> None:
    if folder.is_symlink() or not folder.is_dir():
        return
    try:
        folder.rmdir()
    except OSError:
        pass  # it still holds something: kept


def _digest(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def _record_line(name: str, digest: str | None) -> str:
    return f"{digest}  {name}\n" if digest else f"{name}\n"


def _recorded(out: Path) -> dict[str, str | None]:
    """The books the record names, each with the digest it was written with (None in a
    record of an earlier release)."""
    data = _read_regular(out / RECORD)
    try:
        lines = data.decode("utf-8").splitlines() if data is not None else []
    except UnicodeDecodeError:
        return {}
    entries: dict[str, str | None] = {}
    for line in lines:
        found = _RECORD_LINE.fullmatch(line)
        name, digest = (found.group(2), found.group(1)) if found else (line, None)
        if _plain_name(name):
            entries[name] = digest
    return entries


def _remove_unchanged(path: Path, digest: str | None) -> bool:
    """Remove ``path`` if it still holds exactly the bytes of ``digest``; whether it did."""
    if path.parent.is_symlink():
        return False  # a folder replaced by a link since: nothing is removed through it
    data = _read_regular(path)
    if digest is None or data is None or _digest(data) != digest:
        return False
    try:
        path.unlink()
    except OSError:
        return False
    return True


def _read_regular(path: Path) -> bytes | None:
    """The bytes of ``path`` if it is a regular file, read without following a symlink."""
    try:
        handle = os.open(path, os.O_RDONLY | _NO_FOLLOW | getattr(os, "O_NONBLOCK", 0))
    except OSError:
        return None
    with os.fdopen(handle, "rb") as file:
        if not stat.S_ISREG(os.fstat(file.fileno()).st_mode):
            return None
        return file.read()


def _is_regular(path: Path) -> bool:
    try:
        return stat.S_ISREG(path.lstat().st_mode)
    except OSError:
        return False


def _plain_name(name: str) -> bool:
    """A file name directly in the output folder, or in a folder of it (``gambar/x.svg``):
    no deeper path, nothing hidden, not the record."""
    parts = name.split("/")
    return 0 < len(parts) <= 2 and all(
        part and "\\" not in part and not part.startswith(".") for part in parts)
