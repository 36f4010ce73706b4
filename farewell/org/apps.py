from django.apps import AppConfig


class OrgConfig(AppConfig):
    name = "farewell.org"
    label = "org"
    verbose_name = "Organisation"

    def ready(self):
        from django.core.signals import request_started
        from django.utils.translation import gettext_lazy as _
        from django_tasks.signals import task_started

        from . import cached
        from .models import Holiday, LocalWageFigure

        # Any change of the holiday table or the wage figures gives it a new version, which every process's
        # kept copy (cached.py) is compared with once per request or task.
        cached.watch(Holiday, "work_calendar")
        cached.watch(LocalWageFigure, "wage_table")
        request_started.connect(cached.begin, dispatch_uid="org.cached.begin_request")
        task_started.connect(cached.begin, dispatch_uid="org.cached.begin_task")

        from farewell.common import labels

        # How the ledger pages name the org services' events (people facts and the org tree).
        labels.register_events({
            "employee_created": _("新增员工"), "employee_updated": _("修改员工信息"),
            "status_changed": _("变更员工状态"), "fact_changed": _("修改法律计算所用事实（原值已记录）"),
            "unit_created": _("新增部门"), "unit_renamed": _("部门改名"), "unit_moved": _("移动部门"),
            "unit_head_set": _("设置部门负责人"), "unit_deleted": _("删除部门"),
            "position_created": _("新增岗位"), "position_updated": _("修改岗位"),
            "contract_added": _("新增劳动合同"), "contract_renewed": _("续签劳动合同"),
            "contract_ended": _("设置合同终止日"), "wage_month_added": _("录入月工资"),
            "status_period_started": _("开始特殊保护期"), "status_period_ended": _("结束特殊保护期"),
            "local_wage_added": _("添加当地工资标准"), "code_changed": _("更改公司编码"),
            "holiday_added": _("添加节假日"), "holiday_changed": _("修改节假日（原值已记录）"),
            "holiday_deleted": _("删除节假日"), "local_wage_changed": _("修改当地工资标准（原值已记录）"),
        })
