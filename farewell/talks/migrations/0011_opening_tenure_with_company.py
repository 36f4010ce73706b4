"""The seeded openings of the low-performer and likely-leaver plans said 你在{department}工作了{tenure}: {tenure} is the
service with the employer (placeholders.py), not in the department, so a person moved to 销售部 last month was told
they had worked there six years. The openings now say the company. A template still holding the seeded text
exactly is updated; one HR has edited is left as written. talks/defaults.py seeds new companies from here."""

from django.db import migrations

# situation → (the text 0002 seeded, the corrected text)
OPENINGS = {
    "low_performer": (
        "{name}，谢谢你抽时间过来。你在{department}工作了{tenure}，今天想和你一起看看最近几期的绩效情况，听听你的想法，"
        "再商量接下来怎么安排。我们谈的每一项都有记录可查，你随时可以提出不同意见。",
        "{name}，谢谢你抽时间过来。你在{company}工作了{tenure}，今天想和你一起看看最近几期的绩效情况，听听你的想法，"
        "再商量接下来怎么安排。我们谈的每一项都有记录可查，你随时可以提出不同意见。",
    ),
    "likely_leaver": (
        "{name}，今天想和你聊聊最近的工作感受。你在{department}工作了{tenure}，你的想法对我们很重要。这不是考核谈话，说什么都可以。",
        "{name}，今天想和你聊聊最近的工作感受。你在{company}工作了{tenure}，你的想法对我们很重要。这不是考核谈话，说什么都可以。",
    ),
}


def forward(apps, schema_editor):
    PlanTemplate = apps.get_model("talks", "PlanTemplate")
    for situation, (seeded, corrected) in OPENINGS.items():
        PlanTemplate.objects.filter(situation=situation, opening=seeded).update(opening=corrected)


def backward(apps, schema_editor):
    PlanTemplate = apps.get_model("talks", "PlanTemplate")
    for situation, (seeded, corrected) in OPENINGS.items():
        PlanTemplate.objects.filter(situation=situation, opening=corrected).update(opening=seeded)


class Migration(migrations.Migration):

    dependencies = [
        ("talks", "0010_conversation_agenda_words"),
    ]

    operations = [migrations.RunPython(forward, backward)]
