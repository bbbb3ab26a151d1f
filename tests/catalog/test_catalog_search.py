"""Search as villagers type: folk names, pinyin, initials, typos, English; nonsense finds nothing.

The expected first results follow the shipped data's aliases and keywords: when the data
changes what a word means, the data is the truth and this table follows it.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from matter_catalog.catalog import Catalog
from matter_catalog.loader import load_catalog


@pytest.fixture(scope="module")
def catalog() -> Catalog:
    return load_catalog()


FIRST_IN_CHINESE: list[tuple[str, str]] = [
    # folk names and words of the aliases
    ("低保", "SJ01"),
    ("吃低保", "SJ01"),
    ("五保", "SJ02"),
    ("五保户", "SJ02"),
    ("特困", "SJ02"),
    ("残疾证", "CJ01"),
    ("残疾证丢了", "CJ02"),
    ("养老", "SB02"),
    ("养老金", "SB02"),
    ("农保", "SB01"),
    ("刷脸认证", "SB03"),
    ("社保卡", "SB04"),
    ("丧葬补助金", "SB05"),
    ("医保", "YB01"),
    ("新农合", "YB01"),
    ("慢性病", "YB02"),
    ("报销", "YB03"),
    ("异地就医", "YB04"),
    ("大病救助", "YB05"),
    ("临时救助", "SJ03"),
    ("孤儿", "SJ04"),
    ("高龄津贴", "YL01"),
    ("适老化", "YL03"),
    ("轮椅", "CJ05"),
    ("助听器", "CJ05"),
    ("准生证", "WJ01"),
    ("失独", "WJ03"),
    ("光荣证", "WJ04"),
    ("失业登记", "JY01"),
    ("失业金", "JY02"),
    ("危房", "ZF01"),
    ("宅基地", "ZF02"),
    ("盖房", "ZF02"),
    ("种粮补贴", "NY01"),
    ("农机补贴", "NY02"),
    ("土地流转", "NY03"),
    ("上户口", "HJ01"),
    ("注销户口", "HJ02"),
    ("身份证", "HJ03"),
    ("优待证", "TY01"),
    ("老兵救助", "TY02"),
    ("退伍军人", "TY01"),
    ("当过兵", "TY01"),
    ("老年证", "YL01"),
    ("种地补贴", "NY01"),
    ("残疾", "CJ01"),
    ("贫困生", "JZ01"),
    ("助学贷款", "JZ02"),
    # a word of the official name, digits, a whole sentence
    ("城乡居民基本养老保险参保登记", "SB01"),
    ("80岁补贴", "YL01"),
    ("4050", "JY03"),
    ("我要办低保", "SJ01"),
    ("怎么领养老金", "SB02"),
    ("我想给我妈办残疾证", "CJ01"),
    # typos: homophones of the pinyin keyboard and a wrong character
    ("最低生活保章", "SJ01"),
    ("低包", "SJ01"),
    ("残急证", "CJ01"),
    ("残疾人证心办", "CJ01"),
    ("宅基低", "ZF02"),
    ("社保咔", "SB04"),
    # full pinyin, with or without spaces, and initials
    ("dibao", "SJ01"),
    ("di bao", "SJ01"),
    ("DIBAO", "SJ01"),
    ("wubao", "SJ02"),
    ("tekun", "SJ02"),
    ("canjizheng", "CJ01"),
    ("yanglao", "SB02"),
    ("yanglaojin", "SB02"),
    ("nongbao", "SB01"),
    ("shebaoka", "SB04"),
    ("zhaijidi", "ZF02"),
    ("dibau", "SJ01"),
    ("cjz", "CJ01"),
    ("cjrz", "CJ01"),
    ("db", "SJ01"),
    ("sbk", "SB04"),
    ("ylj", "SB02"),
    ("zjd", "ZF02"),
]


@pytest.mark.parametrize(("query", "code"), FIRST_IN_CHINESE)
def test_the_matter_a_villager_means_comes_first(catalog: Catalog, query: str, code: str) -> None:
    hits = catalog.search(query)
    assert hits, f"nothing for {query!r}"
    assert hits[0].code == code, [(hit.code, hit.score, hit.matched) for hit in hits]


FIRST_IN_ENGLISH: list[tuple[str, str]] = [
    ("disability card", "CJ01"),
    ("Disability Card", "CJ01"),
    ("disabilty", "CJ01"),  # a typo
    ("old age pension", "SB02"),
    ("minimum living allowance", "SJ01"),
    ("minimum living alowance", "SJ01"),
    ("dibao", "SJ01"),
    ("wheelchair", "CJ05"),
    ("wheelch", "CJ05"),  # still typing
    ("homestead", "ZF02"),
    ("student loan", "JZ02"),
    ("orphan", "SJ04"),
    ("tractor", "NY02"),
    ("id card", "HJ03"),
    ("proof of life", "SB03"),
    ("medical insurance", "YB01"),
    ("reimbursement", "YB03"),
    ("hukou", "HJ01"),
]


@pytest.mark.parametrize(("query", "code"), FIRST_IN_ENGLISH)
def test_english_words_find_the_matter_in_the_english_interface(
    catalog: Catalog, query: str, code: str
) -> None:
    hits = catalog.search(query, lang="en")
    assert hits, f"nothing for {query!r}"
    assert hits[0].code == code, [(hit.code, hit.score, hit.matched) for hit in hits]


def test_pension_alone_offers_the_claim_and_the_enrolment_first(catalog: Catalog) -> None:
    # Both matters list the keyword; the claim wins the tie as more of its terms match.
    assert [hit.code for hit in catalog.search("pension", lang="en")[:2]] == ["SB02", "SB01"]


NONSENSE = ["asdfgh", "的", "!!!", "", "   ", "qwertyuiop", "hello world", "12345", "x", "？？"]


@pytest.mark.parametrize("query", NONSENSE)
def test_nonsense_finds_nothing(catalog: Catalog, query: str) -> None:
    assert catalog.search(query) == []
    assert catalog.search(query, lang="en") == []


def test_a_few_results_come_best_first_within_the_limit(catalog: Catalog) -> None:
    hits = catalog.search("补贴")
    assert 1 < len(hits) <= 5
    assert [hit.score for hit in hits] == sorted((hit.score for hit in hits), reverse=True)
    assert len(catalog.search("补贴", limit=2)) == 2
    assert catalog.search("低保", limit=0) == []


def test_a_hit_says_which_term_matched_and_scores_out_of_100(catalog: Catalog) -> None:
    hit = catalog.search("五保")[0]
    assert (hit.code, hit.score, hit.matched) == ("SJ02", 100.0, "五保")
    assert all(0 < h.score <= 100 for q in ("dibao", "cjz", "pension") for h in catalog.search(q))


def test_search_works_on_any_catalog_not_just_the_shipped_one(tiny_catalog: Path) -> None:
    tiny = load_catalog(tiny_catalog)
    assert [hit.code for hit in tiny.search("wubao")][:1] == ["SJ02"]
    assert [hit.code for hit in tiny.search("disability card", lang="en")][:1] == ["CJ01"]
    assert tiny.search("asdfgh") == []
