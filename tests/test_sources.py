"""Campaign numbers read from the ad platforms' own exports, files shaped like the real downloads.

Every preset reads a file laid out as its platform writes it (``tests/exports.py``):
preambles, totals rows in any column, encodings, number and date styles. Then the
rules: a re-download revises the days it repeats, money in another currency is an
error, an export without a day per row says how to download it by day, Meta's
``Results`` of mixed kinds asks for ``columns:``, and two places giving one day are
an error naming both.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from click.testing import CliRunner

from generator.cli import main
from generator.sources import dates, numbers
from generator.sources.detect import text_encoding
from generator.sources.presets import PRESETS
from generator.validate import load_agency
from tests.support import exports
from tests.support.agency import CAMPAIGN_YML, make_agency, write

GA4_KPIS = CAMPAIGN_YML.split("  - id: cpa")[0]


def exports_agency(root: Path, sources: str, currency: str = "USD", keep_metrics: bool = False,
                   campaign_yml: str = CAMPAIGN_YML) -> Path:
    """The small agency with one client whose campaign reads ``sources`` (YAML list items) instead of metrics.csv."""
    make_agency(root, ("acme",))
    write(root, "campaigns/acme/client.yml", (root / "campaigns/acme/client.yml").read_text().replace("USD", currency))
    if not keep_metrics:
        (root / "campaigns/acme/spring/metrics.csv").unlink()
    write(root, "campaigns/acme/spring/campaign.yml", campaign_yml + "sources:\n" + sources)
    return root


def load(root: Path):
    agency, report = load_agency(root)
    return agency, [str(p) for p in report.errors], [str(p) for p in report.warnings]


def spring(agency):
    return agency.clients[0].campaigns[0]


def daily(campaign, column: str) -> dict[dt.date, float | None]:
    return {row.date: row.values.get(column) for row in campaign.metrics}


# --- every preset reads its own platform's file -----------------------------------------------


@pytest.mark.parametrize("platform", sorted(exports.WRITERS))
def test_every_ad_platform_preset_reads_its_export_as_downloaded(tmp_path, platform):
    writer, currency, scale = exports.WRITERS[platform]
    root = exports_agency(tmp_path, f"  - platform: {platform}\n    files: exports/*\n    channel: paid\n", currency)
    exports.save(root, "campaigns/acme/spring/exports/download.csv", writer())
    agency, errors, warnings = load(root)
    assert errors == [] and warnings == []
    campaign = spring(agency)
    summary = campaign.sources[0]
    want = exports.expected(scale=scale)
    assert {k: round(summary.totals[k], 2) for k in want} == want
    assert daily(campaign, "spend")[dt.date(2026, 3, 2)] == pytest.approx(exports.figures(dt.date(2026, 3, 2), scale)[3])
    assert {row.channel for row in campaign.metrics} == {"paid"}
    assert summary.days == tuple(exports.DAYS)


def test_every_preset_has_a_writer_or_ga4_and_matches_the_contract():
    from typing import get_args

    from generator.models import Platform

    assert set(get_args(Platform)) == set(PRESETS) == set(exports.WRITERS) | {"ga4"}


def test_ga4_reads_nth_day_from_the_start_date_line_and_skips_the_grand_total_and_other_tables(tmp_path):
    root = exports_agency(tmp_path, "  - platform: ga4\n    files: ga4.csv\n    channel: web\n", campaign_yml=GA4_KPIS)
    exports.save(root, "campaigns/acme/spring/ga4.csv", exports.ga4())
    agency, errors, warnings = load(root)
    assert errors == [] and warnings == []
    campaign = spring(agency)
    assert daily(campaign, "sessions") == {day: 2.0 * (50 + day.day) for day in exports.DAYS}
    assert campaign.columns == ("conversions", "revenue", "sessions")
    skipped = campaign.sources[0].skipped
    assert skipped["totals"] == 1 and skipped["other table"] == 4


# --- encodings and file kinds ---------------------------------------------------------------


@pytest.mark.parametrize("encoding, expected", [
    ("utf-8-sig", "utf-8-sig"), ("utf-8", "utf-8"), ("utf-16", "utf-16"), ("utf-16-le", "utf-16-le"),
    ("cp1251", "cp1251"), ("cp949", "cp949"), ("gb18030", "gb18030"),
])
def test_text_encoding_is_found_from_the_bytes(encoding, expected):
    text = {"cp1251": "Дата;Показы;Клики;Расход\n01.03.2026;1 234;56;78,90\n" * 3,
            "cp949": "캠페인,일별,노출수,클릭수,총비용\n봄 검색,2026.03.01.,1234,56,7890\n" * 3,
            "gb18030": "日期,推广计划,展现,点击,消费\n2026-03-01,春季,1234,56,78.90\n" * 3}.get(encoding, "Day,Impr.,Clicks\n2026-03-01,1,2\n")
    language = {"cp1251": "ru", "cp949": "ko", "gb18030": "zh"}.get(encoding, "en")
    data = text.encode(encoding)
    if encoding == "utf-8-sig":
        assert data.startswith(b"\xef\xbb\xbf")
    assert text_encoding(data, language) == expected


def test_a_russian_export_for_an_english_speaking_client_is_still_read_in_cp1251(tmp_path):
    root = exports_agency(tmp_path, "  - platform: yandex-direct\n    files: direct.csv\n", "RUB")
    write(root, "campaigns/acme/client.yml", (root / "campaigns/acme/client.yml").read_text())  # language: en
    exports.save(root, "campaigns/acme/spring/direct.csv", exports.yandex_direct(as_xlsx=False))
    agency, errors, _ = load(root)
    assert errors == []
    assert spring(agency).sources[0].totals["spend"] == pytest.approx(185.10)


def test_an_xlsx_saved_with_a_csv_name_is_read_as_xlsx_from_the_sheet_holding_the_report(tmp_path):
    root = exports_agency(tmp_path, "  - platform: ocean-engine\n    files: '*.csv'\n", "CNY")
    exports.save(root, "campaigns/acme/spring/report.csv", exports.ocean_engine())  # first sheet is "Info"
    agency, errors, _ = load(root)
    assert errors == []
    assert spring(agency).sources[0].totals["spend"] == pytest.approx(exports.expected(scale=7)["spend"])


def test_google_ads_csv_excel_keeps_a_quoted_comma_inside_a_tab_separated_cell(tmp_path):
    root = exports_agency(tmp_path, "  - platform: google-ads\n    files: g.csv\n    campaign: 'Kestrel | Spring, Search'\n")
    data = exports.google_ads()
    assert data.startswith(b"\xff\xfe") and "\t" in data.decode("utf-16")
    exports.save(root, "campaigns/acme/spring/g.csv", data)
    agency, errors, _ = load(root)
    assert errors == []
    summary = spring(agency).sources[0]
    assert summary.skipped["other campaigns"] == 5 and summary.skipped["totals"] == 7


def test_bytes_that_break_the_files_encoding_name_the_line(tmp_path):
    root = exports_agency(tmp_path, "  - platform: google-ads\n    files: g.csv\n")
    good = "Day,Campaign,Impr.,Clicks,Cost\n" + "2026-03-01,Spring,10,1,1.00\n" * 4000  # past the 64 KB sniffed
    exports.save(root, "campaigns/acme/spring/g.csv", good.encode("utf-8") + "2026-03-06,Весна,1,1,1\n".encode("cp1251"))
    _, errors, _ = load(root)
    assert errors == ["campaigns/acme/spring/g.csv:4002: bytes that are not utf-8 text: save the file again, "
                      "unchanged, from the platform"]


# --- totals rows, summaries, and checking them -------------------------------------------------


def test_totals_rows_in_any_column_are_never_summed_and_day_rows_labelled_in_column_two_are_totals(tmp_path):
    root = exports_agency(tmp_path, "  - platform: google-ads\n    files: g.csv\n")
    exports.save(root, "campaigns/acme/spring/g.csv", exports.google_ads(other=False))
    agency, errors, warnings = load(root)
    assert errors == [] and warnings == []
    assert spring(agency).sources[0].totals["impressions"] == exports.expected()["impressions"]


def test_a_totals_row_that_does_not_match_the_rows_above_it_warns_of_a_cut_or_edited_file(tmp_path):
    root = exports_agency(tmp_path, "  - platform: baidu\n    files: b.csv\n", "CNY")
    text = exports.baidu().decode("gb18030").splitlines()
    cut = "\n".join(text[:9] + text[10:]) + "\n"  # the second day's row is gone, the 总计 row still counts it
    exports.save(root, "campaigns/acme/spring/b.csv", cut.encode("gb18030"))
    _, errors, warnings = load(root)
    assert errors == []
    assert warnings[0].startswith("campaigns/acme/spring/b.csv:13: the '总计' row says 展现 16,170.00, but the rows add up to 13,936.00")


def _without_totals(text: str, row: int, cell: int, value: str) -> bytes:
    """The Baidu export with its 总计 row taken off (many exports have none) and one cell of a day row written as given."""
    lines = [line for line in text.splitlines() if not line.startswith("总计")]
    cells = lines[row].split(",")
    cells[cell] = value
    lines[row] = ",".join(cells)
    return ("\n".join(lines) + "\n").encode("gb18030")


@pytest.mark.parametrize("cell, value, message", [
    pytest.param(3, "1,2,3", "the row has 11 cells, its header 9: a cell with an unquoted delimiter or an edited row "
                 "moves figures into other columns; download the file again", id="unquoted-comma"),
    pytest.param(8, "3,4", "the row has 10 cells, its header 9", id="extra-cell-at-the-end"),
    pytest.param(5, "12%", "'消费' is '12%', a percentage where an amount is expected", id="percent-spend"),
    pytest.param(4, "5%", "'点击' is '5%', a percentage where an amount is expected", id="percent-clicks"),
])
def test_a_row_whose_cells_do_not_line_up_with_the_header_is_an_error_even_without_a_totals_row(tmp_path, cell, value, message):
    """Without a totals row to check against, shifted cells would be summed into the wrong figures silently."""
    root = exports_agency(tmp_path, "  - platform: baidu\n    files: b.csv\n", "CNY")
    exports.save(root, "campaigns/acme/spring/b.csv", _without_totals(exports.baidu().decode("gb18030"), 9, cell, value))
    _, errors, _ = load(root)
    assert [e for e in errors if e.startswith(f"campaigns/acme/spring/b.csv:10: {message}")], errors



def _cut_row(text: str, row: int, keep: int, totals: bool) -> bytes:
    """The Baidu export with one day row ending after ``keep`` cells (a file cut mid-row, or edited), its 总计 row kept or not."""
    lines = [line for line in text.splitlines() if totals or not line.startswith("总计")]
    lines[row] = ",".join(lines[row].split(",")[:keep])
    return ("\n".join(lines) + "\n").encode("gb18030")


@pytest.mark.parametrize("keep", [1, 2, 8])
@pytest.mark.parametrize("totals", [True, False], ids=["with-totals", "without-totals"])
def test_a_row_cut_short_of_the_header_is_an_error_naming_its_line(tmp_path, keep, totals):
    """A CSV row carries every cell, empty ones too: a shorter row lost figures, and was read as a day without them."""
    root = exports_agency(tmp_path, "  - platform: baidu\n    files: b.csv\n", "CNY")
    exports.save(root, "campaigns/acme/spring/b.csv", _cut_row(exports.baidu().decode("gb18030"), 9, keep, totals))
    _, errors, _ = load(root)
    assert f"campaigns/acme/spring/b.csv:10: the row has {keep} cells, its header 9: the file was cut short or edited; " \
           "download it again" in errors, errors


def test_xlsx_rows_with_their_last_cells_empty_are_read_as_days_without_those_values(tmp_path):
    """The reader pads a spreadsheet row to the sheet's width: trailing empty cells are no value, never an error."""
    rows = [["Campaign name", "By Day", "Cost", "Impressions", "Clicks (destination)", "Conversions", "Currency"],
            ["Spring TT", "2026-03-02", 12.5, 300, 20, 2, "USD"],
            ["Spring TT", "2026-03-03", 8.25]]
    root = exports_agency(tmp_path, "  - platform: tiktok-ads\n    files: t.xlsx\n")
    exports.save(root, "campaigns/acme/spring/t.xlsx", exports.xlsx(rows, "Campaign"))
    agency, errors, _ = load(root)
    assert errors == []
    assert daily(spring(agency), "spend") == {dt.date(2026, 3, 2): 12.5, dt.date(2026, 3, 3): 8.25}
    assert daily(spring(agency), "clicks") == {dt.date(2026, 3, 2): 20, dt.date(2026, 3, 3): None}


