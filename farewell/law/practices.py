"""Provincial practice: where courts differ, the options a province's practice points to (prc_rules **configurable**).

The points on which local courts and arbitration bodies differ, each an `Options` field:

| point | option | national default (prc_rules.md) |
| --- | --- | --- |
| pre-2008 service: one span or two segments | `pre2008_counting` | `segmented` (MOHRSS); `one_span`, `from_hire` |
| 2N over the whole service or segmented | `damages_counting` | `whole_service` (Reg. 25) |
| the wage in lieu of notice | `notice_pay_base` | `previous_month` (Reg. 20) |
| a previous month below the minimum wage | `notice_pay_floor` | `none` (Reg. 20: the wage as it is) |
| the annual-leave divisor in a leap year | `leave_year_days` | `365` (Leave Measures 12) |
| overtime pay in the 12-month average | `average_overtime` | `included` (Reg. 27: 应得工资) |

A `Practice` names its source and date and sets only the points the engine's authors could
confirm in that source. Where they could not, the point keeps the national default and the
practice's note says so: the engine never states a local rule it has not read. HR or legal
counsel set a point for a company or a case (with their reason) as an `Options` field;
`options_for_city(city)` is the company's default, named in every explanation.
"""

from __future__ import annotations

from .i18n import EN
from .options import Options
from .records import FrozenRecord, replace


