# The two commands a new user needs. Both install what is missing first.
.PHONY: run setup test lint demo benchmark

run:            ## set up everything and start the app with the demo groups (SQLite, no Redis needed)
	@bash bin/setup
	@bash bin/run

setup:          ## virtual environment, packages, migrations, demo data
	@bash bin/setup

test:           ## the whole suite on PostgreSQL + Redis; `make test DB=sqlite` for SQLite
	@bash bin/test $(ARGS)

lint:
	@.venv/bin/ruff check . && .venv/bin/ruff format --check . && .venv/bin/lint-imports --no-cache

benchmark:      ## scale data sets in PostgreSQL (vpwg_bench_*), page/PDF/sweep timings, gunicorn + wrk; writes var/benchmark-*.md (ARGS=--record: BENCHMARKS.md too)
	@bash -c 'source bin/common.sh && ensure_venv requirements-dev.txt && ensure_weasyprint_libraries \
	  && (command -v wrk >/dev/null || apt_install wrk) \
	  && (pg_isready -q -h 127.0.0.1 -p 5432 || as_root pg_ctlcluster --skip-systemctl-redirect "$$(ls /etc/postgresql | head -1)" main start) \
	  && "$$PY" scripts/benchmark.py $(ARGS)' bin/benchmark
