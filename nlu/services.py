"""The standards the NLU can name: ids and Kazakh titles, read from the knowledge base."""

from __future__ import annotations

import logging

from sqlalchemy import inspect, select

from knowledge import models, query
from knowledge.build import build
from knowledge.db import database_url, make_engine, session_factory

log = logging.getLogger(__name__)


def knowledge_titles(database: str = "") -> dict[str, str]:
    """standard id -> title_kk, exactly as the knowledge base at `database` (a DATABASE_URL) has them.

    A fresh checkout has no database yet; it is built here (a few seconds) rather than
    leaving the NLU without titles.
    """
    engine = make_engine(database_url(database))
    try:
        if not inspect(engine).has_table("standards") or not _has_standards(engine):
            log.warning("the knowledge base is empty; building it from the bundled sources")
            build(engine)
        with session_factory(engine)() as session:
            return dict(query.standard_ids(session))
    finally:
        engine.dispose()


def _has_standards(engine) -> bool:
    with session_factory(engine)() as session:
        return session.scalar(select(models.Standard.id).limit(1)) is not None
