"""The lint engine: rules, running them, findings, fingerprints and baselines."""
