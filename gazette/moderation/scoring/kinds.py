"""Kinds of harm, and whom a comment is aimed at.

A scorer gives one score per kind. The model learns four of them from the
labelled data (attack, identity, threat, profanity); the data has no labels
for sexual content or personal information, so those are found here, by
rules that say what they found.

Whom a comment is aimed at comes from what Gazette knows and a classifier
does not: the author of the comment it answers and the names of the others
in the thread. The same words are an argument when aimed at a policy and an
attack when aimed at a person in the thread, so ``aim()`` moves the attack
score: up when the comment names or answers a commenter, down when it
addresses no one (decision 0018).
"""

from __future__ import annotations

import math
import re
from collections.abc import Iterable
from dataclasses import dataclass, field

from django.utils.translation import gettext_lazy as _

from gazette.moderation.scoring import features

ATTACK, IDENTITY, THREAT, SEXUAL, PROFANITY, PERSONAL = (
    "attack",
    "identity",
    "threat",
    "sexual",
    "profanity",
    "personal_info",
)
KINDS = (ATTACK, IDENTITY, THREAT, SEXUAL, PROFANITY, PERSONAL)
LABELS = {
    ATTACK: _("personal attack"),
    IDENTITY: _("identity attack"),
    THREAT: _("threat"),
    SEXUAL: _("sexual content"),
    PROFANITY: _("profanity"),
    PERSONAL: _("personal information"),
}
# What the nudge says the comment reads as.
READS_AS = {
    ATTACK: _("This reads as a personal attack on another commenter."),
    IDENTITY: _("This reads as an attack on a group of people."),
    THREAT: _("This reads as a threat."),
    SEXUAL: _("This reads as sexual content."),
    PROFANITY: _("This reads as profanity."),
    PERSONAL: _(
        "This seems to share personal information about someone, or claims to "
        "know who another commenter really is."
    ),
}

# How far the aim moves the attack score, in log-odds.
AIM_SHIFT = {"commenter": 1.5, "reader": 0.0, "": -2.0}

