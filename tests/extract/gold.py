"""Where the shared gold sets live, so tests can skip cleanly on a fresh clone."""

from __future__ import annotations

import os
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parents[2]
FIXTURES = Path(__file__).resolve().parent / "fixtures"


def shared_dir() -> Path:
    """`$TRACKER_SHARED_DIR`, else the `shared` directory beside the repository."""
    return Path(os.environ.get("TRACKER_SHARED_DIR") or (REPO_ROOT / ".." / "shared")).resolve()
