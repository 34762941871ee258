"""The fast loading path (no GC during load, locations indexed only on error) keeps every error located."""
import gc
import shutil

import pytest

from ledger import LedgerInvalid, load_ledger
from ledger.records.yamlfile import parse_yaml_file


@pytest.fixture
def data(tmp_path, root):
    return shutil.copytree(root / "data", tmp_path / "data")


def _errors(data_dir):
    with pytest.raises(LedgerInvalid) as caught:
        load_ledger(data_dir)
    return caught.value.errors


def _line_of(path, needle, start=0):
    return path.read_text(encoding="utf-8").splitlines().index(needle, start) + 1


def test_a_repeated_field_is_still_named_with_both_lines(data):
    research = data / "research.yml"
    text = research.read_text(encoding="utf-8")
    research.write_text(text.replace("    leader: 党组书记、局长\n", "    leader: 党组书记、局长\n    leader: 重复\n", 1),
                        encoding="utf-8")
    first = _line_of(research, "    leader: 党组书记、局长")
    [error] = _errors(data)
    assert error.line == first + 1 and f"第 {first} 行已经写过" in error.message


def test_a_cross_record_error_is_located_after_a_clean_parse(data):
    problem = data / "problems" / "P-001.yml"
    problem.write_text(problem.read_text(encoding="utf-8").replace("deadline: 2023-11-10", "deadline: 2023-10-01"),
                       encoding="utf-8")
    [error] = _errors(data)
    assert error.file == "data/problems/P-001.yml"
    assert (error.line, error.column) == (_line_of(problem, "deadline: 2023-10-01"), 1)
    assert error.record == "问题 P-001" and error.field == "deadline"


def test_locations_are_indexed_only_when_asked_for(root):
    path = root / "data" / "research.yml"
    parsed = parse_yaml_file(path, "data/research.yml")
    assert parsed.locations == {} and not parsed.errors  # indexed on demand, from the text
    second = _line_of(path, "  - id: T-02")
    assert parsed.location(("topics", 1, "id")) == (second, 5)


def test_a_one_record_file_is_located_as_an_item_of_its_list(root):
    path = root / "data" / "problems" / "P-008.yml"
    parsed = parse_yaml_file(path, "data/problems/P-008.yml").as_record_of("problems")
    assert parsed.data["problems"][0]["id"] == "P-008"
    assert parsed.location(("problems", 0, "status")) == (_line_of(path, "status: 整改中"), 1)


@pytest.mark.parametrize("enabled", [True, False])
def test_loading_leaves_the_garbage_collector_as_it_found_it(data, enabled):
    (gc.enable if enabled else gc.disable)()
    try:
        load_ledger(data)
        assert gc.isenabled() is enabled
        (data / "plan.yml").write_text("plan: 3\n", encoding="utf-8")
        _errors(data)
        assert gc.isenabled() is enabled
    finally:
        gc.enable()


def test_id_lookups_give_the_first_record_and_leave_the_ledger_unchanged(root):
    from dataclasses import replace

    ledger = load_ledger(root / "data")
    first = ledger.problems[0]
    doubled = replace(ledger, problems=ledger.problems + (first.model_copy(update={"description": "后一条"}),))
    assert doubled.problem(first.id).description == first.description
    assert ledger.topic("T-02").name == "水库气象服务" and ledger == load_ledger(root / "data")
    with pytest.raises(KeyError):
        ledger.problem("P-999")
