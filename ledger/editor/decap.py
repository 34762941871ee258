"""The form editor's configuration (Decap CMS, served at /admin/ of the internal site), made from the models.

Nothing here repeats what the models and the registry already say: one collection per record kind
(registry.KINDS), the labels are the fields' Chinese titles, the hints their descriptions, every
Literal is a select, every Date a date picker writing 2023-09-15, list[ProgressEntry] a list of
small forms, Optional fields are not required, IDs must match the ID pattern.

Where each kind's records live decides the collection's shape:
- a kind kept one file per record (data/problems/P-001.yml) is a `folder` collection: one record,
  one form, one file written by a save;
- a kind kept as a list in a shared file (data/study.yml `activities:`) is a `files` collection
  whose one entry is that file, with a list widget for the kind. The other kinds of the same file
  are `hidden` fields there, so that whichever collection saves the file, its keys keep one order
  and the file's first line (the JSON Schema line for VS Code) is written back.

A save re-serialises the whole file in Decap's YAML formatting, dropping YAML comments: the data
files are kept in that formatting (python -m ledger format: ledger/editor/yamlformat.py), so a save changes the edited record's
lines only. Guidance lives in the fields' hints and the kinds' descriptions (the models' docstrings).

The backend (the local backend on this computer: ledger/editor/local_backend.py, self-hosted GitLab or Gitea) comes from the site's settings
(mkdocs.yml, plugin ledger, `editor:`), passed in as an EditorSettings.
"""
from __future__ import annotations

import datetime as dt
import json
import typing
from dataclasses import dataclass
from typing import Any, Literal, Union

import annotated_types
import yaml
from pydantic import BaseModel, BeforeValidator, StringConstraints
from pydantic.fields import FieldInfo

from ledger.records import models as m
from ledger.records import registry
from ledger.records.dates import RIGHT_FORM
from ledger.records.campaign import Campaign
from ledger.records.evidence import EVIDENCE_FOLDER
from ledger.records.load import load_campaign
from ledger.records.registry import RecordKind

DATA_DIR = "data"
SCHEMA_DIR = "schemas"
ID_MESSAGE = "编号只能用英文字母、数字、“-”和“_”，以字母或数字开头，如 P-009"
# Chinese UI (decap-cms-locales zh_Hans); strings without a translation fall back to English
LOCALE = "zh_Hans"
BACKENDS = ("local", "gitlab", "gitea")
LOCAL_PORT = 8081


@dataclass(frozen=True)
class EditorSettings:
    """Where the editor reads and saves records (README “表单编辑器（/admin/）”)."""
    backend: str = "local"          # local: the tool's local backend on this computer (./run.sh edit); gitlab; gitea
    repo: str | None = None         # group/project on the git server
    base_url: str | None = None     # the git server, for the OAuth login: https://git.example.cn
    api_root: str | None = None     # its API: https://git.example.cn/api/v4 (GitLab), …/api/v1 (Gitea)
    app_id: str | None = None       # the OAuth application's ID on the git server
    branch: str = "main"
    editorial_workflow: bool = False  # GitLab only: a save opens a merge request instead of committing
    local_port: int = LOCAL_PORT    # the local backend's port on 127.0.0.1 (./run.sh edit)
    site_url: str | None = None     # the internal site, for the editor's links to the records' pages
    preview_addr: str = "127.0.0.1:8000"  # mkdocs serve's address: the site in local mode

    def problems(self) -> list[str]:
        """What is wrong with these settings, in Chinese (empty when they can be used)."""
        if self.backend not in BACKENDS:
            return [f"editor.backend「{self.backend}」不可用，应为：{'、'.join(BACKENDS)}"]
        wrong = []
        if self.backend != "local":
            for name in ("repo", "base_url", "api_root", "app_id"):
                if not getattr(self, name):
                    wrong.append(f"editor.backend 为 {self.backend} 时须写 editor.{name}")
        if self.editorial_workflow and self.backend != "gitlab":
            wrong.append("editor.editorial_workflow（保存即开合并请求）只有 GitLab 支持；"
                         f"{self.backend} 请写 false")
        return wrong


# ---- fields ----
def _strip_optional(shape: Any) -> tuple[Any, bool]:
    """(shape without None, whether None was allowed)."""
    if typing.get_origin(shape) is Union:
        args = [a for a in typing.get_args(shape) if a is not type(None)]
        if len(args) != len(typing.get_args(shape)):
            return (args[0] if len(args) == 1 else Union[tuple(args)]), True
    return shape, False


