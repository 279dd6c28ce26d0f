"""The tabs of a school's pages, as the wiring lists them (werkdruk/wegwijzer.py)."""

from django.urls import reverse

from . import access
from .wiring import wiring


def sections_for(user, school) -> list[dict]:
    return [
        {"key": section.key, "label": section.label, "url": reverse(section.url_name, kwargs={"school": school.slug})}
        for section in wiring().sections
        if access.can(user, school, section.action)
    ]
