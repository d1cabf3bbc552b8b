"""`python -m bot` is the same as the `cchc-bot` command."""

from bot.cli import main

raise SystemExit(main())
