"""The offline demo: the terminal chat against the loopback Bot API stand-in (`chat`) and the
sample data (`seed`)."""
