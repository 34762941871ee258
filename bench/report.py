"""Rewrites the generated part of bench/RESULTS.md from bench/results/*.json."""
from __future__ import annotations

import json
from pathlib import Path

HERE = Path(__file__).resolve().parent
RESULTS_MD = HERE / "RESULTS.md"
BEGIN, END = "<!-- 以下由 bench/report.py 根据 bench/results/*.json 生成，请勿手改 -->", "<!-- 生成部分结束 -->"


def _load(pattern: str) -> list[dict]:
    return [json.loads(p.read_text(encoding="utf-8")) for p in sorted((HERE / "results").glob(pattern))]


def _table(headers: list[str], rows: list[list[object]]) -> list[str]:
    return ["| " + " | ".join(headers) + " |", "|" + "|".join(" --- " for _ in headers) + "|",
            *("| " + " | ".join(str(c) for c in row) + " |" for row in rows), ""]


def _machine(results: list[dict]) -> list[str]:
    if not results:
        return []
    m = results[-1]["machine"]
    packages = "，".join(f"{k} {v}" for k, v in m["packages"].items() if v)
    return ["## 机器", "", f"- CPU：{m['cpu']}，{m['nproc']} 核（nproc）；内存 {m['memory_gb']} GB；{m['system']}",
            f"- Python {m['python']}；{packages}",
            "- 这台机器同时有其他任务在运行（见各表的负载一栏），数字是同一时段内交替运行的中位数。", ""]


def _wall_cpu(m: dict) -> str:
    return f"{m['median']:.2f} / {m['median_cpu']:.2f}"


def _build_section(builds: list[dict], before: list[dict]) -> list[str]:
    builds = [r for r in builds if "a_cold" not in r["builds"]]  # one (a) per scale since the build cache went
    if not builds:
        return []
    ordered = sorted(builds, key=lambda r: r["scale"])
    old = {r["scale"]: r for r in before}
    rows = []
    for r in ordered:
        m = r["builds"]
        was = old.get(r["scale"])
        rows.append([f"{r['scale']}x", r["records"], r["pages"], r["runs"], r.get("cores", "—"),
                     _wall_cpu(m["a"]), _wall_cpu(m["b"]),
                     f"{r['ratio']['a']:.3f} / **{r['ratio_cpu']['a']:.3f}**",
                     f"{was['ratio_cpu']['a_cold']:.3f}（{was['builds']['a_cold']['median_cpu']:.2f} 秒）" if was else "—",
                     f"{m['a']['max_rss_mb']:.0f} / {m['b']['max_rss_mb']:.0f}",
                     f"{r['site_a']['size_mb']:.1f}", " → ".join(f"{x[0]:.1f}" for x in r["load_average"]),
                     r["finished"]])
    lines = ["## 构建：(a) 记录+插件+宏 对 (b) 同样的最终 Markdown", "",
             "时间写成“墙钟 / CPU”（秒，中位数）。每次构建都从头做全部工作（没有构建缓存、没有辅助进程）。"
             "“核”是构建可用的 CPU 核数：1 表示用 `taskset -c 0` 限在一个核上，第二个核藏不住任何工作。"
             "“改前”是架构调整前（构建缓存 + 辅助进程）同样限在一个核上的冷构建 CPU 比值。", ""]
    lines += _table(["规模", "记录数", "页面数", "次数", "核", "(a)", "(b)", "(a)/(b) 墙钟 / CPU",
                     "改前 (a) 冷/(b) CPU", "峰值内存 MB (a) / (b)", "站点 MB", "负载（前→后）", "测于"], rows)
    growth = [f"{lo['scale']}x→{hi['scale']}x：记录 ×{hi['records'] / lo['records']:.0f}，(a) 构建时间 "
              f"×{hi['builds']['a']['median'] / lo['builds']['a']['median']:.2f}（CPU "
              f"×{hi['builds']['a']['median_cpu'] / lo['builds']['a']['median_cpu']:.2f}）"
              for lo, hi in zip(ordered, ordered[1:])]
    lines += ["增长：" + "；".join(growth) + "。", ""] if growth else []
    lines += ["各次墙钟 / CPU 时间（秒）：", ""]
    lines += [f"- {r['scale']}x：" + "；".join(f"{k} {v['seconds']} / {v['cpu_seconds']}" for k, v in r["builds"].items())
              for r in ordered]
    return lines + [""]


