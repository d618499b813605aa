"""Pydantic models of a plan, one module per topic."""
