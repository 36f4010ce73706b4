"""Run the whole test suite; treat "no tests ran" (pytest exit 5) as a failure."""

import os
import subprocess
import sys

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "farewell.settings_test")
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")  # Playwright's event loop + live_server
code = subprocess.call([sys.executable, "-m", "pytest", *sys.argv[1:]])
if code == 5:
    print("pytest ran no tests: failing on purpose", file=sys.stderr)
    sys.exit(1)
sys.exit(code)
