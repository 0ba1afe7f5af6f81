"""The web channel: Rasa's REST channel (so Rasa web-chat widgets work unchanged) and our own web chat."""
