"""Seed the reason taxonomy and the exit survey (HR admins edit both; these are the defaults)."""

from django.db import migrations

# code, name, evidence rule, rehire limit, [(code, name), ...secondary reasons]
REASONS = [
    ("pay", "薪酬福利", "pay", "", [
        ("pay_below_market", "工资低于市场水平"), ("pay_bonus", "奖金/绩效工资"),
        ("pay_raise", "调薪机会少"), ("pay_benefits", "福利/社保公积金")]),
    ("manager", "直接上级", "manager", "", [
        ("manager_style", "管理方式"), ("manager_recognition", "缺乏认可"),
        ("manager_change", "频繁更换上级")]),
    ("workload", "工作负荷", "workload", "", [
        ("workload_overtime", "加班过多"), ("workload_travel", "出差过多"),
        ("workload_pressure", "指标压力大")]),
    ("development", "职业发展", "appraisal", "", [
        ("development_promotion", "晋升机会"), ("development_content", "工作内容缺乏挑战")]),
    ("training", "培训学习", "training", "", [
        ("training_not_given", "需要的培训没有提供"), ("training_requested", "申请的培训未获批准")]),
    ("appraisal", "绩效考核", "appraisal", "", [
        ("appraisal_unfair", "考核不公平"), ("appraisal_unclear", "目标不清楚")]),
    ("conditions", "工作环境与条件", "conditions", "", [
        ("conditions_place", "办公环境"), ("conditions_team", "团队氛围"),
        ("conditions_tools", "工具与流程")]),
    ("relocation", "异地搬迁", "none", "", []),
    ("family", "家庭原因", "none", "", []),
    ("health", "健康原因", "none", "", []),
    ("study", "继续深造", "none", "", []),
    ("another_offer", "另有工作机会", "pay", "", [
        ("offer_pay", "更高薪酬"), ("offer_role", "更好的职位")]),
    ("company_decision", "公司决定", "none", "", [
        ("company_misconduct", "严重违纪", "not_eligible"), ("company_performance", "不胜任工作", "conditional"),
        ("company_restructuring", "组织调整/裁员"), ("company_contract_end", "合同到期不续签"),
        ("company_retirement", "退休")]),
]

QUESTIONS = [
    ("您离开公司的最主要原因是什么？", "reason"),
    ("您对薪酬福利的满意程度", "scale"),
    ("您对直接上级的满意程度", "scale"),
    ("您对工作负荷的满意程度", "scale"),
    ("您对培训和发展机会的满意程度", "scale"),
    ("您会向朋友推荐来公司工作吗", "scale"),
    ("您希望公司改进什么？", "text"),
]


def seed(apps, schema_editor):
    ExitReason = apps.get_model("exits", "ExitReason")
    SurveyQuestion = apps.get_model("exits", "SurveyQuestion")
    order = 0
    for code, name, evidence, limit, children in REASONS:
        order += 10
        parent = ExitReason.objects.create(code=code, name=name, evidence=evidence, rehire_limit=limit, order=order)
        for child in children:
            order += 1
            child_code, child_name, *child_limit = child
            ExitReason.objects.create(code=child_code, name=child_name, parent=parent, evidence=evidence,
                                      rehire_limit=child_limit[0] if child_limit else "", order=order)
    for i, (text, kind) in enumerate(QUESTIONS, start=1):
        SurveyQuestion.objects.create(text=text, kind=kind, order=i * 10)


def unseed(apps, schema_editor):
    apps.get_model("exits", "SurveyQuestion").objects.all().delete()
    ExitReason = apps.get_model("exits", "ExitReason")
    ExitReason.objects.filter(parent__isnull=False).delete()
    ExitReason.objects.all().delete()


class Migration(migrations.Migration):
    dependencies = [("exits", "0001_initial")]
    operations = [migrations.RunPython(seed, unseed)]
