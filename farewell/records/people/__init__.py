"""Imports of the people facts an employer starts from: org units, positions, employees,
contracts, monthly wages and protected-status periods — in the one importer framework
(importers.py: the same parsers, upload → mapping → confirm flow, all-or-nothing transaction,
row-and-field errors, ledger entry per import, `farewell import KIND FILE`).

What differs from the signal records is how rows become database rows, so each kind brings its
own runner (`ImportSpec.runner`):

- org units: a tree by path (总部/销售部/华东区) or by parent code, parents before children
  whatever the row order; a changed parent moves the unit with its subtree;
- employees: keyed by 工号 within the company; the whole file is read first so that a manager may
  be a later row, manager cycles are found, and the unit may be a path, a code or a unique name;
  ID numbers are checked (GB 11643), encrypted, and indexed (blind index) here, since the upsert
  builds no model instance;
- contracts: keyed by (工号, 起始日); sequence numbers and renewal links follow the dates;
  overlapping contracts are refused;
- wages: their own fast row pipeline (records/wage_rows.py, like metric_rows.py), with the total
  computed when blank;
- protected periods: the kind is encrypted (health data), so rows are matched in Python.

For the facts the law engine reads, a changed value's old value goes to the ledger first (event
"fact_changed"), and the cases of those employees re-run the engine once the import commits
(org.signals). A re-import never deletes: a person left out of the file is left as they are.
"""

from __future__ import annotations

from django.utils.translation import gettext_lazy, gettext_noop

from farewell.org.models import (
    Contract,
    ContractKind,
    Employee,
    EmployeeStatus,
    EmploymentType,
    Gender,
    OrgUnit,
    Position,
    RetirementCategory,
    StatusKind,
    StatusPeriod,
    WageMonth,
)

from ..importers import (
    EMPLOYEE,
    Column,
    ImportSpec,
    boolean,
    calendar_date,
    choice,
    date,
    decimal,
    integer,
    register,
    text,
)
from ..wage_rows import import_wage_rows
from .base import PEOPLE
from .employees import (
    _bank_account,
    _email,
    _employee_rules,
    _id_number,
    _phone,
    export_employees,
    import_employees,
)
from .org import _position_rules, _unit_rules, export_positions, export_units, import_positions, import_units
from .terms import (
    _contract_rules,
    _period_rules,
    _wage_rules,
    export_contracts,
    export_status_periods,
    export_wages,
    import_contracts,
    import_status_periods,
    month,
)

# ---------------------------------------------------------------------------------------------
# The specs

UNIT_COLUMN_HEADER = "部门"

