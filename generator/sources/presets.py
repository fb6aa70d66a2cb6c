"""One small table per ad platform: the header names its exports use, in every language it writes them.

A preset says which header holds the day, which hold the daily figures Debrief
reads (``impressions``, ``clicks``, ``conversions``, ``spend``, and ``revenue`` or
``sessions`` where the platform has them), which name the campaign, and how to
download the report by day, for the error that says so. Headers are matched
after case folding and with a currency note such as ``(USD)`` or ``, ₽`` taken
off, so ``Amount spent (EUR)`` is the ``Amount spent`` of a euro account.
"""

from __future__ import annotations

from dataclasses import dataclass, replace

FIELDS = ("impressions", "clicks", "conversions", "spend", "revenue", "sessions")
"""The daily columns a preset can yield, in the order they are listed."""
CUSTOM = "custom"
"""The name (and default channel) of a source that names its own headers with ``columns:``."""
MONEY = frozenset({"spend", "revenue"})
"""Fields in the client's currency: a header or cell naming another currency is an error."""


@dataclass(frozen=True)
class Preset:
    name: str
    title: str
    steps: str
    """How to download the report by day, in the platform's own words."""
    date: tuple[str, ...]
    """Headers of the day column."""
    fields: dict[str, tuple[str, ...]]
    """Field -> its headers, the first found in a file wins."""
    campaign: tuple[str, ...] = ()
    """Headers naming the campaign, for ``campaign:``."""
    levels: tuple[str, ...] = ()
    """Headers naming an ad group, ad or keyword: a row where they and the campaign are empty is a summary."""
    currency: tuple[str, ...] = ()
    """Headers of a per-row currency code."""
    not_daily: tuple[str, ...] = ()
    """Headers of a time segment coarser than a day (week, month): such a file is refused."""
    reporting_range: tuple[tuple[str, ...], tuple[str, ...]] | None = None
    """Meta: the first and last day each row covers, used as the day when they are the same."""
    indicator: tuple[str, ...] = ()
    """Meta: what ``Results`` counts on each row; summed only where it is the same on every row."""
    nth_day: tuple[str, ...] = ()
    """GA4: days counted from the file's ``# Start date`` line."""
    listed_totals: tuple[str, ...] = ()
    """Qualifiers of a ``Total: ...`` row that cover exactly the rows listed (checked against them)."""
    approximate_totals: bool = False
    """GA4 estimates its counts, so its grand total may differ from the rows' sum by a little."""
    bulk_headers: tuple[str, ...] = ()
    """Headers of the platform's bulk-edit sheet, to name such a file for what it is."""

    @property
    def channel(self) -> str:
        return self.name

    def headers(self) -> dict[str, tuple[str, ...]]:
        """Every role -> its headers, for the README and for finding the header row."""
        roles = {"date": self.date, **self.fields}
        if self.nth_day:
            roles["nth day"] = self.nth_day
        if self.campaign:
            roles["campaign"] = self.campaign
        if self.currency:
            roles["currency"] = self.currency
        if self.indicator:
            roles["result indicator"] = self.indicator
        return roles


GOOGLE_ADS = Preset(
    "google-ads", "Google Ads",
    "Campaigns → Segment → Time → Day → Download → CSV (or Excel .csv, or .xlsx)",
    date=("Day", "Date", "День", "Дата", "일", "날짜", "天", "日期"),
    fields={
        "impressions": ("Impr.", "Impressions", "Показы", "노출수", "展示次数"),
        "clicks": ("Clicks", "Клики", "클릭수", "点击次数"),
        "conversions": ("Conversions", "Conv.", "Конверсии", "전환수", "转化次数", "转化"),
        "spend": ("Cost", "Стоимость", "Расходы", "비용", "费用"),
        "revenue": ("Conv. value", "Conversion value", "Ценность конв.", "전환 가치", "转化价值"),
    },
    campaign=("Campaign", "Кампания", "캠페인", "广告系列"),
    levels=("Ad group", "Группа объявлений", "광고그룹", "광고 그룹", "广告组"),
    currency=("Currency code", "Currency", "Код валюты", "Валюта", "통화 코드", "통화", "货币代码", "货币"),
    not_daily=("Week", "Month", "Quarter", "Year", "Неделя", "Месяц", "주", "월", "周", "月"),
    listed_totals=("Campaigns", "Кампании", "캠페인", "广告系列", "Ad groups", "Группы объявлений", "광고그룹", "广告组"),
    bulk_headers=("Action", "Campaign Type", "Bid Strategy Type", "Final URL", "Headline 1", "Max CPC", "Budget type"),
)

