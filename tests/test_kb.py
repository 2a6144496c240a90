import datetime as dt
from collections import Counter

import pytest

from claimgraph.actors.kb import KB_DIR, load_kb, load_kb_from
from claimgraph.actors.normalize import norm_key
from claimgraph.errors import KBError


@pytest.fixture(scope="module")
def kb():
    return load_kb()


def test_kb_size_and_coverage(kb):
    assert len(kb.actors) >= 800
    assert sum(1 for c in kb.countries.values() if c.un_member) == 193
    kinds = Counter(a.kind for a in kb.actors.values())
    assert kinds["person"] >= 300
    for iso in ("IRN", "IRQ", "SYR", "LBN", "YEM", "ISR", "PSE", "TUR", "SAU", "USA", "RUS"):
        assert f"{iso.lower()}-gov" in kb.actors and f"{iso.lower()}-mil" in kb.actors


@pytest.mark.parametrize("name,country,sector", [
    ("IRGC", "IRN", "MIL"), ("Quds Force", "IRN", "MIL"), ("PMF", "IRQ", "MIL"),
    ("Popular Mobilization Forces", "IRQ", "MIL"), ("Kataib Hezbollah", "IRQ", None),
    ("Houthis", "YEM", "REB"), ("Coordination Framework", "IRQ", "PTY"),
    ("NCRI", "IRN", "OPP"), ("Hamas", "PSE", None), ("NATO", None, None),
    ("IAEA", "UNO", None), ("SDF", "SYR", "REB"), ("Sadrist Movement", "IRQ", "PTY"),
])
def test_key_actors(kb, name, country, sector):
    found = kb.lookup(name)
    assert found, name
    entry = found[0]
    if country:
        assert entry.country == country
    if sector:
        assert entry.sector == sector


def test_transliteration_variants_fold_to_one_key(kb):
    assert norm_key("al-Maliki") == norm_key("Al Maliki")
    assert norm_key("Erdoğan") == norm_key("Erdogan")
    names = ("Nouri al-Maliki", "Nuri al-Maliki", "Maliki")
    ids = {e.id for name in names for e in kb.lookup(name)}
    assert len(ids) == 1


def test_roles_resolve_by_date(kb):
    holders_2024 = kb.holders("prime minister", "IRQ", dt.date(2024, 5, 1))
    holders_2010 = kb.holders("prime minister", "IRQ", dt.date(2010, 5, 1))
    assert [h.id for h in holders_2024] == ["mohammed-shia-al-sudani"]
    assert [h.id for h in holders_2010] == ["nouri-al-maliki"]


def test_wikidata_ids_are_well_formed_and_unique(kb):
    seen = Counter(a.wikidata for a in kb.actors.values() if a.wikidata)
    assert [q for q, n in seen.items() if n > 1] == []


def test_bad_entry_names_file_and_entry(tmp_path):
    (tmp_path / "bad.yaml").write_text("- id: x-y\n  name: X\n  kind: person\n  country: Iran\n")
    with pytest.raises(KBError, match=r"bad.yaml: entry 0 \(x-y\): country"):
        load_kb_from(tmp_path)


def test_unknown_reference_is_reported(tmp_path):
    (tmp_path / "a.yaml").write_text(
        "- id: someone\n  name: Some One\n  kind: person\n"
        "  roles: [{title: President, org: nowhere-gov, start: 2001}]\n")
    with pytest.raises(KBError, match="unknown actor id 'nowhere-gov'"):
        load_kb_from(tmp_path)


def test_duplicate_id_is_refused(tmp_path):
    entry = "- id: dup\n  name: Dup\n  kind: ngo\n"
    (tmp_path / "a.yaml").write_text(entry)
    (tmp_path / "b.yaml").write_text(entry)
    with pytest.raises(KBError, match="b.yaml: entry 'dup': id already defined in a.yaml"):
        load_kb_from(tmp_path)


def test_packaged_kb_has_no_errors():
    errors: list[str] = []
    load_kb_from(KB_DIR, errors)
    assert errors == []
