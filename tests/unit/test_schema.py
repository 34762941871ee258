"""The JSON Schema in schemas/ stays in step with the models and flags what the check flags."""
import datetime as dt
import json

import jsonschema
import pytest
import yaml

from ledger.records.schema import schema_targets, schema_texts
from support import sample_campaign

SCHEMAS = schema_targets(sample_campaign())  # schema file name -> (model, subject, the data files it describes)


def _data_files(root, schema_name):
    return sorted(root.glob(SCHEMAS[schema_name][2]))

REGENERATE = "schemas/ 与记录定义不一致：请运行 .venv/bin/python -m ledger schema 重新生成并提交"


def test_schemas_on_disk_are_what_the_models_generate(root):
    expected = schema_texts(sample_campaign())
    on_disk = {path.name: path.read_text(encoding="utf-8") for path in (root / "schemas").glob("*.schema.json")}
    assert sorted(on_disk) == sorted(expected), REGENERATE
    for name, text in expected.items():
        assert on_disk[name] == text, f"{name}：{REGENERATE}"


@pytest.mark.parametrize("schema_name", sorted(SCHEMAS))
def test_each_data_file_names_its_schema_on_its_first_line(root, schema_name):
    files = _data_files(root, schema_name)
    assert files
    for path in files:
        up = "../" * (len(path.relative_to(root).parts) - 1)
        first = path.read_text(encoding="utf-8").splitlines()[0]
        assert first == f"# yaml-language-server: $schema={up}schemas/{schema_name}", path
    assert (root / "schemas" / schema_name).is_file()


def test_vscode_settings_map_every_schema_to_its_data_file(root):
    settings = json.loads((root / ".vscode" / "settings.json").read_text(encoding="utf-8"))
    mapping = settings["yaml.schemas"]
    assert mapping == {f"./schemas/{name}": files for name, (_model, _subject, files) in SCHEMAS.items()}
    assert settings["[yaml]"]["files.encoding"] == "utf8"  # no BOM, no GBK
    assert settings["[yaml]"]["editor.insertSpaces"] is True  # no tabs
    recommended = json.loads((root / ".vscode" / "extensions.json").read_text(encoding="utf-8"))
    assert "redhat.vscode-yaml" in recommended["recommendations"]


def _as_the_editor_sees(value):
    """The YAML extension reads YAML 1.2: 2023-09-15 stays a string there."""
    if isinstance(value, dict):
        return {k: _as_the_editor_sees(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_as_the_editor_sees(v) for v in value]
    if isinstance(value, dt.date):
        return value.isoformat()
    return value


def _validator(root, schema_name):
    schema = json.loads((root / "schemas" / schema_name).read_text(encoding="utf-8"))
    jsonschema.Draft7Validator.check_schema(schema)
    return jsonschema.Draft7Validator(schema, format_checker=jsonschema.Draft7Validator.FORMAT_CHECKER)


@pytest.mark.parametrize("schema_name", sorted(SCHEMAS))
def test_sample_records_satisfy_their_schema(root, schema_name):
    for path in _data_files(root, schema_name):
        data = _as_the_editor_sees(yaml.safe_load(path.read_text(encoding="utf-8")))
        errors = [e.message for e in _validator(root, schema_name).iter_errors(data)]
        assert errors == [], path


PROBLEM = {"id": "P-009", "description": "问题", "source": "群众反映", "measures": "措施", "leader": "局长",
           "department": "办公室", "found": "2023-10-08", "deadline": "2023-11-15", "status": "整改中"}


@pytest.mark.parametrize("change, where, keyword", [
    ({"staus": "整改中"}, [], "additionalProperties"),
    ({"status": "完成"}, ["status"], "enum"),
    ({"id": "P 009"}, ["id"], "pattern"),
    ({"found": "2023.10.8"}, ["found"], "pattern"),
    ({"found": "2023年10月8日"}, ["found"], "pattern"),
    ({"description": ""}, ["description"], "minLength"),
    ({"progress": [{"date": "2023-10-09"}]}, ["progress", 0], "required"),
])
def test_the_schema_flags_what_an_editor_gets_wrong(root, change, where, keyword):
    record = {**PROBLEM, **change}
    errors = list(_validator(root, "problems.schema.json").iter_errors(record))
    assert {tuple(e.path) for e in errors} == {tuple(where)}
    assert keyword in {e.validator for e in errors}


def test_a_missing_required_field_is_flagged(root):
    record = {k: v for k, v in PROBLEM.items() if k != "measures"}
    errors = list(_validator(root, "problems.schema.json").iter_errors(record))
    assert [e.message for e in errors] == ["'measures' is a required property"]


def test_editor_messages_are_chinese(root):
    """The YAML extension shows errorMessage / patternErrorMessage instead of its English text."""
    problem = json.loads((root / "schemas" / "problems.schema.json").read_text(encoding="utf-8"))
    fields = problem["properties"]
    assert fields["status"]["errorMessage"] == "应为：未开始、整改中、已完成、「阶段性完成、长期坚持」"
    assert "2023-09-15" in fields["found"]["patternErrorMessage"]
    assert "P-009" in fields["id"]["patternErrorMessage"]
    assert fields["measures"]["title"] == "整改措施"
    assert problem["title"].startswith("检视整改：一条问题")
