"""Go's text/tabwriter (and the liggitt/tabwriter fork kubectl uses), for byte-exact alignment.

Cells end at a tab; the text after a line's last tab is not part of any column. A column's width is
computed over the run of consecutive lines that have a cell in it (Go's column blocks), so a line
without tabs ends every alignment block. kubectl's tables use minwidth 6, padding 3; describe uses
minwidth 0, padding 2; both pad with spaces.
"""
from __future__ import annotations


class TabWriter:
    """Collect text with `write`, get the aligned text back from `flush`."""

    def __init__(self, minwidth: int = 0, padding: int = 2, remember_widths: bool = False) -> None:
        self.minwidth = minwidth
        self.padding = padding
        self.remember = remember_widths
        self.max_widths: list[int] = []
        self._buf: list[str] = []

    def write(self, text: str) -> None:
        self._buf.append(text)

    def reset_widths(self) -> None:
        """SetRememberedWidths(nil): forget the widths of earlier flushes."""
        self.max_widths = []

    def flush(self) -> str:
        text = "".join(self._buf)
        self._buf = []
        if not text:
            return ""
        raw_lines = text.split("\n")
        trailing_newline = raw_lines[-1] == ""
        if trailing_newline:
            raw_lines.pop()
        lines = [ln.split("\t") for ln in raw_lines]
        out: list[str] = []
        self._format(lines, 0, len(lines), [], out)
        result = "\n".join(out)
        return result + "\n" if trailing_newline else result

    def _format(self, lines: list[list[str]], line0: int, line1: int, widths: list[int],
                out: list[str]) -> None:
        column = len(widths)
        this = line0
        while this < line1:
            if column >= len(lines[this]) - 1:
                this += 1
                continue
            self._write_lines(lines, line0, this, widths, out)
            line0 = this
            width = self.minwidth
            while this < line1 and column < len(lines[this]) - 1:
                width = max(width, len(lines[this][column]) + self.padding)
                this += 1
            if self.remember:
                if column < len(self.max_widths):
                    if self.max_widths[column] > width:
                        width = self.max_widths[column]
                    else:
                        self.max_widths[column] = width
                else:
                    self.max_widths.extend([0] * (column - len(self.max_widths)))
                    self.max_widths.append(width)
            self._format(lines, line0, this, widths + [width], out)
            line0 = this
        self._write_lines(lines, line0, line1, widths, out)

    @staticmethod
    def _write_lines(lines, line0: int, line1: int, widths: list[int], out: list[str]) -> None:
        for i in range(line0, line1):
            parts = []
            for j, cell in enumerate(lines[i]):
                parts.append(cell)
                if j < len(widths) and j < len(lines[i]) - 1:
                    parts.append(" " * (widths[j] - len(cell)))
            out.append("".join(parts))


def align(text: str, minwidth: int = 0, padding: int = 2) -> str:
    """Align tab-separated text in one go."""
    w = TabWriter(minwidth, padding)
    w.write(text)
    return w.flush()
