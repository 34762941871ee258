"""Loading the sample records into typed models."""
import datetime as dt

from ledger import load_ledger
from ledger.records.models import Problem


def test_sample_data_loads_into_typed_records(root):
    ledger = load_ledger(root / "data")
    assert ledger.settings.unit == "XX区气象局"
    assert isinstance(ledger.settings.as_of, dt.date)
    assert all(isinstance(p, Problem) for p in ledger.problems)


def test_sample_records_hold_what_the_seed_report_names(root):
    ledger = load_ledger(root / "data")
    places = {place for topic in ledger.topics for place in topic.places}
    assert places == {"柏坑水库", "区桃研所", "粮食种植基地", "滨海旅游度假区"}
    assert [a.name for a in ledger.actions] == ["项目攻坚年", "服务增效年", "开放深化年", "创新提质年", "作风建设年"]
    assert "《XX市XX区气象局重大气象灾害业务服务应急响应实施办法》" in [r.title for r in ledger.regulations]
    assert [i.title for i in ledger.plan] == ["注重上下联动", "开展党性分析", "营造良好氛围", "深化建章立制"]


def test_problem_lookup_by_id(root):
    ledger = load_ledger(root / "data")
    assert ledger.problem("P-008").source == "群众反映"


def test_regulations_answering_a_problem_come_from_their_answers(root):
    ledger = load_ledger(root / "data")
    for problem in ledger.problems:
        expected = [r.id for r in ledger.regulations if problem.id in r.answers]
        assert [r.id for r in ledger.regulations_answering(problem.id)] == expected
    assert [r.id for r in ledger.regulations_answering("P-007")] == ["G-01"]
    assert ledger.regulations_answering("P-001") == ()
