"""The list pages' controls printed in Python (common/list_controls.py, the unit picker, LeanSelect) print
what their templates printed: each old template is kept here, rendered beside the new code, in Chinese
and English, for valid and invalid filters, every kind of field and values that must be escaped."""

from __future__ import annotations

import datetime as dt
import uuid

import pytest
from django.core.paginator import Paginator
from django.template import engines
from django.test import RequestFactory
from django.urls import reverse
from django.utils import translation

from farewell.cases import case_views
from farewell.cases.forms import CaseFilterForm
from farewell.common import list_controls
from farewell.common.pagination import CappedPaginator
from farewell.org import views as org_views
from farewell.org.filters import EmployeeFilterForm, unit_scope
from farewell.org.models import OrgUnit, Position
from farewell.org.unit_picker import UnitPickerWidget
from tests.factories import make_position

XSS = "<&\"'>"
LANGUAGES = ("zh-hans", "en")

# common/_count.html and common/_pagination.html as they were; the pagination's include of the count names a
# template object here instead of the file.
OLD_COUNT = """{% load i18n %}{% if paginator.capped %}{% blocktranslate with cap=paginator.cap_display %}超过 {{ cap }} 条，请用筛选缩小范围{% endblocktranslate %}{% else %}{% blocktranslate count counter=paginator.count %}共 {{ counter }} 条{% plural %}共 {{ counter }} 条{% endblocktranslate %}{% endif %}
"""
OLD_PAGINATION = """{% load i18n %}{% if page_obj.paginator.num_pages > 1 %}
<nav aria-label="{% translate '分页' %}" class="d-flex flex-wrap align-items-center gap-2">
  <ul class="pagination pagination-sm mb-0">
    {% if page_obj.has_previous %}
    <li class="page-item"><a class="page-link" href="{% querystring page=1 %}">{% translate "首页" %}</a></li>
    <li class="page-item"><a class="page-link" href="{% querystring page=page_obj.previous_page_number %}" rel="prev">{% translate "上一页" %}</a></li>
    {% else %}
    <li class="page-item disabled"><span class="page-link">{% translate "首页" %}</span></li>
    <li class="page-item disabled"><span class="page-link">{% translate "上一页" %}</span></li>
    {% endif %}
    <li class="page-item active" aria-current="page"><span class="page-link">{% if page_obj.paginator.capped %}{{ page_obj.number }}{% else %}{{ page_obj.number }} / {{ page_obj.paginator.num_pages }}{% endif %}</span></li>
    {% if page_obj.has_next %}
    <li class="page-item"><a class="page-link" href="{% querystring page=page_obj.next_page_number %}" rel="next">{% translate "下一页" %}</a></li>
    {% if not page_obj.paginator.capped %}<li class="page-item"><a class="page-link" href="{% querystring page=page_obj.paginator.num_pages %}">{% translate "末页" %}</a></li>{% endif %}
    {% else %}
    <li class="page-item disabled"><span class="page-link">{% translate "下一页" %}</span></li>
    {% if not page_obj.paginator.capped %}<li class="page-item disabled"><span class="page-link">{% translate "末页" %}</span></li>{% endif %}
    {% endif %}
  </ul>
  <span class="text-body-secondary small">{% include count_template with paginator=page_obj.paginator %}</span>
</nav>
{% endif %}
"""
# org/widgets/unit_picker.html as it was.
OLD_UNIT_PICKER = """{% load i18n %}<div class="fw-unit-picker position-relative">
  <input type="hidden" name="{{ name }}" id="{{ id }}" value="{{ unit.pk|default_if_none:'' }}">
  <div class="input-group{% if small %} input-group-sm{% endif %}">
    <input type="text" class="form-control{% if small %} form-control-sm{% endif %} fw-unit-search" name="unit_q" form="fw-unit-picker-none"
           id="{{ id }}_search" value="{{ unit.name|default:'' }}" placeholder="{{ placeholder }}" title="{{ hint }}" autocomplete="off"
           aria-label="{% translate '部门' %}" hx-get="{{ url }}" hx-trigger="input changed delay:250ms, focus"
           hx-target="next .fw-unit-results" hx-swap="innerHTML">
    <button type="button" class="btn btn-outline-secondary fw-unit-clear" title="{% translate '全部部门' %}" aria-label="{% translate '全部部门' %}">×</button>
  </div>
  <div class="fw-unit-results position-absolute w-100 shadow-sm" style="z-index:1050"></div>
</div>
"""
# The case list's filter fields (cases/case_list.html) as they were.
OLD_CASE_FIELDS = """{% for field in form %}
    {% if field.name == "overdue" %}
    <div class="col-6 col-md-2"><div class="form-check mt-4">{{ field }}<label class="form-check-label" for="{{ field.id_for_label }}">{{ field.label }}</label></div></div>
    {% elif field.name == "org_unit" %}{# the unit picker: wide enough for its placeholder #}
    <div class="col-6 col-md-3"><label class="form-label small" for="{{ field.id_for_label }}">{{ field.label }}</label>{{ field }}</div>
    {% else %}
    <div class="col-6 col-md-2"><label class="form-label small" for="{{ field.id_for_label }}">{{ field.label }}</label>{{ field }}</div>
    {% endif %}
  {% endfor %}"""
