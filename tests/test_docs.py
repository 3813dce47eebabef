"""Everything declared once is documented: settings, tables, columns, commands."""

from pathlib import Path

from typer.testing import CliRunner

from dashboard.cli import app
from dashboard.docs import render
from dashboard.schema import STORED_TABLES
from dashboard.settings import ENV_PREFIX, Settings, describe

README = Path(__file__).resolve().parent.parent / "README.md"


def test_readme_generated_sections_are_current():
    text = README.read_text(encoding="utf-8")
    assert render(text) == text, "README is out of date: run python -m dashboard docs"


def test_every_setting_and_column_is_in_the_readme():
    text = README.read_text(encoding="utf-8")
    for row in describe():
        assert f"`{row['env']}`" in text
    for table in STORED_TABLES.values():  # the derived tables (mention_counts) too
        assert f"`{table.name}`" in text
        for column in table.columns:
            assert f"| `{column.name}` |" in text, f"{table.name}.{column.name} is undocumented"


def test_every_command_is_documented_in_the_readme():
    text = README.read_text(encoding="utf-8")
    for command in app.registered_commands:
        name = command.name or command.callback.__name__
        assert f"python -m dashboard" in text and name in text, f"command {name} is undocumented"


def test_settings_from_environment_and_bad_values():
    s = Settings.from_env({f"{ENV_PREFIX}N_PROCESS": "3", f"{ENV_PREFIX}DATA_DIR": "/tmp/x"})
    assert s.n_process == 3 and str(s.data_dir) == "/tmp/x"
    try:
        Settings.from_env({f"{ENV_PREFIX}N_PROCESS": "many"})
    except ValueError as exc:
        assert "NEWSDASH_N_PROCESS" in str(exc)
    else:
        raise AssertionError("a bad integer must raise")


def test_cli_help_lists_commands():
    result = CliRunner().invoke(app, ["--help"])
    assert result.exit_code == 0
    for name in ("build", "schema", "settings", "docs"):
        assert name in result.output
