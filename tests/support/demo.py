"""What the tests know of the repository's demo agency (``campaigns/``, ``content/``): a client per language, and
words a reader searches for in each, with the page that must be found."""

DEMO_CLIENTS = {"en": "aurora-coffee", "ru": "volga-travel", "ko": "hanbit-beauty", "zh": "jade-tea"}

SEARCHES = [
    # Russian: the meeting says «скидки» and «скидках»; the reader types another case of the word.
    ("ru", "скидками", "meetings/2026-07-10-leto-check-in.html"),
    ("ru", "теплоходами", "meetings/2026-04-15-leto-pre-launch.html"),  # the note: «теплоходам»
    ("ru", "навигация", "meetings/2026-04-15-leto-pre-launch.html"),  # the note: «навигации»
    # Korean: a noun with a particle finds the noun with other ones (the note: 영상을, 영상의).
    ("ko", "영상으로", "meetings/2026-05-20-glow-check-in.html"),
    ("ko", "인플루언서", "meetings/2026-05-20-glow-check-in.html"),
    # Chinese: no spaces; words are segmented at build time (Material: jieba) or in the browser (Zensical).
    ("zh", "团购", "meetings/2026-08-12-mid-autumn-check-in.html"),
    ("zh", "口径", "meetings/2026-08-12-mid-autumn-check-in.html"),
    # English: a word the one note has (its gift finder "loses its answers on Safari").
    ("en", "Safari", "meetings/2026-10-14-holiday-check-in.html"),
]
