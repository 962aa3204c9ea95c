"""Knowledge base: Markdown articles from kb/, their index in the database, and their pages."""
