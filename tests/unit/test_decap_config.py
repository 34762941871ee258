"""The form editor's configuration is derived from the record models: nothing in it typed by hand."""
from __future__ import annotations

import typing

from support import sample_campaign

import pytest
import yaml

from ledger.editor.decap import EditorSettings, config_yaml, decap_config
from ledger.records import models as m
from ledger.records import registry


def _collections() -> dict[str, dict]:
    return {c["name"]: c for c in decap_config(campaign=sample_campaign())["collections"]}


def _record_fields(collection: dict, kind: registry.RecordKind) -> list[dict]:
    """The form fields of one record of the kind (the folder's fields, or the list widget's)."""
    if "folder" in collection:
        return collection["fields"]
    (entry,) = collection["files"]
    (listed,) = [f for f in entry["fields"] if f["name"] == kind.key]
    return listed["fields"]


def _by_name(fields: list[dict]) -> dict[str, dict]:
    return {f["name"]: f for f in fields}


def test_every_kind_is_one_collection_with_its_chinese_title():
    collections = _collections()
    assert [k.key for k in registry.KINDS if k.key in collections] == [k.key for k in registry.KINDS]
    assert set(collections) == {k.key for k in registry.KINDS} | {"settings"}
    for kind in registry.KINDS:
        assert (collections[kind.key]["label"], collections[kind.key]["label_singular"]) == (kind.title, kind.noun)
    assert decap_config()["locale"] == "zh_Hans"


def test_folder_kinds_are_one_file_per_record_and_shared_kinds_edit_their_file():
    collections = _collections()
    for kind in registry.KINDS:
        collection = collections[kind.key]
        if kind.one_file_per_record:
            assert collection["folder"] == f"data/{kind.folder}"
            assert (collection["extension"], collection["format"], collection["identifier_field"]) == ("yml", "yml", "id")
        else:
            (entry,) = collection["files"]
            assert entry["file"] == f"data/{kind.file}"
            # every kind of the same file is a field, the others hidden: one key order whoever saves
            assert [f["name"] for f in entry["fields"]] == [k.key for k in registry.kinds_in(kind.file)]
            widgets = {f["name"]: f["widget"] for f in entry["fields"]}
            assert widgets.pop(kind.key) == "list"
            assert set(widgets.values()) <= {"hidden"}


def test_fields_follow_the_models_titles_descriptions_and_requiredness():
    collections = _collections()
    for kind in registry.KINDS:
        fields = _by_name(_record_fields(collections[kind.key], kind))
        assert set(fields) == set(kind.model.model_fields)
        for name, info in kind.model.model_fields.items():
            field = fields[name]
            assert field["label"] == info.title, (kind.key, name)
            if info.description:
                assert info.description in field["hint"], (kind.key, name)
            optional = type(None) in typing.get_args(typing.get_type_hints(kind.model)[name])
            assert field["required"] is (info.is_required() and not optional), (kind.key, name)


def _literal_fields(model):
    for name, shape in typing.get_type_hints(model, include_extras=True).items():
        for candidate in (shape, *typing.get_args(shape)):
            if typing.get_origin(candidate) is typing.Literal:
                yield name, list(typing.get_args(candidate))


def test_every_enumeration_is_a_select_with_the_models_values():
    collections = _collections()
    seen = 0
    for kind in registry.KINDS:
        fields = _by_name(_record_fields(collections[kind.key], kind))
        for name, values in _literal_fields(registry.record_model(kind, sample_campaign())):
            assert (fields[name]["widget"], fields[name]["options"]) == ("select", values), (kind.key, name)
            seen += 1
    assert seen >= 10
    problems = _by_name(collections["problems"]["fields"])
    assert problems["status"]["options"] == list(m.PROBLEM_STATUSES)


def test_dates_are_date_pickers_writing_year_month_day():
    collections = _collections()
    problems = _by_name(collections["problems"]["fields"])
    date_fields = [problems["found"], problems["deadline"], problems["completed"],
                   _by_name(problems["progress"]["fields"])["date"], _by_name(problems["closure"]["fields"])["date"]]
    activities = _by_name(_record_fields(collections["activities"], registry.kind("activities")))
    settings = _by_name(collections["settings"]["files"][0]["fields"])
    for field in [*date_fields, activities["date"], settings["as_of"]]:
        assert (field["widget"], field["date_format"], field["time_format"], field["format"]) == (
            "datetime", "YYYY-MM-DD", False, "YYYY-MM-DD")


def test_progress_is_a_list_of_entries_and_the_closure_a_sub_form():
    problems = _by_name(_collections()["problems"]["fields"])
    progress = problems["progress"]
    assert progress["widget"] == "list" and progress["required"] is False
    assert [(f["name"], f["label"], f["required"]) for f in progress["fields"]] == [
        (name, info.title, True) for name, info in m.ProgressEntry.model_fields.items()]
    closure = problems["closure"]
    assert closure["widget"] == "object" and closure["required"] is False
    assert [f["name"] for f in closure["fields"]] == list(m.Closure.model_fields)
    # the internal fields are chosen from the fields that can be internal, not typed
    internal = problems["internal_fields"]
    assert internal["widget"] == "select" and internal["multiple"] is True
    assert internal["options"] == m.internal_choices(m.Problem)
    assert "review.reason" in internal["options"]  # one text field of the entries: the 退回理由 alone


