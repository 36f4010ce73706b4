"""离职分析 says when the replacement costs are not set (instead of adding a silent 0) and links to
where they are set; its English filter reads "Year", not the granularity's "Annual"."""

from __future__ import annotations

from decimal import Decimal

from django.urls import reverse

from farewell.exits.models import ReplacementCost
from farewell.org.models import Position
from tests.exits.test_report import company  # noqa: F401 (the fixture: seven leavers in 2026 Q1)

URL = "/exits/report/?granularity=quarter&year=2026&index=1&dimension=unit"


def test_unset_replacement_costs_are_named_with_the_way_to_set_them(client, company):  # noqa: F811
    client.force_login(company.users["hr_admin"])
    page = client.get(URL).content.decode()
    card = page[page.index("离职成本（补偿＋替换）"):]
    card = card[:card.index("</div></div></div>")]
    assert "替换成本未设置" in card
    assert f'href="/exits/settings/replacement-costs/?company={company.company.code}"' in card


def test_who_cannot_set_them_is_told_without_a_link(client, company):  # noqa: F811
    client.force_login(company.users["approver"])
    page = client.get(URL).content.decode()
    assert "替换成本未设置" in page and "/exits/settings/replacement-costs/" not in page


def test_set_replacement_costs_are_shown_as_an_amount(client, company):  # noqa: F811
    position = Position.objects.create(company=company.company, name="销售代表")
    ReplacementCost.objects.create(position=position, amount=Decimal(30000))
    client.force_login(company.users["hr_admin"])
    page = client.get(URL).content.decode()
    assert "替换成本未设置" not in page and "替换" in page


def test_the_english_year_filter_is_not_labelled_annual(client, company):  # noqa: F811
    # 年度 is the granularity "Annual"; the year field has its own word (its English comes with the
    # session's .po fragment, merged into locale/ by the lead).
    client.force_login(company.users["hr_admin"])
    client.post(reverse("set_language"), {"language": "en", "next": "/"})
    page = client.get(URL).content.decode()
    assert ">Annual:<" not in page and 'for="id_year"' in page


def test_the_filter_labels_carry_no_ascii_colon(client, company):  # noqa: F811
    """The labels sit above their fields (周期, not "周期:"), as on the other list pages."""
    client.force_login(company.users["hr_admin"])
    page = client.get(URL).content.decode()
    form = page[page.index('id="report-filters"'):]
    form = form[:form.index("</form>")]
    assert '<label class="form-label small mb-1" for="id_granularity">周期</label>' in form
    assert ":</label>" not in form
