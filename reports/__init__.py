"""Built-in output renderers, installed as ``checker.reports``."""


def builtin_plugins() -> tuple:
    """The entry point of the built-in reporters: one plugin module per family."""
    from checker.reports import ci_formats, diff_formats, document_formats, findings_formats, findings_html, html

    return (findings_formats, ci_formats, findings_html, html, diff_formats, document_formats)
