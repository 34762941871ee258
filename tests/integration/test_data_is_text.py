"""Data is text: markup and template syntax in a record show exactly as written, never as markup.

Two tests, two depths:

* `test_every_text_field_shows_verbatim_in_a_real_build` puts a value holding <script>, <b>, |, *,
  [x](y), {{ x }}, {% if %}, &amp; and a line break into EVERY free-text field of EVERY record
  (each value tagged with its own number), runs one real `mkdocs build --strict`, and reads the
  built pages back: wherever a page shows any part of a value, the whole value is there verbatim
  in the page's visible text, and no page, search index or sitemap holds it as live markup.
  The same build also carries a few seeded random mixtures of markup characters.
* `test_arbitrary_text_reaches_the_page_verbatim` (hypothesis, many examples) sends arbitrary text
  through the real pipeline minus the theme: YAML file -> load_ledger -> macros.define_env ->
  the page's Markdown source rendered by Jinja as mkdocs-macros does -> Python-Markdown with the
  extensions and settings of mkdocs.yml -> HTML, whose visible text must hold the value verbatim.
  A real build per example would take seconds; the build test above covers the theme.
"""
from __future__ import annotations

import functools
import random
import re
import typing
from html.parser import HTMLParser
from pathlib import Path

import jinja2
import markdown
import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from mkdocs.config import load_config

from ledger.records import models as m
from ledger.records import registry
from ledger.records.models import ChoiceOf
from macros_adapter import MacrosEnv, macros_module
from support import ROOT, copy_project, run_build

NASTY = "<script>alert({n})</script> <b>粗</b> a|b *星* _斜_ [x](y) {{{{ x }}}} {{% if %}} &amp; # 题\n第二行 `码` ~~删~~"


def _value(n: int) -> str:
    return f"始{n:03d}" + NASTY.format(n=n) + f"终{n:03d}"


def _is_free_text(annotation, metadata=()) -> bool:
    """Text fields (str, or a list/Optional of str) that are not IDs, references or fixed choices."""
    if any(getattr(item, "pattern", None) or isinstance(item, ChoiceOf) for item in metadata):
        return False  # an ID, a reference, or a word of the campaign's choice lists
    origin, args = typing.get_origin(annotation), typing.get_args(annotation)
    if origin is typing.Annotated:
        return _is_free_text(args[0], args[1:])
    if origin in (typing.Union, list):
        inner = [a for a in args if a is not type(None)]
        return len(inner) == 1 and _is_free_text(inner[0])
    return annotation is str


def _text_fields(model) -> dict[str, str]:
    """field -> 'one' or 'list' for the free-text fields of a model."""
    fields = {}
    for name, info in model.model_fields.items():
        if _is_free_text(info.annotation, info.metadata):
            fields[name] = "list" if typing.get_origin(info.annotation) is list else "one"
    return fields


def _fill(record: dict, model, values: list[str], fields: list[str]) -> None:
    """Replace every free-text value of a record (and of its nested entries) with a tagged nasty value."""
    for name, kind in _text_fields(model).items():
        if name in record and name != "evidence_file":
            fields.append(f"{model.__name__}.{name}")
            record[name] = [_next(values)] if kind == "list" else _next(values)
    for name, info in model.model_fields.items():
        nested = _nested_model(info.annotation)
        if nested is None or name not in record or record[name] is None:
            continue
        for item in record[name] if isinstance(record[name], list) else [record[name]]:
            _fill(item, nested, values, fields)


def _nested_model(annotation):
    for candidate in (annotation, *typing.get_args(annotation)):
        for inner in (candidate, *typing.get_args(candidate)):
            if isinstance(inner, type) and issubclass(inner, m.BaseModel):
                return inner
    return None


def _next(values: list[str]) -> str:
    values.append(_value(len(values) + 1))
    return values[-1]


