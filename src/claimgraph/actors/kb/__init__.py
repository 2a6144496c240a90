"""The actor knowledge base: YAML files in this folder, validated and indexed once per process.

`countries.yaml` holds one record per state; each becomes three actors (the country, its
government, its military) so that "Iran", "Tehran said" and "Iranian forces" resolve to
different CAMEO codes. Every other file lists actors directly (see FORMAT.md).
"""

from __future__ import annotations

import datetime as dt
import re
from collections import defaultdict
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any, Literal

import yaml
from pydantic import BaseModel, ConfigDict, ValidationError, field_validator

from claimgraph.actors.normalize import norm_key
from claimgraph.errors import KBError

KB_DIR = Path(__file__).parent

Kind = Literal[
    "person", "country", "government", "military", "military_unit", "paramilitary", "police",
    "intelligence", "armed_group", "political_party", "political_coalition",
    "opposition_organization", "legislature", "judiciary", "igo", "ngo", "media", "company",
    "university", "religious_body", "population", "breakaway_state",
]
SECTORS = frozenset(
    "GOV MIL COP SPY REB OPP PTY LEG JUD ELI BUS MED JRN CVL IGO NGO REL EDU HLH LAB AGR REF "
    "CRM UAF PRM PRE".split()
)
PSEUDO_COUNTRIES = frozenset({"UNO", "EUR", "IGO"})
_DATE = re.compile(r"^\d{4}(-\d{2}(-\d{2})?)?$")
_ISO3 = re.compile(r"^[A-Z]{3}$")


def _as_date_text(value: Any) -> Any:
    """YAML reads 2006-05-20 as a date and 2019 as an int; keep both as text."""
    if isinstance(value, (dt.date, int)):
        return value.isoformat() if isinstance(value, dt.date) else str(value)
    return value


class Role(BaseModel):
    """A dated office: lets 'the Iraqi prime minister' resolve by publication date."""

    model_config = ConfigDict(extra="forbid")
    title: str
    org: str | None = None
    start: str | None = None
    end: str | None = None
    sector: str = "GOV"

    _dates = field_validator("start", "end", mode="before")(_as_date_text)

    @field_validator("start", "end")
    @classmethod
    def _check_date(cls, value: str | None) -> str | None:
        if value is not None and not _DATE.match(value):
            raise ValueError(f"date {value!r} is not YYYY, YYYY-MM or YYYY-MM-DD")
        return value

    @field_validator("sector")
    @classmethod
    def _check_sector(cls, value: str) -> str:
        if value not in SECTORS:
            raise ValueError(f"unknown sector {value!r}")
        return value

    def holds_on(self, day: dt.date) -> bool:
        """True when the role was held on `day` (partial dates widen to their whole period)."""
        if self.start is None:
            return False
        if _lower_bound(self.start) > day:
            return False
        return self.end is None or _upper_bound(self.end) >= day


def _lower_bound(text: str) -> dt.date:
    parts = [int(p) for p in text.split("-")] + [1, 1]
    return dt.date(parts[0], parts[1], parts[2])


