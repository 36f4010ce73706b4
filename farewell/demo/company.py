"""What the demo company looks like: its department tree, positions with wage bands, and who
works where (gender mix, employment types). Pure data, no Django."""

from __future__ import annotations

from dataclasses import dataclass, field

# Functions drive wages (commission, overtime) and the retirement category of women.
EXEC, SALES, SERVICE, RND, MANUFACTURING, FUNCTIONS, BUREAU = (
    "exec", "sales", "service", "rnd", "manufacturing", "functions", "bureau"
)


@dataclass(frozen=True)
class PositionSpec:
    name: str
    grade: str
    wage_min: int  # monthly base, yuan
    wage_max: int
    cadre: bool = True  # 管理/技术岗位; False = 工人岗位 (women: female_worker retirement category)


POSITIONS: dict[str, PositionSpec] = {
    "ceo": PositionSpec("总经理", "E1", 60000, 120000),
    "vp_functions": PositionSpec("副总经理（职能）", "E2", 45000, 70000),
    "intern": PositionSpec("实习生", "I1", 3000, 4500),
    # 销售
    "sales_director": PositionSpec("销售总监", "M3", 40000, 70000),
    "region_manager": PositionSpec("大区经理", "M2", 22000, 38000),
    "sales_lead": PositionSpec("销售主管", "M1", 15000, 24000),
    "sales_rep": PositionSpec("销售代表", "S1", 7000, 13000),
    "senior_sales_rep": PositionSpec("高级销售代表", "S2", 12000, 20000),
    "sales_assistant": PositionSpec("销售助理", "S0", 5500, 8000),
    # 客户服务
    "service_manager": PositionSpec("客户服务经理", "M2", 15000, 24000),
    "service_lead": PositionSpec("客服主管", "M1", 9000, 14000),
    "service_agent": PositionSpec("客服专员", "C1", 5000, 8000),
    "senior_service_agent": PositionSpec("高级客服专员", "C2", 7000, 10000),
    "part_time_agent": PositionSpec("兼职客服", "PT", 2000, 3500),
    # 研发
    "rnd_director": PositionSpec("研发总监", "M3", 50000, 80000),
    "tech_manager": PositionSpec("技术经理", "M2", 32000, 50000),
    "tech_lead": PositionSpec("技术主管", "M1", 25000, 40000),
    "engineer": PositionSpec("软件工程师", "P4", 13000, 22000),
    "senior_engineer": PositionSpec("高级软件工程师", "P5", 20000, 35000),
    "expert": PositionSpec("资深技术专家", "P6", 32000, 48000),
    "test_engineer": PositionSpec("测试工程师", "P4", 11000, 18000),
    "senior_test_engineer": PositionSpec("高级测试工程师", "P5", 16000, 26000),
    # 生产制造
    "production_director": PositionSpec("生产总监", "M3", 28000, 45000),
    "workshop_director": PositionSpec("车间主任", "M1", 11000, 17000),
    "team_leader": PositionSpec("班组长", "W3", 8000, 11000, cadre=False),
    "operator": PositionSpec("操作工", "W1", 5000, 7500, cadre=False),
    "skilled_worker": PositionSpec("技术工人", "W2", 7000, 10000, cadre=False),
    "maintenance": PositionSpec("设备维修工", "W2", 7500, 11000, cadre=False),
    "inspector": PositionSpec("质检员", "W1", 5500, 8000, cadre=False),
    "quality_engineer": PositionSpec("质量工程师", "P3", 9000, 14000),
    "quality_manager": PositionSpec("质量经理", "M1", 14000, 22000),
    # 职能
    "hr_manager": PositionSpec("人力资源经理", "M2", 18000, 32000),
    "hr_lead": PositionSpec("人事主管", "M1", 12000, 18000),
    "hr_specialist": PositionSpec("人力资源专员", "F1", 7000, 12000),
    "hrbp": PositionSpec("HRBP", "F2", 12000, 20000),
    "finance_manager": PositionSpec("财务经理", "M2", 20000, 32000),
    "finance_lead": PositionSpec("财务主管", "M1", 13000, 19000),
    "accountant": PositionSpec("会计", "F1", 7500, 12000),
    "cashier": PositionSpec("出纳", "F1", 6000, 9000),
    "financial_analyst": PositionSpec("财务分析师", "F2", 11000, 18000),
    "legal_manager": PositionSpec("法务经理", "M2", 22000, 35000),
    "legal_lead": PositionSpec("法务主管", "M1", 15000, 22000),
    "legal_counsel": PositionSpec("法务专员", "F2", 10000, 18000),
    "admin_manager": PositionSpec("行政经理", "M2", 15000, 24000),
    "admin_lead": PositionSpec("行政主管", "M1", 9000, 14000),
    "admin_specialist": PositionSpec("行政专员", "F1", 6000, 9500),
    "receptionist": PositionSpec("前台", "F0", 5000, 7000),
    "driver": PositionSpec("司机", "W2", 5500, 8000, cadre=False),
    "part_time_admin": PositionSpec("兼职行政助理", "PT", 2000, 3500),
}

