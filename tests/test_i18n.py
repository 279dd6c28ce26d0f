"""Every text a user reads goes through Django's translation functions."""

import re
from pathlib import Path

from django.conf import settings
from django.template.base import Lexer, TokenType

TEMPLATES = Path(settings.BASE_DIR) / "templates"
# Apps that keep their templates in the app (spending/templates/spending/).
APP_TEMPLATES = [Path(settings.BASE_DIR) / "spending" / "templates"]


def untranslated_words(source: str) -> list[str]:
    """Words in a template that stand outside {% translate %} / {% blocktranslate %} and outside tags.

    Comments and the body's class names are not read by anyone, so they are skipped too.
    """
    text, depth = [], 0
    for token in Lexer(source).tokenize():
        if token.token_type == TokenType.BLOCK:
            words = token.contents.split() or [""]
            opening = words[0] in ("blocktranslate", "comment") or words[:2] == ["block", "body_class"]
            closing = words[0] in ("endblocktranslate", "endcomment") or (depth and words == ["endblock"])
            depth += 1 if opening else -1 if closing and depth else 0
            text.append(" ")
        elif token.token_type == TokenType.TEXT and depth == 0:
            text.append(token.contents)
        else:
            text.append(" ")
    visible = re.sub(r"<(script|style)\b.*?</\1>|<!--.*?-->|<[^>]*>|&[a-z#0-9]+;", " ", "".join(text), flags=re.S)
    return re.findall(r"[A-Za-zÀ-ÿ]{3,}", visible)


def test_templates_show_no_text_outside_the_translation_tags():
    offenders = {}
    for folder in [TEMPLATES, *APP_TEMPLATES]:
        for path in sorted(folder.rglob("*.html")) + sorted(folder.rglob("*.txt")):
            words = [word for word in untranslated_words(path.read_text()) if word != "Werkdruk"]
            if words:
                offenders[str(path.relative_to(folder))] = words[:5]
    assert not offenders, offenders


def test_the_check_finds_a_bare_dutch_sentence():
    assert untranslated_words("<p>Welkom terug</p>") == ["Welkom", "terug"]
    assert untranslated_words('{% load i18n %}<p title="x">{% translate "Welkom" %}</p>') == []


def test_error_pages_are_dutch(client, db):
    page = client.get("/bestaat-niet/")
    assert page.status_code == 404
    assert "Deze pagina bestaat niet" in page.text
