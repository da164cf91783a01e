"""The claimtrack commands, one module per family; claimtrack.cli imports a module only
when one of its commands runs.

Each command parses its options, opens the database, calls one function of
load/queries/store and renders what it returns: no SQL here, and no formatting
either."""
