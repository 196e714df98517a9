"""Imports from the admin: upload, run in the background, report; files gone."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from django.contrib.auth.models import User
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from gazette.discussion.models import Comment
from gazette.interchange.models import ImportRun
from gazette.interchange.services import import_file
from gazette.interchange.tests import samples

pytestmark = pytest.mark.django_db


def _upload(client: Client, content: str, **fields: Any) -> Any:
    data = {"format": "disqus", "upload": SimpleUploadedFile("d.xml", content.encode())}
    return client.post("/admin/imports/", {**data, **fields})


def test_an_upload_is_imported_and_reported(
    admin_client: Client, django_capture_on_commit_callbacks: Any
) -> None:
    with django_capture_on_commit_callbacks(execute=True):
        response = _upload(admin_client, samples.DISQUS)

    assert response.status_code == 302
    run = ImportRun.objects.get()
    assert run.status == ImportRun.Status.DONE
    assert run.imported == 4
    assert "4 comments imported" in run.report
    assert not run.upload  # readers' addresses are not kept on disk
    page = admin_client.get("/admin/imports/").content.decode()
    assert "4 comments imported" in page
    assert Comment.objects.count() == 4


def test_a_dry_run_and_a_broken_file_write_nothing(
    admin_client: Client, django_capture_on_commit_callbacks: Any
) -> None:
    with django_capture_on_commit_callbacks(execute=True):
        _upload(admin_client, samples.DISQUS, dry_run="on")
        _upload(admin_client, "<disqus>\n<post>\n</disqus>")

    broken, dry = ImportRun.objects.all()
    assert dry.status == ImportRun.Status.DONE
    assert "Dry run" in dry.report
    assert broken.status == ImportRun.Status.FAILED
    assert "line 3" in broken.report
    assert not Comment.objects.exists()


def test_only_people_allowed_to_import_can(editor: User) -> None:
    client = Client()
    client.force_login(editor)

    response = _upload(client, samples.DISQUS)

    assert response.status_code in (302, 403)
    assert not ImportRun.objects.exists()


def test_a_missing_file_is_a_clear_error(admin_client: Client) -> None:
    response = admin_client.post("/admin/imports/", {"format": "disqus"})

    assert response.status_code == 400
    assert "This field is required" in response.content.decode()


def test_imported_comments_waiting_for_review_are_in_the_queue(
    admin_client: Client, tmp_path: Path
) -> None:
    path = tmp_path / "site.xml"
    path.write_text(samples.WXR, encoding="utf-8")
    import_file("wxr", path)

    page = admin_client.get("/admin/moderation/", {"tab": "pending"})

    assert page.status_code == 200
    assert "And a reply to the reply." in page.content.decode()
