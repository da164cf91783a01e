from claimtrack.cli import cli

cli(prog_name="claimtrack")
