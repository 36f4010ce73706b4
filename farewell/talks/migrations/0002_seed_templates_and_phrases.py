"""Seed the seven talk-plan templates and the escalation phrase list (HR admins edit both).

Placeholders: see farewell/talks/placeholders.py (plain strings only).
"""

from django.db import migrations

COMMON_COMPLIANCE = (
    "告知{name}：对本次解除/终止劳动合同有异议的，可以自知道或应当知道权利被侵害之日起一年内向劳动争议仲裁委员会申请仲裁（《劳动争议调解仲裁法》第二十七条）\n"
    "说明补偿的计算方法：{compensation_basis}\n"
    "告知出具解除/终止劳动合同证明的期限：{certificate_due}\n"
    "告知档案和社会保险关系转移手续的办理期限：{transfer_due}\n"
    "告知本次谈话将形成书面记录，员工可以查阅并确认，也可以提出补充意见"
)

TEMPLATES = [
    {
        "situation": "low_performer",
        "title": "{name} 绩效改进与岗位安排谈话",
        "opening": "{name}，谢谢你抽时间过来。你在{department}工作了{tenure}，今天想和你一起看看最近几期的绩效情况，听听你的想法，再商量接下来怎么安排。我们谈的每一项都有记录可查，你随时可以提出不同意见。",
        "facts_intro": "以下是记录中的事实（每一条都可以点开查看原始记录）：",
        "questions": "你怎么看最近几期的考核结果？有哪些情况是我们没有了解到的？\n在完成目标的过程中，你遇到的最大困难是什么？需要公司提供哪些支持？\n对于之前安排的培训，你当时是怎么考虑的？\n你希望接下来的工作目标如何调整？",
        "options": "调整工作目标并制定为期三个月的绩效改进计划，期间提供辅导和培训\n调整到更能发挥你优势的岗位（调岗须协商一致或符合《劳动合同法》第四十条第二项）\n协商一致解除劳动合同：法定补偿 {statutory_amount} 元，另可协商额外补偿",
        "closing": "今天谈到的内容我们会整理成书面记录请你确认。无论选择哪条路，我们都希望以尊重和坦诚的方式一起处理。",
        "compliance": COMMON_COMPLIANCE,
    },
    {
        "situation": "likely_leaver",
        "title": "{name} 保留与关怀谈话",
        "opening": "{name}，今天想和你聊聊最近的工作感受。你在{department}工作了{tenure}，你的想法对我们很重要。这不是考核谈话，说什么都可以。",
        "facts_intro": "我们注意到的一些信号（都来自记录，仅作为了解你的线索，不是结论）：",
        "questions": "最近工作中让你最有成就感的是什么？最让你消耗的又是什么？\n信号显示你可能在意这些方面：{missed_areas}。你觉得准确吗？还有什么是我们没看到的？\n如果可以改变一件事，你最希望改变什么？\n你对未来一两年的发展有什么期待？",
        "options": "成长：明确的发展路径、培训或项目机会、导师辅导\n团队：调整协作方式，必要时考虑内部转岗\n工作量：重新评估工作负荷，安排调休或弹性工作\n如你已有离开的打算，我们也尊重你的选择，会按规定做好交接并为你出具证明",
        "closing": "谢谢你坦诚地告诉我们。我们会在约定的日期前给你答复。",
        "compliance": "告知本次谈话内容仅用于改进工作安排，个人信息按公司规定保密\n告知员工提出辞职是其法定权利，须提前三十日书面通知（试用期内提前三日）（《劳动合同法》第三十七条）\n告知本次谈话将形成书面记录，员工可以查阅并确认",
    },
    {
        "situation": "long_tenure",
        "title": "{name} 离职谈话（感谢长期服务）",
        "opening": "{name}，你在{company}工作了{tenure}。在谈具体安排之前，我们首先想感谢你这些年的付出。",
        "facts_intro": "你的贡献（登记在册的 {contribution_count} 项，每一项都可查看原始记录）：",
        "questions": "回顾这些年，你最自豪的是哪一段经历？\n你带过的同事和参与的项目中，有哪些需要我们妥善交接、继续推进？\n对离职的安排，你有什么期待和顾虑？",
        "options": "经济补偿按工作年限 {tenure_years} 年计算，法定金额 {statutory_amount} 元\n在公司政策范围内给予额外补偿，感谢长期服务（上限 {extra_cap} 元）\n合适的方式向团队告别、交接和致谢",
        "closing": "谢谢你为公司所做的一切。交接和各项手续我们会尽量为你提供便利。",
        "compliance": COMMON_COMPLIANCE,
    },
    {
        "situation": "probation",
        "title": "{name} 试用期考核结果谈话",
        "opening": "{name}，今天和你沟通试用期考核的结果。我们会逐条对照录用时书面约定的条件，说明记录显示的情况，也请你说说你的看法。",
        "facts_intro": "书面录用条件，以及记录对照每一项显示的情况：",
        "questions": "对照这些录用条件，你怎么看自己试用期的表现？\n有没有哪些情况影响了你达成这些条件，而我们没有掌握？\n你对考核结果有什么异议？",
        "options": "试用期内不符合录用条件，依据《劳动合同法》第三十九条第一项解除劳动合同（须在试用期满前作出并说明理由）\n如员工对事实有异议，暂缓决定并核实后再沟通",
        "closing": "谢谢你的配合。我们会把今天的内容记录下来请你确认，你可以写下不同意见。",
        "compliance": "向员工说明不符合录用条件的具体理由和依据（《劳动合同法》第二十一条）\n告知出具解除劳动合同证明的期限：{certificate_due}\n告知档案和社会保险关系转移手续的办理期限：{transfer_due}\n告知对解除有异议的，可以申请劳动争议仲裁（《劳动争议调解仲裁法》第二条、第二十七条）\n告知本次谈话将形成书面记录，员工可以查阅并确认，也可以提出补充意见",
    },
    {
        "situation": "misconduct",
        "title": "{name} 违纪事实告知与陈述谈话",
        "opening": "{name}，今天请你来，是要告知你违反公司规章制度的事实，并听取你的解释。在公司作出决定前，你有权就这些事实进行说明和申辩。",
        "facts_intro": "违反的规章：{rule_broken}。有记录的事实如下：",
        "questions": "对上述事实，你是否认可？如有不同，请具体说明。\n事情发生时的情况是怎样的？有没有我们不了解的背景？\n你还有什么需要补充或提交的材料？",
        "options": "员工认可事实：依据规章制度和《劳动合同法》第三十九条第二项处理（严重违纪方可解除，无经济补偿）\n员工有异议：记录其陈述，核实后再作决定\n情节较轻：给予相应纪律处分并明确改进要求",
        "closing": "你的陈述我们会完整记录。公司会在核实后书面通知你处理结果。",
        "compliance": "告知员工有权对违纪事实进行陈述和申辩，并已听取其陈述\n告知解除前将通知工会（《劳动合同法》第四十三条）\n告知出具解除劳动合同证明的期限：{certificate_due}\n告知档案和社会保险关系转移手续的办理期限：{transfer_due}\n告知对处理决定有异议的，可以申请劳动争议仲裁（《劳动争议调解仲裁法》第二十七条）",
    },
    {
        "situation": "mutual_agreement",
        "title": "{name} 协商解除劳动合同谈话",
        "opening": "{name}，谢谢你来。今天想和你商量解除劳动合同的安排。这是双方协商，你可以充分表达意见，也可以考虑后再答复。",
        "facts_intro": "补偿是怎么算出来的（点开可查看计算明细）：",
        "questions": "你对协商解除的安排有什么想法？\n对补偿金额和离职日期，你有什么期待？\n交接和离职后的手续，你有什么需要公司协助的？",
        "options": "法定经济补偿：{compensation_months} 个月 × 月工资基数 {monthly_base} 元 = {statutory_amount} 元\n公司方案：法定补偿加协商额外补偿 {extra_compensation} 元，合计 {offered_amount} 元（{offered_amount_capital}）\n额外补偿的政策上限为 {extra_cap} 元，HR当场可承诺的最高总额为 {max_amount} 元\n如员工诉求（{employee_demand} 元）高于上述金额：先说明法定补偿的计算依据，再说明公司可额外给予的范围；超出上限的部分须经法务审核和领导审批，不得当场承诺",
        "closing": "谢谢你的坦诚。你可以带回去考虑，我们约定在下次沟通时给出答复。",
        "compliance": COMMON_COMPLIANCE,
    },
    {
        "situation": "civil_servant",
        "title": "{name} 辞退程序谈话",
        "opening": "{name}同志，根据《公务员法》和《公务员辞退规定》，今天向你告知有关事项并听取你的意见。",
        "facts_intro": "考核结果和辞退事由（点开可查看原始记录）：",
        "questions": "对考核结果和拟辞退的事由，你有什么意见？请充分陈述和申辩。\n你还有哪些需要组织了解的情况？",
        "options": "告知考核结果：{review_result}\n听取陈述申辩：记录本人的陈述和申辩意见，组织予以核实\n辞退决定以书面形式通知本人，并说明辞退理由",
        "closing": "你的陈述和申辩意见我们会如实记录，并报机关研究。",
        "compliance": "告知考核结果及拟辞退的事由和依据（《公务员法》第八十八条）\n已听取本人的陈述和申辩\n告知对辞退决定不服的，可以自知道该人事处理之日起三十日内向原处理机关申请复核，或者自接到复核决定之日起十五日内申诉（《公务员法》第九十五条）\n告知辞退后的待遇：可以领取辞退费，或者根据国家有关规定享受失业保险（《公务员辞退规定》）\n告知离职前应办理公务交接手续，必要时接受审计（《公务员法》第九十条）",
    },
]

