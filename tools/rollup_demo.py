"""Example units made from the sample ledger, for the roll-up example (examples/rollup-demo/) and the tests.

    python tools/rollup_demo.py        # (re)writes examples/rollup-demo/units/ from data/ and docs/evidence/

A unit is the sample's data/ (and its evidence files) with another unit name, another 截至 date and some
problems left out or changed, by editing the YAML text: the sample stays the single source.
"""
from __future__ import annotations

import re
import shutil
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DEMO = ROOT / "examples" / "rollup-demo"

# The example's three units: folder, name, 截至 date, problems left out
DEMO_UNITS = [
    ("qu-a", "甲区气象局", "2023-11-28", ()),
    ("qu-b", "乙区气象局", "2023-11-24", ("P-003", "P-004", "P-008")),
    ("qu-c", "丙区气象局", "2023-11-16", ("P-001", "P-006")),
]


def set_setting(folder: Path, key: str, value: str) -> None:
    path = folder / "data" / "settings.yml"
    text = path.read_text(encoding="utf-8")
    text, count = re.subn(rf"^{key}:.*$", f"{key}: {value}", text, count=1, flags=re.M)
    if not count:
        raise ValueError(f"no {key} in {path}")
    path.write_text(text, encoding="utf-8")


def rename_unit(folder: Path, name: str) -> None:
    """Every mention of the unit's name in its settings (unit, party_group, report_title …) becomes `name`."""
    settings = folder / "data" / "settings.yml"
    text = settings.read_text(encoding="utf-8")
    old = re.search(r"^unit:\s*(.+)$", text, re.M).group(1)
    settings.write_text(text.replace(old, name), encoding="utf-8")


def make_unit(dest: Path, *, name: str, as_of: str, drop_problems=(), sample: Path = ROOT) -> Path:
    """A unit's ledger folder at dest: the sample's data/ and docs/evidence/, renamed and dated."""
    shutil.copytree(sample / "data", dest / "data", dirs_exist_ok=True)
    shutil.copytree(sample / "docs" / "evidence", dest / "docs" / "evidence", dirs_exist_ok=True)
    rename_unit(dest, name)
    set_setting(dest, "as_of", as_of)
    for problem_id in drop_problems:
        (dest / "data" / "problems" / f"{problem_id}.yml").unlink()
    return dest


def main() -> int:
    units = DEMO / "units"
    if units.exists():
        shutil.rmtree(units)
    for folder, name, as_of, drop in DEMO_UNITS:
        make_unit(units / folder, name=name, as_of=as_of, drop_problems=drop)
        print(f"已写入 {units / folder}")
    shutil.copyfile(ROOT / "data" / "campaign.yml", DEMO / "data" / "campaign.yml")
    return 0


if __name__ == "__main__":
    sys.exit(main())
