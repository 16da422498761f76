"""Placeholder for `extract diff` (being written)."""
from __future__ import annotations


def add_parser(sub) -> None:
    d = sub.add_parser("diff", help="compare two catalog versions (not yet written)")
    d.set_defaults(func=lambda args: 2)
