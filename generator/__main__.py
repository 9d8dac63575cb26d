"""Lets `python -m generator` do what the `lessonpack` command does."""

from generator.cli import main

raise SystemExit(main())
