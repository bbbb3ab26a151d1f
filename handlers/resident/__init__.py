"""What a villager can do: one module (or a few, split by screen kinds) per flow."""
