"""Name normalisation shared by the KB index, the ruler and the resolver.

Transliterations differ in case, diacritics, apostrophes and hyphens ("al-Maliki", "Al Maliki",
"Shia' al-Sudani", "Erdoğan"); folding them to one key lets one alias cover them all.
"""

from __future__ import annotations

import re

from unidecode import unidecode

_APOSTROPHES = re.compile(r"[’'`ʼʻ‘]")
_NON_ALNUM = re.compile(r"[^a-z0-9]+")
_ARTICLE = re.compile(r"^the\s+")


def norm_key(name: str) -> str:
    """Fold a name to its matching key: ascii, lower case, no punctuation, no leading 'the'."""
    text = unidecode(name).lower()
    text = _APOSTROPHES.sub("", text)
    text = _NON_ALNUM.sub(" ", text).strip()
    return _ARTICLE.sub("", text)


def possessive_stem(text: str) -> str:
    """'Tehran's' -> 'Tehran'; 'mullahs'' -> 'mullahs'."""
    for suffix in ("'s", "’s", "'", "’"):
        if text.endswith(suffix):
            return text[: -len(suffix)]
    return text
