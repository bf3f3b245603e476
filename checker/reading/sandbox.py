"""Run untrusted-input work in a worker process under time and memory limits.

PDF parsing of a hostile file can loop, recurse or inflate without bound; a
worker process bounds both, and a crash of the worker cannot take the caller
down. The worker is forked (cheap, and nothing needs pickling on the way in);
its answer comes back pickled over a pipe, and is refused past a size limit so
a runaway result cannot exhaust the caller instead.

Limits, and what enforces them:

- memory: ``RLIMIT_AS`` in the worker, set to the address space the fork
  already has plus ``max_memory``, so the budget is the reading's own and does
  not shrink when the caller already holds a large document (``checker diff``).
  Python raises ``MemoryError`` at the limit; a C library that aborts or
  crashes instead is reported as a crash that names the limit.
- time: the caller waits at most ``timeout`` seconds for an answer, then kills
  the worker. ``RLIMIT_CPU`` is a backstop for a worker orphaned by a caller
  that was itself killed, and so is the parent-death signal where Linux has it.
- nothing else: no core dumps (a hostile PDF could make a huge one).
"""

from __future__ import annotations

import os
import resource
import signal
import sys
import time

from checker.errors import InputError, LimitExceeded

MIB = 1024 * 1024
# Defaults for one document. A 1,020-page booklet PDF reads in about 10 s with
# an address-space peak under 100 MiB (fixtures/tools/make_hostile.py --large,
# report in issue 7); a dense one with drawings on every page in about 100 s
# and 150 MiB. The defaults leave room for a slower machine and for pages far
# denser than any booklet's, and stop a hostile file within minutes.
DEFAULT_TIMEOUT = 300.0
DEFAULT_MAX_MEMORY = 2048 * MIB
# The answer may not be larger than this (or than max_memory, when larger).
MIN_RESULT_LIMIT = 256 * MIB
# How long to wait for a killed worker to be reaped.
REAP_SECONDS = 5.0
# While waiting for workers, the caller's ``on_wait`` (a progress display) runs this often.
PROGRESS_SECONDS = 0.2

_in_worker = False


def in_worker() -> bool:
    """True inside a limited worker: nested limited calls then run in place."""
    return _in_worker


def usable_cores() -> int:
    """The cores this process may run on (at least 1)."""
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except (AttributeError, OSError):
        return max(1, os.cpu_count() or 1)


def _address_space_in_use() -> int:
    """The calling process's virtual memory size in bytes (0 when unknown)."""
    try:
        with open("/proc/self/status", "rb") as status:
            for line in status:
                if line.startswith(b"VmSize:"):
                    return int(line.split()[1]) * 1024
    except (OSError, ValueError, IndexError):
        pass
    return 0


def _set_limit(which: int, soft: int) -> None:
    try:
        _, hard = resource.getrlimit(which)
        if hard != resource.RLIM_INFINITY:
            soft = min(soft, hard)
        resource.setrlimit(which, (soft, hard))
    except (ValueError, OSError):
        pass


def _die_with_parent() -> None:
    # Linux: the kernel sends SIGKILL to the worker when the caller dies.
    try:
        import ctypes

        libc = ctypes.CDLL(None, use_errno=True)
        PR_SET_PDEATHSIG = 1
        libc.prctl(PR_SET_PDEATHSIG, signal.SIGKILL)
    except (OSError, AttributeError):
        pass


def _quiet_stderr() -> None:
    """The caller reports the worker's failures in one line: library warnings and
    fatal-error dumps stay off the terminal (unless CHECKER_DEBUG is set)."""
    if os.environ.get("CHECKER_DEBUG"):
        return
    import faulthandler
    import warnings

    warnings.simplefilter("ignore")
    if faulthandler.is_enabled():
        faulthandler.disable()
    try:
        sys.stderr.flush()
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, 2)
        os.close(devnull)
    except (OSError, ValueError, AttributeError):
        pass


