# Werkdruk production image: one image for web (gunicorn), worker and beat (Celery).
FROM python:3.12-slim

ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PIP_NO_CACHE_DIR=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1 \
    PYTHONPATH=/app \
    STATIC_ROOT=/app/staticfiles \
    MEDIA_ROOT=/app/media

# WeasyPrint renders PDFs with Pango; DejaVu gives it a font with every Dutch character.
# gettext compiles the catalogues in locale/ (compilemessages, below).
RUN apt-get update \
    && apt-get install -y --no-install-recommends libpango-1.0-0 libpangoft2-1.0-0 fonts-dejavu-core gettext \
    && rm -rf /var/lib/apt/lists/*

RUN useradd --system --uid 10001 --user-group --create-home --home-dir /home/werkdruk werkdruk

WORKDIR /app

# Dependencies first, pinned to the tested versions, so a code change reuses this layer.
COPY pyproject.toml constraints.txt ./
RUN pip install -c constraints.txt .

# Code stays owned by root: the app user can write only media/ and staticfiles/.
COPY . .
RUN mkdir -p /app/media /app/staticfiles && chown werkdruk:werkdruk /app/media /app/staticfiles

# The catalogues compiled into the image (.mo files are not committed), owned by root like the code.
RUN SECRET_KEY=compilemessages-only-not-a-real-key-0123456789abcdefghijklmnop \
    ALLOWED_HOSTS=localhost \
    python manage.py compilemessages --ignore tests

USER werkdruk

# Static files are baked into the image (served by WhiteNoise). The key only lets settings load.
RUN SECRET_KEY=collectstatic-only-not-a-real-key-0123456789abcdefghijklmnop \
    ALLOWED_HOSTS=localhost \
    python manage.py collectstatic --noinput

EXPOSE 8000
CMD ["gunicorn", "werkdruk.wsgi", "-c", "gunicorn.conf.py"]
