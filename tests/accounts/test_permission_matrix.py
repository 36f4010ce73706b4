"""Who may open what: every persona × every page and endpoint, as one readable table.

DESIGN, security model: outside one's scope → 404; in scope but not allowed for the role →
403; no login → the login page (pages) or 403 (the API, which answers for itself). An
employee never sees another employee, on a page or through the API.
"""

from __future__ import annotations

import pytest

from tests.factories import make_company, make_employee, make_unit

PERSONAS = (
    "hr_admin",
    "hrbp_sales",
    "legal",
    "manager",
    "approver",
    "employee",
    "auditor",
    "outsider",
    "anonymous",
)

LOGIN = "login"  # 302 to /accounts/login/?next=<the page>
ADMIN_LOGIN = "admin-login"  # 302 to /admin/login/: the admin is for staff, and no persona is staff
EMPLOYEES = "→/employees/"  # the home page sends each person to their first page
LEDGER = "→/ledger/"
NO_ACCESS = "→/accounts/no-access/"
PORTAL = "→/me/"

# Employees in the URLs: lisi (销售部, reports to the manager; she is the `employee` persona),
# zhaoliu (销售部, lisi's report), chenqi (研发部: outside the sales HRBP's and the manager's
# scope), foreign (another company: outside everybody's scope).
#
# Columns in PERSONAS order: hr_admin, hrbp_sales, legal, manager, approver, employee, auditor,
# outsider, anonymous.
MATRIX: dict[str, tuple] = {
    "/":                          (EMPLOYEES, EMPLOYEES, EMPLOYEES, EMPLOYEES, EMPLOYEES, PORTAL, LEDGER, NO_ACCESS, LOGIN),
    "/employees/":                (200, 200, 200, 200, 200, 403, 403, 403, LOGIN),
    "/employees/{lisi}/":         (200, 200, 200, 200, 200, 200, 404, 404, LOGIN),
    "/employees/{zhaoliu}/":      (200, 200, 200, 200, 200, 404, 404, 404, LOGIN),
    "/employees/{chenqi}/":       (200, 404, 200, 404, 200, 404, 404, 404, LOGIN),
    "/employees/{foreign}/":      (404, 404, 404, 404, 404, 404, 404, 404, LOGIN),
    "/ledger/":                   (403, 403, 403, 403, 403, 403, 200, 403, LOGIN),
    "/accounts/access-log/":      (403, 403, 403, 403, 403, 403, 200, 403, LOGIN),
    # The audit admin's exports (recorded in the ledger) and the verify button; an unknown format is 404.
    "/accounts/access-log/export.json": (403, 403, 403, 403, 403, 403, 200, 403, LOGIN),
    "/accounts/access-log/export.csv":  (403, 403, 403, 403, 403, 403, 404, 403, LOGIN),
    "/ledger/export.xlsx":        (403, 403, 403, 403, 403, 403, 200, 403, LOGIN),
    "/ledger/verify/":            (403, 403, 403, 403, 403, 403, 200, 403, LOGIN),
    # 设置 › 安全策略: the security admin's only (tests/accounts/test_separation_of_duties.py).
    "/accounts/security-policy/": (403, 403, 403, 403, 403, 403, 403, 403, LOGIN),
    # The resignation receipt: a POST (each issue is recorded), the employee's own (tests/portal).
    "/me/receipt.pdf":            (405, 405, 405, 405, 405, 405, 405, 405, LOGIN),
    # Single sign-on (docs/sso_wecom.md): open like the login page, 404 while not configured (as here);
    # configured, see tests/accounts/test_sso_oidc.py and test_sso_wecom.py.
    "/accounts/sso/oidc/login/":     (404, 404, 404, 404, 404, 404, 404, 404, 404),
    "/accounts/sso/oidc/callback/":  (404, 404, 404, 404, 404, 404, 404, 404, 404),
    "/accounts/sso/wecom/login/":    (404, 404, 404, 404, 404, 404, 404, 404, 404),
    "/accounts/sso/wecom/callback/": (404, 404, 404, 404, 404, 404, 404, 404, 404),
    "/api/docs/":                 (200, 200, 200, 200, 200, 200, 200, 200, LOGIN),
    "/api/me/":                   (200, 200, 200, 200, 200, 200, 200, 200, 403),
    "/api/employees/":            (200, 200, 200, 200, 200, 403, 403, 403, 403),
    # The API's permission class answers 403 to a role that may never view an employee
    # (auditor, outsider) whatever the code, so it reveals nothing; in-role, out of scope → 404.
    "/api/employees/{lisi}/":     (200, 200, 200, 200, 200, 200, 403, 403, 403),
    "/api/employees/{zhaoliu}/":  (200, 200, 200, 200, 200, 404, 403, 403, 403),
    "/api/employees/{chenqi}/":   (200, 404, 200, 404, 200, 404, 403, 403, 403),
    "/api/employees/{foreign}/":  (404, 404, 404, 404, 404, 404, 403, 403, 403),
    "/api/org-units/":            (200, 200, 200, 200, 200, 403, 403, 403, 403),
    "/api/ledger/":               (403, 403, 403, 403, 403, 403, 200, 403, 403),
    "/api/ledger/verify/":        (403, 403, 403, 403, 403, 403, 200, 403, 403),
    # The whole API (issue 19): records, imports, profile and flags, settings, users and grants, exports,
    # exits, civil-service steps and layoff batches. Missing objects (…aa, 999999): 404 for a role that may
    # use the endpoint, 403 for one that may not (nothing revealed); POST-only endpoints answer a GET 405.
    "/api/case-settings/":                                             (200, 403, 403, 403, 403, 403, 403, 403, 403),
    "/api/cases/00000000-0000-0000-0000-0000000000aa/civil-service/answer/": (405, 405, 403, 403, 403, 403, 403, 403, 403),
    "/api/cases/00000000-0000-0000-0000-0000000000aa/civil-service/delivery/": (405, 405, 403, 403, 403, 403, 403, 403, 403),
    "/api/cases/00000000-0000-0000-0000-0000000000aa/civil-service/leading-member/": (405, 405, 403, 403, 403, 403, 403, 403, 403),
    "/api/compensation-policies/":                                     (200, 403, 403, 403, 403, 403, 403, 403, 403),
    "/api/employees/{lisi}/flags/":                                    (200, 200, 200, 200, 403, 403, 403, 403, 403),
    "/api/employees/{lisi}/invite/":                                   (405, 405, 403, 403, 403, 403, 403, 403, 403),
    "/api/employees/{lisi}/profile/":                                  (200, 200, 200, 200, 403, 403, 403, 403, 403),
    "/api/exits/actions/":                                             (200, 200, 403, 403, 200, 403, 403, 403, 403),
    "/api/exits/actions/00000000-0000-0000-0000-0000000000aa/":        (404, 404, 403, 403, 404, 403, 403, 403, 403),
    "/api/exits/departures/":                                          (200, 200, 403, 403, 403, 403, 403, 403, 403),
    "/api/exits/departures/00000000-0000-0000-0000-0000000000aa/":     (404, 404, 403, 403, 403, 403, 403, 403, 403),
    "/api/exits/departures/00000000-0000-0000-0000-0000000000aa/classify/": (405, 405, 403, 403, 403, 403, 403, 403, 403),
    "/api/exits/departures/00000000-0000-0000-0000-0000000000aa/interviews/": (405, 405, 403, 403, 403, 403, 403, 403, 403),
    "/api/exits/departures/00000000-0000-0000-0000-0000000000aa/rehire/": (405, 405, 403, 403, 403, 403, 403, 403, 403),
    "/api/exits/departures/00000000-0000-0000-0000-0000000000aa/manager-feedback/": (405, 405, 403, 403, 403, 403, 403, 403, 403),
    "/api/exits/departures/00000000-0000-0000-0000-0000000000aa/summary/": (405, 405, 403, 403, 403, 403, 403, 403, 403),
    "/api/exits/departures/00000000-0000-0000-0000-0000000000aa/survey/": (405, 405, 403, 403, 403, 403, 403, 403, 403),
    # One's own notifications: anyone holding a role (the outsider holds none).
    "/api/notifications/":                                             (200, 200, 200, 200, 200, 200, 200, 403, 403),
    "/api/notifications/unread/":                                      (200, 200, 200, 200, 200, 200, 200, 403, 403),
    "/api/notifications/read-all/":                                    (405, 405, 405, 405, 405, 405, 405, 403, 403),
    "/api/notifications/999999/read/":                                 (405, 405, 405, 405, 405, 405, 405, 403, 403),
    "/api/exits/departures/00000000-0000-0000-0000-0000000000aa/verify/": (405, 405, 403, 403, 403, 403, 403, 403, 403),
    "/api/exits/interviews/00000000-0000-0000-0000-0000000000aa/":     (404, 404, 403, 403, 403, 403, 403, 403, 403),
    "/api/exits/interviews/00000000-0000-0000-0000-0000000000aa/correct/": (405, 405, 403, 403, 403, 403, 403, 403, 403),
    "/api/exits/interviews/00000000-0000-0000-0000-0000000000aa/sign/": (405, 405, 403, 403, 403, 403, 403, 403, 403),
    "/api/exits/report/":                                              (200, 200, 403, 403, 200, 403, 403, 403, 403),
    "/api/exits/report/export/":                                       (200, 200, 403, 403, 200, 403, 403, 403, 403),
    "/api/exits/survey-results/":                                      (200, 200, 403, 403, 200, 403, 403, 403, 403),
    # The case pages' other capabilities (tests/api/test_case_pages_api.py): open a case (POST only), messages,
    # 待办, and the case files (a missing one is 404 to whoever may view cases, 403 to the others).
    "/api/employees/{lisi}/cases/":                                    (405, 405, 403, 405, 403, 403, 403, 403, 403),
    "/api/employees/{chenqi}/cases/":                                  (405, 405, 403, 405, 403, 403, 403, 403, 403),
    "/api/cases/{lisi_case}/messages/":                                (200, 200, 200, 200, 200, 403, 403, 403, 403),
    "/api/cases/00000000-0000-0000-0000-0000000000aa/notice-evidence/": (404, 404, 404, 404, 404, 403, 403, 403, 403),
    "/api/cases/steps/00000000-0000-0000-0000-0000000000aa/document/": (404, 404, 404, 404, 404, 403, 403, 403, 403),
    "/api/cases/civil-service/documents/{cs_answer}/":                 (200, 200, 200, 200, 200, 403, 403, 403, 403),
    "/api/layoffs/filings/00000000-0000-0000-0000-0000000000aa/document/": (404, 404, 404, 404, 404, 403, 403, 403, 403),
    "/api/inbox/":                                                     (200, 200, 200, 200, 200, 403, 403, 403, 403),
    "/api/inbox/layoff-steps/":                                        (200, 200, 200, 200, 200, 403, 403, 403, 403),
    "/api/inbox/unrouted/":                                            (200, 200, 200, 200, 200, 403, 403, 403, 403),
    # Offboarding through the API (tests/offboarding/test_api*.py): 交接 for whoever hands over or receives (all but
    # the auditor); a case's offboarding and settlement for those who see it, its documents for HR, legal and
    # approvers, the rest HR's; the settlement's approval the approver's; a former employee's own downloads
    # (404 to every other login); 离职办理 settings the HR admin's. POST-only endpoints answer a GET 405.
    "/api/offboarding/":                                                (200, 200, 200, 200, 200, 200, 403, 403, 403),
    "/api/offboarding/cases/{lisi_case}/":                              (200, 200, 200, 200, 200, 403, 403, 403, 403),
    "/api/offboarding/cases/00000000-0000-0000-0000-0000000000aa/prepare/": (405, 405, 403, 403, 403, 403, 403, 403, 403),
    "/api/offboarding/cases/00000000-0000-0000-0000-0000000000aa/items/": (405, 405, 403, 403, 403, 403, 403, 403, 403),
    "/api/offboarding/items/00000000-0000-0000-0000-0000000000aa/":     (404, 404, 404, 404, 404, 404, 403, 403, 403),
    "/api/offboarding/items/00000000-0000-0000-0000-0000000000aa/tick/": (405, 405, 405, 405, 405, 405, 403, 403, 403),
    "/api/offboarding/items/00000000-0000-0000-0000-0000000000aa/confirm/": (405, 405, 405, 405, 405, 405, 403, 403, 403),
    "/api/offboarding/items/00000000-0000-0000-0000-0000000000aa/return/": (405, 405, 405, 405, 405, 405, 403, 403, 403),
    "/api/offboarding/items/00000000-0000-0000-0000-0000000000aa/wecom/": (405, 405, 403, 403, 403, 403, 403, 403, 403),
    "/api/offboarding/duties/00000000-0000-0000-0000-0000000000aa/done/": (405, 405, 403, 403, 403, 403, 403, 403, 403),
    "/api/offboarding/duties/00000000-0000-0000-0000-0000000000aa/waive/": (405, 405, 403, 403, 403, 403, 403, 403, 403),
    "/api/offboarding/cases/{lisi_case}/settlement/":                   (200, 200, 200, 200, 200, 403, 403, 403, 403),
    "/api/offboarding/settlements/00000000-0000-0000-0000-0000000000aa/approve/": (403, 403, 403, 403, 405, 403, 403, 403, 403),
    "/api/offboarding/settlements/00000000-0000-0000-0000-0000000000aa/revise/": (405, 405, 403, 403, 403, 403, 403, 403, 403),
    "/api/offboarding/settlements/00000000-0000-0000-0000-0000000000aa/pay/": (405, 405, 403, 403, 403, 403, 403, 403, 403),
    "/api/offboarding/cases/{lisi_case}/documents/":                    (200, 200, 200, 403, 200, 403, 403, 403, 403),
    "/api/offboarding/documents/00000000-0000-0000-0000-0000000000aa/sign/": (405, 405, 403, 403, 403, 403, 403, 403, 403),
    "/api/offboarding/documents/00000000-0000-0000-0000-0000000000aa/wet-signature/": (405, 405, 403, 403, 403, 403, 403, 403, 403),
    "/api/offboarding/documents/00000000-0000-0000-0000-0000000000aa/pdf/": (404, 404, 404, 403, 404, 403, 403, 403, 403),
    "/api/offboarding/signatures/00000000-0000-0000-0000-0000000000aa/signed/": (404, 404, 404, 403, 404, 403, 403, 403, 403),
    "/api/offboarding/layoffs/00000000-0000-0000-0000-0000000000aa/documents/": (405, 405, 403, 403, 403, 403, 403, 403, 403),
    "/api/offboarding/jobs/00000000-0000-0000-0000-0000000000aa/":      (404, 404, 403, 403, 403, 403, 403, 403, 403),
    "/api/offboarding/former/":                                         (404, 404, 404, 404, 404, 404, 404, 404, 403),
    "/api/offboarding/former/documents/00000000-0000-0000-0000-0000000000aa/": (404, 404, 404, 404, 404, 404, 404, 404, 403),
    "/api/offboarding/cases/00000000-0000-0000-0000-0000000000aa/former-access/": (405, 405, 403, 403, 403, 403, 403, 403, 403),
    "/api/offboarding/cases/00000000-0000-0000-0000-0000000000aa/former-access/revoke/": (405, 405, 403, 403, 403, 403, 403, 403, 403),
    "/api/offboarding/settings/":                                       (200, 403, 403, 403, 403, 403, 403, 403, 403),
    "/api/offboarding/settings/handover-templates/":                    (200, 403, 403, 403, 403, 403, 403, 403, 403),
    "/api/offboarding/settings/handover-templates/999999/":             (404, 403, 403, 403, 403, 403, 403, 403, 403),
    "/api/offboarding/settings/documents/certificate/template.docx":    (200, 403, 403, 403, 403, 403, 403, 403, 403),
    "/api/offboarding/settings/documents/certificate/upload/":          (405, 403, 403, 403, 403, 403, 403, 403, 403),
    "/api/exits/alumni/":                                              (200, 200, 403, 403, 403, 403, 403, 403, 403),
    "/api/exits/departures/00000000-0000-0000-0000-0000000000aa/alumni/": (405, 405, 403, 403, 403, 403, 403, 403, 403),
    "/api/exits/employees/{lisi}/departure/":                          (405, 405, 403, 403, 403, 403, 403, 403, 403),
    # Exits settings (each company's own; tests/exits/test_company_settings.py for another company's).
    "/api/exits/reasons/":                                             (200, 403, 403, 403, 403, 403, 403, 403, 403),
    "/api/exits/reasons/999999/":                                      (404, 403, 403, 403, 403, 403, 403, 403, 403),
    "/api/exits/survey-questions/":                                    (200, 403, 403, 403, 403, 403, 403, 403, 403),
    "/api/exits/replacement-costs/":                                   (200, 403, 403, 403, 403, 403, 403, 403, 403),
    "/api/exports/cases/":                                             (200, 200, 200, 200, 200, 403, 403, 403, 403),
    "/api/exports/employees/":                                         (200, 200, 403, 403, 403, 403, 403, 403, 403),
    "/api/exports/flags/":                                             (200, 200, 200, 200, 403, 403, 403, 403, 403),
    "/api/exports/records/reviews/":                                   (200, 200, 403, 403, 403, 403, 403, 403, 403),
    "/api/flags/":                                                     (200, 200, 200, 200, 403, 403, 403, 403, 403),
    "/api/imports/":                                                   (200, 200, 403, 403, 403, 403, 403, 403, 403),
    "/api/imports/00000000-0000-0000-0000-0000000000aa/":              (404, 404, 403, 403, 403, 403, 403, 403, 403),
    "/api/imports/00000000-0000-0000-0000-0000000000aa/confirm/":      (405, 405, 403, 403, 403, 403, 403, 403, 403),
    "/api/imports/00000000-0000-0000-0000-0000000000aa/progress/":     (404, 404, 403, 403, 403, 403, 403, 403, 403),
    "/api/imports/kinds/":                                             (200, 200, 403, 403, 403, 403, 403, 403, 403),
    "/api/imports/templates/reviews/":                                 (200, 200, 403, 403, 403, 403, 403, 403, 403),
    "/api/layoffs/":                                                   (200, 200, 200, 200, 200, 403, 403, 403, 403),
    "/api/layoffs/00000000-0000-0000-0000-0000000000aa/":              (404, 404, 404, 404, 404, 403, 403, 403, 403),
    "/api/layoffs/00000000-0000-0000-0000-0000000000aa/action/":       (405, 405, 403, 403, 403, 403, 403, 403, 403),
    "/api/layoffs/00000000-0000-0000-0000-0000000000aa/answers/":      (405, 405, 403, 403, 403, 403, 403, 403, 403),
    "/api/layoffs/00000000-0000-0000-0000-0000000000aa/filings/union/": (405, 405, 403, 403, 403, 403, 403, 403, 403),
    "/api/layoffs/00000000-0000-0000-0000-0000000000aa/members/":      (405, 405, 403, 403, 403, 403, 403, 403, 403),
    "/api/layoffs/00000000-0000-0000-0000-0000000000aa/members/00000000-0000-0000-0000-0000000000aa/remove/": (405, 405, 403, 403, 403, 403, 403, 403, 403),
    "/api/layoffs/steps/00000000-0000-0000-0000-0000000000aa/decide/": (403, 405, 405, 405, 405, 403, 403, 403, 403),
    "/api/records/commitments/":                                       (200, 200, 200, 200, 200, 403, 403, 403, 403),
    "/api/records/commitments/999999/":                                (404, 404, 404, 404, 404, 403, 403, 403, 403),
    "/api/records/contributions/":                                     (200, 200, 200, 200, 200, 403, 403, 403, 403),
    "/api/records/contributions/999999/":                              (404, 404, 404, 404, 404, 403, 403, 403, 403),
    "/api/records/feedback360/":                                       (200, 200, 200, 200, 200, 403, 403, 403, 403),
    "/api/records/feedback360/999999/":                                (404, 404, 404, 404, 404, 403, 403, 403, 403),
    "/api/records/metrics/":                                           (200, 200, 200, 200, 200, 403, 403, 403, 403),
    "/api/records/metrics/999999/":                                    (404, 404, 404, 404, 404, 403, 403, 403, 403),
    "/api/records/reviews/":                                           (200, 200, 200, 200, 200, 403, 403, 403, 403),
    "/api/records/reviews/999999/":                                    (404, 404, 404, 404, 404, 403, 403, 403, 403),
    "/api/records/rewards/":                                           (200, 200, 200, 200, 200, 403, 403, 403, 403),
    "/api/records/rewards/999999/":                                    (404, 404, 404, 404, 404, 403, 403, 403, 403),
    "/api/records/surveys/":                                           (200, 200, 200, 200, 200, 403, 403, 403, 403),
    "/api/records/surveys/999999/":                                    (404, 404, 404, 404, 404, 403, 403, 403, 403),
    "/api/records/training/":                                          (200, 200, 200, 200, 200, 403, 403, 403, 403),
    "/api/records/training/999999/":                                   (404, 404, 404, 404, 404, 403, 403, 403, 403),
    "/api/records/values/":                                            (200, 200, 200, 200, 200, 403, 403, 403, 403),
    "/api/records/values/999999/":                                     (404, 404, 404, 404, 404, 403, 403, 403, 403),
    "/api/users/":                                                     (200, 403, 403, 403, 403, 403, 403, 403, 403),
    "/api/users/lisi/":                                                (200, 403, 403, 403, 403, 403, 403, 403, 403),
    "/api/users/lisi/deactivate/":                                     (405, 403, 403, 403, 403, 403, 403, 403, 403),
    "/api/users/lisi/grants/":                                         (405, 403, 403, 403, 403, 403, 403, 403, 403),
    "/api/users/lisi/grants/999999/revoke/":                           (405, 403, 403, 403, 403, 403, 403, 403, 403),
    "/api/users/lisi/reactivate/":                                     (405, 403, 403, 403, 403, 403, 403, 403, 403),
    "/api/users/lisi/send-link/":                                      (405, 403, 403, 403, 403, 403, 403, 403, 403),
    "/api/users/bulk/managers/":                                       (405, 403, 403, 403, 403, 403, 403, 403, 403),
    "/api/users/bulk/unit/":                                           (405, 403, 403, 403, 403, 403, 403, 403, 403),
    "/api/workflows/":                                                 (200, 403, 403, 403, 403, 403, 403, 403, 403),
    # The audit admin's access log and exports (accounts/api_audit.py); the login admins' mail outbox and lock.
    "/api/access-log/":                                                (403, 403, 403, 403, 403, 403, 200, 403, 403),
    "/api/access-log/export/json/":                                    (403, 403, 403, 403, 403, 403, 200, 403, 403),
    "/api/ledger/export/xlsx/":                                        (403, 403, 403, 403, 403, 403, 200, 403, 403),
    "/api/mail/":                                                      (200, 403, 403, 403, 403, 403, 403, 403, 403),
    "/api/mail/999999/send-again/":                                    (405, 403, 403, 403, 403, 403, 403, 403, 403),
    "/api/users/lisi/unlock/":                                         (405, 403, 403, 403, 403, 403, 403, 403, 403),
    # Attrition risk, survival, explanation requests (HR only, PIPL Art. 24); the risk setting and flag rules.
    "/api/insights/risk/":                                             (200, 200, 403, 403, 403, 403, 403, 403, 403),
    "/api/insights/risk/model/":                                       (200, 200, 403, 403, 403, 403, 403, 403, 403),
    "/api/insights/risk/train/":                                       (405, 403, 403, 403, 403, 403, 403, 403, 403),
    "/api/insights/risk/train/00000000-0000-0000-0000-0000000000aa/":  (404, 404, 403, 403, 403, 403, 403, 403, 403),
    "/api/insights/risk/settings/":                                    (200, 403, 403, 403, 403, 403, 403, 403, 403),
    "/api/insights/survival/":                                         (200, 200, 403, 403, 403, 403, 403, 403, 403),
    "/api/insights/explanations/":                                     (200, 200, 403, 403, 403, 403, 403, 403, 403),
    "/api/insights/explanations/00000000-0000-0000-0000-0000000000aa/": (404, 404, 403, 403, 403, 403, 403, 403, 403),
    "/api/settings/flag-rules/":                                       (200, 403, 403, 403, 403, 403, 403, 403, 403),
    "/api/settings/flag-rules/key_contributor/":                       (200, 403, 403, 403, 403, 403, 403, 403, 403),
    # Talks (talks/api_writes.py): the lists, writes (HR; POST only: a GET is 405), downloads, settings (HR admin).
    "/api/talks/conversations/":                                       (200, 200, 200, 200, 403, 403, 403, 403, 403),
    "/api/talks/plans/":                                               (200, 200, 200, 403, 403, 403, 403, 403, 403),
    "/api/talks/employees/{lisi}/plans/":                              (200, 200, 200, 403, 403, 403, 403, 403, 403),
    "/api/talks/employees/{chenqi}/plans/":                            (200, 404, 200, 403, 403, 403, 403, 403, 403),
    "/api/talks/employees/{foreign}/plans/":                           (404, 404, 404, 403, 403, 403, 403, 403, 403),
    "/api/talks/plans/00000000-0000-0000-0000-0000000000aa/conversations/": (405, 405, 403, 403, 403, 403, 403, 403, 403),
    "/api/talks/conversations/00000000-0000-0000-0000-0000000000aa/checklist/1/": (405, 405, 403, 403, 403, 403, 403, 403, 403),
    "/api/talks/conversations/00000000-0000-0000-0000-0000000000aa/attachments/": (405, 405, 403, 403, 403, 403, 403, 403, 403),
    "/api/talks/conversations/00000000-0000-0000-0000-0000000000aa/sign/": (405, 405, 403, 403, 403, 403, 403, 403, 403),
    "/api/talks/conversations/00000000-0000-0000-0000-0000000000aa/correct/": (405, 405, 403, 403, 403, 403, 403, 403, 403),
    "/api/talks/attachments/00000000-0000-0000-0000-0000000000aa/":    (404, 404, 404, 404, 403, 403, 403, 403, 403),
    "/api/talks/cases/00000000-0000-0000-0000-0000000000aa/package/":  (405, 405, 405, 403, 403, 403, 403, 403, 403),
    "/api/talks/templates/":                                           (200, 403, 403, 403, 403, 403, 403, 403, 403),
    "/api/talks/templates/mutual_agreement/":                          (200, 403, 403, 403, 403, 403, 403, 403, 403),
    "/api/talks/phrases/":                                             (200, 403, 403, 403, 403, 403, 403, 403, 403),
    # Installation settings (settings.manage; the security policy is the security admin's, no persona here) and
    # one org unit (the whole company's HR admin): missing objects 404 to the HR admin, 403 to everyone else.
    "/api/settings/holidays/":                                         (200, 403, 403, 403, 403, 403, 403, 403, 403),
    "/api/settings/holidays/999999/":                                  (404, 403, 403, 403, 403, 403, 403, 403, 403),
    "/api/settings/local-wages/":                                      (200, 403, 403, 403, 403, 403, 403, 403, 403),
    "/api/settings/local-wages/999999/":                               (404, 403, 403, 403, 403, 403, 403, 403, 403),
    "/api/settings/metrics/":                                          (200, 403, 403, 403, 403, 403, 403, 403, 403),
    "/api/settings/metrics/late_count/deactivate/":                    (405, 403, 403, 403, 403, 403, 403, 403, 403),
    "/api/settings/security-policy/":                                  (403, 403, 403, 403, 403, 403, 403, 403, 403),
    "/api/org-units/999999/":                                          (404, 403, 403, 403, 403, 403, 403, 403, 403),
    "/api/org-units/999999/head/":                                     (405, 403, 403, 403, 403, 403, 403, 403, 403),
    "/api/workflows/misconduct/":                                       (200, 403, 403, 403, 403, 403, 403, 403, 403),
    "/cases/calculator/":         (200, 200, 200, 403, 403, 403, 403, 403, LOGIN),
    "/cases/calculator/?employee={lisi}":   (200, 200, 200, 403, 403, 403, 403, 403, LOGIN),
    "/cases/calculator/?employee={chenqi}": (200, 404, 200, 403, 403, 403, 403, 403, LOGIN),
    "/me/":                       (403, 403, 403, 403, 403, 200, 403, 403, LOGIN),
    # One's own signed document only (tests/offboarding/test_signed_offers.py for a real one).
    "/me/documents/00000000-0000-0000-0000-0000000000aa/": (403, 403, 403, 403, 403, 404, 403, 403, LOGIN),
    "/settings/wages/":           (200, 403, 403, 403, 403, 403, 403, 403, LOGIN),
    # 交接: whoever hands over or receives an item (every role but the auditor's); 离职办理 settings: the HR admin.
    "/offboarding/":              (200, 200, 200, 200, 200, 200, 403, 403, LOGIN),
    "/offboarding/settings/":     (200, 403, 403, 403, 403, 403, 403, 403, LOGIN),
    "/offboarding/settings/documents/certificate/template.docx": (200, 403, 403, 403, 403, 403, 403, 403, LOGIN),
    "/offboarding/former/":       (404, 404, 404, 404, 404, 404, 404, 404, LOGIN),  # a former employee's own login only
    # Offboarding objects that do not exist (their access is tested in tests/offboarding): POST-only actions
    # answer a GET with 405; the fake e-signature page is the signer's (an employee) and off unless configured.
    "/offboarding/esign-fake/nosuchflow/":              (403, 403, 403, 403, 403, 404, 403, 403, LOGIN),
    "/offboarding/esign-fake/nosuchflow/document.pdf":  (403, 403, 403, 403, 403, 404, 403, 403, LOGIN),
    "/offboarding/former/documents/00000000-0000-0000-0000-0000000000aa/":        (404, 404, 404, 404, 404, 404, 404, 404, LOGIN),
    "/offboarding/signatures/00000000-0000-0000-0000-0000000000aa/signed/":       (404, 404, 404, 404, 404, 404, 404, 404, LOGIN),
    "/offboarding/cases/00000000-0000-0000-0000-0000000000aa/former-access/":     (405, 405, 405, 405, 405, 405, 405, 405, LOGIN),
    "/offboarding/cases/00000000-0000-0000-0000-0000000000aa/former-access/revoke/": (405, 405, 405, 405, 405, 405, 405, 405, LOGIN),
    "/offboarding/items/00000000-0000-0000-0000-0000000000aa/wecom/":             (405, 405, 405, 405, 405, 405, 405, 405, LOGIN),
    "/offboarding/documents/00000000-0000-0000-0000-0000000000aa/sign/":          (405, 405, 405, 405, 405, 405, 405, 405, LOGIN),
    "/offboarding/documents/00000000-0000-0000-0000-0000000000aa/wet-signature/": (405, 405, 405, 405, 405, 405, 405, 405, LOGIN),
    # Exits: individual departures are HR's; the turnover report and actions also leadership's; the leaver's own survey.
    "/exits/":                    (200, 200, 403, 403, 403, 403, 403, 403, LOGIN),
    "/exits/report/":             (200, 200, 403, 403, 200, 403, 403, 403, LOGIN),
    "/exits/report/survey/":      (200, 200, 403, 403, 200, 403, 403, 403, LOGIN),
    "/exits/actions/":            (200, 200, 403, 403, 200, 403, 403, 403, LOGIN),
    "/exits/mine/":               (403, 403, 403, 403, 403, 200, 403, 403, LOGIN),
    "/exits/settings/reasons/":   (200, 403, 403, 403, 403, 403, 403, 403, LOGIN),
    "/exits/settings/reasons/999999/": (404, 403, 403, 403, 403, 403, 403, 403, LOGIN),
    "/exits/settings/questions/": (200, 403, 403, 403, 403, 403, 403, 403, LOGIN),
    "/exits/settings/replacement-costs/": (200, 403, 403, 403, 403, 403, 403, 403, LOGIN),
    "/exits/alumni/":             (200, 200, 403, 403, 403, 403, 403, 403, LOGIN),
    "/exits/report/pdf/":         (200, 200, 403, 403, 200, 403, 403, 403, LOGIN),
    # A leaver's own links by token, open without a login like the set-password link: an unknown
    # token is refused to everyone, signed in or not (tests/exits for a real one).
    "/exits/s/x/":                (403, 403, 403, 403, 403, 403, 403, 403, 403),
    "/exits/alumni/me/x/":        (403, 403, 403, 403, 403, 403, 403, 403, 403),
    # POST only: a GET is 405 for anyone signed in, whatever the departure (nothing is revealed).
    "/exits/departures/00000000-0000-0000-0000-000000000009/survey/email/":
                                  (405, 405, 405, 405, 405, 405, 405, 405, LOGIN),
    "/exits/departures/00000000-0000-0000-0000-000000000009/alumni/":
                                  (405, 405, 405, 405, 405, 405, 405, 405, LOGIN),
    "/settings/holidays/":        (200, 403, 403, 403, 403, 403, 403, 403, LOGIN),
    # Civil-service cases (cases/civil_service_views.py): {cs_case} is 孙九's 辞去公职 (a civil servant of 销售部),
    # {cs_answer} the evidence of one of its checklist answers. The actions are POST only: a GET is 405.
    "/cases/{cs_case}/civil-service/answer/":          (405, 405, 405, 405, 405, 405, 405, 405, LOGIN),
    "/cases/{cs_case}/civil-service/leading-member/":  (405, 405, 405, 405, 405, 405, 405, 405, LOGIN),
    "/cases/{cs_case}/civil-service/delivery/":        (405, 405, 405, 405, 405, 405, 405, 405, LOGIN),
    "/cases/civil-service/documents/{cs_answer}/":     (200, 200, 200, 200, 200, 404, 404, 404, LOGIN),
    # POST only: a GET from a role that may compute is 405, from any other 403.
    "/api/law/compute":           (405, 405, 405, 403, 403, 403, 403, 403, 403),
    # Layoff batches (cases/layoffs.py): {sales_batch} is 李四 and 赵六 (the manager's reports; 李四 is the
    # employee persona: in scope, not allowed), {rnd_batch} is 陈七, {foreign_batch} another company's.
    "/cases/layoffs/":            (200, 200, 200, 200, 200, 403, 403, 403, LOGIN),
    "/cases/layoff/":             (200, 200, 403, 403, 403, 403, 403, 403, LOGIN),
    "/cases/layoff/{sales_batch}/":   (200, 200, 200, 200, 200, 403, 404, 404, LOGIN),
    "/cases/layoff/{rnd_batch}/":     (200, 404, 200, 404, 200, 404, 404, 404, LOGIN),
    "/cases/layoff/{foreign_batch}/": (404, 404, 404, 404, 404, 404, 404, 404, LOGIN),
    # The attrition-risk overview (unit aggregates) and its model card: HR only (PIPL Art. 24).
    # /insights/ opens the flags list (the navbar's 预警), for those who may see it.
    "/insights/":                 ("→/insights/flags/", "→/insights/flags/", "→/insights/flags/", "→/insights/flags/",
                                   403, 403, 403, 403, LOGIN),
    "/insights/risk/":            (200, 200, 403, 403, 403, 403, 403, 403, LOGIN),
    "/insights/risk/model/":      (200, 200, 403, 403, 403, 403, 403, 403, LOGIN),
    "/insights/risk/train/":      (405, 405, 405, 405, 405, 405, 405, 405, LOGIN),  # POST only
    "/insights/risk/settings/":   (405, 405, 405, 405, 405, 405, 405, 405, LOGIN),  # POST only
    # PIPL (farewell/privacy): the employee's own consents and reads; a person's consents (HR in scope); a
    # case's legal hold (HR in scope; {lisi_case} is 李四's case); the retention schedule (the HR admin).
    # POST-only actions answer a GET with 405.
    "/privacy/me/":               (403, 403, 403, 403, 403, 200, 403, 403, LOGIN),
    "/privacy/me/consent/":       (405, 405, 405, 405, 405, 405, 405, 405, LOGIN),
    "/privacy/me/consent/00000000-0000-0000-0000-0000000000aa/withdraw/": (405, 405, 405, 405, 405, 405, 405, 405, LOGIN),
    "/privacy/employees/{lisi}/consents/":   (200, 200, 403, 403, 403, 403, 404, 404, LOGIN),
    "/privacy/employees/{chenqi}/consents/": (200, 404, 403, 404, 403, 404, 404, 404, LOGIN),
    "/privacy/employees/{foreign}/consents/": (404, 404, 404, 404, 404, 404, 404, 404, LOGIN),
    "/privacy/employees/{lisi}/consents/00000000-0000-0000-0000-0000000000aa/withdraw/":
                                  (405, 405, 405, 405, 405, 405, 405, 405, LOGIN),
    "/privacy/employees/{lisi}/consents/00000000-0000-0000-0000-0000000000aa/scan/":
                                  (404, 404, 403, 403, 403, 403, 404, 404, LOGIN),
    "/privacy/cases/{lisi_case}/holds/":  (200, 200, 403, 403, 403, 403, 404, 404, LOGIN),
    "/privacy/holds/00000000-0000-0000-0000-0000000000aa/release/": (405, 405, 405, 405, 405, 405, 405, 405, LOGIN),
    "/privacy/retention/":        (200, 403, 403, 403, 403, 403, 403, 403, LOGIN),
    "/api/privacy/retention/":    (200, 403, 403, 403, 403, 403, 403, 403, 403),
    # The HR admin lifts an account's login lock (accounts/lockout.py): POST only, a GET is 405 for anyone
    # signed in (tests/accounts/test_lockout_and_tokens.py for who may POST).
    "/accounts/user/hrbp/unlock/": (405, 405, 405, 405, 405, 405, 405, 405, LOGIN),
    # Time to exit by cohort (Kaplan–Meier, cohorts under 5 suppressed): HR only, in their units.
    "/insights/survival/":        (200, 200, 403, 403, 403, 403, 403, 403, LOGIN),
    # Employees' requests for an explanation (PIPL Art. 24): HR in scope answers; the employee asks in the portal.
    "/insights/explanations/":    (200, 200, 403, 403, 403, 403, 403, 403, LOGIN),
    "/insights/explanations/00000000-0000-0000-0000-0000000000aa/": (404, 404, 403, 403, 403, 403, 403, 403, LOGIN),
    # An employee's records of one kind, all of them, and a record's own address (issue 14): the profile's
    # access (insights.view on the person); an unknown record is 404 to those who may read the profile.
    "/insights/employees/{lisi}/records/performancereview/":   (200, 200, 200, 200, 403, 403, 404, 404, LOGIN),
    "/insights/employees/{chenqi}/records/feedback360/":       (200, 404, 200, 404, 403, 404, 404, 404, LOGIN),
    "/insights/employees/{lisi}/records/performancereview/999999/": (404, 404, 404, 404, 403, 403, 404, 404, LOGIN),
    "/me/explanations/":          (403, 403, 403, 403, 403, 200, 403, 403, LOGIN),
    "/me/explanations/request/":  (405, 405, 405, 405, 405, 405, 405, 405, LOGIN),  # POST only
    # The employee's self-service as an API (/api/me/…, portal/api.py, privacy/api.py): the employee persona's
    # own data only; every other role 403 (no login: 403, the API answers for itself). POST-only: a GET is 405.
    "/api/me/summary/":           (403, 403, 403, 403, 403, 200, 403, 403, 403),
    "/api/me/estimate/":          (403, 403, 403, 403, 403, 200, 403, 403, 403),
    "/api/me/resignation/":       (403, 403, 403, 403, 403, 405, 403, 403, 403),
    "/api/me/negotiation/":       (403, 403, 403, 403, 403, 405, 403, 403, 403),
    "/api/me/case/confirm/":      (403, 403, 403, 403, 403, 405, 403, 403, 403),
    "/api/me/messages/":          (403, 403, 403, 403, 403, 200, 403, 403, 403),
    "/api/me/demands/":           (403, 403, 403, 403, 403, 200, 403, 403, 403),
    "/api/me/receipt/pdf/":       (403, 403, 403, 403, 403, 405, 403, 403, 403),
    "/api/me/copy/":              (403, 403, 403, 403, 403, 405, 403, 403, 403),
    "/api/me/documents/":         (403, 403, 403, 403, 403, 200, 403, 403, 403),
    "/api/me/documents/00000000-0000-0000-0000-0000000000aa/": (403, 403, 403, 403, 403, 404, 403, 403, 403),
    "/api/me/explanations/":      (403, 403, 403, 403, 403, 200, 403, 403, 403),
    "/api/me/talks/":             (403, 403, 403, 403, 403, 200, 403, 403, 403),
    "/api/me/talks/00000000-0000-0000-0000-0000000000aa/pdf/": (403, 403, 403, 403, 403, 404, 403, 403, 403),
    "/api/me/talks/00000000-0000-0000-0000-0000000000aa/acknowledge/": (403, 403, 403, 403, 403, 405, 403, 403, 403),
    "/api/me/exit-survey/":       (403, 403, 403, 403, 403, 200, 403, 403, 403),
    "/api/me/consents/":          (403, 403, 403, 403, 403, 200, 403, 403, 403),
    "/api/me/consents/00000000-0000-0000-0000-0000000000aa/withdraw/": (403, 403, 403, 403, 403, 405, 403, 403, 403),
    "/api/me/reads/":             (403, 403, 403, 403, 403, 200, 403, 403, 403),
    # HR's downloads for the employee: the resignation receipt (case.edit: HR) and the employee's copy of a case
    # (talks.export: HR, legal), both POST (each issue recorded); the page's twin for the receipt.
    "/api/cases/{lisi_case}/resignation-receipt/pdf/": (405, 405, 403, 403, 403, 403, 403, 403, 403),
    "/api/cases/{lisi_case}/employee-copy/":           (405, 405, 405, 403, 403, 403, 403, 403, 403),
    "/me/cases/{lisi_case}/receipt.pdf":               (405, 405, 405, 405, 405, 405, 405, 405, LOGIN),
    # PIPL for HR (privacy/api.py): a person's paper consents (privacy.consents) and a case's legal holds
    # (privacy.hold), HR in scope; a role that may never use them is 403 whatever the code.
    "/api/employees/{lisi}/consents/":    (200, 200, 403, 403, 403, 403, 403, 403, 403),
    "/api/employees/{chenqi}/consents/":  (200, 404, 403, 403, 403, 403, 403, 403, 403),
    "/api/employees/{foreign}/consents/": (404, 404, 403, 403, 403, 403, 403, 403, 403),
    "/api/employees/{lisi}/consents/00000000-0000-0000-0000-0000000000aa/withdraw/":
                                  (405, 405, 403, 403, 403, 403, 403, 403, 403),
    "/api/employees/{lisi}/consents/00000000-0000-0000-0000-0000000000aa/scan/":
                                  (404, 404, 403, 403, 403, 403, 403, 403, 403),
    "/api/cases/{lisi_case}/holds/":      (200, 200, 403, 403, 403, 403, 403, 403, 403),
    "/api/holds/00000000-0000-0000-0000-0000000000aa/release/": (405, 405, 403, 403, 403, 403, 403, 403, 403),
    # No Django admin (issue 13): the URL does not exist, for anyone.
    "/admin/":                    (404,) * 9,
}  # fmt: skip

