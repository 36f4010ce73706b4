"""企业微信 against a local fake WeCom server (tests/accounts/sso_fakes.py): portal login through web
authorisation (code → auth/getuserinfo → userid → the one active login with that 工号), notifications as
app messages (gettoken cached, renewed when WeCom says it expired), failures kept on the notification;
all of it off unless configured."""

from __future__ import annotations

from urllib.parse import parse_qs, urlparse

import pytest
from django.core.cache import cache

from farewell.accounts.models import User
from farewell.common import wecom_app
from farewell.common.notifications import Notification, notify
from tests.accounts.sso_fakes import FakeWeCom

CORP_ID, SECRET, AGENT_ID = "ww1436e0e65a779aee", "app-secret-for-tests-only", 1000002


@pytest.fixture
def wecom(settings, world):
    fake = FakeWeCom(corp_id=CORP_ID, secret=SECRET, agent_id=AGENT_ID,
                     members={world.lisi.employee_number, world.boss.employee_number}).start()
    settings.FAREWELL_WECOM_CORP_ID = CORP_ID
    settings.FAREWELL_WECOM_AGENT_ID = str(AGENT_ID)
    settings.FAREWELL_WECOM_SECRET = SECRET
    settings.FAREWELL_WECOM_API_BASE = fake.base + "/cgi-bin/"
    settings.FAREWELL_WECOM_AUTHORIZE_URL = "https://open.weixin.qq.com/connect/oauth2/authorize"
    settings.FAREWELL_WECOM_USERID_FROM = "employee_number"
    settings.FAREWELL_BASE_URL = "https://farewell.example.test"
    cache.clear()
    yield fake
    fake.stop()
    cache.clear()


def start_login(client) -> dict:
    response = client.get("/accounts/sso/wecom/login/", {"next": "/me/"})
    assert response.status_code == 302
    location = urlparse(response["Location"])
    assert location.netloc == "open.weixin.qq.com" and location.fragment == "wechat_redirect"
    asked = {k: v[0] for k, v in parse_qs(location.query).items()}
    assert asked["appid"] == CORP_ID and asked["agentid"] == str(AGENT_ID) and asked["scope"] == "snsapi_base"
    assert asked["redirect_uri"] == "http://testserver/accounts/sso/wecom/callback/"
    return asked


# -- login ----------------------------------------------------------------------------------------


def test_an_employee_signs_in_to_the_portal_through_wecom(client, world, wecom):
    asked = start_login(client)
    wecom.issue_code("CODE1", userid=world.lisi.employee_number)
    response = client.get("/accounts/sso/wecom/callback/", {"code": "CODE1", "state": asked["state"]})
    assert response.status_code == 302 and response["Location"] == "/me/"
    assert client.session["_auth_user_id"] == str(world.users["employee"].pk)
    assert wecom.calls == ["gettoken", "auth/getuserinfo"]


def test_a_userid_without_a_farewell_login_is_refused_and_nothing_is_created(client, world, wecom):
    users_before = User.objects.count()
    asked = start_login(client)
    wecom.issue_code("CODE1", userid="E-NOBODY")
    response = client.get("/accounts/sso/wecom/callback/", {"code": "CODE1", "state": asked["state"]})
    assert response["Location"] == "/accounts/login/"
    assert "_auth_user_id" not in client.session
    assert "没有工号为“E-NOBODY”的 Farewell 用户" in client.get("/accounts/login/").content.decode()
    assert User.objects.count() == users_before


def test_a_deactivated_login_cannot_come_in_through_wecom(client, world, wecom):
    lisi = world.users["employee"]
    lisi.is_active = False
    lisi.save(update_fields=["is_active"])
    asked = start_login(client)
    wecom.issue_code("CODE1", userid=world.lisi.employee_number)
    client.get("/accounts/sso/wecom/callback/", {"code": "CODE1", "state": asked["state"]})
    assert "_auth_user_id" not in client.session
    assert "该 Farewell 账号已停用" in client.get("/accounts/login/").content.decode()


def test_someone_outside_the_company_is_refused(client, world, wecom):
    asked = start_login(client)
    wecom.issue_code("CODE1", openid="oOUTSIDER")
    client.get("/accounts/sso/wecom/callback/", {"code": "CODE1", "state": asked["state"]})
    assert "_auth_user_id" not in client.session
    assert "企业外部的身份" in client.get("/accounts/login/").content.decode()


def test_a_forged_state_or_a_spent_code_signs_nobody_in(client, world, wecom):
    asked = start_login(client)
    wecom.issue_code("CODE1", userid=world.lisi.employee_number)
    client.get("/accounts/sso/wecom/callback/", {"code": "CODE1", "state": "forged"})
    assert "_auth_user_id" not in client.session
    assert wecom.calls == []  # refused before asking WeCom
    asked = start_login(client)
    client.get("/accounts/sso/wecom/callback/", {"code": "CODE-NEVER-ISSUED", "state": asked["state"]})
    assert "_auth_user_id" not in client.session
    assert "无法向企业微信确认身份" in client.get("/accounts/login/").content.decode()


def test_unconfigured_the_wecom_urls_are_404_and_there_is_no_button(client, world, settings):
    assert settings.FAREWELL_WECOM_CORP_ID == ""
    assert client.get("/accounts/sso/wecom/login/").status_code == 404
    assert client.get("/accounts/sso/wecom/callback/", {"code": "c", "state": "s"}).status_code == 404
    assert "企业微信登录" not in client.get("/accounts/login/").content.decode()


