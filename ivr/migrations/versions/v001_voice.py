"""voice: calls (menu position, last webhook answer, status, outcome) and the SMS sent

Revision ID: v001
Revises:
"""
from alembic import op
import sqlalchemy as sa


revision = 'v001'
down_revision = None
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('ivr_calls',
    sa.Column('call_sid', sa.String(length=64), nullable=False),
    sa.Column('caller', sa.String(length=64), nullable=False),
    sa.Column('language', sa.String(length=8), nullable=True),
    sa.Column('view', sa.JSON(), nullable=False),
    sa.Column('step', sa.Integer(), nullable=False),
    sa.Column('last_request', sa.String(length=64), nullable=True),
    sa.Column('last_twiml', sa.Text(), nullable=True),
    sa.Column('answer', sa.Text(), nullable=True),
    sa.Column('status', sa.String(length=16), nullable=False),
    sa.Column('duration', sa.Integer(), nullable=True),
    sa.Column('outcome', sa.String(length=16), nullable=False),
    sa.Column('card', sa.JSON(), nullable=True),
    sa.Column('queued_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('started_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('updated_at', sa.DateTime(timezone=True), nullable=False),
    sa.PrimaryKeyConstraint('call_sid')
    )
    op.create_index('ix_ivr_calls_caller', 'ivr_calls', ['caller', 'started_at'])
    op.create_index('ix_ivr_calls_queue', 'ivr_calls', ['language', 'queued_at'])
    op.create_table('ivr_sms',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('call_sid', sa.String(length=64), nullable=False),
    sa.Column('step', sa.Integer(), nullable=False),
    sa.Column('parts', sa.Integer(), nullable=False),
    sa.Column('sent', sa.Integer(), nullable=False),
    sa.Column('error', sa.String(length=200), nullable=True),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['call_sid'], ['ivr_calls.call_sid'], ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id'),
    sa.UniqueConstraint('call_sid', 'step')
    )


def downgrade() -> None:
    op.drop_table('ivr_sms')
    op.drop_table('ivr_calls')
