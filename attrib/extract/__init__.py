"""Extraction: from an article's text to its claims (furniture, sentences, cues, claims, names).

`extract(article)` in `pipeline.py` runs every stage; it is re-exported here.
"""

from attrib.extract.pipeline import extract

__all__ = ["extract"]
