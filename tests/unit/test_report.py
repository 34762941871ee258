"""The report model: built from records and the prose template, at the as-of date, records kept as data."""
import dataclasses
import datetime as dt
import re

import pytest
import yaml

from ledger import LedgerInvalid, load_ledger
from ledger.records.dated import as_known_on, known_on
from ledger.views.report import build_report, join_and, join_titles
from ledger.views.report_template import DEFAULT_TEMPLATE, load_template
from ledger.views.report_views import report_markdown, report_text


@pytest.fixture(scope="module")
def ledger(root):
    return load_ledger(root / "data")


@pytest.fixture(scope="module")
def template(root):
    return load_template(root / DEFAULT_TEMPLATE)


def text_of(ledger, template) -> str:
    return report_text(build_report(ledger, template))


def test_structure_of_the_sample_report(ledger, template):
    report = build_report(ledger, template)
    assert report.title == "XX区气象局关于主题教育开展情况的汇报"
    assert [p.number + p.heading for p in report.parts] == ["一、主题教育开展情况", "二、下一步工作计划"]
    assert [s.number for s in report.parts[0].sections] == ["（一）", "（二）", "（三）", "（四）", "（五）"]
    assert [s.paragraphs[0].lead for s in report.parts[1].sections] == [
        "（一）注重上下联动。", "（二）开展党性分析。", "（三）营造良好氛围。", "（四）深化建章立制。"]
    assert (report.signature, report.date) == ("XX区气象局", dt.date(2023, 11, 20))


def test_figures_follow_the_records(ledger, template):
    lecture = next(a for a in ledger.activities if a.type == "专题党课")
    p8 = ledger.problem("P-008")
    done_p8 = p8.model_copy(update={"status": "已完成", "completed": dt.date(2023, 11, 18)})
    changed = dataclasses.replace(
        ledger, activities=ledger.activities + (lecture.model_copy(update={"id": "DK-09"}),),
        problems=tuple(done_p8 if p.id == "P-008" else p for p in ledger.problems))
    text = text_of(changed, template)
    assert "讲专题党课4次" in text and "讲专题党课3次" not in text
    assert "截至到目前已完成问题整改7个，整改完成率88%" in text


def test_lists_follow_the_records(ledger, template):
    topic = ledger.topics[0].model_copy(update={"id": "T-09", "name": "智慧气象", "places": ["气象大数据中心"],
                                                "visit_date": dt.date(2023, 11, 1)})
    visit = ledger.visits[0].model_copy(update={"id": "V-09", "name": "教育局"})
    text = text_of(dataclasses.replace(ledger, topics=ledger.topics + (topic,), visits=ledger.visits + (visit,)),
                   template)
    assert "研究确定以天然氧吧、水库气象服务、水蜜桃气象服务、气象科普、智慧气象等5个调研选题" in text
    assert "滨海旅游度假区、气象大数据中心等地" in text  # in the order visited
    assert "综合执法局、教育局等单位" in text


def test_sentences_that_depend_on_records_come_and_go_with_them(ledger, template):
    undissected = tuple(c.model_copy(update={"dissected": False}) if c.kind == "反面" else c for c in ledger.cases)
    text = text_of(dataclasses.replace(ledger, cases=undissected, regulations=(), outputs=()), template)
    assert "确定了1个正面和1个反面案例。" in text and "解剖式调研" not in text
    assert "新建" not in text and "等制度" not in text
    assert "注重成果转化" not in text


def test_one_new_regulation_is_named_and_counted(ledger, template):
    first = ledger.regulations[0]
    revised = ledger.regulations[1].model_copy(update={"kind": "修订"})
    text = text_of(dataclasses.replace(ledger, regulations=(first, revised)), template)
    assert f"新建{first.title}等制度1个" in text


def test_honours_in_the_reports_order_and_words(ledger, template):
    text = text_of(ledger, template)
    assert ("2022年XX区气象高质量发展水平名列全省前十。“气象零距离服务行动”入选区机关党建书记项目优秀案例，并获展示推广；"
            "局党支部获评五星级基层党组织称号；1人获评省气象业务服务工作先进个人，1人获省局记功奖励，1人获评区青年岗位能手。") in text


def test_as_of_date_comes_from_settings_or_the_caller_never_the_clock(ledger, template):
    assert build_report(ledger, template).date == ledger.settings.as_of
    later = as_known_on(ledger, dt.date(2023, 12, 31))
    assert later.settings.as_of == dt.date(2023, 12, 31) and ledger.settings.as_of == dt.date(2023, 11, 20)
    assert report_text(build_report(later, template)).endswith("XX区气象局\n2023年12月31日\n")
    assert known_on(ledger, None) is ledger


