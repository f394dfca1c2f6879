"""Altair charts of the results: screen.py for the room, condense.py for step 5, paper.py for
the documents."""