def test_configured_the_login_page_offers_wecom(client, world, wecom):
    assert "/accounts/sso/wecom/login/" in client.get("/accounts/login/").content.decode()


# -- notifications as app messages ----------------------------------------------------------------


def send(user, django_capture_on_commit_callbacks, subject="待办：HR审核"):
    with django_capture_on_commit_callbacks(execute=True):
        note = notify(user, subject, "李四的离职案件等您审核。", link="/cases/x/")
    note.refresh_from_db()
    return note


def test_a_notification_goes_as_a_text_card_and_the_token_is_fetched_once(world, wecom,
                                                                           django_capture_on_commit_callbacks):
    lisi = world.users["employee"]
    first = send(lisi, django_capture_on_commit_callbacks)
    second = send(lisi, django_capture_on_commit_callbacks, subject="待办：交接确认")
    assert (first.wecom_status, second.wecom_status) == ("sent", "sent")
    assert wecom.calls == ["gettoken", "message/send", "message/send"]
    card = wecom.messages[0]
    assert card["touser"] == world.lisi.employee_number and card["agentid"] == AGENT_ID
    assert card["textcard"] == {"title": "待办：HR审核", "description": "李四的离职案件等您审核。",
                                "url": "https://farewell.example.test/cases/x/", "btntxt": "详情"}


def test_an_expired_token_is_fetched_again_and_the_message_still_goes(world, wecom,
                                                                      django_capture_on_commit_callbacks):
    lisi = world.users["employee"]
    send(lisi, django_capture_on_commit_callbacks)
    wecom.expire_tokens()
    note = send(lisi, django_capture_on_commit_callbacks)
    assert note.wecom_status == "sent"
    assert wecom.calls == ["gettoken", "message/send", "message/send", "gettoken", "message/send"]


def test_a_member_wecom_does_not_know_is_a_visible_failure(world, wecom, django_capture_on_commit_callbacks):
    zhaoliu = User.objects.create_user("zhaoliu", employee=world.zhaoliu)  # not in the fake's address book
    note = send(zhaoliu, django_capture_on_commit_callbacks)
    assert note.wecom_status == "failed"
    assert "81013" in note.wecom_error
    assert Notification.objects.filter(pk=note.pk, read_at__isnull=True).exists()  # the in-app row stands


def test_a_wrong_secret_is_a_visible_failure_not_an_error_page(world, wecom, settings,
                                                               django_capture_on_commit_callbacks):
    settings.FAREWELL_WECOM_SECRET = "wrong"
    note = send(world.users["employee"], django_capture_on_commit_callbacks)
    assert note.wecom_status == "failed" and "gettoken: 40001" in note.wecom_error


def test_a_login_without_a_wecom_userid_gets_no_app_message(world, wecom, django_capture_on_commit_callbacks):
    note = send(world.users["hr_admin"], django_capture_on_commit_callbacks)  # no employee, so no 工号
    assert note.wecom_status == "none"
    assert wecom.calls == []


def test_unconfigured_nothing_goes_to_wecom_and_notify_makes_no_extra_query(world, settings,
                                                                            django_assert_num_queries,
                                                                            django_capture_on_commit_callbacks):
    assert wecom_app.config() is None
    lisi = world.users["employee"]
    with django_assert_num_queries(1):  # the INSERT only: the userid is not looked for
        note = notify(lisi, "待办", "", email=True)
    assert note.wecom_status == "none"


def test_the_userid_can_be_the_username(world, wecom, settings, django_capture_on_commit_callbacks):
    settings.FAREWELL_WECOM_USERID_FROM = "username"
    wecom.members.add("hradmin")
    note = send(world.users["hr_admin"], django_capture_on_commit_callbacks)
    assert note.wecom_status == "sent" and wecom.messages[-1]["touser"] == "hradmin"


def test_the_hr_admin_sees_failed_wecom_messages_beside_the_mail(client, world, wecom,
                                                                 django_capture_on_commit_callbacks):
    zhaoliu = User.objects.create_user("zhaoliu", employee=world.zhaoliu)  # not in the fake's address book
    send(zhaoliu, django_capture_on_commit_callbacks, subject="待办：交接确认")
    send(world.users["employee"], django_capture_on_commit_callbacks, subject="待办：已送达")
    client.force_login(world.users["hr_admin"])
    page = client.get("/accounts/mail/").content.decode()
    table = page[page.index('id="wecom-failures"'):]
    assert "待办：交接确认" in table and "81013" in table
    assert "待办：已送达" not in table


def test_unconfigured_the_mail_page_has_no_wecom_table(client, world):
    client.force_login(world.users["hr_admin"])
    assert 'id="wecom-failures"' not in client.get("/accounts/mail/").content.decode()


def test_a_name_with_markup_goes_escaped_in_the_text_card(world, wecom, django_capture_on_commit_callbacks):
    """WeCom renders the description's <div class="highlight">: a typed name or reason must not add its own."""
    with django_capture_on_commit_callbacks(execute=True):
        notify(world.users["employee"], "待办", '<div class="highlight">张三</div>的离职原因：A & B', link="/cases/x/")
    assert wecom.messages[0]["textcard"]["description"] == (
        "&lt;div class=&quot;highlight&quot;&gt;张三&lt;/div&gt;的离职原因：A &amp; B")
