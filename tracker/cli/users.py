"""`tracker users`: accounts for the web app (viewers, editors who review, admins)."""

from __future__ import annotations

import getpass
import sys

import click

from tracker.cli.context import AppContext, pass_app
from tracker.store import accounts


def _who() -> str:
    """Who made a change from the command line, as the audit trail names them."""
    try:
        return f"cli:{getpass.getuser()}"
    except Exception:
        return "cli"


def _password(from_stdin: bool) -> str:
    if from_stdin:
        line = sys.stdin.readline()
        password = line[:-1] if line.endswith("\n") else line
        if not password:
            raise click.UsageError("--password-stdin: no password on standard input")
        return password
    prompted: str = click.prompt("Password", hide_input=True, confirmation_prompt=True)
    return prompted


@click.group()
def users() -> None:
    """Add and manage accounts (the web app's readers need none)."""


@users.command("add")
@click.argument("name")
@click.option("--role", type=click.Choice(accounts.ROLES), default="viewer", show_default=True)
@click.option("--password-stdin", is_flag=True, help="Read the password from the first line of standard input.")
@pass_app
def add(app: AppContext, name: str, role: str, password_stdin: bool) -> None:
    """Add an account NAME with a role (editors review measures; admins also manage users and feeds)."""
    engine = app.migrated_engine()
    user = accounts.add_user(engine, name, role, _password(password_stdin), _who())
    click.echo(f"added {user.name} ({user.role})")


@users.command("list")
@pass_app
def list_command(app: AppContext) -> None:
    """Every account: name, role, state, last login."""
    for user in accounts.list_users(app.migrated_engine()):
        state = "disabled" if user.disabled_at else "active"
        last = user.last_login_at.strftime("%Y-%m-%d %H:%M UTC") if user.last_login_at else "never"
        click.echo(f"{user.name:<30} {user.role:<7} {state:<8} last login {last}")


@users.command("disable")
@click.argument("name")
@pass_app
def disable(app: AppContext, name: str) -> None:
    """Stop NAME from logging in (and end its sessions)."""
    accounts.set_disabled(app.migrated_engine(), name, True, _who())
    click.echo(f"disabled {accounts.normal_name(name)}")


@users.command("enable")
@click.argument("name")
@pass_app
def enable(app: AppContext, name: str) -> None:
    """Let a disabled NAME log in again."""
    accounts.set_disabled(app.migrated_engine(), name, False, _who())
    click.echo(f"enabled {accounts.normal_name(name)}")


@users.command("set-role")
@click.argument("name")
@click.argument("role", type=click.Choice(accounts.ROLES))
@pass_app
def set_role(app: AppContext, name: str, role: str) -> None:
    """Give NAME another role."""
    accounts.set_role(app.migrated_engine(), name, role, _who())
    click.echo(f"{accounts.normal_name(name)} is now {role}")


@users.command("set-password")
@click.argument("name")
@click.option("--password-stdin", is_flag=True, help="Read the password from the first line of standard input.")
@pass_app
def set_password(app: AppContext, name: str, password_stdin: bool) -> None:
    """Give NAME a new password (ending its sessions)."""
    accounts.set_password(app.migrated_engine(), name, _password(password_stdin), _who())
    click.echo(f"password of {accounts.normal_name(name)} changed")
