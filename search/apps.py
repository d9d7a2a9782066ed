from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


def _sqlite_functions(sender, connection, **kwargs):
    if connection.vendor == "sqlite":
        from .lexemes import register_sqlite_functions

        register_sqlite_functions(connection.connection)


class SearchConfig(AppConfig):
    name = "search"
    verbose_name = _("Search")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from django.db import connections
        from django.db.backends.signals import connection_created

        from . import signals

        signals.connect()  # the index follows every change, in the change's transaction (search/index.py)
        # SQLite's index triggers and the search query call Python functions (search/lexemes.py).
        connection_created.connect(_sqlite_functions, dispatch_uid="search-sqlite-functions")
        for connection in connections.all(initialized_only=True):
            if connection.connection is not None:
                _sqlite_functions(None, connection)
