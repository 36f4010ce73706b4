"""Which language a page speaks: Chinese unless the user chose otherwise.

Django's LocaleMiddleware follows the browser's Accept-Language, so an HR specialist whose
browser happens to ask for English got English pages although the product speaks Chinese by
default (DESIGN: zh-hans default, English complete). Pages therefore follow only an explicit
choice — the language menu's cookie (django.views.i18n.set_language) — and otherwise
LANGUAGE_CODE. The API under /api/ is spoken to by programs, which state the language they want
in Accept-Language, so there the standard negotiation stays.
"""

from django.conf import settings
from django.middleware.locale import LocaleMiddleware
from django.utils import translation
from django.utils.translation import get_supported_language_variant

API_PREFIX = "/api/"


def chosen_language(request) -> str:
    """The language cookie if it names a language we have, else the default."""
    code = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME)
    for candidate in (code, settings.LANGUAGE_CODE):
        if not candidate:
            continue
        try:
            return get_supported_language_variant(candidate)
        except LookupError:
            continue
    return settings.LANGUAGE_CODE


class ChosenLanguageMiddleware(LocaleMiddleware):
    """LocaleMiddleware without Accept-Language for pages (see the module's docstring)."""

    def process_request(self, request):
        if request.path_info.startswith(API_PREFIX):
            return super().process_request(request)
        translation.activate(chosen_language(request))
        request.LANGUAGE_CODE = translation.get_language()
