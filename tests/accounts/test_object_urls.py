"""DESIGN's 404-vs-403 rule on every object URL, generated from the URL conf (issue 13).

"Outside one's scope: 404; in scope but not allowed for the role: 403." For every URL pattern
that takes a parameter:
- a missing object answers 404, even to a user holding every role in the company (nothing to
  tell apart from "exists but not yours");
- a real object is 404 to two users outside its scope who hold every role but the auditor's:
  the same company's R&D unit (the objects belong to 销售部) and another company.
A POST-only URL (a GET answers 405) is asked by POST. A new URL with a parameter fails
test_every_object_url_is_classified until it is given its objects (OBJECTS) or listed, with a
reason, in NOT_AN_OBJECT or WITHOUT_FIXTURE.
"""

from __future__ import annotations

import datetime as dt
import re
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from farewell.accounts.models import RoleGrant
from tests.accounts.test_permission_matrix import _url_names
from tests.factories import Role, make_company, make_contract, make_employee, make_unit, make_user, make_wages

MISSING = {"uuid": "00000000-0000-0000-0000-0000000000ff", "int": "999999", "slug": "nosuch", "str": "nosuch",
           "path": "nosuch"}

# Parameters that are not an object of someone's (a token in an e-mailed link, a page of a
# configured-off feature): what a missing one answers instead of 404, and why.
NOT_AN_OBJECT: dict[str, tuple[int, str]] = {
    "accounts:set_password": (200, "an invalid one-time link shows the 'link no longer valid' page"),
    "exits:survey_by_link": (403, "an unknown survey token is refused to everyone (tests/exits)"),
    "exits:alumni_self": (403, "an unknown alumni token is refused to everyone (tests/exits)"),
    # A file format, not an object: the audit exports are the audit admin's alone (三员分立), so
    # anyone else is refused before the format is read.
    "ledger:export": (403, "audit export: the audit admin's; others refused (tests/accounts/test_audit_pages.py)"),
    "accounts:access_log_export": (403, "audit export: the audit admin's; others refused"),
    "api_access_log_export": (403, "audit export: the audit admin's; others refused (tests/api/test_audit_api.py)"),
    "api_ledger_export": (403, "audit export: the audit admin's; others refused (tests/api/test_audit_api.py)"),
    "portal:receipt": (404, "the signed-in employee's own receipt; an unknown format is not found (tests/portal)"),
    "api_me_receipt": (404, "the signed-in employee's own receipt; an unknown format is not found (tests/portal)"),
}

