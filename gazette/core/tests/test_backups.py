"""Backups: database and media out, and back in, on SQLite or PostgreSQL."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from django.conf import settings
from django.core.management import call_command

from gazette.core.backups import MANIFEST, BackupError, backup, restore
from gazette.discussion.models import Comment
from gazette.discussion.tests import factories

pytestmark = pytest.mark.django_db(transaction=True)


def _media_file(name: str, content: bytes) -> Path:
    path = Path(settings.MEDIA_ROOT) / "original_images" / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(content)
    return path


def test_a_backup_brings_back_comments_and_media(tmp_path: Path) -> None:
    kept = factories.comment(text="Worth keeping.")
    photo = _media_file("quay.jpg", b"\xff\xd8 a photo")
    made = backup(tmp_path / "backup")
    Comment.objects.all().delete()
    photo.write_bytes(b"overwritten")
    factories.comment(text="Written after the backup.")

    restore(made.folder)

    assert list(Comment.objects.values_list("pk", "text")) == [(kept.pk, kept.text)]
    assert photo.read_bytes() == b"\xff\xd8 a photo"
    aside = list(Path(settings.MEDIA_ROOT).parent.glob("*.before-restore-*"))
    assert [p.joinpath("original_images/quay.jpg").read_bytes() for p in aside] == [
        b"overwritten"
    ]


def test_a_damaged_backup_is_refused_and_nothing_changes(tmp_path: Path) -> None:
    factories.comment(text="Here before.")
    made = backup(tmp_path / "backup")
    with made.database.open("r+b") as copy:
        copy.seek(200)
        copy.write(b"garbage")
    factories.comment(text="Here after.")

    with pytest.raises(BackupError, match="checksum"):
        restore(made.folder)

    assert Comment.objects.count() == 2


def test_a_folder_without_a_manifest_is_not_a_backup(tmp_path: Path) -> None:
    with pytest.raises(BackupError, match="not a Gazette backup"):
        restore(tmp_path)


def test_backup_never_writes_into_a_folder_in_use(tmp_path: Path) -> None:
    (tmp_path / "notes.txt").write_text("mine")

    with pytest.raises(BackupError, match="not empty"):
        backup(tmp_path)


def test_the_commands(tmp_path: Path, capsys: Any) -> None:
    factories.comment(text="Through the commands.")
    _media_file("gull.jpg", b"gull")

    call_command("backup", "--to", str(tmp_path / "b"))
    Comment.objects.all().delete()
    call_command("restore", str(tmp_path / "b"), "--yes")

    out = capsys.readouterr().out
    assert "1 media files" in out
    assert "Restored the backup" in out
    assert (tmp_path / "b" / MANIFEST).is_file()
    assert Comment.objects.filter(text="Through the commands.").exists()
