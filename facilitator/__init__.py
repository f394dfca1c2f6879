"""Kohtaamo's domain and storage: everything the pages and the documents call, nothing that draws.

The rooms, from the bottom up (tests/unit/test_floors.py keeps the order):

- `domain`, `errors`: the words every room uses (plain types, the domain's errors);
- `language/`: the product's texts in Finnish and English, numbers and dates by locale, the
  cleaning of typed text, the guard for spreadsheet cells;
- `store/`: the database, its schema and migrations, the in-memory live cache, the clock, and
  the secrets it keeps (codes, tokens, passphrase hashes, throttles);
- `room/`: a workshop, its sign-in and authorisation, its join links;
- `steps/`: joining, then each step's rules, from observations to the plan, and the report
  data they add up to;
- `charts/`: the Altair charts of the results, for the screen and for paper;
- `data/`: a whole workshop at once: its backup and restore, the demo workshop.
"""
