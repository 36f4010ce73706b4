"""API parity (issue 19): every capability of the UI has an API operation, or a documented reason.

The test walks the UI's URL conf (every named URL outside /api/) and fails for a name that is in
neither table below. `API_OPERATION` names the API URL that does what the page does (it must exist
and be in the OpenAPI schema); `NO_API_OPERATION` says, per page, why there is none. A reason
starting with "Not yet:" is a gap this test keeps visible, not a design decision.
"""

from __future__ import annotations

import pytest
import yaml
from django.core.management import call_command
from django.urls import reverse

from tests.accounts.test_permission_matrix import _url_names

API_OPERATION: dict[str, str] = {
    "privacy:retention": "api_privacy_retention",
    # people and the org chart (the write API: the importer's kinds, POST /api/import/<kind>/)
    "org:employee_list": "api_employee_list",
    "org:employee_detail": "api_employee_detail",
    "org:employee_export": "api_employee_export",
    "org:employee_create": "api_import",
    "org:employee_edit": "api_import",
    "org:employee_status": "api_import",
    "org:employee_contracts": "api_import",
    "org:contract_renew": "api_import",
    "org:contract_end": "api_import",
    "org:employee_wages": "api_import",
    "org:status_periods": "api_import",
    "org:status_period_end": "api_import",
    "org:unit_picker": "api_orgunit_list",
    "settings:org_tree": "api_orgunit_list",
    "settings:org_unit": "api_orgunit_list",
    "settings:unit_rename": "api_import",
    "settings:unit_move": "api_import",
    "settings:positions": "api_import",
    "settings:position_edit": "api_import",
    "settings:unit_head": "api_orgunit_head",
    "settings:unit_delete": "api_orgunit",
    # installation settings (org/api_settings.py, records/api_settings.py, accounts/api.py)
    "settings:holidays": "api_holidays",
    "settings:holiday_edit": "api_holiday",
    "settings:holiday_delete": "api_holiday",
    "settings:local_wages": "api_local_wages",
    "settings:local_wage_edit": "api_local_wage",
    "records:metrics": "api_metrics",
    "records:metric_deactivate": "api_metric_deactivate",
    "accounts:security_policy": "api_security_policy",
    # records and imports
    "records:import_index": "api_import_kinds",
    "records:template": "api_import_template",
    "records:export": "api_record_export",
    "records:upload": "api_import_jobs",
    "records:job": "api_import_job",
    "records:job_progress": "api_import_job_progress",
    "records:confirm": "api_import_job_confirm",
    # profile and flags
    "insights:flags": "api_flags",
    "insights:flag_export": "api_flag_export",
    "insights:brief": "api_employee_profile",
    "insights:records": "api_records_reviews",  # the record kinds' lists, one endpoint per kind
    "insights:record": "api_record_reviews",
    # cases
    "cases:case_list": "api_case_list",
    "cases:case_detail": "api_case_detail",
    "cases:case_export": "api_case_export",
    "cases:case_action": "api_case_transition",
    "cases:step_decide": "api_case_transition",
    "cases:calculator": "law_compute",
    "cases:cs_answer": "api_cs_answer",
    "cases:cs_leading_member": "api_cs_leading_member",
    "cases:cs_delivery": "api_cs_delivery",
    "cases:layoff_list": "api_layoffs",
    "cases:layoff_open": "api_layoffs",
    "cases:family_detail": "api_layoff",
    "cases:layoff_update": "api_layoff",
    "cases:layoff_add_members": "api_layoff_members",
    "cases:layoff_remove_member": "api_layoff_remove_member",
    "cases:layoff_answers": "api_layoff_answers",
    "cases:layoff_filing": "api_layoff_filing",
    "cases:layoff_action": "api_layoff_action",
    "cases:layoff_step_decide": "api_layoff_step_decide",
    "cases:notifications": "api_notifications",
    "cases:notification_badge": "api_notifications_unread",
    "cases:notification_read": "api_notification_read",
    "cases:notification_read_all": "api_notifications_read_all",
    "cases:workflow_list": "api_workflows",
    "cases:workflow_edit": "api_workflow",
    "cases:case_settings": "api_case_settings",
    "cases:policy_list": "api_compensation_policies",
    "cases:case_open": "api_case_open",
    "cases:case_update": "api_case_detail",
    "cases:case_message": "api_case_messages",
    "cases:notice_evidence": "api_case_notice_evidence",
    "cases:step_document": "api_step_document",
    "cases:cs_document": "api_cs_document",
    "cases:layoff_filing_document": "api_layoff_filing_document",
    "cases:inbox": "api_inbox",
    # users and grants
    "accounts:users": "api_users",
    "accounts:user_create": "api_users",
    "accounts:user_detail": "api_user",
    "accounts:grant_add": "api_user_grant_add",
    "accounts:grant_revoke": "api_user_grant_revoke",
    "accounts:user_deactivate": "api_user_deactivate",
    "accounts:user_reactivate": "api_user_reactivate",
    "accounts:user_send_link": "api_user_send_link",
    "accounts:bulk_managers": "api_users_bulk_managers",
    "accounts:bulk_unit": "api_users_bulk_unit",
    "accounts:invite_employee": "api_employee_invite",
    "ledger:entries": "api_ledger_list",
    "ledger:verify": "api_ledger_verify",
    # exits
    "exits:index": "api_exits_departures",
    "exits:departure_detail": "api_exits_departure",
    "exits:departure_classify": "api_exits_departure_classify",
    "exits:departure_rehire": "api_exits_departure_rehire",
    "exits:departure_verify": "api_exits_departure_verify",
    "exits:interview_new": "api_exits_interview_new",
    "exits:interview_detail": "api_exits_interview",
    "exits:interview_sign": "api_exits_interview_sign",
    "exits:interview_correct": "api_exits_interview_correct",
    "exits:report": "api_exits_report",
    "exits:report_export": "api_exits_report_export",
    "exits:survey_results": "api_exits_survey_results",
    "exits:departure_feedback": "api_exits_departure_feedback",
    "exits:departure_summary": "api_exits_departure_summary",
    "exits:survey_send": "api_exits_survey_send",
    "exits:survey_send_email": "api_exits_survey_send",
    "exits:action_list": "api_exits_actions",
    "exits:action_new": "api_exits_actions",
    "exits:action_detail": "api_exits_action",
    "exits:departure_open": "api_exits_departure_open",
    "exits:alumni_list": "api_exits_alumni",
    "exits:alumni_add": "api_exits_alumni_add",
    "exits:reasons": "api_exits_reasons",
    "exits:reason_edit": "api_exits_reason",
    "exits:questions": "api_exits_questions",
    "exits:replacement_costs": "api_exits_replacement_costs",
    # the audit admin's access log and exports; the login admins' mail outbox and lock (accounts/api_audit.py)
    "accounts:access_log": "api_access_log",
    "accounts:access_log_export": "api_access_log_export",
    "ledger:export": "api_ledger_export",
    "accounts:mail_outbox": "api_mail_outbox",
    "accounts:mail_send_again": "api_mail_send_again",
    "accounts:user_unlock": "api_user_unlock",
    # attrition risk, survival, explanation requests, flag rules (insights/api_risk.py)
    "insights:risk": "api_risk",
    "insights:risk_model": "api_risk_model",
    "insights:risk_train": "api_risk_train",
    "insights:risk_settings": "api_risk_settings",
    "insights:survival": "api_survival",
    "insights:explanations": "api_explanations",
    "insights:explanation": "api_explanation",
    "insights:rules": "api_flag_rules",
    # talks: plans, conversation records, attachments, transcripts, the evidence package, settings
    "talks:index": "api_talks_conversations",
    "talks:plan_new_for_case": "api_talks_case_plans",
    "talks:plan_new_for_employee": "api_talks_employee_plans",
    "talks:plan_detail": "api_talks_plan_detail",
    "talks:conversation_new": "api_talks_conversation_new",
    "talks:conversation_detail": "api_talks_conversation_detail",
    "talks:conversation_edit": "api_talks_conversation_detail",
    "talks:checklist_tick": "api_talks_checklist_tick",
    "talks:attachment_add": "api_talks_attachment_add",
    "talks:attachment_download": "api_talks_attachment_download",
    "talks:conversation_sign": "api_talks_conversation_sign",
    "talks:conversation_correct": "api_talks_conversation_correct",
    "talks:transcript_add": "api_talks_transcript_upload",
    "talks:transcript_detail": "api_talks_transcript_detail",
    "talks:evidence_package": "api_talks_evidence_package",
    "talks:template_list": "api_talks_templates",
    "talks:template_edit": "api_talks_template",
    "talks:phrases": "api_talks_phrases",
    # offboarding (handover, duties, settlement, documents, signatures, former employees, settings)
    "offboarding:index": "api_offboarding",
    "offboarding:item_tick": "api_offboarding_item_tick",
    "offboarding:item_confirm": "api_offboarding_item_confirm",
    "offboarding:item_return": "api_offboarding_item_return",
    "offboarding:item_change": "api_offboarding_item",
    "offboarding:item_wecom": "api_offboarding_item_wecom",
    "offboarding:item_add": "api_offboarding_item_add",
    "offboarding:case_prepare": "api_offboarding_prepare",
    "offboarding:settlement": "api_offboarding_settlement",
    "offboarding:document_generate": "api_offboarding_documents",
    "offboarding:settlement_approve": "api_offboarding_settlement_approve",
    "offboarding:settlement_revise": "api_offboarding_settlement_revise",
    "offboarding:settlement_pay": "api_offboarding_settlement_pay",
    "offboarding:signature_send": "api_offboarding_signature_send",
    "offboarding:signature_wet": "api_offboarding_signature_wet",
    "offboarding:document_download": "api_offboarding_document_download",
    "offboarding:signed_download": "api_offboarding_signed",
    "offboarding:family_documents": "api_offboarding_batch_documents",
    "offboarding:job": "api_offboarding_job",
    "offboarding:duty_done": "api_offboarding_duty_done",
    "offboarding:duty_waive": "api_offboarding_duty_waive",
    "offboarding:former_home": "api_offboarding_former",
    "offboarding:former_download": "api_offboarding_former_download",
    "offboarding:former_grant": "api_offboarding_former_grant",
    "offboarding:former_revoke": "api_offboarding_former_revoke",
    "offboarding:config": "api_offboarding_settings",
    "offboarding:handover_template_new": "api_offboarding_handover_templates",
    "offboarding:handover_template": "api_offboarding_handover_template",
    "offboarding:template_download": "api_offboarding_template_download",
    "offboarding:template_upload": "api_offboarding_template_upload",
    # the employee's self-service (/api/me/…, portal/api.py): a WeCom or DingTalk mini-app does what the portal does
    "portal:home": "api_me_summary",
    "portal:give_notice": "api_me_notice",
    "portal:negotiate": "api_me_negotiate",
    "portal:send_message": "api_me_messages",
    "portal:confirm": "api_me_confirm",
    "portal:demand": "api_me_demands",
    "portal:my_copy": "api_me_copy",
    "portal:my_document": "api_me_document",
    "portal:receipt": "api_me_receipt",
    "portal:explanations": "api_me_explanations",
    "portal:request_explanation": "api_me_explanations",
    "portal:case_copy": "api_case_employee_copy",
    "portal:case_receipt": "api_case_receipt",
    "talks:mine": "api_me_talks",
    "talks:mine_pdf": "api_me_talk_pdf",
    "talks:mine_acknowledge": "api_me_talk_acknowledge",
    "exits:my_exit": "api_me_exit_survey",
    # PIPL (privacy/api.py): my consents and who read my data; HR's paper consents and legal holds
    "privacy:mine": "api_me_consents",
    "privacy:mine_give": "api_me_consents",
    "privacy:mine_withdraw": "api_me_consent_withdraw",
    "privacy:employee_consents": "api_employee_consents",
    "privacy:employee_consent_withdraw": "api_employee_consent_withdraw",
    "privacy:consent_scan": "api_employee_consent_scan",
    "privacy:case_holds": "api_case_holds",
    "privacy:hold_release": "api_hold_release",
}

