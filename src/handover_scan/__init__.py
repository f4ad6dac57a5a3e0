"""handover-scan: find the personal information a chat-account handover would expose."""

__version__ = "0.1.0"