# The employee list's filter fields and errors (org/employee_list.html) as they were.
OLD_EMPLOYEE_FIELDS = """
    <div class="col-12 col-md-6 col-lg-4">
      <label class="form-label small mb-1" for="{{ form.q.id_for_label }}">{{ form.q.label }}</label>
      {{ form.q }}
    </div>
    <div class="col-6 col-md-3 col-lg-3">
      <label class="form-label small mb-1" for="{{ form.org_unit.id_for_label }}">{{ form.org_unit.label }}</label>
      {{ form.org_unit }}
    </div>
    <div class="col-6 col-md-3 col-lg-3">
      <label class="form-label small mb-1" for="{{ form.position.id_for_label }}">{{ form.position.label }}</label>
      {{ form.position }}
    </div>
    <div class="col-6 col-md-3 col-lg-2">
      <label class="form-label small mb-1" for="{{ form.status.id_for_label }}">{{ form.status.label }}</label>
      {{ form.status }}
    </div>
    <div class="col-6 col-md-3 col-lg-3">
      <label class="form-label small mb-1" for="{{ form.hired_from.id_for_label }}">{{ form.hired_from.label }}</label>
      {{ form.hired_from }}
    </div>
    <div class="col-6 col-md-3 col-lg-3">
      <label class="form-label small mb-1" for="{{ form.hired_to.id_for_label }}">{{ form.hired_to.label }}</label>
      {{ form.hired_to }}
    </div>"""
OLD_EMPLOYEE_ERRORS = """{% for field in form %}{% for error in field.errors %}
  <div class="invalid-feedback d-block">{{ field.label }}{% colon %}{{ error }}</div>
  {% endfor %}{% endfor %}"""


def _old(source: str, context: dict, request=None) -> str:
    return engines["django"].from_string(source).render(context, request)


# --- pagination and count -------------------------------------------------------------------------------

def _paginators():
    """(paginator, page number) for: one page, the first/a middle/the last of many, a capped list's pages,
    a count past the cap, and an empty list."""
    rows = list(range(260))
    capped = CappedPaginator(rows, 50)
    capped.cap = 120  # a count of 121 rows read: "more than 120"
    yield Paginator(rows[:7], 50), 1
    for number in (1, 3, 6):
        yield Paginator(rows, 50), number
    for number in (1, 2, 3):
        yield capped, number
    yield CappedPaginator(rows[:120], 50), 3  # exactly at the cap: counted, the last page
    yield Paginator([], 50), 1
    yield Paginator(list(range(12345)), 10), 3  # a count of five digits


