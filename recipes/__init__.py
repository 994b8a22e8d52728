"""Recipes: how to run mali-facts on other engines (repository only, not installed)."""
