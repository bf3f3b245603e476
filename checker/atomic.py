"""Write output files atomically: a temporary file beside the target, then a
rename, so an interrupted run never leaves half a report.

The temporary file is in the target's own directory (a rename is atomic only
within one file system), flushed to disk before the rename, and removed on any
failure or interruption. The result gets the target's existing permissions,
or the usual ones for a new file (0666 less the umask), not the temporary
file's 0600. A symbolic link as target is followed, so the link stays and the
file it names is replaced. A target that is one of the inputs is refused.
"""

from __future__ import annotations

from checker.i18n import msg

import os
import stat
import tempfile
from collections.abc import Iterable

from checker.errors import UsageError


def write_atomic(path: str, data: bytes | str, inputs: Iterable[str] = ()) -> None:
    """Replace ``path`` with ``data`` (str is written as UTF-8), all or nothing.

    Raises ``UsageError`` when ``path`` is one of ``inputs`` (the input is
    never written), and ``OSError`` when the directory is not writable.
    """
    if isinstance(data, str):
        data = data.encode("utf-8")
    target = os.path.realpath(path)
    for input_path in inputs:
        if _same_file(target, input_path):
            raise UsageError(msg("refusing to write the output over the input {input_path}", input_path=input_path))
    if os.path.isdir(target):
        raise IsADirectoryError(21, "Is a directory", path)
    directory = os.path.dirname(target)
    mode = _mode_for(target)
    handle, temporary = tempfile.mkstemp(prefix=f".{os.path.basename(target)}.", suffix=".tmp", dir=directory)
    try:
        with os.fdopen(handle, "wb") as stream:
            stream.write(data)
            stream.flush()
            os.fchmod(stream.fileno(), mode)
            os.fsync(stream.fileno())
        os.replace(temporary, target)
    except BaseException:
        try:
            os.unlink(temporary)
        except FileNotFoundError:
            pass
        raise
    _sync_directory(directory)


def _same_file(target: str, other: str) -> bool:
    try:
        return os.path.samefile(target, other)
    except OSError:
        return os.path.realpath(other) == target


def _mode_for(target: str) -> int:
    try:
        return stat.S_IMODE(os.stat(target).st_mode)
    except FileNotFoundError:
        umask = os.umask(0)
        os.umask(umask)
        return 0o666 & ~umask


def _sync_directory(directory: str) -> None:
    # The rename itself reaches the disk only when the directory does.
    try:
        descriptor = os.open(directory, os.O_RDONLY | getattr(os, "O_DIRECTORY", 0))
    except OSError:
        return
    try:
        os.fsync(descriptor)
    except OSError:
        pass
    finally:
        os.close(descriptor)