# Rows whose page is not built yet: {url: reason}; they are expected to fail (not strictly).
PENDING: dict[str, str] = {}

CASES = [
    pytest.param(
        url,
        persona,
        expected,
        id=f"{persona}-{url}",
        marks=[pytest.mark.xfail(reason=PENDING[url], strict=False)] if url in PENDING else [],
    )
    for url, row in MATRIX.items()
    for persona, expected in zip(PERSONAS, row, strict=True)
]


@pytest.fixture
def foreign(world):
    return make_employee(make_unit(make_company(name="别家公司"), "总部"), "外人")


@pytest.fixture
def batches(world, foreign):
    """Layoff batches for the rows that name one (made only for those rows)."""
    import datetime as dt

    from django.utils import timezone

    from farewell.cases import layoffs
    from tests.factories import make_wages

    planned = timezone.localdate() + dt.timedelta(days=40)
    for employee in (world.lisi, world.zhaoliu, world.chenqi, foreign):
        make_wages(employee, planned.replace(day=1) - dt.timedelta(days=365), [10000] * 13)

    def batch(company, employees):
        return layoffs.create_batch(company, employees, acting_user=None, title="裁员", planned_date=planned,
                                    reason_code="difficulty").code

    return {"sales_batch": batch(world.company, [world.lisi, world.zhaoliu]),
            "rnd_batch": batch(world.company, [world.chenqi]),
            "foreign_batch": batch(foreign.company, [foreign])}


