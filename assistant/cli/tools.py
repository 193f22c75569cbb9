"""Commands for the people running paperchat: the evaluation and the shared model server."""

from __future__ import annotations

import argparse
import sys

from assistant import eval as evaluation
from assistant.cli.common import AddCommand
from ingest.settings import load_settings


def _cmd_serve_llm(args: argparse.Namespace) -> int:
    from assistant.llm.backends import local_server_spec
    from assistant.llm.local_models import ModelUnavailable
    from assistant.llm.local_server import ServerError, serve_forever

    settings = load_settings()
    secret = settings.llm.openai_api_key  # env or TOML: a key on the command line is visible in `ps`
    api_key = args.api_key or (secret.get_secret_value() if secret else None)
    try:
        serve_forever(local_server_spec(settings, host=args.host, port=args.port, api_key=api_key))
    except (ModelUnavailable, ServerError) as exc:
        print(f"paperchat: error: {exc}", file=sys.stderr)
        return 2
    return 0


def register(add: AddCommand) -> None:
    cmd = add("eval", help="score retrieval and answers on a questions JSONL file")
    evaluation.add_arguments(cmd)
    cmd.set_defaults(run=evaluation.run)

    cmd = add("serve-llm", help="serve the local model to several app processes (OpenAI API)")
    cmd.add_argument("--host", default="127.0.0.1")
    cmd.add_argument("--port", type=int, default=8080)
    cmd.add_argument("--api-key", help="require this key from clients (default: PAPERCHAT_OPENAI_API_KEY, which "
                     "keeps it out of the process list)")
    cmd.set_defaults(run=_cmd_serve_llm)
