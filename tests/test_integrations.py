"""The pre-commit hook definition, the GitHub Action and its script, the Dockerfile.

The Action's check step is scripts/action.sh; these tests run that same script
on the 2020 text. `pre-commit try-repo` needs the package index to build the
hook's environment and is run by tests/check_precommit.sh instead.
"""

import json
import os
import pathlib
import re
import subprocess
import sys
import tomllib

import pytest
import yaml

ROOT = pathlib.Path(__file__).resolve().parent.parent
TEXT_2020 = ROOT / "fixtures" / "soumu-juten-shisaku-2020.paged.txt"
SCRIPTS = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]["scripts"]


def _load_yaml(name: str):
    return yaml.safe_load((ROOT / name).read_text(encoding="utf-8"))


def test_pre_commit_hook_runs_checker_on_pdfs_and_texts():
    hooks = _load_yaml(".pre-commit-hooks.yaml")
    hook = next(hook for hook in hooks if hook["id"] == "checker")
    command, subcommand = hook["entry"].split()
    assert command in SCRIPTS and subcommand == "check"
    assert hook["language"] == "python" and hook["pass_filenames"] is True
    files = re.compile(hook["files"])
    assert files.search("docs/booklet.pdf") and files.search("booklet.txt")
    assert not files.search("booklet.pdf.md") and not files.search("setup.py")


def test_action_is_composite_and_runs_the_tested_script():
    action = _load_yaml("action.yml")
    assert action["runs"]["using"] == "composite"
    assert {"files", "fail-on", "baseline"} <= set(action["inputs"])
    assert action["inputs"]["files"]["required"] is True
    steps = action["runs"]["steps"]
    install = next(step for step in steps if step.get("name") == "Install checker")
    assert "pip install" in install["run"] and "github.action_path" in install["run"]
    check = next(step for step in steps if step.get("id") == "check")
    script = re.search(r"github\.action_path }}/(\S+?)\"", check["run"]).group(1)
    assert (ROOT / script).is_file() and script == "scripts/action.sh"
    for name in ("files", "fail-on", "baseline"):
        assert f"inputs.{name} }}}}" in " ".join(check["env"].values())
    upload = next(step for step in steps if "upload-sarif" in step.get("uses", ""))
    assert upload["uses"].startswith("github/codeql-action/upload-sarif@")
    assert "steps.check.outputs.sarif-file" in upload["with"]["sarif_file"]


def run_action(tmp_path, **inputs) -> tuple[subprocess.CompletedProcess, dict]:
    outputs = tmp_path / "github-output"
    outputs.write_text("")
    environment = {
        **os.environ,
        "PATH": f"{pathlib.Path(sys.executable).parent}{os.pathsep}{os.environ['PATH']}",
        "GITHUB_OUTPUT": str(outputs),
        "CHECKER_SARIF": str(tmp_path / "checker.sarif"),
        **{f"CHECKER_{key.upper()}": value for key, value in inputs.items()},
    }
    result = subprocess.run(["bash", str(ROOT / "scripts" / "action.sh")], capture_output=True, text=True,
                            env=environment, cwd=tmp_path, timeout=300)
    values = dict(line.split("=", 1) for line in outputs.read_text().splitlines())
    return result, values


def test_action_script_writes_sarif_annotates_and_fails_by_fail_on(tmp_path):
    result, outputs = run_action(tmp_path, files=str(TEXT_2020), fail_on="warning")
    assert result.returncode == 1, result.stderr
    assert outputs == {"sarif-file": str(tmp_path / "checker.sarif"), "exit-code": "1"}
    sarif = json.loads((tmp_path / "checker.sarif").read_text(encoding="utf-8"))
    results = sarif["runs"][0]["results"]
    annotations = [line for line in result.stdout.splitlines() if line.startswith("::")]
    assert results and len(annotations) == len(results)
    assert any(line.startswith("::error file=") for line in annotations)

    quiet, outputs = run_action(tmp_path, files=str(TEXT_2020), fail_on="never")
    assert quiet.returncode == 0 and outputs["exit-code"] == "0"


def test_action_script_honours_the_baseline(tmp_path):
    baseline = tmp_path / "baseline.json"
    subprocess.run([sys.executable, "-m", "checker", "check", str(TEXT_2020), "--write-baseline", str(baseline),
                    "--fail-on", "never"], check=True, capture_output=True)
    result, outputs = run_action(tmp_path, files=str(TEXT_2020), fail_on="info", baseline=str(baseline))
    assert result.returncode == 0, result.stdout
    assert outputs["exit-code"] == "0"
    assert not [line for line in result.stdout.splitlines() if line.startswith("::")]


def test_action_script_expands_patterns_and_reports_errors(tmp_path):
    (tmp_path / "docs").mkdir()
    (tmp_path / "docs" / "booklet.txt").write_bytes(TEXT_2020.read_bytes())
    result, outputs = run_action(tmp_path, files="docs/*.txt", fail_on="never")
    assert result.returncode == 0 and outputs["sarif-file"]
    sarif = json.loads((tmp_path / "checker.sarif").read_text(encoding="utf-8"))
    assert [artifact["location"]["uri"] for artifact in sarif["runs"][0]["artifacts"]] == ["docs/booklet.txt"]

    (tmp_path / "checker.sarif").unlink()
    missing, outputs = run_action(tmp_path, files="missing.pdf")
    assert missing.returncode == 2
    assert outputs == {"exit-code": "2"}  # no sarif-file: the upload step is skipped
    assert "missing.pdf" in missing.stderr

    empty, _ = run_action(tmp_path, files="")
    assert empty.returncode == 2 and "files" in empty.stderr


def test_dockerfile_is_slim_non_root_and_runs_checker():
    lines = [line.strip() for line in (ROOT / "Dockerfile").read_text().splitlines() if line.strip() and not line.startswith("#")]
    assert lines[0] == "FROM python:3.12-slim"
    user = next(line for line in lines if line.startswith("USER "))
    assert user.split()[1] not in ("root", "0")
    assert lines.index(user) > max(index for index, line in enumerate(lines) if line.startswith("RUN "))
    assert json.loads(next(line for line in lines if line.startswith("ENTRYPOINT ")).split(" ", 1)[1]) == ["checker"]


@pytest.mark.parametrize("name", ["check_wheel.sh", "check_precommit.sh"])
def test_helper_scripts_are_valid_bash(name):
    assert subprocess.run(["bash", "-n", str(ROOT / "tests" / name)]).returncode == 0
