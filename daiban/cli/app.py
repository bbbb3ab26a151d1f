"""The root `daiban` group and the one place that turns failures into one plain line.

A villager never sees this CLI, but a district's operator at 2 a.m. does: an error is
one line on stderr and a non-zero exit; `--debug` shows the traceback.
"""

from __future__ import annotations

import sys
from pathlib import Path

import click

from daiban import __version__
from daiban.cli.calendar_cmd import calendar_group
from daiban.cli.catalog_cmd import catalog_group
from daiban.cli.common import CliError, CliState
from daiban.cli.db_cmd import db_group
from daiban.cli.offices_cmd import offices_group
from daiban.cli.run_cmd import demo_command, run_command
from daiban.cli.settings_cmd import settings_command
from daiban.cli.staff_cmd import staff_group
from daiban.cli.texts_cmd import texts_group
from daiban.logs import configure_logging


@click.group(
    context_settings={"help_option_names": ["-h", "--help"], "max_content_width": 100},
    epilog="Example: daiban run   (migrate, load the catalog and offices, serve)",
)
@click.option("--env-file", type=click.Path(path_type=Path), default=Path(".env"),
              show_default=True, help="Read DAIBAN_* settings from this file if it exists.")
@click.option("--debug", is_flag=True, help="Show tracebacks instead of one-line errors.")
@click.version_option(__version__, prog_name="daiban")
@click.option("--log-level", default="WARNING", show_default=True, envvar="DAIBAN_LOG_LEVEL",
              type=click.Choice(["DEBUG", "INFO", "WARNING", "ERROR"], case_sensitive=False),
              help="How much the command logs to stderr (or DAIBAN_LOG_LEVEL).")
@click.pass_context
def cli(ctx: click.Context, env_file: Path, debug: bool, log_level: str) -> None:
    """daiban: proxy handling (代办) of government matters, village -> town -> district."""
    configure_logging("DEBUG" if debug else log_level)
    ctx.obj = CliState(env_file=env_file, debug=debug)


cli.add_command(run_command)
cli.add_command(demo_command)
cli.add_command(settings_command)
cli.add_command(db_group)
cli.add_command(offices_group)
cli.add_command(catalog_group)
cli.add_command(calendar_group)
cli.add_command(texts_group)
cli.add_command(staff_group)


def run(argv: list[str] | None = None) -> int:
    """Run the CLI and return its exit code (tests call this directly)."""
    args = list(sys.argv[1:] if argv is None else argv)
    debug = "--debug" in args
    try:
        result = cli.main(args=args, prog_name="daiban", standalone_mode=False)
    except click.exceptions.Abort:
        click.echo("daiban: aborted", err=True)
        return 130
    except click.exceptions.Exit as exit_:
        return exit_.exit_code
    except click.UsageError as error:
        hint = " (see 'daiban --help')" if error.ctx is None else (
            f" (see '{error.ctx.command_path} --help')"
        )
        click.echo(f"daiban: {error.format_message()}{hint}", err=True)
        return error.exit_code
    except (click.ClickException, CliError) as error:
        click.echo(f"daiban: {error.format_message()}", err=True)
        return error.exit_code
    except Exception as error:  # every other failure: one line, unless asked for more
        if debug:
            raise
        message = str(error).strip().splitlines()[0] if str(error).strip() else ""
        click.echo(f"daiban: error: {type(error).__name__}: {message}".rstrip(": "), err=True)
        return 1
    return result if isinstance(result, int) else 0


def main() -> None:
    sys.exit(run())
