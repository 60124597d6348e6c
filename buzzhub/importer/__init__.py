"""`buzzhub import`: convert a Hugo or Jekyll blog into hub articles, with a report on every file."""
from .model import Options, UsageError
from .run import run_import

__all__ = ["Options", "UsageError", "run_import"]
