"""The document kinds, their placeholders and the shipped default templates (written for Farewell).

Each kind lists the placeholders a template may use (`allowed`) and must use (`required`): an
uploaded template outside them is refused with the list. The defaults are built as DOCX by
`default_docx(kind)`; HR admins download one, edit it in Word and upload it as the next version.
Every placeholder is a plain string, or a list of dicts of plain strings for the repeated lines.
"""

from __future__ import annotations

import io
import re
import zipfile
from dataclasses import dataclass
from functools import lru_cache

from django.utils.translation import gettext_lazy as _

from farewell.common import language_caches

from .doc_kinds_en import PARAGRAPHS as ENGLISH

FONT = "Noto Serif CJK SC"  # fonts-noto-cjk: embedded by LibreOffice in the PDF


@dataclass(frozen=True)
class Kind:
    code: str
    label: object
    required: frozenset[str]
    optional: frozenset[str]
    paragraphs: tuple[tuple[str, str], ...]  # (style, text): "title", "p", "right", "loop" (a {%p %} line)

    @property
    def allowed(self) -> frozenset[str]:
        return self.required | self.optional


PARTIES = ("company_name", "employee_name")

CERTIFICATE = Kind(
    "certificate", _("解除/终止劳动合同证明书"),
    # 实施条例 第二十四条: 劳动合同期限、解除或者终止劳动合同的日期、工作岗位、在本单位的工作年限 — and nothing
    # else: no reason, no remark against the person (no placeholder for one exists).
    required=frozenset({"company_name", "employee_name", "end_kind", "contract_term", "last_day", "position",
                        "service_years", "issue_date"}),
    optional=frozenset({"employee_number"}),
    paragraphs=(
        ("title", "{{ end_kind }}劳动合同证明书"),
        ("p", "兹证明 {{ employee_name }} 与本单位订立的劳动合同情况如下："),
        ("p", "一、劳动合同期限：{{ contract_term }}。"),
        ("p", "二、{{ end_kind }}劳动合同的日期：{{ last_day }}。"),
        ("p", "三、工作岗位：{{ position }}。"),
        ("p", "四、在本单位的工作年限：{{ service_years }}。"),
        ("p", "特此证明。"),
        ("small", "本证明依据《劳动合同法》第五十条第一款、《劳动合同法实施条例》第二十四条出具。"),
        ("right", "{{ company_name }}（盖章）"),
        ("right", "{{ issue_date }}"),
    ),
)

AMOUNT_LOOP = (
    ("loop", "{%p for line in amount_lines %}"),
    ("p", "{{ line.label }}：人民币 {{ line.amount }} 元（大写：{{ line.capital }}）；"),
    ("loop", "{%p endfor %}"),
)