def _seeded_mixtures(count: int) -> list[str]:
    """Random strings of markup characters, CJK and line breaks: the same every run."""
    rng = random.Random(20231120)
    pieces = list("<>&|*_[](){}#`~=^+-!:;'\"\\/%@$") + ["{{", "}}", "{%", "%}", "<b>", "</p>", "&lt;", "\n", " ",
                                                       "字", "问题", "P-001", "&#60;", "<!--", "-->"]
    return [f"混{n:02d}" + "".join(rng.choice(pieces) for _ in range(30)) + f"合{n:02d}" for n in range(1, count + 1)]


def _inject(project: Path) -> tuple[list[str], list[str]]:
    """Every free-text value replaced; returns the values and, for each, the model field it went into."""
    values: list[str] = []
    fields: list[str] = []
    files = [(project / "data" / name, model) for name, model, _subject in registry.data_files()]
    files += [(path, registry.folder_model(kind)) for kind in registry.folder_kinds()
              for path in sorted((project / "data" / kind.folder).glob("*.yml"))]
    for path, model in files:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
        if path.parent.name != "data":  # a one-record file: filled as the loader reads it
            data = {path.parent.name: [data]}
        _fill(data, model, values, fields)
        if path.name == "plan.yml":  # a few random mixtures as extra plan items
            mixtures = _seeded_mixtures(6)
            data["plan"] += [{"id": f"MIX-{i}", "title": f"随机{i}", "text": text}
                              for i, text in enumerate(mixtures, start=1)]
            values += mixtures
            fields += ["PlanItem.text"] * len(mixtures)
        if path.parent.name != "data":
            data = data[path.parent.name][0]
        path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
    return values, fields


# Fields no page shows (the check still covers them): the campaign's full name and batch are used by
# the report's wording only; an honour's recipient is shown for collective honours (局党支部获评……),
# while individual honours name a head count and rankings name nobody.
NOT_SHOWN = {"Settings.campaign", "Settings.batch", "Honour.recipient"}


class _Text(HTMLParser):
    """A page's visible text in two parts: running text (paragraphs, lists, tables of <article>) and
    one-line text (headings, page title, header, navigation). <br> is a line break; script, style
    and svg contents are left out.
    """

    SKIP = {"script", "style", "template", "svg"}
    HEADINGS = {"h1", "h2", "h3", "h4", "h5", "h6"}

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.skipping = self.in_article = self.in_heading = 0
        self.running: list[str] = []
        self.one_line: list[str] = []

    def _out(self) -> list[str]:
        return self.running if self.in_article and not self.in_heading else self.one_line

    def handle_starttag(self, tag, attrs):
        if tag in self.SKIP:
            self.skipping += 1
        elif tag == "article":
            self.in_article += 1
        elif tag in self.HEADINGS:
            self.in_heading += 1
            self.one_line.append(" ")
        elif tag == "br" and not self.skipping:
            self._out().append("\n")

    def handle_endtag(self, tag):
        if tag in self.SKIP and self.skipping:
            self.skipping -= 1
        elif tag == "article" and self.in_article:
            self.in_article -= 1
        elif tag in self.HEADINGS and self.in_heading:
            self.in_heading -= 1
            self.one_line.append(" ")

    def handle_data(self, data):
        if not self.skipping:
            self._out().append(re.sub(r"\s+", " ", data))


def visible_text(html: str) -> tuple[str, str]:
    """(running text, one-line text) as a reader sees them."""
    parser = _Text()
    parser.feed(html)
    return normalise("".join(parser.running)), one_line("".join(parser.one_line))


def normalise(text: str) -> str:
    """HTML collapses runs of spaces: compare line by line, spaces collapsed."""
    return "\n".join(" ".join(line.split()) for line in text.split("\n"))


def one_line(text: str) -> str:
    """How a title or a navigation entry shows a value: line breaks as spaces."""
    return " ".join(text.split())


LIVE_MARKUP = re.compile(r"<script>alert\(|<b>粗|<em>星|<a href=\"y\"|<code>码|<del>删")


