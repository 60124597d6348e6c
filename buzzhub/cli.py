"""`buzzhub` command line: each subcommand lives in buzzhub/commands/<name>.py with register()."""
from __future__ import annotations

import argparse
import importlib
import sys

COMMANDS = ["check", "new", "tag", "entities", "related", "import_"]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="buzzhub", description="AI Buzz Hub editor tools")
    sub = parser.add_subparsers(dest="command", required=True)
    for name in COMMANDS:
        importlib.import_module(f"buzzhub.commands.{name}").register(sub)
    args = parser.parse_args(argv)
    try:
        return args.func(args) or 0
    except BrokenPipeError:
        return 0


def report(problems, stream=None) -> int:
    """Print problems as path:line: field: message; exit code 1 if any."""
    stream = stream or sys.stderr
    for p in sorted(problems):
        print(p, file=stream)
    if problems:
        print(f"{len(problems)} problem(s) found", file=stream)
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
