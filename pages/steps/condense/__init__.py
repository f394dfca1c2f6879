"""Step 5, Condense: the model in a name, a promise and a tone, rated and consented to by the
room, its critical phases marked."""
