"""The tier workflow, rights and clocks: plain Python, standard library only."""
