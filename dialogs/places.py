"""The office steps of a conversation: understand a place, list its offices, or offer the regions.

A shared location, a settlement, district or region (from the NLU's entities or
looked up by name), or a region picked from the list; the offices come three at a
time ("more offices"), the kind being the one that takes this service.
"""

from __future__ import annotations

import math
from dataclasses import replace

from dialogs import offices
from dialogs.messages import Expect, Hint, Purpose
from dialogs.payloads import Command
from dialogs.steps import Step
from dialogs.turn import Turn

PLACE_ENTITIES = ("settlement", "district", "region")
KAZAKHSTAN = (40.0, 56.0, 46.0, 88.0)       # lat min, lat max, lon min, lon max, with a margin


def from_entity(entity: dict) -> dict:
    return {"name": entity.get("value"), "name_ru": entity.get("value_ru"), "lat": entity.get("lat"),
            "lon": entity.get("lon"), "kind": entity.get("entity"), "shared": False}


def show_entity(t: Turn, entity: dict) -> None:
    t.state.place = from_entity(entity)
    show(t)


def show_text(t: Turn, text: str, parse) -> None:
    entity = next((x for x in parse.entities if x.get("entity") in PLACE_ENTITIES), None)
    if entity is not None:
        return show_entity(t, entity)
    std = t.standards.get(t.state.service) if t.state.service else None
    place, _ = offices.in_place(t.offices, std, text, t.language)
    if place is None:
        return ask_region(t, t._("I could not find that place. Choose your region:"))
    t.state.place = {"name": place.get("name_kk"), "name_ru": place.get("name_ru"), "lat": place.get("lat"),
                     "lon": place.get("lon"), "kind": place.get("kind"), "shared": False}
    show(t)


def in_kazakhstan(lat: float, lon: float) -> bool:
    """A shared location we can search from: real numbers, roughly inside the country's bounds."""
    return all(math.isfinite(x) for x in (lat, lon)) and KAZAKHSTAN[0] <= lat <= KAZAKHSTAN[1] \
        and KAZAKHSTAN[2] <= lon <= KAZAKHSTAN[3]


def ask_place(t: Turn) -> None:
    t.state.wait_for(Step.PLACE)
    t.reply(Purpose.PLACE, t._("Where are you? Write your city, district or region."),
            actions=[t.option(t._("Choose a region from the list"), Command.REGION)], expects=Expect.LOCATION)


def show(t: Turn, more: bool = False, kind: str | None = None) -> None:
    """The offices for the place given: of the service's kind for the way of applying chosen, or of
    `kind` (a complaint's addressee)."""
    s = t.state
    std = t.standards.get(s.service) if s.service else None
    place = s.place
    kind = kind or s.answers.pop("office_kind", None)
    if not place:
        if kind:
            s.answers["office_kind"] = kind      # still wanted once the place is given
        return ask_place(t)
    start = s.offices_shown if more else 0
    # the way of applying chosen decides the kind of office; online, any office the service has will do
    channel = s.answers.get("channel") if s.service and s.answers.get("channel") in ("hqo", "authority") else None
    cards, has_more = offices.for_place(t.offices, std, place, t.language, start, channel=channel, kind=kind)
    s.wait_for(None)
    ways_on = t.after_answer() if s.service else t.menu()
    if not cards and start:
        s.offices_shown = 0
        t.say(t._("That was the whole list for this place."), ways_on)
        return
    if not cards:
        s.offices_shown = 0
        t.say(t._("I could not find an office for this service there. The contact centre will tell you "
                  "where to apply."), ways_on, hints=[Hint.HELPLINE])
        return
    s.offices_shown = start + len(cards)
    name = place.get(f"name_{t.language}") or place.get("name")
    if place.get("shared"):
        heading = t._("The nearest offices:")
    elif name:
        heading = t._("Offices for {place}:").format(place=name)
    else:
        heading = t._("Offices:")
    more_offices = [t.option(t._("More offices"), Command.OFFICE, "more", *([kind] if kind else []))] \
        if has_more else []
    t.reply(Purpose.OFFICES, heading, actions=more_offices + ways_on)
    t.out.extend(replace(c, position=i) for i, c in enumerate(cards, start + 1))


def ask_region(t: Turn, prompt: str | None = None) -> None:
    choices = offices.region_choices(t.language)
    options = [t.option(name, Command.REGION, slug) for slug, name in choices]
    t.state.wait_for(Step.REGION, [o.payload for o in options])
    # never only the regions: a citizen who does not know, or wants something else, has the menu too
    t.reply(Purpose.PLACE, prompt or t._("Choose your region:"), options=options, actions=t.menu(),
            expects=Expect.CHOICE)


def region_chosen(t: Turn, slug: str, district: str | None = None) -> None:
    """A region picked from the list: its districts and towns to pick from when it has more offices
    than one page holds (a region's centre says little about where the citizen is), then the offices
    of the district picked; "all": the region's offices nearest its centre."""
    s = t.state
    centre = offices.region_centre(slug)
    if centre is None:
        return ask_region(t)
    std = t.standards.get(s.service) if s.service else None
    channel = s.answers.get("channel") if s.service and s.answers.get("channel") in ("hqo", "authority") else None
    kind = s.answers.get("office_kind")
    found = offices.districts(t.offices, std, slug, t.language, channel=channel, kind=kind)
    if district is not None and district.isdigit() and 1 <= int(district) <= len(found):
        s.place = offices.district_place(slug, found[int(district) - 1])
        return show(t)
    if district == "all" or len(found) < 2 or sum(len(d.offices) for d in found) <= offices.PAGE:
        s.place = centre
        return show(t)
    options = [t.option(d.name(t.language), Command.REGION, slug, str(i)) for i, d in enumerate(found, 1)]
    s.wait_for(Step.REGION, [o.payload for o in options])
    region = centre.get("name_ru") if t.language == "ru" else centre.get("name")
    t.reply(Purpose.PLACE, t._("{region}: choose your district or town.").format(region=region), options=options,
            actions=[t.option(t._("The whole region"), Command.REGION, slug, "all")] + t.menu(),
            expects=Expect.CHOICE)