# url name → {parameter: fixture key} (keys of `objects` below): the objects outsiders must not reach.
OBJECTS: dict[str, dict[str, str]] = {
    "accounts:user_detail": {"username": "username"},
    "accounts:grant_add": {"username": "username"},
    "accounts:grant_revoke": {"username": "username", "grant_id": "grant"},
    "accounts:user_deactivate": {"username": "username"},
    "accounts:user_reactivate": {"username": "username"},
    "accounts:user_send_link": {"username": "username"},
    "accounts:user_unlock": {"username": "username"},
    "accounts:invite_employee": {"code": "employee"},
    "org:employee_detail": {"code": "employee"},
    "org:employee_edit": {"code": "employee"},
    "org:employee_status": {"code": "employee"},
    "org:employee_contracts": {"code": "employee"},
    "org:contract_renew": {"code": "employee", "contract_id": "contract"},
    "org:contract_end": {"code": "employee", "contract_id": "contract"},
    "org:employee_wages": {"code": "employee"},
    "org:status_periods": {"code": "employee"},
    "org:status_period_end": {"code": "employee", "period_id": "period"},
    "org:employee_reveal": {"code": "employee", "field": "id_number"},
    "org:status_period_reveal": {"code": "employee", "period_id": "period"},
    "settings:org_unit": {"unit_id": "unit"},
    "settings:unit_rename": {"unit_id": "unit"},
    "settings:unit_move": {"unit_id": "unit"},
    "settings:unit_head": {"unit_id": "unit"},
    "settings:unit_delete": {"unit_id": "unit"},
    "cases:notification_read": {"pk": "notification"},
    "cases:case_open": {"employee_code": "employee"},
    "cases:family_detail": {"code": "batch"},
    "cases:layoff_update": {"code": "batch"},
    "cases:layoff_add_members": {"code": "batch"},
    "cases:layoff_remove_member": {"code": "batch", "case_code": "batch_case"},
    "cases:layoff_answers": {"code": "batch"},
    "cases:layoff_filing": {"code": "batch", "kind": "filing_kind"},
    "cases:layoff_action": {"code": "batch"},
    "cases:step_decide": {"code": "step"},
    "cases:case_detail": {"code": "case"},
    "cases:case_update": {"code": "case"},
    "cases:case_action": {"code": "case"},
    "cases:case_message": {"code": "case"},
    "cases:cs_answer": {"code": "case"},
    "cases:cs_leading_member": {"code": "case"},
    "cases:cs_delivery": {"code": "case"},
    "insights:brief": {"code": "employee"},
    "insights:brief_pdf": {"code": "employee"},
    "insights:records": {"code": "employee", "kind": "record_kind"},
    "talks:plan_new_for_case": {"case_code": "case"},
    "talks:plan_new_for_employee": {"employee_code": "employee"},
    "talks:plan_detail": {"code": "plan"},
    "talks:conversation_new": {"plan_code": "plan"},
    "talks:conversation_detail": {"code": "conversation"},
    "talks:conversation_edit": {"code": "conversation"},
    "talks:checklist_tick": {"code": "conversation", "order": "one"},
    "talks:attachment_add": {"code": "conversation"},
    "talks:conversation_sign": {"code": "conversation"},
    "talks:conversation_correct": {"code": "conversation"},
    "talks:transcript_add": {"code": "conversation"},
    "talks:attachment_download": {"code": "attachment"},
    "talks:transcript_detail": {"code": "transcript"},
    "talks:evidence_package": {"case_code": "case"},
    "offboarding:item_add": {"code": "case"},
    "offboarding:case_prepare": {"code": "case"},
    "offboarding:settlement": {"code": "case"},
    "offboarding:document_generate": {"code": "case"},
    "offboarding:family_documents": {"code": "batch"},
    "offboarding:former_grant": {"code": "case"},
    "offboarding:former_revoke": {"code": "case"},
    "exits:departure_open": {"employee_code": "employee"},
    "api_exits_departure_open": {"employee_code": "employee"},
    "api_employee_detail": {"code": "employee"},
    "api_case_detail": {"code": "case"},
    "api_case_transition": {"code": "case"},
    "api_talks_case_plans": {"case_code": "case"},
    "api_talks_case_conversations": {"case_code": "case"},
    "api_talks_plan_detail": {"code": "plan"},
    "api_talks_conversation_detail": {"code": "conversation"},
    "api_talks_transcript_upload": {"code": "conversation"},
    "api_talks_transcript_detail": {"code": "transcript"},
    "api_talks_employee_plans": {"employee_code": "employee"},
    "api_talks_conversation_new": {"plan_code": "plan"},
    "api_talks_checklist_tick": {"code": "conversation", "order": "one"},
    "api_talks_attachment_add": {"code": "conversation"},
    "api_talks_conversation_sign": {"code": "conversation"},
    "api_talks_conversation_correct": {"code": "conversation"},
    "api_talks_attachment_download": {"code": "attachment"},
    "api_talks_evidence_package": {"case_code": "case"},
    "api_orgunit": {"pk": "unit"},
    "api_orgunit_head": {"pk": "unit"},
    "api_cs_answer": {"code": "case"},
    "api_cs_leading_member": {"code": "case"},
    "api_cs_delivery": {"code": "case"},
    "api_layoff": {"code": "batch"},
    "api_layoff_members": {"code": "batch"},
    "api_layoff_remove_member": {"code": "batch", "case_code": "batch_case"},
    "api_layoff_answers": {"code": "batch"},
    "api_layoff_filing": {"code": "batch", "kind": "filing_kind"},
    "api_layoff_action": {"code": "batch"},
    "api_employee_profile": {"code": "employee"},
    "api_employee_flags": {"code": "employee"},
    "api_employee_invite": {"code": "employee"},
    "api_user": {"username": "username"},
    "api_user_grant_add": {"username": "username"},
    "api_user_grant_revoke": {"username": "username", "grant_id": "grant"},
    "api_user_deactivate": {"username": "username"},
    "api_user_reactivate": {"username": "username"},
    "api_user_send_link": {"username": "username"},
    "api_user_unlock": {"username": "username"},
    "privacy:employee_consents": {"code": "employee"},
    "privacy:case_holds": {"code": "case"},
    "api_notification_read": {"pk": "notification"},
    "api_case_open": {"employee_code": "employee"},
    "api_case_messages": {"code": "case"},
    "api_case_notice_evidence": {"code": "case"},
    "api_step_document": {"code": "step"},
    "api_offboarding_case": {"code": "case"},
    "api_offboarding_prepare": {"code": "case"},
    "api_offboarding_item_add": {"code": "case"},
    "api_offboarding_settlement": {"code": "case"},
    "api_offboarding_documents": {"code": "case"},
    "api_offboarding_former_grant": {"code": "case"},
    "api_offboarding_former_revoke": {"code": "case"},
    "api_offboarding_batch_documents": {"code": "batch"},
    # The employee's own (an outsider holding the employee role reaches only their own: 404) and HR's
    # privacy and receipt operations (tests/portal/test_me_api.py, tests/privacy/test_api.py).
    "portal:my_document": {"code": "document"},
    "portal:case_copy": {"case_code": "case"},
    "portal:case_receipt": {"case_code": "case", "fmt": "fmt_pdf"},
    "talks:mine_pdf": {"code": "conversation"},
    "talks:mine_acknowledge": {"code": "conversation"},
    "privacy:mine_withdraw": {"code": "consent"},
    "privacy:employee_consent_withdraw": {"code": "employee", "consent_code": "consent"},
    "privacy:consent_scan": {"code": "employee", "consent_code": "consent"},
    "privacy:hold_release": {"code": "hold"},
    "api_me_document": {"code": "document"},
    "api_me_talk_pdf": {"code": "conversation"},
    "api_me_talk_acknowledge": {"code": "conversation"},
    "api_me_consent_withdraw": {"code": "consent"},
    "api_case_receipt": {"case_code": "case", "fmt": "fmt_pdf"},
    "api_case_employee_copy": {"case_code": "case"},
    "api_employee_consents": {"code": "employee"},
    "api_employee_consent_withdraw": {"code": "employee", "consent_code": "consent"},
    "api_employee_consent_scan": {"code": "employee", "consent_code": "consent"},
    "api_case_holds": {"code": "case"},
    "api_hold_release": {"code": "hold"},
    # Exits (李四's departure, its interview, an improvement action on 销售部); the employee's own records.
    "exits:departure_detail": {"code": "departure"},
    "exits:departure_classify": {"code": "departure"},
    "exits:departure_rehire": {"code": "departure"},
    "exits:departure_verify": {"code": "departure"},
    "exits:departure_feedback": {"code": "departure"},
    "exits:departure_summary": {"code": "departure"},
    "exits:survey_send": {"code": "departure"},
    "exits:survey_send_email": {"code": "departure"},
    "exits:interview_new": {"code": "departure"},
    "exits:alumni_add": {"code": "departure"},
    "api_exits_departure": {"code": "departure"},
    "api_exits_departure_classify": {"code": "departure"},
    "api_exits_departure_rehire": {"code": "departure"},
    "api_exits_departure_verify": {"code": "departure"},
    "api_exits_interview_new": {"code": "departure"},
    "api_exits_departure_feedback": {"code": "departure"},
    "api_exits_departure_summary": {"code": "departure"},
    "api_exits_survey_send": {"code": "departure"},
    "api_exits_alumni_add": {"code": "departure"},
    "exits:interview_detail": {"code": "interview"},
    "exits:interview_sign": {"code": "interview"},
    "exits:interview_correct": {"code": "interview"},
    "api_exits_interview": {"code": "interview"},
    "api_exits_interview_sign": {"code": "interview"},
    "api_exits_interview_correct": {"code": "interview"},
    "exits:action_detail": {"code": "action"},
    "api_exits_action": {"code": "action"},
}

