"""Reports by e-mail, on the agency's rhythm: the Friday summary, the monthly report, the post-meeting summary.

One module per step, as for the sites: ``settings`` (who sends, through which
server), ``schedule`` (what is due on a report date: pure functions), ``compose``
(a page model becomes a message: HTML for mail clients, plain text, charts as PNG),
``transport`` (SMTP and ``.eml`` files) and ``state`` (the sent log, so nothing is
sent twice). ``outbox`` ties them together for ``debrief mail``.
"""
