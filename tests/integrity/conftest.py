"""Integrity tests reuse the API's token client; claims are walked with the shared `advance` (tests/conftest.py)."""

from tests.api.conftest import token_client  # noqa: F401  (fixtures)
