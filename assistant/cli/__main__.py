"""`python -m assistant.cli`, as the tests and benchmarks run it."""

import sys

from assistant.cli import main

sys.exit(main())
