"""The file contract as typed models: what a user may write, and what the pipeline passes on.

File-level models are pydantic (frozen, unknown keys forbidden: a typo is an error,
not a silently ignored key). Assembled objects (a client with its campaigns and
notes) are frozen dataclasses built by ``validate``.
"""

from __future__ import annotations

import datetime as dt
import re
import typing
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Annotated, Any, Literal

from pydantic import (
    AfterValidator, BaseModel, BeforeValidator, ConfigDict, EmailStr, Field, StringConstraints, field_validator, model_validator,
)

from .load import MAX_NUMBER_DIGITS
from .sources import SourceSummary

SLUG = re.compile(r"^[a-z0-9]+(-[a-z0-9]+)*$")
"""Match it with ``fullmatch``: ``$`` alone also matches before a final line break."""
MAX_SLUG_LENGTH = 64
"""Slugs become file and folder names (``<client>/campaigns/<campaign>.html``), which file systems limit."""

LANGUAGES = ("en", "ru", "ko", "zh")
Language = Literal["en", "ru", "ko", "zh"]
MeetingType = Literal["pre-launch", "check-in", "post-mortem", "retro", "quarterly-review", "weekly", "meeting"]
Visibility = Literal["client", "internal"]
Text = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1)]
FIRST_YEAR, LAST_YEAR = 2000, 2100
"""The years a date may fall in: a typo like 0026 would otherwise be a campaign of 2,000 years."""


def _written_as_a_date(value: Any) -> Any:
    """Only YYYY-MM-DD text is a date: not a number (a Unix time) nor another way of writing one."""
    if isinstance(value, dt.date) and not isinstance(value, dt.datetime):
        return value
    if isinstance(value, str) and re.fullmatch(r"[0-9]{4}-[0-9]{2}-[0-9]{2}", value.strip()):
        return value.strip()
    raise ValueError("expected a real date as YYYY-MM-DD")


def _in_the_years_reported(value: dt.date) -> dt.date:
    if not FIRST_YEAR <= value.year <= LAST_YEAR:
        raise ValueError(f"{value} is outside the years {FIRST_YEAR} to {LAST_YEAR}: check the year")
    return value


Date = Annotated[dt.date, BeforeValidator(_written_as_a_date), AfterValidator(_in_the_years_reported)]
Number = Annotated[float, Field(strict=True)]
"""A number written as one: ``true`` or ``"12"`` is not 1 or 12 (strict: an integer is still a number)."""
NonNegative = Annotated[float, Field(ge=0, strict=True)]
Month = Annotated[str, StringConstraints(pattern=r"^\d{4}-(0[1-9]|1[0-2])$")]
ReportKind = Literal["weekly", "monthly", "meetings"]
REPORT_KINDS: tuple[ReportKind, ...] = ("weekly", "monthly", "meetings")


class Contract(BaseModel):
    """Every file model: immutable, strict about unknown keys. Cross-field rules live in ``validate``."""

    model_config = ConfigDict(extra="forbid", frozen=True, str_strip_whitespace=True, allow_inf_nan=False)


# --- client.yml -------------------------------------------------------------------------


class Brand(Contract):
    color: Annotated[str, StringConstraints(pattern=r"^#[0-9a-fA-F]{6}$")] | None = None
    """Accent colour of the client's site, as ``#rrggbb``."""
    logo: str | None = None
    """A picture file beside client.yml (SVG or PNG)."""


class Fee(Contract):
    """A fixed part and a floating part tied to the client's satisfaction score (e.g. 70 % fixed, 30 % floating)."""

    monthly: NonNegative
    floating_share: Annotated[float, Field(ge=0, le=1, strict=True)]
    score: Literal["csi", "nps"]
    zero_at: Number
    """Score at which the floating part is 0 %."""
    full_at: Number
    """Score at which the floating part is 100 %."""


AlertKind = Literal[
    "conversions-stopped", "spend-spike", "spend-stopped", "overspend-ahead", "cost-per-result-jump", "data-stale",
]
ALERT_KINDS: tuple[AlertKind, ...] = typing.get_args(AlertKind)


