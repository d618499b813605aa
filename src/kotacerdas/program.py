"""The `kotacerdas` program and `python -m kotacerdas`: the command line, then a quick exit.

Nothing but the standard library is imported here before the command line itself, so
that an interrupt while Typer and the commands load ends as quietly as one later on.
"""

from __future__ import annotations

import os
import signal
import sys

#: Set when the program was asked to stop (SIGTERM): it then ends as after Ctrl-C, its
#: workers stopped and nothing half-written, with the exit code of the signal.
_TERMINATED: list[bool] = []


def run() -> None:
    """The `kotacerdas` program: `main`, then leave at once. Every file is written and
    closed and every worker has finished by then; what is left is only the interpreter
    taking the plan's objects apart one by one, a fifth of a second of a 1,000-programme
    `check`, which nobody waits for on purpose."""
    signal.signal(signal.SIGTERM, _terminate)
    closed_stdout = sys.stdout is None
    if sys.stderr is None:  # closed by the caller (`2>&-`): what it would say goes nowhere
        sys.stderr = open(os.devnull, "w", encoding="utf-8")  # noqa: SIM115
    try:
        from kotacerdas.cli import main  # Typer and the commands load here

        main()
        code: object = 0
    except SystemExit as leaving:
        code = leaving.code
    except KeyboardInterrupt:  # Ctrl-C before a command runs (after, it is handled there)
        code = 130
    except OSError:  # even the diagnostic of a refused stream could not be written
        code = 2
    if not isinstance(code, int):
        if code is not None:
            print(code, file=sys.stderr)
        code = 0 if code is None else 1
    if _TERMINATED:
        code = 128 + signal.SIGTERM
    if closed_stdout:  # the help or version asked for went nowhere
        code = code or 2
    for stream in (sys.stdout, sys.stderr):
        try:
            if stream is not None:
                stream.flush()
        except (OSError, ValueError):  # nobody is reading any more, or the stream is gone
            code = code or 2
    os._exit(code)


def _terminate(signum: int, frame: object) -> None:
    """SIGTERM: stop where Ctrl-C would, by the same way out."""
    _TERMINATED.append(True)
    raise KeyboardInterrupt
