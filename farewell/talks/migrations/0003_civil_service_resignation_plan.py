"""The civil servant's resignation talk (公务员辞去公职, CSL 85–86) as its own situation and template, and
the civil servant's dismissal template speaking from the annual assessments with the 2018 articles.

The dismissal template is corrected only where it still reads as seeded (an HR admin's edit is kept).
"""

from django.db import migrations, models

CHOICES = [
    ("low_performer", "绩效不达标"), ("likely_leaver", "可能主动离职（保留谈话）"), ("long_tenure", "长期服务员工"),
    ("probation", "试用期不符合录用条件"), ("misconduct", "违纪"), ("mutual_agreement", "协商一致解除"),
    ("civil_servant", "公务员辞退"), ("cs_resignation", "公务员辞去公职"),
]

CS_RESIGNATION = {
    "situation": "cs_resignation",
    "title": "{name} 辞去公职谈话",
    "opening": "{name}同志，你提出辞去公职，今天依照《公务员法》向你说明审批的程序和期限、不得辞去公职的情形，并听取你的想法。",
    "facts_intro": "年度考核结果、审批期限和核查情况（点开可查看原始记录）：",
    "questions": "你提出辞去公职的主要原因是什么？组织上还有哪些可以帮助你的地方？\n你手头有哪些重要公务尚未处理完毕，需要如何交接？\n你是否在涉及国家秘密等特殊职位任职，或者离开这类职位不满脱密期限？",
    "options": "近年年度考核结果：{annual_reviews}\n任免机关应当在 {approval_due} 前予以审批，审批期间应当继续履行职责\n如存在《公务员法》第八十六条所列情形，不得批准辞去公职，组织会向你说明",
    "closing": "你的意见我们会如实记录并报任免机关。无论结果如何，都感谢你在机关的工作。",
    "compliance": "告知辞去公职应当向任免机关提出书面申请，任免机关应当自接到申请之日起三十日内予以审批，其中对领导成员辞去公职的申请，应当自接到申请之日起九十日内予以审批（《公务员法》第八十五条）\n告知不得辞去公职的情形（《公务员法》第八十六条）\n告知离职前应当办理公务交接手续，必要时按照规定接受审计（《公务员法》第九十一条）\n告知辞去公职的，不发给辞退费（辞退费只发给被辞退的公务员，《公务员法》第九十条第二款）\n告知本次谈话将形成书面记录，本人可以查阅并确认",
}

SEEDED_DISMISSAL_OPTIONS = (
    "告知考核结果：{review_result}\n听取陈述申辩：记录本人的陈述和申辩意见，组织予以核实\n辞退决定以书面形式通知本人，并说明辞退理由"
)
SEEDED_DISMISSAL_COMPLIANCE = (
    "告知考核结果及拟辞退的事由和依据（《公务员法》第八十八条）\n已听取本人的陈述和申辩\n"
    "告知对辞退决定不服的，可以自知道该人事处理之日起三十日内向原处理机关申请复核，或者自接到复核决定之日起十五日内申诉（《公务员法》第九十五条）\n"
    "告知辞退后的待遇：可以领取辞退费，或者根据国家有关规定享受失业保险（《公务员辞退规定》）\n"
    "告知离职前应办理公务交接手续，必要时接受审计（《公务员法》第九十条）"
)
DISMISSAL_OPTIONS = (
    "告知年度考核结果：{annual_reviews}\n告知拟辞退的事由：{dismissal_ground}\n"
    "听取陈述申辩：记录本人的陈述和申辩意见，组织予以核实\n辞退决定以书面形式通知本人，并告知辞退依据和理由"
)
DISMISSAL_COMPLIANCE = (
    "告知年度考核结果及拟辞退的事由和依据（《公务员法》第八十八条）\n已听取本人的陈述和申辩\n"
    "告知辞退决定应当以书面形式通知本人，并告知辞退依据和理由（《公务员法》第九十条第一款）\n"
    "告知对辞退决定不服的，可以自知道该人事处理之日起三十日内向原处理机关申请复核；对复核结果不服的，可以自接到复核决定之日起十五日内提出申诉；也可以不经复核，自知道该人事处理之日起三十日内直接提出申诉（《公务员法》第九十五条）\n"
    "告知辞退后的待遇：可以领取辞退费或者根据国家有关规定享受失业保险（《公务员法》第九十条第二款），辞退费的标准和期限按国家和本地规定\n"
    "告知离职前应当办理公务交接手续，必要时按照规定接受审计（《公务员法》第九十一条）"
)


def seed(apps, schema_editor):
    PlanTemplate = apps.get_model("talks", "PlanTemplate")
    PlanTemplate.objects.get_or_create(situation=CS_RESIGNATION["situation"], defaults=CS_RESIGNATION)
    PlanTemplate.objects.filter(situation="civil_servant", options=SEEDED_DISMISSAL_OPTIONS).update(
        options=DISMISSAL_OPTIONS)
    PlanTemplate.objects.filter(situation="civil_servant", compliance=SEEDED_DISMISSAL_COMPLIANCE).update(
        compliance=DISMISSAL_COMPLIANCE)


def unseed(apps, schema_editor):
    PlanTemplate = apps.get_model("talks", "PlanTemplate")
    PlanTemplate.objects.filter(situation="cs_resignation").delete()
    PlanTemplate.objects.filter(situation="civil_servant", options=DISMISSAL_OPTIONS).update(
        options=SEEDED_DISMISSAL_OPTIONS)
    PlanTemplate.objects.filter(situation="civil_servant", compliance=DISMISSAL_COMPLIANCE).update(
        compliance=SEEDED_DISMISSAL_COMPLIANCE)


class Migration(migrations.Migration):
    dependencies = [("talks", "0002_seed_templates_and_phrases")]

    operations = [
        migrations.AlterField(
            model_name="plantemplate", name="situation",
            field=models.CharField(choices=CHOICES, max_length=20, unique=True, verbose_name="情形"),
        ),
        migrations.AlterField(
            model_name="talkplan", name="situation",
            field=models.CharField(choices=CHOICES, max_length=20, verbose_name="情形"),
        ),
        migrations.RunPython(seed, unseed),
    ]
