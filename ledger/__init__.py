"""工作台账：the core that turns YAML records into figures, tables, reports and exports.

It knows nothing of MkDocs; macros.py adapts it for the site.
"""
from .errors import LedgerInvalid, RecordError
from .figures import Figures, compute_figures
from .records import Ledger, load_ledger

__all__ = ["Ledger", "LedgerInvalid", "RecordError", "Figures", "compute_figures", "load_ledger"]