class Practice(FrozenRecord):
    __slots__ = _fields = ("code", "name", "source", "date", "note", "cities", "settings")

    def __init__(
        self,
        code: str,
        name: tuple[str, str],  # (Chinese, English)
        source: str,  # the instrument, as published
        date: str,  # its date as far as known; `note` says when it is not certain
        note: tuple[str, str],  # what the engine applies from it, and what it could not confirm
        cities: tuple[str, ...],  # the company cities (and province) whose default this is
        settings: dict[str, str] | None = None,  # the Options fields this practice sets ({} when None)
    ) -> None:
        setattr_ = object.__setattr__
        setattr_(self, "code", code)
        setattr_(self, "name", name)
        setattr_(self, "source", source)
        setattr_(self, "date", date)
        setattr_(self, "note", note)
        setattr_(self, "cities", cities)
        setattr_(self, "settings", {} if settings is None else settings)

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
            (_UNCONFIRMED[0] + "文号与日期已据载明文号的转载核对（“沪高法[2009]73号 2009年3月3日”），但转载只读到第一、二条；"
             "其现行效力亦未核实。",
             _UNCONFIRMED[1] + " The number and date were checked in a reprint that names them (“沪高法[2009]73号 "
             "2009年3月3日”), but only its items 1 and 2 could be read; whether it is still in force is unverified."),
            ("上海", "上海市", "shanghai"),
        ),
        Practice(
            "guangdong",
            ("广东省裁判口径", "Guangdong practice"),
            "广东省高级人民法院、广东省劳动人事争议仲裁委员会关于审理劳动人事争议案件若干问题的座谈会纪要（粤高法〔2012〕284号）",
            "2012-07-23",
            (
                "本引擎读到该纪要第31、32、33条的原文，据此计算：①基数——“经济补偿或赔偿金的基数为劳动者在劳动合同解除或者"
                "终止前十二个月的平均工资，不再以《劳动合同法》施行之日为界分段计算。劳动者月工资高于用人单位所在地上年度职工"
                "月平均工资三倍的，经济补偿或赔偿金的基数按用人单位所在地上年度职工月平均工资的三倍计算”（第31条）；"
                "②2008年前的工作年限——“按《劳动合同法》实施以前的有关规定，用人单位无需支付经济补偿的，劳动者工作年限自"
                "《劳动合同法》实施之日起计算”；“用人单位均需支付经济补偿的，劳动者的工作年限自用工之日起计算。用人单位与劳动者"
                "协商一致解除劳动合同或因劳动者不能胜任工作……为由解除劳动合同的，劳动者在《劳动合同法》实施以前计发经济补偿的"
                "工作年限最多不超过12年。劳动者月工资高于……三倍，非因协商一致或劳动者不能胜任工作为由解除劳动合同的，劳动者在"
                "《劳动合同法》实施以前计发经济补偿的工作年限自用工之日起计算，不受最多不超过12年的限制”（第32条）——引擎自"
                "用工之日起连续计算一段工作年限；高收入者“最高不超过十二年”的限制只计2008年起的年限（《劳动合同法》第九十七条"
                "第三款），即计至2019年12月31日，此为引擎对两条合读的理解；③赔偿金——“赔偿金的计算年限自实际用工之日起计算，"
                "应包括劳动者在《劳动合同法》实施前的工作年限”（第33条），与全国默认相同。"
                "第14条规定二倍工资差额的基数不含季度奖、年终奖等支付周期超过一个月的劳动报酬：引擎按录入的各月工资计算，"
                "录入时应照此处理。未能核对的三点仍按全国默认规则：代通知金的基数（纪要第26条只说违法解除不另付一个月工资）、"
                "年休假折算天数、十二个月平均工资是否含加班工资（第31条只说“十二个月的平均工资”）。"
                "条文读自载明文号的逐字转载（GitHub dev-chenxing/labor-laws，落款“2012年7与23日”，取7月23日），未在官方网址"
                "直接读取；座谈会2012年6月21日在佛山召开；现行效力未核实。",
                "The engine read the text of Arts. 31, 32 and 33 of the minutes and applies: (1) the base — “the base of "
                "the compensation or the damages is the average wage of the 12 months before the contract was terminated or "
                "ended, no longer split at the date the Labour Contract Law took effect”, capped at three times the local "
                "average wage for a high earner (Art. 31); (2) service before 2008 — where the rules before the LCL gave no "
                "compensation, service counts from 2008-01-01; where compensation was due in both periods, “service counts "
                "from the first day of employment”, with at most 12 years before 2008 on a mutual or incompetence "
                "termination, and a high earner's pre-2008 years “not limited to 12” on the other grounds (Art. 32): "
                "the engine counts one span from the first day of employment and, for a high earner, applies the 12-year "
                "limit to the years from 2008 only (LCL 97 ¶3), i.e. up to 2019-12-31 — its reading of the two articles "
                "together; (3) the damages — “counted from the first day of actual employment, including the service "
                "before the LCL” (Art. 33), the same as the national default. Art. 14 leaves pay for periods longer than "
                "a month (quarterly or annual bonuses) out of the base of the double wages: the engine takes the monthly wages "
                "as entered, so enter them that way. Three points it could not check keep the national default: the base of "
                "notice pay (Art. 26 only says an unlawful termination owes no extra month), the annual-leave divisor, and "
                "whether the 12-month average includes overtime (Art. 31 says only “the 12-month average wage”). "
                "The text was read in a verbatim reprint that names the number (GitHub dev-chenxing/labor-laws, dated "
                "“2012年7与23日”, read as 23 July), not at an official address; the meeting was held in Foshan on "
                "2012-06-21; whether it is still in force is unverified.",
            ),
            ("广东", "广东省", "广州", "广州市", "深圳", "深圳市", "东莞", "东莞市", "佛山", "佛山市", "珠海", "珠海市",
             "guangzhou", "shenzhen", "dongguan", "foshan", "zhuhai", "guangdong"),
            {"pre2008_counting": "from_hire", "damages_counting": "whole_service"},
        ),
        Practice(
            "jiangsu",
            ("江苏省裁判口径", "Jiangsu practice"),
            "江苏省高级人民法院、江苏省劳动争议仲裁委员会关于审理劳动争议案件的指导意见（苏高法审委〔2009〕47号）",
            "2009-12-14",
            (
                "本引擎读到该意见第二十条的原文，据此计算代通知金：“《劳动合同法》第四十条规定的用人单位需额外支付劳动者的"
                "‘一个月工资’，应按劳动者上一个月的应发工资标准予以确定。上月工资低于当地最低工资标准的，按最低工资标准确定。"
                "上月工资不能反映正常工资水平的，可按劳动合同解除前劳动者十二个月的平均工资确定，不满十二个月的，按实际月平均"
                "工资确定。”——引擎取上月工资（应录入应发工资），低于录入的当地最低工资标准时按最低工资计；上月工资是否"
                "“不能反映正常工资水平”须逐案判断，法务认定时可改按十二个月平均工资计算。"
                "未能核对的四点仍按全国默认规则：2008年前工作年限的计算方式、赔偿金的计算、年休假折算天数、十二个月平均工资"
                "是否含加班工资；《江苏省劳动合同条例》（2013年1月15日修订、5月1日施行）关于这些点及2008年前劳动合同期满"
                "终止有无经济补偿的条文亦未读到（如有此类规定，请法务复核本结果）。"
                "条文读自载明文号与日期的逐条转载（tjdiaoyu.com，繁体），未在官方网址直接读取；现行效力未核实。",
                "The engine read the text of Art. 20 of the opinion and computes the wage in lieu of notice by it: “the "
                "'one month's wage' the employer must pay in addition under LCL 40 is the employee's gross wage due for the "
                "previous month. Where the previous month's wage is below the local minimum wage, the minimum wage applies. "
                "Where the previous month's wage does not reflect the normal wage level, the average of the 12 months before "
                "the termination may be used (the actual monthly average when fewer than 12)” — the engine takes the "
                "previous month's wage (enter the gross wage) and raises it to the local minimum wage entered when below "
                "it; whether a month “does not reflect the normal wage level” is for each case: where legal counsel "
                "finds so, compute it with the 12-month average. Four points it could not check keep the national default: "
                "how pre-2008 service counts, the damages, the annual-leave divisor and whether the 12-month average "
                "includes overtime; the articles of the Jiangsu Labour Contract Regulations (revised 2013-01-15, in force "
                "2013-05-01) on them, and on whether contracts ending on expiry before 2008 gave compensation, were not read "
                "either (if they did, legal counsel should review this result). The text was read in an article-by-article reprint "
                "that names the number and date (tjdiaoyu.com, in traditional characters), not at an official address; "
                "whether it is still in force is unverified.",
            ),
            ("江苏", "江苏省", "南京", "南京市", "苏州", "苏州市", "无锡", "无锡市", "常州", "常州市", "南通", "南通市",
             "nanjing", "suzhou", "wuxi", "changzhou", "nantong", "jiangsu"),
            {"notice_pay_base": "previous_month", "notice_pay_floor": "minimum_wage"},
        ),
        Practice(
            "zhejiang",
            ("浙江省裁判口径", "Zhejiang practice"),
            "浙江省高级人民法院关于审理劳动争议案件若干问题的意见（试行）（浙法民一〔2009〕3号）",
            "2009-04-16",
            (_UNCONFIRMED[0] + "文号与日期已据载明文号的转载核对（印发通知落款“二〇〇九年四月十六日”），但转载只读到通知与"
             "第一、二条；浙江高院民一庭等发布的劳动争议解答系列亦未读到；其现行效力未核实。",
             _UNCONFIRMED[1] + " The number and date were checked in a reprint that names them (the covering notice is "
             "dated 16 April 2009), but only the notice and Arts. 1 and 2 could be read; the later answers on labour "
             "disputes of the Zhejiang court's first civil division were not read either; whether it is still in force "
             "is unverified."),
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