def _check_section(checks: list[dict]) -> list[str]:
    if not checks:
        return []
    c = checks[-1]
    return ["## 记录检查 `python -m ledger check`", "",
            f"- {c['records']} 条记录（样例的 {c['scale']} 倍）：整条命令（含启动 Python、导入）中位数 "
            f"**{c['median_command']:.2f} 秒**墙钟、{c.get('median_command_cpu', float('nan')):.2f} 秒 CPU"
            f"（{c['runs']} 次：{c['command_seconds']}），"
            f"其中 `load_ledger` 读取+校验+交叉检查 {c['median_load']:.2f} 秒；峰值内存 {c['max_rss_mb']:.0f} MB；"
            f"测于 {c['finished']}。", ""]


_NAV_NAMES = {"now": "现状：问题页不在导航里（not_in_nav）", "all_in_nav": "问题页全部列入导航",
              "all_in_nav_prune": "全部列入导航 + navigation.prune"}


def _nav_section(navs: list[dict]) -> list[str]:
    if not navs:
        return []
    lines = ["## 导航结构：问题页在导航之外 / 之内", ""]
    rows = []
    for n in sorted(navs, key=lambda n: n["scale"]):
        for name, v in n["variants"].items():
            rows.append([f"{n['scale']}x（{n['problem_pages']} 个问题页）", _NAV_NAMES.get(name, name), n["runs"],
                         f"{v['median']:.2f} / {v['median_cpu']:.2f}" if "median_cpu" in v else f"{v['median']:.2f}",
                         f"{v['max_rss_mb']:.0f}", f"{v['site']['size_mb']:.1f}",
                         f"{v['site']['html_mb'] / max(v['site']['html_pages'], 1) * 1000:.0f}", n["finished"]])
    return lines + _table(["规模", "结构", "次数", "构建中位数 秒（墙钟 / CPU）", "峰值内存 MB", "站点 MB", "每页 HTML KB",
                           "测于"], rows)


def _editor_section(loops: list[dict]) -> list[str]:
    if not loops:
        return []
    lines = ["## 编辑预览：保存记录到 `mkdocs serve` 页面更新", ""]
    rows = [[e["label"], f"{e.get('scale', 1)}x", _TARGETS.get(e.get("target", "problem")), e["runs"], f"**{e['median']:.2f}**", f"{min(e['seconds']):.2f}–{max(e['seconds']):.2f}",
             f"{e['median_build']:.2f}" if e.get("median_build") is not None else "—",
             f"{e['median_cpu']:.2f}" if e.get("median_cpu") is not None else "—",
             _load_text(e), e["finished"]]
            for e in loops]
    return lines + _table(["设置", "规模", "保存的文件", "次数", "保存到页面更新 中位数 秒", "范围 秒", "其中重建 秒（serve 日志）",
                           "服务进程每次 CPU 秒", "负载", "测于"], rows)


_TARGETS = {"problem": "问题文件", "shared": "study.yml（共用文件）", "docs": "docs 页面"}


def _load_text(e: dict) -> str:
    """The 1-minute load average at the end, or before → after when the run noted both."""
    before = e.get("load_average_before")
    return f"{before[0]:.1f} → {e['load_average'][0]:.1f}" if before else f"{e['load_average'][0]:.1f}"


def _reader_section(readers: list[dict]) -> list[str]:
    if not readers:
        return []
    lines = ["## 读者：搜索的首个结果、问题清单（bench/reader_speed.py，Chromium）", "",
             "每个词一个新标签页：首页 load 之后输入，到结果列表出现的秒数（中位数）；“取得的最大文件”是出结果前浏览器取得的最大一个文件。", ""]
    rows = []
    for r in sorted(readers, key=lambda r: r["scale"]):
        for query, q in r["queries"].items():
            rows.append([f"{r['scale']}x", query, f"**{q['median']:.2f}**", f"{q['largest_file_mb']:.2f}",
                         f"{q['fetched_mb']:.2f}", q["shown"], r["finished"]])
    lines += _table(["规模", "词", "首个结果 秒", "取得的最大文件 MB", "出结果前共取得 MB", "结果", "测于"], rows)
    rows = [[f"{r['scale']}x", f"{r['index']['files']}", f"{r['index']['mb']:.1f}", f"{r['index']['largest_kb']:.0f}",
             r["problem_list"]["rows"], f"{r['problem_list']['html_kb']:.0f}", f"{r['problem_list']['transferred_mb']:.2f}",
             f"**{r['problem_list']['median_filters_ready']:.2f}**", f"{r['problem_list']['median_load']:.2f}",
             f"{r['load_average'][0]:.1f}"] for r in sorted(readers, key=lambda r: r["scale"])]
    lines += ["搜索索引与问题清单页：", ""]
    lines += _table(["规模", "索引文件数", "索引 MB", "最大索引文件 KB", "问题数", "问题清单 HTML KB", "打开时共取得 MB",
                     "打开到筛选可用 秒", "load 秒", "负载"], rows)
    return lines


