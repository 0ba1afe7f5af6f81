"""Alembic environment for the Telegram channel's tables: the connection is handed in by bot.db.migrate."""

from alembic import context

from bot.db.models import BotBase

connection = context.config.attributes["connection"]
context.configure(connection=connection, target_metadata=BotBase.metadata, render_as_batch=True,
                  version_table="alembic_version_telegram")
with context.begin_transaction():
    context.run_migrations()
