"""The command line finds the project's files from wherever it is run."""
import subprocess
import sys


def test_export_from_another_folder_uses_the_projects_template(root, tmp_path):
    out = tmp_path / "out"
    result = subprocess.run([sys.executable, "-m", "ledger", "--data", str(root / "data"), "export", "--out", str(out)],
                            cwd=tmp_path, capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stderr
    names = sorted(p.name for p in out.iterdir())
    assert sorted(n.rsplit(".", 1)[1] for n in names) == ["docx", "docx", "xlsx"]
    assert any("进展情况" in n for n in names), names  # the 本期进展 in Word, beside the 汇报


def test_a_missing_template_named_on_the_command_line_is_reported_in_chinese(root, tmp_path):
    result = subprocess.run([sys.executable, "-m", "ledger", "--data", str(root / "data"), "report",
                             "--template", str(tmp_path / "无此文件.yml")],
                            cwd=tmp_path, capture_output=True, text=True, timeout=120)
    assert result.returncode == 1
    assert "无此文件.yml" in result.stderr and "找不到汇报文字模板文件" in result.stderr
