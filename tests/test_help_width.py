"""`--help` in Japanese fits the terminal: wrapped by display columns (a
full-width character takes two), with Japanese line-break rules."""

import os
import subprocess
import sys

import pytest

from checker.cli import wrap_by_display_width
from checker.reports.display import display_width

COMMANDS = ([], ["parse"], ["ledger"], ["check"], ["diff"], ["rules"])


def _help(command: list[str], lang: str, columns: int) -> str:
    env = {**os.environ, "COLUMNS": str(columns)}
    result = subprocess.run([sys.executable, "-m", "checker", *command, "--help", "--lang", lang],
                            capture_output=True, text=True, env=env, check=True)
    return result.stdout


@pytest.mark.parametrize("columns", [60, 80])
@pytest.mark.parametrize("command", COMMANDS, ids=lambda c: " ".join(c) or "checker")
def test_japanese_help_fits_the_terminal(command, columns):
    text = _help(command, "ja", columns)
    assert any(display_width(line) > len(line) for line in text.splitlines())  # it is Japanese
    too_wide = [line for line in text.splitlines() if display_width(line) > columns and " " in line.strip()]
    assert too_wide == []


@pytest.mark.parametrize("lang", ["ja", "en"])
@pytest.mark.parametrize("command", [["check"], ["diff"], ["parse"]], ids=lambda c: c[0])
def test_usage_continuation_lines_line_up_under_the_first_option(command, lang):
    """The usage line's continuation lines start in the screen column of its first
    option, whatever the width of the translated prefix (使い方： takes 8 columns)."""
    usage = _help(command, lang, 80).split("\n\n")[0].splitlines()
    assert len(usage) > 1  # wrapped
    first_option = display_width(usage[0][: usage[0].index("[")])
    assert {len(line) - len(line.lstrip(" ")) for line in usage[1:]} == {first_option}


def test_wrapping_counts_columns_and_keeps_japanese_line_break_rules():
    text = "標準出力の代わりにこのファイルへ書き出す（書き込みは一括）。形式は FORMAT: の指定、なければ --format、なければ拡張子で決まる。"
    lines = wrap_by_display_width(text, 20)
    assert "".join(lines).replace(" ", "") == text.replace(" ", "")  # nothing lost
    assert all(display_width(line) <= 20 for line in lines)
    assert not any(line[0] in "、。）」" for line in lines)
    assert not any(line[-1] in "（「" for line in lines)
    assert "--format、" in "".join(lines) and not any(line.endswith("--") for line in lines)  # Latin words stay whole


def test_english_help_is_wrapped_as_before():
    """ASCII help keeps argparse's own wrapping."""
    text = "write to this file (atomically) instead of standard output; the format comes from FORMAT:"
    import argparse
    import textwrap

    assert argparse.HelpFormatter("x")._split_lines(text, 30) == textwrap.wrap(text, 30)
    from checker.cli import _HelpFormatter

    assert _HelpFormatter("x")._split_lines(text, 30) == textwrap.wrap(text, 30)
