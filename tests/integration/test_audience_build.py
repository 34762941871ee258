"""Public and internal builds: no internal value anywhere in the public output, every file searched.

A copy of the project gets more internal markings than the sample data (a whole problem, a whole
topic with the report that exists through it, a problem's 销号 with its evidence file); both builds
are made, and every file of each - HTML, the search index, sitemap, SVG, the .docx and .xlsx
downloads (unzipped) and the file names themselves - is searched for every internal value.
The internal values are computed from the records, not listed here.
"""
from __future__ import annotations

import gzip
import html
import json
import re
import zipfile
from pathlib import Path
from urllib.parse import unquote

import pytest
from pydantic import BaseModel

from ledger import compute_figures, load_ledger
from ledger.records.audience import INTERNAL_TEXT, hidden_ids, public_view
from ledger.records.ledger import iter_record_lists
from support import article_text, copy_project, run_build

pytestmark = pytest.mark.build

# more internal content than the sample data has (which marks C-02's title and P-008's leader and department)
EXTRA_MARKINGS = {
    "problems/P-003.yml": [("id: P-003\n", "internal: true\n")],
    "problems/P-005.yml": [("id: P-005\n", "internal_fields: [closure]\n")],
    "research.yml": [("  - id: T-04\n", "    internal: true\n")],
}
TEXT_SUFFIXES = {".html", ".xml", ".svg", ".js", ".css", ".txt", ".json", ".md", ".map"}
_INVISIBLE = re.compile(r"[\s\u200b\u200c\u200d\ufeff]+")


def _mark_internal(project: Path) -> None:
    for name, insertions in EXTRA_MARKINGS.items():
        path = project / "data" / name
        text = path.read_text(encoding="utf-8")
        for after, line in insertions:
            assert text.count(after) == 1, after
            text = text.replace(after, after + line)
        path.write_text(text, encoding="utf-8")


@pytest.fixture(scope="module")
def builds(tmp_path_factory):
    project = copy_project(tmp_path_factory.mktemp("audience") / "project")
    _mark_internal(project)
    sites = {}
    for audience in ("internal", "public"):
        site = project.parent / f"site-{audience}"
        config = "mkdocs.yml" if audience == "internal" else "mkdocs.public.yml"
        result = run_build(project, site, config=config)
        assert result.returncode == 0, result.stderr
        sites[audience] = site
    return load_ledger(project / "data"), sites


def _strings(value) -> list[str]:
    if isinstance(value, str):
        return [value]
    if isinstance(value, BaseModel):
        return [s for name in type(value).model_fields if name != "evidence_file"
                for s in _strings(getattr(value, name))]
    if isinstance(value, (list, tuple)):
        return [s for item in value for s in _strings(item)]
    return []


def internal_values(ledger) -> set[str]:
    """Every text of internal records and internal fields that no public record also holds."""
    hidden = hidden_ids(ledger)
    values: set[str] = set()
    for _kind, records in iter_record_lists(ledger):
        for record in records:
            if record.id in hidden:
                values.update(_strings(record.model_copy(update={"internal_fields": []})))
            for name in record.internal_fields:
                field, _, inner = name.partition(".")   # review.reason: one text field of the entries
                value = getattr(record, field)
                if inner:
                    value = [getattr(e, inner) for e in (value if isinstance(value, (list, tuple)) else [value]) if e]
                values.update(_strings(value))
    public = public_view(ledger)
    public_texts = [_INVISIBLE.sub("", s) for _k, records in iter_record_lists(public) for s in _strings(list(records))]
    public_texts += _strings(public.settings)
    return {v for v in (_INVISIBLE.sub("", v) for v in values)
            if v != INTERNAL_TEXT and not any(v in text for text in public_texts)}


def _readable(path: Path, data: bytes) -> list[str]:
    """The texts a person or a program could read out of one output file."""
    if path.suffix in (".docx", ".xlsx"):
        with zipfile.ZipFile(path) as archive:
            xml = [archive.read(n).decode("utf-8") for n in archive.namelist() if n.endswith((".xml", ".rels"))]
        return [html.unescape(x) for x in xml] + [html.unescape(re.sub(r"<[^>]+>", "", x)) for x in xml]
    if path.suffix == ".gz":
        return _readable(path.with_suffix(""), gzip.decompress(data))
    if path.suffix not in TEXT_SUFFIXES:
        return []
    text = data.decode("utf-8")
    texts = [html.unescape(text), html.unescape(re.sub(r"<[^>]+>", "", text)), unquote(text)]
    if path.suffix == ".json":
        texts.append(json.dumps(json.loads(text), ensure_ascii=False))
    return texts


def output_texts(site: Path) -> dict[str, str]:
    """Each output file (and its name) -> everything readable in it, invisible characters removed."""
    texts = {}
    for path in sorted(p for p in site.rglob("*") if p.is_file()):
        relative = path.relative_to(site).as_posix()
        readable = [unquote(relative)] + _readable(path, path.read_bytes())
        texts[relative] = "\n".join(_INVISIBLE.sub("", t) for t in readable)
    return texts


def test_the_copy_has_internal_values_to_look_for(builds):
    ledger, _sites = builds
    values = internal_values(ledger)
    assert len(values) >= 8, values
    assert "一次强对流天气预警信号叫应不及时" in values  # the sample's 反面案例


def test_the_public_build_holds_no_internal_value_in_any_file(builds):
    ledger, sites = builds
    texts = output_texts(sites["public"])
    assert any(name.endswith(".docx") for name in texts) and any(name.endswith(".xlsx") for name in texts)
    assert "search/search_index.json" in texts and "sitemap.xml" in texts
    leaks = {value: [name for name, text in texts.items() if value in text] for value in internal_values(ledger)}
    assert {value: files for value, files in leaks.items() if files} == {}


def test_the_internal_build_holds_every_internal_value(builds):
    ledger, sites = builds
    texts = output_texts(sites["internal"])
    missing = [value for value in internal_values(ledger) if not any(value in text for text in texts.values())]
    assert missing == []


def test_public_figures_count_what_the_public_build_lists(builds):
    ledger, sites = builds
    public = compute_figures(public_view(ledger))
    assert public.problem_count == compute_figures(ledger).problem_count - 1
    problems = article_text(sites["public"] / "problems" / "index.html")
    assert f"梳理形成问题清单{public.problem_count}个" in problems
    assert not (sites["public"] / "problems" / "P-003").exists() and (sites["internal"] / "problems" / "P-003").exists()
    research = article_text(sites["public"] / "research" / "index.html")
    assert f"{public.negative_case_count}反面典型案例" in research and INTERNAL_TEXT in research


def test_internal_fields_read_as_hidden_and_their_evidence_file_is_not_published(builds):
    _ledger, sites = builds
    page = article_text(sites["public"] / "problems" / "P-008" / "index.html")
    assert f"责任领导{INTERNAL_TEXT}" in page and f"责任科室{INTERNAL_TEXT}" in page
    assert "责任领导党组成员、副局长" in article_text(sites["internal"] / "problems" / "P-008" / "index.html")
    evidence = [p.relative_to(sites["internal"]).as_posix() for p in (sites["internal"] / "evidence").iterdir()]
    assert evidence and not any((sites["public"] / e).exists() for e in evidence)