MUTUAL_AGREEMENT = Kind(
    "mutual_agreement", _("协商解除劳动合同协议书"),
    required=frozenset({"company_name", "company_credit_code", "employee_name", "position", "hire_date",
                        "ground_text", "last_day", "amount_lines", "total_amount", "total_capital", "payment_date",
                        "payment_method", "handover_due", "si_stop_month", "transfer_due", "issue_date"}),
    optional=frozenset({"employee_number", "department", "non_compete", "non_compete_months",
                        "non_compete_monthly", "non_compete_monthly_capital"}),
    paragraphs=(
        ("title", "协商解除劳动合同协议书"),
        ("p", "甲方（用人单位）：{{ company_name }}　统一社会信用代码：{{ company_credit_code }}"),
        ("p", "乙方（劳动者）：{{ employee_name }}　岗位：{{ position }}　入职日期：{{ hire_date }}"),
        ("p", "{{ ground_text }}，甲乙双方经平等协商一致，依据《劳动合同法》第三十六条，达成如下协议："),
        ("p", "一、双方劳动合同于 {{ last_day }} 解除，该日为乙方最后工作日。"),
        ("p", "二、甲方向乙方支付以下款项："),
        *AMOUNT_LOOP,
        ("p", "合计人民币 {{ total_amount }} 元（大写：{{ total_capital }}）。上述款项中属于一次性补偿收入的部分，"
              "由甲方依法代扣代缴个人所得税（财税〔2018〕164号第五条(一)）。"),
        ("p", "三、支付时间与方式：甲方于 {{ payment_date }} 前以{{ payment_method }}支付。其中经济补偿在乙方办结工作交接时支付"
              "（《劳动合同法》第五十条第二款）。"),
        ("p", "四、工作交接：乙方应于 {{ handover_due }} 前按交接清单办结工作交接，并经接收人确认。"),
        ("p", "五、社会保险与住房公积金：甲方为乙方缴纳至 {{ si_stop_month }}，自次月起停缴。"),
        ("p", "六、甲方于劳动合同解除时出具解除劳动合同的证明，并在十五日内（{{ transfer_due }} 前）为乙方办理档案和社会保险关系"
              "转移手续（《劳动合同法》第五十条第一款）。"),
        ("loop", "{%p if non_compete %}"),
        ("p", "七、竞业限制：乙方离职后 {{ non_compete_months }} 个月内履行竞业限制义务，甲方按月向乙方支付经济补偿人民币 "
              "{{ non_compete_monthly }} 元（大写：{{ non_compete_monthly_capital }}）（《劳动合同法》第二十三条、第二十四条）。"),
        ("loop", "{%p else %}"),
        ("p", "七、竞业限制：双方确认乙方离职后不负竞业限制义务。"),
        ("loop", "{%p endif %}"),
        ("p", "八、本协议履行完毕后，双方劳动关系项下的权利义务全部结清，双方再无其他劳动争议。"),
        ("p", "九、本协议一式两份，甲乙双方各执一份，自双方签字（盖章）之日起生效。"),
        ("p", "甲方（盖章）：{{ company_name }}　　　　乙方（签字）："),
        ("right", "{{ issue_date }}"),
    ),
)

DISMISSAL_NOTICE = Kind(
    "dismissal_notice", _("解除劳动合同通知书"),
    required=frozenset({"company_name", "employee_name", "article_text", "ground_text", "last_day", "transfer_due",
                        "issue_date"}),
    optional=frozenset({"employee_number", "department", "position", "facts", "union_text", "amount_lines",
                        "total_amount", "total_capital", "notice_text"}),
    paragraphs=(
        ("title", "解除劳动合同通知书"),
        ("p", "{{ employee_name }}："),
        ("p", "{{ ground_text }}。{% if facts %}事实如下：{{ facts }}。{% endif %}依据{{ article_text }}，"
              "本单位决定与您解除劳动合同，劳动合同于 {{ last_day }} 解除。"),
        ("loop", "{%p if notice_text %}"),
        ("p", "{{ notice_text }}"),
        ("loop", "{%p endif %}"),
        ("loop", "{%p if union_text %}"),
        ("p", "{{ union_text }}"),
        ("loop", "{%p endif %}"),
        ("loop", "{%p if amount_lines %}"),
        ("p", "本单位依法向您支付："),
        *AMOUNT_LOOP,
        ("p", "合计人民币 {{ total_amount }} 元（大写：{{ total_capital }}）。"),
        ("loop", "{%p endif %}"),
        ("p", "请于最后工作日前办结工作交接。本单位于劳动合同解除时出具解除劳动合同的证明，并于 {{ transfer_due }} 前为您办理档案和"
              "社会保险关系转移手续（《劳动合同法》第五十条）。"),
        ("p", "如对本决定有异议，可自知道或者应当知道权利被侵害之日起一年内向劳动争议仲裁委员会申请仲裁"
              "（《劳动争议调解仲裁法》第二十七条）。"),
        ("right", "{{ company_name }}（盖章）"),
        ("right", "{{ issue_date }}"),
    ),
)

TERMINATION_NOTICE = Kind(
    "termination_notice", _("终止劳动合同通知书"),
    required=frozenset({"company_name", "employee_name", "contract_term", "ground_text", "last_day", "transfer_due",
                        "issue_date"}),
    optional=frozenset({"employee_number", "department", "position", "amount_lines", "total_amount",
                        "total_capital"}),
    paragraphs=(
        ("title", "终止劳动合同通知书"),
        ("p", "{{ employee_name }}："),
        ("p", "您与本单位的劳动合同（{{ contract_term }}）{{ ground_text }}，依据《劳动合同法》第四十四条，"
              "劳动合同于 {{ last_day }} 终止。"),
        ("loop", "{%p if amount_lines %}"),
        ("p", "本单位依据《劳动合同法》第四十六条、第四十七条向您支付："),
        *AMOUNT_LOOP,
        ("p", "合计人民币 {{ total_amount }} 元（大写：{{ total_capital }}）。"),
        ("loop", "{%p endif %}"),
        ("p", "本单位于劳动合同终止时出具终止劳动合同的证明，并于 {{ transfer_due }} 前为您办理档案和社会保险关系转移手续"
              "（《劳动合同法》第五十条）。"),
        ("right", "{{ company_name }}（盖章）"),
        ("right", "{{ issue_date }}"),
    ),
)

