"""The form editor at /admin/ (Decap CMS): its configuration, made from the record models."""
