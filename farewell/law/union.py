"""LCL 43: the union is told in advance of a unilateral termination under LCL 39 or 40 (§4).

An uncured defect turns the entitlement into 2N only when a court decides so (SPC Interp.
(I) Art. 47): until then the money stays that of the ground; enter `unlawful_termination`
once it is uncured.
"""

from __future__ import annotations

from .citations import LCL_43, SPC_2020
from .inputs import Input
from .options import Options
from .violations import WARNING, Violation


def check(inp: Input, options: Options) -> list[Violation]:
    notified = inp.union_notified
    if notified is True:
        return []
    if notified is False:
        return [
            Violation(
                "union_not_notified",
                LCL_43 + "；" + SPC_2020 + "第四十七条",
                "用人单位单方解除劳动合同，应当事先将理由通知工会；请在起诉前补正通知工会程序，"
                "未补正的构成违法解除（届时按 unlawful_termination 计算赔偿金）",
                options.union_notification_severity,
            )
        ]
    return [
        Violation(
            "union_notification_unconfirmed",
            LCL_43,
            "未说明是否已事先将解除理由通知工会：单方解除前应当通知工会",
            WARNING,
        )
    ]
