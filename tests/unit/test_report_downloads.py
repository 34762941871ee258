"""Downloads and the report page come from env.variables["ledger"], the ledger the pages use; the CLI writes the same files."""
import dataclasses

import openpyxl
import pytest
from docx import Document

from ledger import load_ledger
from ledger.context import BuildContext
from ledger import cli
from ledger.exports.downloads import download_links, downloads_for, safe_file_name
from ledger.views.report import build_report
from ledger.views.report_template import DEFAULT_TEMPLATE, load_template
from ledger.views.report_views import report_markdown, report_text


def _all_done(ledger):
    return dataclasses.replace(ledger, problems=tuple(
        p.model_copy(update={"status": "已完成", "completed": p.completed or ledger.settings.as_of})
        for p in ledger.problems))


def test_page_and_downloads_follow_the_context_ledger(root, tmp_path):
    """The report page, the .docx and the .xlsx of a build are all made from the build context's one ledger."""
    context = BuildContext(root)
    context.ledger = _all_done(context.ledger)  # the view a build shows (cached on the context)
    page = report_markdown(context.report, download_links(context.ledger, "../"))
    assert "截至到目前已完成问题整改8个" in page
    assert 'href="../downloads/report.docx"' in page
    context.write_downloads(tmp_path / "downloads", site_names=True)
    docx_text = "\n".join(p.text for p in Document(str(tmp_path / "downloads" / "report.docx")).paragraphs)
    assert "截至到目前已完成问题整改8个，整改完成率100%" in docx_text
    sheet = openpyxl.load_workbook(tmp_path / "downloads" / "ledger.xlsx")["整改台账"]
    assert "已完成整改8个" in sheet["A2"].value


def test_download_links_lead_from_the_page_to_the_site_root(root):
    ledger = load_ledger(root / "data")
    links = download_links(ledger, "../")
    assert 'href="../downloads/report.docx" download="XX区气象局关于主题教育开展情况的汇报.docx"' in links
    assert 'href="../downloads/ledger.xlsx" download="XX区气象局主题教育整改台账.xlsx"' in links
    assert "下载汇报（Word）" in links and "下载整改台账（Excel）" in links


def test_file_names_are_safe_everywhere(root):
    assert safe_file_name('甲/乙:丙 "丁".docx') == "甲_乙_丙_丁_.docx"
    ledger = load_ledger(root / "data")
    odd = dataclasses.replace(ledger, settings=ledger.settings.model_copy(update={"report_title": "a<b>/c"}))
    assert downloads_for(odd)[0].save_as == "a_b_c.docx"
    assert '&lt;' not in download_links(odd, "") and "a_b_c.docx" in download_links(odd, "")


def test_cli_report_prints_the_report(root, monkeypatch, capsys):
    monkeypatch.chdir(root)
    assert cli.main(["report"]) == 0
    expected = report_text(build_report(load_ledger(root / "data"), load_template(root / DEFAULT_TEMPLATE)))
    assert capsys.readouterr().out == expected


def test_cli_export_writes_both_files_at_the_given_date(root, monkeypatch, capsys, tmp_path):
    monkeypatch.chdir(root)
    assert cli.main(["export", "--out", str(tmp_path), "--as-of", "2023-12-01"]) == 0
    out = capsys.readouterr().out
    docx_path = tmp_path / "XX区气象局关于主题教育开展情况的汇报.docx"
    xlsx_path = tmp_path / "XX区气象局主题教育整改台账.xlsx"
    assert str(docx_path) in out and str(xlsx_path) in out
    assert Document(str(docx_path)).paragraphs[-1].text == "2023年12月1日"
    assert "截至日期：2023年12月1日" in openpyxl.load_workbook(xlsx_path)["整改台账"]["A2"].value


def test_cli_reports_a_bad_template_in_chinese(root, monkeypatch, capsys, tmp_path):
    monkeypatch.chdir(root)
    bad = tmp_path / "report.yml"
    bad.write_text("title: 标题\n", encoding="utf-8")
    with pytest.raises(SystemExit) as exit_info:
        cli.main(["report", "--template", str(bad)])
    assert exit_info.value.code == 1
    assert "缺少必填字段" in capsys.readouterr().err