@pytest.fixture
def civil_service_case(world, settings, tmp_path):
    """孙九 (a civil servant of 销售部) applied to resign; HR answered one CSL 86 item with evidence."""
    from django.core.files.uploadedfile import SimpleUploadedFile
    from django.utils import timezone

    from farewell.cases import civil_service_actions, services

    settings.MEDIA_ROOT = tmp_path
    servant = make_employee(world.sales, "孙九", manager=world.boss, employment_type="civil_servant")
    case = services.open_case(servant, "cs_resignation", actor=None, notice_date=timezone.localdate(),
                              separation_date=timezone.localdate())
    answer = civil_service_actions.answer_item(
        case, "min_service", False, actor=None,
        document_file=SimpleUploadedFile("a.pdf", b"%PDF-1.4 x", content_type="application/pdf"))
    return {"cs_case": case.code, "cs_answer": answer.code}


@pytest.fixture
def lisi_case(world):
    """李四's case (opened by the sales HRBP), for the rows that name one."""
    import datetime as dt

    from django.utils import timezone

    from farewell.cases import services

    case = services.open_case(world.lisi, "mutual_employer", actor=world.users["hrbp_sales"],
                              separation_date=timezone.localdate() + dt.timedelta(days=40))
    return {"lisi_case": case.code}


