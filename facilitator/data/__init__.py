"""A whole workshop at once: backup and restore, and the demo workshop."""