# Settings objects of a company (accounts/company_settings.py): another company's admin is not found
# (404); a unit-scoped HR admin of the same company is in scope but not allowed to configure (403).
COMPANY_OBJECTS: dict[str, dict[str, str]] = {
    "exits:reason_edit": {"pk": "reason"},
    "api_exits_reason": {"pk": "reason"},
    "cases:workflow_edit": {"case_type": "case_type"},
    "api_workflow": {"case_type": "case_type"},
    "talks:template_edit": {"situation": "situation"},
}

# Object URLs whose objects this module does not build yet (each kind needs its own fixture): they
# still get the missing-object check; their outsider access is tested in their app's tests.
WITHOUT_FIXTURE: dict[str, str] = {
    name: "" for name in [
        "accounts:mail_send_again", "insights:explanation", "insights:record", "settings:local_wage_edit", "settings:holiday_edit", "settings:holiday_delete",
        "settings:position_edit", "cases:layoff_filing_document", "cases:layoff_step_decide",
        "cases:step_document", "cases:notice_evidence", "cases:cs_document", "records:template", "records:export",
        "records:job", "records:job_progress", "records:confirm", "records:metric_deactivate",
        "offboarding:item_tick",
        "offboarding:item_confirm", "offboarding:item_return", "offboarding:item_change", "offboarding:item_wecom",
        "offboarding:settlement_approve", "offboarding:settlement_revise", "offboarding:settlement_pay",
        "offboarding:signature_send", "offboarding:signature_wet", "offboarding:document_download",
        "offboarding:signed_download", "offboarding:job", "offboarding:duty_done", "offboarding:duty_waive",
        "offboarding:former_download", "offboarding:handover_template", "offboarding:template_download",
        "offboarding:template_upload", "offboarding:fake_sign", "offboarding:fake_sign_document",
        "api_import",
        "api_layoff_step_decide", "api_import_template", "api_import_job", "api_import_job_confirm",
        "api_import_job_progress", "api_record_export", "api_record_reviews", "api_record_metrics",
        "api_record_training", "api_record_rewards", "api_record_feedback360", "api_record_values",
        "api_record_surveys", "api_record_commitments", "api_record_contributions",
        # a real file's outsiders: tests/api/test_case_pages_api.py (another company's HR admin → 404)
        "api_cs_document", "api_layoff_filing_document",
        # their outsiders (another company's HR admin → 404): tests/offboarding/test_api.py, test_api_documents.py
        "api_offboarding_item", "api_offboarding_item_tick", "api_offboarding_item_confirm",
        "api_offboarding_item_return", "api_offboarding_item_wecom", "api_offboarding_duty_done",
        "api_offboarding_duty_waive", "api_offboarding_settlement_approve", "api_offboarding_settlement_revise",
        "api_offboarding_settlement_pay", "api_offboarding_signature_send", "api_offboarding_signature_wet",
        "api_offboarding_document_download", "api_offboarding_signed", "api_offboarding_job",
        "api_offboarding_former_download", "api_offboarding_handover_template", "api_offboarding_template_download",
        "api_offboarding_template_upload",
        # tests/api/test_audit_api.py and test_insights_risk_api.py build these and ask from outside
        "api_mail_send_again", "api_risk_train_progress", "api_explanation", "api_flag_rule", "api_talks_template",
        # installation-wide settings rows (not a company's): tests/api/test_settings_api.py
        "api_holiday", "api_local_wage", "api_metric_deactivate",
    ]
}


