"""Benchmarks for annotator: run them with `python bench/run.py`."""
