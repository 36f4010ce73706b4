"""Every company gets its own copy of the shared exit reasons and survey questions, as HR admins
left them (switched-off ones too: answers and departures point at them) (issue 13). Each company's
departures, stated reasons, survey answers and improvement actions are pointed at its copies; the
shared rows are then dropped. A company with no reasons or questions at all gets the defaults."""

from django.db import migrations

from farewell.exits.defaults import seed_company

REASON_FIELDS = ("code", "name", "evidence", "rehire_limit", "order", "active")
QUESTION_FIELDS = ("text", "kind", "order", "active")


def _copy_reasons(Reason, shared, company) -> dict:  # noqa: N803 - a historical model
    """Copies of the shared reasons for `company`, parents before their children: {old pk: new pk}."""
    mapping, pending = {}, list(shared)
    while pending:
        ready = [r for r in pending if r.parent_id is None or r.parent_id in mapping]
        if not ready:  # a parent outside the shared rows (cannot happen: every row was shared)
            ready, pending = pending, []
            for r in ready:
                r.parent_id = None
        created = Reason.objects.bulk_create([
            Reason(company=company, parent_id=mapping.get(r.parent_id), **{f: getattr(r, f) for f in REASON_FIELDS})
            for r in ready])
        mapping.update({old.pk: new.pk for old, new in zip(ready, created, strict=True)})
        pending = [r for r in pending if r.pk not in mapping]
    return mapping


def _repoint(model, field: str, mapping: dict, **company_filter) -> None:
    """Point `field` of `company_filter`'s rows from the shared rows to the company's copies (one
    update per shared row in use)."""
    used = set(model.objects.filter(**company_filter, **{f"{field}__in": list(mapping)})
               .values_list(field, flat=True).distinct())
    for old in used:
        model.objects.filter(**company_filter, **{field: old}).update(**{field: mapping[old]})


def forwards(apps, schema_editor):
    Company = apps.get_model("org", "Company")
    Reason = apps.get_model("exits", "ExitReason")
    Question = apps.get_model("exits", "SurveyQuestion")
    Departure = apps.get_model("exits", "Departure")
    StatedReason = apps.get_model("exits", "StatedReason")
    Answer = apps.get_model("exits", "SurveyAnswer")
    Action = apps.get_model("exits", "ImprovementAction")

    shared_reasons = list(Reason.objects.filter(company__isnull=True).order_by("pk"))
    shared_questions = list(Question.objects.filter(company__isnull=True).order_by("pk"))
    for company in Company.objects.order_by("pk"):
        if shared_reasons and not Reason.objects.filter(company=company).exists():
            reasons = _copy_reasons(Reason, shared_reasons, company)
            _repoint(Departure, "stated_reason_id", reasons, company=company)
            _repoint(Departure, "verified_reason_id", reasons, company=company)
            _repoint(StatedReason, "reason_id", reasons, interview__departure__company=company)
            _repoint(Answer, "reason_id", reasons, survey__departure__company=company)
            _repoint(Action, "reason_id", reasons, company=company)
        if shared_questions and not Question.objects.filter(company=company).exists():
            created = Question.objects.bulk_create([
                Question(company=company, **{f: getattr(q, f) for f in QUESTION_FIELDS}) for q in shared_questions])
            questions = {old.pk: new.pk for old, new in zip(shared_questions, created, strict=True)}
            _repoint(Answer, "question_id", questions, survey__departure__company=company)
        seed_company(company, Reason, Question)
    Question.objects.filter(company__isnull=True).delete()
    # Children before their parents (PROTECT on parent).
    while Reason.objects.filter(company__isnull=True).exists():
        Reason.objects.filter(company__isnull=True, children__isnull=True).delete()


class Migration(migrations.Migration):
    dependencies = [("exits", "0006_settings_company")]

    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
