"""Writing several plan files as one change: all of them or none, one writer at a time.

A change is staged first: every new text goes to a temporary file beside its target, each
file it replaces keeps a second name (a link, else a copy), and a journal in
``.kotacerdas/`` lists them. Marking the journal committed is the moment the change
happens; the temporary files then replace their targets one by one and the journal goes.
A replacement the system refuses puts the files already replaced back as they were.
Whatever stops the process, the next command that opens the plan finishes a committed
change, undoes one still being staged, or goes on putting one back, so the plan is either
as it was or as it was meant to be. A lock in ``.kotacerdas/`` (released by the system however the
process ends) keeps a second writer out while a change is made.
"""

from __future__ import annotations

import json
import os
import sys
from collections.abc import Iterator, Mapping
from contextlib import ExitStack, contextmanager
from dataclasses import dataclass
from pathlib import Path

from kotacerdas.diagnostics import Diagnostic
from kotacerdas.errors import TOOL, KotacerdasError, system_reason
from kotacerdas.messages import Phrase

STATE_FOLDER = ".kotacerdas"
JOURNAL = f"{STATE_FOLDER}/transaksi.json"
LOCK = f"{STATE_FOLDER}/kunci"
_TEMPORARY = ".kotacerdas-baru"
_ORIGINAL = ".kotacerdas-lama"


#: The journal's states: staging (undone on recovery), committed (completed), putting
#: back after a refused replacement (put back).
STAGING, COMMITTED, PUTTING_BACK = "menyiapkan", "disetujui", "mengembalikan"


@dataclass(frozen=True)
class _Entry:
    target: str
    temporary: str
    existed: bool = True  # the change replaces a file (else it makes a new one)

    @property
    def original(self) -> str:
        """The second name the replaced file keeps until the change is complete."""
        return self.temporary.removesuffix(_TEMPORARY) + _ORIGINAL


def write_files(root: Path, files: Mapping[str, str | bytes],
                last: str | None = None) -> list[Path]:
    """Write every ``files`` entry (path relative to ``root`` -> text) as one change.

    ``last`` is replaced after the others. The caller holds ``plan_lock(root)``. A file
    that cannot be written or replaced raises KC708 and leaves the plan exactly as it was.
    """
    if (root / JOURNAL).exists():  # an earlier change recovery could not complete
        raise KotacerdasError.about("KC714", TOOL, path=JOURNAL)
    order = sorted(files, key=lambda name: name == last)
    _refuse_links_outside(root, order)
    entries = [_Entry(name, _temporary_name(name), (root / name).is_file()) for name in order]
    folders = _missing_folders(root, order)
    _write_journal(root, STAGING, entries, folders)
    try:
        for folder in folders:
            (root / folder).mkdir(exist_ok=True)
        for entry in entries:
            _stage(root, entry, files[entry.target])
            _keep_original(root, entry)
        _write_journal(root, COMMITTED, entries, folders)
    except OSError as failure:
        _undo(root, entries, folders)
        raise _cannot_write(failure, root) from None
    except KotacerdasError:  # the journal itself could not be written
        _undo(root, entries, folders)
        raise
    try:
        _replace_all(root, entries)
    except OSError as failure:
        refused = _cannot_write(failure, root)
        _write_journal(root, PUTTING_BACK, entries, folders)
        if not _put_back(root, entries, folders):
            raise KotacerdasError.about("KC714", TOOL, path=_shown(failure, root)) from None
        raise refused from None
    _let_go(root, entries)
    return [root / name for name in order]


def recover(root: Path, *, locked: bool = False) -> list[Diagnostic]:
    """Finish or undo a change an earlier process left half made (KC710), if there is one.

    ``locked``: the caller already holds the plan's lock. A lock file or a half-written
    journal that a process ended without removing goes too. A change the system still
    refuses to complete raises KC714: nothing more may be written until it is.
    """
    if not any((root / name).exists() for name in (JOURNAL, LOCK, _staged(JOURNAL))):
        return []
    if locked:
        return _recover(root)
    with ExitStack() as stack:
        try:
            stack.enter_context(plan_lock(root))
        except KotacerdasError:
            return []  # a writer is at work, or the folder cannot be written: leave it be
        return _recover(root)


@contextmanager
def plan_lock(root: Path) -> Iterator[None]:
    """Hold the plan's lock (making the plan folder if need be); another process holding
    it gets KC709 at once."""
    path = root / LOCK
    handle = _acquire(path, root)
    try:
        yield
    finally:
        path.unlink(missing_ok=True)
        os.close(handle)


