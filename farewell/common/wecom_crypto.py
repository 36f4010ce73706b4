"""企业微信 callback message encryption (the WXBizMsgCrypt scheme), pure Python over `cryptography`.

WeCom signs and encrypts what it posts to a callback URL (and expects the same of a passive reply):
- AESKey = Base64_Decode(EncodingAESKey + "="): the 43-character EncodingAESKey is 32 bytes of key;
  AES-256-CBC, the IV is the key's first 16 bytes, PKCS#7 padding to a multiple of 32 bytes;
- the plaintext is random(16 bytes) + len(msg) as 4 bytes big-endian + msg + receive_id (the CorpID
  for an in-house app), and the ciphertext travels Base64-encoded;
- msg_signature = sha1 of the concatenation of sorted([token, timestamp, nonce, encrypt]).

Verified on the published samples (tests/common/test_wecom_crypto.py). Imports nothing of ours.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import os
import struct

from cryptography.hazmat.primitives.ciphers import Cipher, algorithms, modes

BLOCK = 32  # WeCom pads to 32 bytes, not to AES's 16


class WeComCryptoError(ValueError):
    """A bad signature, key, padding or receive id: the message is not WeCom's, or not for us."""


def signature(token: str, timestamp: str, nonce: str, encrypt: str) -> str:
    return hashlib.sha1("".join(sorted([token, str(timestamp), str(nonce), encrypt])).encode()).hexdigest()


def _key(encoding_aes_key: str) -> bytes:
    if len(encoding_aes_key) != 43:
        raise WeComCryptoError("EncodingAESKey must be 43 characters")
    try:
        key = base64.b64decode(encoding_aes_key + "=", validate=True)
    except ValueError as exc:
        raise WeComCryptoError("EncodingAESKey is not Base64") from exc
    if len(key) != 32:
        raise WeComCryptoError("EncodingAESKey does not decode to 32 bytes")
    return key


def _pad(data: bytes) -> bytes:
    amount = BLOCK - len(data) % BLOCK
    return data + bytes([amount]) * amount


def _unpad(data: bytes) -> bytes:
    amount = data[-1] if data else 0
    if not 1 <= amount <= BLOCK or data[-amount:] != bytes([amount]) * amount:
        raise WeComCryptoError("bad padding")
    return data[:-amount]


def encrypt(plain: str, *, encoding_aes_key: str, receive_id: str, random16: bytes | None = None) -> str:
    """The Base64 ciphertext of `plain` for `receive_id` (the CorpID); `random16` only for tests."""
    key = _key(encoding_aes_key)
    body = plain.encode()
    random16 = os.urandom(16) if random16 is None else random16
    if len(random16) != 16:
        raise WeComCryptoError("the random prefix is 16 bytes")
    data = _pad(random16 + struct.pack(">I", len(body)) + body + receive_id.encode())
    encryptor = Cipher(algorithms.AES(key), modes.CBC(key[:16])).encryptor()
    return base64.b64encode(encryptor.update(data) + encryptor.finalize()).decode()


def decrypt(ciphertext: str, *, encoding_aes_key: str, receive_id: str) -> str:
    """The message inside `ciphertext`, after checking that it was meant for `receive_id`."""
    key = _key(encoding_aes_key)
    try:
        raw = base64.b64decode(ciphertext, validate=True)
    except ValueError as exc:
        raise WeComCryptoError("ciphertext is not Base64") from exc
    if not raw or len(raw) % 16:
        raise WeComCryptoError("ciphertext is not whole AES blocks")
    decryptor = Cipher(algorithms.AES(key), modes.CBC(key[:16])).decryptor()
    data = _unpad(decryptor.update(raw) + decryptor.finalize())
    if len(data) < 20:
        raise WeComCryptoError("plaintext too short")
    (length,) = struct.unpack(">I", data[16:20])
    body, rest = data[20:20 + length], data[20 + length:]
    if len(body) != length:
        raise WeComCryptoError("plaintext shorter than its length field")
    if not hmac.compare_digest(rest, receive_id.encode()):
        raise WeComCryptoError("message is for another receive id")
    return body.decode()


class MsgCrypt:
    """The three operations of the official WXBizMsgCrypt, with exceptions instead of return codes."""

    def __init__(self, token: str, encoding_aes_key: str, receive_id: str):
        self.token = token
        self.encoding_aes_key = encoding_aes_key
        self.receive_id = receive_id
        _key(encoding_aes_key)

    def _check(self, msg_signature: str, timestamp: str, nonce: str, encrypted: str) -> None:
        expected = signature(self.token, timestamp, nonce, encrypted)
        if not hmac.compare_digest(expected, msg_signature.lower()):
            raise WeComCryptoError("bad msg_signature")

    def verify_url(self, msg_signature: str, timestamp: str, nonce: str, echostr: str) -> str:
        """The callback URL check: the decrypted echostr, to be answered as the response body."""
        self._check(msg_signature, timestamp, nonce, echostr)
        return decrypt(echostr, encoding_aes_key=self.encoding_aes_key, receive_id=self.receive_id)

    def decrypt_message(self, msg_signature: str, timestamp: str, nonce: str, encrypted: str) -> str:
        """A callback's <Encrypt> content (or the JSON "encrypt" field) → the plaintext message."""
        self._check(msg_signature, timestamp, nonce, encrypted)
        return decrypt(encrypted, encoding_aes_key=self.encoding_aes_key, receive_id=self.receive_id)

    def encrypt_message(self, plain: str, timestamp: str, nonce: str, *, random16: bytes | None = None) -> dict:
        """A passive reply: {"encrypt", "msg_signature", "timestamp", "nonce"} (the caller wraps it in XML)."""
        encrypted = encrypt(plain, encoding_aes_key=self.encoding_aes_key, receive_id=self.receive_id,
                            random16=random16)
        return {"encrypt": encrypted, "msg_signature": signature(self.token, timestamp, nonce, encrypted),
                "timestamp": str(timestamp), "nonce": str(nonce)}
