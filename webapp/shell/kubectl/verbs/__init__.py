"""kubectl verbs, one module per family; each registers its verbs with `registry.verb`.

`MODULES` lists them in import order (the registry imports them all on first use).
"""

MODULES = (
    "get", "describe",                     # printers/get/describe engineer
    "create", "expose", "scale", "delete", "run", "label", "apply",
    "logs", "exec", "config", "info", "rollout", "setimage", "setselector", "explain",
    "annotate", "patch", "replace", "wait", "attach", "other",   # the rest of kubectl 1.24's commands
)