UNION_LETTER = Kind(
    "union_letter", _("通知工会函"),
    required=frozenset({"company_name", "employee_name", "article_text", "ground_text", "last_day", "issue_date"}),
    optional=frozenset({"employee_number", "department", "position", "facts"}),
    paragraphs=(
        ("title", "关于拟解除劳动合同事先通知工会的函"),
        ("p", "本单位工会："),
        ("p", "本单位拟依据{{ article_text }}，与 {{ department }} {{ position }} {{ employee_name }} 解除劳动合同，"
              "拟解除日期为 {{ last_day }}。事由：{{ ground_text }}。{% if facts %}事实：{{ facts }}。{% endif %}"),
        ("p", "根据《劳动合同法》第四十三条，现将理由事先通知工会。如工会认为本单位违反法律、行政法规规定或者劳动合同约定，"
              "请书面提出意见，本单位将研究处理并将处理结果书面通知工会。"),
        ("right", "{{ company_name }}（盖章）"),
        ("right", "{{ issue_date }}"),
    ),
)

HANDOVER_CONFIRMATION = Kind(
    "handover_confirmation", _("工作交接确认书"),
    required=frozenset({"company_name", "employee_name", "last_day", "handover_items", "issue_date"}),
    optional=frozenset({"employee_number", "department", "position"}),
    paragraphs=(
        ("title", "工作交接确认书"),
        ("p", "交接人：{{ employee_name }}　部门：{{ department }}　岗位：{{ position }}　最后工作日：{{ last_day }}"),
        ("p", "交接事项及接收人确认情况如下（《劳动合同法》第五十条第二款）："),
        ("loop", "{%p for item in handover_items %}"),
        ("p", "{{ item.number }}. {{ item.title }}——接收人：{{ item.receiver }}；状态：{{ item.status }}；确认时间：{{ item.confirmed_at }}"),
        ("loop", "{%p endfor %}"),
        ("p", "交接人（签字）：　　　　　　接收人（签字）：　　　　　　{{ company_name }}人力资源部（盖章）"),
        ("right", "{{ issue_date }}"),
    ),
)

RESIGNATION_RECEIPT = Kind(
    "resignation_receipt", _("辞职通知回执"),
    required=frozenset({"company_name", "employee_name", "notice_date", "last_day", "issue_date"}),
    optional=frozenset({"employee_number", "department", "position"}),
    paragraphs=(
        ("title", "辞职通知回执"),
        ("p", "{{ employee_name }}："),
        ("p", "本单位已于 {{ issue_date }} 确认收到您于 {{ notice_date }} 提交的书面辞职通知。依据《劳动合同法》第三十七条，"
              "您与本单位的劳动合同于 {{ last_day }} 解除。"),
        ("p", "请于最后工作日前办结工作交接。本单位将于劳动合同解除时出具解除劳动合同的证明，并在十五日内为您办理档案和社会保险关系"
              "转移手续（《劳动合同法》第五十条）。"),
        ("right", "{{ company_name }}（盖章）"),
        ("right", "{{ issue_date }}"),
    ),
)

