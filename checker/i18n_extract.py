"""A Babel extraction method for rule modules (a development tool, not used at run time).

``pybabel extract`` reads ``babel.cfg``, which names this function for
``rules/**.py``: it yields what Babel's Python extractor finds (``msg``,
``N_`` and ``Option`` help texts), and each section of every rule
docstring (*What it does / Why is this bad? / Example*) as its own message,
exactly as ``Rule.localized_doc_sections`` looks it up.
"""

from __future__ import annotations

import ast

from checker.lint.rule import DOC_SECTIONS, split_doc_sections


def extract_rules(fileobj, keywords, comment_tags, options):
    from babel.messages.extract import extract_python  # Babel is a dev/test dependency only

    source = fileobj.read()
    fileobj.seek(0)
    yield from extract_python(fileobj, keywords, comment_tags, options)
    encoding = options.get("encoding", "utf-8")
    tree = ast.parse(source.decode(encoding) if isinstance(source, bytes) else source)
    for node in ast.walk(tree):
        if not isinstance(node, ast.ClassDef):
            continue
        docstring = ast.get_docstring(node, clean=False)
        if not docstring or not any(f"{name}:" in docstring or f"{name}\n" in docstring for name in DOC_SECTIONS):
            continue
        for name, text in split_doc_sections(docstring).items():
            if text:
                yield node.lineno, None, text, [f"{node.name}: {name}"]
