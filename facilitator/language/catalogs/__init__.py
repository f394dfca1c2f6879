"""The texts by key: en.py and fi.py, each merging the areas of areas.py."""
