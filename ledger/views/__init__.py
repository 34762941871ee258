"""Views of a ledger: figures, tables, charts, the tracker's judgements, the report, pages' Markdown."""
