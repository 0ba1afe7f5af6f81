"""Alembic environment for the voice line's tables: the connection is handed in by ivr.models.migrate."""

from alembic import context

from ivr.models import VoiceBase

connection = context.config.attributes["connection"]
context.configure(connection=connection, target_metadata=VoiceBase.metadata, render_as_batch=True,
                  version_table="alembic_version_voice")
with context.begin_transaction():
    context.run_migrations()
