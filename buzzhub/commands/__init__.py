"""Subcommands of `buzzhub`; shared set-up lives here."""


def registry_or_report(path):
    """The --registry file (or the shipped registry); None after printing its problems (exit code 2)."""
    from ..cli import report
    from ..entities.registry import DEFAULT_PATH, load_registry
    registry, problems = load_registry(path or DEFAULT_PATH)
    if problems:
        report(problems)
        return None
    return registry
