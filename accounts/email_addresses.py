"""What meetadmin takes for a person's e-mail address, in a typed form field and in a pasted or uploaded list alike:
Django's EmailValidator, held to the lengths of RFC 5321."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.core.validators import EmailValidator

# RFC 5321's limits, which Django's validator does not hold to; 254 is also Operation.identity_email's max_length.
LOCAL_PART_MAX_LENGTH = 64
EMAIL_MAX_LENGTH = 254


class AddressValidator(EmailValidator):
    """Django's check of the form (it also refuses control characters, so PostgreSQL never meets a NUL), without its
    allowlist: a bare host such as `localhost` is never a Google account's domain."""

    def __init__(self) -> None:
        super().__init__(allowlist=[])

    def __call__(self, value: str) -> None:
        if len(value) > EMAIL_MAX_LENGTH or len(value.rpartition("@")[0]) > LOCAL_PART_MAX_LENGTH:
            raise ValidationError(self.message, code=self.code, params={"value": value})
        super().__call__(value)


validate_email_address = AddressValidator()


def is_email_address(text: str) -> bool:
    try:
        validate_email_address(text)
    except ValidationError:
        return False
    return True
