"""Pictures drawn on the server as SVG geometry for the templates (no script, no inline style, so
the Content-Security-Policy allows them): the timeline chart, a mechanism's membership chart and
the network of actors and mechanisms on a day. Each chart comes with the rows of the table that
the page shows beside it, so it reads without the picture too."""

import datetime
from dataclasses import dataclass, field

from .dates import EdtfDate

WIDTH = 960
LABEL_WIDTH = 220
LANE_HEIGHT = 30
AXIS_HEIGHT = 28


@dataclass
class Segment:
    x: float
    width: float
    faded: bool  # the part of the period only an uncertain, approximate or open end allows


@dataclass
class Mark:
    label: str
    href: str
    kind: str  # "point" or "span"
    y: float
    segments: list[Segment] = field(default_factory=list)
    cx: float = 0.0
    css: str = ""
    date: str = ""


@dataclass
class Lane:
    label: str
    href: str
    y: float
    text_y: float


@dataclass
class Chart:
    lanes: list[Lane]
    marks: list[Mark]
    ticks: list[tuple[float, str]]
    height: float
    width: int = WIDTH
    label_width: int = LABEL_WIDTH
    axis_y: float = 0.0


class Scale:
    """Days to x positions between the label column and the right edge."""

    def __init__(self, first: datetime.date, last: datetime.date):
        self.first, self.last = first, max(last, first + datetime.timedelta(days=1))
        self.days = (self.last - self.first).days + 1

    def x(self, day: datetime.date) -> float:
        day = min(max(day, self.first), self.last + datetime.timedelta(days=1))
        return round(LABEL_WIDTH + (WIDTH - LABEL_WIDTH - 10) * (day - self.first).days / self.days, 1)

    def ticks(self) -> list[tuple[float, str]]:
        years = list(range(self.first.year, self.last.year + 2))
        step = max(1, len(years) // 10)
        return [
            (self.x(datetime.date(y, 1, 1)), str(y))
            for y in years[::step]
            if self.x(datetime.date(y, 1, 1)) <= WIDTH - 24  # a label at the very edge would be cut off
        ]


def axis_range(dates: list[EdtfDate], today: datetime.date) -> tuple[datetime.date, datetime.date]:
    known = [d for date in dates for d in (date.earliest, date.latest) if d]
    first = min(known, default=today)
    last = max(known + [today], default=today)
    return first.replace(month=1, day=1), last.replace(month=12, day=31)


def segments_between(scale: Scale, parts: list[tuple[datetime.date, datetime.date, bool]]) -> list[Segment]:
    """(first day, last day, faded) parts, left to right, as drawn segments; empty parts dropped."""
    one = datetime.timedelta(days=1)
    return [
        Segment(scale.x(first), max(scale.x(last + one) - scale.x(first), 2), faded)
        for first, last, faded in parts
        if first <= last
    ]


def period_segments(scale: Scale, date: EdtfDate) -> list[Segment]:
    """An event's date: solid over its stated period (a month, a year, an interval), faded over
    what a qualifier adds and, for an open end, to the edge of the chart."""
    one = datetime.timedelta(days=1)
    start, end = date.start, date.end
    solid_first = start.value if start else None
    solid_last = period_end_of(end) if end else None
    faded_first = start.earliest if start else scale.first
    faded_last = end.latest if end else scale.last
    solid_first = solid_first or (end.value if end else faded_first)
    solid_last = solid_last or (period_end_of(start) if start else faded_last)
    return segments_between(
        scale,
        [
            (faded_first, solid_first - one, True),
            (solid_first, solid_last, False),
            (solid_last + one, faded_last, True),
        ],
    )


def period_end_of(date) -> datetime.date:
    from .dates import period_end

    return period_end(date.value, date.precision)


def lasting_segments(scale: Scale, start: EdtfDate | None, end: EdtfDate | None, today: datetime.date):
    """A state that begins at `start` and lasts until `end` (or today), drawn by the rule of
    events.asof: faded on the days it only possibly holds, solid on the days it certainly does."""
    one = datetime.timedelta(days=1)
    last_day = today if end is None else (end.latest or scale.last)
    if start is None:
        possible_from, certain_from = scale.first, scale.first
    else:
        possible_from = start.earliest or scale.first
        certain_from = start.latest or last_day + one  # an open start is never certain
    certain_to = today if end is None else (end.earliest or certain_from - one)
    parts = [
        (possible_from, min(certain_from - one, last_day), True),
        (certain_from, certain_to, False),
        (max(certain_to + one, possible_from), last_day, True),
    ]
    return segments_between(scale, parts)


def event_mark(scale: Scale, record, y: float, css: str) -> Mark:
    date = record.edtf()
    mark = Mark(label=record.name, href=record.get_absolute_url(), kind="span", y=y, css=css, date=date.text)
    if not date.interval and date.precision == "day" and not date.start.qualifier:
        mark.kind, mark.cx = "point", scale.x(date.value) + 1
    else:
        mark.segments = period_segments(scale, date)
    return mark


def lanes_chart(rows: list[tuple[str, str, list]], today: datetime.date, mark_for) -> tuple[Chart, list]:
    """One lane per (label, href, records); `mark_for(scale, record, y)` draws each record."""
    dates = [r.edtf() for _, _, records in rows for r in records if r.edtf()]
    scale = Scale(*axis_range(dates, today))
    lanes, marks = [], []
    y = AXIS_HEIGHT
    for label, href, records in rows:
        lane_marks = stack([mark_for(scale, record, 0) for record in records if record.edtf()])
        depth = max((m.y for m in lane_marks), default=0) + 1
        height = max(LANE_HEIGHT, depth * STACK_STEP + 12)
        lanes.append(Lane(label, href, y, y + height / 2 + 4))
        for mark in lane_marks:
            mark.y = y + 8 + mark.y * STACK_STEP
        marks.extend(lane_marks)
        y += height
    height = y + 4
    return Chart(lanes=lanes, marks=marks, ticks=scale.ticks(), height=height, axis_y=AXIS_HEIGHT - 6), dates


STACK_STEP = 18


def extent(mark: Mark) -> tuple[float, float]:
    if mark.kind == "point":
        return mark.cx - 7, mark.cx + 7
    return mark.segments[0].x, mark.segments[-1].x + mark.segments[-1].width


def stack(marks: list[Mark]) -> list[Mark]:
    """Marks of one lane on sub-rows (their `y` set to the row's index) so none hides another."""
    rows: list[float] = []  # the right edge of each sub-row so far
    for mark in sorted(marks, key=lambda m: extent(m)[0]):
        left, right = extent(mark)
        row = next((i for i, edge in enumerate(rows) if edge + 2 <= left), len(rows))
        rows[row : row + 1] = [right]
        mark.y = row
    return marks


def timeline_chart(summits, agreements, today: datetime.date) -> Chart:
    """Summits and agreements on a time axis, a lane per mechanism (undated records left out)."""
    by_lane: dict[tuple[str, str], list] = {}
    for record in [*summits, *agreements]:
        if not record.edtf():
            continue
        mechanism = record.mechanism
        key = (str(mechanism), mechanism.get_absolute_url()) if mechanism else ("No mechanism", "")
        by_lane.setdefault(key, []).append(record)
    rows = [(label, href, records) for (label, href), records in sorted(by_lane.items(), key=lambda item: item[0][0])]

    def mark_for(scale, record, y):
        return event_mark(scale, record, y, "mark-summit" if record._meta.model_name == "summit" else "mark-agreement")

    chart, _ = lanes_chart(rows, today, mark_for)
    return chart


def membership_chart(mechanism, memberships, today: datetime.date) -> Chart:
    """A row per membership, from its start to its end (or today); a top row for the levels."""
    members = sorted(memberships, key=lambda m: (m.start_earliest or datetime.date.min, m.actor.name))
    steps = list(mechanism.levels.all())
    dates = [d for m in members for d in (m.edtf("start"), m.edtf("end")) if d]
    dates += [s.edtf("since") for s in steps if s.edtf("since")]
    first, last = axis_range(dates, today)
    if mechanism.edtf("founded") and mechanism.edtf("founded").earliest:
        first = min(first, mechanism.edtf("founded").earliest.replace(month=1, day=1))
    scale = Scale(first, last)
    lanes, marks = [], []
    y = AXIS_HEIGHT
    if steps:
        lanes.append(Lane("Level", "", y, y + LANE_HEIGHT / 2 + 4))
        ordered = sorted(steps, key=lambda s: s.since_earliest or datetime.date.min)
        for index, step in enumerate(ordered):
            following = ordered[index + 1].edtf("since") if index + 1 < len(ordered) else None
            segments = lasting_segments(scale, step.edtf("since"), following, today)
            label = f"{step.get_level_display()} since {step.partial_date('since') or 'a date not recorded'}"
            marks.append(Mark(label, "", "span", y + 8, segments, css="mark-level", date=step.partial_date("since")))
        y += LANE_HEIGHT
    for membership in members:
        actor = membership.actor
        lanes.append(Lane(actor.name, actor.get_absolute_url(), y, y + LANE_HEIGHT / 2 + 4))
        segments = lasting_segments(scale, membership.edtf("start"), membership.edtf("end"), today)
        dates = (
            f"{membership.partial_date('start') or 'start not recorded'} to {membership.partial_date('end') or 'today'}"
        )
        marks.append(Mark(actor.name, actor.get_absolute_url(), "span", y + 8, segments, css="mark-member", date=dates))
        y += LANE_HEIGHT
    return Chart(lanes=lanes, marks=marks, ticks=scale.ticks(), height=y + 4, axis_y=AXIS_HEIGHT - 6)


@dataclass
class Node:
    label: str
    href: str
    x: float
    y: float
    kind: str


@dataclass
class Edge:
    x1: float
    y1: float
    x2: float
    y2: float
    certainty: str


@dataclass
class Network:
    nodes: list[Node]
    edges: list[Edge]
    height: float
    width: int = WIDTH


def network(snapshot_mechanisms: list[dict]) -> Network:
    """Mechanisms (left) linked to their members (right) on a day; a possible membership dashed.
    `snapshot_mechanisms` is events.snapshot.snapshot()["mechanisms"] with page summaries."""
    with_members = [m for m in snapshot_mechanisms if m["members"]]
    actors: dict[str, dict] = {}
    for item in with_members:
        for member in item["members"]:
            actors.setdefault(member["actor"]["slug"], member["actor"])
    step = 34
    rows = max(len(with_members), len(actors), 1)
    height = rows * step + 20
    left_gap = (height - 20) / max(len(with_members), 1)
    right_gap = (height - 20) / max(len(actors), 1)
    mechanism_at = {
        m["mechanism"]["slug"]: Node(
            m["mechanism"]["name"], m["mechanism"]["url"], 250, 20 + i * left_gap + left_gap / 2, "mechanism"
        )
        for i, m in enumerate(with_members)
    }
    ordered_actors = sorted(actors.values(), key=lambda a: a["name"])
    actor_at = {
        a["slug"]: Node(a["name"], a["url"], WIDTH - 250, 20 + i * right_gap + right_gap / 2, "actor")
        for i, a in enumerate(ordered_actors)
    }
    edges = [
        Edge(
            mechanism_at[m["mechanism"]["slug"]].x,
            mechanism_at[m["mechanism"]["slug"]].y,
            actor_at[member["actor"]["slug"]].x,
            actor_at[member["actor"]["slug"]].y,
            member["certainty"],
        )
        for m in with_members
        for member in m["members"]
    ]
    return Network(nodes=[*mechanism_at.values(), *actor_at.values()], edges=edges, height=height)