class AlertSettings(Contract):
    """Thresholds of the internal alerts (``compute/alerts.py``); every key has a default.

    ``client.yml`` sets them for every campaign of the client, ``campaign.yml`` for one
    campaign, key by key over the client's.
    """

    result: Annotated[str, StringConstraints(min_length=1)] = "conversions"
    """The metrics.csv column counting results (orders, leads): what "conversions" means."""
    conversions_stopped_days: Annotated[int, Field(ge=1, strict=True)] = 2
    """Days in a row without results, while spend or clicks go on, that mean tracking is broken."""
    usual_level: Annotated[float, Field(gt=0, le=1, strict=True)] = 0.5
    """A day's spend (or clicks) at this share of its recent median or more is "the usual level"."""
    min_expected_results: NonNegative = 5
    """Results the usual cost per result predicts for those days: below this, zero is chance."""
    window_days: Annotated[int, Field(ge=3, strict=True)] = 14
    """The recent range of a day: the median and MAD of the days before it."""
    min_history_days: Annotated[int, Field(ge=1, strict=True)] = 7
    """Days of data a channel needs before its spend and conversions are judged (a campaign's first days)."""
    recent_days: Annotated[int, Field(ge=1, strict=True)] = 7
    """The recent stretch: spikes within it are reported, its cost per result is compared with the whole."""
    spike_z: Annotated[float, Field(gt=0, strict=True)] = 3.5
    """A spike is more than this many robust standard deviations (1.4826 × MAD) above the median ..."""
    spike_ratio: Annotated[float, Field(ge=1, strict=True)] = 1.5
    """... and at least this multiple of the median."""
    cost_jump: Annotated[float, Field(gt=0, strict=True)] = 0.25
    """The recent cost per result this share worse than the campaign's to-date figure (0.25: 25 % higher)."""
    overspend_margin: Annotated[float, Field(ge=0, strict=True)] = 0.0
    """Projected spend over the budget by more than this share of it (0: any overspend)."""
    stale_after_days: Annotated[int, Field(ge=0, strict=True)] = 3
    """Data that ends more than this many days before the report date is stale."""
    ignore: list[AlertKind] = []
    """Alert kinds not reported for these campaigns."""


class Contact(Contract):
    """Someone at the client who receives reports by e-mail (``debrief mail``)."""

    name: Text
    email: EmailStr
    """Checked as mail systems check it (email-validator); no DNS look-up."""
    reports: Annotated[list[ReportKind], Field(min_length=1)] = list(REPORT_KINDS)
    """Which messages: the Friday ``weekly`` summary, the ``monthly`` report, the post-meeting summaries (``meetings``)."""

    def receives(self, kind: ReportKind) -> bool:
        return kind in self.reports


class ClientFile(Contract):
    name: Text
    """Display name, any Unicode."""
    language: Language
    """Language of the client's site."""
    currency: Annotated[str, StringConstraints(pattern=r"^[A-Z]{3}$")]
    """ISO 4217 code, e.g. EUR."""
    account_manager: Text
    brand: Brand | None = None
    fee: Fee | None = None
    alerts: AlertSettings | None = None
    """Alert thresholds for every campaign of the client (internal sites only)."""
    contacts: list[Contact] = []
    """Who receives which reports by e-mail; none: no e-mail goes to this client."""

    @field_validator("currency")
    @classmethod
    def _known_currency(cls, code: str) -> str:
        from babel.numbers import list_currencies

        if code not in list_currencies():
            raise ValueError(f"'{code}' is not an ISO 4217 currency code (e.g. USD, EUR, RUB, KRW, CNY)")
        return code


# --- campaign.yml -----------------------------------------------------------------------


class Objectives(Contract):
    primary: Text
    secondary: list[Text] = []


Slug = Annotated[str, StringConstraints(pattern=SLUG.pattern, max_length=MAX_SLUG_LENGTH)]


class Kpi(Contract):
    id: Slug
    name: Text
    target: NonNegative
    better: Literal["higher", "lower"] = "higher"
    unit: Literal["number", "currency", "percent"] = "number"
    metric: str | None = None
    """A metrics.csv column, summed over the period."""
    ratio: tuple[str, str] | None = None
    """Two metrics.csv columns: sum of the first divided by sum of the second."""
    plan: dict[Month, NonNegative] | None = None
    """Monthly plan, ``YYYY-MM: value``."""

    @property
    def columns(self) -> tuple[str, ...]:
        return (self.metric,) if self.metric else tuple(self.ratio or ())


Platform = Literal[
    "google-ads", "meta-ads", "ga4", "microsoft-ads", "linkedin-ads", "tiktok-ads",
    "yandex-direct", "vk-ads", "naver-searchad", "kakao-moment", "baidu", "ocean-engine",
]
ColumnName = Annotated[str, StringConstraints(pattern=r"^[a-z0-9]+([_-][a-z0-9]+)*$")]


