"""Words and numbers in the reader's language.

Strings a person reads come from gettext catalogs (``generator/locale``, managed
with Babel); numbers, money and dates are formatted by Babel for the site's locale;
charts get the matching d3 locale from vl-convert, so axes read like the page.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from babel import Locale
from babel.dates import format_date
from babel.numbers import format_currency, format_decimal, format_percent, get_currency_symbol
from babel.support import NullTranslations, Translations

LOCALE_DIR = Path(__file__).parent / "locale"
BABEL_LOCALES = {"en": "en_US", "ru": "ru_RU", "ko": "ko_KR", "zh": "zh_Hans_CN"}
D3_LOCALES = {"en": "en-US", "ru": "ru-RU", "ko": "ko-KR", "zh": "zh-CN"}
NOT_AVAILABLE = "n/a"


@cache
def translations(language: str) -> NullTranslations:
    """The compiled catalog of a language; English is the source language."""
    return Translations.load(str(LOCALE_DIR), [BABEL_LOCALES[language], language], domain="messages")


@dataclass(frozen=True)
class Formatter:
    """Formats values for one site: its language and its client's currency."""

    language: str
    currency: str = "USD"

    @property
    def locale(self) -> Locale:
        return Locale.parse(BABEL_LOCALES[self.language])

    def gettext(self, message: str) -> str:
        return translations(self.language).gettext(message)

    def ngettext(self, singular: str, plural: str, count: int) -> str:
        return translations(self.language).ngettext(singular, plural, count)

    def number(self, value: float | None, digits: int = 0) -> str:
        if value is None:
            return NOT_AVAILABLE
        pattern = "#,##0" + ("." + "0" * digits if digits else "")
        return format_decimal(round(value, digits), format=pattern, locale=self.locale)

    def decimal(self, value: float | None) -> str:
        """A number with as many decimals as it needs, at most two."""
        if value is None:
            return NOT_AVAILABLE
        return format_decimal(round(value, 2), format="#,##0.##", locale=self.locale)

    def percent(self, value: float | None, digits: int = 1) -> str:
        if value is None:
            return NOT_AVAILABLE
        pattern = "#,##0" + ("." + "0" * digits if digits else "") + "%"
        return format_percent(value, format=pattern, locale=self.locale)

    def money(self, value: float | None, cents: bool = True) -> str:
        if value is None:
            return NOT_AVAILABLE
        return format_currency(
            value, self.currency, locale=self.locale, currency_digits=cents,
            format=None if cents else self._whole_currency_pattern(),
        )

    def _whole_currency_pattern(self) -> str:
        pattern = self.locale.currency_formats["standard"].pattern
        return pattern.replace(".00", "").replace(".##", "")

    def currency_symbol(self) -> str:
        return get_currency_symbol(self.currency, locale=self.locale)

    def date(self, value: dt.date | None, format: str = "medium") -> str:
        if value is None:
            return NOT_AVAILABLE
        return format_date(value, format=format, locale=self.locale)

    def month(self, month: str) -> str:
        """``2026-03`` as the locale writes a month: March 2026, март 2026 г., 2026년 3월."""
        day = dt.date(int(month[:4]), int(month[5:]), 1)
        skeleton = self.locale.datetime_skeletons.get("yMMMM") or self.locale.datetime_skeletons["yMMM"]
        return format_date(day, format=skeleton, locale=self.locale)
