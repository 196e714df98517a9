"""Backups of the database and the uploaded media, and restoring them.

On SQLite the copy is made with SQLite's online backup API, so it is
consistent while the site keeps serving and writing. On PostgreSQL it is
``pg_dump --format=custom``, restored with ``pg_restore --clean``. Media go
into a tar archive beside it, and ``manifest.json`` says what the backup holds
and the database copy's SHA-256, which ``restore`` checks first.
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import sqlite3
import subprocess
import tarfile
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any

from django.conf import settings
from django.db import connection
from django.db.migrations.recorder import MigrationRecorder
from django.utils import timezone
from django.utils.translation import gettext as _

from gazette.core.errors import DomainError

MANIFEST = "manifest.json"
MEDIA_ARCHIVE = "media.tar.gz"
FORMAT = 1


class BackupError(DomainError):
    code = "backup_failed"


@dataclass(frozen=True)
class Backup:
    folder: Path
    database: Path
    media_files: int


def _engine() -> str:
    return "postgresql" if connection.vendor == "postgresql" else "sqlite"


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as data:
        for block in iter(lambda: data.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def _pg_env() -> tuple[list[str], dict[str, str]]:
    """libpq arguments and environment for the configured PostgreSQL database."""
    db = connection.settings_dict
    env = {**os.environ}
    if db.get("PASSWORD"):
        env["PGPASSWORD"] = str(db["PASSWORD"])
    args = [f"--dbname={db['NAME']}"]
    for flag, key in (("--host", "HOST"), ("--port", "PORT"), ("--username", "USER")):
        if db.get(key):
            args.append(f"{flag}={db[key]}")
    return args, env


def _run(command: list[str], env: dict[str, str] | None = None) -> None:
    if shutil.which(command[0]) is None:
        raise BackupError(
            _("%(tool)s is not installed; install PostgreSQL's client tools.")
            % {"tool": command[0]}
        )
    done = subprocess.run(  # noqa: S603 - fixed tools, arguments from settings
        command, env=env, capture_output=True, text=True, check=False
    )
    if done.returncode != 0:
        raise BackupError(f"{command[0]}: {done.stderr.strip()[-500:]}")


def _copy_database(target: Path) -> Path:
    if _engine() == "postgresql":
        dump = target / "database.pgdump"
        args, env = _pg_env()
        _run(["pg_dump", "--format=custom", "--no-owner", f"--file={dump}", *args], env)
        return dump
    copy = target / "gazette.sqlite3"
    _sqlite_copy(Path(connection.settings_dict["NAME"]), copy)
    return copy


def _sqlite_copy(source_path: Path, destination_path: Path) -> None:
    """SQLite's online backup: a consistent copy even while others write."""
    source = sqlite3.connect(str(source_path))
    destination = sqlite3.connect(str(destination_path))
    try:
        with destination:
            source.backup(destination, pages=4096)
    finally:
        destination.close()
        source.close()


def _archive_media(target: Path) -> int:
    media = Path(settings.MEDIA_ROOT)
    count = 0
    with tarfile.open(target / MEDIA_ARCHIVE, "w:gz") as archive:
        if media.is_dir():
            for path in sorted(media.rglob("*")):
                if path.is_file():
                    archive.add(path, arcname=str(path.relative_to(media)))
                    count += 1
    return count


def backup(folder: Path | None = None) -> Backup:
    """Back up the database and media into ``folder`` (default: a new dated one)."""
    stamp = timezone.now().strftime("%Y%m%d-%H%M%S")
    target = folder or Path(settings.DATA_DIR) / "backups" / stamp
    if target.exists() and any(target.iterdir()):
        raise BackupError(_("%(folder)s is not empty.") % {"folder": target})
    target.mkdir(parents=True, exist_ok=True)
    database = _copy_database(target)
    media_files = _archive_media(target)
    manifest = {
        "format": FORMAT,
        "created_at": timezone.now().isoformat(),
        "engine": _engine(),
        "database": database.name,
        "sha256": _sha256(database),
        "media_files": media_files,
        "migrations": _latest_migrations(),
    }
    (target / MANIFEST).write_text(json.dumps(manifest, indent=2), encoding="utf-8")
    return Backup(target, database, media_files)


def _latest_migrations() -> dict[str, str]:
    latest: dict[str, str] = {}
    for app, name in MigrationRecorder(connection).applied_migrations():
        latest[app] = max(latest.get(app, ""), name)
    return dict(sorted(latest.items()))


def read_manifest(folder: Path) -> dict[str, Any]:
    """The backup's manifest, checked against its files; BackupError if not."""
    try:
        manifest: dict[str, Any] = json.loads(
            (folder / MANIFEST).read_text(encoding="utf-8")
        )
    except (OSError, ValueError):
        raise BackupError(
            _("%(folder)s has no readable manifest.json: not a Gazette backup.")
            % {"folder": folder}
        ) from None
    if manifest.get("format") != FORMAT:
        raise BackupError(_("This backup's format is not one this Gazette reads."))
    if manifest.get("engine") != _engine():
        raise BackupError(
            _("This is a %(found)s backup; this site runs on %(here)s.")
            % {"found": manifest.get("engine"), "here": _engine()}
        )
    database = folder / str(manifest.get("database"))
    if not database.is_file() or _sha256(database) != manifest.get("sha256"):
        raise BackupError(
            _("The database copy is missing or damaged (its checksum differs).")
        )
    return manifest


def restore(folder: Path) -> dict[str, Any]:
    """Replace the database and media with the backup's. Stop the site first.

    The media that were there are moved aside (``media.before-restore-…``),
    never deleted.
    """
    manifest = read_manifest(folder)
    database = folder / str(manifest["database"])
    connection.close()
    if _engine() == "postgresql":
        args, env = _pg_env()
        _run(
            [
                "pg_restore",
                "--clean",
                "--if-exists",
                "--no-owner",
                *args,
                str(database),
            ],
            env,
        )
    else:
        _sqlite_copy(database, Path(connection.settings_dict["NAME"]))
    _restore_media(folder / MEDIA_ARCHIVE)
    return manifest


def _restore_media(archive: Path) -> None:
    media = Path(settings.MEDIA_ROOT)
    if media.exists() and any(media.iterdir()):
        stamp = datetime.now().strftime("%Y%m%d-%H%M%S")  # noqa: DTZ005 - a folder name
        media.rename(media.with_name(f"{media.name}.before-restore-{stamp}"))
    media.mkdir(parents=True, exist_ok=True)
    with tarfile.open(archive, "r:gz") as files:
        files.extractall(media, filter="data")
