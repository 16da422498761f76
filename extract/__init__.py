"""Rebuild a canonical API error-code catalog from messy documents."""
__version__ = "0.1.0"