def _upper_bound(text: str) -> dt.date:
    parts = [int(p) for p in text.split("-")]
    if len(parts) == 3:
        return dt.date(*parts)
    if len(parts) == 2:
        nxt = dt.date(parts[0] + parts[1] // 12, parts[1] % 12 + 1, 1)
        return nxt - dt.timedelta(days=1)
    return dt.date(parts[0], 12, 31)


class Entry(BaseModel):
    """One actor of the KB as written in YAML."""

    model_config = ConfigDict(extra="forbid")
    id: str
    name: str
    kind: Kind
    country: str | None = None
    sector: str | None = None
    cameo: str | None = None
    wikidata: str | None = None
    aliases: list[str] = []
    part_of: str | None = None
    roles: list[Role] = []

    @field_validator("id")
    @classmethod
    def _check_id(cls, value: str) -> str:
        if not re.match(r"^[a-z0-9]+(-[a-z0-9]+)*$", value):
            raise ValueError(f"id {value!r} is not lowercase kebab-case")
        return value

    @field_validator("country")
    @classmethod
    def _check_country(cls, value: str | None) -> str | None:
        if value is not None and not _ISO3.match(value):
            raise ValueError(f"country {value!r} is not an ISO-3 code")
        return value

    @field_validator("sector")
    @classmethod
    def _check_sector(cls, value: str | None) -> str | None:
        if value is not None and value not in SECTORS:
            raise ValueError(f"unknown sector {value!r}")
        return value

    @field_validator("wikidata")
    @classmethod
    def _check_qid(cls, value: str | None) -> str | None:
        if value is not None and not re.match(r"^Q[1-9]\d*$", value):
            raise ValueError(f"wikidata {value!r} is not a Q-id")
        return value

    @property
    def cameo_code(self) -> str | None:
        if self.cameo:
            return self.cameo
        if self.country is None:
            return self.sector
        return self.country + (self.sector or "")

    def sector_on(self, day: dt.date) -> str | None:
        """The sector of the role held on `day`; else, for someone whose standing is government
        office but who was between offices that day, ELI (a former office-holder); else the
        entry's standing sector."""
        for role in self.roles:
            if role.holds_on(day):
                return role.sector
        if self.sector == "GOV" and any(r.end and _upper_bound(r.end) < day for r in self.roles):
            return "ELI"
        return self.sector


class CountryRecord(BaseModel):
    """A state as written in countries.yaml."""

    model_config = ConfigDict(extra="forbid")
    iso3: str
    name: str
    aliases: list[str] = []
    wikidata: str | None = None
    capital: str | None = None
    capital_aliases: list[str] = []
    demonyms: list[str] = []
    seats: list[str] = []
    government_aliases: list[str] = []
    un_member: bool = True

    @field_validator("iso3")
    @classmethod
    def _check_iso3(cls, value: str) -> str:
        if not _ISO3.match(value):
            raise ValueError(f"iso3 {value!r} is not an ISO-3 code")
        return value


def _expand_country(rec: CountryRecord) -> list[Entry]:
    """A country record gives the state, its government and its military."""
    code = rec.iso3.lower()
    return [
        Entry(id=code, name=rec.name, kind="country", country=rec.iso3, wikidata=rec.wikidata,
              aliases=rec.aliases),
        Entry(id=f"{code}-gov", name=f"Government of {rec.name}", kind="government",
              country=rec.iso3, sector="GOV",
              aliases=[f"{rec.name} government", *rec.government_aliases]),
        Entry(id=f"{code}-mil", name=f"Armed Forces of {rec.name}", kind="military",
              country=rec.iso3, sector="MIL", aliases=[f"{rec.name} armed forces"]),
    ]


@dataclass
class KnowledgeBase:
    """Validated actors plus the indexes the ruler and the resolver need."""

    actors: dict[str, Entry] = field(default_factory=dict)
    countries: dict[str, CountryRecord] = field(default_factory=dict)
    by_key: dict[str, list[str]] = field(default_factory=lambda: defaultdict(list))
    demonyms: dict[str, str] = field(default_factory=dict)
    capitals: dict[str, str] = field(default_factory=dict)
    seats: dict[str, str] = field(default_factory=dict)
    sources: dict[str, str] = field(default_factory=dict)
    _roles: dict[tuple[str, str], list[tuple[Entry, Role]]] = field(
        default_factory=lambda: defaultdict(list))

    def add(self, entry: Entry, source: str) -> None:
        if entry.id in self.actors:
            raise KBError(f"{source}: entry {entry.id!r}: id already defined in "
                          f"{self.sources[entry.id]}")
        self.actors[entry.id] = entry
        self.sources[entry.id] = source
        for name in [entry.name, *entry.aliases]:
            key = norm_key(name)
            if key and entry.id not in self.by_key[key]:
                self.by_key[key].append(entry.id)

    def lookup(self, name: str) -> list[Entry]:
        """Actors whose name or alias folds to the same key as `name`."""
        return [self.actors[i] for i in self.by_key.get(norm_key(name), [])]

    def holders(self, title_key: str, country: str, day: dt.date) -> list[Entry]:
        """People holding a government office with this (folded) title in `country` on `day`."""
        if not self._roles:
            for entry in self.actors.values():
                for role in entry.roles:
                    org = self.actors.get(role.org or "")
                    if org is not None and org.kind == "government" and org.country:
                        self._roles[(norm_key(role.title), org.country)].append((entry, role))
        return list({e.id: e for e, role in self._roles.get((title_key, country), [])
                     if role.holds_on(day)}.values())

    def reference_errors(self) -> list[str]:
        """Second pass: every part_of and role org must name a known actor."""
        found = []
        for entry in self.actors.values():
            for ref in [entry.part_of] + [r.org for r in entry.roles]:
                if ref is not None and ref not in self.actors:
                    found.append(f"{self.sources[entry.id]}: entry {entry.id!r}: "
                                 f"unknown actor id {ref!r}")
        return found


def _read_yaml(path: Path) -> list[dict[str, Any]]:
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
    except yaml.YAMLError as exc:
        raise KBError(f"{path.name}: not valid YAML: {exc}".replace("\n", " ")) from exc
    if data is None:
        return []
    if not isinstance(data, list):
        raise KBError(f"{path.name}: top level must be a list of entries")
    return data


def _validation_message(exc: ValidationError) -> str:
    err = exc.errors()[0]
    where = ".".join(str(p) for p in err["loc"])
    return f"{where}: {err['msg']}" if where else err["msg"]


def load_kb_from(folder: Path, errors: list[str] | None = None) -> KnowledgeBase:
    """Read and validate every YAML file in `folder`; errors name file and entry.

    With `errors` given, bad entries are skipped and reported there instead of raising, so one
    run lists every problem.
    """
    kb = KnowledgeBase()

    def fail(message: str) -> None:
        if errors is None:
            raise KBError(message)
        errors.append(message)

    country_file = folder / "countries.yaml"
    if country_file.exists():
        for i, raw in enumerate(_read_yaml(country_file)):
            try:
                rec = CountryRecord.model_validate(raw)
            except ValidationError as exc:
                name = raw.get("iso3", "?") if isinstance(raw, dict) else "?"
                fail(f"countries.yaml: entry {i} ({name}): {_validation_message(exc)}")
                continue
            kb.countries[rec.iso3] = rec
            for entry in _expand_country(rec):
                kb.add(entry, "countries.yaml")
            for name in rec.demonyms:
                kb.demonyms.setdefault(norm_key(name), rec.iso3)
            for name in [rec.capital or "", *rec.capital_aliases]:
                if name:
                    kb.capitals.setdefault(norm_key(name), rec.iso3)
            for name in rec.seats:
                kb.seats.setdefault(norm_key(name), rec.iso3)
    for path in sorted(folder.glob("*.yaml")):
        if path.name == "countries.yaml":
            continue
        try:
            raws = _read_yaml(path)
        except KBError as exc:
            fail(str(exc))
            continue
        for i, raw in enumerate(raws):
            try:
                entry = Entry.model_validate(raw)
                kb.add(entry, path.name)
            except ValidationError as exc:
                name = raw.get("id", "?") if isinstance(raw, dict) else "?"
                fail(f"{path.name}: entry {i} ({name}): {_validation_message(exc)}")
            except KBError as exc:
                fail(str(exc))
    for message in kb.reference_errors():
        fail(message)
    return kb


@lru_cache(maxsize=1)
def load_kb() -> KnowledgeBase:
    """The packaged KB, loaded once per process."""
    return load_kb_from(KB_DIR)