def _worker(connection, function, args, timeout: float, max_memory: int, max_result: int) -> None:
    import pickle  # here and in _read_outcome, not at the top: a text file is read without a worker

    global _in_worker
    _in_worker = True
    # Ctrl-C reaches the whole process group; the caller handles it and ends us.
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    _die_with_parent()
    _quiet_stderr()
    _set_limit(resource.RLIMIT_CORE, 0)
    if timeout:
        _set_limit(resource.RLIMIT_CPU, int(timeout) + 5)
    if max_memory:
        _set_limit(resource.RLIMIT_AS, _address_space_in_use() + max_memory)
    outcome: tuple
    try:
        result = function(*args)
        payload = pickle.dumps(("result", result), protocol=pickle.HIGHEST_PROTOCOL)
        del result
        outcome = ("payload", payload)
    except MemoryError:
        outcome = ("memory", None)
    except RecursionError:
        outcome = ("crash", "RecursionError: nested too deeply")
    except BaseException as error:  # noqa: BLE001 - reported to the caller, never lost
        outcome = ("crash", f"{error.__class__.__name__}: {_first_line(str(error))}")
    # Out of the except blocks, so a MemoryError's frames are freed before we answer.
    if outcome[0] == "payload":
        payload = outcome[1]
        if len(payload) > max_result:
            payload = pickle.dumps(("too_large", len(payload)))
    else:
        payload = pickle.dumps(outcome)
    try:
        connection.send_bytes(payload)
    except (OSError, MemoryError):
        pass  # the caller sees the pipe close and reports a dead worker
    finally:
        connection.close()


def _first_line(text: str, limit: int = 160) -> str:
    text = text.strip().splitlines()[0] if text.strip() else ""
    return text if len(text) <= limit else text[: limit - 3] + "..."


def _end(process) -> int | None:
    """Kill the worker if it still runs, and reap it so no zombie is left; its exit code."""
    if process.is_alive():
        try:
            process.kill()
        except OSError:
            pass
    process.join(REAP_SECONDS)
    exitcode = process.exitcode
    if exitcode is not None:
        process.close()
    return exitcode


class PageCounter:
    """Pages read so far, and pages in all, shared by forked workers and the caller
    (shared memory: it crosses the fork, never a pipe), for a progress display."""

    def __init__(self) -> None:
        import multiprocessing  # here, as elsewhere in this module: only a PDF reading needs it

        context = multiprocessing.get_context("fork")
        self._done = context.Value("q", 0)
        self._total = context.Value("q", 0)

    def page_done(self) -> None:
        with self._done.get_lock():
            self._done.value += 1

    def set_total(self, total: int) -> None:
        self._total.value = total

    def read(self) -> tuple[int, int]:
        """(pages read, pages in all); the total is 0 until a worker has counted the pages."""
        return self._done.value, self._total.value


def run_limited(function, *args, timeout: float, max_memory: int, what: str, max_result: int | None = None):
    """Call ``function(*args)`` in a worker process; return its result.

    ``timeout`` is in seconds, ``max_memory`` in bytes (0 for no limit on
    either). Raises ``LimitExceeded``, naming the option that sets the limit,
    when the worker runs out of time or memory or its answer is too large, and
    ``InputError`` when the worker dies or fails for another reason. Inside a
    worker (a nested call) the function runs in place, under the outer limits.
    ``max_result`` bounds the pickled answer (default: ``max_memory``, at
    least ``MIN_RESULT_LIMIT``).
    """
    return run_limited_many([(function, args)], timeout=timeout, max_memory=max_memory, what=what, max_result=max_result)[0]


