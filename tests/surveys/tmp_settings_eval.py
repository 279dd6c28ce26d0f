from werkdruk.settings import *  # noqa
ROOT_URLCONF = "tests.surveys.evaluation_urls"
ALLOWED_HOSTS = ["*"]
