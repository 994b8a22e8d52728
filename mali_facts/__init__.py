"""mali-facts: look up dates, figures, officials, places and organizations about Mali."""

__version__ = "0.1.0"
