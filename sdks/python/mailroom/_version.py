"""The SDK's version (PEP 440 spelling of the server's 0.1.0-SNAPSHOT)."""

__version__ = "0.1.0.dev0"
USER_AGENT = "mailroom-sdk-python/" + __version__
