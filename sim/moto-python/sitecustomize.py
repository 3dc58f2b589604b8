# Imported at start-up by the moto_server the sim runs (sim/moto.ts puts this folder first on PYTHONPATH).
#
# moto's EventBridge builds each target's input from a template whose eight JSONPath expressions it parses again for
# every delivery (moto/events/utils.py EventTemplateParser.parse), and jsonpath_ng builds a new parser each time:
# about 13 ms a parse here, so every event a rule routes (a failover notice to the history log group, a failure event
# to the decisions queue) cost moto 100-190 ms of CPU, and a 100-cluster drill over a minute of it. A parse of the
# same text always gives an equal expression, and moto only calls find() on it, so it is kept. Nothing else changes.
import functools
import importlib.machinery
import importlib.util
import os
import sys

try:
    import jsonpath_ng.ext as _jsonpath_ext

    _jsonpath_ext.parse = functools.lru_cache(maxsize=256)(_jsonpath_ext.parse)
except ImportError:  # a moto without EventBridge's extras: nothing to speed up
    pass

# Being first on the path hides the sitecustomize the interpreter would otherwise have run (Debian's, a venv's):
# run the next one, so this file only adds.
_here = os.path.dirname(os.path.abspath(__file__))
for _entry in sys.path:
    if os.path.abspath(_entry or os.curdir) == _here:
        continue
    _spec = importlib.machinery.PathFinder.find_spec("sitecustomize", [_entry or os.curdir])
    if _spec is not None and _spec.loader is not None:
        _module = importlib.util.module_from_spec(_spec)
        _spec.loader.exec_module(_module)
        break
