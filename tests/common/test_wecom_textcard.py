"""A text card's description (企业微信 发送应用消息, 文本卡片消息): WeCom renders it as a little HTML (the protocol's own
example: <div class="gray">2016年9月26日</div> <div class="normal">…</div><div class="highlight">…</div>, <br> for
a new line) and cuts it past 512 bytes. Text someone typed is escaped and cut on a character."""

from __future__ import annotations

from farewell.common.wecom_app import DESCRIPTION_BYTES, textcard_description

PROTOCOL_EXAMPLE = ('<div class="gray">2016年9月26日</div> <div class="normal">恭喜你抽中iPhone 7一台，领奖码：xxxx</div>'
                    '<div class="highlight">请于2016年10月10日前联系行政同事领取</div>')


def test_plain_text_is_sent_as_it_is():
    assert textcard_description("李四的离职案件等您审核。") == "李四的离职案件等您审核。"


def test_markup_in_the_text_is_shown_not_rendered():
    sent = textcard_description(PROTOCOL_EXAMPLE)
    assert "<" not in sent and ">" not in sent and '"' not in sent
    assert sent.startswith("&lt;div class=&quot;gray&quot;&gt;2016年9月26日&lt;/div&gt; ")
    assert "&lt;div class=&quot;highlight&quot;&gt;" in sent


def test_an_employee_name_with_markup_and_an_ampersand():
    sent = textcard_description('张三</div><div class="highlight">已批准 & 加急')
    assert sent == "张三&lt;/div&gt;&lt;div class=&quot;highlight&quot;&gt;已批准 &amp; 加急"


def test_line_breaks_become_br():
    assert textcard_description("第一行\n第二行\r\n第三行") == "第一行<br>第二行<br>第三行"


def test_a_long_text_is_cut_on_a_character_within_512_bytes():
    sent = textcard_description("离" * 200)  # 600 bytes
    data = sent.encode()
    assert len(data) <= DESCRIPTION_BYTES and sent.endswith("…")
    assert sent == "离" * 169 + "…"  # 169 × 3 + 3 = 510 bytes: a 170th would need 513
    data.decode("utf-8")  # whole characters only


def test_the_cut_never_splits_an_escape_or_a_br():
    for head in range(505, 512):
        for tail in ("&" * 10, "\n" * 10, "<" * 10):
            sent = textcard_description("a" * head + tail)
            assert len(sent.encode()) <= DESCRIPTION_BYTES
            body = sent.removesuffix("…")[head:]
            assert body in ("", "&amp;" * (len(body) // 5), "<br>" * (len(body) // 4), "&lt;" * (len(body) // 4))


def test_a_text_of_exactly_512_bytes_is_not_cut():
    assert textcard_description("a" * 512) == "a" * 512
    assert textcard_description("&" * 102 + "ab") == "&amp;" * 102 + "ab"  # 510 + 2 bytes