_SECOND_PERSON = re.compile(
    r"\b(you|your|yours|yourself|youre|you're|ya|u|ur|"
    r"tú|tu|te|ti|eres|estás|usted|ustedes|vos|sos|contigo)\b",
    re.IGNORECASE,
)
_EMAIL = re.compile(r"[\w.+-]+@[\w-]+\.[\w.-]+")
_PHONE = re.compile(r"(?<![\w$€£.,])\+?\d[\d ().-]{7,}\d(?![\w%]|[.,]\d)")
_PHONE_WORD = re.compile(
    r"\b(call|phone|tel|mobile|cell|number|whatsapp|text|sms|teléfono|telefono|"
    r"móvil|movil|celular|llama|llámame|número|numero)\b",
    re.IGNORECASE,
)
# Numbers, not phones: long digit runs (ids, time stamps), decimals, and
# amounts grouped in thousands ("2,500,000,000").
_DECIMAL = re.compile(r"\d+[.,]\d+|\d{1,3}(?:[.,]\d{3})+(?:[.,]\d+)?")
_STREET = re.compile(
    r"\b\d{1,5}\s+(?:[A-ZÁÉÍÓÚÑa-záéíóúñ]+\s+){0,3}"
    r"(?:street|st|avenue|ave|road|rd|lane|ln|drive|dr|boulevard|blvd|court|ct|"
    r"way|calle|avenida|av|paseo|plaza)\b\.?",
    re.IGNORECASE,
)
_STREET_ES = re.compile(
    r"\b(?:calle|avenida|av\.|paseo|plaza)\s+[\wáéíóúñ ]{2,30}?\s+\d{1,5}\b",
    re.IGNORECASE,
)
_UNMASKING = re.compile(
    r"(used to (?:post|comment|write) (?:here )?as|also posts? as|posting as|"
    r"(?:his|her|their|your) real name|real name is|is really|is actually|"
    r"sock ?puppet|alt account|i know where you live|know who you (?:really )?are|"
    r"we (?:all )?know (?:who )?you|lives? (?:at|on) \d|"
    r"antes (?:escribía|comentaba|posteaba) como|su nombre real|tu nombre real|"
    r"sé dónde vives|sabemos quién eres|en realidad es)",
    re.IGNORECASE,
)
# Explicit sexual words; swearing that uses them ("fuck") is profanity, not
# listed here. Banned-term lists add a newsroom's own.
_SEXUAL = re.compile(
    r"\b(porn\w*|blowjob\w*|handjob\w*|cum(?:shot|ming)?|dick ?pics?|"
    r"nudes?|naked|horny|orgasm\w*|masturbat\w*|boobs?|tits?|genitals?|"
    r"erection|sexting|sext|rape|raped|raping|pene|tetas|follar|mamada\w*|"
    r"porno\w*|desnud[oa]s?|violar|violación|masturba\w*)\b",
    re.IGNORECASE,
)
# Threats the data has too few of for a model to learn: someone will harm
# someone. Scored when aimed at a person (a commenter or the reader).
_VIOLENT = (
    r"(?:kill|hurt|beat|shoot|stab|strangle|punch|burn|rape|find|hunt|destroy|"
    r"end|break|smash|slit|gut|choke|bury)"
)
_THREAT = re.compile(
    rf"\b(?:i(?:'ll| will| am going to|'m going to|'m gonna| gonna)|we(?:'ll| will|"
    rf" are going to|'re going to| gonna)|someone (?:will|should|needs to))\s+"
    rf"(?:\w+\s+){{0,2}}{_VIOLENT}\w*\s+(?:you|u|ya|your|him|her|them)\b|"
    r"\b(?:hope|wish) (?:you|u) (?:die|get (?:shot|killed|raped|hit))|"
    r"\bkill (?:yourself|urself)\b|\bkys\b|\bwatch your back\b|"
    r"\byou(?:'re| are) (?:dead|going to die|gonna die)\b|"
    r"\bi know where you live\b|"
    r"\bte (?:voy|vamos) a (?:matar|partir|romper|reventar|encontrar|buscar)\b|"
    r"\bojalá (?:te mueras|te maten|te violen)\b|\bmátate\b|\bestás muerto\b",
    re.IGNORECASE,
)
# Insults per language, for the languages the linear model does not read: an
# insult aimed at a person (named, or addressed as "tú") is an attack, and the
# nudge points the words out. The linear model learned English ones itself.
_INSULTS_ES = frozenset(
    [
        "idiota",
        "idiotas",
        "imbécil",
        "imbéciles",
        "estúpido",
        "estúpida",
        "estúpidos",
        "estúpidas",
        "tonto",
        "tonta",
        "tontos",
        "tontas",
        "pendejo",
        "pendeja",
        "pendejos",
        "gilipollas",
        "subnormal",
        "subnormales",
        "basura",
        "escoria",
        "rata",
        "ratas",
        "cerdo",
        "cerda",
        "cerdos",
        "asqueroso",
        "asquerosa",
        "inútil",
        "inútiles",
        "payaso",
        "payasa",
        "ignorante",
        "ignorantes",
        "puta",
        "puto",
        "maricón",
        "malparido",
        "hijueputa",
        "huevón",
        "weón",
        "weon",
        "culiao",
        "conchetumare",
        "retrasado",
        "retrasada",
        "mongólico",
        "lacra",
        "lacras",
        "parásito",
        "parásitos",
        "animal",
        "animales",
    ]
)
INSULTS = {"es": _INSULTS_ES}
_INSULT_WORD = re.compile(r"\w+")
_NAME_WORD = re.compile(r"\w{3,}")


