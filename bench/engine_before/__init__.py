"""The suggestion engine as it was before conflict-aware suggestions (commit 6d1d4ee), kept to measure beside the new one in the same run."""