PARAM = re.compile(r"<(?:(?P<converter>\w+):)?(?P<name>\w+)>")


def object_urls() -> dict[str, str]:
    return {name: route for name, route in _url_names().items() if "<" in route}


def fill(route: str, values: dict[str, str]) -> str:
    return PARAM.sub(lambda m: str(values.get(m["name"], MISSING[m["converter"] or "str"])), route)


def ask(client, path: str):
    response = client.get(path)
    if response.status_code == 405:
        response = client.post(path, {})
    return response


def every_role(username: str, company, *, unit=None, employee=None):
    user = make_user(username, employee=employee)
    for role in (Role.HR_ADMIN, Role.HRBP, Role.LEGAL, Role.APPROVER):
        RoleGrant.objects.create(user=user, role=role, company=company, org_unit=unit)
    for role in (Role.MANAGER, Role.EMPLOYEE):
        RoleGrant.objects.create(user=user, role=role, company=company)
    return user


def test_every_object_url_is_classified():
    names = set(object_urls())
    classified = set(OBJECTS) | set(COMPANY_OBJECTS) | set(NOT_AN_OBJECT) | set(WITHOUT_FIXTURE)
    assert not names - classified, f"object URLs to add to OBJECTS (or WITHOUT_FIXTURE): {sorted(names - classified)}"
    assert not classified - names, f"rows for URLs that no longer exist: {sorted(classified - names)}"


