"""Command line (placeholder, being written)."""

import click


@click.group()
def main() -> None:
    """workshop-tui."""
