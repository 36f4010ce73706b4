"""Print a fresh var/secrets.env: a random SECRET_KEY and a Fernet FAREWELL_FIELD_KEY."""

import secrets

from cryptography.fernet import Fernet

print("# Created once by `make`; keep it safe: FAREWELL_FIELD_KEY decrypts personal data.")
print(f"SECRET_KEY={secrets.token_urlsafe(50)}")
print(f"FAREWELL_FIELD_KEY={Fernet.generate_key().decode()}")
