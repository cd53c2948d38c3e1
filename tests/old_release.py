"""A test database at an earlier migration state, built forward from an empty database.

Upgrade tests write data at an old state and migrate to today's head. The old state is
the one `migrate <targets>` from today's head leaves (every migration except the later
ones of the targets' apps and what depends on them), but reached by applying those
migrations to an empty database instead of unapplying today's: Django renders a project
state for every migration it unapplies, so going back costs more than going forward
(measured on SQLite: 10-12 s of CPU back and 7-8 s up again, against 5-6 s from empty
and 7-8 s up). Only for `transaction=True, serialized_rollback=True` tests, through
the `old_release` fixture, which leaves the database at today's head: the flush after
the test and the serialized contents before the next one give later tests the data the
test database was built with.
"""

import pytest
from django.contrib.contenttypes.models import ContentType
from django.core.cache import cache
from django.db import connection
from django.db.migrations.executor import MigrationExecutor


def empty_database():
    """Drop every table (with its indexes and triggers) and every function the migrations made."""
    with connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            # Virtual (full-text) tables first: dropping one drops its shadow tables.
            cursor.execute(
                "SELECT type, name FROM sqlite_master WHERE type IN ('table', 'view') AND name NOT LIKE 'sqlite_%'"
                " ORDER BY type = 'view' DESC, sql NOT LIKE 'CREATE VIRTUAL%'"
            )
            objects = cursor.fetchall()
            connection.disable_constraint_checking()
            try:
                for kind, name in objects:
                    cursor.execute(f"DROP {kind.upper()} IF EXISTS {connection.ops.quote_name(name)}")
            finally:
                connection.enable_constraint_checking()
        else:
            cursor.execute(
                "SELECT format('DROP VIEW IF EXISTS %I CASCADE', viewname) FROM pg_views WHERE schemaname = current_schema()"
                " UNION ALL SELECT format('DROP TABLE IF EXISTS %I CASCADE', tablename) FROM pg_tables"
                " WHERE schemaname = current_schema()"
                # Trigger functions the migrations created; an extension's own functions stay with it.
                " UNION ALL SELECT format('DROP FUNCTION IF EXISTS %s CASCADE', p.oid::regprocedure) FROM pg_proc p"
                " WHERE p.pronamespace = current_schema()::regnamespace"
                " AND NOT EXISTS (SELECT 1 FROM pg_depend d WHERE d.objid = p.oid AND d.deptype = 'e')"
            )
            for (statement,) in cursor.fetchall():
                cursor.execute(statement)
    assert connection.introspection.table_names() == [], "the database is not empty"


def migrate(targets=None):
    """Migrate the test database to `targets` (None: today's head); return the models of that state."""
    executor = MigrationExecutor(connection)
    if targets is None:
        targets = executor.loader.graph.leaf_nodes()
    executor.migrate(targets)
    executor.loader.build_graph()  # pick up what is now applied
    return executor.loader.project_state(targets).apps


def at_head():
    executor = MigrationExecutor(connection)
    return not executor.migration_plan(executor.loader.graph.leaf_nodes())


def kept_by_going_back_to(targets):
    """The last migration of each app that `migrate <targets>` from today's head keeps applied."""
    executor = MigrationExecutor(connection)
    graph = executor.loader.graph
    unapplied = set()
    for target in targets:
        # As MigrationExecutor.migration_plan: roll back the target's next migration in its app and what depends on it.
        for child in graph.node_map[target].children:
            if child[0] == target[0]:
                unapplied.update(graph.backwards_plan(child))
    last = {}
    for migration, _ in executor.migration_plan(graph.leaf_nodes(), clean_start=True):
        key = (migration.app_label, migration.name)
        if key not in unapplied:
            last[migration.app_label] = key
    return list(last.values())


@pytest.fixture
def old_release():
    """`old_release(targets)`: the test database emptied and migrated forward to the state a migration back to
    `targets` leaves; returns the models of `targets`.

    Whatever the test does, later tests get today's schema, and no cached row id of the
    dropped database outlives it.
    """

    def database_at(targets):
        kept = kept_by_going_back_to(targets)
        empty_database()
        migrate(kept)
        return MigrationExecutor(connection).loader.project_state(targets).apps

    yield database_at
    if not at_head():  # the test failed before its upgrade finished: start again from nothing
        empty_database()
        migrate()
    ContentType.objects.clear_cache()
    cache.clear()
