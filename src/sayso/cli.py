"""Command line: argument parsing and exit codes only; the work happens in the modules.

Exit codes: 0 done, 1 internal error, 2 bad usage or unusable input.
"""
from __future__ import annotations

import argparse
import sys
from pathlib import Path

from . import __version__
from .errors import Errors, SaysoError
from .settings import Settings

EXIT_OK, EXIT_INTERNAL, EXIT_INPUT = 0, 1, 2


class _Parser(argparse.ArgumentParser):
    def error(self, message):  # one line and exit 2, like every other input error
        self.exit(EXIT_INPUT, f"sayso: error: {message}\n")


def build_parser() -> argparse.ArgumentParser:
    parser = _Parser(prog="sayso", description="On whose say-so does each statement in a news article stand?")
    parser.add_argument("--version", action="version", version=f"sayso {__version__}")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND", parser_class=_Parser)

    a = sub.add_parser("analyze", help="analyse one article (file, URL, or - for standard input)")
    a.add_argument("source", metavar="PATH|URL|-")
    a.add_argument("--format", "-f", choices=("text", "json", "html"), default="text")
    a.add_argument("-o", "--output", metavar="FILE", help="write the report here instead of standard output")
    a.add_argument("--content-type", dest="content_type", choices=("text", "html"), help="skip sniffing the input kind")
    a.add_argument("--encoding", help="the input's text encoding (default UTF-8)")
    a.add_argument("--max-bytes", dest="max_bytes", type=int, help="refuse inputs larger than this")
    a.add_argument("--max-chars", dest="max_chars", type=int, help="refuse article texts longer than this many characters (default 500,000)")
    a.add_argument("--timeout", type=float, help="seconds to wait when fetching a URL")
    a.add_argument("--max-redirects", dest="max_redirects", type=int, help="redirects to follow when fetching a URL")
    a.add_argument("--no-boilerplate", dest="boilerplate", action="store_const", const=False,
                   help="do not detect boilerplate in plain text")
    a.add_argument("--model", help="spaCy pipeline package or path to use instead of the default")
    a.add_argument("--no-span-tagger", dest="span_tagger", action="store_const", const=False,
                   help="rules only: skip the learned attribution tagger (faster, lower recall)")
    a.add_argument("--no-statements", dest="statements", action="store_const", const=False,
                   help="skip statements (status, check-worthiness, hedges and boosters)")
    a.add_argument("--no-techniques", dest="techniques", action="store_const", const=False,
                   help="skip persuasion techniques")
    a.add_argument("--outlets-file", "--outlets", dest="outlets_file", metavar="FILE",
                   help="your own outlet registry (TSV, same columns as the built-in one), read first")

    e = sub.add_parser("eval", help="score sayso on a public benchmark")
    e_sub = e.add_subparsers(dest="benchmark", metavar="BENCHMARK", parser_class=_Parser)
    p = e_sub.add_parser("polnear", help="attribution extraction on PolNeAR (brat files)")
    p.add_argument("directory", metavar="DIR", help="a PolNeAR split folder holding text/ and attributions/")
    p.add_argument("--limit", type=int, help="score only the first N articles")
    p.add_argument("--json", action="store_true", help="print the scores as JSON")
    p.add_argument("--errors", metavar="FILE", help="write missed gold and spurious predictions to FILE (JSONL)")
    st = e_sub.add_parser("statements", help="check-worthiness, subjectivity and statement status figures")
    st.add_argument("data", nargs="?", metavar="DATA", help="data root with checkworthy/ and subjectivity/ (default $SAYSO_DATA or ../shared/data)")
    st.add_argument("--gold", metavar="FILE", help="annotated statements (default tests/fixtures/statement_status.jsonl)")
    st.add_argument("--json", action="store_true", help="print the figures as JSON")
    pt = e_sub.add_parser("ptc", help="persuasion techniques on the PTC (SemEval-2020 Task 11 span F1 and technique micro-F1)")
    pt.add_argument("directory", nargs="?", metavar="DIR", help="the PTC folder with <split>-articles/ and label files (default $SAYSO_DATA/ptc)")
    pt.add_argument("--split", default="dev", help="which split to score (default dev; the test gold is not public)")
    pt.add_argument("--limit", type=int, help="score only the first N articles")
    pt.add_argument("--json", action="store_true", help="print the figures as JSON")

    tq = sub.add_parser("techniques", help="list the persuasion techniques sayso marks, with what each one is")
    tq.add_argument("--json", action="store_true", help="print the list as JSON")

    r = sub.add_parser("ratings", help="import, list or remove outlet rating lists (stored in $SAYSO_HOME)")
    r_sub = r.add_subparsers(dest="action", metavar="ACTION", parser_class=_Parser)
    ri = r_sub.add_parser("import", help="load a rating list (replaces that rater's earlier import)")
    ri.add_argument("file", metavar="FILE")
    ri.add_argument("--format", required=True, choices=("lin2023", "mbfc", "opensources", "iffy", "csv"))
    ri.add_argument("--rater", help="name to store the ratings under (default: the format's name)")
    ri.add_argument("--as-of", dest="as_of", metavar="DATE", help="when the list was made (YYYY[-MM[-DD]])")
    ri.add_argument("--coverage", metavar="FILE", help="lin2023: the per-rater matrix (data_domain_ratings.csv)")
    ri.add_argument("--domain-column", dest="domain_column", metavar="NAME", help="csv: the column holding domains")
    ri.add_argument("--value-column", dest="value_column", metavar="NAME", help="csv: the column holding ratings")
    ri.add_argument("--scale", help="csv: what the values mean (default: the value column's name)")
    rl = r_sub.add_parser("list", help="show the loaded rating lists")
    rl.add_argument("--json", action="store_true", help="print as JSON")
    rr = r_sub.add_parser("remove", help="delete one rater's ratings")
    rr.add_argument("rater", metavar="RATER")
    return parser


