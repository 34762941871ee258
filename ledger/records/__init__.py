"""Records: read, validate and model the ledger's YAML files (ledger/records/registry.py lists the kinds)."""
