"""kotacerdas: a smart-city masterplan kept as YAML files in git, checked and published."""

__version__ = "0.1.0"
