"""Words and numbers in the reader's language.

Strings a person reads come from gettext catalogs (``generator/locale``, managed
with Babel: ``make translations``); English is the source language, so its
message ids are the English text and it needs no catalog. Numbers, money and
dates are formatted by Babel for the site's locale; charts get the matching d3
locale from vl-convert, so axes read like the page. Site search gets the
settings that let it find words of each language (``search_settings``).
"""

from __future__ import annotations

import datetime as dt
import logging
from dataclasses import dataclass
from functools import cache
from pathlib import Path

import jieba
import vl_convert
from babel import Locale
from babel.dates import format_date
from babel.messages.catalog import Message
from babel.messages.extract import extract_from_dir
from babel.messages.frontend import parse_mapping_cfg
from babel.messages.pofile import read_po
from babel.numbers import format_currency, format_decimal, format_percent, get_currency_symbol
from babel.support import NullTranslations, Translations

from .problems import Problem

PACKAGE_DIR = Path(__file__).parent
LOCALE_DIR = PACKAGE_DIR / "locale"
EXTRACTION_CONFIG = PACKAGE_DIR.parent / "babel.cfg"
SOURCE_LANGUAGE = "en"
BABEL_LOCALES = {"en": "en_US", "ru": "ru_RU", "ko": "ko_KR", "zh": "zh_Hans_CN"}
LANGUAGE_NAMES = {"en": "English", "ru": "Russian", "ko": "Korean", "zh": "Chinese"}
D3_LOCALES = {"en": "en-US", "ru": "ru-RU", "ko": "ko-KR", "zh": "zh-CN"}

jieba.setLogLevel(logging.WARNING)
"""Material's search segments Chinese with jieba, which otherwise logs its set-up to stderr."""

_PUNCTUATION = "[\\s\\-\"'()\\[\\]/:;!?…«»„“”‘’「」『』〈〉《》<>·~]+|[.,](?!\\d)"
"""Punctuation splits words too, except a decimal point or separator inside a number."""
_RUSSIAN_ENDINGS = (
    "иями|ьями|ями|ами|иях|ьях|ях|ах|ием|ией|ого|его|ому|ему|ыми|ими|ой|ей|ий|ый|ая|яя|ое|ее|ые|ие|ую|юю|ою|ею"
    "|ых|их|ым|им|ом|ем|ам|ям|ов|ев|ии|ия|ию|ье|ья|ью|а|я|о|е|ы|и|у|ю|ь|й"
)
_KOREAN_PARTICLES = "으로|에서|에게|까지|부터|처럼|보다|이나|하고|과|와|을|를|이|가|은|는|의|에|도|로|만"
SEARCH_SETTINGS: dict[str, dict[str, object]] = {
    "en": {"lang": ["en"]},
    # Material searches by word prefix and never stems the query, so the separator
    # cuts the case ending off a Russian word, in the page and in the query alike:
    # скидка, скидки, скидками all become the word скидк and find each other.
    "ru": {"lang": ["ru", "en"], "separator": f"{_PUNCTUATION}|(?<=[А-Яа-яЁё]{{3}})(?:{_RUSSIAN_ENDINGS})(?![А-Яа-яЁё])"},
    # Korean particles are written onto the noun (영상을, 영상으로): cut them off likewise.
    "ko": {"lang": ["en"], "separator": f"{_PUNCTUATION}|(?<=[가-힣]{{2}})(?:{_KOREAN_PARTICLES})(?![가-힣])"},
    # Chinese has no spaces: Material segments it into words with jieba at build time.
    "zh": {"lang": ["zh", "en"]},
}
"""Material search plugin settings per site language (see README, "Languages")."""


def search_settings(language: str) -> dict[str, object]:
    return dict(SEARCH_SETTINGS[language])


@cache
def d3_time_locale(language: str) -> dict[str, object]:
    """vl-convert's d3 time locale, with the month names an axis label needs and the locale's short date.

    d3's Russian months are the genitive of a date (сентября); a month standing alone
    on an axis is nominative (сентябрь), as Babel's stand-alone names are. A Korean
    date reads 2026. 10. 30., not d3's 2026/10/30.
    """
    time = dict(vl_convert.get_time_format_locale(D3_LOCALES[language]))
    months = Locale.parse(BABEL_LOCALES[language]).months["stand-alone"]
    time["months"] = [months["wide"][month] for month in range(1, 13)]
    time["shortMonths"] = [months["abbreviated"][month] for month in range(1, 13)]
    if language == "ko":
        time["date"] = "%Y. %-m. %-d."
    return time