NO_API_OPERATION: dict[str, str] = {
    # not capabilities: the site's plumbing and the browser's sign-in
    "home": "a redirect to the user's first page",
    "insights:index": "a redirect to the flags list (api_flags)",
    "healthz": "an operations probe (open, no data), not a capability",
    "set_language": "the browser's language choice; the API answers in the Accept-Language asked",
    "setup": "first-run set-up from an empty install, before any API user exists",
    "accounts:login": "the browser's sign-in; the API signs in with POST /api/token/",
    "accounts:logout": "the browser's sign-out; an API token ends after its lifetime and at logout",
    "accounts:no_access": "a page telling a user without a role that they have none (GET /api/me/ says roles: [])",
    "accounts:oidc_login": "browser single sign-on (OIDC): redirects, not an operation",
    "accounts:oidc_callback": "browser single sign-on (OIDC): redirects, not an operation",
    "accounts:wecom_login": "browser single sign-on (WeCom): redirects, not an operation",
    "accounts:wecom_callback": "browser single sign-on (WeCom): redirects, not an operation",
    "accounts:password_change": "a person changes their own password in the browser, never through a token",
    "accounts:password_change_done": "the confirmation page of a password change",
    "accounts:password_reset": "the e-mailed reset link is a browser flow for the person",
    "accounts:password_reset_done": "the confirmation page of a reset request",
    "accounts:password_reset_complete": "the confirmation page of a reset",
    "accounts:set_password": "the one-time link is opened by the person in a browser",
    "org:employee_reveal": "sensitive values are shown one at a time on the page, each read logged with its "
                           "purpose (PIPL); the API never carries them",
    "org:status_period_reveal": "a protected period's kind and notes are sensitive: shown on the page only, "
                                "each read logged (PIPL)",
    "exits:survey_by_link": "the leaver answers by a one-time e-mailed link in a browser, without a login",
    "exits:alumni_self": "the alumnus manages their consent by a one-time link in a browser",
    "insights:brief_pdf": "the PDF print of the brief; GET /api/employees/<code>/profile/ carries its data",
    "exits:report_pdf": "the PDF print of the report; GET /api/exits/report/ carries its data",
    "offboarding:fake_sign": "the local fake e-signature provider's page (tests and the demo)",
    "offboarding:fake_sign_document": "the local fake e-signature provider's document (tests and the demo)",
    # gaps, kept visible
    "settings:index": "the settings menu (links to the pages)",
    # PIPL (farewell/privacy, docs/privacy.md): the retention schedule is a setting; the purge is `farewell purge`.
}


