"""The matter catalog as data: models, loader, checker and search. Imports no daiban package."""
