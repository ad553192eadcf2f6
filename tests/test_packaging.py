"""tracker as a user installs it: a wheel, installed outside the checkout, that migrates, ingests and serves.

The wheel is built from a copy of the source without network or build isolation, and
installed into a fresh virtual environment that sees tracker's dependencies through the
test environment's site-packages (a plain path in a .pth file, so the checkout's
editable install stays invisible). Everything then runs from a directory outside the
checkout, so a file the package needs but does not ship fails here.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import sysconfig
import zipfile
from pathlib import Path

import pytest

pytestmark = pytest.mark.slow

REPO_ROOT = Path(__file__).resolve().parents[1]
SEED = REPO_ROOT / "tests" / "fixtures" / "seed-article.txt"
NOT_SOURCE = shutil.ignore_patterns(".venv", ".git", "build", "dist", "*.egg-info", "__pycache__", ".pytest_cache",
                                    ".mypy_cache", ".ruff_cache", "*.sqlite3*")


def run(*command: str | Path, cwd: Path, env: dict[str, str] | None = None, timeout: float = 300) -> str:
    result = subprocess.run([str(c) for c in command], cwd=cwd, env=env, capture_output=True, text=True,
                            timeout=timeout, check=False)
    assert result.returncode == 0, f"{command} failed:\n{result.stdout}\n{result.stderr}"
    return result.stdout + result.stderr


@pytest.fixture(scope="module")
def wheel(tmp_path_factory: pytest.TempPathFactory) -> Path:
    work = tmp_path_factory.mktemp("wheel")
    source = work / "source"
    shutil.copytree(REPO_ROOT, source, symlinks=True, ignore=NOT_SOURCE)
    output = run(sys.executable, "-m", "pip", "wheel", "--quiet", "--no-deps", "--no-index", "--no-build-isolation",
                 "--wheel-dir", work / "dist", source, cwd=work)
    assert "warning" not in output.lower(), f"building the wheel warned:\n{output}"
    [built] = (work / "dist").glob("tracker-*.whl")
    return built


def test_the_wheel_holds_every_file_the_package_reads(wheel: Path) -> None:
    shipped = set(zipfile.ZipFile(wheel).namelist())
    package = REPO_ROOT / "tracker"
    wanted = {
        path.relative_to(REPO_ROOT).as_posix()
        for path in package.rglob("*")
        if path.is_file() and "__pycache__" not in path.parts and path.suffix not in {".pyc", ".pyo"}
    }
    assert wanted - shipped == set(), "add these to [options.package_data] in setup.cfg"


def test_installed_outside_the_checkout_it_migrates_ingests_and_serves(wheel: Path, tmp_path: Path) -> None:
    venv = tmp_path / "venv"
    run(sys.executable, "-m", "venv", "--without-pip", venv, cwd=tmp_path)
    python = venv / "bin" / "python"
    site = Path(run(python, "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])", cwd=tmp_path).strip())
    # The dependencies, from the environment running these tests (a path line: its .pth files are not read).
    paths = dict.fromkeys([sysconfig.get_paths()["purelib"], sysconfig.get_paths()["platlib"]])
    (site / "zz_tracker_dependencies.pth").write_text("".join(f"{p}\n" for p in paths), encoding="utf-8")
    output = run(sys.executable, "-m", "pip", "--python", python, "install", "--quiet", "--no-deps", "--no-index",
                 wheel, cwd=tmp_path)
    assert "warning" not in output.lower(), output

    home = tmp_path / "elsewhere"
    (home / "seeds").mkdir(parents=True)
    shutil.copy(SEED, home / "seeds" / "000_seed.txt")
    env = {
        "PATH": f"{venv / 'bin'}{os.pathsep}{os.environ.get('PATH', '')}",
        "HOME": str(home),
        "XDG_DATA_HOME": str(home / "data"),
        "TRACKER_DATABASE_URL": f"sqlite:///{home / 'tracker.sqlite3'}",
        "LANG": "C.UTF-8",
    }
    where = run(python, "-c", "import tracker; print(tracker.__file__)", cwd=home, env=env)
    assert Path(where.strip()).is_relative_to(venv), f"tracker imported from {where}, not the installed wheel"

    assert "is at revision head" in run(venv / "bin" / "tracker", "db", "upgrade", cwd=home, env=env)
    ingested = run(venv / "bin" / "tracker", "ingest", "--seeds", "seeds", "--no-progress", cwd=home, env=env)
    assert "1 files, articles 1 new" in ingested

    page = """
from tracker.web import create_app
client = create_app().test_client()
ledger = client.get("/ledger/USA/IND")
assert ledger.status_code == 200 and "Trump slapped 50% tariffs on India" in ledger.text, ledger.status_code
for path in ("/static/style.css", "/kinds.css", "/feeds", "/ledger/USA/IND.csv"):
    assert client.get(path).status_code == 200, path
print("served")
"""
    assert "served" in run(python, "-c", page, cwd=home, env=env)


def test_an_editable_install_says_nothing(tmp_path: Path) -> None:
    """`make` installs with `pip install --quiet -e .`: setuptools has nothing to warn about."""
    source = tmp_path / "source"
    shutil.copytree(REPO_ROOT, source, symlinks=True, ignore=NOT_SOURCE)
    venv = tmp_path / "venv"
    run(sys.executable, "-m", "venv", "--without-pip", venv, cwd=tmp_path)
    python = venv / "bin" / "python"
    site = Path(run(python, "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])", cwd=tmp_path).strip())
    # setuptools (the build backend) from the environment running these tests, as in the wheel test.
    (site / "zz_build_tools.pth").write_text(f"{sysconfig.get_paths()['purelib']}\n", encoding="utf-8")
    output = run(sys.executable, "-m", "pip", "--python", python, "install", "--quiet", "--no-deps",
                 "--no-index", "--no-build-isolation", "-e", source, cwd=tmp_path)
    assert output.strip() == "", f"pip install -e . printed:\n{output}"