def _ui_names() -> set[str]:
    return {name for name, route in _url_names().items() if not route.startswith("/api/")}


def test_every_ui_capability_has_an_api_operation_or_a_reason():
    ui = _ui_names()
    missing = sorted(ui - set(API_OPERATION) - set(NO_API_OPERATION))
    assert not missing, (
        f"{len(missing)} UI URL(s) with no API operation: add the operation and a row to API_OPERATION, or a "
        "row with the reason to NO_API_OPERATION (tests/api/test_api_parity.py):\n    " + "\n    ".join(missing))


def test_the_tables_name_only_pages_that_exist_and_never_both():
    ui = _ui_names()
    assert not set(API_OPERATION) & set(NO_API_OPERATION)
    stale = sorted((set(API_OPERATION) | set(NO_API_OPERATION)) - ui)
    assert not stale, f"rows for UI URLs that no longer exist: {stale}"
    assert all(reason.strip() for reason in NO_API_OPERATION.values())


@pytest.fixture(scope="module")
def schema_paths(tmp_path_factory, django_db_blocker):
    out = tmp_path_factory.mktemp("schema") / "schema.yml"
    with django_db_blocker.unblock():
        call_command("spectacular", "--validate", "--fail-on-warn", "--file", str(out))
    return set(yaml.safe_load(out.read_text(encoding="utf-8"))["paths"])


def _route(name: str) -> str:
    """The API URL's route with its converters as the schema writes them ({code}, {kind} …)."""
    routes = {n: r for n, r in _url_names().items()}
    import re

    # drf-spectacular names a `pk` path parameter `id` (SCHEMA_COERCE_PATH_PK).
    return re.sub(r"<(?:\w+:)?(\w+)>", r"{\1}", routes[name]).replace("{pk}", "{id}")


def test_every_api_operation_named_exists_and_is_in_the_schema(schema_paths):
    api_names = {name for name, route in _url_names().items() if route.startswith("/api/")}
    for ui_name, api_name in API_OPERATION.items():
        assert api_name in api_names, f"{ui_name} → {api_name}: no such API URL"
        assert _route(api_name) in schema_paths, f"{ui_name} → {api_name}: {_route(api_name)} not in the schema"


def test_the_parity_test_fails_for_a_page_without_operation_or_reason(monkeypatch):
    """Planting the failure: drop one mapped page from the table and the walk names it."""
    monkeypatch.delitem(API_OPERATION, "records:upload")
    with pytest.raises(AssertionError, match="records:upload"):
        test_every_ui_capability_has_an_api_operation_or_a_reason()
    assert reverse("records:upload")
