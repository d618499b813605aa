"""The verbs of kotacerdas, one module each, as library functions the command line calls.

Each verb finds the plan, does its one job with the library (load, check, render, edit)
and returns what it found and did; none of them prints. `kotacerdas.cli` turns the
results into text, JSON and exit codes.
"""
