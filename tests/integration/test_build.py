"""A real `mkdocs build --strict` of the sample data shows the seed report's figures."""
import re

import pytest

from support import article_text, article_text_of

pytestmark = pytest.mark.build

# What the seed report states, as each page must show it (whitespace removed).
EXPECTED = {
    "index.html": ["问题清单（个）", "已完成整改6个，共8个，整改完成率75%", "1期（7天）专题读书班",
                   "3专题党课（次）", "3党组中心组专题研讨（次）", "5党支部集中学习（次）", "2现场学习教育（次）",
                   "4调研选题（个）", "4调研报告（篇）", "1正面典型案例（个）", "1反面典型案例（个）",
                   "5年度行动（项）", "2新建制度（个）"],
    "study/index.html": ["组织主题教育专题读书班1期（7天），处级领导干部（党支部书记）讲专题党课3次，"
                         "党组中心组专题研讨3次，党支部集中学习5次，组织现场学习教育2次"],
    "research/index.html": ["研究确定以天然氧吧、水库气象服务、水蜜桃气象服务、气象科普等4个调研选题",
                            "走访柏坑水库、区桃研所、粮食种植基地、滨海旅游度假区等地",
                            "完成调研报告4篇", "确定了1个正面和1个反面典型案例",
                            "《XX“中国天然氧吧”品牌可持续发展研究》",
                            "《紧盯“四大堵点”推动“四个融合”以高质量气象科普服务赋能乡村振兴》"],
    "development/index.html": ["项目攻坚年：夯实发展基础", "作风建设年：比拼实干担当", "新华书店",
                               "局党支部获评五星级基层党组织称号", "1人获评区青年岗位能手",
                               "2022年XX区气象高质量发展水平名列全省前十"],
    "problems/index.html": ["梳理形成问题清单8个", "已完成问题整改6个", "整改完成率75%", "P-008"],
    "institutions/index.html": ["四学机制：党组带头学、党组中心组专题学、支部会议创新学、青年理论学习小组融合学",
                                "五讲机制", "新建2个", "《XX市XX区气象局重大气象灾害业务服务应急响应实施办法》",
                                "《XX水蜜桃地方标准》", "《XX区水蜜桃全周期气象服务手册》"],
    "plan/index.html": ["注重上下联动", "开展党性分析", "营造良好氛围", "深化建章立制", "共4项"],
}


@pytest.mark.parametrize("page", sorted(EXPECTED))
def test_page_shows_the_seed_figures(built_site, page):
    text = article_text(built_site / page)
    for phrase in EXPECTED[page]:
        assert phrase in text, f"{page} 缺少：{phrase}"


def test_no_page_leaves_a_macro_unrendered(built_site):
    """No {{ in any page's text; the guide shows macros' syntax only as code (<code>, written in {% raw %})."""
    for html in built_site.rglob("*.html"):
        outside_code = re.sub(r"<code[^>]*>.*?</code>", "", html.read_text(encoding="utf-8"), flags=re.S)
        assert "{{" not in article_text_of(outside_code), html


def test_site_loads_nothing_from_another_host(built_site):
    """No src/href in HTML and no url() in our CSS points at another host."""
    pattern = re.compile(r"""(?:src|href)\s*=\s*["']?(https?:)?//(?!127\\.0\\.0\\.1|localhost)""", re.I)
    for html in built_site.rglob("*.html"):
        text = html.read_text(encoding="utf-8")
        for match in re.finditer(r"""<(script|link|img|iframe|source)[^>]*>""", text, re.I):
            assert not pattern.search(match.group(0)), f"{html}: {match.group(0)}"
        assert "fonts.googleapis" not in text and "fonts.gstatic" not in text
    for css in built_site.rglob("*.css"):
        assert not re.search(r"url\(\s*['\"]?(https?:)?//", css.read_text(encoding="utf-8")), css
