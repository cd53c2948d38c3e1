from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ClaimsConfig(AppConfig):
    name = "claims"
    verbose_name = _("Claims")

    def ready(self):
        from django.db.backends.signals import connection_created
        from django.db.models.signals import post_migrate

        from .counters import ensure_sqlite_triggers

        from .audit import register_sqlite_function
        from .matching import connect_signals as connect_matching_signals
        from .search import connect_signals

        # Matching first: a changed name is forgotten before the search reindexes its claims.
        connect_matching_signals()
        connect_signals()
        # The SQLite audit triggers call a function only this process defines (claims.audit).
        connection_created.connect(register_sqlite_function, dispatch_uid="claims_audit_sqlite_function")
        # A later migration that alters claims_claim on SQLite drops the state-count triggers: restore them.
        post_migrate.connect(ensure_sqlite_triggers, sender=self, dispatch_uid="claims_state_count_triggers")
