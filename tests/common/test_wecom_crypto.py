"""The WeCom callback encryption (farewell/common/wecom_crypto.py) on WeCom's published test vectors.

The vectors are those of the official WXBizMsgCrypt samples (企业微信 加解密库 Python sample, by jonyqin,
`callback/Sample.py` in github.com/sbzhu/weworkapi_python, the library linked from WeCom's developer
documentation 加解密方案说明): token "hJqcu3uJ9Tn2gXPmxx2w9kkCkCE2EPYo", EncodingAESKey
"6qkdMrq68nTKduznJYO1A37W2oEgpkMUvkttRToqhUt", CorpID "ww1436e0e65a779aee"; 使用示例一 (验证回调URL) and
使用示例二 (对用户回复的消息解密), each with its msg_signature, timestamp and nonce.
"""

from __future__ import annotations

import base64

import pytest

from farewell.common import wecom_crypto
from farewell.common.wecom_crypto import MsgCrypt, WeComCryptoError

TOKEN = "hJqcu3uJ9Tn2gXPmxx2w9kkCkCE2EPYo"
AES_KEY = "6qkdMrq68nTKduznJYO1A37W2oEgpkMUvkttRToqhUt"
CORP_ID = "ww1436e0e65a779aee"

# 使用示例一：验证回调URL
VERIFY = {"msg_signature": "012bc692d0a58dd4b10f8dfe5c4ac00ae211ebeb", "timestamp": "1476416373",
          "nonce": "47744683",
          "echostr": "fsi1xnbH4yQh0+PJxcOdhhK6TDXkjMyhEPA7xB2TGz6b+g7xyAbEkRxN/3cNXW9qdqjnoVzEtpbhnFyq6SVHyA=="}
# 使用示例二：对用户回复的消息解密 (the <Encrypt> of the sample's POSTed XML)
MESSAGE = {"msg_signature": "0c3914025cb4b4d68103f6bfc8db550f79dcf48e", "timestamp": "1476422779",
           "nonce": "1597212914",
           "encrypt": "Kl7kjoSf6DMD1zh7rtrHjFaDapSCkaOnwu3bqLc5tAybhhMl9pFeK8NslNPVdMwmBQTNoW4mY7AIjeLvEl3NyeTkAgGzBhzTtR"
                      "LNshw2AEew+kkYcD+Fq72Kt00fT0WnN87hGrW8SqGc+NcT3mu87Ha3dz1pSDi6GaUA6A0sqfde0VJPQbZ9U+3JWcoD4Z5ja"
                      "U0y9GSh010wsHF8KZD24YhmZH4ch4Ka7ilEbjbfvhKkNL65HHL0J6EYJIZUC2pFrdkJ7MhmEbU2qARR4iQHE7wy24qy0cR"
                      "X3Mfp6iELcDNfSsPGjUQVDGxQDCWjayJOpcwocugux082f49HKYg84EpHSGXAyh+/oxwaWbvL6aSDPOYuPDGOCI8jmnKiypE+"}
# What the sample's 使用示例三 replies with; 示例二's ciphertext decrypts to exactly this.
PLAIN = ("<xml><ToUserName>ww1436e0e65a779aee</ToUserName><FromUserName>ChenJiaShun</FromUserName>"
         "<CreateTime>1476422779</CreateTime><MsgType>text</MsgType><Content>你好</Content>"
         "<MsgId>1456453720</MsgId><AgentID>1000002</AgentID></xml>")


@pytest.fixture
def crypt():
    return MsgCrypt(TOKEN, AES_KEY, CORP_ID)


def test_the_published_url_check_verifies_and_decrypts_its_echostr(crypt):
    assert wecom_crypto.signature(TOKEN, VERIFY["timestamp"], VERIFY["nonce"], VERIFY["echostr"]) == VERIFY["msg_signature"]
    assert crypt.verify_url(**VERIFY) == "1288432023552776189"


def test_the_published_message_verifies_and_decrypts_to_the_samples_xml(crypt):
    assert crypt.decrypt_message(MESSAGE["msg_signature"], MESSAGE["timestamp"], MESSAGE["nonce"],
                                 MESSAGE["encrypt"]) == PLAIN


def test_a_wrong_signature_is_refused(crypt):
    with pytest.raises(WeComCryptoError, match="msg_signature"):
        crypt.verify_url(**{**VERIFY, "nonce": "47744684"})


def test_a_message_for_another_corp_is_refused():
    with pytest.raises(WeComCryptoError, match="receive id"):
        MsgCrypt(TOKEN, AES_KEY, "ww0000000000000000").decrypt_message(
            MESSAGE["msg_signature"], MESSAGE["timestamp"], MESSAGE["nonce"], MESSAGE["encrypt"])


def test_a_tampered_ciphertext_is_refused(crypt):
    raw = bytearray(base64.b64decode(MESSAGE["encrypt"]))
    raw[-1] ^= 0x01  # breaks the padding of the last block
    tampered = base64.b64encode(bytes(raw)).decode()
    signature = wecom_crypto.signature(TOKEN, MESSAGE["timestamp"], MESSAGE["nonce"], tampered)
    with pytest.raises(WeComCryptoError):
        crypt.decrypt_message(signature, MESSAGE["timestamp"], MESSAGE["nonce"], tampered)


def test_a_reply_round_trips_and_is_padded_to_32_bytes(crypt):
    reply = crypt.encrypt_message(PLAIN, "1476422779", "1597212914", random16=b"0123456789abcdef")
    assert len(base64.b64decode(reply["encrypt"])) % 32 == 0
    assert reply["msg_signature"] == wecom_crypto.signature(TOKEN, "1476422779", "1597212914", reply["encrypt"])
    assert crypt.decrypt_message(reply["msg_signature"], reply["timestamp"], reply["nonce"], reply["encrypt"]) == PLAIN


def test_a_key_that_is_not_43_characters_is_refused():
    with pytest.raises(WeComCryptoError, match="43"):
        MsgCrypt(TOKEN, AES_KEY[:-1], CORP_ID)
