"""设置 · 当地工资标准: the local wage figures the law engine uses (3× cap, minimum-wage floor)."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import NoReverseMatch, reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, pgettext_lazy
from django.views.decorators.http import require_http_methods

from farewell.accounts import policy

from . import wages
from .forms_settings import LocalWageFigureForm
from .models import Company, LocalWageFigure


@require_http_methods(["GET", "POST"])
def local_wages(request: HttpRequest) -> HttpResponse:
    policy.require(request.user, "settings.manage")
    form = LocalWageFigureForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        figure = wages.save_figure(form, acting_user=request.user)
        messages.success(request, _("已添加：%(figure)s") % {"figure": figure})
        return redirect("settings:local_wages")
    today = timezone.localdate()
    table = wages.wage_table()
    in_use = []
    for company in Company.objects.filter(id__in=policy.company_ids(request.user)).order_by("name"):
        figures = table.lookup(company.city, today)
        average = figures.local_avg_monthly_wage if figures else None
        # LCL 47 ¶2 needs the year before separation: an older latest figure makes today's results provisional.
        in_use.append({"company": company, "figures": figures, "needed_year": today.year - 1,
                       "average_older": average is not None and average.year < today.year - 1})
    return render(request, "org/local_wages.html", {
        "form": form,
        "figures": LocalWageFigure.objects.all(),
        "shipped": wages.shipped_rows(),
        "in_use": in_use,
        "today": today,
    })


@require_http_methods(["GET", "POST"])
def local_wage_edit(request: HttpRequest, pk: int) -> HttpResponse:
    """Correct a figure (a seeded one included); the ledger keeps the old values beside the new."""
    policy.require(request.user, "settings.manage")
    figure = get_object_or_404(LocalWageFigure, pk=pk)
    form = LocalWageFigureForm(request.POST or None, instance=figure)
    if request.method == "POST" and form.is_valid():
        figure = wages.save_figure(form, acting_user=request.user)
        messages.success(request, _("已保存：%(figure)s") % {"figure": figure})
        return redirect("settings:local_wages")
    return render(request, "org/local_wage_edit.html", {"form": form, "figure": figure},
                  status=400 if request.method == "POST" else 200)


# What HR admins configure, wherever it lives: (title, description, url name, policy action).
SETTINGS_PAGES = [
    (gettext_lazy("用户与权限"), gettext_lazy("为员工创建登录账号、授予和撤销角色（含部门范围）、停用账号"), "accounts:users", "users.manage"),
    (gettext_lazy("安全策略"), gettext_lazy("密码最短长度、登录会话时长、连续登录失败锁定次数（安全管理员）"),
     "accounts:security_policy", "security.policy"),
    (gettext_lazy("组织架构"), gettext_lazy("部门树：新增、改名、整体移动（含下级部门）"), "settings:org_tree", "org.manage"),
    (gettext_lazy("岗位"), gettext_lazy("岗位、职级和薪档"), "settings:positions", "org.manage"),
    (pgettext_lazy("settings", "审批流程"), gettext_lazy("每种离职类型的审批步骤、条件和期限（按版本保存）"), "cases:workflow_list", "workflow.configure"),
    (gettext_lazy("补偿政策"), gettext_lazy("协商额外补偿的上限，按公司和离职类型"), "cases:policy_list", "workflow.configure"),
    (gettext_lazy("当地工资标准"), gettext_lazy("上年度职工月平均工资和最低工资标准，用于封顶和保底"), "settings:local_wages", "settings.manage"),
    (gettext_lazy("节假日"), gettext_lazy("国务院办公厅公布的放假和调休上班日期，用于推算法定期限和审批期限"), "settings:holidays", "settings.manage"),
    (gettext_lazy("预警规则"), gettext_lazy("各条预警规则的阈值，保存后重新计算"), "insights:rules", "insights.configure"),
    (gettext_lazy("指标目录"), gettext_lazy("导入指标数据时可用的指标：代码、名称、单位、范围；添加自定义指标或停用"), "records:metrics", "settings.manage"),
    (gettext_lazy("谈话方案模板"), gettext_lazy("各种情形的谈话方案文本和占位符"), "talks:template_list", "talks.configure"),
    (gettext_lazy("风险用语"), gettext_lazy("谈话记录中需要提示法务的用语"), "talks:phrases", "talks.configure"),
    (gettext_lazy("离职办理"), gettext_lazy("交接清单模板、离职文书模板（DOCX）、最后一个月工资折算和一次性补偿收入口径"),
     "offboarding:config", "offboarding.configure"),
    (gettext_lazy("离职原因"), gettext_lazy("离职原因分类（一级、二级）、可核对的记录和再录用限制"), "exits:reasons",
     "exits.configure"),
    (gettext_lazy("离职问卷"), gettext_lazy("离职问卷的问题（评分、原因、文字）"), "exits:questions", "exits.configure"),
    (gettext_lazy("个人信息保存期限"), gettext_lazy("每类个人信息在员工离职后保存多久（劳动合同文本不少于二年），以及到期将删除的内容"),
     "privacy:retention", "privacy.retention"),
    (gettext_lazy("替换成本"), gettext_lazy("每个岗位的替换成本，用于离职分析的离职成本"), "exits:replacement_costs",
     "exits.configure"),
]


@require_http_methods(["GET"])
def index(request: HttpRequest) -> HttpResponse:
    """设置: every configuration page the user may open."""
    pages = []
    for title, description, url_name, action in SETTINGS_PAGES:
        if not policy.allows(request.user, action):
            continue
        try:
            pages.append({"title": title, "description": description, "url": reverse(url_name)})
        except NoReverseMatch:
            continue  # that app is not installed
    if not pages:
        raise PermissionDenied("settings")
    return render(request, "org/settings_index.html", {"pages": pages})
