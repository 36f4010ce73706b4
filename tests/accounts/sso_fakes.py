"""Local stand-ins for the outside servers single sign-on talks to, each a real HTTP server on 127.0.0.1 in a
thread, answering in the documented shapes. Nothing inside Farewell is patched: the code under test makes
its real HTTP requests (requests) to these.

FakeWeCom follows the WeCom server API (qyapi.weixin.qq.com/cgi-bin/...): every answer has errcode/errmsg;
gettoken gives an access_token that expires (expires_in 7200; `expire_tokens()` makes them expire now →
42001), an unknown token is 40014, a missing one 41001; message/send reports unknown members in
"invaliduser" (81013 when no receiver is valid); auth/getuserinfo takes a one-time code (40029 otherwise)
and answers {"userid"} for a member, {"openid"} for someone outside the company.

FakeOIDCProvider is an OpenID provider's token and userinfo endpoints (the code flow with PKCE): a test
either hands the provider the code it would have issued (`issue_code`), with the nonce and code challenge
Farewell put in its redirect, or sets `signed_in_as` (the claims of whoever "logged in" at the provider)
and lets a browser through /authorize, which issues the code and sends the browser back.
"""

from __future__ import annotations

import base64
import hashlib
import json
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs, urlencode, urlparse

import jwt


class _Server:
    """Runs `self.handle(method, path, query, body, headers) -> (status, dict)` behind a threaded HTTP server."""

    def start(self):
        owner = self

        class Handler(BaseHTTPRequestHandler):
            def _answer(self, method):
                url = urlparse(self.path)
                query = {k: v[0] for k, v in parse_qs(url.query).items()}
                length = int(self.headers.get("Content-Length") or 0)
                body = self.rfile.read(length) if length else b""
                status, payload = owner.handle(method, url.path, query, body, dict(self.headers))
                if status == 302:  # the provider's login page sending the browser back
                    self.send_response(302)
                    self.send_header("Location", payload["Location"])
                    self.send_header("Content-Length", "0")
                    self.end_headers()
                    return
                data = json.dumps(payload, ensure_ascii=False).encode()
                self.send_response(status)
                self.send_header("Content-Type", "application/json; charset=utf-8")
                self.send_header("Content-Length", str(len(data)))
                self.end_headers()
                self.wfile.write(data)

            def do_GET(self):  # noqa: N802 - http.server's naming
                self._answer("GET")

            def do_POST(self):  # noqa: N802
                self._answer("POST")

            def log_message(self, *args):
                pass

        self.httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.base = f"http://127.0.0.1:{self.httpd.server_address[1]}"
        self.thread = threading.Thread(target=self.httpd.serve_forever, daemon=True)
        self.thread.start()
        return self

    def stop(self):
        self.httpd.shutdown()
        self.httpd.server_close()


class FakeWeCom(_Server):
    def __init__(self, *, corp_id: str, secret: str, agent_id: int, members: set[str]):
        self.corp_id, self.secret, self.agent_id = corp_id, secret, agent_id
        self.members = set(members)
        self.tokens: dict[str, float] = {}  # token → expiry (epoch seconds)
        self.codes: dict[str, dict] = {}
        self.messages: list[dict] = []
        self.calls: list[str] = []
        self.lock = threading.Lock()

    def issue_code(self, code: str, *, userid: str = "", openid: str = "") -> None:
        self.codes[code] = {"userid": userid} if userid else {"openid": openid}

    def expire_tokens(self) -> None:
        with self.lock:
            self.tokens = {token: 0.0 for token in self.tokens}

    def _token_error(self, token: str | None):
        if not token:
            return {"errcode": 41001, "errmsg": "access_token missing"}
        expiry = self.tokens.get(token)
        if expiry is None:
            return {"errcode": 40014, "errmsg": "invalid access_token"}
        if expiry <= time.time():
            return {"errcode": 42001, "errmsg": "access_token expired"}
        return None

    def handle(self, method, path, query, body, headers):
        with self.lock:
            self.calls.append(path.removeprefix("/cgi-bin/"))
            if path == "/cgi-bin/gettoken" and method == "GET":
                if query.get("corpid") != self.corp_id:
                    return 200, {"errcode": 40013, "errmsg": "invalid corpid"}
                if query.get("corpsecret") != self.secret:
                    return 200, {"errcode": 40001, "errmsg": "invalid credential"}
                token = f"TOKEN-{len(self.tokens) + 1}"
                self.tokens[token] = time.time() + 7200
                return 200, {"errcode": 0, "errmsg": "ok", "access_token": token, "expires_in": 7200}
            error = self._token_error(query.get("access_token"))
            if error:
                return 200, error
            if path == "/cgi-bin/message/send" and method == "POST":
                message = json.loads(body)
                if message.get("agentid") != self.agent_id:
                    return 200, {"errcode": 40056, "errmsg": "invalid agentid"}
                if message.get("msgtype") != "textcard" or not message["textcard"].get("url"):
                    return 200, {"errcode": 40008, "errmsg": "invalid message type"}
                receivers = [u for u in message.get("touser", "").split("|") if u]
                invalid = [u for u in receivers if u not in self.members]
                if receivers and len(invalid) == len(receivers):
                    return 200, {"errcode": 81013, "errmsg": "user & party & tag all invalid",
                                 "invaliduser": "|".join(invalid)}
                self.messages.append(message)
                return 200, {"errcode": 0, "errmsg": "ok", "invaliduser": "|".join(invalid), "invalidparty": "",
                             "invalidtag": "", "unlicenseduser": "", "msgid": f"msg{len(self.messages)}",
                             "response_code": ""}
            if path == "/cgi-bin/auth/getuserinfo" and method == "GET":
                answer = self.codes.pop(query.get("code", ""), None)
                if answer is None:
                    return 200, {"errcode": 40029, "errmsg": "invalid code"}
                return 200, {"errcode": 0, "errmsg": "ok", **answer}
            return 404, {"errcode": 60011, "errmsg": f"no privilege to access {path}"}


