"""A unit's repository: made by `python -m ledger new`, its generated files brought up to date by `upgrade`.

A unit's repository holds what is the unit's (data/, docs/, templates/, mkdocs.yml: copied from an example once,
the unit's own from then on; the editors' guide is not among its pages: the tool serves it, ledger/guide/) and
files the tool generates (files/ here: run.sh, CI files, .gitignore, the public
and offline configurations, macros.py, VS Code settings; and schemas/ from the unit's campaign). The tool itself
comes from one pinned line in requirements.txt.
"""
from __future__ import annotations

import difflib
import hashlib
import os
import shutil
import subprocess
import tempfile
from dataclasses import dataclass
from ledger.version import DISTRIBUTION, version
from pathlib import Path

import yaml

from ledger.records import registry
from ledger.records.load import load_campaign
from ledger.records.schema import schema_texts
from ledger.unit.layout import EXAMPLE_PARTS, EXAMPLES_FOLDER, REQUIREMENTS, SAMPLE, STAMP
from ledger.unit.retired import GUIDE_COPIES, RETIRED_GUIDE

PACKAGE_DIR = Path(__file__).resolve().parent.parent   # ledger/
FILES = Path(__file__).resolve().parent / "files"        # the generated files, as the installed version writes them
EXAMPLES = PACKAGE_DIR / EXAMPLES_FOLDER
SOURCE_ROOT = PACKAGE_DIR.parent                         # the tool's repository, when run from a checkout
EVIDENCE = Path("docs") / "evidence"
SCHEMAS = "schemas"
PLACEHOLDER_UNIT = "XX单位"


class UnitRefused(Exception):
    """A wrong use of new / upgrade, said in Chinese; nothing has been written."""


# ---- examples ----
def example_dir(name: str) -> Path | None:
    """An example's folder: in the wheel ledger/examples/<name>/; the sample, in a checkout of the tool's
    repository, is the repository's top folder (its home; the wheel build copies it)."""
    folder = EXAMPLES / name
    if all((folder / part).exists() for part in EXAMPLE_PARTS):
        return folder
    if name == SAMPLE and all((SOURCE_ROOT / part).exists() for part in EXAMPLE_PARTS):
        return SOURCE_ROOT
    return None


def example_names() -> list[str]:
    found = {SAMPLE} if example_dir(SAMPLE) else set()
    if EXAMPLES.is_dir():
        found |= {path.name for path in EXAMPLES.iterdir() if example_dir(path.name) is not None}
    return sorted(found, key=lambda name: (name != SAMPLE, name))


# ---- the generated files ----
def generated_files(campaign_dir: Path) -> dict[str, bytes]:
    """Relative path -> content of every file the installed tool generates for a unit whose records are in
    campaign_dir (the schemas follow the unit's campaign)."""
    out: dict[str, bytes] = {}
    for path in sorted(FILES.rglob("*")):
        if path.is_file() and "__pycache__" not in path.parts:
            out[path.relative_to(FILES).as_posix()] = path.read_bytes()
    for name, text in schema_texts(load_campaign(campaign_dir)).items():
        out[f"{SCHEMAS}/{name}"] = text.encode("utf-8")
    out[STAMP] = (f"# 生成本仓库 run.sh、CI 文件和 schemas/ 的工作台账工具版本（python -m ledger upgrade 更新）\n"
                  f"{version()}\n").encode("utf-8")
    return out


# ---- new ----
def pin_line(pin: str | None) -> str:
    """requirements.txt's one line: the installed version from the unit's package index, unless told otherwise
    (a wheel file: ./tools/gongzuo_taizhang-0.2.0-py3-none-any.whl; a tag of the tool's git repository:
    gongzuo-taizhang @ git+https://git.example.cn/tools/taizhang.git@v0.2.0)."""
    return (pin or f"{DISTRIBUTION}=={version()}").strip()


def empty_records(source: Path, target: Path) -> None:
    """The example's data/ with every record list emptied: the campaign definition as it is, the folder kinds'
    folders empty, each shared file's kinds as empty lists (its schema line kept)."""
    (target / "data").mkdir(parents=True)
    shutil.copy2(source / "data" / "campaign.yml", target / "data" / "campaign.yml")
    for kind in registry.folder_kinds():
        folder = target / "data" / kind.folder
        folder.mkdir()
        (folder / ".gitkeep").write_text("", encoding="utf-8")
    for file_name in registry.shared_files():
        kinds = registry.kinds_in(file_name)
        original = source / "data" / file_name
        head = original.read_text(encoding="utf-8").splitlines()[0] if original.is_file() else ""
        lines = [head] if head.startswith("# yaml-language-server") else []
        lines += [f"{kind.key}: []" for kind in kinds]
        (target / "data" / file_name).write_text("\n".join(lines) + "\n", encoding="utf-8")


