"""Parts of third-party packages a scan never uses, loaded only when something asks for them.

Importing presidio_analyzer imports spaCy's command line (`spacy/__init__.py` imports `spacy.cli.info`,
whose package pulls in weasel, requests and httpx) and every predefined Presidio recognizer (URL and
e-mail regexes compiled at class definition, tldextract, phonenumbers for the South African phone
recognizer), although a scan uses neither: the engine brings its own Chinese recognizers and a blank
`zh` pipeline. Together that was ~40% of the time before the first file is opened (issue 8 point 8).

`install()` puts a finder first on sys.meta_path for the modules in DEFERRED. Such a module is created
as usual (spec, __path__, parent attribute) but its code does not run; the names listed for it come
from a small submodule (or a call-through), and any other attribute runs the module's real code in
place first, so code that does use them (`spacy.cli.download`, `RecognizerRegistry
.load_predefined_recognizers()`) works as before, only later.

>>> install()
>>> import presidio_analyzer, sys
>>> getattr(sys.modules["presidio_analyzer.predefined_recognizers"], "__deferred__", False)
True
"""

from __future__ import annotations

import importlib
import importlib.machinery
import os
import sys
import threading

_NLP_RECOGNIZERS = "presidio_analyzer.predefined_recognizers.nlp_engine_recognizers"
# module -> {name: where it comes from without running the module: a submodule, or CALL (a function that
# runs the module's code on its first call)}. Any other name runs the module's code.
CALL = ""
DEFERRED: dict[str, dict[str, str]] = {
    "spacy.cli": {},
    "spacy.cli.info": {"info": CALL},
    "presidio_analyzer.predefined_recognizers": {"SpacyRecognizer": _NLP_RECOGNIZERS,
                                                 "StanzaRecognizer": _NLP_RECOGNIZERS,
                                                 "TransformersRecognizer": _NLP_RECOGNIZERS},
}
_lock = threading.RLock()


class _DeferredLoader:  # the loader protocol (importlib.abc would import importlib.resources at start-up)
    def __init__(self, real: importlib.machinery.ModuleSpec):
        self.real = real

    def create_module(self, spec):
        return self.real.loader.create_module(self.real) if hasattr(self.real.loader, "create_module") else None

    def exec_module(self, module) -> None:
        names = DEFERRED[module.__name__]
        module.__deferred__ = True
        for name, source in names.items():
            if source == CALL:
                setattr(module, name, _call_through(module, name))

        def __getattr__(name: str):
            if name.startswith("__") and name != "__all__":  # __all__: `import *` wants the real list
                raise AttributeError(name)
            source = names.get(name)
            if source:
                value = getattr(importlib.import_module(source), name)
            else:
                _run(module, self.real)
                try:
                    value = module.__dict__[name]
                except KeyError:
                    raise AttributeError(f"module {module.__name__!r} has no attribute {name!r}") from None
            setattr(module, name, value)
            return value

        module.__getattr__ = __getattr__


def _run(module, real: importlib.machinery.ModuleSpec) -> None:
    """Run the deferred module's own code in its module object (once)."""
    with _lock:
        if not module.__dict__.get("__deferred__"):
            return
        module.__dict__.pop("__getattr__", None)
        module.__deferred__ = False
        module.__loader__ = real.loader
        real.loader.exec_module(module)


def _call_through(module, name: str):
    def call(*args, **kwargs):
        _run(module, module.__spec__.loader.real)
        return module.__dict__[name](*args, **kwargs)

    call.__name__ = name
    return call


class _DeferredFinder:  # the meta path finder protocol
    def find_spec(self, fullname, path, target=None):
        if fullname not in DEFERRED:
            return None
        real = importlib.machinery.PathFinder.find_spec(fullname, path)
        if real is None or real.loader is None:
            return None
        spec = importlib.machinery.ModuleSpec(fullname, _DeferredLoader(real), origin=real.origin,
                                              is_package=real.submodule_search_locations is not None)
        if real.submodule_search_locations is not None:
            spec.submodule_search_locations = list(real.submodule_search_locations)
        spec.has_location = real.has_location
        spec.cached = real.cached
        return spec


_FINDER = _DeferredFinder()


def install() -> None:
    """Defer the modules in DEFERRED (unless HANDOVER_SCAN_IMPORT_ALL is set, or one is already imported)."""
    if os.environ.get("HANDOVER_SCAN_IMPORT_ALL") or _FINDER in sys.meta_path:
        return
    if any(name in sys.modules for name in DEFERRED):
        return
    sys.meta_path.insert(0, _FINDER)
