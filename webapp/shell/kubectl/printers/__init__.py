"""kubectl's printers as pure functions over Kubernetes-shaped dicts.

- `render_table(plural, objects, now, TableOptions(...))`: `kubectl get` tables (server columns,
  kubectl's tabwriter layout); `table_lines` for callers that share one writer.
- `human_duration`, `short_human_duration`, `since`: ages.
- `to_yaml`, `to_json`, `print_generic`, `parse_output`: `-o yaml|json|name|jsonpath|custom-columns`.
- `describe(plural, obj, cluster, now)`: `kubectl describe` in the 1.24 layout.
"""
from . import rows_apps, rows_core  # noqa: F401  (registers the tables)
from .duration import human_duration, short_human_duration, since
from .gojson import to_json
from .goyaml import to_yaml
from .output import OutputError, OutputSpec, parse_output, print_generic
from .table import TABLES, TableOptions, render_table, table_lines

__all__ = ["TABLES", "TableOptions", "render_table", "table_lines", "human_duration",
           "short_human_duration", "since", "to_yaml", "to_json", "print_generic", "parse_output",
           "OutputSpec", "OutputError"]
