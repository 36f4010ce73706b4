"""The shipped default handover checklist (company null): HR admins copy and edit it per company,
case type and org unit (设置 › 离职办理)."""

from django.db import migrations

DEFAULT_ITEMS = [
    # (category, title, description, receiver kind, working days before the last day, blocks closing)
    ("work", "在办工作与项目进度", "列明在办事项、进度、截止日期和关键联系人，逐项交给接收人。", "manager", 3, True),
    ("clients", "客户与合作方", "客户和合作方清单、沟通记录、未结事项，必要时陪同接收人完成引荐。", "manager", 3, True),
    ("wecom", "企业微信客户与客户群", "将本人名下的企业微信外部联系人和客户群转交接收人（离职继承）。", "manager", 2, True),
    ("documents", "文件资料", "工作文件、合同、账册等纸质和电子资料移交，列明存放位置。", "manager", 2, True),
    ("assets", "设备与其他资产", "电脑、手机、门禁卡、工牌、备用金等公司财物归还。", "hr", 1, True),
    ("accounts", "账号与权限", "业务系统账号、共享密码、管理员权限移交或注销。", "hr", 0, True),
]


def seed(apps, schema_editor):
    Template = apps.get_model("offboarding", "HandoverTemplate")
    Item = apps.get_model("offboarding", "HandoverTemplateItem")
    if Template.objects.filter(company__isnull=True, case_type="", org_unit__isnull=True).exists():
        return
    template = Template.objects.create(company=None, case_type="", org_unit=None, name="通用交接清单")
    Item.objects.bulk_create([
        Item(template=template, order=n, category=c, title=t, description=d, receiver_kind=r,
             working_days_before=days, blocks_closing=blocks)
        for n, (c, t, d, r, days, blocks) in enumerate(DEFAULT_ITEMS, start=1)
    ])


def unseed(apps, schema_editor):
    apps.get_model("offboarding", "HandoverTemplate").objects.filter(company__isnull=True).delete()


class Migration(migrations.Migration):
    dependencies = [("offboarding", "0001_handover_settlement_documents_duties")]
    operations = [migrations.RunPython(seed, unseed)]
