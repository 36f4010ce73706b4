"""Issue 14: the list pages HR opens most (cases, employees: first page, a search, a unit filter; flags)
cost the same number of queries whether the company has 3 units and a handful of people or 300 units
and more than a page of rows; their rows come from prepared strings (common/rows.py), the navbar from
the role set, and the case list never reads an employee's encrypted fields."""

from __future__ import annotations

import datetime as dt
import uuid

import pytest
from django import forms
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone, translation
from django.utils.translation import gettext_lazy as _l

from farewell.accounts.models import RoleGrant
from farewell.cases import services
from farewell.cases.models import CaseType, SeparationCase
from farewell.common.widgets import LeanCheckboxInput, LeanDateInput, LeanSelect, LeanTextInput
from farewell.insights.models import Flag, FlagTone, RuleCode
from farewell.insights.services import write_counts
from farewell.org.models import Employee, OrgUnit
from tests.cases.conftest import staffed  # noqa: F401
from tests.factories import make_position

PAGES = ("/cases/", "/employees/", "/employees/?q=李", "/employees/?org_unit={unit}", "/insights/flags/")
ROWS = 60  # more than one page of 50
FACTS = {"months": 3, "recent": 5, "previous": 1, "recent_from": "2025-06-01"}


def _queries(client, url: str) -> int:
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url)
    assert response.status_code == 200, url
    return len(ctx.captured_queries)


def _grow(world, open_case: SeparationCase) -> None:
    """300 more units and ROWS more employees in 销售部, each with a case and a flag."""
    OrgUnit.objects.bulk_create([
        OrgUnit(company=world.company, parent=world.rnd, name=f"研发小组{i:03d}", code=f"G{i:03d}",
                path=f"{world.rnd.path}{i + 1:04d}.", depth=world.rnd.depth + 1) for i in range(300)])
    position = make_position(world.company, "销售代表")
    people = Employee.objects.bulk_create([
        Employee(company=world.company, org_unit=world.sales, position=position, employee_number=f"N{i:05d}",
                 name=f"李员工{i:03d}", gender="female", birth_date=dt.date(1990, 1, 1), hire_date=dt.date(2020, 1, 1))
        for i in range(ROWS)])
    SeparationCase.objects.bulk_create([
        SeparationCase(company=world.company, employee=person, case_type=open_case.case_type, ground=open_case.ground,
                       status=open_case.status, workflow=open_case.workflow, separation_date=open_case.separation_date,
                       code=uuid.uuid4()) for person in people])
    Flag.objects.bulk_create([
        Flag(company=world.company, employee=person, rule=RuleCode.ATTENDANCE_RISING, tone=FlagTone.CARE,
             facts=FACTS, computed_at=timezone.now()) for person in people])
    write_counts(world.company, Flag.objects.filter(company=world.company))  # as the recompute does


@pytest.fixture
def grown(staffed):  # noqa: F811
    world = staffed
    case = services.open_case(world.lisi, CaseType.MUTUAL_EMPLOYER, actor=world.users["hr_admin"],
                              separation_date=world.lisi.hire_date.replace(year=world.lisi.hire_date.year + 5))
    Flag.objects.create(company=world.company, employee=world.lisi, rule=RuleCode.ATTENDANCE_RISING,
                        tone=FlagTone.CARE, facts=FACTS, computed_at=timezone.now())
    write_counts(world.company, Flag.objects.filter(company=world.company))
    return world, case


@pytest.mark.parametrize("page", PAGES)
@pytest.mark.parametrize("persona", ["hr_admin", "hrbp_sales"])
def test_list_pages_do_not_grow_with_units_or_people(client, grown, page, persona):
    world, case = grown
    url = page.format(unit=world.sales.pk)
    client.force_login(world.users[persona])
    client.get(url)  # warm caches (content types, sessions) out of the count
    few = _queries(client, url)
    _grow(world, case)
    many = _queries(client, url)
    assert many == few, f"{url}: {few} queries with 3 units, {many} with 300 units and {ROWS} more rows"
    html = client.get(url).content.decode()
    assert "研发小组150" not in html  # no <option> per unit


def test_the_case_list_never_reads_the_employees_encrypted_fields(client, grown):
    world, case = grown
    client.force_login(world.users["hr_admin"])
    with CaptureQueriesContext(connection) as ctx:
        page = client.get("/cases/").content.decode()
    assert "李四" in page and f'href="/cases/{case.code}/"' in page
    sql = " ".join(q["sql"] for q in ctx.captured_queries)
    assert "id_number" not in sql and "bank_account" not in sql


