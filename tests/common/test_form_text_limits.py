"""Every free-text form field states its length limit, in the form and on the model it fills, and an
over-long post is refused on that field (issue 13; common/limits.py holds the sizes). The 20,000-character
floor of TextLengthMiddleware stays under all of them."""

from __future__ import annotations

import importlib
import inspect
import pkgutil

import pytest
from django import forms
from django.db import models

import farewell

# A ModelForm field whose model keeps no limit, and why (the form states it).
MODEL_WITHOUT_LIMIT = {
    "records.Metric.description": "records takes no migration in this change; MetricForm states the limit",
}


def _form_classes():
    for info in pkgutil.walk_packages(farewell.__path__, "farewell."):
        if ".migrations" in info.name or info.name.startswith("farewell.law") or "forms" not in info.name:
            continue
        module = importlib.import_module(info.name)
        for name, cls in vars(module).items():
            if inspect.isclass(cls) and issubclass(cls, forms.BaseForm) and cls.__module__ == module.__name__:
                yield f"{module.__name__}.{name}", cls


FORMS = dict(_form_classes())
TEXT_FIELDS = [
    (form_name, field_name, field)
    for form_name, cls in FORMS.items()
    for field_name, field in cls.base_fields.items()
    if isinstance(field, forms.CharField)
]


def test_the_walk_finds_the_forms():
    assert len(FORMS) > 80 and len(TEXT_FIELDS) > 100


@pytest.mark.parametrize(("form_name", "field_name", "field"), TEXT_FIELDS,
                         ids=[f"{f}.{n}" for f, n, _x in TEXT_FIELDS])
def test_every_text_field_states_its_limit(form_name, field_name, field):
    assert field.max_length is not None, f"{form_name}.{field_name} has no max_length"
    # What the field refuses names it: the error is the field's own (shown under its label).
    with pytest.raises(forms.ValidationError) as refused:
        field.run_validators("字" * (field.max_length + 1))
    assert "max_length" in [e.code for e in refused.value.error_list]


MODEL_FIELDS = [
    (form_name, field_name, cls._meta.model)
    for form_name, cls in FORMS.items() if issubclass(cls, forms.ModelForm) and cls._meta.model is not None
    for field_name in cls.base_fields
    if isinstance(cls.base_fields[field_name], forms.CharField)
    and field_name in {f.name for f in cls._meta.model._meta.get_fields()}
]


@pytest.mark.parametrize(("form_name", "field_name", "model"), MODEL_FIELDS,
                         ids=[f"{f}.{n}" for f, n, _m in MODEL_FIELDS])
def test_the_model_behind_a_model_form_states_it_too(form_name, field_name, model):
    field = model._meta.get_field(field_name)
    key = f"{model._meta.app_label}.{model.__name__}.{field_name}"
    if key in MODEL_WITHOUT_LIMIT:
        assert isinstance(field, models.TextField) and field.max_length is None
        return
    assert isinstance(field, (models.CharField, models.TextField))
    assert field.max_length is not None, f"{key} (used by {form_name}) has no max_length"
    assert FORMS[form_name].base_fields[field_name].max_length <= field.max_length


# An over-long post through a page: refused, naming the field (one page per kind of form).
POSTS = [
    ("hr_admin", "/talks/settings/phrases/", "phrases", {}),
    ("hr_admin", "/cases/policies/", "note", {"case_type": "", "extra_cap_months": "1"}),
]


@pytest.mark.parametrize(("persona", "url", "field", "data"), POSTS, ids=[p[1] for p in POSTS])
def test_an_over_long_post_is_refused_on_its_field(client, world, settings, persona, url, field, data):
    settings.FAREWELL_MAX_TEXT_CHARS = 1_000_000  # past the middleware's floor: the form's own limit answers
    client.force_login(world.users[persona])
    response = client.post(url, {**data, field: "字" * 30_000})
    assert response.status_code == 400
    form = response.context["form"]
    form_field = form.fields[field]
    assert list(form.errors) == [field]
    assert f"{form_field.max_length}" in form.errors[field][0]
