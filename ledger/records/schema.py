"""JSON Schema for each data file, generated from the models, for editors' autocompletion and hints.

VS Code's YAML extension (redhat.vscode-yaml) reads schemas/<file>.schema.json
(named in the first line of each data file and in .vscode/settings.json):
it completes field names, lists allowed values, shows the Chinese title of
each field on hover, and underlines unknown fields, wrong values and dates
while typing. Written as draft-07 with `definitions`, the draft the extension
handles best, plus its own keywords (errorMessage, patternErrorMessage,
defaultSnippets) so that its messages are in Chinese too.
"""
from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from ledger.records import models as m
from ledger.records.dates import RIGHT_FORM
from ledger.records import registry
from ledger.records.campaign import CAMPAIGN_FILE, CAMPAIGN_SUBJECT, Campaign
from ledger.text import options_text

SCHEMA_DIR = Path("schemas")
DATE_PATTERN = r"^\d{4}-\d{2}-\d{2}$"
_MODEL_TITLES = {kind.model.__name__: kind.noun for kind in registry.KINDS}
_MODEL_TITLES.update({"ProgressEntry": "整改进展", "Closure": "销号"})


def schema_targets(campaign: Campaign | None = None) -> dict[str, tuple[type, str, str]]:
    """schema file name -> (model, title, the data files it describes) for every data file and folder,
    the campaign definition's among them; records' choice fields list the campaign's words."""
    targets = {registry.SETTINGS_FILE.removesuffix(".yml") + ".schema.json":
               (m.Settings, registry.SETTINGS_SUBJECT, f"data/{registry.SETTINGS_FILE}"),
               CAMPAIGN_FILE.removesuffix(".yml") + ".schema.json": (Campaign, CAMPAIGN_SUBJECT, f"data/{CAMPAIGN_FILE}")}
    for file_name, model, subject in registry.data_files(campaign):
        if file_name != registry.SETTINGS_FILE:
            targets[file_name.removesuffix(".yml") + ".schema.json"] = (model, subject, f"data/{file_name}")
    for kind in registry.folder_kinds():
        targets[f"{kind.key}.schema.json"] = (registry.record_model(kind, campaign), f"{kind.strand}：一条{kind.noun}",
                                               f"data/{kind.folder}/*.yml")
    return targets


def _hints(node: dict) -> None:
    """Chinese messages on one schema node (a field or a branch of one); hover shows the field's title."""
    if node.get("format") == "date":
        node["pattern"] = DATE_PATTERN
        node["patternErrorMessage"] = f"日期应写成 {RIGHT_FORM} 这种格式（年-月-日，月和日都写两位数）"
    if node.get("pattern") == m.ID_PATTERN:
        node["patternErrorMessage"] = "编号只能用英文字母、数字、“-”和“_”，以字母或数字开头，如 P-009"
    if "enum" in node:
        node["errorMessage"] = "应为：" + options_text(node["enum"])


def _snippet(name: str, model: dict) -> None:
    """A new record's skeleton, offered when the editor starts a list item."""
    noun = _MODEL_TITLES.get(name)
    if noun and "id" in model.get("properties", {}):
        body = {field: "" for field in model.get("required", [])}
        model["defaultSnippets"] = [{"label": f"新的{noun}", "description": "必填字段的空白模板", "body": body}]


def _rewrite(node: Any) -> Any:
    """Pydantic's 2020-12 output as draft-07: $defs -> definitions; hints added on every schema node."""
    if isinstance(node, list):
        return [_rewrite(item) for item in node]
    if not isinstance(node, dict):
        return node
    out = {}
    for key, value in node.items():
        if key in ("$defs", "properties"):  # maps of name -> schema, not schemas themselves
            out["definitions" if key == "$defs" else key] = {name: _rewrite(sub) for name, sub in value.items()}
        else:
            out[key] = _rewrite(value)
    if isinstance(out.get("$ref"), str):
        out["$ref"] = out["$ref"].replace("#/$defs/", "#/definitions/")
    _hints(out)
    return out


def file_schema(schema_name: str, campaign: Campaign | None = None) -> dict:
    """The JSON Schema named schema_name (problems.schema.json, ...)."""
    model, subject, files = schema_targets(campaign)[schema_name]
    schema = _rewrite(model.model_json_schema())
    for name, definition in [(model.__name__, schema), *schema.get("definitions", {}).items()]:
        definition["title"] = _MODEL_TITLES.get(name, definition.get("title"))
        _snippet(name, definition)
    schema["title"] = f"{subject}（{files}）"
    schema["description"] = (f"{subject}。由 python -m ledger schema 从记录定义和活动定义（data/campaign.yml）生成，"
                             "请勿手改；改了活动定义的取值清单后重新生成")
    return {"$schema": "http://json-schema.org/draft-07/schema#", **schema}


def schema_texts(campaign: Campaign | None = None) -> dict[str, str]:
    """schema file name -> its exact text, for every data file and record folder."""
    return {name: json.dumps(file_schema(name, campaign), ensure_ascii=False, indent=2) + "\n"
            for name in schema_targets(campaign)}


def write_schemas(folder: Path = SCHEMA_DIR, campaign: Campaign | None = None) -> list[Path]:
    folder.mkdir(parents=True, exist_ok=True)
    written = []
    for name, text in schema_texts(campaign).items():
        path = folder / name
        path.write_text(text, encoding="utf-8")
        written.append(path)
    return written
