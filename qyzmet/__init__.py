"""Qyzmet: the command line that wires the components together."""
