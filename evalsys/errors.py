"""Domain errors raised by operations; routes turn them into messages for the user."""


class DomainError(Exception):
    """A rule of the domain refused the change; the message is shown to the user."""


class PeriodLocked(DomainError):
    """The period is locked: its values can no longer change."""


class NotAllowed(DomainError):
    """The user may not change this record (wrong role or unit outside their scope)."""


class InvalidValue(DomainError):
    """A value is outside the indicator's valid range or not a number."""


class StaleEdit(DomainError):
    """Somebody else changed the record since this form was loaded."""
