"""Run untrusted-input work in a worker process under time and memory limits.

PDF parsing of a hostile file can loop, recurse or inflate without bound; a
worker process with ``RLIMIT_AS`` and a wall-clock deadline bounds both, and a
crash of the worker cannot take the caller down.
"""

from __future__ import annotations

import multiprocessing
import resource
import traceback

from checker.errors import LimitExceeded


def _worker(connection, function, args, max_memory):
    try:
        if max_memory:
            resource.setrlimit(resource.RLIMIT_AS, (max_memory, max_memory))
        result = function(*args)
        connection.send(("result", result))
    except MemoryError:
        connection.send(("memory", None))
    except BaseException:  # noqa: BLE001 - reported to the parent, never lost
        connection.send(("crash", traceback.format_exc(limit=3)))
    finally:
        connection.close()


def run_limited(function, *args, timeout: float, max_memory: int, what: str):
    """Call ``function(*args)`` in a child process; return its result.

    Raises ``LimitExceeded`` naming the limit when the child runs out of time or
    memory, and ``InputError`` if the child dies for another reason.
    """
    from checker.errors import InputError

    context = multiprocessing.get_context("fork")
    receiver, sender = context.Pipe(duplex=False)
    process = context.Process(target=_worker, args=(sender, function, args, max_memory), daemon=True)
    process.start()
    sender.close()
    try:
        if not receiver.poll(timeout):
            raise LimitExceeded(f"{what}: reading took longer than the time limit of {timeout:g} s (raise --timeout)")
        try:
            kind, payload = receiver.recv()
        except (EOFError, MemoryError):
            kind, payload = "died", None
    finally:
        if process.is_alive():
            process.kill()
        process.join(5)
        receiver.close()
    if kind == "result":
        return payload
    if kind == "memory":
        raise LimitExceeded(
            f"{what}: reading needed more memory than the limit of {max_memory // (1024 * 1024)} MiB (raise --max-memory)"
        )
    if kind == "died":
        code = process.exitcode
        raise LimitExceeded(
            f"{what}: the reader process died (exit {code}), most likely at the memory limit of "
            f"{max_memory // (1024 * 1024)} MiB (raise --max-memory)"
        )
    raise InputError(f"{what}: internal error while reading: {payload.strip().splitlines()[-1]}")