def test_meta_summary_row_first_with_empty_names_is_not_a_day(tmp_path):
    root = exports_agency(tmp_path, "  - platform: meta-ads\n    files: m.csv\n")
    exports.save(root, "campaigns/acme/spring/m.csv", exports.meta_ads())
    agency, errors, warnings = load(root)
    assert errors == [] and warnings == []
    assert spring(agency).sources[0].skipped == {"summary": 1}


def test_yandex_itogo_right_under_the_header_and_decimal_commas_with_spaces(tmp_path):
    root = exports_agency(tmp_path, "  - platform: yandex-direct\n    files: d.csv\n", "RUB")
    exports.save(root, "campaigns/acme/spring/d.csv", exports.yandex_direct(as_xlsx=False))
    agency, errors, warnings = load(root)
    assert errors == [] and warnings == []
    campaign = spring(agency)
    assert daily(campaign, "spend")[dt.date(2026, 3, 3)] == pytest.approx(37.02)
    assert daily(campaign, "impressions")[dt.date(2026, 3, 3)] == 3234


# --- numbers and dates ----------------------------------------------------------------------


@pytest.mark.parametrize("cell, decimal, value", [
    ('1,606,880', ".", 1606880), ("48682.72", ".", 48682.72), ("1 234,56", ",", 1234.56), ("1\u00a0234,56", ",", 1234.56),
    ("1.234.567,8", ",", 1234567.8), ("$1,234.50", ".", 1234.5), ("₩200,000", ".", 200000), ("1,234원", ".", 1234),
    ("1,234.00元", ".", 1234), ("１，２３４", ".", 1234), ("12,50 руб.", ",", 12.5), ("USD 12.50", ".", 12.5), ("12.5%", ".", 0.125),
    ("--", ".", None), (" --", ".", None), ("-", ".", None), ("—", ".", None), ("", ".", None), ("0", ".", 0),
])
def test_numbers_as_exports_write_them(cell, decimal, value):
    assert numbers.parse_number(cell, decimal)[0] == (pytest.approx(value) if value is not None else None)