# The government bureau (公务员法): 职务与职级 (公务员职务与职级并行规定, 2019).
BUREAU_POSITIONS: dict[str, PositionSpec] = {
    "director_general": PositionSpec("局长", "正处", 13000, 18000),
    "section_chief": PositionSpec("科长", "正科", 9000, 13000),
    "office_director": PositionSpec("办公室主任", "正科", 9000, 13000),
    "deputy_section_chief": PositionSpec("副科长", "副科", 8000, 11000),
    "principal_clerk": PositionSpec("二级主任科员", "二级主任科员", 8000, 11000),
    "senior_clerk": PositionSpec("四级主任科员", "四级主任科员", 7000, 9500),
    "clerk": PositionSpec("一级科员", "一级科员", 5500, 7500),
}

LABOUR = "labour_contract"


@dataclass(frozen=True)
class UnitSpec:
    name: str
    code: str
    function: str
    head: str  # position key of the head
    weight: float = 0.0  # share of the members; 0 for units that hold only their head
    members: tuple[tuple[str, float], ...] = ()  # (position key, share)
    group_head: str = ""  # head of a numbered group when a big unit is split ("华东大区三组")
    group_suffix: str = "组"
    types: tuple[tuple[str, float], ...] = ((LABOUR, 1.0),)
    male_share: float = 0.5
    children: tuple[UnitSpec, ...] = field(default=())


def _leaf(name, code, function, head, weight, members, group_head, **kw) -> UnitSpec:
    return UnitSpec(name, code, function, head, weight, members, group_head, **kw)


_SALES_TYPES = ((LABOUR, 0.95), ("intern", 0.03), ("dispatch", 0.02))
_SALES_MEMBERS = (("sales_rep", 0.55), ("senior_sales_rep", 0.3), ("sales_assistant", 0.15))
_RND_TYPES = ((LABOUR, 0.92), ("intern", 0.08))
_MFG_TYPES = ((LABOUR, 0.85), ("dispatch", 0.15))

