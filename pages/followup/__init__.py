"""The follow-up after the workshop (issue 17), as the pages show it."""
