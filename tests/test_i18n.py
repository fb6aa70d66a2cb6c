"""Every site reads in its client's language: catalogs, formats, Material's interface and search.

The catalog tests read the message ids the way ``make translations`` extracts them
(``babel.cfg``), so a string added to a template or to Python without a translation
fails here, not on a client's site. The site tests look at the repository's demo
agency, one client per language, built once for the session (``demo``).
"""

from __future__ import annotations

import datetime as dt
import io
import json
import re
import shutil
import tokenize
from collections import defaultdict
from pathlib import Path

import pytest
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po, write_po

from generator import i18n, pipeline
from generator.problems import InvalidSource
from generator.questions import all_questions
from generator.commands.new import meeting_note
from tests.support.agency import write
from tests.support.demo import DEMO_CLIENTS, SEARCHES
from tests.support.engines import by_engine
from tests.support.pages import visible_text
from tests.support.searching import indexed_pages, search
from tests.support.serve import served as serve_folder

TRANSLATED = ("ru", "ko", "zh")
LANGUAGES = ("en", *TRANSLATED)


def catalog(language: str):
    with i18n.catalog_path(language).open("rb") as handle:
        return read_po(handle, locale=language)


# --- the catalogs -----------------------------------------------------------------------------


def test_messages_are_found_in_python_and_in_templates():
    messages = i18n.extracted_messages()
    assert "Switch to dark mode" in messages  # Python (render/sites.py)
    assert "Open action items" in messages  # a template
    assert "%(num)d response" in messages  # ngettext in a template: its singular id
    assert "n/a" in messages  # the formatter's own


def test_no_message_hides_in_an_f_string():
    """Extraction cannot see a gettext call inside an f-string: such a string would never be translated."""
    hidden = []
    for path in sorted(i18n.PACKAGE_DIR.rglob("*.py")):
        with path.open("rb") as handle:
            for token in tokenize.tokenize(handle.readline):
                prefix = re.match(r"[A-Za-z]*", token.string).group().lower()
                if token.type == tokenize.STRING and "f" in prefix and re.search(r"\b(_|gettext|ngettext)\(", token.string):
                    hidden.append(f"{path.name}:{token.start[0]}")
    assert hidden == []


@pytest.mark.parametrize("language", TRANSLATED)
def test_every_message_is_translated_in_every_catalog(language):
    """No string falls back to English: run `make translations` and translate what it added."""
    assert i18n.untranslated(language, i18n.extracted_messages()) == []


@pytest.mark.parametrize("language", TRANSLATED)
def test_compiled_catalog_is_the_compiled_source(language):
    """The committed .mo is exactly what `pybabel compile` makes of the committed .po."""
    compiled = io.BytesIO()
    write_mo(compiled, catalog(language))
    assert i18n.compiled_catalog(language).read_bytes() == compiled.getvalue()


class AnyValue(dict):
    """Every %-placeholder a template passes: a translation's own must format with them."""

    def __missing__(self, key: str) -> int:
        return 1


@pytest.mark.parametrize("language", TRANSLATED)
def test_translations_keep_every_placeholder(language):
    for message in catalog(language):
        if not message.id:
            continue
        ids = message.id if isinstance(message.id, tuple) else (message.id,)
        strings = message.string if isinstance(message.string, tuple) else (message.string,)
        for string in strings:
            assert set(re.findall(r"\{(\w+)\}", string)) == set(re.findall(r"\{(\w+)\}", ids[-1])), (ids, string)
            assert set(re.findall(r"%\((\w+)\)", string)) == set(re.findall(r"%\((\w+)\)", ids[-1])), (ids, string)
            if any(location.endswith(".j2") for location, _ in message.locations):
                string % AnyValue()  # templates' gettext always %-formats: a stray % would break the page


def test_plural_forms_follow_each_language():
    russian = i18n.Formatter("ru")
    assert [russian.ngettext("%(num)d response", "%(num)d responses", n) % {"num": n} for n in (1, 3, 5, 21)] == [
        "1 ответ", "3 ответа", "5 ответов", "21 ответ"]
    assert i18n.Formatter("ko").ngettext("%(num)d response", "%(num)d responses", 5) % {"num": 5} == "응답 5건"