class Source(Contract):
    """An ad platform's export files, read as they were downloaded (see ``generator/sources``)."""

    platform: Platform | None = None
    """A preset: which headers hold the day and the figures, in every language the platform writes them."""
    files: Text | Annotated[list[Text], Field(min_length=1)]
    """A glob (or several) relative to the campaign folder, inside the client's folder."""
    columns: dict[ColumnName, Text] | None = None
    """Field -> the header holding it: ``date`` and ``campaign`` name columns, the rest are figures."""
    campaign: Text | Annotated[list[Text], Field(min_length=1)] | None = None
    """Keep only the rows of this export campaign (or these)."""
    channel: Annotated[str, StringConstraints(pattern=SLUG.pattern)] | None = None
    """The channel of these rows (default: the preset's name)."""
    date_format: Text | None = None
    """strptime format for dates that are ambiguous, e.g. ``%d/%m/%Y``."""

    @property
    def patterns(self) -> list[str]:
        return [self.files] if isinstance(self.files, str) else list(self.files)

    @property
    def campaigns(self) -> frozenset[str]:
        if self.campaign is None:
            return frozenset()
        return frozenset([self.campaign] if isinstance(self.campaign, str) else self.campaign)


class CampaignFile(Contract):
    name: Text
    start: Date
    end: Date
    objectives: Objectives
    success: Text
    failure: Text
    budget: NonNegative
    hours: NonNegative
    revision_rounds: Annotated[int, Field(ge=0, strict=True)]
    kpis: Annotated[list[Kpi], Field(min_length=1)]
    alerts: AlertSettings | None = None
    """Alert thresholds for this campaign, key by key over the client's."""
    sources: list[Source] = []
    """Platform exports the daily figures come from (with or without metrics.csv)."""


# --- meeting notes ----------------------------------------------------------------------


def read_due(value: object) -> tuple[dt.date, dt.date]:
    """``due:`` as one date or ``[optimal, latest]``, always read as the pair (a date twice)."""
    items = value if isinstance(value, (list, tuple)) else [value]
    if len(items) not in (1, 2):
        raise ValueError("expected a date, or [optimal, latest] as two dates")
    dates = [_date(item) for item in items]
    if dates[-1] < dates[0]:
        raise ValueError(f"the latest date {dates[-1]} is before the optimal date {dates[0]}: write [optimal, latest]")
    return dates[0], dates[-1]


def _date(value: object) -> dt.date:
    """One date of ``due:``, by the rules of every date (``Date``)."""
    try:
        text = _written_as_a_date(value)
        day = text if isinstance(text, dt.date) else dt.date.fromisoformat(text)
    except ValueError:
        raise ValueError("expected a real date as YYYY-MM-DD, or [optimal, latest] as two dates") from None
    return _in_the_years_reported(day)


class Action(Contract):
    id: Annotated[str, StringConstraints(pattern=r"^[A-Za-z0-9][A-Za-z0-9_.-]*$")]
    text: Text
    owner: Text
    due_range: tuple[dt.date, dt.date] = Field(alias="due")
    """``due:`` one date, or ``[optimal, latest]``: a range agreed with the client."""
    done: Date | None = None

    @field_validator("due_range", mode="before")
    @classmethod
    def _one_date_or_range(cls, value: object) -> tuple[dt.date, dt.date]:
        return read_due(value)

    @property
    def due(self) -> dt.date:
        """The optimal date: from this day on the action is due soon."""
        return self.due_range[0]

    @property
    def latest(self) -> dt.date:
        """The last day of the range: overdue only after it (the due date itself when there is no range)."""
        return self.due_range[1]

    @property
    def ranged(self) -> bool:
        """Due within a range of days, not on one day: pages show both dates."""
        return self.latest != self.due


class Pause(Contract):
    """A pause agreed in a meeting: no spend on those days is planned, not an alert."""

    start: Date = Field(alias="from")
    end: Date = Field(alias="to")
    channel: Text | None = None
    """One channel of the campaign; without it the whole campaign pauses."""

    def covers(self, day: dt.date, channel: str) -> bool:
        return self.start <= day <= self.end and self.channel in (None, channel)


