"""Data for believable people: surnames by frequency, given-name characters by gender (with
pinyin for e-mail addresses), birthplace division codes, mobile prefixes."""

from __future__ import annotations

# Surname, pinyin, share in per mille (approximate national frequencies, 2020 household register).
SURNAMES: tuple[tuple[str, str, float], ...] = (
    ("王", "wang", 71), ("李", "li", 70), ("张", "zhang", 67), ("刘", "liu", 54), ("陈", "chen", 45),
    ("杨", "yang", 31), ("黄", "huang", 22), ("赵", "zhao", 20), ("吴", "wu", 20), ("周", "zhou", 19),
    ("徐", "xu", 16), ("孙", "sun", 15), ("马", "ma", 14), ("朱", "zhu", 13), ("胡", "hu", 13),
    ("郭", "guo", 11), ("何", "he", 11), ("高", "gao", 10), ("林", "lin", 10), ("罗", "luo", 9),
    ("郑", "zheng", 8), ("梁", "liang", 8), ("谢", "xie", 6), ("宋", "song", 6), ("唐", "tang", 5),
    ("许", "xu", 5), ("韩", "han", 5), ("冯", "feng", 5), ("邓", "deng", 5), ("曹", "cao", 5),
    ("彭", "peng", 4), ("曾", "zeng", 4), ("肖", "xiao", 4), ("田", "tian", 4), ("董", "dong", 4),
    ("袁", "yuan", 4), ("潘", "pan", 4), ("于", "yu", 4), ("蒋", "jiang", 4), ("蔡", "cai", 4),
    ("余", "yu", 3), ("杜", "du", 3), ("叶", "ye", 3), ("程", "cheng", 3), ("苏", "su", 3),
    ("魏", "wei", 3), ("吕", "lv", 3), ("丁", "ding", 3), ("任", "ren", 3), ("沈", "shen", 3),
    ("姚", "yao", 3), ("卢", "lu", 3), ("姜", "jiang", 2), ("崔", "cui", 2), ("钟", "zhong", 2),
    ("谭", "tan", 2), ("陆", "lu", 2), ("汪", "wang", 2), ("范", "fan", 2), ("金", "jin", 2),
    ("石", "shi", 2), ("廖", "liao", 2), ("贾", "jia", 2), ("夏", "xia", 2), ("韦", "wei", 2),
    ("方", "fang", 2), ("白", "bai", 2), ("邹", "zou", 2), ("孟", "meng", 2), ("熊", "xiong", 2),
    ("秦", "qin", 2), ("邱", "qiu", 2), ("江", "jiang", 2), ("尹", "yin", 2), ("薛", "xue", 2),
    ("段", "duan", 2), ("雷", "lei", 2), ("侯", "hou", 2), ("龙", "long", 1), ("史", "shi", 1),
    ("陶", "tao", 1), ("黎", "li", 1), ("贺", "he", 1), ("顾", "gu", 1), ("毛", "mao", 1),
    ("郝", "hao", 1), ("龚", "gong", 1), ("邵", "shao", 1), ("钱", "qian", 1), ("严", "yan", 1),
    ("戴", "dai", 1), ("孔", "kong", 1), ("汤", "tang", 1), ("欧阳", "ouyang", 0.3), ("司马", "sima", 0.1),
)

MALE_GIVEN: tuple[tuple[str, str], ...] = (
    ("伟", "wei"), ("强", "qiang"), ("磊", "lei"), ("军", "jun"), ("勇", "yong"), ("杰", "jie"),
    ("涛", "tao"), ("斌", "bin"), ("超", "chao"), ("明", "ming"), ("刚", "gang"), ("平", "ping"),
    ("辉", "hui"), ("鹏", "peng"), ("华", "hua"), ("飞", "fei"), ("鑫", "xin"), ("波", "bo"),
    ("宇", "yu"), ("浩", "hao"), ("凯", "kai"), ("健", "jian"), ("俊", "jun"), ("帆", "fan"),
    ("旭", "xu"), ("宁", "ning"), ("龙", "long"), ("林", "lin"), ("阳", "yang"), ("建", "jian"),
    ("国", "guo"), ("峰", "feng"), ("亮", "liang"), ("成", "cheng"), ("志", "zhi"), ("海", "hai"),
    ("东", "dong"), ("博", "bo"), ("晨", "chen"), ("昊", "hao"), ("轩", "xuan"), ("睿", "rui"),
    ("泽", "ze"), ("航", "hang"), ("哲", "zhe"), ("振", "zhen"), ("锋", "feng"), ("毅", "yi"),
    ("诚", "cheng"), ("永", "yong"), ("天", "tian"), ("立", "li"), ("卫", "wei"), ("兵", "bing"),
)