SETTLEMENT_SHEET = Kind(
    "settlement_sheet", _("离职结算单"),
    required=frozenset({"company_name", "employee_name", "last_day", "version", "settlement_lines", "gross",
                        "gross_capital", "deductions_total", "net", "net_capital", "sheet_sha256", "issue_date"}),
    optional=frozenset({"employee_number", "department", "position", "tax_formula", "exempt_source",
                        "approved_at", "approved_by"}),
    paragraphs=(
        ("title", "离职结算单"),
        ("p", "姓名：{{ employee_name }}　工号：{{ employee_number }}　部门：{{ department }}　最后一天：{{ last_day }}　"
              "版本：第 {{ version }} 版"),
        ("loop", "{%p for line in settlement_lines %}"),
        ("p", "{{ line.sign }}{{ line.label }}：{{ line.amount }} 元（大写：{{ line.capital }}）　{{ line.formula }}　依据：{{ line.basis }}"),
        ("loop", "{%p endfor %}"),
        ("p", "应发合计：{{ gross }} 元（大写：{{ gross_capital }}）；扣除合计：{{ deductions_total }} 元；"
              "实发：{{ net }} 元（大写：{{ net_capital }}）。"),
        ("loop", "{%p if tax_formula %}"),
        ("p", "一次性补偿收入个人所得税：{{ tax_formula }}（免税额来源：{{ exempt_source }}）"),
        ("loop", "{%p endif %}"),
        ("small", "批准：{{ approved_by }} {{ approved_at }}；结算单内容哈希（SHA-256）：{{ sheet_sha256 }}。工资在解除劳动合同时一次付清"
                  "（《工资支付暂行规定》第九条）。"),
        ("right", "{{ company_name }}"),
        ("right", "{{ issue_date }}"),
    ),
)

# Civil servants (公务员法): the approval of a resignation (辞去公职) and the dismissal decision (辞退).
CS_RESIGNATION_APPROVAL = Kind(
    "cs_resignation_approval", _("辞去公职审批通知"),
    required=frozenset({"company_name", "employee_name", "application_date", "last_day", "issue_date"}),
    optional=frozenset({"employee_number", "department", "position"}),
    paragraphs=(
        ("title", "关于同意辞去公职的通知"),
        ("p", "{{ employee_name }}同志："),
        ("p", "你于 {{ application_date }} 提出的辞去公职书面申请收悉。经审核，根据《中华人民共和国公务员法》第八十五条、"
              "第八十六条，同意你辞去公职，自 {{ last_day }} 起解除与本机关的人事关系。"),
        ("p", "请在离职前办理公务交接手续，必要时按照规定接受审计。"),
        ("right", "{{ company_name }}（盖章）"),
        ("right", "{{ issue_date }}"),
    ),
)

CS_DISMISSAL_DECISION = Kind(
    "cs_dismissal_decision", _("辞退决定书"),
    required=frozenset({"company_name", "employee_name", "article_text", "ground_text", "last_day", "issue_date"}),
    optional=frozenset({"employee_number", "department", "position", "facts"}),
    paragraphs=(
        ("title", "辞退决定书"),
        ("p", "{{ employee_name }}同志："),
        ("p", "你{{ ground_text }}。{% if facts %}事实如下：{{ facts }}。{% endif %}依据{{ article_text }}和第九十条，"
              "经本机关按照管理权限研究决定，予以辞退，自 {{ last_day }} 起解除与本机关的人事关系。"),
        ("p", "被辞退后，你可以领取辞退费，或者根据国家有关规定享受失业保险。离职前应当办理公务交接手续，必要时按照规定接受审计。"),
        ("p", "如对本决定不服，可以自知道该人事处理之日起三十日内向本机关申请复核；对复核结果不服的，可以自接到复核决定之日起"
              "十五日内，按照规定向同级公务员主管部门或者本机关的上一级机关提出申诉；也可以不经复核，自知道该人事处理之日起三十日内"
              "直接提出申诉（《中华人民共和国公务员法》第九十五条）。"),
        ("right", "{{ company_name }}（盖章）"),
        ("right", "{{ issue_date }}"),
    ),
)

KINDS: dict[str, Kind] = {k.code: k for k in (
    CERTIFICATE, MUTUAL_AGREEMENT, DISMISSAL_NOTICE, TERMINATION_NOTICE, UNION_LETTER, HANDOVER_CONFIRMATION,
    RESIGNATION_RECEIPT, SETTLEMENT_SHEET, CS_RESIGNATION_APPROVAL, CS_DISMISSAL_DECISION)}


def default_docx(kind: str, language: str = "zh-hans") -> bytes:
    """The shipped default template of `kind` in `language` ("zh-hans" or "en": doc_kinds_en) as a DOCX
    (python-docx; CJK font set for the PDF). Built once per process (bytes: immutable, and the same bytes
    for every caller: a build stamps the time into the file), and slim (see _slim): LibreOffice reads every
    style of every file."""
    return _default_docx(kind, "en" if language == "en" else "zh-hans")


