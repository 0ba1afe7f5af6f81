import sys

from qyzmet.cli import main

sys.exit(main())
