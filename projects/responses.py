"""A helper deep inside a view may answer the request itself by raising RespondWith(response).

Django's Http404 and PermissionDenied do this for a 404 and a 403. RespondWith is for the other
answers a helper may have to give, such as a friendly page with its own status (410, 429), so that
the helper returns only what the view asked for and the view needs no check of what came back.
RespondWithMiddleware, the innermost entry of settings.MIDDLEWARE, hands the response on; the other
middleware treats it as any response.
"""

from django.http import HttpResponse


class RespondWith(Exception):
    def __init__(self, response: HttpResponse) -> None:
        super().__init__(response.status_code)
        self.response = response


class RespondWithMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_exception(self, request, exception) -> HttpResponse | None:
        return exception.response if isinstance(exception, RespondWith) else None