def _pagefind_section(runs: list[dict]) -> list[str]:
    if not runs:
        return []
    r = runs[-1]
    rec = r["recall"]
    lines = ["## Pagefind 对照（bench/pagefind_compare.py，pagefind[extended] 1.5.2）", "",
             f"- 样例（1x）上 118 个词：词找全 {rec['queries_found']}/{rec['queries']}，页面找到 {rec['pairs_found']}/{rec['pairs']}，"
             f"字面召回 {rec['literal_found']}/{rec['literal']}，精确率 {rec['precision']:.0%}，"
             f"本页在前3 {rec['own_top']}/{rec['own']}，前十精确率 {rec['first_relevant'] / max(rec['first_shown'], 1):.0%}；"
             f"没找全的词：{'、'.join(rec['missed_queries'])}。",
             f"- 建索引：1x {r['sample']['cpu_seconds']:.2f} 秒 CPU，{r['sample']['mb']:.2f} MB；"]
    if "big" in r:
        b = r["big"]
        lines[-1] += (f"大站点 {b['cpu_seconds']:.2f} 秒 CPU、峰值 {b['max_rss_mb']:.0f} MB，{b['files']} 个文件 {b['mb']:.1f} MB，"
                      f"最大文件 {b['largest_kb']:.0f} KB。")
        lines.append("- 大站点上 load 之后到前五个结果的数据（秒，中位数）：" + "；".join(
            f"{q} {v['median_seconds']:.2f}（{v['results']} 个结果）" for q, v in r["big_first_results"].items()) + "。")
    lines.append(f"- 测于 {r['finished']}。")
    return lines + [""]


def _breakdown_section(breakdowns: list[dict]) -> list[str]:
    if not breakdowns:
        return []
    lines = ["## (a) 的 CPU 时间花在哪里（bench/breakdown.py，一次构建）", "",
             "一次构建的全部工作都在一个进程里，逐项计时。", ""]
    for r in sorted(breakdowns, key=lambda r: r["scale"]):
        rows = [[key, f"{seconds:.2f}", f"{seconds / r['total_cpu'] * 100:.0f}%"]
                for key, seconds in r["handlers"].items() if seconds >= 0.01 * r["total_cpu"]]
        rows.append(["MkDocs 与主题（其余部分：Markdown 转换、页面模板）", f"{r['rest_cpu']:.2f}",
                     f"{r['rest_cpu'] / r['total_cpu'] * 100:.0f}%"])
        lines += [f"{r['scale']}x：共 {r['total_cpu']:.2f} 秒 CPU（{r['finished']}）", ""]
        lines += _table(["插件或 hook、事件", "CPU 秒", "占比"], rows)
    return lines


def generated() -> str:
    builds, checks = _load("build-*.json"), _load("check.json")
    before = _load("before/build-*.json")
    navs, loops, breakdowns = _load("nav-*.json"), _load("editor-loop*.json"), _load("breakdown-*.json")
    readers, pagefind = _load("reader-*.json"), _load("pagefind.json")
    lines = _machine(builds + checks + navs + loops)
    for section in (_build_section(builds, before), _breakdown_section(breakdowns), _check_section(checks),
                    _nav_section(navs), _editor_section(loops), _reader_section(readers), _pagefind_section(pagefind)):
        lines += section
    return "\n".join(lines)


def write() -> None:
    text = RESULTS_MD.read_text(encoding="utf-8") if RESULTS_MD.exists() else f"# 基准测试结果\n\n{BEGIN}\n{END}\n"
    head, rest = text.split(BEGIN, 1)
    tail = rest.split(END, 1)[1]
    RESULTS_MD.write_text(f"{head}{BEGIN}\n\n{generated()}\n{END}{tail}", encoding="utf-8")


if __name__ == "__main__":
    write()
