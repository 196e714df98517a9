"""Errors readers' services raise; the API and views show ``message``."""

from gazette.core.errors import DomainError


class SignInError(DomainError):
    """A wrong, used or expired link or code, or an account that may not sign in."""

    code = "sign_in"
