"""Satisfaction scores (seed 003): NPS, CSI and the floating part of the fee."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from ..models import CsiSurvey, Fee, NpsSurvey, Survey


def nps(survey: NpsSurvey) -> float:
    """% promoters (9-10) minus % detractors (0-6), from -100 to 100."""
    scores = [r.score for r in survey.responses]
    promoters = sum(1 for s in scores if s >= 9)
    detractors = sum(1 for s in scores if s <= 6)
    return 100 * (promoters - detractors) / len(scores)


def csi_of_ratings(ratings: dict[str, tuple[int, int]]) -> float:
    """sum(importance x satisfaction) / sum(importance x 5) x 100 for one respondent."""
    weighted = sum(importance * satisfaction for importance, satisfaction in ratings.values())
    return 100 * weighted / sum(importance * 5 for importance, _ in ratings.values())


def csi(survey: CsiSurvey) -> float:
    """The CSI of each respondent, averaged over respondents."""
    return sum(csi_of_ratings(dict(r.ratings)) for r in survey.responses) / len(survey.responses)


def csi_by_aspect(survey: CsiSurvey) -> dict[str, float]:
    """Per aspect: the same formula over every respondent who rated it."""
    totals: dict[str, list[int]] = {}
    for response in survey.responses:
        for aspect, (importance, satisfaction) in response.ratings.items():
            weighted, possible = totals.setdefault(aspect, [0, 0])
            totals[aspect] = [weighted + importance * satisfaction, possible + importance * 5]
    return {aspect: 100 * w / p for aspect, (w, p) in sorted(totals.items())}


@dataclass(frozen=True)
class Score:
    date: dt.date
    kind: str
    value: float
    responses: int
    survey: Survey


def score(survey: Survey) -> Score:
    spec = survey.spec
    value = nps(spec) if isinstance(spec, NpsSurvey) else csi(spec)
    return Score(spec.date, spec.kind, value, len(spec.responses), survey)


@dataclass(frozen=True)
class FeeResult:
    fixed: float
    floating_max: float
    share_earned: float
    """0 to 1: where the score stands between zero_at and full_at."""
    floating: float
    total: float
    score: Score | None


def fee(terms: Fee, latest: Score | None) -> FeeResult:
    """Seed 003's split: the floating part scales linearly from 0 % at zero_at to 100 % at full_at."""
    fixed = round(terms.monthly * (1 - terms.floating_share), 2)
    floating_max = round(terms.monthly * terms.floating_share, 2)
    earned = 0.0
    if latest is not None:
        earned = min(1.0, max(0.0, (latest.value - terms.zero_at) / (terms.full_at - terms.zero_at)))
    floating = round(floating_max * earned, 2)
    return FeeResult(fixed, floating_max, earned, floating, round(fixed + floating, 2), latest)


def scores(surveys: tuple[Survey, ...], as_of: dt.date | None = None) -> list[Score]:
    """Every survey's score, oldest first, up to the as-of date."""
    return [score(s) for s in surveys if as_of is None or s.spec.date <= as_of]


def latest(all_scores: list[Score], kind: str) -> Score | None:
    of_kind = [s for s in all_scores if s.kind == kind]
    return of_kind[-1] if of_kind else None
