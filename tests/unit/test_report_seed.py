"""Walk section 一 of the seed report sentence by sentence: every fact the records hold is regenerated.

The seed is the report the office typed by hand (tests/fixtures/seed_report.txt, a copy of the shared seed
without its markers). For each sentence we list the facts that come from records; each must be in the
seed sentence, in the regenerated report, and NOT in the prose template (so it really came from records).
Sentences that state no record fact are listed with the reason they are exempt.
"""
import re

import pytest
import yaml

from ledger import load_ledger
from ledger.views.report import build_report
from ledger.views.report_template import DEFAULT_TEMPLATE, load_template
from ledger.views.report_views import report_text

SEED_FILE = "tests/fixtures/seed_report.txt"

# sentence (its opening words) -> facts the records hold, in the seed's words
FACTS: dict[str, tuple[str, ...]] = {
    "制定理论学习计划": ("党的XX大报告和党章",
                   "学习《习近平著作选读》《习近平新时代中国特色社会主义思想专题摘编》"
                   "《习近平新时代中国特色社会主义思想学习纲要（2023年版）》等书目"),
    "截至到目前，组织主题教育": ("组织主题教育专题读书班1期（7天）", "处级领导干部（党支部书记）讲专题党课3次",
                     "党组中心组专题研讨3次", "党支部集中学习5次", "组织现场学习教育2次"),
    "局党组领导班子": ("研究确定以天然氧吧、水库气象服务、水蜜桃气象服务、气象科普等4个调研选题",),
    "由班子成员带领": ("分别走访柏坑水库、区桃研所、粮食种植基地、滨海旅游度假区等地",
                "完成《XX“中国天然氧吧”品牌可持续发展研究》《柏坑水库扩容工程气象防灾减灾需求调研》"
                "《聚焦“三块短板”强化“四个精准”为XX水蜜桃产业提供优质气象服务》"
                "《紧盯“四大堵点”推动“四个融合”以高质量气象科普服务赋能乡村振兴》等调研报告4篇"),
    "认真抓好典型案例分析": ("确定了1个正面和1个反面案例",),
    "一是以": ("一是以“项目攻坚年”行动为抓手，夯实发展基础",),
    "将业务基础提升": ("将业务基础提升建设项目列为今年首要任务，积极做好意见征求、方案完善、功能设计、项目招投标、"
                "办公场地搬迁等工作，项目历经三个多月紧锣密鼓的施工作业，已完工",),
    "对接发改": ("对接发改、财政等部门，继续推动十四五规划项目的落地工作",),
    "二是以": ("二是以“服务增效年”行动为抓手，提升服务水平",),
    "积极推动气象灾害": ("积极推动气象灾害综合风险普查成果在业务中的实际应用，有效提高气象服务的针对性和准确性",
                  "发布本单位气象灾害预警信号叫应工作细则，提升强对流天气分级“叫应”发布能力",
                  "依托数字化改革成果“XX天气”浙里办应用，实现农渔业气象服务提质增效",
                  "积极打造“一产业一团队，一服务一方案”为农服务模式，开展水蜜桃等特色农产品全生长周期服务",
                  "加强生态文明建设气象支撑，助推后畈村入选省气候康养乡村", "深化气象政务、防雷减灾服务"),
    "三是以": ("三是以“开放深化年”行动为抓手，促进合作交流",),
    "以开展": ("以开展“大走访、大调研、大宣传、大合作”活动为契机",
             "走访应急、水利、新华书店、滨海旅游度假区管委会、机关党工委、综合执法局等单位",
             "深化部门合作，进一步发挥好气象作用"),
    "四是以": ("四是以“创新提质年”行动为抓手，推进争先创优",),
    "切实抓好": ("切实抓好《XX市XX区人民政府关于加快推进气象高质量发展的实施意见》的实施，制定任务清单，"
             "会同有关部门协同推进任务攻坚落实，提升科技创新、业务基础能力、服务水平和发展保障能力",),
    "2022年": ("2022年XX区气象高质量发展水平名列全省前十",),
    "五是以": ("五是以“作风建设年”行动为抓手，比拼实干担当",),
    "深入开展": ("深入开展“人民至上、生命至上”主题实践活动",),
    "充分发挥": ("充分发挥党组织战斗堡垒作用和党员先锋模范作用，引导党员干部主动作为、担当有为",),
    "“气象零距离": ("“气象零距离服务行动”入选区机关党建书记项目优秀案例，并获展示推广", "局党支部获评五星级基层党组织称号",
               "1人获评省气象业务服务工作先进个人", "1人获省局记功奖励", "1人获评区青年岗位能手"),
    "围绕落实": ("系统梳理调查研究发现的问题、推动发展中的问题、群众反映强烈的问题", "梳理形成问题清单8个"),
    "对查摆出的问题": ("截至到目前已完成问题整改6个",),
    "建立了": ("建立了“党组带头学、党组中心组专题学、支部会议创新学、青年理论学习小组融合学”四学机制和"
            "“党组成员带头讲、支部书记集中讲、青年代表创新讲、优秀代表典型讲、普通党员轮流讲”五讲机制",),
    "主题教育中新建": ("新建《XX市XX区气象局重大气象灾害业务服务应急响应实施办法》等制度2个",),
    "注重成果转化": ("联合农业、林业等相关部门", "《XX水蜜桃地方标准》、《XX区水蜜桃全周期气象服务手册》"),
}

