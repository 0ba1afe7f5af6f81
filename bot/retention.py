"""Retention of the Telegram channel's tables (the sweep itself: dialogs.retention).

- which relayed message is the copy of which: pairs older than the cutoff;
- handled updates older than the cutoff (kept two days anyway: bot.middlewares.updates);
- a citizen's row once they have no conversation updated since the cutoff: their chat, language, topic.
  Kept: a citizen operators barred (/ban), since that is the operators' decision and holds no words,
  and one waiting for or talking to an operator right now.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import Engine, String, cast, exists, literal

from bot.db.models import Citizen, Desk, HandledUpdate, MessagePair
from dialogs.models import Conversation
from dialogs.retention import BATCH, Sweep, present, sweep

# bot.conversation.conversation_of(user id) is "telegram:<user id>"; not imported from there, as that
# loads aiogram (two seconds of a cron job's start)
CONVERSATION_PREFIX = "telegram:"


def sweeps(cutoff: datetime) -> list[Sweep]:
    conversation = literal(CONVERSATION_PREFIX).concat(cast(Citizen.user_id, String))
    recent = exists().where(Conversation.id == conversation, Conversation.updated >= cutoff)
    return [Sweep(MessagePair, (MessagePair.id,), MessagePair.at < cutoff),
            Sweep(HandledUpdate, (HandledUpdate.bot_id, HandledUpdate.update_id), HandledUpdate.at < cutoff),
            Sweep(Citizen, (Citizen.user_id,), ~recent & ~Citizen.banned & (Citizen.desk == Desk.NONE))]


def remove_older(db: Engine, cutoff: datetime, *, dry_run: bool = False, batch: int = BATCH) -> dict[str, int]:
    """Rows removed per table of the channel's, for everything older than `cutoff`."""
    return {s.table: sweep(db, s, dry_run=dry_run, batch=batch) for s in present(db, sweeps(cutoff))}
