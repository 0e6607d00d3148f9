"""The one settings object: defaults, environment variables, and a clear error for a
bad value, when the definitions load."""
from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from pipeline.definitions import build_definitions
from pipeline.settings import PipelineSettings, SettingsError

ROOT = Path(__file__).resolve().parent.parent


def test_defaults_and_environment() -> None:
    assert PipelineSettings.from_env({}) == PipelineSettings()
    s = PipelineSettings.from_env({"PIPELINE_MAX_FILE_BYTES": "1_000", "PIPELINE_MAX_JSONL_LINES": " 7 ",
                                   "PIPELINE_MAX_ARTICLE_CHARS": "", "PIPELINE_EXTRACT_TIMEOUT_S": "2.5",
                                   "PIPELINE_RAW_DIR": "s3://bucket/articles"})
    assert (s.max_file_bytes, s.max_jsonl_lines, s.max_article_chars) == (1000, 7, 500_000)
    assert s.extract_timeout_s == 2.5 and s.limits.max_file_bytes == 1000
    assert s.raw_storage().kind == "object" and s.output_storage().kind == "local"


@pytest.mark.parametrize("var, value, says", [
    ("PIPELINE_MAX_FILE_BYTES", "lots", "valid integer"),
    ("PIPELINE_MAX_JSONL_LINES", "0", "greater than 0"),
    ("PIPELINE_EXTRACT_PROCESSES", "-1", "greater than or equal to 0"),
    ("PIPELINE_EXTRACT_TIMEOUT_S", "soon", "valid number"),
    ("PIPELINE_MAX_ROW_LOSS_SHARE", "1.5", "less than or equal to 1"),
    ("PIPELINE_SENSOR_INTERVAL_S", "0", "greater than or equal to 1"),
])
def test_a_bad_value_names_the_variable(var: str, value: str, says: str) -> None:
    with pytest.raises(SettingsError, match=f"{var}='{value}'.*{says}"):
        PipelineSettings.from_env({var: value})


def test_fields_are_validated_however_settings_are_made() -> None:
    with pytest.raises(ValueError, match="greater than 0"):
        PipelineSettings(max_article_chars=0)
    with pytest.raises(ValueError, match="not be empty"):
        PipelineSettings(output_dir=" ")


def test_settings_are_read_when_definitions_load(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("PIPELINE_SENSOR_INTERVAL_S", "7")
    defs = build_definitions()
    assert defs.resolve_sensor_def("raw_folder_sensor").minimum_interval_seconds == 7
    monkeypatch.setenv("PIPELINE_MAX_FILE_BYTES", "-5")
    with pytest.raises(SettingsError, match="PIPELINE_MAX_FILE_BYTES"):
        build_definitions()


@pytest.mark.slow
def test_make_run_stops_with_the_message(tmp_path: Path) -> None:
    env = {"PATH": "/usr/bin:/bin", "DAGSTER_HOME": str(tmp_path), "PIPELINE_MAX_ROW_LOSS_SHARE": "2"}
    proc = subprocess.run([sys.executable, "-m", "pipeline.runlog"], cwd=ROOT, env=env,
                          capture_output=True, text=True, timeout=120)
    assert proc.returncode == 2
    assert "PIPELINE_MAX_ROW_LOSS_SHARE='2'" in proc.stderr and "Traceback" not in proc.stderr