def test_ids_and_references_must_match_the_id_pattern():
    collections = _collections()
    for kind in registry.KINDS:
        fields = _by_name(_record_fields(collections[kind.key], kind))
        assert fields["id"]["pattern"][0] == m.ID_PATTERN
        assert fields["id"]["required"] is True
    problems = _by_name(collections["problems"]["fields"])
    assert problems["topic"]["pattern"][0] == m.ID_PATTERN
    regulations = _by_name(_record_fields(collections["regulations"], registry.kind("regulations")))
    assert regulations["answers"]["field"]["pattern"][0] == m.ID_PATTERN


def test_numbers_keep_the_models_bounds_and_defaults():
    activities = _by_name(_record_fields(_collections()["activities"], registry.kind("activities")))
    assert (activities["days"]["widget"], activities["days"]["value_type"], activities["days"]["min"]) == (
        "number", "int", 1)
    # the model's default is said, not written into new records (Decap would put it first in a new list item)
    assert "default" not in activities["days"]
    assert f"不填即为“{m.Activity.model_fields['days'].default}”" in activities["days"]["hint"]


def test_each_file_keeps_its_json_schema_line():
    collections = _collections()
    assert collections["problems"]["fields"][0]["comment"] == \
        "yaml-language-server: $schema=../../schemas/problems.schema.json"
    for name in ("activities", "books"):  # either collection saves data/study.yml with the same line and order
        study = collections[name]
        assert study["fields"][0]["comment"] == "yaml-language-server: $schema=../schemas/study.schema.json"
        assert study["files"][0]["fields"][0]["comment"] == study["fields"][0]["comment"]
        assert [f["name"] for f in study["fields"]] == ["activities", "books"]
    settings = collections["settings"]
    assert [f["name"] for f in settings["fields"]] == list(m.Settings.model_fields)
    assert settings["fields"][0]["comment"] == "yaml-language-server: $schema=../schemas/settings.schema.json"


def test_the_local_backend_is_the_default_and_team_backends_come_from_settings():
    assert decap_config()["backend"] == {"name": "proxy", "proxy_url": "http://127.0.0.1:8081/api/v1",
                                         "branch": "main"}
    gitlab = decap_config(EditorSettings(backend="gitlab", repo="dangjian/ledger", base_url="https://git.example.cn",
                                         api_root="https://git.example.cn/api/v4", app_id="abc123",
                                         editorial_workflow=True))
    assert gitlab["backend"]["name"] == "gitlab" and gitlab["backend"]["auth_type"] == "pkce"
    assert (gitlab["backend"]["base_url"], gitlab["backend"]["api_root"], gitlab["backend"]["app_id"]) == (
        "https://git.example.cn", "https://git.example.cn/api/v4", "abc123")
    assert gitlab["publish_mode"] == "editorial_workflow"
    assert gitlab["local_backend"] == {"url": "http://127.0.0.1:8081/api/v1"}
    gitea = decap_config(EditorSettings(backend="gitea", repo="d/l", base_url="https://g", api_root="https://g/api/v1",
                                        app_id="x"))
    assert gitea["backend"]["name"] == "gitea" and "publish_mode" not in gitea


@pytest.mark.parametrize("settings, message", [
    (EditorSettings(backend="gitlab"), "editor.backend 为 gitlab 时须写 editor.repo"),
    (EditorSettings(backend="gitea", repo="a/b", base_url="https://g", api_root="https://g/api/v1", app_id="x",
                    editorial_workflow=True), "只有 GitLab 支持"),
    (EditorSettings(backend="github"), "editor.backend「github」不可用"),
])
def test_unusable_backend_settings_are_refused_in_chinese(settings, message):
    with pytest.raises(ValueError, match=message):
        decap_config(settings)


def test_the_yaml_text_is_the_configuration():
    text = config_yaml(campaign=sample_campaign())
    assert yaml.safe_load(text) == decap_config(campaign=sample_campaign())


def test_each_collection_links_to_the_page_that_lists_its_records():
    collections = _collections()
    for kind in registry.KINDS:
        collection = collections[kind.key]
        paths = [collection["preview_path"]] if "folder" in collection else [f["preview_path"] for f in collection["files"]]
        assert paths == [kind.page.removesuffix(".md") + "/"]
    assert decap_config()["site_url"] == "http://127.0.0.1:8000/"  # the preview of ./run.sh edit
    assert decap_config(EditorSettings(preview_addr="127.0.0.1:8123"))["site_url"] == "http://127.0.0.1:8123/"


def test_the_review_history_is_a_list_of_applications_with_their_review():
    """销号审核: one small form per application (dates in the calendar, the decision a select), each shown in the
    list by its date and decision; every field optional in the form, the rules are check's."""
    problems = _by_name(_collections()["problems"]["fields"])
    review = problems["review"]
    assert review["widget"] == "list" and review["label"] == "销号审核" and review["required"] is False
    fields = _by_name(review["fields"])
    assert list(fields) == list(m.ReviewRound.model_fields)
    assert fields["applied"]["widget"] == fields["reviewed"]["widget"] == "datetime"
    assert fields["decision"] == {**fields["decision"], "widget": "select", "options": ["通过", "退回"]}
    assert all(f["required"] is False for f in fields.values())
    assert review["summary"] == "{{fields.applied}} {{fields.decision}}"
    assert [f["label"] for f in fields.values()][4:] == ["审核日期", "审核人（职务）", "审核结论", "退回理由"]