META_ADS = Preset(
    "meta-ads", "Meta Ads (Facebook, Instagram)",
    "Ads Manager → Campaigns → Breakdown → By time → Day → Reports → Export table data → .csv or .xlsx",
    date=("Day", "Date", "День", "Дата", "일", "날짜", "天", "日期"),
    fields={
        "impressions": ("Impressions", "Показы", "노출", "노출수", "展示次数"),
        "clicks": ("Link clicks", "Клики по ссылке", "링크 클릭", "链接点击量", "Clicks (all)", "Клики (все)", "클릭(전체)", "点击量（全部）"),
        "conversions": ("Results", "Результаты", "결과", "成效"),
        "spend": ("Amount spent", "Потраченная сумма", "지출 금액", "已花费金额"),
        "revenue": ("Purchases conversion value", "Ценность конверсий покупок", "구매 전환값", "购物转化价值"),
    },
    campaign=("Campaign name", "Название кампании", "캠페인 이름", "广告系列名称"),
    levels=("Ad set name", "Название группы объявлений", "광고 세트 이름", "广告组名称",
            "Ad name", "Название объявления", "광고 이름", "广告名称"),
    currency=("Currency", "Валюта", "통화", "币种"),
    not_daily=("Week", "Month", "Неделя", "Месяц", "주", "월", "周", "月"),
    reporting_range=(("Reporting starts", "Начало отчетности", "보고 시작", "报告开始日期"),
                     ("Reporting ends", "Конец отчетности", "보고 종료", "报告结束日期")),
    indicator=("Result indicator", "Индикатор результатов", "결과 표시기", "成效指标"),
    bulk_headers=("Campaign ID", "Campaign Objective", "Buying Type", "Ad Set Run Status", "Body", "Title"),
)

GA4 = Preset(
    "ga4", "Google Analytics 4",
    "Explore → Free form, Rows: Date, Values: Sessions, Key events, Total revenue → Export data → CSV "
    "(a standard report's Share this report → Download file → CSV works too, with Date or Nth day as a dimension)",
    date=("Date", "Дата", "날짜", "日期"),
    fields={
        "sessions": ("Sessions", "Сеансы", "세션수", "세션", "会话次数"),
        "conversions": ("Key events", "Conversions", "Ключевые события", "Конверсии", "주요 이벤트", "전환", "关键事件", "转化次数"),
        "revenue": ("Total revenue", "Purchase revenue", "Общий доход", "Доход от покупок", "총 수익", "구매 수익", "总收入", "购买收入"),
    },
    nth_day=("Nth day", "N-й день", "N번째 일", "第 N 天"),
    not_daily=("Week", "Month", "ISO week of ISO year", "Nth week", "Nth month", "Неделя", "Месяц", "주", "월", "周", "月"),
    approximate_totals=True,
)

MICROSOFT_ADS = Preset(
    "microsoft-ads", "Microsoft Advertising",
    "Reports → Campaign → Unit of time: Day → Download → CSV (or Campaigns → Download, with the time segmented by day)",
    date=("Day", "Time period", "Date", "Gregorian date", "TimePeriod"),
    fields={
        "impressions": ("Impr.", "Impressions"),
        "clicks": ("Clicks",),
        "conversions": ("Conv.", "Conversions"),
        "spend": ("Spend",),
        "revenue": ("Revenue",),
    },
    campaign=("Campaign name", "Campaign", "CampaignName"),
    levels=("Ad group", "Ad group name"),
    currency=("Currency code", "Currency", "CurrencyCode"),
    not_daily=("Week", "Month", "Week (Starting Sunday)", "Week (Starting Monday)"),
    listed_totals=("Campaigns", "Ad groups"),
    bulk_headers=("Type", "Status", "Id", "Parent Id", "Budget Type", "Bid Strategy Type"),
)

