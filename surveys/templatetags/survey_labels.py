from django import template

from surveys.models import Department

register = template.Library()


@register.filter
def department_label(code: str) -> str:
    """A department as the reader's language names it; results keep the code ("onderbouw")."""
    return Department(code).label if code in Department.values else code
