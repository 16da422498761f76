"""Rebuild a canonical API error-code catalog from messy documents.

The Python API (README › Python API; `extract/api.py`):

    load_catalog(path="normalized")      catalog.json as a pandas DataFrame, one row per entry
    load_conflicts(path="normalized")    conflicts.json as a DataFrame; filters severity, kind, status, catalog
    load_provenance(path="normalized")   where each entry field's value was read, one row per field
    build(manifest="raw_sources/sources.toml")   a build in memory as typed objects, decisions applied
    diff(old, new)                       what changed between two catalog versions

The modules behind them are named for what they hold (`pipeline.py`, `catalog_diff.py`), so these two
functions never collide with a submodule of the same name. `import extract` stays cheap: pandas and the
pipeline are imported by the first call that needs them.
"""
from __future__ import annotations

from .api import BuildFailed, BuildWarning, build, diff, load_catalog, load_conflicts, load_provenance
from .errors import InputError

__version__ = "0.1.0"

__all__ = ["BuildFailed", "BuildWarning", "InputError", "__version__", "build", "diff", "load_catalog",
           "load_conflicts", "load_provenance"]
