"""The wheel: setuptools as configured in pyproject.toml, plus two things a static configuration cannot say.

- The dependencies are requirements.txt's pinned lines (one list for the tool's own venv and for a unit's install).
- The sample ledger ships inside the package as an example (ledger/examples/sample/) while its home stays this
  repository's top folder (data/, docs/, templates/, mkdocs.yml): the build copies them into the wheel, nothing
  is duplicated in git. ledger/unit/layout.py names the parts.
"""
import runpy
import shutil
from pathlib import Path

from setuptools import setup
from setuptools.command.build_py import build_py

ROOT = Path(__file__).parent
LAYOUT = runpy.run_path(str(ROOT / "ledger" / "unit" / "layout.py"))


def requirements() -> list[str]:
    lines = (ROOT / "requirements.txt").read_text(encoding="utf-8").splitlines()
    return [line.strip() for line in lines if line.strip() and not line.lstrip().startswith("#")]


class build_py_with_sample(build_py):
    def run(self):
        super().run()
        target = Path(self.build_lib) / "ledger" / LAYOUT["EXAMPLES_FOLDER"] / LAYOUT["SAMPLE"]
        shutil.rmtree(target, ignore_errors=True)
        for part in LAYOUT["EXAMPLE_PARTS"]:
            source = ROOT / part
            if source.is_dir():
                shutil.copytree(source, target / part, ignore=shutil.ignore_patterns("__pycache__", "*.pyc"))
            else:
                target.mkdir(parents=True, exist_ok=True)
                shutil.copy2(source, target / part)


setup(install_requires=requirements(), cmdclass={"build_py": build_py_with_sample})