def test_a_missing_object_is_not_found(client, world):
    insider = every_role("everything", world.company, employee=make_employee(world.root, "全权"))
    client.force_login(insider)
    wrong = {}
    for name, route in sorted(object_urls().items()):
        expected = NOT_AN_OBJECT.get(name, (404, ""))[0]
        path = fill(route, {})
        status = ask(client, path).status_code
        if status != expected:
            wrong[name] = (path, status, expected)
    assert not wrong, "\n".join(f"{k}: {v}" for k, v in sorted(wrong.items()))


@pytest.fixture
def objects(world, tmp_path, settings):
    """One object of each kind OBJECTS names, all of 销售部 (李四's)."""
    from farewell.cases import layoffs
    from farewell.cases import services as cases
    from farewell.common.notifications import notify
    from farewell.exits import actions as exit_actions
    from farewell.exits import services as exits
    from farewell.exits.models import ExitReason
    from farewell.offboarding.models import GeneratedDocument, SignatureRequest
    from farewell.org.models import StatusPeriod
    from farewell.privacy import services as privacy
    from farewell.talks import services as talks

    settings.MEDIA_ROOT = tmp_path
    today = timezone.localdate()
    lisi, zhaoliu = world.lisi, world.zhaoliu
    for employee in (lisi, zhaoliu):
        make_wages(employee, today.replace(day=1) - dt.timedelta(days=365), [Decimal(12000)] * 13)
    contract = make_contract(lisi, kind="open_ended", end_date=None)
    period = StatusPeriod.objects.create(employee=lisi, kind="medical_period", start_date=today - dt.timedelta(days=9),
                                         end_date=today - dt.timedelta(days=2))
    hr = world.users["hrbp_sales"]
    case = cases.open_case(lisi, "mutual_employer", actor=hr, separation_date=today + dt.timedelta(days=40),
                           extra_compensation=Decimal(5000))
    cases.submit_case(case, actor=hr)
    batch = layoffs.create_batch(world.company, [zhaoliu], acting_user=hr, title="裁员",
                                 planned_date=today + dt.timedelta(days=40), reason_code="difficulty")
    plan = talks.generate_plan(lisi, actor=hr, case=case)
    conversation = talks.start_conversation(plan, actor=hr, held_at=timezone.now(), place="会议室")
    attachment = talks.add_attachment(conversation, SimpleUploadedFile("a.pdf", b"%PDF-1.4 x"), actor=hr)
    transcript = talks.add_transcript(conversation, "HR：你好\n员工：好的", actor=hr)
    notification = notify(hr, "主题", "正文", email=False)
    consent = privacy.give_consent(lisi, "health_details", actor=hr, method="paper",
                                   scan=SimpleUploadedFile("同意书.pdf", b"%PDF-1.4 signed"))
    hold = privacy.set_hold(case, "劳动仲裁", actor=hr)
    document = GeneratedDocument.objects.create(case=case, kind="certificate", template_sha256="0" * 64,
                                                docx="x.docx", docx_sha256="1" * 64, pdf="x.pdf", pdf_sha256="2" * 64)
    SignatureRequest.objects.create(document=document, provider="wet", status="signed", signed_file="s.pdf",
                                    signed_sha256="3" * 64, completed_at=timezone.now())
    departure = exits.open_departure(lisi, acting_user=hr, case=case)
    interview = exits.start_interview(departure, acting_user=hr, held_at=timezone.now())
    pay = ExitReason.objects.get(company=world.company, code="pay")
    action = exit_actions.create_action(acting_user=hr, company=world.company, title="调薪", reason=pay,
                                        org_unit=world.sales, cluster_start=today, cluster_end=today, owner=hr,
                                        due_date=today)
    return {
        "employee": lisi.code, "username": "lisi", "grant": world.users["employee"].grants.get().pk,
        "contract": contract.pk, "period": period.pk, "unit": world.sales.pk, "notification": notification.pk,
        "case": case.code, "step": case.steps.first().code, "batch": batch.code,
        "batch_case": batch.cases.get().code, "filing_kind": "union", "plan": plan.code,
        "conversation": conversation.code, "attachment": attachment.code, "transcript": transcript.code,
        "id_number": "id_number", "one": 1, "record_kind": "performancereview", "consent": consent.code, "hold": hold.code, "document": document.code,
        "fmt_pdf": "pdf", "departure": departure.code, "interview": interview.code,
        "action": action.code, "reason": pay.pk, "case_type": "misconduct", "situation": "misconduct",
    }


