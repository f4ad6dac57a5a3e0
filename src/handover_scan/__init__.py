"""handover-scan: find the personal information a chat-account handover would expose."""

__version__ = "0.1.0"

from handover_scan import deferred as _deferred

_deferred.install()  # before anything imports presidio_analyzer: its unused parts load only when asked for
