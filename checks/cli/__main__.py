"""``python -m checks.cli``: the same as the ``healthlint`` command."""

import sys

from checks.cli.main import main

sys.exit(main())
