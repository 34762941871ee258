"""Where things are in a unit's repository and in the package (plain constants: setup.py reads this file alone).

A unit's repository holds its data, pages, templates and configuration (EXAMPLE_PARTS, copied from an example
by `python -m ledger new` and the unit's own from then on) and the files the tool generates (ledger/unit/files/,
brought to the installed version by `python -m ledger upgrade`).
"""
# What an example is made of; `new` copies these (records emptied), the wheel carries them for each example
EXAMPLE_PARTS = ("data", "docs", "templates", "mkdocs.yml")
# The sample's home is this repository's top folder; the wheel build copies EXAMPLE_PARTS from there
SAMPLE = "sample"
EXAMPLES_FOLDER = "examples"  # ledger/examples/<name>/ in the package
# The unit's one line that pins the tool, and the stamp of the tool version that generated the unit's files
REQUIREMENTS = "requirements.txt"
STAMP = ".ledger-tool"
