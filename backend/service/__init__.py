"""Use cases of the case service, one transaction each."""
