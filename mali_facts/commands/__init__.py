"""Command groups beyond the listings, each registered from ``cli.py``."""
