"""Kohtaamo's domain and storage: everything the pages call, nothing that draws."""
