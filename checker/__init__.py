"""checker: a document-diff and consistency checker for Japanese government
policy and budget booklets (総務省重点施策 and its family)."""

__version__ = "0.1.0"
