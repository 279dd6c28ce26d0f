"""Benchmarks at national scale (issue 8): `make bench`, or `make bench QUICK=1` for a short run."""
