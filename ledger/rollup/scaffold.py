"""A new roll-up ledger folder: mkdocs.yml and mkdocs.public.yml, data/rollup.yml (to be filled with the
units), the campaign definition copied from a unit's ledger, an empty docs/, a .gitignore, the tool pinned
by one line of requirements.txt, run.sh, and the CI files (files/: GitLab and GitHub). Nothing is overwritten."""
from __future__ import annotations

import datetime as dt
import json
import shutil
from pathlib import Path

from ledger.records.campaign import CAMPAIGN_FILE
from ledger.records.load import load_campaign
from ledger.rollup.config import ROLLUP_FILE
from ledger.unit import FILES as UNIT_FILES, pin_line

FILES = Path(__file__).parent / "files"   # the roll-up's CI files, as written into a new roll-up
CI_FILES = (".gitlab-ci.yml", ".github/workflows/rollup.yml")

MKDOCS_YML = """\
# 汇总台账的网站设置。站点名称、导航由 data/rollup.yml 生成（ledger-rollup 插件）。
site_name: 汇总台账
docs_dir: docs
strict: true
theme:
  name: material
  language: zh
  # 内网无外网：不加载 Google Fonts
  font: false
  features:
    # 导航在页头（宽表格的页面不留左侧导航栏）
    - navigation.tabs
    - navigation.top
    - search.highlight
  # 主题红由工具的 accessibility.css 设定（白字对比度 5.85 : 1，WCAG 2.1 AA）
  palette:
    primary: custom
    accent: custom
plugins:
  # 汇总台账插件（ledger_mkdocs/rollup.py）：读各单位的台账、检查、生成汇总表和各单位的页面；须列在 search 之前
  ledger-rollup: {}
  search: {}
markdown_extensions:
  - tables
  - toc:
      permalink: false
  - admonition
  - attr_list
  - md_in_html
extra:
  generator: false
"""

ROLLUP_YML = """\
# 汇总设置：汇总哪些单位的台账（写法见编辑指南“汇总台账”一节）
name: {name}
title: {title}
# 汇总的截至日期；单位的截至日期早于它超过 late_days 天，各页面都标为“迟报”
as_of: {as_of}
late_days: 7
# 单位的最新版本未通过检查时：false 构建停止并列出错误；true 往回找最近一个通过检查的版本（只对 git 仓库，最多 look_back 个）
use_last_good: false
look_back: 20
# 汇总向上报送过的日期（如 [2023-10-15]）：“本期进展”从截至日期前最近一次报送算起；还没报送过就写 []
reports_sent: []
# 汇总表列出的数字（活动定义 data/campaign.yml 里 figures 的 id）；不写就列出全部可相加的数字
summary_figures: []
# 汇总页的图表：一个比率、一个数量（都写数字的 id），不要图表就删掉这两行
# chart:
#   rate: 完成率的编号
#   count: 未完成数的编号
# 本级的记录（有时才写）：在汇总表单列一行，计入合计；path 是其下有 data/ 的文件夹
# own:
#   name: 本级名称
#   path: benji
units:
  # 每个单位：id（英文字母、数字、“-”）、name，以及 path（文件夹）或 repo + ref（本机 git 仓库的分支或标签）；url 是单位自己的网站
  - id: unit-1
    name: 第一个单位的名称
    repo: ../unit-1
    ref: main
    # url: http://10.0.0.1/
"""

MKDOCS_PUBLIC_YML = """\
# 汇总台账的公开版：与 mkdocs.yml 相同，只是每个单位都按公开版读取（不含标为内部的记录和字段，数字只统计公开的记录），
# 也不写各单位台账的存放位置和内网地址。构建：mkdocs build -f mkdocs.public.yml -d site-public
INHERIT: mkdocs.yml
plugins:
  ledger-rollup:
    audience: public
"""

GITIGNORE = "site/\nsite-public/\n"


class ScaffoldError(Exception):
    """Chinese text: why the folder was not made."""


def new_rollup(dest: str | Path, *, name: str, campaign_from: str | Path,
               title: str | None = None, as_of: dt.date | None = None, pin: str | None = None) -> list[Path]:
    """Write a new roll-up folder at `dest`; campaign_from: a ledger's data/ folder whose campaign.yml it copies."""
    dest = Path(dest)
    source = Path(campaign_from) / CAMPAIGN_FILE
    if not source.is_file():
        raise ScaffoldError(f"找不到活动定义 {source}：--campaign 应指向某个单位台账的 data/ 文件夹")
    load_campaign(source.parent)  # a broken definition is refused here (LedgerInvalid with its errors)
    targets = [dest / "mkdocs.yml", dest / "data" / ROLLUP_FILE, dest / "data" / CAMPAIGN_FILE,
               dest / "docs" / ".gitkeep", dest / ".gitignore",
               dest / "mkdocs.public.yml", dest / "requirements.txt", dest / "run.sh",
               *(dest / name for name in CI_FILES)]
    taken = [str(p) for p in targets if p.exists()]
    if taken:
        raise ScaffoldError("这些文件已存在，没有改动任何文件：" + "、".join(taken))
    (dest / "data").mkdir(parents=True, exist_ok=True)
    (dest / "docs").mkdir(parents=True, exist_ok=True)
    day = as_of or dt.date.today()
    texts = {
        targets[0]: MKDOCS_YML,
        targets[1]: ROLLUP_YML.format(name=json.dumps(name, ensure_ascii=False),
                                      title=json.dumps(title or f"{name}汇总台账", ensure_ascii=False),
                                      as_of=day.isoformat()),
        targets[3]: "",
        targets[4]: GITIGNORE,
        targets[5]: MKDOCS_PUBLIC_YML,
        targets[6]: pin_line(pin) + "\n",
        targets[7]: (UNIT_FILES / "run.sh").read_text(encoding="utf-8"),
        **{dest / name: (FILES / name).read_text(encoding="utf-8") for name in CI_FILES},
    }
    for path, text in texts.items():
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    targets[7].chmod(0o755)
    shutil.copyfile(source, targets[2])
    return targets
