"""The sections of a school's pages. Apps add theirs in AppConfig.ready(), like the steps."""

from dataclasses import dataclass

from django.urls import reverse

from . import access
from .access import Action


@dataclass(frozen=True)
class Section:
    key: str
    label: str
    url_name: str
    action: Action = Action.VIEW
    order: int = 50


_sections: dict[str, Section] = {}


def register(section: Section) -> None:
    _sections[section.key] = section


def sections_for(user, school) -> list[dict]:
    return [
        {"key": section.key, "label": section.label, "url": reverse(section.url_name, kwargs={"school": school.slug})}
        for section in sorted(_sections.values(), key=lambda s: s.order)
        if access.can(user, school, section.action)
    ]
