from __future__ import annotations

from django.shortcuts import redirect

from farewell.cases.services import case_link


def back_to_case(case):
    return redirect(f"{case_link(case)}#offboarding")