def test_the_employee_list_shows_its_cells(client, grown):
    world, _case = grown
    client.force_login(world.users["hr_admin"])
    page = client.get("/employees/", {"q": "李四"}).content.decode()
    lisi = world.lisi
    assert f'<a href="/employees/{lisi.code}/">{lisi.employee_number}</a>' in page
    assert f'<a href="/employees/{lisi.code}/">李四</a>' in page
    assert lisi.hire_date.isoformat() in page and "劳动合同" in page
    assert f'<span class="badge status-{lisi.status}">' in page


def test_the_flags_list_links_each_flag_to_the_employee(client, grown):
    world, case = grown
    _grow(world, case)
    client.force_login(world.users["hr_admin"])
    page = client.get("/insights/flags/").content.decode()
    assert f'href="/employees/{world.lisi.code}/"' in page and "考勤" in page


def _nav(client) -> list[str]:
    page = client.get("/employees/").content.decode() if client else ""
    return [href for href in ("/cases/calculator/", "/settings/", "/records/", "/insights/flags/")
            if f'href="{href}"' in page]


def test_the_navbar_follows_the_roles_of_each_request(client, world):
    client.force_login(world.users["hr_admin"])
    assert _nav(client) == ["/cases/calculator/", "/settings/", "/records/", "/insights/flags/"]
    client.force_login(world.users["manager"])  # another role set in the same process
    assert _nav(client) == ["/insights/flags/"]
    RoleGrant.objects.filter(user=world.users["manager"]).update(role="approver")
    assert _nav(client) == []  # a changed grant shows on the very next page
    client.force_login(world.users["hr_admin"])
    assert _nav(client) == ["/cases/calculator/", "/settings/", "/records/", "/insights/flags/"]


class _Form(forms.Form):
    choice = forms.ChoiceField(choices=[("", "全部"), ("a", "甲 & 乙"), ("b", '"引号"')], required=False)


@pytest.mark.parametrize("value", ["", "a", "b", "zzz"])
def test_the_lean_select_renders_what_django_renders(value):
    django_html = str(_Form({"choice": value})["choice"])
    _Form.base_fields["choice"].widget = LeanSelect(choices=_Form.base_fields["choice"].choices)
    try:
        lean_html = str(_Form({"choice": value})["choice"])
    finally:
        _Form.base_fields["choice"].widget = forms.Select(choices=_Form.base_fields["choice"].choices)
    assert " ".join(lean_html.split()) == " ".join(django_html.split())


def test_templates_are_compiled_once_per_process():
    """Django's cached loader (here with one copy per language: common/translated_templates.py): a list page
    does not parse its templates again on every request."""
    from django.template import engines
    from django.template.loaders.cached import Loader

    assert [isinstance(loader, Loader) for loader in engines["django"].engine.template_loaders] == [True]


class _Inputs(forms.Form):
    text = forms.CharField(required=False, widget=forms.TextInput(attrs={"class": "form-control", "type": "search",
                                                                         "placeholder": '姓名 "工号"'}))
    day = forms.DateField(required=False, widget=forms.DateInput(format="%Y-%m-%d", attrs={"type": "date"}))
    flag = forms.BooleanField(required=False, widget=forms.CheckboxInput(attrs={"class": "form-check-input"}))
    needed = forms.CharField(widget=forms.TextInput)  # required: the `required` attribute
    lazy = forms.ChoiceField(required=False, choices=[("", _l("全部")), *CaseType.choices])


@pytest.mark.parametrize("data", [
    None, {}, {"text": '"><script>x</script>', "day": "2024-02-30", "flag": "on", "needed": "a&b", "lazy": "layoff"},
    {"text": "李四", "day": "2024-02-03", "flag": "", "lazy": "nope"},
])
@pytest.mark.parametrize("language", ["zh-hans", "en"])
def test_the_lean_widgets_render_what_django_renders(data, language):
    def rendered(widgets: dict) -> list[str]:
        form = _Inputs(data)
        form.is_bound and form.is_valid()
        for name, widget in widgets.items():
            form.fields[name].widget = widget
        return [" ".join(str(form[name]).split()) for name in form.fields]

    lean = {
        "text": LeanTextInput(attrs={"class": "form-control", "type": "search", "placeholder": '姓名 "工号"'}),
        "day": LeanDateInput(format="%Y-%m-%d", attrs={"type": "date"}),
        "flag": LeanCheckboxInput(attrs={"class": "form-check-input"}),
        "needed": LeanTextInput(),
        "lazy": LeanSelect(choices=_Inputs.base_fields["lazy"].choices),
    }
    with translation.override(language):
        assert rendered({}) == rendered(lean)
        assert rendered(lean) == rendered(lean)  # the second time from the options remembered