class Retro(Contract):
    went_well: list[Text] = Field(default=[], alias="went-well")
    to_improve: list[Text] = Field(default=[], alias="to-improve")
    did_not_work: list[Text] = Field(default=[], alias="did-not-work")


class Lesson(Contract):
    text: Text
    tags: list[Slug] = []


class MeetingFile(Contract):
    date: Date
    type: MeetingType
    title: Text | None = None
    campaign: str | None = None
    visibility: Visibility = "client"
    attendees: list[Text] = []
    answers: dict[str, str] = {}
    decisions: list[Text] = []
    actions: list[Action] = []
    retro: Retro | None = None
    lessons: list[Lesson] = []
    pauses: list[Pause] = []
    """Planned pauses of the note's campaign (the note needs ``campaign:``)."""


# --- surveys ----------------------------------------------------------------------------


class NpsResponse(Contract):
    respondent: Text
    score: Annotated[int, Field(ge=0, le=10, strict=True)]
    comment: str | None = None


Rating = tuple[Annotated[int, Field(ge=1, le=5, strict=True)], Annotated[int, Field(ge=1, le=5, strict=True)]]


class CsiResponse(Contract):
    respondent: Text
    ratings: Annotated[dict[str, Rating], Field(min_length=1)]
    """aspect: [importance 1-5, satisfaction 1-5]"""
    comment: str | None = None


class NpsSurvey(Contract):
    date: Date
    kind: Literal["nps"]
    conducted_by: Text | None = None
    responses: Annotated[list[NpsResponse], Field(min_length=1)]


class CsiSurvey(Contract):
    date: Date
    kind: Literal["csi"]
    conducted_by: Text | None = None
    responses: Annotated[list[CsiResponse], Field(min_length=1)]


SurveyFile = Annotated[NpsSurvey | CsiSurvey, Field(discriminator="kind")]


# --- CSV rows ---------------------------------------------------------------------------


@dataclass(frozen=True)
class MetricRow:
    date: dt.date
    channel: str
    values: dict[str, float | None]
    """Column name -> value; None is a missing cell (not zero)."""
    line: int = 0
    """The row's line in metrics.csv, for messages."""


# --- rows of Debrief's own CSV files ------------------------------------------------------
#
# A cell is text; these types read it the way a YAML file's values are read, so a row is
# checked by its model like a file is, and each mistake names its column.

DATE_RANGE = f"in the years {FIRST_YEAR} to {LAST_YEAR}"
PLAIN_NUMBER = re.compile(r"-?(?:[0-9]{1,3}(?:,[0-9]{3})+|[0-9]+)(?:\.[0-9]+)?|-?\.[0-9]+")
"""Digits with a point for decimals; commas only between groups of three (1,000.5). Debrief's own CSV files
are plain numbers by contract, so a decimal comma (1,5) or a stray one (1,2,3) is a mistake, never 15 or 123."""
NUMBER_HINT = "write a point for decimals (1.5) and commas only between groups of three digits (1,000)"


def plain_date(text: str) -> dt.date | None:
    """A real date written YYYY-MM-DD in the years Debrief reports on, else None."""
    try:
        day = dt.date.fromisoformat(text) if re.fullmatch(r"[0-9]{4}-[0-9]{2}-[0-9]{2}", text) else None
    except ValueError:
        return None
    return day if day is not None and FIRST_YEAR <= day.year <= LAST_YEAR else None


def plain_number(text: str) -> float | None:
    if not PLAIN_NUMBER.fullmatch(text) or sum(char.isdigit() for char in text) > MAX_NUMBER_DIGITS:
        return None
    return float(text.replace(",", ""))


def _cell(parse: typing.Callable[[str], Any], must: str, empty: Any = ...) -> BeforeValidator:
    """A cell read by ``parse`` (None: not readable), else the error ``'<text>' <must>``; ``empty`` stands for an empty cell."""
    def read(text: str) -> Any:
        if text == "" and empty is not ...:
            return empty
        value = parse(text)
        if value is None:
            raise ValueError(f"'{text}' {must}")
        return value
    return BeforeValidator(read)


def _filled(text: str) -> str:
    if not text:
        raise ValueError("must not be empty")
    return text


CellDate = Annotated[dt.date, _cell(plain_date, f"is not a real date as YYYY-MM-DD {DATE_RANGE}")]
Filled = Annotated[str, AfterValidator(_filled)]