@cache
def translations(language: str) -> NullTranslations:
    """The compiled catalog of a language; English, the source language, has none."""
    if language == SOURCE_LANGUAGE:
        return NullTranslations()
    with compiled_catalog(language).open("rb") as handle:
        return Translations(handle, domain="messages")


def catalog_path(language: str) -> Path:
    return LOCALE_DIR / language / "LC_MESSAGES" / "messages.po"


def compiled_catalog(language: str) -> Path:
    return catalog_path(language).with_suffix(".mo")


def extracted_messages() -> list[str]:
    """Every message id in the generator's code and templates, found as ``make translations`` finds them."""
    with EXTRACTION_CONFIG.open(encoding="utf-8") as handle:
        method_map, options_map = parse_mapping_cfg(handle, str(EXTRACTION_CONFIG))
    found = {
        message if isinstance(message, str) else message[0]
        for _, _, message, _, _ in extract_from_dir(str(PACKAGE_DIR), method_map, options_map)
    }
    return sorted(found)


def untranslated(language: str, messages: list[str]) -> list[str]:
    """The messages the language's catalog lacks, or has only as an unreviewed (fuzzy) guess."""
    if language == SOURCE_LANGUAGE:
        return []
    with catalog_path(language).open("rb") as handle:
        catalog = read_po(handle, locale=language)
    return [message for message in messages if not _translated(catalog.get(message))]


def untranslated_problems(languages: set[str]) -> list[Problem]:
    """For ``--strict``: every string that would fall back to English on a site in another language."""
    messages = extracted_messages()
    return [
        Problem(
            catalog_path(language).relative_to(LOCALE_DIR.parent.parent).as_posix(), 0,
            f"no {LANGUAGE_NAMES[language]} translation for {message!r}: run `make translations` and translate it",
        )
        for language in sorted(languages)
        for message in untranslated(language, messages)
    ]


def _translated(entry: Message | None) -> bool:
    if entry is None or entry.fuzzy:
        return False
    forms = entry.string if isinstance(entry.string, tuple) else (entry.string,)
    return all(forms)


@dataclass(frozen=True)
class Formatter:
    """Formats values for one site: its language and its client's currency."""

    language: str
    currency: str = "USD"

    @property
    def locale(self) -> Locale:
        return Locale.parse(BABEL_LOCALES[self.language])

    @property
    def not_available(self) -> str:
        """What a table shows for a value that cannot be worked out (no data yet)."""
        return self.gettext("n/a")

    def gettext(self, message: str) -> str:
        return translations(self.language).gettext(message)

    def ngettext(self, singular: str, plural: str, count: int) -> str:
        return translations(self.language).ngettext(singular, plural, count)

    def number(self, value: float | None, digits: int = 0) -> str:
        if value is None:
            return self.not_available
        pattern = "#,##0" + ("." + "0" * digits if digits else "")
        return format_decimal(round(value, digits), format=pattern, locale=self.locale)

    def decimal(self, value: float | None) -> str:
        """A number with as many decimals as it needs, at most two."""
        if value is None:
            return self.not_available
        return format_decimal(round(value, 2), format="#,##0.##", locale=self.locale)

    def percent(self, value: float | None, digits: int = 1) -> str:
        if value is None:
            return self.not_available
        pattern = "#,##0" + ("." + "0" * digits if digits else "") + "%"
        return format_percent(value, format=pattern, locale=self.locale)

    def money(self, value: float | None, cents: bool = True) -> str:
        if value is None:
            return self.not_available
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
            return self.not_available
        return format_date(value, format=format, locale=self.locale)

    def month(self, month: str) -> str:
        """``2026-03`` as the locale writes a month: March 2026, март 2026 г., 2026년 3월."""
        day = dt.date(int(month[:4]), int(month[5:]), 1)
        skeleton = self.locale.datetime_skeletons.get("yMMMM") or self.locale.datetime_skeletons["yMMM"]
        return format_date(day, format=skeleton, locale=self.locale)
