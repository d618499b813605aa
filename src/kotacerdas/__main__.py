from kotacerdas.program import run

run()
