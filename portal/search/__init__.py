"""Search: one full-text index of knowledge-base articles and community posts."""
