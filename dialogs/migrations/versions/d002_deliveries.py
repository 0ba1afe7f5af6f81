"""deliveries: events already handled, for answering repeated deliveries

Revision ID: d002
Revises: d001
"""
from alembic import op
import sqlalchemy as sa


revision = 'd002'
down_revision = 'd001'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('deliveries',
    sa.Column('conversation_id', sa.String(length=200), nullable=False),
    sa.Column('event_id', sa.String(length=200), nullable=False),
    sa.Column('digest', sa.String(length=64), nullable=False),
    sa.Column('at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('answer', sa.JSON(), nullable=False),
    sa.ForeignKeyConstraint(['conversation_id'], ['conversations.id'], ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('conversation_id', 'event_id')
    )


def downgrade() -> None:
    op.drop_table('deliveries')
