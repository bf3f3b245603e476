"""``checker check --jobs N``: several booklets checked at once give what one at a time gives."""

import json
import os
import subprocess
import sys
import time

import pytest
from conftest import FIXTURES, TEXT_2020

from checker.api import parse_files
from checker.config import load_config
from checker.errors import LimitExceeded, UsageError
from checker.hookspecs import hookimpl
from checker.plugins import make_plugin_manager
from checker.reading.readers import ReadOptions, read_text
from checker.reading.records import Reader
from checker.reading.sandbox import run_limited_many

TEXT_2019 = FIXTURES / "synthetic-2019-soumu-juten-shisaku.txt"
SMALL_PDF = FIXTURES / "layout" / "table.pdf"
FORMATS = {"text": "txt", "json": "json", "junit": "xml", "sarif": "sarif", "github": "gh", "gitlab": "gitlab.json",
           "rdjson": "rdjson", "checkstyle": "checkstyle.xml", "html": "html"}


def run_cli(args, cwd=None):
    env = {**os.environ, "COLUMNS": "2000"}  # help on one line a paragraph
    return subprocess.run([sys.executable, "-m", "checker", *args], capture_output=True, text=True, cwd=cwd, env=env, timeout=600)


@pytest.fixture
def mixed_files(tmp_path):
    """Good text and PDF booklets with two bad inputs among them (a fake PDF, a missing file)."""
    fake = tmp_path / "fake.pdf"
    fake.write_text("not a pdf", encoding="utf-8")
    missing = tmp_path / "missing.txt"
    return [str(TEXT_2020), str(fake), str(SMALL_PDF), str(TEXT_2019), str(missing)], [str(fake), str(missing)]


def _check_every_format(files, jobs: str, out_dir):
    out_dir.mkdir()
    outputs = [arg for name, extension in FORMATS.items() for arg in ("-o", f"{name}:{out_dir / ('report.' + extension)}")]
    result = run_cli(["check", *files, "--jobs", jobs, "--no-cache", *outputs])
    reports = {name: (out_dir / f"report.{extension}").read_bytes() for name, extension in FORMATS.items()}
    return result, reports


def test_two_jobs_and_one_give_byte_identical_reports_and_errors(mixed_files, tmp_path):
    files, bad = mixed_files
    serial, serial_reports = _check_every_format(files, "1", tmp_path / "serial")
    parallel, parallel_reports = _check_every_format(files, "2", tmp_path / "parallel")
    assert serial.returncode == parallel.returncode == 2  # a file could not be read: 2 wins over findings
    for name in FORMATS:
        assert parallel_reports[name] == serial_reports[name], name
    assert parallel.stderr == serial.stderr
    lines = serial.stderr.splitlines()
    # The small PDF is a table, not a booklet: one warning says its structure was not recognised.
    warnings = [line for line in lines if line.startswith("checker: warning: ")]
    assert len(warnings) == 1 and warnings[0].startswith(f"checker: warning: {SMALL_PDF}: structure not recognised")
    lines = [line for line in lines if line not in warnings]
    assert len(lines) == len(bad)  # one line a bad file, in argument order
    for line, path in zip(lines, bad):
        assert line.startswith("checker: error: ") and path in line
    assert "not a PDF" in lines[0] and "no such file" in lines[1]
    checked = json.loads(serial_reports["json"])["files"]
    assert checked == [path for path in files if path not in bad]  # the others were checked, in order
    assert json.loads(serial_reports["json"])["summary"]["files"] == 3


def test_standard_output_is_the_same_for_any_number_of_jobs(mixed_files):
    files, _bad = mixed_files
    outputs = {jobs: run_cli(["check", *files, "--jobs", jobs, "-f", "json"]) for jobs in ("1", "3", "auto")}
    assert len({result.stdout for result in outputs.values()}) == 1
    assert json.loads(outputs["1"].stdout)["findings"]


