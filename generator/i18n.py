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
from decimal import Decimal
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
from babel.numbers import format_currency, format_decimal, format_percent, get_currency_precision, get_currency_symbol
from babel.support import NullTranslations, Translations

from .compute.rounding import half_up
from .problems import Problem

PACKAGE_DIR = Path(__file__).parent
LOCALE_DIR = PACKAGE_DIR / "locale"
EXTRACTION_CONFIG = PACKAGE_DIR.parent / "babel.cfg"
SOURCE_LANGUAGE = "en"
BABEL_LOCALES = {"en": "en_US", "ru": "ru_RU", "ko": "ko_KR", "zh": "zh_Hans_CN"}
LANGUAGE_NAMES = {"en": "English", "ru": "Russian", "ko": "Korean", "zh": "Chinese"}
D3_LOCALES = {"en": "en-US", "ru": "ru-RU", "ko": "ko-KR", "zh": "zh-CN"}
D3_MONTH_FORMATS = {"en": "%b %Y", "ru": "%b %Y", "ko": "%Y년 %-m월", "zh": "%Y年%-m月"}
"""A month on a chart axis as the language writes it (d3 time format): May 2026, 2026년 5월, 2026年5月."""

jieba.setLogLevel(logging.WARNING)
"""Material's search segments Chinese with jieba, which otherwise logs its set-up to stderr."""

SEARCH_LANGUAGES = {"en": ["en"], "ru": ["ru", "en"], "ko": ["en"], "zh": ["zh", "en"]}
"""Material's search languages per site language (stop words; Material keeps stemming off)."""
_PUNCTUATION = "[\\s\\u200b\\u3000\\-\"'()\\[\\]/:;!?…«»„“”‘’「」『』〈〉《》<>·~、。，．？！；：（）【】]+|[.,](?!\\d)"
_RUSSIAN_ENDINGS = (
    "иями|ьями|ями|ами|иях|ьях|ях|ах|ием|ией|ого|его|ому|ему|ыми|ими|ой|ей|ий|ый|ая|яя|ое|ее|ые|ие|ую|юю|ою|ею"
    "|ых|их|ым|им|ом|ем|ам|ям|ов|ев|ии|ия|ию|ье|ья|ью|а|я|о|е|ы|и|у|ю|ь|й"
)
_KOREAN_PARTICLES = "으로|에서|에게|까지|부터|처럼|보다|이나|하고|과|와|을|를|이|가|은|는|의|에|도|로|만"
SEARCH_SEPARATOR = "|".join([
    _PUNCTUATION,
    f"(?<=[А-Яа-яЁё]{{3}})(?:{_RUSSIAN_ENDINGS})(?![А-Яа-яЁё])",
    f"(?<=[가-힣]{{2}})(?:{_KOREAN_PARTICLES})(?![가-힣])",
])
"""Where search splits text into words, in the pages and in what a reader types alike.

Material searches by word prefix and never stems the query, so the separator does
the work of a stemmer: it cuts a Russian case ending off its word (скидка, скидки,
скидками all become скидк and find each other) and a Korean particle off its noun
(영상을, 영상으로 become 영상). Punctuation splits words too, Chinese included (jieba's
zero-width spaces mark the words it found at build time), except a decimal point or
separator inside a number. Each rule touches only its own script, so one separator
serves every site, the internal ones with notes in several languages too.
"""


def search_settings(language: str) -> dict[str, object]:
    """Material search plugin settings for a site in ``language`` (see README, "Languages")."""
    return {"lang": SEARCH_LANGUAGES[language], "separator": SEARCH_SEPARATOR}


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


@cache
def babel_locale(language: str) -> Locale:
    """Parsed once per language: a site formats thousands of values, and parsing costs 50 µs each time."""
    return Locale.parse(BABEL_LOCALES[language])


@dataclass(frozen=True)
class Formatter:
    """Formats values for one site: its language and its client's currency."""

    language: str
    currency: str = "USD"
    symbol_language: str | None = None
    """Write the currency's symbol as this language does (None: as the site's language does)."""

    @property
    def locale(self) -> Locale:
        return babel_locale(self.language)

    @property
    def d3_month_format(self) -> str:
        return D3_MONTH_FORMATS[self.language]

    @property
    def not_available(self) -> str:
        """What a table shows for a value that cannot be worked out (no data yet)."""
        return self.gettext("n/a")

    def gettext(self, message: str) -> str:
        return translations(self.language).gettext(message)

    def ngettext(self, singular: str, plural: str, count: int) -> str:
        return translations(self.language).ngettext(singular, plural, count)

    # Every figure is rounded by the one rule (``compute.rounding``: decimal, half up) before
    # Babel writes it, so Babel's own rounding (half even) never applies.

    def number(self, value: float | Decimal | None, digits: int = 0) -> str:
        if value is None:
            return self.not_available
        pattern = "#,##0" + ("." + "0" * digits if digits else "")
        return format_decimal(half_up(value, digits), format=pattern, locale=self.locale)

    def decimal(self, value: float | Decimal | None) -> str:
        """A number with as many decimals as it needs, at most two."""
        if value is None:
            return self.not_available
        return format_decimal(half_up(value, 2), format="#,##0.##", locale=self.locale)

    def percent(self, value: float | Decimal | None, digits: int = 1) -> str:
        if value is None:
            return self.not_available
        pattern = "#,##0" + ("." + "0" * digits if digits else "") + "%"
        return format_percent(half_up(value, digits + 2), format=pattern, locale=self.locale)

    def money(self, value: float | Decimal | None) -> str:
        """An amount to the currency's smallest unit, with the symbol of the site's language,
        or of ``symbol_language`` (the portfolio writes each client's amounts with the symbol its site uses)."""
        if value is None:
            return self.not_available
        amount = half_up(value, get_currency_precision(self.currency))
        if self.symbol_language is None:
            return format_currency(amount, self.currency, locale=self.locale)
        pattern = self.locale.currency_formats["standard"].pattern.split(";")[0]
        quoted = "'" + self.currency_symbol().replace("'", "''") + "'"
        return format_currency(amount, self.currency, format=pattern.replace("¤", quoted), locale=self.locale)

    def currency_symbol(self) -> str:
        locale = self.locale if self.symbol_language is None else babel_locale(self.symbol_language)
        return get_currency_symbol(self.currency, locale=locale)

    def date(self, value: dt.date | None, format: str = "medium") -> str:
        if value is None:
            return self.not_available
        return format_date(value, format=format, locale=self.locale)

    def month(self, month: str) -> str:
        """``2026-03`` as the locale writes a month: March 2026, март 2026 г., 2026년 3월."""
        day = dt.date(int(month[:4]), int(month[5:]), 1)
        skeleton = self.locale.datetime_skeletons.get("yMMMM") or self.locale.datetime_skeletons["yMMM"]
        return format_date(day, format=skeleton, locale=self.locale)
