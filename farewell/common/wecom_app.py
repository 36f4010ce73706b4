"""企业微信 self-built app (自建应用): app messages and web-authorisation login, over the documented server API.

Off unless configured: FAREWELL_WECOM_CORP_ID, FAREWELL_WECOM_AGENT_ID and FAREWELL_WECOM_SECRET all set
(FAREWELL_WECOM_TOKEN and FAREWELL_WECOM_AES_KEY are the callback's, see wecom_crypto.py). The calls, as
WeCom documents them (every answer carries errcode/errmsg; errcode 0 is success):
- GET  gettoken?corpid=&corpsecret= → {"access_token", "expires_in": 7200}; the token is cached (Django's
  cache) until shortly before it expires, and fetched again when WeCom answers 40014 (invalid) or 42001
  (expired);
- POST message/send?access_token= {"touser", "msgtype": "textcard", "agentid", "textcard": {"title",
  "description", "url", "btntxt"}} → {"invaliduser", "msgid", ...} (a user WeCom does not know comes back
  in "invaliduser", with errcode 0);
- GET  auth/getuserinfo?access_token=&code= → {"userid"} for a member of the company, {"openid"} for
  anyone else.

The WeCom userid of a Farewell login is its employee's 工号 (FAREWELL_WECOM_USERID_FROM="employee_number",
the default) or its username ("username"): how companies usually fill the userid in WeCom's address book.
Imports nothing of ours.
"""

from __future__ import annotations

import hashlib
import html
import logging
from dataclasses import dataclass
from urllib.parse import urlencode

import requests
from django.conf import settings
from django.core.cache import cache

log = logging.getLogger(__name__)

TOKEN_ERRCODES = {40014, 42001}  # invalid / expired access_token: fetch a new one and try once more
TOKEN_MARGIN_SECONDS = 300  # renew this long before WeCom says the token expires
TIMEOUT_SECONDS = 10
TITLE_BYTES, DESCRIPTION_BYTES = 128, 512  # textcard limits (UTF-8 bytes)


class WeComAPIError(Exception):
    def __init__(self, what: str, errcode: int | None, errmsg: str = ""):
        super().__init__(f"{what}: {errcode} {errmsg}".strip())
        self.errcode = errcode
        self.errmsg = errmsg


@dataclass(frozen=True)
class Config:
    corp_id: str
    agent_id: str
    secret: str
    api_base: str
    authorize_url: str
    userid_from: str


def config() -> Config | None:
    """The app's settings, or None when WeCom is not configured (everything here is then off)."""
    corp_id = getattr(settings, "FAREWELL_WECOM_CORP_ID", "")
    agent_id = getattr(settings, "FAREWELL_WECOM_AGENT_ID", "")
    secret = getattr(settings, "FAREWELL_WECOM_SECRET", "")
    if not (corp_id and agent_id and secret):
        return None
    return Config(corp_id=corp_id, agent_id=str(agent_id), secret=secret,
                  api_base=settings.FAREWELL_WECOM_API_BASE.rstrip("/") + "/",
                  authorize_url=settings.FAREWELL_WECOM_AUTHORIZE_URL,
                  userid_from=getattr(settings, "FAREWELL_WECOM_USERID_FROM", "employee_number"))


def userid_of(user, cfg: Config | None = None) -> str:
    """The WeCom userid of a Farewell login ("" when it has none)."""
    cfg = cfg or config()
    if cfg is None:
        return ""
    if cfg.userid_from == "username":
        return user.username or ""
    employee = getattr(user, "employee", None)
    return getattr(employee, "employee_number", "") or ""


def _clip(text: str, limit: int) -> str:
    data = text.encode()
    if len(data) <= limit:
        return text
    return data[: limit - 3].decode(errors="ignore") + "…"


