from django.apps import AppConfig


class OrgConfig(AppConfig):
    name = "farewell.org"
    label = "org"
    verbose_name = "Organisation"

    def ready(self):
        from django.db.models.signals import post_delete, post_save
        from django.utils.translation import gettext_lazy as _

        from . import cached
        from .models import Holiday, LocalWageFigure

        # The process's copies of the holiday table and the wage figures (cached.py) go with any change.
        for model in (Holiday, LocalWageFigure):
            post_save.connect(cached.forget, sender=model, dispatch_uid=f"org.cached.save.{model.__name__}")
            post_delete.connect(cached.forget, sender=model, dispatch_uid=f"org.cached.delete.{model.__name__}")

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
