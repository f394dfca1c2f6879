"""A workshop: creating one, its sign-in and who may change it, its step, its join links."""
