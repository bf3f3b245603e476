"""Built-in rule families, installed as ``checker.rules``."""


def builtin_plugins() -> tuple:
    """The entry point of the built-in rules: one plugin module per rule family."""
    from checker.rules import toc

    return (toc,)