def test_exit_codes(tmp_path):
    fake = tmp_path / "fake.pdf"
    fake.write_text("not a pdf", encoding="utf-8")
    findings = run_cli(["check", str(TEXT_2020), str(TEXT_2019), "--jobs", "2", "--fail-on", "info", "-q"])
    assert findings.returncode == 1 and findings.stdout
    never = run_cli(["check", str(TEXT_2020), str(TEXT_2019), "--jobs", "2", "--fail-on", "never", "-q"])
    assert never.returncode == 0
    with_bad = run_cli(["check", str(TEXT_2020), str(fake), "--jobs", "2", "--fail-on", "never", "-q"])
    assert with_bad.returncode == 2 and with_bad.stdout  # the readable file is still reported
    only_bad = run_cli(["check", str(fake), str(tmp_path / "missing.txt"), "--jobs", "2"])
    assert only_bad.returncode == 2 and only_bad.stdout == "" and len(only_bad.stderr.splitlines()) == 2


def test_the_previous_edition_is_read_in_the_same_batch(tmp_path):
    args = ["check", str(TEXT_2020), str(SMALL_PDF), "--previous", str(TEXT_2019), "-f", "json"]
    serial, parallel = run_cli([*args, "--jobs", "1"]), run_cli([*args, "--jobs", "2"])
    assert serial.returncode == parallel.returncode == 1 and parallel.stdout == serial.stdout
    report = json.loads(parallel.stdout)
    assert report["files"] == [str(TEXT_2020), str(SMALL_PDF)]  # the previous edition is not a checked file
    assert "BUD007" not in {skipped["rule"] for skipped in report["summary"]["skipped_rules"]}  # the cross-edition rule ran
    missing = tmp_path / "old.txt"
    bad_previous = run_cli(["check", str(TEXT_2020), str(TEXT_2019), "--previous", str(missing), "--jobs", "2"])
    assert bad_previous.returncode == 2 and bad_previous.stdout == ""
    assert bad_previous.stderr.strip().splitlines() == [f"checker: error: {missing}: no such file"]


def test_a_baseline_is_not_written_when_a_file_could_not_be_read(tmp_path):
    baseline = tmp_path / "baseline.json"
    result = run_cli(["check", str(TEXT_2020), str(tmp_path / "missing.txt"), "--jobs", "2", "--write-baseline", str(baseline)])
    assert result.returncode == 2 and not baseline.exists()
    assert result.stderr.strip().splitlines() == [f"checker: error: {tmp_path / 'missing.txt'}: no such file"]


@pytest.mark.parametrize("value", ["-1", "two", "1.5"])
def test_a_bad_jobs_value_is_one_line_and_exit_2(value):
    result = run_cli(["check", str(TEXT_2020), "--jobs", value])
    assert result.returncode == 2 and "--jobs" in result.stderr and len(result.stderr.strip().splitlines()) == 1


def test_jobs_config_key(tmp_path):
    (tmp_path / "checker.toml").write_text('jobs = "auto"\n', encoding="utf-8")
    assert load_config(str(tmp_path / "checker.toml")).jobs == 0
    (tmp_path / "checker.toml").write_text("jobs = 3\n", encoding="utf-8")
    assert load_config(str(tmp_path / "checker.toml")).jobs == 3
    assert load_config(search=False).jobs is None
    for bad in ("-1", "true", '"many"'):
        (tmp_path / "checker.toml").write_text(f"jobs = {bad}\n", encoding="utf-8")
        with pytest.raises(UsageError, match="jobs must be a number of processes"):
            load_config(str(tmp_path / "checker.toml"))
    (tmp_path / "checker.toml").write_text("jobs = -2\n", encoding="utf-8")
    result = run_cli(["check", str(TEXT_2020)], cwd=tmp_path)
    assert result.returncode == 2 and "jobs must be" in result.stderr and len(result.stderr.strip().splitlines()) == 1


def test_help_names_jobs_in_both_languages():
    english = run_cli(["check", "--help", "--lang", "en"]).stdout
    japanese = run_cli(["check", "--help", "--lang", "ja"]).stdout
    assert "--jobs" in english and "one per core" in english and "2 wins over 1" in english
    assert "--jobs" in japanese and "コア数" in japanese and "1 と 2 の両方に当たる場合は 2" in japanese