@pytest.mark.parametrize("language", LANGUAGES)
@pytest.mark.parametrize("query", ["", "page=2", f"q={XSS}&page=3&status=a&status=b", "q=%E5%BC%A0&org_unit=7"])
def test_the_pagination_bar_is_the_old_template(language, query):
    request = RequestFactory().get(f"/employees/?{query}")
    count_template = engines["django"].from_string(OLD_COUNT)
    with translation.override(language):
        for paginator, number in _paginators():
            page = paginator.get_page(number)
            old = _old(OLD_PAGINATION, {"page_obj": page, "count_template": count_template}, request)
            assert list_controls.pagination(page, request.GET) == old, (paginator.count, number)
            assert f"{list_controls.count_text(paginator)}\n" == _old(OLD_COUNT, {"paginator": paginator})


def test_the_pagination_links_keep_the_query_escaped():
    request = RequestFactory().get("/employees/", {"q": XSS, "page": "2"})
    html = list_controls.pagination(Paginator(list(range(200)), 50).get_page(2), request.GET)
    assert 'href="?q=%3C%26%22%27%3E&amp;page=1"' in html and 'href="?q=%3C%26%22%27%3E&amp;page=4"' in html
    assert XSS not in html


@pytest.mark.parametrize("language", LANGUAGES)
def test_the_page_templates_print_the_bar_through_the_tag(client, world, language):
    """{% pagination %} and {% count_text %} in a page: the employee list of a company with two pages."""
    client.force_login(world.users["hr_admin"])
    client.cookies["django_language"] = language
    for i in range(60):
        world.lisi.pk, world.lisi.code, world.lisi.employee_number = None, uuid.uuid4(), f"P{i:03d}"
        world.lisi.save()
    html = client.get("/employees/", {"q": "李四"}).content.decode()
    assert 'rel="next"' in html and "?q=%E6%9D%8E%E5%9B%9B&amp;page=2" in html
    assert ("共 61 条" if language == "zh-hans" else "61 entries") in html


# --- the unit picker ----------------------------------------------------------------------------------------

@pytest.mark.parametrize("language", LANGUAGES)
@pytest.mark.parametrize("small", [True, False])
@pytest.mark.parametrize("named", [None, "销售部", XSS])
def test_the_unit_picker_is_its_old_template(db, language, small, named):
    unit = None if named is None else OrgUnit(pk=12, name=named)
    with translation.override(language):
        old = _old(OLD_UNIT_PICKER, {
            "name": "org_unit", "id": "id_org_unit", "unit": unit, "small": small,
            "url": reverse("org:unit_picker"),
            "placeholder": translation.gettext_lazy("全部部门"),
            "hint": translation.gettext_lazy("输入部门名称搜索；留空为全部部门"),
        })
        assert UnitPickerWidget(small=small).render("org_unit", unit, attrs={"id": "id_org_unit"}) == old


# --- the filter forms ---------------------------------------------------------------------------------------

CASE_DATA = [
    None,
    {},
    {"case_type": "resignation", "status": "in_review", "risk": "warning", "overdue": "on"},
    {"case_type": XSS, "status": "nope", "org_unit": "abc", "risk": XSS, "overdue": XSS},
    {"org_unit": "99999999"},
]


@pytest.mark.parametrize("language", LANGUAGES)
@pytest.mark.parametrize("data", CASE_DATA)
def test_the_case_filters_are_the_old_template(world, language, data):
    user = world.users["hrbp_sales"]
    data = data if data is None or "org_unit" in data or not data else {**data, "org_unit": str(world.sales.pk)}
    with translation.override(language):
        def form():
            built = CaseFilterForm(data, scope=unit_scope(user))
            built.is_bound and built.is_valid()
            return built
        assert list_controls.filter_fields(form(), case_views.FILTER_FIELDS) == _old(OLD_CASE_FIELDS, {"form": form()})


