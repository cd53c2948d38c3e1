"""Integrity tests reuse the API's token client and the workflow walker."""

from tests.api.conftest import token_client  # noqa: F401  (fixtures)
from tests.reviews.conftest import advance, step_kwargs  # noqa: F401