@pytest.fixture
def outsiders(world):
    other = make_company(name="别家公司")
    stranger = make_employee(make_unit(other, "总部"), "外人")
    rnd_head = make_employee(world.rnd, "研发负责人")
    return {
        "another company": every_role("other_company", other, employee=stranger),
        "another unit": every_role("rnd_everything", world.company, unit=world.rnd, employee=rnd_head),
    }


def test_an_object_outside_ones_scope_is_not_found(client, world, objects, outsiders):
    wrong = {}
    for who, user in outsiders.items():
        client.force_login(user)
        for name, params in sorted(OBJECTS.items()):
            route = object_urls()[name]
            path = fill(route, {param: objects[key] for param, key in params.items()})
            status = ask(client, path).status_code
            if status != 404:
                wrong[f"{who}: {name}"] = (path, status)
    assert not wrong, "\n".join(f"{k}: {v}" for k, v in sorted(wrong.items()))


def test_a_settings_object_of_another_company_is_not_found(client, world, objects, outsiders):
    """Company settings: another company's admin → 404 for this company's object (by id, or by a key
    with this company named: a key alone is their own company's); a unit-scoped admin of the same
    company → 403 (in scope, not allowed to configure)."""
    wrong = {}
    for who, expected in (("another company", 404), ("another unit", 403)):
        client.force_login(outsiders[who])
        for name, params in sorted(COMPANY_OBJECTS.items()):
            path = fill(object_urls()[name], {param: objects[key] for param, key in params.items()})
            company = world.company.pk if name.startswith("api_") else world.company.code
            queries = [f"?company={company}"] + ([""] if "pk" in params or who == "another unit" else [])
            for query in queries:
                status = ask(client, path + query).status_code
                if status != expected:
                    wrong[f"{who}: {name}{query}"] = (path, status, expected)
    assert not wrong, "\n".join(f"{k}: {v}" for k, v in sorted(wrong.items()))
