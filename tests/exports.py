"""Files shaped like the platforms' own exports, with our own numbers, for the source readers' tests.

Each writer returns the bytes a person gets from the platform's download button
(the layout, preamble, totals rows, encoding and number style of a real export
of that platform, in the language it is named for); the figures are ours: on
day ``d`` (1 to 5 of March 2026) a campaign has ``1000 * d + 234`` impressions,
``50 + d`` clicks, ``d`` conversions and ``12.34 * d`` spend.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
from pathlib import Path

DAYS = [dt.date(2026, 3, d) for d in range(1, 6)]


def figures(day: dt.date, scale: float = 1.0) -> tuple[int, int, int, float]:
    d = day.day
    return 1000 * d + 234, 50 + d, d, round(12.34 * d * scale, 2)


def expected(days=DAYS, scale: float = 1.0) -> dict[str, float]:
    """The sums a reader must find over ``days``."""
    rows = [figures(day, scale) for day in days]
    return {"impressions": sum(r[0] for r in rows), "clicks": sum(r[1] for r in rows),
            "conversions": sum(r[2] for r in rows), "spend": round(sum(r[3] for r in rows), 2)}


def table(rows: list[list[object]], delimiter: str = ",") -> str:
    out = io.StringIO()
    csv.writer(out, delimiter=delimiter, lineterminator="\r\n").writerows(rows)
    return out.getvalue()


def grouped(number: float, decimals: int = 0, group: str = ",", mark: str = ".") -> str:
    text = f"{number:,.{decimals}f}"
    return text.replace(",", "\x00").replace(".", mark).replace("\x00", group)


def xlsx(rows: list[list[object]], sheet: str = "Sheet1", extra_sheet_first: bool = False) -> bytes:
    """An XLSX workbook holding ``rows`` (dates as real date cells, numbers as numbers)."""
    import xlsxwriter

    out = io.BytesIO()
    book = xlsxwriter.Workbook(out, {"in_memory": True})
    if extra_sheet_first:
        book.add_worksheet("Info").write(0, 0, "Report settings")
    sheet_ = book.add_worksheet(sheet)
    date_style = book.add_format({"num_format": "yyyy-mm-dd"})
    for r, row in enumerate(rows):
        for c, value in enumerate(row):
            if isinstance(value, dt.date):
                sheet_.write_datetime(r, c, dt.datetime.combine(value, dt.time()), date_style)
            elif value is not None:
                sheet_.write(r, c, value)
    book.close()
    return out.getvalue()


# --- one writer per platform ---------------------------------------------------------------


def google_ads(days=DAYS, campaign: str = "Kestrel | Spring, Search", other: bool = True, scale: float = 1.0) -> bytes:
    """Campaigns → Segment → Time → Day → Download → "CSV (Excel)": UTF-16LE with BOM, tab-separated.

    A title row and a date-range row first; ``Total: ...`` rows at the end, and
    one per day with the label in the second column; quoted thousands beside
    ungrouped money, ``--`` for a value it cannot show.
    """
    rows: list[list[object]] = [["Campaign report"], [f"{days[0]:%B} {days[0].day}, 2026 - {days[-1]:%B} {days[-1].day}, 2026"],
                                ["Day", "Campaign", "Campaign status", "Currency code", "Impr.", "Clicks", "Cost", "Conversions", "Conv. value"]]
    totals = [0, 0, 0, 0.0]
    for day in days:
        impressions, clicks, conversions, spend = figures(day, scale)
        rows.append([day.isoformat(), campaign, "Enabled", "USD", grouped(impressions), clicks, f"{spend:.2f}", f"{conversions:.2f}", "--"])
        totals = [totals[0] + impressions, totals[1] + clicks, totals[2] + conversions, totals[3] + spend]
        if other:
            rows.append([day.isoformat(), "Brand Protect", "Paused", "USD", "0", "0", "0.00", "0.00", "--"])
        rows.append([day.isoformat(), "Total: Search", "", "USD", grouped(impressions), clicks, f"{spend:.2f}", f"{conversions:.2f}", "0.00"])
    rows.append(["Total: Campaigns", "", "", "USD", grouped(totals[0]), totals[1], f"{totals[3]:.2f}", f"{totals[2]:.2f}", "0.00"])
    rows.append(["Total: Account", "", "", "USD", grouped(totals[0] + 99), totals[1], f"{totals[3]:.2f}", f"{totals[2]:.2f}", "0.00"])
    return table(rows, "\t").encode("utf-16")


def meta_ads(days=DAYS, indicators: tuple[str, str] | None = None, currency: str = "USD") -> bytes:
    """Ads Manager → Breakdown → By time → Day → Export table data → .csv: UTF-8 with BOM.

    The summary row comes first, its name cells empty; each row says what its
    ``Results`` count (``Result indicator``).
    """
    header = ["Reporting starts", "Reporting ends", "Campaign name", "Day", "Results", "Result indicator", "Reach",
              "Impressions", "Cost per result", f"Amount spent ({currency})", "Link clicks"]
    total = expected(days)
    rows: list[list[object]] = [header, [days[0].isoformat(), days[-1].isoformat(), "", "", total["conversions"], "",
                                         9999, total["impressions"], "", f"{total['spend']:.2f}", total["clicks"]]]
    for index, day in enumerate(days):
        impressions, clicks, conversions, spend = figures(day)
        indicator = "actions:offsite_conversion.fb_pixel_purchase"
        if indicators:
            indicator = indicators[index % 2]
        rows.append([day.isoformat(), day.isoformat(), "Spring — Social", day.isoformat(), conversions, indicator,
                     impressions // 2, impressions, f"{spend / conversions:.2f}", f"{spend:.2f}", clicks])
    return b"\xef\xbb\xbf" + table(rows).encode("utf-8")


def ga4(days=DAYS) -> bytes:
    """A report's Share → Download file → CSV: ``#`` lines, an Nth-day table, then a second table."""
    lines = ["# ----------------------------------------", "# Reports snapshot", "# Account: Acme", "# Property: acme.example",
             "# ----------------------------------------", "#", "# All Users",
             f"# Start date: {days[0]:%Y%m%d}", f"# End date: {days[-1]:%Y%m%d}"]
    total = expected(days)
    rows: list[list[object]] = [["Nth day", "Sessions", "Key events", "Total revenue"],
                                ["Grand total", total["clicks"] * 2, total["conversions"], f"{total['spend'] * 3:.2f}", ""]]
    for index, day in enumerate(days):
        _, clicks, conversions, spend = figures(day)
        rows.append([f"{index:04d}", clicks * 2, conversions, f"{spend * 3:.2f}"])
    second = ["", "# ----------------------------------------", "# Users by country", "Country,Active users", "Korea,12"]
    return ("\n".join(lines) + "\n" + table(rows).replace("\r\n", "\n") + "\n".join(second) + "\n").encode("utf-8")