def run_limited_many(calls, *, timeout: float, max_memory: int, what: str, max_result: int | None = None, on_wait=None) -> list:
    """``run_limited`` for several calls at once, each in its own worker, all running
    together; their results in the order of ``calls``.

    Every worker has the limits of one ``run_limited`` call (memory and answer
    size are per worker); ``timeout`` bounds the whole batch. The first failure,
    in call order, is raised once every worker has ended. ``on_wait()``, when
    given, is called every ``PROGRESS_SECONDS`` while the caller waits.
    """
    if _in_worker:
        return [function(*args) for function, args in calls]
    if max_result is None:
        max_result = max(max_memory, MIN_RESULT_LIMIT) if max_memory else 4 * 1024 * MIB
    _flush_streams()
    started = time.monotonic()
    workers: list = []
    outcomes: list = []
    try:
        for function, args in calls:
            workers.append(_start(function, args, timeout, max_memory, max_result, what))
        for _, receiver in workers:
            outcomes.append(_receive(receiver, started, timeout, max_result, what, on_wait))
    finally:
        exitcodes = [_end(process) for process, _ in workers]
        for _, receiver in workers:
            receiver.close()
    elapsed = time.monotonic() - started
    return [_result(outcome, exitcode, what, timeout, max_memory, max_result, elapsed) for outcome, exitcode in zip(outcomes, exitcodes)]


def _start(function, args, timeout: float, max_memory: int, max_result: int, what: str):
    """A started worker process and the pipe its answer comes on."""
    import multiprocessing  # here, not at the top: a text file is read without a worker

    context = multiprocessing.get_context("fork")
    receiver, sender = context.Pipe(duplex=False)
    process = context.Process(
        target=_worker, args=(sender, function, args, timeout, max_memory, max_result), daemon=True
    )
    try:
        process.start()
    except OSError as error:
        receiver.close()
        sender.close()
        raise InputError(f"{what}: cannot start the reader process ({error.strerror or error})") from None
    sender.close()
    return process, receiver


def _receive(receiver, started: float, timeout: float, max_result: int, what: str, on_wait=None) -> tuple:
    """The worker's outcome, waiting at most until ``timeout`` after ``started``."""
    if not _wait_for(receiver, started, timeout, on_wait):
        raise LimitExceeded(_time_message(what, timeout))
    return _read_outcome(receiver, max_result)


def _read_outcome(receiver, max_result: int) -> tuple:
    """The outcome a worker sent (the pipe is readable)."""
    import pickle

    try:
        return pickle.loads(receiver.recv_bytes(max_result))
    except (EOFError, OSError):
        return ("died", None)
    except MemoryError:
        return ("too_large", None)


def run_limited_each(calls, *, jobs: int, timeout: float, max_memory: int, max_result: int | None = None) -> list:
    """``run_limited`` for each of ``calls`` (function, args, what), at most ``jobs`` workers at a time.

    Unlike ``run_limited_many``, every call has limits of its own: ``timeout``
    counts from its own start, so a queued call does not lose time waiting.
    One failure does not stop the others: the answer holds, in the order of
    ``calls``, each call's result or the ``InputError`` it raised. Calls made
    inside a worker run in place (nested calls in them do too: one budget of
    processes, ``jobs``, for the whole batch).
    """
    if max_result is None:
        max_result = max(max_memory, MIN_RESULT_LIMIT) if max_memory else 4 * 1024 * MIB
    limits = (timeout, max_memory, max_result)
    if _in_worker:
        return [_in_place(function, args) for function, args, _what in calls]
    _flush_streams()
    answers: list = [None] * len(calls)
    queue = list(enumerate(calls))
    running: dict = {}  # receiver -> (index, process, deadline, what, started)
    try:
        while queue or running:
            while queue and len(running) < max(1, jobs):
                index, (function, args, what) = queue.pop(0)
                try:
                    process, receiver = _start(function, args, *limits, what)
                except InputError as error:
                    answers[index] = error
                    continue
                started = time.monotonic()
                running[receiver] = (index, process, started + timeout if timeout else None, what, started)
            _collect_finished(running, answers, limits)
    finally:
        for receiver, (_index, process, *_rest) in running.items():
            _end(process)
            receiver.close()
    return answers


def _in_place(function, args):
    try:
        return function(*args)
    except InputError as error:
        return error