@pytest.mark.parametrize("cell, decimal", [("1,2,3", "."), ("12,5", "."), ("1.5.0", ","), ("abc", "."), ("1,23,456", "."),
                                           ("²", "."), ("9" * 400, "."), ("1e5", "."), ("inf", ".")])
def test_malformed_numbers_are_errors_not_silent_factors_of_ten(cell, decimal):
    with pytest.raises(ValueError):
        numbers.parse_number(cell, decimal)


@pytest.mark.parametrize("cells, mark", [
    (["48682.72", '"1,606,880"'], "."), (["12,5", "1 234"], ","), (["1.234.567"], ","), (["1,234"], None),
])
def test_the_decimal_mark_is_decided_from_the_values(cells, mark):
    votes = {m for m in map(numbers.decimal_evidence, cells) if m}
    assert votes == ({mark} if mark else set())


@pytest.mark.parametrize("header, currencies", [
    ("Amount spent (USD)", {"USD"}), ("Расход (руб.)", {"RUB"}), ("총비용(VAT포함,원)", {"KRW"}), ("Потрачено, ₽", {"RUB"}),
    ("消耗(元)", {"CNY"}), ("Start Date (in UTC)", set()), ("Cost", set()),
])
def test_currency_named_in_a_header(header, currencies):
    assert numbers.currencies_in(header) == currencies


@pytest.mark.parametrize("text, day", [
    ("2026-11-01", (2026, 11, 1)), ("2026/11/01", (2026, 11, 1)), ("20261101", (2026, 11, 1)),
    ("01.11.2026", (2026, 11, 1)), ("2026.11.01.", (2026, 11, 1)), ("2026. 11. 1.", (2026, 11, 1)),
    ("2026年11月1日", (2026, 11, 1)), ("2026년 11월 1일", (2026, 11, 1)), ("Nov 1, 2026", (2026, 11, 1)),
    ("1 November 2026", (2026, 11, 1)), ("2026-11-01 00:00:00", (2026, 11, 1)),
])
def test_dates_that_say_which_part_is_which(text, day):
    assert dates.parse_fixed(text) == dt.date(*day)