LINKEDIN_ADS = Preset(
    "linkedin-ads", "LinkedIn Ads",
    "Campaign Manager → Analyze → Export → Report type: Campaign performance → Time breakdown: Daily → CSV",
    date=("Start Date (in UTC)", "Start Date", "Day", "Date"),
    fields={
        "impressions": ("Impressions",),
        "clicks": ("Clicks",),
        "conversions": ("Conversions",),
        "spend": ("Total Spent", "Amount Spent", "Spend"),
        "revenue": ("Total Conversion Value", "Conversion Value"),
    },
    campaign=("Campaign Name", "Campaign"),
    levels=("Campaign Group Name",),
    currency=("Currency",),
    not_daily=("Month", "Week"),
)

TIKTOK_ADS = Preset(
    "tiktok-ads", "TikTok Ads",
    "Ads Manager → Reporting → Custom report → Dimensions: Campaign name and By Day → Export → XLSX or CSV",
    date=("By Day", "Date", "Day", "stat_time_day", "日期", "按天", "날짜", "Дата"),
    fields={
        "impressions": ("Impressions", "展示次数", "展示数", "노출수", "Показы"),
        "clicks": ("Clicks (destination)", "Clicks", "Clicks (all)", "点击量（目的地）", "点击数", "클릭수(목적지)", "클릭수", "Клики (целевая страница)", "Клики"),
        "conversions": ("Conversions", "转化数", "전환수", "Конверсии"),
        "spend": ("Cost", "Total cost", "花费", "消耗", "비용", "Затраты", "Расходы"),
        "revenue": ("Total complete payment value", "Complete payment value", "Purchase value"),
    },
    campaign=("Campaign name", "Campaign", "推广系列名称", "캠페인 이름", "Название кампании"),
    levels=("Ad group name", "Ad name"),
    currency=("Currency", "货币", "통화", "Валюта"),
    not_daily=("By Week", "By Month", "Week", "Month", "按周", "按月"),
)

YANDEX_DIRECT = Preset(
    "yandex-direct", "Yandex Direct",
    "Статистика → Мастер отчётов → Группировка: по дням → Показать → Скачать → XLSX или CSV "
    "(Statistics → Report Wizard → Group by day → Show → Download)",
    date=("Дата", "Date", "День", "Day"),
    fields={
        "impressions": ("Показы", "Impressions", "Impr."),
        "clicks": ("Клики", "Clicks"),
        "conversions": ("Конверсии", "Conversions"),
        "spend": ("Расход", "Расход, ₽", "Расход (руб.)", "Cost", "Расход всего"),
        "revenue": ("Доход", "Ценность конверсий", "Revenue"),
    },
    campaign=("Кампания", "Название кампании", "Campaign", "CampaignName"),
    levels=("Группа", "Название группы", "Ad group"),
    currency=("Валюта", "Currency"),
    not_daily=("Неделя", "Месяц", "Квартал", "Год", "Week", "Month"),
    bulk_headers=("Доп. объявление группы", "Заголовок 1", "Текст", "Ссылка", "Минус-фразы на группу", "ID группы"),
)

VK_ADS = Preset(
    "vk-ads", "VK Ads",
    "Статистика → Кампании → по дням → Выгрузить → CSV или XLSX (Statistics → Campaigns → by day → Export)",
    date=("Дата", "Date", "День", "Day"),
    fields={
        "impressions": ("Показы", "Impressions", "Shows"),
        "clicks": ("Клики", "Clicks"),
        "conversions": ("Результаты", "Результат", "Конверсии", "Достижения целей", "Results", "Conversions"),
        "spend": ("Потрачено", "Списания", "Расход", "Spent", "Spend"),
    },
    campaign=("Кампания", "Название кампании", "Campaign"),
    levels=("Группа объявлений", "Объявление", "Ad group"),
    currency=("Валюта", "Currency"),
    not_daily=("Неделя", "Месяц", "Week", "Month"),
)

