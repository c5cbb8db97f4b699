"""The native-ads dataset as the training and evaluation scripts read it.

Webis Generated Native Ads 2024 (validation split, see ../shared/datasets/README.md):
answers with a brand ad woven in, labelled with the ad's character span. The data is
read from the shared folder and never copied into the repository. It is split by query
(a crc32 of the query, so every run and every machine agrees): answers to one query never
sit on both sides. ``train`` (70 %) is learned and tuned on; ``report`` (30 %) is
only scored.
"""

from __future__ import annotations

import json
import re
import zlib
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DEFAULT = ROOT.parent / "shared" / "datasets" / "native-ads" / "validation.jsonl"
HEALTH_TOPICS = ("healthcare", "workout")
SPLITS = ("train", "report", "all")


@dataclass(frozen=True)
class Answer:
    query: str
    topic: str
    text: str
    label: int
    span: tuple[int, int] | None


def split_of(query: str) -> str:
    return "train" if zlib.crc32(query.strip().lower().encode("utf-8")) % 10 < 7 else "report"


def _span(row: dict) -> tuple[int, int] | None:
    """The ad's character span; the file writes it as a string, "(64, 103)"."""
    numbers = re.findall(r"\d+", str(row.get("span") or ""))
    return (int(numbers[0]), int(numbers[1])) if len(numbers) >= 2 else None


def load(path: Path = DEFAULT, split: str = "all") -> list[Answer]:
    if not path.is_file():
        raise SystemExit(f"native-ads data not found: {path} (pass --data)")
    answers: list[Answer] = []
    with path.open(encoding="utf-8") as fh:
        for line in fh:
            if not line.strip():
                continue
            row = json.loads(line)
            if split != "all" and split_of(row["query"]) != split:
                continue
            answers.append(Answer(row["query"], row["meta_topic"], row["text"],
                                  int(row["label"]), _span(row) if row["label"] else None))
    return answers

