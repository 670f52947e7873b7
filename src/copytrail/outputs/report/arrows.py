"""Where the copy graph's nodes and arrows are drawn: one geometry for the report's picture
and the web app's network page, so both show the same arrows.

Nodes sit in a ``WIDTH`` × ``HEIGHT`` box (SVG user units) at their layout position, sized by
documents.  An arrow is a slight curve (so A→B and B→A stay apart) from the earlier node's
rim to the later node's, its width by passages; its head is a triangle whose tip touches the
later node, so the direction reads without a legend.
"""

from __future__ import annotations

import math
from typing import Any

WIDTH, HEIGHT = 900, 540
PAD_X, PAD_Y = 110, 50  # room for the names written above the nodes at the edges
LABELLED = 40  # the most connected nodes are named on the picture; the others on hover


def _r1(value: float) -> float:
    return round(value, 1)


def place_arrows(net: dict[str, Any]) -> None:
    """Add drawing positions to a copy network (as :func:`copy_network` returns it): ``px``,
    ``py``, ``r`` and ``labelled`` on each node, ``line``, ``head``, ``width`` and ``opacity`` on each edge,
    and the drawing's ``box`` (width, height)."""
    nodes, edges = net["nodes"], net["edges"]
    net["box"] = [WIDTH, HEIGHT]
    for i, n in enumerate(nodes):
        n["px"] = _r1(PAD_X + (n["x"] + 1) / 2 * (WIDTH - 2 * PAD_X))
        n["py"] = _r1(PAD_Y + (1 - n["y"]) / 2 * (HEIGHT - 2 * PAD_Y))
        n["r"] = _r1(min(22.0, 6 + 3 * math.sqrt(n["documents"])))
        n["labelled"] = i < LABELLED
    heaviest = max([e["passages"] for e in edges] + [1])
    pairs = {(e["a"], e["b"]) for e in edges}
    for e in edges:
        width = 1.5 + 5 * e["passages"] / heaviest
        bend = 0.16 if (e["b"], e["a"]) in pairs else 0.06  # both ways: bent further apart
        e["width"] = _r1(width)
        e["opacity"] = round(0.35 + 0.65 * e["passages"] / heaviest, 2)  # a light arrow recedes
        e["line"], e["head"] = arrow_paths(nodes[e["a"]], nodes[e["b"]], width, bend)


def arrow_paths(earlier: dict[str, Any], later: dict[str, Any], width: float, bend: float) -> tuple[str, str]:
    """The SVG paths of one arrow: the curved line, and the head whose tip touches ``later``."""
    px, py, qx, qy = earlier["px"], earlier["py"], later["px"], later["py"]
    cx, cy = (px + qx) / 2 - (qy - py) * bend, (py + qy) / 2 + (qx - px) * bend  # the curve's control point

    def toward_control(x: float, y: float, distance: float) -> tuple[float, float]:
        length = max(math.hypot(cx - x, cy - y), 1.0)
        return x + (cx - x) / length * distance, y + (cy - y) / length * distance

    start = toward_control(px, py, earlier["r"] + 2)
    tip = toward_control(qx, qy, later["r"] + 3)
    length = max(math.hypot(tip[0] - cx, tip[1] - cy), 1.0)
    hx, hy = (tip[0] - cx) / length, (tip[1] - cy) / length  # the direction the head points
    head_length, half = 8 + 2 * width, 3.5 + width
    bx, by = tip[0] - hx * head_length, tip[1] - hy * head_length
    line = f"M{_r1(start[0])},{_r1(start[1])} Q{_r1(cx)},{_r1(cy)} {_r1(bx + hx)},{_r1(by + hy)}"
    head = (
        f"M{_r1(tip[0])},{_r1(tip[1])} L{_r1(bx - hy * half)},{_r1(by + hx * half)} "
        f"L{_r1(bx + hy * half)},{_r1(by - hx * half)} Z"
    )
    return line, head
