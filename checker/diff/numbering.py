"""A change of numbering style between two editions, reported once.

Each edition is read with its own detected numbering (``Document.profile``)
and headings are aligned by title, so an edition that prints ``I.`` where the
other printed ``Ⅰ`` renames nothing; the reports carry one summary line
instead, in the report's language (the Japanese is in the catalog).
"""

from __future__ import annotations

from dataclasses import dataclass

from checker.booklet.model import Document
from checker.booklet.numbering_styles import LEVELS
from checker.i18n import N_, Translator, kind_term


@dataclass(frozen=True)
class NumberingChange:
    """One level printed in another style: ``I`` (roman) → ``I.`` (roman-dot)."""

    level: str  # chapter, section, item, subitem; "section_scope" for per-chapter numbering
    old_style: str
    new_style: str
    old_example: str
    new_example: str

    def to_dict(self) -> dict:
        return {"level": self.level, "old_style": self.old_style, "new_style": self.new_style, "old_example": self.old_example, "new_example": self.new_example}


def numbering_changes(old: Document, new: Document) -> tuple[NumberingChange, ...]:
    """The levels whose numbering style differs between the editions (none: an empty tuple)."""
    changes = []
    old_levels, new_levels = old.profile.describe(), new.profile.describe()
    for level in LEVELS:
        before, after = old_levels[level], new_levels[level]
        if (before["pattern"], before["numbering"], before["printed"]) != (after["pattern"], after["numbering"], after["printed"]):
            changes.append(NumberingChange(level, before["style"], after["style"], before["example"], after["example"]))
    if old.profile.section_scope != new.profile.section_scope:
        changes.append(NumberingChange("section_scope", old.profile.section_scope, new.profile.section_scope, "", ""))
    return tuple(changes)


def numbering_note(changes: tuple[NumberingChange, ...], translate: Translator) -> str:
    """The one summary line a report prints for a change of numbering style ("" if none)."""
    if not changes:
        return ""
    parts = []
    for change in changes:
        if change.level == "section_scope":
            scope = N_("sections numbered in each chapter") if change.new_style == "chapter" else N_("sections numbered through the booklet")
            parts.append(translate(scope))
        else:
            parts.append(translate.format(N_("{level} {old} → {new}"), level=kind_term(change.level), old=change.old_example, new=change.new_example))
    return translate.format(N_("numbering style changed: {changes}"), changes=translate(N_(", ")).join(parts))
