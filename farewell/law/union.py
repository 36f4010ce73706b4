"""LCL 43: the union is told in advance of a unilateral termination under LCL 39 or 40 (§4).

An uncured defect turns the entitlement into 2N only when a court decides so (SPC Interp.
(I) Art. 47): until then the money stays that of the ground; enter `unlawful_termination`
once it is uncured.
"""

from __future__ import annotations

from .citations import LCL_43, SPC_2020
from .i18n import texts
from .inputs import Input
from .options import Options
from .violations import WARNING, Violation

TEXTS = texts({
    "not_notified": (
        "用人单位单方解除劳动合同，应当事先将理由通知工会；请在起诉前补正通知工会程序，"
        "未补正的构成违法解除（届时按违法解除计算赔偿金）",
        "an employer ending the contract unilaterally must tell the union the reasons in advance; cure this "
        "before any lawsuit: uncured, the termination is unlawful (then compute it as an unlawful termination)",
    ),
    "unconfirmed": (
        "未说明是否已事先将解除理由通知工会：单方解除前应当通知工会",
        "it is not stated whether the union was told the reasons in advance: it must be, before a unilateral termination",
    ),
})


def check(inp: Input, options: Options, lang: str) -> list[Violation]:
    notified = inp.union_notified
    if notified is True:
        return []
    if notified is False:
        return [Violation(
            "union_not_notified", LCL_43 + "；" + SPC_2020 + "第四十七条", TEXTS[lang]["not_notified"](),
            options.union_notification_severity,
        )]
    return [Violation("union_notification_unconfirmed", LCL_43, TEXTS[lang]["unconfirmed"](), WARNING)]
