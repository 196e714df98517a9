"""The editor's side: Wagtail admin screens for articles, images and authors."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import User
from django.test import Client

from gazette.publishing.models import ArticlePage
from gazette.publishing.tests import factories

pytestmark = pytest.mark.django_db


@pytest.fixture
def editor_client(editor: User) -> Client:
    client = Client()
    client.force_login(editor)
    return client


def test_editor_can_open_an_article_in_the_editor(editor_client: Client) -> None:
    page = factories.article(
        topics=["Flooding"],
        authors=[factories.author(name="Marta Ilves")],
        hero_image=factories.image(),
    )

    response = editor_client.get(f"/admin/pages/{page.pk}/edit/")

    html = response.content.decode()
    assert response.status_code == 200
    assert "Standfirst" in html
    assert "More on this topic" in html
    assert "Hero image" in html


def test_editor_can_open_the_new_article_form_in_a_section(
    editor_client: Client,
) -> None:
    section = factories.section()

    response = editor_client.get(
        f"/admin/pages/add/publishing/articlepage/{section.pk}/"
    )

    assert response.status_code == 200


def test_articles_can_only_be_added_to_sections(editor_client: Client) -> None:
    home = factories.home()

    response = editor_client.get(f"/admin/pages/add/publishing/articlepage/{home.pk}/")

    # Wagtail refuses with a redirect to the dashboard and a message.
    assert response.status_code == 302
    assert response["Location"] == "/admin/"
    assert ArticlePage.can_create_at(home) is False


def test_image_form_has_credit_and_source_fields(editor_client: Client) -> None:
    picture = factories.image()

    html = editor_client.get(f"/admin/images/{picture.pk}/").content.decode()

    for field in ("caption", "credit", "source", "source_url"):
        assert f'name="{field}"' in html


def test_authors_are_managed_as_a_snippet(editor_client: Client) -> None:
    factories.author(name="Tomás Rendell")

    response = editor_client.get("/admin/snippets/publishing/author/")

    assert response.status_code == 200
    assert "Tomás Rendell" in response.content.decode()


def test_readers_cannot_reach_the_admin(reader: User) -> None:
    client = Client()
    client.force_login(reader)

    response = client.get("/admin/")

    assert response.status_code == 302
    assert "/admin/login/" in response["Location"]
