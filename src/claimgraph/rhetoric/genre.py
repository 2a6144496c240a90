"""Document genre (news report, opinion, press release, state media) and issue frames.

Genre: weighted cue phrases from genre.yaml, normalised per 1,000 words, plus a few measured
features of the text (first person, obligation modals, rhetorical questions, how much of the
text is attributed, datelines, contact blocks, the outlet). Frames: lemma cues of the 15 Media
Frames Corpus categories from frames.yaml, counted per 1,000 words.
"""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from pathlib import Path
from typing import Any
from urllib.parse import urlparse

import yaml
from spacy.language import Language
from spacy.matcher import PhraseMatcher
from spacy.tokens import Doc

HERE = Path(__file__).parent
GENRES = ("news_report", "opinion", "press_release", "state_media")
_WIRES = r"Reuters|AP|AFP|dpa|EFE|ANSA|Kyodo|Yonhap|Bloomberg"
_DATELINE = re.compile(r"^\s*[A-Z][A-Za-z .'-]{1,40},?\s*(?:[A-Z][a-z]{2,8}\.? \d{1,2},?\s*)?"
                       r"[(/]\s*([A-Za-z][A-Za-z .]{1,30})\s*[)/]")
_CONTACT = re.compile(r"(?im)^\s*(?:media )?contacts?:|[\w.+-]+@[\w-]+\.[\w.]+|^\s*about [A-Z]")
_CONCLUSION = re.compile(r"(?m)^\s*(?:CONCLUSION|Conclusion|IN CONCLUSION)\s*:?\s*$")
_MIN_SCORE = 2.0
_MIN_FRAME_HITS = 3
_MIN_FRAME_SHARE = 0.12


