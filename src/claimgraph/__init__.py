"""claimgraph: news and opinion articles to an evidence graph.

Public API: `analyze(text, published=None)`, `analyze_many(docs, n_process=1)`,
`load_pipeline()`. They are imported on first use so that `import claimgraph` stays cheap.
"""

from __future__ import annotations

from typing import Any

__all__ = ["analyze", "analyze_many", "load_pipeline"]
__version__ = "0.1.0"


def __getattr__(name: str) -> Any:
    if name in __all__:
        from claimgraph import pipeline

        return getattr(pipeline, name)
    raise AttributeError(f"module 'claimgraph' has no attribute {name!r}")
