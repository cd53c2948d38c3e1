from django.apps import AppConfig


class BenchConfig(AppConfig):
    """The benchmark's synthetic archive: `generate_corpus` (see bench/README.md)."""

    name = "bench"
    verbose_name = "Benchmark"
