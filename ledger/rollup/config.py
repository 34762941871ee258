"""A roll-up's configuration (data/rollup.yml): which units it reads, where, and how it judges them.

Read by the records' own safe loader (ledger/records/load.py), so a mistake here is reported like a
mistake in a record: file, line, field and what to write, in Chinese.
"""
from __future__ import annotations

import re
from typing import Optional

from pydantic import BaseModel, ConfigDict, Field, StrictBool, StrictInt, field_validator
from pydantic_core import PydanticCustomError

from ledger.records.models import Date, RecordId, Text

ROLLUP_FILE = "rollup.yml"
ROLLUP_SUBJECT = "汇总设置"
OWN_ID = "benji"        # the page folder of the roll-up's own records: units/benji/
OWN_LABEL = "本级"

_REMOTE = re.compile(r"^[A-Za-z][A-Za-z0-9+.-]*://|^[^/\\]+@[^/\\]+:")


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True, str_strip_whitespace=True)


def web_address(value: Optional[str]) -> Optional[str]:
    if value is not None and not re.match(r"^https?://[^\s<>\"']+$", value):
        raise PydanticCustomError("web_address", "应是以 http:// 或 https:// 开头的网址，如 http://10.1.2.3/")
    return value


class UnitEntry(_Strict):
    """一个下级单位：编号、名称、台账在哪里（文件夹，或 git 仓库及其分支、标签）。"""
    id: RecordId = Field(title="单位编号", description="只用英文字母、数字和“-”，如 qu-a；汇总站点上这个单位的页面在 units/编号/ 下")
    name: Text = Field(title="单位名称")
    path: Optional[Text] = Field(None, title="台账文件夹",
                                 description="单位台账所在的文件夹（其下有 data/），相对于汇总台账的文件夹，如 ../qu-a")
    repo: Optional[Text] = Field(None, title="git 仓库",
                                 description="单位台账的 git 仓库（本机路径，如 ../repos/qu-a），按 ref 读取其中的版本")
    ref: Text = Field("main", title="分支或标签", description="读取仓库里哪个分支或标签，默认 main")
    remote: Optional[Text] = Field(None, title="git 服务器上的地址",
                                   description="单位仓库在内网 git 服务器上的地址，如 https://git.example.cn/qu-a/taizhang.git；"
                                               "python -m ledger rollup fetch 据此把仓库克隆或更新到 repo 写的本机路径（构建本身不连网络）")
    url: Optional[Text] = Field(None, title="单位站点地址", description="单位自己的工作台账网站，如 http://10.1.2.3/")
    last_good: Optional[StrictBool] = Field(None, title="使用上次通过检查的版本",
                                            description="不写时按汇总设置的 use_last_good")

    @field_validator("id")
    @classmethod
    def _not_own(cls, value: str) -> str:
        if value == OWN_ID:
            raise PydanticCustomError("reserved_id", f"编号「{OWN_ID}」留给汇总单位本级的记录，请换一个编号")
        return value

    @field_validator("repo")
    @classmethod
    def _local(cls, value: Optional[str]) -> Optional[str]:
        if value is not None and _REMOTE.match(value):
            raise PydanticCustomError(
                "remote_repo", "汇总只读本机的仓库，不连网络：请先把单位的仓库克隆或拉取到本机，这里写本机路径，如 ../repos/qu-a")
        return value

    @field_validator("url")
    @classmethod
    def _web_address(cls, value: Optional[str]) -> Optional[str]:
        return web_address(value)

    @field_validator("remote")
    @classmethod
    def _git_address(cls, value: Optional[str]) -> Optional[str]:
        if value is not None and (value.startswith("-") or any(c.isspace() for c in value)):
            raise PydanticCustomError("git_address", "应是 git 仓库的地址，如 https://git.example.cn/qu-a/taizhang.git，不能以“-”开头或含空格")
        return value


class OwnEntry(_Strict):
    """汇总单位本级的记录（有时才写）：在汇总表里单列一行“本级”，计入合计。"""
    name: Text = Field(title="本级名称", description="如 某市局本级")
    path: Text = Field(".", title="本级台账文件夹", description="其下有 data/ 的文件夹，相对于汇总台账的文件夹；默认就是汇总台账自己的文件夹")
    url: Optional[Text] = Field(None, title="本级站点地址")

    @field_validator("url")
    @classmethod
    def _web_address(cls, value: Optional[str]) -> Optional[str]:
        return web_address(value)


class ChartFigures(_Strict):
    """汇总页图表用的两个数字（活动定义里的编号）。"""
    rate: Text = Field(title="比率数字", description="各单位的比率，如整改完成率的编号")
    count: Text = Field(title="数量数字", description="各单位的一个数量，如尚未完成整改的问题数的编号")


class RollupConfig(_Strict):
    """汇总台账的设置：读哪些单位的台账、截至日期、迟报天数、出错时是否使用上次通过检查的版本。"""
    name: Text = Field(title="汇总单位名称", description="如 某市局")
    title: Text = Field(title="汇总台账名称", description="站点名称，如 某市局某某活动汇总台账")
    as_of: Date = Field(title="截至日期", description="汇总的截至日期；单位的截至日期早于它超过 late_days 天的标为“迟报”")
    late_days: StrictInt = Field(7, ge=0, title="迟报天数")
    use_last_good: StrictBool = Field(False, title="使用上次通过检查的版本",
                                      description="true：单位最新版本未通过检查时，往回找最近一个通过检查的版本（只对 git 仓库）；"
                                                  "false（默认）：构建停止并列出错误")
    look_back: StrictInt = Field(20, ge=1, le=500, title="往回查找的版本数")
    reports_sent: list[Date] = Field(default_factory=list, title="已报送日期",
                                     description="汇总向上报送的日期，如 [2023-10-15]；“本期进展”从截至日期前最近一次报送算起")
    summary_figures: list[Text] = Field(default_factory=list, title="汇总表的数字",
                                        description="汇总表列出的数字编号（活动定义 figures 的 id），按此顺序；不写时列出全部可相加的数字")
    chart: Optional[ChartFigures] = Field(None, title="图表")
    own: Optional[OwnEntry] = Field(None, title="本级")
    units: list[UnitEntry] = Field(min_length=1, title="下级单位")
