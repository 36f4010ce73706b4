"""Provincial practice: where courts differ, the options a province's practice points to (prc_rules **configurable**).

The points on which local courts and arbitration bodies differ, each an `Options` field:

| point | option | national default (prc_rules.md) |
| --- | --- | --- |
| pre-2008 service: one span or two segments | `pre2008_counting` | `segmented` (MOHRSS) |
| 2N over the whole service or segmented | `damages_counting` | `whole_service` (Reg. 25) |
| the wage in lieu of notice | `notice_pay_base` | `previous_month` (Reg. 20) |
| the annual-leave divisor in a leap year | `leave_year_days` | `365` (Leave Measures 12) |
| overtime pay in the 12-month average | `average_overtime` | `included` (Reg. 27: 应得工资) |

A `Practice` names its source and date and sets only the points the engine's authors could
confirm in that source. Where they could not, the point keeps the national default and the
practice's note says so: the engine never states a local rule it has not read. HR or legal
counsel set a point for a company or a case (with their reason) as an `Options` field;
`options_for_city(city)` is the company's default, named in every explanation.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace

from .i18n import EN
from .options import Options


@dataclass(frozen=True, slots=True)
class Practice:
    code: str
    name: tuple[str, str]  # (Chinese, English)
    source: str  # the instrument, as published
    date: str  # its date as far as known; `note` says when it is not certain
    note: tuple[str, str]  # what the engine applies from it, and what it could not confirm
    cities: tuple[str, ...]  # the company cities (and province) whose default this is
    settings: dict[str, str] = field(default_factory=dict)  # the Options fields this practice sets

    def describe(self, lang: str) -> dict[str, str]:
        """The practice as the result shows it: code, name, source, date and note in `lang`."""
        index = lang == EN
        return {"code": self.code, "name": self.name[index], "source": self.source, "date": self.date,
                "note": self.note[index]}


_UNCONFIRMED = (
    "本引擎未能核对该文件原文中关于2008年前工作年限的计算方式、经济补偿和代通知金的基数、年休假折算天数及"
    "十二个月平均工资构成的规定，各项仍按全国通行规则（《劳动合同法》及其实施条例）计算，与不选地方口径的结果相同；"
    "如该文件另有规定，请法务复核本结果。",
    "The engine could not check this instrument's text on pre-2008 service, the base of compensation and of "
    "notice pay, the annual-leave divisor or what the 12-month average includes: every point is computed under "
    "the national rules (the Labour Contract Law and its Implementing Regulations), the same as with no local "
    "practice. Where the instrument provides otherwise, legal counsel should review this result.",
)

PRACTICES: dict[str, Practice] = {
    p.code: p
    for p in (
        Practice(
            "beijing",
            ("北京市裁判口径", "Beijing practice"),
            "北京市高级人民法院、北京市劳动人事争议仲裁委员会关于审理劳动争议案件解答（一）（京高法发〔2024〕534号）",
            "2024-04-30",
            (
                "本引擎读到该解答第55问第(4)项与第66问的原文，据此计算：①2008年前后的工作年限分段计算——"
                "“2007年12月31日前的经济补偿依照《劳动法》及其配套规定计算，2008年1月1日后的经济补偿依照"
                "《劳动合同法》的规定计算”，基数均为解除或终止前十二个月的平均工资（第66问）；②违法解除赔偿金"
                "“自用工之日起依照《劳动合同法》第四十七条的规定计算出经济补偿，再乘以2，即为赔偿金，不再分段计算”"
                "（第66问）；③十二个月平均工资“包括正常工作时间的工资，还包括劳动者的加班费”（第55问第(4)项）。"
                "同两问还要求年终奖或年终双薪按十二个月平均分摊计入、二倍工资中加付的一倍不计入基数：引擎按录入的各月"
                "工资计算，不自行拆分，录入月工资时应照此处理。"
                "未能核对的两点仍按全国默认规则：代通知金的基数（所读条文未涉及）、年休假折算天数（第62问原文未读到）。"
                "条文读自逐字摘录（注明出自北京市人民政府网站所载原文PDF），未在官方网址直接读取；"
                "审判委员会2024年3月8日通过，2024年4月30日印发。",
                "The engine read the text of answers 55(4) and 66 and applies: (1) service before and after 2008 counted "
                "in segments — compensation for service to 2007-12-31 under the Labour Law and its rules, from "
                "2008-01-01 under the LCL — with the 12-month average before separation as the base of both (answer "
                "66); (2) the damages for unlawful termination are the LCL 47 compensation counted from the first day "
                "of employment, times 2, not in segments (answer 66); (3) the 12-month average includes overtime pay "
                "(answer 55(4)). The same answers spread an annual bonus over 12 months and leave the extra month of "
                "double wages out of the base: the engine takes the monthly wages as entered and does not split "
                "them, so enter them that way. Two points it could not check keep the national default: the base of notice "
                "pay (not addressed in the answers read) and the annual-leave divisor (answer 62 not read). The text "
                "was read in a verbatim excerpt that names the official PDF on the Beijing government site, not at "
                "the official address itself; adopted 2024-03-08, issued 2024-04-30.",
            ),
            ("北京", "北京市", "beijing"),
            {"pre2008_counting": "segmented", "damages_counting": "whole_service", "average_overtime": "included"},
        ),
        Practice(
            "shanghai",
            ("上海市裁判口径", "Shanghai practice"),
            "上海市高级人民法院关于适用《劳动合同法》若干问题的意见（沪高法〔2009〕73号）",
            "2009-03-03",
            (_UNCONFIRMED[0] + "文号与日期待核。", _UNCONFIRMED[1] + " The number and date are unconfirmed."),
            ("上海", "上海市", "shanghai"),
        ),
        Practice(
            "guangdong",
            ("广东省裁判口径", "Guangdong practice"),
            "广东省高级人民法院、广东省劳动人事争议仲裁委员会关于审理劳动人事争议案件若干问题的座谈会纪要（粤高法〔2012〕284号）",
            "2012-06-21",
            (_UNCONFIRMED[0] + "文号与日期待核。", _UNCONFIRMED[1] + " The number and date are unconfirmed."),
            ("广东", "广东省", "广州", "广州市", "深圳", "深圳市", "东莞", "东莞市", "佛山", "佛山市", "珠海", "珠海市",
             "guangzhou", "shenzhen", "dongguan", "foshan", "zhuhai", "guangdong"),
        ),
        Practice(
            "jiangsu",
            ("江苏省裁判口径", "Jiangsu practice"),
            "江苏省劳动合同条例（2013年1月15日修订）",
            "2013-05-01",
            (_UNCONFIRMED[0] + "2008年前江苏省地方规定是否对劳动合同期满终止给予经济补偿亦未核实；如有，"
             "可按 pre2008_local_rule 选项设置。日期为修订后施行日期，待核。",
             _UNCONFIRMED[1] + " Whether Jiangsu's regulations gave compensation on expiry before 2008 is also "
             "unconfirmed; if they did, set it as a pre2008_local_rule. The date is that of the revised text taking "
             "effect, unconfirmed."),
            ("江苏", "江苏省", "南京", "南京市", "苏州", "苏州市", "无锡", "无锡市", "常州", "常州市", "南通", "南通市",
             "nanjing", "suzhou", "wuxi", "changzhou", "nantong", "jiangsu"),
        ),
        Practice(
            "zhejiang",
            ("浙江省裁判口径", "Zhejiang practice"),
            "浙江省高级人民法院关于审理劳动争议案件若干问题的意见（试行）（浙法民一〔2009〕3号）",
            "2009",
            (_UNCONFIRMED[0] + "文号与日期待核。", _UNCONFIRMED[1] + " The number and date are unconfirmed."),
            ("浙江", "浙江省", "杭州", "杭州市", "宁波", "宁波市", "温州", "温州市", "绍兴", "绍兴市", "嘉兴", "嘉兴市",
             "hangzhou", "ningbo", "wenzhou", "shaoxing", "jiaxing", "zhejiang"),
        ),
    )
}

_BY_CITY = {city.lower(): p for p in PRACTICES.values() for city in p.cities}


def practice_for_city(city: str | None) -> Practice | None:
    """The provincial practice of a company's city (北京, 上海市, shenzhen …); None elsewhere."""
    if not city:
        return None
    return _BY_CITY.get(city.strip().lower())


def options_for_practice(code: str, base: Options | None = None) -> Options:
    """`base` (the defaults) with the practice's settings and its name; KeyError for an unknown code."""
    practice = PRACTICES[code]
    return replace(base or Options(), practice=code, **practice.settings)


def options_for_city(city: str | None, base: Options | None = None) -> Options:
    """The company's default options: its provincial practice where there is one, else `base` (the defaults)."""
    practice = practice_for_city(city)
    if practice is None:
        return base or Options()
    return options_for_practice(practice.code, base)