def _acquire(path: Path, root: Path) -> int:
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        while True:
            handle = os.open(path, os.O_RDWR | os.O_CREAT, 0o644)
            if not _try_lock(handle):
                os.close(handle)
                raise KotacerdasError.about("KC709", path=LOCK)
            if _same_file(handle, path):  # not a lock file an ending holder just removed
                return handle
            os.close(handle)
    except OSError as failure:
        raise _cannot_write(failure, root) from None


def _try_lock(handle: int) -> bool:
    if sys.platform == "win32":  # pragma: no cover - the lock of the other systems
        import msvcrt

        try:
            msvcrt.locking(handle, msvcrt.LK_NBLCK, 1)
        except OSError:
            return False
        return True
    import fcntl

    try:
        fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except BlockingIOError:
        return False
    return True


def _same_file(handle: int, path: Path) -> bool:
    try:
        held, named = os.fstat(handle), path.stat()
    except OSError:
        return False
    return (held.st_dev, held.st_ino) == (named.st_dev, named.st_ino)


def _staged(name: str) -> str:
    """Where the journal is written before it replaces the one in place."""
    return name + _TEMPORARY


def _temporary_name(name: str) -> str:
    folder, _, file = name.rpartition("/")
    return f"{folder}/.{file}{_TEMPORARY}" if folder else f".{file}{_TEMPORARY}"


def _missing_folders(root: Path, names: list[str]) -> list[str]:
    """The folders the change must create, parents before children."""
    missing: list[str] = []
    for name in names:
        parts = Path(name).parts[:-1]
        for depth in range(1, len(parts) + 1):
            folder = Path(*parts[:depth]).as_posix()
            if folder not in missing and not (root / folder).is_dir():
                missing.append(folder)
    return missing


def _stage(root: Path, entry: _Entry, content: str | bytes) -> None:
    data = content.encode("utf-8") if isinstance(content, str) else content
    temporary = root / entry.temporary
    temporary.unlink(missing_ok=True)  # never write through something already there
    flags = os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_NOFOLLOW", 0)
    with os.fdopen(os.open(temporary, flags, 0o600), "wb") as out:
        out.write(data)
        out.flush()
        os.fsync(out.fileno())
    os.chmod(temporary, _mode_for(root / entry.target))


def _keep_original(root: Path, entry: _Entry) -> None:
    """Give the file ``entry`` replaces a second name, so that it can be put back."""
    target, original = root / entry.target, root / entry.original
    original.unlink(missing_ok=True)
    if not entry.existed:
        return  # a new file: putting back means removing it
    try:
        os.link(target, original, follow_symlinks=False)
    except OSError:  # no links on this file system, or none allowed to this file
        import shutil

        shutil.copy2(target, original, follow_symlinks=False)


def _mode_for(path: Path) -> int:
    """The permissions a rewritten file keeps, or those a new file gets under the umask."""
    try:
        return path.stat().st_mode & 0o7777
    except OSError:
        current = os.umask(0)
        os.umask(current)
        return 0o666 & ~current


def _write_journal(root: Path, state: str, entries: list[_Entry], folders: list[str]) -> None:
    record = {"keadaan": state, "folder_baru": folders,
              "berkas": [{"tujuan": e.target, "sementara": e.temporary, "ada": e.existed}
                         for e in entries]}
    path, staged = root / JOURNAL, root / _staged(JOURNAL)
    try:
        staged.write_text(json.dumps(record, ensure_ascii=False, indent=2) + "\n", "utf-8")
        with staged.open("rb") as handle:
            os.fsync(handle.fileno())
        os.replace(staged, path)
    except OSError as failure:
        staged.unlink(missing_ok=True)
        raise _cannot_write(failure, root) from None


def _replace_all(root: Path, entries: list[_Entry]) -> None:
    """Put every staged file in place (those not there yet); the change is then made."""
    for entry in entries:
        if (root / entry.temporary).exists():
            os.replace(root / entry.temporary, root / entry.target)
    _sync_folders(root, entries)


def _let_go(root: Path, entries: list[_Entry]) -> None:
    """After a complete change: the replaced files' second names and the journal go. Best
    effort: whatever stays is removed by the next command's recovery."""
    try:
        for entry in entries:
            (root / entry.original).unlink(missing_ok=True)
        (root / JOURNAL).unlink(missing_ok=True)
    except OSError:
        pass