def test_slash_dates_are_day_first_or_month_first_for_the_whole_file():
    assert dates.slash_order(["11/1/2026", "11/13/2026"]) == dates.MONTH_FIRST
    assert dates.slash_order(["1/11/2026", "13/11/2026"]) == dates.DAY_FIRST
    assert dates.slash_order(["3/1/2026", "3/2/2026"], (dt.date(2026, 3, 1), dt.date(2026, 3, 10))) == dates.MONTH_FIRST
    with pytest.raises(dates.Undecided):
        dates.slash_order(["3/1/2026", "3/2/2026"])


def test_slash_dates_that_cannot_be_decided_ask_for_date_format_and_date_format_settles_them(tmp_path):
    campaign_yml = CAMPAIGN_YML.replace("end: 2026-03-10", "end: 2026-12-31")
    source = "  - columns: {date: Datum, spend: Kosten, clicks: Klicks}\n    files: partner.csv\n"
    root = exports_agency(tmp_path, source, campaign_yml=campaign_yml.split("  - id: orders")[0] + (
        "  - id: clicks\n    name: Clicks\n    metric: clicks\n    target: 10\n"))
    write(root, "campaigns/acme/spring/partner.csv", "Datum;Kosten;Klicks\n03/04/2026;1,50;2\n04/03/2026;2,00;3\n")
    _, errors, _ = load(root)
    assert errors == ["campaigns/acme/spring/partner.csv:2: dates like '03/04/2026' fit both day-first and month-first: "
                      "add date_format: \"%d/%m/%Y\" (or \"%m/%d/%Y\") to this source"]
    text = (root / "campaigns/acme/spring/campaign.yml").read_text() + "    date_format: \"%d/%m/%Y\"\n"
    write(root, "campaigns/acme/spring/campaign.yml", text)
    agency, errors, _ = load(root)
    assert errors == []
    assert daily(spring(agency), "spend") == {dt.date(2026, 4, 3): 1.5, dt.date(2026, 3, 4): 2.0}


# --- overlap and revision -------------------------------------------------------------------


def test_a_redownload_revises_the_days_it_repeats_and_validate_says_which(tmp_path):
    root = exports_agency(tmp_path, "  - platform: google-ads\n    files: exports/*.csv\n    channel: search\n")
    first, later = exports.DAYS[:4], exports.DAYS[1:]
    exports.save(root, "campaigns/acme/spring/exports/2026-03-04.csv", exports.google_ads(first, other=False))
    exports.save(root, "campaigns/acme/spring/exports/2026-03-05.csv", exports.google_ads(later, other=False, scale=2))
    agency, errors, _ = load(root)
    assert errors == []
    spend = daily(spring(agency), "spend")
    assert spend[dt.date(2026, 3, 1)] == pytest.approx(12.34)
    assert spend[dt.date(2026, 3, 2)] == pytest.approx(49.36)  # from the later download
    revisions = spring(agency).sources[0].revisions
    assert [(r.day, Path(r.path).name, Path(r.replaced).name) for r in revisions] == [
        (day, "2026-03-05.csv", "2026-03-04.csv") for day in exports.DAYS[1:4]]
    result = CliRunner().invoke(main, ["validate", "--source", str(root)])
    assert result.exit_code == 0, result.output
    assert ("campaigns/acme/spring/exports/2026-03-05.csv revised 3 day(s) of "
            "campaigns/acme/spring/exports/2026-03-04.csv: 2026-03-02 to 2026-03-04 (spend)") in result.output


def test_the_file_whose_data_ends_latest_wins_whatever_its_name(tmp_path):
    root = exports_agency(tmp_path, "  - platform: google-ads\n    files: exports/*.csv\n")
    exports.save(root, "campaigns/acme/spring/exports/b-old.csv", exports.google_ads(exports.DAYS[:3], other=False, scale=3))
    exports.save(root, "campaigns/acme/spring/exports/a-new.csv", exports.google_ads(exports.DAYS, other=False))
    agency, errors, _ = load(root)
    assert errors == []
    assert daily(spring(agency), "spend")[dt.date(2026, 3, 1)] == pytest.approx(12.34)


# --- what the files cannot give -------------------------------------------------------------


def test_money_in_another_currency_than_the_client_is_an_error_naming_the_file(tmp_path):
    root = exports_agency(tmp_path, "  - platform: meta-ads\n    files: m.csv\n")
    exports.save(root, "campaigns/acme/spring/m.csv", exports.meta_ads(currency="EUR"))
    _, errors, _ = load(root)
    assert errors == ["campaigns/acme/spring/m.csv:1: 'Amount spent (EUR)' is in EUR, but client.yml says USD: "
                      "download the report in USD, never a mix of currencies"]


def test_a_currency_column_naming_another_currency_is_an_error_with_its_first_line(tmp_path):
    root = exports_agency(tmp_path, "  - platform: google-ads\n    files: g.csv\n", "RUB")
    exports.save(root, "campaigns/acme/spring/g.csv", exports.google_ads(other=False))
    _, errors, _ = load(root)
    assert errors == ["campaigns/acme/spring/g.csv:4: 'currency' is in USD, but client.yml says RUB (5 row(s)): "
                      "download the report in RUB, never a mix of currencies"]


