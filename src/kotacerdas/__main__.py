from kotacerdas.cli import run

run()
