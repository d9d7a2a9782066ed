# The two commands a new user needs. Both install what is missing first.
.PHONY: run setup test lint demo

run:            ## set up everything and start the app with the demo groups (SQLite, no Redis needed)
	@bash bin/setup
	@bash bin/run

setup:          ## virtual environment, packages, migrations, demo data
	@bash bin/setup

test:           ## the whole suite on PostgreSQL + Redis; `make test DB=sqlite` for SQLite
	@bash bin/test $(ARGS)

lint:
	@.venv/bin/ruff check . && .venv/bin/ruff format --check .