@pytest.mark.parametrize("platform, text, message", [
    ("google-ads", "Campaign report\nCampaign,Impr.,Clicks,Cost\nSpring,1000,10,5.00\nTotal: Account,1000,10,5.00\n",
     "campaigns/acme/spring/x.csv:2: the rows have no date (a total for the whole period): download the report by day "
     "(Google Ads: Campaigns → Segment → Time → Day → Download → CSV (or Excel .csv, or .xlsx))"),
    ("google-ads", "Week,Campaign,Impr.,Clicks,Cost\n2026-03-02,Spring,1000,10,5.00\n",
     "campaigns/acme/spring/x.csv:1: the report is by 'Week', not by day: download it by day "
     "(Google Ads: Campaigns → Segment → Time → Day → Download → CSV (or Excel .csv, or .xlsx))"),
    ("meta-ads", "Reporting starts,Reporting ends,Campaign name,Impressions,Amount spent (USD)\n"
                 "2026-03-01,2026-03-05,Spring,1000,5.00\n",
     "campaigns/acme/spring/x.csv:2: the row covers 2026-03-01 to 2026-03-05, not one day: download the report by day "
     "(Meta Ads (Facebook, Instagram): Ads Manager → Campaigns → Breakdown → By time → Day → Reports → Export table data "
     "→ .csv or .xlsx)"),
    ("google-ads", "Action,Campaign,Campaign Type,Budget,Bid Strategy Type\nAdd,Spring,Search,50,Manual CPC\n",
     "campaigns/acme/spring/x.csv:1: this is a bulk-edit sheet of Google Ads (settings, not daily figures): download the "
     "performance report instead (Campaigns → Segment → Time → Day → Download → CSV (or Excel .csv, or .xlsx))"),
])
def test_an_export_that_cannot_give_daily_figures_says_how_to_download_it(tmp_path, platform, text, message):
    root = exports_agency(tmp_path, f"  - platform: {platform}\n    files: x.csv\n")
    write(root, "campaigns/acme/spring/x.csv", text)
    _, errors, _ = load(root)
    assert errors == [message]