def _put_back(root: Path, entries: list[_Entry], folders: list[str]) -> bool:
    """Undo a change the system stopped half-way (the journal says so first): every file
    as it was. False when that is refused too; the journal then stays, and the next
    command goes on putting back."""
    try:
        for entry in entries:
            if (root / entry.temporary).exists():
                continue  # not replaced
            if not entry.existed:
                (root / entry.target).unlink(missing_ok=True)
            elif (root / entry.original).exists():  # else put back already
                os.replace(root / entry.original, root / entry.target)
        _sync_folders(root, entries)
    except OSError:
        return False
    _undo(root, entries, folders)
    return True


def _refuse_links_outside(root: Path, names: list[str]) -> None:
    """KC107 for a file whose folder is reached through a link out of the plan: nothing
    is written outside the plan folder, whatever its links say."""
    inside = root.resolve()
    for name in names:
        folder = (root / name).parent
        while not folder.exists() and folder != root:
            folder = folder.parent
        if not folder.resolve().is_relative_to(inside):
            raise KotacerdasError(Diagnostic.new("KC107", name, 0, 0,
                                                 target=str(folder.resolve())))


def _undo(root: Path, entries: list[_Entry], folders: list[str]) -> None:
    for entry in entries:
        for name in (entry.temporary, entry.original):
            try:
                (root / name).unlink(missing_ok=True)
            except OSError:
                pass  # its folder is a file, or gone: nothing was staged there
    for folder in reversed(folders):
        try:
            (root / folder).rmdir()
        except OSError:
            pass  # not empty or already gone: something else lives there
    (root / JOURNAL).unlink(missing_ok=True)


def _recover(root: Path) -> list[Diagnostic]:
    (root / _staged(JOURNAL)).unlink(missing_ok=True)
    if not (root / JOURNAL).exists():
        return []
    try:
        record = json.loads((root / JOURNAL).read_text("utf-8"))
        entries = [_Entry(e["tujuan"], e["sementara"], bool(e.get("ada", True)))
                   for e in record["berkas"]]
        folders = [folder for folder in record["folder_baru"] if _inside(folder)]
        state = record["keadaan"]
    except (OSError, ValueError, KeyError, TypeError, AttributeError):
        return []  # not a journal this tool wrote: leave it for a person to look at
    if not all(_inside(e.target) and e.temporary == _temporary_name(e.target)
               for e in entries):
        return []
    if state == COMMITTED:
        try:
            _replace_all(root, entries)
        except OSError as failure:  # still refused: the journal stays for the next try
            raise KotacerdasError.about("KC714", TOOL, path=_shown(failure, root)) from None
        _let_go(root, entries)
    elif state == PUTTING_BACK:
        if not _put_back(root, entries, folders):
            raise KotacerdasError.about("KC714", TOOL, path=JOURNAL)
    else:
        _undo(root, entries, folders)
    outcome = Phrase("workflow", "recovery_finished" if state == COMMITTED
                     else "recovery_undone")
    return [Diagnostic.new("KC710", JOURNAL, 1, 1, files=len(entries), outcome=outcome)]


def _inside(name: str) -> bool:
    """A path inside the plan folder, as a journal may name it: relative, no ``..``."""
    return bool(name) and not Path(name).is_absolute() and ".." not in Path(name).parts


def _sync_folders(root: Path, entries: list[_Entry]) -> None:
    """Make the renames durable: sync every folder that holds a replaced file."""
    if sys.platform == "win32":  # pragma: no cover - folders cannot be opened there
        return
    for folder in {(root / e.target).parent for e in entries}:
        try:
            handle = os.open(folder, os.O_RDONLY)
        except OSError:
            continue
        try:
            os.fsync(handle)
        except OSError:
            pass
        finally:
            os.close(handle)


def _cannot_write(failure: OSError, root: Path) -> KotacerdasError:
    """KC708 naming the file the user knows (the target, not its staged copy)."""
    return KotacerdasError.about("KC708", TOOL, path=_shown(failure, root),
                                 detail=system_reason(failure))


def _shown(failure: OSError, root: Path) -> str:
    """The file ``failure`` is about as the user knows it: the target, not a second name
    the change gave it, relative to the plan folder."""
    where = Path(str(failure.filename)) if failure.filename else root
    for suffix in (_TEMPORARY, _ORIGINAL):
        if where.name.endswith(suffix):
            where = where.with_name(where.name.removesuffix(suffix).removeprefix("."))
    try:
        return where.relative_to(root).as_posix()
    except ValueError:
        return str(where)
