"""One rounding rule for every figure a page shows: decimal, half up.

Figures are rounded once, as decimals (``Decimal(repr(x))``: the number a person
wrote, not its binary neighbour), half away from zero: 2.345 shows as 2.35 and
0.125 as 13 % everywhere, in tables, tiles, progress bars, charts and published
scores alike. Where shown figures must agree with each other, the agreement is
made here: a change is the difference of the two values as shown, and shares of a
whole are rounded by largest remainder so that they add up to 100 % as shown.
"""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal

from babel.numbers import get_currency_precision


def exact(value: float | Decimal) -> Decimal:
    return value if isinstance(value, Decimal) else Decimal(repr(float(value)))


def half_up(value: float | Decimal | None, places: int) -> Decimal | None:
    """``value`` rounded to ``places`` decimals, half up; None stays None."""
    if value is None:
        return None
    return exact(value).quantize(Decimal(1).scaleb(-places), ROUND_HALF_UP)


def kpi_places(unit: str, value: float | Decimal, currency: str) -> int:
    """The decimals a KPI value is shown with: percent to 0.01 %, money to the currency's
    smallest unit, a count whole from 100 up and to two decimals below."""
    if unit == "percent":
        return 4
    if unit == "currency":
        return get_currency_precision(currency)
    return 2 if abs(value) < 100 else 0


def shown_kpi(unit: str, value: float | None, currency: str) -> Decimal | None:
    """A KPI value as its page shows it."""
    return None if value is None else half_up(value, kpi_places(unit, value, currency))


def shares(parts: list[float | None], places: int = 2) -> list[Decimal | None]:
    """Each part's share of their sum, rounded so the shown shares add up to exactly 1 (largest remainder).

    ``places`` are decimals of the fraction: 2 shows whole percents. A missing part has
    no share; all parts missing or a zero sum gives no shares at all.
    """
    present = [exact(p) for p in parts if p is not None]
    total = sum(present, Decimal(0))
    if not present or total == 0:
        return [None for _ in parts]
    unit = Decimal(1).scaleb(-places)
    raw = [None if p is None else exact(p) / total for p in parts]
    floors = [None if r is None else (r / unit).to_integral_value(rounding="ROUND_FLOOR") * unit for r in raw]
    missing = int(((Decimal(1) - sum((f for f in floors if f is not None), Decimal(0))) / unit).to_integral_value())
    order = sorted((i for i, r in enumerate(raw) if r is not None), key=lambda i: (-(raw[i] - floors[i]), i))
    result = list(floors)
    for index in order[:max(0, missing)]:
        result[index] = result[index] + unit
    return result
