"""Attack against argument: real comments, in real threads, through the real pipeline.

Under the default policy (profanity aimed at no one allowed), with the
contextual scorer re-reading each published comment in the worker as it does
in production.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest

from gazette.core import plugins
from gazette.discussion.errors import Reconsider
from gazette.discussion.models import Comment
from gazette.discussion.tests import factories
from gazette.moderation.models import AuditEntry, Policy

pytestmark = pytest.mark.django_db

THREAD = "embed-reference-thread"


@pytest.fixture(autouse=True)
def contextual_in_background(
    settings: Any, django_capture_on_commit_callbacks: Any
) -> Iterator[None]:
    settings.GAZETTE_TOXICITY_BACKGROUND_SCORER = (
        "gazette.moderation.scoring.contextual.ContextualScorer"
    )
    plugins.instance.cache_clear()
    with django_capture_on_commit_callbacks(execute=True):
        yield
    plugins.instance.cache_clear()


def post(text: str, author: str, *, parent: Comment | None = None) -> Comment:
    """Post as a reader would: edit nothing, post anyway after a nudge."""
    fields: dict[str, Any] = {
        "text": text,
        "author_name": author,
        "thread_key": THREAD,
        "parent_id": parent.pk if parent else None,
    }
    try:
        comment = factories.posted(**fields).comment
    except Reconsider:
        comment = factories.posted(**fields, confirmed=True).comment
    comment.refresh_from_db()
    return comment


def test_the_reference_thread_holds_every_attack_and_publishes_the_argument() -> None:
    opening = post(
        "The mayor's plan moves money from flood defences to the new stadium. "
        "Voters should weigh that before the election.",
        "Marek",
    )
    argument = [
        (
            "I disagree. The stadium brings jobs, and the defences were already "
            "funded by the regional grant last spring.",
            "Dana",
        ),
        (
            "This whole stadium deal is BULLSHIT. Forty million for a private "
            "club while the north wall floods every winter.",
            "Rob",
        ),
        (
            "For what it's worth, 'tonto' means silly or foolish in Spanish and "
            "Italian, and in Portuguese it means dizzy. Nobody here meant it as a "
            "slur.",
            "Lucia",
        ),
        ("The grant covered only the north wall. Read the council minutes.", "Sam"),
        ("bla bla bla", "Kim"),
    ]
    for text, author in argument:
        comment = post(text, author, parent=opening)
        assert comment.status == "published", (text, comment.moderation.kinds)

    attacks = [
        ("dumb and dumber LOL you two are idiots", "Troll"),
        ("You are pond scum, Marek, the lowest of the low.", "Troll"),
        (
            "We all know you used to post here as Marek, you pathetic lying creep. "
            "Crawl back under your rock, loser.",
            "Troll",
        ),
    ]
    for text, author in attacks:
        comment = post(text, author, parent=opening)
        assert comment.status == "pending", (text, comment.moderation.kinds)
    unmasking = Comment.objects.get(text__startswith="We all know")
    assert unmasking.moderation.kinds["personal_info"] >= 0.5


PROFANE = [
    "This is fucking ridiculous, the budget doubled again.",
    "What a shitty excuse for a transport plan.",
    "Holy crap, the council really approved that?",
    "Damn, this bullshit never ends with these contracts.",
]
AIMED = [
    "Marek, you are fucking ridiculous.",
    "What a shitty excuse for a human being you are, Marek.",
    "Holy crap Marek, you are a moron.",
    "Damn, Marek, you are full of bullshit and you know it.",
]


def test_profanity_aimed_at_no_one_is_published_and_at_a_commenter_held() -> None:
    parent = post("The transport plan is worth a second look.", "Marek")

    decided = [post(text, "Reader", parent=parent).status for text in PROFANE]
    aimed = [post(text, "Reader", parent=parent).status for text in AIMED]

    assert decided == ["published"] * len(PROFANE)
    assert aimed == ["pending"] * len(AIMED)


def test_the_nudge_names_the_kind_and_the_words() -> None:
    parent = post("The transport plan is worth a second look.", "Marek")

    with pytest.raises(Reconsider) as raised:
        factories.posted(
            text="Marek, you are a pathetic moron.",
            author_name="Reader",
            thread_key=THREAD,
            parent_id=parent.pk,
        )

    assert raised.value.kind == "attack"
    assert "personal attack" in raised.value.message
    assert "moron" in raised.value.flagged


def test_the_queue_and_the_audit_log_keep_the_kinds() -> None:
    parent = post("The transport plan is worth a second look.", "Marek")

    held = post("Marek, you are a pathetic moron.", "Reader", parent=parent)

    assert held.moderation.kinds["attack"] >= 0.5
    entry = AuditEntry.objects.filter(comment=held).first()
    assert entry is not None
    assert "attack" in entry.reason
    assert "aimed at a commenter" in entry.reason


def test_a_policy_that_allows_nothing_holds_profanity_too() -> None:
    Policy.objects.create(allowed_kinds=["none"])

    comment = post("This is fucking ridiculous, the budget doubled again.", "Reader")

    assert comment.status == "pending"
    assert comment.moderation.kinds["profanity"] >= 0.5


def test_a_policy_that_allows_attacks_publishes_them() -> None:
    Policy.objects.create(allowed_kinds=["attack", "profanity"])

    comment = post("You are a pathetic moron.", "Reader")

    assert comment.status == "published"


SPANISH_ARGUMENT = [
    "El alcalde mintió sobre el presupuesto del estadio; los números no cuadran.",
    "No estoy de acuerdo: el muro norte ya estaba financiado por la región.",
    "Qué vergüenza de gobierno, otra vez subiendo los impuestos a los mismos.",
]
SPANISH_ATTACKS = [
    "Marek, eres un imbécil y un ignorante, cállate ya.",
    "Eres una rata asquerosa, Marek, vete de aquí.",
]


def test_spanish_comments_are_scored_by_the_spanish_model() -> None:
    parent = post("El plan de transporte merece una segunda lectura.", "Marek")

    for text in SPANISH_ARGUMENT:
        comment = post(text, "Lectora", parent=parent)
        assert comment.status == "published", (text, comment.moderation.kinds)
        assert comment.moderation.scorer == "gazette-e5-1"
    for text in SPANISH_ATTACKS:
        comment = post(text, "Lectora", parent=parent)
        assert comment.status == "pending", (text, comment.moderation.kinds)
        assert comment.moderation.scorer == "gazette-e5-1"


GERMAN = "Der Bürgermeister hat den Haushalt für das neue Stadion falsch dargestellt."


def test_a_language_without_a_model_is_held_by_default() -> None:
    comment = post(GERMAN, "Leserin")

    assert comment.status == "pending"
    entry = AuditEntry.objects.get(comment=comment)
    assert entry.rule == "policy: hold languages without a model (de)"


def test_a_policy_may_publish_languages_without_a_model() -> None:
    Policy.objects.create(other_languages="publish")

    assert post(GERMAN, "Leserin").status == "published"


def test_a_stranger_named_like_the_topic_cannot_get_others_held() -> None:
    """One reader's display name must not turn others' argument into attacks on it."""
    post("I have views on this.", "The Council")
    post("Me too.", "Stadium Plan")

    for text in [*PROFANE[:2], "The council's stadium plan is utter bullshit."]:
        assert post(text, "Reader").status == "published", text


@pytest.mark.parametrize(
    "junk",
    # PostgreSQL's JSON cannot hold a NUL character, so none is tried here.
    [5, {"profanity": 1}, "profanity", [None, 3, "\u202eprofanity", ["attack"]], 1e308],
)
def test_a_policy_field_written_as_junk_never_breaks_posting(junk: Any) -> None:
    """Written around the form (a script, by hand): no kind allowed, posts work."""
    Policy.objects.create()
    Policy.objects.update(allowed_kinds=junk)

    civil = post("The grant covered only the north wall.", "Reader")
    profane = post("This is fucking ridiculous, the budget doubled again.", "Reader")

    assert civil.status == "published"
    assert profane.status == "pending"
