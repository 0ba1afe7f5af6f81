"""translations of standards' and offices' texts

Revision ID: 0002
Revises: 0001
"""
from alembic import op
import sqlalchemy as sa


revision = '0002'
down_revision = '0001'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('translations',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('subject', sa.String(length=16), nullable=False),
    sa.Column('subject_id', sa.String(length=400), nullable=False),
    sa.Column('language', sa.String(length=16), nullable=False),
    sa.Column('key', sa.String(length=64), nullable=False),
    sa.Column('text', sa.Text(), nullable=False),
    sa.PrimaryKeyConstraint('id')
    )
    op.create_index('ix_translations_subject', 'translations', ['subject', 'subject_id', 'language'], unique=False)


def downgrade() -> None:
    op.drop_index('ix_translations_subject', table_name='translations')
    op.drop_table('translations')
