"""Benchmarks run by `make bench` (benches/run.py); results in benches/RESULTS.md."""
