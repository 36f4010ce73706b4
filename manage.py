#!/usr/bin/env python
import sys

from farewell.__main__ import main

if __name__ == "__main__":
    sys.exit(main())
