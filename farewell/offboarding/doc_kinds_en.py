"""The shipped default templates in English (OffboardingSettings.document_language = "en").

The same kinds and the same placeholders as the Chinese defaults (doc_kinds.KINDS), so an uploaded
template of either language validates the same way; doc_context fills the placeholders in the document's
language (dates, grounds, amounts in words). Written for Farewell; the articles cited are those the Chinese
defaults cite. The Chinese text is the one PRC authorities read: an English document is the company's choice
(for a foreign-language workforce), and HR may upload a bilingual template instead.
"""

from __future__ import annotations

LCL = "the Labour Contract Law of the PRC"
CSL = "the Civil Servant Law of the PRC"

AMOUNT_LOOP = (
    ("loop", "{%p for line in amount_lines %}"),
    ("p", "{{ line.label }}: RMB {{ line.amount }} ({{ line.capital }});"),
    ("loop", "{%p endfor %}"),
)

PARAGRAPHS: dict[str, tuple[tuple[str, str], ...]] = {
    "certificate": (
        ("title", "Certificate of {{ end_kind }} of the Labour Contract"),
        ("p", "This is to certify the following about the labour contract between {{ employee_name }} and this employer:"),
        ("p", "1. Term of the labour contract: {{ contract_term }}."),
        ("p", "2. Date on which the labour contract ended: {{ last_day }}."),
        ("p", "3. Position: {{ position }}."),
        ("p", "4. Years of service with this employer: {{ service_years }}."),
        ("small", f"Issued under Article 50, paragraph 1 of {LCL} and Article 24 of its Implementing Regulations."),
        ("right", "{{ company_name }} (seal)"),
        ("right", "{{ issue_date }}"),
    ),
    "mutual_agreement": (
        ("title", "Agreement on Terminating the Labour Contract by Mutual Consent"),
        ("p", "Party A (employer): {{ company_name }}, unified social credit code {{ company_credit_code }}"),
        ("p", "Party B (employee): {{ employee_name }}, position {{ position }}, employed since {{ hire_date }}"),
        ("p", "{{ ground_text }}; having consulted on an equal footing, the parties agree as follows under Article 36 "
              f"of {LCL}:"),
        ("p", "1. The labour contract ends on {{ last_day }}, Party B's last working day."),
        ("p", "2. Party A pays Party B:"),
        *AMOUNT_LOOP,
        ("p", "In total RMB {{ total_amount }} ({{ total_capital }}). Party A withholds individual income tax on the "
              "part that is one-off severance income as the law requires (Caishui [2018] No. 164, Article 5(1))."),
        ("p", "3. Payment: Party A pays by {{ payment_method }} no later than {{ payment_date }}. The economic "
              f"compensation is paid when Party B has completed the handover (Article 50, paragraph 2 of {LCL})."),
        ("p", "4. Handover: Party B completes the handover checklist, confirmed by the receivers, by {{ handover_due }}."),
        ("p", "5. Social insurance and housing fund: Party A pays contributions up to and including {{ si_stop_month }} "
              "and stops from the following month."),
        ("p", "6. Party A issues the certificate of termination when the contract ends and transfers Party B's personnel "
              "file and social insurance within 15 days (by {{ transfer_due }}) "
              f"(Article 50, paragraph 1 of {LCL})."),
        ("loop", "{%p if non_compete %}"),
        ("p", "7. Non-competition: Party B observes the non-competition obligation for {{ non_compete_months }} months "
              "after leaving; Party A pays Party B compensation of RMB {{ non_compete_monthly }} a month "
              f"({{{{ non_compete_monthly_capital }}}}) (Articles 23 and 24 of {LCL})."),
        ("loop", "{%p else %}"),
        ("p", "7. Non-competition: the parties confirm that Party B has no non-competition obligation after leaving."),
        ("loop", "{%p endif %}"),
        ("p", "8. Once this agreement is performed, all rights and obligations of the parties under the employment are "
              "settled and no other labour dispute remains between them."),
        ("p", "9. This agreement is made in two copies, one for each party, and takes effect when both have signed "
              "(or sealed) it."),
        ("p", "Party A (seal): {{ company_name }}        Party B (signature):"),
        ("right", "{{ issue_date }}"),
    ),
    "dismissal_notice": (
        ("title", "Notice of Termination of the Labour Contract"),
        ("p", "To {{ employee_name }}:"),
        ("p", "{{ ground_text }}.{% if facts %} The facts: {{ facts }}.{% endif %} Under {{ article_text }}, this "
              "employer terminates your labour contract with effect from {{ last_day }}."),
        ("loop", "{%p if notice_text %}"),
        ("p", "{{ notice_text }}"),
        ("loop", "{%p endif %}"),
        ("loop", "{%p if union_text %}"),
        ("p", "{{ union_text }}"),
        ("loop", "{%p endif %}"),
        ("loop", "{%p if amount_lines %}"),
        ("p", "This employer pays you as the law requires:"),
        *AMOUNT_LOOP,
        ("p", "In total RMB {{ total_amount }} ({{ total_capital }})."),
        ("loop", "{%p endif %}"),
        ("p", "Please complete your handover before your last working day. This employer issues the certificate of "
              "termination when the contract ends and transfers your personnel file and social insurance by "
              f"{{{{ transfer_due }}}} (Article 50 of {LCL})."),
        ("p", "If you disagree with this decision, you may apply for labour dispute arbitration within one year of the "
              "day you knew or should have known of the infringement of your rights (Article 27 of the Labour "
              "Dispute Mediation and Arbitration Law of the PRC)."),
        ("right", "{{ company_name }} (seal)"),
        ("right", "{{ issue_date }}"),
    ),
    "termination_notice": (
        ("title", "Notice of Ending of the Labour Contract"),
        ("p", "To {{ employee_name }}:"),
        ("p", "Your labour contract with this employer ({{ contract_term }}) ends: {{ ground_text }}. Under Article 44 "
              f"of {LCL} it ends on {{{{ last_day }}}}."),
        ("loop", "{%p if amount_lines %}"),
        ("p", f"Under Articles 46 and 47 of {LCL} this employer pays you:"),
        *AMOUNT_LOOP,
        ("p", "In total RMB {{ total_amount }} ({{ total_capital }})."),
        ("loop", "{%p endif %}"),
        ("p", "This employer issues the certificate of ending when the contract ends and transfers your personnel file "
              f"and social insurance by {{{{ transfer_due }}}} (Article 50 of {LCL})."),
        ("right", "{{ company_name }} (seal)"),
        ("right", "{{ issue_date }}"),
    ),
    "union_letter": (
        ("title", "Letter Notifying the Trade Union in Advance of a Termination"),
        ("p", "To the trade union of this employer:"),
        ("p", "Under {{ article_text }}, this employer intends to terminate the labour contract of {{ employee_name }} "
              "({{ department }}, {{ position }}) with effect from {{ last_day }}. Ground: {{ ground_text }}."
              "{% if facts %} Facts: {{ facts }}.{% endif %}"),
        ("p", f"Under Article 43 of {LCL}, this employer notifies the union of its reasons in advance. If the union "
              "considers that the employer breaches laws, administrative regulations or the labour contract, please "
              "say so in writing; the employer will consider it and answer the union in writing."),
        ("right", "{{ company_name }} (seal)"),
        ("right", "{{ issue_date }}"),
    ),
    "handover_confirmation": (
        ("title", "Handover Confirmation"),
        ("p", "Handed over by: {{ employee_name }}   Department: {{ department }}   Position: {{ position }}   "
              "Last working day: {{ last_day }}"),
        ("p", f"The items handed over and their receivers' confirmation (Article 50, paragraph 2 of {LCL}):"),
        ("loop", "{%p for item in handover_items %}"),
        ("p", "{{ item.number }}. {{ item.title }} - receiver: {{ item.receiver }}; status: {{ item.status }}; "
              "confirmed: {{ item.confirmed_at }}"),
        ("loop", "{%p endfor %}"),
        ("p", "Handed over by (signature):        Received by (signature):        "
              "{{ company_name }} Human Resources (seal)"),
        ("right", "{{ issue_date }}"),
    ),
    "resignation_receipt": (
        ("title", "Receipt of Notice of Resignation"),
        ("p", "To {{ employee_name }}:"),
        ("p", "On {{ issue_date }} this employer confirms receipt of your written notice of resignation given on "
              f"{{{{ notice_date }}}}. Under Article 37 of {LCL}, your labour contract with this employer ends on "
              "{{ last_day }}."),
        ("p", "Please complete your handover before your last working day. This employer issues the certificate of "
              "termination when the contract ends and transfers your personnel file and social insurance within 15 "
              f"days (Article 50 of {LCL})."),
        ("right", "{{ company_name }} (seal)"),
        ("right", "{{ issue_date }}"),
    ),
    "settlement_sheet": (
        ("title", "Final Settlement Statement"),
        ("p", "Name: {{ employee_name }}   Employee number: {{ employee_number }}   Department: {{ department }}   "
              "Last day: {{ last_day }}   Version: {{ version }}"),
        ("loop", "{%p for line in settlement_lines %}"),
        ("p", "{{ line.sign }}{{ line.label }}: RMB {{ line.amount }} ({{ line.capital }})   {{ line.formula }}   "
              "Basis: {{ line.basis }}"),
        ("loop", "{%p endfor %}"),
        ("p", "Gross: RMB {{ gross }} ({{ gross_capital }}); deductions: RMB {{ deductions_total }}; "
              "net: RMB {{ net }} ({{ net_capital }})."),
        ("loop", "{%p if tax_formula %}"),
        ("p", "Individual income tax on one-off severance income: {{ tax_formula }} (exempt amount: {{ exempt_source }})"),
        ("loop", "{%p endif %}"),
        ("small", "Approved by {{ approved_by }} {{ approved_at }}; SHA-256 of the statement: {{ sheet_sha256 }}. Wages "
                  "are paid in full when the contract ends (Article 9 of the Provisional Regulations on Wage Payment)."),
        ("right", "{{ company_name }}"),
        ("right", "{{ issue_date }}"),
    ),
    "cs_resignation_approval": (
        ("title", "Notice of Approval of Resignation from Public Office"),
        ("p", "To {{ employee_name }}:"),
        ("p", "Your written application of {{ application_date }} to resign from public office has been received and "
              f"reviewed. Under Articles 85 and 86 of {CSL}, your resignation is approved; your service with this "
              "organ ends on {{ last_day }}."),
        ("p", "Please hand over your official business before leaving and, where required, undergo an audit."),
        ("right", "{{ company_name }} (seal)"),
        ("right", "{{ issue_date }}"),
    ),
    "cs_dismissal_decision": (
        ("title", "Decision on Dismissal"),
        ("p", "To {{ employee_name }}:"),
        ("p", "You {{ ground_text }}.{% if facts %} The facts: {{ facts }}.{% endif %} Under {{ article_text }} and "
              f"Article 90 of {CSL}, this organ, within its authority, has decided to dismiss you; your service with "
              "this organ ends on {{ last_day }}."),
        ("p", "After dismissal you may receive dismissal pay or unemployment insurance benefits as the state provides. "
              "Before leaving you must hand over your official business and, where required, undergo an audit."),
        ("p", "If you disagree with this decision, you may apply to this organ for a review within 30 days of learning "
              "of it, and appeal against the review's answer within 15 days of receiving it to the civil service "
              "department at the same level or the organ at the next level up; or appeal directly within 30 days of "
              f"learning of the decision (Article 95 of {CSL})."),
        ("right", "{{ company_name }} (seal)"),
        ("right", "{{ issue_date }}"),
    ),
}
