"""Reports: the Secretary-General's budget and performance reports regenerated from data."""
