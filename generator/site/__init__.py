"""The site stage: write rendered sites to disk and build them with an engine; the only stage that writes.

One module per job:

- ``config``: each site's mkdocs.yml, the agency's base settings plus what render put in the site spec;
- ``work``: each site's work folder (``.debrief-work/<output>/<site>/``): Markdown, files, config, page models;
- ``engines``: MkDocs with Material, or Zensical, and what Debrief patches in them (theme listed once, templates compiled once);
- ``workers``: the pool of long-lived worker processes that end with the build, however it ends;
- ``manifest``: the output's ``.debrief-manifest.json``, and which sites are stale;
- ``publish``: the output as a link to a generation of site folders, switched whole to the next one;
- ``build``: one build of many sites, from the tasks the pipeline gives it to the published output.

A build is parallel, incremental and atomic: sites are rendered and built in a few
worker processes, each building many sites through the engine's Python API; a site whose
inputs did not change is not rendered, one whose rendered pages did not change is not
built (see ``fingerprint``), one where only some pages changed builds those pages alone
(``engines``); and a failed or interrupted build (even ``kill -9``) leaves the previous
output exactly as it was.
"""

from .build import BuildReport, Progress, SiteResult, SiteTask, build_all
from .config import base_config, site_config
from .engines import BuildFailed
from .manifest import MANIFEST_NAME, Manifest, plan
from .publish import check_store, published_path
from .work import work_root

__all__ = [
    "BuildFailed", "BuildReport", "MANIFEST_NAME", "Manifest", "Progress", "SiteResult", "SiteTask", "base_config",
    "build_all", "check_store", "plan", "published_path", "site_config", "work_root",
]