def test_record_text_is_data_not_template_or_markup(ledger, template):
    odd = "<b>水库</b> *气象* {{ fig.problem_count }} {% if true %}x{% endif %} [链接](http://example.com)"
    topics = (ledger.topics[0].model_copy(update={"name": odd}),) + ledger.topics[1:]
    report = build_report(dataclasses.replace(ledger, topics=topics), template)
    text = report_text(report)
    assert odd in text  # not evaluated as Jinja a second time
    page = report_markdown(report)
    assert "<b>" not in page and "{{" not in page and "](http" not in page
    assert "&#60;b&#62;水库&#60;/b&#62;" in page


def test_markdown_view_structure(ledger, template):
    page = report_markdown(build_report(ledger, template), preface='<p class="x">下载</p>')
    lines = page.split("\n\n")
    assert lines[0] == '<div class="gongwen" markdown>' and lines[1] == "# XX区气象局关于主题教育开展情况的汇报"
    assert lines[2] == '<p class="x">下载</p>'
    assert "## 一、主题教育开展情况" in lines and "### （五）注重成果运用，把建章立制贯穿主题教育始终" in lines
    assert '<span class="report-lead">（一）注重上下联动。</span>对查摆出来的' in page
    assert page.endswith('<p class="report-signature">XX区气象局<br>2023年11月20日</p>\n\n</div>')


def test_the_template_types_no_figure(root):
    """Numbers belong in records: outside {{ }} and {% %} the template holds no digit (a list may name the
    records it reads by their IDs: ZB-04 is a record, not a figure)."""
    data = yaml.safe_load((root / DEFAULT_TEMPLATE).read_text(encoding="utf-8"))
    for spec in data["lists"].values():
        spec.get("where", {}).pop("id", None)
    prose = re.sub(r"\{\{.*?\}\}|\{%.*?%\}", "", yaml.safe_dump(data, allow_unicode=True))
    assert not re.search(r"[0-9０-９]", prose), prose


def _write_template(tmp_path, root, change):
    data = yaml.safe_load((root / DEFAULT_TEMPLATE).read_text(encoding="utf-8"))
    change(data)
    path = tmp_path / "report.yml"
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
    return path


def test_an_unknown_name_in_the_template_is_a_located_chinese_error(tmp_path, root, ledger):
    path = _write_template(tmp_path, root, lambda d: d["opening"].__setitem__(0, "开展以来{{ fig.no_such }}。"))
    template = load_template(path)
    with pytest.raises(LedgerInvalid) as caught:
        build_report(ledger, template)
    error = caught.value.errors[0]
    lines = path.read_text(encoding="utf-8").splitlines()
    assert error.file.endswith("report.yml")
    assert error.line == next(number for number, line in enumerate(lines, start=1) if "no_such" in line)
    assert "不存在的名称" in error.message and error.field == "opening[1]"


def test_a_broken_tag_and_a_wrong_field_are_reported_together_with_lines(tmp_path, root, ledger):
    def change(d):
        d["title"] = "{{ settings.report_title "
        d["phrases"]["colour"] = "红"
    path = _write_template(tmp_path, root, change)
    with pytest.raises(LedgerInvalid) as caught:
        load_template(path)
    assert "未知字段" in caught.value.report() and caught.value.errors[0].line
    broken = _write_template(tmp_path, root, lambda d: d.__setitem__("title", "{{ settings.report_title "))
    with pytest.raises(LedgerInvalid) as caught:
        build_report(ledger, load_template(broken))
    assert "写法有误" in caught.value.report() and caught.value.errors[0].line == 1


def test_a_missing_template_file_is_named(tmp_path):
    with pytest.raises(LedgerInvalid) as caught:
        load_template(tmp_path / "none.yml")
    assert "找不到汇报文字模板文件" in caught.value.report()


def test_join_helpers():
    assert join_and(["甲"]) == "甲" and join_and(["甲", "乙"]) == "甲和乙" and join_and(["甲", "乙", "丙"]) == "甲、乙和丙"
    assert join_and([]) == ""
    assert join_titles(["《甲》", "《乙》"]) == "《甲》《乙》" and join_titles(["《甲》", "乙"]) == "《甲》、乙"
