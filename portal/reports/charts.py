"""Bar charts drawn on the server as SVG (pygal), shown as images beside the table that
holds the same numbers. The SVG keeps pygal's own stylesheet and drops its script: an image
runs none, and its response allows inline styles only (views.chart)."""
from __future__ import annotations

import re
import sys
from collections.abc import Sequence

import pygal
from pygal.style import Style

# pygal puts a finder on sys.meta_path for its map plugins (pygal.maps.*, unused here); it has
# no find_spec, so every later import of a new module warns (an error under pytest). Take it
# off again.
sys.meta_path[:] = [finder for finder in sys.meta_path
                    if type(finder).__module__ != "pygal"]

STYLE = Style(
    background="#ffffff", plot_background="#ffffff", foreground="#1f2d3d",
    foreground_strong="#1f2d3d", foreground_subtle="#5d6b7a",
    font_family="system-ui, -apple-system, 'Segoe UI', Roboto, sans-serif",
    colors=("#1565c0", "#c62828", "#2e7d32", "#6a1b9a", "#ef6c00"),
    title_font_size=16, label_font_size=12, major_label_font_size=12, legend_font_size=12,
    value_font_size=11,
)
_SCRIPT = re.compile(r"<script\b.*?</script>", re.DOTALL)
_COMMENT = re.compile(r"<!--.*?-->", re.DOTALL)

Series = tuple[str, Sequence[float | int | None]]


def bar_chart(title: str, labels: Sequence[str], series: Sequence[Series],
              percent: bool = False, horizontal: bool = False) -> str:
    """An SVG document: one bar per label for each named series."""
    kind = pygal.HorizontalBar if horizontal else pygal.Bar
    chart = kind(style=STYLE, js=[], disable_xml_declaration=True, width=800, height=360,
                 show_legend=len(series) > 1, legend_at_bottom=True, print_values=False,
                 x_label_rotation=0 if horizontal or len(labels) < 7 else 30,
                 range=(0, 100) if percent else None, include_x_axis=True,
                 value_formatter=(lambda v: f"{v:.1f} %") if percent else (lambda v: f"{v:g}"))
    chart.title = title
    chart.x_labels = list(labels)
    for name, values in series:
        chart.add(name, list(values))
    svg = chart.render(is_unicode=True)
    return _COMMENT.sub("", _SCRIPT.sub("", svg))