FEMALE_GIVEN: tuple[tuple[str, str], ...] = (
    ("芳", "fang"), ("娜", "na"), ("敏", "min"), ("静", "jing"), ("丽", "li"), ("艳", "yan"),
    ("娟", "juan"), ("霞", "xia"), ("秀", "xiu"), ("燕", "yan"), ("玲", "ling"), ("桂", "gui"),
    ("丹", "dan"), ("萍", "ping"), ("红", "hong"), ("玉", "yu"), ("兰", "lan"), ("慧", "hui"),
    ("婷", "ting"), ("雪", "xue"), ("琳", "lin"), ("晶", "jing"), ("妍", "yan"), ("倩", "qian"),
    ("颖", "ying"), ("洁", "jie"), ("琪", "qi"), ("欣", "xin"), ("怡", "yi"), ("梦", "meng"),
    ("涵", "han"), ("悦", "yue"), ("诗", "shi"), ("蕾", "lei"), ("薇", "wei"), ("璐", "lu"),
    ("菲", "fei"), ("彤", "tong"), ("瑶", "yao"), ("月", "yue"), ("婧", "jing"), ("莉", "li"),
    ("蓉", "rong"), ("梅", "mei"), ("清", "qing"), ("婉", "wan"), ("雅", "ya"),
)

# First characters both boys and girls get (晓明, 晓燕; 嘉豪, 嘉怡).
SHARED_GIVEN: tuple[tuple[str, str], ...] = (
    ("晓", "xiao"), ("子", "zi"), ("嘉", "jia"), ("文", "wen"), ("思", "si"), ("雨", "yu"),
    ("佳", "jia"), ("家", "jia"), ("春", "chun"), ("海", "hai"),
)

# Birthplace division codes (GB/T 2260) for ID numbers: code, province prefix.
BIRTHPLACES: tuple[str, ...] = (
    "310101", "310104", "310115", "330102", "330106", "330203", "330302", "330602", "320102",
    "320506", "321002", "340104", "341202", "360102", "361102", "410105", "411302", "420106",
    "430102", "431102", "510107", "511302", "500103", "370102", "371302", "110105", "440106",
    "350102", "130102", "610113", "520102", "450103", "230103", "220102", "210102", "620102",
    "140105",
)

MOBILE_PREFIXES: tuple[str, ...] = (
    "130", "131", "132", "133", "135", "136", "137", "138", "139", "150", "151", "152", "155",
    "156", "157", "158", "159", "166", "173", "175", "176", "177", "178", "180", "181", "182",
    "183", "185", "186", "187", "188", "189", "191", "198", "199",
)

# Issuer prefixes of UnionPay debit cards (工商, 建设, 农业, 招商, 交通).
BANK_CARD_PREFIXES: tuple[str, ...] = ("622202", "621700", "622848", "621483", "622262")

_CN_DIGITS = "零一二三四五六七八九"


def cn_number(n: int) -> str:
    """1 → 一, 12 → 十二, 40 → 四十, 105 → 一百零五 (for unit names up to 999; larger stay Arabic)."""
    if not 0 < n < 1000:
        return str(n)
    hundreds, rest = divmod(n, 100)
    tens, ones = divmod(rest, 10)
    out = ""
    if hundreds:
        out += _CN_DIGITS[hundreds] + "百"
        if rest and tens == 0:
            out += "零"
    if tens:
        out += ("" if tens == 1 and not hundreds else _CN_DIGITS[tens]) + "十"
    if ones:
        out += _CN_DIGITS[ones]
    return out