NAVER_SEARCHAD = Preset(
    "naver-searchad", "Naver Search Ads",
    "광고시스템 → 보고서 → 다차원 보고서 → 기간: 일별 → 다운로드 → CSV 또는 XLSX",
    date=("일별", "날짜", "일자", "기간"),
    fields={
        "impressions": ("노출수",),
        "clicks": ("클릭수",),
        "conversions": ("전환수", "총 전환수"),
        "spend": ("총비용", "총비용(VAT포함,원)", "광고비"),
        "revenue": ("전환매출액", "총 전환매출액"),
    },
    campaign=("캠페인", "캠페인 이름"),
    levels=("광고그룹", "광고그룹 이름", "키워드"),
    not_daily=("주별", "월별", "요일"),
    bulk_headers=("캠페인 유형", "입찰가", "하루예산", "연결 URL"),
)

KAKAO_MOMENT = Preset(
    "kakao-moment", "Kakao Moment",
    "보고서 → 맞춤보고서 → 조회 기간 → 기간 단위: 일 → 다운로드 → CSV 또는 XLSX",
    date=("일자", "날짜", "기간", "일"),
    fields={
        "impressions": ("노출수", "노출"),
        "clicks": ("클릭수", "클릭"),
        "conversions": ("전환수", "전환", "구매(7일)"),
        "spend": ("비용", "집행 금액", "광고비", "소진 금액"),
        "revenue": ("전환 매출액", "구매금액(7일)"),
    },
    campaign=("캠페인", "캠페인 이름"),
    levels=("광고그룹", "광고그룹 이름", "소재", "소재 이름"),
    not_daily=("주", "월", "주별", "월별"),
)

BAIDU = Preset(
    "baidu", "Baidu Marketing (百度营销)",
    "数据报告 → 推广报告 → 计划报告 → 时间单位：分日 → 下载报告 → CSV",
    date=("日期", "时间"),
    fields={
        "impressions": ("展现", "展现量"),
        "clicks": ("点击", "点击量"),
        "conversions": ("转化", "目标转化", "网页转化"),
        "spend": ("消费", "消费(元)"),
    },
    campaign=("推广计划", "计划名称"),
    levels=("推广单元", "单元名称", "账户"),
    not_daily=("周", "月", "分周", "分月"),
)

OCEAN_ENGINE = Preset(
    "ocean-engine", "Ocean Engine (巨量引擎)",
    "数据 → 报表 → 广告数据 → 时间粒度：分天 → 下载 → xlsx 或 csv",
    date=("时间", "日期", "Date"),
    fields={
        "impressions": ("展示数", "展示次数", "Impressions"),
        "clicks": ("点击数", "点击次数", "Clicks"),
        "conversions": ("转化数", "Conversions"),
        "spend": ("消耗", "消耗(元)", "花费", "Cost"),
        "revenue": ("付费金额", "成交金额"),
    },
    campaign=("项目名称", "广告计划名称", "计划名称", "Campaign name"),
    levels=("广告名称",),
    not_daily=("周", "月", "分周", "分月"),
)

PRESETS: dict[str, Preset] = {
    preset.name: preset
    for preset in (GOOGLE_ADS, META_ADS, GA4, MICROSOFT_ADS, LINKEDIN_ADS, TIKTOK_ADS, YANDEX_DIRECT, VK_ADS,
                   NAVER_SEARCHAD, KAKAO_MOMENT, BAIDU, OCEAN_ENGINE)
}


def preset_with(preset: Preset | None, columns: dict[str, str] | None) -> Preset:
    """The preset with the user's ``columns:`` put before its own headers; without a preset, the user's alone."""
    columns = dict(columns or {})
    date, campaign = columns.pop("date", None), columns.pop("campaign", None)
    custom = {name: (header,) for name, header in columns.items()}
    if preset is None:
        return Preset(CUSTOM, "Custom columns", "Download the report with one row per day",
                      date=(date,) if date else (), fields=custom, campaign=(campaign,) if campaign else ())
    changes: dict = {"fields": {**preset.fields, **custom}}
    if date:
        changes.update(date=(date,), nth_day=())
    if campaign:
        changes["campaign"] = (campaign,)
    if "conversions" in custom:
        changes["indicator"] = ()
    return replace(preset, **changes)
