"""Built-in output renderers, installed as ``checker.reports``."""
