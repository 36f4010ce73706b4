from django.apps import AppConfig


class PortalConfig(AppConfig):
    name = "farewell.portal"
    label = "portal"
    verbose_name = "Employee self-service"

    def ready(self) -> None:
        from farewell.common import panels

        from .panels import case_employee_copy, case_receipt

        panels.register("case_detail", 65, case_employee_copy)
        panels.register("case_detail", 66, case_receipt)

        from django.utils.translation import gettext_lazy as _

        from farewell.common import labels

        from .receipts import NOTICE_EVENT, PAPER_NOTICE_EVENT, RECEIPT_EVENT

        labels.register_events({NOTICE_EVENT: _("员工提交的书面通知全文"), RECEIPT_EVENT: _("出具辞职回执"),
                                PAPER_NOTICE_EVENT: _("HR登记的书面辞职通知（回执全文）"),
                                "document.downloaded_by_employee": _("员工下载离职文书")})
