"""Where a conversation waits: the question its last reply asked, if any."""

from __future__ import annotations

from enum import StrEnum


class Step(StrEnum):
    LANGUAGE = "language"                    # which language?
    FAMILY = "family"                        # who are you? (officer, soldier, conscript)
    SITUATION = "situation"                  # which describes your situation? (from the standard's reading)
    CHANNEL = "channel"                      # where will you apply?
    DID_YOU_MEAN = "did_you_mean"
    OFFER_OPERATOR = "offer_operator"        # shall I pass you to a person?
    PLACE = "place"                          # where are you?
    REGION = "region"                        # which region?
    COMPLAINT = "complaint"                  # about the result, or about how you were served?
    COMPLAINT_SERVICE = "complaint_service"  # which service is the complaint about?


# Steps answered by one of a service question's options (flows.Question.key names the same step).
QUESTIONS = frozenset({Step.FAMILY, Step.SITUATION, Step.CHANNEL})
# Steps answered by a place.
PLACES = frozenset({Step.PLACE, Step.REGION})


def step_of(value: str | None) -> Step | None:
    """A stored step back as a `Step`; an unknown one (from an older version) as none."""
    try:
        return Step(value) if value else None
    except ValueError:
        return None
