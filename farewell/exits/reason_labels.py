"""The seeded exit reasons' names in the page's language. The taxonomy is data each company's HR admins edit
(exits.ExitReason, seeded in Chinese by migration 0002 and defaults.seed_company): a seeded name is shown
translated, one HR typed or changed is shown as typed (an English report read 薪酬福利 2026-11)."""

from __future__ import annotations

from django.utils.translation import gettext, gettext_noop

# As migration 0002_seed_reasons_and_questions seeds them (tests/exits/test_reason_labels.py keeps the two equal).
SEEDED_NAMES = frozenset({
    gettext_noop("薪酬福利"), gettext_noop("工资低于市场水平"), gettext_noop("奖金/绩效工资"), gettext_noop("调薪机会少"),
    gettext_noop("福利/社保公积金"),
    gettext_noop("直接上级"), gettext_noop("管理方式"), gettext_noop("缺乏认可"), gettext_noop("频繁更换上级"),
    gettext_noop("工作负荷"), gettext_noop("加班过多"), gettext_noop("出差过多"), gettext_noop("指标压力大"),
    gettext_noop("职业发展"), gettext_noop("晋升机会"), gettext_noop("工作内容缺乏挑战"),
    gettext_noop("培训学习"), gettext_noop("需要的培训没有提供"), gettext_noop("申请的培训未获批准"),
    gettext_noop("绩效考核"), gettext_noop("考核不公平"), gettext_noop("目标不清楚"),
    gettext_noop("工作环境与条件"), gettext_noop("办公环境"), gettext_noop("团队氛围"), gettext_noop("工具与流程"),
    gettext_noop("异地搬迁"), gettext_noop("家庭原因"), gettext_noop("健康原因"), gettext_noop("继续深造"),
    gettext_noop("另有工作机会"), gettext_noop("更高薪酬"), gettext_noop("更好的职位"),
    gettext_noop("公司决定"), gettext_noop("严重违纪"), gettext_noop("不胜任工作"), gettext_noop("组织调整/裁员"),
    gettext_noop("合同到期不续签"), gettext_noop("退休"),
})


def reason_name(name: str) -> str:
    return gettext(name) if name in SEEDED_NAMES else name