class GenreFramer:
    def __init__(self, nlp: Language) -> None:
        genre_raw = yaml.safe_load((HERE / "genre.yaml").read_text(encoding="utf-8"))["genres"]
        self.genre_cues = PhraseMatcher(nlp.vocab, attr="LOWER")
        self.weights: dict[str, float] = {}
        for key in GENRES:
            items = genre_raw[key].get("phrases") or []
            self.genre_cues.add(key, list(nlp.tokenizer.pipe(  # type: ignore[union-attr]
                i["phrase"] for i in items)))
            self.weights.update({f"{key}|{i['phrase'].lower()}": float(i["weight"])
                                 for i in items})
        self.outlets = {n.lower(): o.get("ownership", "state_owned")
                        for o in genre_raw["state_media"].get("outlets") or []
                        for n in [o["name"], *o.get("aliases", [])]}
        frames_raw = yaml.safe_load((HERE / "frames.yaml").read_text(encoding="utf-8"))["frames"]
        self.frames = PhraseMatcher(nlp.vocab, attr="LEMMA")
        self.frames_lower = PhraseMatcher(nlp.vocab, attr="LOWER")
        for key, block in frames_raw.items():
            cues = [str(c).lower() for c in block.get("cues") or []]
            if not cues:
                continue
            self.frames_lower.add(key, list(nlp.tokenizer.pipe(  # type: ignore[union-attr]
                cues)))
            self.frames.add(key, [_lemma_doc(nlp, c) for c in cues])

    # ------------------------------------------------------------------ genre
    def genre(self, doc: Doc, meta: dict[str, Any], claims: list[dict[str, Any]],
              techniques: int) -> tuple[str, dict[str, float]]:
        words = max(1, sum(1 for t in doc if not (t.is_punct or t.is_space)))
        per_k = 1000 / words
        scores: dict[str, float] = defaultdict(float)
        for match_id, start, end in self.genre_cues(doc):
            key = doc.vocab.strings[match_id]
            scores[key] += self.weights.get(f"{key}|{doc[start:end].text.lower()}", 1.0) * per_k
        quoted = _quoted_tokens(doc)
        own = [t for t in doc if t.i not in quoted]
        first_sg = sum(t.lower_ in ("i", "me", "my", "mine") for t in own) * per_k
        first_pl = sum(t.lower_ in ("we", "us", "our") for t in own) * per_k
        deontic = sum(t.lower_ in ("must", "should", "ought") for t in own) * per_k
        questions = sum(1 for s in doc.sents if s.text.rstrip().endswith("?")
                        and not any(t.i in quoted for t in s))
        attributed = sum(1 for c in claims if c["source_type"] != "author") * per_k
        reporting = sum(t.lemma_.lower() in ("say", "tell") and t.pos_ == "VERB"
                        for t in doc) * per_k
        # opinion: the author's own voice, obligations, questions, little attribution
        scores["opinion"] += (3 if first_sg > 8 else 2 if first_sg > 4 else 0)
        scores["opinion"] += 1.5 if first_pl > 6 else 0
        scores["opinion"] += 2 if deontic > 5 else 0
        scores["opinion"] += min(3.0, 0.5 * questions)
        scores["opinion"] += 1 if reporting < 6 else 0
        density = techniques * per_k
        scores["opinion"] += 2 if density > 30 else 1 if density > 15 else 0
        if _CONCLUSION.search(doc.text):
            scores["opinion"] += 1.5  # an argued piece with a "Conclusion" heading
        # news: a wire dateline, a lot of attribution, no author "I"
        head = doc.text[:200]
        dateline = _DATELINE.match(head)
        agency = dateline.group(1).strip().lower() if dateline else ""
        if dateline and re.fullmatch(_WIRES.lower(), agency):
            scores["news_report"] += 3
        scores["news_report"] += 3 if reporting > 20 else 2 if reporting > 12 else 0
        scores["news_report"] += 1 if attributed > 12 else 0
        scores["news_report"] += 1 if first_sg < 1 else 0
        # press release: contact block or "About X" at the end
        if _CONTACT.search(doc.text[-1500:]):
            scores["press_release"] += 3
        # state media: the outlet itself, or a state agency in the dateline
        outlet = " ".join(filter(None, [meta.get("source"), _host(meta.get("url"))])).lower()
        if any(name in outlet.split() or name == outlet for name in self.outlets) or (
                agency and agency in self.outlets):
            scores["state_media"] += 3
        best, top = max(scores.items(), key=lambda kv: kv[1], default=("news_report", 0.0))
        runner_up = max((v for k, v in scores.items() if k != best), default=0.0)
        genre = best if top >= _MIN_SCORE and top > runner_up else "news_report"
        return genre, {k: round(v, 2) for k, v in scores.items()}

    # ------------------------------------------------------------------ frames
    def frames_of(self, doc: Doc, names: set[int]) -> dict[str, float]:
        """Frames the document leans on, with hits per 1,000 words (at most three)."""
        words = max(1, sum(1 for t in doc if not (t.is_punct or t.is_space)))
        taken: set[int] = set()
        counts = Counter[str]()
        matches = [(e - s, s, e, doc.vocab.strings[m]) for m, s, e in
                   [*self.frames(doc), *self.frames_lower(doc)]]
        for _, start, end, key in sorted(matches, key=lambda m: (-m[0], m[1])):
            span = set(range(start, end))
            if span & taken or span & names:
                continue
            taken |= span
            counts[key] += 1
        total = sum(counts.values())
        kept = [(k, n) for k, n in counts.most_common(3)
                if n >= _MIN_FRAME_HITS and n / max(1, total) >= _MIN_FRAME_SHARE]
        return {k: round(n * 1000 / words, 2) for k, n in kept}


def _lemma_doc(nlp: Language, cue: str) -> Doc:
    """A pattern Doc whose lemmas are the cue's own words (cues are written as lemmas)."""
    doc = nlp.make_doc(cue)
    for tok in doc:
        tok.lemma_ = tok.lower_
    return doc


def _quoted_tokens(doc: Doc) -> set[int]:
    inside: set[int] = set()
    open_at: int | None = None
    for tok in doc:
        if tok.text in ('"', "“", "”"):
            if open_at is None and tok.text != "”":
                open_at = tok.i
            elif open_at is not None:
                inside.update(range(open_at, tok.i + 1))
                open_at = None
    return inside


def _host(url: str | None) -> str:
    if not url:
        return ""
    host = urlparse(url).hostname or ""
    return host.removeprefix("www.").split(".")[0]
