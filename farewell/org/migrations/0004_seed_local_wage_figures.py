"""Seed the local wage figures this release could verify against a published source (HR admins edit them
under 设置 › 当地工资标准). A city or year whose figure could not be traced to a source is left out rather
than guessed; see docs in the module's list below for what each row rests on.

Shanghai's minimum wage: the shipped engine table dated 2,590 from 2023-07-01 and 2,690 from 2024-07-01;
the bureau's announcements date them 2021-07-01 and 2023-07-01. These rows correct the dates (a figure here
wins over the shipped one for the same day).
"""

import datetime as dt
from decimal import Decimal

from django.db import migrations

MINIMUM_WAGES = [
    # (city, effective from, amount per month, source)
    ("上海", dt.date(2021, 7, 1), Decimal("2590"),
     "上海市人力资源和社会保障局2021年6月23日公布：自2021年7月1日起本市月最低工资标准从2480元调整到2590元"
     "（新民晚报2021-06-24第7版报道）"),
    ("上海", dt.date(2023, 7, 1), Decimal("2690"),
     "上海市人力资源和社会保障局：自2023年7月1日起本市月最低工资标准从2590元调整到2690元（北京日报客户端2023-07-05报道）"),
    ("南通", dt.date(2021, 8, 1), Decimal("2280"),
     "南通市人力资源和社会保障局关于调整南通市最低工资标准的通知（通人社劳〔2021〕9号，依据苏人社发〔2021〕72号）："
     "自2021年8月1日起市区、启东市执行一类地区月最低工资标准2280元"),
]


def seed(apps, schema_editor):
    LocalWageFigure = apps.get_model("org", "LocalWageFigure")
    for city, effective_from, amount, source in MINIMUM_WAGES:
        LocalWageFigure.objects.get_or_create(
            city=city, kind="minimum", year=None, effective_from=effective_from,
            defaults={"amount": amount, "source": source},
        )


def unseed(apps, schema_editor):
    LocalWageFigure = apps.get_model("org", "LocalWageFigure")
    for city, effective_from, amount, source in MINIMUM_WAGES:
        # Only rows still as seeded: an HR admin's correction stays.
        LocalWageFigure.objects.filter(city=city, kind="minimum", effective_from=effective_from, amount=amount,
                                       source=source).delete()


class Migration(migrations.Migration):
    dependencies = [("org", "0003_holiday")]

    operations = [migrations.RunPython(seed, unseed)]