class FakeOIDCProvider(_Server):
    def __init__(self, *, client_id: str, client_secret: str):
        self.client_id, self.client_secret = client_id, client_secret
        self.codes: dict[str, dict] = {}
        self.access: dict[str, dict] = {}
        self.calls: list[str] = []
        self.signed_in_as: dict | None = None

    @property
    def issuer(self) -> str:
        return self.base + "/"

    def issue_code(self, code: str, *, claims: dict, nonce: str, code_challenge: str, redirect_uri: str) -> None:
        self.codes[code] = {"claims": claims, "nonce": nonce, "challenge": code_challenge,
                            "redirect_uri": redirect_uri}

    def handle(self, method, path, query, body, headers):
        self.calls.append(path)
        if path == "/authorize" and method == "GET" and self.signed_in_as is not None:
            if query.get("client_id") != self.client_id or query.get("response_type") != "code":
                return 400, {"error": "invalid_request"}
            code = f"code-{len(self.codes) + len(self.access) + 1}"
            self.issue_code(code, claims=self.signed_in_as, nonce=query.get("nonce", ""),
                            code_challenge=query.get("code_challenge", ""), redirect_uri=query["redirect_uri"])
            return 302, {"Location": f"{query['redirect_uri']}?{urlencode({'code': code, 'state': query['state']})}"}
        if path == "/token" and method == "POST":
            form = {k: v[0] for k, v in parse_qs(body.decode()).items()}
            if form.get("client_id") != self.client_id or form.get("client_secret") != self.client_secret:
                return 401, {"error": "invalid_client"}
            grant = self.codes.pop(form.get("code", ""), None)
            if grant is None or form.get("grant_type") != "authorization_code":
                return 400, {"error": "invalid_grant"}
            verifier = form.get("code_verifier", "")
            challenge = base64.urlsafe_b64encode(hashlib.sha256(verifier.encode()).digest()).rstrip(b"=").decode()
            if challenge != grant["challenge"] or form.get("redirect_uri") != grant["redirect_uri"]:
                return 400, {"error": "invalid_grant"}
            now = int(time.time())
            id_token = jwt.encode({"iss": self.issuer, "aud": self.client_id, "sub": grant["claims"]["sub"],
                                   "iat": now, "exp": now + 300, "nonce": grant["nonce"]},
                                  self.client_secret, algorithm="HS256")
            access_token = f"AT-{len(self.access) + 1}"
            self.access[access_token] = grant["claims"]
            return 200, {"access_token": access_token, "token_type": "Bearer", "expires_in": 300,
                         "id_token": id_token}
        if path == "/userinfo" and method == "GET":
            token = headers.get("Authorization", "").removeprefix("Bearer ")
            if token not in self.access:
                return 401, {"error": "invalid_token"}
            return 200, self.access[token]
        return 404, {"error": "not_found"}