@pytest.mark.build
def test_every_text_field_shows_verbatim_in_a_real_build(tmp_path):
    project = copy_project(tmp_path / "project")
    values, fields = _inject(project)
    site = tmp_path / "site"
    result = run_build(project, site)
    assert result.returncode == 0, result.stderr

    shown: set[int] = set()
    pages = sorted(site.rglob("*.html"))
    for page in pages:
        html = page.read_text(encoding="utf-8")
        assert not LIVE_MARKUP.search(html), f"{page}: 记录文字被当作 HTML/Markdown：{LIVE_MARKUP.search(html)[0]}"
        running, titles = visible_text(html)
        for number, value in enumerate(values):
            start = value[:4]
            if start in running:  # paragraphs, lists, tables: exactly, line breaks included
                if page.relative_to(site).parts[0] == "digest" and normalise(value) not in running:
                    # the leaders' digest shortens a long description to a chat line: what it shows is the
                    # value's own beginning, as written (no markup), ending in …
                    cut = re.search(re.escape(start) + r"[^…]*…", running)
                    assert cut and normalise(value).startswith(cut.group(0)[:-1]), f"{page.relative_to(site)}：「{start}…」"
                    continue
                assert normalise(value) in running, f"{page.relative_to(site)} 正文里的「{start}…」与记录不一致"
                shown.add(number)
            if start in titles:  # headings, page title, navigation: exactly, on one line
                assert one_line(value) in titles, f"{page.relative_to(site)} 标题或导航里的「{start}…」与记录不一致"
                shown.add(number)
    assert len(shown) > 80, len(shown)
    missing = [(values[n][:4], fields[n]) for n in range(len(values)) if n not in shown and fields[n] not in NOT_SHOWN]
    assert not missing, f"这些文字没有在任何页面上显示：{missing}"
    for extra in [site / "search" / "search_index.json", site / "sitemap.xml"]:
        if extra.exists():
            assert not LIVE_MARKUP.search(extra.read_text(encoding="utf-8")), extra


# ---- property: many values through the real pipeline, without the theme ----

@functools.cache
def _markdown_settings():
    config = load_config(str(ROOT / "mkdocs.yml"))
    return list(config.markdown_extensions), dict(config.mdx_configs)


def _render_page(project: Path, page: str) -> str:
    env = MacrosEnv(project, page)
    macros_module().define_env(env)
    source = (project / "docs" / page).read_text(encoding="utf-8")
    jinja = jinja2.Environment(undefined=jinja2.StrictUndefined)
    extensions, configs = _markdown_settings()
    return markdown.markdown(jinja.from_string(source).render(**env.variables),
                             extensions=extensions, extension_configs=configs)


# Any text an editor could type: every character except control characters (refused by the check,
# see test_validation) and line/paragraph separators; line breaks allowed; markup pieces mixed in.
typed_text = st.lists(
    st.one_of(st.text(st.characters(blacklist_categories=("Cc", "Cs", "Zl", "Zp", "Cn")), max_size=12),
              st.sampled_from(["<script>", "<b>", "</p>", "|", "*", "_", "[x](y)", "{{ x }}", "{% if %}", "&amp;",
                               "&#60;", "`", "#", "\n", "- ", "1. ", "> ", ":smile:", "==", "^^", "~~", "++", "{: .x}",
                               "<!--", "\\", "  \n", "***"])),
    min_size=1, max_size=8,
).map("".join).filter(lambda s: s.strip())


@pytest.fixture(scope="module")
def plan_project(tmp_path_factory):
    return copy_project(tmp_path_factory.mktemp("text_property"))


@settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(title=typed_text, text=typed_text)
def test_arbitrary_text_reaches_the_page_verbatim(plan_project, title, text):
    """A plan item's title (a heading) and text (a paragraph) keep every character, markup included."""
    path = plan_project / "data" / "plan.yml"
    data = {"plan": [{"id": "N-1", "title": title, "text": text}]}
    path.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    html = _render_page(plan_project, "plan.md")
    running, titles = visible_text(f"<article>{html}</article>")
    assert one_line(title) in titles, (title, html)  # a heading
    assert normalise(text.strip()) in running, (text, html)  # a paragraph
