"""The satisfaction page: NPS and CSI over time, CSI per aspect, comments, and the fee tied to the score."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal

from ...models import Client, CsiSurvey, Fee, NpsResponse, CsiResponse
from .. import satisfaction
from ..rounding import exact, half_up
from ..satisfaction import FeeResult, NpsBreakdown, Score


@dataclass(frozen=True)
class SurveyRow:
    score: Score
    breakdown: NpsBreakdown | None
    """NPS surveys: promoters, passives, detractors."""


@dataclass(frozen=True)
class AspectRow:
    aspect: str
    values: tuple[Decimal | None, ...]
    """Per CSI survey, oldest first, to one decimal; None where a survey did not ask about it."""


@dataclass(frozen=True)
class Comments:
    score: Score
    responses: tuple[NpsResponse | CsiResponse, ...]
    """The responses with a comment."""


@dataclass(frozen=True)
class FeeTerms:
    terms: Fee
    fixed_share: Decimal
    """1 - the floating share: the part of the fee that does not move."""
    result: FeeResult


@dataclass(frozen=True)
class SatisfactionPage:
    as_of: dt.date
    scores: tuple[Score, ...]
    """Oldest first."""
    latest: tuple[Score, ...]
    """The latest score of each kind there is (NPS, then CSI)."""
    kinds: tuple[str, ...]
    trends: dict[str, tuple[Score, ...]]
    """Per kind, its scores oldest first: the chart and its table."""
    surveys: tuple[SurveyRow, ...]
    """Newest first."""
    latest_csi: Score | None
    latest_aspects: tuple[tuple[str, Decimal], ...]
    """CSI per aspect of the latest CSI survey, weakest first (then by name), to one decimal."""
    csi_scores: tuple[Score, ...]
    aspects: tuple[AspectRow, ...]
    comments: tuple[Comments, ...]
    """Newest survey first."""
    fee: FeeTerms | None


def one_decimal(value: float | None) -> Decimal | None:
    return half_up(value, 1)


def satisfaction_page(client: Client, as_of: dt.date) -> SatisfactionPage:
    scores = satisfaction.scores(client.surveys, as_of)
    kinds = tuple(kind for kind in ("nps", "csi") if any(s.kind == kind for s in scores))
    latest_csi = satisfaction.latest(scores, "csi")
    aspects: dict[str, float] = {}
    if latest_csi is not None and isinstance(latest_csi.survey.spec, CsiSurvey):
        aspects = satisfaction.csi_by_aspect(latest_csi.survey.spec)
    shown_aspects = sorted(((a, one_decimal(v)) for a, v in aspects.items()), key=lambda item: (item[1], item[0]))
    terms = client.spec.fee
    fee = None
    if terms is not None:
        result = satisfaction.fee(terms, satisfaction.latest(scores, terms.score))
        fee = FeeTerms(terms, 1 - exact(terms.floating_share), result)
    return SatisfactionPage(
        as_of, tuple(scores), tuple(s for s in (satisfaction.latest(scores, k) for k in kinds) if s), kinds,
        {kind: tuple(s for s in scores if s.kind == kind) for kind in kinds},
        tuple(SurveyRow(s, satisfaction.nps_breakdown(s.survey.spec) if s.kind == "nps" else None)  # type: ignore[arg-type]
              for s in reversed(scores)),
        latest_csi, tuple(shown_aspects),  # type: ignore[arg-type]
        tuple(s for s in scores if s.kind == "csi"),
        tuple(AspectRow(aspect, tuple(one_decimal(v) for v in values))
              for aspect, values in satisfaction.aspect_history(scores).items()),
        tuple(Comments(s, tuple(r for r in s.survey.spec.responses if r.comment)) for s in reversed(scores)
              if any(r.comment for r in s.survey.spec.responses)),
        fee,
    )
