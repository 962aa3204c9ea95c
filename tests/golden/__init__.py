"""Golden SLA cases, checked against a slow minute-stepping reference."""