def microsoft_ads(days=DAYS) -> bytes:
    """Reports → Campaign → Day → Download → CSV: quoted ``Key: value`` lines, M/D/YYYY, a copyright footer."""
    rows: list[list[object]] = [["Report Name: Campaign performance"], [f"Report Time: {days[0]:%-m/%-d/%Y} - {days[-1]:%-m/%-d/%Y}"],
                                ["Time Zone: (GMT-08:00) Pacific Time (US & Canada)"], ["Report Aggregation: Daily"], [],
                                ["Time period", "Campaign name", "Impr.", "Clicks", "Spend", "Conv.", "Currency code"]]
    for day in days + [dt.date(2026, 3, 13)]:
        impressions, clicks, conversions, spend = figures(day)
        rows.append([f"{day.month}/{day.day}/{day.year}", "Spring Bing", impressions, clicks, f"{spend:.2f}", conversions, "USD"])
    total = expected(days + [dt.date(2026, 3, 13)])
    rows.append(["Total", "", total["impressions"], total["clicks"], f"{total['spend']:.2f}", total["conversions"], ""])
    rows.append(["©2026 Microsoft Corporation. All rights reserved."])
    out = io.StringIO()
    csv.writer(out, quoting=csv.QUOTE_ALL, lineterminator="\r\n").writerows(rows)
    return out.getvalue().encode("utf-8")


