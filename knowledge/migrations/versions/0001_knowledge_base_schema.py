"""knowledge base schema

Revision ID: 0001
Revises: 
"""
from alembic import op
import sqlalchemy as sa


revision = '0001'
down_revision = None
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('acts',
    sa.Column('number', sa.String(length=16), nullable=False),
    sa.Column('date', sa.String(length=10), nullable=False),
    sa.Column('title', sa.Text(), nullable=False),
    sa.Column('status', sa.String(length=16), nullable=False),
    sa.Column('repealed_by_number', sa.String(length=16), nullable=True),
    sa.Column('repealed_by_date', sa.String(length=10), nullable=True),
    sa.Column('file', sa.String(length=64), nullable=False),
    sa.Column('notes', sa.JSON(), nullable=False),
    sa.Column('fragments', sa.JSON(), nullable=False),
    sa.PrimaryKeyConstraint('number')
    )
    op.create_table('offices',
    sa.Column('id', sa.String(length=400), nullable=False),
    sa.Column('kind', sa.String(length=40), nullable=False),
    sa.Column('name', sa.Text(), nullable=False),
    sa.Column('region', sa.String(length=64), nullable=False),
    sa.Column('district', sa.Text(), nullable=True),
    sa.Column('settlement', sa.Text(), nullable=True),
    sa.Column('address', sa.Text(), nullable=False),
    sa.Column('phones', sa.JSON(), nullable=False),
    sa.Column('emails', sa.JSON(), nullable=False),
    sa.Column('hours', sa.Text(), nullable=True),
    sa.Column('lat', sa.Float(), nullable=True),
    sa.Column('lon', sa.Float(), nullable=True),
    sa.Column('geo_precision', sa.String(length=16), nullable=True),
    sa.Column('sources', sa.JSON(), nullable=False),
    sa.Column('variants', sa.JSON(), nullable=False),
    sa.PrimaryKeyConstraint('id')
    )
    with op.batch_alter_table('offices', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_offices_kind'), ['kind'], unique=False)
        batch_op.create_index(batch_op.f('ix_offices_region'), ['region'], unique=False)

    op.create_table('quality_flags',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('subject', sa.String(length=16), nullable=False),
    sa.Column('subject_id', sa.String(length=400), nullable=False),
    sa.Column('code', sa.String(length=48), nullable=False),
    sa.Column('message', sa.Text(), nullable=False),
    sa.Column('file', sa.String(length=64), nullable=True),
    sa.Column('line_start', sa.Integer(), nullable=True),
    sa.Column('line_end', sa.Integer(), nullable=True),
    sa.PrimaryKeyConstraint('id')
    )
    with op.batch_alter_table('quality_flags', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_quality_flags_subject_id'), ['subject_id'], unique=False)

    op.create_table('standards',
    sa.Column('id', sa.String(length=16), nullable=False),
    sa.Column('act_number', sa.String(length=16), nullable=False),
    sa.Column('ordinal', sa.Integer(), nullable=False),
    sa.Column('title_kk', sa.Text(), nullable=False),
    sa.Column('ministry', sa.Text(), nullable=True),
    sa.Column('form', sa.String(length=32), nullable=True),
    sa.Column('fee_free', sa.Boolean(), nullable=False),
    sa.Column('mentions_1414', sa.Boolean(), nullable=False),
    sa.Column('file', sa.String(length=64), nullable=False),
    sa.Column('line_start', sa.Integer(), nullable=False),
    sa.Column('line_end', sa.Integer(), nullable=False),
    sa.Column('data', sa.JSON(), nullable=False),
    sa.ForeignKeyConstraint(['act_number'], ['acts.number'], ),
    sa.PrimaryKeyConstraint('id')
    )
    op.create_table('documents',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('standard_id', sa.String(length=16), nullable=False),
    sa.Column('position', sa.Integer(), nullable=False),
    sa.Column('scenario', sa.Integer(), nullable=False),
    sa.Column('scenario_label', sa.Text(), nullable=True),
    sa.Column('scenario_channel', sa.String(length=16), nullable=True),
    sa.Column('text', sa.Text(), nullable=False),
    sa.Column('copy', sa.Boolean(), nullable=False),
    sa.Column('original', sa.Boolean(), nullable=False),
    sa.Column('notarized', sa.Boolean(), nullable=False),
    sa.Column('conditional', sa.Boolean(), nullable=False),
    sa.Column('condition', sa.Text(), nullable=True),
    sa.Column('one_of', sa.Boolean(), nullable=False),
    sa.Column('form_ref', sa.Integer(), nullable=True),
    sa.Column('source', sa.String(length=16), nullable=False),
    sa.Column('line', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['standard_id'], ['standards.id'], ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id')
    )
    with op.batch_alter_table('documents', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_documents_standard_id'), ['standard_id'], unique=False)

    op.create_table('durations',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('standard_id', sa.String(length=16), nullable=False),
    sa.Column('position', sa.Integer(), nullable=False),
    sa.Column('channel', sa.String(length=16), nullable=False),
    sa.Column('kind', sa.String(length=16), nullable=False),
    sa.Column('value', sa.Integer(), nullable=False),
    sa.Column('unit', sa.String(length=16), nullable=False),
    sa.Column('condition', sa.Text(), nullable=True),
    sa.Column('raw', sa.Text(), nullable=False),
    sa.Column('line', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['standard_id'], ['standards.id'], ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id')
    )
    with op.batch_alter_table('durations', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_durations_standard_id'), ['standard_id'], unique=False)

    op.create_table('grounds',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('standard_id', sa.String(length=16), nullable=False),
    sa.Column('position', sa.Integer(), nullable=False),
    sa.Column('kind', sa.String(length=16), nullable=False),
    sa.Column('text', sa.Text(), nullable=False),
    sa.Column('channel', sa.String(length=16), nullable=True),
    sa.Column('line', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['standard_id'], ['standards.id'], ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id')
    )
    with op.batch_alter_table('grounds', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_grounds_standard_id'), ['standard_id'], unique=False)

    op.create_table('office_standards',
    sa.Column('office_id', sa.String(length=400), nullable=False),
    sa.Column('standard_id', sa.String(length=16), nullable=False),
    sa.ForeignKeyConstraint(['office_id'], ['offices.id'], ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['standard_id'], ['standards.id'], ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('office_id', 'standard_id')
    )
    with op.batch_alter_table('office_standards', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_office_standards_standard_id'), ['standard_id'], unique=False)

    op.create_table('paragraphs',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('standard_id', sa.String(length=16), nullable=False),
    sa.Column('number', sa.Integer(), nullable=False),
    sa.Column('section', sa.Integer(), nullable=False),
    sa.Column('text', sa.Text(), nullable=False),
    sa.Column('line_start', sa.Integer(), nullable=False),
    sa.Column('line_end', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['standard_id'], ['standards.id'], ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id')
    )
    with op.batch_alter_table('paragraphs', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_paragraphs_standard_id'), ['standard_id'], unique=False)

    op.create_table('standard_aliases',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('standard_id', sa.String(length=16), nullable=False),
    sa.Column('text', sa.Text(), nullable=False),
    sa.Column('line', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['standard_id'], ['standards.id'], ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id')
    )
    with op.batch_alter_table('standard_aliases', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_standard_aliases_standard_id'), ['standard_id'], unique=False)



def downgrade() -> None:
    with op.batch_alter_table('standard_aliases', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_standard_aliases_standard_id'))

    op.drop_table('standard_aliases')
    with op.batch_alter_table('paragraphs', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_paragraphs_standard_id'))

    op.drop_table('paragraphs')
    with op.batch_alter_table('office_standards', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_office_standards_standard_id'))

    op.drop_table('office_standards')
    with op.batch_alter_table('grounds', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_grounds_standard_id'))

    op.drop_table('grounds')
    with op.batch_alter_table('durations', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_durations_standard_id'))

    op.drop_table('durations')
    with op.batch_alter_table('documents', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_documents_standard_id'))

    op.drop_table('documents')
    op.drop_table('standards')
    with op.batch_alter_table('quality_flags', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_quality_flags_subject_id'))

    op.drop_table('quality_flags')
    with op.batch_alter_table('offices', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_offices_region'))
        batch_op.drop_index(batch_op.f('ix_offices_kind'))

    op.drop_table('offices')
    op.drop_table('acts')
