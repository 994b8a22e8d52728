"""Answers from facts: questions, merged entities, timelines, conflicts.

Facts (plain dicts) in, rows out: nothing here imports Click, Rich or TinyDB.
"""
