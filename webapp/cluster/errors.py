"""Typed API errors carrying the API server's reason and message; kubectl words them."""
from __future__ import annotations


class ApiError(Exception):
    reason = "InternalError"
    code = 500

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message

    def kubectl_text(self) -> str:
        """How kubectl prints this error (without the trailing newline)."""
        return f"Error from server ({self.reason}): {self.message}"


class NotFound(ApiError):
    reason, code = "NotFound", 404


class AlreadyExists(ApiError):
    reason, code = "AlreadyExists", 409


class Conflict(ApiError):
    reason, code = "Conflict", 409


class BadRequest(ApiError):
    reason, code = "BadRequest", 400


class Forbidden(ApiError):
    reason, code = "Forbidden", 403


class Invalid(ApiError):
    """Validation failure: `The Service "x" is invalid: field: detail` (several causes joined)."""

    reason, code = "Invalid", 422

    def __init__(self, kind: str, name: str, causes: list[str]) -> None:
        self.kind, self.name, self.causes = kind, name, list(causes)
        if len(causes) == 1:
            detail = causes[0]
        else:
            detail = "[" + ", ".join(causes) + "]"
        super().__init__(f'{kind} "{name}" is invalid: {detail}')

    def kubectl_text(self) -> str:
        # kubectl's MultilineError: one cause inline, several as a `* cause` list
        if len(self.causes) > 1:
            return f'The {self.kind} "{self.name}" is invalid: \n' + "\n".join(f"* {c}" for c in self.causes)
        return f"The {self.message}"


class QuotaExceeded(Forbidden):
    """The session's object cap (a kubetutor limit, worded like a ResourceQuota refusal)."""
