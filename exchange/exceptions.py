from vpwg.errors import DomainError


class ExchangeError(DomainError):
    """An import or export was refused; the message is for the person."""


class ImportFileError(ExchangeError):
    """The file cannot be read as what it claims to be (or is too large): nothing was imported."""
