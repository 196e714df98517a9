"""Errors readers' services raise; the API and views show ``message``."""

from gazette.core.errors import DomainError


class SignInError(DomainError):
    """A wrong, used or expired link or code, or an account that may not sign in."""

    code = "sign_in"


class DisplayNameError(DomainError):
    """A display name that is empty, too long, or another reader's."""

    code = "name"

    def __init__(self, message: str) -> None:
        super().__init__(message, errors={"display_name": message})