# sentences that state no fact the records hold, and why
PROSE_ONLY: dict[str, str] = {
    "（一）坚持政治统领": "小标题：模板里的连接文字",
    "（二）聚焦发展难题": "小标题：模板里的连接文字",
    "（三）坚持取得实效": "小标题：模板里的连接文字",
    "（四）坚持问题导向": "小标题：模板里的连接文字",
    "（五）注重成果运用": "小标题：模板里的连接文字",
    "结合气象高质量发展目标任务": "学习要求的表述，没有数字或清单",
    "坚持贯彻新发展理念": "推动发展的总述，没有数字或清单",
}

# clauses the regenerated report words differently from the seed, and why
NOT_VERBATIM: dict[str, str] = {
    "以开展“大走访": "走访单位取自走访记录，另起一句“先后走访……等单位”；行动记录的举措写的是“走访相关单位”",
}


def _section_one(seed_lines: list[str]) -> list[str]:
    start, end = seed_lines.index("一、主题教育开展情况"), seed_lines.index("二、下一步工作计划")
    return seed_lines[start + 1:end]


def _sentences(lines: list[str]) -> list[str]:
    return [s for line in lines for s in re.findall(r"[^。]+。?", line) if s.strip()]


def _clauses(lines: list[str]) -> list[str]:
    return [c.rstrip("。；") for line in lines for c in re.findall(r"[^。；]+[。；]?", line) if c.strip("。；")]


def _entry(sentence: str, table: dict) -> list[str]:
    return [key for key in table if sentence.startswith(key)]


@pytest.fixture(scope="module")
def seed_section(root) -> list[str]:
    return _section_one((root / SEED_FILE).read_text(encoding="utf-8").splitlines())


@pytest.fixture(scope="module")
def regenerated(root) -> str:
    return report_text(build_report(load_ledger(root / "data"), load_template(root / DEFAULT_TEMPLATE)))


def _strings(value) -> list[str]:
    if isinstance(value, dict):
        return [s for key, item in value.items() for s in [str(key), *_strings(item)]]
    if isinstance(value, list):
        return [s for item in value for s in _strings(item)]
    return [str(value)]


@pytest.fixture(scope="module")
def template_text(root) -> str:
    """Every string the prose template writes (its comments aside), one a line."""
    return "\n".join(_strings(yaml.safe_load((root / DEFAULT_TEMPLATE).read_text(encoding="utf-8"))))


def test_every_sentence_of_section_one_is_walked(seed_section):
    sentences = _sentences(seed_section)
    assert len(sentences) > 25
    for sentence in sentences:
        matches = _entry(sentence, FACTS) + _entry(sentence, PROSE_ONLY)
        assert len(matches) == 1, f"句子没有（或不止一处）列出：{sentence}"
    for key in [*FACTS, *PROSE_ONLY]:
        assert any(s.startswith(key) for s in sentences), f"表里的“{key}”在原文中找不到"


def test_every_fact_the_records_hold_is_regenerated_from_records(seed_section, regenerated, template_text):
    for sentence in _sentences(seed_section):
        for key in _entry(sentence, FACTS):
            for fact in FACTS[key]:
                assert fact in sentence, f"表里的事实不在原句中：{fact}"
                assert fact in regenerated, f"汇报缺少：{fact}"
                assert fact not in template_text, f"“{fact}”是手写在模板里的，应当来自记录"


def test_section_one_reads_as_the_seed_clause_by_clause(seed_section, regenerated):
    """Beyond the facts, the voice too: every clause of the seed is in the report, word for word."""
    for clause in _clauses(seed_section):
        if any(clause.startswith(key) for key in NOT_VERBATIM):
            continue
        assert clause in regenerated, f"汇报与原文措辞不同：{clause}"
    for key in NOT_VERBATIM:
        assert any(c.startswith(key) for c in _clauses(seed_section))


def test_section_two_and_the_opening_are_regenerated_word_for_word(root, regenerated):
    seed = (root / SEED_FILE).read_text(encoding="utf-8").splitlines()
    start, end = seed.index("一、主题教育开展情况"), seed.index("二、下一步工作计划")
    regenerated_lines = regenerated.splitlines()
    for line in seed[:start] + seed[end:]:
        assert line in regenerated_lines, f"汇报缺少这一段：{line}"


def test_the_report_has_the_seeds_structure(regenerated, seed_section, root):
    seed = (root / SEED_FILE).read_text(encoding="utf-8").splitlines()
    headings = [line for line in seed if re.match(r"^([一二三四五六七八九十]+、|（[一二三四五六七八九十]+）)", line)]
    regenerated_headings = [line for line in regenerated.splitlines()
                            if re.match(r"^([一二三四五六七八九十]+、|（[一二三四五六七八九十]+）)", line)]
    # section 二's items run their heading into the paragraph: compare the numbered openings
    assert [h[:12] for h in regenerated_headings] == [h[:12] for h in headings]
