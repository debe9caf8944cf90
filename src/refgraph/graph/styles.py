"""How each relation is drawn, in every graph view (DOT, Mermaid, the HTML page): a table."""

from __future__ import annotations

__all__ = ["DEFAULT_STYLE", "RELATION_STYLES"]

#: relation -> (colour, DOT style, SVG stroke-dasharray); distinct colour AND line style
RELATION_STYLES: dict[str, tuple[str, str, str]] = {
    "follow_up_of": ("#1f77b4", "solid", ""),
    "secondary_analysis_of": ("#2ca02c", "dashed", "8 4"),
    "pooled_analysis_of": ("#9467bd", "bold", "2 0"),
    "update_of": ("#17becf", "dotted", "2 3"),
    "comment_on": ("#ff7f0e", "dashed", "3 3"),
    "erratum_for": ("#8c564b", "dotted", "1 4"),
    "retraction_of": ("#d62728", "bold", "10 3 2 3"),
    "reports": ("#7f7f7f", "dashed", "6 3 1 3"),
    "cites": ("#bcbd22", "dotted", "1 2"),
}
DEFAULT_STYLE = ("#444444", "solid", "")
