"""What the tests share: one way to write an agency, serve a folder, read a page's text and run git.

- ``agency``: the small agency written to disk (``make_agency``, ``write``) and its files;
- ``memory``: typed models built in memory, for compute tests that need no files;
- ``exports``: platform exports shaped like each platform's own;
- ``pages``: the text of built pages, sites and PDFs;
- ``serve``: a built folder served on 127.0.0.1; ``run``: the command line, in this process or its own;
- ``git``: git run in a test's folder with fixed dates and author;
- ``tools``: the system tools the tests drive (a skip locally when missing, a failure in CI).
"""
