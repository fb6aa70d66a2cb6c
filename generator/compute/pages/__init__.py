"""One page model per page: a pure function of the typed models, returning a frozen dataclass.

Each model holds every figure, count, order, label choice and status its page shows;
render formats it, its charts draw from it, and its template only loops and
formats. The model of every page is written as JSON beside its Markdown in the
site's work folder (``models/``), so "where does this number come from" is one file.
"""
