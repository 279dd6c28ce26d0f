from django import template

from projects import team, two_factor
from projects.anonymity import MIN_GROUP
from projects.navigation import sections_for

register = template.Library()


@register.inclusion_tag("projects/_school_nav.html", takes_context=True)
def school_nav(context, school, current: str):
    sections = sections_for(context["request"].user, school)
    label = next((section["label"] for section in sections if section["key"] == current), "")
    return {"school": school, "current": current, "current_label": label, "sections": sections}


@register.filter
def oversees_schools(user) -> bool:
    """Whether to offer the overview of many schools in the menu."""
    return user.is_authenticated and two_factor.standing(user).oversees


@register.filter
def colleague_name(user) -> str:
    return team.colleague_name(user)


@register.simple_tag
def min_group() -> int:
    """The anonymity threshold for a text that states it: `{% min_group as k %}`."""
    return MIN_GROUP
