"""Numbers as the platforms write them, and the currency a header or a cell names.

Exports group thousands (``"1,606,880"``, ``1 606 880``, ``1.606.880``) beside
ungrouped money (``48682.72``), write decimal commas (``1 234,56``), currency
signs and codes (``$``, ``₽``, ``원``, ``元``, ``руб.``, ``USD``) and percentages.
Which of ``,`` and ``.`` is the decimal mark is decided once per file from the
values (``decimal_mark``); ``--``, ``-``, ``—`` and an empty cell are no value,
never zero.
"""

from __future__ import annotations

import re

MISSING = frozenset({"", "-", "--", "—", "–", "n/a", "N/A"})
"""What exports write for 'no value'."""

# Signs and words of currencies, as they appear next to amounts or in headers.
SYMBOLS: dict[str, frozenset[str]] = {
    "₽": frozenset({"RUB"}), "руб.": frozenset({"RUB"}), "руб": frozenset({"RUB"}), "р.": frozenset({"RUB"}),
    "₩": frozenset({"KRW"}), "원": frozenset({"KRW"}),
    "元": frozenset({"CNY"}), "RMB": frozenset({"CNY"}), "CN¥": frozenset({"CNY"}), "￥": frozenset({"CNY", "JPY"}),
    "¥": frozenset({"CNY", "JPY"}), "円": frozenset({"JPY"}),
    "€": frozenset({"EUR"}), "£": frozenset({"GBP"}), "₸": frozenset({"KZT"}), "₴": frozenset({"UAH"}),
    "₹": frozenset({"INR"}), "US$": frozenset({"USD"}), "A$": frozenset({"AUD"}), "C$": frozenset({"CAD"}),
    "$": frozenset({"USD", "CAD", "AUD", "NZD", "SGD", "HKD", "MXN", "ARS", "CLP", "COP", "TWD"}),
}
CODE = re.compile(r"(?<![A-Za-z])([A-Z]{3})(?![A-Za-z])")
NOT_CURRENCIES = frozenset({"VAT", "UTC", "GMT", "CPC", "CPM", "CPA", "CTR", "ROI", "PST", "KST", "MSK", "API", "URL", "ROAS"})
_SIGNS = sorted(SYMBOLS, key=len, reverse=True)
_NONE: frozenset[str] = frozenset()
_SPACES = re.compile(r"[\s\u00a0\u202f\u2009']")
_PLAIN = re.compile(r"[0-9]{1,15}(?:\.[0-9]{1,15})?")
_PLAIN_INTEGER = re.compile(r"[0-9]{1,15}")
_GROUPED = re.compile(r"[0-9]{1,3}(?:,[0-9]{3}){1,4}(?:\.[0-9]{1,15})?")
_FULLWIDTH = {code: code - 0xFEE0 for code in range(0xFF01, 0xFF5F)} | {0x3000: 0x20}
"""Fullwidth digits and signs (``１，２３４``) as CJK exports may write them; other look-alikes (``²``) are not numbers."""


def currencies_in(text: str) -> frozenset[str]:
    """The ISO codes a header note or a cell names: ``(USD)``, ``₽``, ``VAT포함,원`` ... (empty when none)."""
    found: set[str] = set()
    for code in CODE.findall(text):
        if code not in NOT_CURRENCIES:
            found.add(code)
    rest = CODE.sub(" ", text)
    for sign in _SIGNS:
        if sign in rest:
            found |= SYMBOLS[sign]
            rest = rest.replace(sign, " ")
    return frozenset(found)


def strip_currency(text: str) -> tuple[str, frozenset[str]]:
    """The cell without its currency sign or code, and the currencies that were there."""
    currencies = currencies_in(text)
    if not currencies:
        return text, currencies
    bare = CODE.sub("", text)
    for sign in _SIGNS:
        bare = bare.replace(sign, "")
    return bare.strip(), currencies


def decimal_evidence(text: str) -> str | None:
    """',' or '.' when this cell shows which is the decimal mark, None when it cannot tell (``1,234``, ``12``)."""
    bare = _SPACES.sub("", strip_currency(text)[0]).rstrip("%").lstrip("+-")
    if "," in bare and "." in bare:
        return "," if bare.rindex(",") > bare.rindex(".") else "."
    for mark in (",", "."):
        if mark in bare:
            head, _, tail = bare.rpartition(mark)
            if bare.count(mark) > 1:
                return "." if mark == "," else ","  # the mark repeats: it groups thousands
            if len(tail) != 3 or not head or head == "0":
                return mark
    return None


def parse_number(text: str, decimal: str = ".") -> tuple[float | None, frozenset[str]]:
    """The value of one cell and the currencies written in it; ValueError when it is not a number.

    ``decimal`` is the file's decimal mark; the other mark, spaces and apostrophes
    group thousands (in groups of three, else it is not a number). ``12.5%`` is 0.125.
    """
    if decimal == ".":  # the common cells first: 123, 45.67, 1,234.50
        if _PLAIN.fullmatch(text):
            return float(text), _NONE
        if _GROUPED.fullmatch(text):
            return float(text.replace(",", "")), _NONE
    elif _PLAIN_INTEGER.fullmatch(text):
        return float(text), _NONE
    cell = text.translate(_FULLWIDTH).strip()
    if cell in MISSING:
        return None, frozenset()
    bare, currencies = strip_currency(cell)
    percent = bare.endswith("%")
    bare = _SPACES.sub("", bare.rstrip("%")).strip()
    sign = -1.0 if bare.startswith(("-", "−")) else 1.0
    bare = bare.lstrip("+-−")
    if bare in MISSING:
        return None, currencies
    group = "," if decimal == "." else "."
    whole, _, fraction = bare.partition(decimal)
    if group in whole:
        first, *rest = whole.split(group)
        if not (_PLAIN_INTEGER.fullmatch(first) and len(first) <= 3
                and all(len(part) == 3 and _PLAIN_INTEGER.fullmatch(part) for part in rest)):
            raise ValueError(text)
        whole = first + "".join(rest)
    number = whole + ("." + fraction if fraction or bare.endswith(decimal) else "")
    if not _PLAIN.fullmatch(number.rstrip(".") or "x"):
        raise ValueError(text)  # also more than 15 digits: no export figure has them, a float would not keep them
    value = sign * float(number.rstrip("."))
    return (value / 100 if percent else value), currencies
