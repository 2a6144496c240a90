"""One exception tree so callers (CLI, batch ingest) catch a single type."""

from __future__ import annotations


class ClaimgraphError(Exception):
    """Base class of every error claimgraph raises on purpose."""

    code = "CG000"


class InputError(ClaimgraphError):
    """An input document cannot be read or is not usable text."""

    code = "CG100"


class KBError(ClaimgraphError):
    """A knowledge-base file or entry is invalid."""

    code = "CG200"


class GoldDataError(ClaimgraphError):
    """A gold file for evaluation is missing or malformed."""

    code = "CG300"
