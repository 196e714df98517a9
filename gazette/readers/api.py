"""Readers' part of the JSON API: signing in by mail, who is signed in, out."""

from __future__ import annotations

from typing import Any

from django.contrib.auth import logout
from django.http import HttpRequest, HttpResponse
from django.utils.translation import gettext as _
from ninja import Field, Router, Schema, Status

from gazette.core.http import require_json
from gazette.core.privacy import ip_hash
from gazette.readers import names, passkeys, signin
from gazette.readers import sso as sso_service

router = Router(tags=["readers"])


class ErrorOut(Schema):
    detail: str
    code: str
    errors: dict[str, str] = {}


ERRORS: dict[int, Any] = {400: ErrorOut, 429: ErrorOut}


class SignInIn(Schema):
    email: str = Field(..., max_length=1000)


class CodeIn(Schema):
    email: str = Field(..., max_length=1000)
    code: str = Field(..., max_length=100, description="The 6 digits from the mail.")


class SentOut(Schema):
    detail: str


class ReaderOut(Schema):
    id: int
    email: str = Field(description="The reader's own address: only ever to them.")
    name: str | None = Field(description="The name shown with their comments.")


class NameIn(Schema):
    name: str = Field(..., max_length=1000)


def _me(user: Any) -> dict[str, Any]:
    return {"id": user.pk, "email": user.email, "name": names.display_name(user)}


def _signed_out() -> Any:
    return Status(401, {"detail": _("You are not signed in."), "code": "signed_out"})


@router.post("/readers/sign-in", response={202: SentOut, **ERRORS})
def sign_in(request: HttpRequest, payload: SignInIn) -> Any:
    """Mail a link and a code. The same answer whether or not an account exists."""
    require_json(request)
    email = signin.clean_email(payload.email)
    signin.mail_sign_in(email, network=ip_hash(request))
    return Status(202, {"detail": _("A link and a code are on their way.")})


@router.post("/readers/sign-in/code", response={200: ReaderOut, **ERRORS})
def sign_in_code(request: HttpRequest, payload: CodeIn) -> Any:
    """Sign in with the mailed code: the answer carries the session cookie."""
    require_json(request)
    email = signin.clean_email(payload.email)
    signin.redeem_code(email, payload.code)
    return Status(200, _me(signin.sign_in(request, email, how="code")))


class SsoIn(Schema):
    token: str = Field(..., max_length=8192, description="The site-signed JWT.")


@router.post("/readers/sso", response={200: ReaderOut, 400: ErrorOut, 401: ErrorOut})
def sso(request: HttpRequest, payload: SsoIn) -> Any:
    """Sign in with a token an embedding site signed for its user."""
    require_json(request)
    return Status(200, _me(sso_service.sign_in(request, payload.token)))


@router.get("/readers/me", response={200: ReaderOut, 401: ErrorOut})
def me(request: HttpRequest) -> Any:
    if not request.user.is_authenticated:
        return _signed_out()
    return Status(200, _me(request.user))


@router.patch("/readers/me", response={200: ReaderOut, 400: ErrorOut, 401: ErrorOut})
def me_name(request: HttpRequest, payload: NameIn) -> Any:
    """Choose the name shown with one's comments (at most once in 30 days)."""
    require_json(request)
    if not request.user.is_authenticated:
        return _signed_out()
    names.set_display_name(request.user, payload.name)
    return Status(200, _me(request.user))


@router.post("/readers/sign-out", response={204: None})
def sign_out(request: HttpRequest) -> HttpResponse:
    logout(request)
    return HttpResponse(status=204)


class PasskeyIn(Schema):
    name: str = Field("", max_length=200, description="What the reader calls it.")
    credential: dict[str, Any] = Field(
        description="navigator.credentials.create()'s answer, as JSON."
    )


class PasskeyOut(Schema):
    id: int
    name: str


class AnswerIn(Schema):
    credential: dict[str, Any] = Field(
        description="navigator.credentials.get()'s answer, as JSON."
    )


PASSKEY_ERRORS: dict[int, Any] = {400: ErrorOut, 401: ErrorOut, 403: ErrorOut}


@router.post("/readers/passkeys/options", response={200: dict, **PASSKEY_ERRORS})
def passkey_options(request: HttpRequest) -> Any:
    """Options for navigator.credentials.create(): a new passkey for the
    signed-in reader (who signed in within the last 15 minutes)."""
    require_json(request)
    if not request.user.is_authenticated:
        return _signed_out()
    return Status(200, passkeys.registration_options(request))


@router.post("/readers/passkeys", response={201: PasskeyOut, **PASSKEY_ERRORS})
def passkey_add(request: HttpRequest, payload: PasskeyIn) -> Any:
    """Keep the passkey the browser made with those options."""
    require_json(request)
    if not request.user.is_authenticated:
        return _signed_out()
    added = passkeys.add(request, payload.name, payload.credential)
    return Status(201, {"id": added.pk, "name": added.data["name"]})


@router.post("/readers/sign-in/passkey/options", response={200: dict})
def passkey_sign_in_options(request: HttpRequest) -> Any:
    """Options for navigator.credentials.get(): a challenge any of this
    site's passkeys can answer."""
    require_json(request)
    return Status(200, passkeys.authentication_options())


@router.post(
    "/readers/sign-in/passkey", response={200: ReaderOut, 400: ErrorOut, 403: ErrorOut}
)
def passkey_sign_in(request: HttpRequest, payload: AnswerIn) -> Any:
    """Sign in with the passkey's answer: the session cookie comes with it."""
    require_json(request)
    return Status(200, _me(passkeys.sign_in(request, payload.credential)))
