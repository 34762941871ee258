"""The domain dictionary from records, and the search index cut (ledger/search_terms.py, search_segment.py)."""
import re

import jieba
import pytest

from ledger import load_ledger
from ledger.views.search_segment import (ZWSP, SearchSegmenter, display_tokens, lone_characters, missing_prefixes,
                                   with_prefixes)
from ledger.views.search_terms import MAX_LENGTH, domain_terms, quoted_names, split_name

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


def test_words_inside_a_token_and_neighbouring_pairs_are_found(segmenter):
    cut = segmenter.cut("党组中心组专题研讨3次；完成调研报告4篇")
    assert "研讨" in cut.words and "专题研讨" in cut.words
    assert "调研报告" in cut.words  # 调研 + 报告, a pair of neighbouring tokens
    assert cut.text.replace(ZWSP, "") == "党组中心组专题研讨3次；完成调研报告4篇"
    assert [token for token in re.split(MATERIAL_SEPARATOR, cut.text) if len(token) == 1] == []  # 3次 stays one


def test_a_word_split_by_a_lone_character_is_still_found(segmenter):
    cut = segmenter.cut("并开展了解剖式调研")
    assert "解剖式调研" in cut.words  # 了 joined 解剖 (了解剖), 式 joined 调研 (式调研)


def test_punctuation_ends_a_token_and_digits_stay_with_their_characters(segmenter):
    cut = segmenter.cut("（调研选题：天然氧吧）共14次")
    tokens = [t for t in re.split(MATERIAL_SEPARATOR, cut.text) if t]
    assert "天然氧吧" in tokens and "共14次" in tokens


def test_record_names_become_whole_tokens(segmenter):
    cut = segmenter.cut("走访柏坑水库、区桃研所")
    assert "柏坑水库" in re.split(MATERIAL_SEPARATOR, cut.text) and "桃研所" in cut.words


def test_prefixes_let_a_typed_word_be_cut_to_itself():
    assert with_prefixes({"气象科普"}) == {"气象", "气象科", "气象科普"}


def test_each_missing_prefix_is_indexed_once_with_a_document_that_has_the_word():
    assert missing_prefixes([{"调研"}, {"气象科普", "气象"}, {"气象科技"}]) == [set(), {"气象科"}, set()]


def test_a_character_is_indexed_alone_only_when_no_two_character_word_starts_with_it():
    assert lone_characters({"桃", "党"}, {"水蜜桃", "党课", "桃研所"}) == {"桃"}


def test_each_segmenter_has_its_own_names_and_leaves_jieba_as_it_was():
    """A name of one ledger (柏坑水库) is no word for a segmenter made after it was renamed (库区)."""
    before = SearchSegmenter(["柏坑水库"]).cut("柏坑水库扩容工程")
    after = SearchSegmenter(["库区"]).cut("柏坑水库扩容工程")
    assert "柏坑水库" in before.tokens and "柏坑水库" not in after.tokens
    assert not jieba.get_FREQ("柏坑水库")  # the process-wide dictionary never learnt it
    assert SearchSegmenter(["库区"]).cut("柏坑水库扩容工程") == after