SPECS = (
    ImportSpec(
        "org_units", gettext_lazy("组织架构（部门）"), OrgUnit,
        (
            Column("path", gettext_noop("部门路径"), text(500), aliases=("组织路径", "部门全称", "部门全路径", "完整路径", "path"),
                   example="总部/销售部/华东区"),
            Column("name", gettext_noop("部门名称"), text(100), aliases=("名称", "部门", "name"), example="华东区"),
            Column("code", gettext_noop("部门编码"), text(30, narrow=True), aliases=("部门代码", "编码", "组织编码", "code"),
                   example="SALES-EC"),
            Column("parent", gettext_noop("上级部门编码"), text(30, narrow=True), aliases=("上级编码", "上级部门代码", "parent"),
                   example="SALES"),
            Column("head", gettext_noop("负责人工号"), text(30, narrow=True), aliases=("部门负责人工号", "负责人", "head"), example=""),
        ),
        ("code",), runner=import_units, row_rules=_unit_rules, exporter=export_units, action="org.manage",
        group=PEOPLE, recompute_flags=False, one_of=("path", "name"),
        description=gettext_lazy("按路径（总部/销售部/华东区）或按上级部门编码给出部门树；上级可在文件中任意位置；"
                                 "改了上级即整体移动（含下级部门）"),
    ),
    ImportSpec(
        "positions", gettext_lazy("岗位"), Position,
        (
            Column("name", gettext_noop("岗位名称"), text(100), required=True, aliases=("岗位", "职位", "职位名称", "name"),
                   example="销售代表"),
            Column("grade", "职级", text(20), aliases=("职等", "级别", "grade"), example="P3"),
            Column("wage_min", "薪档下限", decimal(0, 10**9), aliases=("薪资下限", "最低月薪"), example="8000"),
            Column("wage_max", "薪档上限", decimal(0, 10**9), aliases=("薪资上限", "最高月薪"), example="15000"),
        ),
        ("name",), runner=import_positions, row_rules=_position_rules, exporter=export_positions,
        action="org.manage", group=PEOPLE, recompute_flags=False,
    ),
    ImportSpec(
        "employees", gettext_lazy("员工花名册"), Employee,
        (
            Column("employee_number", "工号", text(30, narrow=True), required=True,
                   aliases=("员工工号", "员工编号", "职工编号", "人员编号", "employee_number"), example="E000123"),
            Column("name", "姓名", text(50), aliases=("员工姓名", "姓名（中文）", "name"), example="张三"),
            Column("gender", "性别", choice(Gender, m="male", f="female", 男性="male", 女性="female"),
                   example="男"),
            Column("birth_date", "出生日期", calendar_date, aliases=("出生年月日", "生日"), example="1990-05-12"),
            Column("id_number", "身份证号", _id_number, aliases=("证件号码", "身份证号码", "身份证", "证件号"),
                   example=""),
            Column("bank_account", "银行账号", _bank_account, aliases=("工资卡号", "银行卡号", "开户账号"), example=""),
            Column("phone", "手机", _phone, aliases=("手机号码", "手机号", "联系电话", "电话"), example="13800000000"),
            Column("email", "邮箱", _email, aliases=("电子邮箱", "邮件", "email", "e-mail"), example="zhangsan@example.com"),
            Column("first_work_date", "参加工作日期", date, aliases=("参加工作时间", "首次参加工作日期"), example="2012-07-01"),
            Column("hire_date", "入职日期", date, aliases=("入职时间", "入司日期", "入职日", "hire_date"),
                   example="2020-03-02"),
            Column("org_unit", UNIT_COLUMN_HEADER, text(500), aliases=("所属部门", "部门名称", "部门路径", "部门编码", "组织"),
                   example="总部/销售部"),
            Column("manager", gettext_noop("直接上级工号"), text(30, narrow=True), aliases=("上级工号", "汇报对象工号", "直属上级工号"),
                   example="E000001"),
            Column("position", "岗位", text(100), aliases=("岗位名称", "职位"), example="销售代表"),
            Column("employment_type", "用工类型", choice(
                EmploymentType, 正式="labour_contract", 合同制="labour_contract", 劳动合同制="labour_contract",
                参公="civil_servant", 参公管理="civil_servant", 事业编="public_institution", 事业编制="public_institution",
                派遣="dispatch", 实习生="intern", 兼职="part_time", 小时工="part_time"),
                aliases=("用工形式", "员工类型", "人员类别"), example="劳动合同"),
            Column("status", "状态", choice(EmployeeStatus, 试用="probation", 正式="active", 在岗="active",
                                           离职="separated"), aliases=("员工状态", "在职状态"), example="在职"),
            Column("union_member", "工会会员", boolean, aliases=("是否工会会员",), example="否"),
            Column("retirement_category", "退休类别", choice(RetirementCategory, 男="male", 女干部="female_cadre",
                                                             女工人="female_worker"), example=""),
            Column("separation_date", "离职日期", date, aliases=("离职时间",), example=""),
        ),
        ("employee_number",), runner=import_employees, row_rules=_employee_rules, exporter=export_employees,
        sensitive_export=True, group=PEOPLE,
        description=gettext_lazy("按工号新增或更新；新员工必填 姓名、性别、出生日期、入职日期、部门（有身份证号时性别和出生日期可不填）；"
                                 "部门填路径、编码或唯一的部门名称；身份证号校验后加密保存"),
    ),
    ImportSpec(
        "contracts", gettext_lazy("劳动合同"), Contract,
        (
            EMPLOYEE,
            Column("kind", "合同类型", choice(ContractKind, 固定="fixed_term", 有固定期限="fixed_term",
                                             无固定="open_ended", 长期="open_ended", 项目="task_based",
                                             以完成一定工作任务为期限="task_based"),
                   required=True, aliases=("合同期限类型", "合同性质"), example="固定期限"),
            Column("start_date", "起始日", date, required=True, aliases=("合同开始日期", "开始日期", "合同起始日", "起始日期"),
                   example="2023-03-01"),
            Column("end_date", "终止日", date, aliases=("合同结束日期", "结束日期", "合同终止日", "到期日", "终止日期"),
                   example="2026-02-28"),
            Column("probation_end_date", "试用期截止", date, aliases=("试用期结束日期", "转正日期", "试用期至"),
                   example="2023-05-31"),
            Column("signed_date", "签订日", date, aliases=("签订日期", "签约日期"), example="2023-02-20"),
            Column("sequence", "第几次签订", integer(1, 99), aliases=("签订次数",), example="1", written=False),
        ),
        ("employee", "start_date"), runner=import_contracts, row_rules=_contract_rules, exporter=export_contracts,
        group=PEOPLE, recompute_flags=False,
        description=gettext_lazy("按工号+起始日新增或更新；续签为同一人的下一份合同，第几次签订按起始日自动排定"),
    ),
    ImportSpec(
        "wages", gettext_lazy("月工资"), WageMonth,
        (
            EMPLOYEE,
            Column("month", "月份", month, required=True, aliases=("工资月份", "发放月份", "所属月份", "期间"),
                   example="2025-03"),
            Column("base", "基本工资", decimal(0, 10**9), aliases=("岗位工资", "基本薪资"), example="12000"),
            Column("bonus", "奖金", decimal(0, 10**9), aliases=("绩效奖金", "提成"), example="2000"),
            Column("allowances", "津贴补贴", decimal(0, 10**9), aliases=("津贴", "补贴", "津补贴"), example="800"),
            Column("overtime", "加班工资", decimal(0, 10**9), aliases=("加班费",), example="0"),
            Column("total", "应发合计", decimal(0, 10**9), aliases=("应发工资", "应发合计工资", "税前工资", "月工资"),
                   example="14800"),
        ),
        ("employee", "month"), row_rules=_wage_rules, exporter=export_wages, ledger_changes=True, group=PEOPLE,
        runner=import_wage_rows, recompute_flags=False, chunk_size=20000,
        description=gettext_lazy("实施条例第27条的月工资：应发合计含奖金、津贴和补贴；不填应发合计时按各项之和"),
    ),
    ImportSpec(
        "status_periods", gettext_lazy("特殊保护期（孕期、医疗期、工伤等）"), StatusPeriod,
        (
            EMPLOYEE,
            Column("kind", "类型", choice(StatusKind, 怀孕="pregnancy", 产假="maternity", 生育="maternity",
                                         哺乳="nursing", 医疗="medical_period", 病假医疗期="medical_period",
                                         工伤="work_injury", 职业病="work_injury",
                                         职业病检查="occupational_disease_exam_pending",
                                         疑似职业病="occupational_disease_exam_pending"),
                   required=True, aliases=("保护期类型", "期间类型"), example="孕期"),
            Column("start_date", gettext_noop("开始日期"), date, required=True, aliases=("开始", "起始日期"), example="2025-06-01"),
            Column("end_date", "结束日期", date, aliases=("结束", "截止日期"), example=""),
            Column("notes", "备注", text(2000), aliases=("说明",), example=""),
        ),
        ("employee", "kind", "start_date"), runner=import_status_periods, row_rules=_period_rules,
        exporter=export_status_periods, group=PEOPLE, recompute_flags=False,
        description=gettext_lazy("类型和备注加密保存（健康信息），每次查看都记入访问日志"),
    ),
)

register(SPECS)