@pytest.mark.parametrize(("url", "persona", "expected"), CASES)
def test_access(client, world, foreign, url, persona, expected, request):
    codes = {"lisi": world.lisi.code, "zhaoliu": world.zhaoliu.code, "chenqi": world.chenqi.code,
             "foreign": foreign.code}
    if "_batch}" in url:
        codes.update(request.getfixturevalue("batches"))
    if "{cs_" in url:
        codes.update(request.getfixturevalue("civil_service_case"))
    if "{lisi_case}" in url:
        codes.update(request.getfixturevalue("lisi_case"))
    path = url.format(**codes)
    if persona != "anonymous":
        client.force_login(world.users[persona])
    response = client.get(path)
    if expected == LOGIN:
        assert response.status_code == 302
        assert response["Location"].startswith("/accounts/login/?next=")
    elif expected == ADMIN_LOGIN:
        assert response.status_code == 302
        assert response["Location"].startswith("/admin/login/")
    elif isinstance(expected, str):
        assert response.status_code == 302
        assert response["Location"] == expected.removeprefix("→")
    else:
        assert response.status_code == expected


def test_the_matrix_covers_every_persona(world):
    assert set(PERSONAS) == set(world.users) | {"anonymous"}


def test_an_employee_never_sees_a_colleague(client, world, foreign):
    """Everyone else in the company, by page and by API: always 404, never a hint."""
    client.force_login(world.users["employee"])
    for other in (world.boss, world.zhaoliu, world.chenqi, foreign):
        for url in (f"/employees/{other.code}/", f"/api/employees/{other.code}/"):
            assert client.get(url).status_code == 404, url
    assert client.get("/api/employees/").status_code == 403