def _annotated(shape: Any) -> tuple[Any, list]:
    """(the base type, its Annotated metadata)."""
    if typing.get_origin(shape) is typing.Annotated:
        base, *meta = typing.get_args(shape)
        inner, more = _annotated(base)
        return inner, [*more, *meta]
    return shape, []


def _is_date(base: Any, meta: list) -> bool:
    return base is dt.date and any(isinstance(x, BeforeValidator) for x in meta)


def _pattern(meta: list) -> str | None:
    return next((x.pattern for x in meta if isinstance(x, StringConstraints) and x.pattern), None)


def _bounds(info: FieldInfo | None, meta: list) -> dict:
    out = {}
    for item in [*(info.metadata if info else ()), *meta]:
        if isinstance(item, annotated_types.Ge):
            out["min"] = item.ge
        elif isinstance(item, annotated_types.Le):
            out["max"] = item.le
    return out


def _date_widget() -> dict:
    return {"widget": "datetime", "date_format": "YYYY-MM-DD", "time_format": False, "format": "YYYY-MM-DD"}


def _value_widget(shape: Any, info: FieldInfo | None) -> dict:
    """The widget of one value: a string, a date, a select, a number, a yes/no, a sub-form."""
    base, meta = _annotated(shape)
    if typing.get_origin(base) is Literal:
        return {"widget": "select", "options": list(typing.get_args(base))}
    if _is_date(base, meta):
        return _date_widget()
    if base is bool:
        return {"widget": "boolean"}
    if base is int:
        return {"widget": "number", "value_type": "int", **_bounds(info, meta)}
    if isinstance(base, type) and issubclass(base, BaseModel):
        return {"widget": "object", "collapsed": False, "fields": model_fields(base)}
    widget: dict = {"widget": "string"}
    pattern = _pattern(meta)
    if pattern == m.ID_PATTERN:
        widget["pattern"] = [pattern, ID_MESSAGE]
    return widget


def _hint(info: FieldInfo, widget: dict) -> str | None:
    parts = [info.description] if info.description else []
    if widget.get("widget") == "datetime" and not parts:
        parts.append(f"在日历里点选，保存为 {RIGHT_FORM} 这种格式")
    return "；".join(parts) or None


def field_widget(model: type[BaseModel], name: str) -> dict:
    """The Decap field for one model field."""
    info = model.model_fields[name]
    shape, optional = _strip_optional(typing.get_type_hints(model, include_extras=True)[name])
    if name == "internal_fields":
        choices = m.internal_choices(model)
        widget = {"widget": "select", "multiple": True, "options": choices}
    elif typing.get_origin(shape) is list:
        (item,) = typing.get_args(shape)
        item_base, _ = _annotated(item)
        if isinstance(item_base, type) and issubclass(item_base, BaseModel):
            widget = {"widget": "list", "fields": model_fields(item_base), "add_to_top": False,
                      "summary": _summary(item_base, prefix="fields.")}
        else:
            widget = {"widget": "list", "field": {"label": info.title or name, "name": name,
                                                  **_value_widget(item, None)}}
        length = next((x.min_length for x in info.metadata if isinstance(x, annotated_types.MinLen)), None)
        if length:
            widget["min"] = length
    else:
        widget = _value_widget(shape, info)
        if optional and widget["widget"] == "object":
            # Decap checks an empty optional object's required fields all the same: the form leaves them
            # optional, and `check` (preview and CI) names a closure without its date or approver
            widget["fields"] = [{**sub, "required": False} for sub in widget["fields"]]
    field = {"label": info.title or name, "name": name, **widget}
    field["required"] = info.is_required() and not optional
    hint = _hint(info, widget)
    if not info.is_required() and info.default not in (None, False) and info.default_factory is None:
        # No Decap `default`: it would put the key first in a new list item; left empty, the model's default holds
        hint = "；".join(filter(None, [hint, f"不填即为“{info.default}”"]))
    item_model = shape if isinstance(shape, type) and issubclass(shape, BaseModel) else m.entry_model(shape)
    if not hint and item_model is not None:
        hint = _description(item_model)  # 销号: the sub-form's own docstring
    if hint:
        field["hint"] = hint
    return field


