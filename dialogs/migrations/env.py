"""Alembic environment for the dialogs tables: the connection is handed in by dialogs.store.migrate."""

from alembic import context

from dialogs.models import DialogBase

connection = context.config.attributes["connection"]
context.configure(connection=connection, target_metadata=DialogBase.metadata, render_as_batch=True,
                  version_table="alembic_version_dialogs")
with context.begin_transaction():
    context.run_migrations()