EMPLOYEE_DATA = [
    None,
    {"q": "李四"},
    {"q": XSS, "status": "active", "hired_from": "2020-01-01", "hired_to": "2024-02-03"},
    {"q": XSS, "status": XSS, "hired_from": "2024-02-30", "hired_to": XSS, "position": "999999", "org_unit": "abc"},
    {"org_unit": "SALES", "position": "POSITION"},
]


@pytest.mark.parametrize("language", LANGUAGES)
@pytest.mark.parametrize("data", EMPLOYEE_DATA)
@pytest.mark.parametrize("persona", ["hr_admin", "hrbp_sales"])
def test_the_employee_filters_are_the_old_template(world, language, data, persona):
    position = make_position(world.company, f"顾问 {XSS}")
    make_position(world.company, "工程师")
    if data is not None:
        data = {key: {"SALES": str(world.sales.pk), "POSITION": str(position.pk)}.get(value, value)
                for key, value in data.items()}
    with translation.override(language):
        def form():
            built = EmployeeFilterForm(data, user=world.users[persona])
            built.is_bound and built.is_valid()
            return built
        assert list_controls.filter_fields(form(), org_views.FILTER_FIELDS) == _old(OLD_EMPLOYEE_FIELDS,
                                                                                    {"form": form()})
        errors = list_controls.filter_errors(form(), org_views.FILTER_ERROR)
        assert errors == _old(OLD_EMPLOYEE_ERRORS, {"form": form()})
        if data and data.get("q") == XSS:
            assert 'value="&lt;&amp;&quot;&#x27;&gt;"' in str(form()["q"])


# --- the select's options and its choices --------------------------------------------------------------------

def test_a_renamed_added_or_removed_position_shows_on_the_next_page(client, world):
    """The position options are remembered by their names: a change is a new entry, never a stale one."""
    position = make_position(world.company, "销售代表")
    client.force_login(world.users["hr_admin"])
    assert "销售代表</option>" in client.get("/employees/").content.decode()
    Position.objects.filter(pk=position.pk).update(name="客户经理")
    page = client.get("/employees/").content.decode()
    assert "客户经理</option>" in page and "销售代表" not in page
    make_position(world.company, "架构师")
    assert "架构师</option>" in client.get("/employees/").content.decode()
    Position.objects.filter(name="架构师").delete()
    page = client.get("/employees/").content.decode()
    assert "架构师" not in page and "客户经理</option>" in page
    chosen = client.get("/employees/", {"position": position.pk}).content.decode()
    assert f'<option value="{position.pk}" selected>客户经理</option>' in chosen


def test_the_code_choices_are_shared_and_cannot_change(world):
    """Every form shares one tuple of the case list's choices: no form can change another's."""
    scope = unit_scope(world.users["hr_admin"])
    first, second = CaseFilterForm(None, scope=scope), CaseFilterForm(None, scope=scope)
    assert first.fields["status"].choices is second.fields["status"].choices  # not copied per form
    assert first.fields["status"].widget.choices is first.fields["status"].choices
    with pytest.raises(AttributeError):
        first.fields["status"].choices.append(("x", "只在这一张表单"))
    first.fields["status"].choices = [("", "—"), ("x", "只在这一张表单")]  # this form's own, a list
    assert "只在这一张表单" in str(first["status"]) and "只在这一张表单" not in str(second["status"])
    assert "只在这一张表单" not in str(CaseFilterForm(None, scope=scope)["status"])
    assert CaseFilterForm({"status": "in_review"}, scope=scope).is_valid()
    assert not CaseFilterForm({"status": "x"}, scope=scope).is_valid()


def test_the_employee_list_filters_with_an_error_and_a_date(client, world):
    client.force_login(world.users["hr_admin"])
    html = client.get("/employees/", {"hired_from": "2024-02-30", "q": XSS}).content.decode()
    assert 'class="invalid-feedback d-block">入职日期从：' in html and XSS not in html
    hired = client.get("/employees/", {"hired_from": dt.date(2020, 1, 1).isoformat()}).content.decode()
    assert 'value="2020-01-01"' in hired