@language_caches.register_cache
@lru_cache(maxsize=64)
def _default_docx(kind: str, language: str) -> bytes:
    from docx import Document
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.oxml.ns import qn
    from docx.shared import Pt

    spec = KINDS[kind]
    document = Document()
    normal = document.styles["Normal"]
    normal.font.name = FONT
    normal.font.size = Pt(12)
    normal.element.rPr.rFonts.set(qn("w:eastAsia"), FONT)
    for style, text in (ENGLISH[kind] if language == "en" else spec.paragraphs):
        paragraph = document.add_paragraph()
        run = paragraph.add_run(text)
        run.font.name = FONT
        run.element.rPr.rFonts.set(qn("w:eastAsia"), FONT)
        if style == "title":
            paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
            run.bold = True
            run.font.size = Pt(18)
        elif style == "right":
            paragraph.alignment = WD_ALIGN_PARAGRAPH.RIGHT
        elif style == "small":
            run.font.size = Pt(9)
    out = io.BytesIO()
    document.save(out)
    return _slim(out.getvalue())


# python-docx's own default document carries 350 KB of styles.xml and 440 KB of stylesWithEffects.xml
# (every Word 2010 built-in style); LibreOffice parses them for each file it converts, which was half of
# its time per document (benchmarks/offboarding_documents.py). The defaults use direct formatting and the
# Normal style only, so they ship with this style sheet (Word opens it and adds its built-ins itself).
SLIM_STYLES = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
    '<w:styles xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main">'
    '<w:docDefaults><w:rPrDefault><w:rPr>'
    f'<w:rFonts w:ascii="{FONT}" w:hAnsi="{FONT}" w:eastAsia="{FONT}" w:cs="{FONT}"/>'
    '<w:sz w:val="24"/><w:szCs w:val="24"/><w:lang w:val="en-US" w:eastAsia="zh-CN" w:bidi="ar-SA"/>'
    '</w:rPr></w:rPrDefault><w:pPrDefault><w:pPr><w:spacing w:after="200" w:line="276" w:lineRule="auto"/>'
    '</w:pPr></w:pPrDefault></w:docDefaults>'
    '<w:style w:type="paragraph" w:default="1" w:styleId="Normal"><w:name w:val="Normal"/><w:qFormat/>'
    f'<w:rPr><w:rFonts w:ascii="{FONT}" w:hAnsi="{FONT}" w:eastAsia="{FONT}"/><w:sz w:val="24"/></w:rPr></w:style>'
    '<w:style w:type="character" w:default="1" w:styleId="DefaultParagraphFont">'
    '<w:name w:val="Default Paragraph Font"/><w:uiPriority w:val="1"/><w:semiHidden/></w:style>'
    '<w:style w:type="table" w:default="1" w:styleId="TableNormal"><w:name w:val="Normal Table"/>'
    '<w:semiHidden/><w:tblPr><w:tblInd w:w="0" w:type="dxa"/><w:tblCellMar><w:top w:w="0" w:type="dxa"/>'
    '<w:left w:w="108" w:type="dxa"/><w:bottom w:w="0" w:type="dxa"/><w:right w:w="108" w:type="dxa"/>'
    '</w:tblCellMar></w:tblPr></w:style>'
    '</w:styles>'
).encode()
_DROPPED = ("word/stylesWithEffects.xml", "docProps/thumbnail.jpeg")
_DROPPED_REFERENCES = re.compile(rb"<(?:Relationship|Override) [^>]*(?:stylesWithEffects|customXml|thumbnail)[^>]*/>")


def _slim(data: bytes) -> bytes:
    """The DOCX without the parts nothing in it uses: the 2010 style copies, the thumbnail, customXml; its
    style sheet reduced to the styles it uses (SLIM_STYLES)."""
    source = zipfile.ZipFile(io.BytesIO(data))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            name = info.filename
            if name in _DROPPED or name.startswith("customXml/"):
                continue
            body = source.read(name)
            if name == "word/styles.xml":
                body = SLIM_STYLES
            elif name in ("[Content_Types].xml", "_rels/.rels", "word/_rels/document.xml.rels"):
                body = _DROPPED_REFERENCES.sub(b"", body)
            target.writestr(info, body)
    return out.getvalue()
