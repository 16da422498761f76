"""Rebuild a canonical API error-code catalog from messy documents.

The Python API (README › Python API; `extract/api.py`):

    load_catalog(path="normalized")      catalog.json as a pandas DataFrame, one row per entry
    load_conflicts(path="normalized")    conflicts.json as a DataFrame; filters severity, kind, status, catalog
    load_provenance(path="normalized")   where each entry field's value was read, one row per field
    build(manifest="raw_sources/sources.toml")   a build in memory as typed objects, decisions applied
    diff(old, new)                       what changed between two catalog versions

`extract.build` and `extract.diff` are also the names of the toolkit's modules `extract/build.py` and
`extract/diff.py`; Python binds a submodule to its package's attribute whenever it is imported, which would
replace a plain function of that name. So those two attributes are the modules themselves, made callable: a
call goes to `extract.api.build` / `extract.api.diff`, while `from extract.build import Build`, `from extract
import build` (the module) and patching `extract.build.run` in tests keep working.
"""
from __future__ import annotations

import sys
from types import ModuleType

__version__ = "0.1.0"

_CALLABLE_MODULES = ("build", "diff")


class _CallableModule(ModuleType):
    """A submodule whose call is the API function of the same name in `extract.api`."""

    def __call__(self, *args, **kwargs):
        from . import api

        return getattr(api, self.__name__.rpartition(".")[2])(*args, **kwargs)


class _Package(ModuleType):
    def __setattr__(self, name: str, value) -> None:
        # the import system sets `extract.build` when it imports extract/build.py: the module becomes callable
        if name in _CALLABLE_MODULES and isinstance(value, ModuleType) and value.__name__ == f"{__name__}.{name}":
            import inspect

            from . import api

            function = getattr(api, name)
            value.__class__ = _CallableModule
            value.__signature__ = inspect.signature(function)  # what help() and a notebook's `?` show for a call
        super().__setattr__(name, value)


# Before anything below imports a submodule, so that every later import of build.py or diff.py goes through
# `_Package.__setattr__`.
sys.modules[__name__].__class__ = _Package

from .api import BuildFailed, BuildWarning, load_catalog, load_conflicts, load_provenance  # noqa: E402
from .errors import InputError  # noqa: E402

__all__ = ["BuildFailed", "BuildWarning", "InputError", "__version__", "build", "diff", "load_catalog",
           "load_conflicts", "load_provenance"]


def __getattr__(name: str):
    """`extract.build` / `extract.diff` before their module is imported: imported now (only then, so that
    `import extract` stays cheap)."""
    if name in _CALLABLE_MODULES:
        import importlib

        module = importlib.import_module(f"{__name__}.{name}")
        setattr(sys.modules[__name__], name, module)  # made callable, if the import did not already
        return module
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


def __dir__() -> list[str]:
    return sorted(set(globals()) | set(_CALLABLE_MODULES))