def test_meta_results_counting_different_things_ask_for_columns_and_columns_settle_it(tmp_path):
    root = exports_agency(tmp_path, "  - platform: meta-ads\n    files: m.csv\n")
    data = exports.meta_ads(indicators=("actions:offsite_conversion.fb_pixel_purchase", "actions:link_click"))
    exports.save(root, "campaigns/acme/spring/m.csv", data)
    _, errors, _ = load(root)
    assert errors == ["campaigns/acme/spring/m.csv:1: 'Results' counts different things on different rows "
                      "('actions:offsite_conversion.fb_pixel_purchase' (line 3), 'actions:link_click' (line 4)): "
                      "say which column to count, e.g. columns: {conversions: Purchases}"]
    text = (root / "campaigns/acme/spring/campaign.yml").read_text() + "    columns: {conversions: Reach}\n"
    write(root, "campaigns/acme/spring/campaign.yml", text)
    agency, errors, _ = load(root)
    assert errors == []
    assert spring(agency).sources[0].totals["conversions"] == sum(exports.figures(d)[0] // 2 for d in exports.DAYS)


def test_a_campaign_filter_keeps_its_rows_and_one_matching_nothing_names_what_the_files_hold(tmp_path):
    root = exports_agency(tmp_path, "  - platform: google-ads\n    files: g.csv\n    campaign: Brand Protect\n")
    exports.save(root, "campaigns/acme/spring/g.csv", exports.google_ads())
    agency, errors, _ = load(root)
    assert errors == [] and spring(agency).sources[0].totals["impressions"] == 0
    write(root, "campaigns/acme/spring/campaign.yml",
          (root / "campaigns/acme/spring/campaign.yml").read_text().replace("Brand Protect", "Kestrel"))
    _, errors, _ = load(root)
    assert errors == ["campaigns/acme/spring/g.csv: no row of campaign 'Kestrel' in these files; "
                      "they hold: 'Brand Protect', 'Kestrel | Spring, Search'"]


def test_the_same_day_and_channel_from_two_places_is_an_error_naming_both(tmp_path):
    sources = ("  - platform: google-ads\n    files: g.csv\n    channel: search\n"
               "  - platform: tiktok-ads\n    files: t.xlsx\n    channel: search\n")
    root = exports_agency(tmp_path, sources, keep_metrics=True)
    exports.save(root, "campaigns/acme/spring/g.csv", exports.google_ads(exports.DAYS[:1], other=False))
    exports.save(root, "campaigns/acme/spring/t.xlsx", exports.tiktok_ads(exports.DAYS[:1]))
    _, errors, _ = load(root)
    assert errors == [
        "campaigns/acme/spring/g.csv:4: 2026-03-01 of channel 'search' is also given by campaigns/acme/spring/metrics.csv:2: "
        "a day comes from one place only (give the sources different 'channel:' names, or drop one)",
        "campaigns/acme/spring/t.xlsx:2: 2026-03-01 of channel 'search' is also given by campaigns/acme/spring/metrics.csv:2: "
        "a day comes from one place only (give the sources different 'channel:' names, or drop one)",
    ]


def test_sources_and_metrics_csv_together_give_one_campaign(tmp_path):
    root = exports_agency(tmp_path, "  - platform: google-ads\n    files: g.csv\n    channel: google\n", keep_metrics=True)
    exports.save(root, "campaigns/acme/spring/g.csv", exports.google_ads(other=False))
    agency, errors, _ = load(root)
    assert errors == []
    channels = {row.channel for row in spring(agency).metrics}
    assert channels == {"search", "social", "google"}
    assert spring(agency).columns == ("impressions", "clicks", "conversions", "spend", "revenue")


@pytest.mark.parametrize("source, message", [
    ("  - platform: google-ads\n    files: nothing/*.csv\n",
     "warning campaigns/acme/spring/campaign.yml:30: no file matches 'nothing/*.csv' yet (relative to campaigns/acme/"
     "spring/): download it from Google Ads: Campaigns → Segment → Time → Day"),
    ("  - platform: google-ads\n    files: ../../../outside/*.csv\n",
     "campaigns/acme/spring/campaign.yml:30: '../../../outside/*.csv' reaches outside the client's folder (x.csv): "
     "keep exports inside campaigns/<client>/"),
    ("  - platform: gogle-ads\n    files: g.csv\n", "campaigns/acme/spring/campaign.yml:29: 'sources.0.platform': "),
    ("  - files: g.csv\n", "campaigns/acme/spring/campaign.yml:29: a source needs 'platform:'"),
    ("  - platform: google-ads\n    file: g.csv\n", "campaigns/acme/spring/campaign.yml:30: unknown key 'file'"),
])
def test_mistakes_in_sources_name_the_line_of_campaign_yml(tmp_path, source, message):
    root = exports_agency(tmp_path, source)
    write(root, "outside/x.csv", "Day,Impr.\n")
    _, errors, warnings = load(root)
    problems = errors + [f"warning {w}" for w in warnings]
    assert any(problem.startswith(message) for problem in problems), problems


def test_exports_shared_by_the_campaigns_of_a_client_live_in_its_exports_folder(tmp_path):
    root = exports_agency(tmp_path, "  - platform: google-ads\n    files: ../exports/google-ads/*.csv\n"
                                    "    campaign: 'Kestrel | Spring, Search'\n")
    exports.save(root, "campaigns/acme/exports/google-ads/account.csv", exports.google_ads())
    agency, errors, _ = load(root)
    assert errors == [] and [c.slug for c in agency.clients[0].campaigns] == ["spring"]
    assert spring(agency).sources[0].totals["spend"] == pytest.approx(185.10)


# --- the command line ------------------------------------------------------------------------


def test_debrief_sources_shows_where_every_number_came_from(tmp_path):
    root = exports_agency(tmp_path, "  - platform: google-ads\n    files: exports/*.csv\n    channel: search\n")
    exports.save(root, "campaigns/acme/spring/exports/2026-03-04.csv", exports.google_ads(exports.DAYS[:2]))
    exports.save(root, "campaigns/acme/spring/exports/2026-03-05.csv", exports.google_ads(exports.DAYS[3:]))
    result = CliRunner().invoke(main, ["sources", "acme", "--source", str(root), "--as-of", "2026-03-06"])
    assert result.exit_code == 0, result.output
    lines = result.output.splitlines()
    assert lines[0] == "acme / spring: Spring Launch (2026-03-01 to 2026-03-10), report date 2026-03-06"
    assert "  source 1: google-ads (Google Ads) → channel 'search', files exports/*.csv" in lines
    assert ("    campaigns/acme/spring/exports/2026-03-04.csv: 8 rows read, 4 kept; skipped 4 totals; "
            "days 2026-03-01 to 2026-03-02 (2 used)") in lines
    assert "    days: 2026-03-01 to 2026-03-05, 4 of 6 up to the report date; gaps: 2026-03-03, 2026-03-06" in lines
    assert "    totals: impressions 12,936 · clicks 212 · conversions 12 · spend 148.08 · revenue n/a" in lines


def test_debrief_sources_warns_of_a_running_campaign_whose_data_stops_early(tmp_path):
    root = exports_agency(tmp_path, "  - platform: google-ads\n    files: g.csv\n")
    exports.save(root, "campaigns/acme/spring/g.csv", exports.google_ads(exports.DAYS[:2]))
    result = CliRunner().invoke(main, ["sources", "acme", "spring", "--source", str(root), "--as-of", "2026-03-08"])
    assert result.exit_code == 0, result.output
    assert "  warning: data stops on 2026-03-02, 6 days before the report date 2026-03-08" in result.output


def test_new_client_and_new_campaign_write_files_that_validate_at_once_and_never_overwrite(tmp_path):
    (tmp_path / "campaigns").mkdir()
    runner = CliRunner()
    result = runner.invoke(main, ["new", "client", "kestrel", "--name", "Kestrel Outdoor", "--language", "en",
                                  "--currency", "USD", "--source", str(tmp_path)])
    assert result.exit_code == 0, result.output
    result = runner.invoke(main, ["new", "campaign", "kestrel", "autumn", "--start", "2026-09-01", "--end", "2026-11-30",
                                  "--platform", "google-ads", "--platform", "meta-ads", "--source", str(tmp_path)])
    assert result.exit_code == 0, result.output
    campaign_yml = (tmp_path / "campaigns/kestrel/autumn/campaign.yml").read_text()
    assert "  - platform: meta-ads\n    files: exports/meta-ads/*" in campaign_yml
    assert all("#" in line for line in campaign_yml.splitlines() if line.startswith(("budget", "hours", "start", "end")))
    assert (tmp_path / "campaigns/kestrel/autumn/exports/google-ads").is_dir()
    result = runner.invoke(main, ["validate", "--source", str(tmp_path)])
    assert result.exit_code == 0, result.output
    assert "no file matches 'exports/google-ads/*' yet" in result.output
    exports.save(tmp_path, "campaigns/kestrel/autumn/exports/google-ads/2026-09-05.csv",
                 exports.google_ads([dt.date(2026, 9, d) for d in range(1, 6)]))
    assert runner.invoke(main, ["validate", "--source", str(tmp_path)]).exit_code == 0
    again = runner.invoke(main, ["new", "client", "kestrel", "--name", "Other", "--language", "ru", "--currency", "RUB",
                                 "--source", str(tmp_path)])
    assert again.exit_code == 1 and "already exists: nothing was written" in again.output
    assert "Kestrel Outdoor" in (tmp_path / "campaigns/kestrel/client.yml").read_text()
    plain = runner.invoke(main, ["new", "campaign", "kestrel", "by-hand", "--start", "2026-09-01", "--end", "2026-09-30",
                                 "--source", str(tmp_path)])
    assert plain.exit_code == 0 and (tmp_path / "campaigns/kestrel/by-hand/metrics.csv").is_file()
    assert runner.invoke(main, ["validate", "--source", str(tmp_path)]).exit_code == 0


@pytest.mark.parametrize("args, message", [
    (["new", "client", "Bad Slug", "--name", "X", "--language", "en", "--currency", "USD"], "'Bad Slug' is not a valid name"),
    (["new", "client", "x", "--name", "X", "--language", "en", "--currency", "XYZ"], "is not an ISO 4217 currency code"),
    (["new", "campaign", "nobody", "c", "--start", "2026-01-01", "--end", "2026-01-31"], "no client 'nobody'"),
])
def test_new_client_and_campaign_usage_errors_exit_2(tmp_path, args, message):
    result = CliRunner().invoke(main, args + ["--source", str(tmp_path)])
    assert result.exit_code == 2 and message in result.output, result.output


def test_readme_lists_every_presets_export_steps_and_header_names():
    readme = (Path(__file__).resolve().parent.parent / "README.md").read_text(encoding="utf-8")
    for preset in PRESETS.values():
        assert f"### `{preset.name}`: {preset.title}" in readme
        assert preset.steps in readme
        for names in preset.headers().values():
            for name in names:
                assert f"`{name}`" in readme, (preset.name, name)


def test_a_running_campaign_whose_data_stops_early_says_data_up_to_on_its_page(tmp_path):
    from generator import pipeline
    from generator.compute.campaigns import campaign_report

    root = exports_agency(tmp_path / "agency", "  - platform: google-ads\n    files: g.csv\n")
    exports.save(root, "campaigns/acme/spring/g.csv", exports.google_ads(exports.DAYS[:2]))
    campaign = spring(load(root)[0])
    assert campaign_report(campaign, dt.date(2026, 3, 8)).data_until == dt.date(2026, 3, 2)
    assert campaign_report(campaign, dt.date(2026, 3, 5)).data_until is None  # three days late: still current
    assert campaign_report(campaign, dt.date(2026, 3, 20)).data_until is None  # ended: the figures are final
    out = tmp_path / "site"
    pipeline.build(root, out, as_of=dt.date(2026, 3, 8))
    page = (out / "acme" / "campaigns" / "spring.html").read_text(encoding="utf-8")
    assert "Data up to March 2, 2026" in page


def test_the_demo_is_fed_by_exports_whose_totals_rows_agree_and_keeps_one_hand_kept_metrics_csv():
    from generator import pipeline

    root = Path(__file__).resolve().parent.parent
    loaded = pipeline.load(root)
    assert not [w for w in loaded.warnings if "rows add up to" in w.message]
    by_campaign = {f"{c.slug}/{k.slug}": k for c in loaded.agency.clients for k in c.campaigns}
    platforms = {name: {s.platform for s in k.sources} for name, k in by_campaign.items()}
    assert platforms["aurora-coffee/holiday-gift-boxes"] == {"google-ads", "meta-ads"}
    assert platforms["volga-travel/novogodnie-tury"] == {"yandex-direct", "vk-ads"}
    assert platforms["hanbit-beauty/winter-barrier-cream"] == {"naver-searchad", "kakao-moment"}
    assert platforms["jade-tea/double-eleven"] == {"baidu", "ocean-engine"}
    assert [name for name, found in platforms.items() if not found] == ["aurora-coffee/summer-cold-brew"]
    assert (root / "campaigns/aurora-coffee/summer-cold-brew/metrics.csv").is_file()
    assert any(path.suffix == ".xlsx" for path in (root / "campaigns/volga-travel").rglob("exports/yandex-direct/*"))
    google = by_campaign["aurora-coffee/holiday-gift-boxes"].sources[0]
    assert [r.day for r in google.revisions] == [dt.date(2026, 10, 30), dt.date(2026, 10, 31)]


def test_a_header_named_in_columns_that_the_file_lacks_is_an_error_listing_the_headers_it_has(tmp_path):
    root = exports_agency(tmp_path, "  - columns: {date: Datum, spend: Kosten, clicks: Klicks}\n    files: p.csv\n")
    write(root, "campaigns/acme/spring/p.csv", "Datum,Kosten,Clicks\n2026-03-01,1.50,2\n")
    _, errors, _ = load(root)
    assert errors == ["campaigns/acme/spring/p.csv:1: no column 'Klicks' in the header row (it has: 'Datum', 'Kosten', 'Clicks')"]


def test_a_zipped_csv_download_is_read_as_the_csv_inside(tmp_path):
    import io
    import zipfile

    root = exports_agency(tmp_path, "  - platform: microsoft-ads\n    files: '*.zip'\n")
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("Campaign_performance_report.csv", exports.microsoft_ads())
    exports.save(root, "campaigns/acme/spring/report.zip", buffer.getvalue())
    agency, errors, _ = load(root)
    assert errors == []
    summary = spring(agency).sources[0]
    assert summary.totals["spend"] == pytest.approx(185.10) and summary.outside == 1
    assert summary.skipped == {"totals": 1, "text": 1}


# --- the same rules through every preset's own header names ---------------------------------------

AD_PLATFORMS = sorted(set(PRESETS) - {"ga4"})


@pytest.mark.parametrize("platform", AD_PLATFORMS)
def test_every_preset_takes_a_revised_day_from_the_later_download_and_skips_totals_in_column_two(tmp_path, platform):
    preset = PRESETS[platform]
    root = exports_agency(tmp_path, f"  - platform: {platform}\n    files: e/*.csv\n", exports.WRITERS[platform][1])
    exports.save(root, "campaigns/acme/spring/e/1.csv", exports.generic(preset, exports.DAYS[:3]))
    exports.save(root, "campaigns/acme/spring/e/2.csv", exports.generic(preset, exports.DAYS[2:], scale=2))
    agency, errors, warnings = load(root)
    assert errors == [] and warnings == []
    summary = spring(agency).sources[0]
    assert daily(spring(agency), "spend") == {d: pytest.approx(12.34 * d.day * (2 if d.day >= 3 else 1)) for d in exports.DAYS}
    assert [(r.day, Path(r.path).name) for r in summary.revisions] == [(dt.date(2026, 3, 3), "2.csv")]
    assert summary.skipped == {"totals": 2}


@pytest.mark.parametrize("platform", AD_PLATFORMS)
def test_every_preset_refuses_money_in_another_currency(tmp_path, platform):
    currency = exports.WRITERS[platform][1]
    other = "EUR" if currency != "EUR" else "USD"
    root = exports_agency(tmp_path, f"  - platform: {platform}\n    files: e.csv\n", currency)
    exports.save(root, "campaigns/acme/spring/e.csv", exports.generic(PRESETS[platform], money_note=f" ({other})"))
    _, errors, _ = load(root)
    assert len(errors) == 1 and f"is in {other}, but client.yml says {currency}" in errors[0]


@pytest.mark.parametrize("platform", AD_PLATFORMS)
def test_every_preset_says_how_to_download_a_report_without_days(tmp_path, platform):
    preset = PRESETS[platform]
    root = exports_agency(tmp_path, f"  - platform: {platform}\n    files: e.csv\n", exports.WRITERS[platform][1])
    exports.save(root, "campaigns/acme/spring/e.csv", exports.generic(preset, drop_date=True))
    _, errors, _ = load(root)
    assert errors == [f"campaigns/acme/spring/e.csv:1: the rows have no date (a total for the whole period): "
                      f"download the report by day ({preset.title}: {preset.steps})"]


def test_an_export_symlinked_from_another_clients_folder_is_refused(tmp_path):
    root = exports_agency(tmp_path, "  - platform: google-ads\n    files: exports/*.csv\n")
    other = exports.save(root, "campaigns/globex/spring/exports/theirs.csv", exports.google_ads())
    link = root / "campaigns/acme/spring/exports/ours.csv"
    link.parent.mkdir(parents=True)
    link.symlink_to(other)
    _, errors, _ = load(root)
    assert any(e.startswith("campaigns/acme/spring/exports/ours.csv: is a symlink to campaigns/globex/") for e in errors), errors


@pytest.mark.parametrize("data", [
    b"", b"\x00" * 100, b"PK\x03\x04 not really a zip", b"\xd0\xcf\x11\xe0 not an xls", b"\xff\xfe" + "Day\tImpr.\n".encode("utf-16-le"),
    b"Day,Impr.,Clicks\n2026-03-01,\"unclosed,1\n", b"Day,Impr.,Clicks\n" + b"2026-03-01," + b"9" * 400 + b",1\n",
    b"Day,Impr.,Clicks\n2026-03-01,1e999,1\n2026-13-45,1,1\n", "Day,Impr.,Clicks\n2026-03-01,²,1\n".encode(),
])
def test_a_broken_or_hostile_export_is_an_error_never_a_traceback(tmp_path, data):
    root = exports_agency(tmp_path, "  - platform: google-ads\n    files: e.csv\n")
    exports.save(root, "campaigns/acme/spring/e.csv", data)
    _, errors, _ = load(root)
    assert errors and all(e.startswith("campaigns/acme/spring/") for e in errors), errors


def test_random_bytes_as_an_export_never_raise():
    from hypothesis import given, settings, strategies as st

    from generator import load as loader
    from generator.problems import Report
    from generator.sources.table import Options, read_table

    @settings(max_examples=150, deadline=None, derandomize=True)
    @given(st.binary(max_size=400), st.sampled_from(sorted(PRESETS)))
    def check(data, platform):
        import tempfile

        with tempfile.TemporaryDirectory() as folder:
            path = Path(folder) / "campaigns" / "acme" / "c" / "e.csv"
            path.parent.mkdir(parents=True)
            path.write_bytes(b"Day,Impr.,Clicks,Cost\n" + data)
            report = Report(Path(folder))
            opened = loader.open_export(path, "en", PRESETS[platform], report)
            if opened is not None:
                read_table(opened[1], Options(PRESETS[platform], "USD"))

    check()


def test_the_folders_a_campaigns_sources_read_are_known_and_a_stray_file_beside_them_still_warns(tmp_path):
    root = exports_agency(tmp_path, "  - platform: google-ads\n    files: downloads/google/*.csv\n    channel: paid\n")
    exports.save(root, "campaigns/acme/spring/downloads/google/2026-03-05.csv", exports.WRITERS["google-ads"][0]())
    write(root, "campaigns/acme/spring/metrcs.csv", "date,spend\n")
    _, errors, warnings = load(root)
    assert errors == []
    assert warnings == ["campaigns/acme/spring/metrcs.csv: unknown file, not read: did you mean metrics.csv?"]


@pytest.mark.parametrize("linked, args", [
    ("campaigns/kestrel", ["new", "client", "kestrel", "--name", "K", "--language", "en", "--currency", "USD"]),
    ("campaigns/acme/autumn", ["new", "campaign", "acme", "autumn", "--start", "2026-09-01", "--end", "2026-11-30"]),
    ("content/acme/meetings", ["new", "meeting", "acme", "--type", "weekly", "--date", "2026-03-09"]),
])
def test_new_never_writes_through_a_symlink_leading_out_of_the_clients_folders(tmp_path, linked, args):
    root = make_agency(tmp_path / "agency", ("acme",))
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    link = root / linked
    if link.exists():
        link.rename(tmp_path / "moved")
    link.parent.mkdir(parents=True, exist_ok=True)
    link.symlink_to(elsewhere, target_is_directory=True)
    result = CliRunner().invoke(main, [*args, "--source", str(root)])
    assert result.exit_code == 1 and "traceback" not in result.output.lower(), result.output
    assert list(elsewhere.iterdir()) == []