def _field_order(model: type[BaseModel]) -> list[str]:
    """The model's own fields in order, with the fields every record has (internal, internal_fields) last."""
    names = list(model.model_fields)
    if issubclass(model, m.Record):
        names = ["id", *[n for n in names if n not in m.RESERVED_FIELDS],
                 *[n for n in m.RESERVED_FIELDS if n != "id"]]
    return names


def model_fields(model: type[BaseModel]) -> list[dict]:
    return [field_widget(model, name) for name in _field_order(model)]


def _summary(model: type[BaseModel], prefix: str = "") -> str:
    """The line a record shows in lists: its ID and its first required text ("P-002 柏坑水库…")."""
    parts = [name for name in ("id", "date") if name in model.model_fields][:1]
    if not parts:  # an entry without an ID or a date field: its first date (销号审核: the application's)
        parts = [n for n in _field_order(model) if field_widget(model, n).get("widget") == "datetime"][:1]
    text = next((n for n in _field_order(model) if n not in parts and n not in m.RESERVED_FIELDS
                 and m.is_text_field(model, n) and model.model_fields[n].is_required()), None)
    if text is None:  # no required text: its first choice (销号审核: the decision)
        text = next((n for n in _field_order(model) if n not in parts and m.is_choice_field(model, n)), None)
    parts += [text] if text else []
    return " ".join("{{" + prefix + p + "}}" for p in parts)


def _description(model: type[BaseModel]) -> str | None:
    doc = model.__doc__ if "__doc__" in vars(model) else None
    return " ".join(doc.split()) if doc else None


def schema_line(data_path: str) -> str:
    """The JSON Schema line VS Code reads, as a Decap field comment (without '# '), for a file under data/."""
    depth = data_path.count("/")
    name = data_path.split("/")[0] if depth else data_path.removesuffix(".yml")
    return f"yaml-language-server: $schema={'../' * depth}../{SCHEMA_DIR}/{name}.schema.json"


# ---- collections ----
def folder_collection(kind: RecordKind, campaign: Campaign | None = None) -> dict:
    model = registry.record_model(kind, campaign)
    fields = model_fields(model)
    fields[0]["comment"] = schema_line(f"{kind.folder}/{kind.key}.yml")
    choices = [f["name"] for f in fields if f.get("widget") == "select" and not f.get("multiple")]
    dates = [f["name"] for f in fields if f.get("widget") == "datetime"]
    collection = {
        "name": kind.key, "label": kind.title, "label_singular": kind.noun,
        "folder": f"{DATA_DIR}/{kind.folder}", "extension": "yml", "format": "yml",
        "create": True, "delete": False,
        "identifier_field": "id", "slug": "{{id}}",
        "summary": _summary(model),
        "sortable_fields": ["id", *dates, *choices],
        "view_groups": [{"label": f["label"], "field": f["name"]} for f in fields if f["name"] in choices],
        "editor": {"preview": False},  # the site's own pages are the preview (./run.sh edit)
        # the page listing the kind: Decap lower-cases every segment of a preview path, and a problem's own
        # page (problems/P-002/) is not found as problems/p-002/
        "preview_path": _page_url(kind.page),
        "fields": fields,
    }
    description = _description(kind.model)
    if description:
        collection["description"] = description
    return collection


def _list_field(kind: RecordKind, campaign: Campaign | None) -> dict:
    model = registry.record_model(kind, campaign)
    field = {"label": kind.title, "name": kind.key, "label_singular": kind.noun, "widget": "list",
             "summary": _summary(model, prefix="fields."), "collapsed": True, "add_to_top": False,
             "required": False, "fields": model_fields(model)}
    description = _description(kind.model)
    if description:
        field["hint"] = description
    return field


def _page_url(src_uri: str) -> str:
    """The site address of a docs page (problems/P-001.md -> problems/P-001/), for the editor's link to it."""
    return src_uri.removesuffix(".md").removesuffix("index") + "/"


def _order_and_comments(fields: list[dict]) -> dict:
    """A `files` collection's fields repeated at the collection's level: Decap takes the key order of a
    save (backend.fieldsOrder) and the comments it writes (selectField) from there when they exist, not
    from the file's fields. Without them a file of more than 8 keys is saved in hash order and the JSON
    Schema line is dropped."""
    return {"fields": [{"label": f["label"], "name": f["name"], "widget": "hidden",
                        **({"comment": f["comment"]} if "comment" in f else {})} for f in fields],
            "identifier_field": fields[0]["name"]}  # else Decap looks for a `title` among them


