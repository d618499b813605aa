"""A plan as it was at a git revision, read through git itself.

The work tree is never touched: the plan's files at a revision are listed with
``git ls-tree``, read with one ``git cat-file --batch`` and written to a temporary
folder, where the ordinary loader reads them with all its limits. Git is asked only
for what lies under the plan folder.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path, PurePosixPath

from kotacerdas.diagnostics import Diagnostic
from kotacerdas.errors import TOOL, KotacerdasError
from kotacerdas.plan import MANIFEST
from kotacerdas.stages import IMPLEMENTATION, STAGES

_GIT_TIMEOUT = 60.0
#: Git's file modes for the entries a plan folder may hold.
_REGULAR, _EXECUTABLE, _LINK = "100644", "100755", "120000"
#: What git says (in every language: ``LC_ALL=C``) of a repository another user owns.
_DUBIOUS_OWNERSHIP = b"detected dubious ownership"
#: What the loader reads of a plan folder; the rest (books, templates) is not fetched.
_PLAN_PARTS = frozenset({MANIFEST, IMPLEMENTATION.folder, *(stage.folder for stage in STAGES)})


@dataclass(frozen=True)
class Repository:
    """The git repository holding a plan, and where the plan sits inside it."""

    top: Path
    plan: PurePosixPath  # the plan folder relative to ``top`` ('.' at the top)


def repository_of(root: Path) -> Repository:
    """The repository the plan folder ``root`` belongs to (KC901 if none)."""
    found = _git(root, "rev-parse", "--show-toplevel", code="KC901", path=str(root))
    top = Path(found.decode("utf-8", "surrogateescape").strip())
    try:
        inside = root.resolve().relative_to(top.resolve())
    except ValueError:
        raise KotacerdasError.about("KC901", path=str(root)) from None
    return Repository(top, PurePosixPath(inside.as_posix()))


def commit_of(repository: Repository, revision: str) -> str:
    """The commit ``revision`` names (KC902 if git knows no such commit). A search of
    commit messages (``:/fix``) names a commit already; anything else is peeled to one."""
    if revision.startswith("-") or not revision.strip():
        raise KotacerdasError.about("KC902", revision=revision)
    spec = revision if revision.startswith(":/") else f"{revision}^{{commit}}"
    found = _git(repository.top, "rev-parse", "--verify", "--quiet", "--end-of-options",
                 spec, code="KC902", revision=revision)
    return found.decode("ascii").strip()


@contextmanager
def plan_at(repository: Repository, commit: str, revision: str) -> Iterator[Path]:
    """A temporary folder holding the plan's files as they were at ``commit``."""
    entries = _entries(repository, commit)
    if not any(path == MANIFEST for _, _, path in entries):
        raise KotacerdasError.about("KC903", revision=revision, path=str(repository.plan))
    folder = Path(tempfile.mkdtemp(prefix="kotacerdas-rev-"))
    try:
        _write(folder, entries, _blobs(repository, [sha for _, sha, _ in entries]), revision)
        yield folder
    finally:
        shutil.rmtree(folder, ignore_errors=True)


def _entries(repository: Repository, commit: str) -> list[tuple[str, str, str]]:
    """(mode, blob, path inside the plan folder) of every file under the plan folder."""
    scope = "." if str(repository.plan) == "." else f"{repository.plan}/"
    listing = _git(repository.top, "ls-tree", "-r", "-z", "--full-tree", commit, "--",
                   scope, code="KC905", reason="")  # a commit git named: its tree is damaged
    entries = []
    for record in listing.split(b"\0"):
        if not record:
            continue
        meta, _, name = record.partition(b"\t")
        mode, kind, sha = meta.decode("ascii").split()
        path = PurePosixPath(name.decode("utf-8", "surrogateescape"))
        inside = path if str(repository.plan) == "." else path.relative_to(repository.plan)
        if (kind == "blob" and mode in (_REGULAR, _EXECUTABLE, _LINK)
                and inside.parts[0] in _PLAN_PARTS):
            if any(part in ("", ".", "..") for part in inside.parts) or path.is_absolute():
                raise KotacerdasError.about("KC907", revision=commit, path=str(path))
            entries.append((mode, sha, inside.as_posix()))
    return entries


def _blobs(repository: Repository, shas: list[str]) -> dict[str, bytes]:
    """The content of each blob, read in one ``git cat-file --batch``."""
    if not shas:
        return {}
    batch = ("\n".join(dict.fromkeys(shas)) + "\n").encode("ascii")
    out = _git(repository.top, "cat-file", "--batch", code="KC902", revision="",
               stdin=batch)
    blobs: dict[str, bytes] = {}
    at = 0
    while at < len(out):
        end = out.index(b"\n", at)
        header = out[at:end].decode("ascii", "replace").split()
        if len(header) != 3:  # ``<sha> missing``: an object this clone does not have
            raise KotacerdasError.about("KC905", reason=" ".join(header))
        sha, _, size = header
        start = end + 1
        blobs[sha] = out[start:start + int(size)]
        at = start + int(size) + 1
    return blobs


def _write(folder: Path, entries: list[tuple[str, str, str]], blobs: dict[str, bytes],
           revision: str) -> None:
    """Lay the plan's files out under ``folder``; a link stays a link, for the loader to
    judge exactly as in a work tree. Nothing is written outside ``folder``: a file under
    a link laid out before it, or a link git could not check out, is refused."""
    for mode, sha, name in entries:
        target = folder / name
        try:
            _make_folders(folder, PurePosixPath(name).parts[:-1])
            if mode == _LINK:
                os.symlink(os.fsdecode(blobs[sha]), target)
            else:
                target.write_bytes(blobs[sha])
        except (OSError, ValueError):
            raise KotacerdasError.about("KC907", revision=revision, path=name) from None


def _make_folders(folder: Path, parts: tuple[str, ...]) -> None:
    """The folders ``parts`` under ``folder``, one at a time: a link laid out earlier on
    the way is refused (ValueError) before anything is made through it."""
    path = folder
    for part in parts:
        path = path / part
        if path.is_symlink():
            raise ValueError(path)
        if not path.is_dir():
            path.mkdir()


def _git(where: Path, *args: str, code: str, stdin: bytes | None = None,
         **params: str) -> bytes:
    """Run git in ``where``; any failure (git missing, not a repository, an unknown
    revision) is the diagnostic ``code``, whose ``reason``, when it takes one, is git's
    own last word. Paths are literal: a folder named ``:x`` is that folder."""
    try:
        done = subprocess.run(["git", *args], cwd=where, input=stdin, capture_output=True,
                              timeout=_GIT_TIMEOUT, check=False,
                              env={**os.environ, "GIT_TERMINAL_PROMPT": "0", "LC_ALL": "C",
                                   "GIT_LITERAL_PATHSPECS": "1"})
    except FileNotFoundError:
        raise KotacerdasError.about("KC904") from None
    except (OSError, subprocess.TimeoutExpired) as failure:
        raise KotacerdasError.about("KC905", reason=str(failure)) from None
    if done.returncode != 0 and _DUBIOUS_OWNERSHIP in done.stderr:
        raise KotacerdasError.about("KC908", path=str(where))
    if done.returncode != 0:
        if params.get("reason") == "":
            said = done.stderr.decode("utf-8", "replace").strip().splitlines()
            params["reason"] = said[-1] if said else f"exit {done.returncode}"
        raise KotacerdasError(Diagnostic.new(code, TOOL, 0, 0, **params))
    return done.stdout
