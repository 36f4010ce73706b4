"""A page, not an empty body, for a method a page does not take (GET on a POST-only URL).

Django's require_POST & co. answer 405 with no content; a person who follows a bookmarked or
copied address of a form's target would see a blank screen. The API's 405s are DRF's JSON and
are left alone."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.template.loader import render_to_string
from django.utils.translation import gettext as _


class MethodNotAllowedPageMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        if response.status_code != 405 or response.content or request.path.startswith("/api/"):
            return response
        message = _("这个地址只用于提交表单，不能直接打开。请从相应页面的按钮进入。")
        response.content = render_to_string("400.html", {"message": message, "title": _("无法打开")}, request=request)
        response["Content-Type"] = "text/html; charset=utf-8"
        return response
