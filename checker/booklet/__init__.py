"""The booklet model and how lines become one: tree, profile, parser, budget grammar, ledger."""
