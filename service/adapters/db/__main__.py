"""Developer commands for the database (the service migrates by itself on start).

.venv/bin/python -m service.adapters.db upgrade            # migrate VB_DATABASE_URL / VB_DATA_DIR
.venv/bin/python -m service.adapters.db current            # revision of that database
.venv/bin/python -m service.adapters.db history
.venv/bin/python -m service.adapters.db revision -m "templates" --rev-id 0002_templates [--autogenerate]
"""

from __future__ import annotations

import argparse

from alembic import command

from service import config as service_config
from service.adapters.db.database import Database, database_url
from service.adapters.db.migrate import alembic_config, upgrade


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(prog="python -m service.adapters.db")
    sub = parser.add_subparsers(dest="cmd", required=True)
    sub.add_parser("upgrade")
    sub.add_parser("current")
    sub.add_parser("history")
    rev = sub.add_parser("revision")
    rev.add_argument("-m", "--message", required=True)
    rev.add_argument("--rev-id", required=True, help="e.g. 0002_templates")
    rev.add_argument("--autogenerate", action="store_true")
    args = parser.parse_args(argv)
    cfg = alembic_config()
    if args.cmd == "upgrade":
        db = Database(database_url(service_config.load()))
        upgrade(db)
        db.dispose()
    elif args.cmd == "current":
        command.current(cfg, verbose=True)
    elif args.cmd == "history":
        command.history(cfg)
    else:
        command.revision(cfg, message=args.message, rev_id=args.rev_id, autogenerate=args.autogenerate)


if __name__ == "__main__":
    main()
