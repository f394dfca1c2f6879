"""Joining and the steps' rules, from observing today to the change plan, and the report data."""