def textcard_description(text: str, limit: int = DESCRIPTION_BYTES) -> str:
    """Plain text (a notification's body, which may hold a name or a reason someone typed) as a text card's
    description. WeCom renders the description as a little HTML — `<div class="gray">`, `"highlight"`,
    `"normal"` and `<br>` (发送应用消息, 文本卡片消息) — so the text's own <, >, & and quotes are escaped and its
    line breaks become <br>. WeCom cuts a description past 512 bytes wherever the byte falls: this one is cut
    before that, between two characters and never inside an escape or a <br>, and ends in … when cut."""
    pieces = ["<br>" if ch == "\n" else html.escape(ch) for ch in text.replace("\r\n", "\n").replace("\r", "\n")]
    sizes = [len(piece.encode()) for piece in pieces]
    if sum(sizes) <= limit:
        return "".join(pieces)
    budget, used, kept = limit - len("…".encode()), 0, []
    for piece, size in zip(pieces, sizes, strict=True):
        if used + size > budget:
            break
        kept.append(piece)
        used += size
    return "".join(kept) + "…"


class Client:
    def __init__(self, cfg: Config):
        self.cfg = cfg
        secret_digest = hashlib.sha256(cfg.secret.encode()).hexdigest()[:12]
        self.cache_key = f"wecom:access_token:{cfg.corp_id}:{cfg.agent_id}:{secret_digest}"

    def _get(self, path: str, params: dict) -> dict:
        response = requests.get(self.cfg.api_base + path, params=params, timeout=TIMEOUT_SECONDS)
        response.raise_for_status()
        return response.json()

    def _post(self, path: str, params: dict, body: dict) -> dict:
        response = requests.post(self.cfg.api_base + path, params=params, json=body, timeout=TIMEOUT_SECONDS)
        response.raise_for_status()
        return response.json()

    def access_token(self, *, fresh: bool = False) -> str:
        if not fresh:
            token = cache.get(self.cache_key)
            if token:
                return token
        answer = self._get("gettoken", {"corpid": self.cfg.corp_id, "corpsecret": self.cfg.secret})
        if answer.get("errcode", 0) != 0 or not answer.get("access_token"):
            raise WeComAPIError("gettoken", answer.get("errcode"), answer.get("errmsg", ""))
        lifetime = int(answer.get("expires_in", 7200))
        cache.set(self.cache_key, answer["access_token"], max(lifetime - TOKEN_MARGIN_SECONDS, 1))
        return answer["access_token"]

    def call(self, what: str, path: str, *, query: dict | None = None, body: dict | None = None) -> dict:
        """One API call with the cached token; a token WeCom calls invalid or expired is renewed once."""
        for fresh in (False, True):
            params = dict(query or {}, access_token=self.access_token(fresh=fresh))
            answer = self._post(path, params, body) if body is not None else self._get(path, params)
            errcode = answer.get("errcode", 0)
            if errcode in TOKEN_ERRCODES and not fresh:
                cache.delete(self.cache_key)
                continue
            if errcode != 0:
                raise WeComAPIError(what, errcode, answer.get("errmsg", ""))
            return answer
        raise WeComAPIError(what, None, "no valid access_token")  # not reached: the loop returns or raises

    def send_text_card(self, userid: str, *, title: str, description: str, url: str) -> dict:
        """An app message (文本卡片) to one member; refused (WeComAPIError) when WeCom does not know them. `title`
        and `description` are plain text (the description is escaped here: textcard_description)."""
        answer = self.call("message/send", "message/send", body={
            "touser": userid, "msgtype": "textcard", "agentid": int(self.cfg.agent_id),
            "textcard": {"title": _clip(title, TITLE_BYTES), "description": textcard_description(description or title),
                         "url": url, "btntxt": "详情"},
        })
        invalid = [u for u in (answer.get("invaliduser") or "").split("|") if u]
        if userid in invalid:
            raise WeComAPIError("message/send", answer.get("errcode"), f"invaliduser {userid}")
        return answer

    def userid_for_code(self, code: str) -> str:
        """The member behind a web-authorisation `code` ("" for someone outside the company)."""
        answer = self.call("auth/getuserinfo", "auth/getuserinfo", query={"code": code})
        return answer.get("userid") or answer.get("UserId") or ""

    def authorize_url(self, redirect_uri: str, state: str) -> str:
        """Where to send the browser for web authorisation (inside WeCom's own browser)."""
        query = urlencode({"appid": self.cfg.corp_id, "redirect_uri": redirect_uri, "response_type": "code",
                           "scope": "snsapi_base", "state": state, "agentid": self.cfg.agent_id})
        return f"{self.cfg.authorize_url}?{query}#wechat_redirect"


def client() -> Client | None:
    cfg = config()
    return Client(cfg) if cfg else None