@dataclass(frozen=True)
class Context:
    """What the thread tells about a comment: whom it answers, who else is there."""

    parent_author: str = ""
    names: tuple[str, ...] = ()  # other commenters' display names in the thread
    # Set to decide before the thread is read: "commenter" is the worst case.
    assumed_aim: str | None = None
    common: frozenset[str] = frozenset()  # words too common to be a name alone

    @property
    def is_reply(self) -> bool:
        return bool(self.parent_author)


WORST_CASE = Context(assumed_aim="commenter")


@dataclass(frozen=True)
class Assessment:
    """A score per kind, the words behind them, and whom the comment is aimed at."""

    scores: dict[str, float]
    aim: str = ""  # "commenter", "reader" (second person) or "" (no one)
    words: dict[str, tuple[str, ...]] = field(default_factory=dict)
    language: str = ""
    scorer: str = ""

    def harm(self, allowed: frozenset[str]) -> tuple[str, float]:
        """The strongest kind that the policy does not allow, and its score."""
        kinds = [(score, kind) for kind, score in self.scores.items()]
        kinds = [(s, k) for s, k in kinds if k not in allowed] or [(0.0, "")]
        score, kind = max(kinds)
        return kind, score

    def rounded(self) -> dict[str, float]:
        return {kind: round(score, 3) for kind, score in self.scores.items()}


def distinctive(names: Iterable[str], common: frozenset[str]) -> tuple[str, ...]:
    """The names that can tell whom a comment is aimed at.

    A name made only of common words ("The Council", "Policy") would turn
    every comment that uses those words into one aimed at a commenter: one
    stranger's display name must not make other readers' comments weigh more.
    So a name counts only when one of its words is not a common word.
    """
    found = []
    for name in names:
        words = _NAME_WORD.findall(name.lower())
        if words and any(w not in common for w in words):
            found.append(name)
    return tuple(dict.fromkeys(found))


def _names(context: Context) -> set[str]:
    """Each commenter's name and its longer words ("Marek Nowak" → both).

    The parent's author is whom the comment's own author chose to answer, so
    any of their name's words count; the other names come from strangers, so
    only their uncommon words do.
    """
    found: set[str] = set()
    chosen = [context.parent_author] if context.parent_author else []
    others = distinctive(context.names, context.common)
    for name, common in [(n, frozenset[str]()) for n in chosen] + [
        (n, context.common) for n in others
    ]:
        name = name.strip().lower()
        if len(name) >= 3 and name not in ("anonymous", "anónimo", "guest"):
            found.add(name)
            found.update(
                w for w in _NAME_WORD.findall(name) if len(w) >= 4 and w not in common
            )
    return found


def aim(text: str, context: Context) -> str:
    """Whom the comment is aimed at: a commenter, the reader, or no one."""
    if context.assumed_aim is not None:
        return context.assumed_aim
    lowered = text.lower()
    for name in _names(context):
        if re.search(rf"(?<!\w)@?{re.escape(name)}(?!\w)", lowered):
            return "commenter"
    if _SECOND_PERSON.search(text):
        return "commenter" if context.is_reply else "reader"
    return ""


def shift(score: float, logit: float) -> float:
    """Move a probability by ``logit`` in log-odds."""
    score = min(max(score, 1e-6), 1 - 1e-6)
    z = math.log(score / (1 - score)) + logit
    return 1.0 / (1.0 + math.exp(-z))


def personal_information(text: str, target: str) -> tuple[float, tuple[str, ...]]:
    """Contact details, or a claim about who a commenter "really" is."""
    found: list[str] = []
    score = 0.0
    for pattern, weight in ((_EMAIL, 0.95), (_STREET, 0.8), (_STREET_ES, 0.8)):
        for match in pattern.findall(text):
            found.append(match if isinstance(match, str) else match[0])
            score = max(score, weight)
    for match in _PHONE.finditer(text):
        before = text[max(0, match.start() - 25) : match.start()]
        if _looks_like_phone(match.group(), before):
            found.append(match.group())
            score = max(score, 0.9)
    for match in _UNMASKING.finditer(text):
        found.append(match.group())
        score = max(score, 0.9 if target == "commenter" else 0.6)
    return score, tuple(dict.fromkeys(found))


