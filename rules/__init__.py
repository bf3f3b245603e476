"""Built-in rule families, installed as ``checker.rules``."""


def builtin_plugins() -> tuple:
    """The entry point of the built-in rules: one plugin module per rule family."""
    from checker.rules import brackets, budget, dates, headers, notation, numbering, reading, repeats, toc

    return (toc, numbering, headers, dates, brackets, notation, repeats, budget, reading)