COMPANY_TREE = UnitSpec(
    "总经理办公室", "HQ", EXEC, "ceo", children=(
        UnitSpec("销售部", "SALES", SALES, "sales_director", children=(
            _leaf("华东大区", "SALES-E", SALES, "region_manager", 0.10, _SALES_MEMBERS, "sales_lead",
                  types=_SALES_TYPES, male_share=0.6),
            _leaf("华南大区", "SALES-S", SALES, "region_manager", 0.07, _SALES_MEMBERS, "sales_lead",
                  types=_SALES_TYPES, male_share=0.6),
            _leaf("华北大区", "SALES-N", SALES, "region_manager", 0.06, _SALES_MEMBERS, "sales_lead",
                  types=_SALES_TYPES, male_share=0.6),
        )),
        _leaf("客户服务部", "SERVICE", SERVICE, "service_manager", 0.09,
              (("service_agent", 0.75), ("senior_service_agent", 0.25)), "service_lead",
              types=((LABOUR, 0.78), ("dispatch", 0.12), ("part_time", 0.08), ("intern", 0.02)),
              male_share=0.3),
        UnitSpec("研发中心", "RND", RND, "rnd_director", children=(
            _leaf("平台研发组", "RND-PLATFORM", RND, "tech_manager", 0.09,
                  (("engineer", 0.5), ("senior_engineer", 0.38), ("expert", 0.12)), "tech_lead",
                  group_suffix="小组", types=_RND_TYPES, male_share=0.75),
            _leaf("产品研发组", "RND-PRODUCT", RND, "tech_manager", 0.08,
                  (("engineer", 0.55), ("senior_engineer", 0.35), ("expert", 0.10)), "tech_lead",
                  group_suffix="小组", types=_RND_TYPES, male_share=0.7),
            _leaf("测试组", "RND-QA", RND, "tech_manager", 0.04,
                  (("test_engineer", 0.7), ("senior_test_engineer", 0.3)), "tech_lead",
                  group_suffix="小组", types=_RND_TYPES, male_share=0.5),
        )),
        UnitSpec("生产制造部", "MFG", MANUFACTURING, "production_director", children=(
            _leaf("机加工车间", "MFG-MACHINING", MANUFACTURING, "workshop_director", 0.14,
                  (("operator", 0.6), ("skilled_worker", 0.3), ("maintenance", 0.1)), "team_leader",
                  group_suffix="班组", types=_MFG_TYPES, male_share=0.8),
            _leaf("装配车间", "MFG-ASSEMBLY", MANUFACTURING, "workshop_director", 0.14,
                  (("operator", 0.7), ("skilled_worker", 0.22), ("maintenance", 0.08)), "team_leader",
                  group_suffix="班组", types=_MFG_TYPES, male_share=0.6),
            _leaf("质检科", "MFG-QC", MANUFACTURING, "quality_manager", 0.04,
                  (("inspector", 0.75), ("quality_engineer", 0.25)), "team_leader",
                  group_suffix="班组", types=((LABOUR, 0.9), ("dispatch", 0.1)), male_share=0.45),
        )),
        UnitSpec("职能部门", "FUNCTIONS", FUNCTIONS, "vp_functions", children=(
            _leaf("人力资源部", "HR", FUNCTIONS, "hr_manager", 0.02,
                  (("hr_specialist", 0.6), ("hrbp", 0.4)), "hr_lead",
                  types=((LABOUR, 0.95), ("intern", 0.05)), male_share=0.3),
            _leaf("财务部", "FINANCE", FUNCTIONS, "finance_manager", 0.02,
                  (("accountant", 0.5), ("cashier", 0.2), ("financial_analyst", 0.3)), "finance_lead",
                  male_share=0.35),
            _leaf("法务部", "LEGAL", FUNCTIONS, "legal_manager", 0.01, (("legal_counsel", 1.0),), "legal_lead",
                  male_share=0.45),
            _leaf("行政部", "ADMIN", FUNCTIONS, "admin_manager", 0.02,
                  (("admin_specialist", 0.6), ("receptionist", 0.2), ("driver", 0.2)), "admin_lead",
                  types=((LABOUR, 0.92), ("part_time", 0.08)), male_share=0.4),
        )),
    ),
)

_CLERKS = (("clerk", 0.35), ("senior_clerk", 0.4), ("principal_clerk", 0.25))
_CIVIL = (("civil_servant", 1.0),)

BUREAU_TREE = UnitSpec(
    "局领导", "BUREAU", BUREAU, "director_general", types=_CIVIL, children=(
        _leaf("办公室", "B-OFFICE", BUREAU, "office_director", 0.25, _CLERKS, "deputy_section_chief",
              types=_CIVIL, male_share=0.45),
        _leaf("综合执法科", "B-ENFORCE", BUREAU, "section_chief", 0.3, _CLERKS, "deputy_section_chief",
              types=_CIVIL, male_share=0.65),
        _leaf("行政审批科", "B-PERMITS", BUREAU, "section_chief", 0.25, _CLERKS, "deputy_section_chief",
              types=_CIVIL, male_share=0.5),
        _leaf("市场监管所", "B-STATION", BUREAU, "section_chief", 0.2, _CLERKS, "deputy_section_chief",
              types=_CIVIL, male_share=0.6),
    ),
)

# Where the company sits: city, division code of the registration (浦东新区, 滨江区),
# the city's birthplace codes (most staff are local), e-mail domain brand.
CITIES: tuple[dict, ...] = (
    {"city": "上海", "division": "310115", "district": "浦东新区", "province_prefix": "31"},
    {"city": "杭州", "division": "330108", "district": "滨江区", "province_prefix": "33"},
)
BRANDS: tuple[tuple[str, str, str], ...] = (
    ("云帆", "yunfan", "YF"), ("远航", "yuanhang", "YH"), ("启明", "qiming", "QM"), ("恒信", "hengxin", "HX"),
    ("嘉禾", "jiahe", "JH"),
)
# A fictitious district, so the demo bureau never looks like a real one.
BUREAU_DISTRICT = "云溪区"