def linkedin_ads(days=DAYS) -> bytes:
    rows: list[list[object]] = [["Campaign Performance Report (in UTC)"],
                                [f"Report Start: {days[0]:%m/%d/%Y}, Report End: {days[-1]:%m/%d/%Y}"], [],
                                ["Start Date (in UTC)", "Account Name", "Campaign Group Name", "Campaign Name", "Currency",
                                 "Total Spent", "Impressions", "Clicks", "Conversions"]]
    for day in days:
        impressions, clicks, conversions, spend = figures(day)
        rows.append([f"{day:%m/%d/%Y}", "Acme", "Default", "Spring B2B", "USD", f"{spend:.2f}", impressions, clicks, conversions])
    return table(rows).encode("utf-8")


def tiktok_ads(days=DAYS) -> bytes:
    rows: list[list[object]] = [["Campaign name", "By Day", "Cost", "Impressions", "Clicks (destination)", "Conversions", "Currency"]]
    for day in days:
        impressions, clicks, conversions, spend = figures(day)
        rows.append(["Spring TT", day.isoformat(), spend, impressions, clicks, conversions, "USD"])
    total = expected(days)
    rows.append(["Total", "", total["spend"], total["impressions"], total["clicks"], total["conversions"], ""])
    return xlsx(rows, "Campaign")


def yandex_direct(days=DAYS, as_xlsx: bool = True) -> bytes:
    """Report Wizard (Мастер отчётов): three lines and a blank row, the header, ``Итого`` right under it."""
    total = expected(days)
    header = ["Дата", "Кампания", "Показы", "Клики", "CTR (%)", "Расход (руб.)", "Конверсии"]
    top: list[list[object]] = [["Статистика по кампаниям"], [f"Период: {days[0]:%d.%m.%Y} - {days[-1]:%d.%m.%Y}"],
                               ["Валюта: RUB"], []]
    if as_xlsx:
        rows = top + [header, ["Итого", "", total["impressions"], total["clicks"], "", total["spend"], total["conversions"]]]
        for day in days:
            impressions, clicks, conversions, spend = figures(day)
            rows.append([f"{day:%d.%m.%Y}", "Весна | Поиск", impressions, clicks, round(clicks / impressions * 100, 2), spend, conversions])
        return xlsx(rows, "Отчёт")
    rows = top + [header, ["Итого", "", grouped(total["impressions"], 0, " "), total["clicks"], "",
                           grouped(total["spend"], 2, " ", ","), total["conversions"]]]
    for day in days:
        impressions, clicks, conversions, spend = figures(day)
        rows.append([f"{day:%d.%m.%Y}", "Весна | Поиск", grouped(impressions, 0, "\u00a0"), clicks,
                     grouped(clicks / impressions * 100, 2, " ", ","), grouped(spend, 2, "\u00a0", ","), conversions])
    return table(rows, ";").encode("cp1251")


def vk_ads(days=DAYS) -> bytes:
    """Statistics → by day → export: semicolons, cp1251, decimal commas, ``Потрачено, руб.`` (cp1251 has no ₽)."""
    rows: list[list[object]] = [["Дата", "Кампания", "Показы", "Клики", "Потрачено, руб.", "Результаты"]]
    for day in days:
        impressions, clicks, conversions, spend = figures(day)
        rows.append([f"{day:%d.%m.%Y}", "Весна ВК", impressions, clicks, grouped(spend, 2, " ", ","), conversions])
    return table(rows, ";").encode("cp1251")


def naver_searchad(days=DAYS) -> bytes:
    """다차원 보고서 download: a title row with the period, ``2026.03.01.`` days, ``총비용(VAT포함,원)``, cp949."""
    rows: list[list[object]] = [[f"캠페인 보고서({days[0]:%Y.%m.%d.}~{days[-1]:%Y.%m.%d.})"],
                                ["캠페인", "일별", "노출수", "클릭수", "클릭률(%)", "평균클릭비용(VAT포함,원)", "총비용(VAT포함,원)", "전환수"]]
    for day in days:
        impressions, clicks, conversions, spend = figures(day, 100)
        rows.append(["봄 검색", f"{day:%Y.%m.%d.}", grouped(impressions), clicks, "5.00", grouped(spend / clicks, 0), grouped(spend, 0), conversions])
    total = expected(days, 100)
    rows.append(["합계", "", grouped(total["impressions"]), total["clicks"], "", "", grouped(total["spend"], 0), total["conversions"]])
    return table(rows).encode("cp949")


