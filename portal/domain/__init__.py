"""Pure support rules: business time, policies and money; no web, database, clock or config."""