def _url_names() -> dict[str, str]:
    """namespace:name → route of every URL pattern (the same walk as test_default_deny)."""
    from django.urls import URLResolver, get_resolver

    def walk(patterns, prefix="", namespace=None):
        for pattern in patterns:
            if isinstance(pattern, URLResolver):
                yield from walk(pattern.url_patterns, prefix + str(pattern.pattern), pattern.namespace or namespace)
            else:
                name = f"{namespace}:{pattern.name}" if namespace and pattern.name else (pattern.name or "")
                yield name or prefix + str(pattern.pattern), "/" + prefix + str(pattern.pattern)

    return dict(walk(get_resolver().url_patterns))


def test_every_url_has_a_row_in_the_matrix():
    """A new URL without a MATRIX row fails here, saying which row to add."""
    from collections import defaultdict

    from django.urls import Resolver404, resolve

    from tests.accounts.matrix_baseline import WITHOUT_ROW_AT_INTRODUCTION

    sample = "00000000-0000-0000-0000-000000000001"
    with_row = set()
    for url in MATRIX:
        try:
            match = resolve(url.split("?")[0].format_map(defaultdict(lambda: sample)))
        except Resolver404:
            continue  # a row for a URL that must not exist (/admin/)
        with_row.add(f"{match.namespace}:{match.url_name}" if match.namespace else match.url_name)
    missing = {name: route for name, route in _url_names().items()
               if name not in with_row and name not in WITHOUT_ROW_AT_INTRODUCTION}
    assert not missing, "\n".join(
        [f"{len(missing)} URL(s) without a row in MATRIX (tests/accounts/test_permission_matrix.py). Add one per URL,"
         " the expected answer per persona in PERSONAS order (hr_admin, hrbp_sales, legal, manager, approver,"
         " employee, auditor, outsider, anonymous): a status code, LOGIN, or a '→/redirect/'; object URLs use"
         " a placeholder filled in test_access (add a fixture for a new kind of object):"]
        + [f'    "{route}":  (200, 403, 403, 403, 403, 403, 403, 403, LOGIN),  # {name}: put the real answers'
           for name, route in sorted(missing.items())]
    )
