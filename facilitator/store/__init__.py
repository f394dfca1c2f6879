"""Storage: the database, its schema and migrations, the live cache, the clock, the secrets."""
