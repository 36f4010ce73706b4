"""重新提交审批: HR takes an approved case (or one in handover) back into review, with a reason, while nothing
irreversible has happened (a frozen settlement, a payment, a document sent for signature or signed, a resignation
that was never approved, a layoff member). The engine runs on the facts and tables as they are now and that run
is the one under review; a new round asks every approval again, the previous approvers are told; the ledger
records the reason with the old and new amounts; a standing reference difference (the drift banner) offers the
action and goes once it is taken. Over real HTTP: the case page's action form and POST /api/cases/<code>/transition/."""

from __future__ import annotations

import json
from decimal import Decimal

import pytest

from farewell.cases import services
from farewell.cases.models import CaseStatus, CaseType, SeparationCase, StepKind, StepStatus
from farewell.cases.workflow import CaseError, StaleState
from farewell.common.notifications import Notification
from farewell.ledger.models import LedgerEntry
from farewell.offboarding import settlement_services
from farewell.offboarding.models import (
    GeneratedDocument,
    Payment,
    Settlement,
    SettlementStatus,
    SignatureRequest,
    SignatureStatus,
)
from tests.cases.conftest import walk
from tests.cases.test_reference_rerun_approval import _correct_local_average

REASON = "当地社平工资更正，按新数据重新审批"
REOPEN_SUBJECT = "案件已重新提交审批"


def _events(case, event):
    return [json.loads(e.payload) for e in LedgerEntry.objects.filter(object_id=str(case.code), event=event)
            .order_by("seq")]


def _round(case):
    case.refresh_from_db()
    return [(s.kind, s.status) for s in case.steps.filter(round=case.round).order_by("order", "id")]


@pytest.fixture
def three_steps(staffed):
    """HR review, legal review and leadership approval, each always (the default's legal and leadership steps
    depend on the amounts: fixed here so that every test knows who approved)."""
    world = staffed
    services.save_workflow(world.company, CaseType.MUTUAL_EMPLOYER, [
        {"kind": StepKind.HR_REVIEW, "condition": "always", "due_working_days": 1},
        {"kind": StepKind.LEGAL_REVIEW, "condition": "always", "due_working_days": 1},
        {"kind": StepKind.LEADERSHIP_APPROVAL, "condition": "always", "due_working_days": 1},
    ], actor=world.users["hr_admin"])
    return world


def _approved(world, soon, status=CaseStatus.APPROVED):
    """李四's mutual agreement, opened by the HR admin, approved by the HR reviewer, legal and the approver."""
    case = services.open_case(world.lisi, CaseType.MUTUAL_EMPLOYER, actor=world.users["hr_admin"],
                              separation_date=soon)
    services.submit_case(case, actor=world.users["hr_admin"])
    case.refresh_from_db()
    assert walk(case, world) == ["hr_review", "legal_review", "leadership_approval"]
    case.refresh_from_db()
    assert case.status == CaseStatus.APPROVED
    if status == CaseStatus.IN_HANDOVER:
        services.start_handover(case, actor=world.users["hr_admin"])
        case.refresh_from_db()
    return case


def _page_reopen(client, user, case, reason=REASON):
    client.force_login(user)
    return client.post(f"/cases/{case.code}/action/", {"action": "reopen", "comment": reason})


def _api_reopen(client, user, case, reason=REASON):
    client.force_login(user)
    return client.post(f"/api/cases/{case.code}/transition/", {"action": "reopen", "comment": reason},
                       content_type="application/json")


# --- the flow ---------------------------------------------------------------------------------------------------


