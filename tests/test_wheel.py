"""The wheel carries the shipped data, and an installed copy (not the checkout) runs the demo."""

from __future__ import annotations

import os
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

ROOT = Path(__file__).parent.parent
PIP = (sys.executable, "-m", "pip")
DATA = {
    "rules": sorted(p.name for p in (ROOT / "rules").glob("*.toml")),
    "drafts": sorted(p.name for p in (ROOT / "drafts").glob("*.toml")),
    "demo_letters": sorted(p.name for p in (ROOT / "daemon/onfile/demo_letters").glob("*.eml")),
}


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    """(wheel, folder): the wheel built from this checkout and installed into folder/site."""
    folder = tmp_path_factory.mktemp("wheel")
    subprocess.run(
        [*PIP, "wheel", "--no-deps", "--no-build-isolation", "-q", "-w", str(folder), str(ROOT)],
        check=True,
        capture_output=True,
        timeout=300,
    )
    (wheel,) = folder.glob("onfile-*.whl")
    subprocess.run(
        [*PIP, "install", "-q", "--no-deps", "--target", str(folder / "site"), str(wheel)],
        check=True,
        capture_output=True,
        timeout=300,
    )
    return wheel, folder


def run(folder: Path, *args: str) -> subprocess.CompletedProcess[str]:
    """`python ARGS` with only the installed copy on PYTHONPATH, from `folder`, HOME inside it."""
    home = folder / "home"
    env = {"PATH": os.environ.get("PATH", ""), "LANG": "C.UTF-8", "HOME": str(home)}
    env |= {f"XDG_{k}_HOME": str(home / k.lower()) for k in ("CONFIG", "STATE", "DATA", "CACHE")}
    env["PYTHONPATH"] = str(folder / "site")
    return subprocess.run(
        [sys.executable, *args], cwd=folder, env=env, capture_output=True, text=True, timeout=120
    )


def test_wheel_contains_shipped_data(built: tuple[Path, Path]) -> None:
    """Every shipped rule pack, template and demo letter is inside the package in the wheel."""
    names = zipfile.ZipFile(built[0]).namelist()
    for folder, files in DATA.items():
        assert files, folder
        inside = sorted(n.rsplit("/", 1)[1] for n in names if n.startswith(f"onfile/{folder}/"))
        assert [f for f in files if f not in inside] == [], folder


def test_installed_copy_is_what_runs(built: tuple[Path, Path]) -> None:
    """`import onfile` and its shipped data resolve under the install folder, not the checkout."""
    site = built[1] / "site"
    code = "import onfile, onfile.resources as r; print(onfile.__file__); print(r.shipped_dir('rules'))"
    done = run(built[1], "-c", code)
    module, rules = done.stdout.splitlines()
    assert Path(module) == site / "onfile" / "__init__.py"
    assert Path(rules) == site / "onfile" / "rules"


def test_installed_demo_detects_and_drafts(built: tuple[Path, Path]) -> None:
    """`python -m onfile demo` from the installed copy finds rejections and writes drafts."""
    folder = built[1]
    done = run(folder, "-m", "onfile", "demo", "--dir", str(folder / "demo"))
    assert done.returncode == 0 and "Traceback" not in done.stderr, done.stderr
    assert " rejection " in done.stdout
    drafts = list((folder / "demo" / "Mail" / ".Drafts" / "cur").iterdir())
    assert drafts and f"\n{len(drafts)} drafts written to " in done.stdout
    listed = run(folder, "-m", "onfile", "rules", "list")
    sources = {line.split()[-1].rsplit(":", 1)[0] for line in listed.stdout.splitlines()[2:]}
    assert sources == {str(folder / "site" / "onfile" / "rules" / name) for name in DATA["rules"]}