def settings_text(source: Path, unit: str | None) -> str:
    """data/settings.yml to fill in: the example's settings in their order, with the unit's names (or a
    placeholder), the 截至 date at the campaign's start and no report sent yet; the campaign, its dates and any
    other setting as the example has them, until the unit writes its own."""
    original = yaml.safe_load((source / "data" / registry.SETTINGS_FILE).read_text(encoding="utf-8"))
    name = unit or PLACEHOLDER_UNIT
    own = {"unit": name, "party_group": f"{name}党组", "as_of": original["period_start"],
           "report_title": f"{name}关于{original['campaign_short']}开展情况的汇报", "reports_sent": []}
    values = {key: own.get(key, value) for key, value in original.items()}
    values.setdefault("reports_sent", [])
    return (f"# yaml-language-server: $schema=../{SCHEMAS}/settings.schema.json\n"
            + yaml.dump(values, Dumper=_PlainDumper, allow_unicode=True, sort_keys=False, default_flow_style=None,
                        width=120))


class _PlainDumper(yaml.SafeDumper):
    """Every value written out where it stands: records take no anchors and aliases (the safe loader refuses them)."""

    def ignore_aliases(self, data):
        return True


UNIT_README = """# {unit}工作台账

本仓库是{unit}的{short}工作台账：记录在 `data/`，页面在 `docs/`，汇报模板在 `templates/report.yml`，
网站设置在 `mkdocs.yml`。工具（工作台账，{distribution}）由 `requirements.txt` 的一行钉住版本。

- 安装并预览：`./run.sh serve`，浏览器打开 http://127.0.0.1:8000/
- 安装并测试（记录检查、构建网站、汇报、Word 和 Excel）：`./run.sh test`
- 表单编辑器：`./run.sh edit`，打开 http://127.0.0.1:8000/admin/
- 全部命令：`./run.sh help`

先在 `data/settings.yml` 填写单位名称、活动名称和日期。升级工具：改 `requirements.txt` 的版本，
运行 `./run.sh upgrade`（先列出改动，`./run.sh upgrade --apply` 才写入），再 `./run.sh test`，并阅读工具的更新说明（CHANGELOG）。
"""


@dataclass(frozen=True)
class NewUnit:
    folder: Path
    example: str
    files: int


def new_unit(folder: str | Path, example: str = SAMPLE, *, unit: str | None = None, pin: str | None = None,
             git: bool = True) -> NewUnit:
    """Make a unit's repository at folder from an example. Refuses (UnitRefused, in Chinese) an unknown example
    or a folder that exists and is not empty; everything is made in a folder beside it and moved into place at
    the end, so a failure leaves nothing half-written."""
    target = Path(folder).absolute()
    source = example_dir(example)
    if source is None:
        raise UnitRefused(f"没有名为「{example}」的示例。可选的示例：{'、'.join(example_names())}")
    if target.exists() and (not target.is_dir() or any(target.iterdir())):
        what = "文件夹" if target.is_dir() else "文件"
        raise UnitRefused(f"{target} 已经存在且不是空{what}：新台账要建在一个不存在的或空的文件夹里，"
                          "请换一个文件夹名（已有的台账用 python -m ledger upgrade 更新）")
    if not target.parent.is_dir():
        raise UnitRefused(f"上级文件夹 {target.parent} 不存在：请先建好它，或换一个位置")
    work = Path(tempfile.mkdtemp(prefix=f".{target.name}.partial-", dir=target.parent))
    try:
        work.chmod(0o755)  # mkdtemp's folder is private; the unit's folder is an ordinary one
        _fill(work, source, unit, pin)
        if git:
            subprocess.run(["git", "init", "-q", "-b", "main", str(work)], check=True, capture_output=True)
        count = sum(1 for path in work.rglob("*") if path.is_file() and ".git" not in path.relative_to(work).parts)
        if target.exists():
            target.rmdir()  # empty, checked above
        os.replace(work, target)
    except BaseException:
        shutil.rmtree(work, ignore_errors=True)
        raise
    return NewUnit(target, example, count)


