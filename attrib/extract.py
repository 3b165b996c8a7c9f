"""Placeholder while the real extractor is written (replaced within the session)."""
from __future__ import annotations
from .models import Article, ArticleClaims, ArticleInfo
from .patterns import Patterns, load_patterns


def extract(article: Article, patterns: Patterns | None = None) -> ArticleClaims:
    patterns = patterns or load_patterns()
    info = ArticleInfo(id=article.id, title=article.title, url=article.url, date=article.date, length=len(article.text))
    return ArticleClaims(article=info, claims=[])