@pytest.mark.parametrize("status", [CaseStatus.APPROVED, CaseStatus.IN_HANDOVER])
def test_hr_reopens_an_approved_case_and_every_approval_is_asked_again(client, three_steps, soon, status):
    world = three_steps
    case = _approved(world, soon, status)
    old_round, old_amount = case.round, case.statutory_amount
    before = Notification.objects.filter(subject__contains=REOPEN_SUBJECT).count()
    assert before == 0

    response = _page_reopen(client, world.users["hrbp_sales"], case)
    assert response.status_code == 302
    assert "已重新提交审批" in client.get(response["Location"]).content.decode()
    case.refresh_from_db()
    assert case.status == CaseStatus.IN_REVIEW
    assert case.round == old_round + 1
    # A new round: every step asked again, the first routed; the previous round's decisions stay as history.
    assert _round(case) == [("hr_review", "active"), ("legal_review", "waiting"), ("leadership_approval", "waiting")]
    assert list(case.steps.filter(round=old_round).values_list("status", flat=True)) == [StepStatus.DONE] * 3
    # The facts can be changed again (IN_REVIEW is editable).
    assert services.facts_editable(case)

    [entry] = _events(case, "case.reopen")
    assert entry["from"] == status and entry["to"] == CaseStatus.IN_REVIEW
    assert entry["reason"] == REASON and entry["comment"] == REASON
    assert entry["round"] == old_round + 1 and entry["previous_round"] == old_round
    assert entry["old"]["statutory_amount"] == str(old_amount)
    assert entry["new"]["statutory_amount"] == str(case.statutory_amount)
    actor = LedgerEntry.objects.get(object_id=str(case.code), event="case.reopen").actor_id
    assert actor == world.users["hrbp_sales"].pk

    # Told: the previous round's approvers (legal, the approver, the HR reviewer) and the case's opener; not the
    # one who reopened it. Worded in each reader's language when shown (common.wording).
    told = Notification.objects.filter(subject__contains=REOPEN_SUBJECT)
    assert {n.user.username for n in told} == {"hrreviewer", "legal", "approver", "hradmin"}
    note = told.get(user=world.users["approver"])
    assert note.words["subject"]["m"] == "案件已重新提交审批：%(name)s"
    assert REASON in note.body and f"{old_amount:,.2f}" in note.body
    # The first step's people get their to-do (routing), the HR reviewer among them.
    assert Notification.objects.filter(user=world.users["hr_reviewer"], subject__startswith="待办").count() == 2

    # Approved again through the new round: the case can go on.
    assert walk(case, world) == ["hr_review", "legal_review", "leadership_approval"]
    case.refresh_from_db()
    assert case.status == CaseStatus.APPROVED


def test_the_drift_banner_offers_the_reopen_and_the_new_run_is_the_one_approved(
        client, three_steps, soon, django_capture_on_commit_callbacks):
    world = three_steps
    case = _approved(world, soon)
    approved_amount, approved_run = case.statutory_amount, services.latest_run(case).pk
    with django_capture_on_commit_callbacks(execute=True):
        _correct_local_average(client, world, case)
    [drift] = _events(case, services.REFERENCE_DRIFT)
    new_amount = Decimal(drift["new"]["statutory_amount"])
    assert new_amount < approved_amount

    client.force_login(world.users["hrbp_sales"])
    page = client.get(f"/cases/{case.code}/").content.decode()
    banner = page.split('id="reference-drift"')[1].split("</div>")[0]
    assert 'href="#reopen"' in banner
    assert 'id="reopen-form"' in page and 'name="comment"' in page.split('id="reopen-form"')[1][:800]
    # Legal reads the banner; the form is HR's.
    client.force_login(world.users["legal"])
    legal_page = client.get(f"/cases/{case.code}/").content.decode()
    assert 'id="reference-drift"' in legal_page and 'id="reopen-form"' not in legal_page

    with django_capture_on_commit_callbacks(execute=True):
        response = _api_reopen(client, world.users["hrbp_sales"], case)
    assert response.status_code == 200, response.content
    assert response.json()["status"] == CaseStatus.IN_REVIEW
    case.refresh_from_db()
    assert case.statutory_amount == new_amount
    assert services.latest_run(case).pk != approved_run
    [entry] = _events(case, "case.reopen")
    assert Decimal(entry["old"]["statutory_amount"]) == approved_amount
    assert Decimal(entry["new"]["statutory_amount"]) == new_amount
    assert Decimal(entry["old"]["offered_amount"]) == approved_amount + case.extra_compensation
    # The banner and the form are gone (the difference is what is under review now).
    client.force_login(world.users["hrbp_sales"])
    page = client.get(f"/cases/{case.code}/").content.decode()
    assert 'id="reference-drift"' not in page and 'id="reopen-form"' not in page
    assert "重新提交审批（此前的审批失效）" in page  # the timeline's label

    walk(case, world)
    case.refresh_from_db()
    assert case.status == CaseStatus.APPROVED and case.statutory_amount == new_amount
    # The same tables again: nothing differs from the run approved now, no banner comes back.
    services.rerun_where_references_move(actor=None)
    assert len(_events(case, services.REFERENCE_DRIFT)) == 1
    assert 'id="reference-drift"' not in client.get(f"/cases/{case.code}/").content.decode()


