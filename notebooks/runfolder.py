"""Loads a metro-dispatch run folder into pandas for the review notebooks.

A run folder holds the simulator's files (gate-events.jsonl, train-events.jsonl and, when it was
simulated, ground-truth.jsonl) and the job's outputs (decisions.jsonl, station-load.jsonl, ...),
either in RUN_DIR/job (a replay: metro-dispatch job --input RUN_DIR --out RUN_DIR/job) or in RUN_DIR
itself. The formats are in docs/event-contract.md.

Parameters come from the environment, so the notebooks run headless (metro-dispatch notebooks):
METRO_RUN_DIR (default: the newest folder under runs/ with job outputs), METRO_STATION (default:
nijiaqiao), METRO_FIGURES_DIR (default: RUN_DIR/notebooks/figures).

Only the Python standard library, pandas, matplotlib and PyYAML (Debian: python3-pandas,
python3-matplotlib, python3-yaml).
"""

import json
import os
from pathlib import Path

import pandas as pd
import yaml

HOME = Path(os.environ.get("METRO_DISPATCH_HOME") or Path(__file__).resolve().parent.parent)
CONFIG = HOME / "config"
DEFAULT_STATION = "nijiaqiao"

# Queuing levels of service by m² per waiting person (HCM/TCQSM after Fruin): the least area at
# which each level still holds. The same table as contract/.../truth/LevelOfService.java.
LOS_LEVELS = ["A", "B", "C", "D", "E", "F"]
LOS_MIN_M2 = {"A": 1.21, "B": 0.90, "C": 0.70, "D": 0.30, "E": 0.20, "F": 0.0}
LOS_COLOURS = {
    "A": "#1a9850",
    "B": "#91cf60",
    "C": "#d9ef8b",
    "D": "#fee08b",
    "E": "#fc8d59",
    "F": "#d73027",
}

# How each decision is drawn.
DECISION_STYLE = {
    "RAISED": dict(marker="^", color="#d62728", label="RAISED"),
    "UPDATED": dict(marker="o", color="#ff7f0e", label="UPDATED"),
    "SUPPRESSED": dict(marker="X", color="#7f3fbf", label="SUPPRESSED"),
    "CLEARED": dict(marker="v", color="#2ca02c", label="CLEARED"),
}

JOB_FILES = ("decisions.jsonl", "station-load.jsonl")


def station():
    """The station of the single-station views."""
    return os.environ.get("METRO_STATION") or DEFAULT_STATION


def run_dir():
    """The run folder: METRO_RUN_DIR, else the newest folder under runs/ with job outputs."""
    given = os.environ.get("METRO_RUN_DIR")
    if given:
        path = Path(given)
        if not path.is_dir():
            raise SystemExit(f"METRO_RUN_DIR={given}: no such folder")
        return path
    runs = [d for d in (HOME / "runs").glob("*") if d.is_dir() and job_dir(d) is not None]
    if not runs:
        raise SystemExit(
            f"no run folder with job outputs under {HOME / 'runs'}; set METRO_RUN_DIR"
        )
    return max(runs, key=lambda d: d.stat().st_mtime)


def job_dir(run):
    """Where the job's outputs are: RUN_DIR/job or RUN_DIR itself; None if in neither."""
    for folder in (Path(run) / "job", Path(run)):
        if any((folder / name).is_file() for name in JOB_FILES):
            return folder
    return None


def figures_dir(run):
    folder = Path(os.environ.get("METRO_FIGURES_DIR") or Path(run) / "notebooks" / "figures")
    folder.mkdir(parents=True, exist_ok=True)
    return folder


def _lines(path, keep=None):
    """The JSON objects of a JSON-lines file; a line that is not one (being written) is skipped."""
    records = []
    if not path.is_file():
        return records
    with open(path, encoding="utf-8", errors="replace") as f:
        for line in f:
            if keep is not None and keep not in line:
                continue
            try:
                records.append(json.loads(line))
            except ValueError:
                continue
    return records