def shared_file_collection(kind: RecordKind, campaign: Campaign | None = None) -> dict:
    """A kind kept in a shared file: that file as the one entry, the kind's records as a list in it."""
    fields = []
    for other in registry.kinds_in(kind.file):
        fields.append(_list_field(other, campaign) if other is kind else
                      {"label": other.title, "name": other.key, "widget": "hidden", "required": False})
    fields[0]["comment"] = schema_line(kind.file)
    collection = {
        "name": kind.key, "label": kind.title, "label_singular": kind.noun,
        "files": [{"name": kind.key, "label": f"{kind.title}（{DATA_DIR}/{kind.file}）",
                   "file": f"{DATA_DIR}/{kind.file}", "format": "yml", "preview_path": _page_url(kind.page),
                   "fields": fields}],
        "delete": False, "editor": {"preview": False},
        **_order_and_comments(fields),
    }
    description = _description(kind.model)
    if description:
        collection["description"] = description
    return collection


# Settings an administrator writes in the file itself (the guide says how); the form keeps them as they are
FILE_ONLY_SETTINGS = ("limits",)


def settings_collection() -> dict:
    fields = [{"label": f["label"], "name": f["name"], "widget": "hidden", "required": False}
              if f["name"] in FILE_ONLY_SETTINGS else f for f in model_fields(m.Settings)]
    fields[0]["comment"] = schema_line(registry.SETTINGS_FILE)
    collection = {"name": "settings", "label": registry.SETTINGS_SUBJECT, "delete": False,
                  "editor": {"preview": False}, **_order_and_comments(fields),
            "files": [{"name": "settings", "label": f"{registry.SETTINGS_SUBJECT}（{DATA_DIR}/{registry.SETTINGS_FILE}）",
                       "file": f"{DATA_DIR}/{registry.SETTINGS_FILE}", "format": "yml", "fields": fields}]}
    description = _description(m.Settings)
    if description:
        collection["description"] = description
    return collection


def collections(campaign: Campaign | None = None) -> list[dict]:
    """Folder kinds first (the problems, edited most), then the other kinds in the registry's order, then settings.
    Choice fields are selects of the campaign's words (data/campaign.yml)."""
    kinds = [*registry.folder_kinds(), *(k for k in registry.KINDS if not k.one_file_per_record)]
    return [folder_collection(k, campaign) if k.one_file_per_record else shared_file_collection(k, campaign)
            for k in kinds] + [settings_collection()]


# ---- the whole configuration ----
def backend(settings: EditorSettings) -> dict:
    if settings.backend == "local":
        # the local backend on loopback (./run.sh edit, ledger/editor/local_backend.py): the working copy, no login
        return {"name": "proxy", "proxy_url": f"http://127.0.0.1:{settings.local_port}/api/v1",
                "branch": settings.branch}
    out = {"name": settings.backend, "repo": settings.repo, "branch": settings.branch,
           "base_url": settings.base_url, "api_root": settings.api_root, "app_id": settings.app_id}
    if settings.backend == "gitlab":
        out["auth_type"] = "pkce"
        out["auth_endpoint"] = "oauth/authorize"
    out["commit_messages"] = {"create": "新建{{collection}}：{{slug}}（表单编辑器）",
                              "update": "修改{{collection}}：{{slug}}（表单编辑器）",
                              "delete": "删除{{collection}}：{{slug}}（表单编辑器）",
                              "uploadMedia": "上传文件：{{path}}（表单编辑器）",
                              "deleteMedia": "删除文件：{{path}}（表单编辑器）"}
    return out