# ----------------------------------------------------------------- the API, with a reader that tells on itself
class _Probe:
    """A reader of ``*.probe`` files: sleeps as the file says, records when it finished
    and which processes two nested page reads ran in, then reads the file as text."""

    @staticmethod
    @hookimpl
    def checker_readers():
        return [Reader("probe", 5, lambda path: path.endswith(".probe"), _read_probe)]


def _pid(_part):
    return os.getpid()


def _read_probe(path, options):
    seconds = float(open(path, encoding="utf-8").readline().split()[1])
    if seconds < 0:
        bytearray(4 * 1024 ** 3)  # more than any --max-memory the tests give
    time.sleep(seconds)
    pages = run_limited_many([(_pid, (0,)), (_pid, (1,))], timeout=60, max_memory=0, what=path)
    with open(path + ".log", "w", encoding="utf-8") as log:
        log.write(json.dumps({"finished": time.time(), "reader": os.getpid(), "pages": pages}))
    return read_text(path, options)


def _probe_files(tmp_path, sleeps):
    paths = []
    for index, seconds in enumerate(sleeps):
        path = tmp_path / f"booklet-{index}.probe"
        path.write_text(f"# {seconds}\n第1章 テスト\n本文。\n", encoding="utf-8")
        paths.append(str(path))
    return paths


def _log(path):
    with open(path + ".log", encoding="utf-8") as log:
        return json.load(log)


MANAGER = make_plugin_manager(load_entry_points=False, plugins=[_Probe])


def test_documents_come_in_argument_order_whatever_order_workers_finish(tmp_path):
    paths = _probe_files(tmp_path, [1.5, 0, 0])
    parsed = parse_files(paths, ReadOptions(), MANAGER, jobs=3)
    assert [item.path for item in parsed] == paths
    assert [item.document.path for item in parsed] == paths
    finished = [_log(path)["finished"] for path in paths]
    assert finished[0] > max(finished[1:])  # the first file finished last, and still comes first


def test_files_and_pages_do_not_multiply(tmp_path):
    paths = _probe_files(tmp_path, [0, 0])
    parse_files(paths, ReadOptions(), MANAGER, jobs=2)
    for path in paths:  # in a file's worker, its pages are read in that same process
        log = _log(path)
        assert log["reader"] != os.getpid() and log["pages"] == [log["reader"], log["reader"]]
    parse_files(paths[:1], ReadOptions(), MANAGER, jobs=2)  # one file: read as without --jobs
    log = _log(paths[0])
    assert log["reader"] == os.getpid() and len(set(log["pages"])) == 2 and os.getpid() not in log["pages"]


def test_time_and_memory_limits_apply_to_each_file(tmp_path):
    slow, hungry, fine = _probe_files(tmp_path, [60, -1, 0])
    started = time.monotonic()
    parsed = parse_files([slow, hungry, fine], ReadOptions(timeout=3, max_memory=256 * 1024 * 1024), MANAGER, jobs=2)
    assert time.monotonic() - started < 50  # the slow file was stopped, not waited for
    assert isinstance(parsed[0].error, LimitExceeded) and str(parsed[0].error).startswith(slow + ":")
    assert "--timeout" in str(parsed[0].error)
    assert isinstance(parsed[1].error, LimitExceeded) and str(parsed[1].error).startswith(hungry + ":")
    assert "--max-memory" in str(parsed[1].error)
    assert parsed[2].error is None and parsed[2].document.path == fine


# ----------------------------------------------------------------- the sandbox's pool
def _crash(_value):
    import signal

    os.kill(os.getpid(), signal.SIGSEGV)


def _square(value):
    return value * value


def test_a_crashed_worker_does_not_stop_the_others():
    from checker.errors import InputError
    from checker.reading.sandbox import run_limited_each

    calls = [(_square, (2,), "a"), (_crash, (0,), "b.pdf"), (_square, (3,), "c"), (_square, (4,), "d")]
    answers = run_limited_each(calls, jobs=2, timeout=60, max_memory=0)
    assert answers[0] == 4 and answers[2:] == [9, 16]
    assert isinstance(answers[1], InputError) and str(answers[1]).startswith("b.pdf: the reader process crashed (SIGSEGV")