def local_time(series):
    """ISO-8601 times with an offset -> the local wall-clock time the job wrote (seconds)."""
    return pd.to_datetime(series.astype(str).str.slice(0, 19), format="%Y-%m-%dT%H:%M:%S")


class Run:
    """One run folder: its job outputs and, when there is one, the simulator's ground truth."""

    def __init__(self, path):
        self.path = Path(path)
        self.job = job_dir(self.path)
        if self.job is None:
            raise SystemExit(
                f"{self.path} has no job outputs ({', '.join(JOB_FILES)}) in it or in its job/;"
                f" replay it: metro-dispatch job --input {self.path} --out {self.path / 'job'}"
            )
        truth = [p / "ground-truth.jsonl" for p in (self.path, self.job)]
        self.truth_file = next((p for p in truth if p.is_file()), None)

    def __repr__(self):
        truth = self.truth_file if self.truth_file else "none"
        return f"Run({self.path}: job outputs in {self.job}, ground truth {truth})"

    @property
    def has_truth(self):
        return self.truth_file is not None

    def decisions(self):
        """One row per decision, in log order. A decision written again after a failover (the same
        decisionId; logs of schema version 1 have none) is kept once."""
        rows = []
        seen = set()
        for d in _lines(self.job / "decisions.jsonl"):
            decision_id = d.get("decisionId")
            if decision_id is not None:
                if decision_id in seen:
                    continue
                seen.add(decision_id)
            e = d.get("evidence") or {}
            t = d.get("emptyTrain") or {}
            rows.append(
                dict(
                    time=d.get("eventTime"),
                    stationId=d.get("stationId"),
                    direction=d.get("direction"),
                    decision=d.get("decision"),
                    recommendationId=d.get("recommendationId"),
                    waiting=e.get("waitingEstimate"),
                    leftBehind=e.get("leftBehind"),
                    consecutiveLeftBehind=e.get("consecutiveLeftBehind"),
                    density=e.get("densityM2PerPerson"),
                    los=e.get("levelOfService"),
                    trainsSent=d.get("trainsSent", 0),
                    trainSequence=t.get("sequence"),
                    trainFrom=t.get("poolId"),
                    trainLeaves=t.get("leaveAt"),
                    trainArrives=t.get("arriveAt"),
                    reason=d.get("reason"),
                )
            )
        columns = [
            "time", "stationId", "direction", "decision", "recommendationId", "waiting",
            "leftBehind", "consecutiveLeftBehind", "density", "los", "trainsSent",
            "trainSequence", "trainFrom", "trainLeaves", "trainArrives", "reason",
        ]
        frame = pd.DataFrame(rows, columns=columns)
        for column in ("time", "trainLeaves", "trainArrives"):
            present = frame[column].notna()
            times = pd.Series(pd.NaT, index=frame.index, dtype="datetime64[ns]")
            times[present] = local_time(frame.loc[present, column])
            frame[column] = times
        return frame

    def station_load(self, station_id=None):
        """One row per window and direction: the job's estimate at the window's end."""
        keep = f'"stationId":"{station_id}"' if station_id else None
        rows = []
        for w in _lines(self.job / "station-load.jsonl", keep):
            for p in w.get("platforms", []):
                rows.append(
                    dict(
                        time=w.get("windowEnd"),
                        stationId=w.get("stationId"),
                        direction=p.get("direction"),
                        entries=w.get("entries"),
                        exits=w.get("exits"),
                        waiting=p.get("waitingEstimate"),
                        density=p.get("densityM2PerPerson"),
                        los=p.get("levelOfService"),
                        leftBehind=p.get("leftBehind"),
                        consecutiveLeftBehind=p.get("consecutiveLeftBehind"),
                        crowded=bool(p.get("crowded")),
                    )
                )
        columns = [
            "time", "stationId", "direction", "entries", "exits", "waiting", "density", "los",
            "leftBehind", "consecutiveLeftBehind", "crowded",
        ]
        frame = pd.DataFrame(rows, columns=columns)
        frame["time"] = local_time(frame["time"])
        return frame.sort_values(["stationId", "direction", "time"], kind="stable")

    def truth_platforms(self, station_id=None):
        """The ground truth's platform lines: what waited at the start of each minute."""
        columns = ["time", "stationId", "direction", "waiting", "density", "los"]
        if not self.has_truth:
            return pd.DataFrame(columns=columns)
        keep = f'"stationId":"{station_id}"' if station_id else '"kind":"platform"'
        rows = [
            dict(
                time=t["minute"],
                stationId=t["stationId"],
                direction=t["direction"],
                waiting=t["waiting"],
                density=t["densityM2PerPerson"],
                los=t["los"],
            )
            for t in _lines(self.truth_file, keep)
            if t.get("kind") == "platform"
        ]
        frame = pd.DataFrame(rows, columns=columns)
        frame["time"] = local_time(frame["time"])
        return frame

    def truth_departures(self, station_id=None):
        """The ground truth's departure lines: who boarded, who was left behind."""
        columns = [
            "time", "stationId", "direction", "trainId", "boarded", "leftBehind", "load",
            "capacity",
        ]
        if not self.has_truth:
            return pd.DataFrame(columns=columns)
        keep = f'"stationId":"{station_id}"' if station_id else '"kind":"departure"'
        rows = [
            dict(
                time=t["eventTime"],
                stationId=t["stationId"],
                direction=t["direction"],
                trainId=t["trainId"],
                boarded=t["boarded"],
                leftBehind=t["leftBehind"],
                load=t["load"],
                capacity=t["capacity"],
            )
            for t in _lines(self.truth_file, keep)
            if t.get("kind") == "departure"
        ]
        frame = pd.DataFrame(rows, columns=columns)
        frame["time"] = local_time(frame["time"])
        return frame


