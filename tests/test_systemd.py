"""systemd/onfile.service: a hardened Type=notify user unit that `systemd-analyze verify` accepts
silently and `systemd-analyze security --offline=yes --user` rates 2.0 or better."""

import re
import shutil
import subprocess
import sys
from collections import defaultdict
from pathlib import Path

import pytest

UNIT = Path(__file__).resolve().parent.parent / "systemd" / "onfile.service"
ANALYZE = shutil.which("systemd-analyze")
needs_analyze = pytest.mark.skipif(ANALYZE is None, reason="systemd-analyze is not installed")


def _settings(text: str) -> dict[str, list[str]]:
    """Section.Key -> every value given (systemd allows a key more than once)."""
    found: dict[str, list[str]] = defaultdict(list)
    section = ""
    for line in text.splitlines():
        line = line.strip()
        if not line or line.startswith(("#", ";")):
            continue
        if line.startswith("["):
            section = line.strip("[]")
            continue
        key, _, value = line.partition("=")
        found[f"{section}.{key.strip()}"].append(value.strip())
    return found


@pytest.fixture
def unit_copy(tmp_path: Path) -> Path:
    """The unit with ExecStart pointing at this venv's onfile (verify checks it exists)."""
    onfile = Path(sys.executable).parent / "onfile"
    assert onfile.exists(), "install the package into the venv (pip install -e .)"
    copy = tmp_path / "onfile.service"
    copy.write_text(UNIT.read_text().replace("%h/.local/bin/onfile", str(onfile)))
    return copy


@pytest.fixture
def runtime_dir(tmp_path: Path) -> dict[str, str]:
    """--user needs XDG_RUNTIME_DIR (a 0700 directory), even offline."""
    folder = tmp_path / "runtime"
    folder.mkdir(mode=0o700)
    return {"XDG_RUNTIME_DIR": str(folder), "PATH": "/usr/bin:/bin", "LANG": "C.UTF-8"}


def test_unit_promises() -> None:
    """notify with a watchdog, restart on failure but not on a bad config, reload by SIGHUP,
    the installed onfile as ExecStart, enabled by default.target."""
    unit = _settings(UNIT.read_text())
    assert unit["Service.Type"] == ["notify"]
    assert unit["Service.ExecStart"] == ["%h/.local/bin/onfile run"]
    assert unit["Service.ExecReload"] == ["/bin/kill -HUP $MAINPID"]
    assert unit["Service.Restart"] == ["on-failure"]
    assert unit["Service.RestartPreventExitStatus"] == ["78"]
    assert re.fullmatch(r"\d+", unit["Service.WatchdogSec"][0])
    assert unit["Service.ProtectHome"] == ["read-only"]
    assert unit["Service.ReadWritePaths"] == ["%h/.local/state/onfile"]
    assert unit["Install.WantedBy"] == ["default.target"]


@needs_analyze
def test_verify_prints_nothing(unit_copy: Path, runtime_dir: dict[str, str]) -> None:
    """`systemd-analyze verify --user` exits 0 and prints nothing (warnings would print)."""
    assert ANALYZE is not None
    done = subprocess.run(
        [ANALYZE, "verify", "--user", "--man=no", str(unit_copy)],
        env=runtime_dir,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert (done.returncode, done.stdout, done.stderr) == (0, "", "")


@needs_analyze
def test_security_exposure_is_2_or_lower(unit_copy: Path, runtime_dir: dict[str, str]) -> None:
    """`systemd-analyze security --offline=yes --user` rates the unit 2.0 or lower."""
    assert ANALYZE is not None
    done = subprocess.run(
        [ANALYZE, "security", "--offline=yes", "--user", str(unit_copy)],
        env=runtime_dir,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    found = re.search(r"Overall exposure level for onfile\.service: ([\d.]+) (\w+)", done.stdout)
    assert found, done.stdout
    assert float(found.group(1)) <= 2.0, done.stdout
