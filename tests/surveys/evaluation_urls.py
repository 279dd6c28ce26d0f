"""The project's URLs with the evaluation URLs included, whether or not werkdruk/urls.py has them yet."""

from django.urls import include, path

from werkdruk.urls import urlpatterns as project_urlpatterns

included = any(getattr(pattern, "namespace", None) == "evaluation" for pattern in project_urlpatterns)
urlpatterns = project_urlpatterns if included else [*project_urlpatterns, path("", include("surveys.urls_evaluation"))]