def episodes(decisions):
    """One row per crowding episode (recommendation id): when it began and ended, what it got.

    An episode without CLEARED is open: it ends at the log's latest decision.
    """
    columns = [
        "recommendationId", "stationId", "direction", "start", "end", "cleared", "trains",
        "suppressed", "decisions", "worstLos",
    ]
    if decisions.empty:
        return pd.DataFrame(columns=columns)
    log_end = decisions["time"].max()
    rows = []
    for rid, group in decisions.groupby("recommendationId", sort=False):
        cleared = group[group["decision"] == "CLEARED"]
        levels = [level for level in group["los"].dropna() if level in LOS_LEVELS]
        rows.append(
            dict(
                recommendationId=rid,
                stationId=group["stationId"].iloc[0],
                direction=group["direction"].iloc[0],
                start=group["time"].iloc[0],
                end=cleared["time"].iloc[0] if not cleared.empty else log_end,
                cleared=not cleared.empty,
                trains=int(group["trainFrom"].notna().sum()),
                suppressed=int((group["decision"] == "SUPPRESSED").sum()),
                decisions=len(group),
                worstLos=max(levels, key=LOS_LEVELS.index) if levels else None,
            )
        )
    return pd.DataFrame(rows, columns=columns)


def totals(decisions):
    """Per station and direction: episodes, minutes crowded, empty trains, SUPPRESSED decisions."""
    ep = episodes(decisions)
    columns = ["station", "direction", "episodes", "crowdedMinutes", "trains", "suppressed"]
    if ep.empty:
        return pd.DataFrame(columns=columns)
    ep = ep.assign(crowdedMinutes=(ep["end"] - ep["start"]).dt.total_seconds() / 60.0)
    grouped = (
        ep.groupby(["stationId", "direction"], sort=False)
        .agg(
            episodes=("recommendationId", "count"),
            crowdedMinutes=("crowdedMinutes", "sum"),
            trains=("trains", "sum"),
            suppressed=("suppressed", "sum"),
        )
        .reset_index()
        .rename(columns={"stationId": "station"})
    )
    grouped["crowdedMinutes"] = grouped["crowdedMinutes"].round(1)
    return grouped[columns]


