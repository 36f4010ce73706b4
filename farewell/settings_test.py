"""Settings for the test suite: fixed throwaway keys, a fast hasher, tasks run inline."""

import os

os.environ.setdefault("SECRET_KEY", "test-only-secret-key-not-for-production-0123456789abcdef")
# A fixed Fernet key for tests only (base64 of 32 bytes).
os.environ.setdefault("FAREWELL_FIELD_KEY", "dGVzdC1vbmx5LWZlcm5ldC1rZXktMzItYnl0ZXMhISE=")
os.environ.setdefault("DEBUG", "true")

from farewell.settings import *  # noqa: E402,F403

PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher", *PASSWORD_HASHERS]  # noqa: F405
TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
AXES_ENABLED = True
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
# Static files come from the finders (DEBUG); STATIC_ROOT is what `collectstatic` fills in
# production, and WhiteNoise warns when it is missing.
STATIC_ROOT = None
