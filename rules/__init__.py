"""Built-in rule families, installed as ``checker.rules``."""
