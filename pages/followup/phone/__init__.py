"""The follow-up on a phone: joining with a follow-up code, an observer's checklist of a visit,
and the staff pulse (pages/follow.py is the page)."""
