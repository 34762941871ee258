"""工作台账：the core that turns YAML records into figures, tables, reports and exports.

Layers: records/ (read, validate, model), views/ (figures, tables, charts, report), exports/
(Word, Excel). The core knows nothing of the engine that renders the site: ledger_mkdocs/ adapts it
for MkDocs, and every build reads one BuildContext (ledger/context.py).
"""
from ledger.records.errors import LedgerInvalid, RecordError
from ledger.records.ledger import Ledger
from ledger.records.load import load_ledger
from ledger.views.measures import FigureValues, compute_figures

__all__ = ["Ledger", "LedgerInvalid", "RecordError", "FigureValues", "compute_figures", "load_ledger"]
