"""The Telegram channel: the assistant for citizens in private chats, and the operators' forum group (README: Telegram)."""