def _fill(work: Path, source: Path, unit: str | None, pin: str | None) -> None:
    for part in EXAMPLE_PARTS:
        if part == "data":
            empty_records(source, work)
        elif (source / part).is_dir():
            shutil.copytree(source / part, work / part, ignore=shutil.ignore_patterns("__pycache__", "*.pyc"))
        else:
            shutil.copy2(source / part, work / part)
    (work / "data" / registry.SETTINGS_FILE).write_text(settings_text(source, unit), encoding="utf-8")
    evidence = work / EVIDENCE  # the sample's evidence files are the sample's records'
    shutil.rmtree(evidence, ignore_errors=True)
    evidence.mkdir(parents=True)
    (evidence / ".gitkeep").write_text("", encoding="utf-8")
    for relative, content in generated_files(work / "data").items():
        path = work / relative
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(content)
        if relative == "run.sh":
            path.chmod(0o755)
    (work / REQUIREMENTS).write_text(
        "# 工作台账工具：只有这一行（版本号来自本单位的软件包索引；也可写 wheel 文件或 git 标签，见工具 README）\n"
        f"{pin_line(pin)}\n", encoding="utf-8")
    settings = yaml.safe_load((work / "data" / registry.SETTINGS_FILE).read_text(encoding="utf-8"))
    (work / "README.md").write_text(UNIT_README.format(unit=settings["unit"], short=settings["campaign_short"],
                                                       distribution=DISTRIBUTION), encoding="utf-8")


# ---- upgrade ----
@dataclass(frozen=True)
class Change:
    path: str
    old: bytes | None   # None: the file is new
    new: bytes | None   # None: the file goes (the tool serves it now)

    @property
    def verb(self) -> str:
        return "新增" if self.old is None else "删除" if self.new is None else "修改"

    def diff(self) -> str:
        old = (self.old or b"").decode("utf-8", "replace").splitlines(keepends=True)
        new = (self.new or b"").decode("utf-8", "replace").splitlines(keepends=True)
        return "".join(difflib.unified_diff(old, new, f"a/{self.path}" if self.old is not None else "/dev/null",
                                            f"b/{self.path}" if self.new is not None else "/dev/null"))


def _need_unit(project: Path) -> None:
    if not (project / "mkdocs.yml").is_file() or not (project / "data").is_dir():
        raise UnitRefused(f"{project} 不是台账仓库（没有 mkdocs.yml 和 data/）：请在台账仓库的文件夹里运行 upgrade")


def upgrade_changes(project: str | Path) -> list[Change]:
    """The generated files of the unit at project that differ from what the installed tool generates, and the
    files the tool once put there and serves itself now, where the unit's copy is the tool's, unchanged."""
    project = Path(project)
    _need_unit(project)
    changes = []
    for relative, content in generated_files(project / "data").items():
        path = project / relative
        old = path.read_bytes() if path.is_file() else None
        if old != content:
            changes.append(Change(relative, old, content))
    guide = project / RETIRED_GUIDE
    if guide.is_file() and _tools_copy(guide):
        changes.append(Change(RETIRED_GUIDE, guide.read_bytes(), None))
    return changes


def _tools_copy(path: Path) -> bool:
    """The file is a copy the tool once shipped, unchanged (line endings aside: a Windows checkout's CRLF)."""
    return hashlib.sha256(path.read_bytes().replace(b"\r\n", b"\n")).hexdigest() in GUIDE_COPIES


def upgrade_notes(project: str | Path) -> list[str]:
    """What upgrade leaves to the unit: a guide of the unit's own (changed from every copy the tool shipped)."""
    guide = Path(project) / RETIRED_GUIDE
    if not guide.is_file() or _tools_copy(guide):
        return []
    return [f"{RETIRED_GUIDE} 是本单位改过的编辑指南，upgrade 不删它。工具现在自己提供编辑指南（随工具升级更新，"
            f"示例和表格取自本台账的活动定义）；本单位的这份在网站上代替工具的那份。若只需工具的指南，删去它"
            f"（git rm {RETIRED_GUIDE}）；本单位补充的写法请另存为一页（如 docs/写法约定.md）并加进 mkdocs.yml 的 nav。"]


def apply_changes(project: str | Path, changes: list[Change]) -> list[Path]:
    written = []
    for change in changes:
        path = Path(project) / change.path
        if change.new is None:
            path.unlink()
        else:
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_bytes(change.new)
            if change.path == "run.sh":
                path.chmod(0o755)
        written.append(path)
    return written
