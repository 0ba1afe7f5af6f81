"""telegram: citizens and their operators' topics, relayed message pairs, handled updates

Revision ID: t001
Revises:
"""
from alembic import op
import sqlalchemy as sa


revision = 't001'
down_revision = None
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('tg_citizens',
    sa.Column('user_id', sa.BigInteger(), nullable=False),
    sa.Column('chat_id', sa.BigInteger(), nullable=False),
    sa.Column('language', sa.String(length=8), nullable=True),
    sa.Column('blocked', sa.Boolean(), nullable=False),
    sa.Column('banned', sa.Boolean(), nullable=False),
    sa.Column('topic_id', sa.BigInteger(), nullable=True),
    sa.Column('card_message_id', sa.BigInteger(), nullable=True),
    sa.Column('desk', sa.String(length=16), nullable=False),
    sa.Column('waiting_since', sa.DateTime(timezone=True), nullable=True),
    sa.Column('keyboard_language', sa.String(length=8), nullable=True),
    sa.PrimaryKeyConstraint('user_id')
    )
    op.create_index('ix_tg_citizens_topic', 'tg_citizens', ['topic_id'])
    op.create_index('ix_tg_citizens_desk', 'tg_citizens', ['desk'])
    op.create_table('tg_message_pairs',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('citizen_id', sa.BigInteger(), nullable=False),
    sa.Column('citizen_message_id', sa.BigInteger(), nullable=False),
    sa.Column('topic_message_id', sa.BigInteger(), nullable=False),
    sa.Column('from_citizen', sa.Boolean(), nullable=False),
    sa.Column('at', sa.DateTime(timezone=True), nullable=False),
    sa.PrimaryKeyConstraint('id'),
    sa.UniqueConstraint('citizen_id', 'citizen_message_id')
    )
    op.create_index('ix_tg_pairs_topic', 'tg_message_pairs', ['topic_message_id'])
    op.create_table('tg_updates',
    sa.Column('bot_id', sa.BigInteger(), autoincrement=False, nullable=False),
    sa.Column('update_id', sa.BigInteger(), autoincrement=False, nullable=False),
    sa.Column('at', sa.DateTime(timezone=True), nullable=False),
    sa.PrimaryKeyConstraint('bot_id', 'update_id')
    )
    op.create_index('ix_tg_updates_at', 'tg_updates', ['at'])


def downgrade() -> None:
    op.drop_index('ix_tg_updates_at', table_name='tg_updates')
    op.drop_table('tg_updates')
    op.drop_index('ix_tg_pairs_topic', table_name='tg_message_pairs')
    op.drop_table('tg_message_pairs')
    op.drop_index('ix_tg_citizens_desk', table_name='tg_citizens')
    op.drop_index('ix_tg_citizens_topic', table_name='tg_citizens')
    op.drop_table('tg_citizens')
