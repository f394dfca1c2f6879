"""The product's words: texts by language, numbers and dates by locale, typed text cleaned."""
