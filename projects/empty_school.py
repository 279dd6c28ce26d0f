"""A school without a project yet: its tabs say what they are for and what to do first, instead of a 404.

`cycles.current_cycle_or_404` raises NoProjectYet after the view has checked the user's role at the
school (so an outsider still gets a 404 and a role that may not gets a 403 before it comes here);
NoProjectYetMiddleware turns it into that page. It is an Http404, so anything that does not pass
through the middleware still answers as before.
"""

from django.http import Http404
from django.shortcuts import render

from . import access
from .access import Action
from .wiring import wiring


class NoProjectYet(Http404):
    def __init__(self, school) -> None:
        super().__init__("Deze school heeft nog geen werkdrukproject.")
        self.school = school


def render_no_project(request, school, status: int = 200):
    view_name = request.resolver_match.view_name if request.resolver_match else ""
    section = next((s for s in wiring().sections if s.url_name == view_name), None)
    return render(request, "projects/no_project.html", {
        "school": school,
        "section": section,
        "may_start": access.can(request.user, school, Action.EDIT_PROJECT),
        "can": access.permissions(request.user, school),
    }, status=status)


class NoProjectYetMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_exception(self, request, exception):
        if isinstance(exception, NoProjectYet):
            return render_no_project(request, exception.school)
        return None
