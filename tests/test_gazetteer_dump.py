"""``python -m dashboard gazetteer add``: GeoNames dump files (written here, in the GeoNames format)
indexed beside the packaged gazetteer, used by the resolver with no other change, a clear error for
other files, and no partial index after an interruption."""

from __future__ import annotations

import shutil
import zipfile

import pytest
from typer.testing import CliRunner

from dashboard import gazetteer as gz
from dashboard.cli import app
from dashboard.gazetteer import Gazetteer, dump
from dashboard.geo import resolve_toponyms
from dashboard.records import Toponym
from dashboard.settings import Settings

#: Invented features in the 19-column GeoNames ``geoname`` format (ids far above GeoNames' own).
VILLAGE = ["990000001", "Pryvitne Zaporizke", "Pryvitne Zaporizke", "Privetnoye Zaporozhskoye,Pryvitne",
           "47.41", "35.52", "P", "PPL", "UA", "", "26", "", "", "", "412", "", "98", "Europe/Zaporozhye", "2024-01-01"]
NAMESAKE = ["990000002", "Pryvitne Zaporizke", "Pryvitne Zaporizke", "", "-33.2", "-60.1", "P", "PPL", "AR",
            "", "21", "", "", "", "80", "", "40", "America/Argentina/Cordoba", "2024-01-01"]
STREAM = ["990000003", "Stepova Balka", "Stepova Balka", "", "47.5", "35.7", "H", "STM", "UA", "", "26", "",
          "", "", "0", "", "90", "Europe/Zaporozhye", "2024-01-01"]


def tsv(rows: list[list[str]]) -> str:
    return "".join("\t".join(r) + "\n" for r in rows)


@pytest.fixture()
def cache(tmp_path, monkeypatch):
    """A cache folder holding the project's packaged gazetteer pickle (no rebuild), set as the
    cache_dir setting."""
    project = Settings.from_env().cache_dir
    Gazetteer.load(project)  # make sure the pickle exists
    shutil.copy(project / gz.cache_file_name(), tmp_path / gz.cache_file_name())
    monkeypatch.setenv("NEWSDASH_CACHE_DIR", str(tmp_path))
    return tmp_path


def country_zip(folder, rows) -> str:
    path = folder / "UA.zip"
    with zipfile.ZipFile(path, "w") as zf:
        zf.writestr("UA.txt", tsv(rows))
        zf.writestr("readme.txt", "readme for UA.txt\n")
    return str(path)


def test_add_country_file_alternate_names_and_codes_then_the_resolver_uses_them(cache, tmp_path):
    alt = tmp_path / "alternateNamesV2.zip"
    with zipfile.ZipFile(alt, "w") as zf:
        zf.writestr("alternateNamesV2.txt", tsv([
            ["1", "990000001", "en", "Pryvitne Village", "1", "", "", "", "", ""],
            ["2", "990000001", "post", "71100", "", "", "", "", "", ""],            # a postcode: not a name
            ["3", "703448", "en", "Kyiv Testgrad", "", "", "", "", "", ""],         # a packaged city's id
        ]))
        zf.writestr("iso-languagecodes.txt", "ISO 639-3\tISO 639-2\n")
    admin1 = tmp_path / "admin1CodesASCII.txt"
    admin1.write_text(tsv([["UA.26", "Zaporizhzhia Oblast", "Zaporizhzhia Oblast", "687699"]]), encoding="utf-8")
    result = CliRunner().invoke(app, ["gazetteer", "add", country_zip(tmp_path, [VILLAGE, NAMESAKE, STREAM]),
                                      str(alt), str(admin1)])
    assert result.exit_code == 0, result.output
    assert "3 features" in result.output and "indexing GeoNames" in result.output  # the progress bar
    assert (cache / dump.INDEX_NAME).is_file() and not list(cache.glob(".*.tmp"))

    gaz = Gazetteer.load(cache)
    assert gaz.dump is not None
    ids = [p.place_id for p in gaz.candidates("Pryvitne Zaporizke")]
    assert sorted(ids) == ["990000001", "990000002"]
    assert [p.place_id for p in gaz.candidates("Pryvitne Village")] == ["990000001"]
    assert gaz.candidates("71100") == []
    assert gaz.place("990000003").feature_code == "STM"
    # an alternate name of a packaged city's GeoNames id returns the packaged entry
    assert [p.place_id for p in gaz.candidates("Kyiv Testgrad")] == ["703448"]
    # the article's geography picks the Ukrainian village over its Argentine namesake
    res = resolve_toponyms([Toponym("Zaporizhzhia", None, "literal"), Toponym("Pryvitne Zaporizke", None, "literal")],
                           gaz)
    assert res[1].place.place_id == "990000001"


def test_not_a_geonames_file_is_a_clear_error_and_leaves_the_index_alone(cache, tmp_path):
    assert CliRunner().invoke(app, ["gazetteer", "add", country_zip(tmp_path, [VILLAGE])]).exit_code == 0
    before = (cache / dump.INDEX_NAME).read_bytes()
    bad = tmp_path / "cities.csv"
    bad.write_text("name,lat,lon\nSpringfield,39.8,-89.6\n", encoding="utf-8")
    result = CliRunner().invoke(app, ["gazetteer", "add", str(bad)])
    assert result.exit_code == 2
    assert "not a GeoNames dump file" in result.output and "cities.csv" in result.output
    assert (cache / dump.INDEX_NAME).read_bytes() == before and not list(cache.glob(".*.tmp"))
    missing = CliRunner().invoke(app, ["gazetteer", "add", str(tmp_path / "allCountries.zip")])
    assert missing.exit_code == 2 and "no such file" in missing.output


def test_an_interrupted_add_leaves_no_partial_index(cache, tmp_path, monkeypatch):
    path = country_zip(tmp_path, [VILLAGE, NAMESAKE])
    dump.add_files([path], cache, progress=False)
    before = (cache / dump.INDEX_NAME).read_bytes()

    def interrupted(*args, **kwargs):
        raise KeyboardInterrupt

    monkeypatch.setattr(dump, "_flush", interrupted)
    with pytest.raises(KeyboardInterrupt):
        dump.add_files([path], cache, progress=False)
    assert (cache / dump.INDEX_NAME).read_bytes() == before
    assert not list(cache.glob(".*.tmp"))

    fresh = tmp_path / "fresh"
    with pytest.raises(KeyboardInterrupt):
        dump.add_files([path], fresh, progress=False)
    assert list(fresh.iterdir()) == []  # no index at all rather than half of one


def test_a_mixed_file_is_rejected_at_the_line_that_breaks_the_format(tmp_path):
    path = tmp_path / "cities500.txt"
    path.write_text(tsv([VILLAGE]) + "Springfield\t39.8\n", encoding="utf-8")
    with pytest.raises(dump.NotGeoNamesError, match="line 2"):
        dump.add_files([path], tmp_path / "cache", progress=False)
    assert not (tmp_path / "cache" / dump.INDEX_NAME).exists()
