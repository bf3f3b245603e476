"""Errors the command line turns into one clear line on stderr and exit code 2."""


class InputError(Exception):
    """The input cannot be read as a booklet: the message is shown to the user as is."""


class LimitExceeded(InputError):
    """Reading the input went past a configured time or memory limit."""


class UsageError(Exception):
    """The command line or configuration is wrong."""
