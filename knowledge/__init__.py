"""knowledge: the service standards and office lists parsed from the official documents."""
