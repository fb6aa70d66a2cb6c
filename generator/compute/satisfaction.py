"""Satisfaction scores: NPS, CSI and the floating part of the fee tied to them.

Scores are published to one decimal, and the fee is computed from the score as
published, in exact decimal arithmetic rounded half up to the cent: anyone can
redo the fee by hand from the figures on the page: no invoice the client cannot explain.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from ..models import CsiSurvey, Fee, NpsSurvey, Survey

CENT = Decimal("0.01")
SCORE_STEP = Decimal("0.1")
"""Scores are published with one decimal."""


@dataclass(frozen=True)
class NpsBreakdown:
    promoters: int
    """Scores 9-10."""
    passives: int
    """Scores 7-8."""
    detractors: int
    """Scores 0-6."""


def nps_breakdown(survey: NpsSurvey) -> NpsBreakdown:
    scores = [r.score for r in survey.responses]
    promoters = sum(1 for s in scores if s >= 9)
    detractors = sum(1 for s in scores if s <= 6)
    return NpsBreakdown(promoters, len(scores) - promoters - detractors, detractors)


def nps(survey: NpsSurvey) -> float:
    """% promoters (9-10) minus % detractors (0-6), from -100 to 100."""
    counts = nps_breakdown(survey)
    return 100 * (counts.promoters - counts.detractors) / len(survey.responses)


def csi_of_ratings(ratings: dict[str, tuple[int, int]]) -> float:
    """sum(importance x satisfaction) / sum(importance x 5) x 100 for one respondent."""
    weighted = sum(importance * satisfaction for importance, satisfaction in ratings.values())
    return 100 * weighted / sum(importance * 5 for importance, _ in ratings.values())


def csi(survey: CsiSurvey) -> float:
    """The CSI of each respondent, averaged over respondents."""
    return sum(csi_of_ratings(dict(r.ratings)) for r in survey.responses) / len(survey.responses)


def csi_by_aspect(survey: CsiSurvey) -> dict[str, float]:
    """Per aspect, the same formula over every respondent who rated it (importance-weighted), by name."""
    totals: dict[str, tuple[int, int]] = {}
    for response in survey.responses:
        for aspect, (importance, satisfaction) in response.ratings.items():
            weighted, possible = totals.get(aspect, (0, 0))
            totals[aspect] = (weighted + importance * satisfaction, possible + importance * 5)
    return {aspect: 100 * w / p for aspect, (w, p) in sorted(totals.items())}


@dataclass(frozen=True)
class Score:
    date: dt.date
    kind: str
    value: float
    responses: int
    survey: Survey

    @property
    def published(self) -> Decimal:
        """The score as the pages show it: one decimal, half up."""
        return Decimal(repr(self.value)).quantize(SCORE_STEP, ROUND_HALF_UP)


def score(survey: Survey) -> Score:
    spec = survey.spec
    value = nps(spec) if isinstance(spec, NpsSurvey) else csi(spec)
    return Score(spec.date, spec.kind, value, len(spec.responses), survey)


def scores(surveys: tuple[Survey, ...], as_of: dt.date | None = None) -> list[Score]:
    """Every survey's score, oldest first, up to the as-of date."""
    return [score(s) for s in surveys if as_of is None or s.spec.date <= as_of]


def latest(all_scores: list[Score], kind: str) -> Score | None:
    of_kind = [s for s in all_scores if s.kind == kind]
    return of_kind[-1] if of_kind else None


def aspect_history(all_scores: list[Score]) -> dict[str, list[float | None]]:
    """CSI per aspect for each CSI survey (oldest first); None where a survey did not ask about it."""
    csi_surveys = [s.survey.spec for s in all_scores if s.kind == "csi"]
    per_survey = [csi_by_aspect(spec) for spec in csi_surveys if isinstance(spec, CsiSurvey)]
    aspects = sorted({aspect for found in per_survey for aspect in found})
    return {aspect: [found.get(aspect) for found in per_survey] for aspect in aspects}


@dataclass(frozen=True)
class FeeResult:
    monthly: Decimal
    fixed: Decimal
    floating_max: Decimal
    share_earned: Decimal
    """0 to 1: where the published score stands between zero_at and full_at, clamped."""
    limited: bool
    """The score lies outside zero_at..full_at, so the share was clamped to 0 or 1."""
    floating: Decimal
    total: Decimal
    score: Score | None
    """The latest score of the kind the fee follows; None = no survey yet, nothing floating earned."""


def _money(value: Decimal) -> Decimal:
    return value.quantize(CENT, ROUND_HALF_UP)


def _exact(value: float) -> Decimal:
    """A YAML number as the decimal the person wrote (0.3, not 0.29999...)."""
    return Decimal(repr(value))


def fee(terms: Fee, latest_score: Score | None) -> FeeResult:
    """The fixed and floating split: the floating part scales linearly from 0 % at zero_at to 100 % at full_at."""
    monthly, share = _exact(terms.monthly), _exact(terms.floating_share)
    floating_max = _money(monthly * share)
    fixed = _money(monthly) - floating_max
    position = Decimal(0)
    if latest_score is not None:
        zero_at, full_at = _exact(terms.zero_at), _exact(terms.full_at)
        position = (latest_score.published - zero_at) / (full_at - zero_at)
    earned = min(Decimal(1), max(Decimal(0), position))
    floating = _money(floating_max * earned)
    return FeeResult(
        _money(monthly), fixed, floating_max, earned, earned != position, floating, fixed + floating, latest_score)
