"""The shared analysis layer: computed once per document, reached through the
context the engine passes, and the only thing rule families share."""

import ast
import pathlib

from rulecheck import document_from_text, variant_text

from checker.analysis import Analysis
from checker.lint.engine import run_rules
from checker.lint.rule import Rule

ROOT = pathlib.Path(__file__).resolve().parent.parent


def _imported_modules(path: pathlib.Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    names = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom) and node.module:
            names.add(node.module)
        elif isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
    return names


def test_no_rule_family_imports_another():
    families = sorted(path for path in (ROOT / "rules").glob("*.py") if path.name != "__init__.py")
    assert len(families) >= 8
    offenders = {
        path.name: sorted(name for name in _imported_modules(path) if name.startswith(("checker.rules", "rules")))
        for path in families
    }
    assert {name: found for name, found in offenders.items() if found} == {}


def test_analysis_imports_no_rule_and_no_engine():
    for path in sorted((ROOT / "checker" / "analysis").glob("*.py")):
        upward = [name for name in _imported_modules(path) if name.startswith(("checker.rules", "checker.lint", "checker.reports", "checker.cli"))]
        assert upward == [], f"{path.name} imports {upward}"


class _Recorder(Rule):
    """What it does:
    Records the analysis it was given.

    Why is this bad?
    Test only.

    Example:
    None.
    """

    code = "TST001"
    name = "test-recorder"
    seen: list = []

    def check(self):
        type(self).seen.append((self.document, self.analysis))
        return []


class _SecondRecorder(_Recorder):
    code = "TST002"
    name = "test-second-recorder"


def test_engine_hands_one_analysis_per_document_to_every_rule():
    first = document_from_text(variant_text("clean"), "first.txt")
    second = document_from_text(variant_text("clean"), "second.txt")
    _Recorder.seen = []
    run_rules([first, second], [_Recorder, _SecondRecorder])
    seen = _Recorder.seen
    assert [document.path for document, _ in seen] == ["first.txt", "second.txt", "first.txt", "second.txt"]
    assert seen[0][1] is seen[2][1] and seen[1][1] is seen[3][1]
    assert seen[0][1] is not seen[1][1]
    assert seen[0][1].document is first and seen[1][1].document is second


def test_views_are_computed_once(monkeypatch):
    import checker.analysis as analysis_module

    calls = []
    real = analysis_module.match_toc
    monkeypatch.setattr(analysis_module, "match_toc", lambda document, threshold: calls.append(threshold) or real(document, threshold))
    analysis = Analysis(document_from_text(variant_text("clean"), "booklet.txt"))
    assert analysis.toc_matches() is analysis.toc_matches()
    assert analysis.toc_matches(50.0) is not analysis.toc_matches()
    assert calls == [70.0, 50.0]
    assert analysis.text_units is analysis.text_units
    assert analysis.repeat_differences() is analysis.repeat_differences()
