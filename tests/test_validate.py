"""Bad input: each mistake gives one `path:line: message` naming what to fix."""

from __future__ import annotations

import pytest

from generator import pipeline
from generator.problems import InvalidSource
from tests.agency import write

CASES = [
    pytest.param("campaigns/acme/client.yml", "name: A\nlanguage: en\ncurrency: USD\naccount_manager: X\ncolour: red\n",
                 "campaigns/acme/client.yml:5: unknown key 'colour'", id="unknown-key"),
    pytest.param("campaigns/acme/client.yml", "name: A\nlanguage: fr\ncurrency: USD\naccount_manager: X\n",
                 "campaigns/acme/client.yml:2: 'language': Input should be 'en', 'ru', 'ko' or 'zh'", id="bad-language"),
    pytest.param("campaigns/acme/client.yml", "name: A\nlanguage: en\ncurrency: XYZ\naccount_manager: X\n",
                 "campaigns/acme/client.yml:3: 'currency': 'XYZ' is not an ISO 4217 currency code", id="bad-currency"),
    pytest.param("campaigns/acme/client.yml", "name: [unclosed\n",
                 "campaigns/acme/client.yml:2: invalid YAML", id="malformed-yaml"),
    pytest.param("campaigns/acme/spring/campaign.yml", None,
                 "campaigns/acme/spring/campaign.yml:3: end 2026-02-01 is before start 2026-03-01", id="end-before-start"),
    pytest.param("campaigns/acme/spring/metrics.csv", "date,channel,clicks\n2026-03-01,search,many\n",
                 "campaigns/acme/spring/metrics.csv:2: row 2: 'clicks' is 'many', not a number", id="non-numeric-cell"),
    pytest.param("campaigns/acme/spring/metrics.csv",
                 "date,channel,impressions,clicks,conversions,spend\n2026-03-01,search,1,1,1,1\n2026-03-01,search,1,1,1,1\n",
                 "campaigns/acme/spring/metrics.csv:3: row 3: date 2026-03-01 for channel 'search' already given on row 2",
                 id="duplicate-date"),
    pytest.param("content/acme/meetings/2026-03-02-check-in.md", "---\ndate: 2026-03-02\ntype: check-in\ncampaign: autumn\n---\n",
                 "content/acme/meetings/2026-03-02-check-in.md:4: no campaign 'autumn' for client 'acme'", id="unknown-campaign"),
    pytest.param("content/acme/meetings/2026-03-02-check-in.md", "---\ndate: 2026-02-30\ntype: check-in\n---\n",
                 "content/acme/meetings/2026-03-02-check-in.md:2: 'date': expected a real date as YYYY-MM-DD", id="impossible-date"),
]


@pytest.mark.parametrize("relative, text, expected", CASES)
def test_bad_input_names_file_and_line(agency, relative, text, expected):
    if text is None:
        text = (agency / relative).read_text().replace("end: 2026-03-10", "end: 2026-02-01")
    write(agency, relative, text)
    with pytest.raises(InvalidSource) as caught:
        pipeline.load(agency)
    lines = [str(p) for p in caught.value.problems]
    assert any(line.startswith(expected) for line in lines), lines


def test_all_errors_reported_together(agency):
    write(agency, "campaigns/acme/client.yml", "name: A\nlanguage: fr\ncurrency: USD\naccount_manager: X\n")
    write(agency, "campaigns/globex/spring/metrics.csv", "date,channel,clicks\n2026-03-01,search,-4\n")
    with pytest.raises(InvalidSource) as caught:
        pipeline.load(agency)
    paths = {p.path for p in caught.value.problems}
    assert {"campaigns/acme/client.yml", "campaigns/globex/spring/metrics.csv"} <= paths


def test_warning_is_fatal_only_when_strict(agency):
    write(agency, "content/acme/surveys/2026-03-05-nps.yml",
          "date: 2026-03-05\nkind: nps\nconducted_by: Ann Manager\nresponses:\n  - {respondent: R1, score: 9}\n  - {respondent: R2, score: 9}\n")
    loaded = pipeline.load(agency)
    assert any("account manager" in p.message for p in loaded.warnings)
    with pytest.raises(InvalidSource):
        pipeline.load(agency, strict=True)
