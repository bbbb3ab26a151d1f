"""One module per family of endpoints; each has a register(router)."""
