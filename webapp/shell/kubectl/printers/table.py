"""Server-side tables (metav1.Table) and kubectl's client-side table printer.

A `TableDef` is a resource's column definitions and a row function computing every cell (the
server always sends the `-o wide` cells; the client hides priority-1 columns). `render_table`
applies kubectl's decorations (`-A` NAMESPACE, `kind/name` prefixes, `-L`, `--show-labels`) and
writes tab-separated lines for the tabwriter (minwidth 6, padding 3, remembered widths).
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Callable

from webapp.cluster.selectors import format_labels

from .tabwriter import TabWriter


@dataclass(frozen=True)
class Column:
    name: str
    priority: int = 0
    is_name: bool = False       # the column kubectl prefixes with `kind/` (Format: "name")


@dataclass(frozen=True)
class TableDef:
    columns: tuple[Column, ...]
    row: Callable[[dict, float], list]


TABLES: dict[str, TableDef] = {}


def table(plural: str, *columns: Column):
    """Register the row function of a resource (plural name) with its columns."""

    def deco(fn):
        TABLES[plural] = TableDef(tuple(columns), fn)
        return fn

    return deco


def name_col() -> Column:
    return Column("Name", is_name=True)


@dataclass
class TableOptions:
    """kubectl's PrintOptions for human-readable output."""

    wide: bool = False
    no_headers: bool = False
    with_namespace: bool = False
    kind_prefix: str = ""          # `deployment.apps` when several kinds are printed
    show_labels: bool = False
    label_columns: list[str] = field(default_factory=list)


def cell_text(value) -> str:
    """How a cell prints: strings cut at the first line break (with `...`), numbers as numbers."""
    if isinstance(value, bool):
        text = "true" if value else "false"
    elif value is None:
        text = ""
    else:
        text = str(value)
    for i, ch in enumerate(text):
        if ch in "\f\n\r":
            return _escape(text[:i]) + "..."
    return _escape(text)


def _escape(text: str) -> str:
    # printers.WriteEscaped: control characters would break the columns; show them quoted
    if all(ch.isprintable() for ch in text):
        return text
    return "".join(ch if ch.isprintable() else repr(ch)[1:-1] for ch in text)


def label_header(key: str) -> str:
    return key.split("/")[-1].upper()


def table_lines(plural: str, objects: list[dict], now: float, opts: TableOptions,
                print_headers: bool) -> list[str]:
    """The tab-separated lines (header first when asked) of one resource's table."""
    tdef = TABLES[plural]
    columns: list[Column] = []
    if opts.with_namespace:
        columns.append(Column("Namespace"))
    columns += tdef.columns
    columns += [Column(label_header(k)) for k in opts.label_columns]
    if opts.show_labels:
        columns.append(Column("Labels"))
    shown = [i for i, c in enumerate(columns) if opts.wide or c.priority == 0]
    lines: list[str] = []
    if print_headers and objects:
        lines.append("\t".join(columns[i].name.upper() for i in shown))
    for obj in objects:
        meta = obj.get("metadata") or {}
        cells = list(tdef.row(obj, now))
        if opts.kind_prefix:
            for i, col in enumerate(tdef.columns):
                if col.is_name:
                    cells[i] = f"{opts.kind_prefix}/{cells[i]}"
                    break
        if opts.with_namespace:
            cells.insert(0, meta.get("namespace", ""))
        labels = meta.get("labels") or {}
        cells += [labels.get(k, "") for k in opts.label_columns]
        if opts.show_labels:
            cells.append(format_labels(labels) or "<none>")
        lines.append("\t".join(cell_text(cells[i]) for i in shown))
    return lines


def render_table(plural: str, objects: list[dict], now: float, opts: TableOptions | None = None) -> str:
    """One resource's table as kubectl prints it (empty string when there are no objects)."""
    opts = opts or TableOptions()
    writer = new_table_writer()
    for line in table_lines(plural, objects, now, opts, not opts.no_headers):
        writer.write(line + "\n")
    return writer.flush()


def new_table_writer() -> TabWriter:
    """printers.GetNewTabWriter: minwidth 6, padding 3, widths remembered across flushes."""
    return TabWriter(minwidth=6, padding=3, remember_widths=True)
