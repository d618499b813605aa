"""`python -m kotacerdas.cli`: the command line without the quick exit, for profilers
(`python -m cProfile -m kotacerdas.cli check DIR`), which write their figures at exit."""

from kotacerdas.cli import main

main()
