"""Where files live: the bundled ones beside the package, the user's in WINWIN_HOME."""

import os
from pathlib import Path
from typing import Literal

import platformdirs

FileKind = Literal["scenarios", "personas", "prompts"]

_PACKAGE = Path(__file__).resolve().parent.parent


def bundled_dir(kind: FileKind) -> Path:
    """The bundled folder: inside an installed wheel, or at the top of a source checkout."""
    installed = _PACKAGE / "_bundled" / kind
    return installed if installed.is_dir() else _PACKAGE.parent / kind


def user_home() -> Path:
    """The user's winwin folder: WINWIN_HOME, or the per-user data folder of this OS."""
    configured = os.environ.get("WINWIN_HOME", "").strip()
    return Path(configured).expanduser() if configured else Path(platformdirs.user_data_dir("winwin", appauthor=False))


def user_dir(kind: FileKind) -> Path:
    return user_home() / kind
