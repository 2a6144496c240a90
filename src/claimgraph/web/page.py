"""One HTML page with everything inlined: the template, our CSS and JS, the vendor libraries
(bundled by `make vendor` from pinned npm packages) and the data.

The data goes inside a `<script type="application/json">` element with `<`, `>` and `&` escaped,
so no text from an article can close the element or start markup; the page's JavaScript builds
every element with textContent, never with innerHTML.
"""

from __future__ import annotations

import html
import json
from pathlib import Path
from typing import Any

from claimgraph.errors import ClaimgraphError

HERE = Path(__file__).parent
STATIC = HERE / "static"
VENDOR = STATIC / "vendor"
VENDOR_SCRIPTS = ("cytoscape.min.js", "topojson-client.min.js")
WORLD = "countries-110m.json"


class ReportError(ClaimgraphError):
    code = "CG600"


def safe_json(data: Any) -> str:
    """JSON that is inert inside an HTML <script> element."""
    text = json.dumps(data, ensure_ascii=False, separators=(",", ":"), default=str)
    return text.replace("&", "\\u0026").replace("<", "\\u003c").replace(">", "\\u003e") \
        .replace("\u2028", "\\u2028").replace("\u2029", "\\u2029")


def _script(code: str) -> str:
    # a literal "</script" inside a library would end the element early
    return "<script>" + code.replace("</script", "<\\/script") + "</script>"


def vendor_scripts() -> list[str]:
    missing = [name for name in (*VENDOR_SCRIPTS, WORLD) if not (VENDOR / name).exists()]
    if missing:
        raise ReportError(f"{VENDOR}: JavaScript libraries missing ({', '.join(missing)}); "
                          f"run `make vendor` in the claimgraph checkout")
    scripts = [(VENDOR / name).read_text(encoding="utf-8") for name in VENDOR_SCRIPTS]
    scripts.append("window.CG_WORLD = " + safe_json(json.loads(
        (VENDOR / WORLD).read_text(encoding="utf-8"))) + ";")
    return scripts


def render_page(bundle: dict[str, Any]) -> str:
    """The self-contained page for a bundle (see claimgraph.web.bundle)."""
    template = (HERE / "page.html").read_text(encoding="utf-8")
    scripts = [*vendor_scripts(), (STATIC / "app.js").read_text(encoding="utf-8")]
    return (template.replace("{{title}}", html.escape(bundle.get("title") or "claimgraph"))
            .replace("{{style}}", (STATIC / "app.css").read_text(encoding="utf-8"))
            .replace("{{scripts}}", "\n".join(_script(s) for s in scripts))
            .replace("{{data}}", safe_json(bundle)))