def network():
    """The line of config/job.yaml's network: stations in order (trunk, then branches), names,
    and the direction names (forward: the order stations are listed in)."""
    job = yaml.safe_load((CONFIG / "job.yaml").read_text(encoding="utf-8"))
    file = CONFIG / job["network"]
    net = yaml.safe_load(file.read_text(encoding="utf-8"))
    stations = [(s["id"], s.get("name", s["id"])) for s in net.get("stations", [])]
    trunk = len(stations)
    for branch in net.get("branches", []) or []:
        stations += [(s["id"], s.get("name", s["id"])) for s in branch.get("stations", [])]
    directions = net.get("directions", {})
    return dict(
        name=net.get("name", file.stem),
        stations=stations,
        trunkLength=trunk,
        forward=directions.get("forward", "forward"),
        reverse=directions.get("reverse", "reverse"),
    )


def detection_rules():
    """The job's detection thresholds (config/job.yaml, detection), with the job's defaults."""
    job = yaml.safe_load((CONFIG / "job.yaml").read_text(encoding="utf-8"))
    d = job.get("detection", {}) or {}
    return dict(
        raiseAfterConsecutiveLeftBehind=int(d.get("raiseAfterConsecutiveLeftBehind", 2)),
        raiseAtLevelOfService=str(d.get("raiseAtLevelOfService", "E")),
        clearAfterDeparturesWithoutLeftBehind=int(
            d.get("clearAfterDeparturesWithoutLeftBehind", 2)
        ),
        clearAtLevelOfService=str(d.get("clearAtLevelOfService", "C")),
        clearHoldSeconds=int(d.get("clearHoldSeconds", 180)),
    )


def raise_density(level):
    """The m² per person below which a platform is at `level` or worse (E: under 0.30)."""
    return LOS_MIN_M2[LOS_LEVELS[LOS_LEVELS.index(level) - 1]] if level != "A" else float("inf")


def clear_density(level):
    """The m² per person at or above which a platform is at `level` or better (C: 0.70)."""
    return LOS_MIN_M2[level]


def waiting_area(platform_load, platform_truth=None):
    """The waiting area of one platform side, m²: the density when nobody waits (the whole area
    for one person), else density × waiting of its records."""
    for frame in (platform_truth, platform_load):
        if frame is not None and not frame.empty:
            empty = frame[frame["waiting"] == 0]
            if not empty.empty:
                return float(empty["density"].median())
            return float((frame["density"] * frame["waiting"].clip(lower=1)).median())
    return None


def station_names():
    """Station id -> name, from the network."""
    return dict(network()["stations"])


def crowded_spans(platform_load):
    """(start, end) of the times the job had an episode open, from one platform's station load."""
    spans = []
    start = None
    previous = None
    for time, crowded in zip(platform_load["time"], platform_load["crowded"]):
        if crowded and start is None:
            start = time
        elif not crowded and start is not None:
            spans.append((start, time))
            start = None
        previous = time
    if start is not None:
        spans.append((start, previous))
    return spans


def setup_figures():
    """matplotlib without a display (Agg), with a readable default size."""
    import matplotlib

    if not os.environ.get("DISPLAY") or os.environ.get("MPLBACKEND", "").lower() == "agg":
        matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    plt.rcParams.update({"figure.dpi": 100, "savefig.dpi": 110, "font.size": 9})
    return plt


def save(fig, folder, name):
    """Saves a figure as PNG, closes it, and returns the path (to display it)."""
    path = Path(folder) / name
    fig.savefig(path, bbox_inches="tight")
    import matplotlib.pyplot as plt

    plt.close(fig)
    print(f"wrote {path} ({path.stat().st_size // 1024} KB)")
    return path
