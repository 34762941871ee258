"""The domain dictionary from records, and the search index cut (ledger/search_terms.py, search_segment.py)."""
import re

import jieba

import pytest

from ledger import load_ledger
from ledger.views.search_segment import MARK, SUFFIX_LENGTH, ZWSP, SearchSegmenter, display_tokens, substring_tokens
from ledger.views.search_terms import MAX_LENGTH, domain_terms, quoted_names, split_name
from ledger_mkdocs.search import ID_PREFIX

# Material's search separator for Chinese (partials/languages/zh.html): where the browser cuts tokens
MATERIAL_SEPARATOR = r"[\s\u200b\u3000\-、。，．？！；]+"


@pytest.fixture(scope="module")
def terms(root):
    return domain_terms(load_ledger(root / "data"))


@pytest.fixture(scope="module")
def segmenter(terms):
    return SearchSegmenter(terms)


def test_names_are_split_at_placeholders_and_punctuation_and_known_without_the_district():
    assert split_name("XX区桃研所") == ["桃研所", "区桃研所"]
    assert split_name("《XX区气象局》") == ["气象局", "区气象局"]
    assert split_name("党组书记、局长") == ["党组书记", "局长"]
    assert split_name("《重大气象灾害业务服务应急响应实施办法》") == []  # a title: jieba cuts it itself


def test_quoted_names_come_out_of_free_text():
    assert quoted_names("提升强对流天气分级“叫应”发布能力，抓好《实施意见》") == ["叫应", "实施意见"]


def test_the_sample_ledger_names_its_places_units_and_mechanisms(terms):
    for term in ("柏坑水库", "桃研所", "天然氧吧", "叫应", "四学机制", "综合执法局", "项目攻坚年", "新华书店"):
        assert term in terms
    assert all(2 <= len(t) <= MAX_LENGTH for t in terms)
    assert len(terms) == len(set(terms))


def test_display_tokens_have_no_lone_characters():
    assert display_tokens(["助推", "后", "畈", "村", "入选"]) == ["助推", "后畈村", "入选"]
    assert display_tokens(["库区", "面", "雨量"]) == ["库区", "面雨量"]
    assert display_tokens(["发展", "的"]) == ["发展的"]
    assert display_tokens(["党"]) == ["党"]


HAN_ONLY = re.compile(r"[\u3400-\u9fff]+")


def lunr_tokens(text: str, separator: str = MATERIAL_SEPARATOR) -> list[str]:
    return [t for t in re.split(separator, re.sub(r"<[^>]+>", " ", text)) if t]


def test_no_displayed_token_is_plain_chinese_so_a_query_is_searched_whole(segmenter):
    cut = segmenter.cut("党组中心组专题研讨3次；完成调研报告4篇")
    assert cut.text.replace(ZWSP, "").replace(MARK, "") == "党组中心组专题研讨3次；完成调研报告4篇"
    tokens = lunr_tokens(cut.text)
    assert tokens and not [t for t in tokens if HAN_ONLY.fullmatch(t)]
    assert all(t.endswith(MARK) for t in tokens)
    assert [token for token in tokens if len(token.rstrip(MARK)) == 1] == []  # 3次 stays one


def test_punctuation_ends_a_token_and_digits_stay_with_their_characters(segmenter):
    cut = segmenter.cut("（调研选题：天然氧吧）共14次")
    tokens = [t.replace(MARK, "") for t in lunr_tokens(cut.text)]
    assert "天然氧吧" in tokens and "共14次" in tokens


def test_record_names_become_whole_tokens(segmenter):
    cut = segmenter.cut("走访柏坑水库、区桃研所")
    assert "柏坑水库" + MARK in lunr_tokens(cut.text)


def test_every_phrase_of_a_text_starts_some_hidden_token():
    text = "<p>“气象零距离服务行动”入选区机关党建书记项目优秀案例，2023年11月14日完成</p>"
    tokens = substring_tokens(text, MATERIAL_SEPARATOR)
    plain = "“气象零距离服务行动”入选区机关党建书记项目优秀案例"
    for phrase in ("气象零距离服务行动", "零距离", "书记项目优秀案例", "优秀", "11月14日", "14日", "2023年"):
        assert any(token.startswith(phrase) for token in tokens), phrase
    assert not [t for t in tokens if HAN_ONLY.fullmatch(t)]  # never a proper prefix of a typed query
    assert all(len(t.rstrip(MARK)) <= SUFFIX_LENGTH for t in tokens)
    assert not any(token.startswith("p>") or "<" in token for token in tokens)
    assert any(token.startswith(plain[:SUFFIX_LENGTH]) for token in tokens)


def test_a_problem_id_leaves_no_letter_token():
    separator = f"(?:{MATERIAL_SEPARATOR}){ID_PREFIX}"
    tokens = substring_tokens("P-008 逾期：见 P-001、V-01", separator)
    assert "008" in tokens and "001" in tokens and "01" in tokens
    assert not {"p", "v", "p-008"} & tokens
    assert lunr_tokens("日期 2023-10-19", separator) == ["日期", "2023", "10", "19"]


def test_each_segmenter_has_its_own_names_and_leaves_jieba_as_it_was():
    """A name of one ledger (柏坑水库) is no word for a segmenter made after it was renamed (库区)."""
    before = SearchSegmenter(["柏坑水库"]).cut("柏坑水库扩容工程")
    after = SearchSegmenter(["库区"]).cut("柏坑水库扩容工程")
    assert "柏坑水库" in before.tokens and "柏坑水库" not in after.tokens
    assert not jieba.get_FREQ("柏坑水库")  # the process-wide dictionary never learnt it
    assert SearchSegmenter(["库区"]).cut("柏坑水库扩容工程") == after
