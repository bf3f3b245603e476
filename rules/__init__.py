"""Built-in rule families, installed as ``checker.rules``.

Each family's module is imported only when one of its hooks is called (as the
report families are): ``checker parse``, ``ledger`` and ``diff`` import no rule,
and a check answered from the result cache neither the rules nor the analysis
views behind them. The hooks each module implements are listed here
(``tests/test_fast_start.py`` keeps the list true).
"""

from __future__ import annotations

from checker.plugins import LazyPlugin

# module -> the hooks it implements, in the order the families are registered
BUILTIN_HOOKS = {
    "toc": ("checker_rules",),
    "numbering": ("checker_rules",),
    "headers": ("checker_rules",),
    "dates": ("checker_rules",),
    "brackets": ("checker_rules",),
    "notation": ("checker_rules", "checker_config_tables"),
    "repeats": ("checker_rules",),
    "budget": ("checker_rules",),
    "reading": ("checker_rules",),
}


def builtin_plugins() -> tuple:
    """The entry point of the built-in rules: one (lazy) plugin per rule family."""
    return tuple(LazyPlugin(f"checker.rules.{module}", hooks) for module, hooks in BUILTIN_HOOKS.items())