def _settings(args) -> Settings:
    keys = ("content_type", "encoding", "max_bytes", "max_chars", "timeout", "max_redirects", "boilerplate", "model",
            "span_tagger", "statements", "techniques", "outlets_file")
    return Settings.from_env(**{k: getattr(args, k, None) for k in keys})


def _analyze(args) -> int:
    from . import ingest
    from .analyzer import Analyzer

    settings = _settings(args)
    if args.output and Path(args.output).is_dir():
        raise SaysoError(Errors.E006, what=args.output, reason="it is a directory")
    # read the input before loading models, so a bad input fails at once
    document = ingest.load(args.source, settings)
    data = Analyzer(settings).analyze(document).to_dict()
    if args.format == "json":
        import json

        out = json.dumps(data, ensure_ascii=False, indent=2) + "\n"
    elif args.format == "html":
        from .report import html

        out = html.render(data)
    else:
        from .report import text

        out = text.render(data, color=args.output is None and sys.stdout.isatty())
    if args.output:
        try:
            Path(args.output).write_text(out, encoding="utf-8")
        except OSError as exc:
            raise SaysoError(Errors.E006, what=args.output, reason=exc.strerror or str(exc)) from None
    else:
        sys.stdout.write(out)
    return EXIT_OK


def _eval(args) -> int:
    if args.benchmark == "polnear":
        from .eval import polnear

        return polnear.main(args)
    if args.benchmark == "statements":
        from .eval import statements

        return statements.main(args)
    if args.benchmark == "ptc":
        from .eval import ptc

        return ptc.main(args)
    build_parser().parse_args(["eval", "--help"])
    return EXIT_INPUT


def _techniques(args) -> int:
    from .techniques_catalogue import CATALOGUE

    if args.json:
        import json

        items = [{"name": t.name, "label": t.label, "definition": t.definition} for t in CATALOGUE]
        sys.stdout.write(json.dumps(items, ensure_ascii=False, indent=2) + "\n")
        return EXIT_OK
    import textwrap

    for t in CATALOGUE:
        sys.stdout.write(f"{t.label} ({t.name})\n")
        sys.stdout.write(textwrap.fill(t.definition, width=88, initial_indent="    ", subsequent_indent="    ") + "\n\n")
    return EXIT_OK


def _ratings(args) -> int:
    if args.action is None:
        build_parser().parse_args(["ratings", "--help"])
        return EXIT_INPUT
    from .store import commands

    return commands.main(args, Settings.from_env())


def main(argv: list[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    if args.command is None:
        parser.print_help(sys.stderr)
        return EXIT_INPUT
    try:
        if args.command == "analyze":
            return _analyze(args)
        if args.command == "eval":
            return _eval(args)
        if args.command == "ratings":
            return _ratings(args)
        if args.command == "techniques":
            return _techniques(args)
    except SaysoError as exc:
        print(f"sayso: error: {exc}", file=sys.stderr)
        return exc.exit_code
    except KeyboardInterrupt:
        print("sayso: interrupted", file=sys.stderr)
        return 130
    except BrokenPipeError:
        return EXIT_OK
    except Exception as exc:  # a bug of ours: one line, and the traceback only on request
        import os
        import traceback

        if os.environ.get("SAYSO_DEBUG"):
            traceback.print_exc()
        print(f"sayso: internal error: {type(exc).__name__}: {exc} (set SAYSO_DEBUG=1 for details)", file=sys.stderr)
        return EXIT_INTERNAL
    return EXIT_INPUT


if __name__ == "__main__":
    sys.exit(main())
