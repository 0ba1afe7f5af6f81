"""The knowledge base schema: SQLAlchemy 2 typed declarative models.

Rows that other components query (durations, documents, grounds, offices) are
tables of their own; the rest of a standard's structured record stays in one
JSON column, with provenance inside it.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import JSON, Boolean, Float, ForeignKey, Index, Integer, String, Text
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column, relationship


class Base(DeclarativeBase):
    type_annotation_map = {dict[str, Any]: JSON, list[Any]: JSON}


class Act(Base):
    __tablename__ = "acts"

    number: Mapped[str] = mapped_column(String(16), primary_key=True)
    date: Mapped[str] = mapped_column(String(10))
    title: Mapped[str] = mapped_column(Text)
    status: Mapped[str] = mapped_column(String(16))
    repealed_by_number: Mapped[str | None] = mapped_column(String(16))
    repealed_by_date: Mapped[str | None] = mapped_column(String(10))
    file: Mapped[str] = mapped_column(String(64))
    notes: Mapped[list[Any]] = mapped_column(default=list)
    fragments: Mapped[list[Any]] = mapped_column(default=list)   # partially amended standards' titles

    standards: Mapped[list[Standard]] = relationship(back_populates="act", order_by="Standard.id")


class Standard(Base):
    __tablename__ = "standards"

    id: Mapped[str] = mapped_column(String(16), primary_key=True)
    act_number: Mapped[str] = mapped_column(ForeignKey("acts.number"))
    ordinal: Mapped[int] = mapped_column(Integer)
    title_kk: Mapped[str] = mapped_column(Text)
    ministry: Mapped[str | None] = mapped_column(Text)
    form: Mapped[str | None] = mapped_column(String(32))
    fee_free: Mapped[bool] = mapped_column(Boolean)
    mentions_1414: Mapped[bool] = mapped_column(Boolean)
    file: Mapped[str] = mapped_column(String(64))
    line_start: Mapped[int] = mapped_column(Integer)
    line_end: Mapped[int] = mapped_column(Integer)
    data: Mapped[dict[str, Any]] = mapped_column()   # the rest of the record, see knowledge.export

    act: Mapped[Act] = relationship(back_populates="standards")
    aliases: Mapped[list[Alias]] = relationship(order_by="Alias.id", cascade="all, delete-orphan")
    durations: Mapped[list[Duration]] = relationship(order_by="Duration.position", cascade="all, delete-orphan")
    documents: Mapped[list[DocumentItem]] = relationship(order_by="DocumentItem.position", cascade="all, delete-orphan")
    grounds: Mapped[list[Ground]] = relationship(order_by="Ground.position", cascade="all, delete-orphan")
    paragraphs: Mapped[list[Paragraph]] = relationship(order_by="Paragraph.number", cascade="all, delete-orphan")


class Alias(Base):
    __tablename__ = "standard_aliases"

    id: Mapped[int] = mapped_column(primary_key=True)
    standard_id: Mapped[str] = mapped_column(ForeignKey("standards.id", ondelete="CASCADE"), index=True)
    text: Mapped[str] = mapped_column(Text)
    line: Mapped[int] = mapped_column(Integer)


class Duration(Base):
    __tablename__ = "durations"

    id: Mapped[int] = mapped_column(primary_key=True)
    standard_id: Mapped[str] = mapped_column(ForeignKey("standards.id", ondelete="CASCADE"), index=True)
    position: Mapped[int] = mapped_column(Integer)
    channel: Mapped[str] = mapped_column(String(16))
    kind: Mapped[str] = mapped_column(String(16))
    value: Mapped[int] = mapped_column(Integer)
    unit: Mapped[str] = mapped_column(String(16))
    condition: Mapped[str | None] = mapped_column(Text)
    raw: Mapped[str] = mapped_column(Text)
    line: Mapped[int] = mapped_column(Integer)


class DocumentItem(Base):
    """One document to bring, in one scenario (the applicant's situation)."""
    __tablename__ = "documents"

    id: Mapped[int] = mapped_column(primary_key=True)
    standard_id: Mapped[str] = mapped_column(ForeignKey("standards.id", ondelete="CASCADE"), index=True)
    position: Mapped[int] = mapped_column(Integer)
    scenario: Mapped[int] = mapped_column(Integer)
    scenario_label: Mapped[str | None] = mapped_column(Text)
    scenario_channel: Mapped[str | None] = mapped_column(String(16))
    text: Mapped[str] = mapped_column(Text)
    copy: Mapped[bool] = mapped_column(Boolean)
    original: Mapped[bool] = mapped_column(Boolean)
    notarized: Mapped[bool] = mapped_column(Boolean)
    conditional: Mapped[bool] = mapped_column(Boolean)
    condition: Mapped[str | None] = mapped_column(Text)
    one_of: Mapped[bool] = mapped_column(Boolean)
    form_ref: Mapped[int | None] = mapped_column(Integer)
    source: Mapped[str] = mapped_column(String(16))
    line: Mapped[int] = mapped_column(Integer)


class Ground(Base):
    __tablename__ = "grounds"

    id: Mapped[int] = mapped_column(primary_key=True)
    standard_id: Mapped[str] = mapped_column(ForeignKey("standards.id", ondelete="CASCADE"), index=True)
    position: Mapped[int] = mapped_column(Integer)
    kind: Mapped[str] = mapped_column(String(16))        # refusal | termination
    text: Mapped[str] = mapped_column(Text)
    channel: Mapped[str | None] = mapped_column(String(16))
    line: Mapped[int] = mapped_column(Integer)


class Paragraph(Base):
    """The full text of each numbered paragraph, so answers can cite "§11 of standard X"."""
    __tablename__ = "paragraphs"

    id: Mapped[int] = mapped_column(primary_key=True)
    standard_id: Mapped[str] = mapped_column(ForeignKey("standards.id", ondelete="CASCADE"), index=True)
    number: Mapped[int] = mapped_column(Integer)
    section: Mapped[int] = mapped_column(Integer)
    text: Mapped[str] = mapped_column(Text)
    line_start: Mapped[int] = mapped_column(Integer)
    line_end: Mapped[int] = mapped_column(Integer)


class Office(Base):
    __tablename__ = "offices"

    id: Mapped[str] = mapped_column(String(400), primary_key=True)
    kind: Mapped[str] = mapped_column(String(40), index=True)
    name: Mapped[str] = mapped_column(Text)
    region: Mapped[str] = mapped_column(String(64), index=True)
    district: Mapped[str | None] = mapped_column(Text)
    settlement: Mapped[str | None] = mapped_column(Text)
    address: Mapped[str] = mapped_column(Text)
    phones: Mapped[list[Any]] = mapped_column(default=list)
    emails: Mapped[list[Any]] = mapped_column(default=list)
    hours: Mapped[str | None] = mapped_column(Text)
    lat: Mapped[float | None] = mapped_column(Float)
    lon: Mapped[float | None] = mapped_column(Float)
    geo_precision: Mapped[str | None] = mapped_column(String(16))
    sources: Mapped[list[Any]] = mapped_column(default=list)
    variants: Mapped[list[Any]] = mapped_column(default=list)

    standards: Mapped[list[OfficeStandard]] = relationship(cascade="all, delete-orphan")


class OfficeStandard(Base):
    __tablename__ = "office_standards"

    office_id: Mapped[str] = mapped_column(ForeignKey("offices.id", ondelete="CASCADE"), primary_key=True)
    standard_id: Mapped[str] = mapped_column(ForeignKey("standards.id", ondelete="CASCADE"), primary_key=True, index=True)


class QualityFlag(Base):
    __tablename__ = "quality_flags"

    id: Mapped[int] = mapped_column(primary_key=True)
    subject: Mapped[str] = mapped_column(String(16))     # standard | office | act
    subject_id: Mapped[str] = mapped_column(String(400), index=True)
    code: Mapped[str] = mapped_column(String(48))
    message: Mapped[str] = mapped_column(Text)
    file: Mapped[str | None] = mapped_column(String(64))
    line_start: Mapped[int | None] = mapped_column(Integer)
    line_end: Mapped[int | None] = mapped_column(Integer)


class Translation(Base):
    """A text in another language beside a standard's or an office's Kazakh field.

    Written by the build from `knowledge/translations/<language>/`: only translations
    whose fingerprint matches the Kazakh text they were made from, so a stale one
    is never served (see knowledge.translation)."""
    __tablename__ = "translations"
    __table_args__ = (Index("ix_translations_subject", "subject", "subject_id", "language"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    subject: Mapped[str] = mapped_column(String(16))      # standard | office
    subject_id: Mapped[str] = mapped_column(String(400))
    language: Mapped[str] = mapped_column(String(16))
    key: Mapped[str] = mapped_column(String(64))          # "title", "documents.1.items.3", "address"…
    text: Mapped[str] = mapped_column(Text)


class BuildInfo(Base):
    """What the knowledge base was built from: "fingerprint" (knowledge.build.fingerprint of
    the inputs and the build code) and "built_at", written in the build's own transaction,
    so `qyzmet kb build --if-stale` can tell an up-to-date database without rebuilding it."""
    __tablename__ = "build_info"

    key: Mapped[str] = mapped_column(String(32), primary_key=True)
    value: Mapped[str] = mapped_column(Text)
