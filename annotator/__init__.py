"""annotator: link checkable claims across news articles, by keyboard, in the terminal."""

__version__ = "0.1.0"
