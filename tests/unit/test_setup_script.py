"""scripts/setup ends by saying how to run the application it installed."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def test_setup_prints_how_to_run_workshop_tui(tmp_path: Path) -> None:
    # A copy of the script in a scratch checkout whose .venv "python" only succeeds:
    # the script's own steps run, pip does not.
    (tmp_path / "scripts").mkdir()
    shutil.copy(ROOT / "scripts" / "setup", tmp_path / "scripts" / "setup")
    fake_python = tmp_path / ".venv" / "bin" / "python"
    fake_python.parent.mkdir(parents=True)
    fake_python.write_text("#!/bin/sh\nexit 0\n")
    fake_python.chmod(0o755)
    result = subprocess.run(
        ["bash", str(tmp_path / "scripts" / "setup")],
        capture_output=True,
        text=True,
        check=True,
        timeout=60,
    )
    lines = [line for line in result.stdout.splitlines() if line.strip()]
    assert lines, "setup printed nothing"
    assert any(".venv/bin/workshop-tui" in line for line in lines[-3:])


def test_readme_says_how_to_run_it_after_setup() -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    assert ".venv/bin/workshop-tui" in readme


def test_setup_asks_pip_again_only_when_pyproject_changes(tmp_path: Path) -> None:
    # The scratch checkout's .venv "python" writes down each pip call instead of running it.
    (tmp_path / "scripts").mkdir()
    shutil.copy(ROOT / "scripts" / "setup", tmp_path / "scripts" / "setup")
    (tmp_path / "pyproject.toml").write_text('[project]\nname = "x"\n')
    calls = tmp_path / "calls"
    fake_python = tmp_path / ".venv" / "bin" / "python"
    fake_python.parent.mkdir(parents=True)
    fake_python.write_text(f'#!/bin/sh\necho "$*" >> {calls}\n')
    fake_python.chmod(0o755)

    def setup(*args: str) -> list[str]:
        calls.write_text("")
        subprocess.run(
            ["bash", str(tmp_path / "scripts" / "setup"), *args],
            capture_output=True,
            check=True,
            timeout=60,
        )
        return calls.read_text().splitlines()

    assert any("install" in call and "-e .[test]" in call for call in setup("--test"))
    assert setup("--test") == []  # nothing changed: pip is not asked
    assert any("-e ." in call for call in setup())  # other extras: installed again
    (tmp_path / "pyproject.toml").write_text('[project]\nname = "x"\nversion = "2"\n')
    assert any("-e ." in call for call in setup())  # pyproject.toml changed
    assert setup() == []
