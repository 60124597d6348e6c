"""Related stories for each article, behind a narrow interface (in the spirit of Hugo's related.Document).

    Ranker(config).rank(docs: list[Document], now) -> {slug: [Link(slug, score, reasons, follow_up)]}
"""
from .model import DEFAULTS, OPTIONS, Document, Link, validate
from .ranker import Ranker, rank

__all__ = ["DEFAULTS", "OPTIONS", "Document", "Link", "Ranker", "rank", "validate"]