def test_question_texts_exist_in_every_language():
    for meeting_type, questions in all_questions().items():
        for key, texts in questions.items():
            assert sorted(texts) == sorted(LANGUAGES), (meeting_type, key)
            assert all(text.strip() for text in texts.values()), (meeting_type, key)


# --- numbers, money, dates ---------------------------------------------------------------------


@pytest.mark.parametrize(("language", "currency", "money", "number", "long_date"), [
    ("en", "USD", "$1,234.50", "1,234.5", "March 1, 2026"),
    ("ru", "RUB", "1\u00a0234,50\u00a0₽", "1\u00a0234,5", "1 марта 2026\u202fг."),
    ("ko", "KRW", "₩1,235", "1,234.5", "2026년 3월 1일"),  # half up: one rounding rule everywhere
    ("zh", "CNY", "¥1,234.50", "1,234.5", "2026年3月1日"),
])
def test_values_are_written_as_each_language_writes_them(language, currency, money, number, long_date):
    fmt = i18n.Formatter(language, currency)
    assert fmt.money(1234.5) == money
    assert fmt.decimal(1234.5) == number
    assert fmt.date(dt.date(2026, 3, 1), "long") == long_date
    assert fmt.percent(None) == fmt.gettext("n/a")


def test_chart_months_stand_alone():
    """An axis label is a month on its own: сентябрь, not the genitive of a date (сентября)."""
    assert i18n.d3_time_locale("ru")["months"][8] == "сентябрь"
    assert i18n.d3_time_locale("zh")["shortMonths"][8] == "9月"


# --- strict builds and the agency's language ---------------------------------------------------


def russian_client(agency: Path) -> Path:
    client_yml = agency / "campaigns" / "globex" / "client.yml"
    client_yml.write_text(client_yml.read_text(encoding="utf-8").replace("language: en", "language: ru"), encoding="utf-8")
    return agency


@pytest.fixture
def own_catalogs(tmp_path, monkeypatch):
    """A copy of the catalogs that a test may break, used in place of the real ones."""
    locale = tmp_path / "generator" / "locale"
    shutil.copytree(i18n.LOCALE_DIR, locale)
    monkeypatch.setattr(i18n, "LOCALE_DIR", locale)


def test_strict_build_fails_on_a_missing_translation(agency, own_catalogs):
    russian = catalog("ru")
    russian.delete("Fee")
    with i18n.catalog_path("ru").open("wb") as handle:
        write_po(handle, russian)
    russian_client(agency)
    pipeline.load(agency)  # not strict: the site would show the English word
    with pytest.raises(InvalidSource) as failure:
        pipeline.load(agency, strict=True)
    assert (
        "generator/locale/ru/LC_MESSAGES/messages.po: no Russian translation for 'Fee': "
        "run `make translations` and translate it"
    ) in [str(p) for p in failure.value.problems]


def test_strict_build_ignores_languages_no_site_is_in(agency, own_catalogs):
    i18n.catalog_path("ko").write_text("", encoding="utf-8")
    pipeline.load(agency, strict=True)


def test_unknown_agency_language_is_an_error(agency):
    write(agency, "mkdocs.yml", "site_name: Agency\nextra:\n  language: fr\n")
    with pytest.raises(InvalidSource) as failure:
        pipeline.load(agency)
    assert "mkdocs.yml: extra.language: 'fr' is not one of en, ru, ko, zh" in [str(p) for p in failure.value.problems]


def test_internal_portfolio_is_in_the_agency_language(agency):
    base = (i18n.PACKAGE_DIR.parent / "mkdocs.yml").read_text(encoding="utf-8")
    write(agency, "mkdocs.yml", base.replace("  language: en ", "  language: ru "))
    out = agency / "site"
    pipeline.build(agency, out, only=("acme",))
    portfolio = (out / "internal" / "index.html").read_text(encoding="utf-8")
    assert '<html lang="ru"' in portfolio
    assert "Портфель" in portfolio
    assert '<html lang="en"' in (out / "acme" / "index.html").read_text(encoding="utf-8")


# --- the scaffold -------------------------------------------------------------------------------


