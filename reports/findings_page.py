"""``checker check --format html`` as registered by the built-in plugin.

The page itself is ``checker.reports.findings_html``, which loads lxml and the
HTML helpers of the diff report; this module names the format and imports
that one only when a page is rendered, so every other check starts faster.
"""

from __future__ import annotations

from checker.hookspecs import hookimpl
from checker.i18n import N_

DESCRIPTION = N_("one self-contained HTML page for editors: by page, with filters, sorting and PDF page links")


def render(findings, context):
    from checker.reports.findings_html import render_findings_html_for_context

    return render_findings_html_for_context(findings, context)


@hookimpl
def checker_output_formats() -> list:
    from checker.outputs import OutputFormat

    return [OutputFormat("html", DESCRIPTION, render)]
