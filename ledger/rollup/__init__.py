"""A roll-up ledger: a 市局 reads each of its units' ledgers (folders or local git repositories) and
shows them together: the 汇总表 with totals by each figure's add-up rule, each unit's pages and
problems, one problem list across units. See context.py (reading and trust), pages.py (the pages)."""