def test_new_meeting_is_scaffolded_in_the_client_language():
    agency = pipeline.load(i18n.PACKAGE_DIR.parent).agency
    client = next(c for c in agency.clients if c.slug == DEMO_CLIENTS["ko"])
    note = meeting_note(client, "check-in", dt.date(2026, 11, 20), "winter-barrier-cream")
    assert "  # 앞서 정한 지표 대비 캠페인은 어떻게 진행되고 있나요?\n  tracking: \"\"" in note
    assert "| KPI | 목표 | 실적 |" in note
    english = [m for m in i18n.extracted_messages() if len(m) > 3 and i18n.Formatter("ko").gettext(m) != m]
    assert [m for m in english if re.search(rf"(?<![\w{{]){re.escape(m)}(?!\w)", note)] == []


# --- the built demo sites -----------------------------------------------------------------------


SITE_FACTS = {
    "en": ("Home", "Open action items", "Switch to dark mode", "$140,000.00",
           "meetings/2026-10-14-holiday-check-in.html", "October 14, 2026"),
    "ru": ("Главная", "Открытые задачи", "Включить тёмную тему", "5\u00a0900\u00a0000,00\u00a0₽",
           "meetings/2026-07-10-leto-check-in.html", "10 июля 2026\u202fг."),
    "ko": ("홈", "진행 중인 액션 아이템", "다크 모드로 전환", "₩200,000,000",
           "meetings/2026-05-20-glow-check-in.html", "2026년 5월 20일"),
    "zh": ("首页", "未完成的行动项", "切换到深色模式", "¥1,000,000.00",
           "meetings/2026-08-12-mid-autumn-check-in.html", "2026年8月12日"),
}


@by_engine
@pytest.mark.parametrize("language", LANGUAGES)
def test_demo_site_reads_in_its_language(demo, language):
    nav_label, heading, toggle, budget, meeting, date = SITE_FACTS[language]
    site = demo / DEMO_CLIENTS[language]
    home = (site / "index.html").read_text(encoding="utf-8")
    assert f'<html lang="{language}"' in home
    text = visible_text(site / "index.html")
    for label in (nav_label, heading, toggle, budget):
        assert label in text, label
    assert date in visible_text(site / meeting)


@by_engine
@pytest.mark.parametrize("language", TRANSLATED)
def test_no_english_label_is_left(demo, language):
    """No message id a catalog translates shows on any page of the client's site."""
    fmt = i18n.Formatter(language)
    english = [m for m in i18n.extracted_messages() if len(m) > 3 and "{" not in m and "%" not in m and fmt.gettext(m) != m]
    # One pattern for every message: a page with any of them left has a match where the first one stands.
    any_message = re.compile(r"(?<!\w)(?:" + "|".join(re.escape(m) for m in sorted(english, key=len, reverse=True)) + r")(?!\w)")
    leftovers = defaultdict(list)
    for page in sorted((demo / DEMO_CLIENTS[language]).rglob("*.html")):
        leftovers[page.name] += any_message.findall(visible_text(page))
    assert {page: found for page, found in leftovers.items() if found} == {}


# --- search, in a real browser -----------------------------------------------------------------



@pytest.fixture(scope="module")
def search_tab(browser):
    page = browser.new_page()
    yield page
    page.close()


@by_engine
@pytest.mark.parametrize(("language", "query", "meeting"), SEARCHES)
def test_search_finds_words_of_the_site_language(demo, search_tab, engine, language, query, meeting):
    assert (demo / DEMO_CLIENTS[language] / meeting).is_file(), meeting
    with serve_folder(demo / DEMO_CLIENTS[language]) as base:
        search_tab.goto(f"{base}/index.html")
        found = search(search_tab, engine, query, listing=meeting)
    assert f"/{meeting}" in found, found


@by_engine
def test_chinese_is_cut_into_words_by_jieba_for_material_and_by_the_browser_for_zensical(demo, engine):
    """Material's search plugin segments Chinese with jieba when the site is built (zero-width spaces
    between the words in the index); Zensical leaves the text whole and its search worker segments it
    in the browser with Intl.Segmenter, which it does for a site whose language is zh, ja or ko."""
    site = demo / DEMO_CLIENTS["zh"]
    texts = "".join(text for _, text in indexed_pages(site, engine))
    assert "团购" in texts.replace("\u200b", "")
    if engine == "mkdocs":
        assert "\u200b" in texts
    else:
        assert "\u200b" not in texts
        assert json.loads((site / "search.json").read_text(encoding="utf-8"))["config"]["lang"] == ["zh"]
