"""Scorers for the public benchmarks sayso reports on."""