def test_a_reason_is_required(client, three_steps, soon):
    world = three_steps
    case = _approved(world, soon)
    response = _page_reopen(client, world.users["hrbp_sales"], case, reason="   ")
    assert response.status_code == 302
    follow = client.get(response["Location"]).content.decode()
    assert "重新提交审批须写明理由" in follow
    response = _api_reopen(client, world.users["hrbp_sales"], case, reason="")
    assert response.status_code == 409 and "理由" in response.json()["error"]
    case.refresh_from_db()
    assert case.status == CaseStatus.APPROVED and not _events(case, "case.reopen")


# --- who may -----------------------------------------------------------------------------------------------------

# Page: 302 back to the case when allowed (reopened), 403 in scope but not HR, 404 outside every scope.
# API: 200 when allowed, 403 otherwise (the API's own answer for a login without the case in view).
WHO = {
    "hr_admin":   (302, 200, True),
    "hrbp_sales": (302, 200, True),
    "legal":      (403, 403, False),
    "manager":    (403, 403, False),
    "approver":   (403, 403, False),
    "employee":   (403, 403, False),
    "auditor":    (403, 403, False),
    "outsider":   (404, 403, False),
}  # fmt: skip


@pytest.mark.parametrize("via", ["page", "api"])
@pytest.mark.parametrize("persona", list(WHO))
def test_only_hr_on_the_case_may_reopen(client, three_steps, soon, persona, via):
    world = three_steps
    case = _approved(world, soon)
    page_code, api_code, allowed = WHO[persona]
    if via == "page":
        response = _page_reopen(client, world.users[persona], case)
        assert response.status_code == page_code
    else:
        response = _api_reopen(client, world.users[persona], case)
        assert response.status_code == api_code
    case.refresh_from_db()
    assert (case.status == CaseStatus.IN_REVIEW) is allowed
    assert bool(_events(case, "case.reopen")) is allowed


def test_an_hrbp_outside_the_unit_gets_404(client, three_steps, soon):
    """The sales HRBP on 陈七's case (研发部): outside the scope, nothing revealed."""
    world = three_steps
    case = services.open_case(world.chenqi, CaseType.MUTUAL_EMPLOYER, actor=world.users["hr_admin"],
                              separation_date=soon)
    SeparationCase.objects.filter(pk=case.pk).update(status=CaseStatus.APPROVED)
    assert _page_reopen(client, world.users["hrbp_sales"], case).status_code == 404
    assert _api_reopen(client, world.users["hrbp_sales"], case).status_code == 404
    case.refresh_from_db()
    assert case.status == CaseStatus.APPROVED


def test_the_page_offers_the_form_to_hr_only_and_only_when_allowed(client, three_steps, soon):
    world = three_steps
    case = _approved(world, soon)
    for persona, shown in (("hrbp_sales", True), ("hr_admin", True), ("legal", False), ("approver", False),
                           ("manager", False)):
        client.force_login(world.users[persona])
        page = client.get(f"/cases/{case.code}/").content.decode()
        assert ('id="reopen-form"' in page) is shown, persona
    services.reopen_case(case, actor=world.users["hrbp_sales"], reason=REASON)
    client.force_login(world.users["hrbp_sales"])
    assert 'id="reopen"' not in client.get(f"/cases/{case.code}/").content.decode()  # in review: no reopen


# --- from which states ---------------------------------------------------------------------------------------------


