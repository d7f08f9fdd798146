"""Errors that tell the user what is wrong and what to do."""


class GisnlpError(Exception):
    """Base class: ``str(err)`` is one line saying what is wrong and what to do."""

    def __init__(self, what: str, hint: str = ""):
        self.what, self.hint = what, hint
        super().__init__(f"{what}" + (f" ({hint})" if hint else ""))


class InputError(GisnlpError):
    """The input cannot be read as a document (empty, binary, corrupt, too large...)."""


class UnsupportedFormat(InputError):
    """No reader handles this file type."""


class QueryError(GisnlpError):
    """A search query cannot be parsed."""


class PipelineError(GisnlpError):
    """A pipeline is built or edited with a name or option that does not exist."""
