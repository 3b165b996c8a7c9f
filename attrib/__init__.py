"""attrib: who said what, per which source, in Arabic news."""

__version__ = "0.1.0"