@pytest.mark.parametrize("status", [CaseStatus.DRAFT, CaseStatus.IN_REVIEW, CaseStatus.REJECTED, CaseStatus.WITHDRAWN,
                                    CaseStatus.NOTICE_RECEIVED, CaseStatus.CLOSED])
def test_it_is_refused_in_every_other_state(client, three_steps, soon, status):
    world = three_steps
    case = services.open_case(world.lisi, CaseType.MUTUAL_EMPLOYER, actor=world.users["hr_admin"],
                              separation_date=soon)
    SeparationCase.objects.filter(pk=case.pk).update(status=status)
    response = _api_reopen(client, world.users["hrbp_sales"], case)
    assert response.status_code == 409
    response = _page_reopen(client, world.users["hrbp_sales"], case)
    assert response.status_code == 302
    case.refresh_from_db()
    assert case.status == status and not _events(case, "case.reopen")


def _frozen_settlement(case, world):
    return Settlement.objects.create(case=case, version=1, status=SettlementStatus.FROZEN, inputs={}, sheet={},
                                     prepared_by=world.users["hr_admin"], approved_by=world.users["hrbp_sales"])


def _document(case, world):
    return GeneratedDocument.objects.create(case=case, kind="mutual_agreement", template_sha256="0" * 64,
                                            docx="offboarding/documents/a.docx", docx_sha256="0" * 64,
                                            created_by=world.users["hr_admin"])


IRREVERSIBLE = {
    "settlement frozen": (lambda case, world: _frozen_settlement(case, world), "已批准（冻结）"),
    "payment made": (lambda case, world: Payment.objects.create(
        settlement=_frozen_settlement(case, world), paid_on=case.separation_date, amount=Decimal(1000),
        reference="TX-1"), "已登记 1 笔支付"),
    "sent for signature": (lambda case, world: SignatureRequest.objects.create(
        document=_document(case, world), provider="fake", flow_id="f-1", status=SignatureStatus.SENT), "文书已发出签署"),
    "signed": (lambda case, world: SignatureRequest.objects.create(
        document=_document(case, world), provider="wet", status=SignatureStatus.SIGNED), "文书已发出签署或已签署"),
}


@pytest.mark.parametrize("what", list(IRREVERSIBLE))
@pytest.mark.parametrize("status", [CaseStatus.APPROVED, CaseStatus.IN_HANDOVER])
def test_it_is_refused_once_something_irreversible_happened(client, three_steps, soon, what, status):
    world = three_steps
    case = _approved(world, soon, status)
    make, words = IRREVERSIBLE[what]
    make(case, world)
    response = _api_reopen(client, world.users["hrbp_sales"], case)
    assert response.status_code == 409 and words in response.json()["error"], response.json()
    case.refresh_from_db()
    assert case.status == status and not _events(case, "case.reopen")
    # The page says why instead of offering the form.
    page = client.get(f"/cases/{case.code}/").content.decode()
    assert 'id="reopen-refused"' in page and words in page and 'id="reopen-form"' not in page


def test_a_generated_but_unsent_document_and_a_draft_settlement_do_not_refuse(client, three_steps, soon):
    """They wait for the new approval: the draft cannot be approved while the case is in review."""
    world = three_steps
    case = _approved(world, soon, CaseStatus.IN_HANDOVER)
    _document(case, world)
    draft = settlement_services.save_draft(case, settlement_services.default_inputs(case),
                                           acting_user=world.users["hrbp_sales"])
    assert _api_reopen(client, world.users["hrbp_sales"], case).status_code == 200
    with pytest.raises(settlement_services.SettlementError, match="重新提交审批"):
        settlement_services.approve(draft, acting_user=world.users["hr_admin"])
    assert Settlement.objects.get(pk=draft.pk).status == SettlementStatus.DRAFT


