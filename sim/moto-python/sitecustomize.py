# Imported at start-up by the moto_server the sim runs (sim/moto.ts puts this folder on PYTHONPATH).
#
# moto's EventBridge builds each target's input from a template whose eight JSONPath expressions it parses again for
# every delivery (moto/events/utils.py EventTemplateParser.parse), and jsonpath_ng builds a new parser each time:
# about 13 ms a parse here, so every event a rule routes (a failover notice to the history log group, a failure event
# to the decisions queue) cost moto 100-190 ms of CPU, and a 100-cluster drill over a minute of it. A parse of the
# same text always gives an equal, unmodified expression, so it is kept. Nothing else changes in moto.
import functools

try:
    import jsonpath_ng.ext as _jsonpath_ext

    _jsonpath_ext.parse = functools.lru_cache(maxsize=256)(_jsonpath_ext.parse)
except ImportError:  # a moto without EventBridge's extras: nothing to speed up
    pass