class WorkRow(BaseModel):
    """A row of work.csv."""

    model_config = ConfigDict(frozen=True)
    date: CellDate
    person: str
    role: str
    hours: Annotated[float, _cell(lambda text: n if (n := plain_number(text)) is not None and n >= 0 else None,
                                  f"must be a number of hours, 0 or more: {NUMBER_HINT}")]
    task: str

    @model_validator(mode="after")
    def _someone(self) -> WorkRow:
        if not self.person or not self.role:
            raise ValueError("person and role must not be empty")
        return self


class DeliverableRow(BaseModel):
    """A row of deliverables.csv; ``latest`` (an optional column) is the last day of a due range."""

    model_config = ConfigDict(frozen=True)
    name: Filled
    due: CellDate
    latest: Annotated[dt.date | None, _cell(
        plain_date, f"is not a real date as YYYY-MM-DD {DATE_RANGE} (leave it empty for a single due date)", None)] = None
    delivered: Annotated[dt.date | None, _cell(plain_date, "is not a date (leave it empty if not delivered yet)", None)]
    revisions: Annotated[int, _cell(lambda text: int(text) if re.fullmatch(r"[0-9]{1,6}", text) else None,
                                    "must be a whole number, 0 or more", 0)]

    @model_validator(mode="after")
    def _range_forwards(self) -> DeliverableRow:
        if self.latest is not None and self.latest < self.due:
            raise ValueError(f"latest {self.latest} is before due {self.due}: due is the optimal date, "
                             "latest the last acceptable one")
        return self


@dataclass(frozen=True)
class WorkEntry:
    date: dt.date
    person: str
    role: str
    hours: float
    task: str


@dataclass(frozen=True)
class Deliverable:
    name: str
    due: dt.date
    """The optimal date: from this day on it is due soon."""
    delivered: dt.date | None
    revisions: int
    latest: dt.date = None  # type: ignore[assignment]
    """The last day of an agreed range (``latest`` column): overdue only after it; the due date when not given."""

    def __post_init__(self) -> None:
        if self.latest is None:
            object.__setattr__(self, "latest", self.due)

    @property
    def ranged(self) -> bool:
        """Due within a range of days, not on one day: pages show both dates."""
        return self.latest != self.due


# --- assembled --------------------------------------------------------------------------


@dataclass(frozen=True)
class Campaign:
    slug: str
    spec: CampaignFile
    metrics: tuple[MetricRow, ...]
    columns: tuple[str, ...]
    """Numeric columns of metrics.csv, in file order."""
    work: tuple[WorkEntry, ...] = ()
    deliverables: tuple[Deliverable, ...] = ()
    files: tuple[Path, ...] = ()
    """The source files this campaign was read from."""
    sources: tuple[SourceSummary, ...] = ()
    """What each of ``sources:`` gave: files, rows, days, totals (for ``debrief sources``)."""


@dataclass(frozen=True)
class FileHistory:
    """When git first saw a file and when it last changed (see ``history``)."""

    first_written: dt.date
    last_changed: dt.date


@dataclass(frozen=True)
class Meeting:
    slug: str
    """File name without extension: ``2026-03-01-kickoff``."""
    source: str
    """Path relative to the source folder, for links back to git and for messages."""
    spec: MeetingFile
    body: str
    history: FileHistory | None = None
    """None when the source is not in git or the note is not committed yet."""

    @property
    def internal(self) -> bool:
        return self.spec.visibility == "internal"


@dataclass(frozen=True)
class Survey:
    slug: str
    source: str
    spec: NpsSurvey | CsiSurvey


@dataclass(frozen=True)
class Client:
    slug: str
    spec: ClientFile
    campaigns: tuple[Campaign, ...]
    meetings: tuple[Meeting, ...]
    """Oldest first."""
    surveys: tuple[Survey, ...]
    """Oldest first."""
    logo: Path | None = None
    logo_content: bytes | None = None
    """The logo as published: an SVG kept to what draws (see ``logo``)."""
    files: tuple[Path, ...] = field(default=())
    """Every source file of this client, for change detection."""

    def campaign(self, slug: str) -> Campaign | None:
        return next((c for c in self.campaigns if c.slug == slug), None)

    def for_client_site(self) -> Client:
        """The same client without internal notes: what its own site may ever see."""
        return replace(self, meetings=tuple(m for m in self.meetings if not m.internal))


@dataclass(frozen=True)
class Agency:
    clients: tuple[Client, ...]
    language: Language = "en"
    """Language of the internal site."""
