"""Kinds of harm found by rules, and whom a comment is aimed at."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from gazette.moderation.scoring import kinds
from gazette.moderation.scoring.kinds import Context

THREAD = Context(parent_author="Marek Nowak", names=("Ana Ruiz", "Lou"))


@pytest.mark.parametrize(
    ("text", "context", "aim"),
    [
        ("Marek, that is nonsense.", THREAD, "commenter"),
        ("As @Lou said, the grant ran out.", THREAD, "commenter"),
        ("nowak is lying again", THREAD, "commenter"),
        ("Ana Ruiz has a point.", THREAD, "commenter"),
        ("You clearly did not read it.", THREAD, "commenter"),  # a reply
        ("You clearly did not read it.", Context(), "reader"),
        ("Eres un payaso.", Context(), "reader"),
        ("The council's plan is nonsense.", THREAD, ""),
        ("Louder voices are not better arguments.", THREAD, ""),  # "Lou" inside
    ],
)
def test_aim(text: str, context: Context, aim: str) -> None:
    assert kinds.aim(text, context) == aim


def test_an_insult_aimed_at_a_commenter_weighs_more_than_one_aimed_at_no_one() -> None:
    learned = {"attack": 0.6}

    at_marek = kinds.assess(learned, "Marek is an idiot.", THREAD)
    at_no_one = kinds.assess(learned, "What an idiotic policy.", THREAD)

    assert at_marek.scores["attack"] > 0.6 > at_no_one.scores["attack"]
    assert at_marek.aim == "commenter"


@pytest.mark.parametrize(
    "text",
    [
        "Write to me at jane.doe@example.org",
        "Call him on +1 (555) 014-2298 after six",
        "Her mobile is 5550142298, text her",
        "Ring 07700900123 after six",
        "She lives at 42 Elm Street, everyone go say hi",
        "Vive en calle Mayor 12, id a verle",
        "We all know you used to post here as Marek.",
        "Lou is really the mayor's nephew, his real name is Luis.",
    ],
)
def test_personal_information_is_found(text: str) -> None:
    found = kinds.assess({}, text, THREAD)

    assert found.scores["personal_info"] >= 0.5
    assert found.words["personal_info"]


@pytest.mark.parametrize(
    ("text", "context", "found"),
    [
        ("I will find you and hurt you.", Context(), 0.9),
        ("Watch your back, Marek.", THREAD, 0.9),
        ("Te voy a matar, payaso.", Context(), 0.9),
        ("We will hunt them down one by one.", Context(), 0.6),
        ("I will kill this bill in committee.", Context(), 0.0),
        ("The police will find him eventually.", Context(), 0.0),
    ],
)
def test_threats_aimed_at_a_person_are_found(
    text: str, context: Context, found: float
) -> None:
    assert kinds.assess({}, text, context).scores["threat"] == pytest.approx(
        found, abs=0.01
    )


@pytest.mark.parametrize(
    "text",
    [
        "The vote was 4,520 to 3,990 in 2024.",
        "Turnout rose 12.5% on 2019.",
        "The budget is $1,250,000 for the north wall.",
        "Read page 42 of the minutes.",
        "Posted at 1764648000.123456 by the desk.",
        "The stadium cost 2,500,000,000 in the end.",
        "Il costo è 1.250.000.000 euro.",
        "Order 12345678901234567890 shipped.",
    ],
)
def test_numbers_are_not_personal_information(text: str) -> None:
    assert kinds.assess({}, text, THREAD).scores["personal_info"] == 0.0


def test_the_policy_allows_kinds() -> None:
    found = kinds.Assessment({"attack": 0.3, "profanity": 0.9, "threat": 0.1})

    assert found.harm(frozenset({"profanity"})) == ("attack", 0.3)
    assert found.harm(frozenset()) == ("profanity", 0.9)


@settings(max_examples=200, deadline=None, derandomize=True, database=None)
@given(
    text=st.text(max_size=400),
    parent=st.text(max_size=60),
    names=st.lists(st.text(max_size=60), max_size=5),
    score=st.floats(0, 1),
)
def test_any_text_and_names_give_scores_between_0_and_1(
    text: str, parent: str, names: list[str], score: float
) -> None:
    found = kinds.assess(
        dict.fromkeys(("attack", "identity", "threat", "profanity"), score),
        text,
        Context(parent_author=parent, names=tuple(names)),
    )

    assert set(found.scores) == set(kinds.KINDS)
    assert all(0.0 <= s <= 1.0 for s in found.scores.values())


def test_a_display_name_of_common_words_aims_no_comment_at_its_owner() -> None:
    """A stranger named "The Council" must not make every comment about it an attack."""
    common = frozenset({"the", "council", "policy", "plan"})
    context = Context(names=("The Council", "Policy", "Marek"), common=common)

    assert kinds.aim("The council's plan is bullshit.", context) == ""
    assert kinds.aim("Marek's plan is bullshit.", context) == "commenter"


AMOUNTS = st.one_of(
    st.integers(min_value=-(10**15), max_value=10**15).map(str),
    st.integers(min_value=0, max_value=10**15).map(lambda n: f"{n:,}"),
    st.integers(min_value=0, max_value=10**15).map(
        lambda n: f"{n:,}".replace(",", ".")
    ),
    st.floats(min_value=0, max_value=1e13, allow_nan=False).map(lambda f: f"{f:.2f}"),
    st.integers(min_value=0, max_value=10**18).map(lambda n: f"{n}.{n % 997}"),
)


@settings(max_examples=300, deadline=None, derandomize=True, database=None)
@given(number=AMOUNTS, unit=st.sampled_from(["", "$", "€", "%", " votes", " km"]))
def test_amounts_and_figures_are_never_personal_information(
    number: str, unit: str
) -> None:
    """However a reader writes a figure, it is not a phone number."""
    figure = f"{unit}{number}" if unit in "$€" else f"{number}{unit}"
    text = f"The figure was {figure} last year."

    assert kinds.assess({}, text, Context()).scores["personal_info"] == 0.0


def test_the_parent_is_named_by_any_word_of_their_name() -> None:
    """Whom a reply answers is its author's choice: common words of it count."""
    context = Context(parent_author="Pedro M.", common=frozenset({"pedro"}))

    assert kinds.aim("We all know Pedro used to post as someone else.", context) == (
        "commenter"
    )


@pytest.mark.parametrize(
    ("text", "at_group"),
    [
        ("Those people are vermin and should be deported.", True),
        ("Immigrants are vermin.", True),
        ("Go back where you came from.", True),
        ("They are idiots, the whole council.", False),
        ("The council members are all idiots.", False),
        ("I will shoot you.", False),  # a threat, not hate against a group
    ],
)
def test_toxic_and_aimed_at_a_group_is_an_identity_attack(
    text: str, at_group: bool
) -> None:
    found = kinds.assess({"toxic": 0.9, "identity": 0.1}, text, Context())

    assert (found.scores["identity"] >= 0.5) is at_group
