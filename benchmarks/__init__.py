"""Benchmarks: they print numbers, they are not tests. Run `python -m benchmarks.bench_queue` and
`python -m benchmarks.bench_startup` (or `make bench`)."""
