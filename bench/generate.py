"""Synthetic record sets at N times the sample data, valid under the project's own check.

Every record of the sample data in data/ is cloned N times: copy 0 is the sample
record itself, copy k gets the ID "<id>-<k>", a Chinese place name woven into its
main text, and references (a report's topic, a regulation's problems, ...) that
point at the same copy's records. Dates, statuses and every other field stay as
in the sample, so whatever the sample satisfies, the clones satisfy too, and
progress logs, closures, outcomes etc. grow in proportion.

    .venv/bin/python bench/generate.py 100 /tmp/ledger-100x   # writes /tmp/ledger-100x/*.yml
"""
from __future__ import annotations

import argparse
import copy
import sys
import time
from pathlib import Path
from typing import Any

import yaml

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
from ledger.records import registry  # noqa: E402

try:
    from yaml import CSafeDumper as _Dumper, CSafeLoader as _Loader
except ImportError:  # pragma: no cover - depends on how PyYAML was built
    from yaml import SafeDumper as _Dumper, SafeLoader as _Loader

ROOT = Path(__file__).resolve().parent.parent
SCALES = (1, 10, 100, 1000)
SINGLE_FILES = ("settings.yml", "campaign.yml")  # one per site (the settings, the campaign definition): never multiplied

# 32 x 32 Chinese place names, enough to tell 1,024 copies apart.
_PLACE_HEADS = ("东湖", "西山", "南浦", "北岸", "青溪", "白沙", "石门", "龙泉", "桃源", "松岭", "金塘", "银湾",
                "凤凰", "云峰", "梅林", "竹园", "柳庄", "杏坛", "枫桥", "兰亭", "清河", "玉泉", "长乐", "永安",
                "太平", "新港", "高桥", "横塘", "大洋", "小溪", "黄岩", "红旗")
_PLACE_TAILS = ("镇", "乡", "街道", "村", "片区", "园区", "社区", "站", "港区", "林场", "农场", "渔港", "湿地",
                "水库", "山区", "平原", "海岛", "新城", "老城", "开发区", "度假区", "茶园", "果园", "花海",
                "古镇", "码头", "盆地", "峡谷", "草甸", "滩涂", "湖区", "岭")
_TEXT_FIELDS = ("title", "description", "name", "text", "award", "measures", "aim")


def place_name(copy_index: int) -> str:
    heads, tails = len(_PLACE_HEADS), len(_PLACE_TAILS)
    return _PLACE_HEADS[copy_index % heads] + _PLACE_TAILS[(copy_index // heads) % tails]


# Kinds kept one file per record (data/problems/P-001.yml): read and written as a list under the folder's name
FOLDERS = tuple(kind.folder for kind in registry.folder_kinds())


def load_templates(data_dir: Path) -> dict[str, Any]:
    """The sample data files as plain data, in file order; a record folder as {folder: [records]}."""
    templates = {path.name: yaml.load(path.read_text(encoding="utf-8"), Loader=_Loader)
                 for path in sorted(data_dir.glob("*.yml"))}
    for folder in FOLDERS:
        templates[folder] = {folder: [yaml.load(path.read_text(encoding="utf-8"), Loader=_Loader)
                                      for path in sorted((data_dir / folder).glob("*.yml"))]}
    return templates


def record_ids(templates: dict[str, Any]) -> set[str]:
    return {record["id"] for name, data in templates.items() if name not in SINGLE_FILES
            for records in data.values() if isinstance(records, list)
            for record in records if isinstance(record, dict) and "id" in record}


def _mark_text(text: str, place: str) -> str:
    """'《标题》' -> '《标题（东湖镇）》'; other text gets the place in front: '东湖镇：……'."""
    if text.startswith("《") and text.endswith("》"):
        return f"{text[:-1]}（{place}）》"
    return f"{place}：{text}"


def _remap(value: Any, ids: set[str], suffix: str) -> Any:
    """References to sample IDs point at the same copy's records."""
    if isinstance(value, str) and value in ids:
        return value + suffix
    if isinstance(value, list):
        return [_remap(item, ids, suffix) for item in value]
    if isinstance(value, dict):
        return {key: _remap(item, ids, suffix) for key, item in value.items()}
    return value


def clone_record(record: dict, copy_index: int, ids: set[str]) -> dict:
    if copy_index == 0:
        return copy.deepcopy(record)
    suffix, place = f"-{copy_index}", place_name(copy_index)
    clone = {key: _remap(value, ids, suffix) for key, value in record.items()}
    clone["id"] = record["id"] + suffix
    for key in _TEXT_FIELDS:
        if isinstance(clone.get(key), str):
            clone[key] = _mark_text(clone[key], place)
            break  # one marked field per record is enough to tell copies apart
    return clone


def scale_data(templates: dict[str, Any], scale: int) -> dict[str, Any]:
    """Every list of records repeated `scale` times: the sample list, then copy 1, copy 2, ..."""
    if scale < 1:
        raise ValueError("scale must be at least 1")
    ids = record_ids(templates)
    scaled: dict[str, Any] = {}
    for name, data in templates.items():
        if name in SINGLE_FILES or not isinstance(data, dict):
            scaled[name] = copy.deepcopy(data)
            continue
        scaled[name] = {
            key: [clone_record(record, k, ids) for k in range(scale) for record in records]
            if isinstance(records, list) else copy.deepcopy(records)
            for key, records in data.items()
        }
    return scaled


class _NoAliases(_Dumper):
    """Records as editors write them: a date shared by copies is written out each time, never &id001/*id001
    (the records' loader refuses anchors and aliases)."""

    def ignore_aliases(self, data):
        return True


def _dump(content: Any) -> str:
    return yaml.dump(content, Dumper=_NoAliases, allow_unicode=True, sort_keys=False, width=1000)


def write_data(data: dict[str, Any], out_dir: Path, scale: int) -> None:
    out_dir.mkdir(parents=True, exist_ok=True)
    for old in [*out_dir.glob("*.yml"), *(p for f in FOLDERS for p in (out_dir / f).glob("*.yml"))]:
        old.unlink()
    header = f"# 由 bench/generate.py 生成：样例数据的 {scale} 倍，仅供基准测试。\n"
    for name, content in data.items():
        if name in FOLDERS:  # one file per record, named after its ID
            (out_dir / name).mkdir(exist_ok=True)
            for record in content[name]:
                (out_dir / name / f"{record['id']}.yml").write_text(header + _dump(record), encoding="utf-8")
        else:
            (out_dir / name).write_text(header + _dump(content), encoding="utf-8")


def record_count(data: dict[str, Any]) -> int:
    return sum(len(records) for name, content in data.items() if name not in SINGLE_FILES
               for records in content.values() if isinstance(records, list))


def generate(scale: int, out_dir: Path, data_dir: Path = ROOT / "data") -> int:
    """Write the scaled data set; returns its number of records."""
    data = scale_data(load_templates(data_dir), scale)
    write_data(data, out_dir, scale)
    return record_count(data)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="生成样例数据 N 倍的合成记录（基准测试用）")
    parser.add_argument("scale", type=int, help="倍数，例如 1、10、100、1000")
    parser.add_argument("out_dir", type=Path, help="写入 *.yml 的文件夹")
    args = parser.parse_args(argv)
    started = time.perf_counter()
    count = generate(args.scale, args.out_dir)
    print(f"{args.scale} 倍：{count} 条记录写入 {args.out_dir}（{time.perf_counter() - started:.1f} 秒）")
    return 0


if __name__ == "__main__":
    sys.exit(main())