def kakao_moment(days=DAYS) -> bytes:
    rows: list[list[object]] = [["일자", "캠페인 이름", "노출수", "클릭수", "비용", "전환수"]]
    for day in days:
        impressions, clicks, conversions, spend = figures(day, 100)
        rows.append([f"{day:%Y-%m-%d}", "봄 톡채널", grouped(impressions), clicks, grouped(spend, 0) + "원", conversions])
    return b"\xef\xbb\xbf" + table(rows).encode("utf-8")


def baidu(days=DAYS) -> bytes:
    """推广报告 download: a 数据生成时间 preamble, a blank line, GB18030 (GBK)."""
    lines = [["数据生成时间：2026-03-06 09:12"], ["数据生成条件："], [f"1. 时间范围：{days[0]:%Y%m%d}至{days[-1]:%Y%m%d}"],
             ["2. 时间单位：分日"], ["3. 推广设备：移动设备，计算机"], ["4. 投放网络：全部"], [],
             ["日期", "推广计划", "账户", "展现", "点击", "消费", "点击率", "平均点击价格", "网页转化"]]
    for day in days:
        impressions, clicks, conversions, spend = figures(day, 7)
        lines.append([day.isoformat(), "春季-搜索", "翠玉茶庄", impressions, clicks, f"{spend:.2f}", "5.00%", f"{spend / clicks:.2f}", conversions])
    total = expected(days, 7)
    lines.append(["总计", "", "", total["impressions"], total["clicks"], f"{total['spend']:.2f}", "", "", total["conversions"]])
    return table(lines).encode("gb18030")


def ocean_engine(days=DAYS) -> bytes:
    rows: list[list[object]] = [["时间", "项目名称", "消耗", "展示数", "点击数", "转化数"]]
    for day in days:
        impressions, clicks, conversions, spend = figures(day, 7)
        rows.append([day, "春季-信息流", spend, impressions, clicks, conversions])
    total = expected(days, 7)
    rows.append(["总计", "", total["spend"], total["impressions"], total["clicks"], total["conversions"]])
    return xlsx(rows, "数据报表", extra_sheet_first=True)


WRITERS = {
    "google-ads": (google_ads, "USD", 1.0), "meta-ads": (meta_ads, "USD", 1.0),
    "microsoft-ads": (microsoft_ads, "USD", 1.0), "linkedin-ads": (linkedin_ads, "USD", 1.0),
    "tiktok-ads": (tiktok_ads, "USD", 1.0), "yandex-direct": (yandex_direct, "RUB", 1.0), "vk-ads": (vk_ads, "RUB", 1.0),
    "naver-searchad": (naver_searchad, "KRW", 100.0), "kakao-moment": (kakao_moment, "KRW", 100.0),
    "baidu": (baidu, "CNY", 7.0), "ocean-engine": (ocean_engine, "CNY", 7.0),
}
"""Every ad platform preset: its writer, the client's currency, the scale of its money."""


def save(root: Path, relative: str, data: bytes) -> Path:
    path = root / relative
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(data)
    return path


def generic(preset, days=DAYS, scale: float = 1.0, money_note: str = "", drop_date: bool = False,
            encoding: str = "utf-8-sig") -> bytes:
    """A plain CSV under the preset's own first header names: the day, the campaign, then its figures.

    Not any platform's full layout (the writers above are): it puts each preset's
    header table through the same rules (revisions, currencies, missing days, totals).
    A totals row stands in the campaign column, the second, as day-segmented exports write it.
    """
    names = {"impressions": 0, "clicks": 1, "conversions": 2, "spend": 3}
    fields = [name for name in names if name in preset.fields]
    date_header = (preset.date or preset.nth_day)[0]
    header = ([] if drop_date else [date_header]) + [preset.campaign[0] if preset.campaign else "Name"]
    header += [preset.fields[name][0] + (money_note if name == "spend" else "") for name in fields]
    rows: list[list[object]] = [header]
    for day in days:
        values = figures(day, scale)
        rows.append(([] if drop_date else [day.isoformat()]) + ["Spring"] + [values[names[name]] for name in fields])
    total = expected(days, scale)
    rows.append(([] if drop_date else [""]) + ["Total"] + [total[name] for name in fields])
    return table(rows).encode(encoding)