def test_a_resignation_in_handover_has_no_approval_to_reopen(client, three_steps):
    world = three_steps
    case = services.give_notice(world.lisi, actor=world.users["employee"], reason="个人发展")
    services.acknowledge_notice(case, actor=world.users["hrbp_sales"])
    case.refresh_from_db()
    assert case.status == CaseStatus.IN_HANDOVER
    response = _api_reopen(client, world.users["hrbp_sales"], case)
    assert response.status_code == 409 and "第三十七条" in response.json()["error"]
    case.refresh_from_db()
    assert case.status == CaseStatus.IN_HANDOVER


def test_a_layoff_member_is_reopened_with_its_batch_not_alone(three_steps, soon):
    world = three_steps
    case = _approved(world, soon)
    from farewell.cases.models import CaseFamily

    family = CaseFamily.objects.create(company=world.company, title="批次", created_by=world.users["hr_admin"])
    SeparationCase.objects.filter(pk=case.pk).update(family=family)
    case.refresh_from_db()
    with pytest.raises(CaseError, match="裁员批次"):
        services.reopen_case(case, actor=world.users["hrbp_sales"], reason=REASON)


# --- concurrency -------------------------------------------------------------------------------------------------


def test_someone_else_acting_first_is_a_stale_state(three_steps, soon):
    """Two HR users reopen the same case from pages loaded at once (or one starts the handover): the second
    request's conditional UPDATE finds the status moved and changes nothing."""
    world = three_steps
    case = _approved(world, soon)
    first, second = SeparationCase.objects.get(pk=case.pk), SeparationCase.objects.get(pk=case.pk)
    services.reopen_case(first, actor=world.users["hrbp_sales"], reason=REASON)
    with pytest.raises(StaleState):
        services.reopen_case(second, actor=world.users["hr_admin"], reason="另一个理由")
    case.refresh_from_db()
    assert case.status == CaseStatus.IN_REVIEW and case.round == first.round
    assert len(_events(case, "case.reopen")) == 1
    assert case.steps.filter(round=case.round).count() == 3

    walk(SeparationCase.objects.get(pk=case.pk), world)
    stale = SeparationCase.objects.get(pk=case.pk)
    services.start_handover(SeparationCase.objects.get(pk=case.pk), actor=world.users["hr_admin"])
    with pytest.raises(StaleState):
        services.reopen_case(stale, actor=world.users["hrbp_sales"], reason=REASON)
    assert SeparationCase.objects.get(pk=case.pk).status == CaseStatus.IN_HANDOVER


def test_a_settlement_frozen_between_the_check_and_the_claim_refuses(three_steps, soon, monkeypatch):
    """The refusals are read again under the claim: what was frozen meanwhile rolls the reopen back."""
    world = three_steps
    case = _approved(world, soon)
    checks = []
    real = services.reopen_refusals

    def late_freeze(c):
        checks.append(1)
        if len(checks) == 2:  # the second check, under the claim: the settlement was frozen meanwhile
            _frozen_settlement(c, world)
        return real(c)

    monkeypatch.setattr(services, "reopen_refusals", late_freeze)
    with pytest.raises(CaseError, match="已批准（冻结）"):
        services.reopen_case(case, actor=world.users["hrbp_sales"], reason=REASON)
    case.refresh_from_db()
    assert case.status == CaseStatus.APPROVED and not _events(case, "case.reopen")


def test_a_frozen_settlement_being_revised_no_longer_refuses(client, three_steps, soon):
    """newuser F5: after 新建版本 (a draft v2 with its reason) the frozen v1 is being replaced: the case may be taken
    back into review; the refusal for a frozen latest version says how to get there."""
    from farewell.offboarding import settlement_services

    world = three_steps
    case = _approved(world, soon, CaseStatus.IN_HANDOVER)
    v1 = _frozen_settlement(case, world)
    refused = _api_reopen(client, world.users["hrbp_sales"], case)
    assert refused.status_code == 409 and "新建版本" in refused.json()["error"]
    settlement_services.revise(v1, acting_user=world.users["hrbp_sales"], reason="最后工作日调整，需重新审批")
    response = _api_reopen(client, world.users["hrbp_sales"], case)
    assert response.status_code == 200, response.content
    case.refresh_from_db()
    assert case.status == CaseStatus.IN_REVIEW
