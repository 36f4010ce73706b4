"""New-user check: a post-exit duty's citation stayed Chinese on the English case page and in the API. It is
stored as its Chinese msgid and shown in the reader's language; a text the catalog does not know as stored.
The duties' 期限 column read "due" in English: a label, capitalised."""

from __future__ import annotations

from farewell.offboarding.duties import CITATIONS
from farewell.offboarding.models import DutyKind

CERTIFICATE = CITATIONS[DutyKind.CERTIFICATE]
ENGLISH = "Labour Contract Law, Art. 50 ¶1; Implementing Regulations of the Labour Contract Law, Art. 24"


def test_the_english_case_page_names_the_duties_articles_in_english(client, staffed, handover_case):
    client.force_login(staffed.users["hrbp_sales"])
    client.cookies["django_language"] = "en"
    page = client.get(f"/cases/{handover_case.code}/").content.decode()
    assert ENGLISH in page and CERTIFICATE not in page
    assert "<th>Due</th>" in page and "<th>due</th>" not in page  # a column header, capitalised (was "due")
    client.cookies["django_language"] = "zh-hans"
    assert CERTIFICATE in client.get(f"/cases/{handover_case.code}/").content.decode()


def test_the_api_gives_the_citation_in_the_requested_language(client, staffed, handover_case):
    client.force_login(staffed.users["hrbp_sales"])
    url = f"/api/offboarding/cases/{handover_case.code}/"
    duties = client.get(url, HTTP_ACCEPT_LANGUAGE="en").json()["duties"]
    assert ENGLISH in [d["citation"] for d in duties]
    assert CERTIFICATE in [d["citation"] for d in client.get(url, HTTP_ACCEPT_LANGUAGE="zh-hans").json()["duties"]]


def test_a_citation_the_catalog_does_not_know_is_shown_as_stored(client, staffed, handover_case):
    handover_case.post_exit_duties.filter(kind=DutyKind.CERTIFICATE).update(citation="旧版依据：劳动合同法第五十条")
    client.force_login(staffed.users["hrbp_sales"])
    client.cookies["django_language"] = "en"
    assert "旧版依据：劳动合同法第五十条" in client.get(f"/cases/{handover_case.code}/").content.decode()