def threats(text: str, target: str) -> tuple[float, tuple[str, ...]]:
    found = tuple(dict.fromkeys(m.group() for m in _THREAT.finditer(text)))
    if not found:
        return 0.0, ()
    return (0.9 if target else 0.6), found


def _looks_like_phone(candidate: str, before: str) -> bool:
    """9 to 15 digits (E.164) written as a phone number is, not as an amount.

    Grouped in thousands or with a decimal part, it is a figure. A bare run
    of digits ("1500000000", a time stamp) is one too, unless it starts with
    "+" or "0" or follows a word like "call" or "phone".
    """
    digits = sum(c.isdigit() for c in candidate)
    if not 9 <= digits <= 15 or _DECIMAL.fullmatch(candidate):
        return False
    if candidate.isdigit():
        return candidate.startswith("0") or bool(_PHONE_WORD.search(before))
    return True


def sexual(text: str, profanity: float) -> tuple[float, tuple[str, ...]]:
    words = tuple(dict.fromkeys(m.lower() for m in _SEXUAL.findall(text)))
    if not words:
        return 0.0, ()
    return 0.55 + 0.4 * profanity, words


# Words that name a group of people, not just many people ("they", "all").
_GENERIC = frozenset(
    ["they", "them", "these", "those", "people", "all", "every", "such", "their"]
)
_GROUPS = features.GROUP_WORDS - _GENERIC
_AT_GROUP = frozenset(["T:should+be+expelled", "T:go+back"])


def at_group(text: str) -> bool:
    """Aimed at a group: "should be deported", "go back", "immigrants are vermin".

    "They are idiots" about a council is not: a demeaning word counts only
    beside a word that names a group.
    """
    tokens = features.words(text)
    if _AT_GROUP.intersection(features.aimed_patterns(tokens)):
        return True
    return any(
        word in features.DEMEANING
        and any(w in _GROUPS for w in tokens[max(0, i - 4) : i + 3])
        for i, word in enumerate(tokens)
    )


def assess(
    learned: dict[str, float],
    text: str,
    context: Context,
    *,
    language: str = "",
    scorer: str = "",
) -> Assessment:
    """Complete a model's scores with the rules and the comment's aim."""
    target = aim(text, context)
    scores = dict(learned)
    toxic = scores.pop("toxic", 0.0)
    if toxic >= 0.5 and at_group(text):
        # Toxic and aimed at a group is an identity attack, whatever the head says.
        scores[IDENTITY] = max(scores.get(IDENTITY, 0.0), 0.9 * toxic)
    scores[ATTACK] = shift(scores.get(ATTACK, 0.0), AIM_SHIFT[target])
    if target == "":  # a threat needs someone to threaten
        scores[THREAT] = shift(scores.get(THREAT, 0.0), -1.0)
    personal, personal_words = personal_information(text, target)
    sexual_score, sexual_words = sexual(text, scores.get(PROFANITY, 0.0))
    threat, threat_words = threats(text, target)
    insults = tuple(
        dict.fromkeys(
            w
            for w in _INSULT_WORD.findall(text.lower())
            if w in INSULTS.get(language, frozenset())
        )
    )
    if insults and target:
        scores[ATTACK] = max(scores[ATTACK], 0.85 if target == "commenter" else 0.7)
    scores[PERSONAL] = personal
    scores[SEXUAL] = max(scores.get(SEXUAL, 0.0), sexual_score)
    scores[THREAT] = max(scores.get(THREAT, 0.0), threat)
    words = {
        PERSONAL: personal_words,
        SEXUAL: sexual_words,
        THREAT: threat_words,
        ATTACK: insults,
    }
    return Assessment(
        {k: scores.get(k, 0.0) for k in KINDS},
        target,
        {k: v for k, v in words.items() if v},
        language,
        scorer,
    )