def decap_config(settings: EditorSettings = EditorSettings(), campaign: Campaign | None = None) -> dict:
    problems = settings.problems()
    if problems:
        raise ValueError("；".join(problems))
    config: dict = {"locale": LOCALE, "backend": backend(settings)}
    if settings.backend != "local":
        # ./run.sh edit on this computer still uses the local backend instead of the git server
        config["local_backend"] = {"url": f"http://127.0.0.1:{settings.local_port}/api/v1"}
    if settings.editorial_workflow:
        config["publish_mode"] = "editorial_workflow"
    # the editor links each record to its page on the site (the preview under ./run.sh edit)
    site_url = settings.site_url or (f"http://{settings.preview_addr}/" if settings.backend == "local" else None)
    if site_url:
        config["site_url"] = config["display_url"] = site_url
    config.update({
        # 佐证材料 (a closure's evidence file) live under docs/evidence/; the types an upload may have: index_html
        "media_folder": f"docs/{EVIDENCE_FOLDER}", "public_folder": f"/{EVIDENCE_FOLDER}",
        "slug": {"encoding": "ascii", "clean_accents": False, "sanitize_replacement": "-"},
        "collections": collections(campaign),
    })
    return config


try:
    from yaml import CSafeDumper as _Dumper
except ImportError:  # pragma: no cover - depends on how PyYAML was built
    from yaml import SafeDumper as _Dumper


def config_yaml(settings: EditorSettings = EditorSettings(), campaign: Campaign | None = None) -> str:
    head = ("# 表单编辑器（Decap CMS）的设置：由 ledger/editor/decap.py 从记录定义生成，请勿手改。\n"
            "# 后端设置写在 mkdocs.yml 的 ledger 插件 editor: 下（见 README“表单编辑器（/admin/）”）。\n")
    # libyaml's dumper: the same YAML, a tenth of the time of PyYAML's own (this runs on every build)
    return head + yaml.dump(decap_config(settings, campaign), Dumper=_Dumper, allow_unicode=True, sort_keys=False, width=120)


# Decap's media library takes any file: this guard, run before Decap sees an upload (a capture listener on the
# window), offers only the evidence types in the file picker and refuses any other file dropped or chosen, in
# Chinese. `check` refuses such files all the same (ledger/records/evidence.py): the guard spares the round trip.
UPLOAD_GUARD = """(function () {
  var types = %s;
  function refused(files) {
    return Array.prototype.filter.call(files || [], function (file) {
      var found = /\\.([^.\\/]+)$/.exec(file.name);
      return !found || types.indexOf(found[1].toLowerCase()) < 0;
    });
  }
  function guard(event) {
    var bad = refused(event.type === "drop" ? event.dataTransfer && event.dataTransfer.files : event.target.files);
    if (!bad.length) return;
    event.stopImmediatePropagation();
    event.preventDefault();
    if (event.target && event.target.value) event.target.value = "";
    window.alert("不能上传「" + bad[0].name + "」：佐证材料只能是 " + types.join("、") + " 文件。" +
                 "网页、SVG、脚本等浏览器会运行的文件不能放进网站；网页请另存为 PDF 再上传。");
  }
  function isFileInput(target) { return target && target.tagName === "INPUT" && target.type === "file"; }
  window.addEventListener("click", function (event) {
    if (isFileInput(event.target)) event.target.accept = types.map(function (t) { return "." + t; }).join(",");
  }, true);
  window.addEventListener("change", function (event) { if (isFileInput(event.target)) guard(event); }, true);
  window.addEventListener("drop", guard, true);
})();"""


def index_html(script: str = "vendor/decap-cms/decap-cms.js", evidence_types: tuple[str, ...] = m.EVIDENCE_TYPES) -> str:
    """/admin/index.html: the upload guard (evidence_types: settings' limits.evidence_types), then the vendored
    bundle, which reads config.yml next to the page."""
    guard = UPLOAD_GUARD % json.dumps(list(evidence_types))  # names of [a-z0-9] only (the Limits model)
    return ("<!doctype html>\n<html lang=\"zh-CN\">\n<head>\n  <meta charset=\"utf-8\">\n"
            "  <meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
            "  <meta name=\"robots\" content=\"noindex\">\n"
            "  <link rel=\"icon\" href=\"data:,\">\n"
            "  <title>表单编辑器 · 工作台账</title>\n</head>\n<body>\n"
            f"  <script>\n{guard}\n  </script>\n"
            f"  <script src=\"{script}\"></script>\n</body>\n</html>\n"
            # `mkdocs serve` puts its reload script before the page's last "</body>" and reloads the page after
            # every rebuild: here that is inside this comment, so a save does not reload the form being filled
            "<!-- mkdocs serve: no reload of the editor </body> -->\n")


if __name__ == "__main__":  # python -m ledger.editor.decap: the configuration with the local backend
    print(config_yaml(campaign=load_campaign(DATA_DIR)), end="")