def _collect_finished(running: dict, answers: list, limits: tuple) -> None:
    """Wait until a worker answers or passes its deadline; record and end each such worker."""
    from multiprocessing.connection import wait

    timeout, max_memory, max_result = limits
    deadlines = [entry[2] for entry in running.values() if entry[2] is not None]
    wait_seconds = max(0.0, min(deadlines) - time.monotonic()) if deadlines else None
    ready = set(wait(list(running), wait_seconds))
    now = time.monotonic()
    for receiver in list(running):
        index, process, deadline, what, started = running[receiver]
        if receiver in ready:
            outcome = _read_outcome(receiver, max_result)
        elif deadline is not None and now >= deadline:
            outcome = ("timeout", None)
        else:
            continue
        del running[receiver]
        exitcode = _end(process)
        receiver.close()
        if outcome[0] == "timeout":
            answers[index] = LimitExceeded(_time_message(what, timeout))
            continue
        try:
            answers[index] = _result(outcome, exitcode, what, timeout, max_memory, max_result, now - started)
        except InputError as error:
            answers[index] = error


def _flush_streams() -> None:
    # Buffered output would otherwise be written twice: once by the worker's exit.
    for stream in (sys.stdout, sys.stderr):
        try:
            stream.flush()
        except (OSError, ValueError, AttributeError):
            pass


def _wait_for(receiver, started: float, timeout: float, on_wait=None) -> bool:
    """Whether an answer came within ``timeout`` of ``started``; ``on_wait()`` runs between polls."""
    while True:
        remaining = max(0.0, started + timeout - time.monotonic()) if timeout else None
        if on_wait is None:
            return receiver.poll(remaining)
        step = PROGRESS_SECONDS if remaining is None else min(remaining, PROGRESS_SECONDS)
        if receiver.poll(step):
            return True
        if remaining is not None and remaining <= step:
            return False
        on_wait()


def _result(outcome: tuple, exitcode, what: str, timeout: float, max_memory: int, max_result: int, elapsed: float):
    kind, payload = outcome
    if kind == "result":
        return payload
    if kind == "memory":
        raise LimitExceeded(_memory_message(what, max_memory))
    if kind == "too_large":
        size = f" ({payload // MIB} MiB)" if payload else ""
        raise LimitExceeded(
            f"{what}: the text read from it{size} is larger than --max-memory allows "
            f"({max_result // MIB} MiB); raise --max-memory"
        )
    if kind == "crash":
        raise InputError(f"{what}: reading failed ({payload})")
    raise _death_error(what, exitcode, timeout, max_memory, elapsed)


def _time_message(what: str, timeout: float) -> str:
    return f"{what}: reading took longer than --timeout allows ({timeout:g} s); raise --timeout"


def _memory_message(what: str, max_memory: int) -> str:
    return f"{what}: reading needs more memory than --max-memory allows ({max_memory // MIB} MiB); raise --max-memory"


def _death_error(what: str, exitcode: int | None, timeout: float, max_memory: int, elapsed: float) -> InputError:
    """Why a worker ended without an answer, as well as its exit status tells."""
    if exitcode is not None and exitcode < 0:
        number = -exitcode
        try:
            name = signal.Signals(number).name
        except ValueError:
            name = f"signal {number}"
        if number == signal.SIGXCPU:
            return LimitExceeded(_time_message(what, timeout))
        if number == signal.SIGKILL:
            return LimitExceeded(
                f"{what}: the reader process was killed (SIGKILL), most likely by the system for lack of memory; "
                f"lower --max-memory (now {max_memory // MIB} MiB) or free memory"
            )
        limit = f", possibly at the --max-memory limit of {max_memory // MIB} MiB" if max_memory else ""
        return InputError(f"{what}: the reader process crashed ({name}{limit}); the file is damaged or hostile")
    if exitcode is None:
        return InputError(f"{what}: the reader process stopped answering after {elapsed:.0f} s")
    return InputError(f"{what}: the reader process ended without an answer (exit status {exitcode})")