PHRASES = [
    ("仲裁", "劳动争议仲裁"),
    ("劳动仲裁", "劳动争议仲裁"),
    ("起诉", "诉讼"),
    ("法院", "诉讼"),
    ("律师", "委托律师"),
    ("劳动监察", "向劳动保障监察投诉"),
    ("投诉", "投诉"),
    ("举报", "举报"),
    ("录音", "员工在录音或提到录音"),
    ("录像", "员工在录像"),
    ("媒体", "向媒体曝光"),
    ("曝光", "向媒体曝光"),
    ("12345", "市民热线"),
    ("12333", "人社热线"),
    ("信访", "信访"),
    ("违法解除", "主张违法解除"),
    ("赔偿金", "主张赔偿金（2N）"),
    ("违法辞退", "主张违法解除"),
    ("非法辞退", "主张违法解除"),
    ("劳动局", "向劳动行政部门投诉"),
    ("人社局", "向劳动行政部门投诉"),
    ("双倍工资", "主张二倍工资或赔偿金"),
]


def seed(apps, schema_editor):
    PlanTemplate = apps.get_model("talks", "PlanTemplate")
    EscalationPhrase = apps.get_model("talks", "EscalationPhrase")
    for row in TEMPLATES:
        PlanTemplate.objects.update_or_create(situation=row["situation"], defaults=row)
    for phrase, note in PHRASES:
        EscalationPhrase.objects.get_or_create(phrase=phrase, defaults={"note": note})


class Migration(migrations.Migration):
    dependencies = [("talks", "0001_initial")]

    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
